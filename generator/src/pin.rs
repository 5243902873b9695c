//! The pinned description: `spec/intercom.toml`, and finding a verified copy of a version.
//!
//! The descriptions are never committed. The pin file records one upstream commit and, for every
//! pinned file, its path in the upstream repository and its sha256: the descriptions under
//! `[versions."<folder>"]`, other upstream files (Fern's overlays) under `[files."<path>"]`.
//! [`locate`] and [`locate_file`] find a verified copy through [`fetch`] (an explicit path,
//! `$INTERCOM_OPENAPI_DIR`, the team mirror beside the checkout, the cache, a download) and refuse
//! any file whose sha256 is not the recorded one. On failure the error names every place looked
//! at and what to do. `[overlays]` says which of those files is the official SDKs' overlay of
//! corrections each generated description is cross-checked against ([`Pin::overlay_for`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fetch;

/// The roles an overlay can have (`[overlays]` keys).
const OVERLAY_ROLES: [&str; 2] = ["pinned", "preview"];

/// File name of a description inside its version folder.
pub const SPEC_FILE: &str = "api.intercom.io.yaml";
/// Environment variable naming a folder laid out like the mirror.
pub const ENV_DIR: &str = fetch::ENV_DIR;

/// Contents of `spec/intercom.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// The version the committed crate is generated from.
    pub pinned: String,
    /// A version also generated, under `intercom_api::preview` behind the `preview` feature.
    pub preview: Option<String>,
    /// The mirror folder, relative to the repository root.
    pub mirror: String,
    /// Where the descriptions come from.
    pub upstream: Upstream,
    /// Every known version, keyed by folder name (`2.16`, `preview`).
    pub versions: BTreeMap<String, VersionPin>,
    /// Other pinned files of the upstream repository, keyed by their path there (which is also
    /// their path in the mirror): `fern/openapi-overrides.yml`.
    #[serde(default)]
    pub files: BTreeMap<String, FilePin>,
    /// The overlay of the official SDKs' corrections (a `files` path) each generated
    /// description is cross-checked against, by role: `pinned`, `preview`.
    #[serde(default)]
    pub overlays: BTreeMap<String, String>,
}

/// One other pinned upstream file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePin {
    /// Expected sha256 of the file, lowercase hex.
    pub sha256: String,
}

/// The upstream repository the mirror copies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    /// Repository URL.
    pub repository: String,
    /// Commit the mirror was taken from.
    pub commit: String,
    /// Raw-file URL pattern with `{commit}` and `{path}`.
    pub url: String,
    /// URL pattern with `{ref}` answering a branch or tag's commit sha as plain text (GitHub's
    /// commits API with `Accept: application/vnd.github.sha`), for `spec update --commit main`
    /// and `spec outdated`.
    pub refs: Option<String>,
}

/// One published description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionPin {
    /// The `Intercom-Version` header value for this description.
    pub header: String,
    /// Path of the file inside the upstream repository.
    pub path: String,
    /// Expected sha256 of the file, lowercase hex.
    pub sha256: String,
}

impl Pin {
    /// Reads and parses the pin file.
    pub fn read(path: &Path) -> Result<Pin, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the pin file's text and checks that the pinned version is listed.
    pub fn parse(text: &str) -> Result<Pin, String> {
        let pin: Pin = toml::from_str(text).map_err(|e| e.to_string())?;
        for version in std::iter::once(&pin.pinned).chain(pin.preview.as_ref()) {
            if !pin.versions.contains_key(version) {
                return Err(format!(
                    "version `{version}` has no [versions.\"{version}\"] entry"
                ));
            }
        }
        let hashes = pin
            .versions
            .iter()
            .map(|(name, v)| (format!("versions.\"{name}\""), &v.sha256))
            .chain(
                pin.files
                    .iter()
                    .map(|(path, f)| (format!("files.\"{path}\""), &f.sha256)),
            );
        for (entry, sha256) in hashes {
            if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("{entry}.sha256 is not a sha256 hex digest"));
            }
        }
        for (role, path) in &pin.overlays {
            if !OVERLAY_ROLES.contains(&role.as_str()) {
                return Err(format!(
                    "overlays.{role}: roles are {}",
                    OVERLAY_ROLES.join(", ")
                ));
            }
            if !pin.files.contains_key(path) {
                return Err(format!(
                    "overlays.{role} = \"{path}\" has no [files.\"{path}\"] entry"
                ));
            }
        }
        Ok(pin)
    }

    /// The entry for `version`, or an error listing the known ones.
    pub fn version(&self, version: &str) -> Result<&VersionPin, String> {
        self.versions.get(version).ok_or_else(|| {
            let known = self.versions_oldest_first();
            format!(
                "unknown spec version `{version}`; known: {}",
                known.join(", ")
            )
        })
    }

    /// Every known version, oldest first: numbered versions by their numbers (`2.7` before
    /// `2.10`), then the others by name (`preview`, which is ahead of every numbered release).
    pub fn versions_oldest_first(&self) -> Vec<&str> {
        let mut versions: Vec<&str> = self.versions.keys().map(String::as_str).collect();
        versions.sort_by_key(|v| version_order(v));
        versions
    }

    /// The newest version listed (`preview` when there is one).
    pub fn newest(&self) -> &str {
        self.versions_oldest_first()
            .last()
            .copied()
            .unwrap_or(self.pinned.as_str())
    }

    /// The role of `version` among the generated descriptions (`pinned`, `preview`), which
    /// keys its overlay here and its answers in `spec/overrides.yaml`.
    pub fn overlay_role(&self, version: &str) -> Option<&'static str> {
        if version == self.pinned {
            Some("pinned")
        } else if self.preview.as_deref() == Some(version) {
            Some("preview")
        } else {
            None
        }
    }

    /// The path of the overlay `version` is cross-checked against, if one is pinned for it.
    pub fn overlay_for(&self, version: &str) -> Option<&str> {
        self.overlays
            .get(self.overlay_role(version)?)
            .map(String::as_str)
    }

    /// The upstream download URL of `version`.
    pub fn upstream_url(&self, version: &VersionPin) -> String {
        fetch::fill(&self.upstream.url, &self.upstream.commit, &version.path)
    }

    /// `version` as a pinned upstream file; `local` is its path in the mirror
    /// (`2.16/api.intercom.io.yaml`).
    pub fn pinned_version<'a>(
        &'a self,
        version: &'a str,
        entry: &'a VersionPin,
        local: &'a str,
    ) -> fetch::Pinned<'a> {
        fetch::Pinned {
            name: version,
            local,
            upstream: &entry.path,
            commit: &self.upstream.commit,
            sha256: &entry.sha256,
        }
    }

    /// Where the descriptions of `main` and `preview` are pinned, for the generated tests.
    pub fn source(&self, main: &str, preview: Option<&str>) -> Result<Source, String> {
        Ok(Source {
            url: self.upstream.url.clone(),
            commit: self.upstream.commit.clone(),
            mirror: self.mirror.clone(),
            main: self.version(main)?.path.clone(),
            preview: preview
                .map(|p| self.version(p).map(|v| v.path.clone()))
                .transpose()?,
        })
    }

    /// The `[files."<path>"]` entry as a pinned upstream file.
    pub fn pinned_file<'a>(&'a self, path: &'a str, entry: &'a FilePin) -> fetch::Pinned<'a> {
        fetch::Pinned {
            name: path,
            local: path,
            upstream: path,
            commit: &self.upstream.commit,
            sha256: &entry.sha256,
        }
    }
}

/// Where the crate's descriptions are pinned: what the generated tests need to find a verified
/// copy of them (written to `tests/spec_examples/pinned.rs`).
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Upstream raw-file URL pattern with `{commit}` and `{path}`.
    pub url: String,
    /// The upstream commit.
    pub commit: String,
    /// The team's mirror, relative to the repository root.
    pub mirror: String,
    /// Upstream path of the main description.
    pub main: String,
    /// Upstream path of the Preview description.
    pub preview: Option<String>,
}

/// Sort key of a version name: numbered versions (`2.10` → `[2, 10]`) before named ones.
fn version_order(name: &str) -> (bool, Vec<u64>, &str) {
    let numbers: Option<Vec<u64>> = name.split('.').map(|p| p.parse().ok()).collect();
    match numbers {
        Some(numbers) => (false, numbers, name),
        None => (true, Vec::new(), name),
    }
}

/// A description that was found and whose hash matched.
#[derive(Debug, Clone)]
pub struct Located {
    /// Version folder name (`2.16`, `preview`).
    pub version: String,
    /// `Intercom-Version` header value.
    pub header: String,
    /// Where the file was read from.
    pub path: PathBuf,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its sha256, lowercase hex.
    pub sha256: String,
}

/// Why a pinned file could not be used: not found anywhere and not downloadable, not the pinned
/// one, or unreadable (see [`fetch::Error`]).
pub type LocateError = fetch::Error;

/// Where [`locate`] looks, in order; see [`fetch`].
pub type SearchPlaces = fetch::Sources;

/// The usual places for a checkout at `root` (environment variables, the pin's mirror, the cache,
/// the pin's upstream URL), with `explicit` (`--spec PATH`) first when given.
pub fn places(pin: &Pin, root: &Path, explicit: Option<PathBuf>) -> SearchPlaces {
    let mut sources = fetch::Sources::from_env(root, &pin.mirror, &pin.upstream.url);
    sources.explicit = explicit;
    sources
}

/// Finds `version` in `places` (downloading it if allowed and needed) and verifies its hash
/// against `pin`.
pub fn locate(pin: &Pin, version: &str, places: &SearchPlaces) -> Result<Located, LocateError> {
    let entry = pin.version(version).map_err(LocateError::Io)?;
    let local = format!("{version}/{SPEC_FILE}");
    let found = fetch::resolve(&pin.pinned_version(version, entry, &local), places)?;
    Ok(Located {
        version: version.to_string(),
        header: entry.header.clone(),
        path: found.path,
        bytes: found.bytes,
        sha256: found.sha256,
    })
}

/// Finds the pinned upstream file `path` (a `[files."…"]` entry) like [`locate`].
pub fn locate_file(
    pin: &Pin,
    path: &str,
    places: &SearchPlaces,
) -> Result<fetch::Found, LocateError> {
    let entry = pin.files.get(path).ok_or_else(|| {
        LocateError::Io(format!(
            "`{path}` has no [files.\"{path}\"] entry in spec/intercom.toml"
        ))
    })?;
    fetch::resolve(&pin.pinned_file(path, entry), places)
}

/// The pinned description of `version` of this repository, found the usual way (for tests that
/// read the real descriptions).
#[cfg(test)]
pub(crate) fn repo_description(version: &str) -> Result<Vec<u8>, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no repository root")?;
    let pin = Pin::read(&root.join("spec/intercom.toml"))?;
    locate(&pin, version, &places(&pin, root, None))
        .map(|found| found.bytes)
        .map_err(|e| e.to_string())
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    fetch::sha256_hex(bytes)
}

#[cfg(test)]
mod tests;
