//! Intercom's real answers where the description is silent or wrong, and what the user gets.
//!
//! Each mock server answers with the shape Intercom actually sends (the evidence is in
//! `src/runtime/error_kind.rs` and `spec/overrides.yaml`), not the description's:
//!
//! - custom attributes are searched with their data attribute's type (numbers, dates, booleans),
//!   on contacts and conversations alike; a search page holds at most 150 results;
//! - a 409 on `POST /contacts` names the existing contact only inside its message;
//! - a scroll answers 404 `scroll parameter not found` once it expired, 400 `scroll_exists` while
//!   another is open, and 500 `… Please restart the scroll operation.` when Intercom broke it off;
//! - a second export job gets 429 `rate_limit_exceeded` "Exceeded rate limit of 1 pending message
//!   data export jobs", with ordinary rate-limit headers: not a rate limit.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::StreamExt;
use intercom_api::models::{ContactRole, CreateContactRequest, StartingAfterPaging};
use intercom_api::operations::args::{CreatedAtAfter, CreatedAtBefore, EndTime, StartTime};
use intercom_api::search::SearchError;
use intercom_api::{
    Client, Error, ErrorKind, Nullable, PaginationError, RetryPolicy, Timestamp, Upsert,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_ANSWERS_never_shown_7";

/// The default policy (3 attempts, waits the server asks for honoured), with a short backoff so
/// that a retry costs no time: what is or is not retried shows in the request count.
fn retrying_client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/", server.uri()))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("valid client")
}

/// An Intercom `error.list` body.
fn error_list(code: &str, message: &str, request_id: &str) -> Value {
    json!({
        "type": "error.list",
        "request_id": request_id,
        "errors": [{"code": code, "message": message}],
    })
}

/// A server answering every `verb route` request with `answer`.
async fn serving(verb: &str, route: &str, answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

/// Unix seconds `secs` from now, as a header value.
fn unix_in(secs: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    (now.as_secs() + secs).to_string()
}

// ---------------------------------------------------------------------------------------------
// Case 6: typed custom attributes, and the page size checked before sending
// ---------------------------------------------------------------------------------------------

/// A contact with custom attributes of every data type, as search answers it.
fn contact_list_page() -> Value {
    json!({
        "type": "list",
        "data": [{
            "type": "contact", "id": "c1", "role": "user", "email": "joe@example.com",
            "custom_attributes": {"seats": 12, "mrr": 99.5, "renews_at": 1735689600, "vip": true, "plan": "pro"}
        }],
        "total_count": 1,
        "pages": {"type": "pages", "page": 1, "per_page": 150, "total_pages": 1}
    })
}

/// The `query` of the one search request `server` received.
async fn sent_query(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one search request");
    requests[0].body_json::<Value>().expect("JSON body")["query"].clone()
}

#[tokio::test]
async fn contact_custom_attributes_are_searched_with_their_own_types() {
    use intercom_api::search::contacts::custom_attributes;

    let server = serving(
        "POST",
        "/contacts/search",
        ResponseTemplate::new(200).set_body_json(contact_list_page()),
    )
    .await;
    let query = custom_attributes::integer("seats").ge(10)
        & custom_attributes::float("mrr").ne(0.0)
        & custom_attributes::date("renews_at").lt(Timestamp::from_unix(1_767_225_600))
        & custom_attributes::boolean("vip").eq(true)
        & custom_attributes::text("plan").starts_with("pro");

    let page = retrying_client(&server)
        .contacts()
        .search(query)
        .send()
        .await
        .unwrap();

    assert_eq!(page.data.map_or(0, |d| d.len()), 1);
    // Numbers, dates and booleans go out as JSON numbers and booleans, not strings.
    assert_eq!(
        sent_query(&server).await,
        json!({"operator": "AND", "value": [
            {"field": "custom_attributes.seats", "operator": ">=", "value": 10},
            {"field": "custom_attributes.mrr", "operator": "!=", "value": 0.0},
            {"field": "custom_attributes.renews_at", "operator": "<", "value": 1_767_225_600},
            {"field": "custom_attributes.vip", "operator": "=", "value": true},
            {"field": "custom_attributes.plan", "operator": "^", "value": "pro"},
        ]})
    );
}

#[tokio::test]
async fn conversation_custom_attributes_have_typed_fields_too() {
    use intercom_api::search::conversations::{OPEN, custom_attributes};

    let server = serving(
        "POST",
        "/conversations/search",
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "conversation.list",
            "conversations": [],
            "total_count": 0,
            "pages": {"type": "pages", "page": 1, "per_page": 20, "total_pages": 0}
        })),
    )
    .await;
    let query = OPEN.eq(true)
        & custom_attributes::integer("order_number").is_in([1001, 1002])
        & custom_attributes::date("due").gt(Timestamp::from_unix(1_735_689_600))
        & custom_attributes::text("issue_type").eq("Billing");

    retrying_client(&server)
        .conversations()
        .search(query)
        .send()
        .await
        .unwrap();

    assert_eq!(
        sent_query(&server).await,
        json!({"operator": "AND", "value": [
            {"field": "open", "operator": "=", "value": true},
            {"field": "custom_attributes.order_number", "operator": "IN", "value": [1001, 1002]},
            {"field": "custom_attributes.due", "operator": ">", "value": 1_735_689_600},
            {"field": "custom_attributes.issue_type", "operator": "=", "value": "Billing"},
        ]})
    );
}

#[tokio::test]
async fn a_search_page_size_above_150_is_refused_before_sending() {
    use intercom_api::search::contacts::ROLE;

    let server = serving(
        "POST",
        "/contacts/search",
        ResponseTemplate::new(200).set_body_json(contact_list_page()),
    )
    .await;
    let client = retrying_client(&server);

    for per_page in [151, 0] {
        let err = client
            .contacts()
            .search(ROLE.eq("user"))
            .pagination(StartingAfterPaging::default().per_page(per_page))
            .send()
            .await
            .unwrap_err();
        let Error::InvalidSearch {
            operation: "SearchContacts",
            source:
                SearchError::PerPage {
                    per_page: sent,
                    min: 1,
                    max: 150,
                },
        } = &err
        else {
            panic!("expected a per_page error, got {err:?}");
        };
        assert_eq!(*sent, per_page);
    }
    // The paginator's page size goes through the same check: the stream's first item is the
    // error.
    let mut items = client
        .contacts()
        .search(ROLE.eq("user"))
        .items()
        .per_page(500);
    let first = items.next().await.expect("one item");
    assert!(
        matches!(
            first,
            Err(Error::InvalidSearch {
                source: SearchError::PerPage { per_page: 500, .. },
                ..
            })
        ),
        "{first:?}"
    );
    assert!(items.next().await.is_none());
    assert_eq!(received(&server).await, 0, "nothing was sent");

    // 150 is allowed.
    let page = client
        .contacts()
        .search(ROLE.eq("user"))
        .pagination(StartingAfterPaging::default().per_page(150))
        .send()
        .await
        .unwrap();
    assert_eq!(page.data.map_or(0, |d| d.len()), 1);
}

// ---------------------------------------------------------------------------------------------
// Case 7: a 409 names the existing contact
// ---------------------------------------------------------------------------------------------

/// Intercom's reference for *Create a contact* (2.x, "Example Errors").
const CONFLICT: &str =
    "A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05";

#[tokio::test]
async fn a_409_on_create_exposes_the_existing_contact_id() {
    let server = serving(
        "POST",
        "/contacts",
        ResponseTemplate::new(409).set_body_json(error_list(
            "conflict",
            CONFLICT,
            "80ec9d92-99ff-4da9-9a0e-c0ab7c42f7e7",
        )),
    )
    .await;
    let client = retrying_client(&server);

    let body = CreateContactRequest::with_email("joe@example.com");
    let err = client.contacts().create(body).send().await.unwrap_err();

    assert_eq!(err.existing_id(), Some("5da6f18e3d7cf967e4582d05"));
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status(), 409);
    assert_eq!(api.existing_id(), Some("5da6f18e3d7cf967e4582d05"));
    assert_eq!(
        api.kind(),
        ErrorKind::AlreadyExists {
            id: "5da6f18e3d7cf967e4582d05",
            archived: false
        }
    );
    assert_eq!(
        err.request_id(),
        Some("80ec9d92-99ff-4da9-9a0e-c0ab7c42f7e7")
    );
    // A conflict is not retried.
    assert_eq!(received(&server).await, 1);
}

/// A server whose `POST /contacts` answers that an archived contact matches.
async fn archived_conflict() -> MockServer {
    serving(
        "POST",
        "/contacts",
        ResponseTemplate::new(409).set_body_json(error_list(
            "conflict",
            "An archived contact matching those details already exists with id=5ff25dc6ec394ef8296e873f",
            "req-archived",
        )),
    )
    .await
}

#[tokio::test]
async fn a_409_for_an_archived_contact_says_so() {
    let server = archived_conflict().await;

    let body = CreateContactRequest::with_external_id("25");
    let err = retrying_client(&server)
        .contacts()
        .create(body)
        .send()
        .await
        .unwrap_err();

    assert_eq!(err.existing_id(), Some("5ff25dc6ec394ef8296e873f"));
    assert_eq!(
        err.kind(),
        Some(ErrorKind::AlreadyExists {
            id: "5ff25dc6ec394ef8296e873f",
            archived: true
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Case 7: upsert through the 409
// ---------------------------------------------------------------------------------------------

const EXISTING: &str = "5da6f18e3d7cf967e4582d05";

fn contact_json(id: &str, name: &str) -> Value {
    json!({"type": "contact", "id": id, "external_id": "25", "email": "joe@example.com", "name": name, "role": "user"})
}

fn joe() -> CreateContactRequest {
    let mut body = CreateContactRequest::with_external_id("25").and_email("joe@example.com");
    body.name = Nullable::Set("Joe Example".into());
    body
}

/// The requests `server` received, as `METHOD /path`.
async fn calls(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

#[tokio::test]
async fn upsert_of_a_new_contact_is_one_create() {
    let server = serving(
        "POST",
        "/contacts",
        ResponseTemplate::new(200).set_body_json(contact_json("new_1", "Joe Example")),
    )
    .await;

    let outcome = retrying_client(&server)
        .contacts()
        .upsert(joe())
        .await
        .unwrap();

    assert!(outcome.is_created(), "{outcome:?}");
    let contact = outcome.created().expect("created");
    assert_eq!(contact.id.as_deref(), Some("new_1"));
    assert_eq!(calls(&server).await, ["POST /contacts"]);
}

/// The race: the contact was created a moment ago, search (eventually consistent) does not find
/// it yet, and the create answers 409 naming it. The upsert updates it, with two calls and no
/// search.
#[tokio::test]
async fn upsert_races_past_search_and_updates_the_contact_the_409_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"type": "list", "data": [], "total_count": 0, "pages": {"type": "pages", "page": 1, "per_page": 50, "total_pages": 0}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(409).set_body_json(error_list(
            "conflict",
            CONFLICT,
            "80ec9d92-99ff-4da9-9a0e-c0ab7c42f7e7",
        )))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("/contacts/{EXISTING}")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(contact_json(EXISTING, "Joe Example")),
        )
        .mount(&server)
        .await;
    let client = retrying_client(&server);

    // What a find-first upsert would see: nothing.
    let found = client
        .contacts()
        .search(intercom_api::search::contacts::EXTERNAL_ID.eq("25"))
        .send()
        .await
        .unwrap();
    assert_eq!(found.total_count, Some(0));
    let outcome = client.contacts().upsert(joe()).await.unwrap();

    let Upsert::Updated(contact) = outcome else {
        panic!("expected an update, got {outcome:?}");
    };
    assert_eq!(contact.id.as_deref(), Some(EXISTING));
    // After the test's own search: the create, and the update of the contact the 409 names.
    assert_eq!(
        calls(&server).await,
        [
            "POST /contacts/search".to_owned(),
            "POST /contacts".to_owned(),
            format!("PUT /contacts/{EXISTING}")
        ]
    );
    // The update carries exactly the create's body.
    let requests = server.received_requests().await.unwrap_or_default();
    let sent: Vec<Value> = requests[1..]
        .iter()
        .map(|r| r.body_json().expect("JSON body"))
        .collect();
    assert_eq!(
        sent[0],
        json!({"external_id": "25", "email": "joe@example.com", "name": "Joe Example"})
    );
    assert_eq!(sent[1], sent[0]);
}

#[tokio::test]
async fn upsert_does_not_unarchive() {
    let server = archived_conflict().await;

    let err = retrying_client(&server)
        .contacts()
        .upsert(joe())
        .await
        .unwrap_err();

    assert_eq!(err.existing_id(), Some("5ff25dc6ec394ef8296e873f"));
    assert_eq!(calls(&server).await, ["POST /contacts"]);
}

#[tokio::test]
async fn upsert_without_external_id_or_email_sends_nothing() {
    let server = MockServer::start().await;

    let err = retrying_client(&server)
        .contacts()
        .upsert(CreateContactRequest::with_role(ContactRole::Lead))
        .await
        .unwrap_err();

    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("an upsert needs `external_id` or `email`"),
        "{err}"
    );
    assert_eq!(received(&server).await, 0);
}

// ---------------------------------------------------------------------------------------------
// Case 8: a scroll that cannot go on is a typed, explained error, from a single call too
// ---------------------------------------------------------------------------------------------

const SCROLL_PARAM: &str = "25b649f7-4d33-4ef6-88f5-60e5b8244309";
const RESTART: &str =
    "Request failed due to an internal network error. Please restart the scroll operation.";

/// `companies().scroll()` once, with `scroll_param` if given: the error it ends with.
async fn scroll_once(server: &MockServer, scroll_param: Option<&str>) -> Error {
    let mut call = retrying_client(server).companies().scroll();
    if let Some(param) = scroll_param {
        call = call.scroll_param(param);
    }
    call.send().await.expect_err("the scroll call fails")
}

fn companies_page(ids: std::ops::Range<usize>) -> Value {
    let data: Vec<Value> = ids
        .map(|i| json!({"type": "company", "id": format!("co_{i}"), "company_id": format!("c{i}")}))
        .collect();
    json!({"type": "list", "data": data, "pages": null, "total_count": null, "scroll_param": SCROLL_PARAM})
}

#[tokio::test]
async fn a_single_scroll_call_with_an_expired_parameter_is_scroll_expired() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/companies/scroll"))
        .and(query_param("scroll_param", SCROLL_PARAM))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_list(
            "not_found",
            "scroll parameter not found",
            "req-expired",
        )))
        .mount(&server)
        .await;

    let err = scroll_once(&server, Some(SCROLL_PARAM)).await;

    let Error::Pagination {
        operation: "scrollOverAllCompanies",
        kind: PaginationError::ScrollExpired(api),
    } = &err
    else {
        panic!("expected ScrollExpired, got {err:?}");
    };
    assert_eq!(api.kind(), ErrorKind::ScrollExpired);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("req-expired"));
    assert!(
        err.to_string()
            .contains("restart the scroll from the beginning"),
        "{err}"
    );
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_single_scroll_call_that_intercom_breaks_off_is_not_retried() {
    let server = serving(
        "GET",
        "/companies/scroll",
        ResponseTemplate::new(500).set_body_json(error_list("server_error", RESTART, "req-500")),
    )
    .await;

    let err = scroll_once(&server, None).await;

    assert!(
        matches!(
            &err,
            Error::Pagination {
                operation: "scrollOverAllCompanies",
                kind: PaginationError::ScrollExpired(api),
            } if api.kind() == ErrorKind::ScrollInterrupted
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), Some(1));
    // Repeating the request cannot resume a broken scroll: one request, not three.
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_single_scroll_call_while_another_is_open_is_scroll_in_progress() {
    let server = serving(
        "GET",
        "/companies/scroll",
        ResponseTemplate::new(400).set_body_json(error_list(
            "scroll_exists",
            "scroll already exists for this app",
            "req-open",
        )),
    )
    .await;

    let err = scroll_once(&server, None).await;

    assert!(
        matches!(
            &err,
            Error::Pagination {
                kind: PaginationError::ScrollInProgress(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("another scroll is already open for this workspace"),
        "{err}"
    );
}

/// The paginator: the first page arrives, then Intercom breaks the scroll off. The items of the
/// first page come first, then the typed error, after one attempt at the second page.
#[tokio::test]
async fn a_scroll_broken_off_mid_way_ends_the_stream_without_retrying() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/companies/scroll"))
        .and(query_param_is_missing("scroll_param"))
        .respond_with(ResponseTemplate::new(200).set_body_json(companies_page(0..3)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/companies/scroll"))
        .and(query_param("scroll_param", SCROLL_PARAM))
        .respond_with(ResponseTemplate::new(500).set_body_json(error_list(
            "server_error",
            RESTART,
            "req-500",
        )))
        .mount(&server)
        .await;

    let mut items = retrying_client(&server).companies().scroll().items();
    let mut ids = Vec::new();
    let mut error = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(company) => ids.push(company.id.unwrap_or_default()),
            Err(e) => error = Some(e),
        }
    }

    assert_eq!(ids, ["co_0", "co_1", "co_2"]);
    let error = error.expect("the stream ends with an error");
    assert!(
        matches!(
            &error,
            Error::Pagination {
                kind: PaginationError::ScrollExpired(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(received(&server).await, 2, "first page, then one attempt");
}

// ---------------------------------------------------------------------------------------------
// Case 9: a second pending export job is not a rate limit
// ---------------------------------------------------------------------------------------------

const PENDING: &str = "Exceeded rate limit of 1 pending message data export jobs";

/// A 429 like Intercom's: its rate-limit headers show plenty of room, and the reset is a second
/// away (a client that took it for a rate limit would wait and retry).
fn pending_jobs_answer(message: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("X-RateLimit-Limit", "10000")
        .insert_header("X-RateLimit-Remaining", "9998")
        .insert_header("X-RateLimit-Reset", unix_in(1).as_str())
        .set_body_json(error_list("rate_limit_exceeded", message, "req-pending"))
}

#[tokio::test]
async fn a_second_content_export_is_too_many_pending_jobs_and_not_retried() {
    let server = serving("POST", "/export/content/data", pending_jobs_answer(PENDING)).await;

    let started = Instant::now();
    let err = retrying_client(&server)
        .data_export()
        .create(
            CreatedAtAfter(Timestamp::from_unix(1_734_519_776)),
            CreatedAtBefore(Timestamp::from_unix(1_734_537_776)),
        )
        .send()
        .await
        .unwrap_err();

    assert!(
        started.elapsed() < Duration::from_millis(900),
        "no wait for a rate-limit reset: {:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await, 1, "not retried");
    let Error::TooManyPendingJobs(api) = &err else {
        panic!("expected TooManyPendingJobs, got {err:?}");
    };
    assert_eq!(api.status(), 429);
    assert_eq!(api.code(), Some("rate_limit_exceeded"));
    assert_eq!(
        err.kind(),
        Some(ErrorKind::TooManyPendingJobs {
            limit: Some(1),
            jobs: Some("message data export"),
        })
    );
    assert!(!err.is_rate_limited());
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(err.request_id(), Some("req-pending"));
    assert_eq!(
        err.to_string(),
        "createDataExport: a message data export job is already pending in this workspace \
         (Intercom allows 1 at a time); this is not a rate limit and was not retried: wait for \
         the pending job to finish (its status call, or `wait`) or cancel it, then start the new \
         one. Intercom has no call that lists jobs, so keep the job identifier each create call \
         returns (createDataExport: HTTP 429 rate_limit_exceeded: Exceeded rate limit of 1 \
         pending message data export jobs (request id req-pending))"
    );
}

#[tokio::test]
async fn too_many_pending_reporting_exports_is_the_same_error() {
    let server = serving(
        "POST",
        "/export/reporting_data/enqueue",
        pending_jobs_answer("Exceeded rate limit of 5 pending reporting dataset export jobs"),
    )
    .await;

    let err = retrying_client(&server)
        .reporting_data_export()
        .enqueue(
            "conversation",
            vec!["conversation_id".into()],
            StartTime(Timestamp::from_unix(1_717_490_000)),
            EndTime(Timestamp::from_unix(1_717_510_000)),
        )
        .send()
        .await
        .unwrap_err();

    assert!(matches!(err, Error::TooManyPendingJobs(_)), "{err:?}");
    assert_eq!(
        err.kind(),
        Some(ErrorKind::TooManyPendingJobs {
            limit: Some(5),
            jobs: Some("reporting dataset export"),
        })
    );
    assert_eq!(received(&server).await, 1);
}

/// Contrast: the workspace's own rate limit is still a rate limit, and still retried.
#[tokio::test]
async fn a_real_rate_limit_is_still_retried() {
    let server = serving(
        "POST",
        "/export/content/data",
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "0")
            .set_body_json(error_list(
                "rate_limit_exceeded",
                "Exceeded rate limit of 83 in 10_seconds",
                "req-limit",
            )),
    )
    .await;

    let err = retrying_client(&server)
        .data_export()
        .create(
            CreatedAtAfter(Timestamp::from_unix(1_734_519_776)),
            CreatedAtBefore(Timestamp::from_unix(1_734_537_776)),
        )
        .send()
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(err.is_rate_limited());
    assert_eq!(err.kind(), Some(ErrorKind::RateLimited));
    assert_eq!(
        received(&server).await,
        3,
        "retried up to the policy's 3 attempts"
    );
}
