//! The tokens of the vocabulary the generator shares with the runtime ([`crate::vocab`]): one
//! `ToTokens` per type, each value spelled as generated code names the runtime's own value
//! (`HttpMethod::Get`, `Risk::Read`, `PagingStyle::QueryCursor`, and an operator's marker type
//! `op::Eq` in `search`).

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use crate::vocab::{HttpMethod, Operator, PagingStyle, Risk};

/// `Type::Variant` for a unit variant, whose `Debug` form is its name: the generator and the
/// runtime compile the same enum, so the name cannot drift.
fn variant(ty: &str, value: impl std::fmt::Debug) -> TokenStream {
    let ty = format_ident!("{ty}");
    let variant = format_ident!("{value:?}");
    quote!(#ty::#variant)
}

impl ToTokens for HttpMethod {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(variant("HttpMethod", self));
    }
}

impl ToTokens for Risk {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(variant("Risk", self));
    }
}

impl ToTokens for PagingStyle {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(variant("PagingStyle", self));
    }
}

/// The operator's marker type in the runtime's `search::op` (for `Allows<op::Eq>`).
impl ToTokens for Operator {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let marker = match self {
            Operator::Equals => "Eq",
            Operator::NotEquals => "Ne",
            Operator::In => "In",
            Operator::NotIn => "NotIn",
            Operator::LessThan => "Lt",
            Operator::LessThanOrEqual => "Le",
            Operator::GreaterThan => "Gt",
            Operator::GreaterThanOrEqual => "Ge",
            Operator::Contains => "Contains",
            Operator::NotContains => "NotContains",
            Operator::StartsWith => "StartsWith",
            Operator::EndsWith => "EndsWith",
        };
        let marker = format_ident!("{marker}");
        tokens.extend(quote!(op::#marker));
    }
}

#[cfg(test)]
mod tests;
