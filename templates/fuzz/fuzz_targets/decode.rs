//! Arbitrary bytes through the response decoder of every operation: no panic, the same answer
//! from plain `serde_json::from_slice` (a disagreement panics), no unbounded allocation
//! (libFuzzer's `-rss_limit_mb` and `-malloc_limit_mb` catch the latter).

#![no_main]
// The dispatch's arms are gated on this crate's features: a missing one must not compile away.
#![deny(unexpected_cfgs)]

#[allow(dead_code)]
mod dispatch {
    include!("../../tests/spec_examples/dispatch.rs");
}
include!("../../tests/decode_fuzz/decode_one.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = decode_one(data);
});
