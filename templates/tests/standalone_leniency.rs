//! The models are lenient on their own: `serde_json::from_str`, `from_slice` and `from_value`
//! accept exactly what the client's decoder (`intercom_api::decode_json`) accepts, for the
//! stable API and Preview: ids as numbers or strings, numeric strings, whole floats, `"true"`,
//! unknown fields, unseen enum values and `null` in optional fields, at any depth, inside the
//! generated unions, and inside serde's own untagged, internally tagged and flattened types
//! that a user wraps around the models (a webhook envelope, a queue message).
//!
//! (Every description example and its mutations are checked the same way by `spec_examples`
//! and `preview_examples`.)

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `json` as `T` four ways (`from_str`, `from_slice`, `from_value`, the client's
/// decoder), checks that they agree, and returns the value.
#[track_caller]
fn decode<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let text = json.to_string();
    let from_str: T = serde_json::from_str(&text).expect("serde_json::from_str");
    let from_slice: T = serde_json::from_slice(text.as_bytes()).expect("serde_json::from_slice");
    let from_value: T = serde_json::from_value(json.clone()).expect("serde_json::from_value");
    let client: T =
        intercom_api::decode_json("test", 200, text.as_bytes()).expect("the client's decoder");
    let encoded = serde_json::to_value(&from_str).expect("encodes");
    for (how, other) in [
        ("from_slice", &from_slice),
        ("from_value", &from_value),
        ("decode_json", &client),
    ] {
        assert_eq!(
            serde_json::to_value(other).expect("encodes"),
            encoded,
            "{how} disagrees with from_str"
        );
    }
    from_str
}

/// Checks that every way of decoding refuses `json` as a `T`.
#[track_caller]
fn refused<T: DeserializeOwned + std::fmt::Debug>(json: &Value) {
    let text = json.to_string();
    assert!(
        serde_json::from_str::<T>(&text).is_err(),
        "from_str took {json}"
    );
    assert!(
        serde_json::from_value::<T>(json.clone()).is_err(),
        "from_value took {json}"
    );
    assert!(
        intercom_api::decode_json::<T>("test", 200, text.as_bytes()).is_err(),
        "decode_json took {json}"
    );
}

/// The same tests for the models of one API (`intercom_api::models`, `…::preview::models`).
macro_rules! leniency_tests {
    ($api:ident, $($models:tt)*) => {
        mod $api {
            use super::*;
            use $($models)* as models;
            use intercom_api::Timestamp;

            #[test]
            fn ids_as_numbers_and_integers_as_strings() {
                let contacts: models::ContactList = decode(&json!({
                    "type": "list",
                    "total_count": "2",
                    "data": [
                        {"type": "contact", "id": 123, "external_id": 7, "email": "a@b.c"},
                        {"type": "contact", "id": "6762f0dd1bb69f9f2193bb99", "owner_id": 991267}
                    ]
                }));
                assert_eq!(contacts.total_count, Some(2));
                let data = contacts.data.expect("data");
                assert_eq!(data[0].id.as_deref(), Some("123"));
                assert_eq!(data[0].external_id.as_deref(), Some("7"));
                assert_eq!(data[1].id.as_deref(), Some("6762f0dd1bb69f9f2193bb99"));
                assert_eq!(data[1].owner_id.as_deref(), Some("991267"));
                // What is encoded again is the declared type: strings for ids.
                let again = serde_json::to_value(&data[0]).expect("encodes");
                assert_eq!(again["id"], json!("123"));

                let news: models::NewsItem = decode(&json!({"id": 33, "sender_id": "991267"}));
                assert_eq!((news.id.as_deref(), news.sender_id), (Some("33"), Some(991267)));
            }

            #[test]
            fn whole_floats_and_numeric_strings() {
                let news: models::NewsItem = decode(&json!({
                    "sender_id": 991267.0,
                    "created_at": 1734537245.0,
                    "updated_at": "1734537246"
                }));
                assert_eq!(news.sender_id, Some(991267));
                assert_eq!(news.created_at, Some(Timestamp::from_unix(1_734_537_245)));
                assert_eq!(news.updated_at, Some(Timestamp::from_unix(1_734_537_246)));
                let content: models::ArticleContent =
                    decode(&json!({"author_id": "42.0", "audience_ids": [1.0, "2", 3]}));
                assert_eq!(content.author_id, Some(42));
                assert_eq!(content.audience_ids, Some(vec![1, 2, 3]));
                let stats: models::ArticleStatistics = decode(&json!({
                    "happy_reaction_percentage": "42.5",
                    "neutral_reaction_percentage": 7,
                    "sad_reaction_percentage": 0.5
                }));
                assert_eq!(stats.happy_reaction_percentage, Some(42.5));
                assert_eq!(stats.neutral_reaction_percentage, Some(7.0));
                assert_eq!(stats.sad_reaction_percentage, Some(0.5));
            }

            #[test]
            fn booleans_as_strings_and_scalars_as_text() {
                let contact: models::Contact = decode(&json!({
                    "has_hard_bounced": "true",
                    "marked_email_as_spam": "false",
                    "unsubscribed_from_emails": true,
                    "name": 42,
                    "phone": 3.5
                }));
                assert_eq!(contact.has_hard_bounced, Some(true));
                assert_eq!(contact.marked_email_as_spam, Some(false));
                assert_eq!(contact.unsubscribed_from_emails, Some(true));
                assert_eq!(contact.name.as_deref(), Some("42"));
                assert_eq!(contact.phone.as_deref(), Some("3.5"));
                let news: models::NewsItem =
                    decode(&json!({"labels": [1, null, "x"], "deliver_silently": "true"}));
                assert_eq!(
                    news.labels,
                    Some(vec![Some("1".to_owned()), None, Some("x".to_owned())])
                );
                assert_eq!(news.deliver_silently, Some(true));
            }

            #[test]
            fn unknown_fields_unseen_enum_values_and_nulls() {
                let news: models::NewsItem = decode(&json!({
                    "id": "1",
                    "state": "scheduled",
                    "brand_new_field": {"nested": [1, {"x": null}]},
                    "newsfeed_assignments": [{"newsfeed_id": "5", "published_at": "1734537245", "surprise": true}],
                    "title": null,
                    "sender_id": null,
                    "labels": null
                }));
                assert_eq!(news.state.as_ref().map(|s| s.as_str()), Some("scheduled"));
                assert!(matches!(news.state, Some(models::NewsItemState::Unknown(_))));
                assert_eq!((news.title, news.sender_id, news.labels), (None, None, None));
                let assignment = &news.newsfeed_assignments.expect("assignments")[0];
                assert_eq!(assignment.newsfeed_id, Some(5));
                assert_eq!(assignment.published_at, Some(Timestamp::from_unix(1_734_537_245)));
                // An enum value given as a number is its text.
                let news: models::NewsItem = decode(&json!({"state": 3}));
                assert_eq!(news.state.as_ref().map(|s| s.as_str()), Some("3"));
                // A required list, absent or `null`, is empty; its required text is still required.
                let error: models::Error = decode(&json!({"type": "error.list", "errors": null}));
                assert!(error.errors.is_empty());
                let error: models::Error = decode(&json!({"type": "error.list"}));
                assert!(error.errors.is_empty());
                refused::<models::Error>(&json!({"type": null, "errors": []}));
            }

            #[test]
            fn wrong_shapes_still_fail() {
                refused::<models::Contact>(&json!({"id": []}));
                refused::<models::Contact>(&json!({"id": {"x": 1}}));
                refused::<models::Contact>(&json!({"has_hard_bounced": "yes"}));
                refused::<models::Contact>(&json!({"has_hard_bounced": 1}));
                refused::<models::NewsItem>(&json!({"sender_id": "abc"}));
                refused::<models::NewsItem>(&json!({"sender_id": 1.5}));
                refused::<models::NewsItem>(&json!({"sender_id": true}));
                refused::<models::ArticleStatistics>(&json!({"happy_reaction_percentage": "x"}));
                refused::<models::ContactList>(&json!({"data": {}}));
                refused::<models::ContactList>(&json!([]));
            }

            #[test]
            fn inside_the_generated_unions() {
                // Chosen by the `type` tag; the member decodes leniently.
                let page: models::PaginatedResponse = decode(&json!({
                    "type": "list",
                    "total_count": 2.0,
                    "data": [
                        {"type": "news-item", "id": 29, "sender_id": "991267", "deliver_silently": "false"},
                        {"type": "newsfeed", "id": 12, "name": "Product updates"},
                        {"type": "something-new", "id": 1}
                    ]
                }));
                assert_eq!(page.total_count, Some(2));
                let data = page.data.expect("data");
                let models::PaginatedResponseDataItem::NewsItem(news) = &data[0] else {
                    panic!("a news item: {:?}", data[0]);
                };
                assert_eq!(news.id.as_deref(), Some("29"));
                assert_eq!(news.sender_id, Some(991267));
                assert_eq!(news.deliver_silently, Some(false));
                let models::PaginatedResponseDataItem::Newsfeed(feed) = &data[1] else {
                    panic!("a newsfeed: {:?}", data[1]);
                };
                assert_eq!(feed.id.as_deref(), Some("12"));
                assert!(matches!(&data[2], models::PaginatedResponseDataItem::Unknown(v) if v["id"] == 1));

                // Chosen by the kind of JSON value: the list's integers are coerced, and an id
                // given as a number is taken by the string variant.
                type ValueId = models::TicketPartUpdatedAttributeDataValueId;
                let list: ValueId = decode(&json!(["1", 2.0, 3]));
                assert!(matches!(&list, ValueId::List(ids) if ids == &[1, 2, 3]), "{list:?}");
                let id: ValueId = decode(&json!(5));
                assert!(matches!(&id, ValueId::String(s) if s == "5"), "{id:?}");
                let other: ValueId = decode(&json!({"x": 1}));
                assert!(matches!(&other, ValueId::Unknown(_)), "{other:?}");
            }

            #[test]
            fn inside_translated_content() {
                let content: models::ArticleTranslatedContent = decode(&json!({
                    "type": "article_translated_content",
                    "en": {"title": 1, "author_id": "7", "created_at": 1734537245.0},
                    "fr": null
                }));
                let en = content.get("en").expect("en");
                assert_eq!(en.title.as_deref(), Some("1"));
                assert_eq!(en.author_id, Some(7));
                assert_eq!(en.created_at, Some(Timestamp::from_unix(1_734_537_245)));
                assert!(content.get("fr").is_none());
            }

            /// A queue message or webhook envelope a user declares around the models.
            #[derive(Debug, serde::Deserialize, Serialize)]
            struct Envelope {
                topic: String,
                #[serde(flatten)]
                contact: models::Contact,
            }

            #[derive(Debug, serde::Deserialize, Serialize)]
            #[serde(untagged)]
            enum ContactOrNews {
                News(Box<models::NewsItem>),
                Contact(Box<models::Contact>),
            }

            #[derive(Debug, serde::Deserialize, Serialize)]
            #[serde(tag = "type")]
            enum Item {
                #[serde(rename = "contact")]
                Contact(Box<models::Contact>),
                #[serde(rename = "news-item")]
                NewsItem(Box<models::NewsItem>),
            }

            #[test]
            fn inside_serde_flatten_untagged_and_internally_tagged_types() {
                let envelope: Envelope = decode(&json!({
                    "topic": "contact.created",
                    "id": 123,
                    "has_hard_bounced": "true",
                    "created_at": 1734537245.0,
                    "location": {"type": "location", "country": 353},
                    "surprise": [1]
                }));
                assert_eq!(envelope.topic, "contact.created");
                assert_eq!(envelope.contact.id.as_deref(), Some("123"));
                assert_eq!(envelope.contact.has_hard_bounced, Some(true));
                assert_eq!(envelope.contact.created_at, Some(Timestamp::from_unix(1_734_537_245)));
                let location = envelope.contact.location.as_ref().expect("location");
                assert_eq!(location.country.as_deref(), Some("353"));

                // Untagged: serde buffers the value, then tries each member in order.
                let news: ContactOrNews = decode(&json!({"sender_id": "5", "id": 1}));
                assert!(
                    matches!(&news, ContactOrNews::News(n) if n.sender_id == Some(5) && n.id.as_deref() == Some("1")),
                    "{news:?}"
                );

                // Internally tagged: serde buffers the value and removes the tag.
                let item: Item = decode(&json!({"type": "contact", "id": 9, "has_hard_bounced": "false"}));
                assert!(
                    matches!(&item, Item::Contact(c) if c.id.as_deref() == Some("9") && c.has_hard_bounced == Some(false)),
                    "{item:?}"
                );
                let item: Item = decode(&json!({"type": "news-item", "sender_id": 4.0, "state": "unheard_of"}));
                assert!(
                    matches!(&item, Item::NewsItem(n) if n.sender_id == Some(4) && n.state.as_ref().map(|s| s.as_str()) == Some("unheard_of")),
                    "{item:?}"
                );

                // The member's own rules still hold through serde's buffering.
                assert!(serde_json::from_value::<Envelope>(json!({"topic": "t", "id": []})).is_err());
                assert!(serde_json::from_value::<Item>(json!({"type": "contact", "has_hard_bounced": "yes"})).is_err());
            }

            #[test]
            fn failures_name_the_json_path() {
                let body = json!({"data": [{"id": "1"}, {"id": "2", "has_hard_bounced": "maybe"}]});
                let error = intercom_api::decode_json::<models::ContactList>("test", 200, body.to_string().as_bytes())
                    .expect_err("refused");
                let intercom_api::Error::Decode(decode) = error else {
                    panic!("a decode error: {error:?}");
                };
                assert_eq!(decode.path(), "data[1].has_hard_bounced");
                assert!(decode.message().contains("maybe"), "{}", decode.message());
            }
        }
    };
}

leniency_tests!(stable, intercom_api::models);
#[cfg(feature = "preview")]
leniency_tests!(preview, intercom_api::preview::models);
