//! Unit tests of `crate::overrides`.

use super::*;

/// Parses a valid overrides file; returns it with an empty diagnostics list to fill.
fn parsed(text: &str) -> (Overrides, Diagnostics) {
    let mut d = Diagnostics::new();
    let o = Overrides::parse(text, &mut d);
    assert!(d.is_empty(), "{d}");
    (o, d)
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).expect("yaml")
}

fn ops() -> Vec<(Option<String>, String)> {
    vec![
        (Some("listContacts".into()), "GET /contacts".into()),
        (None, "POST /export/enqueue".into()),
    ]
}

#[test]
fn parses_and_finds_by_id_or_method_path() {
    let (o, _) = parsed(
        "operations:\n  listContacts: {method: list}\n  POST /export/enqueue: {id: enqueueExport}\n",
    );
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

/// Two entries for one operation: the second used to replace the first silently (the
/// `manageConversation` shortcuts vanished that way).
#[test]
fn duplicate_keys_are_errors_naming_key_and_line() {
    let mut d = Diagnostics::new();
    let o = Overrides::parse(
        "operations:\n  a: {method: x}\n  b: {method: y}\n  a:\n    resource: T\n",
        &mut d,
    );
    assert_eq!(d.error_count(), 1, "{d}");
    let text = d.to_string();
    assert!(text.contains("duplicate entry with key \"a\""), "{text}");
    assert!(text.contains("on lines 2 and 4"), "{text}");
    assert!(o.operations.is_empty());
    // Anywhere in the file, not only under `operations`.
    let mut d = Diagnostics::new();
    Overrides::parse("schemas:\n  s:\n    name: A\n    name: B\n", &mut d);
    assert!(
        d.to_string().contains("duplicate entry with key \"name\""),
        "{d}"
    );
    // The same key in different mappings is fine.
    parsed("operations:\n  a: {method: x}\n  b: {method: x}\n");
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
    o.clone()
        .with_strict(true)
        .validate(&ops(), &tags, &schemas, &mut d);
    assert_eq!(d.error_count(), 4, "{d}");
    let text = d.to_string();
    assert!(
        text.contains("spec/overrides.yaml#/operations/nope"),
        "{text}"
    );
    let mut lenient = Diagnostics::new();
    o.clone()
        .with_strict(false)
        .validate(&ops(), &tags, &schemas, &mut lenient);
    assert_eq!((lenient.error_count(), lenient.warning_count()), (0, 4));
}

#[test]
fn patches_replace_nodes_and_report_missing_targets() {
    let (o, mut d) = parsed(
        "patches:\n  - at: /a/b~1c/0\n    reason: r\n    set: {type: string}\n  - at: /nope\n    reason: r\n    set: 1\n",
    );
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str("a: {b/c: [{type: object}]}").expect("yaml");
    assert_eq!(
        o.clone().with_strict(true).apply_patches(&mut doc, &mut d),
        1
    );
    assert_eq!(doc["a"]["b/c"][0]["type"].as_str(), Some("string"));
    assert_eq!(d.error_count(), 1);
    assert!(
        d.to_string().contains("spec/overrides.yaml#/patches/1"),
        "{d}"
    );
}

/// `data_export.job_identfier` (2.7–2.10, 2.12, 2.13, Preview) is `job_identifier` on the
/// wire and in the descriptions that spell it right.
#[test]
fn spellings_rename_misspelled_properties_where_present() {
    let (o, mut d) =
        parsed("schemas:\n  export:\n    spellings: {job_identfier: job_identifier, gone: here}\n");
    let mut doc = yaml(
        "components: {schemas: {export: {required: [job_identfier], properties: {job_identfier: {type: string}, status: {type: string}}}}}",
    );
    assert_eq!(
        o.clone()
            .with_strict(false)
            .apply_spellings(&mut doc, &mut d),
        1
    );
    let export = &doc["components"]["schemas"]["export"];
    let keys: Vec<&str> = export["properties"]
        .as_mapping()
        .expect("properties")
        .keys()
        .filter_map(serde_yaml::Value::as_str)
        .collect();
    assert_eq!(keys, ["job_identifier", "status"]);
    assert_eq!(export["required"][0].as_str(), Some("job_identifier"));
    // `gone` is in neither spelling: reported at its entry.
    assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
    assert!(
        d.to_string()
            .contains("spec/overrides.yaml#/schemas/export/spellings/gone"),
        "{d}"
    );
    // Already spelled right: nothing to do, nothing to report but `gone`.
    let mut strict = Diagnostics::new();
    assert_eq!(
        o.clone()
            .with_strict(true)
            .apply_spellings(&mut doc, &mut strict),
        0
    );
    assert_eq!(strict.error_count(), 1, "{strict}");
}

/// 2.9–2.11 have `ticket.ticket_state` but not the `ticket_state` schema a later patch
/// points it at: the patch must not leave a dangling reference behind.
#[test]
fn patches_referring_to_missing_schemas_are_not_applied() {
    let (o, mut d) = parsed(
        "patches:\n  - at: /components/schemas/t/properties/s\n    reason: r\n    set: {oneOf: [{$ref: '#/components/schemas/state'}, {type: string}]}\n",
    );
    let mut doc = yaml("components: {schemas: {t: {properties: {s: {type: string}}}}}");
    assert_eq!(
        o.clone().with_strict(false).apply_patches(&mut doc, &mut d),
        0
    );
    assert_eq!(
        doc["components"]["schemas"]["t"]["properties"]["s"]["type"].as_str(),
        Some("string")
    );
    assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
    assert!(
        d.to_string().contains("`#/components/schemas/state`"),
        "{d}"
    );
    assert_eq!(
        o.clone().with_strict(true).apply_patches(&mut doc, &mut d),
        0
    );
    assert_eq!(d.error_count(), 1, "{d}");
    let mut doc = yaml(
        "components: {schemas: {state: {type: object}, t: {properties: {s: {type: string}}}}}",
    );
    assert_eq!(
        o.clone().with_strict(true).apply_patches(&mut doc, &mut d),
        1
    );
}
