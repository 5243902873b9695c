//! `operation_table.rs`: static data about every operation, for docs, tools and agents.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::Types;
use crate::ir::Api;

/// The table of every operation, sorted by resource then method name.
pub fn emit(types: &Types) -> TokenStream {
    let api: &Api = types.api;
    let root = types.root;
    let rows = api.operations.iter().map(|op| {
        let id = &op.id;
        let resource = &op.resource;
        let method_name = op.method_name.trim_start_matches("r#");
        let path = &op.path;
        let summary = op.summary.clone().unwrap_or_default();
        let has_body = op.body.is_some();
        let paging = op.paging_style();
        let name = format!("{resource}.{method_name}");
        let risk = op.risk;
        let reaches_end_users = op.reaches_end_users;
        let deprecated = op.deprecated;
        let schema = raw_str(&super::schema::input_schema(api, op));
        let enabled = if types.targets.resource_features {
            quote!(cfg!(feature = #resource))
        } else {
            quote!(true)
        };
        let http = op.http_method;
        quote! {
            OperationInfo {
                id: #id,
                name: #name,
                resource: #resource,
                method_name: #method_name,
                http_method: #http,
                path: #path,
                summary: #summary,
                has_body: #has_body,
                paging: #paging,
                risk: #risk,
                reaches_end_users: #reaches_end_users,
                deprecated: #deprecated,
                enabled: #enabled,
                input_schema: #schema,
            },
        }
    });
    let count = api.operations.len();
    let doc = format!(
        " Every operation of the Intercom API {} ({count}), sorted by resource and method name.",
        api.info.version
    );
    quote! {
        //! The static operation table.
        #![doc = ""]
        use #root::runtime::{HttpMethod, OperationInfo, PagingStyle, Risk};

        #[doc = #doc]
        ///
        /// The table lists every operation whatever cargo features are on
        /// ([`OperationInfo::enabled`] says which ones this build can call).
        pub static OPERATIONS: &[OperationInfo] = &[
            #(#rows)*
        ];
    }
}

/// A raw string literal holding `text` (`r#"…"#`, with as many `#` as it needs).
pub(super) fn raw_str(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote!(#text))
}
