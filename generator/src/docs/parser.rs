//! The parser: pulldown-cmark (the CommonMark parser rustdoc itself uses, with GFM tables) read
//! into a [`Document`] of [`Block`]s. Leaf blocks keep their inline Markdown as written, with the
//! links and images pulldown-cmark found in it (references resolved) by offset: the renderer
//! rewrites the text and asks [`link_at`] where a link starts. Markdoc `{% admonition %}` tags, which CommonMark reads as paragraph
//! text, are put on lines of their own first ([`prepare`]) and folded into blocks after.

use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, LinkType, Options, Parser as Markdown, Tag, TagEnd,
};

use super::*;

/// Inline Markdown as written, with the links and images pulldown-cmark found in it.
#[derive(Clone, Debug, Default)]
pub(super) struct Inline {
    pub(super) text: String,
    pub(super) links: Vec<Link>,
}

/// The link or image of `links` whose `[` (or `!`) is at `i` of `s`, a slice of the leaf's text
/// starting at `base`, with its offsets made relative to `s` (`None` unless they fall, in order,
/// on character boundaries of `s`).
pub(super) fn link_at(links: &[Link], base: usize, i: usize, s: &str) -> Option<Link> {
    let link = links.iter().find(|l| l.at == base + i)?;
    let local = |x: usize| x.checked_sub(base).filter(|&x| s.is_char_boundary(x));
    let (start, end) = (local(link.text.start)?, local(link.text.end)?);
    let (after_text, link_end) = (local(link.after_text)?, local(link.end)?);
    (i < start && start <= end && end < after_text && after_text <= link_end).then(|| Link {
        at: i,
        text: start..end,
        after_text,
        end: link_end,
        ..link.clone()
    })
}

/// A link or image (inline, reference or shortcut; autolinks are the renderer's own), by byte
/// offsets in its [`Inline::text`].
#[derive(Clone, Debug)]
pub(super) struct Link {
    /// The `[` (the `!` of an image).
    pub(super) at: usize,
    /// The link text, between the brackets.
    pub(super) text: Range<usize>,
    /// Just after the closing `]`.
    pub(super) after_text: usize,
    /// Just after the whole link (its destination, or its label).
    pub(super) end: usize,
    /// The destination, escapes and entities resolved (a reference's definition's).
    pub(super) dest: String,
    pub(super) title: Option<String>,
}

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
    /// Inline Markdown as written, lines joined with `\n`.
    Paragraph(Inline),
    Heading(usize, Inline),
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
    /// Cells as written (`\|` still escaped).
    Table {
        aligns: Vec<Align>,
        header: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
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
}

/// The CommonMark extensions the descriptions use at block level: GFM tables. (Inline syntax is
/// read by the renderer.)
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
}

/// Puts every admonition tag on a line of its own, between blank lines, and dedents an
/// admonition's body (YAML descriptions indent it) so it does not read as code.
pub(super) fn prepare(src: &str) -> String {
    let lines: Vec<&str> = src.split('\n').collect();
    let tag = |l: &str| admonition_open(l).is_some() || is_admonition_close(l);
    if !lines.iter().any(|l| tag(l)) {
        return src.to_owned();
    }
    let mut dedent = vec![0usize; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if leading_spaces(lines[i]) < 4 && admonition_open(lines[i]).is_some() {
            let mut level = 1;
            let mut j = i + 1;
            while j < lines.len() {
                if admonition_open(lines[j]).is_some() {
                    level += 1;
                } else if is_admonition_close(lines[j]) {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                j += 1;
            }
            let body = i + 1..j.min(lines.len());
            let common = lines[body.clone()]
                .iter()
                .filter(|l| !is_blank(l))
                .map(|l| leading_spaces(l))
                .min()
                .unwrap_or(0);
            for d in &mut dedent[body] {
                *d = (*d).max(common);
            }
        }
        i += 1;
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 8);
    for (k, line) in lines.iter().enumerate() {
        let line = line
            .get(dedent[k].min(leading_spaces(line))..)
            .unwrap_or("");
        if tag(line) {
            if out.last().is_some_and(|l| !is_blank(l)) {
                out.push("");
            }
            out.push(line.trim_start());
            if lines.get(k + 1).is_some_and(|l| !is_blank(l)) {
                out.push("");
            }
        } else {
            out.push(line);
        }
    }
    out.join("\n")
}

pub(super) fn parse_document(src: &str) -> Document {
    let mut builder = Builder::new(src);
    for (event, range) in Markdown::new_ext(src, options()).into_offset_iter() {
        builder.event(event, range);
    }
    Document {
        blocks: builder.finish(),
    }
}

/// A container being read.
enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List(List),
    /// A list item's blocks, and whether a paragraph started in it (which makes its list loose).
    Item(Vec<Block>, bool),
    Table {
        aligns: Vec<Align>,
        rows: Vec<Vec<Inline>>,
    },
}

/// A leaf block being read: its inline Markdown as written (`Text`), or its literal content
/// (code and HTML).
enum LeafKind {
    Paragraph,
    /// Text straight inside a tight list item.
    Tight,
    Heading(usize),
    Code(String),
    Html,
    Cell,
}

struct Leaf {
    kind: LeafKind,
    text: String,
    links: Vec<Link>,
    /// Links still open: the link so far, the end of its text seen so far, its source offset
    /// (which its end event repeats), and whether it is a collapsed reference (`[text][]`).
    open_links: Vec<(Link, Option<usize>, usize, bool)>,
    /// Start of the current line's inline Markdown, and the end of what was seen on it.
    line: Option<(usize, usize)>,
    /// The HTML block's opening `<`.
    pos: Option<usize>,
}

impl Leaf {
    /// Where the source offset `pos`, on the current line, lands in [`Leaf::text`].
    fn offset(&self, pos: usize) -> usize {
        self.text.len() + self.line.map_or(0, |(start, _)| pos.saturating_sub(start))
    }
}

struct Builder<'s> {
    src: &'s str,
    stack: Vec<Frame>,
    leaf: Option<Leaf>,
    /// A container nested deeper than [`MAX_DEPTH`]: its range and the events still open in it.
    flat: Option<(Range<usize>, usize)>,
}

impl<'s> Builder<'s> {
    fn new(src: &'s str) -> Self {
        Builder {
            src,
            stack: vec![Frame::Root(Vec::new())],
            leaf: None,
            flat: None,
        }
    }

    fn depth(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| matches!(f, Frame::Quote(_) | Frame::Item(..)))
            .count()
    }

    /// The block quotes the leaf being read is in.
    fn quotes(&self) -> usize {
        self.stack
            .iter()
            .filter(|f| matches!(f, Frame::Quote(_)))
            .count()
    }

    fn push(&mut self, block: Block) {
        if let Some(Frame::Root(blocks) | Frame::Quote(blocks) | Frame::Item(blocks, _)) =
            self.stack.last_mut()
        {
            blocks.push(block);
        }
    }

    fn open(&mut self, kind: LeafKind) {
        self.close_tight();
        self.leaf = Some(Leaf {
            kind,
            text: String::new(),
            links: Vec::new(),
            open_links: Vec::new(),
            line: None,
            pos: None,
        });
    }

    fn close_tight(&mut self) {
        if self
            .leaf
            .as_ref()
            .is_some_and(|l| matches!(l.kind, LeafKind::Tight))
        {
            self.close();
        }
    }

    /// Ends the leaf block being read.
    fn close(&mut self) {
        let quotes = self.quotes();
        let Some(mut leaf) = self.leaf.take() else {
            return;
        };
        if let Some((start, end)) = leaf.line {
            leaf.text
                .push_str(&unquote(self.src.get(start..end).unwrap_or(""), quotes));
        }
        let inline = |leaf: Leaf| Inline {
            text: leaf.text,
            links: leaf.links,
        };
        let block = match leaf.kind {
            LeafKind::Paragraph | LeafKind::Tight => Block::Paragraph(inline(leaf)),
            LeafKind::Heading(level) => Block::Heading(level, inline(leaf)),
            LeafKind::Cell => {
                if let Some(Frame::Table { rows, .. }) = self.stack.last_mut()
                    && let Some(row) = rows.last_mut()
                {
                    row.push(inline(leaf));
                }
                return;
            }
            LeafKind::Code(lang) => {
                let body = leaf.text.strip_suffix('\n').unwrap_or(&leaf.text);
                Block::Code {
                    lang,
                    body: if leaf.text.is_empty() {
                        Vec::new()
                    } else {
                        body.split('\n').map(str::to_owned).collect()
                    },
                }
            }
            LeafKind::Html => Block::Html {
                pos: leaf.pos.unwrap_or(0),
                text: leaf.text.trim_end_matches('\n').to_owned(),
            },
        };
        self.push(block);
    }

    /// An inline event of `range` (a line break when `brk`).
    fn inline(&mut self, range: Range<usize>, brk: bool) {
        if self.leaf.is_none() {
            self.open(LeafKind::Tight);
        }
        let src = self.src;
        let quotes = self.quotes();
        let Some(leaf) = self.leaf.as_mut() else {
            return;
        };
        if brk {
            if let Some((start, _)) = leaf.line.take() {
                let nl = src
                    .get(range.clone())
                    .and_then(|r| r.find('\n'))
                    .map_or(range.end, |k| range.start + k);
                leaf.text
                    .push_str(&unquote(src.get(start..nl).unwrap_or(""), quotes));
                leaf.text.push('\n');
            }
        } else {
            match &mut leaf.line {
                Some((_, end)) => *end = (*end).max(range.end),
                None => leaf.line = Some((range.start, range.end)),
            }
            let end = leaf.offset(range.end);
            for (_, text_end, ..) in &mut leaf.open_links {
                *text_end = Some(end);
            }
        }
    }

    /// A link or image starts (`Some`) or ends (`None`) at `range`.
    fn link(&mut self, mut range: Range<usize>, start: Option<(bool, bool, String, String)>) {
        let Some((image, collapsed, dest, title)) = start else {
            if let Some(leaf) = self.leaf.as_mut()
                && leaf.open_links.last().is_some_and(|l| l.2 == range.start)
                && let Some((mut link, text_end, _, collapsed)) = leaf.open_links.pop()
            {
                // pulldown-cmark leaves the `[]` of a collapsed reference outside its range.
                if collapsed
                    && self
                        .src
                        .get(range.end..)
                        .is_some_and(|r| r.starts_with("[]"))
                {
                    range.end += 2;
                }
                link.text.end = text_end.unwrap_or(link.text.start);
                link.after_text = link.text.end + 1;
                link.end = leaf.offset(range.end).max(link.after_text);
                leaf.links.push(link);
            }
            // The whole link is on the line (and in the text of the links around it).
            self.inline(range, false);
            return;
        };
        self.inline(range.start..range.start, false);
        if let Some(leaf) = self.leaf.as_mut() {
            let at = leaf.offset(range.start);
            let text = at + if image { 2 } else { 1 };
            let link = Link {
                at,
                text: text..text,
                after_text: text,
                end: text,
                dest,
                title: (!title.is_empty()).then_some(title),
            };
            leaf.open_links.push((link, None, range.start, collapsed));
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some((_, open)) = &mut self.flat {
            match event {
                Event::Start(_) => *open += 1,
                Event::End(_) => *open -= 1,
                _ => {}
            }
            if *open == 0
                && let Some((range, _)) = self.flat.take()
            {
                let text = self.src.get(range).unwrap_or("");
                let lines: Vec<&str> = text.lines().map(trim_ws).collect();
                self.push(Block::Paragraph(Inline {
                    text: lines.join("\n"),
                    links: Vec::new(),
                }));
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => match &mut self.leaf {
                Some(Leaf {
                    kind: LeafKind::Code(_),
                    text: body,
                    ..
                }) => body.push_str(&text),
                _ => self.inline(range, false),
            },
            Event::Html(html) => {
                if let Some(leaf) = &mut self.leaf {
                    if leaf.pos.is_none() {
                        leaf.pos = Some(range.start + tag_offset(&html));
                    }
                    leaf.text.push_str(&html);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline(range, true),
            Event::Rule => {
                self.close_tight();
                self.push(Block::Rule);
            }
            _ => self.inline(range, false),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_));
        if container && self.depth() >= MAX_DEPTH {
            self.close_tight();
            self.flat = Some((range, 1));
            return;
        }
        match tag {
            Tag::Paragraph => {
                if let Some(Frame::Item(_, loose)) = self.stack.last_mut() {
                    *loose = true;
                }
                self.open(LeafKind::Paragraph);
            }
            Tag::Heading { level, .. } => self.open(LeafKind::Heading(level as usize)),
            Tag::CodeBlock(kind) => self.open(LeafKind::Code(match kind {
                CodeBlockKind::Fenced(info) => code_lang(&info),
                CodeBlockKind::Indented => "text".to_owned(),
            })),
            Tag::HtmlBlock => self.open(LeafKind::Html),
            Tag::BlockQuote(_) => {
                self.close_tight();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::List(start) => {
                self.close_tight();
                self.stack.push(Frame::List(List {
                    kind: list_kind(self.src, range.start, start.is_some()),
                    start: start.unwrap_or(0),
                    loose: false,
                    items: Vec::new(),
                }));
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new(), false)),
            Tag::Table(aligns) => {
                self.close_tight();
                self.stack.push(Frame::Table {
                    aligns: aligns.iter().map(align).collect(),
                    rows: Vec::new(),
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(Frame::Table { rows, .. }) = self.stack.last_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                self.leaf = Some(Leaf {
                    kind: LeafKind::Cell,
                    text: String::new(),
                    links: Vec::new(),
                    open_links: Vec::new(),
                    line: None,
                    pos: None,
                });
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } if !matches!(link_type, LinkType::Autolink | LinkType::Email) => {
                let image = self.src.as_bytes().get(range.start) == Some(&b'!');
                let collapsed = matches!(link_type, LinkType::Collapsed);
                let start = (image, collapsed, dest_url.to_string(), title.to_string());
                self.link(range, Some(start));
            }
            _ => self.inline(range, false),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.close();
            }
            TagEnd::BlockQuote(_) => {
                self.close_tight();
                if let Some(Frame::Quote(blocks)) = self.stack.pop() {
                    self.push(Block::Quote(fold_admonitions(blocks)));
                }
            }
            TagEnd::Item => {
                self.close_tight();
                if let Some(Frame::Item(blocks, loose)) = self.stack.pop()
                    && let Some(Frame::List(list)) = self.stack.last_mut()
                {
                    list.loose |= loose;
                    list.items.push(fold_admonitions(blocks));
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List(list)) = self.stack.pop() {
                    self.push(Block::List(list));
                }
            }
            TagEnd::TableCell => self.close(),
            TagEnd::Link | TagEnd::Image => self.link(range, None),
            TagEnd::Table => {
                if let Some(Frame::Table { aligns, mut rows }) = self.stack.pop() {
                    let header = if rows.is_empty() {
                        Vec::new()
                    } else {
                        rows.remove(0)
                    };
                    self.push(Block::Table {
                        aligns,
                        header,
                        rows,
                    });
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {}
            _ => {}
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.close();
        while self.stack.len() > 1 {
            let tag = match self.stack.last() {
                Some(Frame::Quote(_)) => TagEnd::BlockQuote(None),
                Some(Frame::List(_)) => TagEnd::List(false),
                Some(Frame::Item(..)) => TagEnd::Item,
                _ => TagEnd::Table,
            };
            self.end(tag, 0..0);
        }
        match self.stack.pop() {
            Some(Frame::Root(blocks)) => fold_admonitions(blocks),
            _ => Vec::new(),
        }
    }
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Right => Align::Right,
        Alignment::Center => Align::Center,
    }
}

/// The marker of the list starting at `at`: bullet character, or ordered delimiter.
fn list_kind(src: &str, at: usize, ordered: bool) -> ListKind {
    let rest = src.get(at..).unwrap_or("").trim_start();
    let b = rest.as_bytes();
    if ordered {
        let digits = longest_prefix_by(b, u8::is_ascii_digit);
        ListKind::Ordered(b.get(digits).copied().unwrap_or(b'.'))
    } else {
        ListKind::Bullet(b.first().copied().unwrap_or(b'-'))
    }
}

/// A line of inline Markdown with the block quote markers of the lines a code span or tag
/// carried over (`quotes` levels) blanked: same length, so link offsets hold.
fn unquote(line: &str, quotes: usize) -> String {
    if quotes == 0 || !line.contains('\n') {
        return line.to_owned();
    }
    let mut lines = line.split('\n');
    let mut out = lines.next().unwrap_or("").to_owned();
    for next in lines {
        out.push('\n');
        let mut marker = 0;
        for _ in 0..quotes {
            let b = next.as_bytes();
            let at = skip_spaces(b, marker);
            if at - marker > 3 || b.get(at) != Some(&b'>') {
                break;
            }
            marker = at + 1 + usize::from(b.get(at + 1) == Some(&b' '));
        }
        out.extend(std::iter::repeat_n(' ', marker));
        out.push_str(&next[marker..]);
    }
    out
}

/// Offset of an HTML block's first tag in its first line (after spaces and comments).
fn tag_offset(html: &str) -> usize {
    let b = html.as_bytes();
    let mut at = skip_spaces(b, 0);
    while b[at..].starts_with(b"<!--") {
        match comment_end(b, at) {
            Some(end) => at = skip_spaces(b, end),
            None => break,
        }
    }
    at
}

/// Turns the paragraphs that are admonition tags (alone, see [`prepare`]) into admonition blocks.
/// Deeper than [`MAX_DEPTH`] the tags stay text; a closing tag without opening is dropped, an
/// admonition left open ends with its container.
fn fold_admonitions(blocks: Vec<Block>) -> Vec<Block> {
    /// An admonition being read: warning or not, title, body so far.
    type Open = (bool, Option<String>, Vec<Block>);
    fn close(open: &mut Vec<Open>, out: &mut Vec<Block>) {
        if let Some((warning, title, body)) = open.pop() {
            let block = Block::Admonition {
                warning,
                title,
                body,
            };
            open.last_mut().map_or(out, |o| &mut o.2).push(block);
        }
    }
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut too_deep = 0usize;
    for block in blocks {
        if let Block::Paragraph(text) = &block {
            if let Some((kind, title)) = admonition_open(&text.text) {
                if open.len() < MAX_DEPTH {
                    let kind = kind.to_ascii_lowercase();
                    let warning =
                        matches!(kind.as_str(), "warning" | "danger" | "caution" | "error");
                    open.push((warning, title, Vec::new()));
                    continue;
                }
                too_deep += 1;
            } else if is_admonition_close(&text.text) {
                if too_deep == 0 {
                    close(&mut open, &mut out);
                    continue;
                }
                too_deep -= 1;
            }
        }
        open.last_mut().map_or(&mut out, |o| &mut o.2).push(block);
    }
    while !open.is_empty() {
        close(&mut open, &mut out);
    }
    out
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
