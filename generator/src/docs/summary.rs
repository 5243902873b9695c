//! One-line summaries: the first sentence of a description, reduced to plain text.

use super::*;

/// A candidate for the summary: whether it is in an admonition, its text, and the text's links.
pub(super) type Candidate<'b> = (bool, &'b str, &'b [Link]);

pub(super) fn summary_candidates<'b>(
    blocks: &'b [Block],
    in_admonition: bool,
    out: &mut Vec<Candidate<'b>>,
) {
    for block in blocks {
        match block {
            Block::Paragraph(t) | Block::Heading(_, t) => {
                out.push((in_admonition, &t.text, &t.links));
            }
            Block::Html { text, .. } => out.push((in_admonition, text, &[])),
            Block::Quote(body) => summary_candidates(body, in_admonition, out),
            Block::List(list) => {
                for item in &list.items {
                    summary_candidates(item, in_admonition, out);
                }
            }
            Block::Admonition { body, .. } => summary_candidates(body, true, out),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    out.push((true, &cell.text, &cell.links));
                }
            }
            Block::Code { body, .. } => {
                for line in body {
                    out.push((true, line, &[]));
                }
            }
            Block::Rule => {}
        }
    }
}

/// Inline Markdown reduced to text (code spans kept as code spans); `s` is at `base` in the text
/// `links` are in.
pub(super) fn plain_inline(s: &str, links: &[Link], base: usize, depth: usize) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut lit = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if b.get(i + 1) == Some(&b'n') => {
                // A line break written `\n` (see `Renderer::inline`).
                out.push_str(&s[lit..i]);
                out.push(' ');
                i += 2;
                lit = i;
            }
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
                        let inner = plain_inline(
                            &s[tag.end..tag.end + len],
                            links,
                            base + tag.end,
                            depth + 1,
                        );
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
                    link_at(links, base, i, s)
                } else {
                    None
                };
                match link {
                    Some(link) => {
                        out.push_str(&s[lit..i]);
                        let text = &s[link.text.clone()];
                        out.push_str(&plain_inline(
                            text,
                            links,
                            base + link.text.start,
                            depth + 1,
                        ));
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
pub(super) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.windows(n.len()).position(|w| w.eq_ignore_ascii_case(n))
}

/// A character reference at `i` (`&name;`, `&#123;`, `&#x1F;`) and its end.
pub(super) fn decode_entity(s: &str, i: usize) -> Option<(String, usize)> {
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

pub(super) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence: up to the first `.`, `!` or `?` followed by a space and
/// something that does not look like the sentence going on (a lowercase word,
/// or an abbreviation such as `e.g.` before it).
pub(super) fn first_sentence(s: &str) -> &str {
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

pub(super) fn is_abbreviation(before: &str) -> bool {
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
pub(super) fn finish_sentence(s: &str) -> String {
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
