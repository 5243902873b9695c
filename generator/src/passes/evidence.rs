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
mod tests;
