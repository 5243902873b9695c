//! Loopback HTTP tests of the hand-written runtime against a `wiremock` server.

use std::time::Duration;

use intercom_api::response_kind::{Empty, Json, RawBody, Redirect, Text};
use intercom_api::{Client, Error, HttpMethod, Request, encode_path_segment};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_SECRET_do_not_leak_123";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/", server.uri()))
        .build()
        .expect("valid client")
}

fn get(operation: &'static str, path: &str) -> Request {
    Request::new(operation, HttpMethod::Get, path.to_owned())
}

/// Asserts that neither `Display` nor `Debug` of `err` mentions the token, and returns it.
fn no_token(err: Error) -> Error {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    err
}

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    id: String,
    count: u32,
}

#[tokio::test]
async fn default_headers_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("intercom-version", intercom_api::API_VERSION))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "count": 2})))
        .expect(1)
        .mount(&server)
        .await;

    let thing: Thing = client(&server)
        .send::<Json<_>>(get("getThing", "/things/1"))
        .await
        .unwrap();
    assert_eq!(
        thing,
        Thing {
            id: "1".into(),
            count: 2
        }
    );

    let requests = server.received_requests().await.unwrap_or_default();
    let request = requests.first().expect("one request");
    let user_agent = request
        .headers
        .get("user-agent")
        .and_then(|v| v.to_str().ok());
    assert!(
        user_agent.is_some_and(|ua| ua.starts_with("intercom-api-rust/")),
        "{user_agent:?}"
    );
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn custom_user_agent_and_accept_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download/1"))
        .and(header("accept", "application/octet-stream"))
        .and(header("user-agent", "my-app/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0u8, 159, 146, 150]))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    let mut req = get("download", "/download/1");
    req.header("Accept", "application/octet-stream").unwrap();
    let bytes = client.send::<RawBody>(req).await.unwrap();
    assert_eq!(&bytes[..], &[0u8, 159, 146, 150]);
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests
            .first()
            .map(|r| r.headers.get_all("accept").iter().count()),
        Some(1)
    );
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = MockServer::start().await;
    let body = json!({"email": "a@b.c", "custom_attributes": {"plan": "pro"}});
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .and(header("content-type", "application/json"))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c1", "count": 0})))
        .expect(1)
        .mount(&server)
        .await;

    let mut req = Request::new("createContact", HttpMethod::Post, "/contacts".into());
    req.json(&body).unwrap();
    let thing: Thing = client(&server).send::<Json<_>>(req).await.unwrap();
    assert_eq!(thing.id, "c1");
}

#[tokio::test]
async fn query_parameters_use_form_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x", "count": 1})))
        .expect(1)
        .mount(&server)
        .await;

    let mut req = get("search", "/search");
    req.query(
        "filter",
        &json!({"user_id": "123", "email": "a+b@c.d"}),
        true,
    )
    .unwrap();
    req.query("ids", &["1", "2", "3,4"], false).unwrap();
    req.query("tag", &["x y", "ü"], true).unwrap();
    req.query("per_page", &50, false).unwrap();
    req.query("missing", &None::<String>, false).unwrap();
    let _: Thing = client(&server).send::<Json<_>>(req).await.unwrap();

    let requests = server.received_requests().await.unwrap_or_default();
    let url = &requests.first().expect("one request").url;
    assert_eq!(
        url.query(),
        Some("email=a%2Bb%40c.d&user_id=123&ids=1,2,3%2C4&tag=x%20y&tag=%C3%BC&per_page=50")
    );
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("email".into(), "a+b@c.d".into())));
    assert!(pairs.contains(&("ids".into(), "1,2,3,4".into())));
    assert!(pairs.contains(&("tag".into(), "x y".into())));
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/contacts/a%2Fb%3Fx%3D1%23frag/tags/%C3%A9%20t"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok", "count": 0})))
        .expect(1)
        .mount(&server)
        .await;

    let path = format!(
        "/contacts/{}/tags/{}",
        encode_path_segment("a/b?x=1#frag"),
        encode_path_segment("é t")
    );
    let req = Request::new("detachTag", HttpMethod::Delete, path);
    let _: Thing = client(&server).send::<Json<_>>(req).await.unwrap();

    let requests = server.received_requests().await.unwrap_or_default();
    let url = &requests.first().expect("one request").url;
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    assert_eq!(segments.len(), 4, "{url}");
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), None);
}

#[tokio::test]
async fn empty_path_parameter_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let path = format!("/contacts/{}", encode_path_segment(""));
    let err = client(&server)
        .send::<Empty>(Request::new("deleteContact", HttpMethod::Delete, path))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn error_list_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(path("/contacts/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list",
            "request_id": "req-404",
            "errors": [{"code": "not_found", "message": "User Not Found"}]
        })))
        .mount(&server)
        .await;

    let err = client(&server)
        .send::<Json<Thing>>(get("getContact", "/contacts/nope"))
        .await
        .unwrap_err();
    let err = no_token(err);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("req-404"));
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.code(), Some("not_found"));
    assert_eq!(api.message(), Some("User Not Found"));
    assert_eq!(api.operation(), "getContact");
    assert_eq!(
        err.to_string(),
        "getContact: HTTP 404 not_found: User Not Found (request id req-404)"
    );
}

#[tokio::test]
async fn request_id_header_is_used_when_body_has_none() {
    let server = MockServer::start().await;
    Mock::given(path("/limited"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-request-id", "hdr-req")
                .set_body_json(json!({"type": "error", "message": "Too many requests"})),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .send::<Empty>(get("limited", "/limited"))
        .await
        .unwrap_err();
    let err = no_token(err);
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.request_id(), Some("hdr-req"));
}

#[tokio::test]
async fn html_error_page_keeps_raw_body() {
    let server = MockServer::start().await;
    let html = "<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>";
    Mock::given(path("/gateway"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;

    let err = client(&server)
        .send::<Json<Thing>>(get("gateway", "/gateway"))
        .await
        .unwrap_err();
    let err = no_token(err);
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status(), 502);
    assert_eq!(api.body(), html);
    assert_eq!(api.code(), None);
    assert!(
        err.to_string().starts_with("gateway: HTTP 502: <html>"),
        "{err}"
    );
}

#[tokio::test]
async fn success_with_bad_body_is_decode_error() {
    let server = MockServer::start().await;
    Mock::given(path("/html"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/shape"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "count": [1]})))
        .mount(&server)
        .await;
    let client = client(&server);

    let err = no_token(
        client
            .send::<Json<Thing>>(get("html", "/html"))
            .await
            .unwrap_err(),
    );
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.body(), "<html>maintenance</html>");
    assert_eq!(err.status(), Some(200));

    let err = no_token(
        client
            .send::<Json<Thing>>(get("shape", "/shape"))
            .await
            .unwrap_err(),
    );
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path(), "count");
    assert!(err.to_string().contains("`count`"), "{err}");
}

#[tokio::test]
async fn empty_responses() {
    let server = MockServer::start().await;
    Mock::given(path("/gone"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/ok-with-body"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"anything": true})))
        .mount(&server)
        .await;
    let client = client(&server);

    client.send::<Empty>(get("gone", "/gone")).await.unwrap();
    client
        .send::<Empty>(get("ok", "/ok-with-body"))
        .await
        .unwrap();
    let none: Option<Thing> = client.send::<Json<_>>(get("gone", "/gone")).await.unwrap();
    assert_eq!(none, None);
    let err = no_token(
        client
            .send::<Json<Thing>>(get("gone", "/gone"))
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn text_responses() {
    let server = MockServer::start().await;
    Mock::given(path("/csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(path("/binary"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0xffu8, 0xfe]))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(
        client.send::<Text>(get("csv", "/csv")).await.unwrap(),
        "a,b\n1,2\n"
    );
    let err = client
        .send::<Text>(get("binary", "/binary"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn redirects_return_location_and_are_not_followed() {
    let server = MockServer::start().await;
    let target = format!("{}/target?X-Amz-Signature=abc%2Fdef", server.uri());
    Mock::given(path("/download/content/data/job1"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", target.as_str()))
        .mount(&server)
        .await;
    Mock::given(path("/no-location"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    Mock::given(path("/plain-ok"))
        .respond_with(ResponseTemplate::new(200).set_body_string("done"))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(path("/target"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t", "count": 1})))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    let location = client
        .send::<Redirect>(get("downloadDataExport", "/download/content/data/job1"))
        .await
        .unwrap();
    assert_eq!(location, target);

    let err = no_token(
        client
            .send::<Redirect>(get("noLocation", "/no-location"))
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.status(), Some(302));
    let err = no_token(
        client
            .send::<Redirect>(get("plainOk", "/plain-ok"))
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let err = no_token(
        client
            .send::<Redirect>(get("missing", "/missing"))
            .await
            .unwrap_err(),
    );
    assert!(matches!(err, Error::Api(_)), "{err:?}");

    // A JSON operation that gets a redirect reports it instead of following it.
    let err = client
        .send::<Json<Thing>>(get("downloadDataExport", "/download/content/data/job1"))
        .await
        .unwrap_err();
    assert_eq!(no_token(err).status(), Some(302));
}

#[tokio::test]
async fn slow_responses_time_out() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "1", "count": 1}))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let err = no_token(
        client
            .send::<Json<Thing>>(get("slowOp", "/slow"))
            .await
            .unwrap_err(),
    );
    assert!(err.is_timeout(), "{err:?}");
    // A GET is retried after a timeout: three attempts by default.
    assert!(matches!(
        err,
        Error::Timeout {
            operation: "slowOp",
            attempts: 3
        }
    ));
    assert_eq!(
        err.to_string(),
        "slowOp: request timed out after 3 attempts"
    );
}

#[tokio::test]
async fn own_http_client_gets_the_timeout_too() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .http_client(http)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .send::<Empty>(get("slowOp", "/slow"))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    // Bind a port, then free it, so nothing is listening there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let err = no_token(
        client
            .send::<Empty>(get("listThings", "/things"))
            .await
            .unwrap_err(),
    );
    assert!(
        matches!(
            err,
            Error::Transport {
                operation: "listThings",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn clones_share_configuration_and_never_show_the_token() {
    let server = MockServer::start().await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "me", "count": 0})))
        .expect(2)
        .mount(&server)
        .await;
    let first = client(&server);
    let second = first.clone();
    assert_eq!(first.base_url(), server.uri());
    let _: Thing = first
        .send::<Json<_>>(get("identifyAdmin", "/me"))
        .await
        .unwrap();
    let _: Thing = second
        .send::<Json<_>>(get("identifyAdmin", "/me"))
        .await
        .unwrap();
    let shown = format!("{first:?} {second:#?} {:?}", Client::builder().token(TOKEN));
    assert!(!shown.contains(TOKEN), "{shown}");
}
