//! [`OperationInfo`]: one row of the generated table describing every API operation, and its
//! [`Risk`]. A row serializes to JSON (`serde_json::to_value(info)`) with the same fields.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::paging::PagingStyle;
use super::request::HttpMethod;
pub use super::vocab::Risk;

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
    /// A call can send something to end users (customers) or show it to them: a message, a
    /// reply, an SMS, a published article or news item. Separate from [`risk`](Self::risk): an
    /// agent gating calls needs to know "this emails a customer" whatever the risk.
    pub reaches_end_users: bool,
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

/// A JSON object with every field: enums as their lower-case names (`"GET"`, `"page_number"`,
/// `"destructive"`), `input_schema` as the schema object itself.
impl Serialize for OperationInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let schema: serde_json::Value = serde_json::from_str(self.input_schema)
            .unwrap_or_else(|_| serde_json::Value::String(self.input_schema.to_owned()));
        let mut row = serializer.serialize_struct("OperationInfo", 14)?;
        row.serialize_field("id", self.id)?;
        row.serialize_field("name", self.name)?;
        row.serialize_field("resource", self.resource)?;
        row.serialize_field("method_name", self.method_name)?;
        row.serialize_field("http_method", self.http_method.as_str())?;
        row.serialize_field("path", self.path)?;
        row.serialize_field("summary", self.summary)?;
        row.serialize_field("has_body", &self.has_body)?;
        row.serialize_field("paging", self.paging.as_str())?;
        row.serialize_field("risk", self.risk.as_str())?;
        row.serialize_field("reaches_end_users", &self.reaches_end_users)?;
        row.serialize_field("deprecated", &self.deprecated)?;
        row.serialize_field("enabled", &self.enabled)?;
        row.serialize_field("input_schema", &schema)?;
        row.end()
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
            reaches_end_users: false,
            deprecated: false,
            enabled: true,
            input_schema: r#"{"type":"object"}"#,
        };
        let copy = INFO;
        assert_eq!(copy, INFO);
        assert_eq!(copy.http_method.as_str(), "GET");
        assert!(!copy.is_paginated());
        assert_eq!(
            serde_json::to_value(INFO).unwrap(),
            serde_json::json!({
                "id": "ShowContact", "name": "contacts.get", "resource": "contacts",
                "method_name": "get", "http_method": "GET", "path": "/contacts/{id}",
                "summary": "Get a contact", "has_body": false, "paging": "none",
                "risk": "read", "reaches_end_users": false, "deprecated": false,
                "enabled": true, "input_schema": {"type": "object"}
            })
        );
    }

    #[test]
    fn risks_are_ordered_by_harm() {
        assert!(Risk::Read < Risk::Write && Risk::Write < Risk::Destructive);
        assert_eq!(Risk::Destructive.to_string(), "destructive");
        assert_eq!(Risk::Read.as_str(), "read");
    }
}
