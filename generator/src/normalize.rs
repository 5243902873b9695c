//! Normalize phase: repairs the raw description before it is typed.
//!
//! Intercom's descriptions use constructs that are invalid, ambiguous, or silently lost by
//! `openapiv3`. Each rule below rewrites them into plain OpenAPI 3.0 so that [`crate::lower`](mod@crate::lower)
//! sees one canonical form. Every rewrite is recorded in [`Fixups`] (for the codegen report);
//! rewrites that lose or guess information are also reported as warnings.
//!
//! | rule | example (2.16) | rewrite |
//! |---|---|---|
//! | `ref-siblings` | `{$ref: app, nullable: true, description}` | `{allOf: [{$ref: app}], nullable, description}` |
//! | `dangling-ref` | `$ref: custom_attributes` (2.7–2.11) | `{}` (any JSON value; lower types a `custom_attributes` property as `CustomAttributes`), warning |
//! | `enum-type` | `{enum: [options]}` | `{type: string, enum: [options]}` |
//! | `object-type` | `{properties: {…}}` | `{type: object, properties}` |
//! | `composition-siblings` | `{properties, oneOf: […]}` | `{allOf: [{type: object, properties}, {oneOf: […]}]}` |
//! | `required-missing` | `required: [data_type]` with no such property | name dropped, warning |
//! | `string-properties` | `{type: string, properties: {…}}` | `{type: string}` |
//! | `path-param-in-query` | `{job_identifier}` declared `in: query` | `in: path, required: true` |
//! | `path-param-string` | `{admin_id}` typed `integer` | typed `string` (ids are strings on the wire) |
//! | `path-param-undeclared` | a template variable with no parameter | a required string parameter, warning |

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping as Map, Value};

use crate::diagnostics::{Diagnostics, child};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fn get_str<'a>(m: &'a Map, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str)
}

/// A mapping from `(key, value)` pairs, in order.
fn mapping<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in pairs {
        m.insert(text(k), v);
    }
    Value::Mapping(m)
}

fn insert(m: &mut Map, key: &str, value: Value) {
    m.insert(text(key), value);
}

/// Removes a key keeping the order of the others.
fn remove(m: &mut Map, key: &str) -> Option<Value> {
    m.shift_remove(key)
}

/// The rewrites applied to one description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixups {
    /// `(rule, pointer)` for every rewrite, in document order.
    pub applied: Vec<(&'static str, String)>,
}

impl Fixups {
    fn record(&mut self, rule: &'static str, pointer: &str) {
        self.applied.push((rule, pointer.to_string()));
    }

    /// How many times each rule fired.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for (rule, _) in &self.applied {
            *out.entry(*rule).or_insert(0) += 1;
        }
        out
    }
}

/// Applies every rule to `doc` in place.
pub fn normalize(doc: &mut Value, diagnostics: &mut Diagnostics) -> Fixups {
    let mut run = Run {
        schemas: component_names(doc),
        fixups: Fixups::default(),
        diagnostics,
    };
    let components = doc.get_mut("components");
    if let Some(schemas) = components
        .and_then(|c| c.get_mut("schemas"))
        .and_then(Value::as_mapping_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let name = name.as_str().unwrap_or_default();
            run.schema(schema, &child("#/components/schemas", name));
        }
    }
    if let Some(responses) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
        .and_then(Value::as_mapping_mut)
    {
        for (name, response) in responses.iter_mut() {
            let name = name.as_str().unwrap_or_default();
            run.response(response, &child("#/components/responses", name));
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (path, item) in paths.iter_mut() {
            let path = path.as_str().unwrap_or_default().to_string();
            run.path_item(&path, item);
        }
    }
    run.fixups
}

fn component_names(doc: &Value) -> BTreeSet<String> {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

struct Run<'a> {
    schemas: BTreeSet<String>,
    fixups: Fixups,
    diagnostics: &'a mut Diagnostics,
}

impl Run<'_> {
    fn path_item(&mut self, path: &str, item: &mut Value) {
        let at = child("#/paths", path);
        let vars = template_vars(path);
        let Some(item) = item.as_mapping_mut() else {
            return;
        };
        let shared: Vec<String> = item
            .get("parameters")
            .and_then(Value::as_sequence)
            .map(|ps| ps.iter().filter_map(param_name_in_path).collect())
            .unwrap_or_default();
        if let Some(params) = item.get_mut("parameters").and_then(Value::as_sequence_mut) {
            self.parameters(params, &vars, &child(&at, "parameters"));
        }
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_mapping_mut) else {
                continue;
            };
            let op_at = child(&at, method);
            let params = op
                .entry(text("parameters"))
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Some(params) = params.as_sequence_mut() {
                self.parameters(params, &vars, &child(&op_at, "parameters"));
                let declared: BTreeSet<String> = params
                    .iter()
                    .filter_map(param_name_in_path)
                    .chain(shared.iter().cloned())
                    .collect();
                for var in &vars {
                    if !declared.contains(var) {
                        self.diagnostics.warning(
                            &op_at,
                            format!("path variable `{{{var}}}` is not declared; added as a required string parameter"),
                        );
                        self.fixups.record("path-param-undeclared", &op_at);
                        params.push(mapping([
                            ("name", text(var)),
                            ("in", text("path")),
                            ("required", Value::Bool(true)),
                            ("schema", mapping([("type", text("string"))])),
                        ]));
                    }
                }
            }
            if let Some(body) = op.get_mut("requestBody") {
                self.content_holder(body, &child(&op_at, "requestBody"));
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_mapping_mut) {
                for (status, response) in responses.iter_mut() {
                    let status = status.as_str().unwrap_or_default();
                    self.response(response, &child(&child(&op_at, "responses"), status));
                }
            }
        }
    }

    fn parameters(&mut self, params: &mut [Value], vars: &[String], at: &str) {
        for (i, param) in params.iter_mut().enumerate() {
            let p_at = child(at, &i.to_string());
            let Some(p) = param.as_mapping_mut() else {
                continue;
            };
            let name = get_str(p, "name").unwrap_or("").to_string();
            let location = get_str(p, "in").unwrap_or("").to_string();
            if location == "query" && vars.contains(&name) {
                insert(p, "in", text("path"));
                insert(p, "required", Value::Bool(true));
                self.fixups.record("path-param-in-query", &p_at);
            }
            let in_path = get_str(p, "in") == Some("path");
            if let Some(schema) = p.get_mut("schema") {
                if in_path && schema.get("type").and_then(Value::as_str) != Some("string") {
                    let description = schema.get("description").cloned();
                    let mut replacement = Map::new();
                    insert(&mut replacement, "type", text("string"));
                    if let Some(d) = description {
                        insert(&mut replacement, "description", d);
                    }
                    *schema = Value::Mapping(replacement);
                    self.fixups.record("path-param-string", &p_at);
                }
                self.schema(schema, &child(&p_at, "schema"));
            }
        }
    }

    fn response(&mut self, response: &mut Value, at: &str) {
        self.content_holder(response, at);
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_mapping_mut) {
            for (name, header) in headers.iter_mut() {
                let name = name.as_str().unwrap_or_default();
                if let Some(schema) = header.get_mut("schema") {
                    let h_at = child(&child(&child(at, "headers"), name), "schema");
                    self.schema(schema, &h_at);
                }
            }
        }
    }

    fn content_holder(&mut self, holder: &mut Value, at: &str) {
        if let Some(content) = holder.get_mut("content").and_then(Value::as_mapping_mut) {
            for (media, media_type) in content.iter_mut() {
                let media = media.as_str().unwrap_or_default();
                if let Some(schema) = media_type.get_mut("schema") {
                    let s_at = child(&child(&child(at, "content"), media), "schema");
                    self.schema(schema, &s_at);
                }
            }
        }
    }

    fn schema(&mut self, node: &mut Value, at: &str) {
        let Some(obj) = node.as_mapping_mut() else {
            return;
        };
        self.ref_rules(obj, at);
        infer_type(obj, at, &mut self.fixups);
        self.string_with_properties(obj, at);
        self.composition_siblings(obj, at);
        self.required_missing(obj, at);
        // Recurse into every child schema.
        for key in ["items", "not"] {
            if let Some(c) = obj.get_mut(key) {
                self.schema(c, &child(at, key));
            }
        }
        if let Some(c) = obj.get_mut("additionalProperties")
            && c.is_mapping()
        {
            self.schema(c, &child(at, "additionalProperties"));
        }
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_mapping_mut) {
            let p_at = child(at, "properties");
            for (name, c) in props.iter_mut() {
                self.schema(c, &child(&p_at, name.as_str().unwrap_or_default()));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(items) = obj.get_mut(key).and_then(Value::as_sequence_mut) {
                let k_at = child(at, key);
                for (i, c) in items.iter_mut().enumerate() {
                    self.schema(c, &child(&k_at, &i.to_string()));
                }
            }
        }
    }

    /// `ref-siblings` and `dangling-ref`.
    fn ref_rules(&mut self, obj: &mut Map, at: &str) {
        let Some(target) = get_str(obj, "$ref").map(str::to_string) else {
            return;
        };
        if let Some(name) = target.strip_prefix("#/components/schemas/")
            && !self.schemas.contains(name)
        {
            self.diagnostics.warning(
                at,
                format!(
                    "`$ref: {target}` points at no schema; left without a type (any JSON value, \
                     or `CustomAttributes` for custom attributes)"
                ),
            );
            self.fixups.record("dangling-ref", at);
            remove(obj, "$ref");
            return;
        }
        if obj.len() > 1 {
            let reference = remove(obj, "$ref").unwrap_or(Value::Null);
            let inner = mapping([("$ref", reference)]);
            match obj.get_mut("allOf").and_then(Value::as_sequence_mut) {
                Some(all) => all.insert(0, inner),
                None => insert(obj, "allOf", Value::Sequence(vec![inner])),
            }
            self.fixups.record("ref-siblings", at);
        }
    }

    /// `string-properties`: a string schema cannot have properties.
    fn string_with_properties(&mut self, obj: &mut Map, at: &str) {
        if get_str(obj, "type") == Some("string")
            && (obj.contains_key("properties") || obj.contains_key("required"))
        {
            remove(obj, "properties");
            remove(obj, "required");
            self.fixups.record("string-properties", at);
        }
    }

    /// `composition-siblings`: object keywords beside `allOf`/`oneOf`/`anyOf`, or several
    /// composition keywords on one node, become separate `allOf` members, so that every composed
    /// schema has exactly one composition keyword (which `openapiv3` can type).
    fn composition_siblings(&mut self, obj: &mut Map, at: &str) {
        let compositions = ["allOf", "oneOf", "anyOf"]
            .iter()
            .filter(|k| obj.contains_key(**k))
            .count();
        let object_keys = ["properties", "required", "additionalProperties"]
            .iter()
            .any(|k| obj.contains_key(*k));
        if compositions == 0 || (compositions == 1 && !object_keys) {
            return;
        }
        let mut members = match remove(obj, "allOf") {
            Some(Value::Sequence(items)) => items,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        if object_keys {
            let mut base = Map::new();
            insert(&mut base, "type", text("object"));
            for key in ["properties", "required", "additionalProperties"] {
                if let Some(v) = remove(obj, key) {
                    insert(&mut base, key, v);
                }
            }
            members.push(Value::Mapping(base));
        }
        if get_str(obj, "type") == Some("object") {
            remove(obj, "type");
        }
        let discriminator = remove(obj, "discriminator");
        for key in ["oneOf", "anyOf"] {
            if let Some(v) = remove(obj, key) {
                let mut union = Map::new();
                insert(&mut union, key, v);
                if key == "oneOf"
                    && let Some(d) = &discriminator
                {
                    insert(&mut union, "discriminator", d.clone());
                }
                members.push(Value::Mapping(union));
            }
        }
        insert(obj, "allOf", Value::Sequence(members));
        self.fixups.record("composition-siblings", at);
    }

    /// `required-missing`: names in `required` that no property (here or in a union member) defines.
    fn required_missing(&mut self, obj: &mut Map, at: &str) {
        let Some(props) = obj.get("properties").and_then(Value::as_mapping) else {
            return;
        };
        if ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| obj.contains_key(*k))
        {
            return;
        }
        let known: BTreeSet<String> = props
            .keys()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let Some(required) = obj.get_mut("required").and_then(Value::as_sequence_mut) else {
            return;
        };
        let before = required.len();
        let mut dropped = Vec::new();
        required.retain(|r| match r.as_str() {
            Some(name) if known.contains(name) => true,
            other => {
                dropped.push(other.unwrap_or("<not a string>").to_string());
                false
            }
        });
        if required.len() != before {
            self.diagnostics.warning(
                at,
                format!(
                    "`required` names {} that is not a property; ignored",
                    dropped.join(", ")
                ),
            );
            self.fixups.record("required-missing", at);
        }
    }
}

/// `enum-type` and `object-type`.
fn infer_type(obj: &mut Map, at: &str, fixups: &mut Fixups) {
    if obj.contains_key("type") || obj.contains_key("$ref") {
        return;
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_sequence) {
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let ty = if non_null.iter().all(|v| v.is_string()) {
            Some("string")
        } else if non_null.iter().all(|v| v.is_bool()) {
            Some("boolean")
        } else if non_null.iter().all(|v| v.is_i64() || v.is_u64()) {
            Some("integer")
        } else {
            None
        };
        if let Some(ty) = ty {
            insert(obj, "type", text(ty));
            fixups.record("enum-type", at);
        }
        return;
    }
    let composed = ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|k| obj.contains_key(*k));
    if !composed && (obj.contains_key("properties") || obj.contains_key("additionalProperties")) {
        insert(obj, "type", text("object"));
        fixups.record("object-type", at);
    }
}

fn param_name_in_path(param: &Value) -> Option<String> {
    (param.get("in").and_then(Value::as_str) == Some("path"))
        .then(|| {
            param
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .flatten()
}

/// The `{variable}` names of a path template, in order.
pub fn template_vars(path: &str) -> Vec<String> {
    let mut vars = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        vars.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    vars
}

#[cfg(test)]
mod tests;
