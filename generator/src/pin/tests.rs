//! Unit tests of `crate::pin`.

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
fn overlays_are_files_by_role() {
    let text = format!(
        "{PIN}[files.\"fern/o.yml\"]\nsha256 = \"{}\"\n[overlays]\npinned = \"fern/o.yml\"\n",
        "0".repeat(64)
    );
    let pin = Pin::parse(&text).expect("valid pin");
    assert_eq!(pin.overlay_role("9.9"), Some("pinned"));
    assert_eq!(pin.overlay_for("9.9"), Some("fern/o.yml"));
    assert_eq!(pin.overlay_for("1.0"), None);
    let unknown = text.replace("pinned = \"fern/o.yml\"", "pinned = \"fern/x.yml\"");
    assert!(
        Pin::parse(&unknown)
            .unwrap_err()
            .contains("no [files.\"fern/x.yml\"]")
    );
    let role = text.replace("pinned = \"fern", "latest = \"fern");
    assert!(
        Pin::parse(&role)
            .unwrap_err()
            .contains("roles are pinned, preview")
    );
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

/// Places under `root`: `env/` as `$INTERCOM_OPENAPI_DIR`, `mirror/`, `cache/`; offline.
fn offline_places(root: &Path) -> SearchPlaces {
    SearchPlaces {
        explicit: None,
        env_dir: Some(root.join("env")),
        mirror: Some(("mirror".into(), root.join("mirror"))),
        cache: root.join("cache"),
        url: "https://example.com/{commit}/{path}".into(),
        offline: true,
    }
}

#[test]
fn not_found_lists_every_place() {
    let pin = Pin::parse(PIN).expect("valid pin");
    let root = temp_root("nf");
    let err = locate(&pin, "9.9", &offline_places(&root)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("env/9.9/api.intercom.io.yaml"), "{text}");
    assert!(text.contains("mirror/9.9/api.intercom.io.yaml"), "{text}");
    assert!(
            text.contains(
                "cache/descriptions/9.9/2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae/api.intercom.io.yaml"
            ),
            "{text}"
        );
    assert!(
        text.contains(
            "https://example.com/abc/descriptions/9.9/api.intercom.io.yaml: not downloaded: \
                 INTERCOM_OPENAPI_OFFLINE forbids downloads"
        ),
        "{text}"
    );
}

#[test]
fn verifies_hash_and_skips_other_files() {
    let pin = Pin::parse(PIN).expect("valid pin");
    let root = temp_root("hash");
    let places = offline_places(&root);
    let dir = root.join("mirror/9.9");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(SPEC_FILE), b"foo").expect("write");
    let found = locate(&pin, "9.9", &places).expect("sha256(foo) matches");
    assert_eq!(found.bytes, b"foo");
    assert_eq!(found.path, dir.join(SPEC_FILE));
    // Another file in the mirror is skipped; the cache's verified copy is used instead.
    std::fs::write(dir.join(SPEC_FILE), b"bar").expect("write");
    let err = locate(&pin, "9.9", &places).unwrap_err().to_string();
    assert!(
        err.contains("mirror/9.9/api.intercom.io.yaml (mirror): sha256 fcde2b2e"),
        "{err}"
    );
    let cached = fetch::store(
        &places.cache,
        "descriptions/9.9/api.intercom.io.yaml",
        b"foo",
    )
    .expect("store");
    let found = locate(&pin, "9.9", &places).expect("cached copy");
    assert_eq!((found.path, found.bytes), (cached, b"foo".to_vec()));
    // An explicit file that is not the pinned one is an error, never skipped.
    let explicit = SearchPlaces {
        explicit: Some(dir.join(SPEC_FILE)),
        ..places
    };
    assert!(matches!(
        locate(&pin, "9.9", &explicit),
        Err(LocateError::Mismatch { .. })
    ));
}

#[test]
fn files_entries_are_pinned_like_versions() {
    let text = format!(
        "{PIN}[files.\"fern/x.yml\"]\nsha256 = \"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\"\n"
    );
    let pin = Pin::parse(&text).expect("valid pin");
    let root = temp_root("files");
    let places = offline_places(&root);
    std::fs::create_dir_all(root.join("mirror/fern")).expect("mkdir");
    std::fs::write(root.join("mirror/fern/x.yml"), b"foo").expect("write");
    assert_eq!(
        locate_file(&pin, "fern/x.yml", &places)
            .expect("found")
            .bytes,
        b"foo"
    );
    assert!(
        locate_file(&pin, "fern/y.yml", &places)
            .unwrap_err()
            .to_string()
            .contains("no [files.\"fern/y.yml\"] entry")
    );
    let bad = format!("{PIN}[files.\"fern/x.yml\"]\nsha256 = \"zz\"\n");
    assert!(
        Pin::parse(&bad)
            .unwrap_err()
            .contains("files.\"fern/x.yml\".sha256")
    );
}
