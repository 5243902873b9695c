//! `intercom_api::webhooks`: signatures against vectors computed outside Rust, a realistic
//! envelope per item type (written from Intercom's webhook-models pages, not copied), topics,
//! and a property test that verification never panics.

use intercom_api::models::{ContactRole, Conversation};
use intercom_api::webhooks::{
    Notification, Topic, WebhookError, WebhookItem, sign, verify_fin_agent_signature,
    verify_signature,
};
use proptest::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Signature vectors.
//
// Each digest below was computed outside Rust, by Python's `hmac` over the exact bytes of the
// body constant (pasted as a Python string: `\n`, `\t` and `\"` are the same escapes, Rust's
// `\u{e9}` is Python's `\u00e9`), and cross-checked with OpenSSL over the same bytes written to a
// file:
//
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"8f1c2d3e4a5b6c7d", "<body>".encode(), hashlib.sha1).hexdigest())'
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"8f1c2d3e4a5b6c7d", b"", hashlib.sha1).hexdigest())'
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"k" * 100, "<REPLY_BODY>".encode(), hashlib.sha1).hexdigest())'
//   python3 -c 'import hmac,hashlib; print(hmac.new(b"fin-signing-secret", "<body>".encode(), hashlib.sha256).hexdigest())'
//   openssl dgst -sha1 -hmac 8f1c2d3e4a5b6c7d reply.json ping.json    # same digests
//   printf '' | openssl dgst -sha1 -hmac 8f1c2d3e4a5b6c7d              # EMPTY_SHA1
//   openssl dgst -sha256 -hmac fin-signing-secret reply.json          # REPLY_FIN_SHA256
// ---------------------------------------------------------------------------------------------

/// The client secret of the vectors.
const SECRET: &[u8] = b"8f1c2d3e4a5b6c7d";

/// A ping as a captured delivery sends it: tab-indented, `"id" : null`.
const PING_BODY: &str = "{\n\t\"type\" : \"notification_event\",\n\t\"id\" : null,\n\t\"topic\" : \"ping\",\n\t\"data\" : {\n\t\t\"item\" : {\n\t\t\t\"type\" : \"ping\",\n\t\t\t\"message\" : \"Ping received\"\n\t\t}\n\t}\n}";
const PING_SHA1: &str = "351bc9644d777246bd51f1d960b50f6ac3f6696b";

/// A conversation reply, compact, with non-ASCII text (`Café ☕`) and a numeric id.
const REPLY_BODY: &str = "{\"type\":\"notification_event\",\"app_id\":\"q3xk9w2p\",\"id\":\"notif_5f0c2a9e-7d41-4c6b-9b1a-2e8d3f6a7c10\",\"topic\":\"conversation.user.replied\",\"created_at\":1767225600,\"delivery_attempts\":2,\"first_sent_at\":1767225541,\"data\":{\"type\":\"notification_event_data\",\"item\":{\"type\":\"conversation\",\"id\":215469871234567,\"title\":\"Caf\u{e9} \u{2615}\"}}}";
const REPLY_SHA1: &str = "13a9ca1ee4b439b7cdf289eb4f65b53d362ae2c8";

/// The empty body: `printf '' | openssl dgst -sha1 -hmac 8f1c2d3e4a5b6c7d`.
const EMPTY_SHA1: &str = "263f1514c4311afe01fb0d77dce36f339eff1660";

/// A key longer than SHA-1's 64-byte block (HMAC hashes it first): `b"k" * 100`, `REPLY_BODY`.
const LONG_KEY_SHA1: &str = "e3499a80f4c4cf0c213a644bc90111a5e202bc40";

/// Fin Agent API: HMAC-SHA256 with the signing secret `fin-signing-secret`.
const FIN_SECRET: &[u8] = b"fin-signing-secret";
const PING_FIN_SHA256: &str = "257f3b961e48b6be365bba8ba3a9fad21fcc9c01c054b933529567e7ebbd280c";
const REPLY_FIN_SHA256: &str = "19468f7c211fa64dc7a3959d862f96af60867c984d37f4782749501a1e00f628";

fn header(hex: &str) -> String {
    format!("sha1={hex}")
}

#[test]
fn vectors_verify() {
    assert_eq!(
        verify_signature(SECRET, PING_BODY.as_bytes(), &header(PING_SHA1)),
        Ok(())
    );
    assert_eq!(
        verify_signature(SECRET, REPLY_BODY.as_bytes(), &header(REPLY_SHA1)),
        Ok(())
    );
    assert_eq!(verify_signature(SECRET, b"", &header(EMPTY_SHA1)), Ok(()));
    assert_eq!(
        verify_signature(&[b'k'; 100], REPLY_BODY.as_bytes(), &header(LONG_KEY_SHA1)),
        Ok(())
    );
    // `sign` produces the same headers.
    assert_eq!(sign(SECRET, PING_BODY.as_bytes()), header(PING_SHA1));
    assert_eq!(sign(SECRET, b""), header(EMPTY_SHA1));
}

/// RFC 2202 (HMAC-SHA1) test cases 1, 2 and 6, as published.
#[test]
fn rfc_2202_vectors_verify() {
    let cases: [(&[u8], &[u8], &str); 3] = [
        (
            &[0x0b; 20],
            b"Hi There",
            "b617318655057264e28bc0b6fb378c8ef146be00",
        ),
        (
            b"Jefe",
            b"what do ya want for nothing?",
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
        ),
        (
            &[0xaa; 80],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
            "aa4ae5e15272d00e95705637ce8a3b55ed402112",
        ),
    ];
    for (key, data, hex) in cases {
        assert_eq!(verify_signature(key, data, &header(hex)), Ok(()), "{hex}");
    }
}

#[test]
fn a_tampered_body_or_another_secret_does_not_verify() {
    let mut tampered = REPLY_BODY.as_bytes().to_vec();
    // `"delivery_attempts":2` → `…:3`: one byte.
    let at = REPLY_BODY.find("attempts\":2").expect("in the body") + 10;
    tampered[at] = b'3';
    assert_eq!(
        verify_signature(SECRET, &tampered, &header(REPLY_SHA1)),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        verify_signature(
            b"8f1c2d3e4a5b6c7e",
            REPLY_BODY.as_bytes(),
            &header(REPLY_SHA1)
        ),
        Err(WebhookError::SignatureMismatch)
    );
    // The same JSON, re-serialized (spacing and key order change): never verify parsed JSON.
    let reserialized =
        serde_json::to_vec(&serde_json::from_str::<Value>(PING_BODY).expect("JSON")).expect("JSON");
    assert_eq!(
        verify_signature(SECRET, &reserialized, &header(PING_SHA1)),
        Err(WebhookError::SignatureMismatch)
    );
    // A body with the signature of another one.
    assert_eq!(
        verify_signature(SECRET, PING_BODY.as_bytes(), &header(REPLY_SHA1)),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn header_forms() {
    let body = REPLY_BODY.as_bytes();
    let ok = |h: &str| verify_signature(SECRET, body, h);
    // Upper-case hex and prefix, and whitespace around the value, are fine.
    assert_eq!(ok(&header(&REPLY_SHA1.to_uppercase())), Ok(()));
    assert_eq!(ok(&format!("SHA1={REPLY_SHA1}")), Ok(()));
    assert_eq!(ok(&format!("  sha1={REPLY_SHA1}\t\r\n")), Ok(()));
    // Whitespace inside the value is not.
    for bad in [
        format!("sha1= {REPLY_SHA1}"),
        format!("sha1 ={REPLY_SHA1}"),
        format!("sha1={} {}", &REPLY_SHA1[..20], &REPLY_SHA1[20..]),
    ] {
        assert!(
            matches!(ok(&bad), Err(WebhookError::MalformedSignature(_))),
            "{bad:?}: {:?}",
            ok(&bad)
        );
    }
    // Another algorithm's prefix, or none.
    assert_eq!(
        ok(&format!("sha256={REPLY_FIN_SHA256}")),
        Err(WebhookError::WrongScheme {
            found: "sha256".into(),
            expected: "sha1"
        })
    );
    assert!(matches!(
        ok(REPLY_SHA1),
        Err(WebhookError::MalformedSignature(_))
    ));
    assert!(matches!(
        ok(&format!("sha1:{REPLY_SHA1}")),
        Err(WebhookError::MalformedSignature(_))
    ));
    // Too short, too long, not hex.
    for bad in [
        header(&REPLY_SHA1[..39]),
        header(&format!("{REPLY_SHA1}0")),
        header(&REPLY_SHA1.replace('a', "g")),
        "sha1=".to_owned(),
    ] {
        assert!(
            matches!(ok(&bad), Err(WebhookError::MalformedSignature(_))),
            "{bad:?}"
        );
    }
    // Missing.
    assert_eq!(ok(""), Err(WebhookError::MissingSignature));
    assert_eq!(ok("   "), Err(WebhookError::MissingSignature));
    assert_eq!(
        Notification::verify_and_parse(SECRET, None, body),
        Err(WebhookError::MissingSignature)
    );
    // An empty secret is refused whatever the header.
    assert_eq!(
        verify_signature(b"", b"", &header(EMPTY_SHA1)),
        Err(WebhookError::EmptySecret)
    );
    assert!(WebhookError::EmptySecret.is_signature_error());
    assert!(WebhookError::SignatureMismatch.is_signature_error());
}

#[test]
fn fin_agent_signatures_are_sha256_with_their_own_secret() {
    let body = REPLY_BODY.as_bytes();
    assert_eq!(
        verify_fin_agent_signature(FIN_SECRET, body, REPLY_FIN_SHA256),
        Ok(())
    );
    assert_eq!(
        verify_fin_agent_signature(FIN_SECRET, body, &format!("sha256={REPLY_FIN_SHA256}")),
        Ok(())
    );
    assert_eq!(
        verify_fin_agent_signature(FIN_SECRET, PING_BODY.as_bytes(), PING_FIN_SHA256),
        Ok(())
    );
    assert_eq!(
        verify_fin_agent_signature(SECRET, body, REPLY_FIN_SHA256),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        verify_fin_agent_signature(FIN_SECRET, body, &header(REPLY_SHA1)),
        Err(WebhookError::WrongScheme {
            found: "sha1".into(),
            expected: "sha256"
        })
    );
    // Docs show a 40-digit value after `sha256=`: not a SHA-256.
    assert!(matches!(
        verify_fin_agent_signature(FIN_SECRET, body, &format!("sha256={REPLY_SHA1}")),
        Err(WebhookError::MalformedSignature(_))
    ));
    // RFC 4231 test case 2.
    assert_eq!(
        verify_fin_agent_signature(
            b"Jefe",
            b"what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        Ok(())
    );
}

#[test]
fn verify_and_parse_checks_before_parsing() {
    let n =
        Notification::verify_and_parse(SECRET, Some(&header(REPLY_SHA1)), REPLY_BODY.as_bytes())
            .expect("signed notification");
    assert_eq!(n.topic, Topic::ConversationUserReplied);
    assert_eq!(n.delivery_attempts, Some(2));
    assert_eq!(n.first_sent_at.map(|t| t.as_unix()), Some(1_767_225_541));
    // A body that is not even JSON, signed: the signature passes, parsing fails.
    let junk = b"not json";
    assert!(matches!(
        Notification::verify_and_parse(SECRET, Some(&sign(SECRET, junk)), junk),
        Err(WebhookError::InvalidNotification { .. })
    ));
    // Unsigned junk never reaches the parser.
    assert_eq!(
        Notification::verify_and_parse(SECRET, Some(&header(PING_SHA1)), junk),
        Err(WebhookError::SignatureMismatch)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// No input makes verification panic, and only the right signature verifies.
    #[test]
    fn verification_never_panics(
        secret in prop::collection::vec(any::<u8>(), 0..80),
        body in prop::collection::vec(any::<u8>(), 0..300),
        header in prop_oneof![
            any::<String>(),
            "[ \t]{0,2}(sha1|SHA1|sha256|md5|)[=:]?[0-9a-fA-Fg ]{0,70}[ \t]{0,2}",
            "sha1=[0-9a-f]{40}",
        ],
    ) {
        let outcome = verify_signature(&secret, &body, &header);
        let fin = verify_fin_agent_signature(&secret, &body, &header);
        if secret.is_empty() {
            prop_assert_eq!(outcome, Err(WebhookError::EmptySecret));
            prop_assert_eq!(fin, Err(WebhookError::EmptySecret));
        } else {
            prop_assert!(outcome.is_err() || header.trim().eq_ignore_ascii_case(&sign(&secret, &body)));
            prop_assert_eq!(verify_signature(&secret, &body, &sign(&secret, &body)), Ok(()));
        }
        let _ = Notification::verify_and_parse(&secret, Some(&header), &body);
    }

    /// Flipping any bit of the body or the signature breaks verification.
    #[test]
    fn any_bit_flip_is_detected(
        body in prop::collection::vec(any::<u8>(), 1..200),
        bit in any::<prop::sample::Index>(),
        in_signature in any::<bool>(),
    ) {
        let good = sign(SECRET, &body);
        if in_signature {
            // Flip one bit of one hex digit's value.
            let digits: Vec<u8> = good["sha1=".len()..].bytes().collect();
            let i = bit.index(digits.len());
            let value = u8::from_str_radix(std::str::from_utf8(&digits[i..=i]).unwrap(), 16).unwrap() ^ 1;
            let mut flipped = good.clone().into_bytes();
            flipped["sha1=".len() + i] = format!("{value:x}").as_bytes()[0];
            let flipped = String::from_utf8(flipped).unwrap();
            prop_assert_eq!(verify_signature(SECRET, &body, &flipped), Err(WebhookError::SignatureMismatch));
        } else {
            let mut tampered = body.clone();
            let i = bit.index(tampered.len() * 8);
            tampered[i / 8] ^= 1 << (i % 8);
            prop_assert_eq!(verify_signature(SECRET, &tampered, &good), Err(WebhookError::SignatureMismatch));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Envelopes, one per item type.
// ---------------------------------------------------------------------------------------------

/// A notification around `item`, as Intercom sends it (made-up ids).
fn envelope(topic: &str, item: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "type": "notification_event",
        "app_id": "q3xk9w2p",
        "id": "notif_0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
        "topic": topic,
        "created_at": 1_767_225_600,
        "delivery_status": null,
        "delivery_attempts": 1,
        "delivered_at": 0,
        "first_sent_at": 1_767_225_601,
        "links": {},
        "self": null,
        "data": {"type": "notification_event_data", "item": item},
    }))
    .expect("JSON")
}

/// Parses a signed envelope and decodes its item.
fn item_of(topic: &str, item: Value) -> (Notification, WebhookItem) {
    let body = envelope(topic, item);
    let n = Notification::verify_and_parse(SECRET, Some(&sign(SECRET, &body)), &body)
        .expect("a notification");
    let decoded = n.item().expect("the item decodes");
    (n, decoded)
}

#[test]
fn conversation_with_numeric_ids() {
    let (n, item) = item_of(
        "conversation.user.replied",
        json!({
            "type": "conversation",
            "id": 215_469_871_234_567u64,
            "created_at": 1_767_225_000,
            "updated_at": 1_767_225_600,
            "state": "open",
            "open": true,
            "admin_assignee_id": "814860",
            "source": {"type": "conversation", "id": 3_012_345_678u64, "delivered_as": "customer_initiated"},
            "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": "65a1f0c2e4b0a1b2c3d4e5f6"}]},
            "conversation_parts": {
                "type": "conversation_part.list",
                "conversation_parts": [{
                    "type": "conversation_part", "id": 40_112_233, "part_type": "comment",
                    "body": "<p>Still seeing the error after the update.</p>", "created_at": 1_767_225_600,
                    "author": {"type": "user", "id": "65a1f0c2e4b0a1b2c3d4e5f6"}
                }],
                "total_count": "1"
            },
            "a_field_from_the_future": {"nested": [1, 2, 3]}
        }),
    );
    assert_eq!(n.topic, Topic::ConversationUserReplied);
    assert_eq!(n.app_id.as_deref(), Some("q3xk9w2p"));
    let WebhookItem::Conversation(c) = item else {
        panic!("{item:?}")
    };
    assert_eq!(c.id.as_deref(), Some("215469871234567"));
    assert_eq!(c.admin_assignee_id, Some(814_860));
    let parts = c.conversation_parts.expect("parts");
    assert_eq!(
        parts.conversation_parts.expect("parts")[0].id.as_deref(),
        Some("40112233")
    );
    assert_eq!(parts.total_count, Some(1));
}

#[test]
fn contact_and_merged_contact() {
    let (_, item) = item_of(
        "contact.user.created",
        json!({
            "type": "contact", "id": "65a1f0c2e4b0a1b2c3d4e5f6", "external_id": 42,
            "workspace_id": "q3xk9w2p", "role": "user", "email": "ada@example.com",
            "name": "Ada", "created_at": 1_767_225_000, "custom_attributes": {"plan": "pro", "seats": 5}
        }),
    );
    let WebhookItem::Contact(contact) = item else {
        panic!("{item:?}")
    };
    assert_eq!(contact.external_id.as_deref(), Some("42"));
    assert_eq!(contact.email.as_deref(), Some("ada@example.com"));

    let (n, item) = item_of(
        "contact.merged",
        json!({
            "type": "contact", "id": "5f2a1b3c4d5e6f7a8b9c0d1e", "role": "user",
            "merged_from": {"type": "contact", "id": "6a3b2c4d5e6f7a8b9c0d1e2f"}
        }),
    );
    assert!(matches!(item, WebhookItem::Contact(_)));
    // The contact model has no `merged_from`: it stays in the raw item.
    assert_eq!(
        n.data.item["merged_from"]["id"],
        json!("6a3b2c4d5e6f7a8b9c0d1e2f")
    );
}

#[test]
fn company_admin_ticket_and_visitor() {
    let (_, item) = item_of(
        "company.created",
        json!({
            "type": "company", "id": "531ee472cce572a6ec000006", "name": "Example Company Inc.",
            "company_id": 6, "remote_created_at": "1394531169", "created_at": 1_394_533_506,
            "updated_at": 1_396_874_658, "custom_attributes": {}
        }),
    );
    let WebhookItem::Company(company) = item else {
        panic!("{item:?}")
    };
    assert_eq!(company.company_id.as_deref(), Some("6"));
    assert_eq!(
        company.remote_created_at.map(|t| t.as_unix()),
        Some(1_394_531_169)
    );

    let (_, item) = item_of(
        "admin.away_mode_updated",
        json!({
            "type": "admin", "id": 1, "name": "John Doe", "email": "john.doe@example.com",
            "away_mode_enabled": true, "away_mode_reassign": "false", "has_inbox_seat": true, "team_ids": []
        }),
    );
    let WebhookItem::Admin(admin) = item else {
        panic!("{item:?}")
    };
    assert_eq!(admin.id.as_deref(), Some("1"));
    assert_eq!(admin.away_mode_reassign, Some(false));

    let ticket = json!({
        "type": "ticket", "id": 531, "ticket_id": "58", "open": true,
        "ticket_state": {"type": "ticket_state", "id": "7", "category": "in_progress", "internal_label": "In progress"},
        "ticket_attributes": {"_default_title_": "Refund", "priority": 2},
        "created_at": 1_767_225_000, "updated_at": 1_767_225_600
    });
    let (_, item) = item_of("ticket.created", ticket.clone());
    let WebhookItem::Ticket(t) = item else {
        panic!("{item:?}")
    };
    assert_eq!(
        (t.id.as_deref(), t.ticket_id.as_deref()),
        (Some("531"), Some("58"))
    );

    let (_, item) = item_of(
        "visitor.signed_up",
        json!({"type": "visitor", "id": "5f0c2a9e", "user_id": "8a88a590", "anonymous": false, "email": "v@example.com"}),
    );
    let WebhookItem::Visitor(v) = item else {
        panic!("{item:?}")
    };
    assert_eq!(v.user_id.as_deref(), Some("8a88a590"));
}

/// `ticket.closed` nests the ticket (API 2.15+); before, it sent the ticket itself.
#[test]
fn ticket_closed_in_both_shapes() {
    let ticket = json!({"type": "ticket", "id": "531", "ticket_id": 58, "open": false});
    let (_, item) = item_of(
        "ticket.closed",
        json!({"type": "ticket_closed_event", "ticket": ticket}),
    );
    let WebhookItem::TicketClosed(closed) = item else {
        panic!("{item:?}")
    };
    let inner = closed.ticket.expect("nested ticket");
    assert_eq!(inner.ticket_id.as_deref(), Some("58"));
    assert_eq!(inner.open, Some(false));

    let (_, item) = item_of("ticket.closed", ticket);
    let WebhookItem::Ticket(t) = item else {
        panic!("{item:?}")
    };
    assert_eq!(t.id.as_deref(), Some("531"));
}

#[test]
fn contact_tag_and_content_stat() {
    let (_, item) = item_of(
        "contact.lead.tag.created",
        json!({
            "type": "contact_tag", "created_at": 1_392_731_331,
            "tag": {"id": 1287, "name": "independent", "type": "tag"},
            "contact": {"type": "contact", "id": "1287ab1287fefe", "role": "lead"}
        }),
    );
    let WebhookItem::ContactTag(tagging) = item else {
        panic!("{item:?}")
    };
    assert_eq!(
        tagging.tag.as_ref().and_then(|t| t.id.as_deref()),
        Some("1287")
    );
    assert_eq!(
        tagging.contact.as_ref().and_then(|c| c.role.clone()),
        Some(ContactRole::Lead)
    );
    assert_eq!(tagging.created_at.map(|t| t.as_unix()), Some(1_392_731_331));

    let (_, item) = item_of(
        "content_stat.series",
        json!({
            "type": "content_stat.series",
            "created_at": "2025-10-11T15:01:07.000Z",
            "content_stat": {
                "id": 1, "content_type": "series", "content_id": 1, "stat_type": "receipt",
                "ruleset_id": 29, "content_title": "Untitled", "ruleset_version_id": -1, "receipt_id": 1,
                "tags": {"type": "list", "has_more": false, "data": [], "total_count": 0},
                "series_id": 1, "series_title": null, "node_id": 3
            },
            "contact": {"type": "contact", "id": "6318db7dfb80c614fe1792b5"}
        }),
    );
    let WebhookItem::ContentStat(stat) = item else {
        panic!("{item:?}")
    };
    let event = stat.content_stat.expect("content_stat");
    assert_eq!(event.ruleset_version_id.as_deref(), Some("-1"));
    assert_eq!(event.stat_type.as_deref(), Some("receipt"));
    assert_eq!(event.series_title, None);
    assert_eq!(stat.created_at.as_deref(), Some("2025-10-11T15:01:07.000Z"));
    assert!(stat.company.is_none());

    // Every `content_stat.*` item type, including the dotted `content_stat.series.webhook`.
    let (_, item) = item_of(
        "content_stat.series.webhook",
        json!({"type": "content_stat.series.webhook", "content_stat": {"stat_type": "failure"}}),
    );
    assert!(matches!(item, WebhookItem::ContentStat(_)), "{item:?}");
}

#[test]
fn deletions_are_minimal_payloads() {
    // Documented form (Preview topics).
    let (_, item) = item_of(
        "audience.deleted",
        json!({"type": "audience", "id": 123, "deleted": true}),
    );
    let WebhookItem::Deleted(d) = item else {
        panic!("{item:?}")
    };
    assert_eq!(
        (d.r#type.as_deref(), d.id.as_deref(), d.deleted),
        (Some("audience"), Some("123"), Some(true))
    );
    // Another deletion topic: never a contact with every field missing.
    let (n, item) = item_of(
        "contact.deleted",
        json!({"type": "contact", "id": "65a1f0c2e4b0a1b2c3d4e5f6", "external_id": "u-1"}),
    );
    assert!(matches!(item, WebhookItem::Deleted(_)), "{item:?}");
    assert_eq!(n.data.item["external_id"], json!("u-1"));
    // A deletion topic nobody knows yet, marked `deleted: true`.
    let (n, item) = item_of(
        "brand.deleted",
        json!({"type": "brand", "id": "9", "deleted": true}),
    );
    assert_eq!(n.topic, Topic::Unknown("brand.deleted".into()));
    assert!(matches!(item, WebhookItem::Deleted(_)), "{item:?}");
}

#[test]
fn ping_as_captured() {
    let n = Notification::verify_and_parse(SECRET, Some(&header(PING_SHA1)), PING_BODY.as_bytes())
        .expect("ping");
    assert!(n.is_ping());
    assert_eq!(n.id, None);
    assert_eq!(n.delivery_attempts, None);
    let WebhookItem::Ping(ping) = n.item().expect("item") else {
        panic!()
    };
    assert_eq!(ping.message.as_deref(), Some("Ping received"));
}

/// A topic, its item, and what the decoded item must be.
type Case = (&'static str, Value, fn(&WebhookItem) -> bool);

#[test]
fn the_other_item_types() {
    let cases: Vec<Case> = vec![
        (
            "article.published",
            json!({"type": "article", "id": 1234, "title": "Refunds", "state": "published", "author_id": "814860"}),
            |i| matches!(i, WebhookItem::Article(a) if a.id.as_deref() == Some("1234") && a.author_id == Some(814_860)),
        ),
        (
            "call.ended",
            json!({"type": "call", "id": 77, "conversation_id": 215_469_871_234_567u64, "state": "ended", "call_type": "phone"}),
            |i| matches!(i, WebhookItem::Call(c) if c.conversation_id.as_deref() == Some("215469871234567")),
        ),
        (
            "content_snippet.updated",
            json!({"type": "content_snippet", "id": 5, "title": "Opening hours", "locale": "en"}),
            |i| matches!(i, WebhookItem::ContentSnippet(s) if s.id.as_deref() == Some("5")),
        ),
        (
            "event.created",
            json!({"type": "event", "event_name": "invited-friend", "created_at": "1767225600", "user_id": 314, "metadata": {"invitee": "pi@example.org"}}),
            |i| matches!(i, WebhookItem::Event(e) if e.event_name == "invited-friend" && e.user_id.as_deref() == Some("314")),
        ),
        (
            "job.completed",
            json!({"type": "job", "id": 993, "status": "success", "resource_type": "ticket"}),
            |i| matches!(i, WebhookItem::Job(j) if j.id == "993"),
        ),
        (
            "conversation_part.tag.created",
            json!({"type": "conversation_part", "id": 40_112_233, "part_type": "comment", "body": "<p>Hi</p>"}),
            |i| matches!(i, WebhookItem::ConversationPart(p) if p.id.as_deref() == Some("40112233")),
        ),
        (
            "admin.activity_log_event.created",
            json!({"type": "activity_log", "id": 9, "activity_type": "admin_login_success", "created_at": 1_767_225_600}),
            |i| matches!(i, WebhookItem::ActivityLog(a) if a.id.as_deref() == Some("9")),
        ),
        (
            "audience.updated",
            json!({"type": "audience", "id": "123", "name": "VIP", "predicates": [], "created_at": 1_717_200_000}),
            |i| matches!(i, WebhookItem::Audience(a) if a.name.as_deref() == Some("VIP")),
        ),
        (
            "audience.member_added",
            json!({"type": "audience_membership", "audience_id": 123, "content": {"type": "article_content", "id": 456}}),
            |i| matches!(i, WebhookItem::AudienceMembership(m) if m.content.as_ref().and_then(|c| c.id.as_deref()) == Some("456")),
        ),
        (
            "content_import_source.created",
            json!({"type": "content_import_source", "id": "33", "last_synced_at": 1_734_537_259, "status": "active",
                   "url": "https://support.example.com/us/1", "sync_behavior": "automatic",
                   "created_at": 1_734_537_259, "updated_at": 1_734_537_259, "audience_ids": [5678]}),
            |i| matches!(i, WebhookItem::ContentImportSource(s) if s.id == 33),
        ),
        (
            "data_connector.execution.completed",
            json!({"type": "data_connector.execution", "id": 987_654_321, "action_id": "123456789",
                   "success": "false", "http_status": "400", "error_type": "request_configuration_error",
                   "execution_time_ms": 312, "completed_at": "2025-09-16T01:10:18.536Z", "source_type": "workflow"}),
            |i| {
                matches!(i, WebhookItem::DataConnectorExecution(e)
                if e.id.as_deref() == Some("987654321") && e.success == Some(false) && e.http_status == Some(400))
            },
        ),
        (
            "procedure.hitl_notification.created",
            json!({"type": "procedure.hitl_notification", "step_id": "d5b81f72", "procedure_name": "Refund Request",
                   "attributes_to_collect": [{"type": "data_attribute", "identifier": "workflow_local_variables.72c5",
                       "data_type": "list", "options": [{"id": "85f0", "label": "Defective"}]}],
                   "expires_at": null, "assign_to": {"type": "team", "id": 814_865, "name": "Support"},
                   "recent_messages": [{"type": "conversation_part", "id": 98765, "created_at": 1_699_999_800,
                       "author": {"type": "bot", "id": "814866", "name": "Fin", "email": null}}]}),
            |i| {
                matches!(i, WebhookItem::ProcedureHitlNotification(h)
                if h.step_id.as_deref() == Some("d5b81f72")
                    && h.attributes_to_collect.as_ref().is_some_and(|a| a[0].options.as_ref().is_some_and(|o| o.len() == 1)))
            },
        ),
    ];
    for (topic, item, expected) in cases {
        let (_, decoded) = item_of(topic, item);
        assert!(expected(&decoded), "{topic}: {decoded:?}");
    }
}

#[test]
fn unknown_topics_and_types() {
    // A topic nobody knows yet, with an item of a known type: decoded by its type.
    let (n, item) = item_of(
        "conversation.admin.frobbed",
        json!({"type": "conversation", "id": 1}),
    );
    assert_eq!(n.topic.as_str(), "conversation.admin.frobbed");
    assert!(!n.topic.is_known());
    assert!(matches!(item, WebhookItem::Conversation(_)), "{item:?}");
    // An unknown item type stays the JSON it was, under a known or an unknown topic.
    for topic in ["api.request.completed", "widget.spun"] {
        let raw = json!({"type": "api_request", "id": 5, "path": "/contacts", "nested": {"a": [1, null]}});
        let (_, item) = item_of(topic, raw.clone());
        let WebhookItem::Unknown(kept) = item else {
            panic!("{item:?}")
        };
        assert_eq!(kept, raw);
    }
    // The item's own type wins over the one the docs give the topic.
    let (_, item) = item_of(
        "conversation_part.redacted",
        json!({"type": "conversation", "id": "7"}),
    );
    assert!(matches!(item, WebhookItem::Conversation(_)), "{item:?}");
    // No `type`: the topic's documented one.
    let (_, item) = item_of("ticket.created", json!({"id": "531"}));
    assert!(matches!(item, WebhookItem::Ticket(_)), "{item:?}");
    // No `type`, undocumented topic: raw.
    let (_, item) = item_of("granular.subscribe", json!({"id": "1"}));
    assert!(matches!(item, WebhookItem::Unknown(_)), "{item:?}");
    // A non-string `type`: raw.
    let (_, item) = item_of("ticket.created", json!({"type": 7}));
    assert!(matches!(item, WebhookItem::Unknown(_)), "{item:?}");
}

#[test]
fn an_item_that_does_not_fit_is_an_error_with_its_path() {
    let body = envelope(
        "conversation.admin.closed",
        json!({"type": "conversation", "id": "1", "conversation_parts": {"conversation_parts": "none"}}),
    );
    let n = Notification::parse(&body).expect("envelope");
    let err = n.item().expect_err("a string where a list belongs");
    let WebhookError::InvalidItem {
        topic, kind, path, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(topic, "conversation.admin.closed");
    assert_eq!(*kind, "conversation");
    assert_eq!(path, "conversation_parts.conversation_parts");
    assert!(!err.is_signature_error());
    // The raw item is still there.
    assert_eq!(n.data.item["id"], json!("1"));
}

#[test]
fn envelopes() {
    // Plain serde.
    let n: Notification = serde_json::from_slice(REPLY_BODY.as_bytes()).expect("plain serde");
    assert_eq!(
        n.id.as_deref(),
        Some("notif_5f0c2a9e-7d41-4c6b-9b1a-2e8d3f6a7c10")
    );
    assert_eq!(n.data.r#type.as_deref(), Some("notification_event_data"));
    let WebhookItem::Conversation(c) = n.item().expect("item") else {
        panic!()
    };
    let c: Conversation = *c;
    assert_eq!(c.title.as_deref(), Some("Caf\u{e9} \u{2615}"));
    // Serializes and parses back to the same notification.
    let again = Notification::parse(&serde_json::to_vec(&n).expect("JSON")).expect("again");
    assert_eq!(again, n);

    // Lenient scalars in the envelope; no `data.type` (the Go fixture's form); unknown fields.
    let lenient = br#"{"type":"notification_event","topic":"company.updated","id":12,"delivery_attempts":"2","first_sent_at":"1767225601","created_at":1767225600.0,"extra":[1],"data":{"item":{"type":"company","id":"c1"}}}"#;
    let n = Notification::parse(lenient).expect("lenient");
    assert_eq!(
        serde_json::from_slice::<Notification>(lenient).expect("plain serde is lenient too"),
        n
    );
    assert_eq!(n.id.as_deref(), Some("12"));
    assert_eq!(n.delivery_attempts, Some(2));
    assert_eq!(n.first_sent_at.map(|t| t.as_unix()), Some(1_767_225_601));
    assert!(matches!(n.item(), Ok(WebhookItem::Company(_))));

    // Not a notification.
    for (body, path) in [
        (&b""[..], "."),
        (b"[]", "."),
        (b"{\"topic\":\"ping\"}", "."),
        (b"{\"data\":{}}", "."),
        (b"{\"topic\":\"ping\",\"data\":{}} trailing", "."),
        (
            b"{\"topic\":\"ping\",\"data\":{},\"delivery_attempts\":\"many\"}",
            "delivery_attempts",
        ),
    ] {
        match Notification::parse(body) {
            Err(WebhookError::InvalidNotification { path: at, .. }) => {
                assert_eq!(at, path, "{}", String::from_utf8_lossy(body));
            }
            other => panic!("{}: {other:?}", String::from_utf8_lossy(body)),
        }
    }
    // `data` without `item`: the item is `null`, which no model decodes.
    let n = Notification::parse(b"{\"topic\":\"ticket.created\",\"data\":{}}").expect("envelope");
    assert_eq!(n.data.item, Value::Null);
    assert!(matches!(n.item(), Err(WebhookError::InvalidItem { .. })));
}

#[test]
fn every_topic_round_trips_through_its_wire_name() {
    assert_eq!(Topic::KNOWN.len(), 124);
    let mut previous = "";
    for topic in Topic::KNOWN {
        let wire = topic.to_string();
        assert!(wire.as_str() > previous, "sorted and unique: {wire}");
        assert_eq!(wire.parse::<Topic>(), Ok(topic.clone()));
        assert_eq!(Topic::from(wire.as_str()), *topic);
        assert_eq!(serde_json::to_value(topic).expect("JSON"), json!(wire));
        assert!(topic.is_known());
        previous = topic.as_str();
    }
    for wire in [
        "ping",
        "conversation.admin.replied.translated",
        "content_stat.series.webhook",
        "contact.unarchive",
        "procedure.hitl_notification.created",
        "user.unsubscribed_from_sms",
    ] {
        assert!(
            wire.parse::<Topic>().expect("infallible").is_known(),
            "{wire}"
        );
    }
    let unknown: Topic = "Conversation.Admin.Replied".parse().expect("infallible");
    assert_eq!(unknown, Topic::Unknown("Conversation.Admin.Replied".into()));
    assert_eq!(unknown.to_string(), "Conversation.Admin.Replied");
}
