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
#[cfg(test)]
mod tests;
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

/// Finds a verified copy of a recorded entry, the way `codegen` does.
pub fn resolve(
    pin: &Pin,
    entry: &Entry,
    places: &intercom_codegen::pin::SearchPlaces,
) -> Result<intercom_codegen::fetch::Found, intercom_codegen::fetch::Error> {
    use intercom_codegen::fetch;
    let sha256 = entry.sha256.as_deref().unwrap_or_default();
    let local = match &entry.version {
        Some(v) => format!("{v}/{}", intercom_codegen::pin::SPEC_FILE),
        None => entry.path.clone(),
    };
    fetch::resolve(
        &fetch::Pinned {
            name: entry.name(),
            local: &local,
            upstream: &entry.path,
            commit: &pin.upstream.commit,
            sha256,
        },
        places,
    )
}

/// A pinned file compared at another commit, with its bytes there (absent when missing).
pub type ReadFile = (Compared, Option<Vec<u8>>);

/// Reads every entry at `commit` from `upstream`, compares it with the recorded hash, and keeps
/// what was read in the cache (by content, so `codegen` finds it after a re-pin). Returns the
/// comparison and the bytes read.
pub fn read_all(
    upstream: &upstream::Upstream,
    commit: &str,
    entries: &[Entry],
    cache: &std::path::Path,
) -> Result<Vec<ReadFile>, String> {
    let mut out = Vec::new();
    for entry in entries {
        let bytes = upstream.read(commit, &entry.path)?;
        let sha256 = bytes.as_deref().map(intercom_codegen::fetch::sha256_hex);
        if let Some(bytes) = &bytes {
            intercom_codegen::fetch::store(cache, &entry.path, bytes)?;
        }
        let status = match (&entry.sha256, &sha256) {
            (_, None) => Status::Missing,
            (None, Some(_)) => Status::New,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => Status::Unchanged,
            (Some(_), Some(_)) => Status::Changed,
        };
        out.push((
            Compared {
                entry: entry.clone(),
                status,
                sha256,
            },
            bytes,
        ));
    }
    Ok(out)
}

/// The drift report of `old` → `new` (descriptions in memory, labelled), printed to stdout;
/// returns the number of breaking changes.
pub fn print_drift(
    root: &std::path::Path,
    overrides: &str,
    old: (&str, &[u8]),
    new: (&str, &[u8]),
) -> Result<usize, String> {
    use crate::lowering::Lowered;
    let (old, new) = std::thread::scope(|scope| {
        let lowered_new =
            scope.spawn(|| Lowered::from_bytes(new.0, new.0, new.0.into(), new.1, overrides));
        let lowered_old = Lowered::from_bytes(old.0, old.0, old.0.into(), old.1, overrides);
        (lowered_old, lowered_new.join())
    });
    let new = new.map_err(|_| "lowering the newer description panicked".to_string())?;
    crate::diff::report_errors(&[&old, &new]);
    let report = crate::diff::compare(&old, &new, crate::diff::crate_version(root))?;
    print!("{}", report.markdown());
    Ok(report.breaking())
}
