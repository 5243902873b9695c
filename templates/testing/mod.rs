//! A mock Intercom for your tests (cargo feature `testing`, meant for `[dev-dependencies]`).
//!
//! ```toml
//! [dev-dependencies]
//! intercom-api = { version = "0.1", features = ["testing"] }
//! ```
//!
//! [`MockServer::start`] listens on a loopback port and answers **every operation** of the
//! crate's API descriptions (the Preview API's too, with the `preview` feature) without any
//! setup: with the example the API description documents for the operation's success response,
//! or, where it documents none, with a value made from the response type. Paged operations
//! answer one last page; a stub with [`StubBuilder::items`] serves any number of items over
//! pages with working cursors, page numbers or scrolls.
//!
//! ```no_run
//! # async fn run() -> intercom_api::Result<()> {
//! use intercom_api::testing::{Answer, MockServer};
//! use serde_json::json;
//!
//! let mock = MockServer::start().await;
//! let client = mock.client();
//!
//! // Anything can be called without setup.
//! let me = client.admins().identify().send().await?;
//!
//! // Stubs change answers, for the requests that match.
//! mock.on("contacts.get")
//!     .path_param("contact_id", "42")
//!     .json(200, json!({"type": "contact", "id": "42", "email": "ada@example.com"}));
//! let ada = client.contacts().get("42").send().await?;
//! assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
//!
//! // 250 contacts over pages of 50, followed with real cursors.
//! mock.on("contacts.list").items(250);
//! let all = client.contacts().list().items().collect_all().await?;
//! assert_eq!(all.len(), 250);
//!
//! // The journal says what arrived.
//! mock.assert_called("contacts.list", 5);
//! # let _ = me;
//! # Ok(())
//! # }
//! ```
//!
//! Requests are checked the way Intercom checks them, before any stub sees them, and refused
//! with Intercom's error body
//! (`{"type": "error.list", "request_id": "…", "errors": [{"code": …, "message": …, "field": …}]}`,
//! which the client turns into [`Error::Api`](crate::Error::Api)):
//!
//! | request | answer |
//! |---|---|
//! | no `Authorization: Bearer …` (or not the [`MockServerBuilder::token`]) | 401 `unauthorized` |
//! | an `Intercom-Version` the crate was not generated for | 400 `intercom_version_invalid` |
//! | a method and path no operation has | 404 `not_found` |
//! | a required path, query or body field missing | 400 `parameter_not_found`, naming the field |
//! | a field of the wrong type, or a body field the operation does not have | 400 `parameter_invalid`, naming the field |
//! | a query parameter with one accepted value (`type=user` on `GET /events`) missing or different | 400 `parameter_not_found` / `parameter_invalid`, naming the field |
//!
//! The check is the one `Client::execute` makes on its JSON input (the request is turned back
//! into that input and decoded into the operation's typed request builder, which is then
//! dropped), so the mock accepts exactly what the typed client can send. Query parameters an
//! operation does not have are ignored, as Intercom ignores them; multipart bodies are not
//! checked field by field.
//!
//! [`MockServer::on`] stubs an operation (by `resource.method` name or operation id): matchers
//! on path parameters, query and body, a limit ([`times`](StubBuilder::times)), a delay, and an
//! answer: fixed ([`Answer`]), from a closure, a [`sequence`](StubBuilder::sequence) (a 429 with
//! `Retry-After`, then the example), or pages of items. The newest stub that matches answers.
//! [`MockServer::requests`] is the journal ([`MockRequest`]: operation, method, path, query,
//! headers, body, status), with [`calls`](MockServer::calls) and
//! [`assert_called`](MockServer::assert_called).
//!
//! The answers and the route of each operation are generated from the same description as the
//! client (`routes.rs`, `examples.rs`), so they cannot disagree with it; the crate's own test
//! calls every operation through its typed builder against the default mock. The server is
//! [`wiremock`](https://docs.rs/wiremock)'s, running on its own threads.

mod answer;
mod journal;
mod pages;
mod route;
mod server;
mod stub;
mod validate;

// The generated tables (`include!`d: rustfmt, run on the templates, does not look for them).
/// The default answers and page items (generated).
mod examples {
    include!("examples.rs");
}
/// The stable API's rows (generated).
mod routes {
    include!("routes.rs");
}
/// The Preview API's rows (generated).
#[cfg(feature = "preview")]
mod preview_routes {
    include!("preview_routes.rs");
}

pub use answer::Answer;
pub use journal::MockRequest;
pub use server::{MOCK_TOKEN, MockServer, MockServerBuilder};
pub use stub::{Stub, StubBuilder};

#[cfg(test)]
mod tests {
    use super::route::Api;

    fn check_rows(api: &Api) {
        assert_eq!(api.routes.len(), api.operations.len());
        for (route, op) in api.routes.iter().zip(api.operations) {
            assert_eq!(
                route.id, op.id,
                "rows and the operation table are in one order"
            );
            if let Some(text) = route.answer {
                assert!(
                    serde_json::from_str::<serde_json::Value>(text).is_ok(),
                    "{}: {text}",
                    op.name
                );
            }
            assert_eq!(
                route.paging.is_some(),
                op.paging.is_paginated(),
                "{}",
                op.name
            );
        }
    }

    #[test]
    fn routes_pair_with_the_operation_table() {
        check_rows(&super::routes::API);
        #[cfg(feature = "preview")]
        check_rows(&super::preview_routes::API);
    }
}
