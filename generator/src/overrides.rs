//! `spec/overrides.yaml`: the project's own corrections to what the rules derive from the spec.
//!
//! Overrides are validated against the description they are applied to: an entry for an
//! operation, schema or tag that does not exist is an error (a warning when generating a version
//! other than the pinned one, since the file is written for the pinned version).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::diagnostics::{Diagnostics, child};
use crate::vocab::Risk;

pub mod webhooks;

pub use webhooks::WebhooksOverride;
mod evidence;

pub use evidence::{EndUsersOverride, FernAnswers, ProseOverride, TimestampOverride};

/// Path of the file inside the repository, used in diagnostics.
pub const FILE: &str = "spec/overrides.yaml";

/// The `schemas` section's key.
const FILE_SCHEMAS: &str = "schemas";

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
    /// Webhook topics, their items, and the item shapes only webhooks send.
    #[serde(default)]
    pub webhooks: WebhooksOverride,
    /// Fields and parameters the timestamp rule decides wrongly, by JSON pointer (a parameter:
    /// its operation's pointer, then `/parameters/<name>`).
    #[serde(default)]
    pub timestamps: BTreeMap<String, TimestampOverride>,
    /// Fields and parameters whose description pins a value or names alternative identities in
    /// words the prose rule misreads, by JSON pointer (as for `timestamps`).
    #[serde(default)]
    pub prose: BTreeMap<String, ProseOverride>,
    /// Answers to the cross-check against the official SDKs' corrections, per overlay (keyed
    /// like `overlays` in `spec/intercom.toml`: by the version it is checked against).
    #[serde(default)]
    pub fern: BTreeMap<String, FernAnswers>,
    /// The strict/lenient policy, held here once: an entry that does not apply to the description
    /// is an error when generating the pinned version (the file is written for it), a warning for
    /// the others, which take what fits. Not part of the file; set with [`Overrides::with_strict`].
    #[serde(skip)]
    pub strict: bool,
}

/// Replaces one node of the description: for schemas that contradict what the API sends.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// JSON pointer of the node (`/components/schemas/ticket/properties/ticket_state`).
    pub at: String,
    /// Why the description is wrong there, naming the evidence (kept in the file for
    /// maintainers); written `because:` or `reason:`.
    #[serde(alias = "because")]
    pub reason: String,
    /// The node does not exist yet: it is added (its parent must exist; a last segment `-`
    /// appends to a list). A schema the description lacks is added this way, so that other
    /// patches can refer to it.
    #[serde(default)]
    pub add: bool,
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
    /// Extra methods on the resource, each sending one variant of a union request body: method
    /// name → the variant (its name, or the variant with fields it fixes and requires). Each takes
    /// the variant's required fields and returns a builder with setters for its optional ones
    /// (`conversations().close(id, admin).body("…")`).
    #[serde(default)]
    pub shortcuts: BTreeMap<String, ShortcutOverride>,
    /// How the operation pages, where the description does not say (or says it wrongly).
    pub paging: Option<PagingOverride>,
    /// Corrections to the search fields the description's `Accepted Fields` table lists:
    /// documented path → path to use (for typos in the table).
    #[serde(default)]
    pub search_fields: BTreeMap<String, String>,
    /// This operation reports a background job's `status`: the resource gets `wait` (poll it
    /// until the job finishes) and `download_when_ready` (then call the download operation).
    pub waiter: Option<WaiterOverride>,
    /// The operation's risk, where the rule in `passes::risk` decides it wrongly.
    pub risk: Option<RiskOverride>,
    /// Whether the operation reaches end users, where the rule in `passes::risk` decides it
    /// wrongly.
    pub reaches_end_users: Option<EndUsersOverride>,
    /// This create operation answers 409 with the id of the record that already exists: the
    /// resource gets `upsert` (create, or update that record).
    pub upsert: Option<UpsertOverride>,
    /// Types of search fields where the `Accepted Fields` table is wrong or silent: field path →
    /// the types its values may have. A field the table lacks is added.
    #[serde(default)]
    pub search_field_types: BTreeMap<String, SearchFieldTypes>,
}

/// What a shortcut sends: a variant of the body union, written as its name alone or with the
/// fields the shortcut fixes and those it takes as arguments.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum ShortcutOverride {
    /// The variant's name (`Close`).
    Variant(String),
    /// The variant, with fields fixed or required.
    Detailed(ShortcutDetail),
}

/// A shortcut's variant with fields it fixes (`message_type: note`) and optional fields it takes
/// as arguments (`body`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShortcutDetail {
    /// The variant's name (`Admin`).
    pub variant: String,
    /// Enum fields (wire name) set to one of their values (wire value).
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    /// Optional fields (wire names) the shortcut takes as arguments, after the required ones.
    #[serde(default)]
    pub require: Vec<String>,
}

impl ShortcutOverride {
    /// The variant's name.
    pub fn variant(&self) -> &str {
        match self {
            ShortcutOverride::Variant(v) => v,
            ShortcutOverride::Detailed(d) => &d.variant,
        }
    }
}

/// An upsert declaration on a create operation: the operation that updates an existing record
/// by the id from the create's 409, and the fields that identify a record.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UpsertOverride {
    /// operationId of the update operation, in the same resource; its one required parameter
    /// takes the existing record's id.
    pub update: String,
    /// Body properties that identify a record (at least one must be set for an upsert).
    pub keys: Vec<String>,
    /// The evidence for the 409 answer (kept in the file for maintainers).
    pub because: String,
}

/// The types a search field's values may have, in the tables' words (`String`, `Integer`,
/// `Float`, `Date`, `Datetime`, `Boolean`), and the evidence.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SearchFieldTypes {
    /// The types; several make the field typed by its value (one constructor per type).
    pub types: Vec<String>,
    /// Where the truth comes from (kept in the file for maintainers).
    pub because: String,
}

/// A job-status operation and the operation that downloads the job's file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WaiterOverride {
    /// operationId (or override `id`) of the download operation, in the same resource.
    pub download: String,
}

/// A risk declaration: the level, and why the rule gets it wrong.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RiskOverride {
    /// `read`, `write` or `destructive` (the runtime's names, [`Risk::as_str`]).
    #[serde(deserialize_with = "risk_level")]
    pub level: Risk,
    /// Why the rule's answer is wrong (kept in the file for maintainers, and in the codegen
    /// report).
    pub reason: String,
}

/// A risk level as `spec/overrides.yaml` writes it: one of the names [`Risk::as_str`] gives.
fn risk_level<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Risk, D::Error> {
    let name = String::deserialize(deserializer)?;
    Risk::ALL
        .into_iter()
        .find(|risk| risk.as_str() == name)
        .ok_or_else(|| {
            let names: Vec<String> = Risk::ALL.iter().map(|r| format!("`{r}`")).collect();
            serde::de::Error::custom(format!(
                "unknown risk level `{name}`, expected one of {}",
                names.join(", ")
            ))
        })
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
    /// Property names the description misspells: wrong → right (the name the API sends). The
    /// property (and its `required` entry) is renamed in every description that has the wrong
    /// spelling; one that has the right spelling needs nothing.
    #[serde(default)]
    pub spellings: BTreeMap<String, String>,
}

impl Overrides {
    /// Parses the file's text; syntax, unknown keys and a key given twice in one mapping are
    /// errors.
    ///
    /// Deserializing straight into the maps would keep the last of two entries with the same key
    /// and drop the first without a word; the text is read as a [`serde_yaml::Value`] first, whose
    /// mappings reject duplicate keys (naming the key and its line).
    pub fn parse(text: &str, diagnostics: &mut Diagnostics) -> Overrides {
        let parsed = serde_yaml::from_str::<serde_yaml::Value>(text)
            .and_then(|_| serde_yaml::from_str::<Option<Overrides>>(text));
        match parsed {
            Ok(o) => o.unwrap_or_default(),
            Err(e) => {
                let at = e
                    .location()
                    .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                    .unwrap_or_default();
                let lines = duplicate_key_lines(text, &e);
                let twice = if lines.len() > 1 {
                    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                    format!("; the key is on lines {}", lines.join(" and "))
                } else {
                    String::new()
                };
                diagnostics.error(
                    format!("{FILE}#"),
                    format!("invalid overrides file{at}: {e}{twice}"),
                );
                Overrides::default()
            }
        }
    }

    /// These overrides with [`Overrides::strict`] set: `true` for the pinned version.
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Reports an entry (of this file, or of an answer it gives) that does not apply to the
    /// description: an error when [`Overrides::strict`], else a warning. Every phase reports this
    /// way, so the policy is decided in one place.
    pub fn not_applied(
        &self,
        diagnostics: &mut Diagnostics,
        at: impl Into<String>,
        message: impl Into<String>,
    ) {
        if self.strict {
            diagnostics.error(at, message);
        } else {
            diagnostics.warning(at, message);
        }
    }

    /// Applies [`Overrides::patches`] to the raw description. A patch does not apply when its
    /// pointer names no node, or when its new value refers to a component schema the description
    /// does not define (an older description, before the schema existed): reported with
    /// [`Overrides::not_applied`]. Returns how many were applied.
    pub fn apply_patches(
        &self,
        doc: &mut serde_yaml::Value,
        diagnostics: &mut Diagnostics,
    ) -> usize {
        let mut applied = 0;
        for (i, patch) in self.patches.iter().enumerate() {
            let missing: Vec<String> = schema_refs(&patch.set)
                .into_iter()
                .filter(|name| component_schema(doc, name).is_none())
                .collect();
            let problem = if let Some(name) = missing.first() {
                Some(format!(
                    "patch of `{}` refers to `#/components/schemas/{name}`, which the description \
                     does not define; not applied",
                    patch.at
                ))
            } else if patch.add {
                match add_node(doc, &patch.at, patch.set.clone()) {
                    Ok(()) => {
                        applied += 1;
                        None
                    }
                    Err(message) => Some(message),
                }
            } else if let Some(node) = node_mut(doc, &patch.at) {
                *node = patch.set.clone();
                applied += 1;
                None
            } else {
                Some(format!(
                    "patch target `{}` is not in the description",
                    patch.at
                ))
            };
            if let Some(message) = problem {
                let at = child(&child(&format!("{FILE}#"), "patches"), &i.to_string());
                self.not_applied(diagnostics, at, message);
            }
        }
        applied
    }

    /// Applies every schema's `spellings` to the raw description's `properties` and `required`.
    /// An entry whose schema has neither spelling (or both) does not apply
    /// ([`Overrides::not_applied`]); a missing schema is left to [`Overrides::validate`]. Returns how many properties
    /// were renamed.
    pub fn apply_spellings(
        &self,
        doc: &mut serde_yaml::Value,
        diagnostics: &mut Diagnostics,
    ) -> usize {
        let mut applied = 0;
        for (schema, entry) in &self.schemas {
            let Some(node) = component_schema_mut(doc, schema) else {
                continue;
            };
            for (wrong, right) in &entry.spellings {
                let has = |name: &str| node.get("properties").and_then(|p| p.get(name)).is_some();
                let problem = match (has(wrong), has(right)) {
                    (true, false) => {
                        rename_property(node, wrong, right);
                        applied += 1;
                        None
                    }
                    (false, true) => None,
                    (false, false) => Some(format!(
                        "`{schema}` has no property `{wrong}` (nor `{right}`)"
                    )),
                    (true, true) => Some(format!(
                        "`{schema}` has both `{wrong}` and `{right}`; not renamed"
                    )),
                };
                if let Some(message) = problem {
                    let at = [FILE_SCHEMAS, schema, "spellings", wrong]
                        .into_iter()
                        .fold(format!("{FILE}#"), |at, s| child(&at, s));
                    self.not_applied(diagnostics, at, message);
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
    /// `operations` holds `(operationId, "METHOD /path")` pairs; a dangling entry is reported with
    /// [`Overrides::not_applied`].
    pub fn validate(
        &self,
        operations: &[(Option<String>, String)],
        tags: &BTreeSet<String>,
        schemas: &BTreeSet<String>,
        diagnostics: &mut Diagnostics,
    ) {
        let mut report = |at: String, message: String| self.not_applied(diagnostics, at, message);
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

/// For a duplicate-key error, the lines (1-based) where the key starts an entry of the mapping
/// the error points at: serde_yaml locates the mapping, not the second entry. Empty for other
/// errors, and for flow mappings (`{a: 1, a: 2}`), whose entries share a line.
fn duplicate_key_lines(text: &str, error: &serde_yaml::Error) -> Vec<usize> {
    let message = error.to_string();
    let Some(key) = message
        .split_once("duplicate entry with key \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(key, _)| key)
    else {
        return Vec::new();
    };
    let Some(start) = error.location() else {
        return Vec::new();
    };
    // The mapping's entries start at its first key's column; it ends at a line indented less.
    let indent = start.column().saturating_sub(1);
    let mut lines = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .skip(start.line().saturating_sub(1))
    {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let column = line.len() - content.len();
        if column < indent {
            break;
        }
        let entry_key = content
            .split_once(':')
            .map(|(k, _)| k.trim().trim_matches(['"', '\'']));
        if column == indent && entry_key == Some(key) {
            lines.push(n + 1);
        }
    }
    lines
}

/// `#/components/schemas/<name>` of a raw description.
fn component_schema<'a>(doc: &'a serde_yaml::Value, name: &str) -> Option<&'a serde_yaml::Value> {
    doc.get("components")?.get("schemas")?.get(name)
}

/// [`component_schema`], mutable.
fn component_schema_mut<'a>(
    doc: &'a mut serde_yaml::Value,
    name: &str,
) -> Option<&'a mut serde_yaml::Value> {
    doc.get_mut("components")?.get_mut("schemas")?.get_mut(name)
}

/// Renames property `from` of a schema node to `to`, in place (keeping the order of the
/// properties) and in its `required` list.
fn rename_property(node: &mut serde_yaml::Value, from: &str, to: &str) {
    if let Some(props) = node
        .get_mut("properties")
        .and_then(serde_yaml::Value::as_mapping_mut)
    {
        *props = std::mem::take(props)
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                Some(name) if name == from => (serde_yaml::Value::String(to.to_string()), v),
                _ => (k, v),
            })
            .collect();
    }
    if let Some(required) = node
        .get_mut("required")
        .and_then(serde_yaml::Value::as_sequence_mut)
    {
        for name in required.iter_mut() {
            if name.as_str() == Some(from) {
                *name = serde_yaml::Value::String(to.to_string());
            }
        }
    }
}

/// The component schemas a value refers to (`$ref: '#/components/schemas/<name>'`), sorted.
fn schema_refs(value: &serde_yaml::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m {
                    if k.as_str() == Some("$ref")
                        && let Some(name) = v
                            .as_str()
                            .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        out.insert(name.to_string());
                    }
                    stack.push(v);
                }
            }
            serde_yaml::Value::Sequence(items) => stack.extend(items),
            serde_yaml::Value::Tagged(t) => stack.push(&t.value),
            _ => {}
        }
    }
    out
}

/// Adds a node at a JSON pointer whose parent mapping exists and whose last segment does not.
fn add_node(
    doc: &mut serde_yaml::Value,
    pointer: &str,
    value: serde_yaml::Value,
) -> Result<(), String> {
    let (parent, last) = pointer
        .rsplit_once('/')
        .ok_or_else(|| format!("patch target `{pointer}` is not a JSON pointer"))?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let node = if parent.is_empty() {
        Some(doc)
    } else {
        node_mut(doc, parent)
    };
    match node {
        // `-` appends to a list (RFC 6901).
        Some(serde_yaml::Value::Sequence(items)) if last == "-" => {
            items.push(value);
            Ok(())
        }
        Some(serde_yaml::Value::Mapping(m)) => {
            if m.contains_key(last.as_str()) {
                return Err(format!(
                    "patch `{pointer}` adds a node the description already has; replace it \
                     without `add: true`"
                ));
            }
            m.insert(serde_yaml::Value::String(last), value);
            Ok(())
        }
        _ => Err(format!(
            "patch `{pointer}` adds a node under `{parent}`, which is not an object of the \
             description"
        )),
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
mod tests;
