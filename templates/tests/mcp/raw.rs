//! The server as bytes on a pipe: `initialize` by hand (what every MCP host sends first), the
//! command line's refusals, and the token kept out of everything the server writes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::harness::{Session, TOKEN, binary, contacts_enabled, intercom, text};

/// One JSON-RPC exchange per line, as the stdio transport frames them.
fn exchange(args: &[&str], messages: &[Value]) -> (Vec<Value>, String) {
    let mut child = Command::new(binary())
        .args(args)
        .env("INTERCOM_TOKEN", TOKEN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("intercom-mcp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut answers = Vec::new();
    for message in messages {
        writeln!(stdin, "{message}").expect("write");
        stdin.flush().expect("flush");
        if message.get("id").is_some() {
            let mut line = String::new();
            stdout.read_line(&mut line).expect("read");
            answers.push(serde_json::from_str(&line).expect("a JSON-RPC line"));
        }
    }
    drop(stdin);
    let output = child.wait_with_output().expect("exits");
    assert!(output.status.success(), "exit: {:?}", output.status);
    (
        answers,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn initialize_answers_name_version_capabilities_and_instructions() {
    let initialize = json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "0"}
        }
    });
    let initialized = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    let (answers, _) = exchange(&["--tools", "dynamic"], &[initialize, initialized, list]);
    let result = &answers[0]["result"];
    assert_eq!(answers[0]["id"], 1);
    assert_eq!(result["protocolVersion"], "2025-06-18");
    assert_eq!(result["serverInfo"]["name"], "intercom-mcp");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(result["capabilities"]["tools"].is_object(), "{result}");
    let instructions = result["instructions"].as_str().expect("instructions");
    assert!(instructions.contains("search_operations"), "{instructions}");
    assert!(
        instructions.contains(intercom_api::API_VERSION),
        "{instructions}"
    );
    let names: Vec<&str> = answers[1]["result"]["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["search_operations", "describe_operation", "call_operation"]
    );
}

#[test]
fn bad_command_lines_exit_2_with_the_reason() {
    let run = |args: &[&str], token: Option<&str>| {
        let mut command = Command::new(binary());
        command
            .args(args)
            .env_remove("INTERCOM_TOKEN")
            .stdin(Stdio::null());
        if let Some(token) = token {
            command.env("INTERCOM_TOKEN", token);
        }
        let output = command.output().expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&[], None);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("INTERCOM_TOKEN"), "{stderr}");
    let (code, stderr) = run(&["--resources", "contact"], Some(TOKEN));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown resource \"contact\""), "{stderr}");
    let (code, stderr) = run(&["--http", "0.0.0.0:0"], Some(TOKEN));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("loopback") && !stderr.contains(TOKEN),
        "{stderr}"
    );
    let (code, stderr) = run(&["--allow", "all"], Some(TOKEN));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--allow"), "{stderr}");
    let (code, stderr) = run(&["--base-url", "http://example.com"], Some(TOKEN));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("base URL") && !stderr.contains(TOKEN),
        "{stderr}"
    );
}

/// With every log on, through successes, refusals and Intercom errors, the token appears in
/// nothing the server writes: not its log, not a tool's answer or error.
#[tokio::test]
async fn the_token_is_never_echoed() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--log", "trace", "--tools", "dynamic"]).await;
    let mut outputs = Vec::new();
    for args in [
        json!({"name": "contacts.get", "input": {"contact_id": "1"}}),
        json!({"name": "contacts.get", "input": {"contact_id": "404"}}),
        json!({"name": "contacts.get", "input": {}}),
        json!({"name": "contacts.create", "input": {"email": TOKEN}}),
        json!({"name": "contacts.list", "max_items": 3}),
        json!({"name": TOKEN}),
    ] {
        outputs.push(text(&session.call("call_operation", args).await));
    }
    outputs.push(text(
        &session
            .call("search_operations", json!({"query": TOKEN}))
            .await,
    ));
    let stderr = session.close().await;
    assert!(
        stderr.contains("intercom.request"),
        "trace logs were written: {stderr}"
    );
    assert!(
        !stderr.contains(TOKEN),
        "the log holds the token:\n{stderr}"
    );
    for output in &outputs {
        assert!(
            !output.contains(TOKEN),
            "an output holds the token: {output}"
        );
    }
    // It did reach Intercom, where it belongs.
    let sent = crate::harness::requests(&server).await;
    assert!(!sent.is_empty());
}
