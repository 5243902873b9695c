//! Reading Intercom's repository of descriptions at any commit: over HTTP (the pin's raw-file URL
//! pattern, or `$INTERCOM_OPENAPI_URL`), or from a local checkout (`--dir`): a git clone, whose
//! files are read at the commit asked for, or a plain folder laid out like the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use intercom_codegen::fetch;

/// Where the upstream repository is read from.
#[derive(Debug, Clone)]
pub enum Upstream {
    /// Raw files over HTTP.
    Http {
        /// Raw-file URL pattern with `{commit}` and `{path}`.
        url: String,
        /// URL pattern with `{ref}` answering a commit sha (see `Upstream::refs` in the pin).
        refs: Option<String>,
    },
    /// A git clone of the repository.
    Git(PathBuf),
    /// A folder laid out like the repository at one commit.
    Folder(PathBuf),
}

/// Is `s` a full commit sha?
pub fn is_sha(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Upstream {
    /// A checkout at `dir` (git clone or plain folder), or HTTP with `url` and `refs`.
    pub fn new(dir: Option<&Path>, url: &str, refs: Option<&str>) -> Result<Upstream, String> {
        let Some(dir) = dir else {
            return Ok(Upstream::Http {
                url: url.to_string(),
                refs: refs.map(str::to_string),
            });
        };
        if !dir.is_dir() {
            return Err(format!("--dir {}: not a folder", dir.display()));
        }
        let git = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--is-inside-work-tree"])
            .output()
            .is_ok_and(|o| o.status.success());
        Ok(if git {
            Upstream::Git(dir.to_path_buf())
        } else {
            Upstream::Folder(dir.to_path_buf())
        })
    }

    /// The full commit sha `reference` (a sha, branch or tag) names.
    pub fn resolve(&self, reference: &str) -> Result<String, String> {
        match self {
            Upstream::Git(dir) => {
                let out = git(
                    dir,
                    &["rev-parse", "--verify", &format!("{reference}^{{commit}}")],
                )?;
                let sha = String::from_utf8_lossy(&out).trim().to_string();
                if is_sha(&sha) {
                    Ok(sha)
                } else {
                    Err(format!("git rev-parse {reference} answered `{sha}`"))
                }
            }
            _ if is_sha(reference) => Ok(reference.to_ascii_lowercase()),
            Upstream::Folder(dir) => Err(format!(
                "{} is not a git clone: give the full commit sha its files are at, not `{reference}`",
                dir.display()
            )),
            Upstream::Http { refs: None, .. } => Err(format!(
                "`{reference}` is not a full commit sha and spec/intercom.toml has no \
                 `upstream.refs` URL to resolve it with"
            )),
            Upstream::Http {
                refs: Some(pattern),
                ..
            } => {
                let url = pattern.replace("{ref}", reference);
                let body = fetch::get(
                    &url,
                    &format!("the commit of `{reference}`"),
                    Some("application/vnd.github.sha"),
                )?
                .ok_or_else(|| format!("{url}: no such branch, tag or commit `{reference}`"))?;
                let sha = String::from_utf8_lossy(&body).trim().to_ascii_lowercase();
                if is_sha(&sha) {
                    Ok(sha)
                } else {
                    Err(format!("{url} did not answer a commit sha"))
                }
            }
        }
    }

    /// The file at `path` at `commit`; `None` when it does not exist there.
    pub fn read(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
        match self {
            Upstream::Http { url, .. } => fetch::download(&fetch::fill(url, commit, path), path),
            Upstream::Git(dir) => {
                let exists = Command::new("git")
                    .arg("-C")
                    .arg(dir)
                    .args(["cat-file", "-e", &format!("{commit}:{path}")])
                    .output()
                    .map_err(|e| format!("cannot run git: {e}"))?;
                if !exists.status.success() {
                    return Ok(None);
                }
                git(dir, &["show", &format!("{commit}:{path}")]).map(Some)
            }
            Upstream::Folder(dir) => match std::fs::read(dir.join(path)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(format!("cannot read {}: {e}", dir.join(path).display())),
            },
        }
    }

    /// The version folders under `descriptions/` at `commit`, when the source can list them
    /// (a checkout can; raw files over HTTP cannot).
    pub fn version_folders(&self, commit: &str) -> Result<Option<Vec<String>>, String> {
        let mut names = match self {
            Upstream::Http { .. } => return Ok(None),
            Upstream::Git(dir) => {
                let out = git(dir, &["ls-tree", "--name-only", commit, "descriptions/"])?;
                String::from_utf8_lossy(&out)
                    .lines()
                    .filter_map(|l| l.strip_prefix("descriptions/"))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            }
            Upstream::Folder(dir) => {
                let folder = dir.join("descriptions");
                std::fs::read_dir(&folder)
                    .map_err(|e| format!("cannot list {}: {e}", folder.display()))?
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            }
        };
        names.sort();
        Ok(Some(names))
    }

    /// How the source is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Upstream::Http { url, .. } => url.clone(),
            Upstream::Git(dir) => format!("the git clone {}", dir.display()),
            Upstream::Folder(dir) => format!("the folder {}", dir.display()),
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} in {}: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The upstream path of the description in version folder `folder`.
pub fn description_path(folder: &str) -> String {
    format!("descriptions/{folder}/{}", intercom_codegen::pin::SPEC_FILE)
}
