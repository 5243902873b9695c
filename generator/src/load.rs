//! Load phase: bytes of a YAML (or JSON) description → a YAML value tree → typed `openapiv3`.
//!
//! The description is first read into a plain [`serde_yaml::Value`] (which keeps key order) so
//! that [`crate::normalize`] can repair it before typing: `openapiv3` silently drops keys next to
//! a `$ref`, for instance. [`typed`] then turns the repaired tree into [`openapiv3::OpenAPI`]; a
//! shape it cannot read is reported with the JSON pointer of the node, never a panic.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostics, child};

/// Parses YAML (a superset of JSON) into a value tree with string keys.
///
/// Mapping keys that are not strings (`200:` instead of `'200':`) are converted to their text;
/// YAML tags are reported and dropped.
pub fn parse(bytes: &[u8], diagnostics: &mut Diagnostics) -> Option<Value> {
    match serde_yaml::from_slice::<Value>(bytes) {
        Ok(mut value) => {
            clean(&mut value, "#", diagnostics);
            Some(value)
        }
        Err(e) => {
            let at = e
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            diagnostics.error("#", format!("the description is not valid YAML{at}: {e}"));
            None
        }
    }
}

/// Makes every mapping key a string and removes YAML tags, in place.
fn clean(value: &mut Value, at: &str, diagnostics: &mut Diagnostics) {
    match value {
        Value::Sequence(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                clean(v, &child(at, &i.to_string()), diagnostics);
            }
        }
        Value::Mapping(mapping) => {
            if mapping.keys().any(|k| !k.is_string()) {
                let old = std::mem::take(mapping);
                let mut fixed = Mapping::with_capacity(old.len());
                for (k, v) in old {
                    let key = match k {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        other => {
                            diagnostics.warning(
                                at,
                                format!("mapping key {other:?} is not a string; entry skipped"),
                            );
                            continue;
                        }
                    };
                    fixed.insert(Value::String(key), v);
                }
                *mapping = fixed;
            }
            for (k, v) in mapping.iter_mut() {
                let key = k.as_str().unwrap_or_default();
                clean(v, &child(at, key), diagnostics);
            }
        }
        Value::Tagged(tagged) => {
            diagnostics.warning(at, format!("YAML tag `{}` ignored", tagged.tag));
            let mut inner = std::mem::take(&mut tagged.value);
            clean(&mut inner, at, diagnostics);
            *value = inner;
        }
        _ => {}
    }
}

/// Types a (normalized) value tree as an OpenAPI 3.0 document.
///
/// On failure the error names the deepest node that does not type: `openapiv3` reads paths and
/// schemas through flattened maps, which hides the position from `serde_path_to_error`, so the
/// failing subtree is re-typed piece by piece to find it.
pub fn typed(value: &Value, diagnostics: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(api) => Some(api),
        Err(e) => {
            let (pointer, message) =
                locate(value).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
            diagnostics.error(pointer, format!("not a valid OpenAPI 3.0 node: {message}"));
            None
        }
    }
}

/// Tries to type `value` as `T`; the error message if it does not.
fn fails_as<'a, T: serde::Deserialize<'a>>(value: &'a Value) -> Option<String> {
    T::deserialize(value).err().map(|e| e.to_string())
}

/// Entries of a mapping with string keys.
fn entries(value: Option<&Value>) -> Vec<(&str, &Value)> {
    value
        .and_then(Value::as_mapping)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| k.as_str().map(|k| (k, v)))
                .collect()
        })
        .unwrap_or_default()
}

/// The deepest failing node among paths, operations and their parts, and component schemas.
fn locate(doc: &Value) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    for (path, item) in entries(doc.get("paths")) {
        let at = child("#/paths", path);
        let Some(item_error) = fails_as::<ReferenceOr<PathItem>>(item) else {
            continue;
        };
        for (method, op) in entries(Some(item)) {
            if ![
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .contains(&method)
            {
                continue;
            }
            let op_at = child(&at, method);
            let Some(op_error) = fails_as::<Operation>(op) else {
                continue;
            };
            let parts = op
                .get("parameters")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, p)| (child(&child(&op_at, "parameters"), &i.to_string()), p, 0))
                .chain(
                    op.get("requestBody")
                        .map(|b| (child(&op_at, "requestBody"), b, 1)),
                )
                .chain(
                    entries(op.get("responses"))
                        .into_iter()
                        .map(|(status, r)| (child(&child(&op_at, "responses"), status), r, 2)),
                );
            for (part_at, part, kind) in parts {
                let error = match kind {
                    0 => fails_as::<ReferenceOr<Parameter>>(part),
                    1 => fails_as::<ReferenceOr<RequestBody>>(part),
                    _ => fails_as::<ReferenceOr<Response>>(part),
                };
                if let Some(error) = error {
                    return Some((part_at, error));
                }
            }
            return Some((op_at, op_error));
        }
        return Some((at, item_error));
    }
    let schemas = doc.get("components").and_then(|c| c.get("schemas"));
    for (name, schema) in entries(schemas) {
        if let Some(error) = fails_as::<ReferenceOr<Schema>>(schema) {
            return Some((child("#/components/schemas", name), error));
        }
    }
    None
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => "?".to_string(),
        };
        out = child(&out, &text);
    }
    out
}

#[cfg(test)]
mod tests;
