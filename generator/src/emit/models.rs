//! `models/*.rs`: one file per component schema (with the inline types nested in it) and per
//! operation-level inline schema; `models/mod.rs` declares and re-exports them behind the cargo
//! features that need them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{Scope, Types, doc, ident};
use crate::docs;
use crate::ir::{
    Api, EnumDef, Field, Gate, StructDef, Ty, TypeDef, TypeId, TypeKind, UnionDef, UnionRepr,
};

/// The models files: module name → the types it holds, in type order.
pub fn files(api: &Api) -> Vec<(String, Vec<TypeId>)> {
    let mut files: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (i, def) in api.types.iter().enumerate() {
        files.entry(def.file.as_str()).or_default().push(TypeId(i));
    }
    files
        .into_iter()
        .map(|(module, ids)| (module.to_string(), ids))
        .collect()
}

/// `models/mod.rs`: every file declared and re-exported behind the features that need it.
pub fn index(api: &Api) -> TokenStream {
    let mut index = TokenStream::new();
    for (module, ids) in files(api) {
        let m = ident(&module);
        let cfg = gate_attr(&file_gate(api, &ids));
        let names = ids.iter().map(|id| ident(&api.ty(*id).name));
        index.extend(quote! {
            #cfg
            mod #m;
            #cfg
            pub use #m::{#(#names),*};
        });
    }
    let version = format!(
        " Every schema of the Intercom API {} as a Rust type.",
        api.info.version
    );
    quote! {
        #![doc = #version]
        #![doc = ""]
        #![doc = " Each component schema `name` of the description is `models::UpperCamelName`; schemas nested"]
        #![doc = " inside it are named after their position (`Contact` + `location` → `ContactLocation`)."]
        #![doc = " Types are compiled when a cargo feature of a resource that uses them is on."]
        #index
    }
}

/// The gate of a file: every type in a file has the same gate (the lower phase splits files
/// where they would differ).
fn file_gate(api: &Api, ids: &[TypeId]) -> Gate {
    ids.first()
        .map(|id| api.ty(*id).gate.clone())
        .unwrap_or_default()
}

/// `#[cfg(any(feature = "a", …))]`, or nothing for an empty list.
pub fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `#[cfg(...)]` for a gate, or nothing. An "all of" gate drops groups another group implies
/// (`any(a)` implies `any(a, b)`), and one remaining group is a plain `any`.
pub fn gate_attr(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::AnyOf(features) => cfg_attr(features),
        Gate::AllOf(groups) => {
            let needed: Vec<&Vec<String>> = groups
                .iter()
                .filter(|g| {
                    !groups
                        .iter()
                        .any(|other| other != *g && other.iter().all(|f| g.contains(f)))
                })
                .collect();
            if let [only] = needed.as_slice() {
                return cfg_attr(only);
            }
            let parts = needed.iter().map(|g| match g.as_slice() {
                [one] => quote!(feature = #one),
                many => quote!(any(#(feature = #many),*)),
            });
            quote!(#[cfg(all(#(#parts),*))])
        }
    }
}

/// One models file.
pub fn file(types: &Types, module: &str, ids: &[TypeId]) -> TokenStream {
    let api = types.api;
    let mut imports: BTreeSet<String> = BTreeSet::new();
    let mut timestamp = false;
    let mut items = TokenStream::new();
    let mut uses = FileUses::default();
    for id in ids {
        let def = api.ty(*id);
        let mut used = Vec::new();
        collect_named(def, &mut used, &mut timestamp);
        for u in used {
            let other = api.ty(u);
            if other.file != module {
                imports.insert(other.name.clone());
            }
        }
        match def.kind {
            TypeKind::Struct(_) => uses.object = true,
            TypeKind::Enum(_) => uses.string_enum = true,
            TypeKind::Union(_) => uses.union = true,
            TypeKind::Alias(_) => {}
        }
        items.extend(item(types, def));
    }
    let first = api.ty(ids[0]);
    let module_doc = format!(
        " `{}` and the types nested in it (from `{}`).",
        first.name,
        first.origin.replace('`', "'")
    );
    let serde_use = uses.union.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let runtime_items: Vec<TokenStream> = [
        uses.union.then(|| quote!(from_value)),
        uses.object.then(|| quote!(json_object)),
        uses.string_enum.then(|| quote!(string_enum)),
        timestamp.then(|| quote!(Timestamp)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let root = types.root;
    let ts_use =
        (!runtime_items.is_empty()).then(|| quote!(use #root::runtime::{#(#runtime_items),*};));
    let import_idents = imports.iter().map(|n| ident(n));
    let super_use = (!imports.is_empty()).then(|| quote!(use super::{#(#import_idents),*};));
    quote! {
        #![doc = #module_doc]
        #serde_use
        #ts_use
        #super_use
        #items
    }
}

/// Which runtime helpers a models file needs.
#[derive(Default)]
struct FileUses {
    object: bool,
    string_enum: bool,
    union: bool,
}

fn collect_named(def: &TypeDef, out: &mut Vec<TypeId>, timestamp: &mut bool) {
    let mut visit = |ty: &Ty| walk_ty(ty, out, timestamp);
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().for_each(|f| visit(&f.ty)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
        TypeKind::Alias(ty) => visit(ty),
        TypeKind::Enum(_) => {}
    }
}

fn walk_ty(ty: &Ty, out: &mut Vec<TypeId>, timestamp: &mut bool) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Timestamp => *timestamp = true,
        Ty::Array(inner) | Ty::Map(inner) => walk_ty(inner, out, timestamp),
        _ => {}
    }
}

fn item(types: &Types, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(st) => structure(types, def, st),
        TypeKind::Enum(e) => enumeration(def, e),
        TypeKind::Union(u) => union(types, def, u),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let target = types.tokens(ty, Scope::Models);
            let doc = doc(def.doc.as_deref(), &[origin_note(def)]);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
    }
}

fn origin_note(def: &TypeDef) -> String {
    format!("Schema: `{}`.", def.origin.replace('`', "'"))
}

/// The Rust type of a field: `T`, `Option<T>`, with `Box` where recursion needs it.
pub fn field_type(types: &Types, f: &Field, scope: Scope) -> TokenStream {
    let mut inner = types.tokens(&f.ty, scope);
    if f.boxed {
        inner = quote!(Box<#inner>);
    }
    if f.required && !f.nullable {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// Whether a struct field is `Option<_>`.
pub fn is_optional(f: &Field) -> bool {
    !f.required || f.nullable
}

/// Whether a field's type is a single-value enum (a constant the constructor fills in).
pub fn is_const(api: &Api, f: &Field) -> bool {
    single_value_enum(api, &f.ty)
}

fn single_value_enum(api: &Api, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(id) if matches!(&api.ty(*id).kind, TypeKind::Enum(e) if e.variants.len() == 1))
}

fn structure(types: &Types, def: &TypeDef, st: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let mut extra = vec![origin_note(def)];
    if !st.requires_one_of.is_empty() {
        let sets: Vec<String> = st
            .requires_one_of
            .iter()
            .map(|set| {
                set.iter()
                    .map(|k| docs::code_span(k))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        extra.push(format!(
            "At least one of these must be set: {}.",
            sets.join("; or ")
        ));
    }
    let type_doc = doc(def.doc.as_deref(), &extra);
    // Optional fields default to `None` and constant tags to their one value.
    let defaultable = st
        .fields
        .iter()
        .all(|f| is_optional(f) || is_const(types.api, f));
    let default = defaultable.then(|| quote!(Default,));
    let fields = st.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = field_type(types, f, Scope::Models);
        let mut notes = Vec::new();
        if f.read_only {
            notes.push("Read-only: set by Intercom.".to_string());
        }
        if f.deprecated {
            notes.push("Deprecated by Intercom.".to_string());
        }
        let mut fdoc = doc(f.doc.as_deref(), &notes);
        if fdoc.is_empty() {
            let text = format!(" The `{}` property.", f.wire.replace('`', "'"));
            fdoc = quote!(#[doc = #text]);
        }
        quote! {
            #fdoc
            pub #fname: #ty,
        }
    });
    let serde_fields = st.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let kind = if !f.required {
            quote!(optional)
        } else if f.nullable {
            quote!(nullable)
        } else {
            quote!(required)
        };
        quote!(#fname: #wire #kind)
    });
    let constructor = (def.usage.request && !defaultable).then(|| constructor(types, def, st));
    quote! {
        #type_doc
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields)*
        }

        json_object!(#name { #(#serde_fields),* });

        #constructor
    }
}

fn constructor(types: &Types, def: &TypeDef, st: &StructDef) -> TokenStream {
    let api = types.api;
    let name = ident(&def.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for f in &st.fields {
        let fname = ident(&f.name);
        if is_optional(f) {
            inits.push(quote!(#fname: None));
        } else if is_const(api, f) {
            inits.push(quote!(#fname: Default::default()));
        } else {
            let (arg_ty, conv) = arg_type(types, &f.ty, Scope::Models);
            args.push(quote!(#fname: #arg_ty));
            inits.push(init(&fname, &conv, f.boxed));
            arg_docs.push(format!("`{}`", f.name.trim_start_matches("r#")));
        }
    }
    let text = format!(
        " A `{}` with its required fields ({}); every optional field is `None`.",
        def.name,
        if arg_docs.is_empty() {
            "none".to_string()
        } else {
            arg_docs.join(", ")
        }
    );
    quote! {
        impl #name {
            #[doc = #text]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// A struct-literal field initialiser from an argument of the same name: `name`, `name: name.into()`
/// or `name: Box::new(name)` (the shorthand where nothing needs converting, as clippy wants).
pub fn init(name: &proc_macro2::Ident, conv: &TokenStream, boxed: bool) -> TokenStream {
    match (conv.is_empty(), boxed) {
        (true, false) => quote!(#name),
        (_, false) => quote!(#name: #name #conv),
        (_, true) => quote!(#name: Box::new(#name #conv)),
    }
}

/// How a value of `ty` is taken as an argument: `impl Into<String>` for strings, the type itself
/// otherwise; plus the conversion to apply (`.into()`).
pub fn arg_type(types: &Types, ty: &Ty, scope: Scope) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String => (quote!(impl Into<String>), quote!(.into())),
        other => (types.tokens(other, scope), TokenStream::new()),
    }
}

fn enumeration(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let open = def.usage.response;
    let doc = doc(def.doc.as_deref(), &[origin_note(def)]);
    let single = e.variants.len() == 1;
    let decls = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let text = format!(" {}", docs::code_span(&v.wire));
        let default = single.then(|| quote!(#[default]));
        quote!(#[doc = #text] #default #vname,)
    });
    let pairs = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(#vname = #wire)
    });
    let default = single.then(|| quote!(Default,));
    if open {
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, #default)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
                /// A value this version of the crate does not know; kept as sent.
                Unknown(String),
            }

            string_enum!(open #name { #(#pairs),* });
        }
    } else {
        quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #default)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
            }

            string_enum!(closed #name { #(#pairs),* });
        }
    }
}

fn union(types: &Types, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let open = def.usage.response;
    let how = match &u.repr {
        UnionRepr::Tagged { property } => {
            format!("The variant is chosen by the `{property}` property.")
        }
        UnionRepr::Keys => "The variant is chosen by which identifying property is present.".into(),
        UnionRepr::Kinds => "The variant is chosen by the kind of JSON value.".into(),
        UnionRepr::Ordered => "The variant is the first one the value decodes as.".into(),
    };
    let doc = doc(def.doc.as_deref(), &[how, origin_note(def)]);
    let decls = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = types.tokens(&v.ty, Scope::Models);
        let mut vdoc = doc_or(v.doc.as_deref(), &format!("The `{}` shape.", v.name));
        if !v.tags.is_empty() {
            let tags: Vec<String> = v.tags.iter().map(|t| docs::code_span(t)).collect();
            let extra = format!(" Tag: {}.", tags.join(", "));
            vdoc.extend(quote!(#[doc = ""] #[doc = #extra]));
        }
        quote! { #vdoc #vname(#ty), }
    });
    let unknown_decl = open.then(|| {
        quote! {
            /// A shape this version of the crate does not know; kept as sent.
            Unknown(serde_json::Value),
        }
    });
    let from_value = quote!(from_value);
    let fallback = if open {
        quote!(Ok(Self::Unknown(value)))
    } else {
        let msg = format!("no variant of `{}` matches", def.name);
        quote!(Err(serde::de::Error::custom(#msg)))
    };
    let body = match &u.repr {
        UnionRepr::Tagged { property } => {
            let arms = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let tags = &v.tags;
                quote! {
                    #(Some(#tags))|* => #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                }
            });
            quote! {
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }
        UnionRepr::Keys => {
            let checks = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let keys = &v.keys;
                quote! {
                    if #(value.get(#keys).is_some())||* {
                        return #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom);
                    }
                }
            });
            quote! {
                #(#checks)*
                #fallback
            }
        }
        UnionRepr::Kinds => {
            let mut wildcard = false;
            let arms: Vec<TokenStream> = u
                .variants
                .iter()
                .map(|v| {
                    let vname = ident(&v.name);
                    let pattern = kind_pattern(types.api, &v.ty);
                    wildcard |= pattern.is_none();
                    let pattern = pattern.unwrap_or_else(|| quote!(_));
                    quote! {
                        #pattern => #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                    }
                })
                .collect();
            let rest = (!wildcard).then(|| quote!(_ => #fallback,));
            quote! {
                match &value {
                    #(#arms)*
                    #rest
                }
            }
        }
        UnionRepr::Ordered => {
            let tries = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                quote! {
                    if let Ok(decoded) = #from_value(value.clone()) {
                        return Ok(Self::#vname(decoded));
                    }
                }
            });
            quote! {
                #(#tries)*
                #fallback
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            #unknown_decl
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #body
            }
        }
    }
}

/// The `serde_json::Value` pattern a variant of a [`UnionRepr::Kinds`] union matches; `None`
/// when it admits several kinds (the arm is then a wildcard).
fn kind_pattern(api: &Api, ty: &Ty) -> Option<TokenStream> {
    Some(match ty {
        Ty::String => quote!(serde_json::Value::String(_)),
        Ty::Integer | Ty::Number | Ty::Timestamp => quote!(serde_json::Value::Number(_)),
        Ty::Boolean => quote!(serde_json::Value::Bool(_)),
        Ty::Array(_) => quote!(serde_json::Value::Array(_)),
        Ty::Map(_) | Ty::JsonObject => quote!(serde_json::Value::Object(_)),
        Ty::Json => return None,
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => quote!(serde_json::Value::String(_)),
            TypeKind::Alias(inner) => return kind_pattern(api, inner),
            TypeKind::Struct(_) => quote!(serde_json::Value::Object(_)),
            TypeKind::Union(u) => {
                let patterns: Vec<Option<String>> = u
                    .variants
                    .iter()
                    .map(|v| kind_pattern(api, &v.ty).map(|p| p.to_string()))
                    .collect();
                let first = patterns.first().cloned().flatten()?;
                if patterns
                    .iter()
                    .all(|p| p.as_deref() == Some(first.as_str()))
                {
                    return kind_pattern(api, &u.variants[0].ty);
                }
                return None;
            }
        },
    })
}

fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    let d = doc(text, &[]);
    if d.is_empty() {
        let line = format!(" {fallback}");
        quote!(#[doc = #line])
    } else {
        d
    }
}
