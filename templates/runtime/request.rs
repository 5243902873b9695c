//! How generated operation code describes one HTTP call: [`Request`], [`HttpMethod`] and
//! [`encode_path_segment`].
//!
//! Query parameters follow OpenAPI's `style: form` rules; path parameters are encoded so that
//! each stays exactly one path segment.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::error::{Error, Result};
use super::file::FilePart;
pub use super::vocab::HttpMethod;

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl HttpMethod {
    /// The equivalent `reqwest` method.
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

/// Percent-encodes `value` so that it stays a single URL path segment.
///
/// Everything except RFC 3986 unreserved characters is encoded, non-ASCII as its UTF-8 bytes:
/// `a/b?x=1#frag` becomes `a%2Fb%3Fx%3D1%23frag`. (Values that are empty, `.` or `..` cannot be
/// a meaningful segment; [`Client`](super::Client) rejects such paths before sending.)
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// One HTTP call, as described by generated operation code and sent by a
/// [`Client`](super::Client) through [`ResponseKind`](super::response_kind::ResponseKind).
///
/// ```ignore
/// let mut req = Request::new("getContact", HttpMethod::Get, format!("/contacts/{}", encode_path_segment(id)));
/// req.query("per_page", &per_page, true)?;
/// let contact: Contact = client.send::<Json<Contact>>(req).await?;
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: HttpMethod,
    /// The path template as the API description writes it (`/contacts/{contact_id}`), for
    /// tracing: it names the endpoint without the ids in it.
    pub(crate) template: Cow<'static, str>,
    pub(crate) path: String,
    /// Already percent-encoded `name=value` pairs, in order.
    pub(crate) query: Vec<String>,
    /// Extra headers; they replace the client's defaults of the same name.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Serialized JSON body, if any.
    pub(crate) body: Option<Vec<u8>>,
    /// A `multipart/form-data` body, if any (instead of JSON).
    pub(crate) multipart: Option<Vec<(String, FormValue)>>,
}

/// One field of a `multipart/form-data` body.
#[derive(Debug, Clone)]
pub(crate) enum FormValue {
    Text(String),
    File(FilePart),
}

impl Request {
    /// Starts describing a call of `operation` (its OpenAPI `operationId`, used in errors).
    ///
    /// `path` must begin with `/` and have every parameter already passed through
    /// [`encode_path_segment`].
    pub fn new(operation: &'static str, method: HttpMethod, path: String) -> Request {
        Request::with_template(operation, method, Cow::Owned(path.clone()), path)
    }

    /// Like [`new`](Self::new), also naming the path template (`/contacts/{contact_id}`) that
    /// tracing reports instead of the filled-in path.
    pub fn templated(
        operation: &'static str,
        method: HttpMethod,
        template: &'static str,
        path: String,
    ) -> Request {
        Request::with_template(operation, method, Cow::Borrowed(template), path)
    }

    /// A request of `operation` to `path`, reported as `template`.
    pub(crate) fn with_template(
        operation: &'static str,
        method: HttpMethod,
        template: Cow<'static, str>,
        path: String,
    ) -> Request {
        Request {
            operation,
            method,
            template,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            multipart: None,
        }
    }

    /// The operation this request belongs to.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> HttpMethod {
        self.method
    }

    /// The encoded path, e.g. `/contacts/123`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path template, e.g. `/contacts/{contact_id}` (the path itself when none was given).
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The encoded query string without the leading `?` (empty if there are no parameters).
    pub fn query_string(&self) -> String {
        self.query.join("&")
    }

    /// Adds a query parameter using OpenAPI `style: form`.
    ///
    /// `value` is serialized with `serde_json`, then:
    /// * `null` adds nothing (so `Option::None` parameters are simply left out);
    /// * a string adds `name=value`; numbers and booleans add their JSON text;
    /// * an array adds `name=a&name=b` when `explode`, else `name=a,b`;
    /// * an object adds `k1=v1&k2=v2` when `explode` (the parameter name itself is not used),
    ///   else `name=k1,v1,k2,v2`.
    ///
    /// `null` members of arrays and objects are skipped, and empty arrays and objects add
    /// nothing. Arrays or objects nested inside arrays or objects cannot be expressed in this
    /// style and are an [`Error::InvalidRequest`] naming the parameter, as is a value that fails
    /// to serialize.
    pub fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<()> {
        let value = serde_json::to_value(value).map_err(|e| {
            Error::InvalidRequest(format!(
                "{}: query parameter `{name}` could not be serialized: {e}",
                self.operation
            ))
        })?;
        let operation = self.operation;
        let nested = || {
            Error::InvalidRequest(format!(
                "{operation}: query parameter `{name}` contains a nested array or object, which \
                 `style: form` cannot express"
            ))
        };
        match value {
            Value::Null => {}
            Value::Array(items) => {
                let mut atoms = Vec::with_capacity(items.len());
                for item in &items {
                    if let Some(atom) = scalar(item).map_err(|()| nested())? {
                        atoms.push(atom);
                    }
                }
                self.push_list(name, &atoms, explode);
            }
            Value::Object(map) => {
                let mut pairs = Vec::with_capacity(map.len());
                for (key, item) in &map {
                    if let Some(atom) = scalar(item).map_err(|()| nested())? {
                        pairs.push((key.as_str(), atom));
                    }
                }
                if explode {
                    for (key, atom) in pairs {
                        self.push_pair(key, &[atom]);
                    }
                } else if !pairs.is_empty() {
                    let flat: Vec<_> = pairs
                        .into_iter()
                        .flat_map(|(k, v)| [k.to_owned(), v])
                        .collect();
                    self.push_pair(name, &flat);
                }
            }
            scalar_value => {
                if let Some(atom) = scalar(&scalar_value).map_err(|()| nested())? {
                    self.push_pair(name, &[atom]);
                }
            }
        }
        Ok(())
    }

    /// Sets the JSON request body; the client adds `Content-Type: application/json`.
    ///
    /// A value that fails to serialize is an [`Error::InvalidRequest`].
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<()> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::InvalidRequest(format!(
                "{}: request body could not be serialized: {e}",
                self.operation
            ))
        })?;
        self.body = Some(bytes);
        Ok(())
    }

    /// Adds a text field to a `multipart/form-data` body: `value` serialized as JSON, strings
    /// without their quotes; `null` adds nothing.
    ///
    /// Arrays and objects, and values that fail to serialize, are an [`Error::InvalidRequest`].
    pub fn form_text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<()> {
        let value = serde_json::to_value(value).ok();
        let text = match value.as_ref().map(scalar) {
            Some(Ok(text)) => text,
            _ => {
                return Err(Error::InvalidRequest(format!(
                    "{}: form field `{name}` must be a string, number or boolean",
                    self.operation
                )));
            }
        };
        let fields = self.multipart.get_or_insert_with(Vec::new);
        if let Some(text) = text {
            fields.push((name.to_owned(), FormValue::Text(text)));
        }
        Ok(())
    }

    /// Adds a file to a `multipart/form-data` body.
    pub fn form_file(&mut self, name: &str, file: &FilePart) {
        self.multipart
            .get_or_insert_with(Vec::new)
            .push((name.to_owned(), FormValue::File(file.clone())));
    }

    /// Sets a header declared by the operation, e.g. `Accept: application/octet-stream`.
    ///
    /// It replaces the client's default of the same name. An invalid name or value is an
    /// [`Error::InvalidRequest`].
    pub fn header(&mut self, name: &'static str, value: &str) -> Result<()> {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::InvalidRequest(format!(
                "{}: `{name}` is not a valid header name",
                self.operation
            ))
        })?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidRequest(format!(
                "{}: the value of header `{name}` contains invalid characters",
                self.operation
            ))
        })?;
        self.headers.retain(|(n, _)| *n != header_name);
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Checks that the path begins with `/` and that no segment is empty, `.` or `..`, which
    /// URL normalisation would silently drop or resolve, sending the call to another endpoint.
    pub(crate) fn check_path(&self) -> Result<()> {
        let Some(rest) = self.path.strip_prefix('/') else {
            return Err(Error::InvalidRequest(format!(
                "{}: path `{}` does not begin with `/`",
                self.operation, self.path
            )));
        };
        for segment in rest.split('/') {
            let lower = segment.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "" | "." | ".." | "%2e" | ".%2e" | "%2e." | "%2e%2e"
            ) {
                return Err(Error::InvalidRequest(format!(
                    "{}: path `{}` has an empty, `.` or `..` segment (is a path parameter empty?)",
                    self.operation, self.path
                )));
            }
        }
        Ok(())
    }

    /// Adds `name=a` or `name=a,b` (one parameter) or, when `explode`, `name=a&name=b`.
    fn push_list(&mut self, name: &str, atoms: &[String], explode: bool) {
        if explode {
            for atom in atoms {
                self.push_pair(name, std::slice::from_ref(atom));
            }
        } else if !atoms.is_empty() {
            self.push_pair(name, atoms);
        }
    }

    /// Adds one `name=v1,v2,…` pair, percent-encoding the name and each value (the separating
    /// commas stay literal, as `style: form` requires).
    fn push_pair<S: AsRef<str>>(&mut self, name: &str, values: &[S]) {
        let mut pair = utf8_percent_encode(name, COMPONENT).to_string();
        pair.push('=');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                pair.push(',');
            }
            pair.extend(utf8_percent_encode(value.as_ref(), COMPONENT));
        }
        self.query.push(pair);
    }
}

/// The form-style text of a scalar: `Ok(None)` for `null`, `Err(())` for arrays and objects.
fn scalar(value: &Value) -> std::result::Result<Option<String>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn req() -> Request {
        Request::new("op", HttpMethod::Get, "/things".into())
    }

    #[test]
    fn path_segments_are_fully_encoded() {
        assert_eq!(encode_path_segment("a/b?x=1#frag"), "a%2Fb%3Fx%3D1%23frag");
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode_path_segment("é ü+%"), "%C3%A9%20%C3%BC%2B%25");
        assert_eq!(encode_path_segment(""), "");
    }

    #[test]
    fn method_names() {
        assert_eq!(HttpMethod::Get.as_str(), "GET");
        assert_eq!(HttpMethod::Patch.to_string(), "PATCH");
        assert_eq!(HttpMethod::Delete.to_reqwest(), reqwest::Method::DELETE);
    }

    #[test]
    fn scalars() {
        let mut r = req();
        r.query("s", "a b&c=d", true).unwrap();
        r.query("n", &12, false).unwrap();
        r.query("f", &1.5, false).unwrap();
        r.query("b", &true, true).unwrap();
        r.query("none", &None::<u32>, true).unwrap();
        r.query("some", &Some("x"), true).unwrap();
        r.query("ü", "ß", true).unwrap();
        assert_eq!(
            r.query_string(),
            "s=a%20b%26c%3Dd&n=12&f=1.5&b=true&some=x&%C3%BC=%C3%9F"
        );
    }

    #[test]
    fn arrays() {
        let mut r = req();
        r.query("ids", &["1", "2,3"], false).unwrap();
        r.query("tag", &vec![1, 2], true).unwrap();
        r.query("empty", &Vec::<u8>::new(), false).unwrap();
        r.query("holes", &[Some(1), None, Some(3)], false).unwrap();
        assert_eq!(r.query_string(), "ids=1,2%2C3&tag=1&tag=2&holes=1,3");
    }

    #[test]
    fn objects() {
        let mut map = BTreeMap::new();
        map.insert("user_id", "123");
        map.insert("email", "a@b.c");
        let mut r = req();
        r.query("filter", &map, true).unwrap();
        assert_eq!(r.query_string(), "email=a%40b.c&user_id=123");

        let mut r = req();
        r.query("filter", &map, false).unwrap();
        assert_eq!(r.query_string(), "filter=email,a%40b.c,user_id,123");

        #[derive(Serialize)]
        struct P {
            page: u32,
            starting_after: Option<String>,
        }
        let mut r = req();
        r.query(
            "p",
            &P {
                page: 2,
                starting_after: None,
            },
            true,
        )
        .unwrap();
        assert_eq!(r.query_string(), "page=2");
    }

    #[test]
    fn nested_values_are_rejected() {
        let mut r = req();
        let err = r.query("deep", &[[1, 2]], true).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(m) if m.contains("`deep`")),
            "{err}"
        );
        let mut map = BTreeMap::new();
        map.insert("k", vec![1]);
        let err = r.query("obj", &map, false).unwrap_err();
        assert!(err.to_string().contains("`obj`"));
        assert_eq!(r.query_string(), "");
    }

    #[test]
    fn unserializable_values_are_errors() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1u8); // non-string keys cannot become a JSON object
        let mut r = req();
        assert!(matches!(
            r.query("m", &map, true),
            Err(Error::InvalidRequest(_))
        ));
        assert!(matches!(r.json(&map), Err(Error::InvalidRequest(_))));
        assert!(r.body.is_none());
    }

    #[test]
    fn json_body_and_headers() {
        let mut r = req();
        r.json(&serde_json::json!({"a": 1})).unwrap();
        assert_eq!(r.body.as_deref(), Some(&br#"{"a":1}"#[..]));
        r.header("Accept", "application/octet-stream").unwrap();
        r.header("accept", "text/plain").unwrap();
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.headers[0].1, "text/plain");
        assert!(matches!(
            r.header("bad name", "x"),
            Err(Error::InvalidRequest(_))
        ));
        assert!(matches!(
            r.header("x-ok", "line\nbreak"),
            Err(Error::InvalidRequest(_))
        ));
    }

    #[test]
    fn path_check() {
        let ok = Request::new("op", HttpMethod::Get, "/contacts/a%2Fb".into());
        assert!(ok.check_path().is_ok());
        for bad in [
            "/contacts//notes",
            "/contacts/",
            "/contacts/..",
            "/a/%2E%2e/b",
            "/a/./b",
            "x",
        ] {
            let r = Request::new("op", HttpMethod::Get, bad.into());
            assert!(
                matches!(r.check_path(), Err(Error::InvalidRequest(_))),
                "{bad}"
            );
        }
    }
}
