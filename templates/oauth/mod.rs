//! The OAuth flow of a public Intercom app: send the user to Intercom to install the app
//! ([`OAuthApp::authorize_url`]), then trade the `code` Intercom sends back for an access token
//! ([`OAuthApp::exchange_code`]) and build a [`Client`](crate::Client) with it.
//!
//! ```no_run
//! # async fn run(code: &str, state_from_callback: &str) -> intercom_api::Result<()> {
//! use intercom_api::oauth::OAuthApp;
//! use intercom_api::{Client, Region};
//!
//! let app = OAuthApp::new("my-client-id", std::env::var("INTERCOM_CLIENT_SECRET").unwrap_or_default())
//!     .region(Region::Eu);
//!
//! // 1. Redirect the user here; keep `state` (random, per sign-in) to check on the way back.
//! let state = "6f1d2c…";
//! let url = app.authorize_url(Some("https://example.com/intercom/callback"), state);
//!
//! // 2. Intercom redirects to the callback with `code` and `state`: check `state`, then
//! //    exchange the code (it expires after a few minutes and works once).
//! assert_eq!(state_from_callback, state);
//! let token = app.exchange_code(code).await?;
//!
//! // 3. Use the token (and keep it: it does not expire until the app is uninstalled).
//! let client = Client::builder().token(token).region(Region::Eu).build()?;
//! let me = client.admins().identify().send().await?;
//! # let _ = (url, me);
//! # Ok(())
//! # }
//! ```
//!
//! What Intercom's flow is like: no scopes (an app's permissions are set in the Developer Hub),
//! no `response_type`, and no refresh tokens or expiry: a token is valid until the app is
//! uninstalled, after which the user goes through the flow again (treat a `401` as "authorize
//! again"). The `code` may end in `=`: pass it exactly as received (URL-decoded).
//!
//! Regions: the authorize page is on `app.intercom.com`, `app.eu.intercom.com` or
//! `app.au.intercom.com`, and the token is requested from the region's API host
//! ([`Region::base_url`](crate::Region::base_url)). Intercom's OAuth page shows only the US
//! token host (which routes to the workspace's region); the regional ones are what
//! integration platforms use. Either can be set with [`OAuthApp::api_base_url`].
//!
//! The client secret and the access token never appear in `Debug` output, errors or logs.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use serde::Deserialize;
use tracing::Instrument;

use crate::runtime::builder::normalize_base_url;
use crate::runtime::error::{ApiError, DecodeError, Error, Result};
use crate::runtime::transport::{ERROR_BODY_LIMIT, own_http_client, read_body};
use crate::runtime::{Region, encode_path_segment};

/// The operation name in errors and traces.
const OPERATION: &str = "exchangeOAuthCode";

/// Where the token is requested, under the API host.
const TOKEN_PATH: &str = "/auth/eagle/token";

/// The largest token response read (a token response is a few hundred bytes).
const TOKEN_BODY_LIMIT: usize = 64 * 1024;

/// An Intercom app's OAuth credentials, and where to use them.
///
/// `Debug` shows the client id, never the secret.
#[derive(Clone)]
#[must_use = "an OAuthApp does nothing until `authorize_url` or `exchange_code` is called"]
pub struct OAuthApp {
    client_id: String,
    client_secret: String,
    region: Region,
    authorize_base_url: Option<String>,
    api_base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("region", &self.region)
            .field("authorize_base_url", &self.authorize_base_url)
            .field("api_base_url", &self.api_base_url)
            .field("http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl OAuthApp {
    /// How long the token request may take: 30 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// The app with this client id and client secret (Developer Hub → Basic Info), in the US
    /// region.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> OAuthApp {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            region: Region::Us,
            authorize_base_url: None,
            api_base_url: None,
            http: None,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// The region of the workspaces the app is installed on (default [`Region::Us`]): its
    /// authorize page and API host.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Another authorize page than the region's (`https://app.intercom.com/oauth` in the US),
    /// without a query.
    pub fn authorize_base_url(mut self, url: impl Into<String>) -> Self {
        self.authorize_base_url = Some(url.into());
        self
    }

    /// Another host to request tokens from than the region's API host (the token endpoint is
    /// `<url>/auth/eagle/token`): `https`, or `http` to a loopback host such as a mock server.
    pub fn api_base_url(mut self, url: impl Into<String>) -> Self {
        self.api_base_url = Some(url.into());
        self
    }

    /// Uses an existing `reqwest` client (its connection pool, proxy and TLS settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long the token request may take (default [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The page to send the user to: Intercom asks them to install the app on a workspace,
    /// then redirects to `redirect_uri` (one of the app's registered redirect URLs; the first
    /// registered one when `None`) with `code` and `state`.
    ///
    /// `state` should be random per sign-in and checked when the user comes back (it protects
    /// the callback from forged requests).
    ///
    /// ```
    /// let app = intercom_api::oauth::OAuthApp::new("abc", "secret");
    /// assert_eq!(
    ///     app.authorize_url(Some("https://example.com/cb?x=1"), "s 1"),
    ///     "https://app.intercom.com/oauth?client_id=abc&state=s%201&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1"
    /// );
    /// ```
    pub fn authorize_url(&self, redirect_uri: Option<&str>, state: &str) -> String {
        let base = self
            .authorize_base_url
            .as_deref()
            .unwrap_or_else(|| authorize_page(self.region))
            .trim_end_matches('/');
        let mut url = format!(
            "{base}?client_id={}&state={}",
            encode_path_segment(&self.client_id),
            encode_path_segment(state)
        );
        if let Some(redirect_uri) = redirect_uri {
            url.push_str("&redirect_uri=");
            url.push_str(&encode_path_segment(redirect_uri));
        }
        url
    }

    /// Trades the `code` of the callback for an access token (`POST /auth/eagle/token`, a
    /// form with the code, client id and client secret). The code works once.
    ///
    /// Errors:
    /// - [`Error::InvalidRequest`]: an empty code, client id or secret, or an invalid
    ///   [`api_base_url`](Self::api_base_url); nothing was sent.
    /// - [`Error::Api`]: Intercom refused, e.g. `401` for a wrong, used or expired code or a
    ///   wrong secret; its status, error codes and message, request id and body (even a
    ///   non-JSON one) are kept.
    /// - [`Error::Decode`]: a successful answer without a token (its body is not kept: it may
    ///   hold one).
    /// - [`Error::Timeout`], [`Error::Transport`]: the request did not complete. It is not
    ///   retried: a code works once.
    pub async fn exchange_code(&self, code: &str) -> Result<AccessToken> {
        for (value, what) in [
            (code, "authorization code"),
            (self.client_id.as_str(), "client id"),
            (self.client_secret.as_str(), "client secret"),
        ] {
            if value.trim().is_empty() {
                return Err(Error::InvalidRequest(format!("the {what} is empty")));
            }
        }
        let base = normalize_base_url(
            self.api_base_url
                .as_deref()
                .unwrap_or_else(|| self.region.base_url()),
            false,
        )?;
        let http = match &self.http {
            Some(http) => http.clone(),
            None => {
                own_http_client(crate::ClientBuilder::DEFAULT_CONNECT_TIMEOUT).map_err(|e| {
                    Error::InvalidRequest(format!("could not create the HTTP client: {e}"))
                })?
            }
        };
        let form = format!(
            "code={}&client_id={}&client_secret={}",
            encode_path_segment(code),
            encode_path_segment(&self.client_id),
            encode_path_segment(&self.client_secret)
        );
        let span = tracing::info_span!(
            "intercom.oauth",
            operation = OPERATION,
            status = tracing::field::Empty
        );
        let request = http
            .post(format!("{base}{TOKEN_PATH}"))
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                USER_AGENT,
                HeaderValue::from_static(concat!("intercom-api-rust/", env!("CARGO_PKG_VERSION"))),
            )
            .timeout(self.timeout)
            .body(form);
        let exchange = async {
            let response = request
                .send()
                .await
                .map_err(|e| Error::from_reqwest(OPERATION, e, 1))?;
            let status = response.status().as_u16();
            tracing::Span::current().record("status", status);
            let headers = response.headers().clone();
            let success = response.status().is_success();
            let limit = if success {
                TOKEN_BODY_LIMIT
            } else {
                ERROR_BODY_LIMIT
            };
            let body = read_body(response, limit)
                .await
                .map_err(|e| Error::from_reqwest(OPERATION, e, 1))?;
            if !success {
                return Err(ApiError::from_response_parts(
                    OPERATION,
                    status,
                    Some(&headers),
                    &body,
                )
                .into());
            }
            token_from(status, &headers, &body)
        };
        exchange.instrument(span).await
    }
}

/// The authorize page of a region.
fn authorize_page(region: Region) -> &'static str {
    match region {
        Region::Eu => "https://app.eu.intercom.com/oauth",
        Region::Au => "https://app.au.intercom.com/oauth",
        _ => "https://app.intercom.com/oauth",
    }
}

/// The token of a successful answer: `{"token_type":"Bearer","token":"…","access_token":"…"}`
/// (`token` and `access_token` are the same). A body with Intercom's `errors` list instead is
/// a refusal; anything else is a decode error that quotes no part of the body.
fn token_from(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
) -> Result<AccessToken> {
    #[derive(Deserialize)]
    struct TokenResponse {
        access_token: Option<String>,
        token: Option<String>,
        token_type: Option<String>,
        errors: Option<serde_json::Value>,
    }
    let decode_error = |message: &str| -> Error {
        DecodeError::new(OPERATION, status, ".".to_owned(), message.to_owned(), b"").into()
    };
    let response: TokenResponse = serde_json::from_slice(body)
        .map_err(|_| decode_error("the token response is not a JSON object of strings"))?;
    let token = response
        .access_token
        .filter(|t| !t.trim().is_empty())
        .or(response.token.filter(|t| !t.trim().is_empty()));
    match token {
        Some(token) => Ok(AccessToken {
            token,
            token_type: response.token_type.unwrap_or_else(|| "Bearer".to_owned()),
        }),
        None if response.errors.is_some() => {
            Err(ApiError::from_response_parts(OPERATION, status, Some(headers), body).into())
        }
        None => Err(decode_error(
            "the token response has neither `access_token` nor `token`",
        )),
    }
}

/// An OAuth access token: what [`ClientBuilder::token`](crate::ClientBuilder::token) takes
/// (`Client::builder().token(token)`).
///
/// `Debug` shows `***`; there is no `Display`. [`secret`](AccessToken::secret) gives the token
/// itself, to store it (it stays valid until the app is uninstalled).
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    token: String,
    token_type: String,
}

impl AccessToken {
    /// A token obtained earlier (e.g. read back from storage).
    pub fn new(token: impl Into<String>) -> AccessToken {
        AccessToken {
            token: token.into(),
            token_type: "Bearer".to_owned(),
        }
    }

    /// The token itself. Keep it out of logs.
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// The token type Intercom answered with (`Bearer`).
    pub fn token_type(&self) -> &str {
        &self.token_type
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token_type", &self.token_type)
            .field("token", &"***")
            .finish()
    }
}

impl From<AccessToken> for String {
    /// The token itself, for [`ClientBuilder::token`](crate::ClientBuilder::token).
    fn from(token: AccessToken) -> String {
        token.token
    }
}

/// [`OAuthApp::authorize_url`] for a US app: `OAuthApp::new(client_id, "").authorize_url(…)`.
pub fn authorize_url(client_id: &str, redirect_uri: Option<&str>, state: &str) -> String {
    OAuthApp::new(client_id, "").authorize_url(redirect_uri, state)
}

/// [`OAuthApp::exchange_code`] for a US app with default settings.
pub async fn exchange_code(
    code: &str,
    client_id: &str,
    client_secret: &str,
) -> Result<AccessToken> {
    OAuthApp::new(client_id, client_secret)
        .exchange_code(code)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret_and_the_token() {
        let app = OAuthApp::new("id", "very-secret-value");
        assert!(!format!("{app:?}").contains("very-secret-value"));
        let token = AccessToken::new("tok-123456");
        let shown = format!("{token:?}");
        assert!(!shown.contains("tok-123456"), "{shown}");
        assert_eq!(String::from(token), "tok-123456");
    }

    #[test]
    fn authorize_pages_follow_the_region() {
        let app = OAuthApp::new("id", "s");
        assert!(
            app.authorize_url(None, "x")
                .starts_with("https://app.intercom.com/oauth?")
        );
        assert!(
            app.clone()
                .region(Region::Eu)
                .authorize_url(None, "x")
                .starts_with("https://app.eu.intercom.com/oauth?client_id=id&state=x")
        );
        assert!(
            app.region(Region::Au)
                .authorize_url(None, "x")
                .starts_with("https://app.au.intercom.com/oauth?")
        );
    }

    #[test]
    fn token_responses() {
        let headers = reqwest::header::HeaderMap::new();
        let both = br#"{"token_type":"Bearer","token":"t1","access_token":"t1"}"#;
        assert_eq!(
            token_from(200, &headers, both).expect("token").secret(),
            "t1"
        );
        let only_token = br#"{"token":"t2"}"#;
        assert_eq!(
            token_from(200, &headers, only_token)
                .expect("token")
                .secret(),
            "t2"
        );
        let errors = br#"{"type":"error.list","errors":[{"code":"unauthorized","message":"Unauthorized Code"}]}"#;
        let e = token_from(200, &headers, errors).expect_err("refused");
        assert_eq!(e.status(), Some(200));
        assert!(matches!(e, Error::Api(_)), "{e:?}");
        let truncated = br#"{"access_token":"secret-part"#;
        let e = token_from(200, &headers, truncated).expect_err("not JSON");
        assert!(!format!("{e} {e:?}").contains("secret-part"), "{e:?}");
        let e = token_from(200, &headers, br#"{"token_type":"Bearer"}"#).expect_err("no token");
        assert!(matches!(e, Error::Decode(_)), "{e:?}");
    }
}
