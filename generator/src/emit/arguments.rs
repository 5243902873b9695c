//! Positional arguments of operation methods and shortcuts, as `passes::arguments` decided them:
//! their declarations, the statements unwrapping them, their `# Arguments` docs, and the
//! `operations::args` module holding the newtypes and typed choices they use.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{arg_type, init};
use super::rust::{Scope, Types, ident};
use crate::ir::{Api, ArgSource, Argument, BodyStyle, Choice, Field, Operation, Ty, TypeKind};

/// A method's arguments in Rust.
pub struct Signature {
    /// `name: Type`, in order.
    pub decls: Vec<TokenStream>,
    /// Statements turning wrapped arguments and choices back into plain values named like the
    /// parameter or field they fill.
    pub unpack: Vec<TokenStream>,
}

/// The path of the `args` module from an operations module.
fn args_path() -> TokenStream {
    quote!(super::args)
}

/// The argument's own type (before wrapping) and the conversion its value needs.
fn base_type(
    types: &Types,
    op: &Operation,
    fields: Option<&[Field]>,
    arg: &Argument,
) -> (TokenStream, TokenStream) {
    match &arg.source {
        ArgSource::Param(i) => arg_type(types, &op.params[*i].ty, Scope::Outside),
        ArgSource::Field(j) => match fields.and_then(|f| f.get(*j)) {
            Some(f) => arg_type(types, &f.ty, Scope::Outside),
            None => (quote!(()), TokenStream::new()),
        },
        ArgSource::Body => match &op.body {
            Some(b) => (types.tokens(&b.ty, Scope::Outside), TokenStream::new()),
            None => (quote!(()), TokenStream::new()),
        },
        ArgSource::Choice(c) => {
            let args = args_path();
            let name = ident(&c.name);
            (quote!(#args::#name), TokenStream::new())
        }
    }
}

/// The declarations and unpacking statements of a method's arguments.
pub fn signature(
    types: &Types,
    op: &Operation,
    fields: Option<&[Field]>,
    arguments: &[Argument],
) -> Signature {
    let args = args_path();
    let mut decls = Vec::new();
    let mut unpack = Vec::new();
    for arg in arguments {
        let name = ident(&arg.name);
        let (ty, _) = base_type(types, op, fields, arg);
        match &arg.wrapper {
            Some(w) => {
                let w = ident(w);
                decls.push(quote!(#name: #args::#w<#ty>));
                unpack.push(quote!(let #args::#w(#name) = #name;));
            }
            None => decls.push(quote!(#name: #ty)),
        }
        if let ArgSource::Choice(c) = &arg.source
            && let Some(fields) = fields
        {
            unpack.push(choice_unpack(types, c, &name, fields));
        }
    }
    Signature { decls, unpack }
}

/// `let (r#type, assignee_id) = match assignee { Assignee::Admin(id) => (…::Admin, id), … };`
fn choice_unpack(
    types: &Types,
    c: &Choice,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let args = args_path();
    let choice = ident(&c.name);
    let tag = ident(&fields[c.tag].name);
    let value = ident(&fields[c.value].name);
    let tag_ty = types.tokens(&Ty::Named(c.tag_type), Scope::Outside);
    let arms = c.variants.iter().map(|(v, _)| {
        let v = ident(v);
        quote!(#args::#choice::#v(id) => (#tag_ty::#v, id),)
    });
    quote! {
        let (#tag, #value) = match #name {
            #(#arms)*
        };
    }
}

/// The value of one body field in a struct literal: from its argument (converted), from a
/// choice, fixed by a shortcut (`set`), or its default.
pub fn field_init(
    types: &Types,
    f: &Field,
    index: usize,
    arguments: &[Argument],
    fixed: Option<&str>,
) -> TokenStream {
    let api = types.api;
    let name = ident(&f.name);
    if let Some(wire) = fixed
        && let Some(id) = f.ty.named()
        && let crate::ir::TypeKind::Enum(e) = &api.ty(id).kind
        && let Some(v) = e.variants.iter().find(|v| v.wire == wire)
    {
        let ty = types.tokens(&f.ty, Scope::Outside);
        let v = ident(&v.name);
        let value = quote!(#ty::#v);
        return if f.presence.is_option() {
            quote!(#name: Some(#value))
        } else {
            quote!(#name: #value)
        };
    }
    for arg in arguments {
        match &arg.source {
            ArgSource::Field(j) if *j == index => {
                let (_, conv) = arg_type(types, &f.ty, Scope::Outside);
                let plain = init(&name, &conv, f.boxed);
                // A required-by-the-shortcut optional field is `Some`.
                let value = quote!(#name #conv);
                return match f.presence {
                    crate::ir::Presence::Patch => {
                        let root = types.root;
                        quote!(#name: #root::runtime::Nullable::Set(#value))
                    }
                    p if p.is_option() => quote!(#name: Some(#value)),
                    _ => plain,
                };
            }
            ArgSource::Choice(c) if c.tag == index || c.value == index => {
                return quote!(#name);
            }
            _ => {}
        }
    }
    quote!(#name: Default::default())
}

/// The `# Arguments` section of a method's docs.
pub fn docs(arguments: &[Argument]) -> String {
    if arguments.is_empty() {
        return String::new();
    }
    let mut out = String::from("# Arguments\n");
    for arg in arguments {
        let name = arg.name.trim_start_matches("r#");
        let ty = match (&arg.wrapper, &arg.source) {
            (Some(w), _) => format!(" ([`{w}`](super::args::{w}))"),
            (None, ArgSource::Choice(c)) => format!(" ([`{n}`](super::args::{n}))", n = c.name),
            _ => String::new(),
        };
        out.push_str(&format!("\n* `{name}`{ty}: {}", arg.doc));
    }
    out
}

/// A sample value of an argument in a doctest, for the types a doctest can write without
/// imports; `None` for the others.
fn sample(op: &Operation, fields: &[Field], arg: &Argument, public: &str) -> Option<String> {
    let plain = |ty: &Ty| {
        Some(match ty {
            Ty::String => "\"1\"".to_string(),
            Ty::Boolean => "true".to_string(),
            Ty::Integer => "1".to_string(),
            Ty::Timestamp => format!("{public}::Timestamp::from_unix(1)"),
            _ => return None,
        })
    };
    let value = match &arg.source {
        ArgSource::Param(i) => plain(&op.params[*i].ty)?,
        ArgSource::Field(j) => plain(&fields.get(*j)?.ty)?,
        ArgSource::Choice(c) => {
            let (_, wire) = c.variants.first()?;
            format!(
                "{public}::operations::args::{}::{}(\"1\")",
                c.name,
                crate::naming::field_name(wire)
            )
        }
        ArgSource::Body => return None,
    };
    Some(match &arg.wrapper {
        Some(w) => format!("{public}::operations::args::{w}({value})"),
        None => value,
    })
}

/// Doctests showing the rule at work on the first method with a typed choice whose arguments a
/// doctest can write: the call as the method takes it compiles, and with the choice swapped
/// with its neighbour it does not (`compile_fail,E0308`: a mismatched type). Only for the
/// crate's main API (the client's own accessors), gated on the resource's feature.
fn doctests(types: &Types) -> TokenStream {
    let api = types.api;
    if types.targets.example_dispatch.is_none() || types.targets.accessor != super::Accessor::Client
    {
        return TokenStream::new();
    }
    let public = types.targets.public_path;
    let methods = api.operations.iter().flat_map(|op| {
        op.shortcuts
            .iter()
            .map(move |s| (op, s.method.as_str(), &s.arguments, Some(s.variant)))
            .chain(std::iter::once((
                op,
                op.method_name.as_str(),
                &op.arguments,
                None,
            )))
    });
    for (op, method, arguments, variant) in methods {
        let fields = body_fields(api, op, variant);
        let Some(at) = arguments
            .iter()
            .position(|a| matches!(a.source, ArgSource::Choice(_)))
        else {
            continue;
        };
        let values: Option<Vec<String>> = arguments
            .iter()
            .map(|a| sample(op, &fields, a, public))
            .collect();
        let Some(values) = values else {
            continue;
        };
        if values.len() < 2 {
            continue;
        }
        let other = if at + 1 < values.len() {
            at + 1
        } else {
            at - 1
        };
        let mut swapped = values.clone();
        swapped.swap(at, other);
        let call = |values: &[String]| {
            format!(
                "let _ = client.{}().{}({});",
                op.resource,
                method.trim_start_matches("r#"),
                values.join(", ")
            )
        };
        let setup =
            format!("# let client = {public}::Client::builder().token(\"t\").build().unwrap();");
        let lines = [
            String::new(),
            "# Examples".to_string(),
            String::new(),
            "```".to_string(),
            setup.clone(),
            call(&values),
            "```".to_string(),
            String::new(),
            format!(
                "With `{}` and `{}` swapped, the call does not compile:",
                arguments[at].name.trim_start_matches("r#"),
                arguments[other].name.trim_start_matches("r#")
            ),
            String::new(),
            "```compile_fail,E0308".to_string(),
            setup,
            call(&swapped),
            "```".to_string(),
        ];
        let feature = &op.resource;
        let attrs = lines.iter().map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            if types.targets.resource_features {
                quote!(#![cfg_attr(feature = #feature, doc = #l)])
            } else {
                quote!(#![doc = #l])
            }
        });
        return quote!(#(#attrs)*);
    }
    TokenStream::new()
}

/// The fields of an operation's flattened body, or of one variant of its union body.
fn body_fields(api: &Api, op: &Operation, variant: Option<usize>) -> Vec<Field> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    let id = match (variant, &body.style) {
        (None, BodyStyle::Flattened(id)) => Some(*id),
        (Some(v), _) => body.ty.named().and_then(|u| match &api.ty(u).kind {
            TypeKind::Union(u) => u.variants.get(v).and_then(|v| v.ty.named()),
            _ => None,
        }),
        _ => None,
    };
    match id.map(|id| &api.ty(id).kind) {
        Some(TypeKind::Struct(st)) => st.fields.clone(),
        _ => Vec::new(),
    }
}

/// The `args` module of `operations/mod.rs`: one newtype per wrapper name and one enum per
/// typed choice, over every method of the API.
pub fn module(types: &Types) -> TokenStream {
    let api = types.api;
    let examples = doctests(types);
    let mut wrappers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut choices: BTreeMap<&str, (&Choice, &str, Vec<String>)> = BTreeMap::new();
    for op in &api.operations {
        let methods = std::iter::once((op.method_name.as_str(), &op.arguments)).chain(
            op.shortcuts
                .iter()
                .map(|s| (s.method.as_str(), &s.arguments)),
        );
        for (method, arguments) in methods {
            let call = format!("`{}().{}`", op.resource, method.trim_start_matches("r#"));
            for arg in arguments {
                if let Some(w) = &arg.wrapper {
                    let calls = wrappers.entry(w).or_default();
                    let named = format!("{call} (`{}`)", arg.name.trim_start_matches("r#"));
                    if !calls.contains(&named) {
                        calls.push(named);
                    }
                }
                if let ArgSource::Choice(c) = &arg.source {
                    choices
                        .entry(&c.name)
                        .or_insert((c, &arg.doc, Vec::new()))
                        .2
                        .push(call.clone());
                }
            }
        }
    }
    let wrappers = wrappers.iter().map(|(name, calls)| {
        let text = format!(
            " A named argument: wraps the value of {} so that it cannot be passed in another \
             argument's place.",
            calls.join(", ")
        );
        let name = ident(name);
        quote! {
            #[doc = #text]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct #name<T>(pub T);
        }
    });
    let choices = choices.iter().map(|(name, (c, doc, calls))| {
        let text = format!(" Taken by {}: {doc}", calls.join(", "));
        let name = ident(name);
        let variants = c.variants.iter().map(|(v, wire)| {
            let line = format!(" `{wire}`, with its id.");
            let v = ident(v);
            quote!(#[doc = #line] #v(String),)
        });
        let constructors = c.variants.iter().map(|(v, wire)| {
            let line = format!(" `{wire}` with this id.");
            let f = ident(&crate::naming::field_name(wire));
            let v = ident(v);
            quote! {
                #[doc = #line]
                pub fn #f(id: impl Into<String>) -> Self {
                    Self::#v(id.into())
                }
            }
        });
        quote! {
            #[doc = #text]
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #(#variants)*
            }

            impl #name {
                #(#constructors)*
            }
        }
    });
    quote! {
        pub mod args {
            //! Named arguments and typed choices: an operation method whose arguments would sit
            //! next to another of the same type takes them wrapped (`AdminId("…")`) or as a
            //! choice (`Assignee::Team("…")`), so that swapping two does not compile (the rule
            //! is in the codegen report's *Arguments* section).
            #examples
            #(#wrappers)*
            #(#choices)*
        }
    }
}
