//! Tracing output captured per thread, for tests that check what a call logs (and that the
//! token is never in it).
//!
//! One global subscriber for the whole test binary: a scoped `set_default` races with the other
//! tests' threads registering the same callsites (their cached interest can leave a scoped
//! subscriber with nothing), which made such tests fail under load. Each `#[tokio::test]` runs
//! its calls on its own current-thread runtime, so a test reads only its own events.

use std::cell::RefCell;

thread_local! {
    /// What the tracing subscriber wrote on this thread.
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

/// Starts capturing this thread's traces (debug level and up, with span closings).
pub fn capture_traces() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadBuffer)
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
    });
    TRACES.with(|t| t.borrow_mut().clear());
}

/// What this thread traced since [`capture_traces`].
pub fn captured_traces() -> String {
    TRACES.with(|t| String::from_utf8(t.borrow().clone()).expect("UTF-8 traces"))
}
