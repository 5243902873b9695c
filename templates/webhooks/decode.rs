//! How the generated item table (`topics.rs`) decodes an item: with the runtime's lenient
//! response decoder, from the raw JSON the notification keeps, with the JSON path of a failure.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::lenient::decode_lenient;

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

/// Decodes `item` into `T` with the runtime's lenient coercions (ids sent as numbers, counts
/// sent as strings, …). The item is written back to JSON text and decoded by the same function
/// as API responses, so a model that is also a response compiles one decoder, not two; the
/// model is boxed to keep `WebhookItem` small.
pub(crate) fn decode<T: DeserializeOwned>(item: &Value) -> Result<Box<T>, DecodeFailure> {
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
