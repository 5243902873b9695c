//! Makes OpenAPI `description` / `summary` text safe to use as rustdoc.
//!
//! Intercom writes its descriptions in CommonMark with some embedded HTML and
//! Markdoc `{% admonition %}` tags, for its own docs site. Pasted verbatim into
//! doc comments that text trips `rustdoc::broken_intra_doc_links` (`[key]`),
//! `rustdoc::bare_urls`, `rustdoc::invalid_html_tags` (`<id>`), and its
//! indented or unlabelled code blocks become doctests.
//!
//! [`to_rustdoc`] parses the text's block structure with pulldown-cmark (the
//! CommonMark parser rustdoc itself uses, with GFM tables; Markdoc admonitions
//! on top) and re-emits it as
//! canonical Markdown: every code block fenced and labelled so rustdoc never
//! compiles it, every `[`/`]` that is not part of a usable link escaped, bare
//! URLs wrapped in `<…>`, and only well-formed, balanced, standard HTML kept
//! (everything else escaped as `&lt;`). [`summary_line`] extracts a one-line
//! summary and [`code_span`] formats a literal value as inline code.
//!
//! Nothing here panics, whatever the input, and the output depends on the input
//! alone.
//!
//! The pipeline, one module each: `normalize` (line endings, tabs, indentation) →
//! `parser` (pulldown-cmark's events read into blocks and links: a `parser::Document`) → `render`
//! (back to Markdown, with `html` deciding which tags are kept and `syntax` the line-level
//! checks) or `summary` (the first sentence). [`outline`] hands the same parsed blocks
//! (headings, paragraphs, tables) to `crate::search_fields`; [`tables`] writes GFM pipe
//! tables and recognises delimiter rows.

mod html;
mod normalize;
pub mod outline;
mod parser;
mod render;
mod summary;
mod syntax;
pub mod tables;
#[cfg(test)]
mod tests;

use html::*;
use normalize::*;
use parser::*;
use render::*;
use summary::*;
use syntax::*;
use tables::*;

/// Root of Intercom's developer docs: root-relative links in the descriptions
/// (`/docs/...`) point there.
const DOCS_BASE_URL: &str = "https://developers.intercom.com";

/// Deepest nesting of containers (block quotes, list items, admonitions) that
/// is parsed as such; deeper markers stay (escaped) paragraph text.
const MAX_DEPTH: usize = 12;

/// Deepest nesting of links/images inside link texts that is parsed as such.
const MAX_INLINE_DEPTH: usize = 8;

/// HTML elements kept as HTML (when well-formed and balanced). Anything else
/// (unknown names such as `<id>`, and elements like `<script>`, `<pre>` or
/// `<input>`) is escaped and shows as text.
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Void elements among [`KNOWN_TAGS`]: no closing tag, never reported unclosed.
const VOID_TAGS: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Code block info-string words that rustdoc reads as "this is Rust" (or warns
/// about as a misspelt attribute). Compared in lowercase; `ignore-*`,
/// `edition*`, `rust*` and `E0123`-style codes are checked separately.
const RUSTDOC_CODE_WORDS: &[&str] = &[
    "rs",
    "custom",
    "should_panic",
    "should-panic",
    "shouldpanic",
    "no_run",
    "no-run",
    "norun",
    "ignore",
    "test_harness",
    "test-harness",
    "testharness",
    "compile_fail",
    "compile-fail",
    "compilefail",
    "standalone_crate",
    "standalone-crate",
    "standalonecrate",
    "allow_fail",
];

/// Turns an OpenAPI description into Markdown that rustdoc renders faithfully,
/// warns nothing about, and never compiles as a doctest.
///
/// * Line endings are normalised, tabs in indentation expanded, the common
///   indentation and leading/trailing blank lines removed; output lines carry
///   no trailing whitespace (trailing double spaces become a `\` hard break).
/// * Code blocks (fenced with ```` ``` ```` or `~~~`, or indented) come out as
///   closed ```` ``` ```` fences; their language is kept when rustdoc treats it
///   as "not Rust" (`json`, `bash`, …) and becomes `text` otherwise (no info
///   string, `rust`, `ignore`, `no_run`, `edition2021`, `{.class}`, …).
/// * `[`/`]` that do not form a link with a usable destination are escaped.
///   Reference links are turned into inline links; root-relative destinations
///   (`/docs/...`) are made absolute on the Intercom developer site; links to
///   anything but `http(s)`, `mailto` or `ftp` keep only their text.
/// * Bare `http(s)://` URLs become `<…>` autolinks (trailing punctuation and
///   unbalanced `)` stay outside).
/// * Known HTML elements are kept when well-formed and balanced (void elements
///   such as `<br>` always; `</br>` becomes `<br>`); any other `<` becomes
///   `&lt;`. HTML comments are dropped at the start of a line, kept (invisible)
///   elsewhere, and shown (escaped) when they span lines or are malformed.
/// * Headings are shifted so that the shallowest is `###`.
/// * `{% admonition %}` blocks become a rustdoc warning box
///   (`<div class="warning">`) for `warning`/`danger`, a block quote otherwise.
/// * Inline code spans are left untouched.
/// * `\n` outside code is a line break (a YAML plain scalar keeps it as the two
///   characters its author typed; Markdown would show them).
/// * A line that would start a block it did not start in the source (after a
///   dropped comment, say) has its first character escaped.
///
/// Returns an empty string only when the text has nothing visible.
pub fn to_rustdoc(text: &str) -> String {
    let mut src = prepare(&normalize(text));
    loop {
        let doc = parse_document(&src);
        let shift = heading_shift(&doc.blocks);
        let mut collect = Renderer::new(Tags::collecting(), shift);
        collect.document(&doc.blocks);
        let keep = collect.tags.into_keep();
        // An HTML block whose opening tag is not kept would no longer be an
        // HTML block once that tag is escaped: escape it in the source and parse
        // again. Each round removes a `<`, so this ends.
        let mut bad: Vec<usize> = collect
            .html_starts
            .iter()
            .filter(|(_, seq)| !seq.is_some_and(|s| keep.get(s).copied().unwrap_or(false)))
            .map(|(pos, _)| *pos)
            .collect();
        bad.sort_unstable();
        bad.dedup();
        let mut changed = false;
        for &pos in bad.iter().rev() {
            if src.as_bytes().get(pos) == Some(&b'<') {
                // It started a block of its own (it may have interrupted a paragraph): a blank
                // line keeps it one when it starts its line, unindented.
                let line = src[..pos].rfind('\n').map_or(0, |n| n + 1);
                let own_line = line > 0 && line == pos && !src[..line - 1].ends_with('\n');
                src.replace_range(pos..pos + 1, if own_line { "\n&lt;" } else { "&lt;" });
                changed = true;
            }
        }
        if !changed {
            let mut apply = Renderer::new(Tags::applying(keep), shift);
            let lines = apply.document(&doc.blocks);
            return finish(&lines);
        }
    }
}

/// The first sentence of a description (of its first paragraph or heading), for
/// one-line summaries.
///
/// Emphasis, links, images, HTML tags and entities are reduced to their text;
/// inline code spans are kept as code spans. The paragraph's lines are joined
/// and whitespace collapsed; the sentence keeps its own terminal punctuation but
/// never ends in `:`, `;`, `,` or a doubled period. Admonitions and code blocks
/// are only used when nothing else has text.
///
/// The result is one line of Markdown-light text, not escaped for rustdoc: pass
/// it through [`to_rustdoc`] before putting it in a doc comment. It is empty
/// only when `text` is empty or whitespace.
pub fn summary_line(text: &str) -> String {
    let src = prepare(&normalize(text));
    if src.is_empty() {
        return String::new();
    }
    let doc = parse_document(&src);
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    summary_candidates(&doc.blocks, false, &mut candidates);
    // Text outside admonitions first, document order otherwise.
    candidates.sort_by_key(|(in_admonition, ..)| *in_admonition);
    for (_, candidate, links) in candidates {
        let plain = collapse_ws(&plain_inline(candidate, links, 0, 0));
        let sentence = finish_sentence(first_sentence(&plain));
        if !sentence.is_empty() {
            return sentence;
        }
    }
    src.lines()
        .map(collapse_ws)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// Rustdoc for an enum variant or literal value: the value as an inline code
/// span, e.g. `` `tag.list` ``.
///
/// Values containing backticks get a longer delimiter (and padding spaces where
/// needed), so the span always shows exactly the value; line breaks become
/// spaces. The empty string is shown as `""`.
pub fn code_span(value: &str) -> String {
    let value = value.replace("\r\n", " ").replace(['\r', '\n'], " ");
    if value.is_empty() {
        return "`\"\"`".to_owned();
    }
    let longest = longest_run(value.as_bytes(), b'`');
    let fence = "`".repeat(longest + 1);
    let all_spaces = value.bytes().all(|b| b == b' ');
    let pad = value.starts_with('`')
        || value.ends_with('`')
        || (!all_spaces && value.starts_with(' ') && value.ends_with(' '));
    let sp = if pad { " " } else { "" };
    format!("{fence}{sp}{value}{sp}{fence}")
}
