//! [`OperationInfo`]: one row of the generated table describing every API operation, and its
//! [`Risk`].

use std::fmt;

use super::paging::PagingStyle;
use super::request::HttpMethod;

/// Static description of one Intercom API operation, as listed in the generated operation
/// table (`intercom_api::OPERATIONS`): for logging, metrics, documentation, and for tools and
/// agents that call operations by name (`Client::execute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The OpenAPI `operationId`, e.g. `"ShowContact"`; also the name used in errors of the
    /// typed API.
    pub id: &'static str,
    /// `resource.method`, e.g. `"contacts.get"`: the resource's module and the Rust method that
    /// calls the operation, joined by a dot. Unique, like [`id`](Self::id).
    pub name: &'static str,
    /// The resource the operation belongs to: its module and cargo feature, e.g. `"contacts"`.
    pub resource: &'static str,
    /// The name of the Rust method that calls it, e.g. `"get"` (on the resource's accessor).
    pub method_name: &'static str,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template with `{parameter}` placeholders, e.g. `"/contacts/{contact_id}"`.
    pub path: &'static str,
    /// The one-line summary from the API description.
    pub summary: &'static str,
    /// Whether the operation sends a request body.
    pub has_body: bool,
    /// How the operation pages through its results ([`PagingStyle::None`] when it does not);
    /// paginated operations have `.pages()` and `.items()` on their request builder.
    pub paging: PagingStyle,
    /// How much harm a call can do: [`Risk::Read`], [`Risk::Write`] or [`Risk::Destructive`].
    pub risk: Risk,
    /// Intercom marks the operation deprecated.
    pub deprecated: bool,
    /// Whether this build can call it: the cargo feature of its resource is on. The table lists
    /// every operation whatever the features; `Client::execute` refuses disabled ones.
    pub enabled: bool,
    /// JSON Schema (draft 2020-12) of the operation's JSON input, as compact JSON text: one
    /// object holding the path, query and header parameters under their wire names, and the
    /// request body: its properties beside the parameters when it is an object (the usual
    /// case), else one `body` property. `required` lists what must be given; referenced types
    /// are in `$defs`. This is what `Client::execute` accepts, ready to be an agent tool's input
    /// schema.
    pub input_schema: &'static str,
}

impl OperationInfo {
    /// Whether the operation returns one page of a paginated list.
    pub const fn is_paginated(&self) -> bool {
        self.paging.is_paginated()
    }
}

/// How much harm calling an operation can do, for tools and agents that decide which calls run
/// unattended and which need a human's approval. Ordered from least to most harmful, so
/// `info.risk <= Risk::Write` selects everything that is not destructive.
///
/// Decided by the code generator: `GET` reads and `DELETE` is destructive; a `POST`, `PUT` or
/// `PATCH` reads when it only queries (`search…`, `list…`, `…/search`), is destructive when its
/// method or path names a destructive action (archive, block, redact, merge, detach, unlink,
/// delete, remove, …), and writes otherwise; the project's overrides correct the few cases the
/// rule gets wrong (converting a visitor merges and deletes it, for example).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    /// Only reads data: safe to retry and to run unattended.
    Read,
    /// Creates or changes data.
    Write,
    /// Deletes, archives, blocks, redacts, merges or detaches: data is lost, hidden or combined
    /// in a way that is hard or impossible to undo.
    Destructive,
}

impl Risk {
    /// `"read"`, `"write"` or `"destructive"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Risk::Read => "read",
            Risk::Write => "write",
            Risk::Destructive => "destructive",
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_plain_copyable_data() {
        const INFO: OperationInfo = OperationInfo {
            id: "ShowContact",
            name: "contacts.get",
            resource: "contacts",
            method_name: "get",
            http_method: HttpMethod::Get,
            path: "/contacts/{id}",
            summary: "Get a contact",
            has_body: false,
            paging: PagingStyle::None,
            risk: Risk::Read,
            deprecated: false,
            enabled: true,
            input_schema: r#"{"type":"object"}"#,
        };
        let copy = INFO;
        assert_eq!(copy, INFO);
        assert_eq!(copy.http_method.as_str(), "GET");
        assert!(!copy.is_paginated());
    }

    #[test]
    fn risks_are_ordered_by_harm() {
        assert!(Risk::Read < Risk::Write && Risk::Write < Risk::Destructive);
        assert_eq!(Risk::Destructive.to_string(), "destructive");
        assert_eq!(Risk::Read.as_str(), "read");
    }
}
