//! How the generated item table (`topics.rs`) decodes an item: with the runtime's response
//! decoder, from the raw JSON the notification keeps, with the JSON path of a failure.

use serde_json::Value;

use crate::runtime::decode::decode_lenient;
use crate::runtime::lenient::Lenient;

/// What chooses an item kind (the `select` of its entry in the overrides).
// An older description may lack the models of the kinds some selections are for.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selection {
    /// The item's `type`.
    Type,
    /// Only a topic naming it; with a key, only when the item has that object.
    Topic(Option<&'static str>),
    /// The minimal payload of a deletion.
    Deleted,
}

/// Where and why an item did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeFailure {
    /// JSON path inside the item (`.` for the item itself).
    pub(crate) path: String,
    /// What is wrong.
    pub(crate) message: String,
}

/// Decodes `item` into `T` with the models' lenient coercions (ids sent as numbers, counts sent
/// as strings, …). The item is written back to JSON text and decoded from it as API responses
/// are, so a model that is also a response compiles one decoder, not two; the model is boxed to
/// keep `WebhookItem` small.
pub(crate) fn decode<T: for<'de> Lenient<'de>>(item: &Value) -> Result<Box<T>, DecodeFailure> {
    let text = serde_json::to_vec(item).map_err(|e| DecodeFailure {
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    decode_lenient(&text)
        .map(Box::new)
        .map_err(|(path, e)| DecodeFailure {
            path,
            message: e.to_string(),
        })
}
