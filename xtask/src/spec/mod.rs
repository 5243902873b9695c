//! `cargo xtask spec fetch|update|outdated`: the pinned upstream files of `spec/intercom.toml`
//! (every description under `[versions]`, every other file under `[files]`) on a machine that
//! has no mirror, and moving the pin deliberately.
//!
//! - [`fetch`]: fills the cache ahead of time (CI, a laptop before a flight).
//! - [`update`]: re-pins to another upstream commit (over HTTP, or from a local checkout), prints
//!   what changed and the drift report of the pinned version, and rewrites the pin file.
//! - [`outdated`]: compares the pin with an upstream branch without changing anything; the
//!   weekly drift workflow runs it.

pub mod fetch;
pub mod outdated;
mod pin_file;
pub mod update;
pub mod upstream;

use std::fmt::Write;

use intercom_codegen::pin::Pin;

use crate::diff::FailOn;

/// One pinned upstream file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// A version folder (`2.16`, `preview`), or `None` for a `[files]` entry.
    pub version: Option<String>,
    /// Its path in the upstream repository.
    pub path: String,
    /// Its recorded sha256 (`None` for a version being added).
    pub sha256: Option<String>,
}

impl Entry {
    /// `2.16`, or the file's path.
    pub fn name(&self) -> &str {
        self.version.as_deref().unwrap_or(&self.path)
    }
}

/// Every pinned file: the versions oldest first, then the other files by path.
pub fn entries(pin: &Pin) -> Vec<Entry> {
    let versions = pin.versions_oldest_first().into_iter().map(|v| Entry {
        version: Some(v.to_string()),
        path: pin.versions[v].path.clone(),
        sha256: Some(pin.versions[v].sha256.clone()),
    });
    let files = pin.files.iter().map(|(path, f)| Entry {
        version: None,
        path: path.clone(),
        sha256: Some(f.sha256.clone()),
    });
    versions.chain(files).collect()
}

/// What happened to one pinned file between the recorded commit and another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Same sha256.
    Unchanged,
    /// Another sha256.
    Changed,
    /// Not pinned before (`--add-version`).
    New,
    /// Absent at the other commit.
    Missing,
}

impl Status {
    /// `unchanged`, `changed`, `new`, `missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::New => "new",
            Status::Missing => "missing",
        }
    }
}

/// One pinned file at another commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// The file.
    pub entry: Entry,
    /// What happened to it.
    pub status: Status,
    /// Its sha256 at the other commit (absent when missing).
    pub sha256: Option<String>,
}

/// The per-file table: `| 2.16 | changed | 9bd5a638… → 212b0933… |`.
pub fn table(compared: &[Compared]) -> String {
    let short = |s: &Option<String>| {
        s.as_deref()
            .map(|s| s.get(..12).unwrap_or(s).to_string() + "…")
            .unwrap_or_else(|| "-".into())
    };
    let width = compared
        .iter()
        .map(|c| c.entry.name().len())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = String::new();
    for c in compared {
        let hashes = match c.status {
            Status::Unchanged => short(&c.sha256),
            Status::New => format!("new {}", short(&c.sha256)),
            Status::Missing => format!("{} → (absent)", short(&c.entry.sha256)),
            Status::Changed => format!("{} → {}", short(&c.entry.sha256), short(&c.sha256)),
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:<9}  {hashes}",
            c.entry.name(),
            c.status.as_str()
        );
    }
    let count = |s: Status| compared.iter().filter(|c| c.status == s).count();
    let _ = writeln!(
        out,
        "  {} changed, {} unchanged, {} new, {} missing",
        count(Status::Changed),
        count(Status::Unchanged),
        count(Status::New),
        count(Status::Missing)
    );
    out
}

/// The exit status for `--fail-on`: 3 when asked to fail on breaking changes and some were found.
pub fn exit_status(fail_on: Option<FailOn>, breaking: usize) -> u8 {
    match fail_on {
        Some(FailOn::Breaking) if breaking > 0 => crate::diff::EXIT_BREAKING,
        _ => 0,
    }
}
