//! The testing kit (`intercom_api::testing`): each of the mock server's validation rules (and
//! that its error bodies decode as `Error::Api` naming the field), stubs (matchers, limits,
//! sequences, closures, delays), the journal, and pages in every paging style.

use std::time::Duration;

use futures::TryStreamExt;
use intercom_api::testing::{Answer, MOCK_TOKEN, MockServer};
use intercom_api::{ApiError, Client, Error, HttpMethod, PaginationError, RetryPolicy};
use serde_json::{Value, json};

/// The `ApiError` inside an error.
fn api_error(error: Error) -> ApiError {
    match error {
        Error::Api(e) => *e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Asserts Intercom's error shape: status, code, the field named, a request id.
fn assert_refused(error: Error, status: u16, code: &str, field: Option<&str>) -> ApiError {
    let e = api_error(error);
    assert_eq!(e.status(), status, "{e:?}");
    assert_eq!(e.code(), Some(code), "{e:?}");
    assert_eq!(e.errors()[0].field.as_deref(), field, "{e:?}");
    let body: Value = serde_json::from_str(e.body()).expect("a JSON body");
    assert_eq!(body["type"], "error.list");
    assert_eq!(e.request_id(), body["request_id"].as_str());
    assert!(e.request_id().is_some_and(|id| id.starts_with("mock-")));
    if let Some(field) = field {
        assert!(e.message().is_some_and(|m| m.contains(field)), "{e:?}");
    }
    e
}

/// A client that neither retries nor waits long.
fn impatient(mock: &MockServer) -> Client {
    Client::builder()
        .token(mock.token())
        .base_url(mock.url())
        .retry(RetryPolicy::never())
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client")
}

// ---------------------------------------------------------------------------------------------
// Validation, the way Intercom answers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unknown_path_or_method_is_a_404_error_list() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let e = client
        .request(HttpMethod::Get, "/nothing/here")
        .send::<Value>()
        .await
        .unwrap_err();
    let e = assert_refused(e, 404, "not_found", None);
    assert!(e.message().is_some_and(|m| m.contains("/nothing/here")));
    // A path that exists, with a method it does not take.
    let e = client
        .request(HttpMethod::Patch, "/contacts/{id}")
        .path_param("id", "1")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 404, "not_found", None);
    // An empty path parameter does not make a path (the client refuses to send one; raw HTTP
    // here).
    let response = reqwest::Client::new()
        .get(format!("{}/contacts//notes", mock.url()))
        .bearer_auth(MOCK_TOKEN)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 404);
    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.operation().is_none()));
}

#[tokio::test]
async fn a_missing_or_wrong_bearer_token_is_a_401() {
    let mock = MockServer::builder().token("tok_right").start().await;
    let http = reqwest::Client::new();
    let response = http
        .get(format!("{}/me", mock.url()))
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body");
    let e = ApiError::from_response_parts("identifyAdmin", status, Some(&headers), &body);
    assert_eq!((e.status(), e.code()), (401, Some("unauthorized")));
    assert_eq!(
        e.request_id(),
        headers.get("x-request-id").and_then(|v| v.to_str().ok())
    );

    let wrong = Client::builder()
        .token("tok_wrong")
        .base_url(mock.url())
        .build()
        .expect("client");
    let e = wrong.admins().identify().send().await.unwrap_err();
    assert_refused(e, 401, "unauthorized", None);
    assert!(mock.client().admins().identify().send().await.is_ok());
    // The token never shows in the journal's Debug output.
    let shown = format!("{:?}", mock.requests());
    assert!(
        !shown.contains("tok_right") && !shown.contains("tok_wrong"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_unknown_intercom_version_is_a_400() {
    let mock = MockServer::start().await;
    let old = mock.client().with_api_version("2.7");
    let e = old.admins().identify().send().await.unwrap_err();
    let e = assert_refused(e, 400, "intercom_version_invalid", None);
    assert!(e.message().is_some_and(|m| m.contains("2.7")), "{e:?}");
    // No header at all is the workspace's default version: the stable API.
    let http = reqwest::Client::new();
    let response = http
        .get(format!("{}/me", mock.url()))
        .bearer_auth(MOCK_TOKEN)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn missing_required_fields_are_named() {
    let mock = MockServer::start().await;
    let client = mock.client();
    // A body field.
    let e = client
        .request(HttpMethod::Post, "/contacts/{id}/notes")
        .path_param("id", "1")
        .json(&json!({}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_not_found", Some("body"));
    // A query parameter.
    let e = client
        .request(HttpMethod::Get, "/admins/activity_logs")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_not_found", Some("created_at_after"));
    // A nested one, inside a body union.
    let e = client
        .request(HttpMethod::Post, "/contacts/search")
        .json(&json!({"query": {"field": "email", "operator": "="}}))
        .send::<Value>()
        .await
        .unwrap_err();
    let e = api_error(e);
    assert_eq!(e.status(), 400);
    assert!(
        e.errors()[0]
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("query")),
        "{e:?}"
    );
    // Nothing reached a stub or the default answer.
    assert!(mock.requests().iter().all(|r| r.status() == Some(400)));
}

#[tokio::test]
async fn wrongly_typed_fields_are_named() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let e = client
        .request(HttpMethod::Put, "/contacts/{id}")
        .path_param("id", "1")
        .json(&json!({"email": {"not": "a string"}}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_invalid", Some("email"));
    let e = client
        .request(HttpMethod::Get, "/contacts")
        .query("per_page", "many")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_invalid", Some("per_page"));
    let e = client
        .request(HttpMethod::Get, "/admins/activity_logs")
        .query("created_at_after", "1700000000")
        .query("page", "two")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_invalid", Some("page"));
    // A body field the operation does not have.
    let e = client
        .request(HttpMethod::Put, "/contacts/{id}")
        .path_param("id", "1")
        .json(&json!({"emial": "x@example.com"}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_invalid", Some("emial"));
    // Lenient where the client is: numbers for strings, "true" for booleans.
    let ok = client
        .request(HttpMethod::Put, "/contacts/{id}")
        .path_param("id", "1")
        .json(&json!({"external_id": 25, "unsubscribed_from_emails": "true"}))
        .send::<Value>()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_refused_and_unknown_query_parameters_ignored() {
    let mock = MockServer::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/contacts/1", mock.url());
    for body in ["{not json", "[1, 2]"] {
        let response = http
            .put(&url)
            .bearer_auth(MOCK_TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 400, "{body}");
        let answer: Value =
            serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
        assert_eq!(answer["errors"][0]["code"], "parameter_invalid", "{body}");
    }
    let ok = mock
        .client()
        .request(HttpMethod::Get, "/contacts")
        .query("utm_source", "test")
        .send::<Value>()
        .await;
    assert!(ok.is_ok(), "{ok:?}");
}

#[tokio::test]
async fn query_lists_and_spread_objects_are_read_like_the_client_writes_them() {
    let mock = MockServer::start().await;
    // `GET /events`: the `filter` object spread into the query (`user_id=…`; the client adds
    // `type=user` itself).
    let events = mock
        .client()
        .data_events()
        .list(intercom_api::models::ListDataEventsFilter::UserId(
            intercom_api::models::ListDataEventsFilterUserId {
                user_id: "u1".into(),
            },
        ))
        .send()
        .await;
    assert!(events.is_ok(), "{events:?}");
    let sent = mock.requests().pop().expect("one request");
    assert_eq!(sent.query("user_id"), Some("u1"), "{sent:?}");
    assert_eq!(sent.query("type"), Some("user"), "{sent:?}");
    let e = mock
        .client()
        .request(HttpMethod::Get, "/events")
        .query("type", "user")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_not_found", Some("filter"));
    // `type` has one accepted value, which the client always sends.
    for (query, code) in [
        (vec![("user_id", "u1")], "parameter_not_found"),
        (
            vec![("type", "admin"), ("user_id", "u1")],
            "parameter_invalid",
        ),
    ] {
        let mut request = mock.client().request(HttpMethod::Get, "/events");
        for (name, value) in query {
            request = request.query(name, value);
        }
        let e = request.send::<Value>().await.unwrap_err();
        assert_refused(e, 400, code, Some("type"));
    }
}

// ---------------------------------------------------------------------------------------------
// Stubs
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn stubs_answer_the_requests_they_match_and_defaults_the_rest() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let stub = mock.on("contacts.get").path_param("contact_id", "42").json(
        200,
        json!({"type": "contact", "id": "42", "email": "ada@example.com"}),
    );
    let ada = client.contacts().get("42").send().await.expect("stubbed");
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
    // Another id gets the documented example.
    let other = client.contacts().get("7").send().await.expect("default");
    assert_ne!(other.email.as_deref(), Some("ada@example.com"));
    assert_eq!(stub.hits(), 1);
    assert!(!stub.is_exhausted());
    // By operation id too; the newest matching stub answers.
    mock.on("ShowContact")
        .error(404, "not_found", "User Not Found");
    let e = client.contacts().get("42").send().await.unwrap_err();
    let e = assert_refused(e, 404, "not_found", None);
    assert_eq!(e.message(), Some("User Not Found"));
}

#[tokio::test]
async fn query_body_and_closure_matchers() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.on("contacts.list")
        .query_param("per_page", "5")
        .json(200, json!({"type": "list", "data": [], "total_count": 5}));
    mock.on("contacts.update")
        .body_partial(json!({"custom_attributes": {"plan": "pro"}}))
        .json(200, json!({"type": "contact", "id": "p", "name": "Pro"}));
    mock.on("contacts.update")
        .body_json(json!({"name": "Exact"}))
        .json(200, json!({"type": "contact", "id": "e", "name": "Exact"}));
    mock.on("contacts.get")
        .matching(|r| {
            r.header("user-agent")
                .is_some_and(|ua| ua.contains("intercom"))
        })
        .respond_with(|r| {
            let id = r.path_param("contact_id").unwrap_or_default();
            Answer::json(200, json!({"type": "contact", "id": id, "name": "echo"}))
        });

    let page = client
        .contacts()
        .list()
        .per_page(5)
        .send()
        .await
        .expect("page");
    assert_eq!(page.total_count, Some(5));
    let pro = client
        .contacts()
        .update("1")
        .name("x")
        .custom_attributes(
            serde_json::from_value::<intercom_api::CustomAttributes>(
                json!({"plan": "pro", "seats": 3}),
            )
            .expect("attributes"),
        )
        .send()
        .await
        .expect("partial match");
    assert_eq!(pro.name.as_deref(), Some("Pro"));
    let exact = client
        .contacts()
        .update("1")
        .name("Exact")
        .send()
        .await
        .expect("exact match");
    assert_eq!(exact.name.as_deref(), Some("Exact"));
    let echoed = client.contacts().get("abc").send().await.expect("closure");
    assert_eq!(
        (echoed.id.as_deref(), echoed.name.as_deref()),
        (Some("abc"), Some("echo"))
    );
}

#[tokio::test]
async fn a_rate_limit_then_success_is_retried_and_times_limits_a_stub() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let stub = mock.on("admins.identify").sequence([
        Answer::rate_limited(Duration::ZERO),
        Answer::rate_limited(Duration::ZERO),
        Answer::example(),
    ]);
    let response = client
        .admins()
        .identify()
        .send_with_response()
        .await
        .expect("retried to success");
    assert_eq!(response.attempts(), 3);
    assert!(stub.is_exhausted());
    mock.assert_called("admins.identify", 3);
    let statuses: Vec<Option<u16>> = mock.requests().iter().map(|r| r.status()).collect();
    assert_eq!(statuses, [Some(429), Some(429), Some(200)]);

    // `times(1)`: one refusal, then the default answer again.
    mock.on("admins.list")
        .times(1)
        .error(500, "server_error", "boom");
    let once = impatient(&mock).admins().list().send().await.unwrap_err();
    assert_eq!(once.status(), Some(500));
    assert!(impatient(&mock).admins().list().send().await.is_ok());
}

#[tokio::test]
async fn upserts_create_by_default_and_update_the_contact_a_stubbed_409_names() {
    use intercom_api::models::CreateContactRequest;
    let mock = MockServer::start().await;
    let client = mock.client();
    let joe = || CreateContactRequest::with_external_id("25").and_email("joe@example.com");
    let created = client.contacts().upsert(joe()).await.expect("created");
    assert!(created.is_created(), "{created:?}");
    mock.assert_called("contacts.create", 1);
    mock.on("contacts.create").error(
        409,
        "conflict",
        "A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05",
    );
    let updated = client.contacts().upsert(joe()).await.expect("updated");
    assert!(!updated.is_created(), "{updated:?}");
    let update = mock.calls("contacts.update");
    assert_eq!(update.len(), 1);
    assert_eq!(
        update[0].path_param("contact_id"),
        Some("5da6f18e3d7cf967e4582d05")
    );
    assert_eq!(update[0].json().expect("a body")["external_id"], "25");
}

#[tokio::test]
async fn delays_make_timeouts() {
    let mock = MockServer::start().await;
    mock.on("admins.identify")
        .delay(Duration::from_millis(400))
        .answer(Answer::example());
    let e = impatient(&mock)
        .admins()
        .identify()
        .send()
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    mock.on("admins.list")
        .answer(Answer::example().delay(Duration::from_millis(400)));
    let e = impatient(&mock).admins().list().send().await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
}

#[tokio::test]
#[should_panic(expected = "did you mean \"contacts.get\"")]
async fn unknown_operation_names_are_refused_with_suggestions() {
    let mock = MockServer::start().await;
    let _ = mock.on("contacts.gte");
}

// ---------------------------------------------------------------------------------------------
// The journal
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_journal_records_what_arrived() {
    let mock = MockServer::start().await;
    let client = mock.client();
    client
        .contacts()
        .update("c 1")
        .email("new@example.com")
        .send()
        .await
        .expect("updated");
    client
        .contacts()
        .list()
        .per_page(3)
        .send()
        .await
        .expect("listed");
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    let update = &requests[0];
    assert_eq!(update.operation(), Some("contacts.update"));
    assert_eq!(
        update.operation_info().map(|op| op.id),
        Some("UpdateContact")
    );
    assert_eq!(update.method(), "PUT");
    assert_eq!(update.path(), "/contacts/c%201");
    assert_eq!(update.path_param("contact_id"), Some("c 1"));
    assert_eq!(update.json(), Some(json!({"email": "new@example.com"})));
    assert_eq!(
        update.header("Intercom-Version"),
        Some(intercom_api::API_VERSION)
    );
    assert_eq!(update.status(), Some(200));
    assert!(!update.is_preview());
    assert_eq!(requests[1].query("per_page"), Some("3"));
    assert_eq!(
        requests[1].to_string(),
        "GET /contacts?per_page=3 (contacts.list) → 200"
    );
    mock.assert_called("contacts.update", 1);
    mock.assert_called("UpdateContact", 1);
    mock.assert_called("contacts.delete", 0);
    assert_eq!(mock.calls("contacts.list").len(), 1);
    mock.reset();
    assert!(mock.requests().is_empty());
}

#[tokio::test]
#[should_panic(
    expected = "expected contacts.delete to be called 1 time(s), it was called 0 time(s); the mock server received:\n  GET /me (admins.identify) → 200"
)]
async fn assert_called_lists_what_arrived() {
    let mock = MockServer::start().await;
    mock.client()
        .admins()
        .identify()
        .send()
        .await
        .expect("identified");
    mock.assert_called("contacts.delete", 1);
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn query_cursor_pages_follow_real_cursors() {
    let mock = MockServer::start().await;
    mock.on("contacts.list").items(250);
    let contacts = mock
        .client()
        .contacts()
        .list()
        .items()
        .collect_all()
        .await
        .expect("every page");
    let ids: Vec<String> = contacts.iter().filter_map(|c| c.id.clone()).collect();
    let expected: Vec<String> = (1..=250).map(|i| i.to_string()).collect();
    assert_eq!(ids, expected);
    let calls = mock.calls("contacts.list");
    assert_eq!(calls.len(), 5, "no request after the last page");
    assert_eq!(calls[0].query("starting_after"), None);
    assert_eq!(calls[1].query("starting_after"), Some("mock_cursor_50"));
    // A page size from the request.
    let pages = mock
        .client()
        .contacts()
        .list()
        .pages()
        .per_page(100)
        .collect_all()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].data.as_ref().map(Vec::len), Some(50));
    // A cursor the mock did not give is refused.
    let e = mock
        .client()
        .contacts()
        .list()
        .starting_after("WzE3MDAwMDAwMDBd")
        .send()
        .await
        .unwrap_err();
    assert_refused(e, 400, "parameter_invalid", Some("starting_after"));
}

#[tokio::test]
async fn body_cursor_and_next_cursor_pages() {
    let mock = MockServer::start().await;
    mock.on("contacts.search").per_page(40).items(100);
    let query = intercom_api::search::contacts::ROLE.eq("user");
    let found = mock
        .client()
        .contacts()
        .search(query)
        .items()
        .collect_all()
        .await
        .expect("every page");
    assert_eq!(found.len(), 100);
    let calls = mock.calls("contacts.search");
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls[2].json().expect("body")["pagination"]["starting_after"],
        "mock_cursor_80"
    );

    let given: Vec<Value> = (0..7)
        .map(|i| json!({"type": "contact", "id": format!("m{i}")}))
        .collect();
    mock.on("contacts.list_merge_history")
        .per_page(3)
        .with_items(given);
    let merged = mock
        .client()
        .contacts()
        .list_merge_history("1")
        .items()
        .collect_all()
        .await
        .expect("every page");
    assert_eq!(merged.len(), 7);
    mock.assert_called("contacts.list_merge_history", 3);
}

#[tokio::test]
async fn page_number_pages_stop_at_the_page_count() {
    let mock = MockServer::start().await;
    mock.on("articles.list").items(45);
    let pages = mock
        .client()
        .articles()
        .list()
        .pages()
        .per_page(20)
        .collect_all()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    let calls = mock.calls("articles.list");
    let asked: Vec<Option<&str>> = calls.iter().map(|r| r.query("page")).collect();
    assert_eq!(asked, [None, Some("2"), Some("3")]);
    let items: usize = pages
        .iter()
        .filter_map(|p| p.data.as_ref())
        .map(Vec::len)
        .sum();
    assert_eq!(items, 45);
}

#[tokio::test]
async fn scrolls_end_on_an_empty_page_and_refuse_a_second_scroll() {
    let mock = MockServer::start().await;
    mock.on("companies.scroll").items(120);
    let client = mock.client();
    let companies = client
        .companies()
        .scroll()
        .items()
        .collect_all()
        .await
        .expect("the whole scroll");
    assert_eq!(companies.len(), 120);
    // 50 + 50 + 20, then the empty page that ends the scroll.
    mock.assert_called("companies.scroll", 4);

    let mut first = client.companies().scroll().pages();
    first
        .next_page()
        .await
        .expect("a page")
        .expect("first page");
    // One open scroll per workspace.
    let second = client
        .companies()
        .scroll()
        .items()
        .try_collect::<Vec<_>>()
        .await;
    assert!(
        matches!(
            &second,
            Err(Error::Pagination {
                kind: PaginationError::ScrollInProgress(e),
                ..
            }) if e.code() == Some("scroll_exists")
        ),
        "{second:?}"
    );
    // A scroll parameter the mock does not know is an expired scroll (Intercom's 404).
    let e = client
        .companies()
        .scroll()
        .scroll_param("mock_scroll_99")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Pagination {
                kind: PaginationError::ScrollExpired(api),
                ..
            } if api.status() == 404 && api.message() == Some("scroll parameter not found")
        ),
        "{e:?}"
    );
    drop(first);
}

#[tokio::test]
async fn default_pages_are_one_last_page() {
    let mock = MockServer::start().await;
    let contacts = mock
        .client()
        .contacts()
        .list()
        .items()
        .collect_all()
        .await
        .expect("one page");
    // The documented example's contacts (none), and no second request.
    assert!(contacts.is_empty());
    mock.assert_called("contacts.list", 1);
    let pages = mock
        .client()
        .articles()
        .list()
        .page(3)
        .pages()
        .collect_all()
        .await
        .expect("the page asked for, as the last one");
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn a_failed_scroll_page_is_a_pagination_error() {
    let mock = MockServer::start().await;
    mock.on("companies.scroll").items(80);
    mock.on("companies.scroll")
        .query_param("scroll_param", "mock_scroll_1")
        .error(404, "not_found", "scroll parameter not found");
    let e = mock
        .client()
        .companies()
        .scroll()
        .items()
        .collect_all()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Pagination {
                kind: PaginationError::ScrollExpired(_),
                ..
            }
        ),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Files, redirects, Preview
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn files_and_redirects_answer_by_default() {
    let mock = MockServer::start().await;
    let client = mock.client();
    let location = client
        .calls()
        .get_recording("1")
        .send()
        .await
        .expect("redirect");
    assert!(location.starts_with(&mock.url()), "{location}");
    let file = reqwest::get(&location).await.expect("the file");
    assert_eq!(file.status(), 200);
    let transcript = client
        .calls()
        .get_transcript("1")
        .send()
        .await
        .expect("text");
    assert!(!transcript.is_empty());
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn preview_calls_are_routed_to_the_preview_api() {
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.on_preview("contacts.get").json(
        200,
        json!({"type": "contact", "id": "p1", "email": "preview@example.com"}),
    );
    let contact = client
        .preview()
        .contacts()
        .get("p1")
        .send()
        .await
        .expect("preview");
    assert_eq!(contact.email.as_deref(), Some("preview@example.com"));
    // The stable API's operation is another one: its default answer.
    let stable = client.contacts().get("p1").send().await.expect("stable");
    assert_ne!(stable.email.as_deref(), Some("preview@example.com"));
    let requests = mock.requests();
    assert!(requests[0].is_preview() && !requests[1].is_preview());
    mock.assert_called("contacts.get", 2);
}
