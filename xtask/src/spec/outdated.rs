//! `cargo xtask spec outdated [--ref main] [--dir <upstream checkout>] [--fail-on breaking]`:
//! compares the pin with an upstream branch without changing anything.
//!
//! Says which recorded hashes no longer match the files at that ref, which new version folders
//! exist (listed from a checkout; over HTTP the next minor version after the newest pinned one is
//! tried), and prints the drift report of the pinned version old → new and of the pinned version
//! → each new version. With `--fail-on breaking` the exit status is 3 when any of those reports
//! has a breaking change. The weekly workflow `.github/workflows/drift.yml` runs it.

use std::path::PathBuf;

use super::update::unpinned;
use super::upstream::{Upstream, description_path};
use super::{Entry, Status, entries, exit_status, print_drift, read_all, resolve, table};
use crate::diff::FailOn;
use crate::lowering::Sources;

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// The branch, tag or commit to compare with.
    pub reference: String,
    /// A local checkout of the upstream repository to read from instead of downloading.
    pub dir: Option<PathBuf>,
    /// Exit with status 3 when a drift report has a breaking change.
    pub fail_on: Option<FailOn>,
}

/// Runs the command; returns the exit status.
pub fn run(root: &std::path::Path, sources: &Sources, options: &Options) -> Result<u8, String> {
    let pin = &sources.pin;
    let upstream = Upstream::new(
        options.dir.as_deref(),
        &sources.places.url,
        pin.upstream.refs.as_deref(),
    )?;
    let commit = upstream.resolve(&options.reference)?;
    if commit.eq_ignore_ascii_case(&pin.upstream.commit) {
        println!(
            "spec/intercom.toml is up to date: `{}` is the pinned commit {commit}",
            options.reference
        );
        return Ok(0);
    }
    let pinned_entries = entries(pin);
    let read = read_all(&upstream, &commit, &pinned_entries, &sources.places.cache)?;
    let compared: Vec<_> = read.iter().map(|(c, _)| c.clone()).collect();
    println!(
        "`{}` is {commit}; pinned: {}\n{}",
        options.reference,
        pin.upstream.commit,
        table(&compared)
    );
    let new_versions = new_versions(&upstream, &commit, pin, &pinned_entries)?;
    for (v, _) in &new_versions {
        println!("  new version {v} upstream (descriptions/{v}/), not pinned");
    }

    let short = |c: &str| c.get(..7).unwrap_or(c).to_string();
    let pinned_entry = pinned_entries
        .iter()
        .find(|e| e.version.as_deref() == Some(pin.pinned.as_str()))
        .ok_or("the pinned version has no entry")?;
    let (pinned_now, pinned_new) = read
        .iter()
        .find(|(c, _)| c.entry == *pinned_entry)
        .map(|(c, b)| (c.status, b.as_deref()))
        .ok_or("the pinned version was not read")?;
    let needs_old = pinned_now == Status::Changed || !new_versions.is_empty();
    let old_bytes = if needs_old {
        Some(
            resolve(pin, pinned_entry, &sources.places)
                .map_err(|e| e.to_string())?
                .bytes,
        )
    } else {
        None
    };
    let old_label = format!("{}@{}", pin.pinned, short(&pin.upstream.commit));
    let mut breaking = 0;
    if let (Status::Changed, Some(old), Some(new)) = (pinned_now, &old_bytes, pinned_new) {
        println!();
        breaking += print_drift(
            root,
            &sources.overrides,
            (&old_label, old),
            (&format!("{}@{}", pin.pinned, short(&commit)), new),
        )?;
    }
    for (v, bytes) in &new_versions {
        if let Some(old) = &old_bytes {
            println!();
            breaking += print_drift(
                root,
                &sources.overrides,
                (&old_label, old),
                (&format!("{v}@{}", short(&commit)), bytes),
            )?;
        }
    }
    let changed = compared.iter().any(|c| c.status != Status::Unchanged);
    if changed || !new_versions.is_empty() {
        let adds: String = new_versions
            .iter()
            .map(|(v, _)| format!(" --add-version {v}"))
            .collect();
        println!(
            "\nto adopt: cargo xtask spec update --commit {commit}{adds} && cargo xtask codegen"
        );
    } else {
        println!("\nevery pinned file is unchanged at {commit}");
    }
    Ok(exit_status(options.fail_on, breaking))
}

/// Version folders upstream that are not pinned, with their description: listed from a checkout,
/// or over HTTP the next minor version after the newest pinned one, when it exists.
fn new_versions(
    upstream: &Upstream,
    commit: &str,
    pin: &intercom_codegen::pin::Pin,
    pinned: &[Entry],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let candidates = match upstream {
        Upstream::Http { .. } => next_minor(pin).into_iter().collect(),
        _ => unpinned(upstream, commit, pinned)?,
    };
    let mut out = Vec::new();
    for v in candidates {
        if let Some(bytes) = upstream.read(commit, &description_path(&v))? {
            out.push((v, bytes));
        }
    }
    Ok(out)
}

/// `2.17` after `2.16`, the newest numbered version pinned.
fn next_minor(pin: &intercom_codegen::pin::Pin) -> Option<String> {
    let newest = pin
        .versions_oldest_first()
        .into_iter()
        .rfind(|v| v.split('.').all(|p| p.parse::<u64>().is_ok()))?;
    let (major, minor) = newest.split_once('.')?;
    Some(format!("{major}.{}", minor.parse::<u64>().ok()? + 1))
}
