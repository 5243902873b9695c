//! `cargo xtask verify-versions [--versions 2.7,2.16] [--no-check] [--examples] [--out DIR]
//! [--target-dir DIR] [--jobs N]`.
//!
//! Generates a complete, standalone crate for every description listed in `spec/intercom.toml`
//! (each one's own API, sending its own `Intercom-Version`; the pinned version with its
//! overrides validated strictly, the others leniently) into `DIR/<version>/intercom-api-<version>/`
//! outside the repository (`DIR/<version>/` is a workspace of its own, with the repository's
//! `Cargo.lock`), then runs `cargo check` on each, one after the other (cargo locks a target
//! directory), with one shared target directory so the dependencies are built once. Versions are
//! generated on `--jobs` threads. Prints a table (schemas, operations, warnings, errors,
//! generation time, check result and time) and fails if any version has a generator error or
//! does not compile without warnings. `--examples` also runs each crate's `spec_examples` test of
//! the response examples (decode, round-trip, mutations) against its own description.
//!
//! The crates' tests and benches other than `spec_examples` are written against the pinned API
//! and are not built for the other versions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use intercom_codegen::diagnostics::Severity;
use intercom_codegen::pin::{self, Pin, SearchPlaces};

use crate::crate_check::{self, Checked, Examples, plural};
use crate::{codegen, lowering};

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// Only these versions (all of `spec/intercom.toml` when empty).
    pub versions: Vec<String>,
    /// Run `cargo check` on each generated crate.
    pub check: bool,
    /// Also run each crate's test of its description's response examples.
    pub examples: bool,
    /// Where the crates go (default: `intercom-api-versions` in the system's temp folder).
    pub out: Option<PathBuf>,
    /// cargo's target directory for the checks (default: `target` inside the output folder).
    pub target_dir: Option<PathBuf>,
    /// Versions generated at once, and cargo's `--jobs` (default: the number of CPUs).
    pub jobs: Option<usize>,
}

/// One version, generated in memory.
#[derive(Debug)]
pub struct Generated {
    /// Version folder name (`2.7`, `preview`).
    pub version: String,
    /// Component schemas that became a type of their own.
    pub schemas: usize,
    /// Operations.
    pub operations: usize,
    /// Generator warnings.
    pub warnings: Vec<String>,
    /// Generator errors (and an emit failure, if any).
    pub errors: Vec<String>,
    /// Milliseconds from reading the description to the last rendered file.
    pub millis: u128,
    /// The crate's files by relative path; empty when generation failed.
    pub files: BTreeMap<String, String>,
}

impl Generated {
    fn failed(version: &str, error: String) -> Generated {
        Generated {
            version: version.to_string(),
            schemas: 0,
            operations: 0,
            warnings: Vec::new(),
            errors: vec![format!("error: {error}")],
            millis: 0,
            files: BTreeMap::new(),
        }
    }
}

/// What every generation shares.
pub struct Context {
    /// The repository root.
    pub root: PathBuf,
    /// `spec/intercom.toml`.
    pub pin: Pin,
    /// Where descriptions are looked for.
    pub places: SearchPlaces,
    /// Text of `spec/overrides.yaml`.
    pub overrides: String,
    /// The workspace's `Cargo.lock`, copied into each crate so it builds with the same
    /// dependency versions as `generated/`.
    pub lockfile: Option<String>,
}

impl Context {
    /// Reads the pin file, the overrides and the lockfile of the repository at `root`.
    pub fn read(root: &Path) -> Result<Context, String> {
        let pin = Pin::read(&root.join("spec/intercom.toml"))?;
        let overrides_path = root.join("spec/overrides.yaml");
        let overrides = std::fs::read_to_string(&overrides_path)
            .map_err(|e| format!("cannot read {}: {e}", overrides_path.display()))?;
        Ok(Context {
            root: root.to_path_buf(),
            places: pin::places(&pin, root, None),
            pin,
            overrides,
            lockfile: std::fs::read_to_string(root.join("Cargo.lock")).ok(),
        })
    }

    /// The versions asked for (every known one when `wanted` is empty), oldest first.
    pub fn select(&self, wanted: &[String]) -> Result<Vec<String>, String> {
        for v in wanted {
            self.pin.version(v)?;
        }
        Ok(self
            .pin
            .versions_oldest_first()
            .into_iter()
            .filter(|v| wanted.is_empty() || wanted.iter().any(|w| w == v))
            .map(str::to_string)
            .collect())
    }

    /// Generates the standalone crate of `version`.
    pub fn generate(&self, version: &str) -> Generated {
        let start = Instant::now();
        let (_, mut output) =
            match lowering::locate_and_lower(&self.pin, version, &self.places, &self.overrides) {
                Ok(lowered) => lowered,
                Err(e) => return Generated::failed(version, e),
            };
        let messages = |severity| {
            output
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        let mut generated = Generated {
            version: version.to_string(),
            schemas: 0,
            operations: 0,
            warnings: messages(Severity::Warning),
            errors: messages(Severity::Error),
            millis: 0,
            files: BTreeMap::new(),
        };
        if let Some(api) = output.api.take() {
            generated.schemas = api.schema_count();
            generated.operations = api.operations.len();
            if generated.errors.is_empty() {
                let part = intercom_codegen::Part {
                    api: &api,
                    report: output.report(),
                };
                let mut timings = Vec::new();
                let source = match self.pin.source(version, None) {
                    Ok(source) => source,
                    Err(e) => return Generated::failed(version, e),
                };
                match intercom_codegen::build_crate(
                    &part,
                    None,
                    &self.root.join("templates"),
                    &source,
                    &mut timings,
                ) {
                    Ok(krate) => generated.files = self.standalone(version, krate.files),
                    Err(e) => generated.errors.push(format!("error: {e}")),
                }
            }
        }
        generated.millis = start.elapsed().as_millis();
        generated
    }

    /// Wraps a generated crate, unchanged, in a workspace of its own (so cargo attaches it to no
    /// workspace above the output folder) with the repository's lockfile: `Cargo.toml`,
    /// `Cargo.lock`, and the crate in `intercom-api-<version>/`.
    ///
    /// The crate's folder is named after its version because cargo identifies a path package by
    /// its path relative to the workspace root: crates at the root of their workspaces, with the
    /// same name, version and features (2.7 and 2.8 have the same resources), would share one set
    /// of artifacts in the shared target directory, and a check of one would pass for the other.
    fn standalone(
        &self,
        version: &str,
        files: BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        let member = member_dir(version);
        let mut out: BTreeMap<String, String> = files
            .into_iter()
            .map(|(path, text)| (format!("{member}/{path}"), text))
            .collect();
        out.insert(
            "Cargo.toml".to_string(),
            format!(
                "# Written by `cargo xtask verify-versions`: the generated crate of the {version} \
                 description,\n# in a workspace of its own.\n[workspace]\nresolver = \"3\"\n\
                 members = [\"{member}\"]\n"
            ),
        );
        if let Some(lock) = &self.lockfile {
            out.insert("Cargo.lock".to_string(), lock.clone());
        }
        out
    }

    /// Generates `versions` on `jobs` threads; the result is in the order of `versions`.
    pub fn generate_all(&self, versions: &[String], jobs: usize) -> Vec<Generated> {
        let next = AtomicUsize::new(0);
        let done: Mutex<Vec<Option<Generated>>> =
            Mutex::new(versions.iter().map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..jobs.clamp(1, versions.len().max(1)) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(version) = versions.get(i) else {
                            break;
                        };
                        let generated = self.generate(version);
                        eprintln!(
                            "generated {version}: {} ms, {}, {}",
                            generated.millis,
                            plural(generated.warnings.len(), "warning"),
                            plural(generated.errors.len(), "error")
                        );
                        let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                        done[i] = Some(generated);
                    }
                });
            }
        });
        done.into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .zip(versions)
            .map(|(g, v)| g.unwrap_or_else(|| Generated::failed(v, "not generated".to_string())))
            .collect()
    }
}

/// The folder of a version's crate inside its workspace.
fn member_dir(version: &str) -> String {
    format!("intercom-api-{version}")
}

/// A version's row: generated, and perhaps checked and tested.
struct Row {
    generated: Generated,
    checked: Option<Checked>,
    examples: Option<Examples>,
}

impl Row {
    fn passed(&self) -> bool {
        self.generated.errors.is_empty()
            && self.checked.as_ref().is_none_or(Checked::passed)
            && self.examples.as_ref().is_none_or(|e| e.passed)
    }
}

/// Runs the command.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let context = Context::read(root)?;
    let versions = context.select(&options.versions)?;
    let jobs = options.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(usize::from)
            .unwrap_or(1)
    });
    let out = if options.check || options.examples || options.out.is_some() {
        Some(out_dir(root, options.out.as_deref())?)
    } else {
        None
    };
    let target = match (&options.target_dir, &out) {
        (Some(t), _) => {
            std::path::absolute(t).map_err(|e| format!("--target-dir {}: {e}", t.display()))?
        }
        (None, Some(out)) => out.join("target"),
        (None, None) => PathBuf::new(),
    };
    let generated = context.generate_all(&versions, jobs);
    if std::env::var_os("XTASK_VERBOSE").is_some() {
        println!("{}", generation_report(&generated));
    }
    let mut rows = Vec::new();
    for generated in generated {
        let mut row = Row {
            generated,
            checked: None,
            examples: None,
        };
        let version = row.generated.version.clone();
        if let Some(out) = &out
            && row.generated.errors.is_empty()
        {
            let dir = out.join(&version);
            codegen::write(&dir, &row.generated.files)?;
            if options.check {
                eprintln!("checking {version} ({}) …", dir.display());
                let checked = crate_check::cargo_check(&dir, &target, jobs)?;
                eprintln!(
                    "checked {version}: {} in {:.1} s",
                    checked.verdict(),
                    checked.seconds
                );
                row.checked = Some(checked);
            }
            if options.examples && row.passed() {
                eprintln!("testing {version} against its response examples …");
                let examples =
                    crate_check::cargo_test_examples(&dir, &target, jobs, &context.places)?;
                eprintln!(
                    "tested {version}: {} in {:.1} s",
                    examples.verdict(),
                    examples.seconds
                );
                row.examples = Some(examples);
            }
        }
        rows.push(row);
    }
    print!("{}", full_table(&rows));
    if rows.iter().any(|r| r.checked.is_some()) {
        println!("(the first check includes checking the dependencies, shared by the others)");
    }
    if rows.iter().any(|r| !r.generated.warnings.is_empty()) {
        println!("(XTASK_VERBOSE=1 lists the warnings)");
    }
    if let Some(out) = &out {
        println!("crates in {}", out.display());
    }
    let failed: Vec<&Row> = rows.iter().filter(|r| !r.passed()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    let mut report = String::new();
    for row in &failed {
        report.push_str(&failure_reason(row));
    }
    Err(format!(
        "{} of {} version(s) failed:\n{report}",
        failed.len(),
        rows.len()
    ))
}

/// Why a row failed, for the error message: its first generator errors or compiler messages.
fn failure_reason(row: &Row) -> String {
    let g = &row.generated;
    let mut text = String::new();
    if !g.errors.is_empty() {
        text.push_str(&format!(
            "- {}: {} while generating; first:\n",
            g.version,
            plural(g.errors.len(), "error")
        ));
        for e in g.errors.iter().take(5) {
            text.push_str(&format!("    {e}\n"));
        }
    }
    if let Some(c) = row.checked.as_ref().filter(|c| !c.passed()) {
        text.push_str(&format!(
            "- {}: cargo check {}:\n{}\n",
            g.version,
            c.verdict(),
            indent(&c.excerpt)
        ));
    }
    if let Some(e) = row.examples.as_ref().filter(|e| !e.passed) {
        text.push_str(&format!(
            "- {}: response examples {}:\n{}\n",
            g.version,
            e.verdict(),
            indent(&e.excerpt)
        ));
    }
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The output folder: created, and refused inside the repository (its crates would show up in
/// `git status`, and [`codegen::write`] removes files it did not generate).
fn out_dir(root: &Path, out: Option<&Path>) -> Result<PathBuf, String> {
    let dir = match out {
        Some(dir) => dir.to_path_buf(),
        None => std::env::temp_dir().join("intercom-api-versions"),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    if root.canonicalize().is_ok_and(|root| dir.starts_with(root)) {
        return Err(format!(
            "--out {} is inside the repository; use a folder outside it",
            dir.display()
        ));
    }
    Ok(dir)
}

/// Columns right-aligned after the first, as a Markdown table.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut text = line(header.iter().map(|h| h.to_string()).collect());
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                "-".repeat(*w)
            } else {
                format!("{}:", "-".repeat(w.saturating_sub(1)))
            }
        })
        .collect();
    text.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in rows {
        text.push_str(&line(row.clone()));
    }
    text
}

fn generation_cells(g: &Generated) -> Vec<String> {
    vec![
        g.version.clone(),
        g.schemas.to_string(),
        g.operations.to_string(),
        g.warnings.len().to_string(),
        g.errors.len().to_string(),
    ]
}

const GENERATION_HEADER: [&str; 5] = ["version", "schemas", "operations", "warnings", "errors"];

/// The table with times, check results and (when run) the response-example tests.
fn full_table(rows: &[Row]) -> String {
    let mut header = GENERATION_HEADER.to_vec();
    header.extend(["generate ms", "check", "check s"]);
    let tested = rows.iter().any(|r| r.examples.is_some());
    if tested {
        header.extend(["examples", "examples s"]);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = generation_cells(&r.generated);
            cells.push(r.generated.millis.to_string());
            match &r.checked {
                Some(c) => {
                    cells.push(c.verdict());
                    cells.push(format!("{:.1}", c.seconds));
                }
                None => {
                    let skipped = if r.generated.errors.is_empty() {
                        "-"
                    } else {
                        "not generated"
                    };
                    cells.push(skipped.to_string());
                    cells.push("-".to_string());
                }
            }
            if tested {
                match &r.examples {
                    Some(e) => {
                        cells.push(e.verdict());
                        cells.push(format!("{:.1}", e.seconds));
                    }
                    None => cells.extend(["-".to_string(), "-".to_string()]),
                }
            }
            cells
        })
        .collect();
    table(&header, &cells)
}

/// The generation part of the table (no times), then every version's warnings: what the
/// snapshot test compares.
pub fn generation_report(generated: &[Generated]) -> String {
    let cells: Vec<Vec<String>> = generated.iter().map(generation_cells).collect();
    let mut text = table(&GENERATION_HEADER, &cells);
    for g in generated {
        if g.warnings.is_empty() && g.errors.is_empty() {
            continue;
        }
        text.push_str(&format!("\n## {}\n\n", g.version));
        for message in g.errors.iter().chain(&g.warnings) {
            text.push_str(&format!("- {message}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the generation report of every version is kept; `UPDATE_SNAPSHOTS=1` rewrites it.
    const SNAPSHOT: &str = "snapshots/verify-versions.md";

    /// The snapshot's first lines.
    const SNAPSHOT_HEADER: &str = "<!-- @generated by the `every_version_generates_as_recorded` test \
        (xtask/src/versions.rs): what `cargo xtask verify-versions` generates for every description, \
        without times. `UPDATE_SNAPSHOTS=1 cargo test -p xtask` rewrites it. -->\n\n";

    /// Every description in `spec/intercom.toml` generates (no cargo check: that is
    /// `cargo xtask verify-versions`), with the schema, operation and warning counts on record.
    #[test]
    fn every_version_generates_as_recorded() {
        let root = codegen::repo_root();
        let context = Context::read(&root).unwrap_or_else(|e| panic!("{e}"));
        let versions = context.select(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(versions.len(), context.pin.versions.len());
        let jobs = std::thread::available_parallelism().map_or(1, usize::from);
        let generated = context.generate_all(&versions, jobs);
        let report = format!("{SNAPSHOT_HEADER}{}", generation_report(&generated));
        let path = root.join("xtask").join(SNAPSHOT);
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &report).unwrap_or_else(|e| panic!("{e}"));
        }
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        if recorded != report {
            let diff = similar::TextDiff::from_lines(&recorded, &report)
                .unified_diff()
                .header("recorded", "generated")
                .to_string();
            panic!(
                "xtask/{SNAPSHOT} is stale (UPDATE_SNAPSHOTS=1 cargo test -p xtask rewrites it):\n{diff}"
            );
        }
        for g in &generated {
            assert!(g.errors.is_empty(), "{}: {:?}", g.version, g.errors);
            assert!(g.files.contains_key("Cargo.lock"), "{}", g.version);
            let member = member_dir(&g.version);
            let workspace = &g.files["Cargo.toml"];
            assert!(
                workspace.contains(&format!(
                    "[workspace]\nresolver = \"3\"\nmembers = [\"{member}\"]\n"
                )),
                "{workspace}"
            );
            let manifest = &g.files[&format!("{member}/Cargo.toml")];
            assert!(
                manifest.contains("name = \"intercom-api\""),
                "{}",
                g.version
            );
            let header = &context.pin.versions[&g.version].header;
            assert!(
                g.files[&format!("{member}/src/lib.rs")]
                    .contains(&format!("pub const API_VERSION: &str = \"{header}\";")),
                "{} does not send Intercom-Version {header}",
                g.version
            );
        }
    }

    #[test]
    fn unknown_versions_are_refused_with_the_known_ones() {
        let context = Context::read(&codegen::repo_root()).unwrap_or_else(|e| panic!("{e}"));
        let err = context.select(&["3.0".to_string()]).unwrap_err();
        assert!(err.contains("unknown spec version `3.0`"), "{err}");
        assert!(err.contains("2.7"), "{err}");
        let some = context
            .select(&["2.16".to_string(), "2.7".to_string()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(some, ["2.7", "2.16"]);
    }

    #[test]
    fn tables_align_and_failures_explain_themselves() {
        let g = Generated {
            version: "2.7".into(),
            schemas: 147,
            operations: 98,
            warnings: vec!["warning: w (#/x)".into()],
            errors: vec!["error: e (#/y)".into()],
            millis: 12,
            files: BTreeMap::new(),
        };
        let report = generation_report(std::slice::from_ref(&g));
        assert_eq!(
            report,
            "| version | schemas | operations | warnings | errors |\n\
             | ------- | ------: | ---------: | -------: | -----: |\n\
             | 2.7     |     147 |         98 |        1 |      1 |\n\
             \n## 2.7\n\n- error: e (#/y)\n- warning: w (#/x)\n"
        );
        let row = Row {
            generated: g,
            checked: None,
            examples: None,
        };
        assert!(!row.passed());
        assert!(full_table(std::slice::from_ref(&row)).contains("not generated"));
        assert!(failure_reason(&row).contains("1 error while generating"));
    }

    #[test]
    fn a_missing_description_fails_its_row_with_where_it_looked() {
        let mut context = Context::read(&codegen::repo_root()).unwrap_or_else(|e| panic!("{e}"));
        context.places = SearchPlaces {
            cache: std::env::temp_dir().join("verify-versions-nowhere"),
            offline: true,
            ..SearchPlaces::default()
        };
        let generated = context.generate("2.7");
        assert!(generated.files.is_empty());
        let row = Row {
            generated,
            checked: None,
            examples: None,
        };
        assert!(!row.passed());
        let reason = failure_reason(&row);
        assert!(
            reason.contains("- 2.7: 1 error while generating")
                && reason.contains("cannot find the Intercom OpenAPI file 2.7"),
            "{reason}"
        );
    }

    #[test]
    fn output_inside_the_repository_is_refused() {
        let root = codegen::repo_root();
        let err = out_dir(&root, Some(&root.join("generated"))).unwrap_err();
        assert!(err.contains("inside the repository"), "{err}");
    }
}
