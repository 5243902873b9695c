//! Answers and errors as MCP tool results.
//!
//! An answer is its JSON as text. An error is a tool error (`isError: true`) whose text is the
//! error's message (Intercom's status, code, message and request id; the input field at fault;
//! the flag that would allow a refused call), with the same facts as structured content under
//! `error`. Every text passes through the [`Redactor`], so the access token never leaves the
//! server, whatever an upstream answer or a caller's input contains.

use intercom_api::{Error, ExecuteError, InputProblem};
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value, json};

use crate::redact::Redactor;

/// A successful answer: its JSON, compact, as text.
pub fn answer(value: &Value, redactor: &Redactor) -> CallToolResult {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    CallToolResult::success(vec![ContentBlock::text(redactor.clean(text))])
}

/// A tool error with `message`, and `details` (an object) as structured content.
pub fn error(message: String, details: Map<String, Value>, redactor: &Redactor) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(redactor.clean(message))]);
    let details = serde_json::to_string(&json!({ "error": details }))
        .map(|text| redactor.clean(text))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    result.structured_content = details;
    result
}

/// A call refused before anything was sent (`kind`: `refused`, `unknown_tool`, `input`).
pub fn refused(kind: &str, message: String, redactor: &Redactor) -> CallToolResult {
    let mut details = Map::new();
    details.insert("kind".into(), kind.into());
    details.insert("message".into(), message.clone().into());
    error(message, details, redactor)
}

/// The tool error of a failed call.
pub fn failure(e: &Error, redactor: &Redactor) -> CallToolResult {
    let message = e.to_string();
    let mut details = Map::new();
    details.insert("message".into(), message.clone().into());
    if let Some(api) = e.api_error() {
        details.insert("kind".into(), "api".into());
        details.insert("status".into(), api.status().into());
        details.insert("code".into(), api.code().into());
        details.insert("request_id".into(), api.request_id().into());
        let errors: Vec<Value> = api
            .errors()
            .iter()
            .map(|item| json!({"code": item.code, "message": item.message, "field": item.field}))
            .collect();
        details.insert("errors".into(), errors.into());
    } else if let Error::Execute(e) = e {
        let (kind, field) = match e.as_ref() {
            ExecuteError::InvalidInput { field, problem, .. } => {
                let kind = match problem {
                    InputProblem::Missing => "missing_field",
                    InputProblem::Unknown { .. } => "unknown_field",
                    _ => "invalid_input",
                };
                (kind, Some(field.clone()))
            }
            ExecuteError::NotPaginated { .. } => ("not_paginated", None),
            ExecuteError::FeatureDisabled { .. } => ("not_compiled", None),
            _ => ("refused", None),
        };
        details.insert("kind".into(), kind.into());
        if let Some(field) = field {
            details.insert("field".into(), field.into());
        }
    } else {
        let kind = if e.is_timeout() {
            "timeout"
        } else {
            match e {
                Error::Transport { .. } => "transport",
                Error::Decode(_) => "decode",
                Error::Pagination { .. } => "pagination",
                Error::InvalidRequest(_) | Error::InvalidSearch { .. } => "invalid_request",
                _ => "error",
            }
        };
        details.insert("kind".into(), kind.into());
    }
    error(message, details, redactor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(result: &CallToolResult) -> String {
        result
            .content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect()
    }

    #[test]
    fn the_token_never_leaves() {
        let redactor = Redactor::new("tok_SECRET_123");
        let result = answer(&json!({"echo": "Bearer tok_SECRET_123"}), &redactor);
        assert_eq!(text(&result), r#"{"echo":"Bearer [redacted]"}"#);
        let result = refused("refused", "x tok_SECRET_123 y".into(), &redactor);
        assert_eq!(text(&result), "x [redacted] y");
        let structured = result.structured_content.unwrap().to_string();
        assert!(!structured.contains("tok_SECRET_123"), "{structured}");
        assert_eq!(result.is_error, Some(true));
    }

    #[test]
    fn errors_keep_their_facts() {
        let e = Error::InvalidRequest("no".into());
        let result = failure(&e, &Redactor::new("tok_SECRET_123"));
        assert_eq!(text(&result), "invalid request: no");
        let structured = result.structured_content.unwrap();
        assert_eq!(structured["error"]["kind"], "invalid_request");
    }
}
