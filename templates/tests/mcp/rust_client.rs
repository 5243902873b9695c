//! The server as the official Rust SDK's client (`rmcp`) sees it: tool lists per `--allow`,
//! `--resources`, `--tools` and `--preview`, and calls that succeed, are refused, name the input
//! field at fault, carry Intercom's request id, and collect items across pages; and arbitrary
//! input that never crashes it.

use intercom_api::{OPERATIONS, Risk};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use crate::harness::{
    CONTACTS, REQUEST_ID, Session, TOKEN, answer, auto_tools, contacts_enabled, error, intercom,
    requests, served, text, with_risk,
};

const LEVELS: [(&str, Risk); 3] = [
    ("read", Risk::Read),
    ("write", Risk::Write),
    ("destructive", Risk::Destructive),
];

#[tokio::test]
async fn tools_list_counts_per_allow_level_resources_and_mode() {
    let server = intercom().await;
    // A pinned figure, checked against the table: 2.16 has 114 read operations. (A change of
    // the table or of its risk rules changes it: update it with the new count.)
    if OPERATIONS.iter().all(|op| op.enabled) {
        assert_eq!(with_risk(Risk::Read).count(), 114, "2.16's read operations");
        assert_eq!(
            with_risk(Risk::Write).count(),
            88,
            "2.16's write operations"
        );
        assert_eq!(OPERATIONS.len(), 231, "2.16's operations");
    }
    let few: &[&str] = &["contacts", "tags"];
    for (flag, risk) in LEVELS {
        for resources in [None, Some(few)] {
            let count = served(OPERATIONS, risk, resources);
            let mut args = vec!["--allow", flag];
            let joined = resources.map(|r| r.join(","));
            if let Some(list) = &joined {
                args.extend(["--resources", list]);
            }
            for (mode, expected) in [
                ("operations", count),
                ("dynamic", 3),
                ("auto", auto_tools(count)),
            ] {
                let mut args = args.clone();
                args.extend(["--tools", mode]);
                let session = Session::start(&server, &args).await;
                let tools = session.client.list_all_tools().await.expect("tools/list");
                assert_eq!(tools.len(), expected, "{args:?}");
                for tool in &tools {
                    let hints = tool.annotations.as_ref().expect("annotations");
                    if mode == "dynamic" || (mode == "auto" && count > 64) {
                        continue;
                    }
                    // Operation tools: the hints are the table's risk.
                    let op = OPERATIONS
                        .iter()
                        .find(|op| op.name.replace('.', "_") == tool.name)
                        .expect("every tool is an operation");
                    assert!(op.risk <= risk, "{} served under --allow {flag}", op.name);
                    assert_eq!(
                        hints.read_only_hint,
                        Some(op.risk == Risk::Read),
                        "{}",
                        op.name
                    );
                    assert_eq!(hints.destructive_hint, Some(op.risk == Risk::Destructive));
                    assert_eq!(hints.open_world_hint, Some(op.reaches_end_users));
                    assert!(resources.is_none_or(|r| r.contains(&op.resource)));
                    assert_eq!(tool.input_schema["type"], "object");
                }
                session.close().await;
            }
        }
    }
}

#[tokio::test]
async fn operations_that_reach_end_users_are_marked() {
    let reply = intercom_api::operation("conversations.reply").expect("conversations.reply");
    if !reply.enabled {
        return;
    }
    assert!(reply.reaches_end_users);
    let server = intercom().await;
    let args = [
        "--allow",
        "write",
        "--resources",
        "conversations",
        "--tools",
        "operations",
    ];
    let session = Session::start(&server, &args).await;
    let tools = session.client.list_all_tools().await.expect("tools/list");
    let tool = |name: &str| {
        tools
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    let hints = |name: &str| tool(name).annotations.clone().expect("annotations");
    assert_eq!(hints("conversations_reply").open_world_hint, Some(true));
    assert!(
        tool("conversations_reply")
            .description
            .as_deref()
            .is_some_and(|d| d.contains("Reaches end users")),
        "{:?}",
        tool("conversations_reply").description
    );
    assert_eq!(hints("conversations_list").open_world_hint, Some(false));
    session.close().await;

    // Dynamic: call_operation is open-world when a served operation reaches end users, and
    // describe_operation says which.
    for (allow, open) in [("read", false), ("write", true)] {
        let session = Session::start(&server, &["--allow", allow, "--tools", "dynamic"]).await;
        let tools = session.client.list_all_tools().await.expect("tools/list");
        let call = tools
            .iter()
            .find(|t| t.name == "call_operation")
            .expect("call_operation");
        let hints = call.annotations.as_ref().expect("annotations");
        assert_eq!(hints.open_world_hint, Some(open), "--allow {allow}");
        let described = answer(
            &session
                .call("describe_operation", json!({"name": "conversations.reply"}))
                .await,
        );
        assert_eq!(described["reaches_end_users"], true, "{described}");
        assert_eq!(described["served"], open, "{described}");
        session.close().await;
    }
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn preview_serves_the_preview_table() {
    let server = intercom().await;
    let session = Session::start(&server, &["--preview", "--tools", "operations"]).await;
    let expected = served(intercom_api::preview::OPERATIONS, Risk::Read, None);
    assert_eq!(session.tool_names().await.len(), expected);
    session.close().await;
}

#[tokio::test]
async fn a_read_call_succeeds_in_both_modes() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--resources", "contacts"]).await;
    let tools = session.tool_names().await;
    assert!(tools.contains(&"contacts_get".to_owned()), "{tools:?}");
    let got = answer(
        &session
            .call("contacts_get", json!({"contact_id": "123"}))
            .await,
    );
    assert_eq!(got["id"], "123");
    assert_eq!(got["email"], "123@example.com");
    session.close().await;

    let session = Session::start(&server, &["--tools", "dynamic"]).await;
    let found = answer(
        &session
            .call("search_operations", json!({"query": "get a contact"}))
            .await,
    );
    assert_eq!(found["operations"][0]["name"], "contacts.get", "{found}");
    let described = answer(
        &session
            .call("describe_operation", json!({"name": "contacts.get"}))
            .await,
    );
    assert_eq!(described["input_schema"]["required"], json!(["contact_id"]));
    let got = answer(
        &session
            .call(
                "call_operation",
                json!({"name": "contacts.get", "input": {"contact_id": "77"}}),
            )
            .await,
    );
    assert_eq!(got["id"], "77");
    session.close().await;

    // What reached Intercom: the bearer token and the pinned version.
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        let auth = request
            .headers
            .get("authorization")
            .map(|v| v.as_bytes().to_vec());
        assert_eq!(auth, Some(format!("Bearer {TOKEN}").into_bytes()));
        let version = request
            .headers
            .get("intercom-version")
            .map(|v| v.as_bytes().to_vec());
        assert_eq!(version, Some(intercom_api::API_VERSION.as_bytes().to_vec()));
    }
}

#[tokio::test]
async fn calls_above_the_allowed_risk_are_refused_naming_the_flag() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--resources", "contacts"]).await;
    assert!(
        !session
            .tool_names()
            .await
            .contains(&"contacts_create".to_owned())
    );
    let refused = error(
        &session
            .call("contacts_create", json!({"email": "a@b.c"}))
            .await,
    );
    assert!(
        refused.contains("--allow write") && refused.contains("contacts.create"),
        "{refused}"
    );
    session.close().await;

    let session = Session::start(&server, &["--tools", "dynamic", "--allow", "write"]).await;
    let refused = error(
        &session
            .call(
                "call_operation",
                json!({"name": "contacts.delete", "input": {"contact_id": "1"}}),
            )
            .await,
    );
    assert!(refused.contains("--allow destructive"), "{refused}");
    let refused = error(
        &session
            .call("call_operation", json!({"name": "contacts.fetch"}))
            .await,
    );
    assert!(
        refused.contains("unknown operation") && refused.contains("did you mean"),
        "{refused}"
    );
    session.close().await;

    let session = Session::start(&server, &["--resources", "tags"]).await;
    let refused = error(
        &session
            .call("contacts_get", json!({"contact_id": "1"}))
            .await,
    );
    assert!(refused.contains("--resources"), "{refused}");
    session.close().await;
    assert!(
        requests(&server).await.is_empty(),
        "a refused call sent nothing"
    );
}

#[tokio::test]
async fn input_errors_name_the_field() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--resources", "contacts", "--allow", "write"]).await;
    let missing = session.call("contacts_get", json!({})).await;
    let message = error(&missing);
    assert!(
        message.contains("missing field \"contact_id\""),
        "{message}"
    );
    let details = missing.structured_content.expect("structured error");
    assert_eq!(details["error"]["field"], "contact_id");
    assert_eq!(details["error"]["kind"], "missing_field");
    let unknown = error(
        &session
            .call("contacts_get", json!({"contact_id": "1", "contactid": 2}))
            .await,
    );
    assert!(unknown.contains("unknown field \"contactid\""), "{unknown}");
    let bad = error(&session.call("contacts_list", json!({"max_items": 0})).await);
    assert!(bad.contains("\"max_items\""), "{bad}");
    let bad = error(
        &session
            .call("contacts_get", json!({"contact_id": "1", "max_items": 3}))
            .await,
    );
    assert!(bad.contains("unknown field \"max_items\""), "{bad}");
    session.close().await;
    assert!(
        requests(&server).await.is_empty(),
        "invalid input sent nothing"
    );
}

#[tokio::test]
async fn intercom_errors_carry_the_request_id() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--resources", "contacts"]).await;
    let result = session
        .call("contacts_get", json!({"contact_id": "404"}))
        .await;
    let message = error(&result);
    assert!(message.contains(REQUEST_ID), "{message}");
    assert!(
        message.contains("404") && message.contains("not_found"),
        "{message}"
    );
    let details = result.structured_content.expect("structured error")["error"].clone();
    assert_eq!(details["status"], 404);
    assert_eq!(details["code"], "not_found");
    assert_eq!(details["request_id"], REQUEST_ID);
    assert_eq!(details["kind"], "api");
    session.close().await;
}

#[tokio::test]
async fn max_items_collects_across_pages() {
    if !contacts_enabled() {
        return;
    }
    let server = intercom().await;
    let session = Session::start(&server, &["--resources", "contacts"]).await;
    // One page without max_items.
    let page = answer(&session.call("contacts_list", json!({"per_page": 2})).await);
    assert_eq!(page["data"].as_array().map(Vec::len), Some(2));
    // 5 items: three pages of 2, the third cut short; no fourth request.
    let before = requests(&server).await.len();
    let five = answer(
        &session
            .call("contacts_list", json!({"per_page": 2, "max_items": 5}))
            .await,
    );
    let ids: Vec<&str> = five["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["id0", "id1", "id2", "id3", "id4"]);
    assert_eq!(five["pages"], 3);
    assert_eq!(five["limit_reached"], true);
    assert_eq!(requests(&server).await.len() - before, 3);
    // More than there are: every item, and the list ended first.
    let all = answer(
        &session
            .call("contacts_list", json!({"max_items": 100}))
            .await,
    );
    assert_eq!(all["items"].as_array().map(Vec::len), Some(CONTACTS));
    assert_eq!(all["limit_reached"], false);
    session.close().await;

    let session = Session::start(&server, &["--tools", "dynamic"]).await;
    let three = answer(
        &session
            .call(
                "call_operation",
                json!({"name": "contacts.list", "max_items": 3}),
            )
            .await,
    );
    assert_eq!(three["items"].as_array().map(Vec::len), Some(3));
    let not_paged = error(
        &session
            .call(
                "call_operation",
                json!({"name": "contacts.get", "input": {"contact_id": "1"}, "max_items": 3}),
            )
            .await,
    );
    assert!(not_paged.contains("not paginated"), "{not_paged}");
    session.close().await;
}

/// JSON values of every kind, nested a little.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::from),
        Just(Value::from("123")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `call_operation` arguments: a real operation name (or noise), input of any shape, and
/// `max_items` of any shape.
fn call_arguments() -> impl Strategy<Value = Value> {
    let names: Vec<String> = OPERATIONS.iter().map(|op| op.name.to_owned()).collect();
    let name = prop_oneof![
        4 => prop::sample::select(names).prop_map(Value::from),
        1 => json_value(),
    ];
    let input = prop_oneof![
        2 => prop::collection::btree_map(
            prop_oneof![Just("contact_id".to_owned()), Just("id".to_owned()), "[a-z_]{1,10}"],
            json_value(),
            0..4,
        )
        .prop_map(|m| Value::Object(m.into_iter().collect())),
        1 => json_value(),
    ];
    (name, input, prop::option::of(json_value())).prop_map(|(name, input, max_items)| {
        let mut args = json!({"name": name, "input": input});
        if let Some(max) = max_items {
            args["max_items"] = max;
        }
        args
    })
}

/// No input crashes the server: every call of a generated input gets a result (or a protocol
/// error), and the server still answers afterwards.
#[test]
fn arbitrary_call_operation_input_never_crashes_the_server() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(intercom());
    let session = runtime.block_on(Session::start(
        &server,
        &["--tools", "dynamic", "--allow", "destructive"],
    ));
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(&call_arguments(), |args| {
        let Value::Object(arguments) = args.clone() else {
            unreachable!("arguments are an object")
        };
        let result = runtime.block_on(session.client.call_tool(
            rmcp::model::CallToolRequestParams::new("call_operation").with_arguments(arguments),
        ));
        match result {
            Ok(result) => prop_assert!(!text(&result).contains(TOKEN)),
            Err(e) => prop_assert!(
                !e.to_string().contains("closed"),
                "the server went away on {args}: {e}"
            ),
        }
        Ok(())
    });
    outcome.expect("every input gets an answer");
    // Still alive, and no panic in its log.
    let tools = runtime.block_on(session.tool_names());
    assert_eq!(tools.len(), 3);
    let stderr = runtime.block_on(session.close());
    assert!(!stderr.contains("panicked"), "{stderr}");
}
