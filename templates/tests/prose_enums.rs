//! What `passes::prose` reads from words stays lenient and exact on the wire: an enum read from a
//! description's list of values (`ContactRole`, `CreateMessageRequestTemplate`) decodes an unseen
//! value as `Unknown`, keeping its text, and every value re-encodes byte for byte; a request whose
//! words require a field for some kinds (an admin comment's `body`) is refused without it.
#![cfg(all(feature = "conversations", feature = "messages"))]

use intercom_api::models::{
    AdminReplyConversationRequest, Contact, ContactRole, CreateMessageRequestTemplate,
    ReplyConversationRequest,
};
use serde_json::json;

#[test]
fn enums_read_from_prose_keep_unseen_values_byte_for_byte() {
    for text in [
        r#""user""#,
        r#""lead""#,
        r#""visitor""#,
        r#""Lead ""#,
        r#""""#,
    ] {
        let role: ContactRole = serde_json::from_str(text).expect("any string decodes");
        assert_eq!(serde_json::to_string(&role).expect("encodes"), text);
    }
    assert_eq!(
        serde_json::from_str::<ContactRole>(r#""lead""#).expect("decodes"),
        ContactRole::Lead
    );
    assert_eq!(
        serde_json::from_str::<ContactRole>(r#""visitor""#).expect("decodes"),
        ContactRole::Unknown("visitor".into())
    );
    let contact: Contact =
        serde_json::from_value(json!({"type": "contact", "id": "1", "role": "visitor"}))
            .expect("a contact with an unseen role decodes");
    assert_eq!(contact.role, Some(ContactRole::Unknown("visitor".into())));
    assert_eq!(
        serde_json::to_value(&contact).expect("encodes")["role"],
        "visitor"
    );
    // A request can send a value the words did not list.
    let template = CreateMessageRequestTemplate::Unknown("order_update".into());
    assert_eq!(
        serde_json::to_string(&template).expect("encodes"),
        r#""order_update""#
    );
}

#[test]
fn an_admin_comment_needs_its_body() {
    let without = json!({"message_type": "comment", "type": "admin", "admin_id": "1"});
    assert!(serde_json::from_value::<AdminReplyConversationRequest>(without.clone()).is_err());
    assert!(serde_json::from_value::<ReplyConversationRequest>(without).is_err());
    let with = json!({"message_type": "comment", "type": "admin", "admin_id": "1", "body": "Hi"});
    let decoded: ReplyConversationRequest =
        serde_json::from_value(with.clone()).expect("a comment with its body decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), with);
    assert_eq!(
        serde_json::to_value(ReplyConversationRequest::admin_comment("1", "Hi")).expect("encodes"),
        with
    );
}
