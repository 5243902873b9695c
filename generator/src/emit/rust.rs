//! Small helpers for building Rust tokens: identifiers, type paths, doc attributes, formatting.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::docs;
use crate::ir::{Api, Ty};

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

/// Where type tokens are written: in a `models` file (other models are imported by name) or
/// elsewhere (models are written `models::Name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `models/*.rs`.
    Models,
    /// Anywhere else; `models` is in scope as a module.
    Outside,
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
        let root = self.root;
        match ty {
            Ty::Named(id) => {
                let name = ident(&self.api.ty(*id).name);
                match scope {
                    Scope::Models => quote!(#name),
                    Scope::Outside => quote!(models::#name),
                }
            }
            Ty::String => quote!(String),
            Ty::Integer => quote!(i64),
            Ty::Number => quote!(f64),
            Ty::Boolean => quote!(bool),
            Ty::Timestamp => match scope {
                Scope::Models => quote!(Timestamp),
                Scope::Outside => quote!(#root::runtime::Timestamp),
            },
            Ty::Json => quote!(serde_json::Value),
            Ty::SearchQuery => quote!(#root::runtime::search::Query),
            Ty::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
            Ty::Array(inner) => {
                let inner = self.tokens(inner, scope);
                quote!(Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.tokens(inner, scope);
                quote!(std::collections::BTreeMap<String, #inner>)
            }
            Ty::LocaleMap(inner) => {
                let inner = self.tokens(inner, scope);
                match scope {
                    Scope::Models => quote!(LocaleMap<#inner>),
                    Scope::Outside => quote!(#root::runtime::LocaleMap<#inner>),
                }
            }
            Ty::Optional(inner) => {
                let inner = self.tokens(inner, scope);
                quote!(Option<#inner>)
            }
            Ty::CustomAttributes => match scope {
                Scope::Models => quote!(CustomAttributes),
                Scope::Outside => quote!(#root::runtime::CustomAttributes),
            },
            Ty::EventMetadata => match scope {
                Scope::Models => quote!(EventMetadata),
                Scope::Outside => quote!(#root::runtime::EventMetadata),
            },
            Ty::True => match scope {
                Scope::Models => quote!(True),
                Scope::Outside => quote!(#root::runtime::True),
            },
            Ty::File => match scope {
                Scope::Models => quote!(FilePart),
                Scope::Outside => quote!(#root::runtime::FilePart),
            },
        }
    }
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
