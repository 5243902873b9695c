//! HTML tags in descriptions: tokenizing tags, autolinks and comments, and deciding which tags
//! are kept (well-formed, balanced, standard) and which are escaped.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TagKind {
    Open,
    Close,
    SelfClosing,
}

#[derive(Debug)]
pub(super) struct TagTok {
    pub(super) end: usize,
    /// Lowercased.
    pub(super) name: String,
    /// Whether the name was written in lowercase.
    pub(super) lowercase: bool,
    pub(super) kind: TagKind,
}

/// A CommonMark raw-HTML open or closing tag at `i`.
pub(super) fn parse_tag(b: &[u8], i: usize) -> Option<TagTok> {
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
pub(super) fn autolink_end(b: &[u8], i: usize) -> Option<usize> {
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
pub(super) fn comment_end(b: &[u8], i: usize) -> Option<usize> {
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
pub(super) struct Tags {
    pub(super) keep: Vec<bool>,
    pub(super) next: usize,
    pub(super) applying: bool,
    pub(super) scopes: Vec<Vec<(usize, String)>>,
}

impl Tags {
    pub(super) fn collecting() -> Self {
        Tags {
            keep: Vec::new(),
            next: 0,
            applying: false,
            scopes: vec![Vec::new()],
        }
    }

    pub(super) fn applying(keep: Vec<bool>) -> Self {
        Tags {
            keep,
            next: 0,
            applying: true,
            scopes: vec![Vec::new()],
        }
    }

    /// Whether the tag is kept (while collecting: a provisional `false`), and
    /// its sequence number.
    pub(super) fn decide(&mut self, tag: &TagTok) -> (bool, usize) {
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

    pub(super) fn enter_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    pub(super) fn exit_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    pub(super) fn into_keep(self) -> Vec<bool> {
        self.keep
    }
}
