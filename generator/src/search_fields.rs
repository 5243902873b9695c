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
mod tests {
    use super::*;
    use crate::diagnostics::child;

    const AT: &str = "#/paths/~1contacts~1search/post/description";

    fn run(md: &str) -> (Option<SearchFields>, Diagnostics) {
        let mut d = Diagnostics::new();
        let out = parse(md, AT, &mut d);
        for w in d.iter() {
            assert_eq!(w.pointer, AT, "every warning is at the description");
        }
        (out, d)
    }

    /// Parses and expects a result.
    fn ok(md: &str) -> (SearchFields, Diagnostics) {
        let (out, d) = run(md);
        (out.expect("an Accepted Fields table"), d)
    }

    /// A description with the given `Field | Type` rows and `Operator | Valid Types` rows.
    fn doc(fields: &str, operators: &str) -> String {
        format!(
            "Intro.\n\n### Accepted Fields\n\nSome prose.\n\n| Field | Type |\n| --- | --- |\n{fields}\n\n### Accepted Operators\n\n| Operator | Valid Types | Description |\n| :--- | :--- | :--- |\n{operators}\n"
        )
    }

    /// The operator rows of the 2.16 contacts table.
    const CONTACT_OPS: &str = "\
| =        | All                                  | Equals |
| !=       | All except Date                      | Doesn't Equal |
| IN       | All except Date and tag_id           | In<br>Shortcut for `OR` queries |
| NIN      | All except Date and tag_id           | Not In |
| >        | Integer<br>Date             | Greater than |
| <        | Integer<br>Date             | Lower than |
| >=       | Integer                     | Greater than or equal to |
| <=       | Integer                     | Lower than or equal to |
| ~        | String                               | Contains |
| !~       | String                               | Doesn't Contain |
| ^        | String                               | Starts With |
| $        | String                               | Ends With |";

    fn ops(wires: &[&str]) -> BTreeSet<Operator> {
        wires
            .iter()
            .map(|w| operator(w).expect("a wire operator"))
            .collect()
    }

    fn field_ops(sf: &SearchFields, path: &str) -> BTreeSet<Operator> {
        sf.operators_for(sf.field(path).expect("the field"))
    }

    fn messages(d: &Diagnostics) -> String {
        d.to_string()
    }

    #[test]
    fn op_wire_forms_round_trip() {
        for op in Operator::ALL {
            assert_eq!(operator(op.as_str()), Some(op));
        }
        assert_eq!(operator("in"), Some(Operator::In));
        assert_eq!(operator("Nin"), Some(Operator::NotIn));
        assert_eq!(operator("=="), None);
        assert_eq!(parse_op(" `<`       "), Some(Operator::LessThan));
        assert_eq!(parse_op("\"!=\""), Some(Operator::NotEquals));
    }

    #[test]
    fn rows_with_irregular_padding_and_optional_outer_pipes() {
        let md = doc(
            "| id | String |\n|   title                           |   String    |\n|name|Integer|\nemail | Boolean",
            "| = | All | Equals |",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        let got: Vec<(&str, FieldType)> =
            sf.fields.iter().map(|f| (f.path.as_str(), f.ty)).collect();
        assert_eq!(
            got,
            [
                ("id", FieldType::String),
                ("title", FieldType::String),
                ("name", FieldType::Integer),
                ("email", FieldType::Boolean),
            ]
        );
    }

    #[test]
    fn alignment_rows_are_not_fields() {
        let md = "### Accepted Fields\n| Field | Type |\n| :---------- | ----------: |\n| id | String |\n|:---|:---:|\n| email | String |\n";
        let (sf, d) = ok(md);
        let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["id", "email"]);
        // Only the missing operators section is reported, not the alignment rows.
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("no `Accepted Operators` section"));
    }

    #[test]
    fn br_in_a_type_cell_starts_a_note() {
        let md = doc(
            "| role | String<br>Accepts user or lead |\n| source.type | String<br>Accepted fields are `conversation`, `email` and `whatsapp`. |\n| kind | String<BR/>first<br />second |\n| plain | String |",
            "| = | All | Equals |",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        let note = |p: &str| sf.field(p).and_then(|f| f.note.clone());
        assert_eq!(note("role").as_deref(), Some("Accepts user or lead"));
        assert_eq!(
            note("source.type").as_deref(),
            Some("Accepted fields are `conversation`, `email` and `whatsapp`.")
        );
        assert_eq!(note("kind").as_deref(), Some("first second"));
        assert_eq!(note("plain"), None);
        assert!(sf.fields.iter().all(|f| f.ty == FieldType::String));
    }

    #[test]
    fn every_documented_type_cell() {
        let md = doc(
            "| a | String |\n| b | Integer |\n| c | Float |\n| d | Boolean |\n| e | Date (UNIX Timestamp) |\n| f | Date (UNIX timestamp) |\n| g | Datetime (Unix timestamp in seconds) |\n| h | string |",
            "| = | All | Equals |",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        let types: Vec<FieldType> = sf.fields.iter().map(|f| f.ty).collect();
        use FieldType::*;
        assert_eq!(
            types,
            [
                String, Integer, Float, Boolean, Date, Date, Datetime, String
            ]
        );
        assert!(sf.fields.iter().all(|f| f.alternatives.is_empty()));
    }

    #[test]
    fn mixed_type_lists_its_alternatives_and_allows_every_table_operator() {
        let md = doc(
            "| ticket_attribute.{id} | String or Boolean or Date (UNIX timestamp) or Float or Integer |\n| tag_id | String |",
            CONTACT_OPS,
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        let f = sf.field("ticket_attribute.{id}").expect("field");
        assert_eq!(f.ty, FieldType::Mixed);
        assert_eq!(f.placeholder.as_deref(), Some("id"));
        use FieldType::*;
        assert_eq!(
            f.alternatives,
            BTreeSet::from([String, Boolean, Date, Float, Integer])
        );
        assert_eq!(sf.operators_for(f), BTreeSet::from(Operator::ALL));
        assert!(!sf.operators.contains_key(&Mixed));
        // A mixed field with no alternatives recorded still gets every operator in the table.
        let bare = SearchField {
            alternatives: BTreeSet::new(),
            ..f.clone()
        };
        assert_eq!(sf.operators_for(&bare), BTreeSet::from(Operator::ALL));
    }

    #[test]
    fn mixed_operators_are_the_union_of_the_alternatives() {
        let md = doc(
            "| x | Boolean or Integer |",
            "| = | All | |\n| > | Integer | |\n| ~ | String | |",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(field_ops(&sf, "x"), ops(&["=", ">"]));
    }

    #[test]
    fn the_type_may_follow_prose_in_a_later_segment() {
        let md = doc(
            "| custom_attributes.{attribute_name} | Matches the attribute's own type<br>(String, Integer, Float, Boolean or Date) |",
            "| = | All | |",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        let f = &sf.fields[0];
        assert_eq!(f.ty, FieldType::Mixed);
        assert_eq!(f.alternatives.len(), 5);
        assert_eq!(f.note.as_deref(), Some("Matches the attribute's own type"));
        assert_eq!(f.placeholder.as_deref(), Some("attribute_name"));
    }

    #[test]
    fn an_unknown_type_is_a_warning_and_the_row_is_skipped() {
        let md = doc(
            "| a | Strnig |\n| b | String or Text |\n| c | Accepts user or lead |\n| d | |\n| e | String |",
            "| = | All | |",
        );
        let (sf, d) = ok(&md);
        let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["e"]);
        assert_eq!(d.warning_count(), 4, "{d}");
        let m = messages(&d);
        assert!(m.contains("`a` has type `Strnig`"), "{m}");
        assert!(m.contains("`b` has type `String or Text`"), "{m}");
    }

    #[test]
    fn an_odd_qualifier_is_a_warning_and_the_type_is_kept() {
        let md = doc(
            "| a | String (max 255 characters) |\n| b | Date (ISO 8601) |\n| c | Date (UNIX timestamp) |",
            "| = | All | |",
        );
        let (sf, d) = ok(&md);
        assert_eq!(sf.fields.len(), 3);
        assert_eq!(sf.fields[0].ty, FieldType::String);
        assert_eq!(sf.fields[1].ty, FieldType::Date);
        assert_eq!(d.warning_count(), 2, "{d}");
        assert!(messages(&d).contains("Date (ISO 8601)"));
    }

    #[test]
    fn valid_types_all_covers_every_scalar_type() {
        let (sf, d) = ok(&doc("| a | String |", "| = | All | Equals |"));
        assert!(d.is_empty(), "{d}");
        for ty in FieldType::SCALARS {
            assert_eq!(sf.operators.get(&ty), Some(&ops(&["="])), "{ty:?}");
        }
        assert_eq!(sf.operators.len(), FieldType::SCALARS.len());
    }

    #[test]
    fn valid_types_all_except_date() {
        let (sf, d) = ok(&doc(
            "| a | Date (UNIX Timestamp) |\n| b | Datetime (Unix timestamp in seconds) |\n| c | Integer |",
            "| = | All | |\n| != | All except Date | |",
        ));
        assert!(d.is_empty(), "{d}");
        assert_eq!(field_ops(&sf, "a"), ops(&["="]));
        assert_eq!(
            field_ops(&sf, "b"),
            ops(&["=", "!="]),
            "Datetime is not Date"
        );
        assert_eq!(field_ops(&sf, "c"), ops(&["=", "!="]));
    }

    #[test]
    fn valid_types_all_except_a_type_and_a_field() {
        let (sf, d) = ok(&doc(
            "| tag_id | String |\n| email | String |\n| created_at | Date (UNIX Timestamp) |\n| seen | Datetime (Unix timestamp in seconds) |",
            "| = | All | |\n| IN | All except Date and tag_id | |\n| NIN | All except Date, Datetime and tag_id | |",
        ));
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            sf.field_exclusions,
            BTreeMap::from([("tag_id".to_string(), ops(&["IN", "NIN"]))])
        );
        assert_eq!(field_ops(&sf, "tag_id"), ops(&["="]));
        assert_eq!(field_ops(&sf, "email"), ops(&["=", "IN", "NIN"]));
        assert_eq!(field_ops(&sf, "created_at"), ops(&["="]));
        assert_eq!(field_ops(&sf, "seen"), ops(&["=", "IN"]));
    }

    #[test]
    fn valid_types_lists_split_by_br_or_double_spaces() {
        let (sf, d) = ok(&doc(
            "| n | Integer |\n| t | Date (UNIX timestamp) |\n| s | String |",
            "| > | Integer<br>Date | |\n| <       | Integer  Date (UNIX Timestamp) | |\n| >= | Integer | |\n| ~ | String | |",
        ));
        assert!(d.is_empty(), "{d}");
        assert_eq!(field_ops(&sf, "n"), ops(&["<", ">", ">="]));
        assert_eq!(field_ops(&sf, "t"), ops(&["<", ">"]));
        assert_eq!(field_ops(&sf, "s"), ops(&["~"]));
    }

    #[test]
    fn operator_cells_tolerate_stray_spaces_backticks_and_case() {
        let (sf, d) = ok(&doc(
            "| n | Integer |",
            "| <       | Integer | |\n|   !=   | Integer | |\n| `>=` | Integer | |\n| nin | Integer | |",
        ));
        assert!(d.is_empty(), "{d}");
        assert_eq!(field_ops(&sf, "n"), ops(&["<", "!=", ">=", "NIN"]));
    }

    #[test]
    fn an_unknown_operator_is_a_warning_and_the_row_is_skipped() {
        let (sf, d) = ok(&doc(
            "| n | Integer |",
            "| <> | All | Differs |\n| = | All | |",
        ));
        assert_eq!(field_ops(&sf, "n"), ops(&["="]));
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("`<>`"));
    }

    #[test]
    fn an_unknown_valid_type_is_a_warning() {
        let (sf, d) = ok(&doc(
            "| s | String |",
            "| ~ | Strings | |\n| ^ | String or Text | |\n| = | All types | |\n| != | | |",
        ));
        // `String` from `String or Text` is kept; `All types` is read as `All`.
        assert_eq!(field_ops(&sf, "s"), ops(&["^", "="]));
        assert_eq!(d.warning_count(), 4, "{d}");
        let m = messages(&d);
        assert!(m.contains("`Strings` is not a known type"), "{m}");
        assert!(m.contains("`Text` is not a known type"), "{m}");
        assert!(m.contains("read as `All`"), "{m}");
        assert!(m.contains("operator `!=` has no valid types"), "{m}");
    }

    #[test]
    fn all_except_nothing_is_a_warning() {
        let (sf, d) = ok(&doc("| s | String |", "| IN | All except | |"));
        assert_eq!(field_ops(&sf, "s"), ops(&["IN"]));
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("name no exception"));
    }

    #[test]
    fn excluding_a_field_that_is_not_in_the_table_is_a_warning() {
        let (sf, d) = ok(&doc(
            "| tag_id | String |",
            "| IN | All except Date and tags_id | |",
        ));
        assert_eq!(sf.field_exclusions.len(), 1);
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("excludes `tags_id`"));
    }

    #[test]
    fn a_valid_types_word_that_is_neither_type_nor_field_is_a_warning() {
        let (sf, d) = ok(&doc("| s | String |", "| IN | All except Dates | |"));
        assert_eq!(field_ops(&sf, "s"), ops(&["IN"]));
        assert!(sf.field_exclusions.is_empty());
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("`Dates` is not a known type"));
    }

    #[test]
    fn a_duplicate_operator_row_is_merged_with_a_warning() {
        let (sf, d) = ok(&doc(
            "| s | String |\n| n | Integer |",
            "| ~ | String | |\n| ~ | Integer | |",
        ));
        assert_eq!(field_ops(&sf, "n"), ops(&["~"]));
        assert_eq!(field_ops(&sf, "s"), ops(&["~"]));
        assert_eq!(d.warning_count(), 1, "{d}");
    }

    #[test]
    fn supports_only_sentence_restricts_a_field() {
        let md = format!(
            "{}\nThe operator should be put in as a string (`\"=\"`). Which operators are valid depends on the field's type - see the \"Valid Types\" column below. Searching by `tag_id` supports only the `=` and `!=` operators.\n",
            doc("| tag_id | String |\n| email | String |", CONTACT_OPS)
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            sf.field_only,
            BTreeMap::from([("tag_id".to_string(), ops(&["=", "!="]))])
        );
        assert_eq!(field_ops(&sf, "tag_id"), ops(&["=", "!="]));
        assert_eq!(
            field_ops(&sf, "email"),
            ops(&["=", "!=", "IN", "NIN", "~", "!~", "^", "$"])
        );
    }

    #[test]
    fn may_use_sentence_adds_operators_even_inside_an_admonition() {
        let md = doc(
            "| created_at | Date (UNIX timestamp) |\n| updated_at | Date (UNIX timestamp) |",
            "| = | All | |\n| > | Integer  Date (UNIX Timestamp) | |",
        )
        .replace(
            "### Accepted Operators\n",
            "### Accepted Operators\n\n{% admonition type=\"info\" name=\"Searching based on `created_at`\" %}\n  You may use the `<=` or `>=` operators to search by `created_at`.\n{% /admonition %}\n",
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            sf.field_additions,
            BTreeMap::from([("created_at".to_string(), ops(&["<=", ">="]))])
        );
        assert_eq!(field_ops(&sf, "created_at"), ops(&["=", ">", "<=", ">="]));
        assert_eq!(field_ops(&sf, "updated_at"), ops(&["=", ">"]));
    }

    #[test]
    fn a_rule_sentence_may_wrap_over_lines() {
        let md = format!(
            "{}\nSearching by `tag_id`\nsupports only the `=`\nand `!=` operators.\n",
            doc("| tag_id | String |", CONTACT_OPS)
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(field_ops(&sf, "tag_id"), ops(&["=", "!="]));
    }

    #[test]
    fn unreadable_rule_sentences_are_warnings() {
        let md = format!(
            "{}\nSearching by `tag_id` supports only equality. Searching by `segment_id` supports only the `=` and `==` operators. You may use the `<=` operator to search by `signed_up_at`.\n",
            doc("| tag_id | String |\n| segment_id | String |", CONTACT_OPS)
        );
        let (sf, d) = ok(&md);
        let m = messages(&d);
        assert!(m.contains("names no operator"), "{m}");
        assert!(m.contains("`==` in"), "{m}");
        assert!(
            m.contains("names `signed_up_at`, which is not an accepted field"),
            "{m}"
        );
        assert_eq!(d.warning_count(), 3, "{d}");
        assert!(!sf.field_only.contains_key("tag_id"));
        assert_eq!(field_ops(&sf, "segment_id"), ops(&["="]));
        // Recorded anyway, so an override can still rename the field.
        assert!(sf.field_additions.contains_key("signed_up_at"));
    }

    #[test]
    fn other_operator_prose_is_not_a_rule() {
        let md = format!(
            "{}\nThe operator has to be compatible with the field's type (eg. you cannot search with `>` for a given string value as it's only compatible for integer's and dates). The `IN` and `NIN` operators are not supported for Date fields.\n",
            doc("| tag_id | String |", CONTACT_OPS)
        );
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert!(sf.field_only.is_empty() && sf.field_additions.is_empty());
    }

    #[test]
    fn no_accepted_fields_is_none_without_warnings() {
        let (out, d) =
            run("You can list contacts.\n\n| Field | Type |\n| --- | --- |\n| id | String |\n");
        assert!(out.is_none());
        assert!(d.is_empty(), "{d}");
        let (out, d) = run("");
        assert!(out.is_none() && d.is_empty());
    }

    #[test]
    fn a_heading_without_a_table_is_none_with_a_warning() {
        let (out, d) = run(
            "### Accepted Fields\n\nSee the model.\n\n### Accepted Operators\n\n| Operator | Valid Types |\n| - | - |\n| = | All |\n",
        );
        assert!(out.is_none());
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("`Accepted Fields` has no table"));
    }

    #[test]
    fn a_missing_operators_table_is_a_warning_and_fields_are_kept() {
        let (sf, d) = ok(
            "### Accepted Fields\n| Field | Type |\n|--|--|\n| id | String |\n\n### Accepted Operators\nAll of them.\n",
        );
        assert_eq!(sf.fields.len(), 1);
        assert!(sf.operators.is_empty());
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("`Accepted Operators` has no table"));
    }

    #[test]
    fn only_the_tables_of_their_sections_are_read() {
        let md = "\
| Field | Type |
| --- | --- |
| before | String |

## Accepted Fields
#### Details
| Field | Type |
| --- | --- |
| inside | String |

## Sorting
| Field | Type |
| --- | --- |
| after | String |

## Accepted Operators
| Operator | Valid Types |
| --- | --- |
| = | All |

## Later
| Operator | Valid Types |
| --- | --- |
| ~ | String |
";
        let (sf, d) = ok(md);
        assert!(d.is_empty(), "{d}");
        let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["inside"]);
        assert_eq!(field_ops(&sf, "inside"), ops(&["="]));
    }

    #[test]
    fn headings_inside_code_fences_are_ignored() {
        let md =
            "```\n### Accepted Fields\n| Field | Type |\n| --- | --- |\n| fenced | String |\n```\n";
        let (out, d) = run(md);
        assert!(out.is_none());
        assert!(d.is_empty(), "{d}");
    }

    #[test]
    fn a_repeated_heading_is_a_warning_and_the_first_is_read() {
        let md = format!(
            "{}\n### Accepted Fields\n| Field | Type |\n| - | - |\n| other | String |\n",
            doc("| id | String |", "| = | All | |")
        );
        let (sf, d) = ok(&md);
        assert_eq!(sf.fields.len(), 1);
        assert_eq!(sf.fields[0].path, "id");
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("appears more than once"));
    }

    #[test]
    fn placeholders() {
        let (sf, d) = ok(&doc(
            "| custom_attributes.{attribute_name} | String |\n| a.{x}.{y} | String |\n| b.{x | String |\n| c.x} | String |\n| d.{} | String |\n| plain.path | String |",
            "| = | All | |",
        ));
        let ph = |p: &str| sf.field(p).and_then(|f| f.placeholder.clone());
        assert_eq!(
            ph("custom_attributes.{attribute_name}").as_deref(),
            Some("attribute_name")
        );
        assert_eq!(ph("a.{x}.{y}").as_deref(), Some("x"));
        assert_eq!(ph("b.{x"), None);
        assert_eq!(ph("c.x}"), None);
        assert_eq!(ph("d.{}"), None);
        assert_eq!(ph("plain.path"), None);
        assert_eq!(sf.fields.len(), 6);
        assert_eq!(d.warning_count(), 4, "{d}");
    }

    #[test]
    fn duplicate_and_malformed_field_rows_are_warnings() {
        let (sf, d) = ok(&doc(
            "| id | String |\n| id | Integer |\n| first name | String |\n| | String |\n| | |\n| `email` | String |",
            "| = | All | |",
        ));
        let got: Vec<(&str, FieldType)> =
            sf.fields.iter().map(|f| (f.path.as_str(), f.ty)).collect();
        assert_eq!(
            got,
            [("id", FieldType::String), ("email", FieldType::String)]
        );
        let m = messages(&d);
        assert!(m.contains("`id` is listed twice"), "{m}");
        assert!(m.contains("`first name` is not a field path"), "{m}");
        assert!(m.contains("names no field"), "{m}");
        assert_eq!(d.warning_count(), 3, "{d}");
    }

    #[test]
    fn a_field_whose_type_has_no_operator_is_a_warning() {
        let (sf, d) = ok(&doc("| s | String |\n| f | Float |", "| ~ | String | |"));
        assert!(field_ops(&sf, "f").is_empty());
        assert_eq!(d.warning_count(), 1, "{d}");
        assert!(messages(&d).contains("`f` (Float) allows no operator"));
    }

    #[test]
    fn unexpected_headers_fall_back_to_the_first_columns_with_a_warning() {
        let md = "### Accepted Fields\n| Name | Kind |\n|-|-|\n| id | String |\n### Accepted Operators\n| Op | Applies to |\n|-|-|\n| = | All |\n";
        let (sf, d) = ok(md);
        assert_eq!(field_ops(&sf, "id"), ops(&["="]));
        assert_eq!(d.warning_count(), 2, "{d}");
        let md = "### Accepted Fields\n| Field |\n|-|\n| id |\n";
        let (sf, d) = ok(md);
        assert!(sf.fields.is_empty());
        assert!(messages(&d).contains("no `Field` and `Type` columns"));
    }

    #[test]
    fn columns_are_found_by_header_name() {
        let md = "### Accepted Fields\n| Type | Field |\n|-|-|\n| Integer | n |\n### Accepted Operators\n| Description | Valid Types | Operator |\n|-|-|-|\n| Lower | Integer | < |\n";
        let (sf, d) = ok(md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(sf.fields[0].ty, FieldType::Integer);
        assert_eq!(field_ops(&sf, "n"), ops(&["<"]));
    }

    #[test]
    fn escaped_pipes_and_crlf() {
        let md = doc("| a | String<br>one \\| two |", "| = | All | |").replace('\n', "\r\n");
        let (sf, d) = ok(&md);
        assert!(d.is_empty(), "{d}");
        assert_eq!(sf.fields[0].note.as_deref(), Some("one | two"));
        assert_eq!(field_ops(&sf, "a"), ops(&["="]));
    }

    #[test]
    fn output_is_deterministic_and_ordered() {
        let md = format!(
            "{}\nSearching by `tag_id` supports only the `!=` and `=` operators.\n",
            doc(
                "| zeta | String |\n| alpha | Integer |\n| tag_id | String |",
                CONTACT_OPS
            )
        );
        let (a, _) = ok(&md);
        let (b, _) = ok(&md);
        assert_eq!(a, b);
        let paths: Vec<&str> = a.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["zeta", "alpha", "tag_id"], "table order");
        let wires: Vec<&str> = field_ops(&a, "alpha")
            .into_iter()
            .map(Operator::as_str)
            .collect();
        assert_eq!(wires, ["=", "!=", "IN", "NIN", "<", "<=", ">", ">="]);
    }

    #[test]
    fn never_panics_on_truncated_or_odd_input() {
        let md = format!(
            "{}\nSearching by `tag_id` supports only the `=` and `!=` operators. You may use the `<=` operator to search by `created_at`.\n",
            doc(
                "| tag_id | String |\n| created_at | Date (UNIX Timestamp) |\n| ticket_attribute.{id} | String or Boolean or Date (UNIX timestamp) |\n| role | String<br>Accepts ünïcödé |",
                CONTACT_OPS,
            )
        );
        for (i, _) in md.char_indices() {
            let mut d = Diagnostics::new();
            let _ = parse(&md[..i], AT, &mut d);
        }
        for odd in [
            "### Accepted Fields\n|\n|-|\n|",
            "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | ( |\n| b | ) |\n| c | String ((x) |\n| d | (String) (x) |",
            "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | String |\n### Accepted Operators\n| Operator | Valid Types |\n|---|---|\n| = | All except |\n| != | ( |\n| < | Integer (x) (y) |\n| ~ |\n",
            "#######\n###\n### Accepted Fields\n|---|\n",
            "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | String |\nSearching by `x supports only `=",
            "### Accepted Fields\n| Field | Type |\n|---|---|\n| é.{ü | Ω |",
        ] {
            let mut d = Diagnostics::new();
            let _ = parse(odd, AT, &mut d);
        }
    }

    #[test]
    fn words_tokenizer() {
        let w = words("Integer  Date (UNIX Timestamp)").expect("words");
        assert_eq!(
            w,
            [
                Word {
                    text: "Integer".into(),
                    qualifier: None
                },
                Word {
                    text: "Date".into(),
                    qualifier: Some("UNIX Timestamp".into())
                },
            ]
        );
        let w = words("All except Date, Datetime and tag_id").expect("words");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["All", "except", "Date", "Datetime", "tag_id"]);
        assert!(words("(x)").is_err());
        assert!(words("Date (x").is_err());
        assert!(words("Date )").is_err());
    }

    // ---- the real descriptions ----

    /// `(path, operationId, pointer, description)` of every operation that has a description.
    fn descriptions(version: &str) -> Vec<(String, String, String, String)> {
        let bytes = crate::pin::repo_description(version).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(bytes).expect("UTF-8");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_mapping().expect("paths") {
            let path = path.as_str().expect("path key");
            for (method, op) in item.as_mapping().expect("path item") {
                let method = method.as_str().expect("method key");
                if let Some(desc) = op["description"].as_str() {
                    let at = child(&child(&child("#/paths", path), method), "description");
                    let id = op["operationId"].as_str().unwrap_or_default();
                    out.push((path.to_string(), id.to_string(), at, desc.to_string()));
                }
            }
        }
        out
    }

    fn parse_real(
        all: &[(String, String, String, String)],
        path: &str,
    ) -> (String, SearchFields, Diagnostics) {
        let (_, id, at, desc) = all
            .iter()
            .find(|(p, ..)| p == path)
            .expect("the search operation");
        assert_eq!(
            at,
            &format!("#/paths/{}/post/description", path.replace('/', "~1"))
        );
        let mut d = Diagnostics::new();
        let sf = parse(desc, at, &mut d).expect("an Accepted Fields table");
        (id.clone(), sf, d)
    }

    #[test]
    fn real_2_16_descriptions() {
        let all = descriptions("2.16");

        let (id, contacts, d) = parse_real(&all, "/contacts/search");
        assert_eq!(id, "SearchContacts");
        assert!(d.is_empty(), "{d}");
        assert_eq!(contacts.fields.len(), 43);
        let count = |sf: &SearchFields, ty| sf.fields.iter().filter(|f| f.ty == ty).count();
        assert_eq!(count(&contacts, FieldType::String), 30);
        assert_eq!(count(&contacts, FieldType::Date), 10);
        assert_eq!(count(&contacts, FieldType::Boolean), 3);
        assert_eq!(
            contacts.field("created_at").map(|f| f.ty),
            Some(FieldType::Date)
        );
        assert_eq!(field_ops(&contacts, "created_at"), ops(&["=", "<", ">"]));
        assert_eq!(field_ops(&contacts, "tag_id"), ops(&["=", "!="]));
        assert_eq!(
            field_ops(&contacts, "email"),
            ops(&["=", "!=", "IN", "NIN", "~", "!~", "^", "$"])
        );
        assert_eq!(
            contacts.field("owner_id").map(|f| f.ty),
            Some(FieldType::String)
        );
        assert_eq!(
            contacts.field("role").and_then(|f| f.note.as_deref()),
            Some("Accepts user or lead")
        );
        let custom = contacts
            .field("custom_attributes.{attribute_name}")
            .expect("custom");
        assert_eq!(custom.placeholder.as_deref(), Some("attribute_name"));
        // Names are kept as written, typos included.
        assert!(contacts.field("andoid_sdk_version").is_some());
        assert!(contacts.field("android_sdk_version").is_none());

        let (id, conversations, d) = parse_real(&all, "/conversations/search");
        assert_eq!(id, "searchConversations");
        assert!(d.is_empty(), "{d}");
        assert_eq!(conversations.fields.len(), 56);
        assert_eq!(
            conversations.field("admin_assignee_id").map(|f| f.ty),
            Some(FieldType::Integer)
        );
        assert_eq!(
            field_ops(&conversations, "admin_assignee_id"),
            ops(&["=", "!=", "IN", "NIN", "<", ">"])
        );
        assert_eq!(
            field_ops(&conversations, "created_at"),
            ops(&["=", "!=", "IN", "NIN", "<", ">"])
        );
        assert!(conversations.field("conversation_rating.admin_d").is_some());
        assert!(
            conversations
                .field("source.type")
                .and_then(|f| f.note.as_deref())
                .is_some_and(|n| n.starts_with("Accepted fields are `conversation`"))
        );

        let (id, tickets, d) = parse_real(&all, "/tickets/search");
        assert_eq!(id, "searchTickets");
        assert!(d.is_empty(), "{d}");
        assert_eq!(tickets.fields.len(), 15);
        let attr = tickets
            .field("ticket_attribute.{id}")
            .expect("ticket_attribute");
        assert_eq!(attr.ty, FieldType::Mixed);
        assert_eq!(attr.placeholder.as_deref(), Some("id"));
        assert_eq!(attr.alternatives.len(), 5);
        assert_eq!(
            tickets.operators_for(attr),
            ops(&["=", "!=", "IN", "NIN", "<", ">", "~", "!~", "^", "$"])
        );
        assert_eq!(
            field_ops(&tickets, "created_at"),
            ops(&["=", "!=", "IN", "NIN", "<", "<=", ">", ">="])
        );
        assert_eq!(
            tickets.field("admin_assignee_id").map(|f| f.ty),
            Some(FieldType::String)
        );
    }

    #[test]
    fn real_descriptions_of_every_version_parse_without_warnings() {
        // (version, contacts, conversations, tickets, companies) field counts; 0 = no table.
        let expected = [
            ("2.7", 42, 56, 0, 0),
            ("2.8", 42, 56, 0, 0),
            ("2.9", 42, 56, 0, 0),
            ("2.10", 42, 56, 15, 0),
            ("2.11", 42, 56, 15, 0),
            ("2.12", 42, 56, 15, 0),
            ("2.13", 42, 56, 15, 0),
            ("2.14", 42, 56, 15, 0),
            ("2.15", 42, 56, 15, 0),
            ("2.16", 43, 56, 15, 0),
            ("preview", 43, 56, 15, 11),
        ];
        for (version, contacts, conversations, tickets, companies) in expected {
            let all = descriptions(version);
            let mut counts = BTreeMap::new();
            for (path, _, at, desc) in &all {
                let mut d = Diagnostics::new();
                let parsed = parse(desc, at, &mut d);
                assert!(d.is_empty(), "{version} {path}:\n{d}");
                if let Some(sf) = parsed {
                    counts.insert(path.as_str(), sf.fields.len());
                }
            }
            let want: BTreeMap<&str, usize> = [
                ("/contacts/search", contacts),
                ("/conversations/search", conversations),
                ("/tickets/search", tickets),
                ("/companies/search", companies),
            ]
            .into_iter()
            .filter(|&(_, n)| n > 0)
            .collect();
            assert_eq!(counts, want, "{version}");

            if version == "preview" {
                let (_, contacts, _) = parse_real(&all, "/contacts/search");
                let created = contacts.field("created_at").expect("created_at");
                assert_eq!(created.ty, FieldType::Datetime);
                assert_eq!(
                    contacts.operators_for(created),
                    ops(&["=", "!=", "<", "<=", ">", ">="])
                );
                let custom = contacts
                    .field("custom_attributes.{attribute_name}")
                    .expect("custom");
                assert_eq!(custom.ty, FieldType::Mixed);
                assert_eq!(
                    custom.note.as_deref(),
                    Some("Matches the attribute's own type")
                );
                assert_eq!(field_ops(&contacts, "tag_id"), ops(&["=", "!="]));
                let (_, companies, _) = parse_real(&all, "/companies/search");
                assert_eq!(
                    field_ops(&companies, "created_at"),
                    ops(&["=", "!=", "<", ">"])
                );
            }
        }
    }
}
