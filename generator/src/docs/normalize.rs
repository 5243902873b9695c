//! Normalisation of the source text before parsing: line endings, tabs, common indentation.

use super::*;

/// `\r\n`/`\r` to `\n`, tabs in indentation expanded (4-column stops), blank
/// lines emptied, common indentation and leading/trailing blank lines removed.
/// Trailing spaces of other lines are kept (they can be hard breaks).
pub(super) fn normalize(text: &str) -> String {
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
        if rest >= 4 && !starts_block(lines[0]) && !lines[0].starts_with('|') {
            for l in &mut lines[1..] {
                *l = l.get(rest..).unwrap_or("");
            }
        }
    }
    lines.join("\n")
}

/// Whether a line on its own starts a block other than a paragraph (or is an admonition tag).
fn starts_block(line: &str) -> bool {
    admonition_open(line).is_some()
        || is_admonition_close(line)
        || !matches!(
            pulldown_cmark::Parser::new_ext(line, options()).next(),
            Some(pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph))
        )
}

/// Expands tabs among the leading whitespace and container markers of a line.
pub(super) fn expand_leading_tabs(line: &str) -> String {
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

pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

pub(super) fn leading_spaces(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b' ').count()
}

pub(super) fn trim_ws(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// Joins output lines: each split at embedded newlines, trailing whitespace
/// removed, no leading/trailing blank lines.
pub(super) fn finish(lines: &[String]) -> String {
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
