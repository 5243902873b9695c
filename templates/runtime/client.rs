//! [`Client`], a handle to the Intercom API, and the [`RequestOptions`] of some calls: what a
//! client is and what it can be asked. Making one is [`builder`](super::builder)'s job,
//! performing a request [`transport`](super::transport)'s, and reading an answer a
//! [`ResponseKind`]'s.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::call::{Call, call_value};
use super::error::Result;
use super::governor::{RateBudget, RateGovernor};
use super::request::Request;
use super::response::ApiResponse;
use super::response_kind::{ResponseKind, answer};
use super::retry::RetryPolicy;
use super::transport::{Settings, Transport, own_http_client};

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
    pub(crate) transport: Transport,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.transport.inner.base_url)
            .field("api_version", &self.api_version())
            .field("user_agent", &self.transport.inner.user_agent)
            .field("timeout", &self.transport.settings.timeout)
            .field("connect_timeout", &self.transport.settings.connect_timeout)
            .field("retry", &self.transport.settings.retry)
            .field("rate_governor", &self.transport.inner.governor)
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
    /// client built on [`ClientBuilder::http_client`](super::ClientBuilder::http_client).
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

impl Client {
    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.transport.inner.base_url
    }

    /// The `Intercom-Version` this client sends.
    pub fn api_version(&self) -> &'static str {
        self.transport.api_version.unwrap_or(crate::API_VERSION)
    }

    /// The retry policy of this handle's calls.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.transport.settings.retry
    }

    /// The per-attempt timeout of this handle's calls.
    pub fn timeout(&self) -> Option<Duration> {
        self.transport.settings.timeout
    }

    /// The rate governor's current view of the workspace's rate budget (what is left in the
    /// window, when it resets, calls in flight and waiting); `None` when the governor is off.
    pub fn rate_limit(&self) -> Option<RateBudget> {
        self.transport
            .inner
            .governor
            .as_ref()
            .map(RateGovernor::rate_limit)
    }

    /// The rate governor this client's calls wait for, to share with another client of the same
    /// workspace ([`ClientBuilder::rate_governor`](super::ClientBuilder::rate_governor)); `None` when it is off.
    pub fn rate_governor(&self) -> Option<&RateGovernor> {
        self.transport.inner.governor.as_ref()
    }

    /// A handle to the same client whose calls use `options` where they set something: per-call
    /// timeouts and retries. The handle is as cheap to clone as the client and shares its
    /// connection pool (unless the options change the connect timeout).
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let mut settings = Settings::clone(&self.transport.settings);
        if let Some(timeout) = options.timeout {
            settings.timeout = Some(timeout);
        }
        if let Some(retry) = options.retry {
            settings.retry = retry;
        }
        if let Some(connect) = options.connect_timeout
            && connect != settings.connect_timeout
            && self.transport.inner.own_http
            && let Ok(http) = own_http_client(connect)
        {
            settings.http = http;
            settings.connect_timeout = connect;
        }
        Client {
            transport: Transport {
                inner: Arc::clone(&self.transport.inner),
                settings: Arc::new(settings),
                api_version: self.transport.api_version,
            },
        }
    }

    /// The same client (same connection pool and settings) sending another `Intercom-Version`:
    /// how the Preview API's handle talks to the Preview version. Generated code only.
    #[doc(hidden)]
    pub fn with_api_version(&self, version: &'static str) -> Client {
        Client {
            transport: Transport {
                api_version: Some(version),
                ..self.transport.clone()
            },
        }
    }

    /// Starts a call of `request` (or fails with its problem) answering a `K`: the one way every
    /// call goes (generated operations, raw requests, `Client::execute`).
    #[doc(hidden)]
    pub fn call<K: ResponseKind>(&self, request: Result<Request>) -> Call<ApiResponse<K::Output>>
    where
        K::Output: Send + 'static,
    {
        let transport = self.transport.clone();
        Box::pin(async move { answer::<K>(&transport, request?).await })
    }

    /// [`call`](Self::call) without the response details.
    #[doc(hidden)]
    pub fn send<K: ResponseKind>(&self, request: Request) -> Call<K::Output>
    where
        K::Output: Send + 'static,
    {
        call_value(self.call::<K>(Ok(request)))
    }
}
