//! [`MockServer`]: a loopback Intercom (on `wiremock`) that routes every request to its
//! operation, checks it as Intercom does, answers it from a stub or the operation's default
//! answer, and keeps a journal.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;
use wiremock::{Mock, Respond, ResponseTemplate};

use super::answer::{Answer, Body, error_list};
use super::journal::MockRequest;
use super::pages;
use super::route::{Api, Kind, Route};
use super::stub::{Responder, StubBuilder, Stubs, Target};
use super::validate;
use crate::runtime::execute_error::ExecuteError;
use crate::runtime::registry;
use crate::runtime::{Client, RetryPolicy};

/// The token [`MockServer::client`] sends, unless [`MockServerBuilder::token`] set another.
pub const MOCK_TOKEN: &str = "mock-token";

/// Where redirects of file operations point (the mock serves a small file there).
const FILES: &str = "/_mock/files/";

/// A mock Intercom on a loopback port: every operation of the crate's API descriptions answers
/// by default, requests are checked as Intercom checks them, stubs change answers, and a
/// journal records what arrived. See the [module docs](super) for an overview.
///
/// It stops when dropped.
pub struct MockServer {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

/// Configures a [`MockServer`]; from [`MockServer::builder`].
#[derive(Debug, Clone, Default)]
#[must_use = "a MockServerBuilder does nothing until `.start().await`"]
pub struct MockServerBuilder {
    token: Option<String>,
}

impl MockServerBuilder {
    /// Accepts only this bearer token (any non-empty one otherwise); other tokens are answered
    /// 401 like a revoked one. [`MockServer::client`] sends it.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Starts the server on a free loopback port.
    pub async fn start(self) -> MockServer {
        let server = wiremock::MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let strict_token = self.token.is_some();
        let token = self.token.unwrap_or_else(|| MOCK_TOKEN.to_owned());
        let url = server.uri();
        let client = build_client(&url, &token);
        let shared = Arc::new(Shared {
            apis: apis(),
            stubs: Stubs::default(),
            journal: Mutex::new(Vec::new()),
            strict_token,
            token,
            url,
            client,
            requests: AtomicU64::new(0),
        });
        Mock::given(wiremock::matchers::any())
            .respond_with(Dispatcher(Arc::clone(&shared)))
            .mount(&server)
            .await;
        MockServer { server, shared }
    }
}

/// A client of the mock: its URL and token, the default retry policy with millisecond backoffs.
fn build_client(url: &str, token: &str) -> Client {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(10));
    Client::builder()
        .token(token)
        .base_url(url)
        .retry(policy)
        .build()
        // A token and a loopback `http` URL always make a valid client.
        .expect("a client for the mock server's loopback URL")
}

/// The APIs the crate was built with: the stable one, then Preview.
fn apis() -> Vec<(Api, bool)> {
    #[allow(unused_mut)]
    let mut apis = vec![(super::routes::API, false)];
    #[cfg(feature = "preview")]
    apis.push((super::preview_routes::API, true));
    apis
}

impl MockServer {
    /// Starts a mock server accepting any bearer token.
    pub async fn start() -> MockServer {
        MockServer::builder().start().await
    }

    /// Configures a mock server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// Its base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.server.uri()
    }

    /// The bearer token [`client`](Self::client) sends.
    pub fn token(&self) -> &str {
        &self.shared.token
    }

    /// A [`Client`] of this server (Preview calls too, through `client.preview()`): its URL and
    /// token, and the default [`RetryPolicy`] with backoffs of milliseconds, so retry tests run
    /// fast. For other settings build one with `Client::builder().base_url(mock.url())`.
    pub fn client(&self) -> Client {
        self.shared.client.clone()
    }

    /// Stubs the stable API's operation `operation` (its `resource.method` name or its id; a
    /// name only the Preview API has is found there).
    ///
    /// # Panics
    ///
    /// If no operation has this name (the message lists the closest ones).
    pub fn on(&self, operation: &str) -> StubBuilder {
        StubBuilder::new(
            self.shared.stubs.clone(),
            self.shared.target(operation, false),
        )
    }

    /// Stubs the Preview API's operation `operation`.
    ///
    /// # Panics
    ///
    /// If the Preview API has no operation with this name.
    #[cfg(feature = "preview")]
    pub fn on_preview(&self, operation: &str) -> StubBuilder {
        StubBuilder::new(
            self.shared.stubs.clone(),
            self.shared.target(operation, true),
        )
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.shared.journal().clone()
    }

    /// The requests routed to `operation` (its `resource.method` name or id), in either API.
    ///
    /// # Panics
    ///
    /// If no operation has this name.
    pub fn calls(&self, operation: &str) -> Vec<MockRequest> {
        let op = self.shared.target(operation, false).op;
        self.shared
            .journal()
            .iter()
            .filter(|r| r.is(op.name))
            .cloned()
            .collect()
    }

    /// Asserts that `operation` (its `resource.method` name or id) was called `times` times, in
    /// either API.
    ///
    /// # Panics
    ///
    /// If it was not (the message lists what the server received), or no operation has this
    /// name.
    #[track_caller]
    pub fn assert_called(&self, operation: &str, times: usize) {
        let calls = self.calls(operation).len();
        if calls != times {
            let received: Vec<String> = self
                .shared
                .journal()
                .iter()
                .map(|r| format!("\n  {r}"))
                .collect();
            let received = if received.is_empty() {
                " nothing".to_owned()
            } else {
                received.concat()
            };
            panic!(
                "expected {operation} to be called {times} time(s), it was called {calls} time(s); \
                 the mock server received:{received}"
            );
        }
    }

    /// Forgets every stub and every recorded request.
    pub fn reset(&self) {
        self.shared.stubs.clear();
        self.shared.journal().clear();
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url())
            .field("requests", &self.shared.journal().len())
            .finish_non_exhaustive()
    }
}

/// What the server and its stubs share with the request handler.
struct Shared {
    apis: Vec<(Api, bool)>,
    stubs: Stubs,
    journal: Mutex<Vec<MockRequest>>,
    /// Only `token` is accepted (else any non-empty token).
    strict_token: bool,
    token: String,
    url: String,
    /// A client of the server: `MockServer::client`, and the validation's builder (whose calls
    /// are built, never sent).
    client: Client,
    requests: AtomicU64,
}

/// The operation a request was routed to.
#[derive(Clone, Copy)]
struct Routed {
    api: usize,
    index: usize,
}

impl Shared {
    fn journal(&self) -> std::sync::MutexGuard<'_, Vec<MockRequest>> {
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The operation `name` names: in the Preview API when `preview`, else in the stable API
    /// and then the Preview API.
    #[track_caller]
    fn target(&self, name: &str, preview: bool) -> Target {
        let found = self
            .apis
            .iter()
            .enumerate()
            .filter(|(_, (_, is_preview))| !preview || *is_preview)
            .find_map(|(api, (tables, _))| {
                let op = registry::find(tables.operations, name)?;
                let index = tables.operations.iter().position(|o| std::ptr::eq(o, op))?;
                Some(Target { api, index, op })
            });
        match found {
            Some(target) => target,
            None => {
                let table = self.apis[usize::from(preview)].0.operations;
                let unknown = ExecuteError::UnknownOperation {
                    name: name.to_owned(),
                    suggestions: registry::closest_operations(name, table),
                };
                panic!("{unknown}")
            }
        }
    }

    /// The answer to `request` (filling in its operation), and the operation it was for.
    fn answer(&self, request: &mut MockRequest) -> (Answer, Option<Routed>) {
        if request.method == "GET" && request.path.starts_with(FILES) {
            let name = &request.path[FILES.len()..];
            let body = format!("mock file {name}");
            return (Answer::bytes(200, body, "application/octet-stream"), None);
        }
        if !self.authorized(request) {
            let answer = Answer::error(401, "unauthorized", "Access Token Invalid");
            return (answer, None);
        }
        let version = request.header("intercom-version").map(str::to_owned);
        let api = match &version {
            None => Some(0),
            Some(v) => self
                .apis
                .iter()
                .position(|(api, _)| api.version == v.trim()),
        };
        let Some(api) = api else {
            let served: Vec<&str> = self.apis.iter().map(|(a, _)| a.version).collect();
            let message = format!(
                "The requested version could not be found: {:?} (this mock serves {})",
                version.unwrap_or_default(),
                served.join(" and ")
            );
            return (
                Answer::error(400, "intercom_version_invalid", message),
                None,
            );
        };
        let (tables, preview) = &self.apis[api];
        let Some(matched) = tables.route(&request.method, &request.path) else {
            let what = if tables.knows_path(&request.path) {
                "does not take"
            } else {
                "has no path like"
            };
            let message = format!(
                "Intercom API {} {what} {} {}",
                tables.version, request.method, request.path
            );
            return (Answer::error(404, "not_found", message), None);
        };
        let index = matched.index;
        request.operation = Some(&tables.operations[index]);
        request.preview = *preview;
        request.path_params = matched.path_params;
        let routed = Routed { api, index };
        if let Err(answer) = validate::check(tables, index, request, &self.client) {
            return (answer, Some(routed));
        }
        let Some((stub, hit)) = self.stubs.claim(api, index, request) else {
            return (Answer::example(), Some(routed));
        };
        let mut answer = match &stub.responder {
            Responder::Fixed(answer) => answer.clone(),
            Responder::Sequence(answers) => {
                answers.get(hit).cloned().unwrap_or_else(Answer::example)
            }
            Responder::With(respond) => respond(request),
            Responder::Pages(data) => {
                let route = &tables.routes[index];
                match route.paging {
                    Some(paging) => {
                        let frame = default_json(route);
                        match pages::page(paging, frame, data, request) {
                            Ok(page) => Answer::json(route.status, page),
                            Err(refused) => refused,
                        }
                    }
                    None => Answer::example(),
                }
            }
        };
        if let Some(delay) = stub.delay {
            answer.delay = Some(answer.delay.unwrap_or_default() + delay);
        }
        (answer, Some(routed))
    }

    /// Whether the request has an acceptable `Authorization: Bearer …`.
    fn authorized(&self, request: &MockRequest) -> bool {
        let Some(value) = request.header("authorization") else {
            return false;
        };
        let mut parts = value.trim().splitn(2, ' ');
        let scheme = parts.next().unwrap_or_default();
        let token = parts.next().unwrap_or_default().trim();
        scheme.eq_ignore_ascii_case("bearer")
            && !token.is_empty()
            && (!self.strict_token || token == self.token)
    }

    /// The HTTP response for `answer`.
    fn render(
        &self,
        answer: &Answer,
        request: &MockRequest,
        routed: Option<Routed>,
    ) -> (u16, ResponseTemplate) {
        let route = routed.map(|r| &self.apis[r.api].0.routes[r.index]);
        let status = answer.status.or(route.map(|r| r.status)).unwrap_or(200);
        let (status, mut template) = match StatusCode::from_u16(status) {
            Ok(code) => (status, ResponseTemplate::new(code)),
            Err(_) => {
                let message = format!("the mock's answer has an invalid status {status}");
                let template = ResponseTemplate::new(StatusCode::INTERNAL_SERVER_ERROR)
                    .set_body_raw(message, "text/plain");
                return (500, template);
            }
        };
        let json = |value: &Value| value.to_string().into_bytes();
        template = match &answer.body {
            Body::Empty => template,
            Body::Json(body) => template.set_body_raw(body.clone(), "application/json"),
            Body::Raw(body, content_type) => template.set_body_raw(body.clone(), content_type),
            Body::Error {
                code,
                message,
                field,
            } => {
                let body = error_list(&request.request_id, code, message, field.as_deref());
                template.set_body_raw(json(&body), "application/json")
            }
            Body::Example => match route {
                Some(route) => self.example(route, request, template),
                None => template.set_body_raw("{}", "application/json"),
            },
        };
        template = template.insert_header("x-request-id", request.request_id.as_str());
        for (name, value) in &answer.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                template = template.insert_header(name, value);
            }
        }
        if let Some(delay) = answer.delay {
            template = template.set_delay(delay);
        }
        (status, template)
    }

    /// The operation's default answer, on `template` (which has its status).
    fn example(
        &self,
        route: &Route,
        request: &MockRequest,
        template: ResponseTemplate,
    ) -> ResponseTemplate {
        match route.kind {
            Kind::Json => {
                let mut value = default_json(route);
                if let Some(paging) = route.paging {
                    value = pages::last_page(paging, value, request);
                }
                template.set_body_raw(value.to_string(), "application/json")
            }
            Kind::Empty => template,
            Kind::Text => template.set_body_raw(
                format!("mock text for {}", route.id),
                "text/plain; charset=utf-8",
            ),
            Kind::Binary => template.set_body_raw(
                format!("mock file for {}", route.id),
                "application/octet-stream",
            ),
            Kind::Redirect => {
                let location = format!("{}{FILES}{}", self.url, route.id);
                template.insert_header("location", location.as_str())
            }
        }
    }
}

/// The default JSON answer of a route (`{}` when its resource is compiled out).
fn default_json(route: &Route) -> Value {
    route
        .answer
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_else(|| Value::Object(Default::default()))
}

/// The `wiremock` responder: every request goes through [`Shared::answer`].
struct Dispatcher(Arc<Shared>);

impl Respond for Dispatcher {
    fn respond(&self, received: &wiremock::Request) -> ResponseTemplate {
        let shared = &self.0;
        let n = shared.requests.fetch_add(1, Ordering::SeqCst) + 1;
        let mut request = MockRequest {
            operation: None,
            preview: false,
            method: received.method.as_str().to_owned(),
            path: received.url.path().to_owned(),
            path_params: Vec::new(),
            query: received
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: received
                .headers
                .iter()
                .map(|(k, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (k.as_str().to_owned(), v)
                })
                .collect(),
            body: received.body.clone(),
            request_id: format!("mock-{n:08}"),
            status: None,
        };
        let (answer, routed) = shared.answer(&mut request);
        let (status, template) = shared.render(&answer, &request, routed);
        request.status = Some(status);
        shared.journal().push(request);
        template
    }
}
