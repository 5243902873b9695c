//! A downstream crate's test against the mock Intercom, end to end: the code under test pages
//! through every contact and archives the ones whose email bounced; the mock serves 120 contacts
//! over pages, is rate limited once, and its journal shows what the code did.
//!
//! ```sh
//! cargo run -p intercom-api --example testing
//! ```
//!
//! In your own crate this is a `#[tokio::test]` with
//! `intercom-api = { version = "0.1", features = ["testing"] }` under `[dev-dependencies]`.

use std::time::Duration;

use intercom_api::testing::{Answer, MockServer};
use intercom_api::{Client, Result};
use serde_json::json;

/// The code under test: archives every contact whose email hard-bounced; returns how many.
async fn archive_bounced(client: &Client) -> Result<usize> {
    let mut contacts = client.contacts().list().items().per_page(50);
    let mut archived = 0;
    while let Some(contact) = contacts.next_item().await {
        let contact = contact?;
        if let (Some(id), Some(true)) = (contact.id, contact.has_hard_bounced) {
            client.contacts().archive(id).send().await?;
            archived += 1;
        }
    }
    Ok(archived)
}

#[tokio::main]
async fn main() -> Result<()> {
    let mock = MockServer::start().await;

    // 120 contacts; every third one bounced.
    let contacts = (1..=120)
        .map(|i| json!({"type": "contact", "id": i.to_string(), "has_hard_bounced": i % 3 == 0}))
        .collect();
    mock.on("contacts.list").with_items(contacts);
    // Intercom's rate limit answers the first archive once; the client waits and retries.
    mock.on("contacts.archive")
        .times(1)
        .answer(Answer::rate_limited(Duration::ZERO));

    let archived = archive_bounced(&mock.client()).await?;

    assert_eq!(archived, 40);
    // Three pages of 50, followed by their cursors; no request after the last page.
    mock.assert_called("contacts.list", 3);
    // 40 archives, one of them twice (the 429, then its retry).
    mock.assert_called("contacts.archive", 41);
    let first = &mock.calls("contacts.archive")[0];
    assert_eq!(first.path_param("contact_id"), Some("3"));
    assert_eq!(first.status(), Some(429));
    println!("archived {archived} contacts; the mock server received:");
    for request in mock.requests().iter().take(6) {
        println!("  {request}");
    }
    println!("  … {} requests in all", mock.requests().len());
    Ok(())
}
