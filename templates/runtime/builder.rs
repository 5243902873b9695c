//! Making a [`Client`]: [`Client::new`], [`Client::builder`] and the [`ClientBuilder`] with its
//! checks (token, base URL, user agent), and the data-hosting [`Region`]s.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderValue};

use super::client::Client;
use super::error::{Error, Result};
use super::governor::RateGovernor;
use super::retry::RetryPolicy;
use super::transport::{Inner, Settings, Transport, own_http_client};

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
    /// [`Error::Timeout`] (after retries, see [`RetryPolicy`]). For a [`Download`](super::Download) it bounds the
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
            transport: Transport {
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
            },
        })
    }
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
    use super::super::client::RequestOptions;
    use super::super::download::Download;
    use super::super::request::{HttpMethod, Request, encode_path_segment};
    use super::super::response_kind::{Empty, Json, RawBody, Redirect, Text};
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
        assert!(client.transport.inner.headers[header::AUTHORIZATION].is_sensitive());
        assert_eq!(
            client.transport.inner.headers["intercom-version"],
            crate::API_VERSION
        );
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
        send(&client.send::<Json<serde_json::Value>>(get()));
        send(&client.send::<Empty>(get()));
        send(&client.send::<Text>(get()));
        send(&client.send::<RawBody>(get()));
        send(&client.send::<Redirect>(get()));
        send(&client.send::<Download>(get()));
        send(&client.call::<Json<serde_json::Value>>(Ok(get())));
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
        let url = client.transport.url_for(&req).unwrap();
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
        assert_eq!(
            handle.transport.settings.connect_timeout,
            Duration::from_secs(1)
        );
        assert_eq!(client.timeout(), Some(Duration::from_secs(30)));
        assert_eq!(client.retry_policy(), RetryPolicy::default());
        assert!(Arc::ptr_eq(
            &client.transport.inner,
            &handle.transport.inner
        ));
        // Unchanged options keep the connection pool and everything else.
        let same = client.with_options(RequestOptions::new());
        assert_eq!(same.timeout(), client.timeout());
        assert_eq!(
            same.transport.settings.connect_timeout,
            client.transport.settings.connect_timeout
        );
        // The Preview handle keeps the options.
        assert_eq!(
            handle.with_api_version("Preview").timeout(),
            handle.timeout()
        );
    }
}
