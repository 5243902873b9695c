//! [`MockRequest`]: one request the mock server received, as the journal keeps it and as stub
//! matchers and closures see it.

use std::fmt;

use serde_json::Value;

use crate::runtime::OperationInfo;

/// A request the mock server received: what arrived, which operation it was routed to, and the
/// status the mock answered.
#[derive(Clone)]
pub struct MockRequest {
    pub(super) operation: Option<&'static OperationInfo>,
    pub(super) preview: bool,
    pub(super) method: String,
    pub(super) path: String,
    pub(super) path_params: Vec<(String, String)>,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) request_id: String,
    pub(super) status: Option<u16>,
}

impl MockRequest {
    /// The operation it was routed to, `resource.method` (`"contacts.get"`); `None` for a
    /// request no operation has.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation.map(|op| op.name)
    }

    /// The operation it was routed to, with everything the operation table says about it.
    pub fn operation_info(&self) -> Option<&'static OperationInfo> {
        self.operation
    }

    /// Whether it was a Preview API call (`Intercom-Version: Preview`).
    pub fn is_preview(&self) -> bool {
        self.preview
    }

    /// The HTTP method (`"GET"`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, as sent (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A path parameter by its name in the operation's path template, decoded.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        find(&self.path_params, name, false)
    }

    /// The first value of a query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<&str> {
        find(&self.query, name, false)
    }

    /// Every query parameter, decoded, in order (a repeated key appears once per value).
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// A header's value (the name is case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name, true)
    }

    /// Every header, names in lower case.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON (`None` when it is empty or not JSON).
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The `request_id` the mock gave it (in error bodies and the `X-Request-Id` header).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The status the mock answered (`None` while the answer is being made, as a stub's
    /// closure sees it).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// Whether it was routed to `operation` (a `resource.method` name or an operation id).
    pub(super) fn is(&self, operation: &str) -> bool {
        self.operation
            .is_some_and(|op| op.name == operation || op.id == operation)
    }
}

/// `METHOD path (operation) → status`.
impl fmt::Display for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.query.is_empty() {
            f.write_str("?")?;
            for (i, (k, v)) in self.query.iter().enumerate() {
                let sep = if i == 0 { "" } else { "&" };
                write!(f, "{sep}{k}={v}")?;
            }
        }
        match self.operation {
            Some(op) if self.preview => write!(f, " (preview {})", op.name)?,
            Some(op) => write!(f, " ({})", op.name)?,
            None => f.write_str(" (no operation)")?,
        }
        if let Some(status) = self.status {
            write!(f, " → {status}")?;
        }
        Ok(())
    }
}

/// Like `Display`, with the body; the `Authorization` header is never shown.
impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if k == "authorization" { "…" } else { v };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("MockRequest")
            .field("operation", &self.operation())
            .field("preview", &self.preview)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("status", &self.status)
            .finish()
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str, any_case: bool) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| {
            if any_case {
                k.eq_ignore_ascii_case(name)
            } else {
                k == name
            }
        })
        .map(|(_, v)| v.as_str())
}
