//! An operation as an MCP tool, from its row of the operation table: the name
//! `<resource>_<method>`, a description (summary, HTTP method and path, risk, paging), the
//! MCP annotations, and the input JSON Schema (plus `max_items` for paginated operations).
//!
//! | table | MCP |
//! |---|---|
//! | `resource.method` | tool name `resource_method` (`contacts_get`) |
//! | `summary` | `title`, first line of `description` |
//! | `risk == Read` | `readOnlyHint: true` |
//! | `risk == Destructive` | `destructiveHint: true` (`false` for the others) |
//! | `GET`, `PUT`, `DELETE` | `idempotentHint: true` (`false` for `POST`, `PATCH`) |
//! | `reaches_end_users` | `openWorldHint` (the call leaves the workspace: it reaches customers), and a line of `description` |
//! | `input_schema` | `inputSchema` |
//! | paging style | a `max_items` input property |

use std::sync::Arc;

use intercom_api::{HttpMethod, OperationInfo, Risk};
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{Value, json};

/// The largest `max_items` a call may ask for.
pub const MAX_ITEMS_LIMIT: u64 = 10_000;

/// The tool name of an operation: its `resource.method` name with `_` for the dot
/// (`contacts_get`).
pub fn tool_name(op: &OperationInfo) -> String {
    op.name.replace('.', "_")
}

/// Whether a call can send something to end users or show it to them (a message, a reply, a
/// published article): the table's `reaches_end_users` flag.
pub fn reaches_end_users(op: &OperationInfo) -> bool {
    op.reaches_end_users
}

/// The MCP annotations of an operation (see the module table).
pub fn annotations(op: &OperationInfo) -> ToolAnnotations {
    ToolAnnotations::with_title(op.summary)
        .read_only(op.risk == Risk::Read)
        .destructive(op.risk == Risk::Destructive)
        .idempotent(matches!(
            op.http_method,
            HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete
        ))
        .open_world(reaches_end_users(op))
}

/// The facts about an operation every tool description repeats: method and path, risk, paging,
/// deprecation, end users.
pub fn facts(op: &OperationInfo) -> String {
    let mut text = format!(
        "{} {} · risk: {} · operation {} ({})",
        op.http_method.as_str(),
        op.path,
        op.risk,
        op.name,
        op.id
    );
    if op.is_paginated() {
        text.push_str(
            "\nPaginated: answers one page; give `max_items` to collect that many items across \
             pages instead.",
        );
    }
    if op.deprecated {
        text.push_str("\nDeprecated by Intercom.");
    }
    if reaches_end_users(op) {
        text.push_str("\nReaches end users: a call can send or show something to customers.");
    }
    text
}

/// The input schema of an operation's tool: its table schema, with a `max_items` property when
/// it is paginated. A schema that does not parse (never, for generated tables) becomes an open
/// object.
pub fn input_schema(op: &OperationInfo) -> JsonObject {
    let mut schema = match serde_json::from_str::<Value>(op.input_schema) {
        Ok(Value::Object(schema)) => schema,
        _ => JsonObject::from_iter([("type".to_owned(), json!("object"))]),
    };
    if op.is_paginated()
        && let Some(Value::Object(properties)) = schema.get_mut("properties")
    {
        properties.insert("max_items".to_owned(), max_items_schema());
    }
    schema
}

/// The `max_items` property.
pub fn max_items_schema() -> Value {
    json!({
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_ITEMS_LIMIT,
        "description": "Collect up to this many items across pages (following the cursors) and \
                        answer {\"items\": [...], \"pages\": n, \"limit_reached\": bool}. \
                        Without it, the answer is one page."
    })
}

/// The tool of an operation.
pub fn operation_tool(op: &OperationInfo) -> Tool {
    let description = format!("{}.\n{}", op.summary.trim_end_matches('.'), facts(op));
    Tool::new(tool_name(op), description, Arc::new(input_schema(op)))
        .with_title(op.summary)
        .annotate(annotations(op))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str) -> &'static OperationInfo {
        intercom_api::operation(name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn tool_names_are_unique_and_valid() {
        let mut tables = vec![intercom_api::OPERATIONS];
        #[cfg(feature = "preview")]
        tables.push(intercom_api::preview::OPERATIONS);
        for table in tables {
            let mut names: Vec<String> = table.iter().map(tool_name).collect();
            for name in &names {
                assert!(
                    (1..=64).contains(&name.len())
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{name}"
                );
            }
            names.sort();
            let count = names.len();
            names.dedup();
            assert_eq!(names.len(), count, "tool names collide");
        }
    }

    #[test]
    fn annotations_follow_risk_and_method() {
        let get = annotations(op("contacts.get"));
        assert_eq!(get.title.as_deref(), Some(op("contacts.get").summary));
        assert_eq!(
            (
                get.read_only_hint,
                get.destructive_hint,
                get.idempotent_hint
            ),
            (Some(true), Some(false), Some(true))
        );
        let create = annotations(op("contacts.create"));
        assert_eq!(
            (
                create.read_only_hint,
                create.destructive_hint,
                create.idempotent_hint
            ),
            (Some(false), Some(false), Some(false))
        );
        let delete = annotations(op("contacts.delete"));
        assert_eq!(
            (
                delete.read_only_hint,
                delete.destructive_hint,
                delete.idempotent_hint
            ),
            (Some(false), Some(true), Some(true))
        );
        // Every row: the hints are exactly the table's.
        for op in intercom_api::OPERATIONS {
            let a = annotations(op);
            assert_eq!(a.read_only_hint, Some(op.risk == Risk::Read), "{}", op.name);
            assert_eq!(
                a.destructive_hint,
                Some(op.risk == Risk::Destructive),
                "{}",
                op.name
            );
            assert_eq!(a.open_world_hint, Some(op.reaches_end_users), "{}", op.name);
        }
    }

    #[test]
    fn schemas_are_the_table_s_plus_max_items_when_paged() {
        for op in intercom_api::OPERATIONS {
            let schema = input_schema(op);
            let table: Value = serde_json::from_str(op.input_schema).unwrap();
            let properties = schema["properties"].as_object().unwrap();
            let table_properties = table["properties"].as_object().unwrap();
            assert!(!table_properties.contains_key("max_items"), "{}", op.name);
            assert_eq!(
                properties.contains_key("max_items"),
                op.is_paginated(),
                "{}",
                op.name
            );
            assert_eq!(schema.get("required"), table.get("required"), "{}", op.name);
            assert_eq!(schema.get("$defs"), table.get("$defs"), "{}", op.name);
        }
    }

    #[test]
    fn descriptions_carry_method_path_and_risk() {
        let tool = operation_tool(op("contacts.list"));
        let text = tool.description.as_deref().unwrap();
        assert!(text.contains("GET /contacts · risk: read"), "{text}");
        assert!(text.contains("max_items"), "{text}");
        assert_eq!(tool.name, "contacts_list");
    }
}
