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
mod tests;
