//! The positional arguments of every operation method and shortcut, and the rule that keeps
//! them from being swapped unnoticed.
//!
//! Reads each operation's parameters, body and shortcuts; writes [`Operation::arguments`],
//! [`Shortcut::arguments`] and [`Api::swaps`]. Runs after `usage` (which fields fill
//! themselves) and `prose`.
//!
//! The arguments are the required path parameters in path order, then the required query and
//! header parameters, then the body: the required fields of a flattened body (or of a
//! shortcut's variant, less the fields it fixes, plus those it requires), or the whole body.
//!
//! **The rule**: no two adjacent arguments have the same Rust type unless both are path
//! parameters (whose order is the path's, which the docs show). Where two do:
//!
//! 1. *A typed choice*, where the description gives one: an enum field and an `…_id` field whose
//!    description names every value of the enum (`type: admin | team` and `assignee_id`, "the id
//!    of the admin or team") become one argument, `Assignee::Admin(id)` / `Assignee::Team(id)`,
//!    where the enum field was.
//! 2. *A named argument* for the rest: every argument of a clashing pair that is not a path
//!    parameter comes wrapped in a newtype named for it (`AdminId("…")`, `TagId("…")`,
//!    `CreatedAtBefore(t)`), so the call reads like named arguments and a swap does not compile.
//!    A field named `id` is named for the path's last noun (`/contacts/{id}/companies` →
//!    `CompanyId`); a name the prelude has (`From`, `Into`) is prefixed with the method's.
//!
//! The newtypes and choices are emitted once per API in `operations::args`. Every case and its
//! resolution is in [`Api::swaps`] (the codegen report's *Arguments* section); a case the rule
//! cannot resolve is an error.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    Api, ArgSource, Argument, BodyStyle, Choice, Field, Operation, ParamLocation, SwapCase, Ty,
    TypeKind,
};
use crate::overrides::Overrides;
use crate::{docs, naming};

/// Names the prelude (or std's most used types) already has: a newtype by that name would
/// shadow it in a user's `use operations::args::*`.
const PRELUDE: &[&str] = &[
    "Box", "Clone", "Copy", "Default", "Drop", "Eq", "Err", "Fn", "From", "Into", "Iterator",
    "None", "Ok", "Option", "Ord", "Result", "Send", "Sized", "Some", "String", "Sync", "ToString",
    "Vec",
];

/// An argument while the rule runs: where it comes from, its type, and whether it is a path
/// parameter.
#[derive(Debug, Clone)]
struct Candidate {
    arg: Argument,
    ty: Ty,
    path: bool,
    /// Wire name, for naming a wrapper.
    wire: String,
}

impl Candidate {
    /// What makes two arguments the same Rust type: the wrapper if any, else the type.
    fn type_key(&self) -> String {
        match (&self.arg.wrapper, &self.arg.source) {
            (Some(w), _) => format!("wrapper {w}"),
            (None, ArgSource::Choice(c)) => format!("choice {}", c.name),
            (None, _) => format!("{:?}", self.ty),
        }
    }
}

/// Decides the arguments of every operation and shortcut.
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    let mut swaps = Vec::new();
    let mut choices: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let call = format!(
            "{}().{}",
            op.resource,
            op.method_name.trim_start_matches("r#")
        );
        let fields = body_struct(api, op).map(|st| st.to_vec());
        let candidates = op_candidates(api, op, fields.as_deref());
        let (arguments, case) = resolve(api, op, &call, candidates, fields.as_deref(), diagnostics);
        swaps.extend(case);
        let mut shortcut_args = Vec::new();
        for (s, shortcut) in op.shortcuts.iter().enumerate() {
            let call = format!(
                "{}().{}",
                op.resource,
                shortcut.method.trim_start_matches("r#")
            );
            let at = child(&op.origin, &format!("x-shortcut-{}", shortcut.method));
            let Some(fields) = variant_fields(api, op, shortcut.variant) else {
                diagnostics.error(
                    at,
                    format!(
                        "shortcut `{}`: the body variant is not an object",
                        shortcut.method
                    ),
                );
                shortcut_args.push((s, Vec::new()));
                continue;
            };
            if !check_shortcut(api, shortcut, &fields, &at, overrides, diagnostics) {
                shortcut_args.push((s, Vec::new()));
                continue;
            }
            let mut candidates = required_params(op);
            for (j, f) in fields.iter().enumerate() {
                let fixed = shortcut.set.iter().any(|(w, _)| *w == f.wire);
                let required = shortcut.require.contains(&f.wire);
                if fixed || (api.fills_itself(f) && !required) {
                    continue;
                }
                candidates.push(field_candidate(j, f));
            }
            let (arguments, case) = resolve(api, op, &call, candidates, Some(&fields), diagnostics);
            swaps.extend(case);
            shortcut_args.push((s, arguments));
        }
        let op = &mut api.operations[i];
        op.arguments = arguments;
        for (s, arguments) in shortcut_args {
            op.shortcuts[s].arguments = arguments;
        }
    }
    // One `operations::args` enum per choice name: the same name must mean the same variants.
    for op in &api.operations {
        let all = op
            .arguments
            .iter()
            .chain(op.shortcuts.iter().flat_map(|s| &s.arguments));
        for arg in all {
            if let ArgSource::Choice(c) = &arg.source {
                let seen = choices.entry(c.name.clone()).or_insert(c.variants.clone());
                if *seen != c.variants {
                    diagnostics.error(
                        op.origin.clone(),
                        format!(
                            "the typed choice `{}` has different variants in two operations; \
                             rename one",
                            c.name
                        ),
                    );
                }
            }
        }
    }
    api.swaps = swaps;
}

/// The fields of a flattened body.
fn body_struct<'a>(api: &'a Api, op: &Operation) -> Option<&'a [Field]> {
    let body = op.body.as_ref()?;
    let BodyStyle::Flattened(id) = &body.style else {
        return None;
    };
    match &api.ty(*id).kind {
        TypeKind::Struct(st) => Some(&st.fields),
        _ => None,
    }
}

/// The fields of one variant of the body union.
fn variant_fields(api: &Api, op: &Operation, variant: usize) -> Option<Vec<Field>> {
    let union = op.body.as_ref()?.ty.named()?;
    let TypeKind::Union(u) = &api.ty(union).kind else {
        return None;
    };
    let vid = u.variants.get(variant)?.ty.named()?;
    match &api.ty(vid).kind {
        TypeKind::Struct(st) => Some(st.fields.clone()),
        _ => None,
    }
}

/// Checks a shortcut's `set` (enum fields, to one of their values) and `require` (optional
/// fields) against its variant.
fn check_shortcut(
    api: &Api,
    shortcut: &crate::ir::Shortcut,
    fields: &[Field],
    at: &str,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for (wire, value) in &shortcut.set {
        let values = fields.iter().find(|f| f.wire == *wire).and_then(|f| {
            let id = f.ty.named()?;
            match &api.ty(id).kind {
                TypeKind::Enum(e) => Some(e.variants.iter().map(|v| v.wire.clone()).collect()),
                _ => None,
            }
        });
        let values: Vec<String> = values.unwrap_or_default();
        if !values.contains(value) {
            ok = false;
            overrides.not_applied(
                diagnostics,
                at,
                format!(
                    "shortcut `{}` sets `{wire}: {value}`, but the variant has no enum field \
                     `{wire}` with that value ({})",
                    shortcut.method,
                    crate::overrides::FILE
                ),
            );
        }
    }
    for wire in &shortcut.require {
        if !fields
            .iter()
            .any(|f| f.wire == *wire && f.presence.has_default())
        {
            ok = false;
            overrides.not_applied(
                diagnostics,
                at,
                format!(
                    "shortcut `{}` requires `{wire}`, which is not an optional field of the \
                     variant ({})",
                    shortcut.method,
                    crate::overrides::FILE
                ),
            );
        }
    }
    ok
}

/// The required path, query and header parameters, in the operation's order (path parameters
/// first, in path order).
fn required_params(op: &Operation) -> Vec<Candidate> {
    op.params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.required)
        .map(|(i, p)| Candidate {
            arg: Argument {
                name: p.name.clone(),
                source: ArgSource::Param(i),
                wrapper: None,
                doc: describe(p.doc.as_deref(), || {
                    format!("The `{}` {} parameter.", p.wire, location_word(p.location))
                }),
            },
            ty: p.ty.clone(),
            path: p.location == ParamLocation::Path,
            wire: p.wire.clone(),
        })
        .collect()
}

fn field_candidate(index: usize, f: &Field) -> Candidate {
    Candidate {
        arg: Argument {
            name: f.name.clone(),
            source: ArgSource::Field(index),
            wrapper: None,
            doc: describe(f.doc.as_deref(), || {
                format!("The body's `{}` property.", f.wire)
            }),
        },
        ty: f.ty.clone(),
        path: false,
        wire: f.wire.clone(),
    }
}

/// The handle method's candidates: required parameters, then the body's.
fn op_candidates(api: &Api, op: &Operation, fields: Option<&[Field]>) -> Vec<Candidate> {
    let mut out = required_params(op);
    match (&op.body, fields) {
        (Some(_), Some(fields)) => {
            for (j, f) in fields.iter().enumerate() {
                if !api.fills_itself(f) {
                    out.push(field_candidate(j, f));
                }
            }
        }
        (Some(body), None) if body.style == (BodyStyle::Whole { optional: false }) => {
            let what = match body.ty.named() {
                Some(id) => format!("The request body ([`models::{}`]).", api.ty(id).name),
                None => "The request body.".to_string(),
            };
            out.push(Candidate {
                arg: Argument {
                    name: "body".into(),
                    source: ArgSource::Body,
                    wrapper: None,
                    doc: what,
                },
                ty: body.ty.clone(),
                path: false,
                wire: "body".into(),
            });
        }
        _ => {}
    }
    out
}

/// Pairs of adjacent candidates of the same type, not both path parameters.
fn clashes(candidates: &[Candidate]) -> Vec<(usize, usize)> {
    candidates
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].type_key() == w[1].type_key() && !(w[0].path && w[1].path))
        .map(|(i, _)| (i, i + 1))
        .collect()
}

/// Applies the rule to one method's candidates.
fn resolve(
    api: &Api,
    op: &Operation,
    call: &str,
    mut candidates: Vec<Candidate>,
    fields: Option<&[Field]>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Argument>, Option<SwapCase>) {
    let label = |c: &Candidate| {
        format!(
            "{}: {}",
            c.arg.name.trim_start_matches("r#"),
            ty_label(api, c)
        )
    };
    let found = clashes(&candidates);
    if found.is_empty() {
        return (candidates.into_iter().map(|c| c.arg).collect(), None);
    }
    let before: Vec<String> = candidates.iter().map(label).collect();
    let mut how = Vec::new();
    // 1. Typed choices.
    if let Some(fields) = fields {
        while let Some((tag_at, value_at, choice)) = find_choice(api, &candidates, fields) {
            how.push(format!(
                "`{}` + `{}` → `{}::{{{}}}`",
                candidates[tag_at].arg.name.trim_start_matches("r#"),
                candidates[value_at].arg.name,
                choice.name,
                choice
                    .variants
                    .iter()
                    .map(|(v, _)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let value_doc = candidates[value_at].arg.doc.clone();
            let name = naming::field_name(&naming::words(&choice.name).join("_"));
            candidates[tag_at] = Candidate {
                arg: Argument {
                    name,
                    doc: value_doc,
                    wrapper: None,
                    source: ArgSource::Choice(choice),
                },
                ty: Ty::Json,
                path: false,
                wire: String::new(),
            };
            candidates.remove(value_at);
        }
    }
    // 2. Named arguments.
    for (a, b) in clashes(&candidates) {
        for k in [a, b] {
            let c = &mut candidates[k];
            if c.path || c.arg.wrapper.is_some() {
                continue;
            }
            let wrapper = wrapper_name(op, &c.wire);
            how.push(format!(
                "`{}` → `{wrapper}(…)`",
                c.arg.name.trim_start_matches("r#")
            ));
            c.arg.wrapper = Some(wrapper);
        }
    }
    let after: Vec<String> = candidates.iter().map(label).collect();
    if !clashes(&candidates).is_empty() {
        diagnostics.error(
            op.origin.clone(),
            format!(
                "`{call}({})`: adjacent arguments of the same type remain after the argument rule \
                 (generator/src/passes/arguments.rs)",
                after.join(", ")
            ),
        );
    }
    let case = SwapCase {
        call: call.to_string(),
        before,
        after,
        resolution: how.join("; "),
    };
    (candidates.into_iter().map(|c| c.arg).collect(), Some(case))
}

/// An enum field and an `…_id` field among the candidates whose description names every value
/// of the enum: (enum's position, id's position, the choice).
fn find_choice(
    api: &Api,
    candidates: &[Candidate],
    fields: &[Field],
) -> Option<(usize, usize, Choice)> {
    for (t, tag) in candidates.iter().enumerate() {
        let ArgSource::Field(tag_field) = tag.arg.source else {
            continue;
        };
        let Some(tag_type) = tag.ty.named() else {
            continue;
        };
        let TypeKind::Enum(e) = &api.ty(tag_type).kind else {
            continue;
        };
        if e.variants.len() < 2 {
            continue;
        }
        for (v, value) in candidates.iter().enumerate() {
            let ArgSource::Field(value_field) = value.arg.source else {
                continue;
            };
            let Some(stem) = value.wire.strip_suffix("_id") else {
                continue;
            };
            if value.ty != Ty::String || stem.is_empty() {
                continue;
            }
            let doc = fields[value_field]
                .doc
                .as_deref()
                .unwrap_or_default()
                .to_lowercase();
            let words = naming::words(&doc);
            if !e
                .variants
                .iter()
                .all(|ev| words.contains(&ev.wire.to_lowercase()))
            {
                continue;
            }
            let choice = Choice {
                name: naming::type_name(stem),
                tag: tag_field,
                value: value_field,
                tag_type,
                variants: e
                    .variants
                    .iter()
                    .map(|ev| (ev.name.clone(), ev.wire.clone()))
                    .collect(),
            };
            return Some((t, v, choice));
        }
    }
    None
}

/// The newtype a clashing argument comes wrapped in.
fn wrapper_name(op: &Operation, wire: &str) -> String {
    let base = if wire == "id" {
        let noun = op
            .path
            .split('/')
            .rfind(|s| !s.is_empty() && !s.contains('{'))
            .unwrap_or("record");
        format!("{}_id", naming::singular(noun))
    } else {
        wire.to_string()
    };
    let name = naming::type_name(&base);
    if PRELUDE.contains(&name.as_str()) {
        naming::type_name(&format!(
            "{}_{base}",
            op.method_name.trim_start_matches("r#")
        ))
    } else {
        name
    }
}

/// The type as the report shows it.
fn ty_label(api: &Api, c: &Candidate) -> String {
    if let Some(w) = &c.arg.wrapper {
        return format!("{w}<…>");
    }
    if let ArgSource::Choice(choice) = &c.arg.source {
        return choice.name.clone();
    }
    fn plain(api: &Api, ty: &Ty) -> String {
        match ty {
            Ty::Named(id) => api.ty(*id).name.clone(),
            Ty::String => "String".into(),
            Ty::Integer => "i64".into(),
            Ty::Number => "f64".into(),
            Ty::Boolean => "bool".into(),
            Ty::Timestamp => "Timestamp".into(),
            Ty::Array(inner) => format!("Vec<{}>", plain(api, inner)),
            other => format!("{other:?}"),
        }
    }
    plain(api, &c.ty)
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// One line of rustdoc from a description's first paragraph, or the fallback.
fn describe(description: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    // Some descriptions carry a literal `\n` (two characters) where a line break was meant.
    let text = description
        .map(|d| docs::to_rustdoc(&d.replace("\\n", "\n")))
        .unwrap_or_default();
    let first: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect();
    let line = first.join(" ");
    // A heading, list, table, quote or HTML block does not fit in a list item's line.
    if line.is_empty() || line.starts_with(['#', '*', '-', '|', '>', '<']) {
        fallback()
    } else {
        line
    }
}
