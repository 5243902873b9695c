//! Reads an overlay into its corrections: every node is either a wire-level correction, or
//! SDK naming and documentation (counted, not checked). A key this walker does not know is a
//! correction of its own ([`What::Unknown`]) that nothing agrees with, so a new kind of
//! correction in a future overlay cannot pass unnoticed.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::child;

/// What an operation-level or schema-level correction applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#/components/schemas/<name>`.
    Schema(String),
    /// An operation's request body: `(METHOD, path)`.
    Body(String, String),
}

impl Target {
    /// How ids and messages name it: `company`, `POST /contacts/{id}/companies body`.
    pub fn label(&self) -> String {
        match self {
            Target::Schema(name) => name.clone(),
            Target::Body(method, path) => format!("{method} {path} body"),
        }
    }
}

/// How an overlay says an operation pages (`x-fern-pagination`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FernPaging {
    /// `$request.page`: page numbers in this request field.
    pub offset: Option<String>,
    /// `$request.starting_after`: the cursor's request field.
    pub cursor: Option<String>,
    /// `$response.pages.next.starting_after`: where the next cursor is.
    pub next_cursor: Option<String>,
    /// `$response.data`: where the items are.
    pub results: Option<String>,
}

/// One correction the overlay makes.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// `x-fern-pagination` of an operation.
    Pagination {
        method: String,
        path: String,
        paging: FernPaging,
    },
    /// A parameter declared (again) on an operation.
    Parameter {
        method: String,
        path: String,
        name: String,
        location: String,
        required: bool,
        schema: Value,
    },
    /// A response's schema replaced.
    Response {
        method: String,
        path: String,
        status: String,
        schema: Value,
    },
    /// A request body replaced by a reference to a schema.
    BodyRef {
        method: String,
        path: String,
        name: String,
    },
    /// An operation removed from the SDK (`put: null`).
    OperationRemoved { method: String, path: String },
    /// An operation the overlay declares whole (missing from the description it corrects).
    OperationAdded {
        method: String,
        path: String,
        success: Option<Value>,
    },
    /// A property listed as `required`.
    Required { target: Target, property: String },
    /// A property (or, with an empty property, the schema) becomes a map of any values.
    AnyValues { target: Target, property: String },
    /// Alternative identities: an `anyOf` of members each requiring some properties.
    AnyOf {
        target: Target,
        property: Option<String>,
        sets: Vec<Vec<String>>,
    },
    /// A property's allowed values.
    Enum {
        target: Target,
        property: String,
        values: Vec<String>,
    },
    /// A property's schema replaced (or declared anew); an empty property is the schema
    /// itself (`type: object`).
    Property {
        target: Target,
        property: String,
        schema: Value,
    },
    /// A property removed.
    PropertyRemoved { target: Target, property: String },
    /// A body that is never `null`.
    NotNullable { target: Target },
    /// The API's servers.
    Servers { urls: Vec<String> },
    /// A key this walker does not know.
    Unknown { key: String },
}

/// A correction with its id and where it is in the overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// Stable, readable id: `GET /companies response 200`, `company required id`.
    pub id: String,
    /// JSON pointer in the overlay.
    pub at: String,
    /// What it says.
    pub what: What,
}

/// Everything an overlay says: its corrections, and how many naming and documentation nodes it
/// holds besides (by kind).
#[derive(Debug, Clone, Default)]
pub struct Walked {
    /// The wire-level corrections, in overlay order.
    pub corrections: Vec<Correction>,
    /// Non-wire nodes by kind (`SDK names`, `examples and descriptions`, …).
    pub other: BTreeMap<&'static str, usize>,
}

/// SDK naming: method and type names, enum names, the version header, the auth env var.
const NAMING: &str = "SDK names";
/// Examples, summaries, descriptions, titles.
const DOCS: &str = "examples and descriptions";
/// Schemas the overlay adds for its own corrections to refer to.
const DEFINITIONS: &str = "definitions the corrections use";
/// `properties: null` beside an `anyOf` that restates them per member, and the members' repeats.
const RESTATED: &str = "properties restated by anyOf members";

const METHODS: [&str; 5] = ["get", "put", "post", "patch", "delete"];

/// Reads an overlay's YAML.
pub fn walk(doc: &Value) -> Walked {
    let mut w = Walked::default();
    let Some(root) = doc.as_mapping() else {
        w.corrections.push(unknown("#", "(not a mapping)"));
        return w;
    };
    for (key, value) in root {
        let key = key.as_str().unwrap_or("");
        let at = child("#", key);
        match key {
            "paths" => paths(&mut w, value, &at),
            "components" => components(&mut w, value, &at),
            "servers" => {
                let urls = value
                    .as_sequence()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.get("url").and_then(Value::as_str))
                    .map(str::to_string)
                    .collect();
                w.corrections.push(Correction {
                    id: "servers".into(),
                    at,
                    what: What::Servers { urls },
                });
            }
            "x-fern-version" => *w.other.entry(NAMING).or_default() += 1,
            _ => w.corrections.push(unknown(&at, key)),
        }
    }
    w
}

fn unknown(at: &str, key: &str) -> Correction {
    Correction {
        id: format!("unknown {key}"),
        at: at.to_string(),
        what: What::Unknown {
            key: key.to_string(),
        },
    }
}

fn paths(w: &mut Walked, value: &Value, at: &str) {
    for (path, item) in value.as_mapping().into_iter().flatten() {
        let path = path.as_str().unwrap_or("");
        let path_at = child(at, path);
        for (method, op) in item.as_mapping().into_iter().flatten() {
            let method = method.as_str().unwrap_or("");
            let op_at = child(&path_at, method);
            if !METHODS.contains(&method) {
                w.corrections.push(unknown(&op_at, method));
                continue;
            }
            let upper = method.to_uppercase();
            operation(w, &upper, path, op, &op_at);
        }
    }
}

fn operation(w: &mut Walked, method: &str, path: &str, op: &Value, at: &str) {
    let endpoint = format!("{method} {path}");
    let Some(op) = op.as_mapping() else {
        w.corrections.push(Correction {
            id: format!("{endpoint} removed"),
            at: at.to_string(),
            what: What::OperationRemoved {
                method: method.into(),
                path: path.into(),
            },
        });
        return;
    };
    // An operation declared whole (with its operationId) is one the corrected description lacks.
    if op.contains_key("operationId") {
        let success = op
            .get("responses")
            .and_then(|r| r.get("200"))
            .and_then(|r| json_schema(r))
            .cloned();
        w.corrections.push(Correction {
            id: format!("{endpoint} declared"),
            at: at.to_string(),
            what: What::OperationAdded {
                method: method.into(),
                path: path.into(),
                success,
            },
        });
        return;
    }
    for (key, value) in op {
        let key = key.as_str().unwrap_or("");
        let key_at = child(at, key);
        match key {
            "x-fern-sdk-group-name" | "x-fern-sdk-method-name" | "x-fern-request-name" => {
                *w.other.entry(NAMING).or_default() += 1;
            }
            "summary" | "description" | "tags" => *w.other.entry(DOCS).or_default() += 1,
            "x-fern-pagination" => {
                let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
                w.corrections.push(Correction {
                    id: format!("{endpoint} pagination"),
                    at: key_at,
                    what: What::Pagination {
                        method: method.into(),
                        path: path.into(),
                        paging: FernPaging {
                            offset: field("offset"),
                            cursor: field("cursor"),
                            next_cursor: field("next_cursor"),
                            results: field("results"),
                        },
                    },
                });
            }
            "parameters" => {
                for (i, p) in value.as_sequence().into_iter().flatten().enumerate() {
                    let p_at = child(&key_at, &i.to_string());
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                    if name.eq_ignore_ascii_case("intercom-version") {
                        // The version header the client sets itself.
                        *w.other.entry(NAMING).or_default() += 1;
                        continue;
                    }
                    w.corrections.push(Correction {
                        id: format!("{endpoint} parameter {name}"),
                        at: p_at,
                        what: What::Parameter {
                            method: method.into(),
                            path: path.into(),
                            name: name.into(),
                            location: p.get("in").and_then(Value::as_str).unwrap_or("").into(),
                            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                            schema: p.get("schema").cloned().unwrap_or(Value::Null),
                        },
                    });
                }
            }
            "requestBody" => request_body(w, method, path, value, &key_at),
            "responses" => {
                for (status, response) in value.as_mapping().into_iter().flatten() {
                    let status = status.as_str().unwrap_or("");
                    let r_at = child(&key_at, status);
                    let media = response
                        .get("content")
                        .and_then(|c| c.get("application/json"));
                    let schema = media.and_then(|m| m.get("schema"));
                    if let Some(schema) = schema {
                        w.corrections.push(Correction {
                            id: format!("{endpoint} response {status}"),
                            at: r_at,
                            what: What::Response {
                                method: method.into(),
                                path: path.into(),
                                status: status.into(),
                                schema: schema.clone(),
                            },
                        });
                    } else if media.is_some_and(|m| {
                        m.as_mapping()
                            .is_some_and(|m| m.keys().all(|k| k.as_str() == Some("examples")))
                    }) {
                        *w.other.entry(DOCS).or_default() += 1;
                    } else {
                        w.corrections.push(unknown(&r_at, status));
                    }
                }
            }
            _ => w.corrections.push(unknown(&key_at, key)),
        }
    }
}

/// The JSON schema of a response or request body node.
fn json_schema(node: &Value) -> Option<&Value> {
    node.get("content")?.get("application/json")?.get("schema")
}

fn request_body(w: &mut Walked, method: &str, path: &str, value: &Value, at: &str) {
    let Some(media) = value
        .get("content")
        .and_then(|c| c.get("application/json"))
        .and_then(Value::as_mapping)
    else {
        w.corrections.push(unknown(at, "requestBody"));
        return;
    };
    let media_at = child(&child(at, "content"), "application/json");
    for (key, node) in media {
        let key = key.as_str().unwrap_or("");
        match key {
            "examples" => *w.other.entry(DOCS).or_default() += 1,
            "schema" => {
                let schema_at = child(&media_at, "schema");
                if let Some(name) = node.get("$ref").and_then(Value::as_str) {
                    let name = name.rsplit('/').next().unwrap_or(name).to_string();
                    w.corrections.push(Correction {
                        id: format!("{method} {path} body"),
                        at: schema_at,
                        what: What::BodyRef {
                            method: method.into(),
                            path: path.into(),
                            name,
                        },
                    });
                } else if let Some(m) = node.as_mapping() {
                    let target = Target::Body(method.into(), path.into());
                    schema(w, &target, m, &schema_at);
                }
            }
            _ => w.corrections.push(unknown(&child(&media_at, key), key)),
        }
    }
}

fn components(w: &mut Walked, value: &Value, at: &str) {
    for (section, entries) in value.as_mapping().into_iter().flatten() {
        let section = section.as_str().unwrap_or("");
        let s_at = child(at, section);
        match section {
            "schemas" => {
                for (name, node) in entries.as_mapping().into_iter().flatten() {
                    let name = name.as_str().unwrap_or("");
                    let n_at = child(&s_at, name);
                    match node.as_mapping() {
                        Some(m) => schema(w, &Target::Schema(name.into()), m, &n_at),
                        None => w.corrections.push(unknown(&n_at, name)),
                    }
                }
            }
            // The bearer scheme with the SDKs' environment variable for the token.
            "securitySchemes" => *w.other.entry(NAMING).or_default() += 1,
            _ => w.corrections.push(unknown(&s_at, section)),
        }
    }
}

/// A schema-level correction node (a component schema, or a request body's schema).
fn schema(w: &mut Walked, target: &Target, node: &Mapping, at: &str) {
    let label = target.label();
    // A schema the overlay defines from scratch (for its own references): not a correction.
    if node.get("type").is_some()
        && node.get("properties").is_some_and(Value::is_mapping)
        && matches!(target, Target::Schema(_))
        && node.get("title").is_some()
    {
        *w.other.entry(DEFINITIONS).or_default() += 1;
        return;
    }
    for (key, value) in node {
        let key = key.as_str().unwrap_or("");
        let key_at = child(at, key);
        match key {
            "x-fern-ignore" | "x-fern-type-name" => *w.other.entry(NAMING).or_default() += 1,
            "title" | "description" | "example" | "examples" => {
                *w.other.entry(DOCS).or_default() += 1;
            }
            "type" => w.corrections.push(Correction {
                id: format!("{label} type"),
                at: key_at,
                what: What::Property {
                    target: target.clone(),
                    property: String::new(),
                    schema: {
                        let mut m = Mapping::new();
                        m.insert(Value::String("type".into()), value.clone());
                        Value::Mapping(m)
                    },
                },
            }),
            "x-fern-type" => w.corrections.push(Correction {
                id: format!("{label} type"),
                at: key_at,
                what: if value
                    .as_str()
                    .is_some_and(|t| t.starts_with("map<string, unknown>"))
                {
                    What::AnyValues {
                        target: target.clone(),
                        property: String::new(),
                    }
                } else {
                    What::Unknown {
                        key: format!("x-fern-type: {value:?}"),
                    }
                },
            }),
            "required" => {
                for name in value.as_sequence().into_iter().flatten() {
                    let name = name.as_str().unwrap_or("");
                    w.corrections.push(Correction {
                        id: format!("{label} required {name}"),
                        at: key_at.clone(),
                        what: What::Required {
                            target: target.clone(),
                            property: name.into(),
                        },
                    });
                }
            }
            "nullable" if value.as_bool() == Some(false) => w.corrections.push(Correction {
                id: format!("{label} not nullable"),
                at: key_at,
                what: What::NotNullable {
                    target: target.clone(),
                },
            }),
            "anyOf" => {
                w.corrections
                    .push(any_of(target, None, value, key_at.clone()));
                members(w, target, value, &key_at);
            }
            "properties" => match value.as_mapping() {
                // `properties: null`: the properties move into the `anyOf` members.
                None => *w.other.entry(RESTATED).or_default() += 1,
                Some(props) => {
                    for (prop, p) in props {
                        let prop = prop.as_str().unwrap_or("");
                        property(w, target, prop, p, &child(&key_at, prop));
                    }
                }
            },
            _ => w.corrections.push(unknown(&key_at, key)),
        }
    }
}

/// The properties an `anyOf`'s members restate (once each; `null` ones are the members' way to
/// say "not in this variant"): each is checked like a property of the schema.
fn members(w: &mut Walked, target: &Target, any_of: &Value, at: &str) {
    let mut seen: Vec<&str> = Vec::new();
    for (i, m) in any_of.as_sequence().into_iter().flatten().enumerate() {
        let m_at = child(&child(at, &i.to_string()), "properties");
        for key in ["title", "x-fern-type-name"] {
            if m.get(key).is_some() {
                *w.other
                    .entry(if key == "title" { DOCS } else { NAMING })
                    .or_default() += 1;
            }
        }
        for (prop, p) in m
            .get("properties")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
        {
            let Some(prop) = prop.as_str() else { continue };
            if p.is_null() || seen.contains(&prop) {
                *w.other.entry(RESTATED).or_default() += 1;
                continue;
            }
            seen.push(prop);
            property(w, target, prop, p, &child(&m_at, prop));
        }
    }
}

fn any_of(target: &Target, property: Option<&str>, value: &Value, at: String) -> Correction {
    let sets = value
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|m| {
            m.get("required")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .collect();
    let label = match property {
        Some(p) => format!("{}.{p}", target.label()),
        None => target.label(),
    };
    Correction {
        id: format!("{label} anyOf"),
        at,
        what: What::AnyOf {
            target: target.clone(),
            property: property.map(str::to_string),
            sets,
        },
    }
}

fn property(w: &mut Walked, target: &Target, prop: &str, p: &Value, at: &str) {
    let label = format!("{}.{prop}", target.label());
    let Some(m) = p.as_mapping() else {
        w.corrections.push(Correction {
            id: format!("{label} removed"),
            at: at.to_string(),
            what: What::PropertyRemoved {
                target: target.clone(),
                property: prop.into(),
            },
        });
        return;
    };
    let keys: Vec<&str> = m.keys().filter_map(Value::as_str).collect();
    let only = |allowed: &[&str]| keys.iter().all(|k| allowed.contains(k));
    if only(&["x-fern-property-name", "x-fern-enum"]) {
        *w.other.entry(NAMING).or_default() += 1;
    } else if only(&["enum"]) {
        let values = m
            .get("enum")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        w.corrections.push(Correction {
            id: format!("{label} enum"),
            at: at.to_string(),
            what: What::Enum {
                target: target.clone(),
                property: prop.into(),
                values,
            },
        });
    } else if m.get("additionalProperties") == Some(&Value::Bool(true)) {
        w.corrections.push(Correction {
            id: format!("{label} additionalProperties"),
            at: at.to_string(),
            what: What::AnyValues {
                target: target.clone(),
                property: prop.into(),
            },
        });
    } else if keys.contains(&"anyOf") && m.get("properties").is_some_and(Value::is_null) {
        w.corrections.push(any_of(
            target,
            Some(prop),
            m.get("anyOf").unwrap_or(&Value::Null),
            child(at, "anyOf"),
        ));
    } else {
        w.corrections.push(Correction {
            id: format!("{label} schema"),
            at: at.to_string(),
            what: What::Property {
                target: target.clone(),
                property: prop.into(),
                schema: p.clone(),
            },
        });
    }
}
