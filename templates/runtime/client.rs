//! [`Client`], its [`ClientBuilder`], the data-hosting [`Region`]s, and the `send_*` methods that
//! perform a [`Request`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Response, Url};
use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error, Result};
use super::lenient::decode_json;
use super::request::Request;

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
/// body, `Content-Type: application/json`. Redirects are not followed.
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
    /// `Intercom-Version` for this handle's requests when it is not the crate's
    /// (`client.preview()` sends `Preview`).
    api_version: Option<&'static str>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Authorization (marked sensitive), Intercom-Version, Accept and User-Agent.
    headers: HeaderMap,
    /// Per-request timeout, if any (see [`ClientBuilder::timeout`]).
    timeout: Option<Duration>,
    user_agent: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_version", &self.api_version())
            .field("user_agent", &self.inner.user_agent)
            .field("timeout", &self.inner.timeout)
            .field("token", &"***")
            .finish_non_exhaustive()
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

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The `Intercom-Version` this client sends.
    pub fn api_version(&self) -> &'static str {
        self.api_version.unwrap_or(crate::API_VERSION)
    }

    /// The same client (same connection pool and settings) sending another `Intercom-Version`:
    /// how the Preview API's handle talks to the Preview version. Generated code only.
    #[doc(hidden)]
    pub fn with_api_version(&self, version: &'static str) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            api_version: Some(version),
        }
    }

    /// Sends `req` and decodes a successful (2xx) JSON response leniently into `T`; an empty
    /// body decodes as JSON `null`.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        let operation = req.operation;
        let (status, body) = self.send_success(req).await?;
        decode_json(operation, status, &body)
    }

    /// Sends `req`, expecting a 2xx response whose body (if any) is ignored.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_empty(&self, req: Request) -> Result<()> {
        self.send_success(req).await.map(drop)
    }

    /// Sends `req`, expecting a 2xx response with a UTF-8 text body.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_text(&self, req: Request) -> Result<String> {
        let operation = req.operation;
        let (status, body) = self.send_success(req).await?;
        String::from_utf8(Vec::from(body)).map_err(|e| {
            DecodeError::new(
                operation,
                status,
                ".".to_owned(),
                format!("response body is not valid UTF-8: {}", e.utf8_error()),
                e.as_bytes(),
            )
            .into()
        })
    }

    /// Sends `req`, expecting a 2xx response, and returns the raw body.
    ///
    /// Used by generated operations.
    #[doc(hidden)]
    pub async fn send_bytes(&self, req: Request) -> Result<Bytes> {
        self.send_success(req).await.map(|(_, body)| body)
    }

    /// Sends `req`, expecting a redirect (3xx), and returns its `Location` header exactly as
    /// sent.
    ///
    /// A redirect without `Location`, or a 2xx response, is an [`Error::Decode`]; any other
    /// status is an [`Error::Api`]. Used by generated operations.
    #[doc(hidden)]
    pub async fn send_redirect(&self, req: Request) -> Result<String> {
        let operation = req.operation;
        let response = self.send_request(req).await?;
        let status = response.status();
        if !status.is_redirection() && !status.is_success() {
            return Err(api_error(operation, response).await);
        }
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .filter(|v| !v.trim().is_empty());
        // Read the (usually tiny) body so the connection can go back to the pool.
        let body = response.bytes().await.unwrap_or_default();
        let problem = match location {
            Some(location) if status.is_redirection() => return Ok(location),
            _ if status.is_redirection() => format!("the HTTP {status} redirect has no Location"),
            _ => format!("expected a redirect (3xx) with a Location, got HTTP {status}"),
        };
        Err(DecodeError::new(operation, status.as_u16(), ".".to_owned(), problem, &body).into())
    }

    /// Sends `req`; a non-2xx response becomes [`Error::Api`]. Returns the status and body.
    async fn send_success(&self, req: Request) -> Result<(u16, Bytes)> {
        let operation = req.operation;
        let response = self.send_request(req).await?;
        let status = response.status();
        if !status.is_success() {
            return Err(api_error(operation, response).await);
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::from_reqwest(operation, e))?;
        Ok((status.as_u16(), body))
    }

    /// Builds the URL and headers of `req` and sends it.
    async fn send_request(&self, req: Request) -> Result<Response> {
        req.check_path()?;
        let url = self.url_for(&req)?;
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
        for (name, value) in req.headers {
            headers.insert(name, value);
        }
        let mut builder = self
            .inner
            .http
            .request(req.method.to_reqwest(), url)
            .headers(headers);
        if let Some(body) = req.body {
            builder = builder.body(body);
        }
        if let Some(timeout) = self.inner.timeout {
            builder = builder.timeout(timeout);
        }
        builder
            .send()
            .await
            .map_err(|e| Error::from_reqwest(req.operation, e))
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

/// Reads an unsuccessful response into [`Error::Api`].
async fn api_error(operation: &'static str, mut response: Response) -> Error {
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    // The status is what matters most here: if the body cannot be read, report it empty rather
    // than trading the API error for a transport error.
    let body = response.bytes().await.unwrap_or_default();
    ApiError::from_response_parts(operation, status, Some(&headers), &body).into()
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
    http_client: Option<reqwest::Client>,
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
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// Total time allowed for one request, from connecting to reading the whole body: 60 s.
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
    /// an `http` or `https` URL without credentials, query or fragment, and overrides
    /// [`region`](Self::region).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The `User-Agent` header (default `intercom-api-rust/<crate version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Total time allowed for one request, from connecting to reading the whole body (default
    /// [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), 60 s). Exceeding it is [`Error::Timeout`].
    ///
    /// Also applies to a client given with [`http_client`](Self::http_client); if not set, such
    /// a client's own timeout applies.
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

    /// Uses an existing `reqwest` client (and its connection pool, proxy and TLS settings).
    ///
    /// It should be built with `reqwest::redirect::Policy::none()`: operations that answer with
    /// a redirect return its `Location`, which a redirect-following client would replace by the
    /// target's response.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
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
        )?;

        let (http, timeout) = match self.http_client {
            Some(http) => (http, self.timeout),
            None => {
                let http = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(
                        self.connect_timeout
                            .unwrap_or(Self::DEFAULT_CONNECT_TIMEOUT),
                    )
                    .build()
                    .map_err(|e| {
                        Error::InvalidRequest(format!("could not create the HTTP client: {e}"))
                    })?;
                (http, Some(self.timeout.unwrap_or(Self::DEFAULT_TIMEOUT)))
            }
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                headers,
                timeout,
                user_agent,
            }),
            api_version: None,
        })
    }
}

/// Validates a base URL and trims trailing slashes.
fn normalize_base_url(raw: &str) -> Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let invalid = |why: &str| Error::InvalidRequest(format!("invalid base URL `{trimmed}`: {why}"));
    let url = Url::parse(trimmed).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Don't echo the credentials back in the error.
        return Err(Error::InvalidRequest(
            "invalid base URL: it must not contain credentials".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(trimmed.to_owned())
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
        assert_eq!(client.inner.timeout, Some(Duration::from_secs(5)));
        assert!(client.inner.headers[header::AUTHORIZATION].is_sensitive());
        assert_eq!(client.inner.headers["intercom-version"], crate::API_VERSION);
    }

    #[test]
    fn default_timeouts() {
        let client = Client::new(TOKEN).unwrap();
        assert_eq!(client.inner.timeout, Some(ClientBuilder::DEFAULT_TIMEOUT));
        let own = Client::builder()
            .token(TOKEN)
            .http_client(reqwest::Client::new())
            .build()
            .unwrap();
        assert_eq!(own.inner.timeout, None);
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
    }

    #[test]
    fn urls_keep_encoded_segments_and_query() {
        let client = Client::builder()
            .token(TOKEN)
            .base_url("http://h:1/p/")
            .build()
            .unwrap();
        let mut req = Request::new(
            "op",
            HttpMethod::Get,
            format!("/c/{}", encode_path_segment("a/b?x=1#frag")),
        );
        req.query("q", "x y", true).unwrap();
        let url = client.url_for(&req).unwrap();
        assert_eq!(url.as_str(), "http://h:1/p/c/a%2Fb%3Fx%3D1%23frag?q=x%20y");
        assert_eq!(url.path_segments().map(Iterator::count), Some(3));
    }
}
