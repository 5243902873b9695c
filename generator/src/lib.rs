//! `intercom-codegen`: generates the `intercom-api` crate from Intercom's OpenAPI description.
//!
//! ```text
//! spec/intercom.toml ─► pin ─► load ─► normalize ─► load::typed ─► lower ─► IR ─► passes ─► IR ─► emit ─► generated/src/**
//!                                                        │          │            │                 └─► render ─► Cargo.toml, README.md, lib.rs, runtime/, webhooks/, oauth/, tests/, examples/
//!                                                        │          │            └─ naming::lexicon, search_fields (docs::outline), overrides
//!                                                        │          └─ response examples (ir::ResponseExample) for passes::evidence
//!                                                        └─ naming, spec/overrides.yaml (strict for the pinned version: Overrides::not_applied)
//! two versions ─► lower + passes, twice ─► IR, IR ─► diff ─► Diff ─► diff::markdown ─► drift report
//! IR + the official SDKs' overlay (a pinned file) ─► crosscheck ─► Table ─► CODEGEN_REPORT.md
//! ```
//!
//! [`pin`] reads `spec/intercom.toml` and [`fetch`] finds a verified copy of any pinned upstream
//! file (an explicit path, `$INTERCOM_OPENAPI_DIR`, the mirror, the cache, a download); the
//! generated crate's tests use a copy of [`fetch`], so every reader of a description resolves it
//! one way.
//!
//! Phases are separate modules with plain-data boundaries: [`load`] (YAML → JSON tree),
//! [`normalize`] (repairs on the tree), [`mod@lower`] (the only phase that sees `openapiv3` types;
//! produces an [`ir::Api`] and the description's response examples), [`passes`] (rewrites of the
//! IR alone, in one fixed order: search queries, timestamps, reach, usage, evidence, prose,
//! paging, risk, body inputs, search fields, waiters, upserts; each module says what it reads,
//! writes and runs after), [`emit`] (Rust files from the IR, `quote` + `prettyplease`), and
//! [`render`] (scaffolding from `templates/` with minijinja). [`naming`] is the one place names
//! are made ([`naming::identifiers`], [`naming::methods`], and [`naming::lexicon`], every English
//! word list the generator reads, the risk rule's included; setter names too, stored on the IR
//! as lowering decides them); [`vocab`] is the runtime's own `templates/runtime/vocab.rs`,
//! compiled here as well (`#[path]`): [`ir::HttpMethod`], [`ir::Risk`], [`ir::PagingStyle`] and
//! the search [`ir::Operator`]s have one definition, and one `ToTokens` each (in `emit`).
//! [`emit::rust`] decides the Rust type of every IR type, field and response once, as tokens;
//! the emitters read it, and the drift report writes the same tokens out as text
//! ([`emit::rust::Scope::Surface`]). [`docs`] makes spec text
//! rustdoc-safe (normalize → parser (pulldown-cmark) → render; [`docs::outline`] hands the same
//! parsed blocks, tables included, to [`search_fields`]). [`diff`] compares two lowered descriptions (two
//! [`ir::Api`]s) the way a user of the generated crate sees them and marks each change breaking,
//! additive or compatible (`cargo xtask diff`). Every phase reports problems as [`diagnostics`]
//! with JSON pointers and keeps going where it safely can: the generator never panics on input.
//! An override that does not apply to the description is reported through
//! [`overrides::Overrides::not_applied`], the one place the strict (pinned version) / lenient
//! (other versions) policy is decided.
//!
//! Layers, bottom first: data and vocabularies ([`vocab`], [`diagnostics`], [`ir`], [`naming`],
//! [`docs`], [`fetch`]); reading the inputs ([`pin`], [`load`], [`overrides`]); [`normalize`],
//! [`search_fields`]; [`mod@lower`]; [`passes`]; [`emit`]; [`diff`]; [`crosscheck`]; [`render`]; this
//! root, which runs the pipeline. A phase imports only layers below its own
//! (`tests/layers.rs` checks it).
//!
//! Tests are laid out one way: a module's unit tests are its child module `tests`, in a file of
//! their own (`x.rs` → `x/tests.rs`; a folder module `x/mod.rs` → `x/tests.rs`, or `x/tests/`
//! with one file per subject when they are many, as [`passes`] has); what they share is in
//! `test_support`. Integration tests (`generator/tests/`) check the whole: snapshot crates of the
//! fixture specs, the layering rule, and the runtime's imports.
//!
//! Where the description is not the API, the API wins, with the evidence recorded in
//! `spec/overrides.yaml`: patches of the description, and passes that read what it says only in
//! words (unix times by one rule in [`passes::timestamps`]; values and identities pinned in prose
//! in [`passes::prose`]). [`crosscheck`] weighs every wire-level correction of the official SDKs'
//! overlay against the result: agreed, applied by us, or declined with a reason.
//!
//! Besides the typed API, every operation is emitted as data for tools and agents: a row of the
//! operation table (`OPERATIONS`) with its risk and whether it reaches end users (decided by
//! [`passes::risk`], with overrides) and the JSON Schema of its JSON input ([`emit::schema`]),
//! and an arm of the by-name dispatch behind `Client::execute`, which builds the operation's own
//! request builder from that input.
//!
//! The testing kit (`intercom_api::testing`, cargo feature `testing`) is emitted from the same
//! IR ([`emit::testing`]): one row per operation telling the mock server where its inputs
//! arrive, its success status and default answer (the description's example, kept in the IR by
//! `lower`, or a value made from the response type), and its paging fields; and a test calling
//! every operation through its typed builder. The server itself is hand-written
//! (`templates/testing/`).
//! Webhooks are data too: the `webhooks` section of `spec/overrides.yaml` lists every topic and
//! the type of item it sends, and adds the webhook-only item shapes to the description as
//! `webhook_*` schemas ([`overrides::webhooks`]). Lowering resolves them to models
//! ([`ir::Webhooks`]; those models are compiled with the `webhooks` feature), and [`emit`] writes
//! the `Topic` and `WebhookItem` enums beside the hand-written `webhooks` module.

pub mod crosscheck;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod fetch;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod overrides;
pub mod passes;
pub mod pin;
pub mod render;
pub mod search_fields;
#[cfg(test)]
mod test_support;
#[path = "../../templates/runtime/vocab.rs"]
pub mod vocab;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use diagnostics::Diagnostics;
pub use render::Part;

/// What to generate from.
pub struct Input<'a> {
    /// The description's bytes.
    pub spec: &'a [u8],
    /// Mirror folder name (`2.16`).
    pub version: &'a str,
    /// `Intercom-Version` value (`2.16`).
    pub header: &'a str,
    /// sha256 of `spec`.
    pub sha256: &'a str,
    /// Text of `spec/overrides.yaml`.
    pub overrides: &'a str,
    /// Overrides that do not apply to this description (entries for operations, tags or schemas
    /// it lacks, patches referring to schemas it does not define, spellings it has in neither
    /// form) are errors; otherwise warnings. True for the pinned version; the others (Preview,
    /// `cargo xtask verify-versions`) take what fits from the file written for it.
    pub strict: bool,
    /// Whether this description gets the crate's webhook topics and items (the `webhooks`
    /// section of the overrides): the main API does; the Preview API, which lives inside the
    /// same crate and shares its `intercom_api::webhooks`, does not.
    pub webhooks: bool,
    /// The official SDKs' overlay of corrections pinned for this version, to cross-check the
    /// lowered API against (see [`crosscheck`]).
    pub overlay: Option<Overlay<'a>>,
}

/// An overlay of the official SDKs' corrections, read from the mirror.
#[derive(Debug, Clone, Copy)]
pub struct Overlay<'a> {
    /// Its key in `spec/intercom.toml`'s `overlays` (the version it is checked against) and in
    /// `spec/overrides.yaml`'s `fern` answers.
    pub key: &'a str,
    /// Its path upstream (`fern/openapi-overrides.yml`).
    pub path: &'a str,
    /// Its bytes.
    pub bytes: &'a [u8],
}

/// The result of a run.
pub struct Output {
    /// The lowered API (absent if loading failed).
    pub api: Option<ir::Api>,
    /// Everything found along the way.
    pub diagnostics: Diagnostics,
    /// Rewrites applied by normalize.
    pub fixups: normalize::Fixups,
    /// Time spent per phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The cross-check against the official SDKs' overlay, when one was given.
    pub crosscheck: Option<crosscheck::Table>,
}

/// Runs load → normalize → typed → lower → passes (and the cross-check, given an overlay).
pub fn lower(input: &Input) -> Output {
    let mut out = Output {
        api: None,
        diagnostics: Diagnostics::new(),
        fixups: normalize::Fixups::default(),
        timings: Vec::new(),
        crosscheck: None,
    };
    let d = &mut out.diagnostics;
    let t = Instant::now();
    let overrides = overrides::Overrides::parse(input.overrides, d).with_strict(input.strict);
    let value = load::parse(input.spec, d);
    out.timings.push(("parse", t.elapsed()));
    let Some(mut value) = value else {
        return out;
    };
    let t = Instant::now();
    let patched = overrides.apply_patches(&mut value, d);
    let respelled = overrides.apply_spellings(&mut value, d);
    let webhook_schemas = if input.webhooks {
        overrides.inject_webhook_schemas(&mut value, d)
    } else {
        0
    };
    out.fixups = normalize::normalize(&mut value, d);
    for _ in 0..patched {
        out.fixups.applied.push(("override-patch", String::new()));
    }
    for _ in 0..respelled {
        out.fixups
            .applied
            .push(("override-spelling", String::new()));
    }
    for _ in 0..webhook_schemas {
        out.fixups.applied.push(("webhook-schema", String::new()));
    }
    out.timings.push(("normalize", t.elapsed()));
    let t = Instant::now();
    let typed = load::typed(&value, d);
    out.timings.push(("type", t.elapsed()));
    let Some(spec) = typed else {
        return out;
    };
    let t = Instant::now();
    let info = ir::ApiInfo {
        title: spec.info.title.clone(),
        version: input.version.to_string(),
        header: input.header.to_string(),
        sha256: input.sha256.to_string(),
    };
    let (mut api, examples) = lower::lower(&spec, info, &overrides, input.webhooks, d);
    out.timings.push(("lower", t.elapsed()));
    let t = Instant::now();
    passes::run(&mut api, &examples, &overrides, d);
    out.timings.push(("passes", t.elapsed()));
    if let Some(overlay) = &input.overlay {
        let t = Instant::now();
        out.crosscheck = Some(crosscheck::cross_check(
            &api,
            overlay.path,
            overlay.bytes,
            overlay.key,
            &overrides,
            d,
        ));
        crosscheck::sdk_aliases(&mut api, overlay.path, overlay.bytes, d);
        out.timings.push(("cross-check", t.elapsed()));
    }
    out.api = Some(api);
    out
}

impl Output {
    /// The report data for [`build_crate`]: normalize's rewrites and every warning.
    pub fn report(&self) -> render::Report {
        render::Report {
            fixups: self
                .fixups
                .counts()
                .into_iter()
                .map(|(rule, count)| (rule.to_string(), count))
                .collect(),
            warnings: self
                .diagnostics
                .iter()
                .filter(|d| d.severity == diagnostics::Severity::Warning)
                .map(|d| d.to_string())
                .collect(),
            crosscheck: self.crosscheck.clone(),
        }
    }
}

/// A complete crate: every file under `generated/`, keyed by path relative to it.
pub struct Crate {
    /// Files by relative path (sorted).
    pub files: BTreeMap<String, String>,
}

/// Emits and renders the whole crate: the main API, and optionally the Preview API under
/// `preview` (behind the `preview` cargo feature); `source` says where their descriptions are
/// pinned (for the generated tests).
pub fn build_crate(
    main: &Part,
    preview: Option<&Part>,
    templates: &Path,
    source: &render::Source,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<Crate, String> {
    let header = |api: &ir::Api| render::Header {
        version: api.info.version.clone(),
        sha256: api.info.sha256.clone(),
    };
    let t = Instant::now();
    let mut emitted = emit::emit(
        main.api,
        &quote::quote!(crate),
        &header(main.api).rust(),
        emit::Targets::MAIN,
    )?;
    if let Some(p) = preview {
        emitted.extend(emit::emit(
            p.api,
            &quote::quote!(crate::preview),
            &header(p.api).rust(),
            emit::Targets::PREVIEW,
        )?);
    }
    emitted.extend(emit::testing::files(
        emit::testing::KitApi {
            api: main.api,
            resource_features: true,
        },
        preview.map(|p| {
            (
                emit::testing::KitApi {
                    api: p.api,
                    resource_features: false,
                },
                header(p.api).rust(),
            )
        }),
        &header(main.api).rust(),
    )?);
    timings.push(("emit", t.elapsed()));
    let t = Instant::now();
    let rendered = render::render(
        main,
        preview,
        templates,
        source,
        &header(main.api),
        preview.map(|p| header(p.api)).as_ref(),
    )?;
    timings.push(("render", t.elapsed()));
    let mut files = BTreeMap::new();
    for (path, text) in emitted.into_iter().chain(rendered) {
        if files.insert(path.clone(), text).is_some() {
            return Err(format!("two generated files at {path}"));
        }
    }
    Ok(Crate { files })
}
