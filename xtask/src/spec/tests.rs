//! The maintainer workflow end to end against a loopback server laid out like upstream: the
//! pinned commit (8889625, the files as found by the usual resolution: mirror, cache or
//! download) and the older commit d04d479 (`../shared/openapi-upstream/`, or when that snapshot
//! is absent, the same files edited in place, which is what happened upstream).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use intercom_codegen::fetch::{self, Pinned};
use intercom_codegen::pin::{self, Pin, SearchPlaces};

use super::{Status, entries, resolve};
use crate::codegen::{self, repo_root};
use crate::diff::{self, FailOn};
use crate::lowering::Sources;
use crate::test_server::Server;

/// The older upstream commit of `../shared/openapi-upstream/`.
const OLD: &str = "d04d4798a68a8b77aabdf7d117d71865b72ed571";

/// The served folder: `<commit>/<upstream path>` for both commits, plus a commit `corrupted`
/// whose 2.16 has one byte changed.
struct Served {
    dir: PathBuf,
    pin: Pin,
    /// The d04d479 hash of each version.
    old_hashes: Vec<(String, String)>,
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-spec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn put(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let root = repo_root();
        let pin = Pin::read(&root.join("spec/intercom.toml")).unwrap_or_else(|e| panic!("{e}"));
        let places = pin::places(&pin, &root, None);
        let dir = temp("served");
        let snapshot = root.join(&pin.mirror).join("../openapi-upstream").join(OLD);
        let mut old_hashes = Vec::new();
        for entry in entries(&pin) {
            let found = resolve(&pin, &entry, &places).unwrap_or_else(|e| panic!("{e}"));
            let new = &found.bytes;
            put(&dir.join(&pin.upstream.commit).join(&entry.path), new);
            let old = match std::fs::read(snapshot.join(&entry.path)) {
                Ok(old) => old,
                // Fern's overlays are not in the snapshot: unchanged; without the snapshot, the
                // descriptions as if edited in place.
                Err(_) if entry.version.is_none() => new.clone(),
                Err(_) => [new.as_slice(), b"\n# edited in place upstream\n"].concat(),
            };
            put(&dir.join(OLD).join(&entry.path), &old);
            if let Some(v) = &entry.version {
                old_hashes.push((v.clone(), fetch::sha256_hex(&old)));
            }
            if entry.version.as_deref() == Some("2.16") {
                let mut corrupted = new.clone();
                corrupted[100] ^= 1;
                put(&dir.join("corrupted").join(&entry.path), &corrupted);
            }
        }
        Served {
            dir,
            pin,
            old_hashes,
        }
    })
}

/// A checkout at `root` without any mirror: `spec/` written from `pin_text`, `templates/` and
/// `generated/` linked to this repository's.
fn checkout(root: &Path, pin_text: &str) {
    let repo = repo_root();
    put(&root.join("spec/intercom.toml"), pin_text.as_bytes());
    let overrides = std::fs::read(repo.join("spec/overrides.yaml")).expect("overrides");
    put(&root.join("spec/overrides.yaml"), &overrides);
    for dir in ["templates", "generated"] {
        std::os::unix::fs::symlink(repo.join(dir), root.join(dir)).expect("symlink");
    }
}

/// Places of a fresh machine: no mirror, an empty cache under `root`, downloads from `server`.
fn fresh_places(root: &Path, server: &Server) -> SearchPlaces {
    SearchPlaces {
        explicit: None,
        env_dir: None,
        mirror: Some(("mirror".into(), root.join("no-mirror-here"))),
        cache: root.join("cache"),
        url: server.url_pattern(),
        offline: false,
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_fresh_clone_without_mirror_checks_codegen_through_downloads() {
    let s = served();
    let server = Server::start(&s.dir, &[]);
    let root = temp("fresh");
    let text = std::fs::read_to_string(repo_root().join("spec/intercom.toml")).expect("pin");
    checkout(&root, &text);
    let mut sources = Sources::read(&root, None).unwrap_or_else(|e| panic!("{e}"));
    sources.places = fresh_places(&root, &server);
    let start = Instant::now();
    codegen::run_with(
        &root,
        &sources,
        &codegen::Options {
            check: true,
            ..codegen::Options::default()
        },
        start,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let commit = &s.pin.upstream.commit;
    for v in ["2.16", "0"] {
        let path = format!("/{commit}/descriptions/{v}/api.intercom.io.yaml");
        assert_eq!(server.hits(&path), 1, "{path}");
    }
    // The official SDKs' overlays the cross-check reads come the same way.
    for overlay in s.pin.overlays.values() {
        let path = format!("/{commit}/{overlay}");
        assert_eq!(server.hits(&path), 1, "{path}");
    }
    // Verified copies are in the cache by content; nothing half-written is left.
    let cached = files_under(&root.join("cache"));
    assert_eq!(cached.len(), 4, "{cached:?}");
    for version in ["2.16", "preview"] {
        let entry = &s.pin.versions[version];
        let path = fetch::cache_path(&root.join("cache"), &entry.path, &entry.sha256);
        assert!(cached.contains(&path), "{path:?} in {cached:?}");
    }
    for overlay in s.pin.overlays.values() {
        let sha256 = &s.pin.files[overlay].sha256;
        let path = fetch::cache_path(&root.join("cache"), overlay, sha256);
        assert!(cached.contains(&path), "{path:?} in {cached:?}");
    }
    // The next run finds them there.
    let found = pin::locate(&sources.pin, "2.16", &sources.places).expect("cached");
    assert!(found.path.starts_with(root.join("cache")));
    assert_eq!(server.hits("/"), 4);
}

#[test]
fn spec_update_from_d04d479_to_8889625_records_todays_hashes() {
    let s = served();
    let server = Server::start(&s.dir, &[("main", &s.pin.upstream.commit)]);
    let root = temp("update");
    let today = std::fs::read_to_string(repo_root().join("spec/intercom.toml")).expect("pin");
    let refs_line = format!(
        "refs = \"{}\"",
        s.pin.upstream.refs.as_deref().expect("refs")
    );
    let ours = format!("refs = \"{}\"", server.refs_pattern());
    // The pin as it was at d04d479.
    let mut old = today
        .replace(&s.pin.upstream.commit, OLD)
        .replace(&refs_line, &ours);
    for (v, hash) in &s.old_hashes {
        old = old.replace(&s.pin.versions[v].sha256, hash);
    }
    checkout(&root, &old);
    let mut sources = Sources::read(&root, None).unwrap_or_else(|e| panic!("{e}"));
    sources.places = fresh_places(&root, &server);
    let outcome = super::update::run(
        &root,
        &sources,
        &super::update::Options {
            commit: "main".into(),
            ..super::update::Options::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.commit, s.pin.upstream.commit);
    let status = |st: Status| {
        outcome
            .compared
            .iter()
            .filter(|c| c.status == st)
            .map(|c| c.entry.name().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(status(Status::Changed).len(), 11, "{:?}", outcome.compared);
    assert_eq!(
        status(Status::Unchanged),
        [
            "fern/openapi-overrides.yml",
            "fern/preview-openapi-overrides.yml"
        ]
    );
    let written = std::fs::read_to_string(root.join("spec/intercom.toml")).expect("pin");
    assert_eq!(written.replace(&ours, &refs_line), today);
    // Old and new descriptions are both in the cache, side by side, for codegen and the report.
    let cached = files_under(&root.join("cache"));
    // 11 descriptions and 2 overlays at 8889625, and 2.16 at d04d479 for the drift report.
    assert_eq!(cached.len(), 14, "{cached:?}");
}

#[test]
fn a_corrupted_download_is_refused_and_leaves_nothing_behind() {
    let s = served();
    let server = Server::start(&s.dir, &[]);
    let root = temp("corrupt");
    let places = fresh_places(&root, &server);
    let entry = &s.pin.versions["2.16"];
    let file = Pinned {
        name: "2.16",
        local: "2.16/api.intercom.io.yaml",
        upstream: &entry.path,
        commit: "corrupted",
        sha256: &entry.sha256,
    };
    let err = fetch::resolve(&file, &places).unwrap_err();
    let url = format!("{}/corrupted/{}", server.base, entry.path);
    match &err {
        fetch::Error::Mismatch {
            source,
            expected,
            actual,
            ..
        } => {
            assert_eq!(source, &url);
            assert_eq!(expected, &entry.sha256);
            assert_ne!(actual, &entry.sha256);
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains(&url) && text.contains(&entry.sha256),
        "{text}"
    );
    assert!(files_under(&places.cache).is_empty());
    // A corrupted copy in the cache is not used either: the pinned file is downloaded again.
    let cached = fetch::cache_path(&places.cache, &entry.path, &entry.sha256);
    put(&cached, b"not the description");
    let good = Pinned {
        commit: &s.pin.upstream.commit,
        ..file
    };
    let found = fetch::resolve(&good, &places).unwrap_or_else(|e| panic!("{e}"));
    assert!(found.downloaded);
    assert_eq!(found.path, cached);
    assert_eq!(
        fetch::sha256_hex(&std::fs::read(&cached).expect("read")),
        entry.sha256
    );
    assert_eq!(files_under(&places.cache), [cached]);
}

#[test]
fn offline_mode_refuses_to_download() {
    let s = served();
    let server = Server::start(&s.dir, &[]);
    let root = temp("offline");
    let places = SearchPlaces {
        offline: true,
        ..fresh_places(&root, &server)
    };
    let err = pin::locate(&s.pin, "2.16", &places)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not downloaded: INTERCOM_OPENAPI_OFFLINE forbids downloads"),
        "{err}"
    );
    assert!(
        err.contains("no-mirror-here/2.16/api.intercom.io.yaml (mirror): not found"),
        "{err}"
    );
    assert_eq!(server.hits("/"), 0);
}

/// 2.16 edited: `GET /admins/{admin_id}` removed, `tag.name` a number, `conversation.state`
/// without `snoozed`, `GET /widgets` added.
fn edited_2_16(dir: &Path) -> PathBuf {
    use serde_yaml::Value;
    let sources = Sources::read(&repo_root(), None).unwrap_or_else(|e| panic!("{e}"));
    let bytes = pin::locate(&sources.pin, "2.16", &sources.places)
        .unwrap_or_else(|e| panic!("{e}"))
        .bytes;
    let mut spec: Value = serde_yaml::from_slice(&bytes).expect("YAML");
    let paths = spec["paths"].as_mapping_mut().expect("paths");
    paths
        .get_mut("/admins/{admin_id}")
        .and_then(Value::as_mapping_mut)
        .expect("/admins/{admin_id}")
        .remove("get")
        .expect("GET /admins/{admin_id}");
    let widgets: Value = serde_yaml::from_str(
        "get:\n  operationId: listWidgets\n  summary: List widgets\n  tags: [Tags]\n  \
         responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          \
         schema:\n            $ref: '#/components/schemas/tag'\n",
    )
    .expect("YAML");
    paths.insert("/widgets".into(), widgets);
    let schemas = &mut spec["components"]["schemas"];
    schemas["tag"]["properties"]["name"]["type"] = "integer".into();
    let state = schemas["conversation"]["properties"]["state"]["enum"]
        .as_sequence_mut()
        .expect("enum");
    state.retain(|v| v.as_str() != Some("snoozed"));
    let path = dir.join("edited.yaml");
    put(
        &path,
        serde_yaml::to_string(&spec).expect("YAML").as_bytes(),
    );
    path
}

#[test]
fn diff_to_spec_marks_each_edit_and_fails_on_breaking() {
    let root = repo_root();
    let dir = temp("diff");
    let edited = edited_2_16(&dir);
    let sources = Sources::read(&root, None).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.join("report.md");
    let status = diff::run_with(
        &root,
        &sources,
        &diff::Options {
            to_spec: Some(edited.clone()),
            out: Some(out.clone()),
            fail_on: Some(FailOn::Breaking),
            ..diff::Options::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status, diff::EXIT_BREAKING);
    let report = std::fs::read_to_string(&out).expect("report");
    let label = edited.display().to_string();
    for line in [
        format!(
            "2.16 → {label}: +1 operations, -1, 0 changed; +0 types, -0, 2 changed; 3 breaking changes; semver: breaking (intercom-api 0.1.0 → 0.2.0)"
        ),
        "- `GET /admins/{admin_id}`: operation removed (`client.admins().get(..)`)".into(),
        "- `Tag` `name`: type `Option<String>` → `Option<i64>`".into(),
        "- `ConversationState` `snoozed`: value removed (variant `Snoozed`; the value now decodes as `Unknown`)".into(),
        "- `GET /widgets`: `client.tags().list_widgets()`".into(),
    ] {
        assert!(report.contains(&line), "missing {line:?} in:\n{report}");
    }
}

#[test]
fn spec_update_from_a_checkout_reveals_and_adds_new_versions() {
    let s = served();
    let root = temp("update-dir");
    let commit = &s.pin.upstream.commit;
    // A checkout of upstream at the pinned commit with a new folder 2.17 (2.16's text).
    let checkout_dir = root.join("upstream");
    for entry in entries(&s.pin) {
        let from = s.dir.join(commit).join(&entry.path);
        put(
            &checkout_dir.join(&entry.path),
            &std::fs::read(&from).expect("served"),
        );
    }
    let v216 = std::fs::read(checkout_dir.join(&s.pin.versions["2.16"].path)).expect("2.16");
    put(
        &checkout_dir.join("descriptions/2.17/api.intercom.io.yaml"),
        &v216,
    );
    let today = std::fs::read_to_string(repo_root().join("spec/intercom.toml")).expect("pin");
    checkout(&root, &today);
    let server = Server::start(&s.dir, &[]);
    let mut sources = Sources::read(&root, None).unwrap_or_else(|e| panic!("{e}"));
    sources.places = fresh_places(&root, &server);
    let update = |add: Vec<String>, pin: Option<String>| {
        super::update::run(
            &root,
            &sources,
            &super::update::Options {
                commit: commit.clone(),
                dir: Some(checkout_dir.clone()),
                add_versions: add,
                pin,
            },
        )
    };
    // Without --add-version the new folder is only reported, and the pin stays as it was.
    let outcome = update(Vec::new(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.unpinned_folders, ["2.17"]);
    assert_eq!(outcome.breaking, 0);
    assert!(
        outcome
            .compared
            .iter()
            .all(|c| c.status == Status::Unchanged)
    );
    let after = std::fs::read_to_string(root.join("spec/intercom.toml")).expect("pin");
    assert_eq!(after, today);
    // --pin needs the version pinned.
    let err = update(Vec::new(), Some("2.17".into())).unwrap_err();
    assert!(err.contains("--add-version 2.17"), "{err}");
    let outcome =
        update(vec!["2.17".into()], Some("2.17".into())).unwrap_or_else(|e| panic!("{e}"));
    assert!(outcome.unpinned_folders.is_empty());
    let new = outcome.compared.last().expect("2.17");
    assert_eq!((new.entry.name(), new.status), ("2.17", Status::New));
    let pin = Pin::read(&root.join("spec/intercom.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pin.pinned, "2.17");
    assert_eq!(pin.versions["2.17"].sha256, s.pin.versions["2.16"].sha256);
    assert_eq!(
        pin.versions["2.17"].path,
        "descriptions/2.17/api.intercom.io.yaml"
    );
    assert_eq!(server.hits("/"), 0, "a checkout needs no downloads");
}

#[test]
fn spec_outdated_reports_changed_hashes_and_fails_on_breaking_drift() {
    let s = served();
    let server = Server::start(&s.dir, &[("main", &s.pin.upstream.commit)]);
    let root = temp("outdated");
    let today = std::fs::read_to_string(repo_root().join("spec/intercom.toml")).expect("pin");
    let refs_line = format!(
        "refs = \"{}\"",
        s.pin.upstream.refs.as_deref().expect("refs")
    );
    // Pinned at d04d479; upstream `main` is 8889625.
    let mut old = today
        .replace(&s.pin.upstream.commit, OLD)
        .replace(&refs_line, &format!("refs = \"{}\"", server.refs_pattern()));
    for (v, hash) in &s.old_hashes {
        old = old.replace(&s.pin.versions[v].sha256, hash);
    }
    checkout(&root, &old);
    let mut sources = Sources::read(&root, None).unwrap_or_else(|e| panic!("{e}"));
    sources.places = fresh_places(&root, &server);
    let options = super::outdated::Options {
        reference: "main".into(),
        dir: None,
        fail_on: None,
    };
    assert_eq!(super::outdated::run(&root, &sources, &options), Ok(0));
    // 2.16's drift d04d479 → 8889625 is additive only: `--fail-on breaking` passes.
    let failing = super::outdated::Options {
        fail_on: Some(FailOn::Breaking),
        reference: "main".into(),
        dir: None,
    };
    assert_eq!(super::outdated::run(&root, &sources, &failing), Ok(0));
    // 2.17 was looked for and is not there.
    assert_eq!(
        server.hits(&format!("/{}/descriptions/2.17/", s.pin.upstream.commit)),
        2
    );
    // Nothing was changed.
    let after = std::fs::read_to_string(root.join("spec/intercom.toml")).expect("pin");
    assert_eq!(after, old);
    // Up to date with itself.
    let server_old = Server::start(&s.dir, &[("main", OLD)]);
    sources.places.url = server_old.url_pattern();
    let pinned_now = super::outdated::Options {
        reference: OLD.into(),
        ..options
    };
    assert_eq!(super::outdated::run(&root, &sources, &pinned_now), Ok(0));
    assert_eq!(server_old.hits("/"), 0);
}
