//! Small helpers for building Rust tokens: identifiers, type paths, doc attributes, formatting.
//!
//! The Rust surface of an IR type (what type a use of it, a field or a response is) is decided
//! here once, as tokens: [`ty_tokens`], [`field_tokens`], [`response_tokens`]; the emitters read
//! them through [`Types`], the drift report as text ([`Scope::Surface`], [`surface_text`]).

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::docs;
use crate::ir::{Api, Field, Presence, ResponseKind, Ty};

/// An identifier from a name the naming module produced (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "…"]` attributes for rustdoc text (already rustdoc-safe Markdown), one per line.
pub fn doc_lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.lines() {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// Doc attributes for an item: an optional description from the spec (sanitized), then extra
/// paragraphs written by the generator (already Markdown).
pub fn doc(spec_text: Option<&str>, extra: &[String]) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(text) = spec_text {
        let clean = docs::to_rustdoc(text);
        if !clean.trim().is_empty() {
            paragraphs.push(clean);
        }
    }
    paragraphs.extend(extra.iter().filter(|p| !p.is_empty()).cloned());
    if paragraphs.is_empty() {
        return TokenStream::new();
    }
    doc_lines(&paragraphs.join("\n\n"))
}

/// Where type tokens are written: in a `models` file (other models are imported by name),
/// elsewhere (models are written `models::Name`), or for a reader (the drift report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `models/*.rs`.
    Models,
    /// Anywhere else; `models` is in scope as a module.
    Outside,
    /// As a user of the crate reads the type ([`crate::diff`]): models and runtime types by
    /// their names (`Tag`, `Timestamp`, `Nullable<T>`, `Download`), runtime modules relative
    /// (`search::Query`), `BTreeMap` without its path. [`surface_text`] writes it out.
    Surface,
}

/// Turns IR types into tokens.
pub struct Types<'a> {
    /// The API.
    pub api: &'a Api,
    /// Path of the API's root module (`crate`, `crate::preview`, or `crate::fixture` in
    /// snapshots); it has `models`, `operations` and `runtime` in it.
    pub root: &'a TokenStream,
    /// Layout choices.
    pub targets: super::Targets,
}

impl Types<'_> {
    /// The Rust type for a use of `ty`.
    pub fn tokens(&self, ty: &Ty, scope: Scope) -> TokenStream {
        ty_tokens(self.api, self.root, ty, scope)
    }

    /// The declared Rust type of a struct field ([`field_tokens`]).
    pub fn field(&self, f: &Field, scope: Scope) -> TokenStream {
        field_tokens(self.api, self.root, f, scope)
    }

    /// What `.send()` returns ([`response_tokens`]).
    pub fn response(&self, kind: &ResponseKind, scope: Scope) -> TokenStream {
        response_tokens(self.api, self.root, kind, scope)
    }
}

/// A runtime type: by its name in `models` files and for readers, by its path elsewhere.
fn runtime(root: &TokenStream, name: TokenStream, scope: Scope) -> TokenStream {
    match scope {
        Scope::Models | Scope::Surface => name,
        Scope::Outside => quote!(#root::runtime::#name),
    }
}

/// The Rust type for a use of `ty`: the one Rust-surface rule for types, read by the emitters
/// (through [`Types`]) and by the drift report ([`Scope::Surface`]). `root` is the API's root
/// module path (unused for [`Scope::Surface`]).
pub fn ty_tokens(api: &Api, root: &TokenStream, ty: &Ty, scope: Scope) -> TokenStream {
    let inner = |inner: &Ty| ty_tokens(api, root, inner, scope);
    match ty {
        Ty::Named(id) => {
            let name = ident(&api.ty(*id).name);
            match scope {
                Scope::Models | Scope::Surface => quote!(#name),
                Scope::Outside => quote!(models::#name),
            }
        }
        Ty::String => quote!(String),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Boolean => quote!(bool),
        Ty::Timestamp => runtime(root, quote!(Timestamp), scope),
        Ty::Json => quote!(serde_json::Value),
        Ty::SearchQuery => match scope {
            Scope::Surface => quote!(search::Query),
            Scope::Models | Scope::Outside => quote!(#root::runtime::search::Query),
        },
        Ty::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Array(of) => {
            let of = inner(of);
            quote!(Vec<#of>)
        }
        Ty::Map(of) => {
            let of = inner(of);
            match scope {
                Scope::Surface => quote!(BTreeMap<String, #of>),
                Scope::Models | Scope::Outside => {
                    quote!(std::collections::BTreeMap<String, #of>)
                }
            }
        }
        Ty::LocaleMap(of) => {
            let of = inner(of);
            runtime(root, quote!(LocaleMap<#of>), scope)
        }
        Ty::Optional(of) => {
            let of = inner(of);
            quote!(Option<#of>)
        }
        Ty::CustomAttributes => runtime(root, quote!(CustomAttributes), scope),
        Ty::EventMetadata => runtime(root, quote!(EventMetadata), scope),
        Ty::True => runtime(root, quote!(True), scope),
        Ty::File => runtime(root, quote!(FilePart), scope),
    }
}

/// A field's value type: [`ty_tokens`], in a `Box` where recursion needs it.
pub fn field_value_tokens(api: &Api, root: &TokenStream, f: &Field, scope: Scope) -> TokenStream {
    let value = ty_tokens(api, root, &f.ty, scope);
    if f.boxed { quote!(Box<#value>) } else { value }
}

/// The declared Rust type of a struct field: its value type ([`field_value_tokens`]) as `T`,
/// `Option<T>` or `Nullable<T>` by its [`Presence`].
pub fn field_tokens(api: &Api, root: &TokenStream, f: &Field, scope: Scope) -> TokenStream {
    let value = field_value_tokens(api, root, f, scope);
    match f.presence {
        Presence::Required | Presence::Lenient => value,
        Presence::Optional | Presence::Nullable => quote!(Option<#value>),
        Presence::Patch => runtime(root, quote!(Nullable<#value>), scope),
    }
}

/// What `.send()` returns for a response kind.
pub fn response_tokens(
    api: &Api,
    root: &TokenStream,
    kind: &ResponseKind,
    scope: Scope,
) -> TokenStream {
    match kind {
        ResponseKind::Json(ty) => ty_tokens(api, root, ty, scope),
        ResponseKind::Empty => quote!(()),
        ResponseKind::Text | ResponseKind::Redirect => quote!(String),
        ResponseKind::Binary => runtime(root, quote!(Download), scope),
    }
}

/// Type tokens written as a reader sees them: `Option<Vec<Tag>>`, `BTreeMap<String, i64>`,
/// `serde_json::Value`, `()` (no spaces but after commas).
pub fn surface_text(tokens: TokenStream) -> String {
    let mut out = String::new();
    let mut after_word = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
                after_word = true;
            }
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                if p.as_char() == ',' {
                    out.push(' ');
                }
                after_word = false;
            }
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&surface_text(g.stream()));
                out.push_str(close);
                after_word = false;
            }
        }
    }
    out
}

/// Lays out the runtime's `json_object!`/`string_enum!` invocations one field or variant per
/// line (prettyplease prints macro bodies as a flat token stream).
pub fn layout_macro_calls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let is_call = trimmed.starts_with("json_object!(") || trimmed.starts_with("string_enum!(");
        if !is_call {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let mut call = trimmed.to_string();
        while !call.trim_end().ends_with(");") {
            match lines.next() {
                Some(next) => {
                    call.push(' ');
                    call.push_str(next.trim());
                }
                None => break,
            }
        }
        match relayout(&call, indent) {
            Some(formatted) => out.push_str(&formatted),
            None => {
                out.push_str(indent);
                out.push_str(&call);
                out.push('\n');
            }
        }
    }
    out
}

/// `json_object!(Name { a : "a" required, b : "b" optional } one_of [[a]]);` → one entry per
/// line, with whatever follows the braces kept on the closing line.
fn relayout(call: &str, indent: &str) -> Option<String> {
    let open = call.find('(')?;
    let macro_name = &call[..open];
    let body = call[open + 1..].trim_end().strip_suffix(");")?.trim();
    let brace = body.find('{')?;
    let head = body[..brace].trim();
    // The matching `}`: strings may contain braces.
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in body.char_indices().skip(brace) {
        match c {
            '"' if !escaped => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
        escaped = in_string && c == '\\' && !escaped;
    }
    let close = close?;
    let inner = &body[brace + 1..close];
    let tail = body[close + 1..].trim();
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '"' if !escaped => in_string = !in_string,
            ',' if !in_string => {
                entries.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        escaped = in_string && c == '\\' && !escaped;
        current.push(c);
    }
    entries.push(current);
    let mut out = format!("{indent}{macro_name}({head} {{\n");
    for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        let entry = entry.replacen(" : ", ": ", 1);
        out.push_str(&format!("{indent}    {entry},\n"));
    }
    let tail = tail.replacen("one_of[", "one_of [", 1);
    if tail.is_empty() {
        out.push_str(&format!("{indent}}});\n"));
    } else {
        out.push_str(&format!("{indent}}} {tail});\n"));
    }
    Some(out)
}

/// Puts a blank line between items, as hand-written Rust has (prettyplease packs them).
///
/// Only module-level and impl-level lines (indent 0 and 4) are considered: a line that starts a
/// new item after a closing `}` or a `;`-terminated item at the same indent gets a blank line
/// before it; consecutive `use` lines, and a `mod x;` followed by its re-export, stay together.
pub fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && needs_blank(lines[i - 1], line) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn needs_blank(prev: &str, line: &str) -> bool {
    let indent = line.len() - line.trim_start().len();
    let prev_indent = prev.len() - prev.trim_start().len();
    let (t, p) = (line.trim_start(), prev.trim_start());
    if t.is_empty() || p.is_empty() || indent != prev_indent || !(indent == 0 || indent == 4) {
        return false;
    }
    if t.starts_with(['}', ')', ']']) || t.starts_with("else") {
        return false;
    }
    if p.starts_with("//!") {
        return !t.starts_with("//!");
    }
    if p.starts_with("//") {
        return false;
    }
    if p == "}" || p == "};" {
        return true;
    }
    // One-line items (`pub enum Never {}`, `impl Marker for T {}`) get a blank line, except
    // between consecutive one-line impls, which read as a list.
    if indent == 0 && p.ends_with("{}") {
        return !(p.starts_with("impl") && t.starts_with("impl") && t.ends_with("{}"));
    }
    if !p.ends_with(';') || indent != 0 {
        return false;
    }
    let is_use = |s: &str| s.starts_with("use ") || s.starts_with("pub use ");
    if is_use(p) && is_use(t) {
        return false;
    }
    // `mod x;` then `#[cfg(..)] pub use x::…;` belong together.
    !(p.starts_with("mod ") || p.starts_with("pub mod "))
}

#[cfg(test)]
mod tests;
