//! Just enough OpenAPI 3.0 schema semantics for the example tests: `$ref` resolution, a validator
//! (type, enum, nullable, required, properties, additionalProperties, items, allOf/oneOf/anyOf),
//! and the mutations that need to know the schema: every optional field null, an unknown field
//! in every object, scalars retyped the way the models must undo.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// Follows `$ref`s to the schema they name.
pub fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    let mut node = schema;
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| spec.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

fn nullable(spec: &Value, schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || resolve(spec, schema)
            .get("nullable")
            .and_then(Value::as_bool)
            == Some(true)
        || resolve(spec, schema)
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(Value::is_null))
}

fn members<'a>(schema: &'a Value, key: &str) -> &'a [Value] {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Whether `value` is valid against `schema` (OAS 3.0 semantics, formats ignored).
pub fn valid(spec: &Value, schema: &Value, value: &Value) -> bool {
    valid_depth(spec, schema, value, 0, false)
}

/// [`valid`], with objects closed: a key the schema (with its `allOf` members and the matching
/// `oneOf`/`anyOf` member) does not declare makes the value invalid, as it does for a request.
pub fn valid_closed(spec: &Value, schema: &Value, value: &Value) -> bool {
    valid_depth(spec, schema, value, 0, true)
}

fn valid_depth(spec: &Value, raw: &Value, value: &Value, depth: usize, closed: bool) -> bool {
    if depth > 64 {
        return true;
    }
    let schema = resolve(spec, raw);
    if value.is_null() && nullable(spec, raw) {
        return true;
    }
    if !members(schema, "allOf")
        .iter()
        .all(|m| valid_depth(spec, m, value, depth + 1, false))
    {
        return false;
    }
    let one_of = members(schema, "oneOf");
    if !one_of.is_empty()
        && one_of
            .iter()
            .filter(|m| valid_depth(spec, m, value, depth + 1, false))
            .count()
            != 1
    {
        return false;
    }
    let any_of = members(schema, "anyOf");
    if !any_of.is_empty()
        && !any_of
            .iter()
            .any(|m| valid_depth(spec, m, value, depth + 1, false))
    {
        return false;
    }
    // Composition members are checked open; closedness applies to the merged object here.
    if closed && let Some(obj) = value.as_object() {
        let (props, _) = object_view(spec, raw, value, 0);
        let open_map = !matches!(
            schema.get("additionalProperties"),
            None | Some(Value::Bool(false))
        );
        if !open_map && obj.keys().any(|k| !props.contains_key(k)) {
            return false;
        }
        for (k, v) in obj {
            if let Some(p) = props.get(k)
                && !valid_depth(spec, p, v, depth + 1, true)
            {
                return false;
            }
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        return false;
    }
    let kind_ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        Some(_) => true,
    };
    if !kind_ok {
        return false;
    }
    if let Some(obj) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for key in members(schema, "required").iter().filter_map(Value::as_str) {
            if !obj.contains_key(key) {
                return false;
            }
        }
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(p) => {
                    if !valid_depth(spec, p, v, depth + 1, closed) {
                        return false;
                    }
                }
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => return false,
                    Some(extra @ Value::Object(_))
                        if !valid_depth(spec, extra, v, depth + 1, closed) =>
                    {
                        return false;
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array())
        && !array
            .iter()
            .all(|v| valid_depth(spec, items, v, depth + 1, closed))
    {
        return false;
    }
    true
}

/// The properties and required names of an object schema, `allOf` members merged, and, for a
/// `oneOf`/`anyOf`, those of the first member `value` is valid against.
fn object_view(
    spec: &Value,
    raw: &Value,
    value: &Value,
    depth: usize,
) -> (Map<String, Value>, BTreeSet<String>) {
    let mut props = Map::new();
    let mut required = BTreeSet::new();
    if depth > 32 {
        return (props, required);
    }
    let schema = resolve(spec, raw);
    if let Some(p) = schema.get("properties").and_then(Value::as_object) {
        props.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    required.extend(
        members(schema, "required")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string),
    );
    for m in members(schema, "allOf") {
        let (p, r) = object_view(spec, m, value, depth + 1);
        props.extend(p);
        required.extend(r);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(m) = members(schema, key).iter().find(|m| valid(spec, m, value)) {
            let (p, r) = object_view(spec, m, value, depth + 1);
            props.extend(p);
            required.extend(r);
        }
    }
    (props, required)
}

/// The schema of an array schema's items (`null`, which declares nothing, when there is none).
fn items_schema(spec: &Value, schema: &Value) -> Value {
    resolve(spec, schema)
        .get("items")
        .cloned()
        .unwrap_or(Value::Null)
}

/// Sets every present, declared, optional field at object nesting level `target` to `null`;
/// returns how many it changed.
pub fn null_optional_at(spec: &Value, schema: &Value, value: &mut Value, target: usize) -> usize {
    null_at(spec, schema, value, 0, target)
}

fn null_at(spec: &Value, schema: &Value, value: &mut Value, depth: usize, target: usize) -> usize {
    if depth > target || depth > 32 {
        return 0;
    }
    match value {
        Value::Array(items) => {
            let item_schema = items_schema(spec, schema);
            items
                .iter_mut()
                .map(|v| null_at(spec, &item_schema, v, depth, target))
                .sum()
        }
        Value::Object(_) => {
            let (props, required) = object_view(spec, schema, value, 0);
            let Some(obj) = value.as_object_mut() else {
                return 0;
            };
            let mut changed = 0;
            for (k, v) in obj.iter_mut() {
                let Some(prop) = props.get(k) else { continue };
                if depth == target {
                    if !required.contains(k) && !v.is_null() {
                        *v = Value::Null;
                        changed += 1;
                    }
                } else {
                    changed += null_at(spec, prop, v, depth + 1, target);
                }
            }
            changed
        }
        _ => 0,
    }
}

/// Adds a field the spec does not declare to every record object (one whose schema declares
/// properties; not to maps, whose keys are data), at every level.
pub fn add_unknown_fields(spec: &Value, schema: &Value, value: &mut Value) {
    add_unknown(spec, schema, value, 0);
}

fn add_unknown(spec: &Value, schema: &Value, value: &mut Value, depth: usize) {
    if depth > 32 {
        return;
    }
    match value {
        Value::Array(items) => {
            let item = items_schema(spec, schema);
            items
                .iter_mut()
                .for_each(|v| add_unknown(spec, &item, v, depth + 1));
        }
        Value::Object(_) => {
            let (props, _) = object_view(spec, schema, value, 0);
            let extra = resolve(spec, schema).get("additionalProperties").cloned();
            let Some(obj) = value.as_object_mut() else {
                return;
            };
            for (k, v) in obj.iter_mut() {
                match (props.get(k), &extra) {
                    (Some(p), _) => add_unknown(spec, p, v, depth + 1),
                    (None, Some(e @ Value::Object(_))) => add_unknown(spec, e, v, depth + 1),
                    _ => {}
                }
            }
            if !props.is_empty() {
                obj.insert(
                    "x_unknown_field".into(),
                    serde_json::json!({"nested": [1, "two", null], "flag": true}),
                );
            }
        }
        _ => {}
    }
}

/// A scalar rewrite that the models must undo while decoding (see [`coerce_scalars`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coercion {
    /// Numbers and booleans as strings (`5` → `"5"`, `true` → `"true"`), and string fields
    /// holding an integer as a number (an id `"123"` → `123`).
    Retyped,
    /// Integers as whole floats (`5` → `5.0`).
    WholeFloats,
}

/// Rewrites every declared scalar field (not enums, unions or free-form values, whose JSON is
/// kept as sent) the way `how` says; returns how many it changed.
pub fn coerce_scalars(spec: &Value, schema: &Value, value: &mut Value, how: Coercion) -> usize {
    coerce(spec, schema, value, how, 0)
}

fn coerce(spec: &Value, schema: &Value, value: &mut Value, how: Coercion, depth: usize) -> usize {
    if depth > 32 {
        return 0;
    }
    match value {
        Value::Array(items) => {
            let item = items_schema(spec, schema);
            items
                .iter_mut()
                .map(|v| coerce(spec, &item, v, how, depth + 1))
                .sum()
        }
        Value::Object(_) => {
            let (props, _) = object_view(spec, schema, value, 0);
            let Some(obj) = value.as_object_mut() else {
                return 0;
            };
            obj.iter_mut()
                .filter_map(|(k, v)| Some(coerce(spec, props.get(k)?, v, how, depth + 1)))
                .sum()
        }
        scalar => {
            let Some(kind) = scalar_type(spec, schema, 0) else {
                return 0;
            };
            let new = match (how, kind, &*scalar) {
                (Coercion::Retyped, "string", Value::String(text)) => text
                    .parse::<i64>()
                    .ok()
                    .filter(|n| n.to_string() == *text)
                    .map(Value::from),
                (Coercion::Retyped, "integer" | "number", Value::Number(n)) => {
                    Some(Value::String(n.to_string()))
                }
                (Coercion::Retyped, "boolean", Value::Bool(b)) => {
                    Some(Value::String(b.to_string()))
                }
                // Exactly representable, so the float is the same integer.
                (Coercion::WholeFloats, "integer", Value::Number(n)) => n
                    .as_i64()
                    .filter(|i| i.unsigned_abs() < 1 << 53)
                    .map(|i| Value::from(i as f64)),
                _ => None,
            };
            match new {
                Some(new) => {
                    *scalar = new;
                    1
                }
                None => 0,
            }
        }
    }
}

/// The `type` of a plain scalar schema (through `$ref`s and single-member `allOf`s); `None` for
/// enums, unions and anything else.
fn scalar_type<'a>(spec: &'a Value, schema: &'a Value, depth: usize) -> Option<&'a str> {
    let schema = resolve(spec, schema);
    if depth > 8 || schema.get("enum").is_some() {
        return None;
    }
    if ["oneOf", "anyOf"].iter().any(|k| schema.get(*k).is_some()) {
        return None;
    }
    match (
        schema.get("type").and_then(Value::as_str),
        members(schema, "allOf"),
    ) {
        (Some(kind @ ("string" | "integer" | "number" | "boolean")), []) => Some(kind),
        (None, [one]) => scalar_type(spec, one, depth + 1),
        _ => None,
    }
}

/// Every string value listed in some `enum` of the spec.
pub fn enum_values(spec: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_enums(spec, &mut out);
    out
}

fn collect_enums(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(obj) => {
            for (k, v) in obj {
                if k == "example" || k == "examples" {
                    continue;
                }
                if k == "enum"
                    && let Some(values) = v.as_array()
                {
                    out.extend(values.iter().filter_map(Value::as_str).map(str::to_string));
                }
                collect_enums(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_enums(v, out)),
        _ => {}
    }
}

/// Replaces every string value (not key) that is an enum value with a value no version of the
/// spec has.
pub fn replace_enum_values(value: &mut Value, enums: &BTreeSet<String>) {
    match value {
        Value::String(s) if enums.contains(s.as_str()) => *s = format!("unseen_{s}"),
        Value::Object(obj) => obj.values_mut().for_each(|v| replace_enum_values(v, enums)),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_enum_values(v, enums)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validator_basics() {
        let spec = json!({"components": {"schemas": {"s": {
            "type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}, "n": {"type": "integer", "nullable": true}}
        }}}});
        let s = json!({"$ref": "#/components/schemas/s"});
        assert!(valid(&spec, &s, &json!({"id": "1", "n": null})));
        assert!(!valid(&spec, &s, &json!({"id": 1})));
        assert!(!valid(&spec, &s, &json!({"n": 1})));
        let one_of = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert!(valid(&spec, &one_of, &json!(3)));
        assert!(!valid(&spec, &one_of, &json!(true)));
    }

    #[test]
    fn coerces_declared_scalars_only() {
        let spec = json!({});
        let s = json!({"type": "object", "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "n": {"type": "integer"},
            "x": {"type": "number"},
            "b": {"type": "boolean"},
            "e": {"type": "string", "enum": ["1"]},
            "u": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "list": {"type": "array", "items": {"type": "integer"}},
            "wrapped": {"allOf": [{"type": "integer"}], "nullable": true}
        }});
        let original = json!({"id": "123", "name": "0123", "n": 5, "x": 1.5, "b": true,
            "e": "1", "u": 7, "free": 9, "list": [1, 2], "wrapped": 3});
        let mut v = original.clone();
        assert_eq!(coerce_scalars(&spec, &s, &mut v, Coercion::Retyped), 7);
        assert_eq!(
            v,
            json!({"id": 123, "name": "0123", "n": "5", "x": "1.5", "b": "true",
                "e": "1", "u": 7, "free": 9, "list": ["1", "2"], "wrapped": "3"})
        );
        let mut v = original;
        assert_eq!(coerce_scalars(&spec, &s, &mut v, Coercion::WholeFloats), 4);
        assert_eq!(v["n"], json!(5.0));
        assert_eq!(v["list"], json!([1.0, 2.0]));
        assert_eq!(v["x"], json!(1.5));
    }

    #[test]
    fn nulls_optional_fields_by_level() {
        let spec = json!({});
        let s = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string"},
            "b": {"type": "object", "properties": {"c": {"type": "string"}}}
        }});
        let mut v = json!({"a": "x", "b": {"c": "y"}});
        assert_eq!(null_optional_at(&spec, &s, &mut v, 1), 1);
        assert_eq!(v, json!({"a": "x", "b": {"c": null}}));
        assert_eq!(null_optional_at(&spec, &s, &mut v, 0), 1);
        assert_eq!(v, json!({"a": "x", "b": null}));
    }
}
