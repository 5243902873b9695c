//! Unit tests of `crate::emit::vocab`.

use super::*;

#[test]
fn values_are_spelled_as_the_runtime_names_them() {
    assert_eq!(
        HttpMethod::Patch.to_token_stream().to_string(),
        "HttpMethod :: Patch"
    );
    assert_eq!(
        Risk::Destructive.to_token_stream().to_string(),
        "Risk :: Destructive"
    );
    assert_eq!(
        PagingStyle::QueryCursor.to_token_stream().to_string(),
        "PagingStyle :: QueryCursor"
    );
    assert_eq!(
        Operator::GreaterThanOrEqual.to_token_stream().to_string(),
        "op :: Ge"
    );
}
