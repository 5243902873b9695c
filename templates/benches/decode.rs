//! Decoding throughput: a large conversation (500 parts) and a 150-contact page, decoded into the
//! typed models exactly as the client does (`intercom_api::decode_json`: the models' own lenient
//! field decoding, and JSON path tracking on failure), against
//! `serde_json::from_slice::<serde_json::Value>` on the same bytes, in the same run.
//!
//! `cargo bench -p intercom-api --bench decode`; the ratio is printed at the end.

#![recursion_limit = "256"]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use intercom_api::models::{ContactList, Conversation};
use serde_json::{Value, json};

/// A realistic conversation part (~0.6 KB).
fn part(i: usize) -> Value {
    json!({
        "type": "conversation_part",
        "id": format!("{}", 1_000_000 + i),
        "part_type": if i.is_multiple_of(3) { "note" } else { "comment" },
        "body": format!("<p>Reply number {i}: thanks for getting in touch, we are looking into it and will get back to you shortly.</p>"),
        "created_at": 1_734_537_000 + i as i64,
        "updated_at": 1_734_537_000 + i as i64,
        "notified_at": 1_734_537_000 + i as i64,
        "assigned_to": null,
        "author": {"type": "admin", "id": "991267659", "name": "Ciaran Lee", "email": "admin@email.com"},
        "attachments": [],
        "external_id": null,
        "redacted": false,
        "email_message_metadata": null,
        "metadata": {},
        "state": "open",
        "tags": [],
        "event_details": {},
        "app_package_code": null
    })
}

fn conversation(parts: usize) -> Vec<u8> {
    let parts: Vec<Value> = (0..parts).map(part).collect();
    serde_json::to_vec(&json!({
        "type": "conversation",
        "id": "1295",
        "title": "Conversation Title",
        "created_at": 1_734_537_253,
        "updated_at": 1_734_537_253,
        "waiting_since": 1_734_537_253,
        "snoozed_until": 1_734_537_253,
        "open": true,
        "state": "open",
        "read": true,
        "priority": "low",
        "admin_assignee_id": 0,
        "team_assignee_id": "5017691",
        "tags": {"type": "tag.list", "tags": []},
        "conversation_rating": {"rating": 5, "remark": "", "created_at": 1_671_028_894, "contact": {"type": "contact", "id": "5ba682d23d7cf92bef87bfd4", "external_id": "f3b87a2e09d514c6c2e79b9a"}, "teammate": {"type": "contact", "id": "1a2b3c"}},
        "source": {"type": "conversation", "id": "403918330", "delivered_as": "operator_initiated", "subject": "", "body": "<p>Hey there!</p>", "author": {"type": "admin", "id": "274", "name": "Operator", "email": "operator+abcd1234@intercom.io"}, "attachments": [], "url": null, "redacted": false},
        "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": "5ba682d23d7cf92bef87bfd4", "external_id": "70"}]},
        "teammates": {"type": "admin.list", "teammates": [{"type": "contact", "id": "1a2b3c"}]},
        "custom_attributes": {"paid_subscriber": true, "monthly_spend": 155.5, "team_mates": 9},
        "first_contact_reply": {"created_at": 1_663_597_223, "type": "conversation", "url": "https://developers.intercom.com/"},
        "sla_applied": {"type": "conversation_sla_summary", "sla_name": "", "sla_status": "missed"},
        "statistics": {"type": "conversation_statistics", "time_to_assignment": 2310, "time_to_admin_reply": 2310, "time_to_first_close": 2310, "time_to_last_close": 2310, "median_time_to_reply": 2310, "first_contact_reply_at": 1_663_597_233, "first_assignment_at": 1_663_597_233, "count_reopens": 1, "count_assignments": 1, "count_conversation_parts": parts.len()},
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": parts.len()},
        "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": false},
        "ai_agent_participated": false
    }))
    .expect("serializes")
}

/// A realistic contact (~1.5 KB).
fn contact(i: usize) -> Value {
    json!({
        "type": "contact",
        "id": format!("6762f0dd1bb69f9f2193bb{i:02}"),
        "workspace_id": "this_is_an_id64_that_should_be_at_least_4",
        "external_id": format!("ext-{i}"),
        "role": "user",
        "email": format!("joe{i}@bloggs.com"),
        "email_domain": "bloggs.com",
        "phone": null,
        "name": "Joe Bloggs",
        "owner_id": null,
        "has_hard_bounced": false,
        "marked_email_as_spam": false,
        "unsubscribed_from_emails": false,
        "created_at": 1_734_537_245,
        "updated_at": 1_734_537_245,
        "signed_up_at": 1_734_537_245,
        "last_seen_at": null,
        "last_replied_at": null,
        "last_contacted_at": null,
        "last_email_opened_at": null,
        "last_email_clicked_at": null,
        "language_override": null,
        "browser": null,
        "browser_version": null,
        "browser_language": null,
        "os": null,
        "location": {"type": "location", "country": "Ireland", "region": "Dublin", "city": "Dublin"},
        "android_app_name": null,
        "android_app_version": null,
        "android_device": null,
        "android_os_version": null,
        "android_sdk_version": null,
        "android_last_seen_at": null,
        "ios_app_name": null,
        "ios_app_version": null,
        "ios_device": null,
        "ios_os_version": null,
        "ios_sdk_version": null,
        "ios_last_seen_at": null,
        "custom_attributes": {"plan": "pro", "seats": 12},
        "tags": {"type": "list", "data": [{"type": "tag", "id": "7522907", "url": "/tags/7522907"}], "url": "/contacts/6762f0dd/tags", "total_count": 1, "has_more": false},
        "notes": {"type": "list", "data": [], "url": "/contacts/6762f0dd/notes", "total_count": 0, "has_more": false},
        "companies": {"type": "list", "data": [], "url": "/contacts/6762f0dd/companies", "total_count": 0, "has_more": false},
        "opted_out_subscription_types": {"type": "list", "data": [], "url": "/contacts/6762f0dd/subscriptions", "total_count": 0, "has_more": false},
        "opted_in_subscription_types": {"type": "list", "data": [], "url": "/contacts/6762f0dd/subscriptions", "total_count": 0, "has_more": false},
        "utm_campaign": null,
        "utm_content": null,
        "utm_medium": null,
        "utm_source": null,
        "utm_term": null,
        "referrer": null,
        "sms_consent": false,
        "unsubscribed_from_sms": false,
        "enabled_push_messaging": null
    })
}

fn contact_page(n: usize) -> Vec<u8> {
    let data: Vec<Value> = (0..n).map(contact).collect();
    serde_json::to_vec(&json!({
        "type": "list",
        "data": data,
        "total_count": n,
        "pages": {"type": "pages", "page": 1, "per_page": n, "total_pages": 10,
                  "next": {"per_page": n, "starting_after": "WzE3MzQ1MzcyNDUwMDAsIjY3NjJmMGRkMWJiNjlmOWYyMTkzYmI5OSJd"}}
    }))
    .expect("serializes")
}

/// Mean time per iteration of `f`, over about `budget`.
fn mean(budget: Duration, mut f: impl FnMut()) -> Duration {
    for _ in 0..3 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < budget {
        f();
        n += 1;
    }
    start.elapsed() / n.max(1)
}

fn main() {
    let conversation = conversation(500);
    let contacts = contact_page(150);
    // Both payloads must decode into the typed models, or the comparison means nothing.
    intercom_api::decode_json::<Conversation>("bench", 200, &conversation)
        .expect("conversation decodes");
    intercom_api::decode_json::<ContactList>("bench", 200, &contacts)
        .expect("contact page decodes");

    let mut c = Criterion::default().configure_from_args();
    for (name, bytes) in [
        ("conversation_500_parts", &conversation),
        ("contacts_150", &contacts),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("typed", |b| match name {
            "conversation_500_parts" => b.iter(|| {
                intercom_api::decode_json::<Conversation>("bench", 200, black_box(bytes))
                    .map(|_| ())
            }),
            _ => b.iter(|| {
                intercom_api::decode_json::<ContactList>("bench", 200, black_box(bytes)).map(|_| ())
            }),
        });
        group.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).map(|_| ()))
        });
        group.finish();
    }
    c.final_summary();

    // The headline figures, measured again back to back so they share conditions.
    println!("\nratio (serde_json::Value time / typed time; above 1 means typed is faster):");
    for (name, bytes) in [
        ("conversation_500_parts", &conversation),
        ("contacts_150", &contacts),
    ] {
        let budget = Duration::from_secs(2);
        let value = mean(budget, || {
            black_box(serde_json::from_slice::<Value>(black_box(bytes)).ok());
        });
        let typed = if name == "conversation_500_parts" {
            mean(budget, || {
                black_box(
                    intercom_api::decode_json::<Conversation>("bench", 200, black_box(bytes)).ok(),
                );
            })
        } else {
            mean(budget, || {
                black_box(
                    intercom_api::decode_json::<ContactList>("bench", 200, black_box(bytes)).ok(),
                );
            })
        };
        let mb_s = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
        println!(
            "  {name} ({} KB): typed {:.0} MB/s, Value {:.0} MB/s, ratio {:.2}x",
            bytes.len() / 1024,
            mb_s(typed),
            mb_s(value),
            value.as_secs_f64() / typed.as_secs_f64()
        );
    }
}
