//! A bounded fuzz run in `cargo test`: arbitrary bytes, and arbitrary JSON built from the
//! description's own property names, through the response decoder of every operation, and (with
//! the `webhooks` feature) through webhook notification parsing and item decoding. Nothing may
//! panic, plain `serde_json::from_slice` must agree with the client's decoder, and no decode may
//! allocate more than a small multiple of its input (a counting global allocator measures each
//! one). The unbounded runs are the cargo-fuzz targets in `fuzz/`.
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
#[cfg(feature = "webhooks")]
include!("notification_one.rs");

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

/// Decodes one input as a response, checking the allocation bound; returns whether it decoded.
fn measured(data: &[u8]) -> Result<bool, TestCaseError> {
    let (ok, used) = peak_during(|| decode_one(data).is_some_and(|(_, ok)| ok));
    prop_assert!(
        used <= allowance(data.len()),
        "decoding {} bytes as the response of {:?} allocated {used} bytes",
        data.len(),
        data.get(..2).map(|h| dispatch::RESPONSES
            [usize::from(u16::from_le_bytes([h[0], h[1]])) % dispatch::RESPONSES.len()])
    );
    Ok(ok)
}

/// Runs `f`, returning its result and the most it had allocated at once.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
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

    #[cfg(feature = "webhooks")]
    webhooks::run(cases, runner);
}

/// Webhook notifications: parsing, signature checks and item decoding, with the same bound.
#[cfg(feature = "webhooks")]
mod webhooks {
    use super::*;

    thread_local! {
        /// The largest allocation per input byte seen (inputs of 1 KiB or more), and its input's size.
        static WORST: std::cell::Cell<(f64, usize)> = const { std::cell::Cell::new((0.0, 0)) };
    }

    /// Parses one input as a notification and decodes its item, checking the allocation bound.
    fn measured(data: &[u8]) -> Result<Outcome, TestCaseError> {
        let (outcome, used) = peak_during(|| notification_one(data));
        if data.len() >= 1024 {
            let ratio = used as f64 / data.len() as f64;
            WORST.with(|w| {
                if ratio > w.get().0 {
                    w.set((ratio, data.len()));
                }
            });
        }
        prop_assert!(
            used <= allowance(data.len()),
            "a {}-byte notification ({:?}) allocated {used} bytes",
            data.len(),
            String::from_utf8_lossy(&data[..data.len().min(200)])
        );
        Ok(outcome)
    }

    /// Item `type`s that reach every kind of item, and some that reach none.
    const ITEM_TYPES: &[&str] = &[
        "conversation",
        "contact",
        "company",
        "ticket",
        "admin",
        "contact_tag",
        "content_stat.email",
        "ping",
        "data_connector.execution",
        "procedure.hitl_notification",
        "audience_membership",
        "event",
        "job",
        "visitor",
        "article",
        "call",
        "user",
        "",
    ];

    /// Envelopes around arbitrary items: known and unknown topics, item types that select every
    /// kind of item, the keys that select by topic, and the description's own property names.
    fn envelope() -> impl Strategy<Value = Value> {
        let topic = prop_oneof![
            6 => prop::sample::select(intercom_api::webhooks::Topic::KNOWN)
                .prop_map(|t| Value::String(t.to_string())),
            3 => "[a-z_.]{0,20}".prop_map(Value::String),
            1 => json(),
        ];
        let attempts = prop_oneof![
            8 => any::<i64>().prop_map(Value::from),
            1 => "[0-9]{1,3}".prop_map(Value::String),
            1 => json(),
        ];
        let item = (
            prop::sample::select(ITEM_TYPES),
            prop::collection::vec(
                (
                    prop::sample::select(
                        &[
                            "ticket",
                            "deleted",
                            "tag",
                            "contact",
                            "content_stat",
                            "merged_from",
                        ][..],
                    )
                    .prop_map(str::to_owned)
                    .boxed()
                    .prop_union(prop::sample::select(KEYS).prop_map(str::to_owned).boxed()),
                    json(),
                ),
                0..8,
            ),
        )
            .prop_map(|(item_type, pairs)| {
                let mut item: Map<String, Value> = pairs.into_iter().collect();
                if !item_type.is_empty() {
                    item.insert("type".into(), Value::String(item_type.into()));
                }
                Value::Object(item)
            });
        (topic, item, attempts, any::<bool>()).prop_map(|(topic, item, attempts, deleted)| {
            let mut item = item;
            if deleted && let Value::Object(map) = &mut item {
                map.insert("deleted".into(), Value::Bool(true));
            }
            serde_json::json!({
                "type": "notification_event",
                "id": "notif_1",
                "topic": topic,
                "delivery_attempts": attempts,
                "first_sent_at": 1_767_225_601,
                "data": {"type": "notification_event_data", "item": item},
            })
        })
    }

    pub(super) fn run(cases: u32, runner: impl Fn() -> TestRunner) {
        runner()
            .run(&prop::collection::vec(any::<u8>(), 0..600), |data| {
                measured(&data).map(drop)
            })
            .unwrap();

        let parsed = std::cell::Cell::new(0usize);
        let typed = std::cell::Cell::new(0usize);
        runner()
            .run(&envelope(), |value| {
                let data = serde_json::to_vec(&value).expect("a JSON value encodes");
                match measured(&data)? {
                    Outcome::Typed => {
                        parsed.set(parsed.get() + 1);
                        typed.set(typed.get() + 1);
                    }
                    Outcome::Parsed => parsed.set(parsed.get() + 1),
                    Outcome::Refused => {}
                }
                Ok(())
            })
            .unwrap();
        // Generated envelopes reach the typed item decoders.
        assert!(
            typed.get() > cases as usize / 20,
            "only {} of {} items decoded into a model",
            typed.get(),
            parsed.get()
        );

        // Deep nesting inside the item, and a big item.
        for depth in [10, 100, 127, 128, 1_000, 100_000] {
            let mut data = br#"{"topic":"conversation.admin.replied","data":{"item":{"type":"conversation","tags":"#.to_vec();
            data.extend(std::iter::repeat_n(b'[', depth));
            data.extend(std::iter::repeat_n(b']', depth));
            data.extend_from_slice(b"}}}");
            measured(&data).unwrap();
        }
        let big = serde_json::to_vec(&serde_json::json!({
            "topic": "conversation.admin.replied",
            "data": {"item": {
                "type": "conversation",
                "conversation_parts": {"conversation_parts": vec![serde_json::json!({"type": "conversation_part", "id": 1, "body": "x".repeat(100)}); 4_000]},
            }},
        }))
        .unwrap();
        assert_eq!(measured(&big).unwrap(), Outcome::Typed);
        let unknown = serde_json::to_vec(&serde_json::json!({
            "topic": "brand.new",
            "data": {"item": {"type": "brand", "list": vec![serde_json::json!({"id": 1, "name": "x".repeat(100)}); 4_000]}},
        }))
        .unwrap();
        assert_eq!(measured(&unknown).unwrap(), Outcome::Parsed);
        let (ratio, size) = WORST.with(std::cell::Cell::get);
        println!(
            "webhook fuzz: {cases} byte inputs and {cases} envelopes ({} parsed, {} items typed); deep and 0.5 MB items; no panic, allocation bound held (at most {ratio:.1} bytes allocated per input byte, for a {size}-byte input)",
            parsed.get(),
            typed.get()
        );
    }
}
