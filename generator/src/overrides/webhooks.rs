//! The `webhooks` section of `spec/overrides.yaml`: every documented webhook topic, the type of
//! item each one sends, and the item shapes only webhooks use.
//!
//! ```yaml
//! webhooks:
//!   schemas:            # added to the description as `webhook_<name>`, generated like any model
//!     ping: {type: object, properties: {type: {type: string}, message: {type: string}}}
//!   items:              # `data.item.type` → the component schema that decodes it
//!     conversation: {schema: conversation}
//!     content_stat.*: {schema: webhook_content_stat}          # any `content_stat.<kind>`
//!     deleted: {schema: webhook_deleted_item, select: deleted}
//!     ticket_closed: {schema: webhook_ticket_closed, select: topic, key: ticket}
//!   topics:             # topic → its item (`~`: not documented) and a line of docs
//!     conversation.admin.replied: {item: conversation, doc: An admin replied to a conversation.}
//! ```
//!
//! The section is checked and resolved while lowering (`lower::webhooks`); this module only
//! reads it and adds its schemas to the raw description.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{FILE, Overrides, component_schema, schema_refs};
use crate::diagnostics::{Diagnostics, child};

/// Prefix of the component name each webhook-only schema gets in the description.
pub const SCHEMA_PREFIX: &str = "webhook_";

/// The whole `webhooks` section.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebhooksOverride {
    /// Item shapes only webhooks send, as OpenAPI schemas: `name` becomes the component
    /// `webhook_<name>` of the description before anything reads it.
    #[serde(default)]
    pub schemas: BTreeMap<String, serde_yaml::Value>,
    /// How an item is decoded, keyed by its `type` (`conversation`; `content_stat.*` for every
    /// type starting `content_stat.`), or by a name of its own for items a topic selects.
    #[serde(default)]
    pub items: BTreeMap<String, ItemOverride>,
    /// Every documented topic (its dotted wire name) and its item.
    #[serde(default)]
    pub topics: BTreeMap<String, TopicOverride>,
}

/// One kind of item.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ItemOverride {
    /// The component schema that decodes it (`webhook_<name>` for the section's own schemas).
    pub schema: String,
    /// What chooses this kind of item (default: its `type`).
    #[serde(default)]
    pub select: Select,
    /// With `select: topic`: the object the item must have for the topic's choice to hold
    /// (`ticket` for `ticket.closed`, which nests the ticket there since API 2.15); otherwise the
    /// item's `type` decides.
    pub key: Option<String>,
}

/// What chooses an item kind.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Select {
    /// The item's `type` (the usual case).
    #[default]
    Type,
    /// Only a topic naming it: payloads whose `type` does not say what they are.
    Topic,
    /// The minimal payload of a deletion: chosen by the topics naming it, and for a topic the
    /// crate does not know when the item says `"deleted": true`.
    Deleted,
}

/// One topic.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TopicOverride {
    /// The `type` its item has (or the name of a `select: topic` item kind); absent where the
    /// docs do not say.
    pub item: Option<String>,
    /// One line for the topic's rustdoc: what happened.
    pub doc: String,
}

impl Overrides {
    /// Adds every schema of the webhooks section to the raw description as `webhook_<name>`. A
    /// schema that would replace one of the description's own, or that refers to a component
    /// schema the description does not define (an older description), is not added
    /// ([`Overrides::not_applied`]). Returns how many were added.
    pub fn inject_webhook_schemas(
        &self,
        doc: &mut serde_yaml::Value,
        diagnostics: &mut Diagnostics,
    ) -> usize {
        let section = &self.webhooks;
        let own: BTreeSet<String> = section
            .schemas
            .keys()
            .map(|name| format!("{SCHEMA_PREFIX}{name}"))
            .collect();
        let mut added = 0;
        for (name, schema) in &section.schemas {
            let component = format!("{SCHEMA_PREFIX}{name}");
            let at = child(
                &child(&child(&format!("{FILE}#"), "webhooks"), "schemas"),
                name,
            );
            if component_schema(doc, &component).is_some() {
                self.not_applied(
                    diagnostics,
                    at,
                    format!("the description already has a schema `{component}`; not replaced"),
                );
                continue;
            }
            let missing = schema_refs(schema)
                .into_iter()
                .find(|r| !own.contains(r) && component_schema(doc, r).is_none());
            if let Some(missing) = missing {
                self.not_applied(
                    diagnostics,
                    at,
                    format!(
                        "`{name}` refers to `#/components/schemas/{missing}`, which the \
                         description does not define; not added"
                    ),
                );
                continue;
            }
            let Some(schemas) = schemas_mapping(doc) else {
                diagnostics.error(
                    at,
                    "the description has no `components/schemas` to add webhook schemas to",
                );
                return added;
            };
            schemas.insert(serde_yaml::Value::String(component), schema.clone());
            added += 1;
        }
        added
    }
}

/// `components/schemas` of a raw description, as a mapping.
fn schemas_mapping(doc: &mut serde_yaml::Value) -> Option<&mut serde_yaml::Mapping> {
    doc.get_mut("components")?
        .get_mut("schemas")?
        .as_mapping_mut()
}

#[cfg(test)]
mod tests;
