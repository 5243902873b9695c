//! The Rust types a user of the generated crate writes, as text: what the diff compares and
//! shows (`Option<Vec<Tag>>`, `Nullable<String>`). Runtime types are written without their
//! module path (`Timestamp`, `LocaleMap<T>`).

use crate::ir::{Api, Field, Presence, ResponseKind, StructDef, Ty, TypeKind};

/// The Rust type of a use of `ty`.
pub fn ty(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => api
            .types
            .get(id.0)
            .map_or_else(|| format!("<type #{}>", id.0), |t| t.name.clone()),
        Ty::String => "String".into(),
        Ty::Integer => "i64".into(),
        Ty::Number => "f64".into(),
        Ty::Boolean => "bool".into(),
        Ty::Timestamp => "Timestamp".into(),
        Ty::True => "True".into(),
        Ty::EventMetadata => "EventMetadata".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        Ty::CustomAttributes => "CustomAttributes".into(),
        Ty::SearchQuery => "search::Query".into(),
        Ty::File => "FilePart".into(),
        Ty::Array(inner) => format!("Vec<{}>", self::ty(api, inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", self::ty(api, inner)),
        Ty::LocaleMap(inner) => format!("LocaleMap<{}>", self::ty(api, inner)),
        Ty::Optional(inner) => format!("Option<{}>", self::ty(api, inner)),
    }
}

/// The field's value type, boxed if it is held in a `Box`.
pub fn field_value(api: &Api, f: &Field) -> String {
    let value = ty(api, &f.ty);
    if f.boxed {
        format!("Box<{value}>")
    } else {
        value
    }
}

/// The declared Rust type of a struct field: its value type wrapped as its presence says.
pub fn field(api: &Api, f: &Field) -> String {
    let value = field_value(api, f);
    match f.presence {
        Presence::Required | Presence::Lenient => value,
        Presence::Optional | Presence::Nullable => format!("Option<{value}>"),
        Presence::Patch => format!("Nullable<{value}>"),
    }
}

/// What `.send()` returns.
pub fn response(api: &Api, kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Json(t) => ty(api, t),
        ResponseKind::Empty => "()".into(),
        ResponseKind::Text | ResponseKind::Redirect => "String".into(),
        ResponseKind::Binary => "Download".into(),
    }
}

/// A field the caller never has to give: optional, or a constant tag (a single-value enum the
/// constructor fills in).
pub fn fills_itself(api: &Api, f: &Field) -> bool {
    crate::emit::fills_itself(api, f)
}

/// Whether the struct derives `Default` (no "at least one of" constraint, every field fills
/// itself).
pub fn has_default(api: &Api, st: &StructDef) -> bool {
    st.requires_one_of.is_empty() && st.fields.iter().all(|f| fills_itself(api, f))
}

/// `struct`, `enum`, `union` (an enum with data), `alias`.
pub fn kind_label(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
    }
}
