//! Unit tests of the risk rule and its overrides, and of where a body goes in the JSON input.

use crate::ir::{Api, BodyInput, Risk};
use crate::test_support::lower_text;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get: {operationId: listThings, tags: [Things], responses: {"200": {description: ok}}}
    post:
      operationId: createThing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses: {"200": {description: ok}}
  /things/search:
    post: {operationId: searchThings, tags: [Things], responses: {"200": {description: ok}}}
  /things/list:
    post: {operationId: listAllThings, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete: {operationId: deleteThing, tags: [Things], responses: {"200": {description: ok}}}
    put:
      operationId: updateThing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: string}, name: {type: string}}}
      responses: {"200": {description: ok}}
  /things/{id}/archive:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: archiveThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/unarchive:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: unarchiveThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/parts:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: redactThingPart
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - {type: object, properties: {a: {type: string}}, required: [a]}
                - {type: array, items: {type: string}}
      responses: {"200": {description: ok}}
  /visitors/convert:
    post: {operationId: convertThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/tags:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: attachTagToThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/tags/{tag_id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: tag_id, in: path, required: true, schema: {type: string}}
    delete: {operationId: detachTagFromThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/block:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: blockThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{id}/reply:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post: {operationId: replyToThing, tags: [Things], responses: {"200": {description: ok}}}
  /messages:
    get: {operationId: listMessages, tags: [Things], responses: {"200": {description: ok}}}
    post: {operationId: createMessage, tags: [Things], responses: {"200": {description: ok}}}
"#;

fn risks(api: &Api) -> Vec<(&str, Risk, &str)> {
    let mut out: Vec<(&str, Risk, &str)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.risk, o.risk_reason.as_str()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_rule_reads_methods_verbs_and_paths() {
    let (api, d) = lower_text(SPEC, "");
    assert!(!d.has_errors(), "{d}");
    assert_eq!(
        risks(&api),
        [
            // Undone by `unarchive`: a write.
            (
                "archiveThing",
                Risk::Write,
                "destructive verb `archive`, undone by `things.unarchive`"
            ),
            ("attachTagToThing", Risk::Write, "POST"),
            // No `unblock`: destructive.
            ("blockThing", Risk::Destructive, "destructive verb `block`"),
            ("convertThing", Risk::Write, "POST"),
            ("createMessage", Risk::Write, "POST"),
            ("createThing", Risk::Write, "POST"),
            ("deleteThing", Risk::Destructive, "DELETE"),
            // A link removed is a link the API can add back.
            (
                "detachTagFromThing",
                Risk::Write,
                "DELETE, undone by `things.attach_tag`"
            ),
            ("listAllThings", Risk::Read, "read verb `list`"),
            ("listMessages", Risk::Read, "GET"),
            ("listThings", Risk::Read, "GET"),
            (
                "redactThingPart",
                Risk::Destructive,
                "destructive verb `redact`"
            ),
            ("replyToThing", Risk::Write, "POST"),
            ("searchThings", Risk::Read, "read verb `search`"),
            ("unarchiveThing", Risk::Write, "POST"),
            ("updateThing", Risk::Write, "PUT"),
        ]
    );
}

#[test]
fn changes_that_reach_end_users_are_flagged_by_their_words_or_overrides() {
    let reaching = |api: &Api| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = api
            .operations
            .iter()
            .filter(|o| o.reaches_end_users)
            .map(|o| (o.id.clone(), o.end_users_reason.clone()))
            .collect();
        out.sort();
        out
    };
    let (api, d) = lower_text(SPEC, "");
    assert!(!d.has_errors(), "{d}");
    // Reads never reach anyone: `GET /messages` is not flagged.
    assert_eq!(
        reaching(&api),
        [
            ("createMessage".to_string(), "`message`".to_string()),
            ("replyToThing".to_string(), "`reply`".to_string()),
        ]
    );
    let overrides = "operations:\n  createThing:\n    reaches_end_users: {value: true, because: sends an SMS}\n  replyToThing:\n    reaches_end_users: {value: false, because: goes to a bot}\n";
    let (api, d) = lower_text(SPEC, overrides);
    assert!(!d.has_errors(), "{d}");
    assert_eq!(
        reaching(&api),
        [
            ("createMessage".to_string(), "`message`".to_string()),
            (
                "createThing".to_string(),
                "override: sends an SMS".to_string()
            ),
        ]
    );
    let redundant =
        "operations:\n  createMessage:\n    reaches_end_users: {value: true, because: r}\n";
    let (_, d) = lower_text(SPEC, redundant);
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(
        d.to_string().contains("createMessage/reaches_end_users"),
        "{d}"
    );
}

#[test]
fn overrides_win_and_redundant_ones_are_reported() {
    let overrides = "operations:\n  convertThing:\n    risk: {level: destructive, reason: merges and deletes}\n";
    let (api, d) = lower_text(SPEC, overrides);
    assert!(!d.has_errors(), "{d}");
    let convert = api.operations.iter().find(|o| o.id == "convertThing");
    assert_eq!(
        convert.map(|o| (o.risk, o.risk_reason.as_str())),
        Some((Risk::Destructive, "override: merges and deletes"))
    );

    let redundant = "operations:\n  deleteThing:\n    risk: {level: destructive, reason: r}\n";
    let (_, d) = lower_text(SPEC, redundant);
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(
        d.to_string()
            .contains("spec/overrides.yaml#/operations/deleteThing/risk"),
        "{d}"
    );

    let mut d = crate::diagnostics::Diagnostics::new();
    crate::overrides::Overrides::parse(
        "operations:\n  x:\n    risk: {level: harmless, reason: r}\n",
        &mut d,
    );
    assert!(d.has_errors() && d.to_string().contains("harmless"), "{d}");
}

#[test]
fn object_bodies_merge_beside_parameters_unless_a_key_clashes() {
    let (api, _) = lower_text(SPEC, "");
    let body_input = |id: &str| {
        api.operations
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.body_input.clone())
    };
    assert_eq!(body_input("createThing"), Some(BodyInput::Merged));
    // The body's `id` would clash with the path parameter `id`.
    assert_eq!(
        body_input("updateThing"),
        Some(BodyInput::Key("body".into()))
    );
    // A union is not an object.
    assert_eq!(
        body_input("redactThingPart"),
        Some(BodyInput::Key("body".into()))
    );
}
