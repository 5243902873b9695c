//! Operations by name: the runtime half of the generated operation registry
//! (`intercom_api::operation`, `Client::execute`, and the same for `preview`).
//!
//! `Client::execute(name, input)` finds the operation by its id (`ShowContact`) or its
//! `resource.method` name (`contacts.get`) ([`find`]; an unknown name is an error listing the
//! closest names), checks the JSON input against the top level of the operation's input schema
//! ([`Input::new`]: it must be an object without unknown keys, with every required key; top-level
//! constants are filled in), then the generated code builds the operation's own request builder
//! from it, decoding each parameter and the body into their Rust types ([`Input::required`],
//! [`Input::optional`], [`Input::rest`]; a value that does not fit is an error naming its field),
//! and sends it exactly like the typed API does. The typed response comes back as JSON
//! ([`json`], [`bytes`], [`location`]).
//!
//! Decoding uses the models' coercions ([`Lenient`]), for parameters too: ids given as numbers,
//! numbers and booleans given as strings are accepted.
//!
//! `Client::execute_items(name, input, max_items)` calls a paginated operation the same way but
//! through its paginator (`.items().max_items(n)`), collecting up to `max_items` items across
//! pages ([`items`]).

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Map, Value};

use super::client::Client;
use super::decode::decode_lenient;
use super::download::Download;
use super::error::{DecodeError, Error, Result};
use super::execute_error::{ExecuteError, InputProblem};
use super::operation::OperationInfo;
use super::paging::{Items, Paginate};
use crate::runtime::lenient::Lenient;

/// A call started by `Client::execute`: the operation's typed future, answering JSON.
pub type Pending = Pin<Box<dyn Future<Output = Result<Value>> + Send + 'static>>;

/// The generated dispatch of one API: builds and starts the call for an operation of its table.
pub type Dispatch = fn(&Client, Input) -> Result<Pending>;

/// Finds an operation of `table` by id (`ShowContact`) or `resource.method` name
/// (`contacts.get`); exact matches first, then a unique ASCII-case-insensitive one.
pub fn find(table: &'static [OperationInfo], name: &str) -> Option<&'static OperationInfo> {
    let name = name.trim();
    if let Some(op) = table.iter().find(|op| op.id == name || op.name == name) {
        return Some(op);
    }
    let mut matches = table
        .iter()
        .filter(|op| op.id.eq_ignore_ascii_case(name) || op.name.eq_ignore_ascii_case(name));
    let first = matches.next()?;
    matches.next().is_none().then_some(first)
}

/// Runs `Client::execute` (`max_items: None`) or `Client::execute_items` for one API: find,
/// check, build, send, answer JSON.
pub async fn execute(
    table: &'static [OperationInfo],
    dispatch: Dispatch,
    client: &Client,
    name: &str,
    input: Value,
    max_items: Option<usize>,
) -> Result<Value> {
    let Some(op) = find(table, name) else {
        return Err(ExecuteError::UnknownOperation {
            name: name.to_owned(),
            suggestions: closest_operations(name, table),
        }
        .into());
    };
    if !op.enabled {
        return Err(disabled(op));
    }
    if max_items.is_some() && !op.is_paginated() {
        return Err(ExecuteError::NotPaginated { operation: op.name }.into());
    }
    let mut input = Input::new(op, input)?;
    input.max_items = max_items;
    dispatch(client, input)?.await
}

/// The JSON input of one call, taken apart field by field by the generated code.
#[derive(Debug)]
pub struct Input {
    op: &'static OperationInfo,
    fields: Map<String, Value>,
    /// How many items to collect across pages, for `execute_items`; `None`: one page.
    max_items: Option<usize>,
}

impl Input {
    /// Checks `value` against the top level of the operation's input schema: an object (or
    /// `null`, meaning no input) without keys the schema does not list and with every key it
    /// requires; keys with a `default` (the constants a request always sends) are filled in.
    pub fn new(op: &'static OperationInfo, value: Value) -> Result<Input> {
        let mut fields = match value {
            Value::Object(map) => map,
            Value::Null => Map::new(),
            other => {
                return Err(invalid(
                    op,
                    String::new(),
                    InputProblem::NotAnObject {
                        found: json_kind(&other),
                    },
                ));
            }
        };
        // The schema is generated valid JSON; an unreadable one checks nothing here, and the
        // typed decoding below still does.
        let schema: Value = serde_json::from_str(op.input_schema).unwrap_or_default();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            if let Some(key) = fields.keys().find(|k| !properties.contains_key(*k)) {
                let known = properties.keys().map(String::as_str);
                let suggestions = closest(key, known).into_iter().map(str::to_owned).collect();
                return Err(invalid(
                    op,
                    key.clone(),
                    InputProblem::Unknown { suggestions },
                ));
            }
            for (key, property) in properties {
                if let Some(default) = property.get("default")
                    && !fields.contains_key(key)
                {
                    fields.insert(key.clone(), default.clone());
                }
            }
        }
        let required = schema.get("required").and_then(Value::as_array);
        for key in required.into_iter().flatten().filter_map(Value::as_str) {
            if !fields.contains_key(key) {
                return Err(invalid(op, key.to_owned(), InputProblem::Missing));
            }
        }
        Ok(Input {
            op,
            fields,
            max_items: None,
        })
    }

    /// The operation being called.
    pub fn operation(&self) -> &'static OperationInfo {
        self.op
    }

    /// The error for an operation whose resource's cargo feature is off.
    pub fn disabled(&self) -> Error {
        disabled(self.op)
    }
}

// Used by the generated resource modules: a build without any resource feature uses none.
#[allow(dead_code)]
impl Input {
    /// How many items to collect across pages ([`items`]), or `None` for one page
    /// ([`json`]).
    pub fn max_items(&self) -> Option<usize> {
        self.max_items
    }

    /// Takes and decodes a field that must be present.
    pub fn required<T: for<'de> Lenient<'de>>(&mut self, key: &'static str) -> Result<T> {
        match self.fields.remove(key) {
            Some(value) => self.decode(key, &value),
            None => Err(invalid(self.op, key.to_owned(), InputProblem::Missing)),
        }
    }

    /// Takes and decodes an optional field (`null` counts as absent).
    pub fn optional<T: for<'de> Lenient<'de>>(&mut self, key: &'static str) -> Result<Option<T>> {
        match self.fields.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => self.decode(key, &value).map(Some),
        }
    }

    /// Decodes every field not taken yet as one object: the request body whose properties sit
    /// beside the parameters.
    pub fn rest<T: for<'de> Lenient<'de>>(&mut self) -> Result<T> {
        let rest = Value::Object(std::mem::take(&mut self.fields));
        self.decode("", &rest)
    }

    /// [`rest`](Self::rest) for an optional body: `None` when no field is left.
    pub fn rest_optional<T: for<'de> Lenient<'de>>(&mut self) -> Result<Option<T>> {
        if self.fields.is_empty() {
            Ok(None)
        } else {
            self.rest().map(Some)
        }
    }

    /// The error for an operation the dispatch does not know (the table and the dispatch are
    /// generated together, so this does not happen).
    pub fn unsupported(&self) -> Error {
        ExecuteError::UnknownOperation {
            name: self.op.name.to_owned(),
            suggestions: Vec::new(),
        }
        .into()
    }

    /// Decodes the value of field `field` (`""`: the fields themselves) leniently.
    fn decode<T: for<'de> Lenient<'de>>(&self, field: &str, value: &Value) -> Result<T> {
        let text = serde_json::to_vec(value).unwrap_or_default();
        decode_lenient(&text).map_err(|(path, e)| {
            let mut at = join_path(field, &path);
            let reason = e.to_string();
            // serde reports a missing key at the object that lacks it.
            let problem = match missing_field(&reason) {
                Some(name) => {
                    at = join_path(&at, name);
                    InputProblem::Missing
                }
                None => InputProblem::Invalid {
                    reason: strip_position(&reason).to_owned(),
                },
            };
            invalid(self.op, at, problem)
        })
    }
}

fn disabled(op: &'static OperationInfo) -> Error {
    ExecuteError::FeatureDisabled {
        operation: op.name,
        feature: op.resource,
    }
    .into()
}

fn invalid(op: &'static OperationInfo, field: String, problem: InputProblem) -> Error {
    ExecuteError::InvalidInput {
        operation: op.name,
        field,
        problem,
    }
    .into()
}

/// `a` + `b` as one JSON path (`.` is the empty path).
fn join_path(a: &str, b: &str) -> String {
    let b = if b == "." { "" } else { b };
    match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_owned(),
        (true, false) => b.to_owned(),
        (false, false) if b.starts_with('[') => format!("{a}{b}"),
        (false, false) => format!("{a}.{b}"),
    }
}

/// The field name of serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split('`')
        .next()
        .filter(|name| !name.is_empty())
}

/// A decoder message without serde_json's " at line 1 column 42" (the input is not text the
/// caller wrote).
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Starts a call whose typed response (JSON, nothing, or text) becomes JSON: the value
/// re-encoded (`null` for nothing, a string for text).
#[allow(dead_code)] // Generated code uses the ones its operations need.
pub fn json<T, F>(op: &'static OperationInfo, call: F) -> Pending
where
    T: Serialize,
    F: Future<Output = Result<T>> + Send + 'static,
{
    answer(call, move |value: T| encode_json(op, &value))
}

/// Starts collecting up to `max` items of a paginated operation across its pages, answering
/// `{"items": [...], "pages": <pages fetched>, "limit_reached": <bool>}`. `limit_reached` is
/// `true` when `max` items were collected, so the list may go on; `false` when it ended first.
/// An error on any page is the call's error (the items before it are not answered).
#[allow(dead_code)] // Generated code uses it when some operation pages.
pub fn items<P>(op: &'static OperationInfo, items: Items<P>, max: usize) -> Pending
where
    P: Paginate,
    P::Item: Serialize,
{
    Box::pin(async move {
        let mut stream = items.max_items(max);
        let mut out = Vec::new();
        while let Some(item) = stream.next_item().await {
            out.push(encode_json(op, &item?)?);
        }
        let limit_reached = out.len() >= max;
        Ok(serde_json::json!({
            "items": out,
            "pages": stream.pages_fetched(),
            "limit_reached": limit_reached,
        }))
    })
}

/// Re-encodes a typed value as JSON; failing is a decode error of the operation.
fn encode_json<T: Serialize>(op: &'static OperationInfo, value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| {
        let problem = format!("the typed response could not be encoded as JSON: {e}");
        DecodeError::new(op.id, 200, ".".to_owned(), problem, b"").into()
    })
}

/// Starts a call answering a file: `{"size": <bytes>, "base64": "<standard base64>"}`. The
/// download is read whole (a JSON answer cannot stream); typed callers stream it instead.
#[allow(dead_code)] // Generated code uses the ones its operations need.
pub fn bytes<F>(call: F) -> Pending
where
    F: Future<Output = Result<Download>> + Send + 'static,
{
    let read = async move { call.await?.bytes().await };
    answer(read, |body: Bytes| {
        Ok(serde_json::json!({"size": body.len(), "base64": base64(&body)}))
    })
}

/// Starts a call answering a redirect: `{"location": "<the Location URL>"}`.
#[allow(dead_code)] // Generated code uses the ones its operations need.
pub fn location<F>(call: F) -> Pending
where
    F: Future<Output = Result<String>> + Send + 'static,
{
    answer(call, |location: String| {
        Ok(serde_json::json!({ "location": location }))
    })
}

/// Starts `call`, turning its typed answer into JSON with `encode`.
fn answer<T, F, C>(call: F, encode: C) -> Pending
where
    F: Future<Output = Result<T>> + Send + 'static,
    C: FnOnce(T) -> Result<Value> + Send + 'static,
{
    Box::pin(async move { encode(call.await?) })
}

/// Standard base64 (RFC 4648, with padding).
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The names closest to `query`, best first (at most three): see [`Query::rank`].
fn closest<'a>(query: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let query = Query::new(query);
    let mut ranked: Vec<(Rank, &str)> = names
        .into_iter()
        .filter_map(|name| Some((query.rank(name)?, name)))
        .collect();
    ranked.sort();
    ranked.into_iter().take(3).map(|(_, name)| name).collect()
}

/// The operations closest to `query`, best first (at most three), each under the one of its
/// names (`resource.method` or id) that is closer.
pub(crate) fn closest_operations(
    query: &str,
    table: &'static [OperationInfo],
) -> Vec<&'static str> {
    let query = Query::new(query);
    let mut ranked: Vec<(Rank, &'static str)> = table
        .iter()
        .filter_map(|op| {
            [op.name, op.id]
                .into_iter()
                .filter_map(|name| Some((query.rank(name)?, name)))
                .min()
        })
        .collect();
    ranked.sort();
    ranked.into_iter().take(3).map(|(_, name)| name).collect()
}

/// How close a name is: more shared words first, then fewer edits, then the name itself.
type Rank = (std::cmp::Reverse<usize>, usize);

/// A name that matched nothing, prepared for ranking candidates.
struct Query {
    text: String,
    chars: Vec<char>,
    words: Vec<String>,
}

impl Query {
    fn new(query: &str) -> Query {
        // Long inputs are not names; don't spend quadratic time on them.
        let query: String = query.trim().chars().take(100).collect();
        let text = query.to_lowercase();
        Query {
            chars: text.chars().collect(),
            words: words(&query),
            text,
        }
    }

    /// `None` when `name` is not worth suggesting: it shares no word with the query (words of
    /// three letters or more, plurals folded: `getContact` and `contacts.get` share `get` and
    /// `contact`; or the whole query is a segment of the name: `id` of `contact_id`) and is more
    /// than half the query's length (at least 2) edits away.
    fn rank(&self, name: &str) -> Option<Rank> {
        let candidate: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
        let distance = edit_distance(&self.chars, &candidate);
        let theirs = words(name);
        let mut shared = self.words.iter().filter(|w| theirs.contains(w)).count();
        if shared == 0 && segments(name).any(|s| s == self.text) {
            shared = 1;
        }
        (shared > 0 || distance <= (self.chars.len() / 2).max(2))
            .then_some((std::cmp::Reverse(shared), distance))
    }
}

/// The segments of a name, lower-cased, split at punctuation and camelCase humps.
fn segments(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = name.chars().peekable();
    std::iter::from_fn(move || {
        let mut word = String::new();
        let mut previous_lower = false;
        while let Some(&c) = rest.peek() {
            if !c.is_alphanumeric() {
                rest.next();
                if word.is_empty() {
                    continue;
                }
                break;
            }
            if c.is_uppercase() && previous_lower {
                break;
            }
            word.extend(c.to_lowercase());
            previous_lower = c.is_lowercase() || c.is_numeric();
            rest.next();
        }
        (!word.is_empty()).then_some(word)
    })
}

/// The words of a name: its [`segments`] of three letters or more, without a final plural `s`.
fn words(name: &str) -> Vec<String> {
    segments(name)
        .map(|mut word| {
            if word.len() > 3 && word.ends_with('s') {
                word.pop();
            }
            word
        })
        .filter(|word| word.chars().count() >= 3)
        .collect()
}

/// Levenshtein distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::operation::Risk;
    use super::super::paging::PagingStyle;
    use super::super::request::HttpMethod;
    use super::*;

    static TABLE: &[OperationInfo] = &[
        OperationInfo {
            id: "ShowContact",
            name: "contacts.get",
            resource: "contacts",
            method_name: "get",
            http_method: HttpMethod::Get,
            path: "/contacts/{contact_id}",
            summary: "Get a contact",
            has_body: false,
            paging: PagingStyle::None,
            risk: Risk::Read,
            reaches_end_users: false,
            deprecated: false,
            enabled: true,
            input_schema: r#"{"type":"object","properties":{"contact_id":{"type":"string"},"type":{"const":"contact","default":"contact"},"limit":{"type":"integer"}},"required":["contact_id"],"additionalProperties":false}"#,
        },
        OperationInfo {
            id: "ListContacts",
            name: "contacts.list",
            resource: "contacts",
            method_name: "list",
            http_method: HttpMethod::Get,
            path: "/contacts",
            summary: "List contacts",
            has_body: false,
            paging: PagingStyle::QueryCursor,
            risk: Risk::Read,
            reaches_end_users: false,
            deprecated: false,
            enabled: true,
            input_schema: "not json",
        },
    ];

    fn problem(e: Error) -> (String, InputProblem) {
        match e {
            Error::Execute(e) => match *e {
                ExecuteError::InvalidInput { field, problem, .. } => (field, problem),
                other => panic!("{other}"),
            },
            other => panic!("{other}"),
        }
    }

    #[test]
    fn finds_by_id_or_name_then_case_insensitively() {
        assert_eq!(
            find(TABLE, "ShowContact").map(|o| o.name),
            Some("contacts.get")
        );
        assert_eq!(
            find(TABLE, " contacts.list ").map(|o| o.id),
            Some("ListContacts")
        );
        assert_eq!(
            find(TABLE, "showcontact").map(|o| o.id),
            Some("ShowContact")
        );
        assert_eq!(
            find(TABLE, "Contacts.Get").map(|o| o.id),
            Some("ShowContact")
        );
        assert!(find(TABLE, "contacts.fetch").is_none());
        assert!(find(TABLE, "").is_none());
    }

    #[test]
    fn suggestions_are_the_closest_names() {
        assert_eq!(
            closest_operations("contacts.gte", TABLE),
            ["contacts.get", "contacts.list"]
        );
        assert_eq!(closest_operations("getContact", TABLE)[0], "contacts.get");
        assert_eq!(closest_operations("listcontact", TABLE)[0], "ListContacts");
        assert!(closest_operations("zzzzzzzzzzzzzzzzzzzz", TABLE).is_empty());
        assert!(closest_operations(&"x".repeat(100_000), TABLE).is_empty());
        assert_eq!(
            closest("contactId", ["limit", "contact_id", "type"]),
            ["contact_id"]
        );
        assert_eq!(
            closest("id", ["limit", "contact_id", "type"]),
            ["contact_id"]
        );
        assert_eq!(edit_distance(&['a', 'b'], &[]), 2);
        assert_eq!(words("getContactsByID"), ["get", "contact"]);
        assert_eq!(
            segments("a__bC.D").collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(words("ai_content.list_pages"), ["content", "list", "page"]);
    }

    #[test]
    fn input_is_checked_against_the_schema_top_level() {
        let op = &TABLE[0];
        let (field, p) = problem(Input::new(op, serde_json::json!({})).unwrap_err());
        assert_eq!((field.as_str(), p), ("contact_id", InputProblem::Missing));
        let e = Input::new(op, serde_json::json!({"contact_id": "1", "contactid": 2})).unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"contacts.get: unknown field "contactid"; did you mean "contact_id"?"#
        );
        let e = Input::new(op, serde_json::json!([1])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "contacts.get: the input must be a JSON object, found an array"
        );
        let mut input = Input::new(op, serde_json::json!({"contact_id": 42})).unwrap();
        assert_eq!(input.fields.get("type"), Some(&Value::from("contact")));
        // Ids given as numbers are accepted for strings, like the response decoder does.
        assert_eq!(input.required::<String>("contact_id").unwrap(), "42");
        assert_eq!(input.optional::<i64>("limit").unwrap(), None);
        let rest: Map<String, Value> = input.rest().unwrap();
        assert_eq!(rest.len(), 1);
        // A schema that does not parse checks nothing; `null` is no input.
        assert!(Input::new(&TABLE[1], Value::Null).is_ok());
    }

    #[test]
    fn decoding_errors_name_the_field() {
        let op = &TABLE[0];
        let mut input =
            Input::new(op, serde_json::json!({"contact_id": "1", "limit": "many"})).unwrap();
        let (field, p) = problem(input.optional::<i64>("limit").unwrap_err());
        assert_eq!(field, "limit");
        assert!(
            matches!(&p, InputProblem::Invalid { reason } if reason.contains("expected an integer") && !reason.contains("line")),
            "{p:?}"
        );
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Body {
            inner: Inner,
        }
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Inner {
            must: bool,
        }
        crate::runtime::json_object!(Body { inner: "inner" required });
        crate::runtime::json_object!(Inner { must: "must" required });
        let mut input = Input::new(&TABLE[1], serde_json::json!({"inner": {}})).unwrap();
        let (field, p) = problem(input.rest::<Body>().unwrap_err());
        assert_eq!((field.as_str(), p), ("inner.must", InputProblem::Missing));
        assert_eq!(join_path("body", "items[2].id"), "body.items[2].id");
        assert_eq!(join_path("ids", "[2]"), "ids[2]");
        assert_eq!(join_path("", "."), "");
    }

    #[test]
    fn base64_is_standard_with_padding() {
        for (raw, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(raw.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }
}
