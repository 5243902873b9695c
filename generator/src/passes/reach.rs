//! Where each type is used: request and/or response, and which resource features need it.
//!
//! A type is compiled when any resource feature whose operations reach it is on
//! ([`Gate::AnyOf`]); types every resource reaches are compiled always. A type no operation
//! reaches (an unreferenced component, or one the generator copied into union variants) is
//! compiled when everything it refers to is ([`Gate::AllOf`]), or always if that is nothing gated.
//! The models webhook items decode into (and everything they contain) are also compiled with the
//! `webhooks` feature.
//!
//! Reads: operations' parameters, bodies and responses, and the type graph. Writes:
//! [`TypeDef::usage`], [`TypeDef::gate`], [`crate::ir::Field::boxed`] ([`mark`], after
//! [`super::timestamps`]); [`TypeDef::file`] ([`split_files_by_gate`], the last pass).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, BodyStyle, Gate, ResponseKind, Ty, TypeDef, TypeId, TypeKind};

/// The cargo feature of the crate's `webhooks` module.
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// Fills [`TypeDef::usage`], [`TypeDef::gate`] and [`crate::ir::Field::boxed`].
pub fn mark(api: &mut Api) {
    mark_boxed(&mut api.types);
    let n = api.types.len();
    let mut request = vec![false; n];
    let mut response = vec![false; n];
    let mut features: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
    for op in &api.operations {
        let mut req_roots = Vec::new();
        for p in &op.params {
            roots(&p.ty, &mut req_roots);
        }
        if let Some(b) = &op.body {
            roots(&b.ty, &mut req_roots);
            if let BodyStyle::Flattened(id) = b.style {
                req_roots.push(id);
            }
        }
        let mut resp_roots = Vec::new();
        for r in &op.responses {
            if let ResponseKind::Json(ty) = &r.kind {
                roots(ty, &mut resp_roots);
            }
        }
        let reached_req = closure(&api.types, &req_roots);
        let reached_resp = closure(&api.types, &resp_roots);
        for id in &reached_req {
            request[id.0] = true;
            features[id.0].insert(op.resource.clone());
        }
        for id in &reached_resp {
            response[id.0] = true;
            features[id.0].insert(op.resource.clone());
        }
    }
    // The models webhook items decode into are needed by the `webhooks` feature too.
    if let Some(webhooks) = &api.webhooks {
        let roots: Vec<TypeId> = webhooks.items.iter().map(|i| i.ty).collect();
        for id in closure(&api.types, &roots) {
            response[id.0] = true;
            features[id.0].insert(WEBHOOKS_FEATURE.to_string());
        }
    }
    let all: BTreeSet<String> = api.resources.iter().map(|r| r.module.clone()).collect();
    let gates: Vec<Gate> = (0..n)
        .map(|i| {
            if features[i].is_empty() {
                // Reached by no operation: needs whatever its (reached) children need.
                let groups: BTreeSet<Vec<String>> = closure(&api.types, &[TypeId(i)])
                    .into_iter()
                    .filter(|c| !features[c.0].is_empty() && !features[c.0].is_superset(&all))
                    .map(|c| features[c.0].iter().cloned().collect())
                    .collect();
                if groups.is_empty() {
                    Gate::Always
                } else {
                    Gate::AllOf(groups.into_iter().collect())
                }
            } else if features[i].is_superset(&all) {
                Gate::Always
            } else {
                Gate::AnyOf(features[i].iter().cloned().collect())
            }
        })
        .collect();
    for (i, (def, gate)) in api.types.iter_mut().zip(gates).enumerate() {
        def.usage.request = request[i];
        def.usage.response = response[i];
        def.gate = gate;
    }
}

/// Gives a type its own file when its gate differs from that of the type heading its file (the
/// one with the shortest schema pointer), so that every file is compiled under one condition.
pub fn split_files_by_gate(types: &mut [TypeDef]) {
    let mut files: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, def) in types.iter().enumerate() {
        files.entry(def.file.clone()).or_default().push(i);
    }
    let mut taken: BTreeSet<String> = files.keys().cloned().collect();
    for members in files.values() {
        let Some(&head) = members.iter().min_by_key(|&&i| (types[i].origin.len(), i)) else {
            continue;
        };
        let head_gate = types[head].gate.clone();
        for &i in members {
            if types[i].gate == head_gate {
                continue;
            }
            let base = crate::naming::module_name(&types[i].name);
            let mut file = base.clone();
            let mut n = 2;
            while taken.contains(&file) {
                file = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(file.clone());
            types[i].file = file;
        }
    }
}

fn roots(ty: &Ty, out: &mut Vec<TypeId>) {
    out.extend(ty.named());
}

fn closure(types: &[TypeDef], start: &[TypeId]) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = start.to_vec();
    while let Some(id) = stack.pop() {
        if id.0 >= types.len() || !seen.insert(id) {
            continue;
        }
        stack.extend(type_children(&types[id.0]));
    }
    seen
}

/// The named types a type refers to directly.
pub fn type_children(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(st) => {
            for f in &st.fields {
                roots(&f.ty, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                roots(&v.ty, &mut out);
            }
        }
        TypeKind::Alias(ty) => roots(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// The named type a field or variant holds inline (not behind a `Vec` or map).
fn direct(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}

/// Types reachable from `start` through inline (unboxed, non-container) positions.
fn inline_closure(types: &[TypeDef], start: TypeId) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        if id.0 >= types.len() || !seen.insert(id) {
            continue;
        }
        match &types[id.0].kind {
            TypeKind::Struct(st) => stack.extend(
                st.fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| direct(&f.ty)),
            ),
            TypeKind::Union(u) => stack.extend(u.variants.iter().filter_map(|v| direct(&v.ty))),
            TypeKind::Alias(ty) => stack.extend(direct(ty)),
            TypeKind::Enum(_) => {}
        }
    }
    seen
}

/// Boxes struct fields that would make a type infinitely sized: a field whose type reaches the
/// struct again through inline positions. Fields are boxed one at a time, in order, so a cycle is
/// broken at its first field only.
fn mark_boxed(types: &mut [TypeDef]) {
    for s in 0..types.len() {
        let count = match &types[s].kind {
            TypeKind::Struct(st) => st.fields.len(),
            _ => continue,
        };
        for i in 0..count {
            let target = match &types[s].kind {
                TypeKind::Struct(st) => direct(&st.fields[i].ty),
                _ => None,
            };
            let Some(target) = target else { continue };
            if inline_closure(types, target).contains(&TypeId(s))
                && let TypeKind::Struct(st) = &mut types[s].kind
            {
                st.fields[i].boxed = true;
            }
        }
    }
}
