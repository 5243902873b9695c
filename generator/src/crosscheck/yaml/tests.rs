//! Unit tests of `crate::crosscheck::yaml`.

use super::*;

#[test]
fn the_later_entry_wins_and_repeats_are_listed() {
    let text =
        b"a:\n  x: {required: [id]}\n  y: 1\n  x: {required: [id, name]}\nb: [ {c: 1, c: 2} ]\n";
    let (value, repeated) = parse(text).expect("parses");
    assert_eq!(value["a"]["x"]["required"][1].as_str(), Some("name"));
    assert_eq!(value["b"][0]["c"].as_u64(), Some(2));
    assert_eq!(repeated, ["a.x", "b.c"]);
    assert!(parse(b"a: [").is_err());
}
