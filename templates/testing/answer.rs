//! [`Answer`]: what the mock server sends back, and Intercom's error body.

use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};

/// An answer of the mock server: status, headers, body, and an optional delay.
///
/// ```
/// use std::time::Duration;
/// use intercom_api::testing::Answer;
///
/// let found = Answer::json(200, serde_json::json!({"type": "contact", "id": "1"}));
/// let missing = Answer::error(404, "not_found", "User Not Found");
/// let slow = Answer::example().delay(Duration::from_millis(200));
/// let busy = Answer::rate_limited(Duration::ZERO);
/// # let _ = (found, missing, slow, busy);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Answer {
    pub(super) status: Option<u16>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Body,
    pub(super) delay: Option<Duration>,
}

/// The body of an [`Answer`].
#[derive(Debug, Clone)]
pub(super) enum Body {
    /// The operation's default answer.
    Example,
    /// Nothing.
    Empty,
    /// JSON text.
    Json(Vec<u8>),
    /// Intercom's `error.list`, with the request's id filled in when answering.
    Error {
        code: String,
        message: String,
        field: Option<String>,
    },
    /// Bytes with a content type.
    Raw(Vec<u8>, String),
}

impl Answer {
    fn new(status: Option<u16>, body: Body) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body,
            delay: None,
        }
    }

    /// The operation's default answer: its success status with the example the API description
    /// documents (or, where it has none, a value made from the response type); for a paged
    /// operation, one last page.
    pub fn example() -> Answer {
        Answer::new(None, Body::Example)
    }

    /// `status` with `value` as the JSON body. A value that cannot be encoded as JSON (a map
    /// with non-string keys) answers 500 with a body saying so.
    pub fn json(status: u16, value: impl Serialize) -> Answer {
        match serde_json::to_vec(&value) {
            Ok(body) => Answer::new(Some(status), Body::Json(body)),
            Err(e) => Answer::text(
                500,
                format!("the mock's answer could not be encoded as JSON: {e}"),
            ),
        }
    }

    /// `status` with Intercom's error body:
    /// `{"type": "error.list", "request_id": "…", "errors": [{"code": …, "message": …}]}`.
    pub fn error(status: u16, code: impl Into<String>, message: impl Into<String>) -> Answer {
        Answer::new(
            Some(status),
            Body::Error {
                code: code.into(),
                message: message.into(),
                field: None,
            },
        )
    }

    /// Intercom's rate limit: 429 `rate_limit_exceeded`, with `Retry-After` (whole seconds,
    /// rounded up) and `X-RateLimit-Remaining: 0`. The client waits `retry_after`, then retries;
    /// use [`Duration::ZERO`] in tests that should not wait.
    pub fn rate_limited(retry_after: Duration) -> Answer {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        Answer::error(429, "rate_limit_exceeded", "Exceeded rate limit")
            .header("Retry-After", seconds.to_string())
            .header("X-RateLimit-Limit", "10000")
            .header("X-RateLimit-Remaining", "0")
    }

    /// `status` with no body.
    pub fn empty(status: u16) -> Answer {
        Answer::new(Some(status), Body::Empty)
    }

    /// `status` with a `text/plain` body.
    pub fn text(status: u16, text: impl Into<String>) -> Answer {
        Answer::new(
            Some(status),
            Body::Raw(text.into().into_bytes(), "text/plain; charset=utf-8".into()),
        )
    }

    /// `status` with a body of any content type.
    pub fn bytes(status: u16, body: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Answer {
        Answer::new(Some(status), Body::Raw(body.into(), content_type.into()))
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Answer {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the answer after `delay` (for timeout tests; the wait is real time).
    pub fn delay(mut self, delay: Duration) -> Answer {
        self.delay = Some(delay);
        self
    }

    /// The status, for an answer that has its own (not [`Answer::example`]).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// A validation error naming `field` (`parameter_not_found` or `parameter_invalid`).
    pub(super) fn invalid(code: &str, field: &str, message: String) -> Answer {
        Answer::new(
            Some(400),
            Body::Error {
                code: code.to_owned(),
                message,
                field: (!field.is_empty()).then(|| field.to_owned()),
            },
        )
    }
}

/// Intercom's error body.
pub(super) fn error_list(
    request_id: &str,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> Value {
    let mut error = json!({"code": code, "message": message});
    if let Some(field) = field {
        error["field"] = json!(field);
    }
    json!({"type": "error.list", "request_id": request_id, "errors": [error]})
}
