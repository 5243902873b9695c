//! Checks typed models against an OpenAPI description's own examples, read at run time; the
//! examples are never copied into the repository. The description is found the way `cargo xtask`
//! finds it (`fetch.rs`, a copy of the generator's: `$INTERCOM_OPENAPI_DIR`, the team's mirror,
//! the cache in `target/intercom-openapi/`, else a download from the pinned upstream URL in
//! `pinned.rs`, verified against the description's sha256), once per test binary. Shared by the
//! stable (`spec_examples`) and Preview (`preview_examples`) tests:
//! - Every JSON response example (success and error) decodes into its operation's typed response
//!   for that status, exactly as the client decodes responses and identically through plain
//!   `serde_json` (`from_slice`, `from_str`, `from_value`), and decode → encode → decode is
//!   stable.
//! - It still decodes, both ways, after five mutations: an unknown field added to every object,
//!   every enum value replaced by one no spec has (and those values survive decoding), every
//!   optional field set to `null` (one object level at a time), every declared scalar retyped
//!   (numbers and booleans as strings, integer strings such as ids as numbers) and every integer
//!   as a whole float (both decode to exactly the original's values).
//! - Every request-body example that is valid against its schema (as a request: no undeclared
//!   keys) decodes strictly into the typed request and encodes back to the same JSON.

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::schema::{self, Coercion};
use crate::{fetch, pinned};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What a generated decoder answers: the re-encoded value, an error, or `None` when the
/// operation declares no typed body there.
pub type Decoded = Option<Result<Value, String>>;

/// One API's description and generated decoders.
pub struct Api {
    /// Folder of the description in the mirror.
    pub version: &'static str,
    /// Its sha256.
    pub sha256: &'static str,
    /// Its path in the upstream repository.
    pub upstream: &'static str,
    /// Generated: typed response decoding by (method, path, status).
    pub decode_response: fn(&str, &str, &str, &[u8]) -> Decoded,
    /// Generated: typed request decoding by (method, path).
    pub decode_request: fn(&str, &str, &[u8]) -> Decoded,
}

/// Decodes a response body as `T` through the client's decoder and through plain `serde_json`
/// (`from_slice`, `from_str`, `from_value`, as a user decoding a stored payload would), checks
/// that all four agree and that decode → encode → decode is stable, and returns the encoding.
pub fn check_response<T: DeserializeOwned + Serialize>(
    status: &str,
    body: &[u8],
) -> Result<Value, String> {
    let code = status.parse::<u16>().unwrap_or(0);
    let first: T =
        intercom_api::decode_json("spec-example", code, body).map_err(|e| e.to_string())?;
    let encoded = serde_json::to_value(&first).map_err(|e| format!("encode: {e}"))?;
    let text = std::str::from_utf8(body).map_err(|e| e.to_string())?;
    let plain: [(&str, serde_json::Result<T>); 3] = [
        ("serde_json::from_slice", serde_json::from_slice(body)),
        ("serde_json::from_str", serde_json::from_str(text)),
        (
            "serde_json::from_value",
            serde_json::from_slice::<Value>(body).and_then(serde_json::from_value),
        ),
    ];
    for (how, decoded) in plain {
        let decoded = decoded.map_err(|e| format!("{how}: {e}"))?;
        let again = serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))?;
        if again != encoded {
            return Err(format!(
                "{how} decodes differently from the client:\n    client: {encoded}\n    {how}: {again}"
            ));
        }
    }
    let bytes = serde_json::to_vec(&encoded).map_err(|e| format!("encode: {e}"))?;
    let second: T = intercom_api::decode_json("spec-example", code, &bytes)
        .map_err(|e| format!("re-decode: {e}"))?;
    let again = serde_json::to_value(&second).map_err(|e| format!("encode: {e}"))?;
    if again != encoded {
        return Err(format!(
            "decode → encode → decode is not stable:\n    first:  {encoded}\n    second: {again}"
        ));
    }
    Ok(encoded)
}

/// Decodes a request body with plain `serde_json` and returns its encoding (which the caller
/// compares with the example: a coerced value would encode differently).
pub fn check_request<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, String> {
    let typed: T = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| format!("encode: {e}"))
}

/// The description, found, verified and parsed once per test binary (one API per binary).
fn load_spec(api: &Api) -> &'static Value {
    static SPEC: OnceLock<Result<Value, String>> = OnceLock::new();
    static REPORTED: AtomicBool = AtomicBool::new(false);
    match SPEC.get_or_init(|| find_spec(api)) {
        Ok(spec) => spec,
        // The first test to get here explains; the others of this binary only point at it.
        Err(e) if !REPORTED.swap(true, Ordering::SeqCst) => panic!("{e}"),
        Err(_) => panic!(
            "the OpenAPI description {} is unavailable (see the first failure)",
            api.version
        ),
    }
}

fn find_spec(api: &Api) -> Result<Value, String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.parent().unwrap_or(manifest);
    let sources = fetch::Sources::from_env(root, pinned::MIRROR, pinned::URL);
    let local = format!("{}/api.intercom.io.yaml", api.version);
    let file = fetch::Pinned {
        name: api.version,
        local: &local,
        upstream: api.upstream,
        commit: pinned::COMMIT,
        sha256: api.sha256,
    };
    let found = fetch::resolve(&file, &sources).map_err(|e| e.to_string())?;
    serde_yaml::from_slice(&found.bytes)
        .map_err(|e| format!("{} is not valid YAML: {e}", found.path.display()))
}

/// One JSON example of a response (with `status`) or of a request body (`status` empty).
struct Example {
    method: String,
    path: String,
    status: String,
    name: String,
    schema: Value,
    value: Value,
}

impl Example {
    fn label(&self) -> String {
        format!(
            "{} {} {} \"{}\"",
            self.method, self.path, self.status, self.name
        )
    }
}

/// The JSON examples of a media-type object (named `examples` and a single `example`).
fn media_examples(spec: &Value, media: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(map) = media.get("examples").and_then(Value::as_object) {
        for (name, example) in map {
            if let Some(value) = resolve(spec, example).get("value") {
                out.push((name.clone(), value.clone()));
            }
        }
    }
    if let Some(value) = media.get("example") {
        out.push(("example".into(), value.clone()));
    }
    out
}

/// Response examples (`requests == false`) or request-body examples of every operation.
fn examples(spec: &Value, requests: bool) -> Vec<Example> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let mut push = |status: &str, media: &Value| {
                let schema = media.get("schema").cloned().unwrap_or(Value::Null);
                for (name, value) in media_examples(spec, media) {
                    out.push(Example {
                        method: method.to_uppercase(),
                        path: path.clone(),
                        status: status.to_string(),
                        name,
                        schema: schema.clone(),
                        value,
                    });
                }
            };
            if requests {
                let body = op.get("requestBody").map(|b| resolve(spec, b));
                if let Some(media) = body.and_then(|b| b.pointer("/content/application~1json")) {
                    push("", media);
                }
                continue;
            }
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                let response = resolve(spec, response);
                if let Some(media) = response.pointer("/content/application~1json") {
                    push(status, media);
                }
            }
        }
    }
    out
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    schema::resolve(spec, node)
}

fn decode(api: &Api, ex: &Example, value: &Value) -> Option<Result<Value, String>> {
    let body = serde_json::to_vec(value).expect("examples serialize");
    (api.decode_response)(&ex.method, &ex.path, &ex.status, &body)
}

/// Every JSON response example decodes into its typed response, and decode → encode → decode is
/// stable.
pub fn response_examples_decode_and_round_trip(api: &Api) {
    let spec = load_spec(api);
    let all = examples(spec, false);
    assert!(
        all.len() > 100,
        "only {} JSON response examples found",
        all.len()
    );
    let mut passed = 0usize;
    let mut failures = Vec::new();
    let mut undeclared = Vec::new();
    for ex in &all {
        match decode(api, ex, &ex.value) {
            Some(Ok(_)) => passed += 1,
            Some(Err(e)) => failures.push(format!("{}: {e}", ex.label())),
            None => undeclared.push(ex.label()),
        }
    }
    println!(
        "response examples: {passed}/{} decode and round-trip; {} failures; {} without a typed decoder",
        all.len(),
        failures.len(),
        undeclared.len()
    );
    for f in failures.iter().chain(&undeclared) {
        println!("  FAIL {f}");
    }
    assert!(
        failures.is_empty() && undeclared.is_empty(),
        "{} of {} response examples do not decode (see above)",
        failures.len() + undeclared.len(),
        all.len()
    );
}

/// Every response example still decodes with unknown fields, unseen enum values (kept),
/// optional fields null, and scalars retyped or as whole floats (undone).
pub fn response_examples_survive_mutations(api: &Api) {
    let spec = load_spec(api);
    let enums = schema::enum_values(spec);
    let mut checked = [0usize; 5];
    let mut scalars = [0usize; 2];
    let mut failures = Vec::new();
    for ex in examples(spec, false) {
        let Some(Ok(canonical)) = decode(api, &ex, &ex.value) else {
            continue; // reported by response_examples_decode_and_round_trip
        };
        // 1. An unknown field in every object.
        let mut unknown = ex.value.clone();
        schema::add_unknown_fields(spec, &ex.schema, &mut unknown);
        checked[0] += 1;
        if let Some(Err(e)) = decode(api, &ex, &unknown) {
            failures.push(format!("unknown fields: {}: {e}", ex.label()));
        }
        // 2. Every enum value replaced; the new values must survive decoding.
        let mut renamed = ex.value.clone();
        schema::replace_enum_values(&mut renamed, &enums);
        checked[1] += 1;
        match decode(api, &ex, &renamed) {
            Some(Ok(decoded)) => {
                // An unseen tag sends a union to its `Unknown` variant, which keeps the JSON as
                // sent (`"x": null` included, and the fields its variants do not declare):
                // compare with null-valued keys removed, everything expected being kept.
                let mut expected = canonical.clone();
                schema::replace_enum_values(&mut expected, &enums);
                let (expected, decoded) = (without_nulls(expected), without_nulls(decoded));
                if !holds(&decoded, &expected) {
                    failures.push(format!(
                        "unseen enum values not kept: {}:\n    expected {expected}\n    got      {decoded}",
                        ex.label()
                    ));
                }
            }
            Some(Err(e)) => failures.push(format!("unseen enum values: {}: {e}", ex.label())),
            None => {}
        }
        // 3. Optional fields null, one object level at a time.
        for level in 0..16 {
            let mut nulled = ex.value.clone();
            if schema::null_optional_at(spec, &ex.schema, &mut nulled, level) == 0 {
                break;
            }
            checked[2] += 1;
            if let Some(Err(e)) = decode(api, &ex, &nulled) {
                failures.push(format!(
                    "optional fields null at level {level}: {}: {e}",
                    ex.label()
                ));
            }
        }
        // 4, 5. Every declared scalar retyped (numbers and booleans as strings, integer strings
        // such as ids as numbers), then every integer as a whole float: the models undo both, so
        // the result is exactly the original's.
        for (slot, how) in [(3, Coercion::Retyped), (4, Coercion::WholeFloats)] {
            let mut coerced = ex.value.clone();
            let changed = schema::coerce_scalars(spec, &ex.schema, &mut coerced, how);
            if changed == 0 {
                continue;
            }
            checked[slot] += 1;
            scalars[slot - 3] += changed;
            match decode(api, &ex, &coerced) {
                Some(Ok(decoded)) if decoded == canonical => {}
                Some(Ok(decoded)) => failures.push(format!(
                    "{how:?} scalars not undone: {}:\n    expected {canonical}\n    got      {decoded}",
                    ex.label()
                )),
                Some(Err(e)) => failures.push(format!("{how:?} scalars: {}: {e}", ex.label())),
                None => {}
            }
        }
    }
    println!(
        "mutated response examples: {} with unknown fields, {} with unseen enum values, {} with optional fields null, {} with scalars retyped ({} values), {} with integers as whole floats ({} values); {} failures",
        checked[0],
        checked[1],
        checked[2],
        checked[3],
        scalars[0],
        checked[4],
        scalars[1],
        failures.len()
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} mutated examples fail (see above)",
        failures.len()
    );
}

/// Every request-body example valid against its schema (as a request: no undeclared keys)
/// round-trips through the typed request.
pub fn valid_request_examples_round_trip_through_typed_requests(api: &Api) {
    let spec = load_spec(api);
    let mut valid = 0usize;
    let mut invalid = Vec::new();
    let mut failures = Vec::new();
    for ex in examples(spec, true) {
        if !schema::valid_closed(spec, &ex.schema, &ex.value) {
            invalid.push(ex.label());
            continue;
        }
        valid += 1;
        let body = serde_json::to_vec(&ex.value).expect("examples serialize");
        match (api.decode_request)(&ex.method, &ex.path, &body) {
            Some(Ok(encoded)) if encoded == ex.value => {}
            Some(Ok(encoded)) => failures.push(format!(
                "{}: encodes differently:\n    example {}\n    typed   {encoded}",
                ex.label(),
                ex.value
            )),
            Some(Err(e)) => failures.push(format!("{}: {e}", ex.label())),
            None => failures.push(format!("{}: no typed request body", ex.label())),
        }
    }
    println!(
        "request examples: {valid} valid against their schema, {} round-trip failures; {} invalid examples skipped",
        failures.len(),
        invalid.len()
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(valid > 50, "only {valid} valid request examples");
    assert!(
        failures.is_empty(),
        "{} valid request examples fail (see above)",
        failures.len()
    );
}

/// The value with every `null`-valued object entry removed, recursively.
/// Whether `value` holds everything `expected` does: equal scalars, arrays item by item, and
/// objects with at least `expected`'s keys (an `Unknown` union variant keeps undeclared ones).
fn holds(value: &Value, expected: &Value) -> bool {
    match (value, expected) {
        (Value::Object(v), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| v.get(k).is_some_and(|vv| holds(vv, ev))),
        (Value::Array(v), Value::Array(e)) => {
            v.len() == e.len() && v.iter().zip(e).all(|(vv, ev)| holds(vv, ev))
        }
        (v, e) => v == e,
    }
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(obj) => Value::Object(
            obj.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}
