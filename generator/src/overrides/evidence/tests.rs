//! Unit tests of `crate::overrides::evidence`.

use super::*;

#[test]
fn fern_answers_match_exact_ids_and_word_prefixes() {
    let section: BTreeMap<String, String> = [
        ("company required".to_string(), "all".to_string()),
        ("company required id".to_string(), "this one".to_string()),
        ("GET /companies response 200".to_string(), "r".to_string()),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        FernAnswers::find(&section, "company required id"),
        Some(("company required id", "this one"))
    );
    assert_eq!(
        FernAnswers::find(&section, "company required name"),
        Some(("company required", "all"))
    );
    // Not a word prefix.
    assert_eq!(FernAnswers::find(&section, "company requiredness"), None);
    let bodies: BTreeMap<String, String> = [("POST /x body".to_string(), "b".to_string())]
        .into_iter()
        .collect();
    assert_eq!(
        FernAnswers::find(&bodies, "POST /x body.id removed"),
        Some(("POST /x body", "b"))
    );
    assert_eq!(
        FernAnswers::find(&section, "GET /companies response 200"),
        Some(("GET /companies response 200", "r"))
    );
    assert_eq!(FernAnswers::find(&section, "GET /companies"), None);
}
