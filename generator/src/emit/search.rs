//! `search/mod.rs` and `search/<resource>.rs`: the runtime's query builder, plus one module of
//! typed fields per search operation, whose kinds allow exactly the operators Intercom documents
//! for them.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::cfg_attr;
use super::rust::{Types, ident};
use crate::ir::{Api, Operation, SearchField, SearchKind, SearchSchema, SearchValue};

/// The search operations that have typed fields, with their schemas.
pub fn schemas(api: &Api) -> impl Iterator<Item = (&Operation, &SearchSchema)> {
    api.operations
        .iter()
        .filter_map(|op| op.search.as_ref().map(|s| (op, s)))
}

/// `search/mod.rs`.
pub fn index(types: &Types) -> TokenStream {
    let api = types.api;
    let root = types.root;
    let mods = schemas(api).map(|(op, s)| {
        let m = ident(&s.module);
        let cfg = if types.targets.resource_features {
            cfg_attr(std::slice::from_ref(&op.resource))
        } else {
            TokenStream::new()
        };
        quote! {
            #cfg
            pub mod #m;
        }
    });
    let list: Vec<String> = schemas(api)
        .map(|(op, s)| {
            format!(
                " * [`{m}`]: `{} {}` (`{}().{}(..)`).",
                op.http_method.as_str(),
                op.path,
                op.resource,
                op.method_name.trim_start_matches("r#"),
                m = s.module
            )
        })
        .collect();
    let list_doc = list.iter().map(|line| quote!(#![doc = #line]));
    quote! {
        //! Search queries: [`Query`] (a filter, or an `AND`/`OR` group of queries), with typed
        //! fields for each search endpoint. A field's kind has a method for each operator
        //! Intercom accepts on it, so a query Intercom would refuse does not compile; any field
        //! name works through [`Query::filter`] or [`Field::named`].
        //!
        //! Intercom's limits (groups nested at most [`MAX_DEPTH`] deep, at most
        //! [`MAX_GROUP_MEMBERS`] members per group) are checked before a request is sent.
        //!
        //! Typed fields, from the endpoints' documented field tables:
        //!
        #(#list_doc)*

        pub use #root::runtime::search::*;

        #(#mods)*
    }
}

/// `search/<module>.rs`.
pub fn module(types: &Types, op: &Operation, schema: &SearchSchema) -> TokenStream {
    let root = types.root;
    let handle = types
        .api
        .resources
        .iter()
        .find(|r| r.module == op.resource)
        .map(|r| r.handle.clone())
        .unwrap_or_default();
    let method = op.method_name.trim_start_matches("r#");
    let module_doc = format!(
        " Typed fields for `{} {}` ([`{handle}::{method}`](super::super::operations::{}::{handle}::{method})), from its description's *Accepted Fields* and *Accepted Operators* tables.",
        op.http_method.as_str(),
        op.path,
        op.resource,
    );
    let needs_timestamp = schema
        .kinds
        .iter()
        .any(|k| k.value == SearchValue::Timestamp);
    let needs_value = schema.kinds.iter().any(|k| k.value == SearchValue::Any);
    let needs_any = schema.fields.iter().any(|f| f.kind == "Any");
    let timestamp_use = needs_timestamp.then(|| quote!(use #root::runtime::Timestamp;));
    let mut names = vec![quote!(Allows), quote!(Field), quote!(Kind), quote!(op)];
    if needs_any {
        names.push(quote!(Any));
    }
    if needs_value {
        names.push(quote!(Value));
    }
    let kinds = schema.kinds.iter().map(kind);
    let fields = schema.fields.iter().map(|f| {
        if !f.variants.is_empty() {
            return typed_by_value(schema, f);
        }
        let kind = ident(&f.kind);
        let name = ident(&f.name);
        let path = &f.path;
        match &f.placeholder {
            None => {
                let text = format!(" `{path}`: {}.", f.doc);
                quote! {
                    #[doc = #text]
                    pub const #name: Field<#kind> = Field::new(#path);
                }
            }
            Some(arg) => {
                let arg_ident = ident(arg);
                let template = name_template(path, arg);
                let text = format!(" `{path}`: {}.", f.doc);
                quote! {
                    #[doc = #text]
                    pub fn #name(#arg_ident: &str) -> Field<#kind> {
                        Field::named(format!(#template))
                    }
                }
            }
        }
    });
    quote! {
        #![doc = #module_doc]
        use #root::runtime::search::{#(#names),*};
        #timestamp_use

        #(#kinds)*
        #(#fields)*
    }
}

/// The `format!` template building a placeholder field's name from its argument
/// (`custom_attributes.{attribute_name}`).
fn name_template(path: &str, arg: &str) -> String {
    let prefix = path.split('{').next().unwrap_or_default();
    let suffix = path.split('}').nth(1).unwrap_or_default();
    format!("{prefix}{{{arg}}}{suffix}")
}

/// A module of constructors, one per type a placeholder field's values may have
/// (`custom_attributes::integer("seats")`).
fn typed_by_value(schema: &SearchSchema, f: &SearchField) -> TokenStream {
    let module = ident(&f.name);
    let arg = f.placeholder.as_deref().unwrap_or("name");
    let arg_ident = ident(arg);
    let template = name_template(&f.path, arg);
    let path = &f.path;
    let types: Vec<&str> = f.variants.iter().map(|v| v.name.as_str()).collect();
    let module_doc = format!(
        " `{path}`, typed by its value: {}. Pick the constructor of the attribute's data type; \
         its kind allows exactly the operators Intercom accepts on that type.",
        f.doc
    );
    let example = format!(
        " `{}::{}(\"…\")` is the field `{}`.",
        f.name,
        types.first().copied().unwrap_or("text"),
        path.replace(&format!("{{{arg}}}"), "…")
    );
    let constructors = f.variants.iter().map(|v| {
        let name = ident(&v.name);
        let kind = ident(&v.kind);
        let symbols = schema
            .kinds
            .iter()
            .find(|k| k.name == v.kind)
            .map(|k| {
                k.operators
                    .iter()
                    .map(|op| format!("`{op}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let text = format!(" `{path}` of type {}: {symbols}.", v.doc);
        quote! {
            #[doc = #text]
            pub fn #name(#arg_ident: &str) -> Field<super::#kind> {
                Field::named(format!(#template))
            }
        }
    });
    quote! {
        #[doc = #module_doc]
        #[doc = ""]
        #[doc = #example]
        pub mod #module {
            use super::Field;

            #(#constructors)*
        }
    }
}

fn kind(k: &SearchKind) -> TokenStream {
    let name = ident(&k.name);
    let value = match k.value {
        SearchValue::Text => quote!(String),
        SearchValue::Integer => quote!(i64),
        SearchValue::Float => quote!(f64),
        SearchValue::Timestamp => quote!(Timestamp),
        SearchValue::Boolean => quote!(bool),
        SearchValue::Any => quote!(Value),
    };
    let symbols: Vec<String> = k.operators.iter().map(|op| format!("`{op}`")).collect();
    let text = format!(
        " Fields documented as {}: Intercom accepts {} on them.",
        k.label,
        symbols.join(", ")
    );
    let allows = k
        .operators
        .iter()
        .map(|op| quote!(impl Allows<#op> for #name {}));
    quote! {
        #[doc = #text]
        #[derive(Debug)]
        pub enum #name {}

        impl Kind for #name {
            type Value = #value;
        }

        #(#allows)*
    }
}
