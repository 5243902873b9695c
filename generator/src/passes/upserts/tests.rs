//! Unit tests of `crate::passes::upserts`.

use crate::test_support::lower_text;

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: things, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/create_thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}
  /things/{id}:
    put:
      operationId: updateThing
      tags: [Things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/update_thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing'}
components:
  schemas:
    thing:
      type: object
      properties:
        id: {type: string}
    create_thing:
      type: object
      properties:
        email: {type: string}
        name: {type: string}
    update_thing:
      type: object
      properties:
        email: {type: string}
        name: {type: string}
        extra: {type: integer}
"#;

fn overrides(update: &str, keys: &str) -> String {
    format!(
        "operations:\n  createThing:\n    upsert:\n      update: {update}\n      keys: {keys}\n      because: test\n"
    )
}

#[test]
fn a_fitting_declaration_gives_the_create_an_upsert() {
    let (api, diagnostics) = lower_text(SPEC, &overrides("updateThing", "[email]"));
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    let create = api
        .operations
        .iter()
        .find(|o| o.id == "createThing")
        .unwrap();
    let upsert = create.upsert.as_ref().expect("upsert resolved");
    assert_eq!(upsert.update_id, "updateThing");
    assert_eq!(upsert.update_builder, "ThingsUpdate");
    assert_eq!(upsert.id_param, "id");
    assert_eq!(upsert.optional_params, ["verbose"]);
    assert_eq!(upsert.keys, ["email"]);
}

#[test]
fn declarations_that_do_not_fit_are_errors() {
    for (update, keys, expected) in [
        ("nope", "[email]", "no update operation `nope`"),
        (
            "updateThing",
            "[phone]",
            "key `phone` is not a body property",
        ),
        ("updateThing", "[]", "`keys` must name at least one"),
        (
            "createThing",
            "[email]",
            "must take exactly one required parameter",
        ),
    ] {
        let (api, diagnostics) = lower_text(SPEC, &overrides(update, keys));
        assert!(diagnostics.has_errors(), "{update} {keys}");
        let text = diagnostics.to_string();
        assert!(text.contains(expected), "{update} {keys}: {text}");
        assert!(api.operations.iter().all(|o| o.upsert.is_none()));
    }
}

#[test]
fn an_update_that_would_drop_a_property_is_refused() {
    let spec = SPEC.replace(
        "        name: {type: string}\n        extra: {type: integer}",
        "        extra: {type: integer}",
    );
    let (_, diagnostics) = lower_text(&spec, &overrides("updateThing", "[email]"));
    let text = diagnostics.to_string();
    assert!(
        text.contains("has no body property `name`, which `createThing` sends"),
        "{text}"
    );
}
