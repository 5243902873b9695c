//! The ten everyday tasks, each in the fewest lines the API allows: every task is one function
//! taking a `&Client`, and `cargo test --example tasks` runs each against the crate's mock
//! Intercom (`intercom_api::testing`), checking the request it sent.
//!
//! ```sh
//! cargo run -p intercom-api --example tasks
//! cargo test -p intercom-api --example tasks
//! ```
//!
//! Conversation tasks use the shortcuts (`reply_as_admin`, `note`, `close`, `assign`); where two
//! arguments of one type would sit side by side one comes named (`AdminId(..)`) or as a typed
//! choice (`Assignee::team(..)`). Unions convert with `From` and have constructors named after
//! the task (`ReplyConversationRequest::admin_comment(admin_id, body)`).

use intercom_api::models::{
    Contact, Conversation, CreateDataEventRequest, CreateTagRequest,
    CreateTicketRequestContactsItem, TagCompanyRequestCompaniesItem, TagCreateResponse, Ticket,
    UntagCompanyRequestCompaniesItem,
};
use intercom_api::operations::args::{
    AdminId, Assignee, Body, CompanyId, CreatedAtAfter, CreatedAtBefore,
};
use intercom_api::search::contacts::UPDATED_AT;
use intercom_api::testing::MockServer;
use intercom_api::{
    Client, CustomAttributes, EventMetadata, MetadataValue, PollOptions, Result, Timestamp,
};

/// 1. Every contact updated since `since`, over as many pages as there are.
async fn contacts_updated_since(client: &Client, since: Timestamp) -> Result<Vec<Contact>> {
    client
        .contacts()
        .search(UPDATED_AT.gt(since))
        .items()
        .collect_all()
        .await
}

/// 2. A reply the customer sees, as an admin.
async fn reply_as_admin(
    client: &Client,
    conversation: &str,
    admin: &str,
    text: &str,
) -> Result<Conversation> {
    client
        .conversations()
        .reply_as_admin(conversation, Body(text), AdminId(admin))
        .send()
        .await
}

/// 3. A note only teammates see.
async fn add_note(
    client: &Client,
    conversation: &str,
    admin: &str,
    text: &str,
) -> Result<Conversation> {
    client
        .conversations()
        .note(conversation, Body(text), AdminId(admin))
        .send()
        .await
}

/// 4. Close the conversation, leaving a message.
async fn close_with_note(
    client: &Client,
    conversation: &str,
    admin: &str,
    text: &str,
) -> Result<Conversation> {
    client
        .conversations()
        .close(conversation, AdminId(admin))
        .body(text)
        .send()
        .await
}

/// 5. Hand the conversation to a team (the `assign` shortcut of `manage`).
async fn assign_to_team(
    client: &Client,
    conversation: &str,
    admin: &str,
    team: &str,
) -> Result<Conversation> {
    client
        .conversations()
        .assign(conversation, Assignee::team(team), admin)
        .send()
        .await
}

/// 6. A ticket of a type, for a contact, with its title.
async fn create_ticket(
    client: &Client,
    ticket_type: &str,
    contact: &str,
    title: &str,
) -> Result<Ticket> {
    let contacts = vec![CreateTicketRequestContactsItem::id(contact)];
    let title = CustomAttributes::new().with("_default_title_", title);
    client
        .tickets()
        .create(ticket_type, contacts)
        .ticket_attributes(title)
        .send()
        .await
}

/// 7. Tag a company, then take the tag off again.
async fn tag_and_untag_company(
    client: &Client,
    tag: &str,
    company: &str,
) -> Result<TagCreateResponse> {
    let tag_it =
        CreateTagRequest::tag_company(tag, vec![TagCompanyRequestCompaniesItem::with_id(company)]);
    client.tags().create(tag_it).send().await?;
    let untag = CreateTagRequest::untag_company(
        tag,
        vec![UntagCompanyRequestCompaniesItem::with_id(company)],
    );
    client.tags().create(untag).send().await
}

/// 8. Make a contact one of a company's people.
async fn attach_contact_to_company(client: &Client, contact: &str, company: &str) -> Result<()> {
    client
        .contacts()
        .attach_to_company(contact, CompanyId(company))
        .send()
        .await
        .map(drop)
}

/// 9. Record that a user did something, with what matters about it.
async fn track_order(client: &Client, user_id: &str, order: &str, cents: i64) -> Result<()> {
    let metadata = EventMetadata::new()
        .with("order_id", order)
        .with("price", MetadataValue::money(cents, "usd"));
    let event = CreateDataEventRequest::with_user_id("placed-order", Timestamp::now(), user_id)
        .metadata(metadata);
    client.data_events().create(event).send().await
}

/// 10. Export the content data of a period: start the job, wait for it, download the file.
async fn export_data(client: &Client, from: Timestamp, to: Timestamp) -> Result<Vec<u8>> {
    let job = client
        .data_export()
        .create(CreatedAtAfter(from), CreatedAtBefore(to))
        .send()
        .await?;
    let id = job.job_identifier.unwrap_or_default();
    let file = client
        .data_export()
        .download_when_ready(id, PollOptions::default())
        .await?;
    Ok(file.bytes().await?.to_vec())
}

#[tokio::main]
async fn main() -> Result<()> {
    // Against the mock, so that the example runs anywhere; a real client is
    // `Client::new(std::env::var("INTERCOM_TOKEN")?)`.
    let mock = MockServer::start().await;
    mock.on("data_export.get").json(
        200,
        serde_json::json!({"job_identifier": "job1", "status": "completed"}),
    );
    let client = mock.client();
    let week_ago = Timestamp::from_unix(Timestamp::now().as_unix() - 7 * 24 * 3600);
    println!(
        "{} contacts updated this week",
        contacts_updated_since(&client, week_ago).await?.len()
    );
    reply_as_admin(&client, "123", "991267", "Thanks, on it!").await?;
    add_note(&client, "123", "991267", "Customer is on the Pro plan.").await?;
    close_with_note(&client, "123", "991267", "Fixed in 4.2, closing.").await?;
    assign_to_team(&client, "123", "991267", "5017691").await?;
    create_ticket(
        &client,
        "1234",
        "6762f0dd1bb69f9f2193bb83",
        "Refund request",
    )
    .await?;
    tag_and_untag_company(&client, "VIP", "531ee472cce572a6ec000006").await?;
    attach_contact_to_company(
        &client,
        "6762f0dd1bb69f9f2193bb83",
        "531ee472cce572a6ec000006",
    )
    .await?;
    track_order(&client, "314159", "ord_42", 4999).await?;
    let file = export_data(&client, week_ago, Timestamp::now()).await?;
    println!(
        "exported {} bytes; {} requests in all",
        file.len(),
        mock.requests().len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// The JSON body of the only call of `operation`.
    fn sent(mock: &MockServer, operation: &str) -> Value {
        let calls = mock.calls(operation);
        assert_eq!(calls.len(), 1, "{operation}: {calls:?}");
        calls[0].json().expect("a JSON body")
    }

    #[tokio::test]
    async fn syncs_contacts_updated_since_a_date_over_every_page() {
        let mock = MockServer::start().await;
        let contacts = (1..=30)
            .map(|i| json!({"type": "contact", "id": i.to_string()}))
            .collect();
        mock.on("contacts.search").per_page(10).with_items(contacts);
        let all = contacts_updated_since(&mock.client(), Timestamp::from_unix(1_700_000_000))
            .await
            .unwrap();
        assert_eq!(all.len(), 30);
        let calls = mock.calls("contacts.search");
        assert_eq!(calls.len(), 3);
        let first = calls[0].json().unwrap();
        assert_eq!(
            first["query"],
            json!({"field": "updated_at", "operator": ">", "value": 1_700_000_000})
        );
    }

    #[tokio::test]
    async fn replies_as_an_admin() {
        let mock = MockServer::start().await;
        reply_as_admin(&mock.client(), "123", "991267", "Thanks!")
            .await
            .unwrap();
        assert_eq!(
            mock.calls("conversations.reply")[0].path(),
            "/conversations/123/reply"
        );
        assert_eq!(
            sent(&mock, "conversations.reply"),
            json!({"message_type": "comment", "type": "admin", "admin_id": "991267", "body": "Thanks!"})
        );
    }

    #[tokio::test]
    async fn adds_a_note() {
        let mock = MockServer::start().await;
        add_note(&mock.client(), "123", "991267", "VIP")
            .await
            .unwrap();
        assert_eq!(
            sent(&mock, "conversations.reply"),
            json!({"message_type": "note", "type": "admin", "admin_id": "991267", "body": "VIP"})
        );
    }

    #[tokio::test]
    async fn closes_with_a_note() {
        let mock = MockServer::start().await;
        close_with_note(&mock.client(), "123", "991267", "Fixed.")
            .await
            .unwrap();
        assert_eq!(
            mock.calls("conversations.manage")[0].path(),
            "/conversations/123/parts"
        );
        assert_eq!(
            sent(&mock, "conversations.manage"),
            json!({"message_type": "close", "type": "admin", "admin_id": "991267", "body": "Fixed."})
        );
    }

    #[tokio::test]
    async fn assigns_to_a_team() {
        let mock = MockServer::start().await;
        assign_to_team(&mock.client(), "123", "991267", "5017691")
            .await
            .unwrap();
        assert_eq!(
            sent(&mock, "conversations.manage"),
            json!({"message_type": "assignment", "type": "team", "admin_id": "991267", "assignee_id": "5017691"})
        );
    }

    #[tokio::test]
    async fn creates_a_ticket() {
        let mock = MockServer::start().await;
        create_ticket(&mock.client(), "1234", "c1", "Refund")
            .await
            .unwrap();
        assert_eq!(
            sent(&mock, "tickets.create"),
            json!({"ticket_type_id": "1234", "contacts": [{"id": "c1"}], "ticket_attributes": {"_default_title_": "Refund"}})
        );
    }

    #[tokio::test]
    async fn tags_and_untags_a_company() {
        let mock = MockServer::start().await;
        tag_and_untag_company(&mock.client(), "VIP", "co1")
            .await
            .unwrap();
        let bodies: Vec<Value> = mock
            .calls("tags.create")
            .iter()
            .map(|c| c.json().unwrap())
            .collect();
        assert_eq!(
            bodies,
            [
                json!({"name": "VIP", "companies": [{"id": "co1"}]}),
                json!({"name": "VIP", "companies": [{"id": "co1", "untag": true}]}),
            ]
        );
    }

    #[tokio::test]
    async fn attaches_a_contact_to_a_company() {
        let mock = MockServer::start().await;
        attach_contact_to_company(&mock.client(), "c1", "co1")
            .await
            .unwrap();
        assert_eq!(
            mock.calls("contacts.attach_to_company")[0].path(),
            "/contacts/c1/companies"
        );
        assert_eq!(
            sent(&mock, "contacts.attach_to_company"),
            json!({"id": "co1"})
        );
    }

    #[tokio::test]
    async fn tracks_an_event_with_metadata() {
        let mock = MockServer::start().await;
        track_order(&mock.client(), "314159", "ord_42", 4999)
            .await
            .unwrap();
        let event = sent(&mock, "data_events.create");
        assert_eq!(event["event_name"], "placed-order");
        assert_eq!(event["user_id"], "314159");
        assert!(
            event["created_at"]
                .as_i64()
                .is_some_and(|t| t > 1_700_000_000),
            "{event}"
        );
        assert_eq!(
            event["metadata"],
            json!({"order_id": "ord_42", "price": {"amount": 4999, "currency": "usd"}})
        );
    }

    #[tokio::test]
    async fn exports_data_waiting_for_the_job() {
        let mock = MockServer::start().await;
        mock.on("data_export.create")
            .json(200, json!({"job_identifier": "job1", "status": "pending"}));
        mock.on("data_export.get").json(
            200,
            json!({"job_identifier": "job1", "status": "completed"}),
        );
        mock.on("data_export.download")
            .answer(intercom_api::testing::Answer::bytes(
                200,
                &b"id,title\n"[..],
                "text/csv",
            ));
        let file = export_data(
            &mock.client(),
            Timestamp::from_unix(1_717_000_000),
            Timestamp::from_unix(1_717_600_000),
        )
        .await
        .unwrap();
        assert_eq!(file, b"id,title\n");
        assert_eq!(
            sent(&mock, "data_export.create"),
            json!({"created_at_after": 1_717_000_000, "created_at_before": 1_717_600_000})
        );
        assert_eq!(
            mock.calls("data_export.get")[0].path(),
            "/export/content/data/job1"
        );
        assert_eq!(
            mock.calls("data_export.download")[0].path(),
            "/download/content/data/job1"
        );
    }
}
