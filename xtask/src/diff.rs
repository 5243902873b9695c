//! `cargo xtask diff [--from VERSION | --from-spec PATH] [--to VERSION | --to-spec PATH]
//! [--out FILE] [--summary] [--fail-on breaking]`: what changed between two descriptions for a
//! user of the generated crate (see `intercom_codegen::diff`).
//!
//! A side is a version of `spec/intercom.toml` (found and verified like `codegen` finds the
//! pinned one) or any description file (`--from-spec`/`--to-spec`: not verified, not pinned; a
//! new upstream version, a description edited by hand). Both sides are lowered side by side on
//! two threads, as `codegen` does. A side whose lowering reports errors is still compared (its
//! error count is in the report); one that cannot be loaded at all fails the command. The report
//! goes to stdout, or to `--out FILE` with the summary line on stdout; the wall times go to
//! stderr, so the report itself is deterministic. The summary line ends with the semver verdict
//! for the `intercom-api` crate at its current version.
//!
//! Exit status: 0, or [`EXIT_BREAKING`] (3) with `--fail-on breaking` when a breaking change is
//! found; 1 on errors. CI asks "would this break our users?" with it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use intercom_codegen::diagnostics::Severity;
use intercom_codegen::diff;

use crate::lowering::{Lowered, Sources};

/// The exit status of `--fail-on breaking` when a breaking change is found.
pub const EXIT_BREAKING: u8 = 3;

/// What makes a comparison fail the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any breaking change (exit status 3).
    Breaking,
}

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// The older version (default: the pinned one).
    pub from: Option<String>,
    /// The older description, any file.
    pub from_spec: Option<PathBuf>,
    /// The newer version (default: the newest one in `spec/intercom.toml`).
    pub to: Option<String>,
    /// The newer description, any file.
    pub to_spec: Option<PathBuf>,
    /// Write the Markdown report here instead of stdout.
    pub out: Option<PathBuf>,
    /// Print only the summary line.
    pub summary: bool,
    /// Exit with [`EXIT_BREAKING`] when a breaking change is found.
    pub fail_on: Option<FailOn>,
}

/// The comparison and what the report says about how each version lowered.
pub struct Report {
    /// The changes.
    pub diff: diff::Diff,
    /// One line per version: operations, types, errors, warnings.
    pub notes: Vec<String>,
    /// Lowering errors per side, for the summary line.
    pub errors: Vec<(String, usize)>,
    /// The `intercom-api` crate's current version, for the semver verdict.
    pub crate_version: Option<String>,
}

impl Report {
    /// The summary line: the counts, the lowering errors when there were any, and the semver
    /// verdict.
    pub fn summary(&self) -> String {
        let mut line = self.diff.summary();
        let failed: Vec<String> = self
            .errors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(v, n)| format!("{v}: {n}"))
            .collect();
        if !failed.is_empty() {
            line.push_str(&format!(" (lowering errors: {})", failed.join(", ")));
        }
        let verdict = self.diff.verdict();
        line.push_str("; ");
        line.push_str(&match &self.crate_version {
            Some(current) => verdict.describe("intercom-api", current),
            None => format!("semver: {}", verdict.as_str()),
        });
        line
    }

    /// The Markdown report.
    pub fn markdown(&self) -> String {
        diff::markdown::render(&self.diff, &self.summary(), &self.notes)
    }

    /// Breaking changes found.
    pub fn breaking(&self) -> usize {
        self.diff.counts().breaking
    }
}

/// The version of the `intercom-api` crate in `generated/Cargo.toml`.
pub fn crate_version(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join("generated/Cargo.toml")).ok()?;
    let manifest: toml::Table = toml::from_str(&text).ok()?;
    Some(
        manifest
            .get("package")?
            .get("version")?
            .as_str()?
            .to_string(),
    )
}

/// One side of a comparison.
#[derive(Debug, Clone)]
pub enum Side {
    /// A version of `spec/intercom.toml`, found and verified.
    Version(String),
    /// Any description file, labelled by its path.
    File(PathBuf),
}

impl Side {
    fn pick(version: &Option<String>, file: &Option<PathBuf>, default: &str) -> Side {
        match (file, version) {
            (Some(path), _) => Side::File(path.clone()),
            (None, Some(v)) => Side::Version(v.clone()),
            (None, None) => Side::Version(default.to_string()),
        }
    }

    fn lower(&self, sources: &Sources) -> Result<Lowered, String> {
        match self {
            Side::Version(v) => sources.lower(v),
            Side::File(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let label = path.display().to_string();
                Ok(Lowered::from_bytes(
                    &label,
                    &label,
                    path.clone(),
                    &bytes,
                    &sources.overrides,
                ))
            }
        }
    }
}

/// Runs the command; returns the exit status.
pub fn run(root: &Path, options: &Options) -> Result<u8, String> {
    let sources = Sources::read(root, None)?;
    run_with(root, &sources, options)
}

/// Runs the command with `sources` (tests give their own).
pub fn run_with(root: &Path, sources: &Sources, options: &Options) -> Result<u8, String> {
    let start = Instant::now();
    if options.from.is_some() && options.from_spec.is_some() {
        return Err("give --from or --from-spec, not both".into());
    }
    if options.to.is_some() && options.to_spec.is_some() {
        return Err("give --to or --to-spec, not both".into());
    }
    let from = Side::pick(&options.from, &options.from_spec, &sources.pin.pinned);
    let to = Side::pick(&options.to, &options.to_spec, sources.pin.newest());
    let (old, new) = lower_sides(sources, &from, &to)?;
    let lowered = start.elapsed();
    let t = Instant::now();
    let report = compare(&old, &new, crate_version(root))?;
    let compared = t.elapsed();
    let summary = report.summary();
    if options.summary {
        println!("{summary}");
    } else {
        let text = report.markdown();
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
        "lowered {} ({} ms) and {} ({} ms) on two threads in {} ms; compared in {} ms; {} ms in all",
        old.version,
        old.elapsed.as_millis(),
        new.version,
        new.elapsed.as_millis(),
        lowered.as_millis(),
        compared.as_millis(),
        start.elapsed().as_millis()
    );
    Ok(crate::spec::exit_status(options.fail_on, report.breaking()))
}

/// Lowers two sides in parallel; errors in lowering are counted, not fatal.
pub fn lower_sides(
    sources: &Sources,
    from: &Side,
    to: &Side,
) -> Result<(Lowered, Lowered), String> {
    for side in [from, to] {
        if let Side::Version(v) = side {
            sources.pin.version(v)?;
        }
    }
    let (old, new) = std::thread::scope(|scope| {
        let new = scope.spawn(|| to.lower(sources));
        let old = from.lower(sources);
        let new = new
            .join()
            .unwrap_or_else(|_| Err("lowering the newer description panicked".into()));
        (old, new)
    });
    let (old, new) = (old?, new?);
    report_errors(&[&old, &new]);
    Ok((old, new))
}

/// Lowers two versions of the pin in parallel; errors in lowering are counted, not fatal.
#[cfg(test)]
pub fn lower_pair(sources: &Sources, from: &str, to: &str) -> Result<(Lowered, Lowered), String> {
    lower_sides(
        sources,
        &Side::Version(from.to_string()),
        &Side::Version(to.to_string()),
    )
}

/// Says on stderr which sides lowered with errors (and lists them with `XTASK_VERBOSE`).
pub fn report_errors(lowered: &[&Lowered]) {
    let verbose = std::env::var_os("XTASK_VERBOSE").is_some();
    for l in lowered {
        let errors = l.output.diagnostics.error_count();
        if errors == 0 {
            continue;
        }
        eprintln!(
            "{}: {errors} lowering error(s); comparing what was lowered{}",
            l.version,
            if verbose {
                ""
            } else {
                " (XTASK_VERBOSE=1 lists them)"
            }
        );
        if verbose {
            for d in l.output.diagnostics.iter() {
                if d.severity == Severity::Error {
                    eprintln!("{}: {d}", l.version);
                }
            }
        }
    }
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
/// `crate_version` is the `intercom-api` version the semver verdict starts from.
pub fn compare(
    old: &Lowered,
    new: &Lowered,
    crate_version: Option<String>,
) -> Result<Report, String> {
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
        errors: [old, new]
            .iter()
            .map(|l| (l.version.clone(), l.output.diagnostics.error_count()))
            .collect(),
        crate_version,
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
        compare(&old, &new, None)
            .unwrap_or_else(|e| panic!("{e}"))
            .diff
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
                diff::markdown::render(diff, &diff.summary(), &[])
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
        // 2.16 lists instances where 2.15 fetched one by `external_id`; it still answers one
        // instance for an `external_id` (see the patch in spec/overrides.yaml): a union of both.
        let op = "`GET /custom_object_instances/{custom_object_type_identifier}`";
        let detail = breaking(&d, op, ChangeKind::ResponseType, "");
        assert!(
            detail.contains("`CustomObjectInstance` → `ListCustomObjectInstancesResponse`"),
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
    fn summary_names_versions_that_lowered_with_errors_and_ends_with_the_verdict() {
        let mut report = Report {
            diff: Diff {
                from: "2.7".into(),
                to: "2.8".into(),
                operations: diff::Section::default(),
                types: diff::Section::default(),
            },
            notes: Vec::new(),
            errors: vec![("2.7".into(), 0), ("2.8".into(), 0)],
            crate_version: Some("0.1.0".into()),
        };
        let clean = report.summary();
        assert!(
            clean.ends_with(
                "; 0 breaking changes; semver: none (intercom-api 0.1.0 needs no release)"
            ),
            "{clean}"
        );
        report.errors[0].1 = 3;
        let failed = report.summary();
        assert!(
            failed.contains(" (lowering errors: 2.7: 3); semver: none"),
            "{failed}"
        );
        let version = crate_version(&repo_root()).expect("generated/Cargo.toml has a version");
        assert!(
            diff::Verdict::Breaking.next_version(&version).is_some(),
            "{version}"
        );
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
