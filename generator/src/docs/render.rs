//! The renderer: a parsed [`super::parser::Document`] back to canonical, rustdoc-safe Markdown
//! (code fenced and labelled, brackets escaped unless a usable link, bare URLs wrapped, unkept HTML
//! escaped).

use super::*;

#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    /// Inside a link's text: no nested links, no autolinks.
    pub(super) in_link: bool,
    /// HTML tags may be kept (false inside an escaped tag's text).
    pub(super) tags: bool,
    /// Nesting of link/image texts being rendered.
    pub(super) depth: usize,
    /// Offset of the text being rendered in its leaf block's (where its links are).
    pub(super) base: usize,
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx {
            in_link: false,
            tags: true,
            depth: 0,
            base: 0,
        }
    }
}

impl Ctx {
    /// For the text at `offset` of the one being rendered, one level deeper.
    pub(super) fn nested(self, offset: usize) -> Ctx {
        Ctx {
            depth: self.depth + 1,
            base: self.base + offset,
            ..self
        }
    }
}

pub(super) struct Renderer {
    /// The links of the leaf block being rendered.
    pub(super) links: Vec<Link>,
    pub(super) tags: Tags,
    pub(super) shift: usize,
    /// Source offset of each HTML block's `<`, with the sequence number of the
    /// tag found there (none if it is not a known, well-formed tag).
    pub(super) html_starts: Vec<(usize, Option<usize>)>,
}

impl Renderer {
    pub(super) fn new(tags: Tags, shift: usize) -> Self {
        Renderer {
            links: Vec::new(),
            tags,
            shift,
            html_starts: Vec::new(),
        }
    }

    pub(super) fn document(&mut self, blocks: &[Block]) -> Vec<String> {
        self.blocks(blocks, false)
    }

    pub(super) fn blocks(&mut self, blocks: &[Block], tight: bool) -> Vec<String> {
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

    pub(super) fn block(&mut self, block: &Block) -> Vec<String> {
        match block {
            Block::Paragraph(text) => self.paragraph(text),
            Block::Heading(level, text) => {
                let level = (level + self.shift).min(6);
                let rendered = self.leaf(text).replace('\n', " ");
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
                    .map(|t| {
                        self.links.clear();
                        self.inline(t, Ctx::default()).replace('\n', " ")
                    })
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

    /// A leaf block's inline Markdown, rendered.
    pub(super) fn leaf(&mut self, text: &Inline) -> String {
        self.links.clone_from(&text.links);
        self.inline(&text.text, Ctx::default())
    }

    pub(super) fn paragraph(&mut self, text: &Inline) -> Vec<String> {
        let rendered = self.leaf(text);
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

    pub(super) fn cells(&mut self, cells: &[Inline]) -> Vec<String> {
        cells
            .iter()
            .map(|c| self.leaf(c).replace('\n', " ").trim().to_owned())
            .collect()
    }

    pub(super) fn list(&mut self, list: &List) -> Vec<String> {
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
    pub(super) fn inline(&mut self, s: &str, cx: Ctx) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
        let mut lit = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' if b.get(i + 1) == Some(&b'n') => {
                    // A YAML plain scalar keeps `\n` as two characters: the line break
                    // its author meant (Markdown never reads `\n` as an escape).
                    out.push_str(&s[lit..i]);
                    out.push('\n');
                    i += 2;
                    lit = i;
                }
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
                    let parsed = if allowed {
                        link_at(&self.links, cx.base, i, s)
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
    pub(super) fn inline_lt(&mut self, s: &str, i: usize, cx: Ctx, out: &mut String) -> usize {
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
                        ..cx.nested(i + 1)
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
    pub(super) fn html(&mut self, s: &str, pos: usize) -> String {
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
                // Dropped, unless text follows it at a line start (which would then read as
                // Markdown): kept there, invisible.
                let after = &b[skip_spaces(b, end)..];
                let line_start = out.rsplit('\n').next().is_none_or(is_blank);
                if line_start && !(after.is_empty() || after[0] == b'\n' || after[0] == b'<') {
                    out.push_str(&s[i..end]);
                }
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
        if seen_start {
            self.html_starts.push((pos, start_seq));
        }
        // Whatever preceded the opening tag (comments) is gone: the block must
        // not start indented.
        out.trim_start().to_owned()
    }

    /// Renders a parsed link; returns the text and where to go on scanning.
    pub(super) fn link(&mut self, s: &str, link: &Link, image: bool, cx: Ctx) -> (String, usize) {
        let text = &s[link.text.clone()];
        let at = link.text.start;
        let Some(url) = resolve_dest(&link.dest) else {
            if is_bare_word(&link.dest) && link.end > link.after_text {
                // `word[x](y)` is not meant as a link: show it as written. What
                // follows `]` is scanned in place, so that code spans starting
                // there pair up as they will in the output.
                let mut out = String::from(if image { "!\\[" } else { "\\[" });
                out.push_str(&self.inline(text, cx.nested(at)));
                out.push_str("\\]");
                return (out, link.after_text);
            }
            // A link to nowhere useful: keep its text.
            return (self.inline(text, cx.nested(at)), link.end);
        };
        let inner = Ctx {
            in_link: if image { cx.in_link } else { true },
            ..cx.nested(at)
        };
        let mut rendered = self.inline(text, inner);
        if !image && rendered.trim().is_empty() {
            rendered = fallback_link_text(&url);
        }
        // A title with `|` would split a table cell (a tooltip is no loss).
        let title = link
            .title
            .as_deref()
            .filter(|t| !t.contains('|'))
            .map(|t| format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")))
            .unwrap_or_default();
        let out = format!(
            "{}[{rendered}]({}{title})",
            if image { "!" } else { "" },
            encode_dest(&url)
        );
        (out, link.end)
    }
}

pub(super) fn kept_tag<'s>(tag: &TagTok, raw: &'s str) -> &'s str {
    if tag.kind == TagKind::Close && tag.name == "br" {
        "<br>"
    } else {
        raw
    }
}

/// Whether `next` can follow `prev` without a blank line inside a tight list
/// item (and still be parsed as the same two blocks).
pub(super) fn joins_tightly(prev: &Block, next: &Block) -> bool {
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
pub(super) fn needs_blank_after(block: &Block) -> bool {
    matches!(
        block,
        Block::Html { .. } | Block::Table { .. } | Block::Admonition { warning: true, .. }
    )
}

pub(super) fn prefix_lines(lines: &[String], prefix: &str, blank: &str) -> Vec<String> {
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
pub(super) fn guard_line_start(line: &str, continuation: bool) -> String {
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

pub(super) fn longest_prefix_by(b: &[u8], f: impl Fn(&u8) -> bool) -> usize {
    b.iter().take_while(|c| f(c)).count()
}

/// Escapes the last `#` of heading text that would read as a closing sequence.
pub(super) fn guard_closing_hashes(text: &str) -> String {
    let stripped = text.trim_end_matches('#');
    if stripped.len() < text.len() && (stripped.is_empty() || stripped.ends_with([' ', '\t'])) {
        let hashes = text.len() - stripped.len();
        format!("{stripped}{}\\#", "#".repeat(hashes - 1))
    } else {
        text.to_owned()
    }
}

/// Index of a backtick run of exactly `n` at or after `from`.
pub(super) fn code_close(b: &[u8], from: usize, n: usize) -> Option<usize> {
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

/// An absolute URL for a link destination, if it points somewhere a reader of
/// the generated docs can follow.
pub(super) fn resolve_dest(dest: &str) -> Option<String> {
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

pub(super) fn is_bare_word(dest: &str) -> bool {
    !dest.is_empty() && !dest.contains(['/', '.', ':', '#', '?', '='])
}

/// Link text for a link written with none: the last path segment as code.
pub(super) fn fallback_link_text(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let trimmed = after_scheme.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((_, seg)) if !seg.is_empty() => code_span(seg),
        _ => code_span(url),
    }
}

/// A destination written so that it parses back as one destination.
pub(super) fn encode_dest(url: &str) -> String {
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
pub(super) fn bare_url_end(b: &[u8], i: usize) -> Option<usize> {
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
