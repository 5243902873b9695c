// Shared by `tests/decode_fuzz` (a bounded run in `cargo test`) and the cargo-fuzz target
// `webhook` in `fuzz/`: one fuzz input through webhook signature checks, notification parsing and
// item decoding. Included with `include!`.

/// How far an input got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not a notification.
    Refused,
    /// A notification whose item stayed raw JSON or did not fit its model.
    Parsed,
    /// A notification whose item decoded into a model.
    Typed,
}

/// Checks the input's start as a signature of the input, then parses it as a notification and
/// decodes its item. Never panics (that is what is being tested), except when plain
/// `serde_json::from_slice` disagrees with `Notification::parse`.
pub fn notification_one(data: &[u8]) -> Outcome {
    use intercom_api::webhooks::{
        Notification, WebhookItem, verify_fin_agent_signature, verify_signature,
    };
    let header = String::from_utf8_lossy(&data[..data.len().min(80)]);
    let _ = verify_signature(b"secret", data, &header);
    let _ = verify_fin_agent_signature(b"secret", data, &header);
    let parsed = Notification::parse(data);
    let plain = serde_json::from_slice::<Notification>(data);
    match (&parsed, &plain) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "plain serde_json parses differently"),
        (Err(_), Err(_)) => {}
        _ => panic!("parse and plain serde_json disagree: {parsed:?} vs {plain:?}"),
    }
    let Ok(notification) = parsed else {
        return Outcome::Refused;
    };
    match notification.item() {
        Ok(WebhookItem::Unknown(_)) | Err(_) => Outcome::Parsed,
        Ok(_) => Outcome::Typed,
    }
}
