//! The pinned description: `spec/intercom.toml`, and finding a verified copy of a version.
//!
//! The descriptions are never committed. [`locate`] looks for `<version>/api.intercom.io.yaml` in
//! the places DESIGN.md lists (an explicit path, `$INTERCOM_OPENAPI_DIR`, the team mirror beside
//! the checkout), uses the first file that exists, and refuses it unless its sha256 is the one
//! recorded in the pin file. On failure the error names every place looked at and what to do.
//! [`locate_overlay`] finds the pinned overlay of the official SDKs' corrections for a version
//! the same way (at its upstream path, `fern/openapi-overrides.yml`, in the same folders): every
//! pinned file goes through [`locate_file`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// File name of a description inside its version folder.
pub const SPEC_FILE: &str = "api.intercom.io.yaml";
/// Environment variable naming a folder laid out like the mirror.
pub const ENV_DIR: &str = "INTERCOM_OPENAPI_DIR";

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
    /// The official SDKs' overlays of corrections, keyed by the version each is cross-checked
    /// against (`2.16`, `preview`).
    #[serde(default)]
    pub overlays: BTreeMap<String, FilePin>,
}

/// A pinned file of the upstream repository other than a description.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePin {
    /// Path of the file inside the upstream repository (and inside the mirror).
    pub path: String,
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
                pin.overlays
                    .iter()
                    .map(|(name, o)| (format!("overlays.\"{name}\""), &o.sha256)),
            );
        for (entry, sha256) in hashes {
            if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("{entry}.sha256 is not a sha256 hex digest"));
            }
        }
        for name in pin.overlays.keys() {
            if !pin.versions.contains_key(name) {
                return Err(format!(
                    "overlays.\"{name}\" is for a version with no [versions.\"{name}\"] entry"
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

    /// The upstream download URL of `version`.
    pub fn upstream_url(&self, version: &VersionPin) -> String {
        self.url_of(&version.path)
    }

    /// The upstream download URL of the file at `path` in the upstream repository.
    pub fn url_of(&self, path: &str) -> String {
        self.upstream
            .url
            .replace("{commit}", &self.upstream.commit)
            .replace("{path}", path)
    }
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

/// Where [`locate`] looks, in order.
#[derive(Debug, Clone, Default)]
pub struct SearchPlaces {
    /// `--spec PATH`: used alone when given.
    pub explicit: Option<PathBuf>,
    /// `$INTERCOM_OPENAPI_DIR`.
    pub env_dir: Option<PathBuf>,
    /// The repository root (the mirror path in the pin file is relative to it).
    pub root: PathBuf,
}

impl SearchPlaces {
    /// The usual places for a checkout at `root`, reading `$INTERCOM_OPENAPI_DIR` from the environment.
    pub fn from_env(root: &Path, explicit: Option<PathBuf>) -> Self {
        SearchPlaces {
            explicit,
            env_dir: std::env::var_os(ENV_DIR)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            root: root.to_path_buf(),
        }
    }
}

/// Why a description could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocateError {
    /// No candidate file exists.
    NotFound {
        /// What was asked for: the version (`2.16`), or the overlay (`overlay for 2.16`).
        version: String,
        /// The file looked for, relative to a folder laid out like the mirror
        /// (`2.16/api.intercom.io.yaml`).
        file: String,
        /// Each place looked at, with how it was chosen.
        looked: Vec<(String, PathBuf)>,
        /// Upstream URL to fetch it from.
        url: String,
    },
    /// A file exists but is not the pinned one.
    HashMismatch {
        /// The version asked for.
        version: String,
        /// The file read.
        path: PathBuf,
        /// sha256 recorded in the pin file.
        expected: String,
        /// sha256 of the file.
        actual: String,
    },
    /// A file exists but cannot be read, or the version is unknown.
    Other(String),
}

impl fmt::Display for LocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocateError::NotFound {
                version,
                file,
                looked,
                url,
            } => {
                writeln!(
                    f,
                    "cannot find the Intercom OpenAPI description {version}; looked in:"
                )?;
                for (how, path) in looked {
                    writeln!(f, "  - {} ({how}): not found", path.display())?;
                }
                write!(
                    f,
                    "fix: pass `--spec PATH`, set ${ENV_DIR} to a folder holding `{file}`, \
                     or put the mirror beside the checkout; the file is at {url}"
                )
            }
            LocateError::HashMismatch {
                version,
                path,
                expected,
                actual,
            } => write!(
                f,
                "{} is not the pinned {version} description: sha256 {actual}, expected {expected} \
                 (spec/intercom.toml); use the pinned file or update the pin deliberately",
                path.display()
            ),
            LocateError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LocateError {}

/// A pinned file to find: how it is named in messages, where it sits in a folder laid out like
/// the mirror, its path upstream and its expected hash.
#[derive(Debug, Clone)]
pub struct Wanted<'a> {
    /// What it is, for messages: `2.16`, `overlay for 2.16`.
    pub what: String,
    /// Its path relative to the mirror (or `$INTERCOM_OPENAPI_DIR`).
    pub relative: PathBuf,
    /// Its path in the upstream repository.
    pub upstream_path: &'a str,
    /// Its expected sha256.
    pub sha256: &'a str,
}

/// A pinned file that was found and whose hash matched.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its sha256, lowercase hex.
    pub sha256: String,
}

/// Finds a pinned file in `places` (an `explicit` path alone when given; else
/// `$INTERCOM_OPENAPI_DIR`, then the mirror) and verifies its hash.
pub fn locate_file(
    pin: &Pin,
    wanted: &Wanted,
    explicit: Option<&Path>,
    places: &SearchPlaces,
) -> Result<Found, LocateError> {
    let mut candidates: Vec<(String, PathBuf)> = Vec::new();
    if let Some(path) = explicit {
        candidates.push(("--spec".to_string(), path.to_path_buf()));
    } else {
        if let Some(dir) = &places.env_dir {
            candidates.push((format!("${ENV_DIR}"), dir.join(&wanted.relative)));
        }
        candidates.push((
            format!("mirror `{}` from spec/intercom.toml", pin.mirror),
            places.root.join(&pin.mirror).join(&wanted.relative),
        ));
    }
    let Some((_, path)) = candidates.iter().find(|(_, p)| p.is_file()) else {
        return Err(LocateError::NotFound {
            version: wanted.what.clone(),
            file: wanted.relative.to_string_lossy().replace('\\', "/"),
            looked: candidates,
            url: pin.url_of(wanted.upstream_path),
        });
    };
    let bytes = std::fs::read(path)
        .map_err(|e| LocateError::Other(format!("cannot read {}: {e}", path.display())))?;
    let actual = sha256_hex(&bytes);
    if !actual.eq_ignore_ascii_case(wanted.sha256) {
        return Err(LocateError::HashMismatch {
            version: wanted.what.clone(),
            path: path.clone(),
            expected: wanted.sha256.to_string(),
            actual,
        });
    }
    Ok(Found {
        path: path.clone(),
        bytes,
        sha256: actual,
    })
}

/// Finds `version` in `places` and verifies its hash against `pin`.
pub fn locate(pin: &Pin, version: &str, places: &SearchPlaces) -> Result<Located, LocateError> {
    let entry = pin.version(version).map_err(LocateError::Other)?;
    let wanted = Wanted {
        what: version.to_string(),
        relative: Path::new(version).join(SPEC_FILE),
        upstream_path: &entry.path,
        sha256: &entry.sha256,
    };
    let found = locate_file(pin, &wanted, places.explicit.as_deref(), places)?;
    Ok(Located {
        version: version.to_string(),
        header: entry.header.clone(),
        path: found.path,
        bytes: found.bytes,
        sha256: found.sha256,
    })
}

/// Finds the overlay of the official SDKs' corrections pinned for `version`, if one is, and
/// verifies its hash. It sits at its upstream path in the mirror (`fern/openapi-overrides.yml`).
pub fn locate_overlay(
    pin: &Pin,
    version: &str,
    places: &SearchPlaces,
) -> Result<Option<Found>, LocateError> {
    let Some(entry) = pin.overlays.get(version) else {
        return Ok(None);
    };
    let wanted = Wanted {
        what: format!("overlay for {version} ({})", entry.path),
        relative: PathBuf::from(&entry.path),
        upstream_path: &entry.path,
        sha256: &entry.sha256,
    };
    locate_file(pin, &wanted, None, places).map(Some)
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIN: &str = r#"
pinned = "9.9"
mirror = "mirror"
[upstream]
repository = "https://example.com/r"
commit = "abc"
url = "https://example.com/{commit}/{path}"
[versions."9.9"]
header = "9.9"
path = "descriptions/9.9/api.intercom.io.yaml"
sha256 = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
"#;

    fn temp_root(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pin-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn parses_and_builds_url() {
        let pin = Pin::parse(PIN).expect("valid pin");
        let v = pin.version("9.9").expect("listed");
        assert_eq!(
            pin.upstream_url(v),
            "https://example.com/abc/descriptions/9.9/api.intercom.io.yaml"
        );
        assert!(pin.version("1.0").unwrap_err().contains("known: 9.9"));
    }

    #[test]
    fn orders_versions_numerically_with_named_ones_last() {
        let mut text = PIN.to_string();
        for v in ["2.10", "2.7", "preview", "2.9"] {
            text.push_str(&format!(
                "[versions.\"{v}\"]\nheader = \"{v}\"\npath = \"p\"\nsha256 = \"{}\"\n",
                "0".repeat(64)
            ));
        }
        let pin = Pin::parse(&text).expect("valid pin");
        assert_eq!(
            pin.versions_oldest_first(),
            ["2.7", "2.9", "2.10", "9.9", "preview"]
        );
        assert_eq!(pin.newest(), "preview");
    }

    #[test]
    fn rejects_pin_without_entry_for_pinned_version() {
        let text = PIN.replace("pinned = \"9.9\"", "pinned = \"1.0\"");
        assert!(
            Pin::parse(&text)
                .unwrap_err()
                .contains("no [versions.\"1.0\"]")
        );
    }

    #[test]
    fn not_found_lists_every_place() {
        let pin = Pin::parse(PIN).expect("valid pin");
        let root = temp_root("nf");
        let places = SearchPlaces {
            explicit: None,
            env_dir: Some(root.join("env")),
            root: root.clone(),
        };
        let err = locate(&pin, "9.9", &places).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("env/9.9/api.intercom.io.yaml"), "{text}");
        assert!(text.contains("mirror/9.9/api.intercom.io.yaml"), "{text}");
        assert!(text.contains("https://example.com/abc/"), "{text}");
    }

    #[test]
    fn overlays_are_found_at_their_upstream_path_and_verified() {
        let text = format!(
            "{PIN}[overlays.\"9.9\"]\npath = \"fern/overrides.yml\"\nsha256 = \"{}\"\n",
            sha256_hex(b"overlay")
        );
        let pin = Pin::parse(&text).expect("valid pin");
        let root = temp_root("overlay");
        let places = SearchPlaces {
            root: root.clone(),
            ..SearchPlaces::default()
        };
        let err = locate_overlay(&pin, "9.9", &places)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mirror/fern/overrides.yml"), "{err}");
        assert!(
            err.contains("https://example.com/abc/fern/overrides.yml"),
            "{err}"
        );
        std::fs::create_dir_all(root.join("mirror/fern")).expect("mkdir");
        std::fs::write(root.join("mirror/fern/overrides.yml"), b"overlay").expect("write");
        let found = locate_overlay(&pin, "9.9", &places)
            .expect("found")
            .expect("pinned");
        assert_eq!(found.bytes, b"overlay");
        std::fs::write(root.join("mirror/fern/overrides.yml"), b"changed").expect("write");
        assert!(matches!(
            locate_overlay(&pin, "9.9", &places),
            Err(LocateError::HashMismatch { .. })
        ));
        // No overlay pinned for a version: nothing to find.
        assert!(matches!(locate_overlay(&pin, "1.0", &places), Ok(None)));
        // An overlay for an unknown version, or with a bad hash, is refused.
        let bad = text.replace("[overlays.\"9.9\"]", "[overlays.\"1.0\"]");
        assert!(Pin::parse(&bad).unwrap_err().contains("overlays.\"1.0\""));
    }

    #[test]
    fn verifies_hash() {
        let pin = Pin::parse(PIN).expect("valid pin");
        let root = temp_root("hash");
        let dir = root.join("mirror/9.9");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(SPEC_FILE), b"foo").expect("write");
        let places = SearchPlaces {
            root: root.clone(),
            ..SearchPlaces::default()
        };
        let found = locate(&pin, "9.9", &places).expect("sha256(foo) matches");
        assert_eq!(found.bytes, b"foo");
        std::fs::write(dir.join(SPEC_FILE), b"bar").expect("write");
        assert!(matches!(
            locate(&pin, "9.9", &places),
            Err(LocateError::HashMismatch { .. })
        ));
    }
}
