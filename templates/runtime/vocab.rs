//! The vocabulary the code generator and the runtime share: [`HttpMethod`], [`Risk`],
//! [`PagingStyle`] and the search operators ([`Operator`], [`GroupOperator`]).
//!
//! One definition of each, with no imports from the rest of the runtime and no dependencies
//! beyond `std`: the generator compiles this same file (a `#[path]` include in
//! `generator/src/lib.rs`) and lowers descriptions into these types, and the runtime re-exports
//! them from the modules that use them (`request`, `operation`, `paging` and `search`), so their
//! public paths are those modules'. What only one side needs stays on that side: the `reqwest`
//! method, the serde impls of the operators (runtime), the tokens each value is emitted as
//! (generator).

use std::fmt;
use std::str::FromStr;

/// An HTTP method used by an Intercom operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// Every method, in declaration order.
    pub const ALL: [HttpMethod; 5] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
    ];

    /// The method name as sent on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Whether repeating the call has the same effect as making it once (GET, PUT, DELETE), so
    /// that it can be retried after a failure that leaves its outcome unknown.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much harm calling an operation can do, for tools and agents that decide which calls run
/// unattended and which need a human's approval. Ordered from least to most harmful, so
/// `info.risk <= Risk::Write` selects everything that is not destructive.
///
/// Decided by the code generator, by one rule: destructive is what cannot be undone through the
/// API (deleted, merged, redacted or converted data), what removes something from many records
/// in one call, and what can lock people out of the workspace; write is every other change
/// (an archive is undone by `unarchive`, a detach by attaching again); read changes nothing.
/// `GET` reads; a `POST`, `PUT` or `PATCH` reads when it only queries (`search…`, `list…`,
/// `…/search`); a `DELETE` or an action named archive, block, redact, merge, detach, unlink,
/// remove, … is destructive unless the API has the operation undoing it. The project's
/// overrides correct what the method and path do not show (converting a visitor merges and
/// deletes it; creating a tag can untag many companies; the IP allowlist can lock the workspace
/// out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Risk {
    /// Only reads data: safe to retry and to run unattended.
    Read,
    /// Creates or changes data in a way the API can change back.
    Write,
    /// Deletes, blocks, redacts, merges or converts data so that it cannot be restored through
    /// the API, removes something from many records at once, or can lock people out.
    Destructive,
}

impl Risk {
    /// Every level, from least to most harmful.
    pub const ALL: [Risk; 3] = [Risk::Read, Risk::Write, Risk::Destructive];

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

/// How an operation pages through its results (one column of the operation table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PagingStyle {
    /// Not paginated: one call returns everything.
    None,
    /// A cursor in the query: `?starting_after=…`, read from `pages.next.starting_after`.
    QueryCursor,
    /// A cursor in the JSON body: `pagination.starting_after`, read from
    /// `pages.next.starting_after` (the search endpoints).
    BodyCursor,
    /// `?cursor=…`, read from `next_cursor`, with `has_more`.
    NextCursor,
    /// Page numbers: `page`/`per_page`, with `page` and `total_pages` in the response.
    PageNumber,
    /// A server-side scroll: `?scroll_param=…`, one open scroll per workspace.
    Scroll,
}

impl PagingStyle {
    /// Every style, in declaration order.
    pub const ALL: [PagingStyle; 6] = [
        PagingStyle::None,
        PagingStyle::QueryCursor,
        PagingStyle::BodyCursor,
        PagingStyle::NextCursor,
        PagingStyle::PageNumber,
        PagingStyle::Scroll,
    ];

    /// A short name: `none`, `query_cursor`, `body_cursor`, `next_cursor`, `page_number`,
    /// `scroll`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PagingStyle::None => "none",
            PagingStyle::QueryCursor => "query_cursor",
            PagingStyle::BodyCursor => "body_cursor",
            PagingStyle::NextCursor => "next_cursor",
            PagingStyle::PageNumber => "page_number",
            PagingStyle::Scroll => "scroll",
        }
    }

    /// Whether the operation is paginated (anything but [`PagingStyle::None`]).
    pub const fn is_paginated(self) -> bool {
        !matches!(self, PagingStyle::None)
    }
}

impl fmt::Display for PagingStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------
// Search operators
// ---------------------------------------------------------------------------------------------

/// A filter's comparison operator. Serializes as its wire symbol ([`as_str`](Operator::as_str)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operator {
    /// `=`: equals.
    Equals,
    /// `!=`: does not equal.
    NotEquals,
    /// `IN`: is one of a list of values.
    In,
    /// `NIN`: is none of a list of values.
    NotIn,
    /// `<`: less than.
    LessThan,
    /// `<=`: less than or equal to.
    LessThanOrEqual,
    /// `>`: greater than.
    GreaterThan,
    /// `>=`: greater than or equal to.
    GreaterThanOrEqual,
    /// `~`: contains.
    Contains,
    /// `!~`: does not contain.
    NotContains,
    /// `^`: starts with.
    StartsWith,
    /// `$`: ends with.
    EndsWith,
}

impl Operator {
    /// Every operator, in the order of the spec's list.
    pub const ALL: [Operator; 12] = [
        Operator::Equals,
        Operator::NotEquals,
        Operator::In,
        Operator::NotIn,
        Operator::LessThan,
        Operator::LessThanOrEqual,
        Operator::GreaterThan,
        Operator::GreaterThanOrEqual,
        Operator::Contains,
        Operator::NotContains,
        Operator::StartsWith,
        Operator::EndsWith,
    ];

    /// The wire symbol: `=`, `!=`, `IN`, `NIN`, `<`, `<=`, `>`, `>=`, `~`, `!~`, `^` or `$`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "=",
            Operator::NotEquals => "!=",
            Operator::In => "IN",
            Operator::NotIn => "NIN",
            Operator::LessThan => "<",
            Operator::LessThanOrEqual => "<=",
            Operator::GreaterThan => ">",
            Operator::GreaterThanOrEqual => ">=",
            Operator::Contains => "~",
            Operator::NotContains => "!~",
            Operator::StartsWith => "^",
            Operator::EndsWith => "$",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Operator {
    type Err = ParseOperatorError;

    /// Parses a wire symbol (exactly, case-sensitively).
    fn from_str(s: &str) -> Result<Operator, ParseOperatorError> {
        Operator::ALL
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| ParseOperatorError {
                found: s.to_owned(),
                group: false,
            })
    }
}

/// How a search `Group` joins its members: `AND` or `OR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupOperator {
    /// `AND`: every member matches.
    And,
    /// `OR`: at least one member matches.
    Or,
}

impl GroupOperator {
    /// The wire symbol: `AND` or `OR`.
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupOperator::And => "AND",
            GroupOperator::Or => "OR",
        }
    }
}

impl fmt::Display for GroupOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GroupOperator {
    type Err = ParseOperatorError;

    /// Parses `AND` or `OR` (exactly, case-sensitively).
    fn from_str(s: &str) -> Result<GroupOperator, ParseOperatorError> {
        match s {
            "AND" => Ok(GroupOperator::And),
            "OR" => Ok(GroupOperator::Or),
            _ => Err(ParseOperatorError {
                found: s.to_owned(),
                group: true,
            }),
        }
    }
}

/// The error of [`Operator::from_str`] and [`GroupOperator::from_str`]: the text is not one of
/// Intercom's operator symbols.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOperatorError {
    found: String,
    group: bool,
}

impl ParseOperatorError {
    /// The text that did not parse.
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl fmt::Display for ParseOperatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.group {
            write!(
                f,
                "unknown search group operator `{}`; expected `AND` or `OR`",
                self.found
            )
        } else {
            write!(
                f,
                "unknown search operator `{}`; expected one of ",
                self.found
            )?;
            for (i, op) in Operator::ALL.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                write!(f, "{sep}`{op}`")?;
            }
            Ok(())
        }
    }
}

impl std::error::Error for ParseOperatorError {}
