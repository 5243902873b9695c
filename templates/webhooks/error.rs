//! [`WebhookError`]: why a webhook request was refused.

/// Why a webhook request could not be verified or decoded.
///
/// The signature errors ([`is_signature_error`](WebhookError::is_signature_error)) mean the
/// request may not come from Intercom: answer `401` and do nothing. The others mean a genuine
/// notification could not be read; its body is still the raw JSON it was. None of them holds the
/// secret or the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret to check the signature with is empty: a configuration mistake (anyone could
    /// sign with an empty key).
    #[error("the webhook signing secret is empty")]
    EmptySecret,
    /// The request has no signature header, or an empty one.
    #[error("the webhook request has no signature")]
    MissingSignature,
    /// The signature header does not have the expected form (`sha1=` and 40 hex digits for
    /// `X-Hub-Signature`).
    #[error("malformed webhook signature: {0}")]
    MalformedSignature(&'static str),
    /// The signature names another algorithm than the one the header uses (`sha256=…` in
    /// `X-Hub-Signature`, which is always `sha1=…`).
    #[error("the webhook signature uses `{found}=`, expected `{expected}=`")]
    WrongScheme {
        /// The algorithm the header names (at most 16 characters of it).
        found: String,
        /// The one it should name.
        expected: &'static str,
    },
    /// The signature is well formed but does not match the body: another secret signed it, or
    /// the body was changed (re-serialized JSON never matches: verify the bytes as received).
    #[error("the webhook signature does not match the body")]
    SignatureMismatch,
    /// The body is not a notification envelope (not JSON, or no `topic` or `data`).
    #[error("the webhook body is not a notification: {message} (at `{path}`)")]
    InvalidNotification {
        /// JSON path of the problem (`.` for the document itself).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The notification's item does not fit the model its type (or topic) calls for.
    #[error(
        "the `{kind}` item of a `{topic}` notification does not decode: {message} (at `{path}`)"
    )]
    InvalidItem {
        /// The notification's topic.
        topic: String,
        /// The item kind it was decoded as (`conversation`, `content_stat.*`, `deleted`, …).
        kind: &'static str,
        /// JSON path of the problem inside the item.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl WebhookError {
    /// Whether the request failed verification (no, a malformed, or a wrong signature, or no
    /// secret to check it with): it may not come from Intercom.
    pub fn is_signature_error(&self) -> bool {
        matches!(
            self,
            WebhookError::EmptySecret
                | WebhookError::MissingSignature
                | WebhookError::MalformedSignature(_)
                | WebhookError::WrongScheme { .. }
                | WebhookError::SignatureMismatch
        )
    }
}
