//! Paging: which operations page, how, and where their cursors, counters and items are.
//!
//! Inferred from the declared inputs and the response type where the shape is clear (the six
//! styles of `PagingStyle`), or taken from a `paging:` declaration in `spec/overrides.yaml` for
//! the operations whose description leaves its paging parameters out. Either way, every path is
//! checked against the request and response types: a declaration that does not fit is an error
//! (a warning for a version other than the pinned one).
//!
//! Reads: each operation's parameters, body and success type; `paging` of `spec/overrides.yaml`.
//! Writes: [`Operation::paging`], and the paging parameters a declaration adds. Runs after
//! [`super::prose`].

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    Access, Api, BodyStyle, Input, OneOrPage, Operation, Paging, PagingStyle, Param, ParamLocation,
    Presence, ResponseKind, Step, Ty, TypeId, TypeKind,
};
use crate::overrides::{self, Overrides, PagingOverride};

/// Decides the paging of every operation.
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let declared = overrides
            .operation(Some(&op.id), op.http_method.as_str(), &op.path)
            .and_then(|e| e.paging.as_ref());
        let at = op.origin.clone();
        let decl_at = child(
            &child(&format!("{}#", overrides::FILE), "operations"),
            &op.id,
        );
        let outcome = match declared {
            Some(decl) => declare(api, i, decl, &decl_at),
            None => Ok(infer(api, &api.operations[i])),
        };
        match outcome {
            Ok(paging) => api.operations[i].paging = paging,
            Err(message) => {
                let message = format!("paging: {message}");
                overrides.not_applied(diagnostics, &decl_at, message);
            }
        }
        let op = &api.operations[i];
        if op.paging.is_none() && declared.is_none() && looks_paged(api, op) {
            diagnostics.warning(
                &at,
                format!(
                    "the response has paging fields but the operation declares no paging \
                     parameter; declare its `paging` style (or `none`) in {}",
                    overrides::FILE
                ),
            );
        }
    }
}

/// Applies a declaration: adds the inputs the style needs and checks every path.
fn declare(
    api: &mut Api,
    index: usize,
    decl: &PagingOverride,
    decl_at: &str,
) -> Result<Option<Paging>, String> {
    let style = PagingStyle::ALL
        .into_iter()
        .find(|s| s.as_str() == decl.style)
        .ok_or_else(|| {
            let names: Vec<&str> = PagingStyle::ALL.iter().map(|s| s.as_str()).collect();
            format!(
                "unknown style `{}` (expected one of {})",
                decl.style,
                names.join(", ")
            )
        })?;
    if style == PagingStyle::None {
        return Ok(None);
    }
    let wanted: &[(&str, Ty)] = match style {
        PagingStyle::QueryCursor => &[("starting_after", Ty::String), ("per_page", Ty::Integer)],
        PagingStyle::NextCursor => &[("cursor", Ty::String), ("per_page", Ty::Integer)],
        PagingStyle::PageNumber if body_field(api, &api.operations[index], "page").is_none() => {
            &[("page", Ty::Integer), ("per_page", Ty::Integer)]
        }
        PagingStyle::Scroll => &[("scroll_param", Ty::String)],
        _ => &[],
    };
    let op = &mut api.operations[index];
    for (wire, ty) in wanted {
        if !op.params.iter().any(|p| p.wire == *wire) {
            let name = crate::naming::field_name(wire);
            op.params.push(Param {
                setter: crate::naming::setter_name(&name),
                name,
                wire: (*wire).to_string(),
                location: ParamLocation::Query,
                required: false,
                ty: ty.clone(),
                explode: true,
                doc: Some(added_param_doc(wire, decl_at)),
            });
        }
    }
    let op = &api.operations[index];
    build(api, op, style, decl.items.as_deref(), true).map(Some)
}

fn added_param_doc(wire: &str, decl_at: &str) -> String {
    let what = match wire {
        "starting_after" => {
            "The cursor of the page to fetch (`pages.next.starting_after` of the previous page)."
        }
        "cursor" => "The cursor of the page to fetch (`next_cursor` of the previous page).",
        "page" => "The page number to fetch, from 1.",
        "per_page" => "How many items a page holds.",
        "scroll_param" => {
            "The scroll parameter of the previous page; leave it out to start a scroll."
        }
        _ => "A paging parameter.",
    };
    format!("{what}\n\nThe description leaves this parameter out; it is declared in `{decl_at}`.")
}

/// Infers the style from the declared inputs and the response; `None` when nothing fits.
fn infer(api: &Api, op: &Operation) -> Option<Paging> {
    let has_param = |wire: &str| op.params.iter().any(|p| p.wire == wire);
    let candidates = [
        (has_param("scroll_param"), PagingStyle::Scroll),
        (has_param("cursor"), PagingStyle::NextCursor),
        (has_param("starting_after"), PagingStyle::QueryCursor),
        (
            body_path(api, op, &["pagination", "starting_after"]).is_some(),
            PagingStyle::BodyCursor,
        ),
        (
            has_param("page") || body_field(api, op, "page").is_some(),
            PagingStyle::PageNumber,
        ),
    ];
    candidates
        .into_iter()
        .filter(|(present, _)| *present)
        .find_map(|(_, style)| build(api, op, style, None, false).ok())
}

/// Whether the response carries paging fields (a cursor or page counters).
fn looks_paged(api: &Api, op: &Operation) -> bool {
    let Some((page, _)) = page_struct(api, op) else {
        return false;
    };
    [
        &["pages", "next", "starting_after"][..],
        &["pages", "total_pages"],
        &["total_pages"],
        &["next_cursor"],
        &["scroll_param"],
    ]
    .iter()
    .any(|path| access(api, page, path).is_ok())
}

/// Builds and checks the paging of `op` in `style`.
fn build(
    api: &Api,
    op: &Operation,
    style: PagingStyle,
    items: Option<&str>,
    declared: bool,
) -> Result<Paging, String> {
    let (page, one_or_page) = page_struct(api, op).ok_or_else(|| {
        "the success response is not a JSON object type (or a union of a page and one of its \
         items), so it has no items to page through"
            .to_string()
    })?;
    let (items, item) = items_field(api, page, items)?;
    let want = |path: &[&str], ty: Ty| -> Result<Access, String> {
        let a = access(api, page, path)?;
        check_ty(&a, &ty)?;
        Ok(a)
    };
    let optional = |path: &[&str], ty: Ty| -> Result<Option<Access>, String> {
        match access(api, page, path) {
            Ok(a) => check_ty(&a, &ty).map(|_| Some(a)),
            Err(_) => Ok(None),
        }
    };
    let counters = |nested: bool| -> Result<(Option<Access>, Option<Access>), String> {
        let prefix: &[&str] = if nested { &["pages"] } else { &[] };
        let path = |last: &'static str| [prefix, &[last]].concat();
        Ok((
            optional(&path("page"), Ty::Integer)?,
            optional(&path("total_pages"), Ty::Integer)?,
        ))
    };
    let mut paging = Paging {
        style,
        cursor: None,
        page: None,
        per_page: None,
        items,
        item,
        next_cursor: None,
        has_more: None,
        page_number: None,
        total_pages: None,
        declared,
        one_or_page,
    };
    match style {
        PagingStyle::None => return Err("style `none` has no paging".into()),
        PagingStyle::QueryCursor | PagingStyle::BodyCursor => {
            paging.cursor = Some(if style == PagingStyle::QueryCursor {
                query_input(op, "starting_after", &Ty::String)?
            } else {
                body_input(api, op, &["pagination", "starting_after"], &Ty::String)?
            });
            paging.next_cursor = Some(want(&["pages", "next", "starting_after"], Ty::String)?);
            (paging.page_number, paging.total_pages) = counters(true)?;
        }
        PagingStyle::NextCursor => {
            paging.cursor = Some(query_input(op, "cursor", &Ty::String)?);
            paging.next_cursor = Some(want(&["next_cursor"], Ty::String)?);
            paging.has_more = optional(&["has_more"], Ty::Boolean)?;
        }
        PagingStyle::PageNumber => {
            paging.page = Some(match query_input(op, "page", &Ty::Integer) {
                Ok(input) => input,
                Err(_) => body_input(api, op, &["page"], &Ty::Integer)?,
            });
            let (page_number, total_pages) = match counters(true)? {
                (None, None) => counters(false)?,
                found => found,
            };
            if total_pages.is_none() {
                return Err(
                    "page-number paging needs `total_pages` (in `pages` or at the top level) to \
                     stop without an extra request"
                        .into(),
                );
            }
            (paging.page_number, paging.total_pages) = (page_number, total_pages);
        }
        PagingStyle::Scroll => {
            paging.cursor = Some(query_input(op, "scroll_param", &Ty::String)?);
            paging.next_cursor = Some(want(&["scroll_param"], Ty::String)?);
        }
    }
    paging.per_page = query_input(op, "per_page", &Ty::Integer)
        .or_else(|_| body_input(api, op, &["per_page"], &Ty::Integer))
        .or_else(|_| body_input(api, op, &["pagination", "per_page"], &Ty::Integer))
        .ok();
    Ok(paging)
}

/// The struct type of the success response's pages: the response itself, or the page variant
/// of a union of a page and one of its items.
fn page_struct(api: &Api, op: &Operation) -> Option<(TypeId, Option<OneOrPage>)> {
    let ResponseKind::Json(Ty::Named(id)) = &op.success.kind else {
        return None;
    };
    match &api.ty(*id).kind {
        TypeKind::Struct(_) => Some((*id, None)),
        TypeKind::Union(u) => {
            let [a, b] = u.variants.as_slice() else {
                return None;
            };
            [(a, b), (b, a)].into_iter().find_map(|(page, item)| {
                let Ty::Named(page_id) = page.ty else {
                    return None;
                };
                let (_, item_ty) = items_field(api, page_id, None).ok()?;
                let item_optional = item_ty == Ty::Optional(Box::new(item.ty.clone()));
                (item_ty == item.ty || item_optional).then(|| {
                    (
                        page_id,
                        Some(OneOrPage {
                            union: *id,
                            page_variant: page.name.clone(),
                            item_variant: item.name.clone(),
                            item_optional,
                        }),
                    )
                })
            })
        }
        _ => None,
    }
}

/// The response field holding the items: the one named, or the only array.
fn items_field(api: &Api, page: TypeId, named: Option<&str>) -> Result<(Access, Ty), String> {
    let TypeKind::Struct(st) = &api.ty(page).kind else {
        return Err("the response is not an object".into());
    };
    let arrays: Vec<_> = st
        .fields
        .iter()
        .filter(|f| matches!(f.ty, Ty::Array(_)))
        .collect();
    let field = match named {
        Some(name) => st
            .fields
            .iter()
            .find(|f| f.wire == name)
            .ok_or_else(|| format!("`items: {name}` is not a property of the response"))?,
        None => match arrays.as_slice() {
            [one] => one,
            [] => return Err("the response has no array property to take items from".into()),
            many => {
                let names: Vec<&str> = many.iter().map(|f| f.wire.as_str()).collect();
                return Err(format!(
                    "the response has several arrays ({}); name one with `items:`",
                    names.join(", ")
                ));
            }
        },
    };
    let Ty::Array(item) = &field.ty else {
        return Err(format!("`{}` is not an array", field.wire));
    };
    let access = Access {
        steps: vec![step(field)],
        ty: field.ty.clone(),
    };
    Ok((access, (**item).clone()))
}

fn step(f: &crate::ir::Field) -> Step {
    Step {
        field: f.name.clone(),
        wire: f.wire.clone(),
        presence: f.presence,
        boxed: f.boxed,
    }
}

/// Follows `path` through struct fields from `root`.
fn access(api: &Api, root: TypeId, path: &[&str]) -> Result<Access, String> {
    let mut steps = Vec::new();
    let mut current = Ty::Named(root);
    for (i, key) in path.iter().enumerate() {
        let Ty::Named(id) = &current else {
            return Err(format!("`{}` is not an object", path[..i].join(".")));
        };
        let TypeKind::Struct(st) = &api.ty(*id).kind else {
            return Err(format!("`{}` is not an object", path[..i].join(".")));
        };
        let field = st
            .fields
            .iter()
            .find(|f| f.wire == *key)
            .ok_or_else(|| format!("the response has no `{}`", path[..=i].join(".")))?;
        steps.push(step(field));
        current = field.ty.clone();
    }
    Ok(Access { steps, ty: current })
}

fn check_ty(access: &Access, want: &Ty) -> Result<(), String> {
    if &access.ty == want {
        Ok(())
    } else {
        Err(format!(
            "`{}` is {}, expected {}",
            access.dotted(),
            ty_word(&access.ty),
            ty_word(want)
        ))
    }
}

fn ty_word(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "a string",
        Ty::Integer => "an integer",
        Ty::Boolean => "a boolean",
        Ty::Number => "a number",
        Ty::Array(_) => "an array",
        Ty::Named(_) => "an object or union",
        _ => "another type",
    }
}

/// An optional query parameter of the given type.
fn query_input(op: &Operation, wire: &str, ty: &Ty) -> Result<Input, String> {
    let p = op
        .params
        .iter()
        .find(|p| p.wire == wire && p.location == ParamLocation::Query)
        .ok_or_else(|| format!("the operation has no `{wire}` query parameter"))?;
    if &p.ty != ty {
        return Err(format!(
            "query parameter `{wire}` is {}, expected {}",
            ty_word(&p.ty),
            ty_word(ty)
        ));
    }
    Ok(Input::Param(p.name.clone()))
}

/// The flattened body struct of `op`.
fn body_struct(op: &Operation) -> Option<TypeId> {
    match &op.body {
        Some(b) => match &b.style {
            BodyStyle::Flattened(id) => Some(*id),
            BodyStyle::Whole { .. } => None,
        },
        None => None,
    }
}

fn body_field<'a>(api: &'a Api, op: &Operation, key: &str) -> Option<&'a crate::ir::Field> {
    let TypeKind::Struct(st) = &api.ty(body_struct(op)?).kind else {
        return None;
    };
    st.fields.iter().find(|f| f.wire == key)
}

fn body_path(api: &Api, op: &Operation, path: &[&str]) -> Option<Access> {
    access(api, body_struct(op)?, path).ok()
}

/// A body field the paginator can set: every object on the way must be optional with a
/// `Default` (so it can be created), and nothing may be boxed.
fn body_input(api: &Api, op: &Operation, path: &[&str], ty: &Ty) -> Result<Input, String> {
    let root = body_struct(op).ok_or_else(|| {
        format!(
            "the operation has no `{}` input (no query parameter, and no object body)",
            path.join(".")
        )
    })?;
    let a = access(api, root, path).map_err(|e| e.replace("the response", "the request body"))?;
    check_ty(&a, ty)?;
    for (i, s) in a.steps.iter().enumerate() {
        if s.boxed {
            return Err(format!("body field `{}` is boxed", s.wire));
        }
        let last = i + 1 == a.steps.len();
        if last {
            if s.presence == Presence::Required || s.presence == Presence::Lenient {
                return Err(format!("body field `{}` is required", a.dotted()));
            }
        } else if s.presence != Presence::Required
            && !default_constructible(api, root, &a.steps[..=i])
        {
            return Err(format!(
                "body object `{}` has required fields, so the paginator cannot create it",
                s.wire
            ));
        }
    }
    Ok(Input::Body(a.steps))
}

/// Whether the object at the end of `steps` (from `root`) can be made with `Default`.
fn default_constructible(api: &Api, root: TypeId, steps: &[Step]) -> bool {
    let wires: Vec<&str> = steps.iter().map(|s| s.wire.as_str()).collect();
    let Ok(a) = access(api, root, &wires) else {
        return false;
    };
    match &a.ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(st) => st.fields.iter().all(|f| f.presence.has_default()),
            _ => false,
        },
        _ => false,
    }
}
