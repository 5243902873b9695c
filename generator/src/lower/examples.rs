//! The description's JSON response examples, read out of `openapiv3` for the evidence pass
//! (`crate::passes::evidence`), which checks them against the lowered types.

use openapiv3::{OpenAPI, ReferenceOr};

use super::operations::{http_method, json_media, spec_responses};
use crate::ir::ResponseExample;

/// Every JSON response example of `spec`, in the description's order (paths, methods,
/// responses, then `example` before `examples`), labelled like `GET /admins 200 "Successful
/// response"`.
pub fn response_examples(spec: &OpenAPI) -> Vec<ResponseExample> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.paths.iter() {
        let Some(item) = item.as_item() else {
            continue;
        };
        for (method, op) in item.iter() {
            let Some(http_method) = http_method(method) else {
                continue;
            };
            for (status, response) in spec_responses(spec, op) {
                let Ok(response) = response else {
                    continue;
                };
                let Some((_, media)) = json_media(&response.content) else {
                    continue;
                };
                let example = |name: &str, value: &serde_json::Value| ResponseExample {
                    http_method,
                    path: path.clone(),
                    status: status.clone(),
                    label: format!(
                        "`{} {path} {status}{name}`",
                        http_method.as_str().to_uppercase()
                    ),
                    value: value.clone(),
                };
                if let Some(value) = &media.example {
                    out.push(example("", value));
                }
                for (name, e) in &media.examples {
                    if let ReferenceOr::Item(e) = e
                        && let Some(value) = &e.value
                    {
                        out.push(example(&format!(" \"{name}\""), value));
                    }
                }
            }
        }
    }
    out
}
