//! Lenient JSON decoding of response bodies.
//!
//! Intercom's OpenAPI description is not always exact about scalar types: ids documented as
//! strings arrive as numbers, counts arrive as `"12"`, flags as `"true"`. [`Lenient`] is a
//! [`Deserializer`] adapter that wraps any deserializer (and, recursively, every sequence, map,
//! enum and nested value it produces) and coerces such scalars when the target type asks for
//! another scalar type:
//!
//! | target asks for            | input                      | result                  |
//! |----------------------------|----------------------------|-------------------------|
//! | string                     | number or bool             | its text (`1` → `"1"`)  |
//! | any integer width          | numeric string, `3.0`      | the integer             |
//! | `f32` / `f64`              | numeric string             | the float               |
//! | `bool`                     | `"true"` / `"false"`       | the bool                |
//!
//! Everything else is forwarded unchanged, so genuinely wrong shapes still fail. Decoding stays
//! streaming: no intermediate [`Value`] is built, and only coercions allocate.
//!
//! Limitation: serde's derived `#[serde(untagged)]`, internally tagged and `#[serde(flatten)]`
//! types buffer their input and then decode from the buffer without this adapter; types that
//! choose a variant after buffering should decode it with [`from_value`].

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_json::Value;

use super::error::{DecodeError, Error, Result};

/// Decodes a response body into `T`, leniently: string targets accept numbers and bools (as
/// their text), integer targets accept numeric strings and whole floats, float targets accept
/// numeric strings, and `bool` targets accept `"true"`/`"false"`, at any depth.
///
/// An empty or all-whitespace body decodes as JSON `null`. Trailing data after the JSON value is
/// rejected. Failures become [`Error::Decode`] carrying the JSON path of the failure (e.g.
/// `conversation_parts.conversation_parts[0].id`), the message and a snippet of the body.
pub fn decode_json<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
) -> Result<T> {
    let input: &[u8] = if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        b"null"
    } else {
        body
    };
    decode_lenient(input).map_err(|(path, e)| decode_error(operation, status, path, e, body))
}

/// Decodes JSON text into `T` with [`decode_json`]'s coercions; a failure comes with the JSON
/// path where it happened (`.` for the document itself). Also decodes `Client::execute`'s JSON
/// input, so requests and responses share one instantiation per type.
pub(crate) fn decode_lenient<T: DeserializeOwned>(
    input: &[u8],
) -> std::result::Result<T, (String, serde_json::Error)> {
    // Fast path without path tracking (which copies every object key): decoding is
    // deterministic, so on failure the same input is decoded again to learn where it failed.
    let mut de = serde_json::Deserializer::from_slice(input);
    if let Ok(value) = T::deserialize(Lenient::new(&mut de))
        && de.end().is_ok()
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let value: T = serde_path_to_error::deserialize(Lenient::new(&mut de)).map_err(|e| {
        let path = e.path().to_string();
        (path, e.into_inner())
    })?;
    de.end().map_err(|e| (".".to_owned(), e))?;
    Ok(value)
}

/// Decodes an already-parsed JSON value into `T`, with the same coercions as [`decode_json`].
///
/// Generated union types call this after buffering a value and choosing the variant.
pub fn from_value<T: DeserializeOwned>(value: Value) -> std::result::Result<T, serde_json::Error> {
    T::deserialize(Lenient::new(value))
}

fn decode_error(
    operation: &'static str,
    status: u16,
    path: String,
    error: serde_json::Error,
    body: &[u8],
) -> Error {
    DecodeError::new(operation, status, path, error.to_string(), body).into()
}

/// A [`Deserializer`] adapter that coerces mismatched scalars at every depth, as described for
/// [`decode_json`].
#[derive(Debug, Clone, Copy)]
pub struct Lenient<D> {
    de: D,
}

impl<D> Lenient<D> {
    /// Wraps `de`.
    pub fn new(de: D) -> Lenient<D> {
        Lenient { de }
    }
}

/// Which scalar type the target asked for, i.e. which coercions apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coerce {
    Nothing,
    ToStr,
    ToInt,
    ToFloat,
    ToBool,
}

/// Forwards `deserialize_*` methods to the inner deserializer with a wrapped visitor.
macro_rules! forward_wrapped {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.de.$method($($arg,)* Wrap::new(visitor, Coerce::Nothing))
        }
    )*};
}

/// Implements scalar `deserialize_*` methods as `deserialize_any` with a coercing visitor.
macro_rules! coerced {
    ($coerce:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.de.deserialize_any(Wrap::new(visitor, Coerce::$coerce))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    coerced!(ToStr: deserialize_str deserialize_string);
    coerced!(ToInt: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128);
    coerced!(ToInt: deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128);
    coerced!(ToFloat: deserialize_f32 deserialize_f64);
    coerced!(ToBool: deserialize_bool);

    forward_wrapped! {
        deserialize_any();
        deserialize_char();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    // Identifiers and ignored values never contain nested values to wrap.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A scalar parsed out of a string or float for a coercion.
enum Scalar {
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Bool(bool),
}

/// The coerced value of a string input, if `coerce` applies to it.
fn coerce_str(coerce: Coerce, s: &str) -> Option<Scalar> {
    match coerce {
        Coerce::ToInt => {
            if let Ok(u) = s.parse::<u64>() {
                Some(Scalar::U64(u))
            } else if let Ok(i) = s.parse::<i64>() {
                Some(Scalar::I64(i))
            } else if let Ok(u) = s.parse::<u128>() {
                Some(Scalar::U128(u))
            } else if let Ok(i) = s.parse::<i128>() {
                Some(Scalar::I128(i))
            } else {
                s.parse::<f64>().ok().and_then(integral)
            }
        }
        Coerce::ToFloat => s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Scalar::F64),
        Coerce::ToBool => match s {
            "true" => Some(Scalar::Bool(true)),
            "false" => Some(Scalar::Bool(false)),
            _ => None,
        },
        Coerce::Nothing | Coerce::ToStr => None,
    }
}

/// `f` as an integer, if it is finite, has no fractional part and fits in `u64` or `i64`.
fn integral(f: f64) -> Option<Scalar> {
    // 2^64 and -2^63 are exactly representable as f64.
    const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
    const MINUS_TWO_POW_63: f64 = -9_223_372_036_854_775_808.0;
    if !f.is_finite() || f.fract() != 0.0 {
        None
    } else if (0.0..TWO_POW_64).contains(&f) {
        // In range and integral, so the cast is exact.
        Some(Scalar::U64(f as u64))
    } else if (MINUS_TWO_POW_63..0.0).contains(&f) {
        Some(Scalar::I64(f as i64))
    } else {
        None
    }
}

/// A visitor wrapper that applies a coercion and wraps nested accessors in [`Lenient`].
struct Wrap<V> {
    visitor: V,
    coerce: Coerce,
}

impl<V> Wrap<V> {
    fn new(visitor: V, coerce: Coerce) -> Wrap<V> {
        Wrap { visitor, coerce }
    }
}

impl<'de, V: Visitor<'de>> Wrap<V> {
    fn visit_scalar<E: de::Error>(self, scalar: Scalar) -> Result<V::Value, E> {
        match scalar {
            Scalar::U64(v) => self.visitor.visit_u64(v),
            Scalar::I64(v) => self.visitor.visit_i64(v),
            Scalar::U128(v) => self.visitor.visit_u128(v),
            Scalar::I128(v) => self.visitor.visit_i128(v),
            Scalar::F64(v) => self.visitor.visit_f64(v),
            Scalar::Bool(v) => self.visitor.visit_bool(v),
        }
    }
}

/// Integer visits: forwarded, or turned into text when a string is wanted.
macro_rules! visit_int {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            match self.coerce {
                Coerce::ToStr => self.visitor.visit_string(v.to_string()),
                _ => self.visitor.$method(v),
            }
        }
    )*};
}

/// String visits: coerced when a number or bool is wanted and the text parses, else forwarded.
macro_rules! visit_text {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            match coerce_str(self.coerce, &v) {
                Some(scalar) => self.visit_scalar(scalar),
                None => self.visitor.$method(v),
            }
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        match self.coerce {
            Coerce::ToStr => self.visitor.visit_str(if v { "true" } else { "false" }),
            _ => self.visitor.visit_bool(v),
        }
    }

    visit_int!(visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64, visit_i128: i128);
    visit_int!(visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u64: u64, visit_u128: u128);

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<V::Value, E> {
        match self.coerce {
            Coerce::ToStr | Coerce::ToInt => self.visit_f64(f64::from(v)),
            _ => self.visitor.visit_f32(v),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        match self.coerce {
            // `Debug` prints the shortest text that round-trips, like JSON does: `99.99`, `1.0`.
            Coerce::ToStr => self.visitor.visit_string(format!("{v:?}")),
            Coerce::ToInt => match integral(v) {
                Some(scalar) => self.visit_scalar(scalar),
                None => self.visitor.visit_f64(v),
            },
            _ => self.visitor.visit_f64(v),
        }
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
        self.visitor.visit_char(v)
    }

    visit_text!(visit_str: &str, visit_borrowed_str: &'de str, visit_string: String);

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.visitor.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.visitor.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.visitor.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Lenient::new(d))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Lenient::new(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(LenientAccess(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(LenientAccess(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(LenientAccess(data))
    }
}

/// Wraps a [`DeserializeSeed`] so the value it deserializes goes through [`Lenient`].
struct LenientSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for LenientSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Lenient::new(d))
    }
}

/// Wraps a [`SeqAccess`], [`MapAccess`], [`EnumAccess`] or [`VariantAccess`] so every element,
/// key, value and variant payload goes through [`Lenient`].
struct LenientAccess<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for LenientAccess<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(LenientSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for LenientAccess<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(LenientSeed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(LenientSeed(seed))
    }

    fn next_entry_seed<K: DeserializeSeed<'de>, T: DeserializeSeed<'de>>(
        &mut self,
        kseed: K,
        vseed: T,
    ) -> Result<Option<(K::Value, T::Value)>, A::Error> {
        self.0
            .next_entry_seed(LenientSeed(kseed), LenientSeed(vseed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for LenientAccess<A> {
    type Error = A::Error;
    type Variant = LenientAccess<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(LenientSeed(seed))?;
        Ok((value, LenientAccess(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for LenientAccess<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(LenientSeed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0
            .tuple_variant(len, Wrap::new(visitor, Coerce::Nothing))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0
            .struct_variant(fields, Wrap::new(visitor, Coerce::Nothing))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::HashMap;

    fn decode<T: DeserializeOwned>(body: &str) -> Result<T> {
        decode_json("testOp", 200, body.as_bytes())
    }

    fn decode_err<T: DeserializeOwned + fmt::Debug>(body: &str) -> DecodeError {
        match decode::<T>(body) {
            Err(Error::Decode(e)) => *e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn numbers_and_bools_become_strings() {
        assert_eq!(decode::<String>("1").unwrap(), "1");
        assert_eq!(decode::<String>("-7").unwrap(), "-7");
        assert_eq!(decode::<String>("99.99").unwrap(), "99.99");
        assert_eq!(decode::<String>("1.0").unwrap(), "1.0");
        assert_eq!(decode::<String>("true").unwrap(), "true");
        assert_eq!(decode::<String>("\"plain\"").unwrap(), "plain");
        assert_eq!(
            decode::<String>("18446744073709551615").unwrap(),
            "18446744073709551615"
        );
    }

    #[test]
    fn strings_and_whole_floats_become_integers() {
        assert_eq!(decode::<i64>("\"12345\"").unwrap(), 12345);
        assert_eq!(decode::<i64>("\"-5\"").unwrap(), -5);
        assert_eq!(decode::<u32>("3.0").unwrap(), 3);
        assert_eq!(decode::<i8>("-3.0").unwrap(), -3);
        assert_eq!(decode::<u64>("\"42.0\"").unwrap(), 42);
        assert_eq!(
            decode::<u128>("\"340282366920938463463374607431768211455\"").unwrap(),
            u128::MAX
        );
        assert_eq!(
            decode::<i128>("\"-170141183460469231731687303715884105728\"").unwrap(),
            i128::MIN
        );
        assert_eq!(decode::<u16>("7").unwrap(), 7);
        // Genuinely wrong values still fail.
        assert!(decode::<u8>("\"300\"").is_err());
        assert!(decode::<u8>("-1").is_err());
        assert!(decode::<i64>("3.5").is_err());
        assert!(decode::<i64>("\"abc\"").is_err());
        assert!(decode::<i64>("\"NaN\"").is_err());
        assert!(decode::<i64>("true").is_err());
        assert!(decode::<i64>("1e30").is_err());
    }

    #[test]
    fn strings_become_floats_and_bools() {
        assert_eq!(decode::<f64>("\"1.25\"").unwrap(), 1.25);
        assert_eq!(decode::<f32>("\"-2\"").unwrap(), -2.0);
        assert_eq!(decode::<f64>("3").unwrap(), 3.0);
        assert!(decode::<f64>("\"inf\"").is_err());
        assert!(decode::<f64>("\"x\"").is_err());
        assert!(decode::<bool>("\"true\"").unwrap());
        assert!(!decode::<bool>("\"false\"").unwrap());
        assert!(decode::<bool>("\"yes\"").is_err());
        assert!(decode::<bool>("1").is_err());
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        id: String,
        count: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        items: Option<HashMap<String, Vec<Inner>>>,
        flag: bool,
        maybe: Option<i64>,
        tuple: (u8, String),
        kind: Kind,
        wrapped: Id,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Id(u64);

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Count(u32),
        Pair(String, u8),
        Named { n: i16 },
    }

    #[test]
    fn coercion_applies_at_every_depth() {
        let body = r#"{
            "items": {"a": [{"id": 1, "count": "2"}, {"id": "x", "count": 3.0, "extra": [1, {"z": 0}]}]},
            "flag": "true",
            "maybe": "9",
            "tuple": ["4", 5],
            "kind": {"pair": [6, "7"]},
            "wrapped": "8",
            "unknown": {"nested": "ignored"}
        }"#;
        let outer: Outer = decode(body).unwrap();
        let items = outer.items.as_ref().and_then(|m| m.get("a")).unwrap();
        assert_eq!(
            items[0],
            Inner {
                id: "1".into(),
                count: 2
            }
        );
        assert_eq!(
            items[1],
            Inner {
                id: "x".into(),
                count: 3
            }
        );
        assert!(outer.flag);
        assert_eq!(outer.maybe, Some(9));
        assert_eq!(outer.tuple, (4, "5".into()));
        assert_eq!(outer.kind, Kind::Pair("6".into(), 7));
        assert_eq!(outer.wrapped, Id(8));
    }

    #[test]
    fn enums_and_options() {
        assert_eq!(decode::<Kind>("\"plain\"").unwrap(), Kind::Plain);
        assert_eq!(decode::<Kind>(r#"{"count":"3"}"#).unwrap(), Kind::Count(3));
        assert_eq!(
            decode::<Kind>(r#"{"named":{"n":"-4"}}"#).unwrap(),
            Kind::Named { n: -4 }
        );
        assert_eq!(decode::<Option<u8>>("null").unwrap(), None);
        assert_eq!(decode::<Option<u8>>("\"1\"").unwrap(), Some(1));
        assert_eq!(decode::<Option<String>>("2").unwrap(), Some("2".into()));
        assert_eq!(decode::<Option<String>>("").unwrap(), None);
        assert_eq!(decode::<Option<String>>(" \n").unwrap(), None);
        assert_eq!(decode::<()>("").unwrap(), ());
        assert_eq!(
            decode::<HashMap<u32, String>>(r#"{"1": 2}"#).unwrap(),
            HashMap::from([(1, "2".to_string())])
        );
    }

    #[test]
    fn values_pass_through_unchanged() {
        let body = r#"{"a":[1,"2",true,null,1.5,{"b":"c"}],"s":"x"}"#;
        let value: Value = decode(body).unwrap();
        assert_eq!(value, serde_json::from_str::<Value>(body).unwrap());
    }

    #[test]
    fn errors_report_the_path() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct C {
            c: u32,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct B {
            b: Vec<C>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct A {
            a: B,
        }
        let e = decode_err::<A>(r#"{"a":{"b":[{"c":1},{"c":"2"},{"c":"three"}]}}"#);
        assert_eq!(e.path(), "a.b[2].c");
        assert!(e.message().contains("three"), "{}", e.message());
        assert_eq!(e.status(), 200);
        assert_eq!(e.operation(), "testOp");
        assert!(e.to_string().contains("a.b[2].c"));

        let e = decode_err::<A>(r#"{"a":{"b":[{"c":1}, "x"]}}"#);
        assert_eq!(e.path(), "a.b[1]");
        let e = decode_err::<A>(r#"{"a":{}}"#);
        assert!(e.message().contains("missing field `b`"), "{}", e.message());
    }

    #[test]
    fn trailing_garbage_and_bad_json_are_rejected() {
        let e = decode_err::<u32>("1 2");
        assert!(e.message().contains("trailing"), "{}", e.message());
        assert_eq!(e.body(), "1 2");
        decode_err::<Value>("{\"a\":1}}");
        let e = decode_err::<Value>("<html>oops</html>");
        assert_eq!(e.body(), "<html>oops</html>");
        decode_err::<Inner>("");
        decode_err::<Vec<u8>>("[1,");
        // Surrounding whitespace is fine.
        assert_eq!(decode::<u32>(" 5 \n").unwrap(), 5);
    }

    #[test]
    fn deep_nesting_fails_cleanly() {
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(decode::<Value>(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(decode::<Value>(&deep).is_err());
    }

    #[test]
    fn from_value_is_lenient() {
        let inner: Inner = from_value(json!({"id": 5, "count": "6"})).unwrap();
        assert_eq!(
            inner,
            Inner {
                id: "5".into(),
                count: 6
            }
        );
        let nested: Vec<Option<Kind>> = from_value(json!([null, {"count": 2.0}])).unwrap();
        assert_eq!(nested, vec![None, Some(Kind::Count(2))]);
        assert!(from_value::<Inner>(json!({"id": [], "count": 1})).is_err());
    }
}
