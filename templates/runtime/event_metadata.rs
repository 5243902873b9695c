//! [`EventMetadata`]: the `metadata` of a data event, with the value kinds `POST /events`
//! documents.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::timestamp::Timestamp;

/// The metadata of a data event: up to [`MAX_KEYS`](Self::MAX_KEYS) keys, in the order they were
/// inserted, each with a [`MetadataValue`].
///
/// `POST /events` documents six kinds of value (text, number, date, link, rich link, monetary
/// amount). Intercom fixes the type of a metadata key the first time it sees it, so a number
/// sent as text stays text for good: build values with the right kind.
///
/// Serializes as a JSON object in insertion order, and refuses to serialize more than
/// [`MAX_KEYS`](Self::MAX_KEYS) keys (Intercom would silently drop the rest) or a nested object
/// or list that is neither a rich link nor a monetary amount (Intercom does not support nested
/// JSON there): a request holding them fails before it is sent. Deserializes any JSON object:
/// integers under a key ending in `_date` are [`MetadataValue::Date`]s, values of no documented
/// kind are kept as [`MetadataValue::Other`].
///
/// ```ignore
/// use intercom_api::{EventMetadata, MetadataValue, Timestamp};
///
/// let metadata = EventMetadata::new()
///     .with("source", "desktop")
///     .with("load", 3.67)
///     .with_date("contact", Timestamp::from_unix(1_392_036_272)) // key `contact_date`
///     .with("article", MetadataValue::rich_link("https://example.org/ab1de.html", "the dude abides"))
///     .with("price", MetadataValue::money(34_999, "eur"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventMetadata {
    entries: Vec<(String, MetadataValue)>,
}

/// One metadata value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MetadataValue {
    /// Text; also a link (an `http`/`https` URL), which Intercom shows as one.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Number(f64),
    /// A date, sent as unix seconds. Intercom reads a number as a date only under a key ending
    /// in `_date` ([`EventMetadata::with_date`] names the key so).
    Date(Timestamp),
    /// A link with a label: `{"url": …, "value": …}`.
    RichLink {
        /// The link's URL.
        url: String,
        /// The text shown for it.
        value: String,
    },
    /// A monetary amount: `{"amount": …, "currency": …}`.
    Money {
        /// The amount in cents (a positive integer: 34999 for €349.99).
        amount: i64,
        /// The ISO currency code (`eur`).
        currency: String,
    },
    /// A value of no documented kind, kept as it came.
    Other(Value),
}

impl MetadataValue {
    /// A rich link: `url` shown as `value`.
    pub fn rich_link(url: impl Into<String>, value: impl Into<String>) -> MetadataValue {
        MetadataValue::RichLink {
            url: url.into(),
            value: value.into(),
        }
    }

    /// A monetary amount of `amount_cents` in `currency` (`eur`, `usd`).
    pub fn money(amount_cents: i64, currency: impl Into<String>) -> MetadataValue {
        MetadataValue::Money {
            amount: amount_cents,
            currency: currency.into(),
        }
    }

    /// The text, for [`MetadataValue::Text`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            MetadataValue::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as JSON, as it is sent.
    pub fn to_json(&self) -> Value {
        match self {
            MetadataValue::Text(t) => Value::String(t.clone()),
            MetadataValue::Integer(i) => Value::from(*i),
            MetadataValue::Number(n) => Value::from(*n),
            MetadataValue::Date(t) => Value::from(t.as_unix()),
            MetadataValue::RichLink { url, value } => {
                serde_json::json!({ "url": url, "value": value })
            }
            MetadataValue::Money { amount, currency } => {
                serde_json::json!({ "amount": amount, "currency": currency })
            }
            MetadataValue::Other(v) => v.clone(),
        }
    }

    /// Reads a value found under `key` (which decides whether an integer is a date).
    pub fn from_json(key: &str, value: Value) -> MetadataValue {
        match value {
            Value::String(t) => MetadataValue::Text(t),
            Value::Number(n) => match n.as_i64() {
                Some(i) if key.ends_with("_date") => MetadataValue::Date(Timestamp::from_unix(i)),
                Some(i) => MetadataValue::Integer(i),
                None => match n.as_f64() {
                    Some(f) => MetadataValue::Number(f),
                    None => MetadataValue::Other(Value::Number(n)),
                },
            },
            Value::Object(map) => object_value(map),
            other => MetadataValue::Other(other),
        }
    }
}

/// A rich link or a monetary amount, if the object is exactly one.
fn object_value(map: Map<String, Value>) -> MetadataValue {
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    if map.len() == 2 {
        if let (Some(url), Some(value)) = (text("url"), text("value")) {
            return MetadataValue::RichLink { url, value };
        }
        if let (Some(amount), Some(currency)) =
            (map.get("amount").and_then(Value::as_i64), text("currency"))
        {
            return MetadataValue::Money { amount, currency };
        }
    }
    MetadataValue::Other(Value::Object(map))
}

impl From<&str> for MetadataValue {
    fn from(v: &str) -> MetadataValue {
        MetadataValue::Text(v.to_string())
    }
}

impl From<String> for MetadataValue {
    fn from(v: String) -> MetadataValue {
        MetadataValue::Text(v)
    }
}

impl From<i64> for MetadataValue {
    fn from(v: i64) -> MetadataValue {
        MetadataValue::Integer(v)
    }
}

impl From<i32> for MetadataValue {
    fn from(v: i32) -> MetadataValue {
        MetadataValue::Integer(i64::from(v))
    }
}

impl From<f64> for MetadataValue {
    fn from(v: f64) -> MetadataValue {
        MetadataValue::Number(v)
    }
}

impl From<Timestamp> for MetadataValue {
    fn from(v: Timestamp) -> MetadataValue {
        MetadataValue::Date(v)
    }
}

impl EventMetadata {
    /// How many metadata keys Intercom keeps per event: it ignores the keys after the tenth, in
    /// the order they are sent.
    pub const MAX_KEYS: usize = 10;

    /// No metadata.
    pub fn new() -> EventMetadata {
        EventMetadata::default()
    }

    /// Adds (or replaces, in place) the value of `key`.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<MetadataValue>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds a date under `name` followed by `_date` (unless it already ends so): Intercom reads
    /// a number as a date only under such a key.
    pub fn with_date(self, name: &str, at: Timestamp) -> Self {
        let key = if name.ends_with("_date") {
            name.to_string()
        } else {
            format!("{name}_date")
        };
        self.with(key, MetadataValue::Date(at))
    }

    /// Sets the value of `key`, keeping its position when it is already there; returns the old
    /// value.
    pub fn insert(
        &mut self,
        key: impl Into<String>,
        value: impl Into<MetadataValue>,
    ) -> Option<MetadataValue> {
        let key = key.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&MetadataValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<MetadataValue> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(i).1)
    }

    /// The keys and values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &MetadataValue)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>, V: Into<MetadataValue>> FromIterator<(K, V)> for EventMetadata {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> EventMetadata {
        let mut out = EventMetadata::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

impl<K: Into<String>, V: Into<MetadataValue>, const N: usize> From<[(K, V); N]> for EventMetadata {
    fn from(entries: [(K, V); N]) -> EventMetadata {
        entries.into_iter().collect()
    }
}

impl Serialize for EventMetadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.entries.len() > EventMetadata::MAX_KEYS {
            return Err(ser::Error::custom(format!(
                "event metadata holds {} keys; Intercom keeps only the first {} and silently \
                 drops the rest",
                self.entries.len(),
                EventMetadata::MAX_KEYS
            )));
        }
        if let Some((key, _)) = self
            .entries
            .iter()
            .find(|(_, v)| matches!(v, MetadataValue::Other(Value::Object(_) | Value::Array(_))))
        {
            return Err(ser::Error::custom(format!(
                "event metadata `{key}` is nested JSON, which Intercom does not support: use text, \
                 a number, a date, a rich link or a monetary amount"
            )));
        }
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, &v.to_json())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for EventMetadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EventMetadata, D::Error> {
        struct MetadataVisitor;

        impl<'de> Visitor<'de> for MetadataVisitor {
            type Value = EventMetadata;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of event metadata")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EventMetadata, A::Error> {
                let mut out = EventMetadata::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    let value = MetadataValue::from_json(&key, value);
                    out.insert(key, value);
                }
                Ok(out)
            }

            fn visit_unit<E: de::Error>(self) -> Result<EventMetadata, E> {
                Ok(EventMetadata::new())
            }
        }

        deserializer.deserialize_any(MetadataVisitor)
    }
}

// Every value is kept as its kind or as it came: its `Deserialize` is lenient already.
impl crate::runtime::lenient::Lenient<'_> for EventMetadata {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sends_each_documented_kind_in_order() {
        let metadata = EventMetadata::new()
            .with("source", "desktop")
            .with("load", 3.67)
            .with("seats", 12)
            .with_date("contact", Timestamp::from_unix(1_392_036_272))
            .with(
                "article",
                MetadataValue::rich_link("https://example.org/ab1de.html", "the dude abides"),
            )
            .with("price", MetadataValue::money(34_999, "eur"));
        assert_eq!(
            serde_json::to_string(&metadata).unwrap(),
            r#"{"source":"desktop","load":3.67,"seats":12,"contact_date":1392036272,"article":{"url":"https://example.org/ab1de.html","value":"the dude abides"},"price":{"amount":34999,"currency":"eur"}}"#
        );
    }

    #[test]
    fn reads_each_kind_back() {
        let text = r#"{"source":"desktop","load":3.67,"seats":12,"contact_date":1392036272,
            "article":{"url":"https://e.org/a","value":"v"},"price":{"amount":34999,"currency":"eur"},
            "flag":true,"nested":{"a":1}}"#;
        let metadata: EventMetadata = serde_json::from_str(text).unwrap();
        assert_eq!(
            metadata.get("source").and_then(MetadataValue::as_str),
            Some("desktop")
        );
        assert_eq!(metadata.get("load"), Some(&MetadataValue::Number(3.67)));
        assert_eq!(metadata.get("seats"), Some(&MetadataValue::Integer(12)));
        assert_eq!(
            metadata.get("contact_date"),
            Some(&MetadataValue::Date(Timestamp::from_unix(1_392_036_272)))
        );
        assert_eq!(
            metadata.get("article"),
            Some(&MetadataValue::rich_link("https://e.org/a", "v"))
        );
        assert_eq!(
            metadata.get("price"),
            Some(&MetadataValue::money(34_999, "eur"))
        );
        assert_eq!(
            metadata.get("flag"),
            Some(&MetadataValue::Other(json!(true)))
        );
        assert_eq!(
            metadata.get("nested"),
            Some(&MetadataValue::Other(json!({"a": 1})))
        );
        let keys: Vec<&str> = metadata.iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            [
                "source",
                "load",
                "seats",
                "contact_date",
                "article",
                "price",
                "flag",
                "nested"
            ]
        );
        // Nested JSON is read, but never sent; the rest goes out as it came in.
        let err = serde_json::to_string(&metadata).unwrap_err().to_string();
        assert!(err.contains("`nested` is nested JSON"), "{err}");
        let mut metadata = metadata;
        metadata.remove("nested");
        let again: Value = serde_json::to_value(&metadata).unwrap();
        let mut original: Value = serde_json::from_str(text).unwrap();
        original.as_object_mut().unwrap().remove("nested");
        assert_eq!(again, original);
    }

    #[test]
    fn refuses_to_send_more_keys_than_intercom_keeps() {
        let full: EventMetadata = (0..10).map(|i| (format!("k{i}"), i)).collect();
        assert!(serde_json::to_string(&full).is_ok());
        let over = full.with("k10", 10);
        let err = serde_json::to_string(&over).unwrap_err().to_string();
        assert!(err.contains("11 keys"), "{err}");
    }

    #[test]
    fn replaces_in_place_and_removes() {
        let mut metadata = EventMetadata::new().with("a", 1).with("b", 2);
        assert_eq!(metadata.insert("a", "x"), Some(MetadataValue::Integer(1)));
        assert_eq!(
            metadata.iter().next(),
            Some(("a", &MetadataValue::from("x")))
        );
        assert_eq!(metadata.remove("b"), Some(MetadataValue::Integer(2)));
        assert_eq!(metadata.len(), 1);
        assert!(!metadata.is_empty());
        assert_eq!(
            EventMetadata::new()
                .with_date("x_date", Timestamp::from_unix(1))
                .iter()
                .next()
                .map(|(k, _)| k),
            Some("x_date")
        );
        assert_eq!(
            serde_json::from_str::<EventMetadata>("null").unwrap(),
            EventMetadata::new()
        );
    }
}
