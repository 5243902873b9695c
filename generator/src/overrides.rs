//! `spec/overrides.yaml`: the project's own corrections to what the rules derive from the spec.
//!
//! Overrides are validated against the description they are applied to: an entry for an
//! operation, schema or tag that does not exist is an error (a warning when generating a version
//! other than the pinned one, since the file is written for the pinned version).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, child};

/// Path of the file inside the repository, used in diagnostics.
pub const FILE: &str = "spec/overrides.yaml";

/// The whole overrides file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Per operation, keyed by operationId, or by `METHOD /path` for operations without one.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationOverride>,
    /// Module names for tags, where the derived one reads badly.
    #[serde(default)]
    pub resources: BTreeMap<String, String>,
    /// Per component schema, keyed by its name in `components/schemas`.
    #[serde(default)]
    pub schemas: BTreeMap<String, SchemaOverride>,
    /// Corrections to the description itself, applied before anything else reads it.
    #[serde(default)]
    pub patches: Vec<Patch>,
}

/// Replaces one node of the description: for schemas that contradict what the API sends.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// JSON pointer of the node (`/components/schemas/ticket/properties/ticket_state`).
    pub at: String,
    /// Why the description is wrong there (kept in the file for maintainers).
    pub reason: String,
    /// The node's new value.
    pub set: serde_yaml::Value,
}

/// Corrections for one operation.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OperationOverride {
    /// operationId for an operation the spec leaves unnamed.
    pub id: Option<String>,
    /// Method name on the resource handle.
    pub method: Option<String>,
    /// Tag whose resource owns the operation.
    pub resource: Option<String>,
    /// Extra methods on the resource, one per variant of a union request body: variant name →
    /// method name. Each takes the variant's required fields (`conversations().close(id, admin)`).
    #[serde(default)]
    pub shortcuts: BTreeMap<String, String>,
    /// How the operation pages, where the description does not say (or says it wrongly).
    pub paging: Option<PagingOverride>,
    /// Corrections to the search fields the description's `Accepted Fields` table lists:
    /// documented path → path to use (for typos in the table).
    #[serde(default)]
    pub search_fields: BTreeMap<String, String>,
    /// The operation's risk, where the rule in `lower::risk` decides it wrongly.
    pub risk: Option<RiskOverride>,
}

/// A risk declaration: the level, and why the rule gets it wrong.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RiskOverride {
    /// `read`, `write` or `destructive`.
    pub level: RiskLevel,
    /// Why the rule's answer is wrong (kept in the file for maintainers, and in the codegen
    /// report).
    pub reason: String,
}

/// A risk level as `spec/overrides.yaml` writes it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    /// `read`
    Read,
    /// `write`
    Write,
    /// `destructive`
    Destructive,
}

/// A paging declaration: the style, and optionally which response array holds the items. The
/// inputs the style needs (`starting_after`, `page`, `per_page`, …) are added as optional query
/// parameters when the description leaves them out.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PagingOverride {
    /// `none`, `query_cursor`, `body_cursor`, `next_cursor`, `page_number` or `scroll`.
    pub style: String,
    /// The response property holding the items, when it has several arrays.
    pub items: Option<String>,
    /// Why the declaration is needed (kept in the file for maintainers).
    pub reason: String,
}

/// Corrections for one component schema.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SchemaOverride {
    /// Rust type name.
    pub name: Option<String>,
}

impl Overrides {
    /// Parses the file's text; syntax and unknown keys are errors.
    pub fn parse(text: &str, diagnostics: &mut Diagnostics) -> Overrides {
        match serde_yaml::from_str::<Option<Overrides>>(text) {
            Ok(o) => o.unwrap_or_default(),
            Err(e) => {
                let at = e
                    .location()
                    .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                    .unwrap_or_default();
                diagnostics.error(
                    format!("{FILE}#"),
                    format!("invalid overrides file{at}: {e}"),
                );
                Overrides::default()
            }
        }
    }

    /// Applies [`Overrides::patches`] to the raw description; a pointer that names no node is an
    /// error (a warning when `strict` is off). Returns how many were applied.
    pub fn apply_patches(
        &self,
        doc: &mut serde_yaml::Value,
        strict: bool,
        diagnostics: &mut Diagnostics,
    ) -> usize {
        let mut applied = 0;
        for (i, patch) in self.patches.iter().enumerate() {
            match node_mut(doc, &patch.at) {
                Some(node) => {
                    *node = patch.set.clone();
                    applied += 1;
                }
                None => {
                    let at = child(&child(&format!("{FILE}#"), "patches"), &i.to_string());
                    let message = format!("patch target `{}` is not in the description", patch.at);
                    if strict {
                        diagnostics.error(at, message);
                    } else {
                        diagnostics.warning(at, message);
                    }
                }
            }
        }
        applied
    }

    /// The override for an operation, by operationId or `METHOD /path`.
    pub fn operation(
        &self,
        id: Option<&str>,
        method: &str,
        path: &str,
    ) -> Option<&OperationOverride> {
        id.and_then(|id| self.operations.get(id)).or_else(|| {
            self.operations
                .get(&format!("{} {path}", method.to_uppercase()))
        })
    }

    /// Checks every entry against what the description contains.
    ///
    /// `operations` holds `(operationId, "METHOD /path")` pairs; `strict` makes a dangling entry an
    /// error instead of a warning.
    pub fn validate(
        &self,
        operations: &[(Option<String>, String)],
        tags: &BTreeSet<String>,
        schemas: &BTreeSet<String>,
        strict: bool,
        diagnostics: &mut Diagnostics,
    ) {
        let mut report = |at: String, message: String| {
            if strict {
                diagnostics.error(at, message);
            } else {
                diagnostics.warning(at, message);
            }
        };
        let base = format!("{FILE}#");
        for (key, entry) in &self.operations {
            let at = child(&child(&base, "operations"), key);
            let matched = operations.iter().find(|(id, method_path)| {
                id.as_deref() == Some(key.as_str()) || method_path == key
            });
            match matched {
                None => report(
                    at.clone(),
                    format!("no operation `{key}` in the description"),
                ),
                Some((Some(_), _)) if entry.id.is_some() => report(
                    at.clone(),
                    format!(
                        "`{key}` already has an operationId; `id` may only name unnamed operations"
                    ),
                ),
                Some(_) => {}
            }
            if let Some(tag) = &entry.resource
                && !tags.contains(tag)
            {
                report(
                    at,
                    format!("`resource: {tag}` is not a tag of the description"),
                );
            }
        }
        for tag in self.resources.keys() {
            if !tags.contains(tag) {
                let at = child(&child(&base, "resources"), tag);
                report(at, format!("no tag `{tag}` in the description"));
            }
        }
        for name in self.schemas.keys() {
            if !schemas.contains(name) {
                let at = child(&child(&base, "schemas"), name);
                report(at, format!("no schema `{name}` in components/schemas"));
            }
        }
    }
}

/// The node at a JSON pointer (RFC 6901: `~1` is `/`, `~0` is `~`).
fn node_mut<'a>(
    doc: &'a mut serde_yaml::Value,
    pointer: &str,
) -> Option<&'a mut serde_yaml::Value> {
    let rest = pointer.strip_prefix('/')?;
    let mut node = doc;
    for raw in rest.split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = match node {
            serde_yaml::Value::Mapping(m) => m.get_mut(segment.as_str())?,
            serde_yaml::Value::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops() -> Vec<(Option<String>, String)> {
        vec![
            (Some("listContacts".into()), "GET /contacts".into()),
            (None, "POST /export/enqueue".into()),
        ]
    }

    #[test]
    fn parses_and_finds_by_id_or_method_path() {
        let mut d = Diagnostics::new();
        let o = Overrides::parse(
            "operations:\n  listContacts: {method: list}\n  POST /export/enqueue: {id: enqueueExport}\n",
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            o.operation(Some("listContacts"), "get", "/contacts")
                .and_then(|e| e.method.as_deref()),
            Some("list")
        );
        assert_eq!(
            o.operation(None, "post", "/export/enqueue")
                .and_then(|e| e.id.as_deref()),
            Some("enqueueExport")
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let mut d = Diagnostics::new();
        Overrides::parse("operations:\n  x: {metod: y}\n", &mut d);
        assert!(d.has_errors());
        assert!(d.to_string().contains("metod"), "{d}");
    }

    #[test]
    fn dangling_entries_are_reported() {
        let mut d = Diagnostics::new();
        let o = Overrides::parse(
            "operations:\n  nope: {method: x}\n  listContacts: {id: y}\nresources:\n  Ghost: ghost\nschemas:\n  missing: {name: M}\n",
            &mut d,
        );
        let tags = BTreeSet::from(["Contacts".to_string()]);
        let schemas = BTreeSet::from(["contact".to_string()]);
        o.validate(&ops(), &tags, &schemas, true, &mut d);
        assert_eq!(d.error_count(), 4, "{d}");
        let text = d.to_string();
        assert!(
            text.contains("spec/overrides.yaml#/operations/nope"),
            "{text}"
        );
        let mut lenient = Diagnostics::new();
        o.validate(&ops(), &tags, &schemas, false, &mut lenient);
        assert_eq!((lenient.error_count(), lenient.warning_count()), (0, 4));
    }

    #[test]
    fn patches_replace_nodes_and_report_missing_targets() {
        let mut d = Diagnostics::new();
        let o = Overrides::parse(
            "patches:\n  - at: /a/b~1c/0\n    reason: r\n    set: {type: string}\n  - at: /nope\n    reason: r\n    set: 1\n",
            &mut d,
        );
        assert!(d.is_empty(), "{d}");
        let mut doc: serde_yaml::Value =
            serde_yaml::from_str("a: {b/c: [{type: object}]}").expect("yaml");
        assert_eq!(o.apply_patches(&mut doc, true, &mut d), 1);
        assert_eq!(doc["a"]["b/c"][0]["type"].as_str(), Some("string"));
        assert_eq!(d.error_count(), 1);
        assert!(
            d.to_string().contains("spec/overrides.yaml#/patches/1"),
            "{d}"
        );
    }
}
