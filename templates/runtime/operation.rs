//! [`OperationInfo`]: one row of the generated table describing every API operation.

use super::paging::PagingStyle;
use super::request::HttpMethod;

/// Static description of one Intercom API operation, as listed in the generated operation
/// table (useful for logging, metrics, tooling and documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The OpenAPI `operationId`, e.g. `"getContact"`; also the name used in errors.
    pub id: &'static str,
    /// The resource (API tag) the operation belongs to, e.g. `"Contacts"`.
    pub resource: &'static str,
    /// The name of the Rust method that calls it, e.g. `"get"` (on the resource's accessor).
    pub method_name: &'static str,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template with `{parameter}` placeholders, e.g. `"/contacts/{id}"`.
    pub path: &'static str,
    /// The one-line summary from the API description.
    pub summary: &'static str,
    /// Whether the operation sends a request body.
    pub has_body: bool,
    /// How the operation pages through its results ([`PagingStyle::None`] when it does not);
    /// paginated operations have `.pages()` and `.items()` on their request builder.
    pub paging: PagingStyle,
}

impl OperationInfo {
    /// Whether the operation returns one page of a paginated list.
    pub const fn is_paginated(&self) -> bool {
        self.paging.is_paginated()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_plain_copyable_data() {
        const INFO: OperationInfo = OperationInfo {
            id: "getContact",
            resource: "Contacts",
            method_name: "get",
            http_method: HttpMethod::Get,
            path: "/contacts/{id}",
            summary: "Get a contact",
            has_body: false,
            paging: PagingStyle::None,
        };
        let copy = INFO;
        assert_eq!(copy, INFO);
        assert_eq!(copy.http_method.as_str(), "GET");
        assert!(!copy.is_paginated());
    }
}
