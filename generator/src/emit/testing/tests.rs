//! Unit tests of the testing kit's generated half: default answers (documented or made from the
//! type), the values made from types, the rows of paged operations, and the shared example pool.

use serde_json::json;

use super::synth::{self, Mode};
use super::{KitApi, files};
use crate::ir::{Api, Ty, TypeId};
use crate::test_support::fixture;

/// Lowers `text` (strict, no overrides), which must lower without errors.
fn lower(text: &str) -> Api {
    let (api, diagnostics) = crate::test_support::lower_text(text, "");
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    api
}

fn named(api: &Api, name: &str) -> Ty {
    let i = api
        .types
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    Ty::Named(TypeId(i))
}

/// The generated files of `api` (as the stable API, and again as Preview when `twice`), by path.
fn generate(api: &Api, twice: bool) -> std::collections::BTreeMap<String, String> {
    let kit = |features| KitApi {
        api,
        resource_features: features,
    };
    let preview = twice.then(|| (kit(false), "// preview".to_string()));
    files(kit(true), preview, "// header")
        .expect("emits")
        .into_iter()
        .collect()
}

const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /widgets/{id}:
    get:
      operationId: getWidget
      tags: [Widgets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/widget'}
              examples:
                Found:
                  value: {type: widget, id: "w1", name: "Documented", size: 3}
  /widgets:
    post:
      operationId: createWidget
      tags: [Widgets]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/widget'}
    delete:
      operationId: clearWidgets
      tags: [Widgets]
      responses:
        '204': {description: gone}
components:
  schemas:
    widget:
      type: object
      required: [name, size]
      properties:
        type: {type: string, enum: [widget]}
        id: {type: string}
        name: {type: string}
        size: {type: integer}
        color: {type: string}
"##;

#[test]
fn default_answers_are_documented_examples_else_made_from_the_type() {
    let api = lower(SPEC);
    let out = generate(&api, false);
    let examples = &out["src/testing/examples.rs"];
    // Documented: kept as written (keys sorted by serde_json).
    assert!(
        examples.contains(r#"{"id":"w1","name":"Documented","size":3,"type":"widget"}"#),
        "{examples}"
    );
    // Made: required fields and the id; not the optional color (nor the response's type tag,
    // which the IR keeps as a plain string).
    assert!(
        examples.contains(r#"{"id":"123","name":"123","size":1}"#),
        "{examples}"
    );
    let routes = &out["src/testing/routes.rs"];
    assert!(routes.contains("status: 201,"), "{routes}");
    assert!(routes.contains("kind: Kind::Empty"), "{routes}");
    assert!(routes.contains(r#"Param::list("tags", false)"#), "{routes}");
    assert!(routes.contains("body: BodyAt::Merged"), "{routes}");
    assert!(
        routes.contains(r#"if cfg!(feature = "widgets")"#),
        "answers are gated by their resource: {routes}"
    );
    let calls = &out["tests/testing_every_operation/calls.rs"];
    assert!(
        calls.contains(r#"client.widgets().create("123").send().await"#),
        "{calls}"
    );
    assert!(
        calls.contains(r#"client.widgets().get("123").send().await"#),
        "{calls}"
    );
    assert!(!out.contains_key("src/testing/preview_routes.rs"));
}

#[test]
fn the_pool_holds_each_text_once_for_both_apis() {
    let api = lower(SPEC);
    let out = generate(&api, true);
    let examples = &out["src/testing/examples.rs"];
    assert_eq!(examples.matches("pub(super) const E").count(), 2);
    assert!(
        !examples.contains("cfg"),
        "both APIs use every text: {examples}"
    );
    let preview = &out["src/testing/preview_routes.rs"];
    assert!(preview.starts_with("// preview"));
    assert!(preview.contains("examples::E0"));
    assert!(
        !preview.contains("cfg!"),
        "the Preview API has no resource features"
    );
    assert!(out.contains_key("tests/testing_every_operation/preview_calls.rs"));
}

#[test]
fn made_values_select_their_union_variant() {
    let api = fixture("oneof_tag");
    let event = synth::value(&api, &named(&api, "Event"), Mode::Answer);
    assert_eq!(event, json!({"type": "closed"}));
    let ty = &api.operations[0].body.as_ref().expect("body").ty;
    let body = synth::value(&api, ty, Mode::Minimal);
    assert_eq!(body, json!({"message_type": "close", "admin_id": "123"}));

    let api = fixture("oneof_keys");
    for op in &api.operations {
        if let Some(body) = &op.body {
            let value = synth::value(&api, &body.ty, Mode::Minimal);
            assert!(value.is_object(), "{}: {value}", op.id);
        }
    }
}

#[test]
fn made_values_take_one_identifier_set_and_stop_at_recursion() {
    let api = fixture("anyof_required");
    let found = api
        .types
        .iter()
        .enumerate()
        .find_map(|(i, t)| match &t.kind {
            crate::ir::TypeKind::Struct(st) if !st.requires_one_of.is_empty() => {
                Some((Ty::Named(TypeId(i)), st.requires_one_of[0].clone()))
            }
            _ => None,
        });
    let (ty, set) = found.expect("a struct with an identifier set");
    let value = synth::value(&api, &ty, Mode::Minimal);
    for key in set {
        assert!(value.get(&key).is_some(), "{key} in {value}");
    }

    let api = fixture("recursion");
    for i in 0..api.types.len() {
        // Terminates, whatever the type.
        let _ = synth::value(&api, &Ty::Named(TypeId(i)), Mode::Answer);
    }
}

#[test]
fn paged_rows_name_their_fields_as_json_paths() {
    let api = fixture("paging");
    let out = generate(&api, false);
    let routes = &out["src/testing/routes.rs"];
    for expected in [
        "style: PagingStyle::QueryCursor",
        r#"next_cursor: Some(&["pages", "next", "starting_after"])"#,
        r#"cursor_in: Some(InputAt::Query("starting_after"))"#,
        r#"cursor_in: Some(InputAt::Body(&["pagination", "starting_after"]))"#,
        r#"has_more: Some(&["has_more"])"#,
        "style: PagingStyle::PageNumber",
        r#"page_in: Some(InputAt::Query("page"))"#,
        "style: PagingStyle::Scroll",
        r#"cursor_in: Some(InputAt::Query("scroll_param"))"#,
    ] {
        assert!(routes.contains(expected), "{expected} in {routes}");
    }
}
