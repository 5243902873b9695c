//! Cargo runs on a generated crate outside the workspace: `cargo check`, counting what rustc
//! reports, and the crate's own test of the description's response examples.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// What `cargo check` said about one crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Compiler warnings in the crate (dependencies' lints are capped by cargo).
    pub warnings: usize,
    /// Compiler errors in the crate.
    pub errors: usize,
    /// Whether cargo exited successfully.
    pub success: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The first few rendered diagnostics, or cargo's own error output when it failed otherwise.
    pub excerpt: String,
}

impl Checked {
    /// Compiles, without a warning.
    pub fn passed(&self) -> bool {
        self.success && self.errors == 0 && self.warnings == 0
    }

    /// `ok`, or why not (`2 errors, 1 warning`).
    pub fn verdict(&self) -> String {
        if self.passed() {
            return "ok".to_string();
        }
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning"));
        }
        if parts.is_empty() {
            parts.push("cargo failed".to_string());
        }
        format!("FAIL ({})", parts.join(", "))
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// `cargo <args>` on the crate (or workspace) in `dir`, with `target_dir` and `jobs`.
fn cargo(args: &[&str], dir: &Path, target_dir: &Path, jobs: usize) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .arg("--jobs")
        .arg(jobs.to_string());
    command
}

fn run(command: &mut Command) -> Result<std::process::Output, String> {
    command
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))
}

/// How many rendered diagnostics [`Checked::excerpt`] keeps.
const EXCERPT_DIAGNOSTICS: usize = 3;

/// Runs `cargo check` on the crate in `dir` with `target_dir` (shared between crates, so
/// dependencies are built once) and `jobs` parallel rustc jobs.
pub fn cargo_check(dir: &Path, target_dir: &Path, jobs: usize) -> Result<Checked, String> {
    let start = Instant::now();
    let mut command = cargo(
        &["check", "--quiet", "--message-format=json"],
        dir,
        target_dir,
        jobs,
    );
    let output = run(&mut command)?;
    let seconds = start.elapsed().as_secs_f64();
    let mut checked = read_messages(&String::from_utf8_lossy(&output.stdout));
    checked.success = output.status.success();
    checked.seconds = seconds;
    if !checked.success && checked.errors == 0 {
        checked.excerpt = String::from_utf8_lossy(&output.stderr).trim().to_string();
    }
    Ok(checked)
}

/// What the generated crate's `spec_examples` test said about the description's own response
/// examples (decoded through the typed responses, round-tripped, and decoded again mutated).
#[derive(Debug, Clone, PartialEq)]
pub struct Examples {
    /// The test passed.
    pub passed: bool,
    /// `(decoded, total)` response examples, when the test got that far.
    pub decoded: Option<(usize, usize)>,
    /// Mutated examples that failed, when the test got that far.
    pub mutation_failures: Option<usize>,
    /// Wall-clock seconds (building the test included).
    pub seconds: f64,
    /// The failures the test printed, or cargo's error output.
    pub excerpt: String,
}

impl Examples {
    /// `306/306`, or why not (`FAIL 258/306, 3 mutated`).
    pub fn verdict(&self) -> String {
        let counts = match self.decoded {
            Some((decoded, total)) => format!("{decoded}/{total}"),
            None => "not run".to_string(),
        };
        if self.passed {
            return counts;
        }
        match self.mutation_failures {
            Some(n) if n > 0 => format!("FAIL {counts}, {n} mutated"),
            _ => format!("FAIL {counts}"),
        }
    }
}

/// The environment variables that make a generated crate's tests find descriptions in `places`
/// (its own defaults are relative to `generated/` in the repository).
fn resolution_env(places: &intercom_codegen::pin::SearchPlaces) -> Vec<(&'static str, String)> {
    use intercom_codegen::fetch;
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let dir = places
        .env_dir
        .clone()
        .or_else(|| places.mirror.as_ref().map(|(_, m)| m.clone()))
        .filter(|d| d.is_dir());
    let mut env = vec![
        (fetch::ENV_CACHE, absolute(&places.cache)),
        (fetch::ENV_URL, places.url.clone()),
        (
            fetch::ENV_OFFLINE,
            if places.offline { "1" } else { "0" }.into(),
        ),
    ];
    if let Some(dir) = dir {
        env.push((fetch::ENV_DIR, absolute(&dir)));
    }
    env
}

/// How many failure lines [`Examples::excerpt`] keeps.
const EXCERPT_FAILURES: usize = 8;

/// Runs the response-example tests of the crate in `dir` (`cargo test --test spec_examples
/// response_examples`), finding the descriptions in `places` (passed on as the environment
/// variables the crate's test harness reads).
pub fn cargo_test_examples(
    dir: &Path,
    target_dir: &Path,
    jobs: usize,
    places: &intercom_codegen::pin::SearchPlaces,
) -> Result<Examples, String> {
    let start = Instant::now();
    let mut command = cargo(
        &["test", "--quiet", "--test", "spec_examples"],
        dir,
        target_dir,
        jobs,
    );
    command
        .args(["--", "response_examples", "--nocapture", "--test-threads=1"])
        .envs(resolution_env(places));
    let output = run(&mut command)?;
    let mut examples = read_test_output(&String::from_utf8_lossy(&output.stdout));
    examples.passed = output.status.success();
    examples.seconds = start.elapsed().as_secs_f64();
    if !examples.passed && examples.excerpt.is_empty() {
        examples.excerpt = String::from_utf8_lossy(&output.stderr).trim().to_string();
    }
    Ok(examples)
}

/// Reads the harness's summary lines (`response examples: 258/306 decode …`, `mutated response
/// examples: …; 3 failures`) and its `FAIL` lines.
fn read_test_output(stdout: &str) -> Examples {
    let mut examples = Examples {
        passed: true,
        decoded: None,
        mutation_failures: None,
        seconds: 0.0,
        excerpt: String::new(),
    };
    let mut shown = 0;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("response examples: ") {
            let counts = rest.split_whitespace().next().unwrap_or_default();
            if let Some((decoded, total)) = counts.split_once('/')
                && let (Ok(decoded), Ok(total)) = (decoded.parse(), total.parse())
            {
                examples.decoded = Some((decoded, total));
            }
        } else if let Some(rest) = line.strip_prefix("mutated response examples: ") {
            examples.mutation_failures = rest
                .rsplit_once("; ")
                .and_then(|(_, last)| last.strip_suffix(" failures"))
                .and_then(|n| n.parse().ok());
        } else if line.trim_start().starts_with("FAIL ") && shown < EXCERPT_FAILURES {
            examples.excerpt.push_str(line.trim());
            examples.excerpt.push('\n');
            shown += 1;
        }
    }
    examples
}

/// Counts the compiler messages in cargo's JSON output.
fn read_messages(stdout: &str) -> Checked {
    let mut checked = Checked {
        warnings: 0,
        errors: 0,
        success: true,
        seconds: 0.0,
        excerpt: String::new(),
    };
    let mut shown = 0;
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        match diagnostic["level"].as_str() {
            Some("warning") => checked.warnings += 1,
            Some("error") => checked.errors += 1,
            _ => continue,
        }
        // rustc closes with a summary ("aborting due to …"), which has no span: not a finding.
        if diagnostic["spans"].as_array().is_some_and(Vec::is_empty) {
            match diagnostic["level"].as_str() {
                Some("warning") => checked.warnings -= 1,
                _ => checked.errors -= 1,
            }
            continue;
        }
        if shown < EXCERPT_DIAGNOSTICS
            && let Some(text) = diagnostic["rendered"].as_str()
        {
            checked.excerpt.push_str(text);
            shown += 1;
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_compiler_messages_but_not_summaries() {
        let stdout = [
            r#"{"reason":"compiler-artifact","target":{"name":"serde"}}"#,
            r#"{"reason":"compiler-message","message":{"level":"warning","spans":[{"line_start":1}],"rendered":"warning: unused import\n"}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","spans":[{"line_start":2}],"rendered":"error[E0412]: cannot find type `Foo`\n"}}"#,
            r#"{"reason":"compiler-message","message":{"level":"error","spans":[],"rendered":"error: aborting due to 1 previous error\n"}}"#,
            r#"{"reason":"compiler-message","message":{"level":"note","spans":[{"line_start":3}],"rendered":"note\n"}}"#,
            "not json",
        ]
        .join("\n");
        let checked = read_messages(&stdout);
        assert_eq!((checked.warnings, checked.errors), (1, 1));
        assert!(checked.excerpt.contains("unused import"), "{checked:?}");
        assert!(checked.excerpt.contains("E0412"), "{checked:?}");
        assert!(!checked.excerpt.contains("aborting"), "{checked:?}");
        assert_eq!(checked.verdict(), "FAIL (1 error, 1 warning)");
    }

    #[test]
    fn reads_the_example_harness_summaries() {
        let stdout = "running 2 tests\n\
            response examples: 258/306 decode and round-trip; 48 failures; 0 without a typed decoder\n\
            \x20 FAIL GET /admins 200 \"ok\": missing field `job_title`\n\
            mutated response examples: 300 with unknown fields, 12 with unseen enum values, 40 with optional fields null; 3 failures\n";
        let mut examples = read_test_output(stdout);
        assert_eq!(examples.decoded, Some((258, 306)));
        assert_eq!(examples.mutation_failures, Some(3));
        assert!(
            examples.excerpt.starts_with("FAIL GET /admins"),
            "{examples:?}"
        );
        assert_eq!(examples.verdict(), "258/306");
        examples.passed = false;
        assert_eq!(examples.verdict(), "FAIL 258/306, 3 mutated");
        assert_eq!(read_test_output("").verdict(), "not run");
    }

    #[test]
    fn a_clean_check_is_ok_and_a_failed_cargo_is_not() {
        let mut checked = read_messages("");
        assert_eq!(checked.verdict(), "ok");
        checked.success = false;
        assert_eq!(checked.verdict(), "FAIL (cargo failed)");
    }
}
