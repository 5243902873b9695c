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
        }
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
    /// Types in both that changed.
    pub types_changed: usize,
    /// Breaking changes, counting each removed operation and type once.
    pub breaking: usize,
}

/// Compares two lowered descriptions.
pub fn compare(old: &Api, new: &Api) -> Diff {
    Diff {
        from: old.info.version.clone(),
        to: new.info.version.clone(),
        operations: operations::compare(old, new),
        types: types::compare(old, new),
    }
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
            breaking: self
                .entries()
                .iter()
                .filter(|e| e.change.impact == Impact::Breaking)
                .count(),
        }
    }

    /// `2.15 → 2.16: +69 operations, -0, 11 changed; +96 types, -0, 40 changed; 14 breaking
    /// changes`.
    pub fn summary(&self) -> String {
        let c = self.counts();
        let renamed = if c.operations_renamed_only > 0 {
            format!(
                " ({} more only renamed path variables)",
                c.operations_renamed_only
            )
        } else {
            String::new()
        };
        format!(
            "{} → {}: +{} operations, -{}, {} changed{renamed}; +{} types, -{}, {} changed; {} breaking {}",
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
