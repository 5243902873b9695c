//! `intercom_api::oauth` against a loopback `wiremock` server: the code exchange's request, its
//! success, Intercom's refusals (invalid code, wrong secret, a non-JSON error page), answers that
//! hold no token, and that neither the secret nor the token shows in errors, `Debug` or logs.

use std::time::Duration;

use intercom_api::oauth::{AccessToken, OAuthApp};
use intercom_api::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_string, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{capture_traces, captured_traces};

const CLIENT_ID: &str = "d4c0b5e2-8d8a-4b6a-9e25-0c7f3e1b2a90";
const SECRET: &str = "cs_SECRET_do_not_leak_42";
const TOKEN: &str = "dG9rOmFjY2Vzcy1TRUNSRVQtdG9rZW4=";
/// Codes may end in `=`, which must reach Intercom (dropping it is a `401`).
const CODE: &str = "c0de+with/odd=chars=";

fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new(CLIENT_ID, SECRET).api_base_url(server.uri())
}

/// The form the exchange must send, exactly.
fn form(code: &str, secret: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "code={}&client_id={}&client_secret={}",
        enc(code),
        enc(CLIENT_ID),
        enc(secret)
    )
}

fn intercom_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "type": "error.list",
        "request_id": "req_0001",
        "errors": [{"code": code, "message": message}],
    }))
}

/// Fails if the secret or the token shows in `err`'s `Display` or `Debug`.
fn no_secrets(err: &Error) {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(SECRET), "secret leaked: {shown}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
}

#[tokio::test]
async fn a_code_becomes_a_token_that_builds_a_client() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/eagle/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("accept", "application/json"))
        .and(body_string(form(CODE, SECRET)))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "token": TOKEN, "access_token": TOKEN
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The token then authenticates the client.
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "admin", "id": "991267", "email": "ada@example.com",
            "app": {"type": "app", "id_code": "q3xk9w2p", "region": "US"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let token = app(&server).exchange_code(CODE).await.expect("token");
    assert_eq!(token.secret(), TOKEN);
    assert_eq!(token.token_type(), "Bearer");
    assert!(!format!("{token:?}").contains(TOKEN));
    let client = Client::builder()
        .token(token)
        .base_url(server.uri())
        .build()
        .expect("client");
    // Typed with the `admins` feature; `oauth` alone reaches `/me` as raw JSON.
    #[cfg(feature = "admins")]
    let email = client.admins().identify().send().await.expect("/me").email;
    #[cfg(not(feature = "admins"))]
    let email = client
        .request(intercom_api::HttpMethod::Get, "/me")
        .send::<serde_json::Value>()
        .await
        .expect("/me")["email"]
        .as_str()
        .map(str::to_owned);
    assert_eq!(email.as_deref(), Some("ada@example.com"));
}

#[tokio::test]
async fn an_invalid_code_is_intercoms_401() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/eagle/token"))
        .and(body_string_contains("code=expired"))
        .respond_with(intercom_error(401, "unauthorized", "Unauthorized Code"))
        .expect(1)
        .mount(&server)
        .await;
    let err = app(&server).exchange_code("expired").await.unwrap_err();
    no_secrets(&err);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 401);
    assert_eq!(api.code(), Some("unauthorized"));
    assert_eq!(api.message(), Some("Unauthorized Code"));
    assert_eq!(api.request_id(), Some("req_0001"));
    assert_eq!(api.operation(), "exchangeOAuthCode");
    assert_eq!(api.attempts(), 1);
}

#[tokio::test]
async fn a_wrong_secret_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/eagle/token"))
        .and(body_string(form(CODE, "wrong-secret")))
        .respond_with(intercom_error(
            401,
            "invalid_client",
            "Invalid client credentials",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = OAuthApp::new(CLIENT_ID, "wrong-secret")
        .api_base_url(server.uri())
        .exchange_code(CODE)
        .await
        .unwrap_err();
    no_secrets(&err);
    assert!(!format!("{err} {err:?}").contains("wrong-secret"));
    assert_eq!(err.status(), Some(401));
    assert!(matches!(&err, Error::Api(api) if api.code() == Some("invalid_client")));
}

#[tokio::test]
async fn a_non_json_error_keeps_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/eagle/token"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("x-request-id", "req_gateway")
                .set_body_raw(
                    "<html><body><h1>502 Bad Gateway</h1></body></html>",
                    "text/html",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = app(&server).exchange_code(CODE).await.unwrap_err();
    no_secrets(&err);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 502);
    assert_eq!(api.code(), None);
    assert_eq!(api.content_type(), Some("text/html"));
    assert_eq!(api.request_id(), Some("req_gateway"));
    assert!(api.body().contains("502 Bad Gateway"));
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn a_success_without_a_token_is_an_error_that_quotes_nothing() {
    let server = MockServer::start().await;
    // Cut short mid-token, then not JSON at all, then JSON without a token, then an error list.
    let answers = [
        ResponseTemplate::new(200).set_body_string(format!("{{\"access_token\":\"{TOKEN}")),
        ResponseTemplate::new(200).set_body_string("OK"),
        ResponseTemplate::new(200).set_body_json(json!({"token_type": "Bearer"})),
        intercom_error(200, "unauthorized", "Unauthorized Code"),
    ];
    for (i, answer) in answers.into_iter().enumerate() {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/auth/eagle/token"))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
        let err = app(&server).exchange_code(CODE).await.unwrap_err();
        no_secrets(&err);
        match (i, &err) {
            (0..=2, Error::Decode(d)) => {
                assert_eq!(d.status(), 200);
                assert!(d.body().is_empty(), "{d:?}");
            }
            (3, Error::Api(api)) => assert_eq!(api.code(), Some("unauthorized")),
            _ => panic!("answer {i}: {err:?}"),
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    for (app, code) in [
        (app(&server), ""),
        (app(&server), "  "),
        (OAuthApp::new("", SECRET).api_base_url(server.uri()), CODE),
        (
            OAuthApp::new(CLIENT_ID, "").api_base_url(server.uri()),
            CODE,
        ),
        // Plain http to another host would send the secret unencrypted.
        (
            OAuthApp::new(CLIENT_ID, SECRET).api_base_url("http://example.com"),
            CODE,
        ),
        (
            OAuthApp::new(CLIENT_ID, SECRET).api_base_url("not a url"),
            CODE,
        ),
    ] {
        let err = app.exchange_code(code).await.unwrap_err();
        no_secrets(&err);
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = app(&server)
        .timeout(Duration::from_millis(100))
        .exchange_code(CODE)
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), Some(1));
}

#[tokio::test]
async fn the_exchange_is_one_span_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": TOKEN})))
        .mount(&server)
        .await;
    capture_traces(tracing::Level::TRACE);
    let app = app(&server);
    // Tests on other threads may register the span's callsite while the subscriber is being
    // installed, caching it as uninteresting: once it is surely registered (by a first exchange),
    // have its interest computed again, and capture from then on.
    app.exchange_code(CODE).await.expect("token");
    tracing::callsite::rebuild_interest_cache();
    capture_traces(tracing::Level::TRACE);
    tracing::info!(?app, "exchanging");
    let token = app.exchange_code(CODE).await.expect("token");
    tracing::info!(?token, "exchanged");
    let logs = captured_traces();
    assert!(logs.contains("intercom.oauth"), "{logs}");
    assert!(logs.contains("status=200"), "{logs}");
    assert!(!logs.contains(SECRET) && !logs.contains(TOKEN), "{logs}");
}

#[test]
fn authorize_urls() {
    let app = OAuthApp::new(CLIENT_ID, SECRET);
    assert_eq!(
        app.authorize_url(Some("https://example.com/intercom/callback"), "st4te/+="),
        format!(
            "https://app.intercom.com/oauth?client_id={CLIENT_ID}&state=st4te%2F%2B%3D&redirect_uri=https%3A%2F%2Fexample.com%2Fintercom%2Fcallback"
        )
    );
    assert_eq!(
        app.clone()
            .region(intercom_api::Region::Au)
            .authorize_url(None, "s"),
        format!("https://app.au.intercom.com/oauth?client_id={CLIENT_ID}&state=s")
    );
    assert_eq!(
        intercom_api::oauth::authorize_url("abc", None, "s"),
        "https://app.intercom.com/oauth?client_id=abc&state=s"
    );
    assert_eq!(
        app.authorize_base_url("http://127.0.0.1:9/oauth/")
            .authorize_url(None, "s"),
        format!("http://127.0.0.1:9/oauth?client_id={CLIENT_ID}&state=s")
    );
    // A stored token comes back as an `AccessToken` too.
    assert_eq!(String::from(AccessToken::new("t")), "t");
}
