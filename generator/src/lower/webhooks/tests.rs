//! Unit tests of `crate::lower::webhooks`.

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
