//! The Rust types a user of the generated crate writes, as text: what the diff compares and
//! shows (`Option<Vec<Tag>>`, `Nullable<String>`). Runtime types are written without their
//! module path (`Timestamp`, `LocaleMap<T>`). The rules are the emitters' own
//! ([`crate::emit::rust`], [`Scope::Surface`]), written out as text.

use proc_macro2::TokenStream;

use crate::emit::rust::{self as surface, Scope};
use crate::ir::{Api, Field, ResponseKind, StructDef, Ty, TypeKind};

/// The Rust type of a use of `ty`.
pub fn ty(api: &Api, ty: &Ty) -> String {
    surface::surface_text(surface::ty_tokens(
        api,
        &TokenStream::new(),
        ty,
        Scope::Surface,
    ))
}

/// The field's value type, boxed if it is held in a `Box`.
pub fn field_value(api: &Api, f: &Field) -> String {
    surface::surface_text(surface::field_value_tokens(
        api,
        &TokenStream::new(),
        f,
        Scope::Surface,
    ))
}

/// The declared Rust type of a struct field: its value type wrapped as its presence says.
pub fn field(api: &Api, f: &Field) -> String {
    surface::surface_text(surface::field_tokens(
        api,
        &TokenStream::new(),
        f,
        Scope::Surface,
    ))
}

/// What `.send()` returns.
pub fn response(api: &Api, kind: &ResponseKind) -> String {
    surface::surface_text(surface::response_tokens(
        api,
        &TokenStream::new(),
        kind,
        Scope::Surface,
    ))
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
