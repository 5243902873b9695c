//! Loopback HTTP tests of *generated* operations against a `wiremock` server.
//!
//! Each test calls one generated request builder end to end and checks the exact request it puts
//! on the wire (method, path, query string, headers, JSON body) and the typed value it returns.
//! Runtime behaviour shared by every operation (timeouts, error parsing details, redirects in
//! general, …) is covered by `runtime_http.rs`; this file is about what the generator emits.

use intercom_api::models::{
    AdminReplyConversationRequest, CloseConversationRequest, ContactReplyBaseRequestMessageType,
    ContactReplyBaseRequestType, ContactReplyConversationRequest,
    ContactReplyIntercomUserIdRequest, ContentSearchResult, ConversationState,
    CreateDataEventRequest, DataAttributeDataType, DataAttributeModel, ListDataAttributesModel,
    ListDataEventsFilter, ListDataEventsFilterEmail, ListDataEventsFilterUserId,
    ManageConversationRequest, ReplyConversationRequest, SearchContentContentTypesItem,
    SearchContentCopilotState, SearchContentStatesItem, SearchContentTagOperator,
};
use intercom_api::operations::args::{AdminId, AppId, Assignee, Body};
use intercom_api::testing::MockServer as MockIntercom;
use intercom_api::{API_VERSION, Client, Error, Timestamp};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request as Received, ResponseTemplate};

const TOKEN: &str = "tok_operations_http_123";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .build()
        .expect("valid client")
}

/// The one request the server received (fails if there were none or several).
async fn only_request(server: &MockServer) -> Received {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request: {requests:#?}"
    );
    requests.remove(0)
}

/// Every value of header `name`, in order.
fn header_values(request: &Received, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .collect()
}

/// Asserts method, encoded path and encoded query string (`None`: no `?` at all).
fn assert_target(request: &Received, http_method: &str, encoded_path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), http_method, "{}", request.url);
    assert_eq!(request.url.path(), encoded_path, "{}", request.url);
    assert_eq!(request.url.query(), query, "{}", request.url);
    assert_eq!(request.url.fragment(), None, "{}", request.url);
}

/// Asserts the headers every call carries, with exactly one `Accept` of value `accept`.
fn assert_standard_headers(request: &Received, accept: &str) {
    assert_eq!(
        header_values(request, "authorization"),
        [format!("Bearer {TOKEN}")]
    );
    assert_eq!(header_values(request, "intercom-version"), [API_VERSION]);
    assert_eq!(header_values(request, "accept"), [accept]);
}

/// Asserts there is no body (and so no `Content-Type`).
fn assert_no_body(request: &Received) {
    assert!(
        request.body.is_empty(),
        "unexpected body: {:?}",
        request.body
    );
    assert_eq!(header_values(request, "content-type"), Vec::<String>::new());
}

/// Asserts a JSON body exactly equal to `expected` (so no extra keys and no `null`s).
fn assert_json_body(request: &Received, expected: &Value) {
    assert_eq!(header_values(request, "content-type"), ["application/json"]);
    let body: Value = serde_json::from_slice(&request.body).expect("body is JSON");
    assert_eq!(&body, expected);
}

/// A `200 OK` with a JSON body.
fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Bytes that survive only if nothing decodes, trims or re-encodes them: a gzip header, every
/// byte value, and a trailing CR LF.
fn binary_payload() -> Vec<u8> {
    let mut bytes = vec![0x1f, 0x8b, 0x08, 0x00];
    bytes.extend(0..=255u8);
    bytes.extend(b"\r\n");
    bytes
}

fn contact_json(id: &str) -> Value {
    json!({
        "type": "contact",
        "id": id,
        "workspace_id": "ecahpwf5",
        "external_id": "70",
        "role": "user",
        "email": "joe@bloggs.com",
        "phone": null,
        "name": "Joe Bloggs",
        "avatar": null,
        "owner_id": null,
        "social_profiles": {"type": "list", "data": []},
        "has_hard_bounced": false,
        "marked_email_as_spam": false,
        "unsubscribed_from_emails": true,
        "created_at": 1734537424,
        "updated_at": 1734537425,
        "signed_up_at": 1734537424,
        "last_seen_at": null,
        "location": {
            "type": "location",
            "country": "Ireland",
            "region": "Dublin",
            "city": "Dublin",
            "country_code": "IRL",
            "continent_code": "EU"
        },
        "custom_attributes": {"plan": "pro", "seats": 3},
        "tags": {
            "type": "list",
            "data": [{"type": "tag", "id": "81", "url": "/tags/81"}],
            "url": format!("/contacts/{id}/tags"),
            "total_count": 1,
            "has_more": false
        },
        "companies": {
            "type": "list",
            "data": [],
            "url": format!("/contacts/{id}/companies"),
            "total_count": 0,
            "has_more": false
        },
        "utm_source": null,
        "enabled_push_messaging": true
    })
}

fn conversation_json(state: &str, part_type: &str, part_body: &str) -> Value {
    json!({
        "type": "conversation",
        "id": "1295",
        "created_at": 1734537500,
        "updated_at": 1734537560,
        "state": state,
        "open": state == "open",
        "read": false,
        "admin_assignee_id": 991267,
        "team_assignee_id": 0,
        "conversation_parts": {
            "type": "conversation_part.list",
            "conversation_parts": [{
                "type": "conversation_part",
                "id": "132",
                "part_type": part_type,
                "body": part_body,
                "created_at": 1734537560,
                "author": {"type": "admin", "id": "991267", "name": "Ciaran", "email": "ciaran@example.com"},
                "redacted": false
            }],
            "total_count": 1
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn contacts_get_encodes_the_id_as_one_path_segment_and_decodes_the_contact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts/a%2Fb%3Fx%3D1%23frag"))
        .respond_with(ok_json(contact_json("6762f0d01bb69f9f2193bb7d")))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .contacts()
        .get("a/b?x=1#frag")
        .include_merge_history(true)
        .send()
        .await;

    let request = only_request(&server).await;
    // The `?` and `#` of the id are data: the only query is the one the setter added.
    assert_target(
        &request,
        "GET",
        "/contacts/a%2Fb%3Fx%3D1%23frag",
        Some("include_merge_history=true"),
    );
    assert_eq!(request.url.path_segments().map(Iterator::count), Some(2));
    assert_standard_headers(&request, "application/json");
    assert_no_body(&request);

    let contact = result.expect("contact decodes");
    assert_eq!(contact.r#type.as_deref(), Some("contact"));
    assert_eq!(contact.id.as_deref(), Some("6762f0d01bb69f9f2193bb7d"));
    assert_eq!(contact.workspace_id.as_deref(), Some("ecahpwf5"));
    assert_eq!(contact.external_id.as_deref(), Some("70"));
    assert_eq!(contact.role.as_deref(), Some("user"));
    assert_eq!(contact.email.as_deref(), Some("joe@bloggs.com"));
    assert_eq!(contact.name.as_deref(), Some("Joe Bloggs"));
    assert_eq!(contact.phone, None);
    assert!(contact.avatar.is_none());
    assert_eq!(contact.unsubscribed_from_emails, Some(true));
    assert_eq!(contact.has_hard_bounced, Some(false));
    assert_eq!(
        contact.created_at,
        Some(Timestamp::from_unix(1_734_537_424))
    );
    assert_eq!(
        contact.updated_at,
        Some(Timestamp::from_unix(1_734_537_425))
    );
    assert_eq!(contact.last_seen_at, None);
    assert_eq!(contact.enabled_push_messaging, Some(true));
    let location = contact.location.expect("location");
    assert_eq!(location.country.as_deref(), Some("Ireland"));
    assert_eq!(location.city.as_deref(), Some("Dublin"));
    let custom = contact.custom_attributes.expect("custom_attributes");
    assert_eq!(custom.get("plan"), Some(&json!("pro")));
    assert_eq!(custom.get("seats"), Some(&json!(3)));
    let tags = contact.tags.expect("tags");
    assert_eq!(tags.total_count, Some(1));
    assert_eq!(
        tags.url.as_deref(),
        Some("/contacts/6762f0d01bb69f9f2193bb7d/tags")
    );
    let tag_ids: Vec<_> = tags
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(tag_ids, [Some("81".to_owned())]);
    assert_eq!(contact.companies.and_then(|c| c.total_count), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Query strings
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn conversations_list_sends_paging_setters_as_exact_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations"))
        .respond_with(ok_json(json!({
            "type": "conversation.list",
            "conversations": [
                {"type": "conversation", "id": "1295", "state": "open", "open": true},
                {"type": "conversation", "id": "1296", "state": "snoozed", "open": true}
            ],
            "total_count": 12,
            "pages": {
                "type": "pages",
                "page": 1,
                "per_page": 5,
                "total_pages": 3,
                "next": {"per_page": 5, "starting_after": "WzE3MzQ1Mzc1NjAwMDAsMTI5Nl0="}
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .conversations()
        .list()
        .per_page(5)
        .starting_after("WzE3MzQ1Mzc1MDAwMDAsMTI5NF0=")
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(
        &request,
        "GET",
        "/conversations",
        Some("per_page=5&starting_after=WzE3MzQ1Mzc1MDAwMDAsMTI5NF0%3D"),
    );
    assert_standard_headers(&request, "application/json");
    assert_no_body(&request);

    let list = result.expect("conversation list decodes");
    assert_eq!(list.r#type.as_deref(), Some("conversation.list"));
    assert_eq!(list.total_count, Some(12));
    let conversations = list.conversations.expect("conversations");
    let ids: Vec<_> = conversations.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [Some("1295"), Some("1296")]);
    let next = list.pages.and_then(|p| p.next).expect("pages.next");
    assert_eq!(next.per_page, Some(5));
    assert_eq!(
        next.starting_after.as_deref(),
        Some("WzE3MzQ1Mzc1NjAwMDAsMTI5Nl0=")
    );
}

#[tokio::test]
async fn conversations_list_without_setters_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations"))
        .respond_with(ok_json(
            json!({"type": "conversation.list", "conversations": []}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let list = client(&server).conversations().list().send().await;

    let request = only_request(&server).await;
    assert_target(&request, "GET", "/conversations", None);
    assert_eq!(
        list.expect("decodes").conversations.map(|c| c.len()),
        Some(0)
    );
}

#[tokio::test]
async fn content_search_sends_enum_and_array_filters_comma_separated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/content/search"))
        .respond_with(ok_json(json!({
            "type": "list",
            "total_count": 2,
            "pages": {"type": "pages", "page": 1, "per_page": 10, "total_pages": 1, "next": null, "prev": null},
            "data": [
                {"type": "content_snippet", "id": "123", "title": "Billing FAQ"},
                {
                    "type": "article",
                    "id": "345",
                    "title": "Billing FAQ",
                    "contents": [
                        {"type": "article_content", "id": "678", "title": "Billing FAQ", "locale": "en"},
                        {"type": "article_content", "id": "910", "title": "Facturation FAQ", "locale": "fr"}
                    ]
                }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .content()
        .search()
        .query("billing & refunds")
        .per_page(10)
        .states(vec![
            SearchContentStatesItem::Published,
            SearchContentStatesItem::Draft,
        ])
        .locales(vec!["en".into(), "pt-BR".into()])
        .tag_ids(vec![1, 22, 333])
        .tag_operator(SearchContentTagOperator::NotIn)
        .content_types(vec![
            SearchContentContentTypesItem::Article,
            SearchContentContentTypesItem::InternalArticle,
        ])
        .copilot_state(SearchContentCopilotState::Off)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(
        &request,
        "GET",
        "/content/search",
        Some(
            "query=billing%20%26%20refunds&per_page=10&states=published,draft&locales=en,pt-BR\
             &tag_ids=1,22,333&tag_operator=NIN&content_types=article,internal_article\
             &copilot_state=off",
        ),
    );
    assert_standard_headers(&request, "application/json");
    assert_no_body(&request);

    let found = result.expect("search response decodes");
    assert_eq!(found.total_count, Some(2));
    assert_eq!(found.pages.and_then(|p| p.total_pages), Some(1));
    let data = found.data.expect("data");
    assert_eq!(data.len(), 2);
    let ContentSearchResult::Default(snippet) = &data[0] else {
        panic!("expected the flat shape, got {:?}", data[0]);
    };
    assert_eq!(snippet.r#type.as_str(), "content_snippet");
    assert_eq!(snippet.id.as_deref(), Some("123"));
    assert_eq!(snippet.title.as_deref(), Some("Billing FAQ"));
    let ContentSearchResult::Article(article) = &data[1] else {
        panic!("expected an article, got {:?}", data[1]);
    };
    assert_eq!(article.id.as_deref(), Some("345"));
    let titles: Vec<_> = article
        .contents
        .iter()
        .flatten()
        .map(|c| c.title.as_deref())
        .collect();
    assert_eq!(titles, [Some("Billing FAQ"), Some("Facturation FAQ")]);
}

#[tokio::test]
async fn data_attributes_list_sends_the_enum_model_by_its_wire_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/data_attributes"))
        .respond_with(ok_json(json!({
            "type": "list",
            "data": [{
                "type": "data_attribute",
                "id": 34,
                "model": "company",
                "name": "plan_tier",
                "full_name": "custom_attributes.plan_tier",
                "label": "Plan tier",
                "data_type": "string",
                "options": ["free", "pro"],
                "custom": true,
                "archived": true,
                "created_at": 1734537500
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .data_attributes()
        .list()
        .model(ListDataAttributesModel::Company)
        .include_archived(true)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(
        &request,
        "GET",
        "/data_attributes",
        Some("model=company&include_archived=true"),
    );
    assert_standard_headers(&request, "application/json");

    let list = result.expect("data attribute list decodes");
    let data = list.data.expect("data");
    assert_eq!(data.len(), 1);
    let attribute = &data[0];
    assert_eq!(attribute.id, Some(34));
    assert_eq!(attribute.model, Some(DataAttributeModel::Company));
    assert_eq!(attribute.name.as_deref(), Some("plan_tier"));
    assert_eq!(
        attribute.full_name.as_deref(),
        Some("custom_attributes.plan_tier")
    );
    assert_eq!(attribute.data_type, Some(DataAttributeDataType::String));
    assert_eq!(
        attribute.options.as_deref(),
        Some(&["free".to_owned(), "pro".to_owned()][..])
    );
    assert_eq!(attribute.archived, Some(true));
    assert_eq!(
        attribute.created_at,
        Some(Timestamp::from_unix(1_734_537_500))
    );
}

#[tokio::test]
async fn data_events_list_explodes_the_filter_object_into_its_own_keys() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(ok_json(json!({
            "type": "event.summary",
            "events": [
                {"name": "invited-friend", "count": 3, "first": "2024-12-18T15:34:03.000Z", "last": "2024-12-19T09:00:00.000Z"}
            ],
            "pages": {"next": "https://api.intercom.io/events?next page"},
            "email": "a+b@example.com",
            "intercom_user_id": "6762f22b1bb69f9f2193bc12",
            "user_id": "3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3"
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let by_user_id = client
        .data_events()
        .list(ListDataEventsFilter::UserId(
            ListDataEventsFilterUserId::new("3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3"),
        ))
        .send()
        .await;
    let by_email = client
        .data_events()
        .list(ListDataEventsFilter::Email(ListDataEventsFilterEmail::new(
            "a+b@example.com",
        )))
        .summary(true)
        .send()
        .await;

    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    // `filter` itself never appears: its one property becomes the parameter. `type=user` is the
    // only value the API accepts ("The value must be user"): always sent, never an argument.
    assert_target(
        &requests[0],
        "GET",
        "/events",
        Some("user_id=3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3&type=user"),
    );
    assert_target(
        &requests[1],
        "GET",
        "/events",
        Some("email=a%2Bb%40example.com&summary=true&type=user"),
    );
    for request in &requests {
        assert_standard_headers(request, "application/json");
        assert_no_body(request);
    }

    let summary = by_email.expect("event summary decodes");
    assert_eq!(summary.r#type.as_deref(), Some("event.summary"));
    assert_eq!(summary.email.as_deref(), Some("a+b@example.com"));
    assert_eq!(
        summary.intercom_user_id.as_deref(),
        Some("6762f22b1bb69f9f2193bc12")
    );
    let events = summary.events.expect("events");
    assert_eq!(events.len(), 1);
    // The spec declares the items nullable.
    let event = events[0].as_ref().expect("a summary item");
    assert_eq!(event.name.as_deref(), Some("invited-friend"));
    assert_eq!(event.count, Some(3));
    assert_eq!(event.first.as_deref(), Some("2024-12-18T15:34:03.000Z"));
    assert_eq!(
        by_user_id.expect("decodes").user_id.as_deref(),
        Some("3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3")
    );
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn contacts_update_sends_only_the_fields_that_were_set() {
    let server = MockServer::start().await;
    let mut updated = contact_json("6762f0cd1bb69f9f2193bb7c");
    updated["email"] = json!("joebloggs@intercom.io");
    updated["name"] = json!("joe bloggs");
    Mock::given(method("PUT"))
        .and(path("/contacts/6762f0cd1bb69f9f2193bb7c"))
        .respond_with(ok_json(updated))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .contacts()
        .update("6762f0cd1bb69f9f2193bb7c")
        .email("joebloggs@intercom.io")
        .name("joe bloggs")
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "PUT", "/contacts/6762f0cd1bb69f9f2193bb7c", None);
    assert_standard_headers(&request, "application/json");
    assert_json_body(
        &request,
        &json!({"email": "joebloggs@intercom.io", "name": "joe bloggs"}),
    );

    let contact = result.expect("updated contact decodes");
    assert_eq!(contact.id.as_deref(), Some("6762f0cd1bb69f9f2193bb7c"));
    assert_eq!(contact.email.as_deref(), Some("joebloggs@intercom.io"));
    assert_eq!(contact.name.as_deref(), Some("joe bloggs"));
    assert_eq!(
        contact.signed_up_at,
        Some(Timestamp::from_unix(1_734_537_424))
    );
}

#[tokio::test]
async fn nullable_fields_are_set_cleared_or_left_out() {
    let mock = MockIntercom::start().await;

    // `name` is set, `phone` is cleared (sent as null), `avatar` is left out.
    mock.client()
        .contacts()
        .update("c1")
        .name("Joe")
        .clear_phone()
        .send()
        .await
        .expect("updated contact decodes");

    let request = &mock.calls("contacts.update")[0];
    assert_eq!(request.json(), Some(json!({"name": "Joe", "phone": null})));
    let raw = String::from_utf8_lossy(request.body());
    assert!(!raw.contains("avatar"), "left-out field was sent: {raw}");
}

#[tokio::test]
async fn a_constrained_request_is_built_from_one_of_its_identifiers() {
    let mock = MockIntercom::start().await;

    let body = intercom_api::models::CreateContactRequest::with_external_id("ext-7")
        .and_email("joe@example.com")
        .name("Joe");
    assert_eq!(body.external_id().map(String::as_str), Some("ext-7"));
    mock.client()
        .contacts()
        .create(body)
        .send()
        .await
        .expect("created contact decodes");

    mock.assert_called("contacts.create", 1);
    assert_eq!(
        mock.requests()[0].json(),
        Some(json!({"external_id": "ext-7", "email": "joe@example.com", "name": "Joe"}))
    );
    // Decoding a request with none of the identifiers fails.
    let err =
        serde_json::from_str::<intercom_api::models::CreateContactRequest>(r#"{"name":"Joe"}"#)
            .unwrap_err();
    assert!(err.to_string().contains("at least one of"), "{err}");
}

#[tokio::test]
async fn contacts_update_sends_typed_setters_in_their_wire_form() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/contacts/c1"))
        .respond_with(ok_json(contact_json("c1")))
        .expect(1)
        .mount(&server)
        .await;
    let mut custom = serde_json::Map::new();
    custom.insert("plan".into(), json!("pro"));
    custom.insert("seats".into(), json!(3));

    let result = client(&server)
        .contacts()
        .update("c1")
        .include_merge_history(false)
        .custom_attributes(custom)
        .last_seen_at(Timestamp::from_unix(1_734_536_043))
        .unsubscribed_from_emails(false)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(
        &request,
        "PUT",
        "/contacts/c1",
        Some("include_merge_history=false"),
    );
    assert_json_body(
        &request,
        &json!({
            "custom_attributes": {"plan": "pro", "seats": 3},
            "last_seen_at": 1734536043,
            "unsubscribed_from_emails": false
        }),
    );
    assert_eq!(result.expect("decodes").id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn conversations_reply_sends_an_admin_reply_with_its_type_and_message_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/conversations/1295/reply"))
        .respond_with(ok_json(conversation_json(
            "open",
            "comment",
            "<p>Thanks, on it!</p>",
        )))
        .expect(1)
        .mount(&server)
        .await;

    // The comment's constructor, an optional field, then `From` into the union.
    let reply: ReplyConversationRequest =
        AdminReplyConversationRequest::comment("991267", "<p>Thanks, on it!</p>")
            .attachment_urls(vec!["https://example.com/a.png".into()])
            .into();
    let result = client(&server)
        .conversations()
        .reply("1295", reply)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "POST", "/conversations/1295/reply", None);
    assert_standard_headers(&request, "application/json");
    assert_json_body(
        &request,
        &json!({
            "admin_id": "991267",
            "attachment_urls": ["https://example.com/a.png"],
            "body": "<p>Thanks, on it!</p>",
            "message_type": "comment",
            "type": "admin"
        }),
    );

    let conversation = result.expect("conversation decodes");
    assert_eq!(conversation.id.as_deref(), Some("1295"));
    assert_eq!(conversation.state, Some(ConversationState::Open));
    assert_eq!(conversation.admin_assignee_id, Some(991_267));
    let parts = conversation.conversation_parts.expect("conversation_parts");
    assert_eq!(parts.total_count, Some(1));
    let part = &parts.conversation_parts.expect("parts")[0];
    assert_eq!(part.part_type.as_deref(), Some("comment"));
    assert_eq!(part.body.as_deref(), Some("<p>Thanks, on it!</p>"));
    assert_eq!(part.created_at, Some(Timestamp::from_unix(1_734_537_560)));
    let author = part.author.as_ref().expect("author");
    assert_eq!(author.r#type.as_deref(), Some("admin"));
    assert_eq!(author.id.as_deref(), Some("991267"));
}

#[tokio::test]
async fn conversations_reply_sends_a_contact_reply_with_user_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/conversations/1295/reply"))
        .respond_with(ok_json(conversation_json("open", "comment", "hi")))
        .expect(1)
        .mount(&server)
        .await;

    let reply = ReplyConversationRequest::Contact(ContactReplyConversationRequest::IntercomUserId(
        ContactReplyIntercomUserIdRequest {
            attachment_files: None,
            attachment_urls: None,
            body: "Still broken :(".into(),
            created_at: None,
            intercom_user_id: "6762f2341bb69f9f2193bc17".into(),
            message_type: ContactReplyBaseRequestMessageType::Comment,
            reply_options: None,
            r#type: ContactReplyBaseRequestType::User,
        },
    ));
    let result = client(&server)
        .conversations()
        .reply("1295", reply)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "POST", "/conversations/1295/reply", None);
    assert_json_body(
        &request,
        &json!({
            "body": "Still broken :(",
            "intercom_user_id": "6762f2341bb69f9f2193bc17",
            "message_type": "comment",
            "type": "user"
        }),
    );
    assert_eq!(result.expect("decodes").id.as_deref(), Some("1295"));
}

#[tokio::test]
async fn conversations_manage_close_sends_message_type_close() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/conversations/1295/parts"))
        .respond_with(ok_json(conversation_json(
            "closed",
            "close",
            "<p>Goodbye :)</p>",
        )))
        .expect(1)
        .mount(&server)
        .await;

    let close = ManageConversationRequest::Close(CloseConversationRequest {
        body: Some("<p>Goodbye :)</p>".into()),
        ..CloseConversationRequest::new("991267")
    });
    let result = client(&server)
        .conversations()
        .manage("1295", close)
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "POST", "/conversations/1295/parts", None);
    assert_standard_headers(&request, "application/json");
    assert_json_body(
        &request,
        &json!({
            "admin_id": "991267",
            "body": "<p>Goodbye :)</p>",
            "message_type": "close",
            "type": "admin"
        }),
    );

    let conversation = result.expect("conversation decodes");
    assert_eq!(conversation.state, Some(ConversationState::Closed));
    assert_eq!(conversation.open, Some(false));
    let parts = conversation
        .conversation_parts
        .and_then(|p| p.conversation_parts)
        .expect("parts");
    assert_eq!(parts[0].part_type.as_deref(), Some("close"));
}

// ---------------------------------------------------------------------------------------------
// Shortcuts: one variant of a union body, with setters for the rest of its shape
// ---------------------------------------------------------------------------------------------

/// The JSON body of the one call the kit's mock received for `operation`.
fn sent(mock: &MockIntercom, operation: &str) -> Value {
    let calls = mock.calls(operation);
    assert_eq!(calls.len(), 1, "{operation}: {} calls", calls.len());
    calls[0].json().expect("a JSON body")
}

#[tokio::test]
async fn conversation_shortcuts_send_their_shape_with_its_optional_fields() {
    let mock = MockIntercom::start().await;
    let conversations = mock.client().conversations();

    conversations
        .close("1295", AdminId("991267"))
        .body("<p>Goodbye :)</p>")
        .send()
        .await
        .expect("closed conversation decodes");
    assert_eq!(
        sent(&mock, "conversations.manage"),
        json!({"message_type": "close", "type": "admin", "admin_id": "991267", "body": "<p>Goodbye :)</p>"})
    );

    let mock = MockIntercom::start().await;
    let conversations = mock.client().conversations();
    conversations
        .assign("1295", Assignee::team("5017691"), "991267")
        .body("Over to billing")
        .send()
        .await
        .expect("assigned conversation decodes");
    assert_eq!(
        sent(&mock, "conversations.manage"),
        json!({
            "message_type": "assignment",
            "type": "team",
            "admin_id": "991267",
            "assignee_id": "5017691",
            "body": "Over to billing"
        })
    );

    let mock = MockIntercom::start().await;
    let conversations = mock.client().conversations();
    conversations
        .snooze(
            "1295",
            AdminId("991267"),
            Timestamp::from_unix(1_734_600_000),
        )
        .send()
        .await
        .expect("snoozed conversation decodes");
    assert_eq!(
        sent(&mock, "conversations.manage"),
        json!({"message_type": "snoozed", "admin_id": "991267", "snoozed_until": 1_734_600_000})
    );

    let mock = MockIntercom::start().await;
    mock.client()
        .conversations()
        .open("1295", AdminId("991267"))
        .send()
        .await
        .expect("opened conversation decodes");
    assert_eq!(
        sent(&mock, "conversations.manage"),
        json!({"message_type": "open", "admin_id": "991267"})
    );
}

#[tokio::test]
async fn reply_and_note_shortcuts_send_the_admin_shape_with_its_message_type() {
    let mock = MockIntercom::start().await;
    mock.client()
        .conversations()
        .reply_as_admin("1295", Body("Thanks!"), AdminId("991267"))
        .attachment_urls(vec!["https://example.com/a.png".into()])
        .send()
        .await
        .expect("reply decodes");
    assert_eq!(
        sent(&mock, "conversations.reply"),
        json!({
            "message_type": "comment",
            "type": "admin",
            "body": "Thanks!",
            "admin_id": "991267",
            "attachment_urls": ["https://example.com/a.png"]
        })
    );

    let mock = MockIntercom::start().await;
    mock.client()
        .conversations()
        .note(
            "1295",
            Body("Customer is on the annual plan"),
            AdminId("991267"),
        )
        .send()
        .await
        .expect("note decodes");
    assert_eq!(
        sent(&mock, "conversations.reply"),
        json!({
            "message_type": "note",
            "type": "admin",
            "body": "Customer is on the annual plan",
            "admin_id": "991267"
        })
    );

    let mock = MockIntercom::start().await;
    mock.client()
        .tickets()
        .note("77", Body("Escalated"), AdminId("991267"))
        .skip_notifications(true)
        .send()
        .await
        .expect("ticket note decodes");
    assert_eq!(
        sent(&mock, "tickets.reply"),
        json!({
            "message_type": "note",
            "type": "admin",
            "body": "Escalated",
            "admin_id": "991267",
            "skip_notifications": true
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Doc aliases: operationIds and the official SDKs' names
// ---------------------------------------------------------------------------------------------

/// The names in the `#[doc(alias(…))]` right before `pub fn {method}(` in a generated
/// operations file (the attribute may be wrapped over several lines).
fn doc_aliases(source: &str, method: &str) -> Vec<String> {
    let at = source
        .find(&format!("pub fn {method}("))
        .unwrap_or_else(|| panic!("no method `{method}`"));
    // Only what follows the previous method: its own attributes and docs.
    let before = &source[..at];
    let own = &before[before.rfind("pub fn ").map_or(0, |i| i + "pub fn ".len())..];
    let Some(start) = own.rfind("alias(") else {
        return Vec::new();
    };
    let list = &own[start + "alias(".len()..];
    let list = &list[..list.find(')').expect("closed alias list")];
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `cargo doc`'s search finds every operation method by its operationId (unless the method has
/// that very name), and by the official SDKs' names (Node's camelCase, Python's snake_case).
#[test]
fn every_operation_method_has_its_operation_id_and_sdk_names_as_doc_aliases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/operations");
    let mut checked = 0;
    for op in intercom_api::OPERATIONS {
        let source = std::fs::read_to_string(dir.join(format!("{}.rs", op.resource)))
            .expect("operations file");
        let method = op.method_name;
        let aliases = doc_aliases(&source, method);
        assert!(
            op.id == method || aliases.iter().any(|a| a == op.id),
            "{}.{method}: operationId `{}` not among {aliases:?}",
            op.resource,
            op.id
        );
        checked += 1;
    }
    assert_eq!(checked, intercom_api::OPERATIONS.len());
    let file = |resource: &str| {
        std::fs::read_to_string(dir.join(format!("{resource}.rs"))).expect("operations file")
    };
    // Names from the official SDKs' overlay (`x-fern-sdk-method-name`).
    for (resource, method, sdk) in [
        ("admins", "list_activity_logs", "listAllActivityLogs"),
        ("admins", "list_activity_logs", "list_all_activity_logs"),
        ("admins", "get", "find"),
        ("companies", "get", "find"),
        ("contacts", "get", "find"),
    ] {
        let aliases = doc_aliases(&file(resource), method);
        assert!(
            aliases.iter().any(|a| a == sdk),
            "{resource}.{method}: `{sdk}` not among {aliases:?}"
        );
    }
    // Ours is not named like the SDKs' method of another endpoint: their `companies.find` is
    // `GET /companies/{id}` (our `get`); `GET /companies` is `retrieve` in both.
    let retrieve = intercom_api::operation("companies.retrieve").expect("companies.retrieve");
    assert_eq!(retrieve.path, "/companies");
    assert!(intercom_api::operation("companies.find").is_none());
}

// ---------------------------------------------------------------------------------------------
// Responses without JSON: empty, bytes, text, redirect
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn audiences_delete_with_204_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/audiences/aud%201"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).audiences().delete("aud 1").send().await;

    let request = only_request(&server).await;
    assert_target(&request, "DELETE", "/audiences/aud%201", None);
    assert_standard_headers(&request, "application/json");
    assert_no_body(&request);
    let () = result.expect("204 is success");
}

#[tokio::test]
async fn data_events_create_with_202_and_empty_body_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/events"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    let mut event = CreateDataEventRequest::with_user_id(
        "invited-friend",
        Timestamp::from_unix(1_734_536_043),
        "314159",
    );
    event.metadata = Some([("invite_code".to_owned(), "ADDAFRIEND".to_owned())].into());
    let result = client(&server).data_events().create(event).send().await;

    let request = only_request(&server).await;
    assert_target(&request, "POST", "/events", None);
    assert_standard_headers(&request, "application/json");
    assert_json_body(
        &request,
        &json!({
            "created_at": 1734536043,
            "event_name": "invited-friend",
            "metadata": {"invite_code": "ADDAFRIEND"},
            "user_id": "314159"
        }),
    );
    let () = result.expect("202 with no body is success");
}

#[tokio::test]
async fn reporting_data_export_download_sends_octet_stream_accept_and_returns_bytes_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download/reporting_data/job%2F1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(binary_payload(), "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .reporting_data_export()
        .download("job/1", AppId("app 1"))
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(
        &request,
        "GET",
        "/download/reporting_data/job%2F1",
        Some("app_id=app%201"),
    );
    assert_standard_headers(&request, "application/octet-stream");
    assert_no_body(&request);
    let download = result.expect("download");
    assert_eq!(download.status(), 200);
    let bytes = download.bytes().await.expect("body");
    assert_eq!(&bytes[..], &binary_payload()[..]);
}

#[tokio::test]
async fn data_export_download_returns_bytes_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download/content/data/xyz1234"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(binary_payload(), "application/gzip"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .data_export()
        .download("xyz1234")
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "GET", "/download/content/data/xyz1234", None);
    assert_eq!(
        header_values(&request, "authorization"),
        [format!("Bearer {TOKEN}")]
    );
    assert_eq!(header_values(&request, "intercom-version"), [API_VERSION]);
    assert_no_body(&request);
    let download = result.expect("download");
    assert_eq!(download.status(), 200);
    let bytes = download.bytes().await.expect("body");
    assert_eq!(&bytes[..], &binary_payload()[..]);
}

#[tokio::test]
async fn data_export_download_asks_for_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download/content/data/xyz1234"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(binary_payload(), "application/gzip"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .data_export()
        .download("xyz1234")
        .send()
        .await;

    let request = only_request(&server).await;
    assert_standard_headers(&request, "application/octet-stream");
    let download = result.expect("download");
    assert_eq!(download.content_type(), Some("application/gzip"));
    let mut file = Vec::new();
    let written = download.write_to(&mut file).await.expect("written");
    assert_eq!(written as usize, binary_payload().len());
    assert_eq!(file, binary_payload());
}

const TRANSCRIPT: &str = "[00:00:03] Teammate 1: \"Hello, thanks for calling.\"\n\
                          [00:00:09] User: \"J’ai besoin d’aide 🙏\"\n";

#[tokio::test]
async fn calls_get_transcript_returns_the_plain_text_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls/call%2F7/transcript"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "content-disposition",
                    "attachment; filename=transcription_data-2025-07-17.txt",
                )
                .set_body_raw(TRANSCRIPT, "text/plain; charset=utf-8"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .calls()
        .get_transcript("call/7")
        .send()
        .await;

    let request = only_request(&server).await;
    assert_target(&request, "GET", "/calls/call%2F7/transcript", None);
    assert_eq!(
        header_values(&request, "authorization"),
        [format!("Bearer {TOKEN}")]
    );
    assert_eq!(header_values(&request, "intercom-version"), [API_VERSION]);
    assert_no_body(&request);
    let transcript: String = result.expect("transcript");
    assert_eq!(transcript, TRANSCRIPT);
}

#[tokio::test]
async fn calls_get_transcript_asks_for_plain_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls/7/transcript"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(TRANSCRIPT, "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).calls().get_transcript("7").send().await;

    let request = only_request(&server).await;
    assert_standard_headers(&request, "text/plain");
    assert_eq!(result.expect("transcript"), TRANSCRIPT);
}

#[tokio::test]
async fn calls_get_recording_returns_the_location_without_following_it() {
    let server = MockServer::start().await;
    let signed = format!(
        "{}/recordings/7.mp3?X-Amz-Expires=300&X-Amz-Signature=ab%2Fcd",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/calls/7/recording"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", signed.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/recordings/7.mp3"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"ID3".to_vec()))
        .expect(0)
        .mount(&server)
        .await;

    let result = client(&server).calls().get_recording("7").send().await;

    let request = only_request(&server).await;
    assert_target(&request, "GET", "/calls/7/recording", None);
    assert_standard_headers(&request, "application/json");
    assert_no_body(&request);
    let location: String = result.expect("redirect location");
    assert_eq!(location, signed);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn not_found_error_list_becomes_api_error_with_code_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/conversations/404404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list",
            "request_id": "b68959ea-6328-4f70-83cb-e7913dba1542",
            "errors": [{"code": "not_found", "message": "Conversation Not Found"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .conversations()
        .get("404404")
        .display_as("plaintext")
        .send()
        .await
        .expect_err("404 is an error");

    let request = only_request(&server).await;
    assert_target(
        &request,
        "GET",
        "/conversations/404404",
        Some("display_as=plaintext"),
    );
    assert_standard_headers(&request, "application/json");

    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.request_id(),
        Some("b68959ea-6328-4f70-83cb-e7913dba1542")
    );
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(api.operation(), "retrieveConversation");
    assert_eq!(api.code(), Some("not_found"));
    assert_eq!(api.message(), Some("Conversation Not Found"));
    assert_eq!(api.errors().len(), 1);
    let shown = err.to_string();
    assert!(!shown.contains(TOKEN), "{shown}");
    assert_eq!(
        shown,
        "retrieveConversation: HTTP 404 not_found: Conversation Not Found \
         (request id b68959ea-6328-4f70-83cb-e7913dba1542)"
    );
}

#[tokio::test]
async fn calls_get_recording_not_found_is_api_error_not_a_location() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/calls/8/recording"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list",
            "request_id": "9bc4fc62-7cdf-4f72-a56e-02af4836d499",
            "errors": [{"code": "not_found", "message": "Recording Not Found"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .calls()
        .get_recording("8")
        .send()
        .await
        .expect_err("404 is an error");

    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status(), 404);
    assert_eq!(api.operation(), "showCallRecording");
    assert_eq!(api.code(), Some("not_found"));
    assert_eq!(
        api.request_id(),
        Some("9bc4fc62-7cdf-4f72-a56e-02af4836d499")
    );
}
