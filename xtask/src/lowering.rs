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
            pin,
            places: SearchPlaces::from_env(root, spec),
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
    let output = intercom_codegen::lower(&intercom_codegen::Input {
        spec: &located.bytes,
        version: &located.version,
        header: &located.header,
        sha256: &located.sha256,
        overrides,
        strict: version == pin.pinned,
        // Preview's topics are part of the main API's `webhooks` module.
        webhooks: pin.preview.as_deref() != Some(version),
    });
    Ok((located.path, output))
}
