//! `intercom-mcp`: a Model Context Protocol server for the Intercom API, over the crate's
//! operation table (`intercom_api::OPERATIONS`, `intercom_api::preview::OPERATIONS`) and its
//! by-name calls (`Client::execute`, `Client::execute_items`). Built with the `mcp` cargo
//! feature: `cargo install intercom-api --features mcp`.
//!
//! Every tool comes from a row of the table (its summary, HTTP method and path, risk label and
//! input JSON Schema); nothing here describes an operation a second time.
//!
//! * [`cli`]: the flags and environment (`INTERCOM_TOKEN`, `--allow`, `--resources`, …).
//! * [`catalog`]: which operations are served, and why one is not.
//! * [`tools`]: an operation as an MCP tool: name, description, annotations, input schema.
//! * [`dynamic`]: the three tools of the dynamic mode (`search_operations`,
//!   `describe_operation`, `call_operation`).
//! * [`search`]: ranking operations for a free-text query.
//! * [`outcome`]: answers and errors as tool results.
//! * [`redact`]: the token kept out of tool results and the log.
//! * [`server`]: the MCP server handler.
//! * [`http`]: streamable HTTP on a loopback address.

mod catalog;
mod cli;
mod dynamic;
mod http;
mod outcome;
mod redact;
mod search;
mod server;
mod tools;

use std::process::ExitCode;

use clap::Parser;
use rmcp::ServiceExt;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let config = match cli::Config::from_args(args, std::env::var("INTERCOM_TOKEN").ok()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("intercom-mcp: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.log, redact::Redactor::new(config.token.expose()));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("intercom-mcp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("intercom-mcp: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: cli::Config) -> Result<(), String> {
    let http = config.http;
    let server = server::Server::new(config)?;
    tracing::info!(tools = server.tool_count(), "intercom-mcp ready");
    match http {
        Some(addr) => http::serve(server, addr).await,
        None => {
            let running = server
                .serve(rmcp::transport::stdio())
                .await
                .map_err(|e| format!("MCP initialization failed: {e}"))?;
            running
                .waiting()
                .await
                .map(|_| ())
                .map_err(|e| format!("the MCP session ended abnormally: {e}"))
        }
    }
}

/// Logs go to stderr (stdout is the protocol), at the level of `--log`, without the token.
fn init_logging(level: tracing::Level, redactor: redact::Redactor) {
    tracing_subscriber::fmt()
        .with_writer(redact::LogWriter::new(redactor))
        .with_max_level(level)
        .with_target(false)
        .init();
}
