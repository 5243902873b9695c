//! The block parser: a CommonMark subset (fenced and indented code, ATX/setext headings, block
//! quotes, lists, GFM tables (cells in [`super::tables`]), HTML blocks, link reference
//! definitions, Markdoc admonitions) read into a [`Document`] of [`Block`]s.

use super::*;

/// A line (or the part of it inside its containers) of the normalised source,
/// with its byte offset there.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
}

impl<'a> Line<'a> {
    pub(super) fn indent(self) -> usize {
        leading_spaces(self.text)
    }

    pub(super) fn is_blank(self) -> bool {
        is_blank(self.text)
    }

    /// The text after the indentation.
    pub(super) fn rest(self) -> &'a str {
        self.text.get(self.indent()..).unwrap_or("")
    }

    /// Drops `n` leading bytes (only ever ASCII spaces or markers).
    pub(super) fn skip(self, n: usize) -> Line<'a> {
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

    pub(super) fn trim_start(self) -> Line<'a> {
        let n = self.text.len() - self.text.trim_start_matches([' ', '\t']).len();
        self.skip(n)
    }
}

pub(super) fn split_lines(src: &str) -> Vec<Line<'_>> {
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
pub(super) struct Target {
    pub(super) dest: String,
    pub(super) title: Option<String>,
}

pub(super) type Defs = HashMap<String, Target>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ListKind {
    Bullet(u8),
    Ordered(u8),
}

#[derive(Debug)]
pub(super) struct List {
    pub(super) kind: ListKind,
    pub(super) start: u64,
    pub(super) loose: bool,
    pub(super) items: Vec<Vec<Block>>,
}

#[derive(Debug)]
pub(super) enum Block {
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

pub(super) struct Document {
    pub(super) blocks: Vec<Block>,
    pub(super) defs: Defs,
}

pub(super) fn parse_document(src: &str) -> Document {
    let lines = split_lines(src);
    let mut parser = Parser { defs: Defs::new() };
    let (blocks, _) = parser.blocks(&lines, 0);
    Document {
        blocks,
        defs: parser.defs,
    }
}

pub(super) struct Parser {
    pub(super) defs: Defs,
}

/// The start of a list item.
#[derive(Clone, Copy, Debug)]
pub(super) struct ItemStart {
    pub(super) kind: ListKind,
    pub(super) number: u64,
    /// Column of the item's content.
    pub(super) content: usize,
    pub(super) empty: bool,
}

impl ItemStart {
    pub(super) fn can_interrupt_paragraph(self) -> bool {
        !self.empty && (matches!(self.kind, ListKind::Bullet(_)) || self.number == 1)
    }
}

pub(super) fn item_start(line: Line<'_>) -> Option<ItemStart> {
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
pub(super) fn fence_open(rest: &str) -> Option<(u8, usize, &str)> {
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

pub(super) fn fence_close(line: Line<'_>, ch: u8, len: usize) -> bool {
    if line.indent() >= 4 {
        return false;
    }
    let rest = line.rest();
    let n = longest_prefix(rest.as_bytes(), ch);
    n >= len && rest.get(n..).is_some_and(is_blank)
}

pub(super) fn longest_prefix(b: &[u8], ch: u8) -> usize {
    b.iter().take_while(|&&c| c == ch).count()
}

pub(super) fn longest_run(b: &[u8], ch: u8) -> usize {
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
pub(super) fn atx(rest: &str) -> Option<(usize, &str)> {
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

pub(super) fn thematic_break(rest: &str) -> bool {
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

pub(super) fn setext_level(rest: &str) -> Option<usize> {
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
pub(super) fn html_block_start(rest: &str, para_open: bool) -> Option<usize> {
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
pub(super) fn html_interrupter(rest: &str) -> bool {
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
pub(super) fn admonition_open(rest: &str) -> Option<(String, Option<String>)> {
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

pub(super) fn is_admonition_close(rest: &str) -> bool {
    trim_ws(rest)
        .strip_prefix("{%")
        .and_then(|s| s.strip_suffix("%}"))
        .is_some_and(|s| s.trim() == "/admonition")
}

pub(super) fn markdoc_attr(attrs: &str, key: &str) -> Option<String> {
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
pub(super) fn is_comment_only(rest: &str) -> bool {
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
pub(super) fn starts_any_block(line: Line<'_>) -> bool {
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
pub(super) struct Tracker {
    pub(super) fence: Option<(u8, usize)>,
    pub(super) para: bool,
    pub(super) html: bool,
}

impl Tracker {
    pub(super) fn feed(&mut self, line: Line<'_>) {
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

    pub(super) fn lazy_ok(&self) -> bool {
        self.para && !self.html && self.fence.is_none()
    }
}

impl Parser {
    /// Parses lines into blocks; also says whether blank lines separated any
    /// two of them (which makes an enclosing list loose).
    pub(super) fn blocks(&mut self, lines: &[Line<'_>], depth: usize) -> (Vec<Block>, bool) {
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

    pub(super) fn list(
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

pub(super) fn flush_paragraph(para: &mut Vec<Line<'_>>, out: &mut Vec<Block>) {
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

pub(super) fn indented_code(lines: &[Line<'_>], start: usize) -> (Block, usize) {
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
pub(super) fn admonition_body<'a>(lines: &[Line<'a>], start: usize) -> (Vec<Line<'a>>, usize) {
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
pub(super) fn collect_quote<'a>(lines: &[Line<'a>], start: usize) -> (Vec<Line<'a>>, usize) {
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

/// A single-line link reference definition `[label]: dest "title"`.
pub(super) fn parse_definition(rest: &str) -> Option<(String, Target)> {
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

pub(super) fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    j
}

pub(super) fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\n') {
        j += 1;
    }
    j
}

/// Index of the `]` closing a link label opened before `start` (no nested
/// brackets), if any.
pub(super) fn label_close(b: &[u8], start: usize) -> Option<usize> {
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

pub(super) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A link destination at `j`: its text (without `<>`) and end.
pub(super) fn parse_dest(s: &str, j: usize) -> Option<(String, usize)> {
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
pub(super) fn parse_title(s: &str, j: usize) -> Option<(String, usize)> {
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
pub(super) fn code_lang(info: &str) -> String {
    let word = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .find(|w| !w.is_empty());
    match word {
        Some(w) if is_foreign_lang(w) => w.to_owned(),
        _ => "text".to_owned(),
    }
}

pub(super) fn is_foreign_lang(word: &str) -> bool {
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

pub(super) fn heading_shift(blocks: &[Block]) -> usize {
    pub(super) fn min_level(blocks: &[Block]) -> Option<usize> {
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
