//! The webhook section of the overrides, resolved against the lowered types: each item kind gets
//! its model ([`WebhookItem::ty`]) and each topic its item kind, with Rust names from
//! [`crate::naming`].
//!
//! Problems are reported at the entry's pointer in `spec/overrides.yaml`. A schema the
//! description lacks is an error for the pinned version and a warning for the others (an older
//! description before the schema existed): its item kind is left out, and topics naming it get
//! no documented item. Malformed entries and name clashes are errors in every version.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, TypeId, WebhookItem, WebhookSelect, WebhookTopic, Webhooks};
use crate::naming;
use crate::overrides::webhooks::{ItemOverride, SCHEMA_PREFIX, Select};
use crate::overrides::{FILE, Overrides};

/// Resolves the overrides' webhooks section against `api`'s types.
pub fn resolve(api: &Api, overrides: &Overrides, diagnostics: &mut Diagnostics) -> Webhooks {
    let section = &overrides.webhooks;
    let base = child(&format!("{FILE}#"), "webhooks");
    let components: BTreeMap<&str, TypeId> = api
        .types
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let name = t.origin.strip_prefix("#/components/schemas/")?;
            (!name.contains('/')).then_some((name, TypeId(i)))
        })
        .collect();

    let mut items: Vec<WebhookItem> = Vec::new();
    for (key, entry) in &section.items {
        let at = child(&child(&base, "items"), key);
        let Some(select) = selection(key, entry, &items, &at, diagnostics) else {
            continue;
        };
        let Some(&ty) = components.get(entry.schema.as_str()) else {
            // One of the section's own schemas that could not be added was reported then.
            let own = entry
                .schema
                .strip_prefix(SCHEMA_PREFIX)
                .is_some_and(|name| section.schemas.contains_key(name));
            if own {
                continue;
            }
            let message = format!(
                "no schema `{}` in components/schemas (nor among the webhook schemas added to \
                 this description); `{key}` items stay raw JSON",
                entry.schema
            );
            overrides.not_applied(diagnostics, at, message);
            continue;
        };
        let variant = naming::type_name(key.strip_suffix(".*").unwrap_or(key));
        if let Some(other) = items.iter().find(|i| i.variant == variant) {
            diagnostics.error(
                at,
                format!(
                    "`{key}` and `{}` would both be `WebhookItem::{variant}`",
                    other.key
                ),
            );
            continue;
        }
        if variant == naming::UNKNOWN_VARIANT {
            diagnostics.error(at, "`Unknown` is the variant for items of unknown types");
            continue;
        }
        items.push(WebhookItem {
            key: key.clone(),
            variant,
            ty,
            select,
        });
    }

    let mut topics: Vec<WebhookTopic> = Vec::new();
    for (wire, entry) in &section.topics {
        let at = child(&child(&base, "topics"), wire);
        if wire.is_empty() || wire.chars().any(|c| c.is_whitespace() || c == '"') {
            diagnostics.error(at, format!("`{wire}` is not a topic name"));
            continue;
        }
        let variant = naming::variant_name(wire);
        if let Some(other) = topics.iter().find(|t| t.variant == variant) {
            diagnostics.error(
                at,
                format!(
                    "`{wire}` and `{}` would both be `Topic::{variant}`",
                    other.wire
                ),
            );
            continue;
        }
        let item = match &entry.item {
            None => None,
            Some(item_type) => {
                let found = items.iter().position(|i| names(i, item_type));
                if found.is_none() {
                    let known = section.items.iter().any(|(key, e)| {
                        key == item_type
                            || (e.select == Select::Type
                                && key
                                    .strip_suffix('*')
                                    .is_some_and(|p| item_type.starts_with(p)))
                    });
                    let message = format!("no item kind `{item_type}` in `webhooks.items`");
                    // A kind left out above (its schema is missing) was reported there.
                    if !known {
                        diagnostics.error(at, message);
                    }
                }
                found
            }
        };
        topics.push(WebhookTopic {
            wire: wire.clone(),
            variant,
            item,
            doc: entry.doc.trim().to_string(),
        });
    }
    let schemas = section
        .schemas
        .keys()
        .filter_map(|name| components.get(format!("{SCHEMA_PREFIX}{name}").as_str()))
        .copied()
        .collect();
    Webhooks {
        items,
        topics,
        schemas,
    }
}

/// The selection of an item kind, or `None` (reported) when its entry is malformed.
fn selection(
    key: &str,
    entry: &ItemOverride,
    items: &[WebhookItem],
    at: &str,
    diagnostics: &mut Diagnostics,
) -> Option<WebhookSelect> {
    let stem = key.strip_suffix(".*").unwrap_or(key);
    if stem.is_empty() || stem.contains('*') || key.chars().any(char::is_whitespace) {
        diagnostics.error(
            at,
            format!("`{key}` is neither an item type nor a `type.*` prefix"),
        );
        return None;
    }
    if entry.key.is_some() && entry.select != Select::Topic {
        diagnostics.error(at, "`key` only applies to `select: topic`");
        return None;
    }
    if entry.select != Select::Type && stem != key {
        diagnostics.error(at, "a `type.*` prefix only applies to `select: type`");
        return None;
    }
    match entry.select {
        Select::Type => Some(WebhookSelect::Type {
            prefix: stem != key,
        }),
        Select::Topic => Some(WebhookSelect::Topic {
            key: entry.key.clone(),
        }),
        Select::Deleted => {
            if items.iter().any(|i| i.select == WebhookSelect::Deleted) {
                diagnostics.error(at, "only one item kind can be `select: deleted`");
                return None;
            }
            Some(WebhookSelect::Deleted)
        }
    }
}

/// Whether a topic's `item` names this kind: its key, or a type its `type.*` prefix matches.
fn names(item: &WebhookItem, item_type: &str) -> bool {
    match item.select {
        WebhookSelect::Type { prefix: true } => item
            .key
            .strip_suffix('*')
            .is_some_and(|p| item_type.starts_with(p)),
        _ => item.key == item_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ApiInfo, Gate, StructDef, TypeDef, TypeKind, Usage};
    use crate::overrides::Overrides;

    fn api(schemas: &[&str]) -> Api {
        Api {
            info: ApiInfo {
                title: "t".into(),
                version: "v".into(),
                header: "v".into(),
                sha256: String::new(),
            },
            types: schemas
                .iter()
                .map(|name| TypeDef {
                    name: naming::type_name(name),
                    file: (*name).to_string(),
                    origin: format!("#/components/schemas/{name}"),
                    doc: None,
                    kind: TypeKind::Struct(StructDef {
                        fields: Vec::new(),
                        requires_one_of: Vec::new(),
                        one_of_titles: Vec::new(),
                        alternatives: Vec::new(),
                    }),
                    usage: Usage::default(),
                    gate: Gate::Always,
                    deprecated: false,
                })
                .collect(),
            resources: Vec::new(),
            operations: Vec::new(),
            fallbacks: Vec::new(),
            webhooks: None,
            timestamps: Default::default(),
            prose: Vec::new(),
            swaps: Vec::new(),
        }
    }

    fn resolved(text: &str, schemas: &[&str], strict: bool) -> (Webhooks, Diagnostics) {
        let mut d = Diagnostics::new();
        let o = Overrides::parse(text, &mut d);
        assert!(d.is_empty(), "{d}");
        let w = resolve(&api(schemas), &o.with_strict(strict), &mut d);
        (w, d)
    }

    const SECTION: &str = "webhooks:
  items:
    conversation: {schema: conversation}
    content_stat.*: {schema: webhook_content_stat}
    deleted: {schema: webhook_deleted_item, select: deleted}
    ticket_closed: {schema: webhook_ticket_closed, select: topic, key: ticket}
  topics:
    content_stat.series: {item: content_stat.series, doc: A series stat.}
    conversation.admin.replied: {item: conversation, doc: An admin replied.}
    conversation.deleted: {item: deleted, doc: ' A conversation was deleted. '}
    ticket.closed: {item: ticket_closed, doc: A ticket was closed.}
    api.request.completed: {doc: An API request completed.}
";

    #[test]
    fn items_get_models_and_topics_get_items() {
        let schemas = [
            "conversation",
            "webhook_content_stat",
            "webhook_deleted_item",
            "webhook_ticket_closed",
        ];
        let (w, d) = resolved(SECTION, &schemas, true);
        assert!(d.is_empty(), "{d}");
        let items: Vec<(&str, &str, usize)> = w
            .items
            .iter()
            .map(|i| (i.key.as_str(), i.variant.as_str(), i.ty.0))
            .collect();
        assert_eq!(
            items,
            [
                ("content_stat.*", "ContentStat", 1),
                ("conversation", "Conversation", 0),
                ("deleted", "Deleted", 2),
                ("ticket_closed", "TicketClosed", 3),
            ]
        );
        assert_eq!(w.items[0].select, WebhookSelect::Type { prefix: true });
        assert_eq!(
            w.items[3].select,
            WebhookSelect::Topic {
                key: Some("ticket".into())
            }
        );
        let topics: Vec<(&str, &str, Option<&str>, &str)> = w
            .topics
            .iter()
            .map(|t| {
                (
                    t.wire.as_str(),
                    t.variant.as_str(),
                    t.item.map(|i| w.items[i].variant.as_str()),
                    t.doc.as_str(),
                )
            })
            .collect();
        assert_eq!(
            topics,
            [
                (
                    "api.request.completed",
                    "ApiRequestCompleted",
                    None,
                    "An API request completed."
                ),
                (
                    "content_stat.series",
                    "ContentStatSeries",
                    Some("ContentStat"),
                    "A series stat."
                ),
                (
                    "conversation.admin.replied",
                    "ConversationAdminReplied",
                    Some("Conversation"),
                    "An admin replied."
                ),
                (
                    "conversation.deleted",
                    "ConversationDeleted",
                    Some("Deleted"),
                    "A conversation was deleted."
                ),
                (
                    "ticket.closed",
                    "TicketClosed",
                    Some("TicketClosed"),
                    "A ticket was closed."
                ),
            ]
        );
    }

    /// An older description without the schema: the kind is dropped with a warning, and the
    /// topics naming it lose their item without a second report.
    #[test]
    fn missing_schemas_are_errors_only_when_strict() {
        let (w, d) = resolved(SECTION, &["conversation"], false);
        assert_eq!((d.error_count(), d.warning_count()), (0, 3), "{d}");
        assert_eq!(w.items.len(), 1);
        assert_eq!(w.topics.len(), 5);
        assert!(w.topics.iter().filter(|t| t.item.is_some()).count() == 1);
        let (_, d) = resolved(SECTION, &["conversation"], true);
        assert_eq!(d.error_count(), 3, "{d}");
        assert!(
            d.to_string()
                .contains("spec/overrides.yaml#/webhooks/items/deleted"),
            "{d}"
        );
    }

    /// The section's own schemas are reported when they cannot be added, not again here; those
    /// that were added are listed (the schema count leaves them out).
    #[test]
    fn own_schemas_are_listed_and_reported_once() {
        let text = "webhooks:\n  schemas:\n    ping: {type: object}\n  items:\n    ping: {schema: webhook_ping}\n";
        let (w, d) = resolved(text, &["contact"], true);
        assert!(d.is_empty(), "{d}");
        assert!(w.items.is_empty() && w.schemas.is_empty());
        let (w, d) = resolved(text, &["contact", "webhook_ping"], true);
        assert!(d.is_empty(), "{d}");
        assert_eq!(w.schemas, [TypeId(1)]);
        let mut api = api(&["contact", "webhook_ping"]);
        assert_eq!(api.schema_count(), 2);
        api.webhooks = Some(w);
        assert_eq!(api.schema_count(), 1);
    }

    #[test]
    fn malformed_entries_and_clashes_are_errors() {
        let cases = [
            // A topic naming an item kind that is not declared.
            "webhooks:\n  topics:\n    a.b: {item: nothing, doc: x}\n",
            // Two topics, one variant.
            "webhooks:\n  topics:\n    a.b: {doc: x}\n    a_b: {doc: y}\n",
            // Two item kinds, one variant.
            "webhooks:\n  items:\n    a.b: {schema: s}\n    a_b: {schema: s}\n",
            // `key` without `select: topic`; a prefix selected by topic; a bad key.
            "webhooks:\n  items:\n    a: {schema: s, key: k}\n",
            "webhooks:\n  items:\n    a.*: {schema: s, select: topic}\n",
            "webhooks:\n  items:\n    '*.a': {schema: s}\n",
            // Two deletion kinds.
            "webhooks:\n  items:\n    d1: {schema: s, select: deleted}\n    d2: {schema: s, select: deleted}\n",
            // A topic name with a space.
            "webhooks:\n  topics:\n    'a b': {doc: x}\n",
            // The reserved variant.
            "webhooks:\n  items:\n    unknown: {schema: s}\n",
        ];
        for text in cases {
            let (_, d) = resolved(text, &["s"], false);
            assert_eq!(d.error_count(), 1, "{text}\n{d}");
        }
    }
}
