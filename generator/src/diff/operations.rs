//! Operations matched by HTTP method and path with variable names ignored, compared by their
//! Rust signature: the method that calls them, its arguments (by position) and the builder's
//! setters (by name), what `.send()` returns, paging, shortcuts and search fields.

use std::collections::{BTreeMap, BTreeSet};

use super::rust;
use super::types::deprecation;
use super::{Change, ChangeKind, Impact, OperationDiff, OperationRef, Section};
use crate::docs::code_span;
use crate::ir::{Api, BodyStyle, HttpMethod, Operation, ParamLocation, TypeKind};

/// Operations added, removed and changed, sorted by path then method.
pub(super) fn compare(old: &Api, new: &Api) -> Section<OperationRef, OperationDiff> {
    let before = by_key(old);
    let after = by_key(new);
    let keys: BTreeSet<&(String, HttpMethod)> = before.keys().chain(after.keys()).collect();
    let mut out = Section::default();
    for key in keys {
        let olds = before.get(key).map(Vec::as_slice).unwrap_or_default();
        let news = after.get(key).map(Vec::as_slice).unwrap_or_default();
        // Two operations on one blanked path are paired in path order (the description never
        // has them; a spec that did would still be compared without panicking).
        for i in 0..olds.len().max(news.len()) {
            match (olds.get(i), news.get(i)) {
                (Some(a), Some(b)) => {
                    let changes = changes(old, a, new, b);
                    if !changes.is_empty() {
                        out.changed.push(OperationDiff {
                            before: reference(a),
                            after: reference(b),
                            changes,
                        });
                    }
                }
                (Some(a), None) => out.removed.push(reference(a)),
                (None, Some(b)) => out.added.push(reference(b)),
                (None, None) => {}
            }
        }
    }
    out
}

/// `/contacts/{contact_id}/notes` → `/contacts/{}/notes`.
pub fn blank_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_var = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_var = true;
                out.push_str("{}");
            }
            '}' if in_var => in_var = false,
            _ if in_var => {}
            _ => out.push(c),
        }
    }
    out
}

fn by_key(api: &Api) -> BTreeMap<(String, HttpMethod), Vec<&Operation>> {
    let mut out: BTreeMap<(String, HttpMethod), Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        out.entry((blank_path(&op.path), op.http_method))
            .or_default()
            .push(op);
    }
    for ops in out.values_mut() {
        ops.sort_by(|a, b| a.path.cmp(&b.path));
    }
    out
}

fn reference(op: &Operation) -> OperationRef {
    OperationRef {
        http_method: op.http_method,
        path: op.path.clone(),
        id: op.id.clone(),
        call: call(op),
    }
}

/// `client.contacts().get(..)`, or `client.admins().identify()` without arguments.
fn call(op: &Operation) -> String {
    let has_args = op.params.iter().any(|p| p.required)
        || op
            .body
            .as_ref()
            .is_some_and(|b| b.style != BodyStyle::Whole { optional: true });
    format!(
        "client.{}().{}({})",
        op.resource,
        op.method_name.trim_start_matches("r#"),
        if has_args { ".." } else { "" }
    )
}

/// How an input reaches the request, which is also how it is matched across versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// The n-th path variable.
    Path(usize),
    /// A query parameter, by wire name.
    Query(String),
    /// A header, by wire name.
    Header(String),
    /// A field of a flattened body, by JSON key.
    BodyField(String),
    /// A body passed whole.
    Body,
}

/// One input of an operation's Rust API.
#[derive(Debug, Clone)]
struct Input {
    key: Key,
    /// Argument or setter name.
    name: String,
    /// What it is called on the wire (path variable, parameter, JSON key).
    wire: String,
    /// Rust value type.
    ty: String,
    /// A method argument (required) rather than a builder setter.
    argument: bool,
}

impl Input {
    /// `{contact_id}`, `?per_page`, `header Accept`, `body.email`, `body`.
    fn label(&self) -> String {
        match &self.key {
            Key::Path(_) => format!("{{{}}}", self.wire),
            Key::Query(w) => format!("?{w}"),
            Key::Header(w) => format!("header {w}"),
            Key::BodyField(w) => format!("body.{w}"),
            Key::Body => "body".into(),
        }
    }

    fn role(&self) -> &'static str {
        if self.argument { "argument" } else { "setter" }
    }
}

fn inputs(api: &Api, op: &Operation) -> Vec<Input> {
    let mut out = Vec::new();
    let mut path_index = 0;
    for p in &op.params {
        let key = match p.location {
            ParamLocation::Path => {
                path_index += 1;
                Key::Path(path_index - 1)
            }
            ParamLocation::Query => Key::Query(p.wire.clone()),
            ParamLocation::Header => Key::Header(p.wire.to_ascii_lowercase()),
        };
        out.push(Input {
            key,
            name: p.name.clone(),
            wire: p.wire.clone(),
            ty: rust::ty(api, &p.ty),
            argument: p.required,
        });
    }
    if let Some(body) = &op.body {
        match &body.style {
            BodyStyle::Flattened(id) => {
                if let Some(TypeKind::Struct(st)) = api.types.get(id.0).map(|t| &t.kind) {
                    out.extend(st.fields.iter().map(|f| Input {
                        key: Key::BodyField(f.wire.clone()),
                        name: f.name.clone(),
                        wire: f.wire.clone(),
                        ty: rust::field_value(api, f),
                        argument: !rust::fills_itself(api, f),
                    }));
                }
            }
            BodyStyle::Whole { optional } => out.push(Input {
                key: Key::Body,
                name: "body".into(),
                wire: "body".into(),
                ty: rust::ty(api, &body.ty),
                argument: !optional,
            }),
        }
    }
    out
}

fn changes(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation) -> Vec<Change> {
    let mut out = Vec::new();
    let (old_call, new_call) = (call(old), call(new));
    if (&old.resource, &old.method_name) != (&new.resource, &new.method_name) {
        out.push(Change::breaking(
            ChangeKind::MethodRenamed,
            "",
            format!("called as `{old_call}` → `{new_call}`"),
        ));
    }
    if old.id != new.id {
        out.push(Change::compatible(
            ChangeKind::OperationIdChanged,
            "",
            format!(
                "operationId {} → {}",
                code_span(&old.id),
                code_span(&new.id)
            ),
        ));
    }
    compare_inputs(&inputs(old_api, old), &inputs(new_api, new), &mut out);
    body_type(old_api, old, new_api, new, &mut out);
    response(old_api, old, new_api, new, &mut out);
    paging(old_api, old, new_api, new, &mut out);
    if old.deprecated != new.deprecated {
        out.push(deprecation("", new.deprecated));
    }
    named_extras(
        ChangeKind::Shortcut,
        "shortcut method",
        &old.shortcuts.iter().map(|s| s.method.clone()).collect(),
        &new.shortcuts.iter().map(|s| s.method.clone()).collect(),
        &mut out,
    );
    let search_fields = |op: &Operation| -> BTreeSet<String> {
        op.search
            .iter()
            .flat_map(|s| s.fields.iter().map(|f| f.path.clone()))
            .collect()
    };
    named_extras(
        ChangeKind::SearchField,
        "typed search field",
        &search_fields(old),
        &search_fields(new),
        &mut out,
    );
    out
}

fn compare_inputs(old: &[Input], new: &[Input], out: &mut Vec<Change>) {
    for a in old {
        if !new.iter().any(|b| b.key == a.key) {
            out.push(Change::breaking(
                ChangeKind::ParamRemoved,
                a.label(),
                format!("{} `{}: {}` removed", a.role(), a.name, a.ty),
            ));
        }
    }
    for b in new {
        let Some(a) = old.iter().find(|a| a.key == b.key) else {
            let impact = Impact::breaking_if(b.argument);
            out.push(Change::new(
                impact,
                ChangeKind::ParamAdded,
                b.label(),
                format!("new {} `{}: {}`", b.role(), b.name, b.ty),
            ));
            continue;
        };
        if a.ty != b.ty {
            out.push(
                Change::breaking(
                    ChangeKind::ParamType,
                    b.label(),
                    format!("{} `{}`: `{}` → `{}`", b.role(), b.name, a.ty, b.ty),
                )
                .retyped(&b.wire, &a.ty, &b.ty),
            );
        }
        if a.argument != b.argument {
            let detail = if b.argument {
                "now required: the setter became a method argument"
            } else {
                "now optional: the method argument became a setter"
            };
            out.push(Change::breaking(
                ChangeKind::ParamRequirement,
                b.label(),
                format!("`{}` {detail}", b.name),
            ));
        }
        if a.name != b.name || a.wire != b.wire {
            out.push(match b.key {
                // Arguments are passed by position: only the name in the docs changes.
                Key::Path(_) => Change::compatible(
                    ChangeKind::PathVariableRenamed,
                    b.label(),
                    format!(
                        "path variable {} → {} (argument `{}` → `{}`, same position and type)",
                        code_span(&a.label()),
                        code_span(&b.label()),
                        a.name,
                        b.name
                    ),
                ),
                _ => Change::breaking(
                    ChangeKind::ParamType,
                    b.label(),
                    format!("{} renamed `{}` → `{}`", b.role(), a.name, b.name),
                ),
            });
        }
    }
}

/// A flattened body whose struct is another one: its fields were compared as inputs, so the
/// struct's name itself is compatible.
fn body_type(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    out: &mut Vec<Change>,
) {
    let name = |api: &Api, op: &Operation| match op.body.as_ref().map(|b| &b.style) {
        Some(BodyStyle::Flattened(id)) => api.types.get(id.0).map(|t| t.name.clone()),
        _ => None,
    };
    if let (Some(a), Some(b)) = (name(old_api, old), name(new_api, new))
        && a != b
    {
        out.push(Change::compatible(
            ChangeKind::BodyType,
            "body",
            format!(
                "request body `{a}` → `{b}` (its fields are the method's arguments and setters)"
            ),
        ));
    }
}

fn response(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation, out: &mut Vec<Change>) {
    let (a, b) = (
        rust::response(old_api, &old.success.kind),
        rust::response(new_api, &new.success.kind),
    );
    if a != b {
        out.push(
            Change::breaking(
                ChangeKind::ResponseType,
                "",
                format!("`.send()` returns `{a}` → `{b}`"),
            )
            .retyped(".send()", &a, &b),
        );
    }
    let statuses = |op: &Operation| -> BTreeSet<String> {
        op.responses.iter().map(|r| r.status.clone()).collect()
    };
    let (before, after) = (statuses(old), statuses(new));
    let added: Vec<&String> = after.difference(&before).collect();
    let removed: Vec<&String> = before.difference(&after).collect();
    if !added.is_empty() || !removed.is_empty() || old.success.status != new.success.status {
        let list = |sign: char, v: &[&String]| {
            v.iter()
                .map(|s| format!("{sign}{s}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut parts = Vec::new();
        if old.success.status != new.success.status {
            parts.push(format!(
                "success {} → {}",
                old.success.status, new.success.status
            ));
        }
        if !added.is_empty() || !removed.is_empty() {
            let changed = [list('+', &added), list('-', &removed)];
            parts.push(format!(
                "declared {}",
                changed
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        out.push(Change::compatible(
            ChangeKind::StatusCodes,
            "",
            format!("status codes: {}", parts.join("; ")),
        ));
    }
}

fn paging(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation, out: &mut Vec<Change>) {
    let item = |api: &Api, op: &Operation| op.paging.as_ref().map(|p| rust::ty(api, &p.item));
    let (a, b) = (old.paging_style(), new.paging_style());
    let (old_item, new_item) = (item(old_api, old), item(new_api, new));
    let change = match (&old_item, &new_item) {
        (None, None) => None,
        (None, Some(i)) => Some((
            Impact::Additive,
            format!(
                "now paginated ({}): `.pages()` / `.items()` of `{i}`",
                b.as_str()
            ),
        )),
        (Some(i), None) => Some((
            Impact::Breaking,
            format!("no longer paginated: `.pages()` / `.items()` of `{i}` removed"),
        )),
        (Some(x), Some(y)) if x != y => {
            let style = if a == b {
                String::new()
            } else {
                format!(" (paging {} → {})", a.as_str(), b.as_str())
            };
            Some((
                Impact::Breaking,
                format!("`.items()` yields `{x}` → `{y}`{style}"),
            ))
        }
        (Some(_), Some(_)) if a != b => Some((
            Impact::Compatible,
            format!("paging style {} → {}", a.as_str(), b.as_str()),
        )),
        _ => None,
    };
    if let Some((impact, detail)) = change {
        out.push(Change::new(impact, ChangeKind::Paging, "", detail));
    }
}

/// Named extras of an operation (shortcut methods, search fields): removed ones are breaking,
/// new ones additive.
fn named_extras(
    kind: ChangeKind,
    what: &str,
    old: &BTreeSet<String>,
    new: &BTreeSet<String>,
    out: &mut Vec<Change>,
) {
    for name in old.difference(new) {
        out.push(Change::breaking(
            kind,
            name,
            format!("{what} {} removed", code_span(name)),
        ));
    }
    for name in new.difference(old) {
        out.push(Change::additive(
            kind,
            name,
            format!("new {what} {}", code_span(name)),
        ));
    }
}
