//! The tables the generator writes for the mock server (`routes.rs`, `preview_routes.rs`, one row
//! per operation in the order of the operation table), and finding the row a request is for.

use crate::runtime::OperationInfo;
use crate::runtime::PagingStyle;
use crate::runtime::registry::Dispatch;

/// One API as the mock server sees it: its operation table, its rows, and its by-name dispatch
/// (which the validation runs without sending anything).
#[derive(Clone, Copy)]
pub(crate) struct Api {
    /// The `Intercom-Version` its calls send.
    pub(crate) version: &'static str,
    /// Its operation table.
    pub(crate) operations: &'static [OperationInfo],
    /// Its rows, index for index with `operations`.
    pub(crate) routes: &'static [Route],
    /// Builds an operation's typed request from JSON input (`Client::execute`'s dispatch).
    pub(crate) dispatch: Dispatch,
}

/// What the mock knows about one operation.
pub(crate) struct Route {
    /// The operation id (the row of the operation table at the same index has it too).
    pub(crate) id: &'static str,
    /// Where each parameter arrives, in the operation's order.
    pub(crate) params: &'static [Param],
    /// Where the request body's fields go in the operation's JSON input.
    pub(crate) body: BodyAt,
    /// The success status.
    pub(crate) status: u16,
    /// What a success answers.
    pub(crate) kind: Kind,
    /// The default JSON answer (the description's example, or one made from the response type);
    /// `None` for other kinds, and when the resource's cargo feature is off.
    pub(crate) answer: Option<&'static str>,
    /// Where a paged operation keeps its items, cursor and counters.
    pub(crate) paging: Option<&'static Paging>,
}

/// A path, query or header parameter.
pub(crate) struct Param {
    /// Its name on the wire (and in the JSON input).
    pub(crate) wire: &'static str,
    /// Where it arrives.
    pub(crate) at: ParamAt,
}

/// Where a parameter arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamAt {
    /// A `{variable}` of the path.
    Path,
    /// One query value.
    Query,
    /// A query list: `name=a&name=b` when exploded, else `name=a,b`.
    List {
        /// Repeated keys rather than commas.
        explode: bool,
    },
    /// An object spread into the query as its own keys (every query key no other parameter
    /// claims).
    Spread,
    /// A required query parameter with one accepted value, which the client always sends
    /// itself (`type=user`): checked here, not part of the JSON input.
    Fixed {
        /// The one value accepted.
        value: &'static str,
    },
    /// A request header (no description of 2.16 or Preview has one as a parameter).
    #[allow(dead_code)]
    Header,
}

impl Param {
    /// A path parameter.
    pub(crate) const fn path(wire: &'static str) -> Param {
        Param {
            wire,
            at: ParamAt::Path,
        }
    }

    /// A query parameter with one value.
    pub(crate) const fn query(wire: &'static str) -> Param {
        Param {
            wire,
            at: ParamAt::Query,
        }
    }

    /// A query list.
    pub(crate) const fn list(wire: &'static str, explode: bool) -> Param {
        Param {
            wire,
            at: ParamAt::List { explode },
        }
    }

    /// An object spread into the query.
    pub(crate) const fn spread(wire: &'static str) -> Param {
        Param {
            wire,
            at: ParamAt::Spread,
        }
    }

    /// A required query parameter the client always sends with its one accepted value.
    pub(crate) const fn fixed(wire: &'static str, value: &'static str) -> Param {
        Param {
            wire,
            at: ParamAt::Fixed { value },
        }
    }

    /// A header.
    #[allow(dead_code)]
    pub(crate) const fn header(wire: &'static str) -> Param {
        Param {
            wire,
            at: ParamAt::Header,
        }
    }
}

/// Where the request body goes in the operation's JSON input (the rule of `Client::execute`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyAt {
    /// No body.
    None,
    /// The body object's properties are top-level input keys.
    Merged,
    /// The whole body is the value of this input key.
    Key(&'static str),
    /// A `multipart/form-data` body (not checked field by field).
    Form,
}

/// What a successful call answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// JSON.
    Json,
    /// Nothing.
    Empty,
    /// `text/plain`.
    Text,
    /// A file.
    Binary,
    /// A redirect to a file.
    Redirect,
}

/// A paged operation's fields, as JSON paths of wire names.
pub(crate) struct Paging {
    /// How it pages.
    pub(crate) style: PagingStyle,
    /// The response's item list.
    pub(crate) items: &'static [&'static str],
    /// The response's next cursor (or scroll parameter).
    pub(crate) next_cursor: Option<&'static [&'static str]>,
    /// The response's `has_more`.
    pub(crate) has_more: Option<&'static [&'static str]>,
    /// The response's page number.
    pub(crate) page: Option<&'static [&'static str]>,
    /// The response's page count.
    pub(crate) total_pages: Option<&'static [&'static str]>,
    /// Where the request's cursor (or scroll parameter) arrives.
    pub(crate) cursor_in: Option<InputAt>,
    /// Where the request's page number arrives.
    pub(crate) page_in: Option<InputAt>,
    /// Where the request's page size arrives.
    pub(crate) per_page_in: Option<InputAt>,
    /// One item, as JSON text: the template of the items the mock makes up.
    pub(crate) item: &'static str,
}

/// Where a paging input arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputAt {
    /// A query parameter.
    Query(&'static str),
    /// A field of the JSON body, through nested objects.
    Body(&'static [&'static str]),
}

/// The operation a request is for, with its path parameters (decoded).
#[derive(Debug, Clone)]
pub(crate) struct Matched {
    /// Index in the API's tables.
    pub(crate) index: usize,
    /// `(name, value)` for each `{variable}` of the path.
    pub(crate) path_params: PathParams,
}

impl Api {
    /// The row of `method path`: among the templates that fit, the one with literal segments
    /// where the others have variables, the earliest first (`/contacts/search` before
    /// `/contacts/{id}`).
    pub(crate) fn route(&self, method: &str, path: &str) -> Option<Matched> {
        let segments: Vec<&str> = path.split('/').collect();
        let mut best: Option<(Vec<bool>, Matched)> = None;
        for (index, op) in self.operations.iter().enumerate() {
            if !op.http_method.as_str().eq_ignore_ascii_case(method) {
                continue;
            }
            let Some((literal, path_params)) = fit(op.path, &segments) else {
                continue;
            };
            if best.as_ref().is_none_or(|(b, _)| literal > *b) {
                best = Some((literal, Matched { index, path_params }));
            }
        }
        best.map(|(_, m)| m)
    }

    /// Whether some operation has this path with another method.
    pub(crate) fn knows_path(&self, path: &str) -> bool {
        let segments: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .any(|op| fit(op.path, &segments).is_some())
    }
}

/// A path's variables, `(name, decoded value)`, in the template's order.
pub(crate) type PathParams = Vec<(String, String)>;

/// Whether `segments` fit `template`: which of its segments are literal, and the variables.
fn fit(template: &str, segments: &[&str]) -> Option<(Vec<bool>, PathParams)> {
    let parts: Vec<&str> = template.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literal = Vec::with_capacity(parts.len());
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                if segment.is_empty() {
                    return None;
                }
                let value = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                params.push((name.to_owned(), value.into_owned()));
                literal.push(false);
            }
            None if part == segment => literal.push(true),
            None => return None,
        }
    }
    Some((literal, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_and_variables_are_decoded() {
        let table = crate::OPERATIONS;
        let api = Api {
            version: crate::API_VERSION,
            operations: table,
            routes: &[],
            dispatch: |_, _| unreachable!("not called"),
        };
        let name = |m: Option<Matched>| m.map(|m| table[m.index].name);
        assert_eq!(
            name(api.route("POST", "/contacts/search")),
            Some("contacts.search")
        );
        let m = api.route("GET", "/contacts/a%2Fb").expect("contacts.get");
        assert_eq!(table[m.index].name, "contacts.get");
        assert_eq!(m.path_params, [("contact_id".to_owned(), "a/b".to_owned())]);
        assert!(api.route("GET", "/contacts/").is_none());
        assert!(api.route("PATCH", "/contacts/1").is_none());
        assert!(api.knows_path("/contacts/1"));
        assert!(api.route("GET", "/nothing").is_none());
    }
}
