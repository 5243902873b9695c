//! The operation registry and execute-by-name, against a loopback `wiremock` server: the table
//! (names, risk labels, input schemas, coverage) and `Client::execute` (JSON in, the typed
//! request on the wire, JSON out; `execute_items` across pages; field-level input errors;
//! suggestions for unknown names).
//!
//! The tests use only the JSON interface, so they compile with any set of cargo features; an
//! operation whose feature is off must then be refused with `ExecuteError::FeatureDisabled`.

use std::collections::BTreeSet;

use intercom_api::{
    API_VERSION, Client, Error, ExecuteError, InputProblem, OPERATIONS, OperationInfo, Risk,
    operation,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

const TOKEN: &str = "tok_registry_http_123";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .build()
        .expect("valid client")
}

fn op(name: &str) -> &'static OperationInfo {
    operation(name).unwrap_or_else(|| panic!("no operation {name}"))
}

async fn received(server: &MockServer) -> Vec<Received> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Received {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected one request: {requests:#?}");
    requests.remove(0)
}

fn body_json(request: &Received) -> Value {
    serde_json::from_slice(&request.body).expect("JSON body")
}

/// The `ExecuteError` inside an error.
fn execute_error(error: Error) -> ExecuteError {
    match error {
        Error::Execute(e) => *e,
        other => panic!("expected Error::Execute, got {other:?}"),
    }
}

/// When `name`'s feature is off, checks that `execute` names it and returns `false`.
async fn enabled_or_refused(client: &Client, name: &str) -> bool {
    let info = op(name);
    if info.enabled {
        return true;
    }
    let e = execute_error(client.execute(name, json!({})).await.unwrap_err());
    assert_eq!(
        e,
        ExecuteError::FeatureDisabled {
            operation: info.name,
            feature: info.resource,
        }
    );
    assert!(
        e.to_string().contains(&format!("{:?}", info.resource)),
        "{e}"
    );
    false
}

const CONTACT: &str = r#"{
    "type": "contact",
    "id": "6329bd9ffe4e2e91dac76188",
    "workspace_id": "ecahpwf5",
    "role": "user",
    "email": "joe@example.com",
    "name": "Joe Bloggs",
    "has_hard_bounced": false,
    "created_at": 1663614367,
    "custom_attributes": {"plan": "pro"},
    "undeclared_field": "dropped"
}"#;

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn read_operation_by_name_round_trip() {
    let server = MockServer::start().await;
    let client = client(&server);
    if !enabled_or_refused(&client, "contacts.get").await {
        return;
    }
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(CONTACT))
        .mount(&server)
        .await;
    let answer = client
        .execute(
            "contacts.get",
            json!({"contact_id": "a/b 1", "include_merge_history": true}),
        )
        .await
        .expect("executes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/contacts/a%2Fb%201");
    assert_eq!(request.url.query(), Some("include_merge_history=true"));
    assert_eq!(
        request.headers.get("authorization").map(|v| v.as_bytes()),
        Some(format!("Bearer {TOKEN}").as_bytes())
    );
    assert_eq!(
        request
            .headers
            .get("intercom-version")
            .map(|v| v.as_bytes()),
        Some(API_VERSION.as_bytes())
    );
    assert!(request.body.is_empty());
    // The typed response, as JSON: declared fields kept, undeclared ones dropped.
    assert_eq!(answer["id"], "6329bd9ffe4e2e91dac76188");
    assert_eq!(answer["email"], "joe@example.com");
    assert_eq!(answer["custom_attributes"], json!({"plan": "pro"}));
    assert_eq!(answer["created_at"], 1663614367);
    assert!(answer.get("undeclared_field").is_none(), "{answer}");

    // The id works too, and so does a number for a string id.
    let again = client
        .execute("ShowContact", json!({"contact_id": 42}))
        .await
        .expect("executes by id");
    assert_eq!(again, answer.clone());
    let requests = received(&server).await;
    assert_eq!(requests[1].url.path(), "/contacts/42");
    assert_eq!(requests[1].url.query(), None);
}

#[tokio::test]
async fn write_operation_by_name_sends_what_the_typed_builder_sends() {
    let server = MockServer::start().await;
    let client = client(&server);
    if !enabled_or_refused(&client, "contacts.update").await {
        return;
    }
    Mock::given(method("PUT"))
        .and(path("/contacts/c1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(CONTACT))
        .mount(&server)
        .await;
    let answer = client
        .execute(
            "contacts.update",
            json!({
                "contact_id": "c1",
                "email": "new@example.com",
                "phone": null,
                "signed_up_at": "1700000000",
                "custom_attributes": {"plan": "pro", "seats": 3},
            }),
        )
        .await
        .expect("executes");
    assert_eq!(answer["type"], "contact");
    let by_name = only_request(&server).await;
    assert_eq!(by_name.method.as_str(), "PUT");
    assert_eq!(by_name.url.query(), None);
    // Body fields sit beside the path parameter in the input; only they are sent, `null`
    // clears, numbers given as strings are numbers on the wire.
    assert_eq!(
        body_json(&by_name),
        json!({
            "email": "new@example.com",
            "phone": null,
            "signed_up_at": 1700000000,
            "custom_attributes": {"plan": "pro", "seats": 3},
        })
    );
    assert_eq!(
        by_name.headers.get("content-type").map(|v| v.as_bytes()),
        Some(&b"application/json"[..])
    );
}

#[tokio::test]
async fn create_and_union_bodies_by_name() {
    let server = MockServer::start().await;
    let client = client(&server);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(CONTACT))
        .mount(&server)
        .await;
    let mut expected = Vec::new();
    if enabled_or_refused(&client, "contacts.create").await {
        // A body with "at least one of" email/external_id/role, merged at the top level.
        client
            .execute(
                "contacts.create",
                json!({"email": "joe@example.com", "name": "Joe"}),
            )
            .await
            .expect("creates");
        expected.push((
            "/contacts",
            json!({"email": "joe@example.com", "name": "Joe"}),
        ));
    }
    if enabled_or_refused(&client, "conversations.manage").await {
        // A union body is the `body` property.
        let result = client
            .execute(
                "conversations.manage",
                json!({
                    "conversation_id": "123",
                    "body": {"message_type": "close", "type": "admin", "admin_id": "991"},
                }),
            )
            .await;
        // The mock answers a contact, which is not a conversation: only the request matters.
        assert!(!matches!(result, Err(Error::Execute(_))), "{result:?}");
        expected.push((
            "/conversations/123/parts",
            json!({"message_type": "close", "type": "admin", "admin_id": "991"}),
        ));
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), expected.len());
    for (request, (want_path, want_body)) in requests.iter().zip(expected) {
        assert_eq!(request.url.path(), want_path);
        assert_eq!(body_json(request), want_body);
    }
}

#[tokio::test]
async fn non_json_responses_become_json() {
    let server = MockServer::start().await;
    let client = client(&server);
    if enabled_or_refused(&client, "calls.get_recording").await {
        Mock::given(method("GET"))
            .and(path("/calls/c%201/recording"))
            .respond_with(
                ResponseTemplate::new(302).insert_header("location", "https://cdn.example/r.mp3"),
            )
            .mount(&server)
            .await;
        let answer = client
            .execute("calls.get_recording", json!({"call_id": "c 1"}))
            .await
            .expect("redirect");
        assert_eq!(answer, json!({"location": "https://cdn.example/r.mp3"}));
    }
    if enabled_or_refused(&client, "data_export.download").await {
        Mock::given(method("GET"))
            .and(path("/download/content/data/job1"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(b"id,name\n1,x\n".to_vec()))
            .mount(&server)
            .await;
        let answer = client
            .execute("data_export.download", json!({"job_identifier": "job1"}))
            .await
            .expect("download");
        assert_eq!(answer, json!({"size": 12, "base64": "aWQsbmFtZQoxLHgK"}));
    }
    if enabled_or_refused(&client, "contacts.delete").await {
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"type": "contact", "id": "9", "deleted": true, "external_id": null}"#,
            ))
            .mount(&server)
            .await;
        let answer = client
            .execute("contacts.delete", json!({"contact_id": "9"}))
            .await
            .expect("delete");
        assert_eq!(answer["deleted"], true);
    }
}

/// `execute_items` goes through the operation's paginator: it follows the cursors, stops at
/// `max_items` without asking for another page, and says whether the limit cut the list.
#[tokio::test]
async fn execute_items_collects_across_pages() {
    let server = MockServer::start().await;
    let client = client(&server);
    if !enabled_or_refused(&client, "contacts.list").await {
        return;
    }
    // Five contacts, two a page, cursors `c<offset>`.
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(|request: &Received| {
            let offset: usize = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "starting_after")
                .and_then(|(_, v)| v.strip_prefix('c').and_then(|n| n.parse().ok()))
                .unwrap_or(0);
            let end = (offset + 2).min(5);
            let data: Vec<Value> = (offset..end)
                .map(|i| json!({"type": "contact", "id": format!("id{i}")}))
                .collect();
            let mut pages = json!({"type": "pages"});
            if end < 5 {
                pages["next"] = json!({"starting_after": format!("c{end}")});
            }
            ResponseTemplate::new(200)
                .set_body_json(json!({"type": "list", "data": data, "pages": pages}))
        })
        .mount(&server)
        .await;
    let three = client
        .execute_items("contacts.list", json!({}), 3)
        .await
        .expect("items");
    let ids: Vec<&str> = three["items"]
        .as_array()
        .expect("items array")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["id0", "id1", "id2"]);
    assert_eq!(
        (three["pages"].clone(), three["limit_reached"].clone()),
        (json!(2), json!(true))
    );
    assert_eq!(
        received(&server).await.len(),
        2,
        "no page after the one that completes them"
    );
    let all = client
        .execute_items("ListContacts", Value::Null, 50)
        .await
        .expect("items");
    assert_eq!(all["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        (all["pages"].clone(), all["limit_reached"].clone()),
        (json!(3), json!(false))
    );
    // One page, as before, without it.
    let page = client
        .execute("contacts.list", json!({}))
        .await
        .expect("page");
    assert_eq!(page["data"].as_array().map(Vec::len), Some(2));

    if enabled_or_refused(&client, "contacts.get").await {
        let e = execute_error(
            client
                .execute_items("contacts.get", json!({"contact_id": "1"}), 3)
                .await
                .unwrap_err(),
        );
        assert_eq!(
            e,
            ExecuteError::NotPaginated {
                operation: "contacts.get"
            }
        );
        assert!(e.to_string().contains("not paginated"), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn invalid_input_names_the_field_and_sends_nothing() {
    let server = MockServer::start().await;
    let client = client(&server);
    let check = |name: &'static str, input: Value, field: &'static str, text: &'static str| {
        let client = client.clone();
        async move {
            if !enabled_or_refused(&client, name).await {
                return;
            }
            let e = execute_error(client.execute(name, input).await.unwrap_err());
            let shown = e.to_string();
            match &e {
                ExecuteError::InvalidInput {
                    operation,
                    field: f,
                    ..
                } => {
                    assert_eq!((*operation, f.as_str()), (name, field), "{shown}");
                }
                other => panic!("{other:?}"),
            }
            assert!(shown.contains(text), "{shown:?} lacks {text:?}");
        }
    };
    if op("contacts.get").enabled {
        let e = execute_error(client.execute("contacts.get", json!({})).await.unwrap_err());
        assert_eq!(
            e,
            ExecuteError::InvalidInput {
                operation: "contacts.get",
                field: "contact_id".into(),
                problem: InputProblem::Missing,
            }
        );
        assert_eq!(e.to_string(), r#"contacts.get: missing field "contact_id""#);
    }
    check(
        "contacts.get",
        json!({"contact_id": "1", "include_merge_history": "perhaps"}),
        "include_merge_history",
        r#"contacts.get: invalid field "include_merge_history": invalid type: string "perhaps", expected a boolean"#,
    )
    .await;
    check(
        "contacts.get",
        json!({"contactId": "1"}),
        "contactId",
        r#"contacts.get: unknown field "contactId"; did you mean "contact_id"?"#,
    )
    .await;
    check(
        "contacts.get",
        json!("63a07ddf05a32042dffac965"),
        "",
        "contacts.get: the input must be a JSON object, found a string",
    )
    .await;
    check(
        "contacts.create",
        json!({"name": "Joe"}),
        "",
        "contacts.create: invalid input: at least one of `email`, `external_id`, `role` must be set",
    )
    .await;
    check(
        "contacts.search",
        json!({"query": {"field": "email", "operator": "LIKE", "value": "x"}}),
        "query",
        r#"contacts.search: invalid field "query""#,
    )
    .await;
    check(
        "contacts.update",
        json!({"contact_id": "1", "custom_attributes": ["not", "an", "object"]}),
        "custom_attributes",
        r#"invalid field "custom_attributes": invalid type: sequence, expected a map"#,
    )
    .await;
    check(
        "conversations.manage",
        json!({"conversation_id": "1", "body": {"message_type": "close", "type": "admin"}}),
        "body.admin_id",
        r#"conversations.manage: missing field "body.admin_id""#,
    )
    .await;
    check(
        "data_events.create",
        json!({"event_name": "x", "created_at": 1, "user_id": "u", "metadata": ["a"]}),
        "metadata",
        r#"invalid field "metadata": invalid type: sequence, expected an object of event metadata"#,
    )
    .await;
    assert!(received(&server).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn unknown_names_suggest_the_closest() {
    let server = MockServer::start().await;
    let client = client(&server);
    for (name, want) in [
        ("contacts.fetch", "contacts.get"),
        ("contacts.gte", "contacts.get"),
        ("getContact", "contacts.get"),
        ("ShowContacts", "ShowContact"),
        ("contact.list", "contacts.list"),
    ] {
        let e = execute_error(client.execute(name, json!({})).await.unwrap_err());
        let ExecuteError::UnknownOperation {
            name: asked,
            suggestions,
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!(asked, name);
        assert!(
            !suggestions.is_empty() && suggestions.len() <= 3,
            "{suggestions:?}"
        );
        assert!(suggestions.contains(&want), "{name}: {suggestions:?}");
        assert!(
            e.to_string()
                .starts_with(&format!("unknown operation {name:?}; did you mean ")),
            "{e}"
        );
    }
    let e = execute_error(client.execute("zzzqqqxxx", Value::Null).await.unwrap_err());
    assert_eq!(e.to_string(), r#"unknown operation "zzzqqqxxx""#);
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

#[test]
fn risk_labels() {
    let risk = |name: &str| op(name).risk;
    for name in ["contacts.get", "contacts.list", "admins.identify"] {
        assert_eq!(risk(name), Risk::Read, "{name}");
    }
    // Queries sent with POST.
    for name in ["contacts.search", "conversations.search", "companies.list"] {
        assert_eq!(risk(name), Risk::Read, "{name}");
    }
    // What the API cannot undo, what removes from many records at once, what can lock out.
    for name in [
        "contacts.delete",
        "contacts.block",
        "contacts.merge",
        "conversations.redact",
        "conversations.merge",
        "visitors.convert",
        "tags.create",
        "ip_allowlist.update",
    ] {
        assert_eq!(risk(name), Risk::Destructive, "{name}");
    }
    // Changes the API can undo: `unarchive`, attaching again.
    for name in [
        "contacts.create",
        "contacts.update",
        "contacts.archive",
        "contacts.unarchive",
        "contacts.detach_tag",
        "conversations.detach_contact",
        "conversations.reply",
    ] {
        assert_eq!(risk(name), Risk::Write, "{name}");
    }
    for info in OPERATIONS {
        match info.http_method.as_str() {
            "GET" => assert_eq!(info.risk, Risk::Read, "{}", info.name),
            // A DELETE writes only when it removes a link the resource can add back.
            "DELETE" if info.risk != Risk::Destructive => {
                assert_eq!(info.risk, Risk::Write, "{}", info.name);
                assert!(
                    ["detach_", "unlink_"]
                        .iter()
                        .any(|p| info.method_name.starts_with(p)),
                    "{}",
                    info.name
                );
            }
            _ => {}
        }
    }
}

#[test]
fn the_table_covers_every_operation_once() {
    assert_eq!(OPERATIONS.len(), 231);
    let ids: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.id).collect();
    let names: BTreeSet<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(ids.len(), OPERATIONS.len(), "ids are unique");
    assert_eq!(names.len(), OPERATIONS.len(), "names are unique");
    for info in OPERATIONS {
        assert_eq!(info.name, format!("{}.{}", info.resource, info.method_name));
        assert!(std::ptr::eq(op(info.id), info));
        assert!(std::ptr::eq(op(info.name), info));
        assert!(std::ptr::eq(op(&info.name.to_uppercase()), info));
        assert!(!info.summary.is_empty(), "{}", info.name);
    }
    assert!(operation("contacts.nope").is_none());
}

/// Every `$ref` of a schema, recursively.
fn refs<'a>(schema: &'a Value, out: &mut Vec<&'a str>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

fn schema(name: &str) -> Value {
    serde_json::from_str(op(name).input_schema).expect("schema is JSON")
}

fn required(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn check_schemas(table: &[OperationInfo]) {
    for info in table {
        let schema: Value = serde_json::from_str(info.input_schema)
            .unwrap_or_else(|e| panic!("{}: schema is not JSON: {e}", info.name));
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{}",
            info.name
        );
        assert_eq!(schema["type"], "object", "{}", info.name);
        assert_eq!(schema["additionalProperties"], false, "{}", info.name);
        let properties = schema["properties"].as_object().expect("properties");
        for key in required(&schema) {
            assert!(properties.contains_key(key), "{}: {key}", info.name);
        }
        // Every path parameter is a required property.
        for segment in info.path.split('/') {
            if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                assert!(required(&schema).contains(&param), "{}: {param}", info.name);
            }
        }
        let mut found = Vec::new();
        refs(&schema, &mut found);
        for r in found {
            let name = r.strip_prefix("#/$defs/").expect("local $defs reference");
            assert!(schema["$defs"].get(name).is_some(), "{}: {r}", info.name);
        }
    }
}

#[test]
fn input_schemas_are_json_schema_with_the_right_required_fields() {
    check_schemas(OPERATIONS);
    assert_eq!(required(&schema("contacts.get")), ["contact_id"]);
    assert_eq!(required(&schema("contacts.update")), ["contact_id"]);
    assert_eq!(
        schema("contacts.get")["properties"]["include_merge_history"]["type"],
        "boolean"
    );
    let create = schema("contacts.create");
    assert!(required(&create).is_empty());
    assert_eq!(
        create["anyOf"],
        json!([{"required": ["email"]}, {"required": ["external_id"]}, {"required": ["role"]}])
    );
    assert_eq!(
        required(&schema("conversations.manage")),
        ["conversation_id", "body"]
    );
    let search = schema("contacts.search");
    assert_eq!(required(&search), ["query"]);
    assert_eq!(search["properties"]["query"]["$ref"], "#/$defs/SearchQuery");
    assert!(search["$defs"]["SearchQuery"]["anyOf"].is_array());
    let update = schema("contacts.update");
    assert_eq!(
        update["properties"]["phone"]["type"],
        json!(["string", "null"])
    );
    assert_eq!(required(&schema("contacts.list")), Vec::<&str>::new());
}

// ---------------------------------------------------------------------------------------------
// Every operation is reachable by name, and its schema and typed inputs agree
// ---------------------------------------------------------------------------------------------

/// The smallest input a schema accepts: its required properties, with placeholder values.
fn sample(schema: &Value, root: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/$defs/");
        let mut value = sample(&root["$defs"][name], root, depth + 1);
        // Constraints beside the `$ref` (a union variant's tag).
        for key in required(schema) {
            value[key] = sample(&schema["properties"][key], root, depth + 1);
        }
        return value;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(first) = schema["anyOf"].as_array().and_then(|a| a.first())
        && schema.get("type").is_none()
    {
        let mut value = sample(first, root, depth + 1);
        // Constraints beside the alternatives (a union variant's tag).
        for key in required(schema) {
            value[key] = sample(&schema["properties"][key], root, depth + 1);
        }
        return value;
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types.first().and_then(Value::as_str).unwrap_or("string"),
        _ => "string",
    };
    match kind {
        "object" => {
            let mut out = serde_json::Map::new();
            let mut keys: Vec<&str> = required(schema);
            // "At least one of": the first set.
            if let Some(set) = schema["anyOf"].as_array().and_then(|a| a.first()) {
                keys.extend(required(set));
            }
            for key in keys {
                let property = &schema["properties"][key];
                out.insert(key.to_owned(), sample(property, root, depth + 1));
            }
            Value::Object(out)
        }
        "array" => Value::Array(Vec::new()),
        "integer" => json!(1),
        "number" => json!(1.5),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => json!("x1"),
    }
}

async fn execute_every_operation(
    table: &'static [OperationInfo],
    call: impl AsyncFn(&Client, &'static str, Value) -> intercom_api::Result<Value>,
) {
    // The testing kit's mock answers every operation with its documented example and routes
    // each request to its operation.
    let mock = intercom_api::testing::MockServer::start().await;
    let client = mock.client();
    for info in table {
        let schema: Value = serde_json::from_str(info.input_schema).expect("schema");
        let input = sample(&schema, &schema, 0);
        let result = call(&client, info.name, input.clone()).await;
        if !info.enabled {
            assert!(
                matches!(&result, Err(Error::Execute(e)) if matches!(**e, ExecuteError::FeatureDisabled { .. })),
                "{}: {result:?}",
                info.name
            );
            continue;
        }
        // The input was accepted, sent to this operation's method and path, and its answer
        // decoded.
        if let Err(e) = &result {
            panic!("{}: input {input}: {e}", info.name);
        }
        let last = mock.requests().pop().expect("a request");
        assert_eq!(last.operation(), Some(info.name), "{last}");
    }
}

#[tokio::test]
async fn every_operation_executes_with_the_smallest_input_its_schema_allows() {
    execute_every_operation(OPERATIONS, async |client: &Client, name, input| {
        client.execute(name, input).await
    })
    .await;
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn every_preview_operation_executes_with_the_smallest_input_its_schema_allows() {
    use intercom_api::preview;
    assert_eq!(preview::OPERATIONS.len(), 256);
    check_schemas(preview::OPERATIONS);
    execute_every_operation(preview::OPERATIONS, async |client: &Client, name, input| {
        client.preview().execute(name, input).await
    })
    .await;
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn preview_operations_by_name_send_the_preview_version() {
    use intercom_api::preview;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(CONTACT))
        .mount(&server)
        .await;
    let client = client(&server);
    let info = preview::operation("contacts.get").expect("preview contacts.get");
    assert!(std::ptr::eq(
        preview::operation(info.id).expect("by id"),
        info
    ));
    let answer = client
        .preview()
        .execute("contacts.get", json!({"id": "p1"}))
        .await
        .expect("executes");
    assert_eq!(answer["email"], "joe@example.com");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/contacts/p1");
    assert_eq!(
        request
            .headers
            .get("intercom-version")
            .map(|v| v.as_bytes()),
        Some(preview::API_VERSION.as_bytes())
    );
    // The stable API's registry does not know Preview-only operations.
    if preview::operation("contacts.preview_merge").is_some() {
        assert!(operation("contacts.preview_merge").is_none());
        assert_eq!(
            preview::operation("contacts.preview_merge").map(|o| o.risk),
            Some(Risk::Read)
        );
    }
}
