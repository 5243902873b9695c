//! The dynamic mode's three tools, for when one tool per operation would be too many for the
//! host: `search_operations(query)`, `describe_operation(name)` and
//! `call_operation(name, input, max_items)`. They see the same operations as the operation
//! tools would (the [`Catalog`]); a call of an operation that is not served is refused with the
//! reason and the flag that would serve it.

use std::sync::Arc;

use intercom_api::{OperationInfo, Risk};
use rmcp::model::{CallToolResult, JsonObject, Tool, ToolAnnotations};
use serde_json::{Map, Value, json};

use crate::catalog::Catalog;
use crate::outcome;
use crate::redact::Redactor;
use crate::search::search;
use crate::tools::{max_items_schema, reaches_end_users};

/// `search_operations`.
pub const SEARCH: &str = "search_operations";
/// `describe_operation`.
pub const DESCRIBE: &str = "describe_operation";
/// `call_operation`.
pub const CALL: &str = "call_operation";

/// How many operations `search_operations` answers unless asked: 20.
const DEFAULT_LIMIT: u64 = 20;
/// The most it answers: 250 (more than any table holds).
const MAX_LIMIT: u64 = 250;

fn schema(value: Value) -> Arc<JsonObject> {
    match value {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(JsonObject::new()),
    }
}

/// The three tools.
pub fn tools(catalog: &Catalog) -> Vec<Tool> {
    let served = catalog.served().count();
    let version = catalog.api().version();
    let allow = catalog.allow();
    let lookup = ToolAnnotations::new()
        .read_only(true)
        .destructive(false)
        .idempotent(true)
        .open_world(false);
    let search_tool = Tool::new(
        SEARCH,
        format!(
            "Search the {served} Intercom API {version} operations this server serves, by words \
             of their name, summary or path (e.g. \"reply conversation\", \"list tags\"). \
             Answers their names, summaries, HTTP methods and paths, risk, whether they reach \
             end users, and paging; an empty query lists them all."
        ),
        schema(json!({
            "type": "object",
            "properties": {
                "query": {"type": "string", "description": "Words to look for."},
                "limit": {
                    "type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                    "description": format!("How many operations to answer (default {DEFAULT_LIMIT}).")
                }
            },
            "required": ["query"],
            "additionalProperties": false
        })),
    )
    .with_title("Search Intercom operations")
    .annotate(lookup.clone());
    let describe_tool = Tool::new(
        DESCRIBE,
        "Describe one Intercom operation: what it does, its HTTP method and path, risk, paging, \
         and the JSON Schema of its input (what call_operation's `input` must be). `name` is \
         the operation's name from search_operations (`contacts.get`), its tool-style name \
         (`contacts_get`) or its id (`ShowContact`).",
        schema(json!({
            "type": "object",
            "properties": {"name": {"type": "string", "description": "The operation."}},
            "required": ["name"],
            "additionalProperties": false
        })),
    )
    .with_title("Describe an Intercom operation")
    .annotate(lookup);
    let reaching = catalog.served().filter(|op| reaches_end_users(op)).count();
    let call = ToolAnnotations::new()
        .read_only(allow == Risk::Read)
        .destructive(allow == Risk::Destructive)
        .idempotent(false)
        .open_world(reaching > 0);
    let end_users = match reaching {
        0 => String::new(),
        n => format!(
            " {n} served operation(s) reach end users (send or show something to customers: \
             `reaches_end_users` in search_operations and describe_operation)."
        ),
    };
    let call_tool = Tool::new(
        CALL,
        format!(
            "Call one Intercom API {version} operation by name with JSON input (see \
             describe_operation for its schema) and answer Intercom's JSON. This server calls \
             operations up to risk \"{allow}\"; others are refused. Paginated operations answer \
             one page, or with `max_items` collect that many items across pages. Errors name \
             the input field at fault, or carry Intercom's code, message and request id.\
             {end_users}"
        ),
        schema(json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "The operation (`contacts.get`)."},
                "input": {
                    "type": "object",
                    "description": "The operation's input, as describe_operation's input_schema says (path, query and body fields side by side)."
                },
                "max_items": max_items_schema()
            },
            "required": ["name"],
            "additionalProperties": false
        })),
    )
    .with_title("Call an Intercom operation")
    .annotate(call);
    vec![search_tool, describe_tool, call_tool]
}

/// The arguments of a dynamic tool: an object with the keys `allowed` and no others.
fn arguments<'a>(
    tool: &str,
    args: &'a Map<String, Value>,
    allowed: &[&str],
) -> Result<&'a Map<String, Value>, String> {
    match args.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(format!(
            "{tool}: unknown field {key:?}; the fields are {}",
            allowed.join(", ")
        )),
        None => Ok(args),
    }
}

/// A required string argument.
fn string<'a>(tool: &str, args: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    match args.get(key) {
        Some(Value::String(s)) => Ok(s),
        None | Some(Value::Null) => Err(format!("{tool}: missing field {key:?}")),
        Some(_) => Err(format!("{tool}: invalid field {key:?}: expected a string")),
    }
}

/// The row of an operation in `search_operations`' answer.
fn summary(op: &OperationInfo) -> Value {
    json!({
        "name": op.name,
        "summary": op.summary,
        "method": op.http_method.as_str(),
        "path": op.path,
        "risk": op.risk.as_str(),
        "reaches_end_users": reaches_end_users(op),
        "paginated": op.is_paginated(),
    })
}

/// `search_operations`.
pub fn search_operations(
    catalog: &Catalog,
    args: &Map<String, Value>,
    redactor: &Redactor,
) -> CallToolResult {
    let parsed = arguments(SEARCH, args, &["query", "limit"]).and_then(|args| {
        let query = string(SEARCH, args, "query")?;
        let limit = match args.get("limit") {
            None | Some(Value::Null) => DEFAULT_LIMIT,
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    format!(
                        "{SEARCH}: invalid field \"limit\": expected an integer from 1 to {MAX_LIMIT}"
                    )
                })?,
        };
        Ok((query, limit))
    });
    let (query, limit) = match parsed {
        Ok(parsed) => parsed,
        Err(message) => return outcome::refused("input", message, redactor),
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let found = search(catalog.served(), query, limit);
    let matching = search(catalog.served(), query, usize::MAX).len();
    let elsewhere = search(
        catalog.api().table().iter().filter(|op| op.enabled),
        query,
        usize::MAX,
    )
    .len()
    .saturating_sub(matching);
    let mut answer = json!({
        "operations": found.iter().map(|op| summary(op)).collect::<Vec<_>>(),
        "matching": matching,
    });
    if elsewhere > 0 {
        answer["not_served"] = json!(format!(
            "{elsewhere} more operation(s) match but are not served: above the allowed risk \
             ({}), or outside --resources",
            catalog.allow()
        ));
    }
    outcome::answer(&answer, redactor)
}

/// `describe_operation`.
pub fn describe_operation(
    catalog: &Catalog,
    args: &Map<String, Value>,
    redactor: &Redactor,
) -> CallToolResult {
    let name = match arguments(DESCRIBE, args, &["name"]).and_then(|a| string(DESCRIBE, a, "name"))
    {
        Ok(name) => name,
        Err(message) => return outcome::refused("input", message, redactor),
    };
    let Some(op) = catalog.find(name) else {
        return unknown(catalog, name, redactor);
    };
    let schema: Value = serde_json::from_str(op.input_schema).unwrap_or(Value::Null);
    let mut answer = json!({
        "name": op.name,
        "id": op.id,
        "summary": op.summary,
        "method": op.http_method.as_str(),
        "path": op.path,
        "risk": op.risk.as_str(),
        "paging": op.paging.as_str(),
        "reaches_end_users": reaches_end_users(op),
        "deprecated": op.deprecated,
        "input_schema": schema,
    });
    match catalog.check(op) {
        Ok(()) => answer["served"] = true.into(),
        Err(refusal) => {
            answer["served"] = false.into();
            answer["refused"] = refusal.to_string().into();
        }
    }
    if op.is_paginated() {
        answer["max_items"] =
            "call_operation's max_items collects that many items across pages".into();
    }
    outcome::answer(&answer, redactor)
}

/// What `call_operation` asks: the operation, its input, and `max_items`.
pub struct Call {
    /// The operation.
    pub op: &'static OperationInfo,
    /// Its input (`{}` when not given).
    pub input: Map<String, Value>,
    /// `max_items`, unchecked.
    pub max_items: Option<Value>,
}

/// Reads `call_operation`'s arguments; a tool error when they are wrong or name no operation.
pub fn call_operation(
    catalog: &Catalog,
    args: &Map<String, Value>,
    redactor: &Redactor,
) -> Result<Call, CallToolResult> {
    let args = arguments(CALL, args, &["name", "input", "max_items"])
        .map_err(|m| outcome::refused("input", m, redactor))?;
    let name = string(CALL, args, "name").map_err(|m| outcome::refused("input", m, redactor))?;
    let op = catalog
        .find(name)
        .ok_or_else(|| unknown(catalog, name, redactor))?;
    let input = match args.get("input") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(input)) => input.clone(),
        Some(_) => {
            let message = format!("{CALL}: invalid field \"input\": expected a JSON object");
            return Err(outcome::refused("input", message, redactor));
        }
    };
    Ok(Call {
        op,
        input,
        max_items: args.get("max_items").cloned(),
    })
}

/// The tool error for a name that is no operation, with the closest served ones.
fn unknown(catalog: &Catalog, name: &str, redactor: &Redactor) -> CallToolResult {
    let close: Vec<&str> = search(catalog.served(), name, 3)
        .into_iter()
        .map(|op| op.name)
        .collect();
    let mut message = format!("unknown operation {name:?}");
    if !close.is_empty() {
        message.push_str(&format!("; did you mean {}?", close.join(", ")));
    }
    message.push_str(" (search_operations lists the operations served)");
    outcome::refused("unknown_operation", message, redactor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Api;

    fn text(result: &CallToolResult) -> Value {
        let text: String = result
            .content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect();
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }

    fn args(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn three_tools_with_schemas() {
        let catalog = Catalog::new(Api::Stable, Risk::Read, None);
        let tools = tools(&catalog);
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        assert_eq!(names, [SEARCH, DESCRIBE, CALL]);
        let call = tools[2].annotations.as_ref().unwrap();
        assert_eq!(call.read_only_hint, Some(true));
    }

    #[cfg(feature = "contacts")]
    #[test]
    fn search_describe_and_refuse() {
        let redactor = Redactor::new("tok_SECRET_123");
        let catalog = Catalog::new(Api::Stable, Risk::Read, None);
        let found = text(&search_operations(
            &catalog,
            &args(json!({"query": "contacts"})),
            &redactor,
        ));
        let ops = found["operations"].as_array().unwrap();
        assert!(ops.iter().all(|op| op["risk"] == "read"), "{found}");
        assert!(found["not_served"].as_str().unwrap().contains("not served"));
        let described = text(&describe_operation(
            &catalog,
            &args(json!({"name": "contacts_create"})),
            &redactor,
        ));
        assert_eq!(described["served"], false);
        assert!(
            described["refused"]
                .as_str()
                .unwrap()
                .contains("--allow write")
        );
        let bad = search_operations(&catalog, &args(json!({"query": 3})), &redactor);
        assert_eq!(bad.is_error, Some(true));
        assert_eq!(
            text(&bad),
            json!("search_operations: invalid field \"query\": expected a string")
        );
        let bad = describe_operation(&catalog, &args(json!({"nmae": "x"})), &redactor);
        assert!(
            text(&bad)
                .as_str()
                .unwrap()
                .contains("unknown field \"nmae\"")
        );
        let Err(unknown) = call_operation(
            &catalog,
            &args(json!({"name": "contacts.fetch"})),
            &redactor,
        ) else {
            panic!("an unknown operation is an error");
        };
        assert!(
            text(&unknown).as_str().unwrap().contains("did you mean"),
            "{:?}",
            text(&unknown)
        );
    }
}
