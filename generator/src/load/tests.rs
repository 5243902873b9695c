//! Unit tests of `crate::load`.

use super::*;

#[test]
fn numeric_keys_become_strings_and_order_is_kept() {
    let mut d = Diagnostics::new();
    let v = parse(
        b"responses:\n  200: {description: ok}\nz: 1\na: 2\n",
        &mut d,
    )
    .expect("yaml");
    assert_eq!(v["responses"]["200"]["description"].as_str(), Some("ok"));
    let keys: Vec<&str> = v
        .as_mapping()
        .expect("mapping")
        .keys()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(keys, ["responses", "z", "a"]);
    assert!(d.is_empty());
}

#[test]
fn invalid_yaml_is_an_error_with_location() {
    let mut d = Diagnostics::new();
    assert!(parse(b"a: [1, 2\n", &mut d).is_none());
    assert!(d.has_errors());
    assert!(d.to_string().contains("line"), "{d}");
}

#[test]
fn typed_reports_pointer() {
    let mut d = Diagnostics::new();
    let v = parse(
            b"openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {description: 5}\n",
            &mut d,
        )
        .expect("yaml");
    assert!(typed(&v, &mut d).is_none());
    let text = d.to_string();
    assert!(text.contains("#/paths/~1x/get/responses/200"), "{text}");
}
