//! Unit tests of the argument rule: path parameters stay, a typed choice where the description
//! gives one, named arguments for the rest, and shortcuts' fixed and required fields.

use crate::ir::{Api, ArgSource};
use crate::test_support::lower_text;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /groups/{group_id}/things/{id}:
    parameters:
      - {name: group_id, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: string}}
    get: {operationId: getThing, tags: [Things], responses: {"200": {description: ok}}}
  /things/{thing_id}/tags:
    parameters: [{name: thing_id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: tagThing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, admin_id]
              properties: {id: {type: string}, admin_id: {type: string}}
      responses: {"200": {description: ok}}
  /things/{id}/parts:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    post:
      operationId: manageThing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - title: Assign
                  type: object
                  required: [message_type, type, admin_id, assignee_id]
                  properties:
                    message_type: {type: string, enum: [assignment]}
                    type: {type: string, enum: [admin, team]}
                    admin_id: {type: string}
                    assignee_id: {type: string, description: The id of the admin or team to assign.}
                    body: {type: string}
                - title: Note
                  type: object
                  required: [message_type, admin_id]
                  properties:
                    message_type: {type: string, enum: [note, comment]}
                    admin_id: {type: string}
                    body: {type: string}
      responses: {"200": {description: ok}}
"#;

const OVERRIDES: &str = r#"
operations:
  manageThing:
    shortcuts:
      assign: Assign
      note: {variant: Note, set: {message_type: note}, require: [body]}
"#;

fn api() -> Api {
    let (api, d) = lower_text(SPEC, OVERRIDES);
    assert!(!d.has_errors(), "{d}");
    api
}

fn names(api: &Api, call: &str) -> Vec<String> {
    let case = api.swaps.iter().find(|c| c.call == call);
    case.map(|c| c.after.clone()).unwrap_or_default()
}

#[test]
fn path_parameters_in_path_order_are_no_case() {
    let api = api();
    assert!(
        !api.swaps.iter().any(|c| c.call == "things().get"),
        "{:?}",
        api.swaps
    );
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "getThing")
        .expect("op");
    assert_eq!(op.arguments.len(), 2);
    assert!(op.arguments.iter().all(|a| a.wrapper.is_none()));
}

#[test]
fn body_fields_beside_a_same_typed_argument_are_named() {
    let api = api();
    // `id` is named for the path's last noun.
    assert_eq!(
        names(&api, "things().tag"),
        ["thing_id: String", "id: TagId<…>", "admin_id: AdminId<…>"]
    );
}

#[test]
fn an_enum_and_the_id_its_description_names_become_a_typed_choice() {
    let api = api();
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "manageThing")
        .expect("op");
    let assign = op
        .shortcuts
        .iter()
        .find(|s| s.method == "assign")
        .expect("assign");
    let choice = assign
        .arguments
        .iter()
        .find_map(|a| match &a.source {
            ArgSource::Choice(c) => Some(c),
            _ => None,
        })
        .expect("a choice");
    assert_eq!(choice.name, "Assignee");
    let variants: Vec<&str> = choice.variants.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(variants, ["Admin", "Team"]);
    // The choice took the enum's place, between the two strings.
    assert_eq!(
        names(&api, "things().assign"),
        ["id: String", "assignee: Assignee", "admin_id: String"]
    );
}

#[test]
fn a_shortcut_fixes_and_requires_fields() {
    let api = api();
    let op = api
        .operations
        .iter()
        .find(|o| o.id == "manageThing")
        .expect("op");
    let note = op
        .shortcuts
        .iter()
        .find(|s| s.method == "note")
        .expect("note");
    let args: Vec<&str> = note.arguments.iter().map(|a| a.name.as_str()).collect();
    // `message_type` is fixed; `body` (optional in the shape) is required by the shortcut.
    assert_eq!(args, ["id", "admin_id", "body"]);
    assert_eq!(note.builder, "ThingsNote");
}

#[test]
fn a_shortcut_fixing_a_value_its_enum_lacks_is_an_error() {
    let overrides = OVERRIDES.replace("message_type: note", "message_type: nope");
    let (_, d) = lower_text(SPEC, &overrides);
    assert!(d.to_string().contains("sets `message_type: nope`"), "{d}");
}
