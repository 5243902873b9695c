//! `cargo xtask codegen [--check] [--timings] [--spec PATH]`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use intercom_codegen::diagnostics::Severity;

use crate::lowering::{self, Sources};

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// Compare instead of writing.
    pub check: bool,
    /// Print per-phase times.
    pub timings: bool,
    /// Explicit description file.
    pub spec: Option<PathBuf>,
}

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Generates the crate and writes or checks `generated/`.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let start = Instant::now();
    let sources = Sources::read(root, options.spec.clone())?;
    run_with(root, &sources, options, start)
}

/// [`run`] with the pin, places and overrides already read (tests give their own places).
pub fn run_with(
    root: &Path,
    sources: &Sources,
    options: &Options,
    start: Instant,
) -> Result<(), String> {
    let pin = &sources.pin;
    let mut timings: Vec<(&'static str, Duration)> = vec![("read", start.elapsed())];

    // The pinned version (overrides must all apply: strict) and the Preview version, lowered
    // side by side on two cores.
    let (main, preview) = sources.lower_two(&pin.pinned, pin.preview.as_deref());
    let main = main.and_then(without_errors);
    let preview = preview.map(|p| p.and_then(without_errors));
    let main = main?;
    let preview = preview.transpose()?;
    timings.extend(main.output.timings.iter().copied());
    if let Some(p) = &preview {
        timings.extend(
            p.output
                .timings
                .iter()
                .map(|(phase, d)| (preview_phase(phase), *d)),
        );
    }
    let main_part = intercom_codegen::Part {
        api: &main.api,
        report: main.output.report(),
    };
    let preview_part = preview.as_ref().map(|p| intercom_codegen::Part {
        api: &p.api,
        report: p.output.report(),
    });
    let source = pin.source(&pin.pinned, pin.preview.as_deref())?;
    let krate = intercom_codegen::build_crate(
        &main_part,
        preview_part.as_ref(),
        &root.join("templates"),
        &source,
        &mut timings,
    )?;
    let api = &main.api;
    let warnings = main.output.diagnostics.warning_count();
    let errors = main.output.diagnostics.error_count();
    let t = Instant::now();
    let target = root.join("generated");
    let outcome = if options.check {
        check(&target, &krate.files)
    } else {
        write(&target, &krate.files).map(|changed| {
            if changed > 0 {
                println!("updated {changed} file(s) in generated/");
            }
        })
    };
    timings.push((if options.check { "compare" } else { "write" }, t.elapsed()));

    if options.timings {
        for (phase, d) in &timings {
            println!("  {phase:<20} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    let schemas = api.schema_count();
    let preview_summary = preview
        .as_ref()
        .map(|p| {
            format!(
                " + preview {}: {} operations, {} types, {} warnings",
                p.api.info.version,
                p.api.operations.len(),
                p.api.types.len(),
                p.output.diagnostics.warning_count()
            )
        })
        .unwrap_or_default();
    println!(
        "intercom-api {}: {schemas} schemas ({} types), {} operations in {} resources, {warnings} warnings, {errors} errors{preview_summary}; {} files in {} ms{}",
        api.info.version,
        api.types.len(),
        api.operations.len(),
        api.resources.len(),
        krate.files.len(),
        start.elapsed().as_millis(),
        if warnings > 0 {
            " (XTASK_VERBOSE=1 lists the warnings)"
        } else {
            ""
        },
    );
    outcome
}

/// The `--timings` label of a phase of the Preview description (lowered concurrently).
fn preview_phase(phase: &str) -> &'static str {
    match phase {
        "parse" => "  preview parse",
        "normalize" => "  preview normalize",
        "type" => "  preview type",
        "lower" => "  preview lower",
        "passes" => "  preview passes",
        "cross-check" => "  preview cross-check",
        _ => "  preview",
    }
}

/// A lowered description without errors.
struct Checked {
    api: intercom_codegen::ir::Api,
    output: intercom_codegen::Output,
}

/// Prints the errors (and, with `XTASK_VERBOSE`, the warnings) of a lowered version; any error
/// fails the run.
fn without_errors(lowered: lowering::Lowered) -> Result<Checked, String> {
    let lowering::Lowered {
        version,
        path,
        mut output,
        ..
    } = lowered;
    for d in output.diagnostics.iter() {
        if d.severity == Severity::Error || std::env::var_os("XTASK_VERBOSE").is_some() {
            eprintln!("{version}: {d}");
        }
    }
    let errors = output.diagnostics.error_count();
    match output.api.take() {
        Some(api) if errors == 0 => Ok(Checked { api, output }),
        _ => Err(format!(
            "{errors} error(s) in {} (warnings: {}); nothing written",
            path.display(),
            output.diagnostics.warning_count()
        )),
    }
}

/// What tools write inside `generated/` that the generator neither makes nor removes (also in
/// `.gitignore`): cargo-fuzz's corpus, crashes, build folder and lock file.
const WORKING_FILES: &[&str] = &[
    "fuzz/corpus",
    "fuzz/artifacts",
    "fuzz/coverage",
    "fuzz/target",
    "fuzz/Cargo.lock",
];

/// Every file under `dir` except [`WORKING_FILES`], relative, with `/` separators.
fn existing_files(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(dir) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if WORKING_FILES.contains(&rel.as_str()) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(rel, path);
            }
        }
    }
    out
}

/// Writes changed files, removes stale ones; returns how many files changed.
pub fn write(target: &Path, files: &BTreeMap<String, String>) -> Result<usize, String> {
    let existing = existing_files(target);
    let mut changed = 0;
    for (rel, path) in &existing {
        if !files.contains_key(rel) {
            std::fs::remove_file(path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            changed += 1;
        }
    }
    for (rel, text) in files {
        let path = target.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        changed += 1;
    }
    remove_empty_dirs(target, target);
    Ok(changed)
}

/// Removes the empty folders under `dir`, except [`WORKING_FILES`] (relative to `root`).
fn remove_empty_dirs(root: &Path, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let working = path
            .strip_prefix(root)
            .is_ok_and(|rel| WORKING_FILES.iter().any(|w| rel == Path::new(w)));
        if path.is_dir() && !working {
            remove_empty_dirs(root, &path);
            let _ = std::fs::remove_dir(&path); // fails (harmlessly) unless empty
        }
    }
}

/// Compares `files` with `target`; an error lists every difference with a unified diff.
pub fn check(target: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    let existing = existing_files(target);
    let all: BTreeSet<&String> = existing.keys().chain(files.keys()).collect();
    let mut report = String::new();
    let mut differing = 0;
    for rel in all {
        let old = existing
            .get(rel)
            .and_then(|p| std::fs::read_to_string(p).ok());
        let new = files.get(rel);
        match (old, new) {
            (Some(old), Some(new)) if &old == new => {}
            (Some(old), Some(new)) => {
                differing += 1;
                let diff = similar::TextDiff::from_lines(&old, new);
                let text = diff
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("generated/{rel} (committed)"),
                        &format!("generated/{rel} (regenerated)"),
                    )
                    .to_string();
                report.push_str(&truncate(&text, 120));
            }
            (None, Some(_)) => {
                differing += 1;
                report.push_str(&format!("missing: generated/{rel}\n"));
            }
            (Some(_), None) => {
                differing += 1;
                report.push_str(&format!("stale (would be removed): generated/{rel}\n"));
            }
            (None, None) => {}
        }
    }
    if differing == 0 {
        return Ok(());
    }
    Err(format!(
        "generated/ is not what the generator produces ({differing} file(s) differ):\n{report}\
         run `cargo xtask codegen` and commit the result together with the generator change"
    ))
}

fn truncate(text: &str, max_lines: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max_lines {
        return format!("{text}\n");
    }
    format!(
        "{}\n… {} more diff lines\n",
        lines[..max_lines].join("\n"),
        lines.len() - max_lines
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` catches a stale `generated/` just like `cargo xtask codegen --check`.
    #[test]
    fn generated_crate_is_fresh() {
        let root = repo_root();
        run(
            &root,
            &Options {
                check: true,
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn check_reports_missing_stale_and_changed_files() {
        let dir = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::write(dir.join("src/a.rs"), "one\ntwo\n").expect("write");
        std::fs::write(dir.join("stale.rs"), "x\n").expect("write");
        let mut files = BTreeMap::new();
        files.insert("src/a.rs".to_string(), "one\nthree\n".to_string());
        files.insert("src/b.rs".to_string(), "new\n".to_string());
        let err = check(&dir, &files).unwrap_err();
        assert!(err.contains("3 file(s) differ"), "{err}");
        assert!(err.contains("-two") && err.contains("+three"), "{err}");
        assert!(err.contains("missing: generated/src/b.rs"), "{err}");
        assert!(
            err.contains("stale (would be removed): generated/stale.rs"),
            "{err}"
        );
        assert_eq!(write(&dir, &files).expect("write"), 3);
        assert!(check(&dir, &files).is_ok());
        // The fuzzer's corpus is neither stale nor removed, even while empty.
        std::fs::create_dir_all(dir.join("fuzz/corpus/decode")).expect("mkdir");
        std::fs::create_dir_all(dir.join("fuzz/artifacts/decode")).expect("mkdir");
        std::fs::write(dir.join("fuzz/corpus/decode/seed"), "{}").expect("write");
        assert!(check(&dir, &files).is_ok());
        assert_eq!(write(&dir, &files).expect("write"), 0);
        assert!(dir.join("fuzz/corpus/decode/seed").exists());
        assert!(dir.join("fuzz/artifacts/decode").is_dir());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
