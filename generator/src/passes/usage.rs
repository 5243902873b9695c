//! Decisions that depend on where a type is used (request and/or response).
//!
//! The required × nullable matrix ([`Presence`]):
//!
//! | required | nullable | request type | response-only type |
//! |---|---|---|---|
//! | yes | no | `T` | `T`, or empty when missing/`null` for lists, maps and JSON (`Lenient`) |
//! | yes | yes | `Option<T>`, `None` sent as `null` | same |
//! | no | no | `Option<T>`, `None` left out | same |
//! | no | yes | `Nullable<T>`: left out, `null`, or set (`Patch`) | `Option<T>` |
//!
//! (A type used by both requests and responses is treated as a response type here: its fields
//! are read far more often than they are cleared.)
//!
//! Reads: [`crate::ir::TypeDef::usage`], each field's `required`/`nullable`. Writes:
//! [`crate::ir::Field::presence`], free-form response objects, request unions' repr. Runs after
//! [`super::prune`].

//!
//! Free-form objects in response types become any JSON value.
//!
//! Request unions that no simpler rule tells apart ([`UnionRepr::Ordered`]) are decoded by
//! shape instead ([`UnionRepr::Shape`]): a request is a closed set of keys, so the variant whose
//! declared fields the value has exactly is the right one (the four `POST /tags` bodies).
//! Response unions stay ordered, since responses may carry fields the spec does not declare.

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Presence, Ty, TypeKind, UnionRepr};

/// Applies every usage-dependent decision.
pub fn decide(api: &mut Api, diagnostics: &mut Diagnostics) {
    presence(api);
    request_unions(api, diagnostics);
    response_free_form(api);
}

/// A free-form object in a response type accepts any JSON: Intercom sends strings where the
/// spec promises an object (`activity_log_metadata.before`), and nothing is lost by keeping the
/// value as it came. Request types keep the object the spec asks for.
fn response_free_form(api: &mut Api) {
    for def in &mut api.types {
        if def.usage.request {
            continue;
        }
        if let TypeKind::Struct(st) = &mut def.kind {
            for f in &mut st.fields {
                if f.ty == Ty::JsonObject {
                    f.ty = Ty::Json;
                }
            }
        }
    }
}

fn request_unions(api: &mut Api, diagnostics: &mut Diagnostics) {
    for def in &mut api.types {
        let TypeKind::Union(u) = &mut def.kind else {
            continue;
        };
        if u.repr != UnionRepr::Ordered {
            continue;
        }
        if def.usage.request && !def.usage.response {
            u.repr = UnionRepr::Shape;
            u.rule = "shape";
        } else {
            diagnostics.warning(
                &def.origin,
                "union members cannot be told apart by tag, JSON kind, keys or shape; decoded \
                 by trying each in order, falling back to `Unknown`",
            );
        }
    }
}

/// Sets every struct field's final [`Presence`]. Fields in an "at least one of" constraint stay
/// `Optional`: the constraint's constructors manage them.
fn presence(api: &mut Api) {
    for def in &mut api.types {
        let usage = def.usage;
        let TypeKind::Struct(st) = &mut def.kind else {
            continue;
        };
        let constrained: Vec<String> = st.requires_one_of.iter().flatten().cloned().collect();
        for f in &mut st.fields {
            if constrained.contains(&f.wire) {
                f.presence = Presence::Optional;
                continue;
            }
            f.presence = match Presence::initial(f.required, f.nullable) {
                Presence::Optional if f.nullable && usage.request && !usage.response => {
                    Presence::Patch
                }
                Presence::Required if !usage.request && has_empty_value(&f.ty) => Presence::Lenient,
                other => other,
            };
        }
    }
}

/// Types with a natural empty value to stand in for a missing one.
fn has_empty_value(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Array(_)
            | Ty::Map(_)
            | Ty::LocaleMap(_)
            | Ty::Json
            | Ty::JsonObject
            | Ty::CustomAttributes
    )
}
