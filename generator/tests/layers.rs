//! No upward import in the generator: each phase (a top-level module of `src/`) imports only
//! phases of the layers below its own, never one of its own layer, a later one, or the crate
//! root (`lib.rs` runs the pipeline and is above every phase). Tests are exempt (they may run the
//! whole pipeline): `tests.rs` files, `tests/` folders, `test_support.rs`, and an inline
//! `#[cfg(test)] mod tests` at the end of a file.
//!
//! The layers, bottom first, follow the pipeline in `lib.rs`'s module docs: what a phase reads is
//! made by a layer below it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod common;

/// Bottom first. A new top-level module must be placed here (the test fails until it is).
const LAYERS: &[&[&str]] = &[
    // Plain data and vocabularies every phase may use.
    &["vocab", "diagnostics", "ir", "naming", "docs", "fetch"],
    // Reading the inputs: the pin file, the description, the overrides.
    &["pin", "load", "overrides"],
    // Repairs on the raw description; the search tables of its prose.
    &["normalize", "search_fields"],
    // openapiv3 → IR.
    &["lower"],
    // IR → IR.
    &["passes"],
    // IR → Rust.
    &["emit"],
    // Two IRs compared the way the generated crate's users see them.
    &["diff"],
    // The IR against the official SDKs' overlay.
    &["crosscheck"],
    // Scaffolding, report and runtime copy: the crate around the emitted code.
    &["render"],
];

/// Test-only modules of the crate root (not phases).
const TEST_ONLY: &[&str] = &["test_support"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `path` (or `path` itself), tests left out.
fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .expect("read_dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "tests" || name == "tests.rs" {
                continue;
            }
            sources(&entry, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a file: comments and string literals dropped (emitted code and its docs name the
/// generated crate's `crate::`), and an inline test module at the end cut off.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => text,
    };
    common::code(text)
}

/// What `code` names through `crate::`: top-level modules, and `<root>` for items of `lib.rs`
/// (a capitalized name, or the `lower` function).
fn imports(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let names: Vec<String> = if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end]
                .split(',')
                .map(|item| {
                    item.trim()
                        .split("::")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .collect()
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..end];
            let called = after[end..].starts_with('(');
            vec![if called {
                format!("{name}()")
            } else {
                name.to_string()
            }]
        };
        for name in names {
            let name = name.split_whitespace().next().unwrap_or("").to_string();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) || name.ends_with("()") {
                out.insert("<root>".to_string());
            } else if modules.contains(&name) {
                out.insert(name);
            }
        }
        rest = after;
    }
    out
}

#[test]
fn phases_import_only_phases_below_them() {
    let layer: BTreeMap<String, usize> = LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.to_string(), i)))
        .collect();
    let mut modules = BTreeSet::new();
    for entry in fs::read_dir(src()).expect("src") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name != "lib" && !TEST_ONLY.contains(&name.as_str()) {
            modules.insert(name);
        }
    }
    let unplaced: Vec<&String> = modules.iter().filter(|m| !layer.contains_key(*m)).collect();
    assert!(
        unplaced.is_empty(),
        "place these modules in LAYERS: {unplaced:?}"
    );
    let mut upward = Vec::new();
    for module in &modules {
        let mut files = Vec::new();
        sources(&src().join(module), &mut files);
        sources(&src().join(format!("{module}.rs")), &mut files);
        for file in files {
            let text = fs::read_to_string(&file).expect("read");
            for import in imports(&code(&text), &modules) {
                if import == *module {
                    continue;
                }
                let ok = layer.get(&import).is_some_and(|l| *l < layer[module]);
                if !ok {
                    let shown = file.strip_prefix(src()).unwrap_or(&file).display();
                    upward.push(format!("{shown} ({module}) imports {import}"));
                }
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

#[test]
fn the_checker_sees_groups_paths_and_the_root() {
    let modules: BTreeSet<String> = ["ir", "naming", "emit"].map(String::from).into();
    let found = imports(
        "use crate::ir::{Api, Ty};\nuse crate::{emit, naming::words};\nlet x = crate::Input;\n\
         crate::lower(&input);\nquote!(crate::runtime::Call)",
        &modules,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["<root>", "emit", "ir", "naming"]);
    assert_eq!(
        code("use a; // crate::emit\n#[cfg(test)]\nmod tests {\n use crate::emit;\n}"),
        "use a; \n"
    );
    assert_eq!(
        code("f(\"crate::emit \\\" x\", r#\"crate::\"ir\"#, '\"', b); crate::x"),
        "f(\"\", \"\", , b); crate::x"
    );
}
