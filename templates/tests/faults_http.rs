//! Fault injection: the runtime against servers that misbehave the way real networks and
//! gateways do. Each test states the exact number of attempts the client makes (counted on the
//! server), the error kind it ends with, and that nothing panics; the delays are short so the
//! whole file runs in a few seconds.
//!
//! `wiremock` plays the well-formed but unhappy server (429s, 5xx bursts, odd bodies); a raw TCP
//! server scripted per request plays the broken one (connections closed before or during a
//! response, answers that never come, bodies cut short, chunks held back).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use intercom_api::response_kind::{Empty, Json, Text};
use intercom_api::{Client, Error, HttpMethod, PollOptions, Request, RequestOptions, RetryPolicy};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::{capture_traces, captured_traces};

const TOKEN: &str = "tok_FAULTS_never_shown_42";

/// Retries with a 1 ms backoff, so bursts cost no time.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(1))
}

fn client_for(base: &str, retry: RetryPolicy, timeout: Duration) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(base)
        .retry(retry)
        .timeout(timeout)
        .build()
        .expect("valid client")
}

fn client(server: &MockServer) -> Client {
    client_for(&server.uri(), fast_retries(), Duration::from_secs(5))
}

fn get(path: &str) -> Request {
    Request::new("getThing", HttpMethod::Get, path.to_owned())
}

fn post(path: &str) -> Request {
    let mut request = Request::new("createThing", HttpMethod::Post, path.to_owned());
    request.json(&json!({"name": "x"})).expect("serializable");
    request
}

/// Checks that the token shows nowhere in the error, and returns it.
fn no_token(err: Error) -> Error {
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(TOKEN), "token leaked: {shown}");
    err
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

/// `burst` answers of `failure`, then `200 {"id": "ok"}`.
async fn burst_then_ok(verb: &str, failure: ResponseTemplate, burst: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(failure)
        .up_to_n_times(burst)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "ok"})))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

fn intercom_error(status: u16, code: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "type": "error.list",
        "request_id": format!("req-{status}"),
        "errors": [{"code": code, "message": "try later"}],
    }))
}

// ---------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn burst_of_429_with_retry_after_is_waited_out() {
    let limited = intercom_error(429, "rate_limit_exceeded")
        .insert_header("retry-after", "1")
        .insert_header("x-ratelimit-limit", "1000")
        .insert_header("x-ratelimit-remaining", "0");
    let server = burst_then_ok("GET", limited, 2).await;
    let started = Instant::now();
    let answer = client(&server)
        .call::<Json<Value>>(Ok(get("/things")))
        .await
        .expect("succeeds after the burst");
    let waited = started.elapsed();
    assert_eq!(answer.value(), &json!({"id": "ok"}));
    assert_eq!(answer.attempts(), 3);
    assert_eq!(received(&server).await, 3);
    // Retry-After: 1, twice.
    assert!(waited >= Duration::from_millis(1900), "{waited:?}");
    assert!(waited < Duration::from_secs(4), "{waited:?}");
}

#[tokio::test]
async fn burst_of_429_with_rate_limit_reset_waits_for_the_reset() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let reset = now.as_secs() + 1;
    let limited = intercom_error(429, "rate_limit_exceeded")
        .insert_header("x-ratelimit-reset", reset.to_string().as_str())
        .insert_header("x-ratelimit-remaining", "0");
    let server = burst_then_ok("POST", limited, 1).await;
    let started = Instant::now();
    // A POST is retried after a 429: the server refused it without acting on it.
    let value: Value = client(&server)
        .send::<Json<_>>(post("/things"))
        .await
        .unwrap();
    assert_eq!(value, json!({"id": "ok"}));
    assert_eq!(received(&server).await, 2);
    let until_reset = Duration::from_secs(reset) - now;
    assert!(
        started.elapsed() + Duration::from_millis(50) >= until_reset,
        "waited {:?}, reset in {until_reset:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limit_that_outlasts_the_attempts_is_a_typed_error_with_its_headers() {
    let limited = intercom_error(429, "rate_limit_exceeded")
        .insert_header("retry-after", "0")
        .insert_header("x-ratelimit-limit", "83")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", "1700000000");
    let server = burst_then_ok("GET", limited, 100).await;
    let err = no_token(
        client(&server)
            .send::<Json<Value>>(get("/things"))
            .await
            .unwrap_err(),
    );
    assert_eq!(received(&server).await, 3);
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(err.attempts(), Some(3));
    let limit = err.rate_limit().expect("rate-limit headers");
    assert_eq!((limit.limit, limit.remaining), (Some(83), Some(0)));
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), Some("rate_limit_exceeded"));
    assert_eq!(api.retry_after(), Some(Duration::ZERO));
    assert!(err.to_string().ends_with("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn a_wait_longer_than_the_budget_is_not_slept() {
    let limited = intercom_error(429, "rate_limit_exceeded").insert_header("retry-after", "3600");
    let server = burst_then_ok("GET", limited, 100).await;
    let client = client_for(
        &server.uri(),
        fast_retries().max_elapsed(Duration::from_secs(10)),
        Duration::from_secs(5),
    );
    let started = Instant::now();
    let err = client.send::<Empty>(get("/things")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn successful_responses_carry_their_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "1"}))
                .insert_header("x-ratelimit-limit", "1000")
                .insert_header("x-ratelimit-remaining", "997")
                .insert_header("x-ratelimit-reset", "1700000060")
                .insert_header("x-request-id", "req-ok"),
        )
        .mount(&server)
        .await;
    let answer = client(&server)
        .call::<Json<Value>>(Ok(get("/things")))
        .await
        .unwrap();
    let limit = answer.rate_limit().expect("rate limit");
    assert_eq!(limit.limit, Some(1000));
    assert_eq!(limit.remaining, Some(997));
    assert_eq!(limit.reset.map(|t| t.as_unix()), Some(1_700_000_060));
    assert_eq!(answer.request_id(), Some("req-ok"));
    assert_eq!((answer.status(), answer.attempts()), (200, 1));
}

// ---------------------------------------------------------------------------------------------
// Server errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bursts_of_5xx_are_retried_for_reads_and_deletes() {
    for status in [500, 502, 503, 504] {
        for verb in ["GET", "PUT", "DELETE"] {
            let server = burst_then_ok(verb, intercom_error(status, "server_error"), 2).await;
            let method = match verb {
                "GET" => HttpMethod::Get,
                "PUT" => HttpMethod::Put,
                _ => HttpMethod::Delete,
            };
            let answer = client(&server)
                .call::<Json<Value>>(Ok(Request::new("op", method, "/things".into())))
                .await
                .unwrap_or_else(|e| panic!("{verb} after {status}s: {e}"));
            assert_eq!(answer.attempts(), 3, "{verb} {status}");
            assert_eq!(received(&server).await, 3, "{verb} {status}");
        }
    }
}

#[tokio::test]
async fn a_5xx_burst_longer_than_the_attempts_ends_with_the_last_error() {
    let server = burst_then_ok("GET", intercom_error(503, "service_unavailable"), 10).await;
    let err = no_token(
        client(&server)
            .send::<Empty>(get("/things"))
            .await
            .unwrap_err(),
    );
    assert_eq!(received(&server).await, 3);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(err.request_id(), Some("req-503"));
}

#[tokio::test]
async fn posts_and_patches_are_not_retried_after_a_5xx_unless_asked() {
    for verb in ["POST", "PATCH"] {
        let server = burst_then_ok(verb, intercom_error(502, "bad_gateway"), 1).await;
        let method = if verb == "POST" {
            HttpMethod::Post
        } else {
            HttpMethod::Patch
        };
        let request = || {
            let mut r = Request::new("write", method, "/things".into());
            r.json(&json!({"a": 1})).unwrap();
            r
        };
        let err = client(&server).send::<Empty>(request()).await.unwrap_err();
        assert_eq!(err.status(), Some(502), "{verb}");
        assert_eq!(received(&server).await, 1, "{verb}");

        // Opting in for these calls: the second attempt succeeds.
        let server = burst_then_ok(verb, intercom_error(502, "bad_gateway"), 1).await;
        let opted = client(&server)
            .with_options(RequestOptions::new().retry(fast_retries().retry_writes(true)));
        opted.send::<Empty>(request()).await.unwrap();
        assert_eq!(received(&server).await, 2, "{verb}");
    }
}

#[tokio::test]
async fn an_html_gateway_page_is_an_api_error_with_the_page() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = burst_then_ok(
        "GET",
        ResponseTemplate::new(502).set_body_raw(page, "text/html"),
        10,
    )
    .await;
    let err = no_token(
        client(&server)
            .send::<Json<Value>>(get("/things"))
            .await
            .unwrap_err(),
    );
    assert_eq!(received(&server).await, 3);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status(), 502);
    assert_eq!(api.body(), page);
    assert_eq!(api.content_type(), Some("text/html"));
    assert_eq!(api.code(), None);
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn other_client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 422] {
        let server = burst_then_ok("GET", intercom_error(status, "nope"), 10).await;
        let err = client(&server)
            .send::<Empty>(get("/things"))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(received(&server).await, 1, "{status}");
    }
}

// ---------------------------------------------------------------------------------------------
// Odd bodies on success
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn empty_bodies_on_success() {
    let server = MockServer::start().await;
    Mock::given(path("/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/space"))
        .respond_with(ResponseTemplate::new(202).set_body_string(" "))
        .mount(&server)
        .await;
    let client = client(&server);
    // Nothing expected: fine.
    client.send::<Empty>(get("/empty")).await.unwrap();
    client.send::<Empty>(get("/space")).await.unwrap();
    // Something optional expected: `None`.
    let nothing: Option<Value> = client.send::<Json<_>>(get("/space")).await.unwrap();
    assert_eq!(nothing, None);
    // An object expected: a decode error naming the operation, never a panic.
    #[derive(Debug, serde::Deserialize)]
    struct Thing {
        #[allow(dead_code)]
        id: String,
    }
    let err = client.send::<Json<Thing>>(get("/empty")).await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((decode.operation(), decode.status()), ("getThing", 200));
    assert_eq!(received(&server).await, 4, "decode errors are not retried");
}

#[tokio::test]
async fn truncated_json_and_invalid_utf8_are_decode_errors() {
    let server = MockServer::start().await;
    Mock::given(path("/truncated"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": "1", "tags": [{"id": "#, "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/latin1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"{\"name\": \"caf\xe9\"}".to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/latin1-error"))
        .respond_with(
            ResponseTemplate::new(400).set_body_raw(b"bad \xff input".to_vec(), "text/plain"),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let err = client
        .send::<Json<Value>>(get("/truncated"))
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert!(decode.message().contains("EOF"), "{decode}");
    assert!(decode.body().starts_with(r#"{"id": "1""#));

    let err = client
        .send::<Json<Value>>(get("/latin1"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let err = client.send::<Text>(get("/latin1")).await.unwrap_err();
    assert!(err.to_string().contains("UTF-8"), "{err}");

    let err = client
        .send::<Empty>(get("/latin1-error"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.body(), "bad \u{fffd} input");
    assert_eq!(received(&server).await, 4);
}

// ---------------------------------------------------------------------------------------------
// Broken connections and answers that never come (raw TCP server)
// ---------------------------------------------------------------------------------------------

/// What the raw server does with one request.
#[derive(Clone)]
enum Act {
    /// Writes these bytes (a whole response) and keeps the connection for the next request.
    Answer(Vec<u8>),
    /// Writes these bytes, then closes the connection abruptly (reset).
    AnswerPartly(Vec<u8>),
    /// Closes the connection abruptly without answering.
    Reset,
    /// Never answers.
    Hang,
    /// Writes the head and first half of this response, waits for `go`, then writes the rest.
    Hold(Vec<u8>, Arc<Notify>),
}

/// A loopback server that answers its `n`th request (counted across connections) with
/// `script[n]` (the last entry repeats).
struct RawServer {
    base: String,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    async fn start(script: Vec<Act>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(script);
        let counter = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&script), Arc::clone(&counter)));
            }
        });
        RawServer { base, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, script: Arc<Vec<Act>>, counter: Arc<AtomicUsize>) {
    while read_request(&mut stream).await {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        let act = script[n.min(script.len() - 1)].clone();
        match act {
            Act::Answer(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Act::AnswerPartly(bytes) => {
                let _ = stream.write_all(&bytes).await;
                reset(stream);
                return;
            }
            Act::Reset => {
                reset(stream);
                return;
            }
            Act::Hang => {
                tokio::time::sleep(Duration::from_secs(30)).await;
                return;
            }
            Act::Hold(bytes, go) => {
                let half = bytes.len() / 2;
                let _ = stream.write_all(&bytes[..half]).await;
                let _ = stream.flush().await;
                go.notified().await;
                let _ = stream.write_all(&bytes[half..]).await;
            }
        }
    }
}

/// Closes with a TCP reset rather than an orderly shutdown.
fn reset(stream: TcpStream) {
    if let Ok(std) = stream.into_std() {
        let _ = socket2::SockRef::from(&std).set_linger(Some(Duration::ZERO));
    }
}

/// Reads one request (head and `Content-Length` body); false when the connection ends.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    true
}

fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A large JSON document (about 1 MB), different from any prefix of itself.
fn big_document() -> Vec<u8> {
    let items: Vec<Value> = (0..20_000)
        .map(|i| json!({"id": i.to_string(), "name": format!("item {i}")}))
        .collect();
    serde_json::to_vec(&json!({"type": "list", "data": items})).unwrap()
}

#[tokio::test]
async fn connection_reset_before_the_response_is_retried_for_a_get() {
    let ok = response("200 OK", "application/json", br#"{"id":"ok"}"#);
    let server = RawServer::start(vec![Act::Reset, Act::Reset, Act::Answer(ok)]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_secs(5));
    let answer = client
        .call::<Json<Value>>(Ok(get("/things")))
        .await
        .unwrap();
    assert_eq!(answer.value(), &json!({"id": "ok"}));
    assert_eq!((answer.attempts(), server.requests()), (3, 3));
}

#[tokio::test]
async fn connection_reset_before_the_response_fails_a_post_at_once() {
    let ok = response("200 OK", "application/json", br#"{"id":"ok"}"#);
    let server = RawServer::start(vec![Act::Reset, Act::Answer(ok)]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_secs(5));
    let err = no_token(client.send::<Empty>(post("/things")).await.unwrap_err());
    // The server had the request: repeating it could create the thing twice.
    assert_eq!(server.requests(), 1);
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn reset_in_the_middle_of_a_body_is_retried_and_the_final_body_arrives_intact() {
    let document = big_document();
    let whole = response("200 OK", "application/json", &document);
    let cut = whole[..whole.len() / 2].to_vec();
    let server = RawServer::start(vec![Act::AnswerPartly(cut), Act::Answer(whole)]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_secs(5));
    let answer = client
        .call::<Json<Value>>(Ok(get("/things")))
        .await
        .unwrap();
    assert_eq!(server.requests(), 2);
    assert_eq!(answer.attempts(), 2);
    let expected: Value = serde_json::from_slice(&document).unwrap();
    assert_eq!(answer.value(), &expected);
}

#[tokio::test]
async fn reset_in_the_middle_of_every_body_ends_as_a_transport_error() {
    let whole = response("200 OK", "application/json", &big_document());
    let cut = whole[..whole.len() / 3].to_vec();
    let server = RawServer::start(vec![Act::AnswerPartly(cut)]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_secs(5));
    let err = no_token(
        client
            .send::<Json<Value>>(get("/things"))
            .await
            .unwrap_err(),
    );
    assert_eq!(server.requests(), 3);
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn headers_that_never_arrive_time_out_on_every_attempt_of_a_get() {
    let server = RawServer::start(vec![Act::Hang]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_millis(150));
    let started = Instant::now();
    let err = no_token(client.send::<Empty>(get("/things")).await.unwrap_err());
    assert!(matches!(err, Error::Timeout { attempts: 3, .. }), "{err:?}");
    assert_eq!(server.requests(), 3);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_post_that_times_out_after_the_server_received_it_is_sent_exactly_once() {
    let server = RawServer::start(vec![Act::Hang]).await;
    let client = client_for(&server.base, fast_retries(), Duration::from_millis(150));
    let err = no_token(client.send::<Empty>(post("/things")).await.unwrap_err());
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    // Give a stray retry the time to arrive, then count.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_clients() {
    let server = RawServer::start(vec![Act::Hang]).await;
    let client = client_for(&server.base, RetryPolicy::never(), Duration::from_secs(30));
    let started = Instant::now();
    let err = client
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)))
        .send::<Empty>(get("/things"))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn refused_connections_are_retried_even_for_a_post() {
    // Bind a port, then free it, so nothing is listening there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = client_for(
        &format!("http://{addr}"),
        fast_retries(),
        Duration::from_secs(5),
    );
    let err = no_token(client.send::<Empty>(post("/things")).await.unwrap_err());
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn downloads_stream_chunks_as_they_arrive() {
    let file: Vec<u8> = (0..400_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let go = Arc::new(Notify::new());
    let server = RawServer::start(vec![Act::Hold(
        response("200 OK", "application/octet-stream", &file),
        Arc::clone(&go),
    )])
    .await;
    let client = client_for(&server.base, RetryPolicy::never(), Duration::from_secs(5));
    let mut download = client
        .request(HttpMethod::Get, "/download/content/data/{job}")
        .path_param("job", "j1")
        .send_download()
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(file.len() as u64));
    // The server holds back the second half until the client has seen the first: a client
    // that buffered the whole body would never get here.
    let mut got = Vec::new();
    while got.len() < file.len() / 4 {
        got.extend_from_slice(&download.chunk().await.unwrap().unwrap());
    }
    assert!(got.len() < file.len());
    go.notify_one();
    let mut rest = Vec::new();
    let written = download.write_to(&mut rest).await.unwrap();
    got.extend_from_slice(&rest);
    assert_eq!(written as usize, rest.len());
    assert_eq!(got, file);
}

#[tokio::test]
async fn a_download_cut_short_is_an_error_item_of_the_stream() {
    let whole = response("200 OK", "application/octet-stream", &vec![7u8; 300_000]);
    let server = RawServer::start(vec![Act::AnswerPartly(whole[..whole.len() / 2].to_vec())]).await;
    let client = client_for(&server.base, RetryPolicy::never(), Duration::from_secs(5));
    let download = client
        .request(HttpMethod::Get, "/download")
        .send_download()
        .await
        .unwrap();
    let mut sink = Vec::new();
    let err = no_token(download.write_to(&mut sink).await.unwrap_err());
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!sink.is_empty() && sink.len() < 300_000);
}

#[tokio::test]
async fn a_download_that_stalls_times_out_between_chunks() {
    let go = Arc::new(Notify::new());
    let server = RawServer::start(vec![Act::Hold(
        response("200 OK", "application/octet-stream", &vec![1u8; 200_000]),
        go,
    )])
    .await;
    let client = client_for(
        &server.base,
        RetryPolicy::never(),
        Duration::from_millis(200),
    );
    let download = client
        .request(HttpMethod::Get, "/download")
        .send_download()
        .await
        .unwrap();
    let err = download.bytes().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn export_is_polled_until_done_then_downloaded() {
    let server = MockServer::start().await;
    let job = |status: &str| {
        ResponseTemplate::new(200).set_body_json(json!({
            "job_identifier": "job1", "status": status, "download_url": "", "download_expires_at": ""
        }))
    };
    Mock::given(path("/export/content/data/job1"))
        .respond_with(job("pending"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/export/content/data/job1"))
        .respond_with(job("in_progress"))
        .up_to_n_times(2)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(path("/export/content/data/job1"))
        .respond_with(job("completed"))
        .with_priority(3)
        .mount(&server)
        .await;
    Mock::given(path("/download/content/data/job1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x1f, 0x8b, 8, 0], "application/gzip"),
        )
        .mount(&server)
        .await;
    let options = PollOptions::default().interval(Duration::from_millis(5));
    let file = client(&server)
        .data_export()
        .download_when_ready("job1", options)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&file[..], &[0x1f, 0x8b, 8, 0]);
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<_> = requests.iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(
        paths,
        [
            "/export/content/data/job1",
            "/export/content/data/job1",
            "/export/content/data/job1",
            "/export/content/data/job1",
            "/download/content/data/job1"
        ]
    );
}

#[tokio::test]
async fn export_that_ends_without_data_is_a_typed_error_and_a_slow_one_times_out() {
    let server = MockServer::start().await;
    Mock::given(path("/export/content/data/empty"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"job_identifier": "empty", "status": "no_data"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/export/content/data/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"job_identifier": "slow", "status": "pending"})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let fast = PollOptions::default().interval(Duration::from_millis(5));
    let err = client
        .data_export()
        .download_when_ready("empty", fast)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::JobEnded { operation: "getDataExport", status } if status == "no_data"),
        "{err:?}"
    );
    let job = client.data_export().wait("empty", fast).await.unwrap();
    assert_eq!(job.job_identifier.as_deref(), Some("empty"));

    let err = client
        .data_export()
        .wait("slow", fast.timeout(Duration::from_millis(60)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::JobTimeout { status: Some(s), .. } if s == "pending"),
        "{err:?}"
    );
    let downloads = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().starts_with("/download"))
        .count();
    assert_eq!(downloads, 0);
}

// ---------------------------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn each_call_is_one_span_with_the_path_template_and_no_token() {
    let server = burst_then_ok("GET", intercom_error(503, "service_unavailable"), 1).await;
    capture_traces(tracing::Level::DEBUG);

    let request = Request::templated("getThing", HttpMethod::Get, "/things", "/things".to_owned());
    client(&server).send::<Empty>(request).await.unwrap();
    // The raw escape hatch reports the template too, not the filled-in path.
    let _ = client(&server)
        .request(HttpMethod::Get, "/contacts/{id}")
        .path_param("id", "secret-contact-42")
        .send_bytes()
        .await;

    let text = captured_traces();
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("Bearer"), "{text}");
    assert!(text.contains("intercom.request"), "{text}");
    assert!(text.contains("operation=\"getThing\""), "{text}");
    assert!(text.contains("method=\"GET\""), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("attempts=2"), "{text}");
    assert!(text.contains("elapsed_ms="), "{text}");
    assert!(text.contains("path=/contacts/{id}"), "{text}");
    assert!(!text.contains("secret-contact-42"), "{text}");
}
