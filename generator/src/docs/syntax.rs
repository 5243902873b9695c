//! The line-level syntax the renderer checks on its own output and in inline text: code fences,
//! ATX headings, thematic breaks, setext underlines, code block languages and Markdoc
//! admonition tags.

use super::*;

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
