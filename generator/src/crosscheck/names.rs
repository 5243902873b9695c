//! The official SDKs' method names, from the overlay's `x-fern-sdk-group-name` /
//! `x-fern-sdk-method-name` (python-intercom and intercom-node are generated from them:
//! `client.admins.listAllActivityLogs` in Node, `client.admins.list_all_activity_logs` in
//! Python).
//!
//! [`aliases`] gives each operation method the names a user of those SDKs searches for, as
//! `#[doc(alias)]`s; a method of ours named like an SDK method of a *different* operation of the
//! same resource is an error (rename ours with `method:` in `spec/overrides.yaml`), since the
//! same name would mean two endpoints.

use serde_yaml::Value;

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, HttpMethod};

/// One SDK method of the overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkMethod {
    /// `GET`, … (upper case).
    pub http_method: String,
    /// The path as the overlay writes it.
    pub path: String,
    /// `x-fern-sdk-group-name` (`["helpCenters", "collections"]`).
    pub group: Vec<String>,
    /// `x-fern-sdk-method-name` (`listAllActivityLogs`).
    pub method: String,
}

impl SdkMethod {
    /// The Python SDK's name for the method (`list_all_activity_logs`).
    pub fn python(&self) -> String {
        crate::naming::words(&self.method).join("_")
    }
}

/// Every SDK method named in an overlay document.
pub fn sdk_methods(doc: &Value) -> Vec<SdkMethod> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_mapping) else {
        return out;
    };
    for (path, item) in paths {
        let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
            continue;
        };
        for (method, op) in item {
            let (Some(method), Some(name)) = (
                method.as_str(),
                op.get("x-fern-sdk-method-name").and_then(Value::as_str),
            ) else {
                continue;
            };
            let group = match op.get("x-fern-sdk-group-name") {
                Some(Value::Sequence(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                Some(Value::String(one)) => vec![one.clone()],
                _ => Vec::new(),
            };
            out.push(SdkMethod {
                http_method: method.to_uppercase(),
                path: path.to_string(),
                group,
                method: name.to_string(),
            });
        }
    }
    out
}

/// Sets every operation's SDK aliases (its Node and Python method names, where they differ
/// from ours) and reports our methods named like an SDK method of another operation of the
/// same resource. `at` is the overlay's path, for diagnostics.
pub fn aliases(api: &mut Api, sdk: &[SdkMethod], at: &str, diagnostics: &mut Diagnostics) {
    let find = |http_method: HttpMethod, path: &str| {
        sdk.iter()
            .find(|s| s.http_method == http_method.as_str() && s.path == path)
    };
    // Each SDK method's operation in our API (same path and HTTP method).
    let owners: Vec<Option<usize>> = sdk
        .iter()
        .map(|s| {
            api.operations
                .iter()
                .position(|o| o.http_method.as_str() == s.http_method && o.path == s.path)
        })
        .collect();
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let ours = op.method_name.trim_start_matches("r#").to_string();
        for (s, owner) in sdk.iter().zip(&owners) {
            let Some(owner) = *owner else { continue };
            // The same client: one group (a nested group, `helpCenters.collections`, is a
            // sub-client) named like our resource.
            let same_client =
                s.group.len() == 1 && crate::naming::module_name(&s.group[0]) == op.resource;
            if owner == i || !same_client {
                continue;
            }
            if s.python() == ours {
                diagnostics.error(
                    format!(
                        "{at}#/paths/{}",
                        s.path.replace('~', "~0").replace('/', "~1")
                    ),
                    format!(
                        "`{}().{ours}` is `{} {}`, but the official SDKs' `{}.{}` is `{} {}`: \
                         the same name for two endpoints; rename ours (`method:` in {})",
                        op.resource,
                        op.http_method.as_str(),
                        op.path,
                        s.group.join("."),
                        s.python(),
                        s.http_method,
                        s.path,
                        crate::overrides::FILE
                    ),
                );
            }
        }
        let mut aliases = Vec::new();
        if let Some(s) = find(op.http_method, &op.path) {
            for name in [s.method.clone(), s.python()] {
                if name != ours && crate::ir::valid_alias(&name) && !aliases.contains(&name) {
                    aliases.push(name);
                }
            }
        }
        api.operations[i].sdk_aliases = aliases;
    }
}

#[cfg(test)]
mod tests;
