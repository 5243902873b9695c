//! Unit tests of `crate::crosscheck::names`.

use super::*;
use crate::test_support::lower_text;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get: {operationId: listThings, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {operationId: retrieveThing, tags: [Things], responses: {"200": {description: ok}}}
"#;

const OVERLAY: &str = r#"
paths:
  /things:
    get: {x-fern-sdk-group-name: [things], x-fern-sdk-method-name: listAllThings}
  /things/{id}:
    get: {x-fern-sdk-group-name: [things], x-fern-sdk-method-name: find}
"#;

fn run(overrides: &str) -> (Api, Diagnostics) {
    let (mut api, _) = lower_text(SPEC, overrides);
    let doc: Value = serde_yaml::from_str(OVERLAY).expect("overlay");
    let sdk = sdk_methods(&doc);
    assert_eq!(sdk[0].python(), "list_all_things");
    let mut d = Diagnostics::new();
    aliases(&mut api, &sdk, "overlay.yml", &mut d);
    (api, d)
}

#[test]
fn sdk_names_become_aliases_of_their_operation() {
    let (api, d) = run("");
    assert!(d.is_empty(), "{d}");
    let list = api
        .operations
        .iter()
        .find(|o| o.id == "listThings")
        .expect("op");
    assert_eq!(list.sdk_aliases, ["listAllThings", "list_all_things"]);
    let get = api
        .operations
        .iter()
        .find(|o| o.id == "retrieveThing")
        .expect("op");
    assert_eq!(get.sdk_aliases, ["find"]);
}

#[test]
fn our_name_for_another_sdk_operation_is_an_error() {
    let (_, d) = run("operations:\n  listThings: {method: find}\n");
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(
        d.to_string().contains("`things().find` is `GET /things`"),
        "{d}"
    );
}
