//! `registry.rs`: operations by name. `operation(name)` looks one up in the operation table;
//! `execute(name, input)` (on `Client`, or on the `Preview` handle) calls it with JSON input
//! through its request builder, and `execute_items(name, input, max_items)` collects a paginated
//! one's items across pages; `dispatch` routes a call to its resource module's `execute`,
//! behind the resource's cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::Accessor;
use super::models::cfg_attr;
use super::rust::{Types, ident};

/// The registry module of one API.
pub fn emit(types: &Types) -> TokenStream {
    let api = types.api;
    let root = types.root;
    let arms = api.resources.iter().map(|r| {
        let module = ident(&r.module);
        let name = &r.module;
        let cfg = if types.targets.resource_features {
            cfg_attr(std::slice::from_ref(&r.module))
        } else {
            TokenStream::new()
        };
        quote! {
            #cfg
            #name => #root::operations::#module::execute(client, input),
        }
    });
    let version = &api.info.version;
    let table = format!(
        " Operations by name: [`operation`] finds one of the {} operations of the Intercom API",
        api.operations.len()
    );
    let table_more = format!(" {version}, and `execute` calls it with JSON input.");
    let (receiver, client, example) = match types.targets.accessor {
        Accessor::Client => (quote!(Client), quote!(self), "client"),
        Accessor::Preview => (
            quote!(#root::Preview),
            quote!(&self.client),
            "client.preview()",
        ),
    };
    let root_path = root.to_string().replace(' ', "");
    let execute_doc = execute_doc(example, &root_path, &example_call(api));
    let execute_doc = execute_doc.iter().map(|line| quote!(#[doc = #line]));
    let items_doc = doc_lines(&items_doc(example, &root_path, &example_items(api)));
    let items_doc = items_doc.iter().map(|line| quote!(#[doc = #line]));
    quote! {
        #![doc = #table]
        #![doc = #table_more]
        use #root::operation_table::OPERATIONS;
        use #root::runtime::registry::{self, Input, Pending};
        use #root::runtime::{Client, OperationInfo, Result};

        /// Finds an operation by its id (`"ShowContact"`) or its `resource.method` name
        /// (`"contacts.get"`); exact matches first, then a unique case-insensitive one.
        pub fn operation(name: &str) -> Option<&'static OperationInfo> {
            registry::find(OPERATIONS, name)
        }

        impl #receiver {
            #(#execute_doc)*
            pub async fn execute(&self, name: &str, input: serde_json::Value) -> Result<serde_json::Value> {
                registry::execute(OPERATIONS, dispatch, #client, name, input, None).await
            }

            #(#items_doc)*
            pub async fn execute_items(
                &self,
                name: &str,
                input: serde_json::Value,
                max_items: usize,
            ) -> Result<serde_json::Value> {
                registry::execute(OPERATIONS, dispatch, #client, name, input, Some(max_items)).await
            }
        }

        /// Builds and starts a call of a table operation, in its resource's module.
        pub(crate) fn dispatch(client: &Client, input: Input) -> Result<Pending> {
            match input.operation().resource {
                #(#arms)*
                _ => {
                    let _ = client;
                    Err(input.disabled())
                }
            }
        }
    }
}

/// `(name, input)` for the doc example: `contacts.get` if there is one, else the first `GET`
/// with a path parameter, else the first operation.
fn example_call(api: &crate::ir::Api) -> (String, String) {
    let name = |op: &crate::ir::Operation| {
        format!(
            "{}.{}",
            op.resource,
            op.method_name.trim_start_matches("r#")
        )
    };
    let op = api
        .operations
        .iter()
        .find(|op| name(op) == "contacts.get")
        .or_else(|| {
            api.operations.iter().find(|op| {
                op.http_method == crate::ir::HttpMethod::Get && op.path_params().next().is_some()
            })
        })
        .or_else(|| api.operations.first());
    let Some(op) = op else {
        return ("contacts.get".into(), "{}".into());
    };
    let args: Vec<String> = op
        .path_params()
        .map(|p| format!("{:?}: \"123\"", p.wire))
        .collect();
    (name(op), format!("{{{}}}", args.join(", ")))
}

/// The rustdoc of `execute`, line by line.
fn execute_doc(receiver: &str, root: &str, (name, input): &(String, String)) -> Vec<String> {
    let text = format!(
        "Calls an operation by name with JSON input and returns its response as JSON: for tools
and agents.

`name` is the operation's id (`\"ShowContact\"`) or `resource.method` name
(`\"contacts.get\"`); see [`operation`] and [`OPERATIONS`]. `input` is a JSON object as the
operation's [`input_schema`](OperationInfo::input_schema) describes: path, query and header
parameters under their wire names, and the request body's properties beside them (a body that
is not an object, such as a union, is the `body` property); `null` is no input.

The input is checked, then decoded into the operation's own request builder, which sends it:
authentication, headers, encoding and errors are those of the typed API. Paginated operations
answer one page (pass the cursor or page parameter for the next, or collect items across pages
with [`execute_items`](Self::execute_items)). The answer is the typed
response encoded as JSON (fields the API description does not declare are dropped), or:

| response | JSON |
|---|---|
| none | `null` |
| text | a string |
| a file (bytes) | `{{\"size\": 1234, \"base64\": \"…\"}}` |
| a redirect | `{{\"location\": \"https://…\"}}` |

Errors: [`Error::Execute`]({root}::runtime::Error::Execute) before anything is sent, for an
unknown name (with the closest names), an operation whose cargo feature is off, or input that
does not fit (naming the field: `contacts.get: missing field \"contact_id\"`); otherwise the
errors of the typed call.

```no_run
# async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {{
let answer = {receiver}
    .execute({name:?}, serde_json::json!({input}))
    .await?;
# let _ = answer;
# Ok(())
# }}
```"
    );
    doc_lines(&text)
}

/// The name of the doc example of `execute_items`: `contacts.list` if there is one, else the
/// first paginated operation without required input, else the first operation.
fn example_items(api: &crate::ir::Api) -> String {
    let name = |op: &crate::ir::Operation| {
        format!(
            "{}.{}",
            op.resource,
            op.method_name.trim_start_matches("r#")
        )
    };
    let paged = || api.operations.iter().filter(|op| op.paging.is_some());
    paged()
        .find(|op| name(op) == "contacts.list")
        .or_else(|| paged().find(|op| op.params.iter().all(|p| !p.required) && op.body.is_none()))
        .or_else(|| api.operations.first())
        .map_or_else(|| "contacts.list".into(), name)
}

/// The rustdoc of `execute_items`.
fn items_doc(receiver: &str, root: &str, name: &str) -> String {
    format!(
        "Calls a paginated operation by name with JSON input, like [`execute`](Self::execute),
and collects up to `max_items` items across its pages: for tools and agents that want a list,
not a page.

The operation's paginator follows the cursors or page numbers (and stops where `.items()`
stops); no page is requested after the one that completes `max_items`. The answer is
`{{\"items\": [...], \"pages\": <pages fetched>, \"limit_reached\": <bool>}}`:
`limit_reached` is `true` when `max_items` items were collected (the list may go on), `false`
when the list ended first.

Errors: those of [`execute`](Self::execute), and
[`ExecuteError::NotPaginated`]({root}::runtime::ExecuteError::NotPaginated) for an operation that does not
page; an error on a later page is the call's error.

```no_run
# async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {{
let answer = {receiver}
    .execute_items({name:?}, serde_json::json!({{}}), 500)
    .await?;
# let _ = answer;
# Ok(())
# }}
```"
    )
}

/// Doc text as `#[doc]` lines (each non-empty line after a space).
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect()
}
