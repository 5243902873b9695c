//! A bounded fuzz run in `cargo test`: arbitrary bytes, and arbitrary JSON built from the
//! description's own property names, through the response decoder of every operation. Nothing
//! may panic, plain `serde_json::from_slice` must agree with the client's decoder, and no decode
//! may allocate more than a small multiple of its input (a counting global allocator measures
//! each one). The unbounded run is the cargo-fuzz target in `fuzz/`.
//!
//! One `#[test]` only, so no other test allocates while a decode is measured.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};

/// The generated map from (method, path, status) to typed decoders (request bodies unused).
#[allow(dead_code)]
mod dispatch {
    include!("../spec_examples/dispatch.rs");
}
include!("decode_one.rs");

/// Counts live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most a decode may allocate beyond what was live before it: a fixed allowance plus a
/// multiple of the input (parsed strings, vectors growing by doubling, the re-encoded value).
fn allowance(input: usize) -> usize {
    256 * 1024 + 48 * input
}

/// Decodes one input, checking the allocation bound; returns whether it decoded.
fn measured(data: &[u8]) -> Result<bool, TestCaseError> {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let outcome = decode_one(data);
    let used = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    prop_assert!(
        used <= allowance(data.len()),
        "decoding {} bytes as the response of {:?} allocated {used} bytes",
        data.len(),
        data.get(..2).map(|h| dispatch::RESPONSES
            [usize::from(u16::from_le_bytes([h[0], h[1]])) % dispatch::RESPONSES.len()])
    );
    Ok(outcome.is_some_and(|(_, ok)| ok))
}

/// Property names that occur in Intercom responses, so generated objects reach deep into the
/// typed models instead of being ignored at the top.
const KEYS: &[&str] = &[
    "type",
    "id",
    "data",
    "pages",
    "next",
    "starting_after",
    "page",
    "per_page",
    "total_pages",
    "total_count",
    "name",
    "email",
    "role",
    "created_at",
    "updated_at",
    "custom_attributes",
    "tags",
    "companies",
    "conversation_parts",
    "author",
    "body",
    "source",
    "state",
    "status",
    "priority",
    "admin_assignee_id",
    "team_assignee_id",
    "statistics",
    "contacts",
    "teammates",
    "translated_content",
    "en",
    "pt-BR",
    "errors",
    "code",
    "message",
    "request_id",
    "value",
    "operator",
    "field",
    "query",
    "ticket_attributes",
    "location",
    "avatar",
    "owner_id",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z_ 0-9.-]{0,12}".prop_map(Value::String),
        prop::sample::select(KEYS).prop_map(|k| Value::String(k.to_owned())),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<String, Value>>(),
                )
            }),
        ]
    })
}

#[test]
fn arbitrary_responses_never_panic_or_allocate_without_bound() {
    let cases = std::env::var("DECODE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    // A runner counts its successes across runs: one runner per pass.
    let runner = || {
        TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        })
    };

    // Raw bytes: mostly not JSON at all.
    runner()
        .run(&prop::collection::vec(any::<u8>(), 2..600), |data| {
            measured(&data).map(drop)
        })
        .unwrap();

    // JSON values, for every decoder in turn.
    let responses = dispatch::RESPONSES.len();
    let decoded = std::cell::Cell::new(0usize);
    runner()
        .run(&(0..responses, json()), |(index, value)| {
            let mut data = (index as u16).to_le_bytes().to_vec();
            data.extend(serde_json::to_vec(&value).expect("a JSON value encodes"));
            if measured(&data)? {
                decoded.set(decoded.get() + 1);
            }
            Ok(())
        })
        .unwrap();

    // Generated JSON reaches the typed decoders (the dispatch is not compiled away).
    assert!(
        decoded.get() > cases as usize / 20,
        "only {} decoded",
        decoded.get()
    );

    // Deep nesting and big inputs, with the allocation bound.
    for depth in [10, 100, 127, 128, 1_000, 100_000] {
        let mut data = vec![0, 0];
        data.extend(std::iter::repeat_n(b'[', depth));
        data.extend(std::iter::repeat_n(b']', depth));
        for index in 0..responses.min(64) {
            data[..2].copy_from_slice(&(index as u16).to_le_bytes());
            measured(&data).unwrap();
        }
    }
    let big = serde_json::to_vec(&serde_json::json!({
        "type": "list",
        "data": vec![serde_json::json!({"type": "contact", "id": "1", "name": "x".repeat(100)}); 4_000],
    }))
    .unwrap();
    for index in 0..responses {
        let mut data = (index as u16).to_le_bytes().to_vec();
        data.extend_from_slice(&big);
        measured(&data).unwrap();
    }
    println!(
        "decode fuzz: {cases} byte inputs and {cases} JSON inputs ({} decoded) over {responses} response decoders; deep and 0.5 MB inputs; no panic, allocation bound held",
        decoded.get()
    );
}
