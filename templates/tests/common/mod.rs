//! Helpers shared by the loopback tests: a test file that needs them declares `mod common;`.

// Each test file uses part of it.
#![allow(dead_code)]

use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    /// What the tracing subscriber wrote on this thread (each `#[tokio::test]` runs its calls on
    /// its own current-thread runtime, so a test reads only its own events).
    static TRACES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Writes into the current thread's [`TRACES`].
struct ThreadBuffer;

impl std::io::Write for ThreadBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        TRACES.with(|t| t.borrow_mut().extend_from_slice(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing this thread's traces: every event and closed span at `level` or above,
/// without colours. One global subscriber for the whole test binary (the first call's level
/// holds): a scoped `set_default` races with the other tests' threads registering the same
/// callsites (their cached interest can leave a scoped subscriber with nothing).
pub fn capture_traces(level: tracing::Level) {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadBuffer)
            .with_max_level(level)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
    });
    TRACES.with(|t| t.borrow_mut().clear());
}

/// What this thread traced since [`capture_traces`].
pub fn captured_traces() -> String {
    TRACES.with(|t| String::from_utf8_lossy(&t.borrow()).into_owned())
}
