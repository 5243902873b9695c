//! Unit tests of `crate::emit::rust`.

use super::*;

#[test]
fn surface_text_writes_types_as_a_reader_does() {
    assert_eq!(surface_text(quote!(Option<Vec<Tag>>)), "Option<Vec<Tag>>");
    assert_eq!(
        surface_text(quote!(serde_json::Map<String, serde_json::Value>)),
        "serde_json::Map<String, serde_json::Value>"
    );
    assert_eq!(
        surface_text(quote!(BTreeMap<String, Box<Node>>)),
        "BTreeMap<String, Box<Node>>"
    );
    assert_eq!(surface_text(quote!(())), "()");
    assert_eq!(surface_text(quote!(search::Query)), "search::Query");
}
