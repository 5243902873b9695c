//! Decodes every JSON response example of the OpenAPI description this crate was generated from
//! into the typed response of its operation and status, exactly as the client decodes a response.
//!
//! The description is read at run time from the mirror (`$INTERCOM_OPENAPI_DIR/<version>/` or
//! `../../shared/openapi/<version>/` beside the checkout) and checked against
//! [`intercom_api::SPEC_SHA256`]; its examples are never copied into the repository.

/// The generated map from (method, path, status) to typed decoders.
mod dispatch {
    include!("dispatch.rs");
}

use std::path::PathBuf;

use serde_json::Value;

/// The share of examples that must decode (issue 2: at least 95%).
const REQUIRED_PASS_RATE: f64 = 0.95;

/// Decodes `body` as `T` through the client's decoder.
fn check<T: serde::de::DeserializeOwned>(status: &str, body: &[u8]) -> Result<(), String> {
    let code = status.parse::<u16>().unwrap_or(0);
    intercom_api::decode_json::<T>("spec-example", code, body)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn spec_path() -> PathBuf {
    let folder = intercom_api::SPEC_VERSION;
    let file = "api.intercom.io.yaml";
    match std::env::var_os("INTERCOM_OPENAPI_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir).join(folder).join(file),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/openapi")
            .join(folder)
            .join(file),
    }
}

fn load_spec() -> Value {
    let path = spec_path();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the OpenAPI description at {} ({e}); set INTERCOM_OPENAPI_DIR to the mirror",
            path.display()
        )
    });
    let digest = sha256_hex(&bytes);
    assert_eq!(
        digest,
        intercom_api::SPEC_SHA256,
        "{} is not the description this crate was generated from",
        path.display()
    );
    serde_yaml::from_slice(&bytes).expect("the description is valid YAML")
}

/// One JSON response example.
struct Example {
    method: String,
    path: String,
    status: String,
    name: String,
    value: Value,
}

fn examples(spec: &Value) -> Vec<Example> {
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
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, response) in responses {
                let response = resolve(spec, response);
                let Some(media) = response.pointer("/content/application~1json") else {
                    continue;
                };
                let mut push = |name: String, value: Value| {
                    out.push(Example {
                        method: method.to_uppercase(),
                        path: path.clone(),
                        status: status.clone(),
                        name,
                        value,
                    })
                };
                if let Some(map) = media.get("examples").and_then(Value::as_object) {
                    for (name, example) in map {
                        let example = resolve(spec, example);
                        if let Some(value) = example.get("value") {
                            push(name.clone(), value.clone());
                        }
                    }
                }
                if let Some(value) = media.get("example") {
                    push("example".into(), value.clone());
                }
            }
        }
    }
    out
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| spec.pointer(p))
            .unwrap_or(node),
        None => node,
    }
}

#[test]
fn response_examples_decode_into_typed_responses() {
    let spec = load_spec();
    let all = examples(&spec);
    assert!(!all.is_empty(), "no JSON response examples found");
    let mut passed = 0usize;
    let mut failures = Vec::new();
    let mut undeclared = Vec::new();
    for ex in &all {
        let body = serde_json::to_vec(&ex.value).expect("examples serialize");
        match dispatch::decode(&ex.method, &ex.path, &ex.status, &body) {
            Some(Ok(())) => passed += 1,
            Some(Err(e)) => failures.push(format!(
                "{} {} {} \"{}\": {e}",
                ex.method, ex.path, ex.status, ex.name
            )),
            None => undeclared.push(format!(
                "{} {} {} \"{}\"",
                ex.method, ex.path, ex.status, ex.name
            )),
        }
    }
    let decodable = all.len() - undeclared.len();
    let rate = passed as f64 / decodable.max(1) as f64;
    println!(
        "spec examples: {passed}/{decodable} decode ({:.1}%), {} failures, {} without a typed decoder",
        rate * 100.0,
        failures.len(),
        undeclared.len()
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    for u in &undeclared {
        println!("  NO DECODER {u}");
    }
    assert!(
        rate >= REQUIRED_PASS_RATE,
        "only {passed} of {decodable} examples decode ({:.1}% < {:.0}%)",
        rate * 100.0,
        REQUIRED_PASS_RATE * 100.0
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
