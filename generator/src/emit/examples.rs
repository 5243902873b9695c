//! `tests/spec_examples/dispatch.rs`: maps an operation's method, path and response status (or
//! its request body) to the typed decoder the client uses, so the test harness can decode the
//! description's own examples (read from the mirror at run time, never copied into the
//! repository).

use proc_macro2::TokenStream;
use quote::quote;

use super::models::cfg_attr;
use super::rust::{Scope, Types};
use crate::ir::ResponseKind;

/// The dispatch functions.
pub fn emit(types: &Types) -> TokenStream {
    let api = types.api;
    let models: TokenStream = format!("{}::models", types.targets.public_path)
        .parse()
        .unwrap_or_default();
    let mut responses = Vec::new();
    let mut requests = Vec::new();
    let mut listed = Vec::new();
    for op in &api.operations {
        let cfg = if types.targets.resource_features {
            cfg_attr(std::slice::from_ref(&op.resource))
        } else {
            TokenStream::new()
        };
        let method = op.http_method.as_str();
        let path = &op.path;
        for r in &op.responses {
            let ResponseKind::Json(ty) = &r.kind else {
                continue;
            };
            let status = &r.status;
            listed.push(quote!((#method, #path, #status),));
            let ty = types.tokens(ty, Scope::Outside);
            responses.push(quote! {
                #cfg
                (#method, #path, #status) => Some(crate::check_response::<#ty>(#status, body)),
            });
        }
        if let Some(body) = &op.body {
            let ty = types.tokens(&body.ty, Scope::Outside);
            requests.push(quote! {
                #cfg
                (#method, #path) => Some(crate::check_request::<#ty>(body)),
            });
        }
    }
    // Included with `include!` by the harness (so rustfmt does not descend into generated code):
    // no inner attributes here.
    quote! {
        use #models;

        /// Every `(method, path, status)` with a JSON response, whatever features are on.
        #[allow(dead_code)]
        pub const RESPONSES: &[(&str, &str, &str)] = &[#(#listed)*];

        /// Decodes `body` as the declared type of the response `status` of `method path`, the way
        /// the client decodes it, and returns it re-encoded; `None` when no JSON response is
        /// declared there (or its resource feature is off).
        pub fn decode_response(method: &str, path: &str, status: &str, body: &[u8]) -> Option<Result<serde_json::Value, String>> {
            #[allow(unused_imports)]
            use models as _;
            match (method, path, status) {
                #(#responses)*
                _ => None,
            }
        }

        /// Decodes `body` strictly as the typed request body of `method path` and returns it
        /// re-encoded; `None` when the operation takes no body.
        pub fn decode_request(method: &str, path: &str, body: &[u8]) -> Option<Result<serde_json::Value, String>> {
            match (method, path) {
                #(#requests)*
                _ => None,
            }
        }
    }
}
