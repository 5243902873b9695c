//! The testing kit's generated half (`intercom_api::testing`, behind the `testing` cargo
//! feature): what the mock server knows about each operation, and the test that calls every
//! operation through its typed builder against it.
//!
//! | file | what |
//! |---|---|
//! | `src/testing/examples.rs` | every default answer and page item, compact JSON, each text once for both APIs ([`routes`]) |
//! | `src/testing/routes.rs`, `preview_routes.rs` | one row per operation, in the order of the operation table: where each input field arrives (path, query, header, body), the success status and kind, the default answer, and the paging fields in JSON terms ([`routes`]) |
//! | `tests/testing_every_operation/calls.rs`, `preview_calls.rs` | one typed call per operation with its smallest input ([`calls`]) |
//!
//! A default answer is the description's own example of the success response when it has one
//! (kept as written: the crate's tests decode every such example), else a value synthesized from
//! the response type ([`synth`]). The hand-written half (the server, stubs, journal and
//! validation) is `templates/testing/`, copied verbatim.

mod calls;
mod routes;
pub mod synth;

use proc_macro2::TokenStream;

use super::File;
use crate::ir::Api;

/// One API of the crate, as the testing kit sees it.
pub struct KitApi<'a> {
    /// The lowered API.
    pub api: &'a Api,
    /// Whether resources have cargo features (the stable API's).
    pub resource_features: bool,
}

/// The kit's generated files for the stable API and, when given, the Preview API.
///
/// `header` heads the files, `preview`'s own header those made from the Preview description alone.
pub fn files(
    main: KitApi<'_>,
    preview: Option<(KitApi<'_>, String)>,
    header: &str,
) -> Result<Vec<File>, String> {
    let mut pool = routes::Pool::default();
    let main_routes = routes::table(&main, &mut pool);
    let preview_routes = preview.as_ref().map(|(p, _)| routes::table(p, &mut pool));
    let mut out = vec![
        format_file("src/testing/examples.rs", pool.emit(), header)?,
        format_file("src/testing/routes.rs", main_routes, header)?,
        format_file(
            "tests/testing_every_operation/calls.rs",
            (calls::emit(&main, false), String::new()),
            header,
        )?,
    ];
    if let (Some((p, preview_header)), Some(table)) = (&preview, preview_routes) {
        out.push(format_file(
            "src/testing/preview_routes.rs",
            table,
            preview_header,
        )?);
        out.push(format_file(
            "tests/testing_every_operation/preview_calls.rs",
            (calls::emit(p, true), String::new()),
            preview_header,
        )?);
    }
    Ok(out)
}

/// Parses and pretty-prints one file, with the `@generated` header and `about` as a plain
/// comment: the files are `include!`d into modules (so that rustfmt, run on `templates/`, does
/// not look for them), where inner doc comments are not allowed.
fn format_file(
    path: &str,
    (tokens, about): (TokenStream, String),
    header: &str,
) -> Result<File, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("{path}: generated code does not parse: {e}"))?;
    let body = super::rust::space_items(&prettyplease::unparse(&file));
    let mut comment = String::new();
    for line in wrap(&about, 96) {
        comment.push_str(&format!("// {line}\n"));
    }
    if !comment.is_empty() {
        comment.push('\n');
    }
    Ok((path.to_string(), format!("{header}\n{comment}{body}")))
}

/// `text` in lines of at most `width` characters (longer words on lines of their own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests;
