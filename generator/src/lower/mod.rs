//! Lower phase: typed OpenAPI → [`crate::ir::Api`].
//!
//! The only phase that sees `openapiv3` types. It names everything (through [`crate::naming`]
//! and `spec/overrides.yaml`), decides every schema's Rust type ([`types`], [`unions`]), turns
//! operations into request descriptions ([`operations`]), computes where each type is used
//! and which cargo features need it ([`reach`]), relaxes the fields the description's own
//! response examples leave out or send as `null` ([`evidence`]), types every unix time as a
//! `Timestamp` ([`timestamps`]), fills in the values and enforces the identities descriptions
//! state only in words ([`prose`]), decides how much harm each operation can do and whether it
//! reaches end users ([`risk`]), reads the typed search fields ([`search`]), and checks the
//! helpers `spec/overrides.yaml` declares: job waiters ([`waiters`]) and create-or-update
//! through a create's 409 ([`upserts`]).

mod evidence;
mod operations;
mod paging;
mod prose;
mod prune;
mod reach;
mod risk;
mod schema;
mod search;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_paging;
#[cfg(test)]
mod tests_risk;
#[cfg(test)]
mod tests_truth;
mod timestamps;
mod types;
mod unions;
mod upserts;
mod usage;
mod waiters;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, ApiInfo, BodyInput, Resource, Ty, TypeKind};
use crate::naming;
use crate::overrides::Overrides;

pub use reach::type_children;
pub use risk::{DESTRUCTIVE_VERBS, READ_VERBS};

/// Lowers a typed, normalized description.
///
/// `strict` makes a dangling override entry an error (used for the pinned version).
pub fn lower(
    spec: &OpenAPI,
    info: ApiInfo,
    overrides: &Overrides,
    strict: bool,
    diagnostics: &mut Diagnostics,
) -> Api {
    validate_overrides(spec, overrides, strict, diagnostics);
    let mut types = types::Types::new(spec, overrides, diagnostics);
    types.lower_components();
    let mut drafts = types.operations(overrides);
    let defs = std::mem::take(&mut types.defs);
    let fallbacks = std::mem::take(&mut types.fallbacks);
    drop(types);

    dedupe_method_names(&mut drafts, diagnostics);
    let resources = resources(spec, &drafts);
    let mut operations: Vec<_> = drafts.into_iter().map(|d| d.op).collect();
    operations.sort_by(|a, b| {
        (a.resource.as_str(), a.method_name.as_str())
            .cmp(&(b.resource.as_str(), b.method_name.as_str()))
    });
    let mut api = Api {
        info,
        types: defs,
        resources,
        operations,
        fallbacks,
        timestamps: Default::default(),
        prose: Vec::new(),
    };
    search::use_runtime_query(&mut api);
    timestamps::decide(&mut api, overrides, strict, diagnostics);
    reach::mark(&mut api);
    prune::inline_response_tags(&mut api);
    usage::decide(&mut api, diagnostics);
    evidence::relax(&mut api, spec, diagnostics);
    prose::decide(&mut api, overrides, strict, diagnostics);
    paging::decide(&mut api, overrides, strict, diagnostics);
    risk::decide(&mut api, overrides, strict, diagnostics);
    decide_body_inputs(&mut api);
    search::typed_fields(&mut api, overrides, strict, diagnostics);
    waiters::decide(&mut api, overrides, strict, diagnostics);
    upserts::decide(&mut api, overrides, strict, diagnostics);
    reach::split_files_by_gate(&mut api.types);
    api
}

fn validate_overrides(
    spec: &OpenAPI,
    overrides: &Overrides,
    strict: bool,
    diagnostics: &mut Diagnostics,
) {
    let mut ops = Vec::new();
    let mut tags: BTreeSet<String> = spec.tags.iter().map(|t| t.name.clone()).collect();
    for (path, item) in spec.paths.paths.iter() {
        if let Some(item) = item.as_item() {
            for (method, op) in item.iter() {
                ops.push((
                    op.operation_id.clone(),
                    format!("{} {path}", method.to_uppercase()),
                ));
                tags.extend(op.tags.iter().cloned());
            }
        }
    }
    let schemas: BTreeSet<String> = spec
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default();
    overrides.validate(&ops, &tags, &schemas, strict, diagnostics);
}

/// Within a resource, two operations may not share a method name: the one the rules named gives
/// way to its snake-cased operationId (an override always wins), then numbers are appended.
fn dedupe_method_names(drafts: &mut [operations::Draft], diagnostics: &mut Diagnostics) {
    let mut by_resource: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        by_resource
            .entry(d.op.resource.clone())
            .or_default()
            .push(i);
    }
    for indices in by_resource.values() {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &i in indices {
            *counts.entry(drafts[i].op.method_name.clone()).or_default() += 1;
        }
        for &i in indices {
            let d = &mut drafts[i];
            if counts.get(&d.op.method_name).copied().unwrap_or(0) > 1 && !d.named_by_override {
                let fallback = naming::field_name(&d.op.id);
                diagnostics.warning(
                    &d.op.origin,
                    format!(
                        "method name `{}` is shared by several `{}` operations; this one is `{fallback}` \
                         (name it in {})",
                        d.op.method_name,
                        d.op.resource,
                        crate::overrides::FILE
                    ),
                );
                d.op.method_name = fallback;
            }
        }
        let names: Vec<String> = indices
            .iter()
            .map(|&i| drafts[i].op.method_name.clone())
            .collect();
        let (unique, collisions) = naming::dedupe(&names);
        for (k, original) in collisions {
            let i = indices[k];
            diagnostics.error(
                &drafts[i].op.origin,
                format!(
                    "method name `{original}` is used twice in `{}`; fix it in {}",
                    drafts[i].op.resource,
                    crate::overrides::FILE
                ),
            );
        }
        for (&i, name) in indices.iter().zip(unique) {
            drafts[i].op.method_name = name;
        }
        for &i in indices {
            let d = &mut drafts[i];
            d.op.builder = naming::builder_name(&d.op.resource, &d.op.method_name);
        }
    }
}

fn resources(spec: &OpenAPI, drafts: &[operations::Draft]) -> Vec<Resource> {
    let mut out: BTreeMap<String, Resource> = BTreeMap::new();
    for d in drafts {
        out.entry(d.op.resource.clone())
            .or_insert_with(|| Resource {
                module: d.op.resource.clone(),
                tag: d.tag.clone(),
                handle: naming::type_name(&d.op.resource),
                doc: spec
                    .tags
                    .iter()
                    .find(|t| t.name == d.tag)
                    .and_then(|t| t.description.clone()),
            });
    }
    out.into_values().collect()
}

/// Where each operation's body goes in its JSON input (after paging has added its parameters):
/// an object body's properties beside the parameters, unless one has a parameter's name; anything
/// else under the key `body` (`request_body` if a parameter is called `body`).
fn decide_body_inputs(api: &mut Api) {
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let Some(body) = &op.body else {
            continue;
        };
        let mut ty = &body.ty;
        while let Ty::Named(id) = ty
            && let TypeKind::Alias(inner) = &api.ty(*id).kind
        {
            ty = inner;
        }
        let merged = matches!(ty, Ty::Named(id) if matches!(&api.ty(*id).kind,
            TypeKind::Struct(st) if !st.fields.iter().any(|f| op.params.iter().any(|p| p.wire == f.wire))));
        let input = if merged {
            BodyInput::Merged
        } else {
            let mut key = "body".to_string();
            while op.params.iter().any(|p| p.wire == key) {
                key.insert_str(0, "request_");
            }
            BodyInput::Key(key)
        };
        api.operations[i].body_input = input;
    }
}
