//! Every operation of the stable API (and of the Preview API, with `preview`) called once
//! through its typed builder, with its smallest input, against the testing kit's default mock
//! server: each call must succeed and decode into its typed response, and the mock must have
//! routed it to the operation called. The calls are generated from the same description as the
//! client (`calls.rs`, `preview_calls.rs`; one test per resource).

use std::fmt::Debug;

use intercom_api::testing::MockServer;
use intercom_api::{Client, Download, OPERATIONS, Result};

/// The generated calls of the stable API.
mod stable {
    include!("calls.rs");
}

/// The generated calls of the Preview API.
#[cfg(feature = "preview")]
mod preview {
    include!("preview_calls.rs");
}

/// An argument's smallest value, from the JSON the generator made for its type.
fn arg<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        panic!(
            "{json} does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// The calls of one test, against one mock server.
struct Calls {
    mock: MockServer,
    preview: bool,
    succeeded: usize,
    failures: Vec<String>,
}

impl Calls {
    async fn start(preview: bool) -> Calls {
        Calls {
            mock: MockServer::start().await,
            preview,
            succeeded: 0,
            failures: Vec::new(),
        }
    }

    fn client(&self) -> Client {
        self.mock.client()
    }

    /// Records whether the call of `name` succeeded, and was routed to `name`.
    fn check<T: Debug>(&mut self, name: &str, result: Result<T>) {
        if let Err(e) = result {
            self.failures.push(format!("{name}: {e}"));
            return;
        }
        let requests = self.mock.requests();
        match requests.last() {
            Some(last)
                if last.operation() == Some(name)
                    && last.is_preview() == self.preview
                    && last.status().is_some_and(|s| (200..400).contains(&s)) =>
            {
                self.succeeded += 1;
            }
            other => self
                .failures
                .push(format!("{name}: the mock saw {other:?}")),
        }
    }

    /// [`check`](Self::check) for a file: the download must also be read whole.
    async fn download(&mut self, name: &str, result: Result<Download>) {
        let read = match result {
            Ok(download) => download.bytes().await.map(|bytes| bytes.len()),
            Err(e) => Err(e),
        };
        self.check(name, read);
    }

    /// Fails with every failure, unless all `expected` calls succeeded.
    fn finish(self, expected: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {expected} calls failed:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert_eq!(self.succeeded, expected);
    }
}

#[test]
fn the_calls_cover_every_operation() {
    let table: Vec<&str> = OPERATIONS.iter().map(|op| op.name).collect();
    assert_eq!(stable::OPERATIONS, table.as_slice());
    #[cfg(feature = "preview")]
    {
        let table: Vec<&str> = intercom_api::preview::OPERATIONS
            .iter()
            .map(|op| op.name)
            .collect();
        assert_eq!(preview::OPERATIONS, table.as_slice());
    }
}
