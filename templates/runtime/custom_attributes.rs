//! [`CustomAttributes`]: the `custom_attributes` object of contacts, companies, conversations
//! and tickets.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::timestamp::Timestamp;

/// Intercom custom attributes: a JSON object whose values are strings, numbers, booleans, dates
/// (unix seconds) or nested objects. The API description types them loosely, so this keeps the
/// JSON as it is and offers typed accessors that never panic: they return `None` when a value is
/// missing or of another type, and accept the forms Intercom is known to mix up (numbers sent as
/// strings, `"true"`/`"false"`).
///
/// Serializes and deserializes as the plain object. Dereferences to the underlying
/// [`serde_json::Map`] for everything else (`len`, `remove`, `iter`, `contains_key`, …).
///
/// ```ignore
/// use intercom_api::{CustomAttributes, Timestamp};
///
/// let attrs = CustomAttributes::new()
///     .with("plan", "pro")
///     .with("seats", 12)
///     .with("trial", false)
///     .with("paid_at", Timestamp::from_unix(1_734_536_043));
/// assert_eq!(attrs.get_i64("seats"), Some(12));
/// assert_eq!(attrs.get_timestamp("paid_at"), Some(Timestamp::from_unix(1_734_536_043)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomAttributes(Map<String, Value>);

impl CustomAttributes {
    /// No attributes.
    pub fn new() -> CustomAttributes {
        CustomAttributes(Map::new())
    }

    /// The raw value of an attribute.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// A string attribute. Numbers and booleans are not strings here (use the typed getters).
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// An integer attribute: an integer number, a whole float (`3.0`), or a string holding one
    /// (`"42"`, `"42.0"`), within `i64`.
    pub fn get_i64(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
            Value::String(s) => s
                .parse::<i64>()
                .ok()
                .or_else(|| s.parse::<f64>().ok().and_then(whole)),
            _ => None,
        }
    }

    /// A number attribute: any number, or a string holding a finite one (`"1.5"`).
    pub fn get_f64(&self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
    }

    /// A boolean attribute: `true`/`false`, or the strings `"true"`/`"false"`.
    pub fn get_bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A date attribute: unix seconds as a number (a float is truncated) or as a numeric
    /// string, or an RFC 3339 string; whatever a [`Timestamp`] field accepts when decoding.
    pub fn get_timestamp(&self, key: &str) -> Option<Timestamp> {
        Timestamp::deserialize(self.get(key)?).ok()
    }

    /// Sets an attribute, replacing any earlier value; returns `self` for chaining.
    ///
    /// Anything that converts into a [`Value`] works: `&str`, `String`, integers, floats, `bool`,
    /// [`Timestamp`] (as unix seconds), `Option<_>` (`None` as `null`), `Value`.
    pub fn set(
        &mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> &mut CustomAttributes {
        self.0.insert(key.into(), value.into());
        self
    }

    /// [`set`](CustomAttributes::set), by value: `CustomAttributes::new().with("plan", "pro")`.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> CustomAttributes {
        self.set(key, value);
        self
    }

    /// The underlying map.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }
}

/// `f` as an `i64`, if it is finite, whole and in range.
fn whole(f: f64) -> Option<i64> {
    // -2^63 and 2^63 are exactly representable as f64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    // In range and integral, so the cast is exact.
    (f.is_finite() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i64)
}

impl Deref for CustomAttributes {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl DerefMut for CustomAttributes {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0
    }
}

impl From<Map<String, Value>> for CustomAttributes {
    fn from(map: Map<String, Value>) -> CustomAttributes {
        CustomAttributes(map)
    }
}

impl From<CustomAttributes> for Map<String, Value> {
    fn from(attrs: CustomAttributes) -> Map<String, Value> {
        attrs.0
    }
}

impl From<CustomAttributes> for Value {
    fn from(attrs: CustomAttributes) -> Value {
        Value::Object(attrs.0)
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for CustomAttributes {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> CustomAttributes {
        CustomAttributes(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for CustomAttributes {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
    }
}

impl IntoIterator for CustomAttributes {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> serde_json::map::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a CustomAttributes {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> serde_json::map::Iter<'a> {
        self.0.iter()
    }
}

impl Serialize for CustomAttributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

// Values are kept as sent; the typed accessors are lenient.
impl crate::runtime::lenient::Lenient<'_> for CustomAttributes {}

impl<'de> Deserialize<'de> for CustomAttributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CustomAttributes, D::Error> {
        Map::deserialize(deserializer).map(CustomAttributes)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sample() -> CustomAttributes {
        match json!({
            "plan": "pro",
            "seats": 12,
            "seats_text": "12",
            "seats_float": 12.0,
            "seats_float_text": "12.0",
            "ratio": 0.75,
            "ratio_text": "0.75",
            "huge": 18_446_744_073_709_551_615_u64,
            "half": 2.5,
            "active": true,
            "active_text": "false",
            "paid_at": 1_734_536_043,
            "paid_at_text": "1734536043",
            "paid_at_float": 1_734_536_043.9,
            "paid_at_rfc3339": "2024-12-18T15:34:03Z",
            "nested": {"a": [1, 2]},
            "nothing": null,
            "inf_text": "inf",
        }) {
            Value::Object(map) => CustomAttributes::from(map),
            _ => CustomAttributes::new(),
        }
    }

    #[test]
    fn get_and_get_str() {
        let a = sample();
        assert_eq!(a.get("seats"), Some(&json!(12)));
        assert_eq!(a.get("missing"), None);
        assert_eq!(a.get_str("plan"), Some("pro"));
        assert_eq!(a.get_str("seats_text"), Some("12"));
        for key in ["seats", "active", "nested", "nothing", "missing"] {
            assert_eq!(a.get_str(key), None, "{key}");
        }
    }

    #[test]
    fn get_i64() {
        let a = sample();
        for key in ["seats", "seats_text", "seats_float", "seats_float_text"] {
            assert_eq!(a.get_i64(key), Some(12), "{key}");
        }
        for key in [
            "plan",
            "ratio",
            "ratio_text",
            "huge",
            "half",
            "active",
            "nested",
            "nothing",
            "missing",
            "inf_text",
        ] {
            assert_eq!(a.get_i64(key), None, "{key}");
        }
    }

    #[test]
    fn get_f64() {
        let a = sample();
        assert_eq!(a.get_f64("ratio"), Some(0.75));
        assert_eq!(a.get_f64("ratio_text"), Some(0.75));
        assert_eq!(a.get_f64("seats"), Some(12.0));
        assert_eq!(a.get_f64("seats_text"), Some(12.0));
        assert_eq!(
            a.get_f64("huge"),
            Some(18_446_744_073_709_551_615_u64 as f64)
        );
        for key in ["plan", "active", "nested", "nothing", "missing", "inf_text"] {
            assert_eq!(a.get_f64(key), None, "{key}");
        }
    }

    #[test]
    fn get_bool() {
        let a = sample();
        assert_eq!(a.get_bool("active"), Some(true));
        assert_eq!(a.get_bool("active_text"), Some(false));
        for key in ["plan", "seats", "nested", "nothing", "missing"] {
            assert_eq!(a.get_bool(key), None, "{key}");
        }
    }

    #[test]
    fn get_timestamp() {
        let a = sample();
        let t = Timestamp::from_unix(1_734_536_043);
        for key in [
            "paid_at",
            "paid_at_text",
            "paid_at_float",
            "paid_at_rfc3339",
        ] {
            assert_eq!(a.get_timestamp(key), Some(t), "{key}");
        }
        for key in ["plan", "active", "nested", "nothing", "missing", "huge"] {
            assert_eq!(a.get_timestamp(key), None, "{key}");
        }
    }

    #[test]
    fn setters_and_serde() {
        let t = Timestamp::from_unix(1_734_536_043);
        let mut a = CustomAttributes::new()
            .with("plan", "pro")
            .with("seats", 3)
            .with("paid_at", t);
        a.set("trial", false)
            .set("seats", 4)
            .set("note", None::<String>);
        assert_eq!(a.get_i64("seats"), Some(4));
        assert_eq!(a.get_timestamp("paid_at"), Some(t));
        assert_eq!(a.get_bool("trial"), Some(false));
        let text = serde_json::to_string(&a).expect("encodes");
        // (Compared as values: the key order depends on serde_json's `preserve_order`.)
        assert_eq!(
            serde_json::from_str::<Value>(&text).expect("valid JSON"),
            json!({"note": null, "paid_at": 1_734_536_043, "plan": "pro", "seats": 4, "trial": false})
        );
        let back: CustomAttributes = serde_json::from_str(&text).expect("decodes");
        assert_eq!(back, a);
        // Leniency is the accessors' job: values are kept as sent.
        let raw: CustomAttributes =
            crate::runtime::lenient::from_value(json!({"n": "1", "b": "true"})).expect("decodes");
        assert_eq!(raw.get("n"), Some(&json!("1")));
        assert!(serde_json::from_str::<CustomAttributes>("[1]").is_err());

        // Map access through `Deref`, iteration, collection.
        assert_eq!(a.len(), 5);
        assert!(a.contains_key("plan"));
        assert_eq!(a.remove("note"), Some(Value::Null));
        let mut keys: Vec<&String> = (&a).into_iter().map(|(k, _)| k).collect();
        keys.sort();
        assert_eq!(keys, ["paid_at", "plan", "seats", "trial"]);
        let collected: CustomAttributes = [("x", 1), ("y", 2)].into_iter().collect();
        assert_eq!(collected.get_i64("y"), Some(2));
        let mut extended = collected.clone();
        extended.extend([("z".to_owned(), json!("3"))]);
        assert_eq!(extended.get_i64("z"), Some(3));
        let mut owned: Vec<(String, Value)> = collected.into_iter().collect();
        owned.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            owned,
            [("x".to_owned(), json!(1)), ("y".to_owned(), json!(2))]
        );
        assert_eq!(Value::from(CustomAttributes::default()), json!({}));
        assert_eq!(Map::from(extended.clone()).len(), 3);
        assert_eq!(extended.into_inner().len(), 3);
    }
}
