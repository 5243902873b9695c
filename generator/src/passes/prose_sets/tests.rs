//! Unit tests of `crate::passes::prose_sets`.

use super::*;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reads_sets_of_values() {
    for (text, values) in [
        (
            "The style of the outgoing message. Possible values `plain` or `personal`.",
            &["plain", "personal"][..],
        ),
        (
            "The kind of action. One of `url`, `reaction`, `email_collector`, or `product_tour`.",
            &["url", "reaction", "email_collector", "product_tour"],
        ),
        (
            "Represents the role of the Contact model. Accepts `lead` or `user`.",
            &["lead", "user"],
        ),
        (
            "The type of parent, which can either be a `collection` or `section`.",
            &["collection", "section"],
        ),
        (
            "The state after the change. `idle` or `occupied`.",
            &["idle", "occupied"],
        ),
        (
            "Possible values include `messenger`, `zendesk_ticket`, `email`. Returns `null` if unavailable.",
            &["messenger", "zendesk_ticket", "email"],
        ),
        (
            "Can be set to \"open\", \"closed\" or \"snoozed\".",
            &["open", "closed", "snoozed"],
        ),
    ] {
        assert_eq!(read_values(text), Some(strings(values)), "{text}");
    }
}

#[test]
fn examples_and_open_lists_are_not_sets() {
    for text in [
        "How this version was created (for example `web`, `api`).",
        "The origin of the result (for example, `ai` or `human`).",
        "Status of the call. Can be \"registered\", \"in-progress\", or a resolution state",
        "The locale of the target translation (e.g. `en`, `fr`).",
        "The `id` of the `admin` or `team` which will be assigned the conversation.",
        "The group of workspace settings the change belongs to, for example `teammate_occupancy` or `automatic_away_mode`.",
        "The state before the change. `idle` or `occupied`, and null when the Admin had not been classified yet.",
        "Always `admin`.",
    ] {
        assert_eq!(read_values(text), None, "{text}");
    }
}

#[test]
fn reads_requirements_for_some_kinds() {
    let values = strings(&["comment", "note", "quick_reply"]);
    assert_eq!(
        read_required_when(
            "The text body of the reply. Notes accept some HTML formatting. Must be present for comment and note message types.",
            "message_type",
            &values
        ),
        Some(strings(&["comment", "note"]))
    );
    assert_eq!(
        read_required_when(
            "The quick reply options to display. Must be present for quick_reply message types.",
            "message_type",
            &values
        ),
        Some(strings(&["quick_reply"]))
    );
    assert_eq!(
        read_required_when(
            "Must be present for email message types.",
            "message_type",
            &values
        ),
        None
    );
}
