//! Makes OpenAPI `description` / `summary` text safe to use as rustdoc.
//!
//! Intercom writes its descriptions in CommonMark with some embedded HTML and
//! Markdoc `{% admonition %}` tags, for its own docs site. Pasted verbatim into
//! doc comments that text trips `rustdoc::broken_intra_doc_links` (`[key]`),
//! `rustdoc::bare_urls`, `rustdoc::invalid_html_tags` (`<id>`), and its
//! indented or unlabelled code blocks become doctests.
//!
//! [`to_rustdoc`] parses the text's block structure (a CommonMark subset: fenced
//! and indented code, ATX/setext headings, block quotes, lists, GFM tables, HTML
//! blocks, link reference definitions, admonitions) and re-emits it as
//! canonical Markdown: every code block fenced and labelled so rustdoc never
//! compiles it, every `[`/`]` that is not part of a usable link escaped, bare
//! URLs wrapped in `<…>`, and only well-formed, balanced, standard HTML kept
//! (everything else escaped as `&lt;`). [`summary_line`] extracts a one-line
//! summary and [`code_span`] formats a literal value as inline code.
//!
//! Nothing here panics, whatever the input, and the output depends on the input
//! alone.

use std::collections::HashMap;

/// Root of Intercom's developer docs: root-relative links in the descriptions
/// (`/docs/...`) point there.
const DOCS_BASE_URL: &str = "https://developers.intercom.com";

/// Deepest nesting of containers (block quotes, list items, admonitions) that
/// is parsed as such; deeper markers stay (escaped) paragraph text.
const MAX_DEPTH: usize = 12;

/// Deepest nesting of links/images inside link texts that is parsed as such.
const MAX_INLINE_DEPTH: usize = 8;

/// Longest link text looked at when matching `[` with `]`.
const MAX_LINK_TEXT: usize = 8192;

/// Tag names that start a CommonMark HTML block of type 6.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

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
/// * A line that would start a block it did not start in the source (after a
///   dropped comment, say) has its first character escaped.
///
/// Returns an empty string only when the text has nothing visible.
pub fn to_rustdoc(text: &str) -> String {
    let mut src = normalize(text);
    loop {
        let doc = parse_document(&src);
        let shift = heading_shift(&doc.blocks);
        let mut collect = Renderer::new(&doc.defs, Tags::collecting(), shift);
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
                src.replace_range(pos..pos + 1, "&lt;");
                changed = true;
            }
        }
        if !changed {
            let mut apply = Renderer::new(&doc.defs, Tags::applying(keep), shift);
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
    let src = normalize(text);
    if src.is_empty() {
        return String::new();
    }
    let doc = parse_document(&src);
    let mut candidates: Vec<(bool, &str)> = Vec::new();
    summary_candidates(&doc.blocks, false, &mut candidates);
    // Text outside admonitions first, document order otherwise.
    candidates.sort_by_key(|(in_admonition, _)| *in_admonition);
    for (_, candidate) in candidates {
        let plain = collapse_ws(&plain_inline(candidate, &doc.defs, 0));
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

// ---------------------------------------------------------------------------
// Normalisation

/// `\r\n`/`\r` to `\n`, tabs in indentation expanded (4-column stops), blank
/// lines emptied, common indentation and leading/trailing blank lines removed.
/// Trailing spaces of other lines are kept (they can be hard breaks).
fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            if is_blank(l) {
                String::new()
            } else {
                expand_leading_tabs(l)
            }
        })
        .collect();
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return String::new();
    };
    let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
    let lines = &lines[first..=last];
    let common = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| leading_spaces(l))
        .min()
        .unwrap_or(0);
    let mut lines: Vec<&str> = lines
        .iter()
        .map(|l| l.get(common..).unwrap_or(""))
        .collect();
    // YAML often leaves the first line indented differently from the rest.
    // A first line indented 4+ is prose, not a code block; lines indented 4+
    // straight after a plain first line are dedented (they would otherwise be
    // paragraph continuation text, so this only matters for lists and the like).
    let first_indent = leading_spaces(lines[0]);
    if first_indent >= 4 {
        lines[0] = &lines[0][first_indent..];
    } else if first_indent == 0 && lines.len() > 1 && !lines[1].is_empty() {
        let rest = lines[1..]
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| leading_spaces(l))
            .min()
            .unwrap_or(0);
        let first = Line {
            text: lines[0],
            pos: 0,
        };
        if rest >= 4 && !starts_any_block(first) && !lines[0].starts_with('|') {
            for l in &mut lines[1..] {
                *l = l.get(rest..).unwrap_or("");
            }
        }
    }
    lines.join("\n")
}

/// Expands tabs among the leading whitespace and container markers of a line.
fn expand_leading_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut col = 0;
    let mut rest = line.len();
    for (idx, c) in line.char_indices() {
        match c {
            '\t' => {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            ' ' | '>' | '-' | '+' | '*' | '.' | ')' | '0'..='9' => {
                out.push(c);
                col += 1;
            }
            _ => {
                rest = idx;
                break;
            }
        }
    }
    out.push_str(line.get(rest..).unwrap_or(""));
    out
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

fn leading_spaces(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b' ').count()
}

fn trim_ws(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// Joins output lines: each split at embedded newlines, trailing whitespace
/// removed, no leading/trailing blank lines.
fn finish(lines: &[String]) -> String {
    let flat: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| l.trim_end_matches([' ', '\t']))
        .collect();
    let Some(first) = flat.iter().position(|l| !l.is_empty()) else {
        return String::new();
    };
    let last = flat.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
    flat[first..=last].join("\n")
}

// ---------------------------------------------------------------------------
// Block structure

/// A line (or the part of it inside its containers) of the normalised source,
/// with its byte offset there.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Line<'a> {
    fn indent(self) -> usize {
        leading_spaces(self.text)
    }

    fn is_blank(self) -> bool {
        is_blank(self.text)
    }

    /// The text after the indentation.
    fn rest(self) -> &'a str {
        self.text.get(self.indent()..).unwrap_or("")
    }

    /// Drops `n` leading bytes (only ever ASCII spaces or markers).
    fn skip(self, n: usize) -> Line<'a> {
        match self.text.get(n..) {
            Some(text) => Line {
                text,
                pos: self.pos + n,
            },
            None => Line {
                text: "",
                pos: self.pos + self.text.len(),
            },
        }
    }

    fn trim_start(self) -> Line<'a> {
        let n = self.text.len() - self.text.trim_start_matches([' ', '\t']).len();
        self.skip(n)
    }
}

fn split_lines(src: &str) -> Vec<Line<'_>> {
    let mut pos = 0;
    src.split('\n')
        .map(|text| {
            let line = Line { text, pos };
            pos += text.len() + 1;
            line
        })
        .collect()
}

/// Where a link points: destination as written (without `<>`), and its title
/// with delimiters, if any.
#[derive(Clone, Debug)]
struct Target {
    dest: String,
    title: Option<String>,
}

type Defs = HashMap<String, Target>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListKind {
    Bullet(u8),
    Ordered(u8),
}

#[derive(Debug)]
struct List {
    kind: ListKind,
    start: u64,
    loose: bool,
    items: Vec<Vec<Block>>,
}

#[derive(Clone, Copy, Debug)]
enum Align {
    None,
    Left,
    Right,
    Center,
}

#[derive(Debug)]
enum Block {
    /// Lines joined with `\n`; continuation lines indented 4+ keep 4 spaces.
    Paragraph(String),
    Heading(usize, String),
    Rule,
    Code {
        lang: String,
        body: Vec<String>,
    },
    /// An HTML block; `pos` is the source offset of its opening `<`.
    Html {
        pos: usize,
        text: String,
    },
    Table {
        aligns: Vec<Align>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    Quote(Vec<Block>),
    List(List),
    Admonition {
        warning: bool,
        title: Option<String>,
        body: Vec<Block>,
    },
}

struct Document {
    blocks: Vec<Block>,
    defs: Defs,
}

fn parse_document(src: &str) -> Document {
    let lines = split_lines(src);
    let mut parser = Parser { defs: Defs::new() };
    let (blocks, _) = parser.blocks(&lines, 0);
    Document {
        blocks,
        defs: parser.defs,
    }
}

struct Parser {
    defs: Defs,
}

/// The start of a list item.
#[derive(Clone, Copy, Debug)]
struct ItemStart {
    kind: ListKind,
    number: u64,
    /// Column of the item's content.
    content: usize,
    empty: bool,
}

impl ItemStart {
    fn can_interrupt_paragraph(self) -> bool {
        !self.empty && (matches!(self.kind, ListKind::Bullet(_)) || self.number == 1)
    }
}

fn item_start(line: Line<'_>) -> Option<ItemStart> {
    let ind = line.indent();
    if ind >= 4 {
        return None;
    }
    let rest = line.rest();
    let b = rest.as_bytes();
    let (kind, number, width) = match *b.first()? {
        c @ (b'-' | b'+' | b'*') => (ListKind::Bullet(c), 0, 1),
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 {
                return None;
            }
            let delim = *b.get(digits)?;
            if delim != b'.' && delim != b')' {
                return None;
            }
            let number = rest.get(..digits)?.parse().ok()?;
            (ListKind::Ordered(delim), number, digits + 1)
        }
        _ => return None,
    };
    let after = rest.get(width..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let spaces = after
        .bytes()
        .take_while(|&c| c == b' ' || c == b'\t')
        .count();
    let empty = is_blank(after);
    let content = if empty || spaces > 4 {
        ind + width + 1
    } else {
        ind + width + spaces
    };
    Some(ItemStart {
        kind,
        number,
        content,
        empty,
    })
}

/// An opening code fence: fence character, length and info string.
fn fence_open(rest: &str) -> Option<(u8, usize, &str)> {
    let b = rest.as_bytes();
    let ch = *b.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = longest_prefix(b, ch);
    if n < 3 {
        return None;
    }
    let info = rest.get(n..)?;
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((ch, n, trim_ws(info)))
}

fn fence_close(line: Line<'_>, ch: u8, len: usize) -> bool {
    if line.indent() >= 4 {
        return false;
    }
    let rest = line.rest();
    let n = longest_prefix(rest.as_bytes(), ch);
    n >= len && rest.get(n..).is_some_and(is_blank)
}

fn longest_prefix(b: &[u8], ch: u8) -> usize {
    b.iter().take_while(|&&c| c == ch).count()
}

fn longest_run(b: &[u8], ch: u8) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for &c in b {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// An ATX heading: level and content.
fn atx(rest: &str) -> Option<(usize, &str)> {
    let n = longest_prefix(rest.as_bytes(), b'#');
    if n == 0 || n > 6 {
        return None;
    }
    let after = rest.get(n..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = trim_ws(after);
    let stripped = text.trim_end_matches('#');
    let text = if stripped.is_empty() {
        ""
    } else if stripped.ends_with([' ', '\t']) {
        trim_ws(stripped)
    } else {
        text
    };
    Some((n, text))
}

fn thematic_break(rest: &str) -> bool {
    let mut ch = None;
    let mut n = 0;
    for b in rest.bytes() {
        match b {
            b' ' | b'\t' => {}
            b'-' | b'*' | b'_' => {
                if ch.is_some_and(|c| c != b) {
                    return false;
                }
                ch = Some(b);
                n += 1;
            }
            _ => return false,
        }
    }
    n >= 3
}

fn setext_level(rest: &str) -> Option<usize> {
    let t = rest.trim_end_matches([' ', '\t']);
    if t.is_empty() {
        None
    } else if t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// Whether `rest` starts an HTML block that could be kept (CommonMark types 6
/// and 7, restricted to [`KNOWN_TAGS`]).
///
/// Single-line HTML comments before the tag are skipped, since they are
/// dropped from the output; returns the offset of the tag's `<` in `rest`.
fn html_block_start(rest: &str, para_open: bool) -> Option<usize> {
    let full = rest.as_bytes();
    let mut at = 0;
    while full[at..].starts_with(b"<!--") {
        at = comment_end(full, at)?;
        at = skip_spaces(full, at);
    }
    let b = &full[at..];
    let rest = rest.get(at..)?;
    if b.first() != Some(&b'<') {
        return None;
    }
    let name_start = if b.get(1) == Some(&b'/') { 2 } else { 1 };
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = b[name_start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let name = rest
        .get(name_start..name_start + name_len)
        .unwrap_or("")
        .to_ascii_lowercase();
    if !KNOWN_TAGS.contains(&name.as_str()) {
        return None;
    }
    let after = &b[name_start + name_len..];
    if BLOCK_TAGS.contains(&name.as_str())
        && (after.is_empty() || matches!(after[0], b' ' | b'\t' | b'>') || after.starts_with(b"/>"))
    {
        return Some(at);
    }
    if !para_open
        && let Some(tag) = parse_tag(b, 0)
        && rest.get(tag.end..).is_some_and(is_blank)
    {
        return Some(at);
    }
    None
}

/// Whether `rest` starts any CommonMark HTML block that can interrupt a
/// paragraph (types 1 to 6, whatever the tag name). Those that cannot be kept
/// as HTML start a new paragraph instead, where their `<` is escaped: so no
/// verbatim text (a code span spanning lines) can put them at a line start.
fn html_interrupter(rest: &str) -> bool {
    let b = rest.as_bytes();
    if b.first() != Some(&b'<') {
        return false;
    }
    if b.starts_with(b"<!--")
        || b.starts_with(b"<?")
        || b.starts_with(b"<![CDATA[")
        || (b.get(1) == Some(&b'!') && b.get(2).is_some_and(u8::is_ascii_alphabetic))
    {
        return true;
    }
    let close = b.get(1) == Some(&b'/');
    let name_start = if close { 2 } else { 1 };
    let name_len = b[name_start.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let name = rest
        .get(name_start..name_start + name_len)
        .unwrap_or("")
        .to_ascii_lowercase();
    let after = &b[(name_start + name_len).min(b.len())..];
    let delimited = after.is_empty() || matches!(after[0], b' ' | b'\t' | b'>');
    let raw_text = !close && ["script", "pre", "style", "textarea"].contains(&name.as_str());
    raw_text && delimited
        || BLOCK_TAGS.contains(&name.as_str()) && (delimited || after.starts_with(b"/>"))
}

/// `{% admonition type="…" name="…" %}`: its type and name.
fn admonition_open(rest: &str) -> Option<(String, Option<String>)> {
    let inner = trim_ws(rest).strip_prefix("{%")?.strip_suffix("%}")?.trim();
    let attrs = inner.strip_prefix("admonition")?;
    if !(attrs.is_empty() || attrs.starts_with(char::is_whitespace)) {
        return None;
    }
    let kind = markdoc_attr(attrs, "type").unwrap_or_default();
    let name = markdoc_attr(attrs, "name")
        .or_else(|| markdoc_attr(attrs, "title"))
        .filter(|n| !n.trim().is_empty());
    Some((kind, name))
}

fn is_admonition_close(rest: &str) -> bool {
    trim_ws(rest)
        .strip_prefix("{%")
        .and_then(|s| s.strip_suffix("%}"))
        .is_some_and(|s| s.trim() == "/admonition")
}

fn markdoc_attr(attrs: &str, key: &str) -> Option<String> {
    let mut search = attrs;
    loop {
        let at = search.find(key)?;
        let before_ok = search[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after = &search[at + key.len()..];
        if before_ok && let Some(value) = after.trim_start().strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &value[1..];
                let end = body.find(quote)?;
                return Some(body[..end].to_owned());
            }
            let end = value.find(char::is_whitespace).unwrap_or(value.len());
            return Some(value[..end].to_owned());
        }
        search = after;
    }
}

/// Whether `rest` is nothing but complete HTML comments.
fn is_comment_only(rest: &str) -> bool {
    let b = rest.as_bytes();
    let mut at = 0;
    while b[at..].starts_with(b"<!--") {
        match comment_end(b, at) {
            Some(end) => at = skip_spaces(b, end),
            None => return false,
        }
    }
    at > 0 && at == b.len()
}

/// Whether a line outside a container's markers starts a block (and so cannot
/// be a lazy continuation of the container's paragraph).
fn starts_any_block(line: Line<'_>) -> bool {
    if line.is_blank() {
        return true;
    }
    if line.indent() >= 4 {
        return false;
    }
    let r = line.rest();
    fence_open(r).is_some()
        || atx(r).is_some()
        || thematic_break(r)
        || r.starts_with('>')
        || item_start(line).is_some()
        || html_block_start(r, false).is_some()
        || html_interrupter(r)
        || admonition_open(r).is_some()
        || is_admonition_close(r)
}

/// Tracks, line by line, whether a container's content ends in an open
/// paragraph (so the next unmarked line may continue it lazily).
#[derive(Default)]
struct Tracker {
    fence: Option<(u8, usize)>,
    para: bool,
    html: bool,
}

impl Tracker {
    fn feed(&mut self, line: Line<'_>) {
        if let Some((ch, len)) = self.fence {
            if fence_close(line, ch, len) {
                self.fence = None;
            }
            return;
        }
        if line.is_blank() {
            self.para = false;
            self.html = false;
            return;
        }
        if self.html || line.indent() >= 4 {
            return;
        }
        let rest = line.rest();
        if let Some((ch, len, _)) = fence_open(rest) {
            self.fence = Some((ch, len));
            self.para = false;
        } else if atx(rest).is_some()
            || thematic_break(rest)
            || (self.para && setext_level(rest).is_some())
        {
            self.para = false;
        } else if let Some(item) = item_start(line) {
            self.para = !item.empty;
        } else if html_block_start(rest, self.para).is_some() {
            self.html = true;
            self.para = false;
        } else {
            self.para = true;
        }
    }

    fn lazy_ok(&self) -> bool {
        self.para && !self.html && self.fence.is_none()
    }
}

impl Parser {
    /// Parses lines into blocks; also says whether blank lines separated any
    /// two of them (which makes an enclosing list loose).
    fn blocks(&mut self, lines: &[Line<'_>], depth: usize) -> (Vec<Block>, bool) {
        let mut out: Vec<Block> = Vec::new();
        let mut para: Vec<Line<'_>> = Vec::new();
        let mut pending_blank = false;
        let mut separated = false;
        let nest = depth < MAX_DEPTH;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.is_blank() {
                flush_paragraph(&mut para, &mut out);
                pending_blank = !out.is_empty();
                i += 1;
                continue;
            }
            let ind = line.indent();
            let rest = line.rest();
            if ind < 4 && is_comment_only(rest) {
                // An HTML block of its own in CommonMark, and dropped from the
                // output: it ends the paragraph, and the next line starts afresh.
                flush_paragraph(&mut para, &mut out);
                i += 1;
                continue;
            }
            if ind >= 4 && !para.is_empty() {
                para.push(line);
                i += 1;
                continue;
            }
            // Anything below starts a block, except paragraph continuation.
            let starting = para.is_empty();
            let mut begin = |out: &mut Vec<Block>, para: &mut Vec<Line<'_>>| {
                flush_paragraph(para, out);
                if pending_blank {
                    separated = true;
                }
                pending_blank = false;
            };
            if ind >= 4 {
                begin(&mut out, &mut para);
                let (block, next) = indented_code(lines, i);
                out.push(block);
                i = next;
                continue;
            }
            if nest && let Some((kind, title)) = admonition_open(rest) {
                begin(&mut out, &mut para);
                let (body, next) = admonition_body(lines, i);
                let (body, _) = self.blocks(&body, depth + 1);
                let kind = kind.to_ascii_lowercase();
                out.push(Block::Admonition {
                    warning: matches!(kind.as_str(), "warning" | "danger" | "caution" | "error"),
                    title,
                    body,
                });
                i = next;
                continue;
            }
            if is_admonition_close(rest) {
                flush_paragraph(&mut para, &mut out);
                i += 1;
                continue;
            }
            if let Some((ch, len, info)) = fence_open(rest) {
                begin(&mut out, &mut para);
                let mut body = Vec::new();
                let mut j = i + 1;
                while j < lines.len() {
                    if fence_close(lines[j], ch, len) {
                        j += 1;
                        break;
                    }
                    let l = lines[j];
                    body.push(l.skip(l.indent().min(ind)).text.to_owned());
                    j += 1;
                }
                out.push(Block::Code {
                    lang: code_lang(info),
                    body,
                });
                i = j;
                continue;
            }
            if let Some((level, text)) = atx(rest) {
                begin(&mut out, &mut para);
                out.push(Block::Heading(level, text.to_owned()));
                i += 1;
                continue;
            }
            if !para.is_empty()
                && let Some(level) = setext_level(rest)
            {
                let text: Vec<&str> = para.iter().map(|l| trim_ws(l.text)).collect();
                para.clear();
                out.push(Block::Heading(level, text.join(" ")));
                i += 1;
                continue;
            }
            if thematic_break(rest) {
                begin(&mut out, &mut para);
                out.push(Block::Rule);
                i += 1;
                continue;
            }
            if nest && rest.starts_with('>') {
                begin(&mut out, &mut para);
                let (quoted, next) = collect_quote(lines, i);
                let (body, _) = self.blocks(&quoted, depth + 1);
                out.push(Block::Quote(body));
                i = next;
                continue;
            }
            if nest
                && let Some(item) = item_start(line)
                && (starting || item.can_interrupt_paragraph())
            {
                begin(&mut out, &mut para);
                let (list, next) = self.list(lines, i, item, depth);
                out.push(Block::List(list));
                i = next;
                continue;
            }
            if let Some(at) = html_block_start(rest, !starting) {
                begin(&mut out, &mut para);
                let mut text = rest.to_owned();
                let mut j = i + 1;
                while j < lines.len() && !lines[j].is_blank() {
                    text.push('\n');
                    text.push_str(lines[j].text);
                    j += 1;
                }
                out.push(Block::Html {
                    pos: line.pos + ind + at,
                    text,
                });
                i = j;
                continue;
            }
            if !starting && html_interrupter(rest) {
                // Starts a new paragraph (see `html_interrupter`).
                begin(&mut out, &mut para);
                para.push(line);
                i += 1;
                continue;
            }
            if let Some((aligns, header)) = table_start(lines, i) {
                begin(&mut out, &mut para);
                let mut rows = Vec::new();
                let mut j = i + 2;
                while j < lines.len() && !starts_any_block(lines[j]) {
                    let mut row = split_row(lines[j].text);
                    // GFM ignores cells beyond the header's.
                    row.truncate(aligns.len());
                    rows.push(row);
                    j += 1;
                }
                out.push(Block::Table {
                    aligns,
                    header,
                    rows,
                });
                i = j;
                continue;
            }
            if starting && let Some((label, target)) = parse_definition(rest) {
                begin(&mut out, &mut para);
                self.defs.entry(label).or_insert(target);
                i += 1;
                continue;
            }
            if starting {
                begin(&mut out, &mut para);
            }
            para.push(line);
            i += 1;
        }
        flush_paragraph(&mut para, &mut out);
        (out, separated)
    }

    fn list(
        &mut self,
        lines: &[Line<'_>],
        start: usize,
        first: ItemStart,
        depth: usize,
    ) -> (List, usize) {
        let mut list = List {
            kind: first.kind,
            start: first.number,
            loose: false,
            items: Vec::new(),
        };
        let mut i = start;
        let mut item = first;
        loop {
            let mut content = vec![lines[i].skip(item.content)];
            let mut tracker = Tracker::default();
            tracker.feed(content[0]);
            let mut j = i + 1;
            while j < lines.len() {
                let l = lines[j];
                if l.is_blank() {
                    if item.empty && content.len() == 1 {
                        break;
                    }
                    content.push(l);
                    tracker.feed(l);
                } else if l.indent() >= item.content {
                    let c = l.skip(item.content);
                    content.push(c);
                    tracker.feed(c);
                } else if content.last().is_some_and(|c| !c.is_blank())
                    && tracker.lazy_ok()
                    && !starts_any_block(l)
                {
                    let c = l.trim_start();
                    content.push(c);
                    tracker.feed(c);
                } else {
                    break;
                }
                j += 1;
            }
            let mut trailing = 0;
            while content.len() > 1 && content.last().is_some_and(|c| c.is_blank()) {
                content.pop();
                trailing += 1;
            }
            let (children, separated) = self.blocks(&content, depth + 1);
            list.loose |= separated;
            list.items.push(children);
            let next = lines
                .get(j)
                .copied()
                .filter(|l| !thematic_break(l.rest()))
                .and_then(item_start)
                .filter(|n| n.kind == list.kind);
            match next {
                Some(n) => {
                    if trailing > 0 {
                        list.loose = true;
                    }
                    item = n;
                    i = j;
                }
                None => return (list, j - trailing),
            }
        }
    }
}

fn flush_paragraph(para: &mut Vec<Line<'_>>, out: &mut Vec<Block>) {
    if para.is_empty() {
        return;
    }
    let mut text = String::new();
    for (n, l) in para.iter().enumerate() {
        if n > 0 {
            text.push('\n');
            if l.indent() >= 4 {
                text.push_str("    ");
            }
        }
        text.push_str(l.rest());
    }
    para.clear();
    out.push(Block::Paragraph(text));
}

fn indented_code(lines: &[Line<'_>], start: usize) -> (Block, usize) {
    let mut body = Vec::new();
    let mut j = start;
    while j < lines.len() && (lines[j].is_blank() || lines[j].indent() >= 4) {
        body.push(if lines[j].is_blank() {
            String::new()
        } else {
            lines[j].skip(4).text.to_owned()
        });
        j += 1;
    }
    while body.last().is_some_and(String::is_empty) {
        body.pop();
        j -= 1;
    }
    (
        Block::Code {
            lang: "text".to_owned(),
            body,
        },
        j,
    )
}

/// The lines of an admonition opened at `start` (dedented), and the index after
/// its closing tag.
fn admonition_body<'a>(lines: &[Line<'a>], start: usize) -> (Vec<Line<'a>>, usize) {
    let mut level = 1;
    let mut j = start + 1;
    while j < lines.len() {
        let rest = lines[j].rest();
        if admonition_open(rest).is_some() {
            level += 1;
        } else if is_admonition_close(rest) {
            level -= 1;
            if level == 0 {
                break;
            }
        }
        j += 1;
    }
    let body = &lines[start + 1..j.min(lines.len())];
    let common = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent())
        .min()
        .unwrap_or(0);
    let body = body
        .iter()
        .map(|l| l.skip(common.min(l.indent())))
        .collect();
    (body, (j + 1).min(lines.len()))
}

/// The lines of a block quote starting at `start`, markers removed.
fn collect_quote<'a>(lines: &[Line<'a>], start: usize) -> (Vec<Line<'a>>, usize) {
    let mut quoted = Vec::new();
    let mut tracker = Tracker::default();
    let mut j = start;
    while j < lines.len() {
        let l = lines[j];
        if !l.is_blank() && l.indent() < 4 && l.rest().starts_with('>') {
            let after = l.skip(l.indent() + 1);
            let after = if after.text.starts_with(' ') {
                after.skip(1)
            } else {
                after
            };
            tracker.feed(after);
            quoted.push(after);
        } else if !l.is_blank() && tracker.lazy_ok() && !starts_any_block(l) {
            let c = l.trim_start();
            tracker.feed(c);
            quoted.push(c);
        } else {
            break;
        }
        j += 1;
    }
    (quoted, j)
}

/// A GFM table starting at `start` (header row + delimiter row).
fn table_start(lines: &[Line<'_>], start: usize) -> Option<(Vec<Align>, Vec<String>)> {
    let header = lines.get(start)?;
    let delim = lines.get(start + 1)?;
    if header.indent() >= 4 || delim.indent() >= 4 || !header.text.contains('|') {
        return None;
    }
    let aligns = delimiter_row(delim.text)?;
    let cells = split_row(header.text);
    (cells.len() == aligns.len()).then_some((aligns, cells))
}

fn delimiter_row(line: &str) -> Option<Vec<Align>> {
    if !line.contains('|') && !line.contains(':') {
        return None;
    }
    split_row(line)
        .iter()
        .map(|cell| {
            let c = cell.trim();
            let left = c.starts_with(':');
            let right = c.ends_with(':') && c.len() > 1;
            let dashes = c.trim_start_matches(':').trim_end_matches(':');
            if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
                return None;
            }
            Some(match (left, right) {
                (true, true) => Align::Center,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => Align::None,
            })
        })
        .collect()
}

/// Cells of a table row, split at unescaped `|`, trimmed.
fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let b = t.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'|' => {
                cells.push(t.get(start..i).unwrap_or(""));
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    cells.push(t.get(start..).unwrap_or(""));
    if t.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) && t.ends_with('|') {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// A single-line link reference definition `[label]: dest "title"`.
fn parse_definition(rest: &str) -> Option<(String, Target)> {
    let b = rest.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let close = label_close(b, 1)?;
    let label = rest.get(1..close)?;
    if label.trim().is_empty() || label.starts_with('^') || b.get(close + 1) != Some(&b':') {
        return None;
    }
    let mut j = skip_spaces(b, close + 2);
    let (dest, end) = parse_dest(rest, j)?;
    if dest.is_empty() {
        return None;
    }
    j = end;
    let ws = skip_spaces(b, j);
    let mut title = None;
    if ws > j
        && let Some((t, end)) = parse_title(rest, ws)
    {
        title = Some(t);
        j = end;
    }
    if !rest.get(j..).is_some_and(is_blank) {
        return None;
    }
    Some((normalize_label(label), Target { dest, title }))
}

fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n') {
        j += 1;
    }
    j
}

/// Index of the `]` closing a link label opened before `start` (no nested
/// brackets), if any.
fn label_close(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < b.len() && j < start + 1000 {
        match b[j] {
            b'\\' => j += 2,
            b'[' => return None,
            b']' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A link destination at `j`: its text (without `<>`) and end.
fn parse_dest(s: &str, j: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.get(j) == Some(&b'<') {
        let mut k = j + 1;
        while k < b.len() {
            match b[k] {
                b'\\' => k += 2,
                b'>' => return Some((s.get(j + 1..k)?.to_owned(), k + 1)),
                b'<' | b'\n' => return None,
                _ => k += 1,
            }
        }
        return None;
    }
    let mut k = j;
    let mut depth = 0usize;
    while k < b.len() {
        match b[k] {
            b'\\' if b.get(k + 1).is_some_and(u8::is_ascii_punctuation) => k += 2,
            b'(' => {
                depth += 1;
                k += 1;
            }
            b')' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                k += 1;
            }
            c if c <= b' ' || c == 0x7f => break,
            _ => k += 1,
        }
    }
    if depth != 0 {
        return None;
    }
    Some((s.get(j..k)?.to_owned(), k))
}

/// A link title at `j`, with its delimiters, and its end.
fn parse_title(s: &str, j: usize) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let close = match *b.get(j)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let mut k = j + 1;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 2,
            c if c == close => return Some((s.get(j..=k)?.to_owned(), k + 1)),
            b'(' if close == b')' => return None,
            _ => k += 1,
        }
    }
    None
}

/// The language to label a code block with: the info string's first word when
/// rustdoc reads it as "not Rust", otherwise `text`.
fn code_lang(info: &str) -> String {
    let word = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .find(|w| !w.is_empty());
    match word {
        Some(w) if is_foreign_lang(w) => w.to_owned(),
        _ => "text".to_owned(),
    }
}

fn is_foreign_lang(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let error_code = b.len() == 5 && b[0] == b'e' && b[1..].iter().all(u8::is_ascii_digit);
    b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'#' | b'.'))
        && !RUSTDOC_CODE_WORDS.contains(&lower.as_str())
        && !lower.starts_with("rust")
        && !lower.starts_with("ignore")
        && !lower.starts_with("edition")
        && !error_code
}

fn heading_shift(blocks: &[Block]) -> usize {
    fn min_level(blocks: &[Block]) -> Option<usize> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(level, _) => Some(*level),
                Block::Quote(body) | Block::Admonition { body, .. } => min_level(body),
                Block::List(list) => list.items.iter().filter_map(|i| min_level(i)).min(),
                _ => None,
            })
            .min()
    }
    min_level(blocks).map_or(0, |m| 3usize.saturating_sub(m))
}

// ---------------------------------------------------------------------------
// HTML tags

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    SelfClosing,
}

#[derive(Debug)]
struct TagTok {
    end: usize,
    /// Lowercased.
    name: String,
    /// Whether the name was written in lowercase.
    lowercase: bool,
    kind: TagKind,
}

/// A CommonMark raw-HTML open or closing tag at `i`.
fn parse_tag(b: &[u8], i: usize) -> Option<TagTok> {
    let mut j = i + 1;
    let close = b.get(j) == Some(&b'/');
    if close {
        j += 1;
    }
    if !b.get(j)?.is_ascii_alphabetic() {
        return None;
    }
    let ns = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
        j += 1;
    }
    let lowercase = !b[ns..j].iter().any(u8::is_ascii_uppercase);
    let name: String = b[ns..j]
        .iter()
        .map(|c| char::from(c.to_ascii_lowercase()))
        .collect();
    if close {
        j = skip_ws(b, j);
        return (b.get(j) == Some(&b'>')).then_some(TagTok {
            end: j + 1,
            name,
            lowercase,
            kind: TagKind::Close,
        });
    }
    loop {
        let ws_start = j;
        j = skip_ws(b, j);
        match *b.get(j)? {
            b'>' => {
                return Some(TagTok {
                    end: j + 1,
                    name,
                    lowercase,
                    kind: TagKind::Open,
                });
            }
            b'/' => {
                return (b.get(j + 1) == Some(&b'>')).then_some(TagTok {
                    end: j + 2,
                    name,
                    lowercase,
                    kind: TagKind::SelfClosing,
                });
            }
            c if j > ws_start && (c.is_ascii_alphabetic() || c == b'_' || c == b':') => {
                j += 1;
                while j < b.len()
                    && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'.' | b':' | b'-'))
                {
                    j += 1;
                }
                let after_name = j;
                j = skip_ws(b, j);
                if b.get(j) == Some(&b'=') {
                    j = skip_ws(b, j + 1);
                    match *b.get(j)? {
                        q @ (b'"' | b'\'') => {
                            j += 1;
                            while j < b.len() && b[j] != q {
                                j += 1;
                            }
                            if j >= b.len() {
                                return None;
                            }
                            j += 1;
                        }
                        _ => {
                            let st = j;
                            while j < b.len()
                                && !matches!(
                                    b[j],
                                    b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'
                                )
                            {
                                j += 1;
                            }
                            if j == st {
                                return None;
                            }
                        }
                    }
                } else {
                    j = after_name;
                }
            }
            _ => return None,
        }
    }
}

/// End of a URI or email autolink `<…>` at `i`.
fn autolink_end(b: &[u8], i: usize) -> Option<usize> {
    let s0 = i + 1;
    let mut j = s0;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'+' | b'.' | b'-')) {
        j += 1;
    }
    if (2..=32).contains(&(j - s0)) && b[s0].is_ascii_alphabetic() && b.get(j) == Some(&b':') {
        j += 1;
        while j < b.len() && b[j] > b' ' && b[j] != b'<' && b[j] != b'>' {
            j += 1;
        }
        return (b.get(j) == Some(&b'>')).then_some(j + 1);
    }
    j = s0;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b[j])) {
        j += 1;
    }
    if j == s0 || b.get(j) != Some(&b'@') {
        return None;
    }
    j += 1;
    loop {
        let label = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') && j - label < 63 {
            j += 1;
        }
        if j == label {
            return None;
        }
        if b.get(j) == Some(&b'.') {
            j += 1;
        } else {
            break;
        }
    }
    (b.get(j) == Some(&b'>')).then_some(j + 1)
}

/// End of a complete HTML comment at `i` (which starts `<!--`). `<!-->` and
/// `<!--->` (complete comments to pulldown-cmark, unclosed ones to rustdoc's
/// lint) are not accepted: the caller escapes them.
fn comment_end(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    if rest.starts_with(b"<!-->") || rest.starts_with(b"<!--->") {
        return None;
    }
    rest.get(4..)?
        .windows(3)
        .position(|w| w == b"-->")
        .map(|p| i + 4 + p + 3)
}

/// Decides which tags are kept: a first rendering pass records every tag and
/// matches open and closing tags the way rustdoc's `invalid_html_tags` lint
/// does; the second pass replays the decisions in the same order.
struct Tags {
    keep: Vec<bool>,
    next: usize,
    applying: bool,
    scopes: Vec<Vec<(usize, String)>>,
}

impl Tags {
    fn collecting() -> Self {
        Tags {
            keep: Vec::new(),
            next: 0,
            applying: false,
            scopes: vec![Vec::new()],
        }
    }

    fn applying(keep: Vec<bool>) -> Self {
        Tags {
            keep,
            next: 0,
            applying: true,
            scopes: vec![Vec::new()],
        }
    }

    /// Whether the tag is kept (while collecting: a provisional `false`), and
    /// its sequence number.
    fn decide(&mut self, tag: &TagTok) -> (bool, usize) {
        let (name, kind) = (tag.name.as_str(), tag.kind);
        let seq = self.next;
        self.next += 1;
        if self.applying {
            return (self.keep.get(seq).copied().unwrap_or(false), seq);
        }
        self.keep.push(false);
        let void = VOID_TAGS.contains(&name);
        let Some(scope) = self.scopes.last_mut() else {
            return (false, seq);
        };
        match kind {
            TagKind::Open if void => self.keep[seq] = true,
            TagKind::Open => scope.push((seq, name.to_owned())),
            // rustdoc only accepts `<br/>` spelt in lowercase.
            TagKind::SelfClosing => self.keep[seq] = void && tag.lowercase,
            TagKind::Close if void => self.keep[seq] = name == "br",
            TagKind::Close => {
                if let Some(k) = scope.iter().rposition(|(_, n)| n == name) {
                    let open = scope[k].0;
                    self.keep[open] = true;
                    self.keep[seq] = true;
                    scope.truncate(k);
                }
            }
        }
        (false, seq)
    }

    fn enter_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    fn exit_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    fn into_keep(self) -> Vec<bool> {
        self.keep
    }
}

// ---------------------------------------------------------------------------
// Rendering

#[derive(Clone, Copy, Debug)]
struct Ctx {
    /// Inside a link's text: no nested links, no autolinks.
    in_link: bool,
    /// HTML tags may be kept (false inside an escaped tag's text).
    tags: bool,
    /// Nesting of link/image texts being rendered.
    depth: usize,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            in_link: false,
            tags: true,
            depth: 0,
        }
    }
}

impl Ctx {
    fn nested(self) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            ..self
        }
    }
}

struct LinkParse {
    text: std::ops::Range<usize>,
    /// Index just after the link text's `]`.
    after_text: usize,
    target: Target,
    end: usize,
}

struct Renderer<'d> {
    defs: &'d Defs,
    tags: Tags,
    shift: usize,
    /// Source offset of each HTML block's `<`, with the sequence number of the
    /// tag found there (none if it is not a known, well-formed tag).
    html_starts: Vec<(usize, Option<usize>)>,
}

impl<'d> Renderer<'d> {
    fn new(defs: &'d Defs, tags: Tags, shift: usize) -> Self {
        Renderer {
            defs,
            tags,
            shift,
            html_starts: Vec::new(),
        }
    }

    fn document(&mut self, blocks: &[Block]) -> Vec<String> {
        self.blocks(blocks, false)
    }

    fn blocks(&mut self, blocks: &[Block], tight: bool) -> Vec<String> {
        let mut out = Vec::new();
        let mut prev: Option<&Block> = None;
        for block in blocks {
            let lines = self.block(block);
            if lines.is_empty() {
                continue;
            }
            if let Some(p) = prev
                && !(tight && joins_tightly(p, block))
            {
                out.push(String::new());
            }
            out.extend(lines);
            prev = Some(block);
        }
        out
    }

    fn block(&mut self, block: &Block) -> Vec<String> {
        match block {
            Block::Paragraph(text) => self.paragraph(text),
            Block::Heading(level, text) => {
                let level = (level + self.shift).min(6);
                let rendered = self.inline(text, Ctx::default()).replace('\n', " ");
                let text = rendered.trim();
                let hashes = "#".repeat(level);
                if text.is_empty() {
                    vec![hashes]
                } else {
                    vec![format!("{hashes} {}", guard_closing_hashes(text))]
                }
            }
            Block::Rule => vec!["***".to_owned()],
            Block::Code { lang, body } => {
                let longest = body
                    .iter()
                    .map(|l| longest_run(l.as_bytes(), b'`'))
                    .max()
                    .unwrap_or(0);
                let fence = "`".repeat((longest + 1).max(3));
                let mut lines = vec![format!("{fence}{lang}")];
                lines.extend(body.iter().cloned());
                lines.push(fence);
                lines
            }
            Block::Html { pos, text } => {
                let rendered = self.html(text, *pos);
                rendered
                    .split('\n')
                    .filter(|l| !is_blank(l))
                    .map(str::to_owned)
                    .collect()
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => {
                let header = self.cells(header);
                let rows: Vec<Vec<String>> = rows.iter().map(|r| self.cells(r)).collect();
                // Pad columns to a common width, as the source tables are.
                let mut widths: Vec<usize> = aligns.iter().map(|_| 3).collect();
                for row in std::iter::once(&header).chain(&rows) {
                    for (w, cell) in widths.iter_mut().zip(row) {
                        *w = (*w).max(cell.chars().count());
                    }
                }
                let delims: Vec<String> = aligns
                    .iter()
                    .zip(&widths)
                    .map(|(a, &w)| match a {
                        Align::None => "-".repeat(w),
                        Align::Left => format!(":{}", "-".repeat(w - 1)),
                        Align::Right => format!("{}:", "-".repeat(w - 1)),
                        Align::Center => format!(":{}:", "-".repeat(w - 2)),
                    })
                    .collect();
                let mut lines = vec![table_row(&header, &widths)];
                lines.push(table_row(&delims, &widths));
                lines.extend(rows.iter().map(|r| table_row(r, &widths)));
                lines
            }
            Block::Quote(body) => prefix_lines(&self.blocks(body, false), "> ", ">"),
            Block::List(list) => self.list(list),
            Block::Admonition {
                warning,
                title,
                body,
            } => {
                self.tags.enter_scope();
                let title = title
                    .as_deref()
                    .map(|t| self.inline(t, Ctx::default()).replace('\n', " "))
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| format!("**{}**", t.trim()));
                let body = self.blocks(body, false);
                self.tags.exit_scope();
                let mut inner = Vec::new();
                if let Some(t) = title {
                    inner.push(t);
                    if !body.is_empty() {
                        inner.push(String::new());
                    }
                }
                inner.extend(body);
                if *warning {
                    let mut lines = vec!["<div class=\"warning\">".to_owned(), String::new()];
                    lines.extend(inner);
                    lines.push(String::new());
                    lines.push("</div>".to_owned());
                    lines
                } else if inner.is_empty() {
                    Vec::new()
                } else {
                    prefix_lines(&inner, "> ", ">")
                }
            }
        }
    }

    fn paragraph(&mut self, text: &str) -> Vec<String> {
        let rendered = self.inline(text, Ctx::default());
        let mut lines: Vec<String> = Vec::new();
        for raw in rendered.split('\n') {
            let body = trim_ws(raw);
            if body.is_empty() {
                continue;
            }
            if !lines.is_empty() && leading_spaces(raw) >= 4 {
                // Cannot interrupt a paragraph: keep it a continuation.
                lines.push(format!("    {body}"));
            } else {
                lines.push(guard_line_start(body, !lines.is_empty()));
            }
        }
        lines
    }

    fn cells(&mut self, cells: &[String]) -> Vec<String> {
        cells
            .iter()
            .map(|c| self.inline(c, Ctx::default()).trim().to_owned())
            .collect()
    }

    fn list(&mut self, list: &List) -> Vec<String> {
        let mut out = Vec::new();
        let mut number = list.start;
        let mut prev_last: Option<&Block> = None;
        for (k, item) in list.items.iter().enumerate() {
            let marker = match list.kind {
                ListKind::Bullet(c) => format!("{} ", char::from(c)),
                ListKind::Ordered(d) => format!("{number}{} ", char::from(d)),
            };
            number = number.saturating_add(1);
            if k > 0 && (list.loose || prev_last.is_some_and(needs_blank_after)) {
                out.push(String::new());
            }
            prev_last = item.last();
            let lines = self.blocks(item, !list.loose);
            if lines.is_empty() {
                out.push(marker.trim_end().to_owned());
                continue;
            }
            let pad = " ".repeat(marker.len());
            for (n, line) in lines.iter().flat_map(|l| l.split('\n')).enumerate() {
                if n == 0 {
                    out.push(format!("{marker}{line}"));
                } else if line.is_empty() {
                    out.push(String::new());
                } else {
                    out.push(format!("{pad}{line}"));
                }
            }
        }
        out
    }

    /// Inline Markdown: escapes stray brackets and `<`, wraps bare URLs, keeps
    /// code spans, links with usable destinations and balanced known tags.
    fn inline(&mut self, s: &str, cx: Ctx) -> String {
        let b = s.as_bytes();
        let last_close = s.rfind(']');
        let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
        let mut lit = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' => {
                    i += if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                        2
                    } else {
                        1
                    };
                }
                b'`' => {
                    let n = longest_prefix(&b[i..], b'`');
                    i = match code_close(b, i + n, n) {
                        Some(c) => c + n,
                        None => i + n,
                    };
                }
                b'<' => {
                    out.push_str(&s[lit..i]);
                    i = self.inline_lt(s, i, cx, &mut out);
                    lit = i;
                }
                b'!' if b.get(i + 1) != Some(&b'[') => i += 1,
                b'[' | b'!' => {
                    let image = b[i] == b'!';
                    let allowed = (image || !cx.in_link) && cx.depth < MAX_INLINE_DEPTH;
                    let parsed = if allowed && last_close.is_some_and(|c| c > i) {
                        parse_link(s, i, image, self.defs)
                    } else {
                        None
                    };
                    out.push_str(&s[lit..i]);
                    match parsed {
                        Some(link) => {
                            let (rendered, next) = self.link(s, &link, image, cx);
                            out.push_str(&rendered);
                            i = next;
                        }
                        None => {
                            out.push_str(if image { "!\\[" } else { "\\[" });
                            i += if image { 2 } else { 1 };
                        }
                    }
                    lit = i;
                }
                b']' => {
                    out.push_str(&s[lit..i]);
                    out.push_str("\\]");
                    i += 1;
                    lit = i;
                }
                b'h' | b'H' if !cx.in_link && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) => {
                    match bare_url_end(b, i) {
                        Some(end) => {
                            out.push_str(&s[lit..i]);
                            out.push('<');
                            out.push_str(&s[i..end]);
                            out.push('>');
                            i = end;
                            lit = i;
                        }
                        None => i += 1,
                    }
                }
                b'\n' => {
                    let spaces = b[lit..i].iter().rev().take_while(|&&c| c == b' ').count();
                    if spaces >= 2 && i - spaces > lit {
                        out.push_str(&s[lit..i - spaces]);
                        out.push_str(if out.ends_with('\\') { "<br>" } else { "\\" });
                        lit = i;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        out.push_str(s.get(lit..).unwrap_or(""));
        out
    }

    /// Handles a `<` at `i` in inline text; returns where to continue.
    fn inline_lt(&mut self, s: &str, i: usize, cx: Ctx, out: &mut String) -> usize {
        let b = s.as_bytes();
        if let Some(end) = autolink_end(b, i) {
            if !cx.in_link {
                out.push_str(&s[i..end]);
                return end;
            }
        } else if b[i..].starts_with(b"<!--") {
            // A complete comment on one line is invisible: kept as it is, or
            // dropped at the start of a line (where it would start an HTML
            // block). One spanning lines could hide what a line starts with:
            // escaped.
            if let Some(end) = comment_end(b, i)
                && !b[i..end].contains(&b'\n')
            {
                let line_start = out.rsplit('\n').next().is_none_or(is_blank);
                let after = trim_ws(s.get(end..).unwrap_or(""));
                if !line_start {
                    out.push_str(&s[i..end]);
                    return end;
                }
                // Dropped, unless that would put a fence at the line start
                // (escaping the fence would change its backtick run).
                if !after.starts_with("```") && !after.starts_with("~~~") {
                    return end;
                }
            }
        } else if cx.tags
            && let Some(tag) = parse_tag(b, i)
            && KNOWN_TAGS.contains(&tag.name.as_str())
        {
            let (keep, _) = self.tags.decide(&tag);
            if keep {
                out.push_str(kept_tag(&tag, &s[i..tag.end]));
            } else {
                out.push_str("&lt;");
                let rest = self.inline(
                    &s[i + 1..tag.end],
                    Ctx {
                        tags: false,
                        ..cx.nested()
                    },
                );
                out.push_str(&rest);
            }
            return tag.end;
        }
        out.push_str("&lt;");
        i + 1
    }

    /// Renders the text of an HTML block: kept tags verbatim, other `<` escaped,
    /// comments dropped, nothing else touched (Markdown is not parsed there).
    fn html(&mut self, s: &str, pos: usize) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len() + 8);
        let mut lit = 0;
        let mut i = 0;
        let mut start_seq = None;
        let mut seen_start = false;
        while i < b.len() {
            if b[i] != b'<' {
                i += 1;
                continue;
            }
            out.push_str(&s[lit..i]);
            if b[i..].starts_with(b"<!--")
                && let Some(end) = comment_end(b, i)
            {
                i = end;
            } else if let Some(tag) = parse_tag(b, i)
                && KNOWN_TAGS.contains(&tag.name.as_str())
            {
                let (keep, seq) = self.tags.decide(&tag);
                if !seen_start {
                    start_seq = Some(seq);
                }
                seen_start = true;
                if keep {
                    out.push_str(kept_tag(&tag, &s[i..tag.end]));
                } else {
                    out.push_str("&lt;");
                    out.push_str(&s[i + 1..tag.end].replace('<', "&lt;"));
                }
                i = tag.end;
            } else {
                out.push_str("&lt;");
                seen_start = true;
                i += 1;
            }
            lit = i;
        }
        out.push_str(s.get(lit..).unwrap_or(""));
        self.html_starts.push((pos, start_seq));
        // Whatever preceded the opening tag (comments) is gone: the block must
        // not start indented.
        out.trim_start().to_owned()
    }

    /// Renders a parsed link; returns the text and where to go on scanning.
    fn link(&mut self, s: &str, link: &LinkParse, image: bool, cx: Ctx) -> (String, usize) {
        let text = &s[link.text.clone()];
        let Some(url) = resolve_dest(&link.target.dest) else {
            if is_bare_word(&link.target.dest) && link.end > link.after_text {
                // `word[x](y)` is not meant as a link: show it as written. What
                // follows `]` is scanned in place, so that code spans starting
                // there pair up as they will in the output.
                let mut out = String::from(if image { "!\\[" } else { "\\[" });
                out.push_str(&self.inline(text, cx.nested()));
                out.push_str("\\]");
                return (out, link.after_text);
            }
            // A link to nowhere useful: keep its text.
            return (self.inline(text, cx.nested()), link.end);
        };
        let inner = Ctx {
            in_link: if image { cx.in_link } else { true },
            ..cx.nested()
        };
        let mut rendered = self.inline(text, inner);
        if !image && rendered.trim().is_empty() {
            rendered = fallback_link_text(&url);
        }
        // A title with `|` would split a table cell (a tooltip is no loss).
        let title = link
            .target
            .title
            .as_deref()
            .filter(|t| !t.contains('|'))
            .map(|t| format!(" {t}"))
            .unwrap_or_default();
        let out = format!(
            "{}[{rendered}]({}{title})",
            if image { "!" } else { "" },
            encode_dest(&url)
        );
        (out, link.end)
    }
}

/// A table row with cells padded to the column widths.
fn table_row(cells: &[String], widths: &[usize]) -> String {
    let mut line = String::from("|");
    for (k, cell) in cells.iter().enumerate() {
        let width = widths.get(k).copied().unwrap_or(0);
        let pad = width.saturating_sub(cell.chars().count());
        line.push(' ');
        line.push_str(cell);
        line.extend(std::iter::repeat_n(' ', pad));
        line.push_str(" |");
    }
    line
}

fn kept_tag<'s>(tag: &TagTok, raw: &'s str) -> &'s str {
    if tag.kind == TagKind::Close && tag.name == "br" {
        "<br>"
    } else {
        raw
    }
}

/// Whether `next` can follow `prev` without a blank line inside a tight list
/// item (and still be parsed as the same two blocks).
fn joins_tightly(prev: &Block, next: &Block) -> bool {
    let prev_ok = matches!(
        prev,
        Block::Paragraph(_) | Block::Heading(..) | Block::Code { .. } | Block::Rule
    );
    let next_ok = match next {
        Block::List(list) => {
            list.items.first().is_some_and(|i| !i.is_empty())
                && (matches!(list.kind, ListKind::Bullet(_)) || list.start == 1)
        }
        Block::Code { .. } | Block::Heading(..) | Block::Quote(_) | Block::Rule => true,
        Block::Admonition { .. } => true,
        _ => false,
    };
    prev_ok && next_ok
}

/// Blocks that only end at a blank line.
fn needs_blank_after(block: &Block) -> bool {
    matches!(
        block,
        Block::Html { .. } | Block::Table { .. } | Block::Admonition { warning: true, .. }
    )
}

fn prefix_lines(lines: &[String], prefix: &str, blank: &str) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| {
            if l.is_empty() {
                blank.to_owned()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect()
}

/// Escapes a paragraph line's first character when the line would otherwise
/// start a block (a heading, list item, quote, fence, thematic break, setext
/// underline or table delimiter row).
fn guard_line_start(line: &str, continuation: bool) -> String {
    let b = line.as_bytes();
    let Some(&first) = b.first() else {
        return String::new();
    };
    let digits = longest_prefix_by(b, |c| c.is_ascii_digit());
    if (1..=9).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && matches!(b.get(digits + 1), None | Some(b' ' | b'\t'))
    {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    if first == b'`' && fence_open(line).is_some() {
        // A backslash would shorten the backtick run (and change which code
        // spans form); an invisible zero-width space keeps it whole.
        return format!("&#8203;{line}");
    }
    let marker = match first {
        b'#' => atx(line).is_some(),
        b'>' => true,
        b'-' | b'+' | b'*' => matches!(b.get(1), None | Some(b' ' | b'\t')) || thematic_break(line),
        b'_' => thematic_break(line),
        b'~' => fence_open(line).is_some(),
        b'=' => continuation && setext_level(line).is_some(),
        b'|' | b':' => continuation && delimiter_row(line).is_some(),
        _ => false,
    };
    let marker = marker
        || (continuation
            && first == b'-'
            && (setext_level(line).is_some() || delimiter_row(line).is_some()));
    if marker {
        format!("\\{line}")
    } else {
        line.to_owned()
    }
}

fn longest_prefix_by(b: &[u8], f: impl Fn(&u8) -> bool) -> usize {
    b.iter().take_while(|c| f(c)).count()
}

/// Escapes the last `#` of heading text that would read as a closing sequence.
fn guard_closing_hashes(text: &str) -> String {
    let stripped = text.trim_end_matches('#');
    if stripped.len() < text.len() && (stripped.is_empty() || stripped.ends_with([' ', '\t'])) {
        let hashes = text.len() - stripped.len();
        format!("{stripped}{}\\#", "#".repeat(hashes - 1))
    } else {
        text.to_owned()
    }
}

/// Index of a backtick run of exactly `n` at or after `from`.
fn code_close(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        if b[j] == b'`' {
            let m = longest_prefix(&b[j..], b'`');
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// Index of the `]` matching the `[` before `start`, skipping escapes, code
/// spans, autolinks and tags.
fn bracket_close(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut j = start;
    let limit = b.len().min(start.saturating_add(MAX_LINK_TEXT));
    while j < limit {
        match b[j] {
            b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
            b'`' => {
                let n = longest_prefix(&b[j..], b'`');
                j = match code_close(b, j + n, n) {
                    Some(c) => c + n,
                    None => j + n,
                };
            }
            b'<' => {
                j = autolink_end(b, j)
                    .or_else(|| parse_tag(b, j).map(|t| t.end))
                    .unwrap_or(j + 1);
            }
            b'[' => {
                depth += 1;
                j += 1;
            }
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
                j += 1;
            }
            _ => j += 1,
        }
    }
    None
}

/// A link or image at `i`: inline `[text](dest "title")`, full `[text][label]`,
/// collapsed `[label][]` or shortcut `[label]` with a definition.
fn parse_link(s: &str, i: usize, image: bool, defs: &Defs) -> Option<LinkParse> {
    let b = s.as_bytes();
    let open = if image { i + 2 } else { i + 1 };
    let close = bracket_close(b, open)?;
    let text = open..close;
    let raw_text = s.get(text.clone())?;
    let after = close + 1;
    if b.get(after) == Some(&b'(') {
        let mut j = skip_ws(b, after + 1);
        let mut target = Target {
            dest: String::new(),
            title: None,
        };
        if b.get(j) != Some(&b')') {
            if let Some((dest, end)) = parse_dest(s, j) {
                target.dest = dest;
                j = end;
            }
            let ws = skip_ws(b, j);
            if ws > j
                && let Some((title, end)) = parse_title(s, ws)
            {
                target.title = Some(title);
                j = end;
            }
            j = skip_ws(b, j);
        }
        if b.get(j) == Some(&b')') {
            return Some(LinkParse {
                text,
                after_text: after,
                target,
                end: j + 1,
            });
        }
    }
    if raw_text.starts_with('^') {
        return None;
    }
    if b.get(after) == Some(&b'[')
        && let Some(label_end) = label_close(b, after + 1)
    {
        let label = s.get(after + 1..label_end)?;
        let key = if label.trim().is_empty() {
            normalize_label(raw_text)
        } else {
            normalize_label(label)
        };
        if let Some(target) = defs.get(&key) {
            return Some(LinkParse {
                text,
                after_text: after,
                target: target.clone(),
                end: label_end + 1,
            });
        }
    }
    defs.get(&normalize_label(raw_text))
        .map(|target| LinkParse {
            text,
            after_text: after,
            target: target.clone(),
            end: after,
        })
}

/// An absolute URL for a link destination, if it points somewhere a reader of
/// the generated docs can follow.
fn resolve_dest(dest: &str) -> Option<String> {
    let d = dest.trim();
    if d.is_empty() {
        return None;
    }
    if let Some(rest) = d.strip_prefix("//") {
        return Some(format!("https://{rest}"));
    }
    if d.starts_with('/') {
        return Some(format!("{DOCS_BASE_URL}{d}"));
    }
    if d.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return Some(format!("https://{d}"));
    }
    let scheme = &d[..d.find(':')?];
    ["http", "https", "mailto", "ftp", "ftps"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
        .then(|| d.to_owned())
}

fn is_bare_word(dest: &str) -> bool {
    !dest.is_empty() && !dest.contains(['/', '.', ':', '#', '?', '='])
}

/// Link text for a link written with none: the last path segment as code.
fn fallback_link_text(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let trimmed = after_scheme.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((_, seg)) if !seg.is_empty() => code_span(seg),
        _ => code_span(url),
    }
}

/// A destination written so that it parses back as one destination.
fn encode_dest(url: &str) -> String {
    let mut depth = 0i64;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    balanced &= depth == 0;
    let mut out = String::with_capacity(url.len());
    let trailing_backslashes = url.len() - url.trim_end_matches('\\').len();
    let url = if trailing_backslashes % 2 == 1 {
        // A last lone `\` would escape the closing `)`.
        &url[..url.len() - 1]
    } else {
        url
    };
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '`' => out.push_str("%60"),
            '|' => out.push_str("%7C"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' if !balanced => out.push_str("%28"),
            ')' if !balanced => out.push_str("%29"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if trailing_backslashes % 2 == 1 {
        out.push_str("%5C");
    }
    out
}

/// End of a bare `http(s)://` URL at `i`, trailing punctuation excluded.
fn bare_url_end(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    let scheme = if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else {
        return None;
    };
    let mut j = i + scheme;
    while j < b.len()
        && b[j] > b' '
        && b[j] < 0x7f
        && !matches!(b[j], b'<' | b'>' | b'`' | b'"' | b'|' | b'[' | b']' | b'\\')
    {
        j += 1;
    }
    while j > i + scheme {
        let c = b[j - 1];
        let unbalanced_paren = c == b')' && {
            let url = &b[i..j];
            url.iter().filter(|&&x| x == b')').count() > url.iter().filter(|&&x| x == b'(').count()
        };
        if matches!(
            c,
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'*' | b'_' | b'~' | b'\'' | b'"'
        ) || unbalanced_paren
        {
            j -= 1;
        } else {
            break;
        }
    }
    (j > i + scheme).then_some(j)
}

// ---------------------------------------------------------------------------
// Summaries

fn summary_candidates<'b>(
    blocks: &'b [Block],
    in_admonition: bool,
    out: &mut Vec<(bool, &'b str)>,
) {
    for block in blocks {
        match block {
            Block::Paragraph(t) | Block::Heading(_, t) | Block::Html { text: t, .. } => {
                out.push((in_admonition, t));
            }
            Block::Quote(body) => summary_candidates(body, in_admonition, out),
            Block::List(list) => {
                for item in &list.items {
                    summary_candidates(item, in_admonition, out);
                }
            }
            Block::Admonition { body, .. } => summary_candidates(body, true, out),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    out.push((true, cell));
                }
            }
            Block::Code { body, .. } => {
                for line in body {
                    out.push((true, line));
                }
            }
            Block::Rule => {}
        }
    }
}

/// Inline Markdown reduced to text (code spans kept as code spans).
fn plain_inline(s: &str, defs: &Defs, depth: usize) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut lit = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push_str(&s[lit..i]);
                out.push(char::from(b[i + 1]));
                i += 2;
                lit = i;
            }
            b'`' => {
                let n = longest_prefix(&b[i..], b'`');
                match code_close(b, i + n, n) {
                    Some(close) => {
                        out.push_str(&s[lit..i]);
                        let content = s[i + n..close].replace('\n', " ");
                        let content = if content.len() > 1
                            && content.starts_with(' ')
                            && content.ends_with(' ')
                            && !content.bytes().all(|x| x == b' ')
                        {
                            content[1..content.len() - 1].to_owned()
                        } else {
                            content
                        };
                        out.push_str(&code_span(&content));
                        i = close + n;
                        lit = i;
                    }
                    None => i += n,
                }
            }
            b'<' => {
                out.push_str(&s[lit..i]);
                if let Some(end) = autolink_end(b, i) {
                    let inner = &s[i + 1..end - 1];
                    out.push_str(inner.strip_prefix("mailto:").unwrap_or(inner));
                    i = end;
                } else if let Some(end) = b[i..]
                    .starts_with(b"<!--")
                    .then(|| comment_end(b, i))
                    .flatten()
                {
                    i = end;
                } else if let Some(tag) = parse_tag(b, i) {
                    let code_end = (tag.name == "code" && tag.kind == TagKind::Open)
                        .then(|| find_ci(&s[tag.end..], "</code>"))
                        .flatten();
                    if let Some(len) = code_end {
                        // `<code>x</code>` reads best as a code span.
                        let inner = plain_inline(&s[tag.end..tag.end + len], defs, depth + 1);
                        out.push_str(&code_span(inner.trim()));
                        i = tag.end + len + "</code>".len();
                    } else {
                        if matches!(tag.name.as_str(), "br" | "p" | "div" | "li" | "tr" | "hr") {
                            out.push(' ');
                        }
                        i = tag.end;
                    }
                } else {
                    out.push('<');
                    i += 1;
                }
                lit = i;
            }
            b'[' | b'!' => {
                let image = c == b'!';
                if image && b.get(i + 1) != Some(&b'[') {
                    i += 1;
                    continue;
                }
                let link = if depth < MAX_INLINE_DEPTH {
                    parse_link(s, i, image, defs)
                } else {
                    None
                };
                match link {
                    Some(link) => {
                        out.push_str(&s[lit..i]);
                        out.push_str(&plain_inline(&s[link.text.clone()], defs, depth + 1));
                        i = link.end;
                        lit = i;
                    }
                    None => i += 1,
                }
            }
            b'&' => match decode_entity(s, i) {
                Some((text, end)) => {
                    out.push_str(&s[lit..i]);
                    out.push_str(&text);
                    i = end;
                    lit = i;
                }
                None => i += 1,
            },
            b'*' | b'_' | b'~' => {
                let n = longest_prefix(&b[i..], c);
                let prev = s[..i].chars().next_back();
                let next = s[i + n..].chars().next();
                let ws_or_punct = |ch: Option<char>| {
                    ch.is_none_or(|ch| ch.is_whitespace() || ch.is_ascii_punctuation())
                };
                let opening = next.is_some_and(|ch| !ch.is_whitespace()) && ws_or_punct(prev);
                let closing = prev.is_some_and(|ch| !ch.is_whitespace()) && ws_or_punct(next);
                if (opening || closing) && (c != b'~' || n >= 2) {
                    out.push_str(&s[lit..i]);
                    lit = i + n;
                }
                i += n;
            }
            b'\n' => {
                out.push_str(&s[lit..i]);
                out.push(' ');
                i += 1;
                lit = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(s.get(lit..).unwrap_or(""));
    out
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// A character reference at `i` (`&name;`, `&#123;`, `&#x1F;`) and its end.
fn decode_entity(s: &str, i: usize) -> Option<(String, usize)> {
    let rest = s.get(i + 1..)?;
    let semi = rest.find(';').filter(|&p| (1..=32).contains(&p))?;
    let name = &rest[..semi];
    let end = i + 1 + semi + 1;
    let text = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| *c != '\0')?.to_string()
    } else {
        match name {
            "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            "mdash" => "—",
            "ndash" => "–",
            "hellip" => "…",
            "lsquo" => "‘",
            "rsquo" => "’",
            "ldquo" => "“",
            "rdquo" => "”",
            "copy" => "©",
            "reg" => "®",
            "trade" => "™",
            "times" => "×",
            "rarr" => "→",
            "larr" => "←",
            _ => return None,
        }
        .to_owned()
    };
    Some((text, end))
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence: up to the first `.`, `!` or `?` followed by a space and
/// something that does not look like the sentence going on (a lowercase word,
/// or an abbreviation such as `e.g.` before it).
fn first_sentence(s: &str) -> &str {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut in_code = false;
    for (k, &(idx, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code || !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut m = k + 1;
        while m < chars.len() && matches!(chars[m].1, ')' | '"' | '\'' | '”' | '’' | ']') {
            m += 1;
        }
        if m >= chars.len() {
            return s;
        }
        if chars[m].1 != ' ' {
            continue;
        }
        if chars.get(m + 1).is_some_and(|&(_, n)| n.is_lowercase()) {
            continue;
        }
        if c == '.' && is_abbreviation(&s[..idx]) {
            continue;
        }
        return &s[..chars[m].0];
    }
    s
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or("");
    let lower = word.to_lowercase();
    matches!(
        lower.as_str(),
        "e.g"
            | "i.e"
            | "eg"
            | "ie"
            | "vs"
            | "approx"
            | "incl"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "no"
            | "cf"
    ) || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
}

/// Trims a sentence's end: no trailing `:`, `;`, `,` or doubled period.
fn finish_sentence(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t;
        t = t.trim_end_matches([':', ';', ',']).trim_end();
        if t.ends_with("..") && !t.ends_with("...") {
            t = &t[..t.len() - 1];
        }
        if t == before {
            break;
        }
    }
    t.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let got = to_rustdoc(input);
        assert_eq!(
            got, expected,
            "\ninput:\n{input}\n---got:\n{got}\n---expected:\n{expected}\n"
        );
    }

    // -- normalisation ------------------------------------------------------

    #[test]
    fn empty_and_blank() {
        check("", "");
        check("   \n\t\n  ", "");
        assert_eq!(summary_line(""), "");
        assert_eq!(summary_line(" \n "), "");
    }

    #[test]
    fn leading_newline_and_common_indent() {
        check(
            "\nYou can view the currently authorised admin.\n",
            "You can view the currently authorised admin.",
        );
        check(
            "  Line one\n  line two\n\n    code-ish\n",
            "Line one\nline two\n\ncode-ish",
        );
        check(
            "  Line one\n\n      code\n",
            "Line one\n\n```text\ncode\n```",
        );
    }

    #[test]
    fn first_line_indented_differently() {
        // An over-indented first line is prose, not a code block.
        check(
            "      The `list` call.\n\n- a\n- b",
            "The `list` call.\n\n- a\n- b",
        );
        // Lines indented under a plain first line are a block of their own.
        check(
            "SLA statuses:\n            - `hit`: one.\n            - `missed`: two.",
            "SLA statuses:\n\n- `hit`: one.\n- `missed`: two.",
        );
        // ...but not under a list item, where they are nested content.
        check("- a\n    - b", "- a\n  - b");
    }

    #[test]
    fn crlf_and_trailing_whitespace() {
        check("a  \r\nb\t\r\n\r\nc   ", "a\\\nb\n\nc");
        check("one\rtwo", "one\ntwo");
    }

    #[test]
    fn hard_break_after_backslash_uses_br() {
        check("a\\  \nb", "a\\<br>\nb");
    }

    // -- code blocks --------------------------------------------------------

    #[test]
    fn indented_code_becomes_text_fence() {
        check(
            "Example:\n\n    let x = [1, 2];\n      nested\n\n    more\n\nAfter.",
            "Example:\n\n```text\nlet x = [1, 2];\n  nested\n\nmore\n```\n\nAfter.",
        );
    }

    #[test]
    fn tab_indented_code() {
        check("Text\n\n\tcode <x>\n", "Text\n\n```text\ncode <x>\n```");
    }

    #[test]
    fn indented_lines_continuing_a_paragraph_stay_text() {
        check(
            "Para\nline\n    still para [x]",
            "Para\nline\n    still para \\[x\\]",
        );
    }

    #[test]
    fn fence_info_strings() {
        check("```\nfn main() {}\n```", "```text\nfn main() {}\n```");
        check("```rust\nx\n```", "```text\nx\n```");
        check("```Rust\nx\n```", "```text\nx\n```");
        check("```json\n{\"a\": [1]}\n```", "```json\n{\"a\": [1]}\n```");
        check(
            "```bash\ncurl https://x.io\n```",
            "```bash\ncurl https://x.io\n```",
        );
        check("``` curl title=\"x\"\ncurl\n```", "```curl\ncurl\n```");
        check("```ignore\nx\n```", "```text\nx\n```");
        check("```rust,ignore\nx\n```", "```text\nx\n```");
        check("```no_run\nx\n```", "```text\nx\n```");
        check("```should_panic\nx\n```", "```text\nx\n```");
        check("```should-panic\nx\n```", "```text\nx\n```");
        check("```compile_fail\nx\n```", "```text\nx\n```");
        check("```edition2021\nx\n```", "```text\nx\n```");
        check("```ignore-wasm32\nx\n```", "```text\nx\n```");
        check("```E0308\nx\n```", "```text\nx\n```");
        check("```{.json}\nx\n```", "```text\nx\n```");
        check("```custom\nx\n```", "```text\nx\n```");
        check("```rs\nx\n```", "```text\nx\n```");
        check("```text\nx\n```", "```text\nx\n```");
        check("```c++\nx\n```", "```c++\nx\n```");
    }

    #[test]
    fn tilde_fence_and_long_fence() {
        check("~~~json\n{}\n~~~", "```json\n{}\n```");
        check("~~~\n```\nx\n```\n~~~", "````text\n```\nx\n```\n````");
        check("````\n```\n````", "````text\n```\n````");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        check(
            "Text\n\n```json\n{\"a\": 1}",
            "Text\n\n```json\n{\"a\": 1}\n```",
        );
        check("```", "```text\n```");
    }

    #[test]
    fn fence_content_is_untouched() {
        check(
            "```\n[key] <id> https://x.io\n  indented\n```",
            "```text\n[key] <id> https://x.io\n  indented\n```",
        );
    }

    #[test]
    fn fence_interrupts_paragraph() {
        check(
            "Headers:\n```\nLink: </a>; rel=\"x\"\n```",
            "Headers:\n\n```text\nLink: </a>; rel=\"x\"\n```",
        );
    }

    // -- brackets and links ------------------------------------------------

    #[test]
    fn stray_brackets_are_escaped() {
        check("Use [foo] here.", "Use \\[foo\\] here.");
        check("custom_attributes[key]", "custom_attributes\\[key\\]");
        check(
            "An empty array [] or [1, 2].",
            "An empty array \\[\\] or \\[1, 2\\].",
        );
        check("Values [\"a\", \"b\"]", "Values \\[\"a\", \"b\"\\]");
        check("[foo][bar]", "\\[foo\\]\\[bar\\]");
        check("ends with [", "ends with \\[");
        check("] alone", "\\] alone");
        check("note[^1]", "note\\[^1\\]");
        check("already \\[escaped\\]", "already \\[escaped\\]");
    }

    #[test]
    fn inline_links_are_kept() {
        check(
            "See the [pagination section](https://developers.intercom.com/docs/x/#pagination) for more.",
            "See the [pagination section](https://developers.intercom.com/docs/x/#pagination) for more.",
        );
        check("[a](https://x.io \"Title\")", "[a](https://x.io \"Title\")");
        check("[a [b] c](https://x.io)", "[a \\[b\\] c](https://x.io)");
        check("[`a[0]`](https://x.io)", "[`a[0]`](https://x.io)");
        check("mail [me](mailto:a@b.io)", "mail [me](mailto:a@b.io)");
    }

    #[test]
    fn relative_and_odd_links() {
        check(
            "See the [setup guide](/docs/guides/setup) for details.",
            "See the [setup guide](https://developers.intercom.com/docs/guides/setup) for details.",
        );
        check(
            "conform to the\n[](/docs/models/ecommerce_catalog_product) schema.",
            "conform to the\n[`ecommerce_catalog_product`](https://developers.intercom.com/docs/models/ecommerce_catalog_product) schema.",
        );
        check(
            "by [listing the ticket type](ref:get_ticket-types). For",
            "by listing the ticket type. For",
        );
        check("see [below](#section) ok", "see below ok");
        check("call custom[key](value)", "call custom\\[key\\](value)");
        // What follows is scanned in place: the code span pairs as in the output.
        check("x [i](`a<b>) [y]` z", "x \\[i\\](`a<b>) [y]` z");
        check(
            "[x]: https://x.io/a\\\n\nsee [x]",
            "see [x](https://x.io/a%5C)",
        );
        check("[a](https://x.io/`b) `c`", "[a](https://x.io/%60b) `c`");
        check(
            "| a |\n|---|\n| [x] |\n\n[x]: https://x.io/a|b \"t|u\"",
            "| a                       |\n| ----------------------- |\n| [x](https://x.io/a%7Cb) |",
        );
        check("[x]()", "x");
    }

    #[test]
    fn reference_links_become_inline() {
        check(
            "Read [the docs][docs] or [docs] or [Docs][].\n\n[docs]: https://x.io/d \"D\"",
            "Read [the docs](https://x.io/d \"D\") or [docs](https://x.io/d \"D\") or [Docs](https://x.io/d \"D\").",
        );
        check("[bad]\n\n[bad]: nowhere", "bad");
        check("Undefined [ref][nope].", "Undefined \\[ref\\]\\[nope\\].");
    }

    #[test]
    fn images() {
        check("![logo](https://x.io/l.png)", "![logo](https://x.io/l.png)");
        check(
            "![logo [1]](/l.png)",
            "![logo \\[1\\]](https://developers.intercom.com/l.png)",
        );
        check("![alt]", "!\\[alt\\]");
        check(
            "[![b](https://x.io/b.svg)](https://x.io)",
            "[![b](https://x.io/b.svg)](https://x.io)",
        );
    }

    // -- URLs -----------------------------------------------------------------

    #[test]
    fn bare_urls_are_wrapped() {
        check(
            "Located at https://api.intercom.io/events, or",
            "Located at <https://api.intercom.io/events>, or",
        );
        check("(see https://x.io/a_(b)).", "(see <https://x.io/a_(b)>).");
        check("(see https://x.io/a).", "(see <https://x.io/a>).");
        check("**https://x.io**", "**<https://x.io>**");
        check("HTTP://X.IO/A?b=1&c=2.", "<HTTP://X.IO/A?b=1&c=2>.");
        check(
            "at https://api.intercom.io/articles/<id>",
            "at <https://api.intercom.io/articles/>&lt;id>",
        );
        check("just https:// here", "just https:// here");
        check("xhttps://x.io", "xhttps://x.io");
    }

    #[test]
    fn urls_in_code_links_and_autolinks_untouched() {
        check("`https://x.io/[a]`", "`https://x.io/[a]`");
        check("<https://x.io/a>", "<https://x.io/a>");
        check(
            "[https://x.io](https://x.io)",
            "[https://x.io](https://x.io)",
        );
        check("<mail@x.io>", "<mail@x.io>");
    }

    // -- HTML -----------------------------------------------------------------

    #[test]
    fn placeholders_and_lone_lt_are_escaped() {
        check(
            "GET /contacts/<contact_id>",
            "GET /contacts/&lt;contact_id>",
        );
        check("GET /contacts/<id>", "GET /contacts/&lt;id>");
        check("Use <your_token> here", "Use &lt;your_token> here");
        check("a < b > c", "a &lt; b > c");
        check("lone <", "lone &lt;");
        check("<foo>bar</foo>", "&lt;foo>bar&lt;/foo>");
    }

    #[test]
    fn well_formed_html_is_kept() {
        check(
            "Intercom API version.</br>By default",
            "Intercom API version.<br>By default",
        );
        // rustdoc rejects a self-closing tag unless spelt in lowercase.
        check("a<br>b<br/>c<BR />d<BR>e", "a<br>b<br/>c&lt;BR />d<BR>e");
        check(
            "type <code>conversation_tags_updated</code>.",
            "type <code>conversation_tags_updated</code>.",
        );
        check(
            "<img src=\"x.png\" alt=\"x\">",
            "<img src=\"x.png\" alt=\"x\">",
        );
        check(
            "an <a href=\"https://x.io\">anchor</a>",
            "an <a href=\"https://x.io\">anchor</a>",
        );
        check("<b>bold <i>both</i></b>", "<b>bold <i>both</i></b>");
    }

    #[test]
    fn unbalanced_html_is_escaped() {
        check("<b>open only", "&lt;b>open only");
        check("close only</b>", "close only&lt;/b>");
        check("<b><i>x</b></i>", "<b>&lt;i>x</b>&lt;/i>");
        check("<div/> and <span />", "&lt;div/> and &lt;span />");
        check(
            "<script>alert(1)</script>",
            "&lt;script>alert(1)&lt;/script>",
        );
        check(
            "<b title=\"[x]\">unclosed",
            "&lt;b title=\"\\[x\\]\">unclosed",
        );
    }

    #[test]
    fn html_blocks() {
        check(
            "<details>\n<summary>More</summary>\n\nBody with [x].\n\n</details>",
            "<details>\n<summary>More</summary>\n\nBody with \\[x\\].\n\n</details>",
        );
        // Once the unclosed `<details>` is escaped, `<summary>` starts its own
        // (balanced) HTML block.
        check(
            "<details>\n<summary>More [x]</summary>",
            "&lt;details>\n\n<summary>More [x]</summary>",
        );
        check("<p>Unclosed\n\nnext [x]", "&lt;p>Unclosed\n\nnext \\[x\\]");
        check("<div>\n```\nx\n```", "&lt;div>\n\n```text\nx\n```");
    }

    #[test]
    fn comments_are_dropped() {
        check("a <!-- hidden [x] --> b", "a <!-- hidden [x] --> b");
        check("<!-- hidden [x] -->b", "b");
        // Dropping a comment must not join what surrounds it.
        check("```a``<!-- -->`` b", "```a``<!-- -->`` b");
        check("h<!-- -->ttps://x.io", "h<!-- -->ttps://x.io");
        check("<!-- only -->", "");
        check("a <!-- never closed", "a &lt;!-- never closed");
        // A comment spanning lines could change what a line starts with: shown.
        check("a <!-- x\ny --> b", "a &lt;!-- x\ny --> b");
        // A comment before a block tag: the line is an HTML block.
        check(
            "Para\n<!-- c -->  <div>[x]</div>\n\nNext",
            "Para\n\n<div>[x]</div>\n\nNext",
        );
        check("<!-- c --><div>open", "&lt;div>open");
        check("a <!--> b <!---> c -->", "a &lt;!--> b &lt;!---> c -->");
        check("<!-- c -->```x``` y", "&lt;!-- c -->```x``` y");
        check(
            "a\n<!-- c -->\n    ```x\n    [y]```",
            "a\n\n````text\n```x\n[y]```\n````",
        );
        // Defensive: a fence at a paragraph line start keeps its backtick run.
        assert_eq!(guard_line_start("```x", false), "&#8203;```x");
        assert_eq!(guard_line_start("~~~x", true), "\\~~~x");
        check(
            "<!-- c --> z\n    ```x\n    [y]```",
            "z\n    ```x\n    [y]```",
        );
        // A comment-only line ends a paragraph: `<br>` then starts an HTML block.
        check("a\n<!-- c -->\n<br>\nb [x]", "a\n\n<br>\nb [x]");
        // Lines that would start an HTML block of their own end the paragraph,
        // so a code span cannot carry them verbatim to a line start.
        check("a ``x\n<!-- c --> y`` z", "a ``x\n\ny`` z");
        check("a `x\n<script> y` z", "a `x\n\n&lt;script> y` z");
        check("> quote\n<!-- c -->lazy?", "> quote\n\nlazy?");
    }

    #[test]
    fn entities_and_unicode_are_untouched() {
        check(
            "&nbsp;\n\n*External Pages* — 🚧 café &amp; ü",
            "&nbsp;\n\n*External Pages* — 🚧 café &amp; ü",
        );
    }

    // -- block structure --------------------------------------------------------

    #[test]
    fn blockquotes() {
        check(
            "Intro.\n\n> 🚧 Single Sign On\n>\n> If you call `/me` [x]\nlazy line\n\nAfter",
            "Intro.\n\n> 🚧 Single Sign On\n>\n> If you call `/me` \\[x\\]\n> lazy line\n\nAfter",
        );
        check("Text\n> quote", "Text\n\n> quote");
    }

    #[test]
    fn headings_are_demoted() {
        check("# Title\n\nText\n\n## Sub", "### Title\n\nText\n\n#### Sub");
        check("### Three\n## Two", "#### Three\n\n### Two");
        check("#### Deep", "#### Deep");
        check("Setext\n======\n\nSub\n---", "### Setext\n\n#### Sub");
        check("# C #", "### C");
        check("# C \\#", "### C \\#");
        check("#hashtag", "#hashtag");
    }

    #[test]
    fn lists() {
        check(
            "Modes:\n- `everyone`: all\n- `specific_teams`: see [x]\n  continued\n\nDone.",
            "Modes:\n\n- `everyone`: all\n- `specific_teams`: see \\[x\\]\n  continued\n\nDone.",
        );
        check(
            "1. POST the first part. The response\n   returns an id.\n2. POST each part.\n\n3. Finalize.",
            "1. POST the first part. The response\n   returns an id.\n\n2. POST each part.\n\n3. Finalize.",
        );
        check("- a\n  - b\n    - c\n- d", "- a\n  - b\n    - c\n- d");
        check("3) three\n4) four", "3) three\n4) four");
        check("- item\n\n      code", "- item\n\n  ```text\n  code\n  ```");
        check("- [ ] todo\n- [x] done", "- \\[ \\] todo\n- \\[x\\] done");
        check("-\n- b", "-\n- b");
        check("Para\n2. not a list", "Para\n2\\. not a list");
    }

    #[test]
    fn thematic_breaks() {
        check("a\n\n---\n\nb", "a\n\n***\n\nb");
        check("* * *", "***");
    }

    #[test]
    fn tables() {
        check(
            "Fields:\n| Field | Type | Description |\n|---|:--:|---|\n| `id` | string | See [x] and `a|b` |\n| `url` | string | https://x.io. |",
            // GFM splits cells at `|` even inside code spans, and ignores
            // cells beyond the header's.
            "Fields:\n\n| Field | Type   | Description      |\n| ----- | :----: | ---------------- |\n| `id`  | string | See \\[x\\] and `a |\n| `url` | string | <https://x.io>.  |",
        );
    }

    #[test]
    fn table_with_escaped_pipe() {
        check(
            "| a | b |\n| - | - |\n| x \\| y | z |",
            "| a      | b   |\n| ------ | --- |\n| x \\| y | z   |",
        );
    }

    #[test]
    fn admonitions() {
        check(
            "Intro.\n{% admonition type=\"warning\" name=\"Hard limit\" %}\n  The maximum is 500 [parts].\n{% /admonition %}\n\nAfter.",
            "Intro.\n\n<div class=\"warning\">\n\n**Hard limit**\n\nThe maximum is 500 \\[parts\\].\n\n</div>\n\nAfter.",
        );
        check(
            "{% admonition type=\"info\" name=\"Merged contacts\" %}\n  Body.\n\n  ```\n  Link: </c/{id}>\n  ```\n{% /admonition %}",
            "> **Merged contacts**\n>\n> Body.\n>\n> ```text\n> Link: </c/{id}>\n> ```",
        );
        check(
            "{% admonition type=\"info\" %}\nPlain.\n{% /admonition %}",
            "> Plain.",
        );
        check(
            "{% admonition type=\"danger\" %}\nNo end",
            "<div class=\"warning\">\n\nNo end\n\n</div>",
        );
        check("stray\n{% /admonition %}\nend", "stray\n\nend");
    }

    #[test]
    fn admonition_scopes_html() {
        // A tag opened inside and closed outside is escaped on both sides.
        check(
            "{% admonition type=\"warning\" %}\n<b>in\n{% /admonition %}\nout</b>",
            "<div class=\"warning\">\n\n&lt;b>in\n\n</div>\n\nout&lt;/b>",
        );
    }

    #[test]
    fn line_starts_that_would_start_blocks_are_escaped() {
        check(
            "a <!-- x -->\n# not heading",
            "a <!-- x -->\n\n### not heading",
        );
        check("Para\n<!-- c -->- not a list", "Para\n\n\\- not a list");
        check("Para\n| a |\n|---|\n", "Para\n\n| a   |\n| --- |");
        check("Para\n<!---->|---|", "Para\n\n|---|");
        // Not a table (cell counts differ): the delimiter-like line is escaped.
        check("a | b\n--|--|--", "a | b\n\\--|--|--");
        check("a | b\n|--|--|--|", "a | b\n\\|--|--|--|");
    }

    #[test]
    fn code_spans_untouched() {
        check(
            "Use `<attribute key=\"a\"/>` and `[x]` and `https://x.io` here.",
            "Use `<attribute key=\"a\"/>` and `[x]` and `https://x.io` here.",
        );
        check("``a ` b`` and `` ` ``", "``a ` b`` and `` ` ``");
        check("unbalanced ` backtick [x]", "unbalanced ` backtick \\[x\\]");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("{} x [y]", ">".repeat(200));
        let out = to_rustdoc(&deep);
        let expected = format!(
            "{}\\{} x \\[y\\]",
            "> ".repeat(MAX_DEPTH),
            ">".repeat(200 - MAX_DEPTH)
        );
        assert_eq!(out, expected);
        let lists = "- ".repeat(100) + "x";
        assert!(
            to_rustdoc(&lists).contains("\\- - -"),
            "deep lists degrade to text"
        );
    }

    // -- summary_line -----------------------------------------------------

    #[test]
    fn summary_first_sentence() {
        assert_eq!(
            summary_line("You can fetch a list of all contacts. Contacts are sorted."),
            "You can fetch a list of all contacts."
        );
        assert_eq!(
            summary_line(
                "\nYou can view the currently authorised admin along with the embedded app object (a \"workspace\" in legacy terminology).\n\n> 🚧 Single Sign On"
            ),
            "You can view the currently authorised admin along with the embedded app object (a \"workspace\" in legacy terminology)."
        );
        assert_eq!(summary_line("List all admins"), "List all admins");
        assert_eq!(
            summary_line("Use e.g. Foo here. Then"),
            "Use e.g. Foo here."
        );
        assert_eq!(
            summary_line("Version 2.5 is the default. Next"),
            "Version 2.5 is the default."
        );
        assert_eq!(
            summary_line("Upload a catalog. The catalog must be a JSON\narray"),
            "Upload a catalog."
        );
        assert_eq!(
            summary_line("The catalog must be a JSON\narray of objects"),
            "The catalog must be a JSON array of objects"
        );
    }

    #[test]
    fn summary_strips_markup() {
        assert_eq!(
            summary_line(
                "**Bold** and *it* and [a link](https://x.io) and <b>tag</b>&nbsp;&amp; `code_span`."
            ),
            "Bold and it and a link and tag & `code_span`."
        );
        assert_eq!(
            summary_line("snake_case_name stays; 2 * 3 stays"),
            "snake_case_name stays; 2 * 3 stays"
        );
        assert_eq!(
            summary_line("Returns the following:"),
            "Returns the following"
        );
        assert_eq!(summary_line("Ends twice.."), "Ends twice.");
        assert_eq!(summary_line("Wait..."), "Wait...");
        assert_eq!(summary_line("Field `tag.list`. More"), "Field `tag.list`.");
        assert_eq!(summary_line("## Heading\n\nText"), "Heading");
        assert_eq!(
            summary_line("For part type <code>call_summary</code>. More"),
            "For part type `call_summary`."
        );
    }

    #[test]
    fn summary_skips_admonitions_and_empty_paragraphs() {
        assert_eq!(
            summary_line(
                "{% admonition type=\"warning\" %}\nBeta.\n{% /admonition %}\n\n&nbsp;\n\nThe real text."
            ),
            "The real text."
        );
        assert_eq!(
            summary_line("{% admonition type=\"warning\" %}\nBeta.\n{% /admonition %}"),
            "Beta."
        );
        assert_eq!(summary_line("```\ncode only\n```"), "code only");
        assert_eq!(summary_line("<!-- -->"), "<!-- -->");
        assert_eq!(summary_line("***"), "***");
        assert_eq!(summary_line("[]"), "[]");
    }

    // -- code_span -----------------------------------------------------------

    #[test]
    fn code_spans() {
        assert_eq!(code_span("tag.list"), "`tag.list`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a``"), "``` a`` ```");
        assert_eq!(code_span(" padded "), "`  padded  `");
        assert_eq!(code_span("  "), "`  `");
        assert_eq!(code_span(""), "`\"\"`");
        assert_eq!(code_span("two\nlines"), "`two lines`");
        assert_eq!(code_span("[x] <y>"), "`[x] <y>`");
        // A code span never opens a fence, even at the start of a line.
        assert_eq!(to_rustdoc(&code_span("``x")), code_span("``x"));
    }

    // -- robustness -----------------------------------------------------------

    fn assert_well_formed(input: &str) {
        let out = to_rustdoc(input);
        assert!(!out.contains('\r'), "{input:?}");
        assert!(
            !out.starts_with('\n') && !out.ends_with('\n'),
            "{input:?} -> {out:?}"
        );
        for line in out.lines() {
            assert_eq!(line, line.trim_end(), "trailing whitespace for {input:?}");
        }
        let summary = summary_line(input);
        assert!(!summary.contains('\n'), "{input:?}");
        if !input.trim().is_empty() {
            assert!(!summary.is_empty(), "empty summary for {input:?}");
        }
        let _ = code_span(input);
    }

    #[test]
    fn nasty_inputs_do_not_panic() {
        let nasty = [
            "",
            " ",
            "\n\n\n",
            "\t",
            "`",
            "``",
            "```",
            "`````\n``",
            "~~~",
            "<",
            "<<<",
            "</",
            "<a",
            "<a href=\"",
            "<a href='x'",
            "<!--",
            "<!-->",
            "<!---->",
            "<https://",
            "<a@",
            "[",
            "]",
            "[[[[",
            "]]]]",
            "[a](",
            "[a](<",
            "[a](<b",
            "[a](b \"c",
            "[a][",
            "![",
            "!",
            "\\",
            "\\\\",
            "a\\",
            "&",
            "&#;",
            "&#xFFFFFFFF;",
            "&#0;",
            "*",
            "_",
            "~",
            "#",
            "######## x",
            ">",
            "> > >",
            "-",
            "1.",
            "1234567890. x",
            "|",
            "|-|",
            "| a |\n|",
            "{%",
            "{% admonition",
            "{% admonition %}",
            "{% /admonition %}",
            "{% admonition type= %}",
            "{% admonition name=\" %}",
            "http://",
            "https://)",
            "https://é.com/ü",
            "é\u{300}<é>[é]",
            "\u{feff}x",
            "\0",
            "a\u{2028}b",
            "    ",
            "    x",
            "\n    x\n",
            "- a\n\n\n- b",
            "> ```\nx",
            "- ```\n  x\n- y",
            "<div>\n<div>\n</div>",
            "</div>\n\n<div>",
            "<details><summary>x</summary>",
            "text\n===\n---",
            "  \n  \n- \n  \n",
        ];
        for s in nasty {
            assert_well_formed(s);
        }
    }

    #[test]
    fn pseudo_random_inputs_do_not_panic() {
        let pieces = [
            "a",
            "é",
            "🚧",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "`",
            "```",
            "~~~",
            "<",
            ">",
            "</",
            "<b>",
            "</b>",
            "<br>",
            "<div>",
            "</div>",
            "<id>",
            "[",
            "]",
            "(",
            ")",
            "[x](",
            "https://x.io",
            "/docs",
            "\\",
            "&",
            "&nbsp;",
            "*",
            "_",
            "#",
            "- ",
            "1. ",
            "> ",
            "|",
            "---",
            "    ",
            "{% admonition type=\"warning\" %}",
            "{% /admonition %}",
            "<!--",
            "-->",
            "[l]: /u",
            "\"",
            "'",
            ":",
            "!",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            assert_well_formed(&s);
        }
    }

    #[test]
    fn pathological_nesting_and_size_terminate() {
        let images = "![".repeat(2000) + "x" + &"](u)".repeat(2000);
        assert_well_formed(&images);
        let brackets = "[".repeat(3000) + "]";
        assert_well_formed(&brackets);
        let ticks = "` ``".repeat(3000);
        assert_well_formed(&ticks);
        let tags = "<b>".repeat(3000) + &"</b>".repeat(3000);
        assert_eq!(to_rustdoc(&tags), tags);
        let blocks = "<div>\n".repeat(300);
        assert_well_formed(&blocks);
        let quotes = "> ".repeat(5000);
        assert_well_formed(&quotes);
    }

    #[test]
    fn output_is_deterministic_and_stable() {
        let input = "Intro [x] https://x.io\n\n<details>\n<summary>S</summary>\n\n</details>\n\n```\ncode\n```";
        let once = to_rustdoc(input);
        assert_eq!(once, to_rustdoc(input));
        assert_eq!(to_rustdoc(&once), once);
    }
}
