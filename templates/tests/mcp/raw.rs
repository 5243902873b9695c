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

/// Broken JSON-RPC (not JSON, not a request, a call without parameters or with arguments of the
/// wrong shape, an unknown tool or method): each gets an error answer or is dropped, and the
/// server goes on answering and exits cleanly when stdin closes.
#[test]
fn malformed_messages_get_errors_and_the_server_lives_on() {
    let initialize = json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "0"}
        }
    });
    let call = |id: u64, params: Value| {
        json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params}).to_string()
    };
    let lines = [
        initialize.to_string(),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
        "not json at all".to_owned(),
        "[1, 2]".to_owned(),
        "{\"id\": 2}".to_owned(),
        "\u{0}\u{7f}\u{fffd}{\"jsonrpc\"".to_owned(),
        call(
            3,
            json!({"name": "call_operation", "arguments": "a string"}),
        ),
        call(4, json!({"name": "no_such_tool", "arguments": {}})),
        json!({"jsonrpc": "2.0", "id": 5, "method": "no/such/method"}).to_string(),
        call(
            6,
            json!({"name": "call_operation", "arguments": {"name": ["x"], "input": 7}}),
        ),
        json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call"}).to_string(),
        call(
            8,
            json!({"name": "call_operation", "arguments": {"name": "contacts.get", "input": {"contact_id": {"deep": [null, 1.5e308]}}}}),
        ),
        json!({"jsonrpc": "2.0", "id": 9, "method": "tools/list"}).to_string(),
    ];
    let mut child = Command::new(binary())
        .args(["--tools", "dynamic", "--base-url", "http://127.0.0.1:9"])
        .env("INTERCOM_TOKEN", TOKEN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("intercom-mcp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut answers: Vec<Value> = Vec::new();
    for line in &lines {
        writeln!(stdin, "{line}").expect("write");
    }
    stdin.flush().expect("flush");
    // Read until the last request is answered, then close stdin.
    while !answers.iter().any(|a| a["id"] == 9) {
        let mut line = String::new();
        let read = stdout.read_line(&mut line).expect("read");
        assert!(
            read > 0,
            "the server closed stdout early; answers: {answers:?}"
        );
        answers.push(serde_json::from_str(&line).expect("every line out is JSON"));
    }
    drop(stdin);
    let output = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}: {stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let by_id = |id: u64| {
        answers
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no answer to {id}: {answers:?}"))
    };
    // Protocol errors for what is not a tool call.
    for id in [3, 4, 5, 7] {
        assert!(by_id(id)["error"]["code"].is_i64(), "{}", by_id(id));
    }
    assert!(
        by_id(4)["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("no_such_tool")
    );
    // Tool errors naming the field for tool calls with bad arguments.
    assert_eq!(by_id(6)["result"]["isError"], true, "{}", by_id(6));
    assert!(text_of(by_id(6)).contains("\"name\""), "{}", by_id(6));
    assert_eq!(by_id(8)["result"]["isError"], true, "{}", by_id(8));
    if contacts_enabled() {
        assert!(text_of(by_id(8)).contains("contact_id"), "{}", by_id(8));
    }
    // Still serving.
    assert_eq!(
        by_id(9)["result"]["tools"].as_array().map(Vec::len),
        Some(3)
    );
    // Unparseable lines get "invalid request" answers (no id), not silence or a crash.
    assert!(
        answers.iter().filter(|a| a["id"].is_null()).count() >= 2,
        "{answers:?}"
    );
}

/// The text of a `tools/call` answer.
fn text_of(answer: &Value) -> String {
    answer["result"]["content"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["text"].as_str())
        .collect()
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
