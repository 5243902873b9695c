//! `intercom-mcp` driven over stdio as an MCP host drives it, against a loopback `wiremock`
//! Intercom: by the official Rust SDK's client (`rmcp`, [`rust_client`]), by the official
//! TypeScript SDK's client (`@modelcontextprotocol/sdk` under node, [`node_client`], over stdio
//! and streamable HTTP), and by hand-written JSON-RPC lines ([`raw`]: `initialize`, bad flags,
//! the token kept out of logs).
//!
//! Every test runs the one binary cargo builds for them (`CARGO_BIN_EXE_intercom-mcp`); expected
//! counts come from the operation table (`OPERATIONS` filtered as the server filters it).

mod harness;
mod node_client;
mod raw;
mod rust_client;
