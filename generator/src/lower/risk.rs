//! Risk: how much harm calling an operation can do ([`Risk::Read`], [`Risk::Write`],
//! [`Risk::Destructive`]), for tools and agents that decide which calls need a human's approval.
//!
//! The rule, first match wins:
//!
//! 1. A `risk: {level, reason}` entry for the operation in `spec/overrides.yaml`.
//! 2. `GET` reads; `DELETE` is destructive.
//! 3. A `POST`/`PUT`/`PATCH` that queries instead of changing anything reads: its method name
//!    starts with a read verb ([`READ_VERBS`]: `search`, `list`, …) or its path ends in `/search`
//!    (`POST /contacts/search`, `POST /companies/list`).
//! 4. It is destructive when a word of its method name or of its path's last literal segment is
//!    a destructive verb ([`DESTRUCTIVE_VERBS`]: `archive`, `block`, `redact`, `merge`, `detach`,
//!    …). Words are whole `snake_case` words: `unarchive` and `unblock` are not `archive`/`block`.
//! 5. Anything else writes.
//!
//! An override that says what the rule already decides is reported (an error for the pinned
//! version), so the file only holds real exceptions.

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, HttpMethod, Operation, Risk};
use crate::overrides::{self, Overrides, RiskLevel};

/// First words of a method name that make a `POST`/`PUT`/`PATCH` a read.
pub const READ_VERBS: [&str; 5] = ["search", "list", "find", "get", "preview"];

/// Words that make a `POST`/`PUT`/`PATCH` destructive: the data is deleted, hidden, or combined in
/// a way that cannot be undone through the API.
pub const DESTRUCTIVE_VERBS: [&str; 12] = [
    "archive", "block", "redact", "merge", "detach", "unattach", "unlink", "delete", "remove",
    "erase", "purge", "destroy",
];

/// Decides the risk of every operation.
pub fn decide(api: &mut Api, overrides: &Overrides, strict: bool, diagnostics: &mut Diagnostics) {
    for op in &mut api.operations {
        let (rule, because) = by_rule(op);
        let declared = overrides
            .operation(Some(&op.id), op.http_method.as_str(), &op.path)
            .and_then(|e| e.risk.as_ref());
        let Some(declared) = declared else {
            op.risk = rule;
            op.risk_reason = because;
            continue;
        };
        let level = match declared.level {
            RiskLevel::Read => Risk::Read,
            RiskLevel::Write => Risk::Write,
            RiskLevel::Destructive => Risk::Destructive,
        };
        if level == rule {
            let at = child(
                &child(
                    &child(&format!("{}#", overrides::FILE), "operations"),
                    &op.id,
                ),
                "risk",
            );
            let message = format!(
                "`risk: {}` is what the rule decides already ({because}); remove the override",
                level.as_str()
            );
            if strict {
                diagnostics.error(at, message);
            } else {
                diagnostics.warning(at, message);
            }
        }
        op.risk = level;
        op.risk_reason = format!("override: {}", declared.reason.trim());
    }
}

/// The rule's answer for an operation, and which part of the rule gave it.
pub fn by_rule(op: &Operation) -> (Risk, String) {
    match op.http_method {
        HttpMethod::Get => return (Risk::Read, "GET".into()),
        HttpMethod::Delete => return (Risk::Destructive, "DELETE".into()),
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => {}
    }
    let method = op.method_name.trim_start_matches("r#");
    let last = last_literal_segment(&op.path);
    if let Some(verb) = method.split('_').next().filter(|w| READ_VERBS.contains(w)) {
        return (Risk::Read, format!("read verb `{verb}`"));
    }
    if last == "search" {
        return (Risk::Read, "path ends in `/search`".into());
    }
    let mut words = method.split('_').chain(last.split('_'));
    if let Some(verb) = words.find(|w| DESTRUCTIVE_VERBS.contains(w)) {
        return (Risk::Destructive, format!("destructive verb `{verb}`"));
    }
    (Risk::Write, op.http_method.as_str().to_string())
}

/// The last path segment that is not a `{parameter}`: `archive` in
/// `/contacts/{contact_id}/archive`.
fn last_literal_segment(path: &str) -> &str {
    path.split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .unwrap_or("")
}
