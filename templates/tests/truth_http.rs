//! The API as it really behaves, where its description says otherwise: loopback tests that
//! answer with the shape Intercom really sends (not the description's) and check what the user
//! gets. Each case names the evidence; `spec/overrides.yaml` records it for the generator.

use intercom_api::models::{
    ContentSnippetCreateRequest, CreateDataEventRequest, CreateTagRequest,
    ListCustomObjectInstancesResponse, RetrieveCompanyResponse, TagCompanyRequest,
    TagCompanyRequestCompaniesItem, UntagCompanyRequest, UntagCompanyRequestCompaniesItem,
};
use intercom_api::operations::args::{CreatedAtAfter, CreatedAtBefore};
use intercom_api::{
    Client, EventMetadata, MetadataValue, OPERATIONS, OperationInfo, Risk, Timestamp, True,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("tok_truth")
        .base_url(server.uri())
        .build()
        .expect("valid client")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Received {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.remove(0)
}

fn json_body(request: &Received) -> Value {
    serde_json::from_slice(&request.body).expect("JSON body")
}

fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn tag_json() -> Value {
    json!({"type": "tag", "id": "81", "name": "Independent"})
}

/// A company as `GET /companies?company_id=…` really answers it: one object, not a list.
fn company_json(id: &str, company_id: &str) -> Value {
    json!({
        "type": "company",
        "company_id": company_id,
        "id": id,
        "app_id": "this_is_an_id147_that_should_be_at_least_",
        "name": "IntercomQATest1",
        "remote_created_at": 1734537337,
        "created_at": 1734537338,
        "updated_at": 1734537339,
        "last_request_at": 1734537000,
        "monthly_spend": 0,
        "session_count": 0,
        "user_count": 4,
        "tags": {"type": "tag.list", "tags": []},
        "segments": {"type": "segment.list", "segments": []},
        "plan": {},
        "custom_attributes": {}
    })
}

// ---------------------------------------------------------------------------------------------
// 1. Untagging companies. `untag` is documented only as "Always set to true"; without it the
//    request is the tag request and Intercom tags the companies.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn untagging_companies_sends_untag_true_for_each_company() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tags"))
        .respond_with(ok_json(tag_json()))
        .expect(1)
        .mount(&server)
        .await;

    let body = UntagCompanyRequest::new(
        "Independent",
        vec![
            UntagCompanyRequestCompaniesItem::with_id("531ee472cce572a6ec000006"),
            UntagCompanyRequestCompaniesItem::with_company_id("6"),
        ],
    );
    let tag = client(&server)
        .tags()
        .create(CreateTagRequest::UntagCompany(body))
        .send()
        .await
        .expect("tag answer");

    assert_eq!(tag.id.as_deref(), Some("81"));
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({
            "name": "Independent",
            "companies": [
                {"id": "531ee472cce572a6ec000006", "untag": true},
                {"company_id": "6", "untag": true}
            ]
        })
    );
}

#[test]
fn an_untag_item_is_always_true_and_needs_an_identity() {
    let item = UntagCompanyRequestCompaniesItem::with_company_id("6").and_id("531ee4");
    assert_eq!(item.untag, True);
    assert_eq!(item.company_id().map(String::as_str), Some("6"));
    // Decoding (e.g. `execute`'s JSON input) fills the constant in, refuses `false`, and
    // refuses an item that names no company.
    let decoded: UntagCompanyRequestCompaniesItem =
        serde_json::from_value(json!({"id": "1"})).expect("untag filled in");
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        json!({"id": "1", "untag": true})
    );
    assert!(
        serde_json::from_value::<UntagCompanyRequestCompaniesItem>(
            json!({"id": "1", "untag": false})
        )
        .is_err()
    );
    assert!(
        serde_json::from_value::<UntagCompanyRequestCompaniesItem>(json!({"untag": true})).is_err()
    );
    // The tag request's items need an identity too ("The id or company_id").
    let tag = TagCompanyRequest::new(
        "Independent",
        vec![TagCompanyRequestCompaniesItem::with_company_id("6")],
    );
    assert_eq!(
        serde_json::to_value(&tag).unwrap(),
        json!({"name": "Independent", "companies": [{"company_id": "6"}]})
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Looking a company up by your own id answers one company, not a list (the operation's own
//    description; the official SDKs' overlay: `company` or `company_list`).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn finding_a_company_by_company_id_returns_the_company() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(query_param("company_id", "remote_6"))
        .respond_with(ok_json(company_json(
            "6762f07a1bb69f9f2193baea",
            "remote_6",
        )))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let found = client
        .companies()
        .retrieve()
        .company_id("remote_6")
        .send()
        .await
        .expect("one company decodes");
    let RetrieveCompanyResponse::Company(company) = found else {
        panic!("expected the company, got {found:?}");
    };
    assert_eq!(company.id.as_deref(), Some("6762f07a1bb69f9f2193baea"));
    assert_eq!(company.company_id.as_deref(), Some("remote_6"));

    // The items stream yields that one company and stops.
    let items = client
        .companies()
        .retrieve()
        .company_id("remote_6")
        .items()
        .collect_all()
        .await
        .expect("one item");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].company_id.as_deref(), Some("remote_6"));
}

#[tokio::test]
async fn filtering_companies_by_tag_still_pages_through_lists() {
    let server = MockServer::start().await;
    let page = |n: i64, ids: &[&str]| {
        json!({
            "type": "list",
            "pages": {"type": "pages", "page": n, "per_page": 1, "total_pages": 2},
            "total_count": 2,
            "data": ids.iter().map(|id| company_json(id, id)).collect::<Vec<_>>()
        })
    };
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(query_param("page", "2"))
        .respond_with(ok_json(page(2, &["b"])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(query_param("tag_id", "81"))
        .respond_with(ok_json(page(1, &["a"])))
        .mount(&server)
        .await;

    let items = client(&server)
        .companies()
        .retrieve()
        .tag_id("81")
        .items()
        .collect_all()
        .await
        .expect("two pages");
    let ids: Vec<&str> = items.iter().filter_map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, ["a", "b"]);
}

// ---------------------------------------------------------------------------------------------
// 3. A custom object instance by `external_id` is one object, not a paginated list (the
//    operation's description; 2.14 and 2.15 describe it as its own operation).
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_custom_object_instance_by_external_id_is_the_instance() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/custom_object_instances/Order"))
        .and(query_param("external_id", "123"))
        .respond_with(ok_json(json!({
            "id": "24",
            "type": "Order",
            "custom_attributes": {"order_number": "ORDER-12345", "total_amount": 99.99},
            "external_id": "123",
            "external_created_at": null,
            "external_updated_at": null,
            "created_at": 1734537745,
            "updated_at": 1734537745
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let answer = client
        .custom_object_instances()
        .list("Order")
        .external_id("123")
        .send()
        .await
        .expect("decodes");
    let ListCustomObjectInstancesResponse::Instance(instance) = answer else {
        panic!("expected the instance, got {answer:?}");
    };
    assert_eq!(instance.id.as_deref(), Some("24"));
    assert_eq!(instance.r#type.as_deref(), Some("Order"));
    assert_eq!(
        instance
            .custom_attributes
            .as_ref()
            .and_then(|a| a.get_f64("total_amount")),
        Some(99.99)
    );

    let items = client
        .custom_object_instances()
        .list("Order")
        .external_id("123")
        .items()
        .collect_all()
        .await
        .expect("one item");
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().and_then(|i| i.external_id.as_deref()),
        Some("123")
    );
}

#[tokio::test]
async fn a_custom_object_list_is_still_a_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/custom_object_instances/Order"))
        .respond_with(ok_json(json!({
            "type": "list",
            "pages": {"type": "pages", "page": 1, "per_page": 20, "total_pages": 1},
            "total_count": 1,
            "data": [{"id": "2", "type": "Order", "external_id": "order_002"}]
        })))
        .mount(&server)
        .await;
    let answer = client(&server)
        .custom_object_instances()
        .list("Order")
        .send()
        .await
        .expect("decodes");
    let ListCustomObjectInstancesResponse::InstancesPaginatedList(list) = answer else {
        panic!("expected the list, got {answer:?}");
    };
    assert_eq!(list.data.map(|d| d.len()), Some(1));
}

// ---------------------------------------------------------------------------------------------
// 4. Event metadata values: text, numbers, dates, rich links and monetary amounts (the table in
//    `POST /events`'s description), not only strings.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn event_metadata_keeps_numbers_dates_links_and_money_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    let mut event = CreateDataEventRequest::with_email(
        "placed-order",
        Timestamp::from_unix(1_734_536_043),
        "joe@example.com",
    );
    event.metadata = Some(
        EventMetadata::new()
            .with("source", "desktop")
            .with("load", 3.67)
            .with("items", 3)
            .with_date("delivery", Timestamp::from_unix(1_392_036_272))
            .with(
                "article",
                MetadataValue::rich_link("https://example.org/ab1de.html", "the dude abides"),
            )
            .with("price", MetadataValue::money(34_999, "eur")),
    );
    client(&server)
        .data_events()
        .create(event)
        .send()
        .await
        .expect("202");

    let request = only_request(&server).await;
    let body = json_body(&request);
    assert_eq!(
        body["metadata"],
        json!({
            "source": "desktop",
            "load": 3.67,
            "items": 3,
            "delivery_date": 1392036272,
            "article": {"url": "https://example.org/ab1de.html", "value": "the dude abides"},
            "price": {"amount": 34999, "currency": "eur"}
        })
    );
    // In the order given (Intercom keeps the first ten keys it receives): positions in the raw
    // body, since a parsed `Value` sorts its keys.
    let raw = String::from_utf8(request.body.clone()).expect("UTF-8 body");
    let positions: Vec<usize> = [
        "source",
        "load",
        "items",
        "delivery_date",
        "article",
        "price",
    ]
    .iter()
    .map(|k| raw.find(&format!("\"{k}\":")).expect("key sent"))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{raw}");
}

/// Sends an event with `metadata`; returns the error, checking that nothing reached the server.
async fn refused_before_sending(metadata: EventMetadata) -> String {
    let server = MockServer::start().await;
    let mut event =
        CreateDataEventRequest::with_id("placed-order", Timestamp::from_unix(1), "64a1");
    event.metadata = Some(metadata);
    let err = client(&server)
        .data_events()
        .create(event)
        .send()
        .await
        .expect_err("refused");
    assert!(server.received_requests().await.unwrap().is_empty());
    err.to_string()
}

#[tokio::test]
async fn metadata_intercom_would_drop_fails_before_anything_is_sent() {
    // Intercom keeps the first ten keys and ignores the rest.
    let eleven = (0..11).map(|i| (format!("k{i}"), i)).collect();
    let err = refused_before_sending(eleven).await;
    assert!(err.contains("11 keys"), "{err}");
    // "we do not currently support nested JSON structure"
    let nested = EventMetadata::new().with("cart", MetadataValue::Other(json!({"items": [1, 2]})));
    let err = refused_before_sending(nested).await;
    assert!(err.contains("nested JSON"), "{err}");
}

#[test]
fn a_data_event_decodes_every_metadata_kind() {
    let event: intercom_api::models::DataEvent = serde_json::from_value(json!({
        "type": "event",
        "event_name": "placed-order",
        "created_at": 1734536043,
        "metadata": {
            "load": 3.67,
            "order_date": 1392036272,
            "price": {"amount": 34999, "currency": "eur"},
            "article": {"url": "https://example.org", "value": "v"}
        }
    }))
    .expect("decodes");
    let metadata = event.metadata.expect("metadata");
    assert_eq!(metadata.get("load"), Some(&MetadataValue::Number(3.67)));
    assert_eq!(
        metadata.get("order_date"),
        Some(&MetadataValue::Date(Timestamp::from_unix(1_392_036_272)))
    );
    assert_eq!(
        metadata.get("price"),
        Some(&MetadataValue::money(34_999, "eur"))
    );
    assert_eq!(
        metadata.get("article"),
        Some(&MetadataValue::rich_link("https://example.org", "v"))
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Timestamps by one rule, in responses and requests.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn company_dates_are_timestamps() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/companies/6762f07a"))
        .respond_with(ok_json(company_json("6762f07a", "remote_6")))
        .mount(&server)
        .await;
    let company = client(&server)
        .companies()
        .get("6762f07a")
        .send()
        .await
        .expect("decodes");
    assert_eq!(
        company.created_at,
        Some(Timestamp::from_unix(1_734_537_338))
    );
    assert_eq!(
        company.updated_at,
        Some(Timestamp::from_unix(1_734_537_339))
    );
    assert_eq!(
        company.remote_created_at,
        Some(Timestamp::from_unix(1_734_537_337))
    );
    assert_eq!(
        company.last_request_at,
        Some(Timestamp::from_unix(1_734_537_000))
    );
}

#[tokio::test]
async fn data_export_bounds_are_sent_as_unix_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/export/content/data"))
        .respond_with(ok_json(json!({
            "job_identifier": "job1", "status": "pending",
            "download_url": "", "download_expires_at": ""
        })))
        .mount(&server)
        .await;
    client(&server)
        .data_export()
        .create(
            CreatedAtAfter(Timestamp::from_unix(1_717_200_000)),
            CreatedAtBefore(Timestamp::from_unix(1_717_290_000)),
        )
        .send()
        .await
        .expect("job");
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"created_at_after": 1717200000, "created_at_before": 1717290000})
    );
}

// ---------------------------------------------------------------------------------------------
// Identities from prose: "You must provide either `json_blocks` or `body_markdown`".
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_content_snippet_is_built_from_its_markdown_or_its_blocks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/content_snippets"))
        .respond_with(ok_json(json!({"type": "content_snippet", "id": "1"})))
        .mount(&server)
        .await;
    let body =
        ContentSnippetCreateRequest::with_body_markdown("Returns", "# Returns\nWithin 30 days.");
    client(&server)
        .content_snippets()
        .create(body)
        .send()
        .await
        .expect("created");
    assert_eq!(
        json_body(&only_request(&server).await),
        json!({"title": "Returns", "body_markdown": "# Returns\nWithin 30 days."})
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Risk by one rule, and the operations that reach end users.
// ---------------------------------------------------------------------------------------------

fn op(name: &str) -> &'static OperationInfo {
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

#[test]
fn risks_follow_one_rule() {
    // Undone by `unarchive`.
    assert_eq!(op("contacts.archive").risk, Risk::Write);
    // Can untag companies in bulk.
    assert_eq!(op("tags.create").risk, Risk::Destructive);
    // Can lock the workspace out.
    assert_eq!(op("ip_allowlist.update").risk, Risk::Destructive);
    // Undone by attaching again.
    assert_eq!(op("contacts.detach_tag").risk, Risk::Write);
    assert_eq!(op("contacts.delete").risk, Risk::Destructive);
    assert_eq!(op("contacts.merge").risk, Risk::Destructive);
}

#[test]
fn operations_that_reach_end_users_are_flagged() {
    for name in [
        "messages.create",
        "conversations.reply",
        "tickets.reply",
        "switch.create",
        "news.create_item",
    ] {
        assert!(op(name).reaches_end_users, "{name}");
    }
    for name in ["contacts.create", "conversations.search", "tags.create"] {
        assert!(!op(name).reaches_end_users, "{name}");
    }
    let row = serde_json::to_value(op("messages.create")).expect("rows serialize");
    assert_eq!(row["reaches_end_users"], json!(true));
    assert_eq!(row["risk"], json!("write"));
    assert_eq!(row["name"], json!("messages.create"));
    assert_eq!(row["input_schema"]["type"], json!("object"));
}
