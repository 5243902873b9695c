//! Lower phase: typed OpenAPI → [`crate::ir::Api`], for [`crate::passes`] to finish.
//!
//! The only phase that sees `openapiv3` types. It names everything (through [`crate::naming`]
//! and `spec/overrides.yaml`), decides every schema's Rust type (`types`, `unions`, with
//! read-only views of schemas in `schema`), turns operations into request descriptions
//! (`operations`), and reads out the description's response examples (`examples`) for the
//! evidence pass. The webhook topics and item kinds of the overrides are resolved to models here
//! too (`webhooks`), before the reach pass, so the models they use are compiled with the
//! `webhooks` feature. Everything decided on the IR alone (reach, usage, timestamps, prose, paging,
//! risk, search fields, waiters, upserts) is a pass.

mod examples;
mod operations;
mod schema;
#[cfg(test)]
mod tests;
mod types;
mod unions;
mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostics;
use crate::ir::ResponseExample;
use crate::ir::{Api, ApiInfo, Resource};
use crate::naming;
use crate::overrides::Overrides;

/// Lowers a typed, normalized description: the API before the [`crate::passes`], and the
/// description's JSON response examples for [`crate::passes::evidence`].
///
/// An override entry that does not apply is reported through [`Overrides::not_applied`];
/// `webhooks` says whether this API gets the crate's webhook topics (the overrides' section).
pub fn lower(
    spec: &OpenAPI,
    info: ApiInfo,
    overrides: &Overrides,
    webhooks: bool,
    diagnostics: &mut Diagnostics,
) -> (Api, Vec<ResponseExample>) {
    validate_overrides(spec, overrides, diagnostics);
    let mut types = types::Lowerer::new(spec, overrides, diagnostics);
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
        webhooks: None,
        timestamps: Default::default(),
        prose: Vec::new(),
        swaps: Vec::new(),
    };
    if webhooks {
        api.webhooks = Some(webhooks::resolve(&api, overrides, diagnostics));
    }
    (api, examples::response_examples(spec))
}

fn validate_overrides(spec: &OpenAPI, overrides: &Overrides, diagnostics: &mut Diagnostics) {
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
    overrides.validate(&ops, &tags, &schemas, diagnostics);
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
