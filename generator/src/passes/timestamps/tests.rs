//! Unit tests of `crate::passes::timestamps`.

use super::*;

#[test]
fn description_evidence_wins_and_says_which_word() {
    assert_eq!(
        judge(
            "created_at",
            Some("The time the schedule was created as a Unix timestamp.")
        ),
        Verdict::Timestamp("description says `unix`".into())
    );
    assert_eq!(
        judge(
            "received",
            Some("Timestamp for when the receipt was recorded.")
        ),
        Verdict::Timestamp("description says `timestamp`".into())
    );
    assert_eq!(
        judge("updated_since", Some("Unix timestamp to filter macros")),
        Verdict::Timestamp("description says `unix`".into())
    );
}

#[test]
fn time_names_count_unless_the_description_makes_them_durations() {
    assert_eq!(
        judge(
            "remote_created_at",
            Some("The time the company was created by you.")
        ),
        Verdict::Timestamp("name `…_at`".into())
    );
    assert_eq!(
        judge("created_at_before", None),
        Verdict::Timestamp("name `…_at_before`".into())
    );
    assert_eq!(
        judge("snoozed_until", Some("")),
        Verdict::Timestamp("name `…_until`".into())
    );
    assert_eq!(
        judge("waiting_at", Some("How many seconds the customer waited.")),
        Verdict::NotTime("the description says `seconds`".into())
    );
    assert_eq!(
        judge(
            "sent_at",
            Some("When it was sent, with millisecond precision.")
        ),
        Verdict::NotTime("the description says milliseconds".into())
    );
}

#[test]
fn descriptions_that_start_like_a_time_count_too() {
    assert_eq!(
        judge(
            "first_open",
            Some("The first time the user opened this message.")
        ),
        Verdict::Timestamp("description starts `the first time`".into())
    );
    assert_eq!(
        judge(
            "handling_time",
            Some("Time from conversation assignment to conversation close in seconds.")
        ),
        Verdict::NotTime("the description says `seconds`".into())
    );
    assert_eq!(
        judge("timezone", Some("Timezone of the app")),
        Verdict::Plain
    );
}

#[test]
fn other_integers_are_plain() {
    assert_eq!(
        judge(
            "response_time",
            Some("First response time of assigned team in seconds.")
        ),
        Verdict::Plain
    );
    assert_eq!(judge("per_page", Some("Results per page.")), Verdict::Plain);
    assert_eq!(judge("format", Some("unixy")), Verdict::Plain);
    assert!(!contains_word("a eunix b", "unix"));
    assert!(!contains_word("unixy", "unix"));
    assert!(contains_word("(unix timestamp)", "unix"));
    assert!(contains_word("timestamps", "timestamp"));
    assert!(!contains_word("my_timestamp", "timestamp"));
}
