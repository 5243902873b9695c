//! The server as the official TypeScript SDK's client (`@modelcontextprotocol/sdk`, pinned in
//! `tests/mcp/node/package-lock.json`) sees it, over stdio and over streamable HTTP: the same
//! checks as a host built on that SDK would make. `node/client.mjs` runs them; this test starts
//! the loopback Intercom, hands the script the expected counts from the operation table, and
//! reads its verdict.
//!
//! Needs node (20 or later): without it the test says so loudly and passes; with it, a missing
//! `node_modules` is installed with `npm ci` first (`.ci/run` does that before the tests).

use std::path::{Path, PathBuf};
use std::process::Command;

use intercom_api::{OPERATIONS, Risk};
use serde_json::json;

use crate::harness::{REQUEST_ID, TOKEN, binary, contacts_enabled, intercom, served};

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/node")
}

/// `node --version`, or `None` when node is not installed.
fn node_version() -> Option<String> {
    let output = Command::new("node").arg("--version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Installs the SDK from the lock file when it is not there yet.
fn install(dir: &Path) {
    if dir
        .join("node_modules/@modelcontextprotocol/sdk/package.json")
        .exists()
    {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .expect("npm runs (it comes with node)");
    assert!(status.success(), "npm ci failed in {}", dir.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_typescript_sdk_client_over_stdio_and_http() {
    let Some(version) = node_version() else {
        eprintln!(
            "\n********************************************************************\n\
             SKIPPED: the TypeScript SDK client test needs node (20 or later) on PATH,\n\
             and node was not found. Install node to run it.\n\
             ********************************************************************\n"
        );
        return;
    };
    if !contacts_enabled() {
        return;
    }
    let dir = node_dir();
    tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || install(&dir)
    })
    .await
    .expect("install");
    let server = intercom().await;
    let contacts: &[&str] = &["contacts"];
    let config = json!({
        "binary": binary(),
        "baseUrl": server.uri(),
        "token": TOKEN,
        "requestId": REQUEST_ID,
        "apiVersion": intercom_api::API_VERSION,
        "contactsRead": served(OPERATIONS, Risk::Read, Some(contacts)),
        "contactsWrite": served(OPERATIONS, Risk::Write, Some(contacts)),
        "readAll": served(OPERATIONS, Risk::Read, None),
    });
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("client.mjs")
            .env("MCP_TEST_CONFIG", config.to_string())
            .current_dir(dir)
            .output()
            .expect("node runs")
    })
    .await
    .expect("node finished");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("node {version}:\n{stdout}");
    assert!(
        output.status.success(),
        "client.mjs failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all checks passed"), "{stdout}\n{stderr}");
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
}
