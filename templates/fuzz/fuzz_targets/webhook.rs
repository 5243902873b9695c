//! Arbitrary bytes through webhook signature checks, notification parsing and item decoding: no
//! panic, no unbounded allocation (libFuzzer's `-rss_limit_mb` and `-malloc_limit_mb` catch the
//! latter).

#![no_main]

include!("../../tests/decode_fuzz/notification_one.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = notification_one(data);
});
