//! Emit phase: IR → Rust source files (`quote` + `prettyplease`).
//!
//! Sees only the IR. Every file is formatted in-process (no rustfmt needed) and starts with the
//! `@generated` header; formatting is spread over the machine's cores, with output order fixed.
//!
//! [`rust`] holds the one rule for the Rust type of an IR type, field or response (read by the
//! drift report too); `vocab` the tokens of the values shared with the runtime.

mod examples;
mod models;
mod operations;
mod paging;
mod registry;
pub mod rust;
pub mod schema;
mod search;
mod table;
pub mod testing;
mod vocab;
mod webhooks;

use proc_macro2::TokenStream;

use crate::ir::Api;
use rust::Types;

/// Whether a struct field gets a value without the caller giving one (the rule constructors,
/// setters and `Default` follow; the drift report uses it too).
pub(crate) use models::fills_itself;

/// A generated file: path relative to the crate root, and contents.
pub type File = (String, String);

/// What to emit, and where.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    /// Directory of the API's source files, relative to the crate (`src`, `src/preview`).
    pub src_dir: &'static str,
    /// Where the test dispatch for the spec's examples goes (none for fixture snapshots).
    pub example_dispatch: Option<&'static str>,
    /// Path of the API in the crate's public interface, for tests (`intercom_api`,
    /// `intercom_api::preview`).
    pub public_path: &'static str,
    /// Gate modules and types behind per-resource cargo features.
    pub resource_features: bool,
    /// Who has the resource accessors (`client.contacts()`).
    pub accessor: Accessor,
    /// Where the webhook topics and item kinds go, if the API has them (the hand-written rest
    /// of the `webhooks` module is copied from `templates/webhooks/`).
    pub webhook_topics: Option<&'static str>,
}

/// The type whose methods return resource handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accessor {
    /// `Client` itself: `client.contacts()`.
    Client,
    /// A `Preview` handle in the API's root module: `client.preview().contacts()`.
    Preview,
}

impl Targets {
    /// The layout of the crate's main API.
    pub const MAIN: Targets = Targets {
        src_dir: "src",
        example_dispatch: Some("tests/spec_examples/dispatch.rs"),
        public_path: "intercom_api",
        resource_features: true,
        accessor: Accessor::Client,
        webhook_topics: Some("src/webhooks/topics.rs"),
    };

    /// The layout of the Preview API (one `preview` feature gates all of it).
    pub const PREVIEW: Targets = Targets {
        src_dir: "src/preview",
        example_dispatch: Some("tests/preview_examples/dispatch.rs"),
        public_path: "intercom_api::preview",
        resource_features: false,
        accessor: Accessor::Preview,
        webhook_topics: None,
    };

    /// A fixture snapshot: like the main API, without the test dispatch and webhooks.
    pub const SNAPSHOT: Targets = Targets {
        example_dispatch: None,
        webhook_topics: None,
        ..Targets::MAIN
    };
}

/// One file to emit; built, parsed and pretty-printed on a worker thread.
enum Unit {
    /// A models file: its module name and types.
    Model(String, Vec<crate::ir::TypeId>),
    /// `models/mod.rs`.
    ModelIndex,
    /// `operations/mod.rs`.
    OperationIndex,
    /// `operations/<resource>.rs`.
    Resource(usize),
    /// `operation_table.rs`.
    Table,
    /// `registry.rs`.
    Registry,
    /// `tests/spec_examples/dispatch.rs`.
    Examples,
    /// `search/mod.rs`.
    SearchIndex,
    /// `search/<module>.rs`, for the operation at this index.
    Search(usize),
    /// `webhooks/topics.rs`.
    WebhookTopics,
}

/// Emits every Rust file of the crate (models, operations, operation table, registry, example
/// dispatch, webhook topics).
///
/// `root` is the path of the crate's root module as seen from generated code (`crate` for the
/// real crate). Errors mean the generator produced tokens that do not parse: a generator bug.
pub fn emit(
    api: &Api,
    root: &TokenStream,
    header: &str,
    targets: Targets,
) -> Result<Vec<File>, String> {
    let mut units: Vec<(String, Unit)> = Vec::new();
    let src = targets.src_dir;
    for (module, ids) in models::files(api) {
        units.push((
            format!("{src}/models/{module}.rs"),
            Unit::Model(module, ids),
        ));
    }
    units.push((format!("{src}/models/mod.rs"), Unit::ModelIndex));
    units.push((format!("{src}/operations/mod.rs"), Unit::OperationIndex));
    for (i, r) in api.resources.iter().enumerate() {
        units.push((
            format!("{src}/operations/{}.rs", r.module),
            Unit::Resource(i),
        ));
    }
    units.push((format!("{src}/operation_table.rs"), Unit::Table));
    units.push((format!("{src}/registry.rs"), Unit::Registry));
    if search::schemas(api).next().is_some() {
        units.push((format!("{src}/search/mod.rs"), Unit::SearchIndex));
        for (i, op) in api.operations.iter().enumerate() {
            if let Some(s) = &op.search {
                units.push((format!("{src}/search/{}.rs", s.module), Unit::Search(i)));
            }
        }
    }
    if let Some(path) = targets.example_dispatch {
        units.push((path.to_string(), Unit::Examples));
    }
    if let (Some(path), Some(_)) = (targets.webhook_topics, &api.webhooks) {
        units.push((path.to_string(), Unit::WebhookTopics));
    }
    // Token streams are not `Send`: each worker re-creates the root path and builds, parses and
    // prints its own share of the files. Output order is the input order.
    let root = root.to_string();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let workers = threads.min(units.len()).max(1);
    let results: Vec<Result<Vec<(usize, File)>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let units = &units;
                let root = &root;
                scope.spawn(move || {
                    let root: TokenStream = root
                        .parse()
                        .map_err(|e| format!("root path `{root}` does not parse: {e}"))?;
                    let types = Types {
                        api,
                        root: &root,
                        targets,
                    };
                    units
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % workers == w)
                        .map(|(i, (path, unit))| {
                            let tokens = build(&types, unit);
                            let file: syn::File = syn::parse2(tokens).map_err(|e| {
                                format!("{path}: generated code does not parse: {e}")
                            })?;
                            let body = rust::space_items(&rust::layout_macro_calls(
                                &prettyplease::unparse(&file),
                            ));
                            Ok((i, (path.clone(), format!("{header}\n{body}"))))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("an emit thread panicked".into()))
            })
            .collect()
    });
    let mut out: Vec<(usize, File)> = Vec::with_capacity(units.len());
    for r in results {
        out.extend(r?);
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(_, f)| f).collect())
}

fn build(types: &Types, unit: &Unit) -> TokenStream {
    match unit {
        Unit::Model(module, ids) => models::file(types, module, ids),
        Unit::ModelIndex => models::index(types.api, types.targets.resource_features),
        Unit::OperationIndex => operations::index(types.api, types.targets.resource_features),
        Unit::Resource(i) => operations::resource(types, &types.api.resources[*i]),
        Unit::Table => table::emit(types),
        Unit::Registry => registry::emit(types),
        Unit::Examples => examples::emit(types),
        Unit::WebhookTopics => webhooks::emit(types),
        Unit::SearchIndex => search::index(types),
        Unit::Search(i) => {
            let op = &types.api.operations[*i];
            match &op.search {
                Some(s) => search::module(types, op, s),
                None => TokenStream::new(),
            }
        }
    }
}
