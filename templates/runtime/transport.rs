//! The transport: the attempt loop that performs a [`Request`] for every [`Client`] handle,
//! with timeouts, retries, the rate governor and one tracing span per call, and hands back the
//! successful [`Reply`] for a [`ResponseKind`](super::response_kind::ResponseKind) to decode.
//!
//! [`Client`]: super::Client

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Response, Url};
use tracing::Instrument;

use super::error::{ApiError, Error, Result};
use super::governor::{self, RateGovernor};
use super::request::{FormValue, Request};
use super::response::ApiResponse;
use super::retry::{Failure, RetryPolicy};

/// What the attempt loop of one client handle needs: the shared headers, base URL and governor,
/// this handle's settings and `Intercom-Version`. [`Client`](super::Client) wraps one.
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) inner: Arc<Inner>,
    /// Timeouts, retries and the connection pool of this handle's calls.
    pub(crate) settings: Arc<Settings>,
    /// `Intercom-Version` for this handle's requests when it is not the crate's
    /// (`client.preview()` sends `Preview`).
    pub(crate) api_version: Option<&'static str>,
}

/// What every handle of one client shares.
pub(crate) struct Inner {
    pub(crate) base_url: String,
    /// Authorization (marked sensitive), Intercom-Version, Accept and User-Agent.
    pub(crate) headers: HeaderMap,
    pub(crate) user_agent: String,
    /// Whether the connection pool is the crate's own (so another connect timeout can be set).
    pub(crate) own_http: bool,
    /// The workspace's rate budget, asked before each attempt (`None`: turned off).
    pub(crate) governor: Option<RateGovernor>,
}

/// What [`RequestOptions`](super::RequestOptions) can change for some calls.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) http: reqwest::Client,
    /// Whole-attempt timeout (see [`ClientBuilder::timeout`](super::ClientBuilder::timeout)).
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
}

/// Whether a call wants its body read, streamed, or a redirect.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read the whole body of a 2xx response.
    Buffered,
    /// Hand back a 2xx response unread.
    Streamed,
    /// Like `Buffered`, and a 3xx response is an answer too.
    Redirect,
}

/// A successful answer, before a [`ResponseKind`](super::response_kind::ResponseKind) decodes it.
#[doc(hidden)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: ReplyBody,
    pub(crate) attempts: u32,
    /// The handle's per-attempt timeout (a streamed body's reads wait as long).
    pub(crate) timeout: Option<Duration>,
}

pub(crate) enum ReplyBody {
    Read(Bytes),
    Unread(Response),
}

impl Reply {
    pub(crate) fn bytes(self) -> (ApiResponse<()>, Bytes) {
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

impl Transport {
    /// Sends `req` with retries, inside one tracing span; returns the successful reply.
    pub(crate) async fn send(&self, req: Request, mode: Mode) -> Result<Reply> {
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

    /// The attempt loop of [`send`](Self::send).
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
                timeout: self.settings.timeout,
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
    pub(crate) fn headers_for(&self, req: &Request) -> Result<HeaderMap> {
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
    pub(crate) fn url_for(&self, req: &Request) -> Result<Url> {
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

/// The crate's own connection pool: rustls, no redirects, this connect timeout.
pub(crate) fn own_http_client(connect_timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .build()
}
