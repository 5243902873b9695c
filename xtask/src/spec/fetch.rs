//! `cargo xtask spec fetch [--versions LIST]`: finds (downloading when needed) a verified copy of
//! every pinned file, so later commands and tests work offline.

use std::time::Instant;

use super::{entries, resolve};
use crate::lowering::Sources;

/// Runs the command: every entry of the pin (or the versions listed), one line each.
pub fn run(sources: &Sources, versions: &[String]) -> Result<(), String> {
    let start = Instant::now();
    for v in versions {
        sources.pin.version(v)?;
    }
    let wanted: Vec<_> = entries(&sources.pin)
        .into_iter()
        .filter(|e| versions.is_empty() || e.version.as_ref().is_some_and(|v| versions.contains(v)))
        .collect();
    let width = wanted.iter().map(|e| e.name().len()).max().unwrap_or(0);
    let (mut downloaded, mut failed) = (0, Vec::new());
    for entry in &wanted {
        match resolve(&sources.pin, entry, &sources.places) {
            Ok(found) => {
                downloaded += usize::from(found.downloaded);
                println!(
                    "  {:<width$}  {}  {}",
                    entry.name(),
                    if found.downloaded {
                        "downloaded"
                    } else {
                        "found     "
                    },
                    found.path.display()
                );
            }
            Err(e) => {
                println!("  {:<width$}  FAILED", entry.name());
                failed.push(e.to_string());
            }
        }
    }
    println!(
        "{} of {} pinned files verified ({downloaded} downloaded) in {} ms; cache: {}",
        wanted.len() - failed.len(),
        wanted.len(),
        start.elapsed().as_millis(),
        sources.places.cache.display()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("\n"))
    }
}
