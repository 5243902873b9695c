//! Risk: how much harm calling an operation can do ([`Risk::Read`], [`Risk::Write`],
//! [`Risk::Destructive`]), for tools and agents that decide which calls need a human's approval;
//! and whether a call reaches end users (customers).
//!
//! One rule decides the risk: **destructive** is what cannot be undone through the API (data
//! deleted, merged, redacted or converted), what removes something from many records in one
//! call, and what can lock people out of the workspace; **write** is every other change (created,
//! updated, archived or detached data can be changed back: an archive is undone by `unarchive`,
//! a detach by attaching again); **read** changes nothing. First match wins:
//!
//! 1. A `risk: {level, reason}` entry for the operation in `spec/overrides.yaml` (for what the
//!    method and path do not show: a bulk removal, a workspace lock-out).
//! 2. `GET` reads.
//! 3. A `POST`/`PUT`/`PATCH` that queries instead of changing anything reads: its method name
//!    starts with a read verb ([`READ_VERBS`]: `search`, `list`, …) or its path ends in `/search`
//!    (`POST /contacts/search`, `POST /companies/list`).
//! 4. A removal — `DELETE`, or a destructive verb ([`DESTRUCTIVE_VERBS`]: `archive`, `block`,
//!    `redact`, `merge`, `detach`, …) as a word of the method name or of the path's last literal
//!    segment — writes when the same resource has the operation that undoes it
//!    ([`UNDO_VERBS`]: `archive` by `unarchive`, `detach_tag` by `attach_tag`,
//!    `detach_from_company` by `attach_to_company`, `unlink_…` by `link_…`), and is destructive
//!    otherwise. Words are whole `snake_case` words: `unarchive` is not `archive`.
//! 5. Anything else writes.
//!
//! An override that says what the rule already decides is reported (an error for the pinned
//! version), so the file only holds real exceptions.
//!
//! **Reaches end users**: a `POST`/`PUT`/`PATCH` whose method name or path has a word of
//! [`END_USER_WORDS`] (`reply`, `message(s)`, `sms`, `whatsapp`, `publish`, `news`) can send
//! something to customers or show it to them; `reaches_end_users: {value, because}` in
//! `spec/overrides.yaml` corrects the rule (an SMS sent by a phone switch, an article created
//! already published, a reply that goes to Fin rather than to a customer).
//!
//! Reads: each operation's method, path and its resource's method names; `risk` and
//! `reaches_end_users` of `spec/overrides.yaml`. Writes: [`Operation::risk`] and
//! [`Operation::reaches_end_users`] with their reasons. Runs after [`super::paging`].

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, HttpMethod, Operation, Risk};
use crate::naming::lexicon::{DESTRUCTIVE_VERBS, END_USER_WORDS, READ_VERBS, UNDO_VERBS};
use crate::overrides::{self, Overrides};

/// Decides the risk and the end-users flag of every operation.
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    let methods: BTreeSet<(String, String)> = api
        .operations
        .iter()
        .map(|o| (o.resource.clone(), o.method_name.clone()))
        .collect();
    for op in &mut api.operations {
        let entry = overrides.operation(Some(&op.id), op.http_method.as_str(), &op.path);
        let at = |key: &str| {
            child(
                &child(
                    &child(&format!("{}#", overrides::FILE), "operations"),
                    &op.id,
                ),
                key,
            )
        };
        let mut report = |at: String, message: String| {
            overrides.not_applied(diagnostics, at, message);
        };
        let (rule, because) = by_rule(op, &methods);
        match entry.and_then(|e| e.risk.as_ref()) {
            None => {
                op.risk = rule;
                op.risk_reason = because;
            }
            Some(declared) => {
                let level = declared.level;
                if level == rule {
                    report(
                        at("risk"),
                        format!(
                            "`risk: {}` is what the rule decides already ({because}); remove the \
                             override",
                            level.as_str()
                        ),
                    );
                }
                op.risk = level;
                op.risk_reason = format!("override: {}", declared.reason.trim());
            }
        }
        let (reaches, why) = reaches_by_rule(op);
        match entry.and_then(|e| e.reaches_end_users.as_ref()) {
            None => {
                op.reaches_end_users = reaches;
                op.end_users_reason = why;
            }
            Some(declared) => {
                if declared.value == reaches {
                    report(
                        at("reaches_end_users"),
                        format!(
                            "`reaches_end_users: {reaches}` is what the rule decides already; \
                             remove the override"
                        ),
                    );
                }
                op.reaches_end_users = declared.value;
                op.end_users_reason = format!("override: {}", declared.because.trim());
            }
        }
    }
}

/// The rule's answer for an operation, and which part of the rule gave it. `methods` holds
/// every `(resource, method name)` of the API (to find the operation undoing a removal).
pub fn by_rule(op: &Operation, methods: &BTreeSet<(String, String)>) -> (Risk, String) {
    let method = op.method_name.trim_start_matches("r#");
    let last = last_literal_segment(&op.path);
    let removal = match op.http_method {
        HttpMethod::Get => return (Risk::Read, HttpMethod::Get.as_str().into()),
        HttpMethod::Delete => Some(HttpMethod::Delete.as_str().to_string()),
        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => {
            if let Some(verb) = method.split('_').next().filter(|w| READ_VERBS.contains(w)) {
                return (Risk::Read, format!("read verb `{verb}`"));
            }
            if last == "search" {
                return (Risk::Read, "path ends in `/search`".into());
            }
            method
                .split('_')
                .chain(last.split('_'))
                .find(|w| DESTRUCTIVE_VERBS.contains(w))
                .map(|verb| format!("destructive verb `{verb}`"))
        }
    };
    let Some(removal) = removal else {
        return (Risk::Write, op.http_method.as_str().to_string());
    };
    match undo(method)
        .into_iter()
        .find(|m| methods.contains(&(op.resource.clone(), m.clone())))
    {
        Some(inverse) => (
            Risk::Write,
            format!("{removal}, undone by `{}.{inverse}`", op.resource),
        ),
        None => (Risk::Destructive, removal),
    }
}

/// The method names that would undo `method`: its removal verb swapped for the undoing one
/// (and `from` for `to`): `detach_from_company` → `attach_to_company`.
fn undo(method: &str) -> Vec<String> {
    let words: Vec<&str> = method.split('_').collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        for (verb, inverse) in UNDO_VERBS {
            if *w == verb {
                let mut swapped: Vec<&str> = words.clone();
                swapped[i] = inverse;
                for s in &mut swapped {
                    if *s == "from" {
                        *s = "to";
                    }
                }
                out.push(swapped.join("_"));
            }
        }
    }
    out
}

/// Whether the rule says an operation reaches end users, and why.
pub fn reaches_by_rule(op: &Operation) -> (bool, String) {
    if matches!(op.http_method, HttpMethod::Get | HttpMethod::Delete) {
        return (false, String::new());
    }
    let method = op.method_name.trim_start_matches("r#");
    let literal = op
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .flat_map(|s| s.split('_'));
    match method
        .split('_')
        .chain(literal)
        .find(|w| END_USER_WORDS.contains(w))
    {
        Some(word) => (true, format!("`{word}`")),
        None => (false, String::new()),
    }
}

/// The last path segment that is not a `{parameter}`: `archive` in
/// `/contacts/{contact_id}/archive`.
fn last_literal_segment(path: &str) -> &str {
    path.split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .unwrap_or("")
}
