//! A description's parsed blocks, flattened in document order, for the readers of its structure
//! rather than its rendering ([`crate::search_fields`]): headings, paragraphs and tables, with
//! their inline Markdown as written.

use super::*;

/// One block of a description (containers and admonitions flattened; code and HTML left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A heading: its level as written (1 for `#`) and its text.
    Heading {
        /// 1 to 6.
        level: usize,
        /// Inline Markdown, closing `#`s removed.
        text: String,
    },
    /// A paragraph (or a tight list item's text), its lines joined with spaces.
    Paragraph(String),
    /// A GFM table: each cell's Markdown with `\|` read as `|`.
    Table {
        /// The header row.
        header: Vec<String>,
        /// The body rows (never longer than the header).
        rows: Vec<Vec<String>>,
    },
}

/// The headings, paragraphs and tables of `text`, parsed as [`super::to_rustdoc`] parses it.
pub fn outline(text: &str) -> Vec<Part> {
    let doc = parse_document(&prepare(&normalize(text)));
    let mut out = Vec::new();
    flatten(&doc.blocks, &mut out);
    out
}

fn flatten(blocks: &[Block], out: &mut Vec<Part>) {
    let cells = |row: &[Inline]| row.iter().map(|c| cell_text(&c.text)).collect::<Vec<_>>();
    for block in blocks {
        match block {
            Block::Heading(level, text) => out.push(Part::Heading {
                level: *level,
                text: text.text.replace('\n', " "),
            }),
            Block::Paragraph(text) => out.push(Part::Paragraph(
                text.text
                    .split('\n')
                    .map(trim_ws)
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            Block::Table { header, rows, .. } => out.push(Part::Table {
                header: cells(header),
                rows: rows.iter().map(|r| cells(r)).collect(),
            }),
            Block::Quote(body) | Block::Admonition { body, .. } => flatten(body, out),
            Block::List(list) => list.items.iter().for_each(|item| flatten(item, out)),
            Block::Rule | Block::Code { .. } | Block::Html { .. } => {}
        }
    }
}
