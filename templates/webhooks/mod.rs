//! Receiving Intercom webhooks: signature checks, the notification envelope, every documented
//! topic, and items decoded into the crate's models. Framework-agnostic: give it the raw body
//! and the signature header; `examples/webhook_axum.rs` is a complete receiver.
//!
//! ```
//! use intercom_api::webhooks::{Notification, WebhookItem, SIGNATURE_HEADER};
//!
//! /// What the HTTP handler answers, and the notification to hand to a worker.
//! fn receive(secret: &[u8], signature: Option<&str>, body: &[u8]) -> (u16, Option<Notification>) {
//!     match Notification::verify_and_parse(secret, signature, body) {
//!         Ok(notification) if notification.is_ping() => (200, None),
//!         // Answer at once (within 5 s, ideally 500 ms) and do the work elsewhere.
//!         Ok(notification) => (200, Some(notification)),
//!         // Not from Intercom (or the wrong secret): nothing to do.
//!         Err(e) if e.is_signature_error() => (401, None),
//!         Err(_) => (400, None),
//!     }
//! }
//!
//! /// The worker.
//! fn handle(notification: &Notification) -> Result<(), intercom_api::webhooks::WebhookError> {
//!     match notification.item()? {
//!         WebhookItem::Conversation(conversation) => {
//!             println!("{}: conversation {:?}", notification.topic, conversation.id);
//!         }
//!         WebhookItem::ContactTag(tagging) => {
//!             let tag = tagging.tag.as_ref().and_then(|t| t.name.as_deref());
//!             println!("{}: tag {tag:?}", notification.topic);
//!         }
//!         WebhookItem::Deleted(deleted) => println!("deleted {:?} {:?}", deleted.r#type, deleted.id),
//!         WebhookItem::Unknown(raw) => println!("{}: {raw}", notification.topic),
//!         other => println!("{}: {other:?}", notification.topic),
//!     }
//!     Ok(())
//! }
//!
//! let body = br#"{"type":"notification_event","id":"notif_1","topic":"conversation.user.replied","delivery_attempts":1,"first_sent_at":1767225601,"data":{"item":{"type":"conversation","id":215469871234567}}}"#;
//! // The request's `X-Hub-Signature` (SIGNATURE_HEADER): HMAC-SHA1 of the body, key `secret`.
//! let signature = "sha1=b6f761f7fea4a59067dd96a5e4d45035e6689efa";
//! let (status, work) = receive(b"secret", Some(signature), body);
//! assert_eq!(status, 200);
//! handle(&work.expect("a conversation notification"))?;
//! assert_eq!(receive(b"secret", None, body).0, 401);
//! assert_eq!(SIGNATURE_HEADER, "x-hub-signature");
//! # Ok::<(), intercom_api::webhooks::WebhookError>(())
//! ```
//!
//! - [`verify_signature`] checks `X-Hub-Signature` (`sha1=` + HMAC-SHA1 of the raw body with
//!   the app's client secret) in constant time; [`verify_fin_agent_signature`] checks the
//!   HMAC-SHA256 `X-Fin-Agent-API-Webhook-Signature` of Fin Agent API events; [`sign`] signs a
//!   body as Intercom does, to test a receiver.
//! - [`Notification`] is the envelope (topic, ids, delivery attempt and first-sent time);
//!   [`Notification::verify_and_parse`] verifies, then parses.
//! - [`Topic`] has every topic Intercom documents ([`Topic::KNOWN`]) and keeps unknown ones.
//! - [`Notification::item`] decodes the item into a [`WebhookItem`]: the REST models where the
//!   item is one (`Conversation`, `Contact`, `Ticket`, …) and the webhook-only shapes
//!   (`WebhookContactTag`, `WebhookContentStat`, `WebhookDeletedItem`, … in
//!   [`models`](crate::models)); an unknown item type stays raw JSON.
//!
//! How Intercom delivers: every notification is a `POST` with a JSON body; an answer later than
//! 5 seconds or an error status is retried once, about a minute later; **410 disables the
//! subscription**; 429 throttles it; endpoints answering within 500 ms are prioritised. Answer
//! 2xx at once and hand the work off. Webhook payloads follow the API version chosen for the
//! app's webhooks in the Developer Hub, not the `Intercom-Version` of the REST client.

mod decode;
mod error;
mod notification;
mod signature;
// Generated beside this file from `spec/overrides.yaml` (and formatted by the generator): not in
// `templates/`, so rustfmt must not look for it there.
#[rustfmt::skip]
mod topics;

pub use error::WebhookError;
pub use notification::{Notification, NotificationData};
pub use signature::{
    FIN_AGENT_SIGNATURE_HEADER, SIGNATURE_HEADER, sign, verify_fin_agent_signature,
    verify_signature,
};
pub use topics::{Topic, WebhookItem};
