//! `cargo xtask spec update --commit <sha-or-ref> [--dir <upstream checkout>]
//! [--add-version 2.17] [--pin 2.17]`: re-pins `spec/intercom.toml` to another upstream commit.
//!
//! Reads every pinned file at that commit (over HTTP, or from a local checkout of the upstream
//! repository, which also reveals version folders not pinned yet), prints per file
//! `unchanged / changed / new / missing`, records the commit and the new hashes (refusing when a
//! pinned file is missing there; nothing is written then), and prints the drift report of the
//! pinned version, old → new. The files read are kept in the cache, so `cargo xtask codegen`
//! regenerates from them next without downloading again.

use std::path::PathBuf;

use intercom_codegen::pin::{self, Pin};

use super::pin_file::PinFile;
use super::upstream::{Upstream, description_path};
use super::{Compared, Entry, Status, entries, print_drift, read_all, resolve, table};
use crate::lowering::Sources;

/// How to run.
#[derive(Debug, Default)]
pub struct Options {
    /// The commit (or branch, tag) to pin.
    pub commit: String,
    /// A local checkout of the upstream repository to read from instead of downloading.
    pub dir: Option<PathBuf>,
    /// Versions to start pinning (`2.17`: `descriptions/2.17/api.intercom.io.yaml`).
    pub add_versions: Vec<String>,
    /// The version to generate the crate from from now on.
    pub pin: Option<String>,
}

/// What the update did (the command prints it as it goes; tests read it).
#[derive(Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct Outcome {
    /// The commit pinned now.
    pub commit: String,
    /// Every pinned file, compared.
    pub compared: Vec<Compared>,
    /// Version folders upstream that are not pinned.
    pub unpinned_folders: Vec<String>,
    /// Breaking changes in the drift report of the pinned version.
    pub breaking: usize,
}

/// Runs the command with `sources` (the pin file is `root/spec/intercom.toml`).
pub fn run(
    root: &std::path::Path,
    sources: &Sources,
    options: &Options,
) -> Result<Outcome, String> {
    let old = &sources.pin;
    let upstream = Upstream::new(
        options.dir.as_deref(),
        &sources.places.url,
        old.upstream.refs.as_deref(),
    )?;
    let commit = upstream.resolve(&options.commit)?;
    eprintln!(
        "re-pinning {} → {commit} from {}",
        old.upstream.commit,
        upstream.describe()
    );
    let mut wanted = entries(old);
    for v in &options.add_versions {
        if old.versions.contains_key(v) {
            return Err(format!("--add-version {v}: already pinned"));
        }
        wanted.push(Entry {
            version: Some(v.clone()),
            path: description_path(v),
            sha256: None,
        });
    }
    let read = read_all(&upstream, &commit, &wanted, &sources.places.cache)?;
    let compared: Vec<Compared> = read.iter().map(|(c, _)| c.clone()).collect();
    println!("upstream files at {commit}:\n{}", table(&compared));
    let unpinned_folders = unpinned(&upstream, &commit, &wanted)?;
    for folder in &unpinned_folders {
        println!(
            "  new upstream folder descriptions/{folder}/ is not pinned (add it with --add-version {folder})"
        );
    }
    let missing: Vec<&str> = compared
        .iter()
        .filter(|c| c.status == Status::Missing)
        .map(|c| c.entry.name())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{} pinned file(s) missing at {commit}: {}; spec/intercom.toml not changed",
            missing.len(),
            missing.join(", ")
        ));
    }
    let pinned = options.pin.clone().unwrap_or_else(|| old.pinned.clone());
    if !wanted.iter().any(|e| e.version.as_deref() == Some(&pinned)) {
        return Err(format!(
            "--pin {pinned}: not a pinned version (add it with --add-version {pinned})"
        ));
    }
    write_pin(root, &commit, &compared, &pinned)?;
    println!("spec/intercom.toml now pins {commit} (generated from {pinned})");

    // The drift report of the pinned version: the old file (found as codegen finds it) → the new.
    let old_entry = wanted
        .iter()
        .find(|e| e.version.as_deref() == Some(old.pinned.as_str()))
        .ok_or("the pinned version has no entry")?;
    let old_bytes = resolve(old, old_entry, &sources.places)
        .map_err(|e| e.to_string())?
        .bytes;
    let new_bytes = read
        .iter()
        .find(|(c, _)| c.entry.version.as_deref() == Some(pinned.as_str()))
        .and_then(|(_, b)| b.as_deref())
        .ok_or("the pinned version was not read")?;
    let short = |c: &str| c.get(..7).unwrap_or(c).to_string();
    let breaking =
        if pinned == old.pinned && pin::sha256_hex(new_bytes) == pin::sha256_hex(&old_bytes) {
            println!("\nthe pinned description {pinned} is unchanged: no drift");
            0
        } else {
            println!();
            print_drift(
                root,
                &sources.overrides,
                (
                    &format!("{}@{}", old.pinned, short(&old.upstream.commit)),
                    &old_bytes,
                ),
                (&format!("{pinned}@{}", short(&commit)), new_bytes),
            )?
        };
    println!("\nnext: `cargo xtask codegen` regenerates generated/ from the new pin; commit both");
    Ok(Outcome {
        commit,
        compared,
        unpinned_folders,
        breaking,
    })
}

/// Version folders at `commit` that no entry reads from (when the source can list them).
pub fn unpinned(
    upstream: &Upstream,
    commit: &str,
    wanted: &[Entry],
) -> Result<Vec<String>, String> {
    let Some(folders) = upstream.version_folders(commit)? else {
        return Ok(Vec::new());
    };
    Ok(folders
        .into_iter()
        .filter(|f| !wanted.iter().any(|e| e.path == description_path(f)))
        .collect())
}

/// Rewrites `spec/intercom.toml`: the commit, every hash, the new versions, the pinned version;
/// checks the result parses as a pin before replacing the file.
fn write_pin(
    root: &std::path::Path,
    commit: &str,
    compared: &[Compared],
    pinned: &str,
) -> Result<(), String> {
    let path = root.join("spec/intercom.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut file = PinFile::parse(&text)?;
    file.set_commit(commit)?;
    for c in compared {
        let sha256 = c
            .sha256
            .as_deref()
            .ok_or("a missing file cannot be pinned")?;
        match (&c.entry.version, c.status) {
            (Some(v), Status::New) => file.add_version(v, v, &c.entry.path, sha256)?,
            (Some(v), _) => file.set_version_sha256(v, sha256)?,
            (None, _) => file.set_file_sha256(&c.entry.path, sha256)?,
        }
    }
    file.set_pinned(pinned);
    let text = file.text();
    Pin::parse(&text).map_err(|e| format!("the updated pin would not parse: {e}"))?;
    let temp = path.with_extension("toml.new");
    std::fs::write(&temp, &text)
        .and_then(|()| std::fs::rename(&temp, &path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
