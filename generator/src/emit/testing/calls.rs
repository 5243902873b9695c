//! `tests/testing_every_operation/calls.rs` (and `preview_calls.rs`): every operation called
//! once through its typed builder, with its smallest input, against the kit's default mock.
//!
//! One test per resource (behind its cargo feature, for the stable API). Arguments are the
//! builder method's own: required path, query and header parameters, then the required fields of
//! a flattened body, or the whole body; optional inputs are left unset. Each argument is the
//! smallest JSON value its type accepts (wrapped in its named-argument newtype, or the first
//! variant of its typed choice, where `passes::arguments` made it one) ([`synth`](super::synth), `Mode::Minimal`) decoded into
//! the argument's Rust type, so the calls are typed exactly as a user writes them. The harness
//! (`templates/tests/testing_every_operation/main.rs`) checks each answer decoded and that the
//! mock routed the request to the operation called.

use proc_macro2::TokenStream;
use quote::quote;

use super::KitApi;
use super::synth::{self, Mode};
use crate::emit::Targets;
use crate::emit::rust::{Scope, Types, ident};
use crate::ir::{ArgSource, BodyStyle, Operation, ResponseKind, Ty, TypeKind};

/// The calls of one API.
pub fn emit(kit: &KitApi<'_>, preview: bool) -> TokenStream {
    let api = kit.api;
    let root = quote!(intercom_api);
    let types = Types {
        api,
        root: &root,
        targets: if preview {
            Targets::PREVIEW
        } else {
            Targets::MAIN
        },
    };
    let models = if preview {
        quote!(intercom_api::preview::models)
    } else {
        quote!(intercom_api::models)
    };
    let names = api.operations.iter().map(|op| {
        format!(
            "{}.{}",
            op.resource,
            op.method_name.trim_start_matches("r#")
        )
    });
    let tests = api.resources.iter().filter_map(|r| {
        let ops: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|op| op.resource == r.module)
            .collect();
        if ops.is_empty() {
            return None;
        }
        let name = ident(&r.module);
        let accessor = ident(&r.module);
        let handle = if preview {
            quote!(client.preview().#accessor())
        } else {
            quote!(client.#accessor())
        };
        let cfg = kit.resource_features.then(|| {
            let feature = &r.module;
            quote!(#[cfg(feature = #feature)])
        });
        let deprecated = ops
            .iter()
            .any(|op| op.deprecated)
            .then(|| quote!(#[allow(deprecated)]));
        let count = proc_macro2::Literal::usize_unsuffixed(ops.len());
        let calls = ops.iter().map(|op| call(&types, op, &handle));
        Some(quote! {
            #cfg
            #deprecated
            #[tokio::test]
            async fn #name() {
                let mut calls = Calls::start(#preview).await;
                let client = calls.client();
                #(#calls)*
                calls.finish(#count);
            }
        })
    });
    quote! {
        #[allow(unused_imports)]
        use #models;
        #[allow(unused_imports)]
        use super::{Calls, arg};

        /// Every operation, `resource.method`, in the order of the operation table.
        pub const OPERATIONS: &[&str] = &[#(#names),*];

        #(#tests)*
    }
}

/// One checked call.
fn call(types: &Types, op: &Operation, handle: &TokenStream) -> TokenStream {
    let api = types.api;
    let name = format!(
        "{}.{}",
        op.resource,
        op.method_name.trim_start_matches("r#")
    );
    let method = ident(&op.method_name);
    let fields = match op.body.as_ref().map(|b| &b.style) {
        Some(BodyStyle::Flattened(id)) => match &api.ty(*id).kind {
            TypeKind::Struct(st) => st.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let args_path = if types.targets.accessor == crate::emit::Accessor::Preview {
        quote!(intercom_api::preview::operations::args)
    } else {
        quote!(intercom_api::operations::args)
    };
    // The method's own arguments (`passes::arguments`): wrapped and chosen as a user writes them.
    let args = op.arguments.iter().map(|a| {
        let value = match &a.source {
            ArgSource::Param(i) => argument(types, &op.params[*i].ty),
            ArgSource::Field(j) => match fields.get(*j) {
                Some(f) => argument(types, &f.ty),
                None => quote!(()),
            },
            ArgSource::Body => match &op.body {
                Some(b) => argument(types, &b.ty),
                None => quote!(()),
            },
            ArgSource::Choice(c) => {
                let name = ident(&c.name);
                let first = c.variants.first().map(|(v, _)| ident(v));
                quote!(#args_path::#name::#first("123".into()))
            }
        };
        match &a.wrapper {
            Some(w) => {
                let w = ident(w);
                quote!(#args_path::#w(#value))
            }
            None => value,
        }
    });
    let send = quote!(#handle.#method(#(#args),*).send().await);
    match op.success.kind {
        ResponseKind::Binary => quote!(calls.download(#name, #send).await;),
        _ => quote!(calls.check(#name, #send);),
    }
}

/// An argument of type `ty` holding its smallest value.
fn argument(types: &Types, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!("123"),
        Ty::Integer => quote!(1),
        Ty::Boolean => quote!(true),
        Ty::File => quote!(intercom_api::FilePart::new(b"mock file".to_vec())),
        _ => {
            let value = synth::value(types.api, ty, Mode::Minimal).to_string();
            let literal = crate::emit::table::raw_str(&value);
            let ty = public(types.tokens(ty, Scope::Outside));
            quote!(arg::<#ty>(#literal))
        }
    }
}

/// A type path as a user of the crate writes it: runtime types by their re-exports.
fn public(tokens: TokenStream) -> TokenStream {
    let text = tokens
        .to_string()
        .replace(
            "intercom_api :: runtime :: search ::",
            "intercom_api :: search ::",
        )
        .replace("intercom_api :: runtime ::", "intercom_api ::");
    text.parse().unwrap_or(tokens)
}
