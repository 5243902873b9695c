//! Loopback HTTP tests of the paginators (`.pages()` / `.items()`) and of search queries, against
//! a `wiremock` server whose responders render every page on the fly from the request they get.
//!
//! One paging style per section, each through a real generated operation:
//!
//! - query cursor: `client.contacts().list()` (`?starting_after=…`, `pages.next.starting_after`);
//! - body cursor: `client.contacts().search(query)` (`pagination.starting_after` in the body);
//! - page numbers: `client.articles().list()` (`?page=…`, `pages.page` / `pages.total_pages`);
//! - scroll: `client.companies().scroll()` (`?scroll_param=…`);
//! - next cursor: `client.contacts().list_merge_history(id)` (`?cursor=…`, `next_cursor`,
//!   `has_more`).
//!
//! Every test checks the exact items delivered, the exact requests sent (how many, and the
//! cursor, page or body each one carried) and, where the stream fails, the exact error and that
//! the stream ends right after it. The last section sends typed search queries over HTTP and
//! checks both the JSON Intercom receives and that over-limit queries never leave the client.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{Stream, StreamExt};
use intercom_api::search::contacts::{
    CREATED_AT, EMAIL, EMAIL_DOMAIN, ROLE, UNSUBSCRIBED_FROM_EMAILS,
};
use intercom_api::search::{Operator, Query, SearchError};
use intercom_api::testing::{Answer, MockServer as MockIntercom};
use intercom_api::{Client, Error, PaginationError, RetryPolicy, Timestamp};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "tok_paging_http_123";

/// Intercom's default page size for contacts (`per_page` left out).
const DEFAULT_PER_PAGE: usize = 50;

/// How long [`drain`] waits for a stream to end; every stream here ends well within a second.
const DRAIN_LIMIT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Helpers: client, requests, streams
// ---------------------------------------------------------------------------------------------

/// A client that talks to `server`, without retries: these tests are about what paginators do
/// with the answers they get (retries are `faults_http.rs`'s subject; one test here checks that a
/// paginator's requests are retried like any other).
fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/", server.uri()))
        .retry(RetryPolicy::never())
        .build()
        .expect("valid client")
}

/// Every request `server` received, in order.
async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The decoded value of query parameter `name` of `request`, if it has one.
fn query_param(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The values of query parameter `name` of every request, in order.
fn query_params(requests: &[Request], name: &str) -> Vec<Option<String>> {
    requests.iter().map(|r| query_param(r, name)).collect()
}

/// The JSON body of `request`.
fn json_body(request: &Request) -> Value {
    request.body_json().expect("the request body is JSON")
}

/// Reads `stream` to its end: the items before the first error, and that error. Fails the test
/// if anything follows the error (the paginators end right after one), or if the stream has not
/// ended after [`DRAIN_LIMIT`] (a paginator that loops fails instead of hanging).
async fn drain<T, S>(mut stream: S) -> (Vec<T>, Option<Error>)
where
    S: Stream<Item = intercom_api::Result<T>> + Unpin,
{
    let read = async {
        let mut items = Vec::new();
        while let Some(next) = stream.next().await {
            match next {
                Ok(item) => items.push(item),
                Err(error) => {
                    assert!(
                        stream.next().await.is_none(),
                        "the stream must end right after its error"
                    );
                    return (items, Some(error));
                }
            }
        }
        assert!(
            stream.next().await.is_none(),
            "a finished stream stays finished"
        );
        (items, None)
    };
    tokio::time::timeout(DRAIN_LIMIT, read)
        .await
        .expect("the stream ends (it does not loop)")
}

/// The `id` of every item, in order (fails on an item without one).
fn ids<T>(items: &[T], id: impl Fn(&T) -> Option<&String>) -> Vec<String> {
    items
        .iter()
        .map(|item| id(item).expect("every item has an id").clone())
        .collect()
}

/// An Intercom `error.list` response.
fn intercom_error(status: u16, code: &str, message: &str, request_id: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "type": "error.list",
        "request_id": request_id,
        "errors": [{"code": code, "message": message}],
    }))
}

/// A 400 answer for a request the responder cannot understand (a responder must not panic: the
/// client would only see a dropped connection).
fn bad_request(why: &str) -> ResponseTemplate {
    intercom_error(400, "parameter_invalid", why, "req-bad")
}

/// Serves `inner`, except that request number `fail_at` (1-based) gets `failure` instead.
struct FailOnRequest<R> {
    inner: R,
    fail_at: usize,
    failure: ResponseTemplate,
    seen: AtomicUsize,
}

impl<R> FailOnRequest<R> {
    fn new(inner: R, fail_at: usize, failure: ResponseTemplate) -> Self {
        FailOnRequest {
            inner,
            fail_at,
            failure,
            seen: AtomicUsize::new(0),
        }
    }
}

impl<R: Respond> Respond for FailOnRequest<R> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at {
            self.failure.clone()
        } else {
            self.inner.respond(request)
        }
    }
}

/// Starts a server that answers `verb path` with `responder`.
async fn serve(verb: &str, route: &str, responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------------------------
// Cursor-paged contacts: `GET /contacts` and `POST /contacts/search`
// ---------------------------------------------------------------------------------------------

/// The cursor that points at contact `offset`: base64-like, with `+`, `/` and `=` so that it
/// only survives the round trip if the client percent-encodes it.
fn cursor_for(offset: usize) -> String {
    format!("WyJjIiw{offset}+/Q==")
}

/// The contact offset a cursor from [`cursor_for`] points at.
fn offset_of(cursor: &str) -> Option<usize> {
    cursor
        .strip_prefix("WyJjIiw")?
        .strip_suffix("+/Q==")?
        .parse()
        .ok()
}

/// Contact number `i`, as Intercom sends it (trimmed).
fn contact(i: usize) -> Value {
    json!({
        "type": "contact",
        "id": format!("c{i:05}"),
        "role": "user",
        "email": format!("user{i}@example.com"),
        "created_at": 1_700_000_000 + i,
    })
}

/// The ids of contacts `range`, as [`contact`] renders them.
fn contact_ids(range: Range<usize>) -> Vec<String> {
    range.map(|i| format!("c{i:05}")).collect()
}

/// Where a cursor-paged endpoint reads its cursor and page size.
#[derive(Debug, Clone, Copy)]
enum CursorIn {
    /// `?starting_after=…&per_page=…` (`ListContacts`).
    Query,
    /// `{"pagination": {"starting_after": …, "per_page": …}}` (`SearchContacts`).
    Body,
}

/// `total` contacts, served a page at a time from the cursor and `per_page` of each request.
///
/// Every page has Intercom's `pages` object (`page`, `per_page`, `total_pages`) and, unless it
/// is the last, `pages.next.starting_after`. Every cursor sent is recorded in `sent`.
struct ContactPages {
    total: usize,
    cursor_in: CursorIn,
    /// From this page on (1-based), the server sends the cursor of the request again instead
    /// of a new one.
    repeat_cursor_from: Option<usize>,
    sent: Arc<Mutex<Vec<String>>>,
}

impl ContactPages {
    fn new(total: usize, cursor_in: CursorIn) -> Self {
        ContactPages {
            total,
            cursor_in,
            repeat_cursor_from: None,
            sent: Arc::default(),
        }
    }

    /// The cursors this responder has sent so far (shared, so it can be read after the move).
    fn sent_cursors(&self) -> Arc<Mutex<Vec<String>>> {
        Arc::clone(&self.sent)
    }

    /// The cursor and page size a request asks for.
    fn requested(&self, request: &Request) -> Result<(Option<String>, Option<usize>), String> {
        match self.cursor_in {
            CursorIn::Query => {
                let per_page = query_param(request, "per_page")
                    .map(|n| n.parse().map_err(|_| format!("bad per_page {n:?}")))
                    .transpose()?;
                Ok((query_param(request, "starting_after"), per_page))
            }
            CursorIn::Body => {
                let body: Value = request
                    .body_json()
                    .map_err(|e| format!("body is not JSON: {e}"))?;
                let pagination = &body["pagination"];
                let cursor = pagination["starting_after"].as_str().map(str::to_owned);
                let per_page = pagination["per_page"]
                    .as_u64()
                    .map(|n| usize::try_from(n).map_err(|_| format!("bad per_page {n}")))
                    .transpose()?;
                Ok((cursor, per_page))
            }
        }
    }
}

impl Respond for ContactPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (cursor, per_page) = match self.requested(request) {
            Ok(asked) => asked,
            Err(why) => return bad_request(&why),
        };
        let offset = match cursor.as_deref().map(offset_of) {
            None => 0,
            Some(Some(offset)) => offset,
            Some(None) => return bad_request("unknown starting_after cursor"),
        };
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE).max(1);
        let end = (offset + per_page).min(self.total);
        let page = offset / per_page + 1;
        let mut pages = json!({
            "type": "pages",
            "page": page,
            "per_page": per_page,
            "total_pages": self.total.div_ceil(per_page),
        });
        if end < self.total {
            let repeat = self.repeat_cursor_from.is_some_and(|from| page >= from);
            let next = cursor_for(if repeat { offset } else { end });
            pages["next"] = json!({"page": page + 1, "starting_after": next});
            self.sent.lock().expect("cursor log").push(next);
        }
        let data: Vec<Value> = (offset.min(end)..end).map(contact).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": data,
            "total_count": self.total,
            "pages": pages,
        }))
    }
}

/// A server with `total` contacts behind `GET /contacts`; returns it and its cursor log.
async fn contacts_server(total: usize) -> (MockServer, Arc<Mutex<Vec<String>>>) {
    let pages = ContactPages::new(total, CursorIn::Query);
    let sent = pages.sent_cursors();
    (serve("GET", "/contacts", pages).await, sent)
}

/// Test 1: 10,000 contacts over 200 query-cursor pages of 50.
#[tokio::test]
async fn query_cursor_reads_10_000_contacts_over_200_pages() {
    let (server, sent) = contacts_server(10_000).await;

    let stream = client(&server).contacts().list().items().per_page(50);
    let (contacts, error) = drain(stream).await;

    assert!(error.is_none(), "{error:?}");
    // Every id exactly once, in order.
    assert_eq!(ids(&contacts, |c| c.id.as_ref()), contact_ids(0..10_000));

    let requests = requests(&server).await;
    assert_eq!(requests.len(), 200);
    let sent = sent.lock().expect("cursor log").clone();
    assert_eq!(sent.len(), 199, "the last page has no next cursor");
    let mut expected_cursors = vec![None];
    expected_cursors.extend(sent.into_iter().map(Some));
    assert_eq!(query_params(&requests, "starting_after"), expected_cursors);
    assert_eq!(
        query_params(&requests, "per_page"),
        vec![Some("50".to_owned()); 200]
    );
    assert!(requests.iter().all(|r| r.url.path() == "/contacts"));
}

/// Test 6: an empty first page ends the stream, even if it carries a next cursor.
#[tokio::test]
async fn empty_first_page_ends_after_one_request() {
    let server = serve(
        "GET",
        "/contacts",
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": [],
            "total_count": 0,
            // A cursor on an empty page: only the empty-page rule can stop here.
            "pages": {"type": "pages", "next": {"starting_after": cursor_for(50)}},
        })),
    )
    .await;

    let (contacts, error) = drain(client(&server).contacts().list().items()).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(contacts.len(), 0);
    assert_eq!(requests(&server).await.len(), 1);
}

/// Test 7: a cursor the server already sent ends the stream with `RepeatedCursor`, after the
/// items of the page that repeated it.
#[tokio::test]
async fn repeated_cursor_is_an_error_after_the_page_items() {
    let mut pages = ContactPages::new(500, CursorIn::Query);
    pages.repeat_cursor_from = Some(3);
    let server = serve("GET", "/contacts", pages).await;

    let (contacts, error) = drain(client(&server).contacts().list().items()).await;

    assert_eq!(ids(&contacts, |c| c.id.as_ref()), contact_ids(0..150));
    let error = error.expect("the stream ends with an error");
    let Error::Pagination {
        operation,
        kind: PaginationError::RepeatedCursor { cursor, page },
    } = &error
    else {
        panic!("expected RepeatedCursor, got {error:?}");
    };
    assert_eq!(*operation, "ListContacts");
    assert_eq!(cursor, &cursor_for(100));
    assert_eq!(*page, 3);
    assert_eq!(
        error.to_string(),
        format!(
            "ListContacts: the server repeated the cursor `{}` after page 3; stopped instead of looping",
            cursor_for(100)
        )
    );
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(
        query_params(&requests, "starting_after"),
        vec![None, Some(cursor_for(50)), Some(cursor_for(100))]
    );
}

/// A transient server error on page 7 is retried by the client: the stream delivers every item
/// once, in order.
#[tokio::test]
async fn transient_error_on_page_7_is_retried_and_the_stream_completes() {
    let failure = intercom_error(503, "service_unavailable", "Try again", "req-503");
    let responder = FailOnRequest::new(ContactPages::new(500, CursorIn::Query), 7, failure);
    let server = serve("GET", "/contacts", responder).await;
    let client = Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("valid client");

    let (contacts, error) = drain(client.contacts().list().items()).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&contacts, |c| c.id.as_ref()), contact_ids(0..500));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 11, "10 pages and one retry");
    assert_eq!(
        query_params(&requests, "starting_after")[6..8],
        [Some(cursor_for(300)), Some(cursor_for(300))]
    );
}

/// Test 8: a server error on page 7 of 10 arrives after the 300 items of pages 1–6, and ends the
/// stream.
#[tokio::test]
async fn error_on_page_7_of_10_follows_the_items_of_pages_1_to_6() {
    let failure = intercom_error(500, "server_error", "Internal server error", "req-500");
    let responder = FailOnRequest::new(ContactPages::new(500, CursorIn::Query), 7, failure);
    let server = serve("GET", "/contacts", responder).await;

    let (contacts, error) = drain(client(&server).contacts().list().items()).await;

    assert_eq!(contacts.len(), 6 * DEFAULT_PER_PAGE);
    assert_eq!(ids(&contacts, |c| c.id.as_ref()), contact_ids(0..300));
    let error = error.expect("the stream ends with an error");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), 500);
    assert_eq!(api.code(), Some("server_error"));
    assert_eq!(api.request_id(), Some("req-500"));
    assert_eq!(
        error.to_string(),
        "ListContacts: HTTP 500 server_error: Internal server error (request id req-500)"
    );
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 7);
    // `per_page` was not set on the stream, so it is never sent.
    assert_eq!(query_params(&requests, "per_page"), vec![None; 7]);
    assert_eq!(
        query_params(&requests, "starting_after")[6],
        Some(cursor_for(300))
    );
}

/// Test 9a: `max_items` on `.items()` delivers exactly that many items and requests no page after
/// the one that completes them.
#[tokio::test]
async fn max_items_stops_at_exactly_n_items() {
    // (max_items, requests): 120 needs a third page of 50; 100 is exactly two pages; 1 is one.
    for (max_items, expected_requests) in [(120, 3), (100, 2), (1, 1)] {
        let (server, _) = contacts_server(10_000).await;

        let stream = client(&server)
            .contacts()
            .list()
            .items()
            .max_items(max_items);
        let (contacts, error) = drain(stream).await;

        assert!(error.is_none(), "{error:?}");
        assert_eq!(
            ids(&contacts, |c| c.id.as_ref()),
            contact_ids(0..max_items),
            "max_items({max_items})"
        );
        assert_eq!(
            requests(&server).await.len(),
            expected_requests,
            "max_items({max_items})"
        );
    }
}

/// Test 9b: `max_pages` requests exactly that many pages; `max_items` on `.pages()` delivers
/// whole pages.
#[tokio::test]
async fn max_pages_stops_after_n_requests() {
    for max_pages in [0, 1, 2] {
        let (server, _) = contacts_server(10_000).await;

        let stream = client(&server)
            .contacts()
            .list()
            .items()
            .max_pages(max_pages);
        let (contacts, error) = drain(stream).await;

        assert!(error.is_none(), "{error:?}");
        assert_eq!(
            ids(&contacts, |c| c.id.as_ref()),
            contact_ids(0..max_pages * DEFAULT_PER_PAGE)
        );
        assert_eq!(requests(&server).await.len(), max_pages);
    }

    let (server, _) = contacts_server(10_000).await;
    let pages = client(&server)
        .contacts()
        .list()
        .pages()
        .max_items(120)
        .collect_all()
        .await
        .expect("three pages");
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.data.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, vec![50, 50, 50]);
    assert_eq!(requests(&server).await.len(), 3);
}

/// Test 2: a body-cursor search over 3 pages sends the query unchanged every time, with the
/// previous page's cursor in `pagination.starting_after`.
#[tokio::test]
async fn body_cursor_search_follows_pagination_starting_after() {
    let pages = ContactPages::new(50, CursorIn::Body);
    let sent = pages.sent_cursors();
    let server = serve("POST", "/contacts/search", pages).await;
    let query = ROLE.eq("user") & CREATED_AT.gt(Timestamp::from_unix(1_700_000_000));
    let query_json = json!({
        "operator": "AND",
        "value": [
            {"field": "role", "operator": "=", "value": "user"},
            {"field": "created_at", "operator": ">", "value": 1_700_000_000},
        ],
    });

    let stream = client(&server)
        .contacts()
        .search(query)
        .items()
        .per_page(20);
    let (contacts, error) = drain(stream).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&contacts, |c| c.id.as_ref()), contact_ids(0..50));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 3);
    let sent = sent.lock().expect("cursor log").clone();
    assert_eq!(sent, vec![cursor_for(20), cursor_for(40)]);
    let bodies: Vec<Value> = requests.iter().map(json_body).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"query": query_json, "pagination": {"per_page": 20}}),
            json!({"query": query_json, "pagination": {"per_page": 20, "starting_after": sent[0]}}),
            json!({"query": query_json, "pagination": {"per_page": 20, "starting_after": sent[1]}}),
        ]
    );
    assert!(requests.iter().all(|r| r.url.query().is_none()));
}

// ---------------------------------------------------------------------------------------------
// Page numbers: `GET /articles`
// ---------------------------------------------------------------------------------------------

/// Article number `i` (trimmed).
fn article(i: usize) -> Value {
    json!({"type": "article", "id": format!("a{i}"), "title": format!("Article {i}")})
}

/// The ids of articles `range`, as [`article`] renders them.
fn article_ids(range: Range<usize>) -> Vec<String> {
    range.map(|i| format!("a{i}")).collect()
}

/// `total` articles, served by page number (`?page=…&per_page=…`, default page 1 of 10).
struct ArticlePages {
    total: usize,
    /// Answer page 1 whatever page is asked for (a server that ignores `page`).
    ignore_page: bool,
}

impl Respond for ArticlePages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let number = |name: &str, default: usize| match query_param(request, name) {
            None => Ok(default),
            Some(n) => n.parse::<usize>().map_err(|_| format!("bad {name} {n:?}")),
        };
        let (page, per_page) = match (number("page", 1), number("per_page", 10)) {
            (Ok(page), Ok(per_page)) if page >= 1 && per_page >= 1 => (page, per_page),
            _ => return bad_request("page and per_page must be positive integers"),
        };
        let page = if self.ignore_page { 1 } else { page };
        let start = ((page - 1) * per_page).min(self.total);
        let end = (start + per_page).min(self.total);
        let data: Vec<Value> = (start..end).map(article).collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "list",
            "data": data,
            "total_count": self.total,
            "pages": {
                "type": "pages",
                "page": page,
                "per_page": per_page,
                "total_pages": self.total.div_ceil(per_page),
            },
        }))
    }
}

/// Test 3: page numbers stop at `total_pages`, even when the last page is full, without an extra
/// request.
#[tokio::test]
async fn page_numbers_stop_at_total_pages() {
    let responder = ArticlePages {
        total: 30,
        ignore_page: false,
    };
    let server = serve("GET", "/articles", responder).await;

    let stream = client(&server).articles().list().items().per_page(10);
    let (articles, error) = drain(stream).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&articles, |a| a.id.as_ref()), article_ids(0..30));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 3);
    // The first request leaves `page` out (the API's default, 1); then 2 and 3.
    assert_eq!(
        query_params(&requests, "page"),
        vec![None, Some("2".to_owned()), Some("3".to_owned())]
    );
    assert_eq!(
        query_params(&requests, "per_page"),
        vec![Some("10".to_owned()); 3]
    );
}

/// Test 3 (continued): a `page` set on the builder is where the pages start.
#[tokio::test]
async fn page_numbers_start_at_the_builder_page() {
    let responder = ArticlePages {
        total: 30,
        ignore_page: false,
    };
    let server = serve("GET", "/articles", responder).await;

    let stream = client(&server).articles().list().page(2).items();
    let (articles, error) = drain(stream).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&articles, |a| a.id.as_ref()), article_ids(10..30));
    let requests = requests(&server).await;
    assert_eq!(
        query_params(&requests, "page"),
        vec![Some("2".to_owned()), Some("3".to_owned())]
    );
}

/// Test 10: a server that answers page 1 when asked for page 2 ends the stream with
/// `PageNotAdvancing` instead of looping.
#[tokio::test]
async fn page_number_server_that_does_not_advance_is_an_error() {
    let responder = ArticlePages {
        total: 50,
        ignore_page: true,
    };
    let server = serve("GET", "/articles", responder).await;

    let (articles, error) = drain(client(&server).articles().list().items()).await;

    // Page 1 once: the repeated page 1 that revealed the problem is dropped, not delivered twice.
    assert_eq!(ids(&articles, |a| a.id.as_ref()), article_ids(0..10));
    let error = error.expect("the stream ends with an error");
    assert!(
        matches!(
            &error,
            Error::Pagination {
                operation: "listArticles",
                kind: PaginationError::PageNotAdvancing {
                    requested: 2,
                    received: 1
                },
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "listArticles: asked for page 2 but the server answered page 1; stopped instead of looping"
    );
    let requests = requests(&server).await;
    assert_eq!(
        query_params(&requests, "page"),
        vec![None, Some("2".to_owned())]
    );
}

// ---------------------------------------------------------------------------------------------
// Scroll: `GET /companies/scroll`
// ---------------------------------------------------------------------------------------------

/// Company number `i` (trimmed).
fn company(i: usize) -> Value {
    json!({"type": "company", "id": format!("co{i}"), "name": format!("Company {i}")})
}

/// The ids of companies `range`, as [`company`] renders them.
fn company_ids(range: Range<usize>) -> Vec<String> {
    range.map(|i| format!("co{i}")).collect()
}

/// A mock Intercom (the crate's testing kit) whose scroll serves 120 companies, 50 a page: a
/// request without `scroll_param` starts the scroll, its parameter stays the same for the whole
/// scroll, the empty page ends it, and an ended or unknown parameter is a 404. Request number
/// `fail_at` (1-based, 0 for none) gets `failure` instead. Returns the mock and a client of it
/// that does not retry.
async fn company_scroll(fail_at: usize, failure: Answer) -> (MockIntercom, Client) {
    let mock = MockIntercom::start().await;
    mock.on("companies.scroll")
        .with_items((0..120).map(company).collect());
    let seen = AtomicUsize::new(0);
    mock.on("companies.scroll")
        .matching(move |_| seen.fetch_add(1, Ordering::SeqCst) + 1 == fail_at)
        .answer(failure);
    let client = Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .retry(RetryPolicy::never())
        .build()
        .expect("valid client");
    (mock, client)
}

/// Test 4: a scroll follows `scroll_param` and ends on its first empty page.
#[tokio::test]
async fn scroll_reads_to_the_empty_page() {
    let (mock, client) = company_scroll(0, Answer::example()).await;

    let (companies, error) = drain(client.companies().scroll().items()).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&companies, |c| c.id.as_ref()), company_ids(0..120));
    let requests = mock.requests();
    // 50 + 50 + 20, then the empty page that ends the scroll.
    assert_eq!(requests.len(), 4);
    let params: Vec<Option<&str>> = requests.iter().map(|r| r.query("scroll_param")).collect();
    assert_eq!(params[0], None);
    assert!(params[1].is_some() && params[1..].iter().all(|p| *p == params[1]));
}

/// The scroll of [`company_scroll`] whose request number `fail_at` gets `failure`: returns the
/// companies delivered, the error, and the ids of the requests sent.
async fn failing_scroll(
    fail_at: usize,
    failure: Answer,
) -> (Vec<String>, Option<Error>, Vec<String>) {
    let (mock, client) = company_scroll(fail_at, failure).await;
    let (companies, error) = drain(client.companies().scroll().items()).await;
    let sent = mock
        .requests()
        .iter()
        .map(|r| r.request_id().to_owned())
        .collect();
    (ids(&companies, |c| c.id.as_ref()), error, sent)
}

/// Test 4: a 400 that mentions the scroll on the first request means another scroll is open.
#[tokio::test]
async fn scroll_that_cannot_start_is_scroll_in_progress() {
    let failure = Answer::error(
        400,
        "scroll_exists",
        "scroll already exists for this workspace",
    );
    let (companies, error, sent) = failing_scroll(1, failure).await;

    assert_eq!(companies, Vec::<String>::new());
    assert_eq!(sent.len(), 1);
    let error = error.expect("the stream ends with an error");
    let Error::Pagination {
        operation: "scrollOverAllCompanies",
        kind: PaginationError::ScrollInProgress(api),
    } = &error
    else {
        panic!("expected ScrollInProgress, got {error:?}");
    };
    assert_eq!(api.code(), Some("scroll_exists"));
    assert_eq!(error.status(), Some(400));
    assert_eq!(error.request_id(), Some(sent[0].as_str()));
    assert_eq!(
        error.to_string(),
        format!(
            "scrollOverAllCompanies: another scroll is already open for this workspace (one at a \
             time; an unused scroll expires after a minute): finish it or wait, then start a new \
             scroll (scrollOverAllCompanies: HTTP 400 scroll_exists: scroll already exists for \
             this workspace (request id {}))",
            sent[0]
        )
    );
}

/// Test 4: a 4xx on a later page, or the documented 500 that asks to restart the scroll, means
/// the scroll expired; the error says to restart it.
#[tokio::test]
async fn scroll_that_fails_later_is_scroll_expired() {
    let restart = "Request failed due to an internal network error. Please restart the scroll \
                   operation.";
    let cases = [
        (404, "not_found", "Resource Not Found"),
        (500, "server_error", restart),
    ];
    for (status, code, message) in cases {
        let failure = Answer::error(status, code, message);
        let (companies, error, sent) = failing_scroll(3, failure).await;

        assert_eq!(companies, company_ids(0..100), "{message}");
        assert_eq!(sent.len(), 3, "{message}");
        let error = error.expect("the stream ends with an error");
        assert!(
            matches!(
                &error,
                Error::Pagination {
                    operation: "scrollOverAllCompanies",
                    kind: PaginationError::ScrollExpired(_),
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "scrollOverAllCompanies: the scroll expired or was interrupted and cannot be \
                 resumed: restart the scroll from the beginning (scrollOverAllCompanies: \
                 HTTP {status} {code}: {message} (request id {}))",
                sent[2]
            )
        );
    }
}

/// Test 4 (contrast): errors that say nothing about the scroll stay plain API errors: a 400 on
/// the first request, a 500 on a later one.
#[tokio::test]
async fn scroll_errors_unrelated_to_the_scroll_stay_api_errors() {
    let cases = [(1, 400, Vec::new()), (2, 500, company_ids(0..50))];
    for (fail_at, status, delivered) in cases {
        let failure = Answer::error(status, "server_error", "Something broke");
        let (companies, error, sent) = failing_scroll(fail_at, failure).await;

        assert_eq!(companies, delivered);
        assert_eq!(sent.len(), fail_at);
        let error = error.expect("the stream ends with an error");
        assert!(
            matches!(&error, Error::Api(api) if api.status() == status),
            "{error:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Next cursor: `GET /contacts/{id}/merge_history`
// ---------------------------------------------------------------------------------------------

/// How the last page of [`MergeHistoryPages`] says it is the last.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LastPage {
    /// Every page has `has_more` and a `next_cursor`; the last one has `has_more: false` (and a
    /// cursor that would point past the end).
    HasMoreFalse,
    /// No `has_more` anywhere; the last page has no `next_cursor`.
    CursorMissing,
    /// No `has_more` anywhere; the last page has `next_cursor: ""`.
    CursorEmpty,
}

/// `total` merge-history entries, served by `?cursor=mh-<offset>&per_page=…` (default 10).
struct MergeHistoryPages {
    total: usize,
    last_page: LastPage,
}

impl Respond for MergeHistoryPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let offset = match query_param(request, "cursor") {
            None => Some(0),
            Some(cursor) => cursor.strip_prefix("mh-").and_then(|n| n.parse().ok()),
        };
        let per_page = query_param(request, "per_page").map_or(Some(10), |n| n.parse().ok());
        let (Some(offset), Some(per_page)) = (offset, per_page) else {
            return bad_request("bad cursor or per_page");
        };
        let end = (offset + per_page).min(self.total);
        let data: Vec<Value> = (offset.min(end)..end)
            .map(|i| {
                json!({
                    "type": "merge_history",
                    "source_contact_id": format!("src{i}"),
                    "source_contact_role": "lead",
                    "merged_at": 1_700_000_000 + i,
                })
            })
            .collect();
        let more = end < self.total;
        let mut page = json!({"type": "list", "data": data});
        match (self.last_page, more) {
            (LastPage::HasMoreFalse, _) => {
                page["has_more"] = json!(more);
                page["next_cursor"] = json!(format!("mh-{end}"));
            }
            (_, true) => page["next_cursor"] = json!(format!("mh-{end}")),
            (LastPage::CursorEmpty, false) => page["next_cursor"] = json!(""),
            (LastPage::CursorMissing, false) => {}
        }
        ResponseTemplate::new(200).set_body_json(page)
    }
}

/// Test 5: `next_cursor` pages end on `has_more: false`, a missing `next_cursor` or an empty
/// one, without an extra request.
#[tokio::test]
async fn next_cursor_pages_end_without_an_extra_request() {
    for last_page in [
        LastPage::HasMoreFalse,
        LastPage::CursorMissing,
        LastPage::CursorEmpty,
    ] {
        let responder = MergeHistoryPages {
            total: 25,
            last_page,
        };
        let server = serve("GET", "/contacts/c1/merge_history", responder).await;

        let stream = client(&server)
            .contacts()
            .list_merge_history("c1")
            .items()
            .per_page(10);
        let (entries, error) = drain(stream).await;

        assert!(error.is_none(), "{last_page:?}: {error:?}");
        let sources = ids(&entries, |e| e.source_contact_id.as_ref());
        let expected: Vec<String> = (0..25).map(|i| format!("src{i}")).collect();
        assert_eq!(sources, expected, "{last_page:?}");
        let requests = requests(&server).await;
        assert_eq!(requests.len(), 3, "{last_page:?}");
        assert_eq!(
            query_params(&requests, "cursor"),
            vec![None, Some("mh-10".to_owned()), Some("mh-20".to_owned())],
            "{last_page:?}"
        );
        assert_eq!(
            query_params(&requests, "per_page"),
            vec![Some("10".to_owned()); 3],
            "{last_page:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Search queries over HTTP: `POST /contacts/search`
// ---------------------------------------------------------------------------------------------

/// Test 11: a nested typed query reaches Intercom as exactly the documented JSON body.
#[tokio::test]
async fn search_query_arrives_as_the_documented_json() {
    let server = serve(
        "POST",
        "/contacts/search",
        ContactPages::new(1, CursorIn::Body),
    )
    .await;
    let query = ROLE.eq("user")
        & CREATED_AT.gt(Timestamp::from_unix(1_577_836_800))
        & UNSUBSCRIBED_FROM_EMAILS.eq(false)
        & (EMAIL_DOMAIN.is_in(["example.com", "example.org"])
            | Query::filter("custom_attributes.seats", Operator::GreaterThan, 10));

    let found = client(&server)
        .contacts()
        .search(query)
        .send()
        .await
        .expect("search succeeds");

    let data = found.data.expect("the response has data");
    assert_eq!(ids(&data, |c| c.id.as_ref()), contact_ids(0..1));
    let requests = requests(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(
        json_body(request),
        json!({
            "query": {
                "operator": "AND",
                "value": [
                    {"field": "role", "operator": "=", "value": "user"},
                    {"field": "created_at", "operator": ">", "value": 1_577_836_800},
                    {"field": "unsubscribed_from_emails", "operator": "=", "value": false},
                    {
                        "operator": "OR",
                        "value": [
                            {
                                "field": "email_domain",
                                "operator": "IN",
                                "value": ["example.com", "example.org"],
                            },
                            {"field": "custom_attributes.seats", "operator": ">", "value": 10},
                        ],
                    },
                ],
            },
        })
    );
}

/// A filter on `email`, for building wide and deep queries.
fn email_is(n: usize) -> Query {
    EMAIL.eq(format!("u{n}@example.com"))
}

/// Test 11: queries over Intercom's limits (2 levels of groups, 15 members a group) fail in
/// `.send()` and `.items()` with `InvalidSearch`, and nothing is sent; the limits themselves
/// are accepted.
#[tokio::test]
async fn search_queries_over_the_limits_are_never_sent() {
    let server = serve(
        "POST",
        "/contacts/search",
        ContactPages::new(1, CursorIn::Body),
    )
    .await;
    let contacts = client(&server).contacts();

    // ((0 OR 1) AND 2) OR 3: three levels of groups.
    let too_deep = ((email_is(0) | email_is(1)) & email_is(2)) | email_is(3);
    let too_wide = Query::and((0..16).map(email_is));
    let cases = [
        (
            too_deep,
            SearchError::TooDeep {
                depth: 3,
                path: "query.value[0].value[0]".to_owned(),
                max: 2,
            },
            "SearchContacts: search query nests groups 3 deep at query.value[0].value[0]; \
             Intercom allows at most 2 levels of nesting",
        ),
        (
            too_wide,
            SearchError::TooWide {
                path: "query".to_owned(),
                members: 16,
                max: 15,
            },
            "SearchContacts: search group at query has 16 members; Intercom allows at most 15 \
             filters per AND/OR group",
        ),
    ];
    for (query, expected, shown) in cases {
        let error = contacts
            .search(query.clone())
            .send()
            .await
            .expect_err("an over-limit query is rejected");
        let Error::InvalidSearch { operation, source } = &error else {
            panic!("expected InvalidSearch, got {error:?}");
        };
        assert_eq!(*operation, "SearchContacts");
        assert_eq!(source, &expected);
        assert_eq!(error.to_string(), shown);

        let (items, error) = drain(contacts.search(query).items()).await;
        assert_eq!(items.len(), 0);
        assert!(
            matches!(&error, Some(Error::InvalidSearch { source, .. }) if source == &expected),
            "{error:?}"
        );
    }
    assert_eq!(requests(&server).await.len(), 0, "nothing was sent");

    // At the limits: (0 OR 1) AND (2 OR 3) is two levels deep, and a group of 15 is allowed.
    let deepest = (email_is(0) | email_is(1)) & (email_is(2) | email_is(3));
    let widest = Query::and((0..15).map(email_is));
    for query in [deepest, widest] {
        contacts
            .search(query)
            .send()
            .await
            .expect("a query at the limits is sent");
    }
    assert_eq!(requests(&server).await.len(), 2);
}
