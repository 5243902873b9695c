//! What every MCP test shares: the binary, the token, the loopback Intercom mock and its
//! answers, and the expected tool counts from the operation table.

use std::process::Stdio;

use intercom_api::{OPERATIONS, OperationInfo, Risk};
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::process::{ChildStderr, Command};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The access token every test server gets; no output may ever contain it.
pub const TOKEN: &str = "tok_mcp_SECRET_5f3a9c";

/// The request id the mock's 404 carries.
pub const REQUEST_ID: &str = "req-404-7d1e2b";

/// How many contacts the mock's `GET /contacts` lists.
pub const CONTACTS: usize = 7;

/// The server binary cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_intercom-mcp")
}

/// How many operations `--allow <allow> [--resources <resources>]` serves: the table's
/// filter, as the server applies it.
pub fn served(table: &[OperationInfo], allow: Risk, resources: Option<&[&str]>) -> usize {
    table
        .iter()
        .filter(|op| op.enabled && op.risk <= allow)
        .filter(|op| resources.is_none_or(|r| r.contains(&op.resource)))
        .count()
}

/// How many tools `--tools auto` lists for `served` operations.
pub fn auto_tools(served: usize) -> usize {
    if served <= 64 { served } else { 3 }
}

/// Whether the operations these tests call are compiled in (they are under `--all-features`).
pub fn contacts_enabled() -> bool {
    ["contacts.get", "contacts.list", "contacts.create"]
        .iter()
        .all(|name| intercom_api::operation(name).is_some_and(|op| op.enabled))
}

/// A contact as Intercom answers it.
pub fn contact(id: &str) -> Value {
    json!({
        "type": "contact",
        "id": id,
        "workspace_id": "ecahpwf5",
        "role": "user",
        "email": format!("{id}@example.com"),
        "created_at": 1663614367,
    })
}

/// `GET /contacts`: [`CONTACTS`] contacts, `per_page` (default 2) a page, cursors `c<n>`.
struct ContactPages;

impl Respond for ContactPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let per_page: usize = param("per_page").and_then(|n| n.parse().ok()).unwrap_or(2);
        let offset: usize = param("starting_after")
            .and_then(|c| c.strip_prefix('c').and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        let end = (offset + per_page).min(CONTACTS);
        let data: Vec<Value> = (offset..end).map(|i| contact(&format!("id{i}"))).collect();
        let mut pages = json!({
            "type": "pages",
            "page": offset / per_page + 1,
            "per_page": per_page,
            "total_pages": CONTACTS.div_ceil(per_page),
        });
        if end < CONTACTS {
            pages["next"] = json!({"starting_after": format!("c{end}")});
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": data,
            "total_count": CONTACTS,
            "pages": pages,
        }))
    }
}

/// The loopback Intercom: `GET /contacts/404` is Intercom's 404 with [`REQUEST_ID`], any other
/// `GET /contacts/{id}` the contact, `GET /contacts` the paged list; everything else 404s
/// without a body.
pub async fn intercom() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts/404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list",
            "request_id": REQUEST_ID,
            "errors": [{"code": "not_found", "message": "User Not Found"}],
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/contacts/[^/]+$"))
        .respond_with(|request: &Request| {
            let id = request.url.path().rsplit('/').next().unwrap_or_default();
            ResponseTemplate::new(200).set_body_json(contact(id))
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ContactPages)
        .mount(&server)
        .await;
    server
}

/// The requests the mock received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// A running server and its client, plus its stderr (read it after the client is closed).
pub struct Session {
    pub client: RunningService<RoleClient, ()>,
    stderr: Option<ChildStderr>,
}

impl Session {
    /// Starts `intercom-mcp <args> --base-url <server>` with the test token, as an rmcp client's
    /// child process (which runs `initialize`).
    pub async fn start(server: &MockServer, args: &[&str]) -> Session {
        let mut command = Command::new(binary());
        command
            .args(args)
            .args(["--base-url", &server.uri()])
            .env("INTERCOM_TOKEN", TOKEN);
        let (transport, stderr) = TokioChildProcess::builder(command)
            .stderr(Stdio::piped())
            .spawn()
            .expect("intercom-mcp starts");
        let client = ().serve(transport).await.expect("initialize");
        Session { client, stderr }
    }

    /// The names of the tools listed.
    pub async fn tool_names(&self) -> Vec<String> {
        let tools = self.client.list_all_tools().await.expect("tools/list");
        tools.into_iter().map(|t| t.name.into_owned()).collect()
    }

    /// Calls a tool; the call itself must succeed (a tool error is a result).
    pub async fn call(&self, tool: &str, arguments: Value) -> CallToolResult {
        let Value::Object(arguments) = arguments else {
            panic!("arguments must be an object");
        };
        self.client
            .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments))
            .await
            .unwrap_or_else(|e| panic!("tools/call {tool}: {e}"))
    }

    /// Closes the client (the server sees stdin end and exits) and returns its stderr.
    pub async fn close(mut self) -> String {
        let _ = self.client.cancel().await;
        let mut text = String::new();
        if let Some(mut stderr) = self.stderr.take() {
            let _ = stderr.read_to_string(&mut text).await;
        }
        text
    }
}

/// The text of a tool result.
pub fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

/// The JSON of a successful tool result.
pub fn answer(result: &CallToolResult) -> Value {
    assert_ne!(result.is_error, Some(true), "tool error: {}", text(result));
    serde_json::from_str(&text(result)).expect("the answer is JSON")
}

/// The message of a tool error.
pub fn error(result: &CallToolResult) -> String {
    assert_eq!(
        result.is_error,
        Some(true),
        "expected a tool error: {}",
        text(result)
    );
    text(result)
}

/// The rows of the table with this risk.
pub fn with_risk(risk: Risk) -> impl Iterator<Item = &'static OperationInfo> {
    OPERATIONS.iter().filter(move |op| op.risk == risk)
}
