//! Finding a verified copy of a pinned upstream file, downloading it when needed.
//!
//! A pinned file is a path in Intercom's repository of descriptions at one commit, with the
//! sha256 recorded in `spec/intercom.toml` ([`Pinned`]). [`resolve`] looks for it, in order:
//!
//! 1. `--spec PATH` (an explicit file; used alone);
//! 2. `$INTERCOM_OPENAPI_DIR`, a folder laid out like the mirror (`2.16/api.intercom.io.yaml`,
//!    `fern/openapi-overrides.yml`);
//! 3. the team's mirror beside the checkout (`mirror` in `spec/intercom.toml`);
//! 4. the cache (`target/intercom-openapi/`, or `$INTERCOM_OPENAPI_CACHE`), which holds files by
//!    content: `<cache>/<upstream folder>/<sha256>/<file name>`, so that several pins (before and
//!    after `cargo xtask spec update`) live side by side;
//! 5. a download from the upstream URL pattern (`{commit}` and `{path}` filled in;
//!    `$INTERCOM_OPENAPI_URL` replaces the pattern, for mirrors and tests), unless
//!    `INTERCOM_OPENAPI_OFFLINE=1`. The bytes are verified before anything is written, then
//!    written to a temporary file in the cache folder and renamed into place, so a failed or
//!    corrupted download leaves nothing behind.
//!
//! Only a file whose sha256 is the pinned one is ever used. An explicit file that differs is an
//! error; a differing file in the other folders is skipped (with a note on stderr: the mirror may
//! predate a deliberate `spec update`) and named in the error if nothing else is found. Progress
//! goes to stderr. The error of a failed download names the URL and, for a hash mismatch, the
//! expected and the actual hash.
//!
//! This file is self-contained (std, `sha2`, `ureq`): the generator copies it verbatim into the
//! generated crate's tests, which find their descriptions exactly the way `cargo xtask` does.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// A folder laid out like the mirror, looked at before the mirror.
pub const ENV_DIR: &str = "INTERCOM_OPENAPI_DIR";
/// The cache folder (default: `target/intercom-openapi` in the repository).
pub const ENV_CACHE: &str = "INTERCOM_OPENAPI_CACHE";
/// Replaces the upstream URL pattern (`{commit}` and `{path}` are filled in).
pub const ENV_URL: &str = "INTERCOM_OPENAPI_URL";
/// `1` (or any value but `0` and empty) forbids downloads.
pub const ENV_OFFLINE: &str = "INTERCOM_OPENAPI_OFFLINE";
/// The cache folder, relative to the repository root, when `$INTERCOM_OPENAPI_CACHE` is unset.
pub const DEFAULT_CACHE: &str = "target/intercom-openapi";

/// One pinned file of the upstream repository.
#[derive(Debug, Clone, Copy)]
pub struct Pinned<'a> {
    /// How messages name it: `2.16`, `preview`, `fern/openapi-overrides.yml`.
    pub name: &'a str,
    /// Its path in a folder laid out like the mirror: `2.16/api.intercom.io.yaml`.
    pub local: &'a str,
    /// Its path in the upstream repository: `descriptions/2.16/api.intercom.io.yaml`.
    pub upstream: &'a str,
    /// The upstream commit it is pinned at.
    pub commit: &'a str,
    /// Its sha256, lowercase hex.
    pub sha256: &'a str,
}

/// Where [`resolve`] looks, and whether it may download.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--spec PATH`: used alone when given.
    pub explicit: Option<PathBuf>,
    /// `$INTERCOM_OPENAPI_DIR`.
    pub env_dir: Option<PathBuf>,
    /// The team's mirror, with how it was chosen (`mirror `../shared/openapi` from
    /// spec/intercom.toml`).
    pub mirror: Option<(String, PathBuf)>,
    /// The cache folder.
    pub cache: PathBuf,
    /// Upstream URL pattern with `{commit}` and `{path}`.
    pub url: String,
    /// Downloads are forbidden.
    pub offline: bool,
}

impl Sources {
    /// The usual sources of a checkout at `root`: `$INTERCOM_OPENAPI_DIR`, the mirror at
    /// `root/mirror`, the cache (`$INTERCOM_OPENAPI_CACHE` or `root/target/intercom-openapi`),
    /// downloads from `$INTERCOM_OPENAPI_URL` or `url`, unless `$INTERCOM_OPENAPI_OFFLINE`.
    pub fn from_env(root: &Path, mirror: &str, url: &str) -> Sources {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Sources {
            explicit: None,
            env_dir: var(ENV_DIR).map(PathBuf::from),
            mirror: Some((
                format!("mirror `{mirror}` from spec/intercom.toml"),
                root.join(mirror),
            )),
            cache: var(ENV_CACHE)
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join(DEFAULT_CACHE)),
            url: var(ENV_URL)
                .and_then(|v| v.into_string().ok())
                .unwrap_or_else(|| url.to_string()),
            offline: var(ENV_OFFLINE).is_some_and(|v| v != "0"),
        }
    }

    /// The download URL of `file`.
    pub fn url_of(&self, file: &Pinned) -> String {
        fill(&self.url, file.commit, file.upstream)
    }
}

/// `pattern` with `{commit}` and `{path}` filled in.
pub fn fill(pattern: &str, commit: &str, path: &str) -> String {
    pattern.replace("{commit}", commit).replace("{path}", path)
}

/// A verified file.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where it was read from (or written to, after a download).
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its sha256, lowercase hex.
    pub sha256: String,
    /// It was downloaded just now.
    pub downloaded: bool,
}

/// Why no verified copy could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Nowhere to be found, and no download was allowed or it failed.
    Unavailable {
        /// The file's name.
        name: String,
        /// Each place looked at, how it was chosen, and what was wrong with it.
        looked: Vec<Looked>,
        /// The download URL.
        url: String,
        /// Why it was not downloaded: offline, or the download's error.
        download: String,
    },
    /// The explicit file, or a download, is not the pinned one.
    Mismatch {
        /// The file's name.
        name: String,
        /// The file or URL read.
        source: String,
        /// The pinned sha256.
        expected: String,
        /// The sha256 of what was read.
        actual: String,
    },
    /// A file could not be read or written.
    Io(String),
}

/// One place [`resolve`] looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Looked {
    /// How the place was chosen (`$INTERCOM_OPENAPI_DIR`, `cache`).
    pub how: String,
    /// The file looked for.
    pub path: PathBuf,
    /// `not found`, or `sha256 …, not the pinned one`.
    pub outcome: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unavailable {
                name,
                looked,
                url,
                download,
            } => {
                writeln!(
                    f,
                    "cannot find the Intercom OpenAPI file {name}; looked in:"
                )?;
                for l in looked {
                    writeln!(f, "  - {} ({}): {}", l.path.display(), l.how, l.outcome)?;
                }
                writeln!(f, "  - {url}: {download}")?;
                write!(
                    f,
                    "fix: run `cargo xtask spec fetch` where the network is reachable (or unset \
                     {ENV_OFFLINE}), set ${ENV_DIR} to a folder laid out like the mirror, or pass \
                     `--spec PATH`"
                )
            }
            Error::Mismatch {
                name,
                source,
                expected,
                actual,
            } => write!(
                f,
                "{source} is not the pinned {name}: sha256 {actual}, expected {expected} \
                 (spec/intercom.toml); use the pinned file, or update the pin deliberately with \
                 `cargo xtask spec update`"
            ),
            Error::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// Finds a verified copy of `file` (see the module docs for the order).
pub fn resolve(file: &Pinned, sources: &Sources) -> Result<Found, Error> {
    let expected = file.sha256.to_ascii_lowercase();
    if let Some(path) = &sources.explicit {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Io(format!("cannot read {} (--spec): {e}", path.display())))?;
        let actual = sha256_hex(&bytes);
        if actual != expected {
            return Err(Error::Mismatch {
                name: file.name.to_string(),
                source: path.display().to_string(),
                expected,
                actual,
            });
        }
        return Ok(found(path.clone(), bytes, actual, false));
    }
    let mut places: Vec<(String, PathBuf)> = Vec::new();
    if let Some(dir) = &sources.env_dir {
        places.push((format!("${ENV_DIR}"), dir.join(file.local)));
    }
    if let Some((how, dir)) = &sources.mirror {
        places.push((how.clone(), dir.join(file.local)));
    }
    let cached = cache_path(&sources.cache, file.upstream, &expected);
    places.push(("cache".to_string(), cached.clone()));
    let mut looked = Vec::new();
    for (how, path) in places {
        let outcome = match std::fs::read(&path) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual == expected {
                    return Ok(found(path, bytes, actual, false));
                }
                eprintln!(
                    "note: {} ({how}) has sha256 {actual}, not the pinned {expected} of {}; skipped",
                    path.display(),
                    file.name
                );
                format!("sha256 {actual}, not the pinned one")
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "not found".to_string(),
            Err(e) => format!("cannot read: {e}"),
        };
        looked.push(Looked { how, path, outcome });
    }
    let url = sources.url_of(file);
    let unavailable = |download: String| Error::Unavailable {
        name: file.name.to_string(),
        looked: looked.clone(),
        url: url.clone(),
        download,
    };
    if sources.offline {
        return Err(unavailable(format!(
            "not downloaded: {ENV_OFFLINE} forbids downloads"
        )));
    }
    let bytes = match download(&url, file.name) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(unavailable("not found (HTTP 404)".to_string())),
        Err(e) => return Err(unavailable(e)),
    };
    let actual = sha256_hex(&bytes);
    if actual != expected {
        return Err(Error::Mismatch {
            name: file.name.to_string(),
            source: url,
            expected,
            actual,
        });
    }
    let path = store(&sources.cache, file.upstream, &bytes).map_err(Error::Io)?;
    eprintln!("  verified sha256 {actual}; cached as {}", path.display());
    Ok(found(path, bytes, actual, true))
}

fn found(path: PathBuf, bytes: Vec<u8>, sha256: String, downloaded: bool) -> Found {
    Found {
        path,
        bytes,
        sha256,
        downloaded,
    }
}

/// Where the cache keeps the file at `upstream` whose sha256 is `sha256`:
/// `<cache>/descriptions/2.16/<sha256>/api.intercom.io.yaml`.
pub fn cache_path(cache: &Path, upstream: &str, sha256: &str) -> PathBuf {
    let (folder, name) = upstream.rsplit_once('/').unwrap_or(("", upstream));
    let mut path = cache.to_path_buf();
    for part in folder.split('/').filter(|p| !p.is_empty() && *p != "..") {
        path.push(part);
    }
    path.join(sha256).join(name)
}

/// Writes `bytes` into the cache under their sha256, atomically (a temporary file in the same
/// folder, renamed into place); returns the path.
pub fn store(cache: &Path, upstream: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let path = cache_path(cache, upstream, &sha256_hex(bytes));
    let dir = path.parent().unwrap_or(cache);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if std::fs::read(&path).is_ok_and(|existing| existing == bytes) {
        return Ok(path);
    }
    static COUNTER: Mutex<u64> = Mutex::new(0);
    let n = {
        let mut counter = COUNTER.lock().unwrap_or_else(|e| e.into_inner());
        *counter += 1;
        *counter
    };
    let temp = dir.join(format!(".download-{}-{n}", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, &path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })?;
    Ok(path)
}

/// Hosts whose download failed for a reason other than an HTTP status, in this process: later
/// downloads from them fail at once with the same reason instead of waiting for the network again.
static UNREACHABLE: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// `http://host:port` of a URL.
fn origin(url: &str) -> &str {
    let rest = url.find("://").map_or(0, |i| i + 3);
    url[rest..].find('/').map_or(url, |i| &url[..rest + i])
}

/// GETs `url` (`name` for the progress line on stderr). `Ok(None)` on 404; an error names the
/// URL.
pub fn download(url: &str, name: &str) -> Result<Option<Vec<u8>>, String> {
    get(url, name, None)
}

/// GETs `url` with an `Accept` header; see [`download`].
pub fn get(url: &str, name: &str, accept: Option<&str>) -> Result<Option<Vec<u8>>, String> {
    let host = origin(url).to_string();
    if let Some((_, reason)) = UNREACHABLE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(h, _)| *h == host)
    {
        return Err(format!(
            "{url}: not tried, an earlier download from {host} failed: {reason}"
        ));
    }
    eprintln!("downloading {name} from {url} …");
    let start = Instant::now();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_global(Some(Duration::from_secs(300)))
        .http_status_as_error(false)
        .user_agent(concat!(
            "intercom-api-maintainers/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    let mut response = match request.call() {
        Ok(r) => r,
        Err(e) => {
            let reason = e.to_string();
            UNREACHABLE
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((host, reason.clone()));
            return Err(format!("{url}: {reason}"));
        }
    };
    let status = response.status().as_u16();
    if status == 404 {
        eprintln!("  {url}: HTTP 404");
        return Ok(None);
    }
    if status != 200 {
        return Err(format!("{url}: HTTP {status}"));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_vec()
        .map_err(|e| format!("{url}: reading the body: {e}"))?;
    eprintln!(
        "  {} KiB in {} ms",
        bytes.len().div_ceil(1024),
        start.elapsed().as_millis()
    );
    Ok(Some(bytes))
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
