//! The MCP server: `initialize` (its name, version and instructions), `tools/list` (the operation
//! tools, or the dynamic mode's three) and `tools/call`.

use std::sync::Arc;

use intercom_api::{Client, OperationInfo};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Map, Value};

use crate::catalog::Catalog;
use crate::cli::{AUTO_LIMIT, Config, ToolsMode};
use crate::dynamic;
use crate::outcome;
use crate::redact::Redactor;
use crate::tools::{self, MAX_ITEMS_LIMIT};

/// Which tools are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One tool per served operation.
    Operations,
    /// `search_operations`, `describe_operation`, `call_operation`.
    Dynamic,
}

impl Mode {
    /// `--tools`, with `auto` decided by how many operations are served.
    pub fn resolve(tools: ToolsMode, served: usize) -> Mode {
        match tools {
            ToolsMode::Operations => Mode::Operations,
            ToolsMode::Dynamic => Mode::Dynamic,
            ToolsMode::Auto if served <= AUTO_LIMIT => Mode::Operations,
            ToolsMode::Auto => Mode::Dynamic,
        }
    }
}

/// The server handler; cheap to clone (each HTTP session gets a clone).
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    catalog: Catalog,
    mode: Mode,
    tools: Vec<Tool>,
    redactor: Redactor,
}

impl Server {
    /// The server of `config`: the client, the catalog and the tool list, made once.
    pub fn new(config: Config) -> Result<Server, String> {
        let mut builder = Client::builder()
            .token(config.token.expose())
            .region(config.region)
            .user_agent(concat!(
                "intercom-mcp/",
                env!("CARGO_PKG_VERSION"),
                " intercom-api-rust/",
                env!("CARGO_PKG_VERSION")
            ));
        if let Some(url) = &config.base_url {
            builder = builder.base_url(url);
        }
        // The builder's errors never quote the token.
        let client = builder.build().map_err(|e| e.to_string())?;
        let catalog = Catalog::new(config.api, config.allow, config.resources);
        let mode = Mode::resolve(config.tools, catalog.served().count());
        let tools = match mode {
            Mode::Operations => catalog.served().map(tools::operation_tool).collect(),
            Mode::Dynamic => dynamic::tools(&catalog),
        };
        Ok(Server {
            inner: Arc::new(Inner {
                client,
                catalog,
                mode,
                tools,
                redactor: Redactor::new(config.token.expose()),
            }),
        })
    }

    /// How many tools are listed.
    pub fn tool_count(&self) -> usize {
        self.inner.tools.len()
    }

    /// What `initialize` tells the host about using the tools.
    fn instructions(&self) -> String {
        let catalog = &self.inner.catalog;
        let served = catalog.served().count();
        let head = format!(
            "Intercom API {} through intercom-mcp: {served} operations, of risk up to \"{}\" \
             (read: changes nothing; write: creates or changes data; destructive: deletes, \
             merges, blocks, redacts). ",
            catalog.api().version(),
            catalog.allow()
        );
        let how = match self.inner.mode {
            Mode::Operations => {
                "Each tool calls one operation; its description gives the HTTP method, path \
                 and risk, and its input is the operation's path, query and body fields side \
                 by side."
            }
            Mode::Dynamic => {
                "Find an operation with search_operations, read its input schema with \
                 describe_operation, then call it with call_operation."
            }
        };
        format!(
            "{head}{how} Paginated operations answer one page, or with max_items collect that \
             many items across pages. Errors carry Intercom's code, message and request id, or \
             name the input field at fault."
        )
    }

    /// Calls a served operation: checks it is served and `max_items`, then `execute`s it.
    async fn invoke(
        &self,
        op: &'static OperationInfo,
        input: Map<String, Value>,
        max_items: Option<Value>,
    ) -> CallToolResult {
        let inner = &self.inner;
        if let Err(refusal) = inner.catalog.check(op) {
            return outcome::refused("refused", refusal.to_string(), &inner.redactor);
        }
        let max_items = match max_items {
            None | Some(Value::Null) => None,
            Some(value) => match value
                .as_u64()
                .filter(|n| (1..=MAX_ITEMS_LIMIT).contains(n))
                .and_then(|n| usize::try_from(n).ok())
            {
                Some(n) => Some(n),
                None => {
                    let message = format!(
                        "{}: invalid field \"max_items\": expected an integer from 1 to \
                         {MAX_ITEMS_LIMIT}",
                        op.name
                    );
                    return outcome::refused("input", message, &inner.redactor);
                }
            },
        };
        let api = inner.catalog.api();
        match api
            .call(&inner.client, op, Value::Object(input), max_items)
            .await
        {
            Ok(answer) => outcome::answer(&answer, &inner.redactor),
            Err(e) => {
                tracing::debug!(operation = op.name, error = %e, "call failed");
                outcome::failure(&e, &inner.redactor)
            }
        }
    }

    /// `tools/call`.
    async fn call(
        &self,
        name: &str,
        args: Map<String, Value>,
    ) -> Result<CallToolResult, ErrorData> {
        let inner = &self.inner;
        if inner.mode == Mode::Dynamic {
            match name {
                dynamic::SEARCH => {
                    return Ok(dynamic::search_operations(
                        &inner.catalog,
                        &args,
                        &inner.redactor,
                    ));
                }
                dynamic::DESCRIBE => {
                    return Ok(dynamic::describe_operation(
                        &inner.catalog,
                        &args,
                        &inner.redactor,
                    ));
                }
                dynamic::CALL => {
                    return Ok(
                        match dynamic::call_operation(&inner.catalog, &args, &inner.redactor) {
                            Ok(call) => self.invoke(call.op, call.input, call.max_items).await,
                            Err(refused) => refused,
                        },
                    );
                }
                _ => {}
            }
        }
        // An operation's tool: served ones run, others are refused with the reason. Both modes
        // accept them, with the same checks.
        let Some(op) = inner
            .catalog
            .find(name)
            .filter(|op| tools::tool_name(op) == name)
        else {
            return Err(ErrorData::invalid_params(
                format!("unknown tool {name:?}"),
                None,
            ));
        };
        let mut input = args;
        let max_items = if op.is_paginated() {
            input.remove("max_items")
        } else {
            None
        };
        Ok(self.invoke(op, input, max_items).await)
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(
                Implementation::new("intercom-mcp", env!("CARGO_PKG_VERSION"))
                    .with_title("Intercom"),
            )
            .with_instructions(self.instructions())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.inner.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        self.call(&request.name, args)
            .await
            .map(CallToolResponse::from)
    }
}
