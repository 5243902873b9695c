//! `cargo xtask diff [--from VERSION] [--to VERSION] [--out FILE] [--summary]`: what changed
//! between two descriptions for a user of the generated crate (see `intercom_codegen::diff`).
//!
//! Both versions are lowered side by side on two threads, as `codegen` does. A version whose
//! lowering reports errors is still compared (its error count is in the report); one that cannot
//! be loaded at all fails the command. The report goes to stdout, or to `--out FILE` with the
//! summary line on stdout; the wall times go to stderr, so the report itself is deterministic.

use std::path::{Path, PathBuf};
use std::time::Instant;

use intercom_codegen::diagnostics::Severity;
use intercom_codegen::diff;

use crate::lowering::{Lowered, Sources};

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// The older version (default: the pinned one).
    pub from: Option<String>,
    /// The newer version (default: the newest one in `spec/intercom.toml`).
    pub to: Option<String>,
    /// Write the Markdown report here instead of stdout.
    pub out: Option<PathBuf>,
    /// Print only the summary line.
    pub summary: bool,
}

/// The comparison and what the report says about how each version lowered.
pub struct Report {
    /// The changes.
    pub diff: diff::Diff,
    /// One line per version: operations, types, errors, warnings.
    pub notes: Vec<String>,
}

impl Report {
    /// The summary line, with the lowering errors when there were any.
    pub fn summary(&self, errors: &[(String, usize)]) -> String {
        let mut line = self.diff.summary();
        let failed: Vec<String> = errors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(v, n)| format!("{v}: {n}"))
            .collect();
        if !failed.is_empty() {
            line.push_str(&format!(" (lowering errors: {})", failed.join(", ")));
        }
        line
    }
}

/// Runs the command.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let start = Instant::now();
    let sources = Sources::read(root, None)?;
    let from = options.from.as_deref().unwrap_or(&sources.pin.pinned);
    let to = options.to.as_deref().unwrap_or(sources.pin.newest());
    let (old, new) = lower_pair(&sources, from, to)?;
    let lowered = start.elapsed();
    let t = Instant::now();
    let report = compare(&old, &new)?;
    let compared = t.elapsed();
    let errors: Vec<(String, usize)> = [&old, &new]
        .iter()
        .map(|l| (l.version.clone(), l.output.diagnostics.error_count()))
        .collect();
    let summary = report.summary(&errors);
    if options.summary {
        println!("{summary}");
    } else {
        let text = diff::markdown::render(&report.diff, &report.notes);
        match &options.out {
            Some(path) => {
                std::fs::write(path, &text)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                println!("{summary}");
                println!("report written to {}", path.display());
            }
            None => print!("{text}"),
        }
    }
    eprintln!(
        "lowered {from} ({} ms) and {to} ({} ms) on two threads in {} ms; compared in {} ms; {} ms in all",
        old.elapsed.as_millis(),
        new.elapsed.as_millis(),
        lowered.as_millis(),
        compared.as_millis(),
        start.elapsed().as_millis()
    );
    Ok(())
}

/// Lowers both versions in parallel; errors in lowering are counted, not fatal.
pub fn lower_pair(sources: &Sources, from: &str, to: &str) -> Result<(Lowered, Lowered), String> {
    for version in [from, to] {
        sources.pin.version(version)?;
    }
    let (old, new) = sources.lower_two(from, Some(to));
    let new = new.unwrap_or_else(|| Err(format!("{to} was not lowered")));
    let (old, new) = (old?, new?);
    for l in [&old, &new] {
        let errors = l.output.diagnostics.error_count();
        if errors > 0 {
            eprintln!(
                "{}: {errors} lowering error(s); comparing what was lowered{}",
                l.version,
                if std::env::var_os("XTASK_VERBOSE").is_some() {
                    ""
                } else {
                    " (XTASK_VERBOSE=1 lists them)"
                }
            );
            if std::env::var_os("XTASK_VERBOSE").is_some() {
                for d in l.output.diagnostics.iter() {
                    if d.severity == Severity::Error {
                        eprintln!("{}: {d}", l.version);
                    }
                }
            }
        }
    }
    Ok((old, new))
}

/// The lowered API, or why there is none.
fn api(l: &Lowered) -> Result<&intercom_codegen::ir::Api, String> {
    l.output.api.as_ref().ok_or_else(|| {
        format!(
            "{} could not be lowered ({} error(s)); nothing to compare",
            l.version,
            l.output.diagnostics.error_count()
        )
    })
}

/// Compares two lowered versions; fails only if one could not be lowered at all.
pub fn compare(old: &Lowered, new: &Lowered) -> Result<Report, String> {
    let (a, b) = (api(old)?, api(new)?);
    let notes = [(old, a), (new, b)]
        .iter()
        .map(|(l, api)| {
            format!(
                "{}: {} operations, {} types; lowering: {} errors, {} warnings.",
                l.version,
                api.operations.len(),
                api.types.len(),
                l.output.diagnostics.error_count(),
                l.output.diagnostics.warning_count()
            )
        })
        .collect();
    Ok(Report {
        diff: diff::compare(a, b),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use intercom_codegen::diff::{ChangeKind, Diff, Impact};

    use super::*;
    use crate::codegen::repo_root;

    /// The real 2.15 → 2.16 report, from the mirror (like `generated_crate_is_fresh`).
    fn real_diff(from: &str, to: &str) -> Diff {
        let sources = Sources::read(&repo_root(), None).unwrap_or_else(|e| panic!("{e}"));
        let (old, new) = lower_pair(&sources, from, to).unwrap_or_else(|e| panic!("{e}"));
        compare(&old, &new).unwrap_or_else(|e| panic!("{e}")).diff
    }

    /// The breaking change of `kind` on `member` of the type or operation `subject`.
    fn breaking(diff: &Diff, subject: &str, kind: ChangeKind, member: &str) -> String {
        let entries = diff.entries();
        let hit = entries
            .iter()
            .find(|e| e.subject == subject && e.change.kind == kind && e.change.member == member);
        match hit {
            Some(e) if e.change.impact == Impact::Breaking => e.change.detail.clone(),
            other => panic!(
                "no breaking {kind:?} on {subject} {member}: {other:?}\n{}",
                diff::markdown::render(diff, &[])
            ),
        }
    }

    #[test]
    fn finds_the_known_breaking_changes_of_2_16() {
        let d = real_diff("2.15", "2.16");
        let detail = breaking(&d, "`Contact`", ChangeKind::FieldType, "owner_id");
        assert!(
            detail.contains("`Option<i64>` → `Option<String>`"),
            "{detail}"
        );
        for field in ["admin_assignee_id", "team_assignee_id"] {
            let detail = breaking(&d, "`Ticket`", ChangeKind::FieldType, field);
            assert!(
                detail.contains("`Option<String>` → `Option<i64>`"),
                "{detail}"
            );
        }
        for field in ["parent_id", "parent_type"] {
            breaking(&d, "`ArticleListItem`", ChangeKind::FieldRemoved, field);
        }
        let op = "`GET /custom_object_instances/{custom_object_type_identifier}`";
        let detail = breaking(&d, op, ChangeKind::ResponseType, "");
        assert!(
            detail.contains("`CustomObjectInstance` → `CustomObjectInstancesPaginatedList`"),
            "{detail}"
        );
        let paging = d
            .entries()
            .into_iter()
            .find(|e| e.subject == op && e.change.kind == ChangeKind::Paging)
            .expect("the list is paginated");
        assert!(paging.change.detail.contains("page_number"), "{paging:?}");
        for value in ["priority", "not_priority"] {
            breaking(
                &d,
                "`ConversationPriority`",
                ChangeKind::EnumValueRemoved,
                value,
            );
        }
        let added: Vec<String> = d
            .entries()
            .into_iter()
            .filter(|e| {
                e.subject == "`ConversationPriority`"
                    && e.change.kind == ChangeKind::EnumValueAdded
                    && e.change.impact == Impact::Additive
            })
            .map(|e| e.change.member)
            .collect();
        assert_eq!(added, ["none", "low", "medium", "high", "urgent"]);
        let c = d.counts();
        assert_eq!((c.operations_added, c.operations_removed), (69, 0), "{c:?}");
    }

    #[test]
    fn summary_names_versions_that_lowered_with_errors() {
        let report = Report {
            diff: Diff {
                from: "2.7".into(),
                to: "2.8".into(),
                operations: diff::Section::default(),
                types: diff::Section::default(),
            },
            notes: Vec::new(),
        };
        let clean = report.summary(&[("2.7".into(), 0), ("2.8".into(), 0)]);
        assert!(clean.ends_with("; 0 breaking changes"), "{clean}");
        let failed = report.summary(&[("2.7".into(), 3), ("2.8".into(), 0)]);
        assert!(failed.ends_with(" (lowering errors: 2.7: 3)"), "{failed}");
    }

    #[test]
    fn path_variable_renames_alone_are_not_breaking() {
        // 2.16 → Preview renames the variables of 61+ operations back to `{id}`.
        let d = real_diff("2.16", "preview");
        let renamed: Vec<_> = d
            .operations
            .changed
            .iter()
            .filter(|o| o.only_renames_path_variables())
            .collect();
        assert!(renamed.len() > 50, "{}", renamed.len());
        assert!(
            renamed
                .iter()
                .all(|o| o.changes.iter().all(|c| c.impact == Impact::Compatible))
        );
    }
}
