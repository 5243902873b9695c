//! Unit tests of `crate::diagnostics`.

use super::*;

#[test]
fn pointers_escape_slashes_and_tildes() {
    assert_eq!(
        pointer(&["paths", "/contacts/{id}", "get"]),
        "#/paths/~1contacts~1{id}/get"
    );
    assert_eq!(child("#/a", "b~c"), "#/a/b~0c");
}

#[test]
fn counts_and_display() {
    let mut d = Diagnostics::new();
    d.warning("#/x", "odd");
    d.error("#/y", "bad");
    assert_eq!((d.warning_count(), d.error_count()), (1, 1));
    assert!(d.has_errors());
    assert_eq!(d.to_string(), "warning: odd (#/x)\nerror: bad (#/y)\n");
}
