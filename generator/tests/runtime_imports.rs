//! No import cycle among the hand-written runtime's files (`templates/runtime/*.rs`, which the
//! generated crate mounts as `crate::runtime`): the files form layers, each using only files
//! below it, so any one of them can be read, tested and changed knowing only what it uses.
//!
//! A file uses another when its code (comments and strings left out; inline tests included)
//! names it as `crate::runtime::file`, `super::file` or `super::super::file` (from an inline test
//! module), or names an item that `mod.rs` re-exports from it (`crate::runtime::json_object!`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod common;

fn runtime() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/runtime")
}

/// The path prefixes through which a runtime file reaches a sibling.
const PREFIXES: &[&str] = &["crate::runtime::", "super::super::", "super::"];

/// What each item re-exported by `mod.rs` (`pub use file::{A, B};`) comes from.
fn reexports(mod_rs: &str, files: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for statement in mod_rs.split(';') {
        let Some(at) = statement.find(" use ") else {
            continue;
        };
        let path = statement[at + " use ".len()..].trim();
        let path = path.strip_prefix("crate::runtime::").unwrap_or(path);
        let Some((file, items)) = path.split_once("::") else {
            continue;
        };
        if !files.contains(file) {
            continue;
        }
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            let item = item.split(" as ").last().unwrap_or("").trim();
            if !item.is_empty() && item != "self" {
                out.insert(item.to_string(), file.to_string());
            }
        }
    }
    out
}

/// The runtime files `code` uses (see the module docs).
fn uses(
    code: &str,
    files: &BTreeSet<String>,
    reexported: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let prefix = PREFIXES.iter().find(|p| code[at..].starts_with(**p));
        // A prefix counts only at the start of a path (`super::x`, not `not_super::x`).
        let starts_path =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let (Some(prefix), true) = (prefix, starts_path) else {
            at += code[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let after = &code[at + prefix.len()..];
        let names: Vec<&str> = match after.strip_prefix('{') {
            Some(group) => group[..group.find('}').unwrap_or(group.len())]
                .split(',')
                .map(|item| item.trim().split("::").next().unwrap_or("").trim())
                .collect(),
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                vec![&after[..end]]
            }
        };
        for name in names {
            if files.contains(name) {
                out.insert(name.to_string());
            } else if let Some(file) = reexported.get(name) {
                out.insert(file.clone());
            }
        }
        at += prefix.len();
    }
    out
}

/// A cycle of `graph` (each file followed by one it uses, the first repeated at the end), if any.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        file: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(file) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = path.iter().position(|f| f == file).unwrap_or(0);
                let mut found = path[from..].to_vec();
                found.push(file.to_string());
                return Some(found);
            }
            None => {}
        }
        marks.insert(file.to_string(), Mark::Open);
        path.push(file.to_string());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(found) = visit(next, graph, marks, path) {
                return Some(found);
            }
        }
        path.pop();
        marks.insert(file.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|file| visit(file, graph, &mut marks, &mut Vec::new()))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = BTreeSet::new();
    for entry in fs::read_dir(runtime()).expect("templates/runtime") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if stem != "mod" {
                files.insert(stem.to_string());
            }
        }
    }
    let mod_rs = fs::read_to_string(runtime().join("mod.rs")).expect("mod.rs");
    let reexported = reexports(&common::code(&mod_rs), &files);
    files
        .iter()
        .map(|file| {
            let text = fs::read_to_string(runtime().join(format!("{file}.rs"))).expect("read");
            let mut used = uses(&common::code(&text), &files, &reexported);
            used.remove(file);
            (file.clone(), used)
        })
        .collect()
}

#[test]
fn runtime_files_form_no_import_cycle() {
    let graph = graph();
    assert!(graph.len() > 10, "too few runtime files found: {graph:?}");
    if let Some(found) = cycle(&graph) {
        let shown: Vec<String> = graph
            .iter()
            .map(|(file, used)| format!("{file} -> {used:?}"))
            .collect();
        panic!(
            "import cycle among templates/runtime files: {}\n\nwho uses whom:\n{}",
            found.join(" -> "),
            shown.join("\n")
        );
    }
}

#[test]
fn the_checker_sees_paths_groups_reexports_and_cycles() {
    let files: BTreeSet<String> = ["client", "error", "object", "paging"]
        .map(String::from)
        .into();
    let reexported = reexports(
        &common::code("pub use client::{Client, Region};\npub(crate) use object::{json_object};"),
        &files,
    );
    let found = uses(
        &common::code(
            "use super::error::Error;\nuse super::super::{paging, x};\n// super::client\n\
             crate::runtime::json_object!(A {});\nlet c: crate::runtime::Client;\n\
             not_super::object;",
        ),
        &files,
        &reexported,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["client", "error", "object", "paging"]);

    let edges = |pairs: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            graph
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
            graph.entry(to.to_string()).or_default();
        }
        graph
    };
    assert_eq!(cycle(&edges(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        cycle(&edges(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
}
