//! GFM pipe tables: column alignments, delimiter rows recognised (by the renderer's line-start
//! guard and `crate::search_fields`), and rows written back padded (by the renderer). Tables are
//! read by pulldown-cmark (`super::parser`).

/// A column's alignment, from its delimiter cell (`:---`, `---:`, `:---:`, `---`).
#[derive(Clone, Copy, Debug)]
pub enum Align {
    /// `---`.
    None,
    /// `:---`.
    Left,
    /// `---:`.
    Right,
    /// `:---:`.
    Center,
}

/// The alignments of a delimiter row (`| :--- | ---: |`), or `None` if `line` is not one.
pub fn delimiter_row(line: &str) -> Option<Vec<Align>> {
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

/// Cells of a table row, split at unescaped `|`, trimmed; the outer pipes are optional. A cell
/// keeps its Markdown (`\|` stays escaped): [`cell_text`] reads it as text.
pub fn split_row(line: &str) -> Vec<String> {
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

/// A table row with cells padded to the column widths.
pub(super) fn table_row(cells: &[String], widths: &[usize]) -> String {
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

/// The text of a cell [`split_row`] returned: `\|` is a literal pipe.
pub fn cell_text(cell: &str) -> String {
    cell.replace("\\|", "|")
}
