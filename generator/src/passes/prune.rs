//! Response-only type tags become plain strings.
//!
//! A response field such as `contact.type` (`enum: [contact]`) names the object it sits in. As a
//! Rust enum it would have one known variant plus `Unknown(String)`: a string with extra steps
//! and ten trait impls to compile. Such fields are typed `String` (documented with their value),
//! and the enum type is dropped. Request-side tags stay enums: there they are constants the
//! constructors fill in, so a request cannot carry a wrong tag.
//!
//! Reads: [`crate::ir::TypeDef::usage`]. Writes: the fields' types and docs, and removes the
//! enums from `api.types` (renumbering every [`TypeId`]). Runs after [`super::reach`]'s `mark`.

use crate::ir::{Api, BodyStyle, ResponseKind, Ty, TypeId, TypeKind};

/// Replaces response-only single-value enums by `String` and removes them from `api.types`.
pub fn inline_response_tags(api: &mut Api) {
    let doomed: Vec<Option<String>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Enum(e) if e.variants.len() == 1 && t.usage.response && !t.usage.request => {
                e.variants.first().map(|v| v.wire.clone())
            }
            _ => None,
        })
        .collect();
    if doomed.iter().all(Option::is_none) {
        return;
    }
    let mut remap = Vec::with_capacity(doomed.len());
    let mut next = 0;
    for d in &doomed {
        remap.push(next);
        if d.is_none() {
            next += 1;
        }
    }
    let rewrite = |ty: &mut Ty| rewrite(ty, &doomed, &remap);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(st) => {
                for f in &mut st.fields {
                    if let Ty::Named(id) = f.ty
                        && let Some(value) = &doomed[id.0]
                    {
                        let note = format!("Always `{}`.", value.replace('`', "'"));
                        f.doc = Some(match f.doc.take() {
                            Some(doc) if doc.contains(value.as_str()) => doc,
                            Some(doc) => format!("{doc}\n\n{note}"),
                            None => note,
                        });
                    }
                    rewrite(&mut f.ty);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rewrite(&mut v.ty)),
            TypeKind::Alias(ty) => rewrite(ty),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| rewrite(&mut p.ty));
        if let Some(body) = &mut op.body {
            rewrite(&mut body.ty);
            if let BodyStyle::Flattened(id) = &mut body.style {
                *id = TypeId(remap[id.0]);
            }
        }
        for r in op
            .responses
            .iter_mut()
            .chain(std::iter::once(&mut op.success))
        {
            if let ResponseKind::Json(ty) = &mut r.kind {
                rewrite(ty);
            }
        }
    }
    let mut i = 0;
    api.types.retain(|_| {
        let keep = doomed[i].is_none();
        i += 1;
        keep
    });
}

fn rewrite(ty: &mut Ty, doomed: &[Option<String>], remap: &[usize]) {
    match ty {
        Ty::Named(id) => {
            *ty = match doomed[id.0] {
                Some(_) => Ty::String,
                None => Ty::Named(TypeId(remap[id.0])),
            }
        }
        other => {
            if let Some(inner) = other.inner_mut() {
                rewrite(inner, doomed, remap);
            }
        }
    }
}
