//! Errors returned by every operation: [`Error`] and the details it carries.
//!
//! None of these types ever hold the access token, so their `Display` and `Debug` output is safe
//! to log.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;

use super::error_kind::ErrorKind;
use super::execute_error::ExecuteError;
use super::response::{RateLimit, request_id_header, server_delay};

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Largest number of body bytes kept in a [`DecodeError`].
const DECODE_SNIPPET_LIMIT: usize = 2048;

/// Largest number of body characters quoted in an [`ApiError`]'s one-line `Display`.
const DISPLAY_SNIPPET_CHARS: usize = 120;

/// Everything that can go wrong when calling the Intercom API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Intercom answered with an unsuccessful HTTP status (4xx, 5xx, or an unexpected 3xx).
    /// [`ApiError::kind`] says what it means when Intercom's answer says more than the status
    /// (a 409's existing record: [`ApiError::existing_id`]).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// Intercom refused to start a background job (a data export) because the workspace already
    /// has as many pending as it allows: one content data export, five reporting data exports
    /// ([`ErrorKind::TooManyPendingJobs`]). Intercom answers HTTP 429 with the code
    /// `rate_limit_exceeded`, but this is not a rate limit: it was not retried, and waiting for a
    /// rate-limit reset does not help. Wait for the pending job to finish (`get` or `wait` on
    /// the export resource) or cancel it (`data_export().cancel(job_identifier)`), then create
    /// the new one; Intercom has no call that lists jobs, so keep the `job_identifier` each
    /// create call returns.
    #[error("{}: {} ({})", .0.operation(), .0.kind(), .0)]
    TooManyPendingJobs(Box<ApiError>),
    /// Intercom answered successfully, but the body did not have the expected shape.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request did not complete within its timeout (on every attempt it was allowed).
    #[error("{operation}: request timed out{}", after_attempts(*attempts))]
    Timeout {
        /// The operation that timed out, e.g. `getContact`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request could not be sent or its response could not be read (DNS, TLS, connection
    /// refused or reset, a body cut short, ...).
    #[error("{operation}: HTTP transport error{}: {source}", after_attempts(*attempts))]
    Transport {
        /// The operation that failed, e.g. `getContact`.
        operation: &'static str,
        /// How many attempts were made.
        attempts: u32,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },
    /// The workspace's rate budget is spent, and waiting for it (the client's
    /// [`RateGovernor`](super::RateGovernor) holds calls until the window resets) would take
    /// longer than this call may: its timeout, or what is left of its retry budget
    /// ([`RetryPolicy::max_elapsed`](super::RetryPolicy::max_elapsed)). The call gave up at once,
    /// without sending anything more.
    #[error(
        "{operation}: the workspace's rate limit is reached: the call would have had to wait {} \
         for budget, longer than the {} it may wait (its timeout or retry budget){}",
        human(*wait),
        human(*allowed),
        after_attempts(*attempts)
    )]
    RateLimitWait {
        /// The operation, e.g. `getContact`.
        operation: &'static str,
        /// How long the call would have waited, from when it asked.
        wait: Duration,
        /// How long it could wait.
        allowed: Duration,
        /// How many attempts it made before (0 when it gave up before the first).
        attempts: u32,
        /// The last answer, when an attempt was refused with a 429.
        #[source]
        last: Option<Box<ApiError>>,
    },
    /// A downloaded body could not be written where it was asked to go
    /// ([`Download::write_to`](super::Download::write_to)).
    #[error("{operation}: could not write the download: {source}")]
    Io {
        /// The download operation, e.g. `downloadDataExport`.
        operation: &'static str,
        /// The writer's error.
        #[source]
        source: std::io::Error,
    },
    /// A job (a data export) was still running when waiting for it timed out
    /// ([`PollOptions::timeout`](super::PollOptions::timeout)). The job goes on: wait again, or
    /// cancel it.
    #[error(
        "{operation}: the job was still running after {polls} status checks{}",
        status.as_deref().map(|s| format!(" (last status `{s}`)")).unwrap_or_default()
    )]
    JobTimeout {
        /// The status operation that was polled, e.g. `getDataExport`.
        operation: &'static str,
        /// The last status the job reported.
        status: Option<String>,
        /// How many times its status was fetched.
        polls: u32,
    },
    /// A job finished without a file to download: it failed, was canceled, or had no data.
    #[error("{operation}: the job ended with status `{status}` and has nothing to download")]
    JobEnded {
        /// The status operation that was polled, e.g. `getDataExport`.
        operation: &'static str,
        /// The job's final status, e.g. `failed` or `no_data`.
        status: String,
    },
    /// The request was rejected before anything was sent: an invalid token, header value, base
    /// URL, path or query parameter.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A paginator stopped: the server's paging answers would have made it loop, or a scroll
    /// cannot go on. Delivered after every item that arrived before it.
    ///
    /// A single call of a scroll operation (`companies().scroll().send()`) that Intercom answers
    /// with a scroll error fails the same way, with the call's operation: see
    /// [`PaginationError::ScrollInProgress`] and [`PaginationError::ScrollExpired`].
    #[error("{operation}: {kind}")]
    Pagination {
        /// The paginated operation, e.g. `ListContacts`.
        operation: &'static str,
        /// What went wrong.
        kind: PaginationError,
    },
    /// A search breaks one of Intercom's documented limits (nesting depth, filters per group,
    /// page size); nothing was sent.
    #[error("{operation}: {source}")]
    InvalidSearch {
        /// The search operation, e.g. `SearchContacts`.
        operation: &'static str,
        /// Which limit, and where in the query.
        #[source]
        source: super::search::SearchError,
    },
    /// `Client::execute` refused the call before sending anything: the operation name is
    /// unknown, its cargo feature is off, or the JSON input does not fit it.
    #[error("{0}")]
    Execute(Box<ExecuteError>),
}

/// Why a paginator stopped early (the `kind` of [`Error::Pagination`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaginationError {
    /// The server sent a next-page cursor it had already sent: following it would loop forever.
    #[error(
        "the server repeated the cursor `{cursor}` after page {page}; stopped instead of looping"
    )]
    RepeatedCursor {
        /// The repeated cursor.
        cursor: String,
        /// How many pages had arrived.
        page: usize,
    },
    /// The server answered an earlier page than the one asked for (it ignores the page
    /// number): following it would loop forever.
    #[error(
        "asked for page {requested} but the server answered page {received}; stopped instead of looping"
    )]
    PageNotAdvancing {
        /// The page number sent.
        requested: i64,
        /// The page number in the response.
        received: i64,
    },
    /// A scroll could not start because the workspace already has one open (Intercom answers 400
    /// `scroll_exists`). Intercom allows one scroll at a time; an unused scroll expires after a
    /// minute. Finish the other scroll, or wait, then start again.
    #[error(
        "another scroll is already open for this workspace (one at a time; an unused scroll \
         expires after a minute): finish it or wait, then start a new scroll ({0})"
    )]
    ScrollInProgress(Box<ApiError>),
    /// A scroll stopped part-way: its scroll parameter expired (unused for a minute; Intercom
    /// answers 404 `scroll parameter not found`), was not recognised, or the server asked for the
    /// scroll to be restarted (HTTP 500 `… Please restart the scroll operation.`, not retried).
    /// A scroll cannot be resumed: start a new one from the beginning.
    #[error(
        "the scroll expired or was interrupted and cannot be resumed: restart the scroll from the beginning ({0})"
    )]
    ScrollExpired(Box<ApiError>),
}

impl PaginationError {
    /// The API error behind a scroll error.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            PaginationError::ScrollInProgress(e) | PaginationError::ScrollExpired(e) => Some(e),
            _ => None,
        }
    }
}

impl Error {
    /// Intercom's unsuccessful answer behind this error: for [`Error::Api`],
    /// [`Error::TooManyPendingJobs`], the scroll errors of [`Error::Pagination`], and the 429
    /// before an [`Error::RateLimitWait`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::TooManyPendingJobs(e) => Some(e),
            Error::Pagination { kind, .. } => kind.api_error(),
            Error::RateLimitWait { last, .. } => last.as_deref(),
            _ => None,
        }
    }

    /// What Intercom's answer means ([`ApiError::kind`]); `None` when there was no answer.
    pub fn kind(&self) -> Option<ErrorKind<'_>> {
        self.api_error().map(ApiError::kind)
    }

    /// The id of the record that already exists, when Intercom refused to create a duplicate
    /// (HTTP 409, [`ApiError::existing_id`]).
    pub fn existing_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::existing_id)
    }

    /// The HTTP status of the response, for errors that come from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode(e) => Some(e.status),
            _ => self.api_error().map(ApiError::status),
        }
    }

    /// Intercom's request id for the failed call, when the error response carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::request_id)
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the workspace's rate limiter refused the call (an HTTP 429 whose
    /// [`kind`](ApiError::kind) is [`ErrorKind::RateLimited`]; a 429 about pending export jobs
    /// is [`Error::TooManyPendingJobs`], not a rate limit), or the call gave up waiting for the
    /// rate budget ([`Error::RateLimitWait`]).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimitWait { .. })
            || self.kind().is_some_and(|kind| kind.is_rate_limit())
    }

    /// The rate-limit headers of the error response, if it had any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api_error().and_then(ApiError::rate_limit)
    }

    /// How many attempts the call made before failing, for errors that come from the network
    /// (`None` for errors found before sending or while decoding).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::RateLimitWait { attempts, .. } => Some(*attempts),
            _ => self.api_error().map(ApiError::attempts),
        }
    }

    /// The error for an unsuccessful answer: [`Error::Api`], unless its [`kind`](ApiError::kind)
    /// has a variant of its own (a pending-jobs limit, a scroll that cannot go on).
    pub(crate) fn from_answer(api: ApiError) -> Error {
        let operation = api.operation;
        let kind = match api.kind() {
            ErrorKind::TooManyPendingJobs { .. } => {
                return Error::TooManyPendingJobs(Box::new(api));
            }
            ErrorKind::ScrollInProgress => PaginationError::ScrollInProgress,
            ErrorKind::ScrollExpired | ErrorKind::ScrollInterrupted => {
                PaginationError::ScrollExpired
            }
            _ => return Error::Api(Box::new(api)),
        };
        Error::Pagination {
            operation,
            kind: kind(Box::new(api)),
        }
    }

    /// Maps an HTTP client error to [`Error::Timeout`] or [`Error::Transport`].
    pub(crate) fn from_reqwest(
        operation: &'static str,
        source: reqwest::Error,
        attempts: u32,
    ) -> Error {
        if source.is_timeout() {
            Error::Timeout {
                operation,
                attempts,
            }
        } else {
            Error::Transport {
                operation,
                attempts,
                source,
            }
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

/// One entry of an Intercom `error.list` response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorItem {
    /// Machine-readable error code such as `not_found` or `unauthorized` (empty if Intercom sent
    /// none).
    pub code: String,
    /// Human-readable description.
    pub message: Option<String>,
    /// The request field the error refers to, for validation errors.
    pub field: Option<String>,
}

/// An unsuccessful HTTP response from Intercom.
///
/// Intercom normally answers errors with
/// `{"type":"error.list","request_id":"…","errors":[{"code":"…","message":"…"}]}`, but other
/// shapes (a top-level `message`, an `error_key`, HTML pages from proxies, empty bodies) happen
/// too. Parsing never fails: whatever could be understood is exposed through the accessors, and
/// the raw body is always kept in [`body`](ApiError::body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    status: u16,
    operation: &'static str,
    request_id: Option<String>,
    errors: Vec<ErrorItem>,
    message: Option<String>,
    body: String,
    headers: HeaderMap,
    attempts: u32,
}

impl ApiError {
    /// Builds an `ApiError` from the parts of an HTTP response.
    ///
    /// `headers` supplies the `X-Request-Id` fallback when the body has no `request_id`. The body
    /// may be anything; this never fails.
    pub fn from_response_parts(
        operation: &'static str,
        status: u16,
        headers: Option<&HeaderMap>,
        body: &[u8],
    ) -> ApiError {
        let mut request_id = None;
        let mut errors = Vec::new();
        let mut message = None;
        if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
            request_id = map.get("request_id").and_then(scalar_text);
            message = map.get("message").and_then(scalar_text);
            if let Some(Value::Array(items)) = map.get("errors") {
                errors = items.iter().filter_map(error_item).collect();
            }
            if errors.is_empty() {
                // Non-standard shapes: `{"error_key": …}`, `{"code": …}`, `{"error": …}`.
                let code = ["error_key", "code", "error"]
                    .iter()
                    .find_map(|key| map.get(*key).and_then(scalar_text));
                if let Some(code) = code {
                    errors.push(ErrorItem {
                        code,
                        message: message.clone(),
                        field: None,
                    });
                }
            }
        }
        if request_id.is_none() {
            request_id = headers.and_then(request_id_header).map(str::to_owned);
        }
        ApiError {
            status,
            operation,
            request_id,
            errors,
            message,
            body: String::from_utf8_lossy(body).into_owned(),
            headers: headers.cloned().unwrap_or_default(),
            attempts: 1,
        }
    }

    /// Records how many attempts the call made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> ApiError {
        self.attempts = attempts;
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The operation that failed, e.g. `getContact`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Intercom's request id, from the body or the `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The entries of an `error.list` body (empty if the body had none).
    pub fn errors(&self) -> &[ErrorItem] {
        &self.errors
    }

    /// The first non-empty error code, e.g. `not_found`.
    pub fn code(&self) -> Option<&str> {
        self.errors
            .iter()
            .map(|e| e.code.as_str())
            .find(|c| !c.is_empty())
    }

    /// The most useful human-readable message: the body's top-level `message`, or else the first
    /// error's message.
    pub fn message(&self) -> Option<&str> {
        self.message
            .as_deref()
            .or_else(|| self.errors.iter().find_map(|e| e.message.as_deref()))
    }

    /// The raw response body (invalid UTF-8 replaced with U+FFFD).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` of the body, e.g. `text/html` for a proxy's error page.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The rate-limit headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`), if present.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// How long the response asks the caller to wait before trying again: `Retry-After`, else
    /// the time until `X-RateLimit-Reset`.
    pub fn retry_after(&self) -> Option<Duration> {
        server_delay(&self.headers, SystemTime::now())
    }

    /// How many attempts the call made (more than 1 when it was retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// What the answer means beyond its status ([`ErrorKind`]): a workspace rate limit or a
    /// pending-jobs limit (both HTTP 429), an existing record (409), a scroll that cannot go on.
    pub fn kind(&self) -> ErrorKind<'_> {
        let codes: Vec<&str> = self.errors.iter().map(|e| e.code.as_str()).collect();
        let messages = self
            .message
            .as_deref()
            .into_iter()
            .chain(self.errors.iter().filter_map(|e| e.message.as_deref()));
        ErrorKind::classify(self.status, &codes, messages)
    }

    /// The id of the record that already exists, when Intercom refused to create a duplicate:
    /// `POST /contacts` answers HTTP 409 `A contact matching those details already exists with
    /// id=5da6f18e3d7cf967e4582d05` when a contact has the same `external_id` or email (also
    /// when a search just said there was none: search is eventually consistent), and
    /// `An archived contact …` when that contact is archived ([`ErrorKind::AlreadyExists`]).
    pub fn existing_id(&self) -> Option<&str> {
        match self.kind() {
            ErrorKind::AlreadyExists { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(code) = self.code() {
            write!(f, " {code}")?;
        }
        match self.message() {
            Some(message) => write!(f, ": {message}")?,
            None => {
                // No structured message: quote the start of the body on one line.
                let mut words = self.body.split_whitespace();
                if let Some(first) = words.next() {
                    let mut chars = first
                        .chars()
                        .chain(words.flat_map(|word| [' '].into_iter().chain(word.chars())));
                    let snippet: String = chars.by_ref().take(DISPLAY_SNIPPET_CHARS).collect();
                    write!(f, ": {snippet}")?;
                    if chars.next().is_some() {
                        f.write_str("…")?;
                    }
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        f.write_str(&after_attempts(self.attempts))
    }
}

impl std::error::Error for ApiError {}

/// A successful response whose body could not be decoded into the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    operation: &'static str,
    status: u16,
    path: String,
    message: String,
    body: String,
}

impl DecodeError {
    /// Builds a `DecodeError`, keeping at most the first 2 KiB of `body`.
    pub(crate) fn new(
        operation: &'static str,
        status: u16,
        path: String,
        message: String,
        body: &[u8],
    ) -> DecodeError {
        DecodeError {
            operation,
            status,
            path,
            message,
            body: snippet(body, DECODE_SNIPPET_LIMIT),
        }
    }

    /// The operation whose response failed to decode.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Where in the JSON document decoding failed, e.g. `data[3].custom_attributes.plan`
    /// (`.` for the document root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, as reported by the JSON decoder.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The first 2 KiB (at most) of the response body, cut at a character boundary.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not decode HTTP {} response",
            self.operation, self.status
        )?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

/// ` after N attempts` when there was more than one.
fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A duration for people: `250 ms`, `1.8 s`.
fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Text of a JSON string or number; `None` for anything else.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One `errors[]` entry; entries that are not objects are skipped.
fn error_item(value: &Value) -> Option<ErrorItem> {
    let obj = value.as_object()?;
    Some(ErrorItem {
        code: obj.get("code").and_then(scalar_text).unwrap_or_default(),
        message: obj.get("message").and_then(scalar_text),
        field: obj.get("field").and_then(scalar_text),
    })
}

/// Lossy UTF-8 of at most `limit` bytes of `body`, never splitting a character.
fn snippet(body: &[u8], limit: usize) -> String {
    // Decode a few bytes more than needed so a character straddling the limit is seen whole,
    // then cut back to the last character boundary within the limit.
    let end = body.len().min(limit.saturating_add(4));
    let mut text = String::from_utf8_lossy(body.get(..end).unwrap_or(body)).into_owned();
    if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

impl From<ExecuteError> for Error {
    fn from(e: ExecuteError) -> Self {
        Error::Execute(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn parse(status: u16, body: &str) -> ApiError {
        ApiError::from_response_parts("testOp", status, None, body.as_bytes())
    }

    #[test]
    fn error_list_is_parsed() {
        let e = parse(
            404,
            r#"{"type":"error.list","request_id":"req-1","errors":[{"code":"not_found","message":"Contact Not Found"},{"code":"other","field":"email"}]}"#,
        );
        assert_eq!(e.status(), 404);
        assert_eq!(e.request_id(), Some("req-1"));
        assert_eq!(e.code(), Some("not_found"));
        assert_eq!(e.message(), Some("Contact Not Found"));
        assert_eq!(e.errors().len(), 2);
        assert_eq!(e.errors()[1].field.as_deref(), Some("email"));
        assert_eq!(
            e.to_string(),
            "testOp: HTTP 404 not_found: Contact Not Found (request id req-1)"
        );
    }

    #[test]
    fn top_level_message_and_error_key() {
        let e = parse(
            400,
            r#"{"type":"error","request_id":"r2","message":"Bad thing"}"#,
        );
        assert_eq!(e.message(), Some("Bad thing"));
        assert_eq!(e.code(), None);
        assert_eq!(e.request_id(), Some("r2"));

        let e = parse(422, r#"{"error_key":"invalid_state","message":"Nope"}"#);
        assert_eq!(e.code(), Some("invalid_state"));
        assert_eq!(e.message(), Some("Nope"));
        assert_eq!(e.to_string(), "testOp: HTTP 422 invalid_state: Nope");
    }

    #[test]
    fn odd_bodies_never_fail() {
        for body in [
            "",
            " ",
            "<html><body>502 Bad Gateway</body></html>",
            "[1,2]",
            "{",
            "null",
        ] {
            let e = parse(502, body);
            assert_eq!(e.body(), body);
            assert_eq!(e.code(), None);
            assert_eq!(e.status(), 502);
        }
        let e = parse(502, "<html>\n  <h1>502   Bad Gateway</h1>\n</html>");
        assert_eq!(
            e.to_string(),
            "testOp: HTTP 502: <html> <h1>502 Bad Gateway</h1> </html>"
        );
        assert_eq!(parse(500, " ").to_string(), "testOp: HTTP 500");
        // Wrongly typed fields are ignored rather than failing.
        let e = parse(
            400,
            r#"{"errors":[{"code":7,"message":{"x":1}},"junk"],"request_id":5}"#,
        );
        assert_eq!(e.code(), Some("7"));
        assert_eq!(e.message(), None);
        assert_eq!(e.request_id(), Some("5"));
        // Invalid UTF-8 is kept lossily.
        let e = ApiError::from_response_parts("op", 500, None, b"\xff\xfeoops");
        assert!(e.body().ends_with("oops"));
    }

    #[test]
    fn long_body_is_shortened_in_display() {
        let body = "x".repeat(500);
        let shown = parse(500, &body).to_string();
        assert!(shown.len() < 200, "{shown}");
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn request_id_falls_back_to_header() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("hdr-id"));
        let e = ApiError::from_response_parts("op", 401, Some(&headers), b"");
        assert_eq!(e.request_id(), Some("hdr-id"));
        let e = ApiError::from_response_parts(
            "op",
            401,
            Some(&headers),
            br#"{"request_id":"body-id"}"#,
        );
        assert_eq!(e.request_id(), Some("body-id"));
        let err = Error::from(e);
        assert_eq!(err.request_id(), Some("body-id"));
        assert_eq!(err.status(), Some(401));
        assert!(!err.is_timeout());
    }

    #[test]
    fn decode_snippet_is_bounded_and_char_safe() {
        // 'é' is two bytes, so byte 2048 falls in the middle of a character.
        let body = format!("x{}", "é".repeat(3000));
        let e = DecodeError::new("op", 200, "a.b".into(), "boom".into(), body.as_bytes());
        assert!(e.body().len() <= DECODE_SNIPPET_LIMIT);
        assert!(e.body().len() >= DECODE_SNIPPET_LIMIT - 1);
        assert!(!e.body().contains('\u{FFFD}'));
        assert_eq!(
            e.to_string(),
            "op: could not decode HTTP 200 response at `a.b`: boom"
        );
        let short = DecodeError::new("op", 200, ".".into(), "m".into(), b"tiny");
        assert_eq!(short.body(), "tiny");
        assert_eq!(
            short.to_string(),
            "op: could not decode HTTP 200 response: m"
        );
    }

    #[test]
    fn timeout_display() {
        let e = Error::Timeout {
            operation: "listContacts",
            attempts: 1,
        };
        assert!(e.is_timeout());
        assert_eq!(e.to_string(), "listContacts: request timed out");
        assert_eq!(e.status(), None);
        assert_eq!(e.attempts(), Some(1));
        let e = Error::Timeout {
            operation: "listContacts",
            attempts: 3,
        };
        assert_eq!(
            e.to_string(),
            "listContacts: request timed out after 3 attempts"
        );
    }
}
