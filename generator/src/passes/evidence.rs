//! The description's own response examples, as evidence about which fields can be missing or
//! `null`.
//!
//! A response field that the schema lists as `required` (and not nullable) becomes a plain `T`
//! that fails decoding when the key is missing or `null`. Where one of the description's JSON
//! response examples leaves such a field out, or sends `null`, the schema is contradicted by the
//! description itself: the field is relaxed to `Option<T>` (missing → not required; `null` →
//! nullable), with a warning naming the example. (The 2.11 description, made from another
//! source than its neighbours, lists about a hundred properties as `required` that its own
//! examples leave out, and drops `nullable` from fields its examples send as `null`.)
//!
//! Examples are walked through the lowered types: objects field by field, arrays and maps item by
//! item, aliases to what they name, and unions only where the value itself says which variant it
//! is (a tag value, or an identifying key); other unions are not entered.
//!
//! Reads: the response examples [`crate::lower`](mod@crate::lower) read out of the description
//! ([`ResponseExample`]), the operations' response types, [`Presence`]. Writes: `required`,
//! `nullable` and `presence` of the fields the examples contradict. Runs after [`super::usage`]
//! (whose presence it corrects).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, Presence, ResponseExample, ResponseKind, Ty, TypeId, TypeKind, UnionRepr};

/// How deep an example is followed (examples are finite, but a union loop needs no guard then).
const MAX_DEPTH: usize = 64;

/// What an example showed about a field.
#[derive(Debug, Clone, Default)]
struct Seen {
    /// The first example that leaves the key out.
    missing: Option<String>,
    /// The first example that sends `null`.
    null: Option<String>,
}

/// Relaxes every required field of a response type that a response example leaves out or sends
/// as `null`. Returns how many fields were relaxed.
pub fn relax(api: &mut Api, examples: &[ResponseExample], diagnostics: &mut Diagnostics) -> usize {
    let mut seen: BTreeMap<(TypeId, usize), Seen> = BTreeMap::new();
    for example in examples {
        let Some(op) = api
            .operations
            .iter()
            .find(|o| o.http_method == example.http_method && o.path == example.path)
        else {
            continue;
        };
        let Some(ResponseKind::Json(ty)) = op
            .responses
            .iter()
            .find(|r| r.status == example.status)
            .map(|r| &r.kind)
        else {
            continue;
        };
        walk(api, ty, &example.value, &example.label, &mut seen, 0);
    }
    for ((id, index), evidence) in &seen {
        let def = &mut api.types[id.0];
        let origin = def.origin.clone();
        let TypeKind::Struct(st) = &mut def.kind else {
            continue;
        };
        let Some(field) = st.fields.get_mut(*index) else {
            continue;
        };
        let at = child(&child(&origin, "properties"), &field.wire);
        let message = match (&evidence.missing, &evidence.null) {
            (Some(example), _) => {
                field.required = false;
                field.presence = Presence::Optional;
                format!("`required`, but the response example {example} leaves it out; optional")
            }
            (None, Some(example)) => {
                field.nullable = true;
                field.presence = Presence::Nullable;
                format!("not nullable, but the response example {example} sends `null`; optional")
            }
            (None, None) => continue,
        };
        diagnostics.warning(at, message);
    }
    seen.len()
}

fn walk(
    api: &Api,
    ty: &Ty,
    value: &Value,
    label: &str,
    seen: &mut BTreeMap<(TypeId, usize), Seen>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let next = depth + 1;
    match (ty, value) {
        (Ty::Optional(_), Value::Null) => {}
        (Ty::Optional(inner), _) => walk(api, inner, value, label, seen, next),
        (Ty::Array(inner), Value::Array(items)) => {
            for item in items {
                walk(api, inner, item, label, seen, next);
            }
        }
        (Ty::Map(inner) | Ty::LocaleMap(inner), Value::Object(entries)) => {
            for item in entries.values() {
                walk(api, inner, item, label, seen, next);
            }
        }
        (Ty::Named(id), _) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => walk(api, inner, value, label, seen, next),
            TypeKind::Struct(st) => {
                let Value::Object(object) = value else {
                    return;
                };
                for (index, field) in st.fields.iter().enumerate() {
                    let strict = field.presence == Presence::Required;
                    match object.get(&field.wire) {
                        None if strict => {
                            let entry = seen.entry((*id, index)).or_default();
                            entry.missing.get_or_insert_with(|| label.to_string());
                        }
                        Some(Value::Null) if strict => {
                            let entry = seen.entry((*id, index)).or_default();
                            entry.null.get_or_insert_with(|| label.to_string());
                        }
                        None | Some(Value::Null) => {}
                        Some(inner) => walk(api, &field.ty, inner, label, seen, next),
                    }
                }
            }
            TypeKind::Union(u) => {
                let Value::Object(object) = value else {
                    return;
                };
                let variant = match &u.repr {
                    UnionRepr::Tagged { property } => {
                        let tag = object.get(property).and_then(Value::as_str);
                        u.variants
                            .iter()
                            .find(|v| tag.is_some_and(|t| v.tags.iter().any(|x| x == t)))
                            .or_else(|| {
                                // A variant without tags takes every other value (without a
                                // key only the tagged variants have).
                                let excluded = api.keys_excluding_default(u);
                                tag.filter(|_| !excluded.iter().any(|k| object.contains_key(k)))
                                    .and(u.variants.iter().find(|v| v.tags.is_empty()))
                            })
                    }
                    UnionRepr::Keys => u
                        .variants
                        .iter()
                        .find(|v| v.keys.iter().any(|k| object.contains_key(k))),
                    UnionRepr::Kinds | UnionRepr::Ordered | UnionRepr::Shape => None,
                };
                if let Some(v) = variant {
                    walk(api, &v.ty, value, label, seen, next);
                }
            }
            TypeKind::Enum(_) => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
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
}
