//! A [`Diff`] as a Markdown report: the summary line, every breaking change, then operations
//! and types (removed, changed, added), each change marked with its impact.

use std::fmt::Write;

use crate::docs::code_span;

use super::{Change, Diff, Impact, OperationRef, TypeRef, usage_label};

/// The report under `summary` (the line [`Diff::summary`] makes, perhaps extended by the caller).
/// `notes` are extra lines for the header (how each version lowered).
pub fn render(diff: &Diff, summary: &str, notes: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# API drift {} → {}\n", diff.from, diff.to);
    let _ = writeln!(out, "{summary}\n");
    for note in notes {
        let _ = writeln!(out, "{note}  ");
    }
    if !notes.is_empty() {
        out.push('\n');
    }
    out.push_str(
        "Operations are matched by HTTP method and path (path variable names ignored), types by \
         Rust name, or by shape when one only the older version has and one only the newer has \
         are alike (a rename). **breaking**: code written against the older crate may stop \
         compiling or decode differently; additive: new API; compatible: the description \
         changed, the Rust API did not. A breaking change of the description that shows in \
         several operations and types (one field retyped everywhere it is used, a type renamed \
         and the fields that hold it) is listed once with each place.\n",
    );
    breaking(diff, &mut out);
    operations(diff, &mut out);
    types(diff, &mut out);
    out
}

/// Every breaking change of the description once, with the operations and types it touches.
fn breaking(diff: &Diff, out: &mut String) {
    let groups: Vec<_> = diff
        .groups()
        .into_iter()
        .filter(|g| g.impact == Impact::Breaking)
        .collect();
    let places: usize = groups.iter().map(|g| g.places.len()).sum();
    let _ = if places > groups.len() {
        writeln!(
            out,
            "\n## Breaking changes ({} in {places} places)\n",
            groups.len()
        )
    } else {
        writeln!(out, "\n## Breaking changes ({})\n", groups.len())
    };
    if groups.is_empty() {
        out.push_str("None.\n");
    }
    for g in groups {
        match (&g.places[..], &g.key) {
            ([e], _) => {
                let _ = writeln!(out, "- {}{}", e.subject, member_and_detail(&e.change));
            }
            (all, Some(key)) => {
                let _ = writeln!(out, "- {key}, in {} places:", all.len());
                for e in all {
                    let _ = writeln!(out, "  - {}{}", e.subject, member_and_detail(&e.change));
                }
            }
            (all, None) => {
                let first = &all[0].change;
                let subjects: Vec<&str> = all.iter().map(|e| e.subject.as_str()).collect();
                let what = member_and_detail(first);
                let _ = writeln!(
                    out,
                    "- {}, in {} places: {}",
                    what.trim_start_matches(": ").trim_start(),
                    all.len(),
                    subjects.join(", ")
                );
            }
        }
    }
}

fn operations(diff: &Diff, out: &mut String) {
    let ops = &diff.operations;
    let (renamed, changed): (Vec<_>, Vec<_>) = ops
        .changed
        .iter()
        .partition(|d| d.only_renames_path_variables());
    let _ = writeln!(out, "\n## Operations");
    list(out, "Removed operations", &ops.removed, operation_line);
    if !changed.is_empty() {
        let _ = writeln!(out, "\n### Changed operations ({})", changed.len());
        for d in changed {
            let call = if d.before.call == d.after.call {
                format!("`{}`", d.after.call)
            } else {
                format!("`{}` → `{}`", d.before.call, d.after.call)
            };
            let _ = writeln!(out, "\n#### `{}`: {call}\n", d.after.endpoint());
            changes(out, &d.changes);
        }
    }
    list(out, "Added operations", &ops.added, operation_line);
    if !renamed.is_empty() {
        let _ = writeln!(
            out,
            "\n### Path variables renamed, Rust API unchanged ({})\n",
            renamed.len()
        );
        for d in renamed {
            let _ = writeln!(out, "- `{}` → `{}`", d.before.endpoint(), d.after.path);
        }
    }
}

fn types(diff: &Diff, out: &mut String) {
    let types = &diff.types;
    let _ = writeln!(out, "\n## Types");
    list(out, "Removed types", &types.removed, type_line);
    if !types.changed.is_empty() {
        let _ = writeln!(out, "\n### Changed types ({})", types.changed.len());
        for d in &types.changed {
            let _ = writeln!(
                out,
                "\n#### `{}` ({})\n",
                d.after.name,
                usage_label(d.after.usage)
            );
            changes(out, &d.changes);
        }
    }
    list(out, "Added types", &types.added, type_line);
}

/// A `### title (n)` list, left out when empty.
fn list<T>(out: &mut String, title: &str, items: &[T], line: fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})\n", items.len());
    for item in items {
        let _ = writeln!(out, "- {}", line(item));
    }
}

fn operation_line(op: &OperationRef) -> String {
    format!("`{}`: `{}`", op.endpoint(), op.call)
}

fn type_line(t: &TypeRef) -> String {
    format!("`{}` ({}; `{}`)", t.name, usage_label(t.usage), t.origin)
}

/// Breaking changes first, each line marked.
fn changes(out: &mut String, changes: &[Change]) {
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| c.impact);
    for c in sorted {
        let mark = match c.impact {
            Impact::Breaking => "**breaking**".to_string(),
            other => other.as_str().to_string(),
        };
        let member = if c.member.is_empty() {
            String::new()
        } else {
            format!("{}: ", code_span(&c.member))
        };
        let _ = writeln!(out, "- {mark}: {member}{}", c.detail);
    }
}

/// `` `owner_id`: type … `` after a subject, or just `: detail`.
fn member_and_detail(c: &Change) -> String {
    if c.member.is_empty() {
        format!(": {}", c.detail)
    } else {
        format!(" {}: {}", code_span(&c.member), c.detail)
    }
}
