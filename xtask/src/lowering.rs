//! Locating, verifying and lowering descriptions; two at a time on two threads.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use intercom_codegen::pin::{self, Pin, SearchPlaces};

/// What the commands lower from.
pub struct Sources {
    /// `spec/intercom.toml`.
    pub pin: Pin,
    /// Where descriptions are looked for.
    pub places: SearchPlaces,
    /// Text of `spec/overrides.yaml`.
    pub overrides: String,
}

/// One lowered description.
pub struct Lowered {
    /// The version folder name (`2.16`).
    pub version: String,
    /// The description file read.
    pub path: PathBuf,
    /// The lowering result (the API is absent if the description could not be loaded).
    pub output: intercom_codegen::Output,
    /// Wall time of locating, hashing and lowering.
    pub elapsed: Duration,
}

impl Sources {
    /// Reads the pin file and the overrides of the checkout at `root`; `spec` is `--spec PATH`.
    pub fn read(root: &Path, spec: Option<PathBuf>) -> Result<Sources, String> {
        let pin = Pin::read(&root.join("spec/intercom.toml"))?;
        let overrides_path = root.join("spec/overrides.yaml");
        let overrides = std::fs::read_to_string(&overrides_path)
            .map_err(|e| format!("cannot read {}: {e}", overrides_path.display()))?;
        Ok(Sources {
            places: pin::places(&pin, root, spec),
            pin,
            overrides,
        })
    }

    /// Locates, verifies and lowers `version`. Dangling overrides are errors only for the pinned
    /// version. Diagnostics are left to the caller.
    pub fn lower(&self, version: &str) -> Result<Lowered, String> {
        let start = Instant::now();
        let (path, output) = locate_and_lower(&self.pin, version, &self.places, &self.overrides)?;
        Ok(Lowered {
            version: version.to_string(),
            path,
            output,
            elapsed: start.elapsed(),
        })
    }

    /// Lowers `first` on this thread and `second`, when given, on another one.
    pub fn lower_two(
        &self,
        first: &str,
        second: Option<&str>,
    ) -> (Result<Lowered, String>, Option<Result<Lowered, String>>) {
        std::thread::scope(|scope| {
            let other = second.map(|version| scope.spawn(move || self.lower(version)));
            let first = self.lower(first);
            let other = other.map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    Err(format!(
                        "lowering {} panicked",
                        second.unwrap_or("the description")
                    ))
                })
            });
            (first, other)
        })
    }
}

/// Locates and verifies one version and lowers it, whatever its diagnostics (dangling overrides
/// are errors only for the pinned version); fails only when the description cannot be found or
/// does not match its sha256. Returns where it was read from.
pub fn locate_and_lower(
    pin: &Pin,
    version: &str,
    places: &SearchPlaces,
    overrides: &str,
) -> Result<(PathBuf, intercom_codegen::Output), String> {
    let located = pin::locate(pin, version, places).map_err(|e| e.to_string())?;
    let overlay = match pin.overlay_for(version) {
        Some(path) => Some((
            path,
            pin::locate_file(pin, path, places).map_err(|e| e.to_string())?,
        )),
        None => None,
    };
    let output = intercom_codegen::lower(&intercom_codegen::Input {
        spec: &located.bytes,
        version: &located.version,
        header: &located.header,
        sha256: &pin::sha256_hex(&located.bytes),
        overrides,
        strict: version == pin.pinned,
        // Preview's topics are part of the main API's `webhooks` module.
        webhooks: pin.preview.as_deref() != Some(version),
        overlay: overlay
            .as_ref()
            .map(|(path, found)| intercom_codegen::Overlay {
                key: pin.overlay_role(version).unwrap_or(version),
                path,
                bytes: &found.bytes,
            }),
    });
    Ok((located.path, output))
}

/// Lowers a description held in memory, whatever its diagnostics; `label` names it in the IR
/// (and so in drift reports). `webhooks`: whether it gets the crate's webhook topics (all but
/// the Preview API generated inside the main crate).
pub fn lower_bytes(
    bytes: &[u8],
    label: &str,
    header: &str,
    overrides: &str,
    strict: bool,
    webhooks: bool,
) -> intercom_codegen::Output {
    intercom_codegen::lower(&intercom_codegen::Input {
        spec: bytes,
        version: label,
        header,
        sha256: &pin::sha256_hex(bytes),
        overrides,
        strict,
        webhooks,
        overlay: None,
    })
}

impl Lowered {
    /// Lowers `bytes` read from `path`, labelled `label`, leniently (overrides that do not apply
    /// are warnings), timing it.
    pub fn from_bytes(
        label: &str,
        header: &str,
        path: PathBuf,
        bytes: &[u8],
        overrides: &str,
    ) -> Lowered {
        let start = Instant::now();
        let output = lower_bytes(bytes, label, header, overrides, false, true);
        Lowered {
            version: label.to_string(),
            path,
            output,
            elapsed: start.elapsed(),
        }
    }
}

#[cfg(test)]
mod tests {
    use intercom_codegen::crosscheck::Verdict;

    use super::*;

    /// Every wire-level correction of the official SDKs' overlays, read from the mirror and
    /// pinned in `spec/intercom.toml`, agrees with the crate or is declined with a reason.
    #[test]
    fn every_official_sdk_correction_is_accounted_for() {
        let root = crate::codegen::repo_root();
        let sources = Sources::read(&root, None).expect("pin and overrides");
        let versions: Vec<String> = [Some(&sources.pin.pinned), sources.pin.preview.as_ref()]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        assert_eq!(versions, ["2.16", "preview"]);
        for version in versions {
            let lowered = sources.lower(&version).expect("lowers");
            let table = lowered.output.crosscheck.expect("cross-checked");
            let unaccounted: Vec<&str> = table
                .rows
                .iter()
                .filter(|r| r.verdict == Verdict::Unaccounted)
                .map(|r| r.id.as_str())
                .collect();
            assert!(unaccounted.is_empty(), "{version}: {unaccounted:?}");
            let count = |v| table.count(v);
            let pagination = table.rows.iter().filter(|r| r.kind == "pagination").count();
            println!(
                "{version} ({}): {} corrections, {} agreed, {} applied, {} declined, {} not \
                 applicable; {pagination} pagination declarations",
                table.overlay,
                table.rows.len(),
                count(Verdict::Agreed),
                count(Verdict::Applied),
                count(Verdict::Declined),
                count(Verdict::NotApplicable),
            );
            // The 2.x overlay declares how 12 operations page; Preview's declares one more.
            assert_eq!(pagination, if version == "2.16" { 12 } else { 1 });
            assert!(
                table.rows.len() > 10,
                "{version}: {} rows",
                table.rows.len()
            );
        }
    }
}
