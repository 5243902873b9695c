//! What the crate's types accept beyond the exact JSON types: the one place for the rule.
//!
//! Intercom's OpenAPI description is not always exact about scalar types: ids documented as
//! strings arrive as numbers, counts arrive as `"12"`, flags as `"true"`. Every generated model
//! decodes each of its fields through [`Lenient`], so the coercions below hold wherever a model is
//! decoded: the client's responses, `serde_json::from_str` / `from_slice` / `from_value` on
//! stored payloads (webhooks, queues, fixtures), and inside serde's buffered types (untagged and
//! internally tagged enums, `#[serde(flatten)]`), whoever declared them.
//!
//! | the type                   | also accepts                 | result                  |
//! |----------------------------|------------------------------|-------------------------|
//! | `String`, string enums     | a number or bool             | its text (`1` → `"1"`)  |
//! | `i64`                      | a numeric string, `3.0`      | the integer             |
//! | `f64`                      | a numeric string             | the number              |
//! | `bool`                     | `"true"` / `"false"`         | the bool                |
//! | `Option<T>`, `Vec<T>`, maps, `Box<T>` | what `T` accepts  | (at any depth)          |
//!
//! A union chosen by the kind of JSON value gives a scalar of another kind to its first scalar
//! member that accepts it (an id `5` for a `String | Vec<i64>` union is `"5"`).
//!
//! Everything else must have its exact type, so genuinely wrong shapes still fail. Unknown
//! object keys, unknown values of response enums and `null` in optional fields are the models'
//! own rules (see [`json_object!`](crate::runtime::json_object) and
//! [`string_enum!`](crate::runtime::string_enum)). Decoding stays streaming: only coercions
//! allocate.
//!
//! Types without coercions of their own (models, `serde_json::Value`, [`Timestamp`], …)
//! implement [`Lenient`] with its default method, which is their `Deserialize`.
//!
//! The rest of the runtime names this module `crate::runtime::lenient`, as the macros do
//! (`$crate::runtime`), so a crate holding several copies of the runtime (the generator's
//! snapshot crate, one per fixture) still has one `Lenient` trait.
//!
//! [`Timestamp`]: crate::runtime::Timestamp

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::Value;

/// A type that decodes leniently: its `Deserialize`, plus the coercions of the module docs.
///
/// Generated models implement it with the default method (their fields are lenient already).
pub trait Lenient<'de>: Deserialize<'de> {
    /// Decodes a value, accepting the coercions of the module docs.
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

/// A [`DeserializeSeed`] that decodes a `T` with [`Lenient::deserialize_lenient`].
pub struct Seed<T>(PhantomData<fn() -> T>);

impl<T> Seed<T> {
    /// The seed.
    pub fn new() -> Seed<T> {
        Seed(PhantomData)
    }
}

impl<T> Clone for Seed<T> {
    fn clone(&self) -> Seed<T> {
        *self
    }
}

impl<T> Copy for Seed<T> {}

impl<'de, T: Lenient<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_lenient(deserializer)
    }
}

/// Decodes an already-parsed JSON value into `T`, leniently.
///
/// Generated union types call this after buffering a value and choosing the variant.
// Used by generated unions, which a subset of the resource features may leave out.
#[allow(dead_code)]
pub(crate) fn from_value<T: for<'de> Lenient<'de>>(value: Value) -> Result<T, serde_json::Error> {
    T::deserialize_lenient(value)
}

/// JSON text, borrowed from the input when possible: an object key, an enum value, a string
/// field. Numbers and booleans are taken as their text (`1` → `"1"`, `1.5` → `"1.5"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'de>(Cow<'de, str>);

impl<'de> Text<'de> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as an owned string (no copy when it already is one).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text<'de>, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(if v { "true" } else { "false" })))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text<'de>, E> {
        // `Debug` prints the shortest text that round-trips, like JSON does: `99.99`, `1.0`.
        Ok(Text(Cow::Owned(format!("{v:?}"))))
    }
}

impl<'de> Lenient<'de> for String {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        Text::deserialize(deserializer).map(Text::into_owned)
    }
}

impl<'de> Lenient<'de> for i64 {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// An `i64` from an integer, a whole float or a string holding either.
struct IntegerVisitor;

impl Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        whole(v).ok_or_else(|| E::invalid_type(Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse::<i64>()
            .ok()
            .or_else(|| v.parse::<f64>().ok().and_then(whole))
            .ok_or_else(|| E::invalid_type(Unexpected::Str(v), &self))
    }
}

/// `f` as an `i64`, if it is finite, has no fractional part and is in range.
fn whole(f: f64) -> Option<i64> {
    // -2^63 and 2^63 are exactly representable as f64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    // In range and integral, so the cast is exact.
    (f.is_finite() && f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f)).then_some(f as i64)
}

impl<'de> Lenient<'de> for f64 {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// An `f64` from a number or a string holding a finite one.
struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        v.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| E::invalid_type(Unexpected::Str(v), &self))
    }
}

impl<'de> Lenient<'de> for bool {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(BoolVisitor)
    }
}

/// A `bool` from a boolean or the strings `"true"` and `"false"`.
struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(E::invalid_type(Unexpected::Str(v), &self)),
        }
    }
}

impl Lenient<'_> for Value {}
impl Lenient<'_> for serde_json::Map<String, Value> {}

impl<'de, T: Lenient<'de>> Lenient<'de> for Box<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Box<T>, D::Error> {
        T::deserialize_lenient(deserializer).map(Box::new)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Option<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(deserializer).map(Some)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Vec<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient<'de>> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Trust a length hint only up to 1 MiB of elements, as serde does.
        let most = 1024 * 1024 / size_of::<T>().max(1);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(most));
        while let Some(item) = seq.next_element_seed(Seed::new())? {
            items.push(item);
        }
        Ok(items)
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Lenient<'de>> Lenient<'de> for BTreeMap<K, V> {
    fn deserialize_lenient<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<K, V>, D::Error> {
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

struct MapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K: Deserialize<'de> + Ord, V: Lenient<'de>> Visitor<'de> for MapVisitor<K, V> {
    type Value = BTreeMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, V>, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((key, value)) = map.next_entry_seed(PhantomData, Seed::new())? {
            out.insert(key, value);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Decodes `text` as `T` leniently, straight from the text.
    fn lenient<T: for<'de> Lenient<'de>>(text: &str) -> Result<T, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = T::deserialize_lenient(&mut de)?;
        de.end()?;
        Ok(value)
    }

    #[test]
    fn numbers_and_bools_become_strings() {
        assert_eq!(lenient::<String>("1").unwrap(), "1");
        assert_eq!(lenient::<String>("-7").unwrap(), "-7");
        assert_eq!(lenient::<String>("99.99").unwrap(), "99.99");
        assert_eq!(lenient::<String>("1.0").unwrap(), "1.0");
        assert_eq!(lenient::<String>("true").unwrap(), "true");
        assert_eq!(lenient::<String>("\"plain\"").unwrap(), "plain");
        assert_eq!(lenient::<String>(r#""a\"b""#).unwrap(), "a\"b");
        assert_eq!(
            lenient::<String>("18446744073709551615").unwrap(),
            "18446744073709551615"
        );
        assert!(lenient::<String>("null").is_err());
        assert!(lenient::<String>("[]").is_err());
        assert!(lenient::<String>("{}").is_err());
    }

    #[test]
    fn strings_and_whole_floats_become_integers() {
        assert_eq!(lenient::<i64>("\"12345\"").unwrap(), 12345);
        assert_eq!(lenient::<i64>("\"-5\"").unwrap(), -5);
        assert_eq!(lenient::<i64>("3.0").unwrap(), 3);
        assert_eq!(lenient::<i64>("-3.0").unwrap(), -3);
        assert_eq!(lenient::<i64>("\"42.0\"").unwrap(), 42);
        assert_eq!(lenient::<i64>("7").unwrap(), 7);
        assert_eq!(
            lenient::<i64>("\"-9223372036854775808\"").unwrap(),
            i64::MIN
        );
        // Genuinely wrong values still fail.
        assert!(lenient::<i64>("9223372036854775808").is_err());
        assert!(lenient::<i64>("\"9223372036854775808\"").is_err());
        assert!(lenient::<i64>("9223372036854775808.0").is_err());
        assert!(lenient::<i64>("3.5").is_err());
        assert!(lenient::<i64>("\"abc\"").is_err());
        assert!(lenient::<i64>("\"NaN\"").is_err());
        assert!(lenient::<i64>("\"inf\"").is_err());
        assert!(lenient::<i64>("true").is_err());
        assert!(lenient::<i64>("1e30").is_err());
        assert!(lenient::<i64>("null").is_err());
        let e = lenient::<i64>("\"three\"").unwrap_err();
        assert!(e.to_string().contains("three"), "{e}");
    }

    #[test]
    fn strings_become_floats_and_bools() {
        assert_eq!(lenient::<f64>("\"1.25\"").unwrap(), 1.25);
        assert_eq!(lenient::<f64>("\"-2\"").unwrap(), -2.0);
        assert_eq!(lenient::<f64>("3").unwrap(), 3.0);
        assert_eq!(lenient::<f64>("-3").unwrap(), -3.0);
        assert!(lenient::<f64>("\"inf\"").is_err());
        assert!(lenient::<f64>("\"x\"").is_err());
        assert!(lenient::<f64>("false").is_err());
        assert!(lenient::<bool>("\"true\"").unwrap());
        assert!(!lenient::<bool>("\"false\"").unwrap());
        assert!(lenient::<bool>("true").unwrap());
        assert!(lenient::<bool>("\"yes\"").is_err());
        assert!(lenient::<bool>("1").is_err());
    }

    #[test]
    fn containers_reach_their_values() {
        assert_eq!(lenient::<Option<i64>>("null").unwrap(), None);
        assert_eq!(lenient::<Option<i64>>("\"1\"").unwrap(), Some(1));
        assert_eq!(lenient::<Option<String>>("2").unwrap(), Some("2".into()));
        assert_eq!(
            lenient::<Vec<Option<String>>>("[1, null, \"x\", false]").unwrap(),
            [
                Some("1".into()),
                None,
                Some("x".into()),
                Some("false".into())
            ]
        );
        assert_eq!(
            lenient::<BTreeMap<String, Vec<i64>>>(r#"{"a": ["1", 2.0], "b": []}"#).unwrap(),
            BTreeMap::from([("a".to_string(), vec![1, 2]), ("b".to_string(), vec![])])
        );
        assert!(*lenient::<Box<bool>>("\"true\"").unwrap());
        assert!(lenient::<Vec<i64>>("[1, \"x\"]").is_err());
        assert!(lenient::<Vec<i64>>("{}").is_err());
        assert!(lenient::<BTreeMap<String, i64>>("[]").is_err());
        // JSON values are kept as sent.
        let text = r#"{"a":[1,"2",true,null,1.5,{"b":"c"}],"s":"x"}"#;
        assert_eq!(
            lenient::<Value>(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn from_value_is_lenient() {
        let pair: Vec<Option<i64>> = from_value(json!([null, "2", 3.0])).unwrap();
        assert_eq!(pair, [None, Some(2), Some(3)]);
        let s: String = from_value(json!(5)).unwrap();
        assert_eq!(s, "5");
        assert!(from_value::<Vec<i64>>(json!([[]])).is_err());
    }

    #[test]
    fn text_borrows_when_it_can() {
        let text: Text<'_> = serde_json::from_str("\"abc\"").unwrap();
        assert!(matches!(text.0, Cow::Borrowed("abc")));
        let escaped: Text<'_> = serde_json::from_str(r#""a\nb""#).unwrap();
        assert_eq!(escaped.as_str(), "a\nb");
        let number: Text<'_> = serde_json::from_str("12").unwrap();
        assert_eq!(number.into_owned(), "12");
    }
}
