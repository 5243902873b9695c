//! Unit tests of `crate::naming::constructors`.

use super::*;

#[test]
fn titles_name_a_field_value() {
    assert_eq!(
        title_value("message_type: `email`."),
        Some(("message_type", "email"))
    );
    assert_eq!(title_value("Create contact with role"), None);
    assert_eq!(title_value("note: a `b`"), None);
    let values = vec!["in_app".to_string(), "email".to_string()];
    assert_eq!(matching_value("inapp", &values), Some(&values[0]));
    assert_eq!(matching_value("email", &values), Some(&values[1]));
    assert_eq!(matching_value("sms", &values), None);
}

#[test]
fn alternatives_are_named_by_value_or_by_keys() {
    assert_eq!(alternative_method(Some("in_app"), &[]), "in_app");
    assert_eq!(alternative_method(Some("type"), &[]), "type_");
    assert_eq!(
        alternative_method(None, &["subject", "body"]),
        "with_subject_and_body"
    );
}

#[test]
fn union_constructors_read_like_the_task() {
    assert_eq!(
        union_constructor("Admin", Some("comment"), None),
        "admin_comment"
    );
    assert_eq!(
        union_constructor("Contact", Some("comment"), Some("email")),
        "contact_comment_by_email"
    );
    assert_eq!(union_constructor("Close", Some("close"), None), "close");
    assert_eq!(
        union_constructor("TagCompany", Some("with_id"), None),
        "tag_company"
    );
    assert_eq!(
        union_constructor("IntercomUserId", None, Some("intercom_user_id")),
        "intercom_user_id"
    );
}
