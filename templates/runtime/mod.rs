//! Hand-written HTTP runtime shared by every generated operation.
//!
//! The generated operation code describes each call as a [`Request`] and hands it to
//! `Client::call::<K>`, `K` the [`ResponseKind`](response_kind::ResponseKind) of its answer;
//! everything about talking HTTP to Intercom (authentication, headers, URL and query encoding,
//! redirects, timeouts, lenient decoding and error parsing) lives here.
//!
//! * [`client`]: [`Client`] and [`RequestOptions`]: a handle, what it can be asked, and
//!   `Client::call`, the one call path (generated operations, raw requests, tests).
//! * [`builder`]: [`ClientBuilder`] (with `Client::new` and `Client::builder`) and [`Region`].
//! * [`transport`]: the attempt loop under every call: timeouts, retries, the rate governor and
//!   a tracing span per call; it hands back the successful reply.
//! * [`response_kind`]: [`ResponseKind`](response_kind::ResponseKind), what a call answers and
//!   how a reply becomes it, one implementation per kind: JSON, empty, text, redirect, raw body
//!   and [`Download`].
//! * [`call`]: [`Call`], the boxed future every request builder's `send()` returns.
//! * [`retry`]: [`RetryPolicy`], what is retried and how long to wait.
//! * [`governor`]: [`RateGovernor`], one rate budget for every call of a workspace, and
//!   [`RateBudget`], its view of the budget; [`rate_window`] keeps its books.
//! * [`response`]: [`ApiResponse`] (a value with its status, headers and attempts) and
//!   [`RateLimit`].
//! * [`download`]: [`Download`], a streamed response body for file downloads.
//! * [`raw`]: [`RawRequest`], the escape hatch for calls the operations do not cover.
//! * [`poll`]: [`PollOptions`], waiting for a data export job to finish.
//! * [`upsert`]: [`Upsert`], create-or-update through a create operation's 409 (the generated
//!   `upsert` helpers).
//! * [`file`]: [`FilePart`], a file in a `multipart/form-data` body.
//! * [`request`]: [`Request`], [`HttpMethod`] and path-segment encoding.
//! * [`error`]: [`Error`], [`ApiError`], [`ErrorItem`], [`DecodeError`] and [`Result`].
//! * [`error_kind`]: [`ErrorKind`], what an unsuccessful answer means beyond its status (a rate
//!   limit or a pending-jobs limit, an existing record, a scroll that cannot go on).
//! * [`lenient`]: what the crate's types accept beyond exact JSON types (ids as numbers, numeric
//!   strings, `"true"`, …): the [`Lenient`](lenient::Lenient) trait every model field decodes
//!   through, so models are lenient under plain `serde_json` too.
//! * [`decode`]: [`decode_json`], response bodies with the JSON path of a failure.
//! * [`timestamp`]: [`Timestamp`], Intercom's unix-seconds date-times.
//! * [`nullable`]: [`Nullable`], a request field that can be left out, cleared or set.
//! * [`locale`]: [`Locale`] and [`LocaleMap`], the help center's languages and translated content.
//! * [`custom_attributes`]: [`CustomAttributes`], with typed accessors.
//! * [`event_metadata`]: [`EventMetadata`] and [`MetadataValue`], a data event's metadata with
//!   the value kinds `POST /events` documents.
//! * [`constant`]: [`True`], a request field whose only allowed value is `true`.
//! * [`search`]: [`Query`](search::Query) and typed [`Field`](search::Field)s for the search
//!   endpoints.
//! * [`shape`]: closed-world shape matching ([`Shape`], [`fits`]) for request-side unions.
//! * [`object`]: serde for generated structs and enums ([`json_object!`], [`string_enum!`]).
//! * [`operation`]: [`OperationInfo`], one row of the generated operation table, and [`Risk`].
//! * [`execute_error`]: [`ExecuteError`] and [`InputProblem`], why `Client::execute` refused a
//!   call (kept apart from [`registry`] so that [`error`] need not depend on it).
//! * [`registry`]: operations by name: finding them, checking and decoding JSON input, and
//!   answering JSON, for the generated `Client::execute`.
//! * [`paging`]: [`Pages`](paging::Pages) and [`Items`](paging::Items), the streams behind every
//!   paginated operation's `.pages()` and `.items()`.
//! * `vocab` (private): [`HttpMethod`], [`Risk`], [`PagingStyle`] and the search operators,
//!   one definition shared with the code generator, which compiles the same file; re-exported
//!   by the modules above.
//!
//! The files form layers: each uses only files below it, never one that uses it back (no import
//! cycle; `generator/tests/runtime_imports.rs` checks it). Shared pieces sit low: [`call`],
//! [`execute_error`], and `server_delay` in [`response`].

pub mod builder;
pub mod call;
pub mod client;
pub mod constant;
pub mod custom_attributes;
pub mod decode;
pub mod download;
pub mod error;
pub mod error_kind;
pub mod event_metadata;
pub mod execute_error;
pub mod file;
pub mod governor;
pub mod lenient;
pub mod locale;
pub mod nullable;
pub mod object;
pub mod operation;
pub mod paging;
pub mod poll;
pub mod rate_window;
pub mod raw;
pub mod registry;
pub mod request;
pub mod response;
pub mod response_kind;
pub mod retry;
pub mod search;
pub mod shape;
pub mod timestamp;
pub mod transport;
pub mod upsert;
mod vocab;

// The public API; lib.rs re-exports these at the crate root.
pub use builder::{ClientBuilder, Region};
pub use call::Call;
pub use client::{Client, RequestOptions};
pub use constant::True;
pub use custom_attributes::CustomAttributes;
pub use download::Download;
pub use error::{ApiError, DecodeError, Error, ErrorItem, PaginationError, Result};
pub use error_kind::ErrorKind;
pub use event_metadata::{EventMetadata, MetadataValue};
pub use execute_error::{ExecuteError, InputProblem};
pub use file::FilePart;
pub use governor::{RateBudget, RateGovernor};
pub use locale::{Locale, LocaleMap};
pub use nullable::Nullable;
pub use operation::{OperationInfo, Risk};
pub use paging::PagingStyle;
pub use poll::PollOptions;
pub use raw::RawRequest;
pub use request::HttpMethod;
pub use response::{ApiResponse, RateLimit};
pub use retry::RetryPolicy;
pub use timestamp::Timestamp;
#[cfg(any(feature = "chrono", feature = "time"))]
pub use timestamp::TimestampRangeError;
pub use upsert::Upsert;

// Used by generated code as `crate::runtime::…`. lib.rs should also re-export them at the crate
// root (`#[doc(hidden)]` for all but `ParseTimestampError`, the `Err` type of
// `Timestamp::from_str`): the loopback tests use `Request` and `encode_path_segment`, and a
// re-export keeps an item that a given API description happens not to need from being dead code.
#[allow(unused_imports)]
pub(crate) use crate::runtime::lenient::{Lenient, from_value};
#[allow(unused_imports)]
pub use call::call_value;
#[allow(unused_imports)]
pub use decode::decode_json;
#[allow(unused_imports)]
pub(crate) use object::{json_object, string_enum};
#[allow(unused_imports)]
pub use request::{Request, encode_path_segment};
#[allow(unused_imports)]
pub use shape::{JsonKind, Prop, Shape, fits};
#[allow(unused_imports)]
pub use timestamp::ParseTimestampError;
