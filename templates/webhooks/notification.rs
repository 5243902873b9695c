//! [`Notification`]: the envelope of every webhook delivery, and its item decoded by type.

use serde_json::Value;

use super::decode::Selection;
use super::error::WebhookError;
use super::signature::verify_signature;
use super::topics::{ItemKind, Topic, WebhookItem};
use crate::runtime::Timestamp;
use crate::runtime::decode::decode_lenient;

/// One webhook notification: the JSON object Intercom posts for every topic, `ping` included.
///
/// Deserializes with plain serde (`serde_json::from_slice`, a framework's JSON extractor) as
/// well as with [`parse`](Notification::parse), which adds the JSON path of a failure; both
/// accept scalars of another JSON type where the meaning is clear (`"delivery_attempts": "2"`,
/// `"id": 12`), like the crate's models. Every field but `topic` and `data` may be missing, and
/// unknown fields are ignored. The item stays raw JSON in [`data.item`](NotificationData::item)
/// until [`item`](Notification::item) decodes it.
///
/// To process each event once: Intercom retries a failed delivery (once, about a minute later),
/// and each app installed on a workspace gets its own copy, so deduplicate on (`app_id`, `id`);
/// `delivery_attempts` and `first_sent_at` tell a retry from a first attempt. Events arrive in
/// no particular order: compare the item's `updated_at`, or fetch the object again.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Notification {
    /// Always `notification_event`.
    pub r#type: Option<String>,
    /// The notification's id (`notif_…`), the same on every delivery attempt; `null` in pings.
    pub id: Option<String>,
    /// The workspace the event happened in (the `app.id_code` of `GET /me` with its token).
    pub app_id: Option<String>,
    /// What happened.
    pub topic: Topic,
    /// When the notification was created.
    pub created_at: Option<Timestamp>,
    /// How many times delivery has been attempted, this one included.
    pub delivery_attempts: Option<i64>,
    /// When the first delivery attempt was made.
    pub first_sent_at: Option<Timestamp>,
    /// Delivery time (`0` in the payloads Intercom sends).
    pub delivered_at: Option<Timestamp>,
    /// Delivery status (`null` in the payloads Intercom sends).
    pub delivery_status: Option<String>,
    /// The subscription's URL (`self`), when sent.
    pub self_url: Option<String>,
    /// `links` (`{}` in the payloads Intercom sends).
    pub links: Option<Value>,
    /// The payload.
    pub data: NotificationData,
}

crate::runtime::json_object!(Notification {
    r#type: "type" optional,
    id: "id" optional,
    app_id: "app_id" optional,
    topic: "topic" required,
    created_at: "created_at" optional,
    delivery_attempts: "delivery_attempts" optional,
    first_sent_at: "first_sent_at" optional,
    delivered_at: "delivered_at" optional,
    delivery_status: "delivery_status" optional,
    self_url: "self" optional,
    links: "links" optional,
    data: "data" required,
});

/// The payload of a [`Notification`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct NotificationData {
    /// `notification_event_data` (not always sent).
    pub r#type: Option<String>,
    /// The item as sent: an object whose `type` says what it is (`null` if there was none).
    pub item: Value,
}

crate::runtime::json_object!(NotificationData {
    r#type: "type" optional,
    item: "item" lenient,
});

impl Notification {
    /// Checks the `X-Hub-Signature` header against the raw body with the app's client secret
    /// ([`verify_signature`]), then parses the body ([`parse`](Notification::parse)).
    ///
    /// `x_hub_signature` is the header's value, `None` when the request has none. Nothing is
    /// parsed unless the signature matches.
    pub fn verify_and_parse(
        client_secret: &[u8],
        x_hub_signature: Option<&str>,
        raw_body: &[u8],
    ) -> Result<Notification, WebhookError> {
        verify_signature(client_secret, raw_body, x_hub_signature.unwrap_or_default())?;
        Notification::parse(raw_body)
    }

    /// Parses a notification's body without checking its signature (for bodies verified
    /// already, or read back from a queue); a failure names the JSON path where it happened.
    pub fn parse(raw_body: &[u8]) -> Result<Notification, WebhookError> {
        decode_lenient(raw_body).map_err(|(path, e)| WebhookError::InvalidNotification {
            path,
            message: e.to_string(),
        })
    }

    /// Whether this is a `ping` (sent when the subscription is tested, and from time to time):
    /// answer it with a 2xx like any other notification.
    pub fn is_ping(&self) -> bool {
        self.topic == Topic::Ping
    }

    /// The item, decoded into the crate's model for its kind:
    ///
    /// 1. A topic whose item's `type` does not say what it is chooses the kind: a deletion
    ///    (`*.deleted`) is [`WebhookItem::Deleted`] with what identifies the object, and
    ///    `ticket.closed` nests the ticket in `ticket` (when its item has that object). For a
    ///    topic the crate does not know, an item saying `"deleted": true` is a deletion too.
    /// 2. Otherwise the item's `type` does (`conversation`, `contact_tag`, `content_stat.*`, …),
    ///    or, if it has none, the type the docs give for the topic.
    /// 3. An item of a type the crate has no model for is [`WebhookItem::Unknown`], as sent.
    ///
    /// Models decode leniently: ids sent as numbers, counts sent as strings and unknown fields
    /// are fine. An item that still does not fit its model is
    /// [`InvalidItem`](WebhookError::InvalidItem); the raw item stays in
    /// [`data.item`](NotificationData::item).
    pub fn item(&self) -> Result<WebhookItem, WebhookError> {
        let item = &self.data.item;
        match item_kind(&self.topic, item) {
            None => Ok(WebhookItem::Unknown(item.clone())),
            Some(kind) => kind
                .decode(item)
                .map_err(|failure| WebhookError::InvalidItem {
                    topic: self.topic.to_string(),
                    kind: kind.key(),
                    path: failure.path,
                    message: failure.message,
                }),
        }
    }
}

/// The kind an item is decoded as, by the rules of [`Notification::item`].
fn item_kind(topic: &Topic, item: &Value) -> Option<ItemKind> {
    let documented = topic.item_kind();
    match documented.map(ItemKind::selection) {
        Some(Selection::Deleted | Selection::Topic(None)) => return documented,
        Some(Selection::Topic(Some(key))) if item.get(key).is_some_and(Value::is_object) => {
            return documented;
        }
        None if !topic.is_known() && item.get("deleted") == Some(&Value::Bool(true)) => {
            if let Some(deleted) = ItemKind::DELETED {
                return Some(deleted);
            }
        }
        _ => {}
    }
    match item.get("type") {
        Some(Value::String(item_type)) => ItemKind::from_type(item_type),
        None | Some(Value::Null) => documented.filter(|kind| kind.selection() == Selection::Type),
        Some(_) => None,
    }
}
