//! Unit tests of `crate::emit::schema`.

use super::*;

#[test]
fn writes_compact_escaped_json() {
    let j = J::obj([
        ("a", J::str("x\"y\n\u{1}")),
        ("b", J::Arr(vec![J::Int(-3), J::Bool(true)])),
    ]);
    let mut out = String::new();
    j.write(&mut out);
    assert_eq!(out, r#"{"a":"x\"y\n\u0001","b":[-3,true]}"#);
    let back: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(back["a"], "x\"y\n\u{1}");
}

#[test]
fn null_is_added_to_simple_types_or_as_an_alternative() {
    let mut out = String::new();
    or_null(J::typed("string")).write(&mut out);
    assert_eq!(out, r#"{"type":["string","null"]}"#);
    let mut out = String::new();
    or_null(J::obj([("$ref", J::str("#/$defs/X"))])).write(&mut out);
    assert_eq!(out, r##"{"anyOf":[{"$ref":"#/$defs/X"},{"type":"null"}]}"##);
}
