//! Searchable fields and their operators, read from the prose of Intercom's search operations.
//!
//! The descriptions of `POST /contacts/search`, `/conversations/search` and `/tickets/search` (and,
//! in Preview, `/companies/search`) document what can be searched only as Markdown:
//!
//! * a `### Accepted Fields` section with a `| Field | Type |` table; a type cell may carry a note
//!   after a `<br>` (`String<br>Accepts user or lead`) or name several types
//!   (`String or Boolean or Date (UNIX timestamp) or Float or Integer`, read as [`FieldType::Mixed`]);
//! * a `### Accepted Operators` section with a `| Operator | Valid Types | Description |` table whose
//!   `Valid Types` cells are `All`, `All except Date and tag_id` (a type *and a field name*),
//!   `Integer<br>Date`, `Integer  Date (UNIX Timestamp)`, …;
//! * sentences with per-field rules: "Searching by `tag_id` supports only the `=` and `!=`
//!   operators" and "You may use the `<=` or `>=` operators to search by `created_at`".
//!
//! [`parse`] turns one description into [`SearchFields`]; [`SearchFields::operators_for`] answers
//! which operators a field allows. The module is pure: anything it cannot classify becomes a
//! warning at the description's JSON pointer and parsing goes on with what it could read.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostics;
use crate::docs::outline::{Part, outline};
use crate::docs::tables;
use crate::vocab::Operator;

/// The type Intercom documents for a search field (the `Type` column) or an operator (the
/// `Valid Types` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldType {
    /// `String`.
    String,
    /// `Integer`.
    Integer,
    /// `Float`.
    Float,
    /// `Date (UNIX Timestamp)`: seconds since the epoch, matched by calendar day.
    Date,
    /// `Datetime (Unix timestamp in seconds)` (Preview's contact timestamps): seconds since the
    /// epoch, matched on the exact second.
    Datetime,
    /// `Boolean`.
    Boolean,
    /// Several types at once (`String or Boolean or Date (UNIX timestamp) or Float or Integer`);
    /// [`SearchField::alternatives`] lists them. Never a key of [`SearchFields::operators`].
    Mixed,
}

impl FieldType {
    /// Every type except [`FieldType::Mixed`], i.e. what `All` in a `Valid Types` cell stands for.
    pub const SCALARS: [FieldType; 6] = [
        FieldType::String,
        FieldType::Integer,
        FieldType::Float,
        FieldType::Date,
        FieldType::Datetime,
        FieldType::Boolean,
    ];

    /// The type's name as the tables write it (`Mixed` for [`FieldType::Mixed`]).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "String",
            FieldType::Integer => "Integer",
            FieldType::Float => "Float",
            FieldType::Date => "Date",
            FieldType::Datetime => "Datetime",
            FieldType::Boolean => "Boolean",
            FieldType::Mixed => "Mixed",
        }
    }

    /// The scalar type a table word names, ignoring ASCII case; `None` for anything else
    /// (including `Mixed`, which the tables never write).
    pub fn from_word(word: &str) -> Option<FieldType> {
        FieldType::SCALARS
            .into_iter()
            .find(|ty| ty.name().eq_ignore_ascii_case(word))
    }
}

/// The operator whose wire form is `text` (`IN`/`NIN` in any ASCII case, as tables write them);
/// `None` otherwise.
pub fn operator(text: &str) -> Option<Operator> {
    Operator::ALL
        .into_iter()
        .find(|op| op.as_str().eq_ignore_ascii_case(text))
}

/// One row of an `Accepted Fields` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchField {
    /// The field as queried, e.g. `location.country` or `custom_attributes.{attribute_name}`.
    pub path: String,
    /// Its documented type.
    pub ty: FieldType,
    /// For [`FieldType::Mixed`], the types the value may have; empty otherwise.
    pub alternatives: BTreeSet<FieldType>,
    /// The name inside the path's `{…}` segment (`attribute_name`), which the caller fills in.
    pub placeholder: Option<String>,
    /// The rest of the type cell, `<br>`-separated parts joined with a space
    /// (`Accepts user or lead`).
    pub note: Option<String>,
}

impl SearchField {
    /// A field the table does not describe rightly, declared with the `types` its values may
    /// have: one type is that type, several are [`FieldType::Mixed`] with those alternatives.
    /// The placeholder is the first `{…}` segment of `path`, if any.
    pub fn declared(path: &str, types: &BTreeSet<FieldType>) -> SearchField {
        let (ty, alternatives) = match types.iter().collect::<Vec<_>>().as_slice() {
            [one] => (**one, BTreeSet::new()),
            _ => (FieldType::Mixed, types.clone()),
        };
        let placeholder = path
            .split_once('{')
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(name, _)| name.to_string())
            .filter(|name| !name.is_empty());
        SearchField {
            path: path.to_string(),
            ty,
            alternatives,
            placeholder,
            note: None,
        }
    }

    /// Whether the field has exactly these types (see [`SearchField::declared`]).
    pub fn has_types(&self, types: &BTreeSet<FieldType>) -> bool {
        let declared = SearchField::declared(&self.path, types);
        self.ty == declared.ty && self.alternatives == declared.alternatives
    }
}

/// What one search operation's description documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFields {
    /// The `Accepted Fields` rows that could be read, in table order.
    pub fields: Vec<SearchField>,
    /// Per scalar type, the operators whose `Valid Types` include it.
    pub operators: BTreeMap<FieldType, BTreeSet<Operator>>,
    /// Operators a `Valid Types` cell takes away from a named field (`All except Date and tag_id`
    /// puts the row's operator under `tag_id`), by field path.
    pub field_exclusions: BTreeMap<String, BTreeSet<Operator>>,
    /// Operators a sentence declares to be the only ones for a field ("Searching by `tag_id`
    /// supports only the `=` and `!=` operators"), by field path. They replace the type's.
    pub field_only: BTreeMap<String, BTreeSet<Operator>>,
    /// Operators a sentence adds for a field ("You may use the `<=` or `>=` operators to search by
    /// `created_at`"), by field path.
    pub field_additions: BTreeMap<String, BTreeSet<Operator>>,
}

impl SearchFields {
    /// The field with this exact path.
    pub fn field(&self, path: &str) -> Option<&SearchField> {
        self.fields.iter().find(|f| f.path == path)
    }

    /// The operators `field` allows: those of its type (for [`FieldType::Mixed`], of any of its
    /// alternatives, or every operator in the table when it lists none), replaced by
    /// [`field_only`](Self::field_only) when a sentence restricts the field, minus
    /// [`field_exclusions`](Self::field_exclusions), plus [`field_additions`](Self::field_additions).
    pub fn operators_for(&self, field: &SearchField) -> BTreeSet<Operator> {
        let mut ops = match self.field_only.get(&field.path) {
            Some(only) => only.clone(),
            None => self.type_operators(field),
        };
        if let Some(excluded) = self.field_exclusions.get(&field.path) {
            ops.retain(|op| !excluded.contains(op));
        }
        if let Some(added) = self.field_additions.get(&field.path) {
            ops.extend(added.iter().copied());
        }
        ops
    }

    fn type_operators(&self, field: &SearchField) -> BTreeSet<Operator> {
        match field.ty {
            FieldType::Mixed if field.alternatives.is_empty() => {
                self.operators.values().flatten().copied().collect()
            }
            FieldType::Mixed => field
                .alternatives
                .iter()
                .filter_map(|ty| self.operators.get(ty))
                .flatten()
                .copied()
                .collect(),
            ty => self.operators.get(&ty).cloned().unwrap_or_default(),
        }
    }
}

/// Reads the `Accepted Fields` and `Accepted Operators` tables and the per-field operator
/// sentences of a search operation's `description`.
///
/// `at` is the JSON pointer of that description (e.g.
/// `#/paths/~1contacts~1search/post/description`); every warning is reported there. Returns `None`
/// when the description has no `Accepted Fields` table (with a warning if it has the heading but no
/// table). Rows, words and sentences that cannot be read are reported and left out.
pub fn parse(description: &str, at: &str, diagnostics: &mut Diagnostics) -> Option<SearchFields> {
    let mut reader = Reader { at, diagnostics };
    let parts = outline(description);

    let fields_section = reader.section(&parts, "Accepted Fields")?;
    let Some(fields_table) = first_table(fields_section) else {
        reader.warn("`Accepted Fields` has no table; no search fields read".to_string());
        return None;
    };
    let mut out = SearchFields {
        fields: reader.fields(&fields_table),
        ..SearchFields::default()
    };

    match reader.section(&parts, "Accepted Operators") {
        None => reader
            .warn("no `Accepted Operators` section; search fields allow no operators".to_string()),
        Some(section) => match first_table(section) {
            None => reader.warn(
                "`Accepted Operators` has no table; search fields allow no operators".to_string(),
            ),
            Some(table) => reader.operators(&table, &mut out),
        },
    }

    reader.rules(&parts, &mut out);

    if !out.operators.is_empty() {
        for field in &out.fields {
            if out.operators_for(field).is_empty() {
                reader.warn(format!(
                    "search field `{}` ({}) allows no operator",
                    field.path,
                    field.ty.name()
                ));
            }
        }
    }
    Some(out)
}

/// A pipe table: header cells and body rows (rows that repeat the delimiter row left out).
#[derive(Debug)]
struct Table<'p> {
    header: &'p [String],
    rows: Vec<&'p [String]>,
}

/// The first table among `parts`.
fn first_table(parts: &[Part]) -> Option<Table<'_>> {
    parts.iter().find_map(|part| match part {
        Part::Table { header, rows } => Some(Table {
            header,
            rows: rows
                .iter()
                .map(Vec::as_slice)
                .filter(|row| tables::delimiter_row(&row.join("|")).is_none())
                .collect(),
        }),
        _ => None,
    })
}

/// A heading's level and title (a trailing `:` removed).
fn heading(part: &Part) -> Option<(usize, &str)> {
    match part {
        Part::Heading { level, text } => {
            Some((*level, text.trim().trim_end_matches(':').trim_end()))
        }
        _ => None,
    }
}

/// Splits at `<br>`, `<br/>` and `<br />` (any ASCII case).
fn split_br(text: &str) -> Vec<&str> {
    let lower = text.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(rel) = lower[search..].find("<br") {
        let tag = search + rel;
        let after = tag + "<br".len();
        let rest = &lower[after..];
        let len = ["/>", " />", ">"]
            .into_iter()
            .find(|end| rest.starts_with(end))
            .map(str::len);
        match len {
            Some(len) => {
                parts.push(&text[start..tag]);
                start = after + len;
                search = start;
            }
            None => search = after,
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A word of a type list with its parenthesised qualifier: `Date (UNIX timestamp)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    qualifier: Option<String>,
}

/// Splits a type list at `<br>`, whitespace, `,`, `;`, `/` and the words `and`, `or`, `&`;
/// a `(…)` group qualifies the word before it.
fn words(text: &str) -> Result<Vec<Word>, String> {
    fn flush(current: &mut String, out: &mut Vec<Word>) {
        let word = current.trim_matches(|c| c == '`' || c == '*');
        let connector = ["and", "or", "&"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(word));
        if !word.is_empty() && !connector {
            out.push(Word {
                text: word.to_string(),
                qualifier: None,
            });
        }
        current.clear();
    }

    let text = split_br(text).join(",");
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                flush(&mut current, &mut out);
                let mut depth = 1;
                let mut qualifier = String::new();
                for c in chars.by_ref() {
                    if c == '(' {
                        depth += 1;
                    } else if c == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    qualifier.push(c);
                }
                if depth != 0 {
                    return Err("unclosed `(`".to_string());
                }
                let Some(last) = out.last_mut() else {
                    return Err(format!("`({qualifier})` follows no type"));
                };
                if last.qualifier.is_some() {
                    return Err(format!("`{}` has two `(…)` qualifiers", last.text));
                }
                last.qualifier = Some(qualifier.trim().to_string());
            }
            ')' => return Err("unmatched `)`".to_string()),
            c if c.is_whitespace() || matches!(c, ',' | ';' | '/') => {
                flush(&mut current, &mut out);
            }
            c => current.push(c),
        }
    }
    flush(&mut current, &mut out);
    Ok(out)
}

/// Whether a qualifier says what the tables mean by it: a UNIX timestamp after `Date`/`Datetime`.
fn qualifier_ok(ty: FieldType, qualifier: &str) -> bool {
    matches!(ty, FieldType::Date | FieldType::Datetime)
        && qualifier.to_ascii_lowercase().contains("timestamp")
}

/// A type cell segment made only of type words: one type, or [`FieldType::Mixed`] with its
/// alternatives; plus the qualifiers that were not understood. `None` if any word is not a type.
fn type_expr(segment: &str) -> Option<(FieldType, BTreeSet<FieldType>, Vec<String>)> {
    let mut segment = segment.trim();
    if let Some(inner) = segment.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        segment = inner;
    }
    let words = words(segment).ok()?;
    let mut types = BTreeSet::new();
    let mut odd = Vec::new();
    for word in &words {
        let ty = FieldType::from_word(&word.text)?;
        if let Some(q) = &word.qualifier
            && !qualifier_ok(ty, q)
        {
            odd.push(format!("{} ({q})", word.text));
        }
        types.insert(ty);
    }
    let mut iter = types.iter();
    match (iter.next(), iter.next()) {
        (None, _) => None,
        (Some(&ty), None) => Some((ty, BTreeSet::new(), odd)),
        (Some(_), Some(_)) => Some((FieldType::Mixed, types, odd)),
    }
}

/// A field path as the tables write it: `[a-z][a-z0-9_.{}]*`.
fn is_field_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.{}".contains(c))
}

/// An operator cell or code span: stray whitespace, backticks and quotes are ignored.
fn parse_op(text: &str) -> Option<Operator> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '`' | '"' | '\''))
        .collect();
    operator(&cleaned)
}

/// The first column whose lower-cased header satisfies `is`.
fn column(header: &[String], is: impl Fn(&str) -> bool) -> Option<usize> {
    header.iter().position(|h| is(&h.to_ascii_lowercase()))
}

/// The text between pairs of backticks, with each span's byte offset.
fn code_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        if c == '`' {
            match open.take() {
                None => open = Some(i + 1),
                Some(start) => spans.push((start, &text[start..i])),
            }
        }
    }
    spans
}

/// The paragraphs of prose (list items and admonitions included).
fn paragraphs(parts: &[Part]) -> impl Iterator<Item = &str> {
    parts.iter().filter_map(|part| match part {
        Part::Paragraph(text) => Some(text.as_str()),
        _ => None,
    })
}

/// Sentences of a paragraph: split after a `.` followed by whitespace, outside code spans.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    for (i, c) in paragraph.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code => {
                let next = paragraph[i + 1..].chars().next();
                if next.is_none_or(char::is_whitespace) {
                    out.push(paragraph[start..=i].trim());
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The two sentence shapes that state per-field operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// "Searching by `X` supports only the `A` and `B` operators": fields before, operators after.
    Only,
    /// "You may use the `A` or `B` operators to search by `X`": operators before, fields after.
    Additional,
}

/// Which rule a sentence states and where its keyword starts, if any.
fn rule(sentence: &str) -> Option<(Rule, usize)> {
    let lower = sentence.to_ascii_lowercase();
    let only = [
        "supports only",
        "only supports",
        "support only",
        "only support",
    ]
    .iter()
    .find_map(|k| lower.find(k));
    if let Some(at) = only {
        return Some((Rule::Only, at));
    }
    let uses = [
        "you may use",
        "you can use",
        "you can also use",
        "you may also use",
    ]
    .iter()
    .any(|k| lower.contains(k));
    match lower.find("to search by") {
        Some(at) if uses => Some((Rule::Additional, at)),
        _ => None,
    }
}

struct Reader<'a> {
    at: &'a str,
    diagnostics: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn warn(&mut self, message: String) {
        self.diagnostics.warning(self.at, message);
    }

    /// The blocks under the first heading titled `title` (any level, ASCII case ignored), up to
    /// the next heading of the same or a higher level.
    fn section<'p>(&mut self, parts: &'p [Part], title: &str) -> Option<&'p [Part]> {
        let is_title = |p: &Part| heading(p).is_some_and(|(_, t)| t.eq_ignore_ascii_case(title));
        let start = parts.iter().position(is_title)?;
        if parts[start + 1..].iter().any(is_title) {
            self.warn(format!(
                "`{title}` appears more than once; the first is read"
            ));
        }
        let level = heading(&parts[start]).map_or(1, |(level, _)| level);
        let end = parts[start + 1..]
            .iter()
            .position(|p| heading(p).is_some_and(|(lv, _)| lv <= level))
            .map_or(parts.len(), |p| start + 1 + p);
        Some(&parts[start + 1..end])
    }

    fn fields(&mut self, table: &Table<'_>) -> Vec<SearchField> {
        let field_col = column(table.header, |h| h == "field" || h == "fields");
        let type_col = column(table.header, |h| h == "type" || h == "types");
        let (field_col, type_col) = match (field_col, type_col) {
            (Some(f), Some(t)) => (f, t),
            _ if table.header.len() >= 2 => {
                self.warn(format!(
                    "`Accepted Fields` table header is `{}`, not `Field | Type`; its first two columns are read as such",
                    table.header.join(" | ")
                ));
                (0, 1)
            }
            _ => {
                self.warn(format!(
                    "`Accepted Fields` table header `{}` has no `Field` and `Type` columns; no search fields read",
                    table.header.join(" | ")
                ));
                return Vec::new();
            }
        };

        let mut fields: Vec<SearchField> = Vec::new();
        for row in &table.rows {
            let cell = |i: usize| row.get(i).map_or("", String::as_str);
            let path = cell(field_col).trim_matches('`').trim();
            let type_cell = cell(type_col);
            if path.is_empty() {
                if !row.iter().all(String::is_empty) {
                    self.warn(format!(
                        "`Accepted Fields` row `{}` names no field; skipped",
                        row.join(" | ")
                    ));
                }
                continue;
            }
            if !path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.{}-".contains(c))
            {
                self.warn(format!(
                    "search field `{path}` is not a field path; skipped"
                ));
                continue;
            }
            if fields.iter().any(|f| f.path == path) {
                self.warn(format!(
                    "search field `{path}` is listed twice; the first row is kept"
                ));
                continue;
            }
            let placeholder = self.placeholder(path);

            let segments: Vec<&str> = split_br(type_cell)
                .into_iter()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let found = segments
                .iter()
                .enumerate()
                .find_map(|(i, s)| type_expr(s).map(|t| (i, t)));
            let Some((index, (ty, alternatives, odd))) = found else {
                self.warn(format!(
                    "search field `{path}` has type `{type_cell}`, which is not understood; skipped"
                ));
                continue;
            };
            for q in odd {
                self.warn(format!(
                    "search field `{path}`: qualifier in `{q}` is not understood; ignored"
                ));
            }
            let note: Vec<&str> = segments
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != index)
                .map(|(_, s)| *s)
                .collect();
            fields.push(SearchField {
                path: path.to_string(),
                ty,
                alternatives,
                placeholder,
                note: (!note.is_empty()).then(|| note.join(" ")),
            });
        }
        fields
    }

    /// The name in a path's `{…}` segment; at most one is expected.
    fn placeholder(&mut self, path: &str) -> Option<String> {
        let mut names = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.warn(format!(
                    "search field `{path}` has an unclosed `{{`; no placeholder read"
                ));
                return None;
            };
            let name = &after[..close];
            if name.is_empty() || name.contains('{') {
                self.warn(format!(
                    "search field `{path}` has a malformed `{{…}}` segment; no placeholder read"
                ));
                return None;
            }
            names.push(name);
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            self.warn(format!(
                "search field `{path}` has an unmatched `}}`; no placeholder read"
            ));
            return None;
        }
        if names.len() > 1 {
            self.warn(format!(
                "search field `{path}` has {} placeholders; only `{}` is recorded",
                names.len(),
                names[0]
            ));
        }
        names.first().map(|n| n.to_string())
    }

    fn operators(&mut self, table: &Table<'_>, out: &mut SearchFields) {
        let op_col = column(table.header, |h| h.contains("operator"));
        let types_col = column(table.header, |h| h.contains("type"));
        let (op_col, types_col) = match (op_col, types_col) {
            (Some(o), Some(t)) => (o, t),
            _ if table.header.len() >= 2 => {
                self.warn(format!(
                    "`Accepted Operators` table header is `{}`, not `Operator | Valid Types`; its first two columns are read as such",
                    table.header.join(" | ")
                ));
                (0, 1)
            }
            _ => {
                self.warn(format!(
                    "`Accepted Operators` table header `{}` has no `Operator` and `Valid Types` columns; no operators read",
                    table.header.join(" | ")
                ));
                return;
            }
        };

        let mut seen = BTreeSet::new();
        for row in &table.rows {
            let cell = |i: usize| row.get(i).map_or("", String::as_str);
            let op_cell = cell(op_col);
            if row.iter().all(String::is_empty) {
                continue;
            }
            let Some(op) = parse_op(op_cell) else {
                self.warn(format!(
                    "`{op_cell}` in the `Accepted Operators` table is not a known operator; row skipped"
                ));
                continue;
            };
            if !seen.insert(op) {
                self.warn(format!(
                    "operator `{}` is listed twice; its valid types are merged",
                    op.as_str()
                ));
            }
            let (types, excluded) = self.valid_types(op, cell(types_col), &out.fields);
            for ty in types {
                out.operators.entry(ty).or_default().insert(op);
            }
            for field in excluded {
                out.field_exclusions.entry(field).or_default().insert(op);
            }
        }
    }

    /// Reads a `Valid Types` cell: the types the operator applies to, and the fields excluded by
    /// name (`All except Date and tag_id`).
    fn valid_types(
        &mut self,
        op: Operator,
        cell: &str,
        fields: &[SearchField],
    ) -> (BTreeSet<FieldType>, BTreeSet<String>) {
        let mut types = BTreeSet::new();
        let mut excluded = BTreeSet::new();
        let wire = op.as_str();
        let words = match words(cell) {
            Ok(words) => words,
            Err(problem) => {
                self.warn(format!(
                    "valid types `{cell}` of operator `{wire}`: {problem}; operator not read"
                ));
                return (types, excluded);
            }
        };
        let (all, listed) = match words.split_first() {
            Some((first, rest)) if first.text.eq_ignore_ascii_case("all") => {
                types.extend(FieldType::SCALARS);
                match rest.split_first() {
                    None => (true, rest),
                    Some((except, listed))
                        if ["except", "but"]
                            .iter()
                            .any(|w| w.eq_ignore_ascii_case(&except.text)) =>
                    {
                        if listed.is_empty() {
                            self.warn(format!(
                                "valid types `{cell}` of operator `{wire}` name no exception; read as `All`"
                            ));
                        }
                        (true, listed)
                    }
                    Some(_) => {
                        self.warn(format!(
                            "valid types `{cell}` of operator `{wire}` are not understood; read as `All`"
                        ));
                        return (types, excluded);
                    }
                }
            }
            Some(_) => (false, words.as_slice()),
            None => {
                self.warn(format!(
                    "operator `{wire}` has no valid types; it applies to no field"
                ));
                return (types, excluded);
            }
        };
        for word in listed {
            let text = word.text.as_str();
            if let Some(ty) = FieldType::from_word(text) {
                if let Some(q) = &word.qualifier
                    && !qualifier_ok(ty, q)
                {
                    self.warn(format!(
                        "valid types of operator `{wire}`: qualifier in `{text} ({q})` is not understood; ignored"
                    ));
                }
                if all {
                    types.remove(&ty);
                } else {
                    types.insert(ty);
                }
            } else if all && is_field_name(text) {
                if !fields.iter().any(|f| f.path == text) {
                    self.warn(format!(
                        "operator `{wire}` excludes `{text}`, which is not an accepted field"
                    ));
                }
                excluded.insert(text.to_string());
            } else {
                self.warn(format!(
                    "valid types of operator `{wire}`: `{text}` is not a known type; ignored"
                ));
            }
        }
        (types, excluded)
    }

    /// Reads the per-field sentences ([`Rule`]) anywhere in the description's prose.
    fn rules(&mut self, parts: &[Part], out: &mut SearchFields) {
        for paragraph in paragraphs(parts) {
            for sentence in sentences(paragraph) {
                let Some((rule, keyword)) = rule(sentence) else {
                    continue;
                };
                let mut ops = BTreeSet::new();
                let mut names = BTreeSet::new();
                for (offset, span) in code_spans(sentence) {
                    let op_side = match rule {
                        Rule::Only => offset > keyword,
                        Rule::Additional => offset < keyword,
                    };
                    if op_side {
                        match parse_op(span) {
                            Some(op) => {
                                ops.insert(op);
                            }
                            None => self.warn(format!(
                                "`{span}` in \"{sentence}\" is not an operator; ignored"
                            )),
                        }
                    } else if is_field_name(span) {
                        names.insert(span.to_string());
                    } else {
                        self.warn(format!(
                            "`{span}` in \"{sentence}\" is not a field path; ignored"
                        ));
                    }
                }
                if ops.is_empty() || names.is_empty() {
                    self.warn(format!(
                        "\"{sentence}\" looks like a per-field operator rule but names no {}; ignored",
                        if ops.is_empty() { "operator" } else { "field" }
                    ));
                    continue;
                }
                for name in names {
                    if out.field(&name).is_none() {
                        self.warn(format!(
                            "\"{sentence}\" names `{name}`, which is not an accepted field"
                        ));
                    }
                    let target = match rule {
                        Rule::Only => &mut out.field_only,
                        Rule::Additional => &mut out.field_additions,
                    };
                    target.entry(name).or_default().extend(ops.iter().copied());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
