//! Unit tests of `crate::passes::prose`.

use super::*;

fn pin(text: &str) -> Option<Pin> {
    read_pins(text).into_iter().next()
}

#[test]
fn reads_the_ways_descriptions_pin_a_value() {
    assert_eq!(pin("Always set to true"), Some(Pin::Bool(true)));
    assert_eq!(pin("Always true."), Some(Pin::Bool(true)));
    assert_eq!(pin("Always `admin`."), Some(Pin::Text("admin".into())));
    assert_eq!(pin("Always en"), Some(Pin::Text("en".into())));
    assert_eq!(
        pin("The value must be user"),
        Some(Pin::Text("user".into()))
    );
    assert_eq!(pin("Value is `company`"), Some(Pin::Text("company".into())));
    assert_eq!(pin("value is \"tag\""), Some(Pin::Text("tag".into())));
    assert_eq!(
        pin("Value is always \"team\""),
        Some(Pin::Text("team".into()))
    );
    assert_eq!(pin("Value is 'visitor'"), Some(Pin::Text("visitor".into())));
    assert_eq!(
        pin("String representing the object's type. Always has the value `admin.list`."),
        Some(Pin::Text("admin.list".into()))
    );
    assert_eq!(
        pin(
            "This is a string that identifies the type of the object. It will always have the value `avatar`."
        ),
        Some(Pin::Text("avatar".into()))
    );
    assert_eq!(
        pin("The type of the object - always `office_hours_schedule`."),
        Some(Pin::Text("office_hours_schedule".into()))
    );
    assert_eq!(
        pin("Must be true to use this experimental endpoint."),
        Some(Pin::Bool(true))
    );
    assert_eq!(
        pin("Status of this specific target (always paused)"),
        Some(Pin::Text("paused".into()))
    );
    assert_eq!(
        pin("Always true. The merge is allowed."),
        Some(Pin::Bool(true))
    );
}

#[test]
fn finds_descriptions_that_pin_two_values() {
    assert_eq!(
        read_pins("Always external_page\n\nAlways `content_import_source`."),
        vec![
            Pin::Text("external_page".into()),
            Pin::Text("content_import_source".into())
        ]
    );
    assert_eq!(
        read_pins("Always list. Always `list`."),
        vec![Pin::Text("list".into())]
    );
}

#[test]
fn does_not_read_conditions_purposes_or_qualified_values_as_pins() {
    for text in [
        "The unique identifier for the contact to merge away from. Must be a lead.",
        "Must be unique for the source.",
        "Must be present for comment and note message types.",
        "Must be between 1 and 250.",
        "Always `\"****\"` in responses.",
        "The author of the message (always 'fin' for this event).",
        "If you intend to create or update External Pages via the API, this should be set to `api`.",
        "Value is `contact` for user/lead attributes and `company` for company attributes.",
        "Set to true to update the company's last seen time to now.",
        "Always serialized as a string, since some external IDs exceed 32-bit integer range.",
        "Reserved for future use. Always `null` in the current version",
        "Must be type-compatible with the attribute.",
    ] {
        assert_eq!(pin(text), None, "{text}");
    }
}

#[test]
fn reads_alternative_identities_among_the_object_s_properties() {
    let names = ["id", "company_id", "untag"];
    assert_eq!(
        read_identities(
            "The id or company_id of the company can be passed as input parameters.",
            &names
        ),
        Some(vec![vec!["id".into()], vec!["company_id".into()]])
    );
    assert_eq!(
        read_identities(
            "You must provide either `json_blocks` or `body_markdown` for the snippet content",
            &["json_blocks", "body_markdown", "title"]
        ),
        Some(vec![
            vec!["json_blocks".into()],
            vec!["body_markdown".into()]
        ])
    );
    assert_eq!(
        read_identities(
            "Supply at least one of `add_tag_ids` / `remove_tag_ids`.",
            &["add_tag_ids", "remove_tag_ids"]
        ),
        Some(vec![
            vec!["add_tag_ids".into()],
            vec!["remove_tag_ids".into()]
        ])
    );
    assert_eq!(
        read_identities(
            "A note is attached to either a contact or a company, never both.",
            &["contact", "company", "id"]
        ),
        Some(vec![vec!["contact".into()], vec!["company".into()]])
    );
    // Not properties, or no naming word before them.
    assert_eq!(
        read_identities(
            "You can merge a Visitor to a Contact of role type lead or user.",
            &["type", "user", "visitor"]
        ),
        None
    );
    assert_eq!(
        read_identities(
            "Contains error details if any user or conversation attribute updates failed.",
            &["user", "conversation"]
        ),
        None
    );
}
