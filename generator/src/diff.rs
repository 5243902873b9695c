//! Drift between two lowered descriptions, as a user of the generated crate sees it.
//!
//! [`compare`] takes two [`ir::Api`](crate::ir::Api)s (plain data) and returns a [`Diff`] (plain
//! data): operations added, removed and changed, and types added, removed and changed. Every
//! [`Change`] is marked with its [`Impact`] on code written against the older crate:
//!
//! - **breaking**: such code may stop compiling (a method, argument, setter, field or variant
//!   is gone or has another Rust type, a new argument is required) or decodes differently (a
//!   response that was one object is now a page of them);
//! - **additive**: something new that existing code does not see (an operation, a type, an
//!   optional setter, a response field, an enum value: every generated enum is
//!   `#[non_exhaustive]`, and response enums keep values they do not know as `Unknown`);
//! - **compatible**: a change in the description that leaves the Rust API as it was (declared
//!   status codes, nullability that does not change a field's Rust type, a deprecation, a renamed
//!   path variable).
//!
//! Operations are matched by HTTP method and path with variable names ignored (`{id}` and
//! `{contact_id}` are the same path), never by operationId; their Rust signature (method,
//! arguments by position, setters by name, response, paging) is what is compared. Types are
//! matched by Rust name, fields by JSON key, enum values by wire value, union variants by Rust
//! name. [`markdown`] renders a [`Diff`] as a report.

pub mod markdown;
mod operations;
pub(crate) mod rust;
#[cfg(test)]
mod tests;
mod types;

use std::collections::BTreeMap;

use crate::docs::code_span;
use crate::ir::{Api, HttpMethod, Usage};

/// What a change means for code written against the older generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// May stop compiling, or decodes differently.
    Breaking,
    /// Something new; existing code is unaffected.
    Additive,
    /// The description changed, the Rust API did not.
    Compatible,
}

impl Impact {
    /// Breaking when `breaks`, additive otherwise.
    pub fn breaking_if(breaks: bool) -> Impact {
        if breaks {
            Impact::Breaking
        } else {
            Impact::Additive
        }
    }

    /// `breaking`, `additive`, `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::Compatible => "compatible",
        }
    }
}

/// What kind of change a [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// An operation only the newer version has.
    OperationAdded,
    /// An operation only the older version has.
    OperationRemoved,
    /// The operation is called through another resource or method name.
    MethodRenamed,
    /// The operationId (as listed in `OPERATIONS`) changed.
    OperationIdChanged,
    /// A path variable has another name; the argument keeps its position and type.
    PathVariableRenamed,
    /// A new input: a parameter (path, query, header), a field of a flattened request body, or
    /// the body itself.
    ParamAdded,
    /// An input is gone.
    ParamRemoved,
    /// An input has another Rust type.
    ParamType,
    /// An input moved between the method's arguments (required) and the builder's setters
    /// (optional).
    ParamRequirement,
    /// The flattened request body is another struct (its fields are compared as inputs).
    BodyType,
    /// What `.send()` returns changed.
    ResponseType,
    /// The declared status codes changed.
    StatusCodes,
    /// `.pages()` / `.items()` appeared, disappeared, or page another way or another item type.
    Paging,
    /// Deprecated, or no longer deprecated.
    Deprecation,
    /// A shortcut method (one variant of a union body) appeared or disappeared.
    Shortcut,
    /// A typed search field appeared or disappeared.
    SearchField,
    /// A type only the newer version has.
    TypeAdded,
    /// A type only the older version has.
    TypeRemoved,
    /// The type changed shape (struct, enum, union, alias).
    KindChanged,
    /// A struct field appeared.
    FieldAdded,
    /// A struct field is gone.
    FieldRemoved,
    /// A field's value type changed.
    FieldType,
    /// A field's Rust type changed because it became (or stopped being) required or nullable.
    FieldPresence,
    /// A field became (or stopped being) required or nullable without changing its Rust type.
    FieldNullability,
    /// A struct gained or lost `Default`, or its "at least one of" constructors changed.
    Construction,
    /// A type only the older version has, and a type of the same shape only the newer one has.
    TypeRenamed,
    /// An enum value appeared.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// An enum or union started or stopped keeping unknown values (`Unknown`).
    Openness,
    /// A union variant appeared.
    VariantAdded,
    /// A union variant is gone.
    VariantRemoved,
    /// A union variant holds another type.
    VariantType,
    /// A type alias names another type.
    AliasTarget,
}

/// One change inside an operation or a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking, additive or compatible.
    pub impact: Impact,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The part that changed: a parameter (`{id}`, `?per_page`, `body.email`), field, enum
    /// value or variant; empty for the operation or type itself.
    pub member: String,
    /// What changed, in Markdown (`` `Option<i64>` → `Option<String>` ``).
    pub detail: String,
    /// Changes with the same impact and key are one change of the description, wherever it
    /// shows (`owner_id` retyped in eight types and a setter); `None`: the same kind, member and
    /// detail.
    pub key: Option<String>,
    /// For a change of a value's type: the Rust types before and after (without the
    /// `Option`/`Nullable` of presence), to recognise changes that only follow a renamed type.
    pub retyped: Option<(String, String)>,
}

impl Change {
    pub(crate) fn breaking(
        kind: ChangeKind,
        member: impl Into<String>,
        detail: impl Into<String>,
    ) -> Change {
        Change::new(Impact::Breaking, kind, member, detail)
    }

    pub(crate) fn additive(
        kind: ChangeKind,
        member: impl Into<String>,
        detail: impl Into<String>,
    ) -> Change {
        Change::new(Impact::Additive, kind, member, detail)
    }

    pub(crate) fn compatible(
        kind: ChangeKind,
        member: impl Into<String>,
        detail: impl Into<String>,
    ) -> Change {
        Change::new(Impact::Compatible, kind, member, detail)
    }

    pub(crate) fn new(
        impact: Impact,
        kind: ChangeKind,
        member: impl Into<String>,
        detail: impl Into<String>,
    ) -> Change {
        Change {
            impact,
            kind,
            member: member.into(),
            detail: detail.into(),
            key: None,
            retyped: None,
        }
    }

    /// The value at wire name `wire` has Rust type `new` instead of `old`: one change of the
    /// description wherever that value shows.
    pub(crate) fn retyped(mut self, wire: &str, old: &str, new: &str) -> Change {
        self.key = Some(format!("{}: `{old}` → `{new}`", code_span(wire)));
        self.retyped = Some((old.to_string(), new.to_string()));
        self
    }

    /// The key changes of `subject` are grouped by: [`Change::key`]; or the kind, member and
    /// detail, when the change is to a member (a field, value, parameter: the same edit in
    /// several places); or, for a change to the item itself, the item alone (two removed types
    /// are two changes).
    pub fn group_key(&self, subject: &str) -> (Impact, String) {
        let key = match &self.key {
            Some(key) => key.clone(),
            None if self.member.is_empty() => format!("{subject} {:?} {}", self.kind, self.detail),
            None => format!("{:?} {} {}", self.kind, self.member, self.detail),
        };
        (self.impact, key)
    }
}

/// An operation, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRef {
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template as the description writes it.
    pub path: String,
    /// operationId.
    pub id: String,
    /// How it is called: `client.contacts().get(..)`.
    pub call: String,
}

impl OperationRef {
    /// `GET /contacts/{contact_id}`.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.http_method.as_str(), self.path)
    }
}

/// An operation present in both versions, and what changed about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationDiff {
    /// In the older version.
    pub before: OperationRef,
    /// In the newer version.
    pub after: OperationRef,
    /// Its changes (never empty).
    pub changes: Vec<Change>,
}

impl OperationDiff {
    /// Only path variables were renamed: the Rust API is the same.
    pub fn only_renames_path_variables(&self) -> bool {
        self.changes
            .iter()
            .all(|c| c.kind == ChangeKind::PathVariableRenamed)
    }
}

/// A type, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    /// Rust name (`ContactList`).
    pub name: String,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// Where requests and responses use it.
    pub usage: Usage,
}

/// A type present in both versions, and what changed about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDiff {
    /// The type in the newer version.
    pub after: TypeRef,
    /// Its changes (never empty).
    pub changes: Vec<Change>,
}

/// Items added, removed and changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<R, D> {
    /// Only in the newer version.
    pub added: Vec<R>,
    /// Only in the older version.
    pub removed: Vec<R>,
    /// In both, with changes.
    pub changed: Vec<D>,
}

impl<R, D> Default for Section<R, D> {
    fn default() -> Self {
        Section {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

/// Everything that changed from one description to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The older version (`2.15`).
    pub from: String,
    /// The newer version (`2.16`).
    pub to: String,
    /// Operations, sorted by path then method.
    pub operations: Section<OperationRef, OperationDiff>,
    /// Types, sorted by name.
    pub types: Section<TypeRef, TypeDiff>,
}

/// One change with the operation or type it belongs to, for flat listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The operation (`` `GET /contacts` `` …) or type (`` `Contact` ``), in Markdown.
    pub subject: String,
    /// The change.
    pub change: Change,
}

/// One change of the description and every place (operation or type) it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Breaking, additive or compatible.
    pub impact: Impact,
    /// What the places share (`` `owner_id`: `i64` → `String` ``), when the change says.
    pub key: Option<String>,
    /// Every place, in report order (never empty).
    pub places: Vec<Entry>,
}

/// The numbers of the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Operations only in the newer version.
    pub operations_added: usize,
    /// Operations only in the older version.
    pub operations_removed: usize,
    /// Operations in both whose Rust API or description changed (path variable renames alone
    /// do not count).
    pub operations_changed: usize,
    /// Operations in both that only renamed path variables.
    pub operations_renamed_only: usize,
    /// Types only in the newer version.
    pub types_added: usize,
    /// Types only in the older version.
    pub types_removed: usize,
    /// Types in both that changed (renamed ones included).
    pub types_changed: usize,
    /// Types only in the older version with a type of the same shape only in the newer one.
    pub types_renamed: usize,
    /// Operations in both called by another method.
    pub operations_renamed: usize,
    /// Breaking changes of the description, each counted once however many operations and
    /// types it touches.
    pub breaking: usize,
    /// The places (operations, types) breaking changes touch.
    pub breaking_places: usize,
}

/// Compares two lowered descriptions.
pub fn compare(old: &Api, new: &Api) -> Diff {
    let renames = types::renames(old, new);
    let mut diff = Diff {
        from: old.info.version.clone(),
        to: new.info.version.clone(),
        operations: operations::compare(old, new),
        types: types::compare(old, new, &renames),
    };
    let changes = diff
        .operations
        .changed
        .iter_mut()
        .flat_map(|d| d.changes.iter_mut())
        .chain(
            diff.types
                .changed
                .iter_mut()
                .flat_map(|d| d.changes.iter_mut()),
        );
    for change in changes {
        if let Some((old_ty, new_ty)) = &change.retyped
            && let Some((from, to)) = follows_rename(&renames, old_ty, new_ty)
        {
            change.key = Some(types::rename_key(&from, &to));
        }
    }
    diff
}

/// The rename `old_ty` → `new_ty` follows from, when replacing renamed type names in `old_ty`
/// gives `new_ty`.
fn follows_rename(
    renames: &BTreeMap<String, String>,
    old_ty: &str,
    new_ty: &str,
) -> Option<(String, String)> {
    let (replaced, first) = rename_words(renames, old_ty);
    first.filter(|_| replaced == new_ty)
}

/// `text` with every word (Rust identifier) that `renames` maps replaced, and the first rename
/// applied.
pub(crate) fn rename_words(
    renames: &BTreeMap<String, String>,
    text: &str,
) -> (String, Option<(String, String)>) {
    let mut replaced = String::with_capacity(text.len());
    let mut first = None;
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        if let Some(to) = renames.get(word.as_str()) {
            first.get_or_insert_with(|| (word.clone(), to.clone()));
            out.push_str(to);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut replaced);
            replaced.push(c);
        }
    }
    flush(&mut word, &mut replaced);
    (replaced, first)
}

impl Diff {
    /// Every change with its subject: operations first (removed, changed, added), then types
    /// (removed, changed, added), each in report order.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let ops = &self.operations;
        for op in &ops.removed {
            out.push(Entry {
                subject: operation_subject(op),
                change: Change::breaking(
                    ChangeKind::OperationRemoved,
                    "",
                    format!("operation removed (`{}`)", op.call),
                ),
            });
        }
        for d in &ops.changed {
            let subject = operation_subject(&d.after);
            out.extend(d.changes.iter().map(|c| Entry {
                subject: subject.clone(),
                change: c.clone(),
            }));
        }
        for op in &ops.added {
            out.push(Entry {
                subject: operation_subject(op),
                change: Change::additive(
                    ChangeKind::OperationAdded,
                    "",
                    format!("operation added (`{}`)", op.call),
                ),
            });
        }
        let types = &self.types;
        for t in &types.removed {
            out.push(Entry {
                subject: format!("`{}`", t.name),
                change: Change::breaking(ChangeKind::TypeRemoved, "", "type removed"),
            });
        }
        for d in &types.changed {
            let subject = format!("`{}`", d.after.name);
            out.extend(d.changes.iter().map(|c| Entry {
                subject: subject.clone(),
                change: c.clone(),
            }));
        }
        for t in &types.added {
            out.push(Entry {
                subject: format!("`{}`", t.name),
                change: Change::additive(ChangeKind::TypeAdded, "", "type added"),
            });
        }
        out
    }

    /// The changes grouped by [`Change::group_key`], breaking first, then in report order: each
    /// group is one change of the description with every place it shows.
    pub fn groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        let mut index: BTreeMap<(Impact, String), usize> = BTreeMap::new();
        for entry in self.entries() {
            let key = entry.change.group_key(&entry.subject);
            match index.get(&key) {
                Some(&i) => groups[i].places.push(entry),
                None => {
                    index.insert(key, groups.len());
                    groups.push(Group {
                        impact: entry.change.impact,
                        key: entry.change.key.clone(),
                        places: vec![entry],
                    });
                }
            }
        }
        groups.sort_by_key(|g| g.impact);
        groups
    }

    /// Breaking if any change is, additive if any is, else none.
    pub fn verdict(&self) -> Verdict {
        let entries = self.entries();
        if entries.iter().any(|e| e.change.impact == Impact::Breaking) {
            Verdict::Breaking
        } else if entries.iter().any(|e| e.change.impact == Impact::Additive) {
            Verdict::Additive
        } else {
            Verdict::None
        }
    }

    /// The numbers of the summary line.
    pub fn counts(&self) -> Counts {
        let renamed_only = self
            .operations
            .changed
            .iter()
            .filter(|d| d.only_renames_path_variables())
            .count();
        Counts {
            operations_added: self.operations.added.len(),
            operations_removed: self.operations.removed.len(),
            operations_changed: self.operations.changed.len() - renamed_only,
            operations_renamed_only: renamed_only,
            types_added: self.types.added.len(),
            types_removed: self.types.removed.len(),
            types_changed: self.types.changed.len(),
            types_renamed: count_kind(&self.types.changed, |d| &d.changes, ChangeKind::TypeRenamed),
            operations_renamed: count_kind(
                &self.operations.changed,
                |d| &d.changes,
                ChangeKind::MethodRenamed,
            ),
            breaking: self
                .groups()
                .iter()
                .filter(|g| g.impact == Impact::Breaking)
                .count(),
            breaking_places: self
                .entries()
                .iter()
                .filter(|e| e.change.impact == Impact::Breaking)
                .count(),
        }
    }

    /// `2.15 → 2.16: +69 operations, -0, 13 changed (1 renamed); +207 types, -4, 47 changed;
    /// 20 breaking changes in 36 places`.
    pub fn summary(&self) -> String {
        let c = self.counts();
        let mut notes = Vec::new();
        if c.operations_renamed > 0 {
            notes.push(format!("{} renamed", c.operations_renamed));
        }
        if c.operations_renamed_only > 0 {
            notes.push(format!(
                "{} more only renamed path variables",
                c.operations_renamed_only
            ));
        }
        let operation_notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let type_notes = if c.types_renamed > 0 {
            format!(" ({} renamed)", c.types_renamed)
        } else {
            String::new()
        };
        let places = if c.breaking_places > c.breaking {
            format!(" in {} places", c.breaking_places)
        } else {
            String::new()
        };
        format!(
            "{} → {}: +{} operations, -{}, {} changed{operation_notes}; +{} types, -{}, {} changed{type_notes}; {} breaking {}{places}",
            self.from,
            self.to,
            c.operations_added,
            c.operations_removed,
            c.operations_changed,
            c.types_added,
            c.types_removed,
            c.types_changed,
            c.breaking,
            if c.breaking == 1 { "change" } else { "changes" },
        )
    }
}

/// What a diff means for the version of the generated crate, by semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Some change is breaking: a breaking release.
    Breaking,
    /// Only additions: a feature release.
    Additive,
    /// Nothing that changes the Rust API.
    None,
}

impl Verdict {
    /// `breaking`, `additive`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Additive => "additive",
            Verdict::None => "none",
        }
    }

    /// The next version of a crate at `current` (`0.1.0`) for this verdict, by Cargo's semver
    /// rules: below 1.0 a breaking change bumps the minor number and an addition the patch
    /// number; from 1.0 on, major and minor. `None` when nothing needs releasing, or `current` is
    /// not `major.minor.patch`.
    pub fn next_version(self, current: &str) -> Option<String> {
        let numbers: Vec<u64> = current
            .split(['-', '+'])
            .next()?
            .split('.')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = numbers[..] else {
            return None;
        };
        Some(match (self, major) {
            (Verdict::None, _) => return None,
            (Verdict::Breaking, 0) => format!("0.{}.0", minor + 1),
            (Verdict::Additive, 0) => format!("0.{minor}.{}", patch + 1),
            (Verdict::Breaking, _) => format!("{}.0.0", major + 1),
            (Verdict::Additive, _) => format!("{major}.{}.0", minor + 1),
        })
    }

    /// `semver: breaking (intercom-api 0.1.0 → 0.2.0)` for the crate `name` at `current`.
    pub fn describe(self, name: &str, current: &str) -> String {
        match self.next_version(current) {
            Some(next) => format!("semver: {} ({name} {current} → {next})", self.as_str()),
            None if self == Verdict::None => {
                format!("semver: none ({name} {current} needs no release)")
            }
            None => format!("semver: {} ({name} {current})", self.as_str()),
        }
    }
}

/// Items of `items` with a change of `kind`.
fn count_kind<D>(items: &[D], changes: fn(&D) -> &Vec<Change>, kind: ChangeKind) -> usize {
    items
        .iter()
        .filter(|d| changes(d).iter().any(|c| c.kind == kind))
        .count()
}

/// `` `GET /contacts/{contact_id}` `` for a listing.
fn operation_subject(op: &OperationRef) -> String {
    format!("`{}`", op.endpoint())
}

/// `request`, `response`, `request and response`, or `unused` (a component no operation
/// reaches).
pub fn usage_label(usage: Usage) -> &'static str {
    match (usage.request, usage.response) {
        (true, true) => "request and response",
        (true, false) => "request",
        (false, true) => "response",
        (false, false) => "unused",
    }
}
