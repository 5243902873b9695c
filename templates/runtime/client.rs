//! [`Client`], its [`ClientBuilder`], the data-hosting [`Region`]s, and the `send_*` methods that
//! perform a [`Request`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Response, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::call::Call;
use super::decode::decode_json;
use super::download::Download;
use super::error::{ApiError, DecodeError, Error, Result};
use super::governor::{self, RateBudget, RateGovernor};
use super::request::{FormValue, Request};
use super::response::ApiResponse;
use super::retry::{Failure, RetryPolicy};

/// The Intercom data-hosting region a workspace lives in, which decides the API host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// United States: `https://api.intercom.io` (the default).
    #[default]
    Us,
    /// Europe: `https://api.eu.intercom.io`.
    Eu,
    /// Australia: `https://api.au.intercom.io`.
    Au,
}

impl Region {
    /// The API base URL of this region, without a trailing slash.
    pub const fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }
}

/// An Intercom API client.
///
/// Cloning is cheap (an [`Arc`] inside) and clones share one connection pool, so create one
/// client and clone it wherever it is needed.
///
/// Every request carries `Authorization: Bearer <token>`, `Intercom-Version`, `User-Agent`,
/// `Accept: application/json` (unless the operation declares another) and, when there is a JSON
/// body, `Content-Type: application/json`. Redirects are not followed. Failed calls are retried
/// as [`RetryPolicy`] describes, and each call is one `tracing` span named `intercom.request`
/// (operation id, method, path template, status, attempts, elapsed milliseconds). Before each
/// attempt the client's [`RateGovernor`] (shared by its clones) decides whether the workspace's
/// rate budget allows it, and every answer's rate-limit headers teach it the budget.
///
/// ```no_run
/// # async fn demo() -> intercom_api::Result<()> {
/// use intercom_api::{Client, Region};
///
/// let client = Client::builder()
///     .token(std::env::var("INTERCOM_TOKEN").unwrap_or_default())
///     .region(Region::Eu)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Timeouts, retries and the connection pool of this handle's calls.
    settings: Arc<Settings>,
    /// `Intercom-Version` for this handle's requests when it is not the crate's
    /// (`client.preview()` sends `Preview`).
    api_version: Option<&'static str>,
}

/// What every handle of one client shares.
struct Inner {
    base_url: String,
    /// Authorization (marked sensitive), Intercom-Version, Accept and User-Agent.
    headers: HeaderMap,
    user_agent: String,
    /// Whether the connection pool is the crate's own (so another connect timeout can be set).
    own_http: bool,
    /// The workspace's rate budget, asked before each attempt (`None`: turned off).
    governor: Option<RateGovernor>,
}

/// What [`RequestOptions`] can change for some calls.
#[derive(Clone)]
struct Settings {
    http: reqwest::Client,
    /// Whole-attempt timeout (see [`ClientBuilder::timeout`]).
    timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_version", &self.api_version())
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.settings.timeout)
            .field("connect_timeout", &self.settings.connect_timeout)
            .field("retry", &self.settings.retry)
            .field("rate_governor", &self.inner.governor)
            .field("token", &"***")
            .finish_non_exhaustive()
    }
}

/// Settings for some calls instead of the client's: a timeout, a connect timeout, a retry
/// policy. Apply them with [`Client::with_options`], which returns a handle whose calls (and
/// paginators) use them.
///
/// ```no_run
/// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
/// use std::time::Duration;
/// use intercom_api::{RequestOptions, RetryPolicy};
///
/// // These calls: 5 s per attempt, up to 4 attempts, and repeated after a 5xx although
/// // they are PUTs and POSTs (only for calls known to be safe to repeat).
/// let careful = client.with_options(
///     RequestOptions::new()
///         .timeout(Duration::from_secs(5))
///         .retry(RetryPolicy::default().max_attempts(4).retry_writes(true)),
/// );
/// let tag = careful.contacts().get("63a07ddf05a32042dffac965").send().await?;
/// # let _ = tag;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "options do nothing until given to `Client::with_options`"]
pub struct RequestOptions {
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
}

impl RequestOptions {
    /// No changes: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Time allowed for each attempt, from connecting to reading the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection. A connect timeout other than the client's needs
    /// a connection pool of its own, made when the options are applied; it is ignored for a
    /// client built on [`ClientBuilder::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

/// Whether a call wants its body read, streamed, or a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Read the whole body of a 2xx response.
    Buffered,
    /// Hand back a 2xx response unread.
    Streamed,
    /// Like `Buffered`, and a 3xx response is an answer too.
    Redirect,
}

/// A successful answer.
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: ReplyBody,
    attempts: u32,
}

enum ReplyBody {
    Read(Bytes),
    Unread(Response),
}

impl Reply {
    fn bytes(self) -> (ApiResponse<()>, Bytes) {
        let body = match self.body {
            ReplyBody::Read(bytes) => bytes,
            ReplyBody::Unread(_) => Bytes::new(),
        };
        (
            ApiResponse::new((), self.status, self.headers, self.attempts),
            body,
        )
    }
}

/// How one attempt ended when it did not produce a response.
enum Broken {
    /// No connection could be made: nothing was sent.
    NotConnected(reqwest::Error),
    /// The connection broke, or reading failed, after the request may have been sent.
    Interrupted(reqwest::Error),
    /// The attempt's timeout passed.
    TimedOut,
}

/// Error responses are read up to this size; the rest is dropped.
pub(crate) const ERROR_BODY_LIMIT: usize = 1 << 20;

impl Client {
    /// A client for the US region with default settings.
    ///
    /// Fails with [`Error::InvalidRequest`] if the token is empty or not a valid header value.
    pub fn new(token: impl Into<String>) -> Result<Client> {
        Client::builder().token(token).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `Intercom-Version` this client sends.
    pub fn api_version(&self) -> &'static str {
        self.api_version.unwrap_or(crate::API_VERSION)
    }

    /// The retry policy of this handle's calls.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.settings.retry
    }

    /// The per-attempt timeout of this handle's calls.
    pub fn timeout(&self) -> Option<Duration> {
        self.settings.timeout
    }

    /// The rate governor's current view of the workspace's rate budget (what is left in the
    /// window, when it resets, calls in flight and waiting); `None` when the governor is off.
    pub fn rate_limit(&self) -> Option<RateBudget> {
        self.inner.governor.as_ref().map(RateGovernor::rate_limit)
    }

    /// The rate governor this client's calls wait for, to share with another client of the same
    /// workspace ([`ClientBuilder::rate_governor`]); `None` when it is off.
    pub fn rate_governor(&self) -> Option<&RateGovernor> {
        self.inner.governor.as_ref()
    }

    /// A handle to the same client whose calls use `options` where they set something: per-call
    /// timeouts and retries. The handle is as cheap to clone as the client and shares its
    /// connection pool (unless the options change the connect timeout).
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let mut settings = Settings::clone(&self.settings);
        if let Some(timeout) = options.timeout {
            settings.timeout = Some(timeout);
        }
        if let Some(retry) = options.retry {
            settings.retry = retry;
        }
        if let Some(connect) = options.connect_timeout
            && connect != settings.connect_timeout
            && self.inner.own_http
            && let Ok(http) = own_http_client(connect)
        {
            settings.http = http;
            settings.connect_timeout = connect;
        }
        Client {
            inner: Arc::clone(&self.inner),
            settings: Arc::new(settings),
            api_version: self.api_version,
        }
    }

    /// The same client (same connection pool and settings) sending another `Intercom-Version`:
    /// how the Preview API's handle talks to the Preview version. Generated code only.
    #[doc(hidden)]
    pub fn with_api_version(&self, version: &'static str) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            settings: Arc::clone(&self.settings),
            api_version: Some(version),
        }
    }

    /// Starts a call of `request` (or fails with its problem) answering JSON decoded into `T`.
    ///
    /// Used by generated operations' `send_with_response`.
    #[doc(hidden)]
    pub fn call_json<T: DeserializeOwned + Send + 'static>(
        &self,
        request: Result<Request>,
    ) -> Call<ApiResponse<T>> {
        self.start(request, |client, req| async move {
            client.send_json_with_response(req).await
        })
    }

    /// [`call_json`](Self::call_json) for an operation that answers nothing.
    #[doc(hidden)]
    pub fn call_empty(&self, request: Result<Request>) -> Call<ApiResponse<()>> {
        self.start(request, |client, req| async move {
            client.send_empty_with_response(req).await
        })
    }

    /// [`call_json`](Self::call_json) for an operation that answers text.
    #[doc(hidden)]
    pub fn call_text(&self, request: Result<Request>) -> Call<ApiResponse<String>> {
        self.start(request, |client, req| async move {
            client.send_text_with_response(req).await
        })
    }

    /// [`call_json`](Self::call_json) for an operation that answers a file.
    #[doc(hidden)]
    pub fn call_download(&self, request: Result<Request>) -> Call<ApiResponse<Download>> {
        self.start(request, |client, req| async move {
            client.send_download_with_response(req).await
        })
    }

    /// [`call_json`](Self::call_json) for an operation that answers a redirect.
    #[doc(hidden)]
    pub fn call_redirect(&self, request: Result<Request>) -> Call<ApiResponse<String>> {
        self.start(request, |client, req| async move {
            client.send_redirect_with_response(req).await
        })
    }

    /// Boxes the sending of `request` by `send`, on a clone of this client.
    fn start<T, F, Fut>(&self, request: Result<Request>, send: F) -> Call<T>
    where
        F: FnOnce(Client, Request) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let client = self.clone();
        Box::pin(async move { send(client, request?).await })
    }

    /// Sends `req` and decodes a successful (2xx) JSON response into `T` with
    /// [`decode_json`] (the models are lenient themselves); an empty body decodes as JSON `null`.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        self.send_json_with_response(req)
            .await
            .map(ApiResponse::into_value)
    }

    /// [`send_json`](Self::send_json), keeping the response details.
    #[doc(hidden)]
    pub async fn send_json_with_response<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<ApiResponse<T>> {
        let operation = req.operation;
        let (response, body) = self.call(req, Mode::Buffered).await?.bytes();
        let value = decode_json(operation, response.status(), &body)?;
        Ok(response.map(|()| value))
    }

    /// Sends `req`, expecting a 2xx response whose body (if any) is ignored.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_empty(&self, req: Request) -> Result<()> {
        self.send_empty_with_response(req).await.map(drop)
    }

    /// [`send_empty`](Self::send_empty), keeping the response details.
    #[doc(hidden)]
    pub async fn send_empty_with_response(&self, req: Request) -> Result<ApiResponse<()>> {
        Ok(self.call(req, Mode::Buffered).await?.bytes().0)
    }

    /// Sends `req`, expecting a 2xx response with a UTF-8 text body.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_text(&self, req: Request) -> Result<String> {
        self.send_text_with_response(req)
            .await
            .map(ApiResponse::into_value)
    }

    /// [`send_text`](Self::send_text), keeping the response details.
    #[doc(hidden)]
    pub async fn send_text_with_response(&self, req: Request) -> Result<ApiResponse<String>> {
        let operation = req.operation;
        let (response, body) = self.call(req, Mode::Buffered).await?.bytes();
        let text = String::from_utf8(Vec::from(body)).map_err(|e| {
            Error::from(DecodeError::new(
                operation,
                response.status(),
                ".".to_owned(),
                format!("response body is not valid UTF-8: {}", e.utf8_error()),
                e.as_bytes(),
            ))
        })?;
        Ok(response.map(|()| text))
    }

    /// Sends `req`, expecting a 2xx response, and returns the whole raw body.
    #[doc(hidden)]
    pub async fn send_bytes(&self, req: Request) -> Result<Bytes> {
        Ok(self.call(req, Mode::Buffered).await?.bytes().1)
    }

    /// Sends `req`, expecting a 2xx response whose body is streamed as a [`Download`].
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_download(&self, req: Request) -> Result<Download> {
        let operation = req.operation;
        let reply = self.call(req, Mode::Streamed).await?;
        match reply.body {
            ReplyBody::Unread(response) => Ok(Download::new(
                operation,
                response,
                reply.attempts,
                self.settings.timeout,
            )),
            // Not reached: streamed calls hand back 2xx responses unread.
            ReplyBody::Read(_) => Err(Error::InvalidRequest(format!(
                "{operation}: the download was read before it was returned"
            ))),
        }
    }

    /// [`send_download`](Self::send_download), with the response details (the download itself
    /// carries them too).
    #[doc(hidden)]
    pub async fn send_download_with_response(&self, req: Request) -> Result<ApiResponse<Download>> {
        let download = self.send_download(req).await?;
        Ok(ApiResponse::new(
            (),
            download.status(),
            download.headers().clone(),
            download.attempts(),
        )
        .map(|()| download))
    }

    /// Sends `req`, expecting a redirect (3xx), and returns its `Location` header exactly as
    /// sent.
    ///
    /// A redirect without `Location`, or a 2xx response, is an [`Error::Decode`]; any other
    /// status is an [`Error::Api`]. Used by generated operations.
    #[doc(hidden)]
    pub async fn send_redirect(&self, req: Request) -> Result<String> {
        self.send_redirect_with_response(req)
            .await
            .map(ApiResponse::into_value)
    }

    /// [`send_redirect`](Self::send_redirect), keeping the response details.
    #[doc(hidden)]
    pub async fn send_redirect_with_response(&self, req: Request) -> Result<ApiResponse<String>> {
        let operation = req.operation;
        let (response, body) = self.call(req, Mode::Redirect).await?.bytes();
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .filter(|v| !v.trim().is_empty());
        let is_redirect = (300..400).contains(&status);
        let problem = match location {
            Some(location) if is_redirect => return Ok(response.map(|()| location)),
            _ if is_redirect => format!("the HTTP {status} redirect has no Location"),
            _ => format!("expected a redirect (3xx) with a Location, got HTTP {status}"),
        };
        Err(DecodeError::new(operation, status, ".".to_owned(), problem, &body).into())
    }

    /// Sends `req` with retries, inside one tracing span; returns the successful reply.
    async fn call(&self, req: Request, mode: Mode) -> Result<Reply> {
        req.check_path()?;
        if let Some(fields) = &req.multipart {
            // Forms are rebuilt for each attempt; a part that cannot be built fails here, once.
            form(fields).map_err(|e| {
                Error::InvalidRequest(format!("{}: invalid form part: {e}", req.operation))
            })?;
        }
        let url = self.url_for(&req)?;
        let headers = self.headers_for(&req)?;
        let span = tracing::info_span!(
            "intercom.request",
            operation = req.operation,
            method = req.method.as_str(),
            path = %req.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .retrying(&req, &url, &headers, mode, started)
            .instrument(span.clone())
            .await;
        let attempts = match &result {
            Ok(reply) => {
                span.record("status", reply.status);
                reply.attempts
            }
            Err(error) => {
                if let Some(status) = error.status() {
                    span.record("status", status);
                }
                error.attempts().unwrap_or(1)
            }
        };
        span.record("attempts", attempts);
        span.record(
            "elapsed_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        result
    }

    /// The attempt loop of [`call`](Self::call).
    async fn retrying(
        &self,
        req: &Request,
        url: &Url,
        headers: &HeaderMap,
        mode: Mode,
        started: Instant,
    ) -> Result<Reply> {
        let policy = self.settings.retry;
        let operation = req.operation;
        let mut attempt = 0u32;
        // The previous attempt's error, and whether the rate limiter refused it.
        let mut last: Option<(Error, bool)> = None;
        loop {
            attempt += 1;
            let permit = match self.admission(started, attempt).await {
                Ok(permit) => permit,
                Err(overdue) => return Err(overdue.into_error(operation, attempt - 1, last)),
            };
            tracing::debug!(attempt, "sending");
            let outcome = self.attempt(req, url, headers, mode).await;
            let (failure, error, response_headers, refused) = match outcome {
                Ok(reply) => {
                    let ok = (200..300).contains(&reply.status)
                        || (mode == Mode::Redirect && (300..400).contains(&reply.status));
                    if ok {
                        permit.answered(&reply.headers, None);
                        tracing::debug!(attempt, status = reply.status, "answered");
                        return Ok(Reply {
                            attempts: attempt,
                            ..reply
                        });
                    }
                    let body = match &reply.body {
                        ReplyBody::Read(bytes) => bytes.clone(),
                        ReplyBody::Unread(_) => Bytes::new(),
                    };
                    let error = ApiError::from_response_parts(
                        operation,
                        reply.status,
                        Some(&reply.headers),
                        &body,
                    )
                    .with_attempts(attempt);
                    // Only the workspace's rate limiter holds every call (not, say, a 429 for
                    // too many pending export jobs).
                    let kind = error.kind();
                    let refused = kind.is_rate_limit();
                    permit.answered(&reply.headers, refused.then(|| policy.pause(attempt)));
                    let failure = if kind.is_final() {
                        Failure::Final
                    } else {
                        Failure::Status(reply.status)
                    };
                    (
                        failure,
                        Error::from_answer(error),
                        Some(reply.headers),
                        refused,
                    )
                }
                Err(Broken::NotConnected(source)) => {
                    permit.unsent();
                    (
                        Failure::NotConnected,
                        Error::from_reqwest(operation, source, attempt),
                        None,
                        false,
                    )
                }
                // Dropping the permit tells the governor no answer came.
                Err(Broken::Interrupted(source)) => (
                    Failure::Interrupted,
                    Error::from_reqwest(operation, source, attempt),
                    None,
                    false,
                ),
                Err(Broken::TimedOut) => (
                    Failure::Interrupted,
                    Error::Timeout {
                        operation,
                        attempts: attempt,
                    },
                    None,
                    false,
                ),
            };
            if attempt >= policy.attempts() || !policy.retries(req.method, failure) {
                return Err(error);
            }
            // After the rate limiter's refusal a governed call waits in the governor's queue
            // (with every other call) until the moment the answer names.
            if refused && self.inner.governor.is_some() {
                tracing::info!(attempt, error = %error, "retrying when the rate budget allows");
                last = Some((error, refused));
                continue;
            }
            let delay = policy.delay(attempt, response_headers.as_ref(), SystemTime::now());
            if !policy.allows(started.elapsed(), delay) {
                tracing::info!(
                    attempt,
                    wait_ms = delay.as_millis() as u64,
                    error = %error,
                    "not retrying: the wait would pass the retry budget"
                );
                return Err(error);
            }
            tracing::info!(
                attempt,
                wait_ms = delay.as_millis() as u64,
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            last = Some((error, refused));
        }
    }

    /// Waits for the rate governor's leave to send attempt number `attempt` of a call that
    /// started at `started` (at once when the governor is off). The wait may last neither longer
    /// than the timeout nor past the retry budget.
    async fn admission(
        &self,
        started: Instant,
        attempt: u32,
    ) -> std::result::Result<governor::Permit, governor::Overdue> {
        let now = tokio::time::Instant::now();
        let budget_end =
            tokio::time::Instant::from_std(started).checked_add(self.settings.retry.budget());
        let timeout_end = self.settings.timeout.and_then(|t| now.checked_add(t));
        let deadline = match (budget_end, timeout_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        governor::admit(self.inner.governor.as_ref(), deadline, attempt > 1).await
    }

    /// One attempt: send, and read the body unless it is to be streamed, within the timeout.
    async fn attempt(
        &self,
        req: &Request,
        url: &Url,
        headers: &HeaderMap,
        mode: Mode,
    ) -> std::result::Result<Reply, Broken> {
        let exchange = async {
            let mut builder = self
                .settings
                .http
                .request(req.method.to_reqwest(), url.clone())
                .headers(headers.clone());
            if let Some(body) = &req.body {
                builder = builder.body(body.clone());
            }
            if let Some(fields) = &req.multipart {
                builder = builder.multipart(form(fields).map_err(Broken::NotConnected)?);
            }
            let response = builder.send().await.map_err(|e| {
                if e.is_connect() {
                    Broken::NotConnected(e)
                } else {
                    Broken::Interrupted(e)
                }
            })?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = if mode == Mode::Streamed && response.status().is_success() {
                ReplyBody::Unread(response)
            } else {
                let limit = if response.status().is_success() {
                    usize::MAX
                } else {
                    ERROR_BODY_LIMIT
                };
                ReplyBody::Read(
                    read_body(response, limit)
                        .await
                        .map_err(Broken::Interrupted)?,
                )
            };
            Ok(Reply {
                status,
                headers,
                body,
                attempts: 1,
            })
        };
        match self.settings.timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or(Err(Broken::TimedOut)),
            None => exchange.await,
        }
    }

    /// The client's headers with the request's own and this handle's version.
    fn headers_for(&self, req: &Request) -> Result<HeaderMap> {
        let mut headers = self.inner.headers.clone();
        if let Some(version) = self.api_version {
            let value = HeaderValue::from_str(version).map_err(|_| {
                Error::InvalidRequest(format!(
                    "`{version}` is not a valid Intercom-Version header value"
                ))
            })?;
            headers.insert("intercom-version", value);
        }
        if req.body.is_some() {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        for (name, value) in &req.headers {
            headers.insert(name.clone(), value.clone());
        }
        Ok(headers)
    }

    /// `base_url + path [+ ? + query]`, validated.
    fn url_for(&self, req: &Request) -> Result<Url> {
        let mut url = format!("{}{}", self.inner.base_url, req.path);
        if !req.query.is_empty() {
            url.push('?');
            url.push_str(&req.query_string());
        }
        Url::parse(&url).map_err(|e| {
            Error::InvalidRequest(format!(
                "{}: could not build a URL from path `{}`: {e}",
                req.operation, req.path
            ))
        })
    }
}

/// The most a declared `Content-Length` reserves up front (the body may still grow past it).
const PREALLOCATE_LIMIT: u64 = 16 << 20;

/// Reads a body, keeping at most `limit` bytes (the rest is read and dropped).
pub(crate) async fn read_body(mut response: Response, limit: usize) -> reqwest::Result<Bytes> {
    let declared = response
        .content_length()
        .unwrap_or(0)
        .min(PREALLOCATE_LIMIT);
    let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(limit));
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    Ok(Bytes::from(body))
}

/// The `reqwest` form of a multipart body (made for each attempt: forms are not reusable).
fn form(fields: &[(String, FormValue)]) -> reqwest::Result<reqwest::multipart::Form> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = match value {
            FormValue::Text(text) => form.text(name.clone(), text.clone()),
            FormValue::File(file) => form.part(name.clone(), file.to_part()?),
        };
    }
    Ok(form)
}

/// Configures and builds a [`Client`]; start with [`Client::builder`].
#[derive(Clone, Default)]
#[must_use = "a ClientBuilder does nothing until `.build()` is called"]
pub struct ClientBuilder {
    token: Option<String>,
    region: Region,
    base_url: Option<String>,
    user_agent: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    allow_insecure_http: bool,
    http_client: Option<reqwest::Client>,
    rate_governor: Option<RateGovernor>,
    no_rate_governor: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("http_client", &self.http_client.is_some())
            .field("rate_governor", &self.rate_governor)
            .field("no_rate_governor", &self.no_rate_governor)
            .finish()
    }
}

impl ClientBuilder {
    /// Time allowed for each attempt of a call, from connecting to reading the whole body: 60 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// Time allowed to establish a connection: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The access token (required), sent as `Authorization: Bearer <token>`. Surrounding
    /// whitespace is ignored.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The region whose API host to use (default [`Region::Us`]). Ignored if
    /// [`base_url`](Self::base_url) is set.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom base URL, e.g. a proxy or a mock server; trailing slashes are trimmed. It must be
    /// an `https` URL (or `http` to a loopback host such as `127.0.0.1` or `localhost`, or with
    /// [`allow_insecure_http`](Self::allow_insecure_http)) without credentials, query or
    /// fragment, and overrides [`region`](Self::region).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Allows a plain `http` base URL to a host that is not loopback (default off: the token
    /// would cross the network unencrypted).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The `User-Agent` header (default `intercom-api-rust/<crate version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Time allowed for each attempt of a call, from connecting to reading the whole body
    /// (default [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), 60 s). Exceeding it is
    /// [`Error::Timeout`] (after retries, see [`RetryPolicy`]). For a [`Download`] it bounds the
    /// wait for the response and each pause while streaming.
    ///
    /// Also applies to a client given with [`http_client`](Self::http_client); if not set, such
    /// a client's own timeout applies. A wait for the rate budget (see [`RateGovernor`]) is not
    /// part of an attempt, but one longer than this fails at once with
    /// [`Error::RateLimitWait`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (default
    /// [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT), 10 s). Ignored when a client
    /// is given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]: 3 attempts;
    /// [`RetryPolicy::never`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses an existing `reqwest` client (and its connection pool, proxy and TLS settings).
    ///
    /// It should be built with `reqwest::redirect::Policy::none()`: operations that answer with
    /// a redirect return its `Location`, which a redirect-following client would replace by the
    /// target's response.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Shares `governor` with other clients of the same workspace (the same access token): all
    /// their calls then stay inside one rate budget. Without it, the client has a governor of its
    /// own, [`RateGovernor::new`] (shared by its clones).
    pub fn rate_governor(mut self, governor: RateGovernor) -> Self {
        self.rate_governor = Some(governor);
        self.no_rate_governor = false;
        self
    }

    /// Turns the rate governor off: calls are sent as soon as they are made, and only the retry
    /// policy reacts to 429s (each call on its own).
    pub fn no_rate_governor(mut self) -> Self {
        self.rate_governor = None;
        self.no_rate_governor = true;
        self
    }

    /// Builds the client.
    ///
    /// Fails with [`Error::InvalidRequest`] if the token is missing, empty or not a valid
    /// header value, the base URL or user agent is invalid, or the HTTP client cannot be
    /// created.
    pub fn build(self) -> Result<Client> {
        let token = self.token.as_deref().map(str::trim).unwrap_or_default();
        if token.is_empty() {
            return Err(Error::InvalidRequest(
                "no access token: set one with ClientBuilder::token".to_owned(),
            ));
        }
        // Never put the token itself in an error message.
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::InvalidRequest(
                    "the access token contains characters that are not allowed in an HTTP header"
                        .to_owned(),
                )
            })?;
        authorization.set_sensitive(true);

        let version = HeaderValue::from_str(crate::API_VERSION).map_err(|_| {
            Error::InvalidRequest(format!(
                "`{}` is not a valid Intercom-Version header value",
                crate::API_VERSION
            ))
        })?;
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| concat!("intercom-api-rust/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent_value = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::InvalidRequest(format!("`{user_agent}` is not a valid User-Agent"))
        })?;

        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, authorization);
        headers.insert("intercom-version", version);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, user_agent_value);

        let base_url = normalize_base_url(
            self.base_url
                .as_deref()
                .unwrap_or_else(|| self.region.base_url()),
            self.allow_insecure_http,
        )?;

        let connect_timeout = self
            .connect_timeout
            .unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT);
        let own_http = self.http_client.is_none();
        let (http, timeout) = match self.http_client {
            Some(http) => (http, self.timeout),
            None => (
                own_http_client(connect_timeout).map_err(|e| {
                    Error::InvalidRequest(format!("could not create the HTTP client: {e}"))
                })?,
                Some(self.timeout.unwrap_or(Self::DEFAULT_TIMEOUT)),
            ),
        };

        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                headers,
                user_agent,
                own_http,
                governor: if self.no_rate_governor {
                    None
                } else {
                    Some(self.rate_governor.unwrap_or_default())
                },
            }),
            settings: Arc::new(Settings {
                http,
                timeout,
                connect_timeout,
                retry: self.retry.unwrap_or_default(),
            }),
            api_version: None,
        })
    }
}

/// The crate's own connection pool: rustls, no redirects, this connect timeout.
pub(crate) fn own_http_client(connect_timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .build()
}

/// Validates a base URL and trims trailing slashes.
/// Only `https`, unless the host is loopback or `allow_http` is set.
pub(crate) fn normalize_base_url(raw: &str, allow_http: bool) -> Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let invalid = |why: &str| Error::InvalidRequest(format!("invalid base URL `{trimmed}`: {why}"));
    let url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Don't echo the credentials back in the error.
        return Err(Error::InvalidRequest(
            "invalid base URL: it must not contain credentials".to_owned(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_http || is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "plain http would send the access token unencrypted: use https, a loopback \
                 host, or ClientBuilder::allow_insecure_http(true)",
            ));
        }
        _ => {
            return Err(invalid(
                "the scheme must be https (or http to a loopback host)",
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(trimmed.to_owned())
}

/// Whether the URL's host is this machine: `localhost` or a loopback address.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let host = host.to_ascii_lowercase();
            host == "localhost" || host.ends_with(".localhost")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::request::{HttpMethod, encode_path_segment};
    use super::*;

    const TOKEN: &str = "secret-token-value";

    #[test]
    fn regions() {
        assert_eq!(Region::default(), Region::Us);
        assert_eq!(Region::Us.base_url(), "https://api.intercom.io");
        assert_eq!(Region::Eu.base_url(), "https://api.eu.intercom.io");
        assert_eq!(Region::Au.base_url(), "https://api.au.intercom.io");
        let client = Client::builder()
            .token(TOKEN)
            .region(Region::Au)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://api.au.intercom.io");
        assert_eq!(
            Client::new(TOKEN).unwrap().base_url(),
            "https://api.intercom.io"
        );
    }

    #[test]
    fn base_url_is_validated_and_trimmed() {
        let client = Client::builder()
            .token(TOKEN)
            .region(Region::Eu)
            .base_url("http://127.0.0.1:8080/prefix//")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/prefix");
        for bad in [
            "",
            "not a url",
            "ftp://x",
            "http://u:pw@host",
            "https://u:pw@host",
            "http://127.0.0.1/?a=1",
            "http://h/?a=1",
            "http://h/#f",
        ] {
            let err = Client::builder()
                .token(TOKEN)
                .base_url(bad)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{bad}");
            assert!(!err.to_string().contains("pw"), "{err}");
        }
    }

    #[test]
    fn bad_tokens_are_errors_without_the_token() {
        assert!(matches!(
            Client::builder().build(),
            Err(Error::InvalidRequest(_))
        ));
        assert!(matches!(Client::new("  "), Err(Error::InvalidRequest(_))));
        let err = Client::new("abc\ndef-secret").unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)));
        assert!(!err.to_string().contains("secret"));
        assert!(!format!("{err:?}").contains("secret"));
        // Surrounding whitespace (e.g. a trailing newline from a file) is fine.
        assert!(Client::new(format!("{TOKEN}\n")).is_ok());
        let err = Client::builder()
            .token(TOKEN)
            .user_agent("bad\u{7f}")
            .build();
        assert!(matches!(err, Err(Error::InvalidRequest(_))));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let builder = Client::builder()
            .token(TOKEN)
            .timeout(Duration::from_secs(5));
        let shown = format!("{builder:?}");
        assert!(!shown.contains(TOKEN) && shown.contains("***"), "{shown}");
        let client = builder.build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains(TOKEN) && shown.contains("***"), "{shown}");
        assert!(shown.contains("intercom-api-rust/"), "{shown}");
        assert_eq!(client.timeout(), Some(Duration::from_secs(5)));
        assert!(client.inner.headers[header::AUTHORIZATION].is_sensitive());
        assert_eq!(client.inner.headers["intercom-version"], crate::API_VERSION);
    }

    #[test]
    fn default_timeouts() {
        let client = Client::new(TOKEN).unwrap();
        assert_eq!(client.timeout(), Some(ClientBuilder::DEFAULT_TIMEOUT));
        let own = Client::builder()
            .token(TOKEN)
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        assert_eq!(own.timeout(), None);
    }

    #[test]
    fn futures_and_types_are_thread_safe() {
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>(_: &T) {}
        send_sync::<Client>();
        send_sync::<ClientBuilder>();
        send_sync::<Error>();
        send_sync::<Request>();
        let client = Client::new(TOKEN).unwrap();
        let get = || Request::new("op", HttpMethod::Get, "/x".into());
        send(&client.send_json::<serde_json::Value>(get()));
        send(&client.send_empty(get()));
        send(&client.send_text(get()));
        send(&client.send_bytes(get()));
        send(&client.send_redirect(get()));
        send(&client.send_download(get()));
    }

    #[test]
    fn urls_keep_encoded_segments_and_query() {
        let client = Client::builder()
            .token(TOKEN)
            .base_url("https://h:1/p/")
            .build()
            .unwrap();
        let mut req = Request::new(
            "op",
            HttpMethod::Get,
            format!("/c/{}", encode_path_segment("a/b?x=1#frag")),
        );
        req.query("q", "x y", true).unwrap();
        let url = client.url_for(&req).unwrap();
        assert_eq!(url.as_str(), "https://h:1/p/c/a%2Fb%3Fx%3D1%23frag?q=x%20y");
        assert_eq!(url.path_segments().map(Iterator::count), Some(3));
    }

    #[test]
    fn plain_http_only_to_loopback_or_when_allowed() {
        let build = |url: &str, allow: bool| {
            Client::builder()
                .token(TOKEN)
                .base_url(url)
                .allow_insecure_http(allow)
                .build()
        };
        for ok in [
            "https://proxy.example.com",
            "http://127.0.0.1:9",
            "http://127.8.0.1",
            "http://[::1]:80",
            "http://localhost:3000",
            "http://api.localhost",
        ] {
            assert!(build(ok, false).is_ok(), "{ok}");
        }
        for insecure in [
            "http://proxy.example.com",
            "http://10.0.0.1",
            "http://[::2]",
        ] {
            let err = build(insecure, false).unwrap_err();
            assert!(err.to_string().contains("allow_insecure_http"), "{err}");
            assert!(build(insecure, true).is_ok(), "{insecure}");
        }
    }

    #[test]
    fn options_apply_to_a_handle_only() {
        let client = Client::builder()
            .token(TOKEN)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let policy = RetryPolicy::default().max_attempts(7);
        let handle = client.with_options(
            RequestOptions::new()
                .timeout(Duration::from_secs(2))
                .connect_timeout(Duration::from_secs(1))
                .retry(policy),
        );
        assert_eq!(handle.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(handle.retry_policy(), policy);
        assert_eq!(handle.settings.connect_timeout, Duration::from_secs(1));
        assert_eq!(client.timeout(), Some(Duration::from_secs(30)));
        assert_eq!(client.retry_policy(), RetryPolicy::default());
        assert!(Arc::ptr_eq(&client.inner, &handle.inner));
        // Unchanged options keep the connection pool and everything else.
        let same = client.with_options(RequestOptions::new());
        assert_eq!(same.timeout(), client.timeout());
        assert_eq!(
            same.settings.connect_timeout,
            client.settings.connect_timeout
        );
        // The Preview handle keeps the options.
        assert_eq!(
            handle.with_api_version("Preview").timeout(),
            handle.timeout()
        );
    }
}
