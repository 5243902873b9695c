//! Unit tests of `crate::overrides::webhooks`.

use super::*;
use crate::overrides::Overrides;

fn section(text: &str) -> Overrides {
    let mut d = Diagnostics::new();
    let o = Overrides::parse(text, &mut d);
    assert!(d.is_empty(), "{d}");
    o
}

#[test]
fn parses_items_topics_and_selection() {
    let w = section(
            "webhooks:\n  items:\n    conversation: {schema: conversation}\n    closed: {schema: webhook_closed, select: topic, key: ticket}\n  topics:\n    ping: {item: ping, doc: Ping.}\n    api.request.completed: {doc: An API request completed.}\n",
        )
        .webhooks;
    assert_eq!(w.items["conversation"].select, Select::Type);
    assert_eq!(w.items["closed"].select, Select::Topic);
    assert_eq!(w.items["closed"].key.as_deref(), Some("ticket"));
    assert_eq!(w.topics["ping"].item.as_deref(), Some("ping"));
    assert_eq!(w.topics["api.request.completed"].item, None);
}

#[test]
fn unknown_keys_and_selections_are_errors() {
    for text in [
        "webhooks:\n  topics:\n    ping: {itme: ping, doc: x}\n",
        "webhooks:\n  items:\n    x: {schema: x, select: sometimes}\n",
        "webhooks:\n  topics:\n    ping: {item: ping}\n",
    ] {
        let mut d = Diagnostics::new();
        Overrides::parse(text, &mut d);
        assert!(d.has_errors(), "{text}");
    }
}

#[test]
fn schemas_are_added_unless_they_clash_or_dangle() {
    let w = section(
        "webhooks:\n  schemas:\n    ping: {type: object}\n    tagged: {properties: {tag: {$ref: '#/components/schemas/tag'}}}\n    other: {properties: {p: {$ref: '#/components/schemas/webhook_ping'}}}\n    taken: {type: object}\n",
    );
    let mut doc: serde_yaml::Value = serde_yaml::from_str(
        "components: {schemas: {contact: {type: object}, webhook_taken: {type: string}}}",
    )
    .expect("yaml");
    let mut d = Diagnostics::new();
    // `tagged` refers to a schema this description lacks; `taken` would replace one.
    assert_eq!(
        w.clone()
            .with_strict(false)
            .inject_webhook_schemas(&mut doc, &mut d),
        2
    );
    let schemas = &doc["components"]["schemas"];
    assert!(schemas.get("webhook_ping").is_some());
    assert!(schemas.get("webhook_other").is_some());
    assert!(schemas.get("webhook_tagged").is_none());
    assert_eq!(schemas["webhook_taken"]["type"].as_str(), Some("string"));
    assert_eq!((d.error_count(), d.warning_count()), (0, 2), "{d}");
    assert!(
        d.to_string()
            .contains("spec/overrides.yaml#/webhooks/schemas/tagged"),
        "{d}"
    );
    let mut strict = Diagnostics::new();
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str("components: {schemas: {}}").expect("yaml");
    w.with_strict(true)
        .inject_webhook_schemas(&mut doc, &mut strict);
    assert_eq!(strict.error_count(), 1, "{strict}");
}
