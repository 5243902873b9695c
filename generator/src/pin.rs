//! The pinned description: `spec/intercom.toml`, and finding a verified copy of a version.
//!
//! The descriptions are never committed. [`locate`] looks for `<version>/api.intercom.io.yaml` in
//! the places DESIGN.md lists (an explicit path, `$INTERCOM_OPENAPI_DIR`, the team mirror beside
//! the checkout), uses the first file that exists, and refuses it unless its sha256 is the one
//! recorded in the pin file. On failure the error names every place looked at and what to do.

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
        for (name, v) in &pin.versions {
            if v.sha256.len() != 64 || !v.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "versions.\"{name}\".sha256 is not a sha256 hex digest"
                ));
            }
        }
        Ok(pin)
    }

    /// The entry for `version`, or an error listing the known ones.
    pub fn version(&self, version: &str) -> Result<&VersionPin, String> {
        self.versions.get(version).ok_or_else(|| {
            let known: Vec<&str> = self.versions.keys().map(String::as_str).collect();
            format!(
                "unknown spec version `{version}`; known: {}",
                known.join(", ")
            )
        })
    }

    /// Every known version, oldest first: numbered ones by their numbers (`2.7` before `2.10`),
    /// then the others (`preview`) by name.
    pub fn ordered_versions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.versions.keys().map(String::as_str).collect();
        out.sort_by_key(|v| version_order(v));
        out
    }

    /// The upstream download URL of `version`.
    pub fn upstream_url(&self, version: &VersionPin) -> String {
        self.upstream
            .url
            .replace("{commit}", &self.upstream.commit)
            .replace("{path}", &version.path)
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
        /// The version asked for.
        version: String,
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
                    "fix: pass `--spec PATH`, set ${ENV_DIR} to a folder holding `{version}/{SPEC_FILE}`, \
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

/// Finds `version` in `places` and verifies its hash against `pin`.
pub fn locate(pin: &Pin, version: &str, places: &SearchPlaces) -> Result<Located, LocateError> {
    let entry = pin.version(version).map_err(LocateError::Other)?;
    let mut candidates: Vec<(String, PathBuf)> = Vec::new();
    if let Some(path) = &places.explicit {
        candidates.push(("--spec".to_string(), path.clone()));
    } else {
        if let Some(dir) = &places.env_dir {
            candidates.push((format!("${ENV_DIR}"), dir.join(version).join(SPEC_FILE)));
        }
        candidates.push((
            format!("mirror `{}` from spec/intercom.toml", pin.mirror),
            places.root.join(&pin.mirror).join(version).join(SPEC_FILE),
        ));
    }
    let Some((_, path)) = candidates.iter().find(|(_, p)| p.is_file()) else {
        return Err(LocateError::NotFound {
            version: version.to_string(),
            looked: candidates,
            url: pin.upstream_url(entry),
        });
    };
    let bytes = std::fs::read(path)
        .map_err(|e| LocateError::Other(format!("cannot read {}: {e}", path.display())))?;
    let actual = sha256_hex(&bytes);
    if !actual.eq_ignore_ascii_case(&entry.sha256) {
        return Err(LocateError::HashMismatch {
            version: version.to_string(),
            path: path.clone(),
            expected: entry.sha256.clone(),
            actual,
        });
    }
    Ok(Located {
        version: version.to_string(),
        header: entry.header.clone(),
        path: path.clone(),
        bytes,
        sha256: actual,
    })
}

/// Sort key of a version name: numbered versions first, by their dot-separated numbers.
fn version_order(version: &str) -> (bool, Vec<u64>, &str) {
    let numbers: Option<Vec<u64>> = version.split('.').map(|p| p.parse().ok()).collect();
    match numbers {
        Some(numbers) => (false, numbers, version),
        None => (true, Vec::new(), version),
    }
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
    fn orders_versions_by_number_then_name() {
        let mut text = PIN.to_string();
        for v in ["2.10", "preview", "2.7", "10.0"] {
            text.push_str(&format!(
                "[versions.\"{v}\"]\nheader = \"{v}\"\npath = \"p\"\nsha256 = \"{}\"\n",
                "0".repeat(64)
            ));
        }
        let pin = Pin::parse(&text).expect("valid pin");
        assert_eq!(
            pin.ordered_versions(),
            ["2.7", "2.10", "9.9", "10.0", "preview"]
        );
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
