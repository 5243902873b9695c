//! Typed queries for Intercom's search endpoints (`POST /contacts/search`,
//! `/conversations/search`, `/tickets/search`).
//!
//! A search request body is `{"query": …, "pagination": …, "sort": …}`; this module builds the
//! `query` part. A [`Query`] is either
//!
//! * a [`Filter`]: `{"field": "created_at", "operator": ">", "value": 1306054154}`, or
//! * a [`Group`] of queries joined by `AND` or `OR`:
//!   `{"operator": "AND", "value": [<query>, <query>, …]}`.
//!
//! Intercom allows at most [`MAX_DEPTH`] levels of group nesting (`(1 OR 2) AND (3 OR 4)` is the
//! deepest it takes) and at most [`MAX_GROUP_MEMBERS`] members per group.
//! [`Query::validate`] checks both, and serializing a query that breaks either fails with the
//! [`SearchError`], so an invalid query never reaches the wire. The search builders also check
//! the page size ([`check_per_page`]: 1 to [`MAX_PER_PAGE`]) before sending.
//!
//! Queries combine with `&` (AND) and `|` (OR); `a & b & c` is one AND group of three.
//!
//! # Typed fields
//!
//! A [`Field<K>`] is a field name plus a [`Kind`] `K` saying what Rust type its values have and
//! (through [`Allows`]) which operators Intercom accepts on it, so `created_at ~ "x"` or
//! `email < 3` does not compile. The generated endpoint modules define the kinds and one
//! constant per searchable field; a kind for date fields looks like this:
//!
//! ```
//! use intercom_api::Timestamp;
//! use intercom_api::search::{Allows, Field, Kind, Operator, Query, op};
//!
//! /// A date: unix seconds, compared with `=`, `!=`, `IN`, `NIN`, `<` and `>`.
//! pub enum Date {}
//! impl Kind for Date {
//!     type Value = Timestamp;
//! }
//! impl Allows<op::Eq> for Date {}
//! impl Allows<op::Ne> for Date {}
//! impl Allows<op::In> for Date {}
//! impl Allows<op::NotIn> for Date {}
//! impl Allows<op::Lt> for Date {}
//! impl Allows<op::Gt> for Date {}
//!
//! pub const CREATED_AT: Field<Date> = Field::new("created_at");
//!
//! // Custom attributes, and any field without a typed constant: `Field<Any>` takes every
//! // operator and any value.
//! let plan = Field::<intercom_api::search::Any>::named(format!("custom_attributes.{}", "plan"));
//!
//! let query = CREATED_AT.gt(Timestamp::from_unix(1_306_054_154))
//!     & (plan.eq("pro") | plan.eq("enterprise"))
//!     & Query::filter("role", Operator::Equals, "user");
//! assert_eq!(
//!     serde_json::to_string(&query)?,
//!     r#"{"operator":"AND","value":[{"field":"created_at","operator":">","value":1306054154},{"operator":"OR","value":[{"field":"custom_attributes.plan","operator":"=","value":"pro"},{"field":"custom_attributes.plan","operator":"=","value":"enterprise"}]},{"field":"role","operator":"=","value":"user"}]}"#,
//! );
//!
//! // `(1 OR 2) AND (3 OR 4)` is as deep as Intercom goes; one level more is an error, and
//! // nothing is sent.
//! let a = || CREATED_AT.gt(Timestamp::from_unix(0));
//! let deepest = (a() | a()) & (a() | a());
//! assert_eq!(deepest.depth(), 2);
//! assert!(deepest.validate().is_ok());
//! let too_deep = ((a() | a()) & a()) | a();
//! assert_eq!(too_deep.depth(), 3);
//! assert!(too_deep.validate().is_err());
//! assert!(serde_json::to_string(&too_deep).is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! An operator the field's kind does not allow does not compile; rustc says "Intercom's search
//! does not accept `Le` on `Date` fields" ([`op::Le`] is `<=`):
//!
//! ```compile_fail,E0277
//! use intercom_api::Timestamp;
//! use intercom_api::search::{Allows, Field, Kind, op};
//!
//! pub enum Date {}
//! impl Kind for Date {
//!     type Value = Timestamp;
//! }
//! impl Allows<op::Lt> for Date {}
//! impl Allows<op::Gt> for Date {}
//!
//! pub const CREATED_AT: Field<Date> = Field::new("created_at");
//!
//! let query = CREATED_AT.le(Timestamp::from_unix(1_306_054_154));
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr};

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::timestamp::Timestamp;
pub use super::vocab::{GroupOperator, Operator, ParseOperatorError};

/// The deepest group nesting Intercom accepts: groups of groups of filters, such as
/// `(1 OR 2) AND (3 OR 4)`. A bare filter has depth 0.
pub const MAX_DEPTH: usize = 2;

/// The most members (filters or groups) Intercom accepts in one `AND` or `OR` group.
pub const MAX_GROUP_MEMBERS: usize = 15;

/// The most results one search page may ask for (`pagination.per_page`): "maximum is `150`" in
/// the description of `POST /conversations/search`, and "Default is 50. Max is 150." in
/// Intercom's cursor-pagination reference, which the contact and ticket searches share (their
/// descriptions give only the default). Intercom does not refuse a larger value; it pages by
/// its own size instead, so a search that asks for more gets pages it did not ask for.
pub const MAX_PER_PAGE: i64 = 150;

/// The fewest results one search page may ask for.
pub const MIN_PER_PAGE: i64 = 1;

/// Checks a search's page size against [`MIN_PER_PAGE`] ..= [`MAX_PER_PAGE`]; the generated
/// search builders call it before sending (a value out of range is
/// [`Error::InvalidSearch`](super::Error::InvalidSearch), and nothing is sent).
pub fn check_per_page(per_page: i64) -> Result<(), SearchError> {
    if (MIN_PER_PAGE..=MAX_PER_PAGE).contains(&per_page) {
        Ok(())
    } else {
        Err(SearchError::PerPage {
            per_page,
            min: MIN_PER_PAGE,
            max: MAX_PER_PAGE,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

impl Serialize for Operator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Operator {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Operator, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl Serialize for GroupOperator {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for GroupOperator {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<GroupOperator, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// A filter's value. Serializes as plain JSON: `null`, a string, a number, a boolean or an array
/// (the list for `IN` and `NIN`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, e.g. to match contacts without an email.
    Null,
    /// A string. Intercom also takes dates as numeric strings such as `"1306054154"`; they stay
    /// strings.
    String(String),
    /// An integer (counts, ids, and dates as unix seconds).
    Integer(i64),
    /// A floating-point number (some ticket attributes are decimals).
    Float(f64),
    /// `true` or `false`.
    Boolean(bool),
    /// A list, for `IN` and `NIN`.
    List(Vec<Value>),
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::String(v.to_owned())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::String(v.clone())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::String(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Integer(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Value {
        Value::Integer(v.into())
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Integer(v.into())
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Boolean(v)
    }
}

impl From<Timestamp> for Value {
    /// The timestamp's unix seconds, as an integer.
    fn from(v: Timestamp) -> Value {
        Value::Integer(v.as_unix())
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Value {
    fn from(v: [T; N]) -> Value {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` is [`Value::Null`].
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::String(s) => serializer.serialize_str(s),
            Value::Integer(i) => serializer.serialize_i64(*i),
            Value::Float(x) => serializer.serialize_f64(*x),
            Value::Boolean(b) => serializer.serialize_bool(*b),
            Value::List(items) => serializer.collect_seq(items),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a search value: a string, number, boolean, null or array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Boolean(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v).map(Value::Integer).map_err(|_| {
            E::custom(format_args!(
                "search value {v} is too large; integers must fit in an i64"
            ))
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/// A search query: one [`Filter`] or a [`Group`] of queries.
///
/// Build one with [`Query::filter`], [`Query::and`], [`Query::or`], the methods of a typed
/// [`Field`], and the `&` (AND) and `|` (OR) operators. `Serialize` checks Intercom's limits
/// first ([`validate`](Query::validate)) and fails with the [`SearchError`] message; `Deserialize`
/// reads both shapes, rejects unknown keys and operators, and does not check the limits.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// A single comparison.
    Filter(Filter),
    /// Queries joined by `AND` or `OR`.
    Group(Group),
}

/// One comparison: `{"field": …, "operator": …, "value": …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The field, e.g. `created_at` or `custom_attributes.plan`.
    pub field: String,
    /// The comparison.
    pub operator: Operator,
    /// The value to compare with (a [`Value::List`] for `IN` and `NIN`).
    pub value: Value,
}

/// Queries joined by `AND` or `OR`: `{"operator": "AND", "value": [ … ]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `AND` or `OR`.
    pub operator: GroupOperator,
    /// The joined queries, filters or groups (sent as the group's `value`).
    pub members: Vec<Query>,
}

impl Query {
    /// A filter on any field with any operator and value, unchecked: for custom attributes and
    /// anything without a typed [`Field`].
    pub fn filter(field: impl Into<String>, operator: Operator, value: impl Into<Value>) -> Query {
        Query::Filter(Filter {
            field: field.into(),
            operator,
            value: value.into(),
        })
    }

    /// An `AND` group of `members`, kept as given (not flattened).
    pub fn and(members: impl IntoIterator<Item = Query>) -> Query {
        Query::group(GroupOperator::And, members)
    }

    /// An `OR` group of `members`, kept as given (not flattened).
    pub fn or(members: impl IntoIterator<Item = Query>) -> Query {
        Query::group(GroupOperator::Or, members)
    }

    /// A group joining `members` with `operator`.
    pub fn group(operator: GroupOperator, members: impl IntoIterator<Item = Query>) -> Query {
        Query::Group(Group {
            operator,
            members: members.into_iter().collect(),
        })
    }

    /// How many groups deep the query nests: 0 for a filter, 1 for a group of filters, 2 for a
    /// group containing a group, and so on (the largest count of groups on any path from the
    /// root). Intercom accepts at most [`MAX_DEPTH`].
    pub fn depth(&self) -> usize {
        match self {
            Query::Filter(_) => 0,
            Query::Group(group) => 1 + group.members.iter().map(Query::depth).max().unwrap_or(0),
        }
    }

    /// Checks Intercom's limits: at most [`MAX_DEPTH`] levels of groups, and at most
    /// [`MAX_GROUP_MEMBERS`] members in each group. Errors locate the offending group as a path
    /// in the request body, such as `query.value[1]`.
    pub fn validate(&self) -> Result<(), SearchError> {
        let depth = self.depth();
        if depth > MAX_DEPTH {
            let mut path = String::from("query");
            deepest_path(self, &mut path);
            return Err(SearchError::TooDeep {
                depth,
                path,
                max: MAX_DEPTH,
            });
        }
        check_width(self, &mut String::from("query"))
    }

    /// Joins `self` and `rhs` with `operator`, adding `rhs` to `self` if `self` already is a
    /// group with that operator.
    fn join(self, operator: GroupOperator, rhs: Query) -> Query {
        match self {
            Query::Group(mut group) if group.operator == operator => {
                group.members.push(rhs);
                Query::Group(group)
            }
            lhs => Query::group(operator, [lhs, rhs]),
        }
    }
}

/// Appends to `path` the location of the first of the deepest groups under `query`.
fn deepest_path(query: &Query, path: &mut String) {
    let Query::Group(group) = query else { return };
    let deepest = group
        .members
        .iter()
        .enumerate()
        .filter(|(_, member)| matches!(member, Query::Group(_)))
        // `max_by_key` keeps the last maximum; reverse so the first one wins.
        .rev()
        .max_by_key(|(_, member)| member.depth());
    if let Some((i, member)) = deepest {
        path.push_str(&format!(".value[{i}]"));
        deepest_path(member, path);
    }
}

/// Checks the member count of every group under `query` (at `path`), in document order.
fn check_width(query: &Query, path: &mut String) -> Result<(), SearchError> {
    let Query::Group(group) = query else {
        return Ok(());
    };
    if group.members.len() > MAX_GROUP_MEMBERS {
        return Err(SearchError::TooWide {
            path: path.clone(),
            members: group.members.len(),
            max: MAX_GROUP_MEMBERS,
        });
    }
    for (i, member) in group.members.iter().enumerate() {
        let len = path.len();
        path.push_str(&format!(".value[{i}]"));
        check_width(member, path)?;
        path.truncate(len);
    }
    Ok(())
}

impl From<Filter> for Query {
    fn from(filter: Filter) -> Query {
        Query::Filter(filter)
    }
}

impl From<Group> for Query {
    fn from(group: Group) -> Query {
        Query::Group(group)
    }
}

impl BitAnd for Query {
    type Output = Query;

    /// `self AND rhs`. If `self` is already an `AND` group, `rhs` joins it, so `a & b & c` is one
    /// group of three; `(a | b) & c` is an `AND` of the `OR` group and `c`.
    fn bitand(self, rhs: Query) -> Query {
        self.join(GroupOperator::And, rhs)
    }
}

impl BitOr for Query {
    type Output = Query;

    /// `self OR rhs`. If `self` is already an `OR` group, `rhs` joins it, so `a | b | c` is one
    /// group of three; `(a & b) | c` is an `OR` of the `AND` group and `c`.
    fn bitor(self, rhs: Query) -> Query {
        self.join(GroupOperator::Or, rhs)
    }
}

/// Why Intercom would reject a [`Query`]: it breaks one of the documented limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// Groups nest deeper than [`MAX_DEPTH`].
    #[error(
        "search query nests groups {depth} deep at {path}; Intercom allows at most {max} levels of nesting"
    )]
    TooDeep {
        /// The query's depth ([`Query::depth`]).
        depth: usize,
        /// Where the deepest group is, e.g. `query.value[0].value[0]`.
        path: String,
        /// The limit, [`MAX_DEPTH`].
        max: usize,
    },
    /// A group has more than [`MAX_GROUP_MEMBERS`] members.
    #[error(
        "search group at {path} has {members} members; Intercom allows at most {max} filters per AND/OR group"
    )]
    TooWide {
        /// Where the group is, e.g. `query` or `query.value[1]`.
        path: String,
        /// How many members it has.
        members: usize,
        /// The limit, [`MAX_GROUP_MEMBERS`].
        max: usize,
    },
    /// `pagination.per_page` is outside [`MIN_PER_PAGE`] ..= [`MAX_PER_PAGE`].
    #[error(
        "search asks for {per_page} results per page; Intercom allows {min} to {max} (pagination.per_page)"
    )]
    PerPage {
        /// The page size asked for.
        per_page: i64,
        /// The smallest allowed, [`MIN_PER_PAGE`].
        min: i64,
        /// The largest allowed, [`MAX_PER_PAGE`].
        max: i64,
    },
}

impl Serialize for Query {
    /// Fails with the [`SearchError`] message if the query breaks Intercom's limits.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.validate().map_err(serde::ser::Error::custom)?;
        Unchecked(self).serialize(serializer)
    }
}

/// Serializes a query that the root has already validated.
struct Unchecked<'a>(&'a Query);

impl Serialize for Unchecked<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Query::Filter(filter) => {
                let mut s = serializer.serialize_struct("Filter", 3)?;
                s.serialize_field("field", &filter.field)?;
                s.serialize_field("operator", &filter.operator)?;
                s.serialize_field("value", &filter.value)?;
                s.end()
            }
            Query::Group(group) => {
                let mut s = serializer.serialize_struct("Group", 2)?;
                s.serialize_field("operator", &group.operator)?;
                s.serialize_field("value", &UncheckedMembers(&group.members))?;
                s.end()
            }
        }
    }
}

struct UncheckedMembers<'a>(&'a [Query]);

impl Serialize for UncheckedMembers<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for member in self.0 {
            seq.serialize_element(&Unchecked(member))?;
        }
        seq.end()
    }
}

impl crate::runtime::lenient::Lenient<'_> for Query {}

impl<'de> Deserialize<'de> for Query {
    /// Reads a filter (an object with `field`, `operator` and `value`) or a group (`operator`
    /// `AND`/`OR` and an array `value`). Unknown keys and operators are errors; the limits are
    /// not checked.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Query, D::Error> {
        let json = serde_json::Value::deserialize(deserializer)?;
        query_from_json(json, "query").map_err(de::Error::custom)
    }
}

/// The JSON type of `v`, for error messages.
fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Reads the query at `path` (for error messages) from `json`.
fn query_from_json(json: serde_json::Value, path: &str) -> Result<Query, String> {
    let serde_json::Value::Object(map) = json else {
        return Err(format!(
            "search query at {path} must be an object (a filter with `field`, `operator` and \
             `value`, or a group with `operator` and `value`), found {}",
            json_type(&json)
        ));
    };
    let (mut field, mut operator, mut value) = (None, None, None);
    for (key, v) in map {
        match key.as_str() {
            "field" => field = Some(v),
            "operator" => operator = Some(v),
            "value" => value = Some(v),
            _ => {
                return Err(format!(
                    "unknown key `{key}` in search query at {path}; expected `field`, \
                     `operator` and `value`"
                ));
            }
        }
    }
    let operator = match operator {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => {
            return Err(format!(
                "search query at {path}: `operator` must be a string, found {}",
                json_type(&other)
            ));
        }
        None => return Err(format!("search query at {path} has no `operator`")),
    };

    if let Some(field) = field {
        let serde_json::Value::String(field) = field else {
            return Err(format!(
                "search filter at {path}: `field` must be a string, found {}",
                json_type(&field)
            ));
        };
        let operator: Operator = operator
            .parse()
            .map_err(|e| format!("search filter at {path}: {e}"))?;
        let value = value.ok_or_else(|| format!("search filter at {path} has no `value`"))?;
        let value =
            Value::deserialize(value).map_err(|e| format!("search filter at {path}: {e}"))?;
        return Ok(Query::Filter(Filter {
            field,
            operator,
            value,
        }));
    }

    if operator.parse::<Operator>().is_ok() {
        return Err(format!(
            "search filter at {path} has no `field` (`{operator}` is a filter operator; groups \
             use `AND` or `OR`)"
        ));
    }
    let group_operator: GroupOperator = operator
        .parse()
        .map_err(|e| format!("search group at {path}: {e}"))?;
    let members = match value {
        Some(serde_json::Value::Array(members)) => members,
        Some(other) => {
            return Err(format!(
                "search group at {path}: `value` must be an array of filters and groups, found {}",
                json_type(&other)
            ));
        }
        None => return Err(format!("search group at {path} has no `value`")),
    };
    let members = members
        .into_iter()
        .enumerate()
        .map(|(i, member)| query_from_json(member, &format!("{path}.value[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Query::Group(Group {
        operator: group_operator,
        members,
    }))
}

// ---------------------------------------------------------------------------------------------
// Typed fields
// ---------------------------------------------------------------------------------------------

/// What values a field takes: the kind of a [`Field<K>`].
///
/// Kinds are uninhabited marker types (`pub enum Date {}`); which operators a kind takes is
/// declared with [`Allows`].
pub trait Kind {
    /// The Rust type of the field's values, e.g. [`Timestamp`] for dates.
    type Value: Into<Value>;
}

/// "Intercom's search accepts operator `O` (one of the markers in [`op`]) on fields of this
/// kind." A [`Field<K>`]'s method for an operator needs `K: Allows<that operator>`.
#[diagnostic::on_unimplemented(
    message = "Intercom's search does not accept `{O}` on `{Self}` fields",
    label = "`{O}` is not allowed on a `{Self}` field",
    note = "the operators a field takes are the `Allows<op::…>` impls of its kind; \
            `Query::filter` builds an unchecked filter"
)]
pub trait Allows<O>: Kind {}

/// Marker types, one per [`Operator`], for [`Allows`].
pub mod op {
    /// `=` ([`Operator::Equals`](super::Operator::Equals)).
    #[derive(Debug)]
    pub enum Eq {}
    /// `!=` ([`Operator::NotEquals`](super::Operator::NotEquals)).
    #[derive(Debug)]
    pub enum Ne {}
    /// `IN` ([`Operator::In`](super::Operator::In)).
    #[derive(Debug)]
    pub enum In {}
    /// `NIN` ([`Operator::NotIn`](super::Operator::NotIn)).
    #[derive(Debug)]
    pub enum NotIn {}
    /// `<` ([`Operator::LessThan`](super::Operator::LessThan)).
    #[derive(Debug)]
    pub enum Lt {}
    /// `<=` ([`Operator::LessThanOrEqual`](super::Operator::LessThanOrEqual)).
    #[derive(Debug)]
    pub enum Le {}
    /// `>` ([`Operator::GreaterThan`](super::Operator::GreaterThan)).
    #[derive(Debug)]
    pub enum Gt {}
    /// `>=` ([`Operator::GreaterThanOrEqual`](super::Operator::GreaterThanOrEqual)).
    #[derive(Debug)]
    pub enum Ge {}
    /// `~` ([`Operator::Contains`](super::Operator::Contains)).
    #[derive(Debug)]
    pub enum Contains {}
    /// `!~` ([`Operator::NotContains`](super::Operator::NotContains)).
    #[derive(Debug)]
    pub enum NotContains {}
    /// `^` ([`Operator::StartsWith`](super::Operator::StartsWith)).
    #[derive(Debug)]
    pub enum StartsWith {}
    /// `$` ([`Operator::EndsWith`](super::Operator::EndsWith)).
    #[derive(Debug)]
    pub enum EndsWith {}
}

/// The kind of fields without a more specific one (custom attributes, mixed-type fields): any
/// [`Value`], every operator.
#[derive(Debug)]
pub enum Any {}

impl Kind for Any {
    type Value = Value;
}

impl<O> Allows<O> for Any {}

/// A searchable field: its name, and a [`Kind`] `K` that fixes its value type and the operators
/// Intercom accepts on it. Each operator method returns a filter [`Query`].
///
/// `Field::new` is `const`, so fields can be constants:
/// `pub const CREATED_AT: Field<Date> = Field::new("created_at");`. Use
/// [`Field::named`] for names built at run time, such as `custom_attributes.plan`.
pub struct Field<K> {
    name: Cow<'static, str>,
    kind: PhantomData<fn() -> K>,
}

impl<K> Field<K> {
    /// The field called `name`.
    pub const fn new(name: &'static str) -> Self {
        Field {
            name: Cow::Borrowed(name),
            kind: PhantomData,
        }
    }

    /// The field called `name`, for names built at run time, e.g.
    /// `Field::<Any>::named(format!("custom_attributes.{attr}"))`.
    pub fn named(name: impl Into<String>) -> Self {
        Field {
            name: Cow::Owned(name.into()),
            kind: PhantomData,
        }
    }

    /// The field's name as Intercom spells it.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl<K> Clone for Field<K> {
    fn clone(&self) -> Self {
        Field {
            name: self.name.clone(),
            kind: PhantomData,
        }
    }
}

impl<K> fmt::Debug for Field<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name)
            .field("kind", &std::any::type_name::<K>())
            .finish()
    }
}

impl<K: Kind> Field<K> {
    fn compare(&self, operator: Operator, value: impl Into<K::Value>) -> Query {
        let value: K::Value = value.into();
        Query::filter(self.name.as_ref(), operator, value)
    }

    fn compare_list(
        &self,
        operator: Operator,
        values: impl IntoIterator<Item = impl Into<K::Value>>,
    ) -> Query {
        let values = values
            .into_iter()
            .map(|v| {
                let v: K::Value = v.into();
                v.into()
            })
            .collect();
        Query::filter(self.name.as_ref(), operator, Value::List(values))
    }

    /// `field = value`.
    pub fn eq(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Eq>,
    {
        self.compare(Operator::Equals, value)
    }

    /// `field != value`.
    pub fn ne(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Ne>,
    {
        self.compare(Operator::NotEquals, value)
    }

    /// `field IN [values…]`: the field is one of `values`.
    pub fn is_in(&self, values: impl IntoIterator<Item = impl Into<K::Value>>) -> Query
    where
        K: Allows<op::In>,
    {
        self.compare_list(Operator::In, values)
    }

    /// `field NIN [values…]`: the field is none of `values`.
    pub fn not_in(&self, values: impl IntoIterator<Item = impl Into<K::Value>>) -> Query
    where
        K: Allows<op::NotIn>,
    {
        self.compare_list(Operator::NotIn, values)
    }

    /// `field < value`.
    pub fn lt(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Lt>,
    {
        self.compare(Operator::LessThan, value)
    }

    /// `field <= value`.
    pub fn le(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Le>,
    {
        self.compare(Operator::LessThanOrEqual, value)
    }

    /// `field > value`.
    pub fn gt(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Gt>,
    {
        self.compare(Operator::GreaterThan, value)
    }

    /// `field >= value`.
    pub fn ge(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Ge>,
    {
        self.compare(Operator::GreaterThanOrEqual, value)
    }

    /// `field ~ value`: the field contains `value`.
    pub fn contains(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::Contains>,
    {
        self.compare(Operator::Contains, value)
    }

    /// `field !~ value`: the field does not contain `value`.
    pub fn not_contains(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::NotContains>,
    {
        self.compare(Operator::NotContains, value)
    }

    /// `field ^ value`: the field starts with `value`.
    pub fn starts_with(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::StartsWith>,
    {
        self.compare(Operator::StartsWith, value)
    }

    /// `field $ value`: the field ends with `value`.
    pub fn ends_with(&self, value: impl Into<K::Value>) -> Query
    where
        K: Allows<op::EndsWith>,
    {
        self.compare(Operator::EndsWith, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What generated code looks like: kinds and field constants declared outside this module,
    /// through public paths only.
    mod generated {
        use super::super::{Allows, Field, Kind, Timestamp, op};

        /// Dates: `=`, `!=`, `IN`, `NIN`, `<`, `>`.
        pub enum Date {}
        impl Kind for Date {
            type Value = Timestamp;
        }
        impl Allows<op::Eq> for Date {}
        impl Allows<op::Ne> for Date {}
        impl Allows<op::In> for Date {}
        impl Allows<op::NotIn> for Date {}
        impl Allows<op::Lt> for Date {}
        impl Allows<op::Gt> for Date {}

        /// Strings: equality, lists and the text operators.
        pub enum Text {}
        impl Kind for Text {
            type Value = String;
        }
        impl Allows<op::Eq> for Text {}
        impl Allows<op::Ne> for Text {}
        impl Allows<op::In> for Text {}
        impl Allows<op::NotIn> for Text {}
        impl Allows<op::Contains> for Text {}
        impl Allows<op::NotContains> for Text {}
        impl Allows<op::StartsWith> for Text {}
        impl Allows<op::EndsWith> for Text {}

        /// Integers: every comparison.
        pub enum Integer {}
        impl Kind for Integer {
            type Value = i64;
        }
        impl Allows<op::Eq> for Integer {}
        impl Allows<op::Ne> for Integer {}
        impl Allows<op::In> for Integer {}
        impl Allows<op::NotIn> for Integer {}
        impl Allows<op::Lt> for Integer {}
        impl Allows<op::Le> for Integer {}
        impl Allows<op::Gt> for Integer {}
        impl Allows<op::Ge> for Integer {}

        /// Booleans: `=` and `!=`.
        pub enum Boolean {}
        impl Kind for Boolean {
            type Value = bool;
        }
        impl Allows<op::Eq> for Boolean {}
        impl Allows<op::Ne> for Boolean {}

        pub const CREATED_AT: Field<Date> = Field::new("created_at");
        pub const EMAIL: Field<Text> = Field::new("email");
        pub const NAME: Field<Text> = Field::new("name");
        pub const ROLE: Field<Text> = Field::new("role");
        pub const SESSION_COUNT: Field<Integer> = Field::new("session_count");
        pub const UNSUBSCRIBED: Field<Boolean> = Field::new("unsubscribed_from_emails");
    }

    use generated::*;

    fn f(n: i64) -> Query {
        Query::filter(format!("f{n}"), Operator::Equals, n)
    }

    fn to_json(q: &Query) -> String {
        serde_json::to_string(q).expect("valid query serializes")
    }

    /// `{"query": …}` with the query read and written through `Query`'s serde impls.
    #[derive(Debug, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        query: Query,
    }

    #[test]
    fn single_filter() {
        let q = CREATED_AT.gt(Timestamp::from_unix(1_306_054_154));
        assert_eq!(
            to_json(&q),
            r#"{"field":"created_at","operator":">","value":1306054154}"#
        );
        assert_eq!(q.depth(), 0);
        assert_eq!(
            Query::filter("name", Operator::StartsWith, "Jo"),
            NAME.starts_with("Jo")
        );
    }

    #[test]
    fn two_ors_in_an_and_is_the_deepest_allowed() {
        let q = (f(1) | f(2)) & (f(3) | f(4));
        assert_eq!(q.depth(), 2);
        assert_eq!(q.validate(), Ok(()));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&to_json(&q)).unwrap(),
            json!({"operator": "AND", "value": [
                {"operator": "OR", "value": [
                    {"field": "f1", "operator": "=", "value": 1},
                    {"field": "f2", "operator": "=", "value": 2},
                ]},
                {"operator": "OR", "value": [
                    {"field": "f3", "operator": "=", "value": 3},
                    {"field": "f4", "operator": "=", "value": 4},
                ]},
            ]})
        );
        assert_eq!(
            q,
            Query::and([Query::or([f(1), f(2)]), Query::or([f(3), f(4)])])
        );
    }

    #[test]
    fn in_and_not_in_take_lists() {
        assert_eq!(
            to_json(&ROLE.is_in(["user", "lead"])),
            r#"{"field":"role","operator":"IN","value":["user","lead"]}"#
        );
        assert_eq!(
            to_json(&SESSION_COUNT.not_in(vec![1, 2, 3])),
            r#"{"field":"session_count","operator":"NIN","value":[1,2,3]}"#
        );
        assert_eq!(
            to_json(&Query::filter(
                "ticket_attribute.score",
                Operator::In,
                vec![1.5, 2.0]
            )),
            r#"{"field":"ticket_attribute.score","operator":"IN","value":[1.5,2.0]}"#
        );
    }

    #[test]
    fn timestamp_is_unix_seconds() {
        let t = Timestamp::from_unix(1_734_536_043);
        assert_eq!(Value::from(t), Value::Integer(1_734_536_043));
        assert_eq!(
            to_json(&CREATED_AT.is_in([t, Timestamp::from_unix(-1)])),
            r#"{"field":"created_at","operator":"IN","value":[1734536043,-1]}"#
        );
    }

    #[test]
    fn null_value() {
        let none: Option<&str> = None;
        let q = Query::filter("email", Operator::Equals, none);
        assert_eq!(
            to_json(&q),
            r#"{"field":"email","operator":"=","value":null}"#
        );
        let any = Field::<Any>::named("phone");
        assert_eq!(
            any.ne(Value::Null),
            Query::filter("phone", Operator::NotEquals, Value::Null)
        );
        assert_eq!(Value::from(Some(3)), Value::Integer(3));
        assert_eq!(
            Value::from(Some(&"x".to_owned())),
            Value::String("x".to_owned())
        );
    }

    #[test]
    fn and_chains_flatten_into_one_group() {
        let q = f(1) & f(2) & f(3);
        assert_eq!(q, Query::and([f(1), f(2), f(3)]));
        assert_eq!(q.depth(), 1);
        assert_eq!(
            to_json(&q),
            r#"{"operator":"AND","value":[{"field":"f1","operator":"=","value":1},{"field":"f2","operator":"=","value":2},{"field":"f3","operator":"=","value":3}]}"#
        );
        assert_eq!(f(1) | f(2) | f(3), Query::or([f(1), f(2), f(3)]));
        // The right-hand side is a member as it is.
        assert_eq!(
            f(1) & (f(2) & f(3)),
            Query::and([f(1), Query::and([f(2), f(3)])])
        );
    }

    #[test]
    fn different_operators_do_not_flatten() {
        let q = (f(1) | f(2)) & f(3);
        assert_eq!(q, Query::and([Query::or([f(1), f(2)]), f(3)]));
        assert_eq!(
            to_json(&q),
            r#"{"operator":"AND","value":[{"operator":"OR","value":[{"field":"f1","operator":"=","value":1},{"field":"f2","operator":"=","value":2}]},{"field":"f3","operator":"=","value":3}]}"#
        );
        assert_eq!(
            (f(1) & f(2)) | f(3),
            Query::or([Query::and([f(1), f(2)]), f(3)])
        );
    }

    #[test]
    fn spec_request_example_round_trips_exactly() {
        let text = r#"{"query":{"operator":"AND","value":[{"field":"created_at","operator":">","value":"1306054154"}]}}"#;
        let body: Body = serde_json::from_str(text).unwrap();
        assert_eq!(
            body.query,
            Query::and([Query::filter(
                "created_at",
                Operator::GreaterThan,
                "1306054154"
            )])
        );
        assert_eq!(serde_json::to_string(&body).unwrap(), text);
    }

    #[test]
    fn every_value_type_round_trips() {
        let text = r#"{"operator":"OR","value":[{"field":"a","operator":"=","value":null},{"field":"b","operator":"!=","value":true},{"field":"c","operator":"<=","value":-7},{"field":"d","operator":">=","value":2.5},{"field":"e","operator":"NIN","value":["x",1,1.5]},{"operator":"AND","value":[{"field":"f","operator":"~","value":"y"},{"field":"g","operator":"!~","value":"z"},{"field":"h","operator":"$","value":"@example.com"}]}]}"#;
        let q: Query = serde_json::from_str(text).unwrap();
        assert_eq!(to_json(&q), text);
        // Key order in the input does not matter.
        let reordered: Query = serde_json::from_str(
            r#"{"value":[{"value":1,"operator":"<","field":"n"}],"operator":"OR"}"#,
        )
        .unwrap();
        assert_eq!(
            reordered,
            Query::or([Query::filter("n", Operator::LessThan, 1)])
        );
    }

    #[test]
    fn depth_three_is_rejected() {
        let q = Query::and([(f(1) | f(2)) & f(3), f(4)]);
        assert_eq!(q.depth(), 3);
        let err = q.validate().unwrap_err();
        assert_eq!(
            err,
            SearchError::TooDeep {
                depth: 3,
                path: "query.value[0].value[0]".to_owned(),
                max: 2
            }
        );
        let message = "search query nests groups 3 deep at query.value[0].value[0]; \
                       Intercom allows at most 2 levels of nesting";
        assert_eq!(err.to_string(), message);
        let ser = serde_json::to_string(&q).unwrap_err().to_string();
        assert_eq!(ser, message);
        // Nested in a request body, too.
        let ser = serde_json::to_string(&Body { query: q })
            .unwrap_err()
            .to_string();
        assert_eq!(ser, message);
    }

    #[test]
    fn too_deep_path_is_the_deepest_group() {
        // The first member is depth 2; the deepest group is under the second member.
        let q = Query::or([
            f(0) & (f(1) | f(2)),
            f(3),
            Query::and([f(4), Query::or([f(5), f(6) & f(7)])]),
        ]);
        assert_eq!(q.depth(), 4);
        assert_eq!(
            q.validate(),
            Err(SearchError::TooDeep {
                depth: 4,
                path: "query.value[2].value[1].value[1]".to_owned(),
                max: MAX_DEPTH
            })
        );
    }

    #[test]
    fn sixteen_members_rejected_fifteen_accepted() {
        let fifteen = Query::and((0..15).map(f));
        assert_eq!(fifteen.validate(), Ok(()));
        assert!(serde_json::to_string(&fifteen).is_ok());

        let sixteen = fifteen.clone() & f(15);
        let Query::Group(group) = &sixteen else {
            panic!("not a group")
        };
        assert_eq!(group.members.len(), 16);
        let message = "search group at query has 16 members; \
                       Intercom allows at most 15 filters per AND/OR group";
        assert_eq!(sixteen.validate().unwrap_err().to_string(), message);
        assert_eq!(
            serde_json::to_string(&sixteen).unwrap_err().to_string(),
            message
        );

        // A nested group: the path points at it.
        let q = f(100) | Query::and((0..16).map(f));
        assert_eq!(
            q.validate(),
            Err(SearchError::TooWide {
                path: "query.value[1]".to_owned(),
                members: 16,
                max: 15
            })
        );
        assert_eq!(
            q.validate().unwrap_err().to_string(),
            "search group at query.value[1] has 16 members; \
             Intercom allows at most 15 filters per AND/OR group"
        );
    }

    #[test]
    fn deserialize_does_not_check_limits() {
        let sixteen = Query::and((0..16).map(f));
        let text = serde_json::to_string(&Unchecked(&sixteen)).unwrap();
        let back: Query = serde_json::from_str(&text).unwrap();
        assert_eq!(back, sixteen);

        let deep: Query = serde_json::from_str(
            r#"{"operator":"AND","value":[{"operator":"OR","value":[{"operator":"AND","value":[]}]}]}"#,
        )
        .unwrap();
        assert_eq!(deep.depth(), 3);
    }

    #[test]
    fn deserialize_rejects_unknown_operators() {
        let err = serde_json::from_str::<Body>(
            r#"{"query":{"operator":"AND","value":[{"field":"name","operator":"LIKE","value":"Jo"}]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "search filter at query.value[0]: unknown search operator `LIKE`; expected one of \
                 `=`, `!=`, `IN`, `NIN`, `<`, `<=`, `>`, `>=`, `~`, `!~`, `^`, `$`"
            ),
            "{err}"
        );

        let err = serde_json::from_str::<Query>(r#"{"operator":"XOR","value":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "search group at query: unknown search group operator `XOR`; expected `AND` or `OR`"
            ),
            "{err}"
        );

        // Case matters: Intercom's symbols are upper case.
        assert!(serde_json::from_str::<Query>(r#"{"operator":"and","value":[]}"#).is_err());

        let err = serde_json::from_str::<Query>(r#"{"operator":"=","value":1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("search filter at query has no `field`"),
            "{err}"
        );
    }

    #[test]
    fn deserialize_rejects_unknown_keys() {
        let err = serde_json::from_str::<Body>(
            r#"{"query":{"operator":"OR","value":[{"field":"name","operator":"=","value":"Jo","type":"string"}]}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "unknown key `type` in search query at query.value[0]; expected `field`, \
                 `operator` and `value`"
            ),
            "{err}"
        );
    }

    #[test]
    fn deserialize_rejects_malformed_shapes() {
        let cases = [
            (r#""created_at""#, "search query at query must be an object"),
            (
                r#"{"field":"a","operator":"="}"#,
                "search filter at query has no `value`",
            ),
            (
                r#"{"field":"a","value":1}"#,
                "search query at query has no `operator`",
            ),
            (
                r#"{"field":1,"operator":"=","value":1}"#,
                "search filter at query: `field` must be a string",
            ),
            (
                r#"{"operator":"OR","value":{"field":"a"}}"#,
                "search group at query: `value` must be an array",
            ),
            (
                r#"{"field":"a","operator":"=","value":{"b":1}}"#,
                "search filter at query: invalid type: map",
            ),
            (
                r#"{"field":"a","operator":"=","value":18446744073709551615}"#,
                "search filter at query: search value 18446744073709551615 is too large",
            ),
        ];
        for (text, expected) in cases {
            let err = serde_json::from_str::<Query>(text).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{text}: {err}");
        }
    }

    #[test]
    fn typed_fields_build_filters() {
        assert_eq!(EMAIL.name(), "email");
        assert_eq!(
            EMAIL.ends_with("@example.com"),
            Query::filter("email", Operator::EndsWith, "@example.com")
        );
        assert_eq!(
            EMAIL.contains("joe"),
            Query::filter("email", Operator::Contains, "joe")
        );
        assert_eq!(
            EMAIL.not_contains(String::from("spam")),
            Query::filter("email", Operator::NotContains, "spam")
        );
        assert_eq!(
            EMAIL.eq("a@b.c"),
            Query::filter("email", Operator::Equals, "a@b.c")
        );
        assert_eq!(
            SESSION_COUNT.le(10)
                & SESSION_COUNT.ge(2_i64)
                & SESSION_COUNT.lt(9)
                & SESSION_COUNT.gt(3),
            Query::and([
                Query::filter("session_count", Operator::LessThanOrEqual, 10),
                Query::filter("session_count", Operator::GreaterThanOrEqual, 2),
                Query::filter("session_count", Operator::LessThan, 9),
                Query::filter("session_count", Operator::GreaterThan, 3),
            ])
        );
        assert_eq!(
            to_json(&UNSUBSCRIBED.ne(true)),
            r#"{"field":"unsubscribed_from_emails","operator":"!=","value":true}"#
        );
        assert_eq!(
            CREATED_AT.lt(Timestamp::from_unix(5)),
            Query::filter("created_at", Operator::LessThan, 5)
        );

        let plan = Field::<Any>::named(format!("custom_attributes.{}", "plan"));
        assert_eq!(plan.name(), "custom_attributes.plan");
        assert_eq!(
            to_json(&(plan.is_in(["pro", "team"]) | plan.eq(Value::Null))),
            r#"{"operator":"OR","value":[{"field":"custom_attributes.plan","operator":"IN","value":["pro","team"]},{"field":"custom_attributes.plan","operator":"=","value":null}]}"#
        );
        let copy = plan.clone();
        assert_eq!(copy.name(), plan.name());
        assert!(format!("{:?}", CREATED_AT).contains("\"created_at\""));
    }

    #[test]
    fn per_page_is_one_to_150() {
        for ok in [1, 50, 150] {
            assert_eq!(check_per_page(ok), Ok(()));
        }
        for bad in [0, -5, 151, i64::MAX] {
            let err = check_per_page(bad).unwrap_err();
            assert_eq!(
                err,
                SearchError::PerPage {
                    per_page: bad,
                    min: 1,
                    max: 150
                }
            );
        }
        assert_eq!(
            check_per_page(151).unwrap_err().to_string(),
            "search asks for 151 results per page; Intercom allows 1 to 150 (pagination.per_page)"
        );
    }

    #[test]
    fn operators_parse_print_and_serialize_as_wire_symbols() {
        let symbols = [
            "=", "!=", "IN", "NIN", "<", "<=", ">", ">=", "~", "!~", "^", "$",
        ];
        assert_eq!(Operator::ALL.map(Operator::as_str), symbols);
        for op in Operator::ALL {
            assert_eq!(op.as_str().parse::<Operator>(), Ok(op));
            assert_eq!(op.to_string(), op.as_str());
            assert_eq!(serde_json::to_value(op).unwrap(), json!(op.as_str()));
            assert_eq!(
                serde_json::from_value::<Operator>(json!(op.as_str())).unwrap(),
                op
            );
        }
        assert_eq!("==".parse::<Operator>().unwrap_err().found(), "==");
        for op in [GroupOperator::And, GroupOperator::Or] {
            assert_eq!(op.as_str().parse::<GroupOperator>(), Ok(op));
            assert_eq!(op.to_string(), op.as_str());
            assert_eq!(serde_json::to_value(op).unwrap(), json!(op.as_str()));
            assert_eq!(
                serde_json::from_value::<GroupOperator>(json!(op.as_str())).unwrap(),
                op
            );
        }
        assert!(serde_json::from_value::<GroupOperator>(json!("=")).is_err());
    }
}
