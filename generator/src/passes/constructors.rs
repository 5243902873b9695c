//! Conversions and constructors that read like the task.
//!
//! - **`From` for union variants**: every union (request or response) converts from the type
//!   each variant holds, and from the types the variants of a nested union hold
//!   (`ContactReplyIntercomUserIdRequest` → `ContactReplyConversationRequest` →
//!   `ReplyConversationRequest`), where that type is held at exactly one place of the union. A
//!   type held twice, untyped JSON, and the union itself get no `From`; each such variant is
//!   recorded with the reason ([`UnionDef::no_conversion`]), for the codegen report.
//! - **Alternatives**: each "at least one of" alternative of a struct gets its constructor name
//!   ([`StructDef::alternatives`]): the value its title names, which the constructor then fills
//!   in (`CreateMessageRequest::email(…)`, titled ``message_type: `email`.``), else `with_` + its
//!   keys. The naming rule is [`naming::constructors`].
//! - **Union constructors**: a request union gets one constructor per way to build each variant
//!   that holds a struct (directly, or through a nested union whose variants are structs): the
//!   struct's `new` (or `Default`), or each of its alternatives
//!   (`ReplyConversationRequest::admin_comment(admin_id, body)`,
//!   `ReplyConversationRequest::contact_comment(body, intercom_user_id)`).
//!
//! Reads: types, their usage, [`StructDef::requires_one_of`] and its titles. Writes:
//! [`StructDef::alternatives`], [`UnionDef::conversions`], [`UnionDef::no_conversion`],
//! [`UnionDef::constructors`]. Runs after [`super::prose`] (which adds alternatives).

use std::collections::BTreeMap;

use crate::ir::{
    Alternative, Api, Conversion, StructDef, Ty, TypeDef, TypeId, TypeKind, UnionConstructor,
    UnionDef, UnionRepr,
};
use crate::naming;
use crate::naming::constructors::{
    KIND_FIELDS, alternative_method, matching_value, title_value, union_constructor,
};

/// How deep conversions look into nested unions.
const NESTING: usize = 3;

/// Decides every struct's alternative constructors, then every union's conversions and
/// constructors.
pub fn decide(api: &mut Api) {
    for i in 0..api.types.len() {
        let alternatives = match &api.types[i].kind {
            TypeKind::Struct(st) if !st.requires_one_of.is_empty() => alternatives(api, st),
            _ => continue,
        };
        if let TypeKind::Struct(st) = &mut api.types[i].kind {
            st.alternatives = alternatives;
        }
    }
    for i in 0..api.types.len() {
        let TypeKind::Union(u) = &api.types[i].kind else {
            continue;
        };
        let (conversions, skipped) = conversions(api, TypeId(i), u);
        let constructors = if api.types[i].usage.request {
            constructors(api, u)
        } else {
            Vec::new()
        };
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            u.conversions = conversions;
            u.no_conversion = skipped;
            u.constructors = constructors;
        }
    }
}

/// The enum values of a field's type, when it is an enum.
fn enum_values(api: &Api, ty: &Ty) -> Option<Vec<(String, String)>> {
    match ty.named().map(|id| &api.ty(id).kind) {
        Some(TypeKind::Enum(e)) => Some(
            e.variants
                .iter()
                .map(|v| (v.wire.clone(), v.name.clone()))
                .collect(),
        ),
        _ => None,
    }
}

fn alternatives(api: &Api, st: &StructDef) -> Vec<Alternative> {
    let common: Vec<&String> = st
        .requires_one_of
        .first()
        .map(|first| {
            first
                .iter()
                .filter(|k| st.requires_one_of.iter().all(|set| set.contains(k)))
                .collect()
        })
        .unwrap_or_default();
    // Names the struct's own methods already use: getters and `and_`/setters of its fields.
    let taken: Vec<String> = st
        .fields
        .iter()
        .flat_map(|f| {
            let plain = f.name.trim_start_matches("r#").to_string();
            [
                plain.clone(),
                format!("and_{plain}"),
                naming::setter_name(&f.name),
            ]
        })
        .chain(["new".to_string(), "default".to_string()])
        .collect();
    let mut methods = Vec::new();
    let mut fixed_all = Vec::new();
    for (i, set) in st.requires_one_of.iter().enumerate() {
        let chosen: Vec<&str> = st
            .fields
            .iter()
            .filter(|f| set.contains(&f.wire))
            .map(|f| f.name.trim_start_matches("r#"))
            .collect();
        let distinct: Vec<&str> = st
            .fields
            .iter()
            .filter(|f| set.contains(&f.wire) && !common.contains(&&f.wire))
            .map(|f| f.name.trim_start_matches("r#"))
            .collect();
        let keys = if distinct.is_empty() {
            chosen
        } else {
            distinct
        };
        let fixed = st
            .one_of_titles
            .get(i)
            .cloned()
            .flatten()
            .and_then(|title| {
                let (field, said) = title_value(&title)?;
                let f = st
                    .fields
                    .iter()
                    .find(|f| f.wire == field && set.contains(&f.wire))?;
                let values = enum_values(api, &f.ty)?;
                let wires: Vec<String> = values.iter().map(|(w, _)| w.clone()).collect();
                let wire = matching_value(said, &wires)?.clone();
                let variant = values.iter().find(|(w, _)| *w == wire)?.1.clone();
                Some((f.wire.clone(), wire, variant))
            });
        let mut method = alternative_method(fixed.as_ref().map(|f| f.1.as_str()), &keys);
        let mut fixed = fixed.map(|(field, _, variant)| (field, variant));
        if taken.contains(&method) {
            method = alternative_method(None, &keys);
            fixed = None;
        }
        methods.push(method);
        fixed_all.push(fixed);
    }
    let (methods, _) = naming::dedupe(&methods);
    methods
        .into_iter()
        .zip(fixed_all)
        .map(|(method, fixed)| Alternative { method, fixed })
        .collect()
}

/// `ty` with aliases looked through (two spellings of one Rust type cannot both convert).
fn resolved(api: &Api, ty: &Ty) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..8 {
        match ty.named().map(|id| &api.ty(id).kind) {
            Some(TypeKind::Alias(inner)) => ty = inner.clone(),
            _ => break,
        }
    }
    ty
}

/// Every (variant path, held type, variant path name) of a union, nested unions included.
fn held(api: &Api, u: &UnionDef, path: &[usize], names: &str, out: &mut Vec<Held>) {
    for (i, v) in u.variants.iter().enumerate() {
        let mut p = path.to_vec();
        p.push(i);
        let name = if names.is_empty() {
            v.name.clone()
        } else {
            format!("{names}::{}", v.name)
        };
        out.push(Held {
            path: p.clone(),
            ty: v.ty.clone(),
            name: name.clone(),
        });
        if p.len() < NESTING
            && let Some(TypeKind::Union(inner)) = v.ty.named().map(|id| &api.ty(id).kind)
        {
            held(api, inner, &p, &name, out);
        }
    }
}

struct Held {
    path: Vec<usize>,
    ty: Ty,
    name: String,
}

fn conversions(api: &Api, own: TypeId, u: &UnionDef) -> (Vec<Conversion>, Vec<(String, String)>) {
    let mut all = Vec::new();
    held(api, u, &[], "", &mut all);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for h in &all {
        *counts
            .entry(format!("{:?}", resolved(api, &h.ty)))
            .or_default() += 1;
    }
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for h in all {
        let ty = resolved(api, &h.ty);
        let reason = match &ty {
            Ty::Json | Ty::JsonObject | Ty::Optional(_) => {
                Some("untyped JSON: a `From` would hide which variant is meant")
            }
            Ty::Named(id) if *id == own => Some("the union itself"),
            _ if counts[&format!("{ty:?}")] > 1 => {
                Some("its type is held by another variant too: `From` could not choose")
            }
            _ => None,
        };
        match reason {
            Some(reason) => skipped.push((h.name, reason.to_string())),
            None => out.push(Conversion {
                path: h.path,
                ty: h.ty,
            }),
        }
    }
    (out, skipped)
}

/// The struct behind a type, if it is one.
fn structure<'a>(api: &'a Api, ty: &Ty) -> Option<(&'a TypeDef, &'a StructDef)> {
    let def = api.ty(ty.named()?);
    match &def.kind {
        TypeKind::Struct(st) => Some((def, st)),
        _ => None,
    }
}

fn constructors(api: &Api, u: &UnionDef) -> Vec<UnionConstructor> {
    let tag = match &u.repr {
        UnionRepr::Tagged { property } => Some(property.as_str()),
        _ => None,
    };
    let mut found: Vec<(String, Vec<usize>, Option<usize>)> = Vec::new();
    // A union told apart by JSON kind (`One`/`Many`, `String`/`Integer`) converts instead.
    if u.repr == UnionRepr::Kinds {
        return Vec::new();
    }
    for (i, v) in u.variants.iter().enumerate() {
        if structure(api, &v.ty).is_some() {
            // In a union told apart by keys, the variant is its key: a kind names the
            // constructor, and the other variants say what identifies them.
            let keyed = (u.repr == UnionRepr::Keys).then(|| {
                (i > 0)
                    .then(|| v.keys.first().cloned())
                    .flatten()
                    .unwrap_or_default()
            });
            let named = Named {
                variant: &v.name,
                by: None,
                keyed: keyed.as_deref(),
            };
            struct_constructors(api, &v.ty, named, tag, vec![i], &mut found);
            continue;
        }
        let Some(TypeKind::Union(inner)) = v.ty.named().map(|id| &api.ty(id).kind) else {
            continue;
        };
        if !inner
            .variants
            .iter()
            .all(|w| structure(api, &w.ty).is_some())
        {
            continue;
        }
        let inner_tag = match &inner.repr {
            UnionRepr::Tagged { property } => Some(property.as_str()),
            _ => tag,
        };
        for (j, w) in inner.variants.iter().enumerate() {
            // The first keyed variant is the plain way; the others say what identifies them.
            let by = (j > 0).then(|| w.keys.first().cloned().unwrap_or_else(|| w.name.clone()));
            let named = Named {
                variant: &v.name,
                by: by.as_deref(),
                keyed: None,
            };
            struct_constructors(api, &w.ty, named, inner_tag, vec![i, j], &mut found);
        }
    }
    let names: Vec<String> = found.iter().map(|f| f.0.clone()).collect();
    let (names, _) = naming::dedupe(&names);
    found
        .into_iter()
        .zip(names)
        .map(|((_, path, alternative), name)| UnionConstructor {
            name,
            path,
            alternative,
        })
        .collect()
}

/// The constructors of the struct `ty` held at `path`: one per alternative, or one for `new`.
/// What names a union constructor: the variant, the key a nested keyed variant is reached by,
/// and, for a variant of a union told apart by keys, its key (`Some("")` for the first).
#[derive(Clone, Copy)]
struct Named<'a> {
    variant: &'a str,
    by: Option<&'a str>,
    keyed: Option<&'a str>,
}

impl Named<'_> {
    /// `admin_comment`; in a keyed union `comment`, `comment_by_email` (the variant alone when
    /// nothing names what it does: `email`).
    fn name(&self, what: Option<&str>) -> String {
        match (self.keyed, what) {
            (Some(key), Some(w)) if !w.starts_with("with_") => {
                union_constructor(w, None, Some(key).filter(|k| !k.is_empty()))
            }
            _ => union_constructor(self.variant, what, self.by),
        }
    }
}

fn struct_constructors(
    api: &Api,
    ty: &Ty,
    named: Named,
    tag: Option<&str>,
    path: Vec<usize>,
    out: &mut Vec<(String, Vec<usize>, Option<usize>)>,
) {
    let Some((_, st)) = structure(api, ty) else {
        return;
    };
    if !st.alternatives.is_empty() {
        for (k, alt) in st.alternatives.iter().enumerate() {
            out.push((named.name(Some(&alt.method)), path.clone(), Some(k)));
        }
        return;
    }
    // The one value of a kind field (other than the union's tag) says what the variant does.
    let kind = st
        .fields
        .iter()
        .filter(|f| KIND_FIELDS.contains(&f.wire.as_str()) && Some(f.wire.as_str()) != tag)
        .find_map(|f| match enum_values(api, &f.ty).as_deref() {
            Some([(wire, _)]) => Some(wire.clone()),
            _ => None,
        });
    out.push((named.name(kind.as_deref()), path, None));
}
