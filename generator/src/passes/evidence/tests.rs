//! Unit tests of `crate::passes::evidence`.

use super::*;
use crate::ir::{ApiInfo, Field, StructDef, TypeDef, Usage};

fn field(wire: &str, ty: Ty, presence: Presence) -> Field {
    Field {
        name: wire.to_string(),
        setter: wire.to_string(),
        wire: wire.to_string(),
        ty,
        required: presence == Presence::Required,
        nullable: false,
        presence,
        doc: None,
        deprecated: false,
        read_only: false,
        boxed: false,
    }
}

fn api(fields: Vec<Field>) -> Api {
    Api {
        info: ApiInfo {
            title: "t".into(),
            version: "v".into(),
            header: "v".into(),
            sha256: String::new(),
        },
        types: vec![TypeDef {
            name: "Admin".into(),
            file: "admin".into(),
            origin: "#/components/schemas/admin".into(),
            doc: None,
            kind: TypeKind::Struct(StructDef {
                fields,
                requires_one_of: Vec::new(),
                one_of_titles: Vec::new(),
                alternatives: Vec::new(),
            }),
            usage: Usage {
                request: false,
                response: true,
            },
            gate: crate::ir::Gate::Always,
            deprecated: false,
        }],
        resources: Vec::new(),
        operations: Vec::new(),
        fallbacks: Vec::new(),
        webhooks: None,
        timestamps: Default::default(),
        prose: Vec::new(),
        swaps: Vec::new(),
    }
}

#[test]
fn missing_and_null_required_fields_are_recorded_through_containers() {
    let api = api(vec![
        field("id", Ty::String, Presence::Required),
        field("job_title", Ty::String, Presence::Required),
        field("team", Ty::String, Presence::Required),
        field("tags", Ty::Array(Box::new(Ty::String)), Presence::Lenient),
        field("email", Ty::String, Presence::Optional),
    ]);
    let list = Ty::Array(Box::new(Ty::Named(TypeId(0))));
    let value = serde_json::json!([
        {"id": "1", "job_title": "x", "team": "a"},
        {"id": "2", "team": null, "email": null},
    ]);
    let mut seen = BTreeMap::new();
    walk(&api, &list, &value, "`GET /admins 200`", &mut seen, 0);
    let keys: Vec<usize> = seen.keys().map(|(_, i)| *i).collect();
    assert_eq!(keys, [1, 2]);
    assert_eq!(
        seen[&(TypeId(0), 1)].missing.as_deref(),
        Some("`GET /admins 200`")
    );
    assert!(seen[&(TypeId(0), 2)].missing.is_none());
    assert!(seen[&(TypeId(0), 2)].null.is_some());
}

/// The 2.11 pattern: `required` lists (and a dropped `nullable`) that the description's own
/// examples contradict.
#[test]
fn relaxing_makes_contradicted_fields_optional_and_warns_at_the_property() {
    let text = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /me:
    get:
      operationId: identify
      tags: [Admins]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/admin'}
              examples:
                me: {value: {id: '1', team: null, tags: []}}
components:
  schemas:
    admin:
      type: object
      required: [id, job_title, team, tags]
      properties:
        id: {type: string}
        job_title: {type: string}
        team: {type: string}
        tags: {type: array, items: {type: string}}
"#;
    let (api, d) = crate::test_support::lower_text(text, "");
    let TypeKind::Struct(st) = &crate::test_support::ty(&api, "Admin").kind else {
        panic!("struct");
    };
    let presence: Vec<(&str, Presence)> = st
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.presence))
        .collect();
    assert_eq!(
        presence,
        [
            ("id", Presence::Required),
            ("job_title", Presence::Optional),
            ("team", Presence::Nullable),
            ("tags", Presence::Lenient),
        ]
    );
    let text = d.to_string();
    assert_eq!(d.warning_count(), 2, "{text}");
    assert!(
            text.contains(
                "`GET /me 200 \"me\"` leaves it out; optional (#/components/schemas/admin/properties/job_title)"
            ),
            "{text}"
        );
    assert!(text.contains("sends `null`"), "{text}");
}
