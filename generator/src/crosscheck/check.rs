//! Compares one correction with the lowered API: does the generated crate already do what the
//! overlay says?

use std::collections::BTreeSet;

use serde_yaml::Value;

use super::walk::{Correction, FernPaging, Target, What};
use crate::ir::{
    Api, Field, Input, Operation, PagingStyle, ParamLocation, Presence, ResponseKind, Ty, TypeId,
    TypeKind,
};

/// What the crate does about one correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The crate does what the correction says; how.
    Agrees(String),
    /// The crate does otherwise; how.
    Differs(String),
    /// The description the crate is generated from has nothing the correction applies to.
    NotApplicable(String),
    /// Nothing in the generated code can show it (the runtime's servers): it needs an answer.
    Unchecked(String),
}

/// The JSON kind of a value, as far as a correction and a type can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    Any,
}

/// Checks `c` against `api`; `overlay` is the whole overlay (for the schemas it defines).
pub fn check(api: &Api, overlay: &Value, c: &Correction) -> Check {
    match &c.what {
        What::Pagination {
            method,
            path,
            paging,
        } => with_op(api, method, path, |op| pagination(op, paging)),
        What::Parameter {
            method,
            path,
            name,
            location,
            required,
            schema,
        } => with_op(api, method, path, |op| {
            parameter(api, op, name, location, *required, schema)
        }),
        What::Response {
            method,
            path,
            status,
            schema,
        } => with_op(api, method, path, |op| {
            let Some(r) = op.responses.iter().find(|r| r.status == *status) else {
                return Check::Differs(format!("declares no {status} response"));
            };
            match &r.kind {
                ResponseKind::Json(ty) => same_schema(api, ty, schema, overlay),
                other => Check::Differs(format!("the {status} response is {other:?}, not JSON")),
            }
        }),
        What::BodyRef { method, path, name } => with_op(api, method, path, |op| {
            let Some(body) = &op.body else {
                return Check::Differs("has no request body".into());
            };
            let Some(schema) = component_named(api, overlay, name) else {
                return Check::Differs(format!(
                    "`{name}` is not a schema of the description, nor a type name the overlay \
                     gives one (Fern's own name)"
                ));
            };
            match component_of(api, &body.ty) {
                Some(ours) if ours == schema => Check::Agrees(format!("the body is `{schema}`")),
                Some(ours) => Check::Differs(format!("the body is `{ours}`, not `{schema}`")),
                None => Check::Differs(format!("the body is not the schema `{schema}`")),
            }
        }),
        What::OperationRemoved { method, path } => match find_op(api, method, path) {
            Some(op) => Check::Differs(format!(
                "the crate keeps it (`{}().{}`): the description documents it",
                op.resource,
                op.method_name.trim_start_matches("r#")
            )),
            None => Check::NotApplicable("the description has no such operation either".into()),
        },
        What::OperationAdded {
            method,
            path,
            success,
        } => match find_op(api, method, path) {
            Some(op) => match (success, &op.success.kind) {
                (Some(schema), ResponseKind::Json(ty)) => same_schema(api, ty, schema, overlay),
                _ => Check::Agrees("the description has it".into()),
            },
            None => Check::Differs("the description the crate is generated from lacks it".into()),
        },
        What::Required { target, property } => with_field(api, target, property, |f| {
            if f.required
                || matches!(
                    f.presence,
                    Presence::Required | Presence::Lenient | Presence::Nullable
                )
            {
                Check::Agrees("required".into())
            } else {
                Check::Differs("optional (`Option<T>`)".into())
            }
        }),
        What::AnyValues { target, property } => {
            let ty = if property.is_empty() {
                target_type(api, target).map(Ty::Named)
            } else {
                match field(api, target, property) {
                    Ok(f) => Some(f.ty.clone()),
                    Err(check) => return check,
                }
            };
            match ty.as_ref().map(|t| resolve(api, t)) {
                Some(t) if admits_any_values(api, t) => {
                    Check::Agrees(format!("values of any JSON kind ({})", ty_word(api, t)))
                }
                Some(t) => Check::Differs(format!("values are {}", ty_word(api, t))),
                None => missing(target),
            }
        }
        What::AnyOf {
            target,
            property,
            sets,
        } => {
            let id = match property {
                None => target_type(api, target),
                Some(p) => match field(api, target, p) {
                    Ok(f) => f.ty.named(),
                    Err(check) => return check,
                },
            };
            match id {
                Some(id) => identities(api, id, sets),
                None => missing(target),
            }
        }
        What::Enum {
            target,
            property,
            values,
        } => with_field(api, target, property, |f| match resolve(api, &f.ty) {
            Ty::Named(id) => match &api.ty(*id).kind {
                TypeKind::Enum(e) => {
                    let ours: BTreeSet<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                    let lacking: Vec<&str> = values
                        .iter()
                        .map(String::as_str)
                        .filter(|v| !ours.contains(v))
                        .collect();
                    if lacking.is_empty() {
                        Check::Agrees(format!(
                            "`{}` accepts {}",
                            api.ty(*id).name,
                            list(values.iter().map(String::as_str))
                        ))
                    } else {
                        Check::Differs(format!(
                            "`{}` lacks {}",
                            api.ty(*id).name,
                            list(lacking.into_iter())
                        ))
                    }
                }
                _ => Check::Differs(format!("{} is not a string", ty_word(api, &f.ty))),
            },
            Ty::String | Ty::Json => Check::Agrees("a string, which admits these values".into()),
            other => Check::Differs(format!("{} is not a string", ty_word(api, other))),
        }),
        What::Property {
            target,
            property,
            schema,
        } => {
            if property.is_empty() {
                return match target_type(api, target) {
                    Some(id) => compatible(api, &Ty::Named(id), schema, overlay),
                    None => missing(target),
                };
            }
            with_field(api, target, property, |f| {
                compatible(api, &f.ty, schema, overlay)
            })
        }
        What::PropertyRemoved { target, property } => match field(api, target, property) {
            Ok(_) => Check::Differs("the crate keeps it".into()),
            Err(Check::Differs(_)) => Check::Agrees("not a property in the crate either".into()),
            Err(other) => other,
        },
        What::NotNullable { target } => {
            let Some(id) = target_type(api, target) else {
                return missing(target);
            };
            let bodies = api
                .operations
                .iter()
                .filter(|op| op.body.as_ref().and_then(|b| b.ty.named()) == Some(id))
                .count();
            if bodies == 0 {
                return Check::NotApplicable("no operation sends it as its body".into());
            }
            // A body is the struct itself: an optional one is left out, never sent as `null`.
            Check::Agrees(format!(
                "`{}` is never sent as `null` (an optional body is left out)",
                api.ty(id).name
            ))
        }
        What::Servers { urls } => Check::Unchecked(format!(
            "servers {} (the runtime's regions)",
            list(urls.iter().map(String::as_str))
        )),
        What::Unknown { key } => {
            Check::Differs(format!("`{key}` is no correction this cross-check knows"))
        }
    }
}

fn missing(target: &Target) -> Check {
    match target {
        Target::Schema(name) => {
            Check::NotApplicable(format!("the description has no schema `{name}`"))
        }
        Target::Body(method, path) => {
            Check::NotApplicable(format!("the description has no body for `{method} {path}`"))
        }
    }
}

/// `"a"`, `"a"` and `"b"`, …
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A path template with its variables blanked: `/contacts/{}/tags`.
fn shape_of(path: &str) -> String {
    let mut out = String::new();
    let mut in_var = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_var = true;
                out.push_str("{}");
            }
            '}' => in_var = false,
            _ if in_var => {}
            c => out.push(c),
        }
    }
    out
}

fn find_op<'a>(api: &'a Api, method: &str, path: &str) -> Option<&'a Operation> {
    let shape = shape_of(path);
    api.operations
        .iter()
        .find(|o| o.http_method.as_str() == method && shape_of(&o.path) == shape)
}

fn with_op(api: &Api, method: &str, path: &str, f: impl FnOnce(&Operation) -> Check) -> Check {
    match find_op(api, method, path) {
        Some(op) => f(op),
        None => Check::NotApplicable(format!("the description has no `{method} {path}`")),
    }
}

/// The type of a component schema.
fn schema_type(api: &Api, name: &str) -> Option<TypeId> {
    let origin = format!("#/components/schemas/{name}");
    api.types
        .iter()
        .position(|t| t.origin == origin)
        .map(TypeId)
}

fn target_type(api: &Api, target: &Target) -> Option<TypeId> {
    match target {
        Target::Schema(name) => schema_type(api, name),
        Target::Body(method, path) => find_op(api, method, path)?
            .body
            .as_ref()
            .and_then(|b| named_through_aliases(api, &b.ty)),
    }
}

fn named_through_aliases(api: &Api, ty: &Ty) -> Option<TypeId> {
    match resolve(api, ty) {
        Ty::Named(id) => Some(*id),
        _ => None,
    }
}

/// `ty` with aliases followed.
fn resolve<'a>(api: &'a Api, ty: &'a Ty) -> &'a Ty {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            Ty::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The component schema a type comes from (`company` for `Ty::Named(Company)`).
fn component_of(api: &Api, ty: &Ty) -> Option<String> {
    let id = ty.named()?;
    api.ty(id)
        .origin
        .strip_prefix("#/components/schemas/")
        .filter(|n| !n.contains('/'))
        .map(str::to_string)
}

/// The description's schema called `name`, or the one the overlay gives that type name
/// (`x-fern-type-name`).
fn component_named(api: &Api, overlay: &Value, name: &str) -> Option<String> {
    if schema_type(api, name).is_some() {
        return Some(name.to_string());
    }
    overlay
        .get("components")?
        .get("schemas")?
        .as_mapping()?
        .iter()
        .find(|(_, s)| s.get("x-fern-type-name").and_then(Value::as_str) == Some(name))
        .and_then(|(k, _)| k.as_str().map(str::to_string))
        .filter(|n| schema_type(api, n).is_some())
}

fn field<'a>(api: &'a Api, target: &Target, wire: &str) -> Result<&'a Field, Check> {
    let Some(id) = target_type(api, target) else {
        return Err(missing(target));
    };
    match &api.ty(id).kind {
        TypeKind::Struct(st) => st.fields.iter().find(|f| f.wire == wire).ok_or_else(|| {
            Check::Differs(format!("`{}` has no property `{wire}`", api.ty(id).name))
        }),
        _ => Err(Check::Differs(format!(
            "`{}` is not an object type in the crate",
            api.ty(id).name
        ))),
    }
}

fn with_field(api: &Api, target: &Target, wire: &str, f: impl FnOnce(&Field) -> Check) -> Check {
    match field(api, target, wire) {
        Ok(field) => f(field),
        Err(check) => check,
    }
}

fn admits_any_values(api: &Api, ty: &Ty) -> bool {
    match resolve(api, ty) {
        Ty::Json | Ty::JsonObject | Ty::CustomAttributes | Ty::EventMetadata => true,
        Ty::Map(inner) => matches!(resolve(api, inner), Ty::Json),
        _ => false,
    }
}

fn ty_kind(api: &Api, ty: &Ty) -> Kind {
    match resolve(api, ty) {
        Ty::String | Ty::File => Kind::String,
        Ty::Integer | Ty::Timestamp => Kind::Integer,
        Ty::Number => Kind::Number,
        Ty::Boolean | Ty::True => Kind::Boolean,
        Ty::Array(_) => Kind::Array,
        Ty::JsonObject
        | Ty::Map(_)
        | Ty::LocaleMap(_)
        | Ty::CustomAttributes
        | Ty::EventMetadata
        | Ty::SearchQuery => Kind::Object,
        Ty::Json => Kind::Any,
        Ty::Optional(inner) => ty_kind(api, inner),
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(_) => Kind::Object,
            TypeKind::Enum(_) => Kind::String,
            TypeKind::Union(_) | TypeKind::Alias(_) => Kind::Any,
        },
    }
}

fn ty_word(api: &Api, ty: &Ty) -> String {
    crate::diff::rust::ty(api, ty)
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "a string",
        Kind::Integer => "an integer",
        Kind::Number => "a number",
        Kind::Boolean => "a boolean",
        Kind::Object => "an object",
        Kind::Array => "an array",
        Kind::Any => "any value",
    }
}

fn schema_kind(schema: &Value) -> Option<Kind> {
    if schema.get("$ref").and_then(Value::as_str).is_some() {
        return Some(Kind::Object);
    }
    Some(match schema.get("type")?.as_str()? {
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "number" => Kind::Number,
        "boolean" => Kind::Boolean,
        "object" => Kind::Object,
        "array" => Kind::Array,
        _ => return None,
    })
}

/// Whether a property's type in the crate holds what a schema of the overlay describes.
fn compatible(api: &Api, ty: &Ty, schema: &Value, overlay: &Value) -> Check {
    let ours = ty_kind(api, ty);
    let Some(theirs) = schema_kind(schema) else {
        return Check::Agrees("no type stated".into());
    };
    let word = ty_word(api, ty);
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return same_properties(api, ty, name, overlay);
    }
    let fits = ours == theirs
        || ours == Kind::Any
        || (theirs == Kind::Integer && ours == Kind::Number)
        // A unix time sent as text in a query string.
        || (theirs == Kind::String && matches!(resolve(api, ty), Ty::Timestamp));
    if fits {
        Check::Agrees(word)
    } else {
        Check::Differs(format!("{word}, not {}", kind_word(theirs)))
    }
}

/// A property the overlay points at a schema: the crate's type is that schema, or an object with
/// every property that schema has (the overlay's own definitions included).
fn same_properties(api: &Api, ty: &Ty, name: &str, overlay: &Value) -> Check {
    if component_of(api, ty).as_deref() == Some(name) {
        return Check::Agrees(format!("`{name}`"));
    }
    let props: Vec<String> = match schema_type(api, name) {
        Some(id) => match &api.ty(id).kind {
            TypeKind::Struct(st) => st.fields.iter().map(|f| f.wire.clone()).collect(),
            _ => Vec::new(),
        },
        None => overlay
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(name))
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_mapping)
            .map(|m| {
                m.keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let Some(id) = named_through_aliases(api, ty) else {
        return Check::Differs(format!("{} is not an object", ty_word(api, ty)));
    };
    let TypeKind::Struct(st) = &api.ty(id).kind else {
        return Check::Differs(format!("`{}` is not an object type", api.ty(id).name));
    };
    let lacking: Vec<&str> = props
        .iter()
        .map(String::as_str)
        .filter(|p| !st.fields.iter().any(|f| f.wire == *p))
        .collect();
    if lacking.is_empty() {
        Check::Agrees(format!(
            "`{}` has every property of `{name}`",
            api.ty(id).name
        ))
    } else {
        Check::Differs(format!(
            "`{}` lacks {}",
            api.ty(id).name,
            list(lacking.into_iter())
        ))
    }
}

/// Whether a response type is what the overlay's schema names: one schema, or a union of them.
fn same_schema(api: &Api, ty: &Ty, schema: &Value, overlay: &Value) -> Check {
    let members: Vec<&str> = match schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_sequence)
    {
        Some(seq) => seq
            .iter()
            .filter_map(|m| m.get("$ref").and_then(Value::as_str))
            .map(|r| r.rsplit('/').next().unwrap_or(r))
            .collect(),
        None => match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => vec![r.rsplit('/').next().unwrap_or(r)],
            None => return compatible(api, ty, schema, overlay),
        },
    };
    let theirs: BTreeSet<&str> = members.into_iter().collect();
    let ours: BTreeSet<String> = match resolve(api, ty) {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| component_of(api, &v.ty))
                .collect(),
            _ => component_of(api, ty).into_iter().collect(),
        },
        _ => BTreeSet::new(),
    };
    let ours_ref: BTreeSet<&str> = ours.iter().map(String::as_str).collect();
    if ours_ref == theirs {
        Check::Agrees(list(theirs.into_iter()).replace("`, `", "` or `"))
    } else {
        Check::Differs(format!(
            "the crate decodes {}",
            if ours.is_empty() {
                ty_word(api, ty)
            } else {
                list(ours.iter().map(String::as_str)).replace("`, `", "` or `")
            }
        ))
    }
}

fn pagination(op: &Operation, fern: &FernPaging) -> Check {
    let Some(p) = &op.paging else {
        return Check::Differs("the crate does not page it".into());
    };
    let strip = |v: &Option<String>, prefix: &str| {
        v.as_deref()
            .map(|s| s.strip_prefix(prefix).unwrap_or(s).to_string())
    };
    let mut problems = Vec::new();
    let mut said = Vec::new();
    if let Some(results) = strip(&fern.results, "$response.") {
        if p.items.dotted() == results {
            said.push(format!("items in `{results}`"));
        } else {
            problems.push(format!("items in `{}`, not `{results}`", p.items.dotted()));
        }
    }
    let input_path = |input: &Option<Input>| -> Option<String> {
        match input.as_ref()? {
            Input::Param(name) => op
                .params
                .iter()
                .find(|q| &q.name == name)
                .map(|q| q.wire.clone()),
            Input::Body(steps) => Some(
                steps
                    .iter()
                    .map(|s| s.wire.as_str())
                    .collect::<Vec<_>>()
                    .join("."),
            ),
        }
    };
    if let Some(offset) = strip(&fern.offset, "$request.") {
        if p.style == PagingStyle::PageNumber && input_path(&p.page).as_deref() == Some(&offset) {
            said.push(format!("page numbers in `{offset}`"));
        } else {
            problems.push(format!(
                "{} paging, not page numbers in `{offset}`",
                p.style.as_str()
            ));
        }
    }
    if let Some(cursor) = strip(&fern.cursor, "$request.") {
        if p.style.uses_cursor_input() && input_path(&p.cursor).as_deref() == Some(&cursor) {
            said.push(format!("the cursor in `{cursor}`"));
        } else {
            problems.push(format!(
                "{} paging, not a cursor in `{cursor}`",
                p.style.as_str()
            ));
        }
    }
    if let Some(next) = strip(&fern.next_cursor, "$response.") {
        match &p.next_cursor {
            Some(a) if a.dotted() == next => said.push(format!("the next cursor from `{next}`")),
            other => problems.push(format!(
                "the next cursor from {}, not `{next}`",
                other
                    .as_ref()
                    .map_or("nowhere".to_string(), |a| format!("`{}`", a.dotted()))
            )),
        }
    }
    if problems.is_empty() {
        Check::Agrees(said.join(", "))
    } else {
        Check::Differs(problems.join("; "))
    }
}

fn parameter(
    api: &Api,
    op: &Operation,
    name: &str,
    location: &str,
    required: bool,
    schema: &Value,
) -> Check {
    let loc = match location {
        "query" => ParamLocation::Query,
        "path" => ParamLocation::Path,
        "header" => ParamLocation::Header,
        other => return Check::Differs(format!("unknown parameter location `{other}`")),
    };
    if loc == ParamLocation::Query
        && let Some((_, value)) = op.fixed_query.iter().find(|(k, _)| k == name)
    {
        return Check::Agrees(format!("always sent: `{name}={value}`"));
    }
    if loc == ParamLocation::Header
        && let Some((k, value)) = op
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
    {
        return Check::Agrees(format!("always sent: `{k}: {value}`"));
    }
    let Some(p) = op
        .params
        .iter()
        .find(|p| p.wire == name && p.location == loc)
    else {
        // A key of an exploded object parameter (`filter` → `user_id=…`).
        if loc == ParamLocation::Query
            && let Some(p) = op
                .params
                .iter()
                .find(|p| p.explode && object_keys(api, &p.ty).contains(name))
        {
            return Check::Agrees(format!(
                "a key of the exploded `{}` query parameter (`{}`)",
                p.wire,
                ty_word(api, &p.ty)
            ));
        }
        return Check::Differs(format!("no `{name}` {location} parameter"));
    };
    let ours_required = p.required || loc == ParamLocation::Path;
    if required != ours_required {
        return Check::Differs(format!(
            "{} in the crate",
            if ours_required {
                "required"
            } else {
                "optional"
            }
        ));
    }
    match compatible(api, &p.ty, schema, &Value::Null) {
        Check::Agrees(word) => Check::Agrees(format!(
            "{} {location} parameter, {word}",
            if ours_required {
                "required"
            } else {
                "optional"
            }
        )),
        other => other,
    }
}

/// The keys an object (or any variant of a union of objects) can have.
fn object_keys<'a>(api: &'a Api, ty: &'a Ty) -> BTreeSet<&'a str> {
    match resolve(api, ty) {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(st) => st.fields.iter().map(|f| f.wire.as_str()).collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .flat_map(|v| object_keys(api, &v.ty))
                .collect(),
            _ => BTreeSet::new(),
        },
        _ => BTreeSet::new(),
    }
}

/// Alternative identities: every member's `required` set is one of the crate's "at least one
/// of" sets (together with the always-required fields), or a union variant's required fields.
fn identities(api: &Api, id: TypeId, sets: &[Vec<String>]) -> Check {
    let def = api.ty(id);
    let theirs: Vec<BTreeSet<&str>> = sets
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let ours: Vec<BTreeSet<String>> = match &def.kind {
        TypeKind::Struct(st) => {
            let constrained: BTreeSet<&str> = st
                .requires_one_of
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let always: BTreeSet<String> = st
                .fields
                .iter()
                .filter(|f| f.required && !constrained.contains(f.wire.as_str()))
                .map(|f| f.wire.clone())
                .collect();
            st.requires_one_of
                .iter()
                .map(|s| s.iter().cloned().chain(always.iter().cloned()).collect())
                .collect()
        }
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| v.ty.named())
            .filter_map(|vid| match &api.ty(vid).kind {
                TypeKind::Struct(st) => Some(
                    st.fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire.clone())
                        .collect(),
                ),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let lacking: Vec<String> = theirs
        .iter()
        .filter(|t| {
            !ours.iter().any(|o| {
                let o: BTreeSet<&str> = o.iter().map(String::as_str).collect();
                o == **t || (t.is_subset(&o) && tag_only_extra(api, id, &o, t))
            })
        })
        .map(|t| t.iter().copied().collect::<Vec<_>>().join(" + "))
        .collect();
    if lacking.is_empty() {
        let how = match &def.kind {
            TypeKind::Union(_) => "union variants",
            _ => "constructors",
        };
        Check::Agrees(format!(
            "`{}`: {} {}",
            def.name,
            how,
            theirs
                .iter()
                .map(|t| t.iter().copied().collect::<Vec<_>>().join(" + "))
                .collect::<Vec<_>>()
                .join(" | ")
        ))
    } else {
        Check::Differs(format!(
            "`{}` does not require {}",
            def.name,
            lacking.join(" | ")
        ))
    }
}

/// Whether the crate's set `ours` exceeds `theirs` only by fields whose value the type fills in
/// itself (a one-value tag of a union variant).
fn tag_only_extra(api: &Api, id: TypeId, ours: &BTreeSet<&str>, theirs: &BTreeSet<&str>) -> bool {
    let TypeKind::Union(u) = &api.ty(id).kind else {
        return false;
    };
    ours.difference(theirs).all(|extra| {
        u.variants.iter().any(|v| {
            v.ty.named().is_some_and(|vid| match &api.ty(vid).kind {
                TypeKind::Struct(st) => st
                    .fields
                    .iter()
                    .any(|f| f.wire == *extra && fills_itself(api, &f.ty)),
                _ => false,
            })
        })
    })
}

/// Whether a field of this type holds one value the type fills in (`True`, a one-value enum).
fn fills_itself(api: &Api, ty: &Ty) -> bool {
    match resolve(api, ty) {
        Ty::True => true,
        Ty::Named(id) => matches!(&api.ty(*id).kind, TypeKind::Enum(e) if e.variants.len() == 1),
        _ => false,
    }
}

impl PagingStyle {
    /// Whether the style sends a cursor (or scroll parameter) in the next request.
    fn uses_cursor_input(self) -> bool {
        matches!(
            self,
            PagingStyle::QueryCursor
                | PagingStyle::BodyCursor
                | PagingStyle::NextCursor
                | PagingStyle::Scroll
        )
    }
}
