//! Keeping the access token out of everything the server writes: tool results ([`Redactor`])
//! and the log on stderr ([`LogWriter`]), whatever an answer from Intercom or a caller's input
//! holds (at `--log trace`, rmcp logs every message it receives).

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Replaces the access token by `[redacted]` in text.
#[derive(Clone)]
pub struct Redactor {
    token: String,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor(***)")
    }
}

impl Redactor {
    /// Shortest token that is searched for (a shorter one would match ordinary text).
    const MIN_LEN: usize = 6;

    /// Redacts `token`.
    pub fn new(token: &str) -> Redactor {
        Redactor {
            token: token.to_owned(),
        }
    }

    /// `text` with every occurrence of the token replaced by `[redacted]`.
    pub fn clean(&self, text: String) -> String {
        if self.token.len() >= Self::MIN_LEN && text.contains(&self.token) {
            text.replace(&self.token, "[redacted]")
        } else {
            text
        }
    }
}

/// The log's writer: stderr, one event at a time, redacted.
#[derive(Clone, Debug)]
pub struct LogWriter {
    redactor: Redactor,
}

impl LogWriter {
    /// A writer that redacts with `redactor`.
    pub fn new(redactor: Redactor) -> LogWriter {
        LogWriter { redactor }
    }
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = LogEvent;

    fn make_writer(&'a self) -> LogEvent {
        LogEvent {
            redactor: self.redactor.clone(),
            buffer: Vec::new(),
        }
    }
}

/// One log event: buffered, then redacted and written to stderr when dropped (the formatter
/// makes one writer per event).
pub struct LogEvent {
    redactor: Redactor,
    buffer: Vec<u8>,
}

impl Write for LogEvent {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&std::mem::take(&mut self.buffer)).into_owned();
        io::stderr().write_all(self.redactor.clean(text).as_bytes())
    }
}

impl Drop for LogEvent {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_long_tokens_only() {
        let redactor = Redactor::new("tok_SECRET_123");
        assert_eq!(
            redactor.clean("Bearer tok_SECRET_123 and tok_SECRET_123".into()),
            "Bearer [redacted] and [redacted]"
        );
        // Short tokens would match ordinary words: not searched.
        assert_eq!(Redactor::new("a").clean("a b".into()), "a b");
    }

    #[test]
    fn log_events_are_buffered_until_dropped() {
        let writer = LogWriter::new(Redactor::new("tok_SECRET_123"));
        let mut event = writer.make_writer();
        event.write_all(b"tok_SECRET").unwrap();
        event.write_all(b"_123\n").unwrap();
        assert_eq!(event.buffer, b"tok_SECRET_123\n");
        let text = String::from_utf8_lossy(&event.buffer).into_owned();
        assert_eq!(event.redactor.clean(text), "[redacted]\n");
    }
}
