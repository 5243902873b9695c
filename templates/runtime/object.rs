//! Serde for generated models, written once here instead of derived per type.
//!
//! `#[derive(Serialize, Deserialize)]` on ~500 structs makes up most of the crate's compile time
//! (serde's derive emits a field enum, two visitors and sequence support for every struct). The
//! macros below emit only what JSON needs: a map visitor that matches keys as borrowed strings
//! and skips unknown ones, and a map serializer that leaves out absent optional fields. Measured
//! on a synthetic crate of 480 structs: `cargo check` 21 s with derives, 10 s with these.
//!
//! - [`json_object!`](crate::runtime::json_object) implements `Serialize`/`Deserialize` for a struct
//!   through the small generic helpers [`put`], [`put_some`], [`take`], [`skip`] and
//!   [`required`], with one `?` per object rather than one per field. Each field is
//!   one of:
//!
//!   | kind       | field type      | missing key    | `null`                 | serialized             |
//!   |------------|-----------------|----------------|------------------------|------------------------|
//!   | `required` | `T`             | error          | error (1)              | always                 |
//!   | `optional` | `Option<T>`     | `None`         | `None`                 | left out when `None`   |
//!   | `nullable` | `Option<T>`     | `None`         | `None`                 | `None` as `null`       |
//!   | `lenient`  | `T: Default`    | `T::default()` | `T::default()`         | always                 |
//!   | `patch`    | [`Nullable<T>`] | `Absent`       | `Null`                 | left out when `Absent` |
//!
//!   (1) Unless `T` itself accepts `null`, like `serde_json::Value` or `Option<_>`.
//!
//!   `lenient` is for required fields of response types whose type has a natural empty value
//!   (`Vec<_>`, maps, `serde_json::Value`, `serde_json::Map`), which Intercom sometimes leaves
//!   out or sends as `null`. `patch` is for request fields that can be left out, cleared with
//!   `null`, or set.
//!
//!   Every field value decodes through [`Lenient`] (ids as numbers, numeric strings, `"true"`,
//!   …), so the type's own `Deserialize` is lenient: `serde_json::from_str` accepts what the
//!   client accepts. Unknown keys are skipped. Request types decode the same way (what they
//!   send is exactly their fields' types).
//! - [`string_enum!`](crate::runtime::string_enum) implements `as_str`, `Display` and serde for a string enum: `open`
//!   enums keep values they do not know in their `Unknown(String)` variant (responses), `closed`
//!   ones reject them (requests). Both take numbers and booleans as their text.
//!
//! Both also implement [`Lenient`] for the type, so it can be a field of another.
//!
//! [`Nullable<T>`]: crate::runtime::Nullable

use serde::de::{self, MapAccess};
use serde::ser::{Serialize, SerializeMap};

use crate::runtime::lenient::{Lenient, Seed};

/// Writes one entry unless an earlier one failed. (Generated serializers call this once per
/// field and check the outcome once per object: far cheaper to compile than a `?` per field.)
pub fn put<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    outcome: &mut Result<(), M::Error>,
    key: &'static str,
    value: &T,
) {
    if outcome.is_ok() {
        *outcome = map.serialize_entry(key, value);
    }
}

/// [`put`] for an optional field: `None` is left out.
pub fn put_some<M: SerializeMap, T: Serialize>(
    map: &mut M,
    outcome: &mut Result<(), M::Error>,
    key: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        put(map, outcome, key, value);
    }
}

/// Reads the value of the current key into `slot`, leniently (the last of duplicate keys wins).
pub fn take<'de, A: MapAccess<'de>, T: Lenient<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value_seed(Seed::new())?);
    Ok(())
}

/// Skips the value of a key the type does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// The error text for a value that completes none of the "at least one of" field sets:
/// "at least one of `email`, `external_id` must be set" (sets of several fields joined by `+`).
// Used by generated request types, which a subset of the resource features may leave out.
#[allow(dead_code)]
pub fn one_of_message(sets: &[&[&str]]) -> String {
    let sets: Vec<String> = sets
        .iter()
        .map(|set| format!("`{}`", set.join("` + `")))
        .collect();
    format!("at least one of {} must be set", sets.join(", "))
}

/// A required field's value, or the "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// Implements `Serialize` and `Deserialize` for a generated struct; see the module docs.
///
/// ```ignore
/// json_object!(Tag {
///     id: "id" required,
///     name: "name" optional,
///     applied_at: "applied_at" nullable,
///     tags: "tags" lenient,
///     owner_id: "owner_id" patch,
/// });
/// ```
macro_rules! json_object {
    ($ty:ident { $($field:ident : $key:literal $kind:ident),* $(,)? }) => {
        $crate::runtime::json_object!($ty { $($field: $key $kind),* } one_of []);
    };
    (
        $ty:ident { $($field:ident : $key:literal $kind:ident),* $(,)? }
        one_of [$([$($one:ident),+]),*]
    ) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                let mut outcome = Ok(());
                $( $crate::runtime::json_object!(@ser $kind map outcome self.$field, $key); )*
                outcome?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a `", stringify!($ty), "` object"))
                    }

                    #[allow(unused_mut)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $( let mut $field = None; )*
                        while let Some(key) = map.next_key::<$crate::runtime::lenient::Text<'de>>()? {
                            match key.as_str() {
                                $( $key => $crate::runtime::object::take(&mut map, &mut $field), )*
                                _ => $crate::runtime::object::skip(&mut map),
                            }?;
                        }
                        let value = $ty { $( $field: $crate::runtime::json_object!(@finish $kind $field, $key), )* };
                        $crate::runtime::json_object!(@one_of value $([$($one),+]),*);
                        Ok(value)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }

        // Its fields are lenient already.
        impl $crate::runtime::lenient::Lenient<'_> for $ty {}
    };
    (@ser required $map:ident $outcome:ident $value:expr, $key:literal) => {
        $crate::runtime::object::put(&mut $map, &mut $outcome, $key, &$value)
    };
    (@ser nullable $map:ident $outcome:ident $value:expr, $key:literal) => {
        $crate::runtime::object::put(&mut $map, &mut $outcome, $key, &$value)
    };
    (@ser optional $map:ident $outcome:ident $value:expr, $key:literal) => {
        $crate::runtime::object::put_some(&mut $map, &mut $outcome, $key, &$value)
    };
    (@ser lenient $map:ident $outcome:ident $value:expr, $key:literal) => {
        $crate::runtime::object::put(&mut $map, &mut $outcome, $key, &$value)
    };
    (@ser patch $map:ident $outcome:ident $value:expr, $key:literal) => {
        if !$value.is_absent() {
            $crate::runtime::object::put(&mut $map, &mut $outcome, $key, &$value)
        }
    };
    // "At least one of these field sets": fails decoding when no set is complete.
    (@one_of $value:ident) => {};
    (@one_of $value:ident $([$($one:ident),+]),+) => {
        if !($( $( $value.$one.is_some() )&&+ )||+) {
            return Err(serde::de::Error::custom($crate::runtime::object::one_of_message(&[
                $( &[$( stringify!($one) ),+] ),+
            ])));
        }
    };
    (@finish required $field:ident, $key:literal) => {
        $crate::runtime::object::required($field, $key)?
    };
    (@finish optional $field:ident, $key:literal) => {
        $field.flatten()
    };
    (@finish nullable $field:ident, $key:literal) => {
        $field.flatten()
    };
    // The slot holds `Option<T>` (decoded from the value), so `null` is `Some(None)`.
    (@finish lenient $field:ident, $key:literal) => {
        $field.flatten().unwrap_or_default()
    };
    // The slot holds `Nullable<T>`, which decodes `null` as `Null`; a missing key is `Absent`.
    (@finish patch $field:ident, $key:literal) => {
        $field.unwrap_or_default()
    };
}

/// Implements `as_str`, `Display`, `Serialize` and `Deserialize` for a generated string enum;
/// `open` enums also get `From<&str>` (unknown values land in `Unknown(String)`), `closed` ones
/// `from_wire` (unknown values are `None`, and an error when decoding).
///
/// ```ignore
/// string_enum!(open Role { User = "user", Lead = "lead" });
/// ```
macro_rules! string_enum {
    (open $ty:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $ty {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        $crate::runtime::string_enum!(@common $ty);

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <$crate::runtime::lenient::Text<'de> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(text.as_str()))
            }
        }
    };
    (closed $ty:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $ty {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( Self::$variant => $wire, )*
                }
            }

            /// The variant for a wire value, if it is one of the known values.
            pub fn from_wire(value: &str) -> Option<Self> {
                match value {
                    $( $wire => Some(Self::$variant), )*
                    _ => None,
                }
            }
        }

        $crate::runtime::string_enum!(@common $ty);

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <$crate::runtime::lenient::Text<'de> as serde::Deserialize>::deserialize(deserializer)?;
                Self::from_wire(text.as_str()).ok_or_else(|| {
                    serde::de::Error::unknown_variant(text.as_str(), &[$($wire),*])
                })
            }
        }
    };
    (@common $ty:ident) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        // Its `Deserialize` takes numbers and booleans as their text already.
        impl $crate::runtime::lenient::Lenient<'_> for $ty {}
    };
}

#[allow(unused_imports)]
pub(crate) use {json_object, string_enum};

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq)]
    struct Sample {
        id: String,
        name: Option<String>,
        parent: Option<i64>,
        tags: Option<Vec<Role>>,
    }

    crate::runtime::json_object!(Sample {
        id: "id" required,
        name: "name" optional,
        parent: "parent" nullable,
        tags: "tags" optional,
    });

    #[derive(Debug, Clone, PartialEq)]
    enum Role {
        User,
        Lead,
        Unknown(String),
    }

    crate::runtime::string_enum!(open Role { User = "user", Lead = "lead" });

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Order {
        Asc,
        Desc,
    }

    crate::runtime::string_enum!(closed Order { Asc = "asc", Desc = "desc" });

    #[test]
    fn object_round_trip_and_absent_fields() {
        let s: Sample = serde_json::from_str(
            r#"{"id":"1","unknown":{"x":[1]},"parent":null,"tags":["user","admin"]}"#,
        )
        .expect("decodes");
        assert_eq!(
            s,
            Sample {
                id: "1".into(),
                name: None,
                parent: None,
                tags: Some(vec![Role::User, Role::Unknown("admin".into())]),
            }
        );
        assert_eq!(
            serde_json::to_string(&s).expect("encodes"),
            r#"{"id":"1","parent":null,"tags":["user","admin"]}"#
        );
    }

    #[test]
    fn object_errors() {
        let missing = serde_json::from_str::<Sample>(r#"{"name":"x"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Sample>("[1]").unwrap_err();
        assert!(wrong.to_string().contains("a `Sample` object"), "{wrong}");
        let null_required = serde_json::from_str::<Sample>(r#"{"id":null}"#).unwrap_err();
        assert!(
            null_required.to_string().contains("string"),
            "{null_required}"
        );
    }

    #[test]
    fn fields_and_enums_are_lenient_under_plain_serde() {
        let text = r#"{"id":12,"name":true,"parent":"5","tags":["user",7]}"#;
        let expected = Sample {
            id: "12".into(),
            name: Some("true".into()),
            parent: Some(5),
            tags: Some(vec![Role::User, Role::Unknown("7".into())]),
        };
        assert_eq!(serde_json::from_str::<Sample>(text).unwrap(), expected);
        assert_eq!(
            serde_json::from_slice::<Sample>(text.as_bytes()).unwrap(),
            expected
        );
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::from_value::<Sample>(value).unwrap(), expected);
        // What it encodes is exactly the field types.
        assert_eq!(
            serde_json::to_string(&expected).unwrap(),
            r#"{"id":"12","name":"true","parent":5,"tags":["user","7"]}"#
        );
        let parent = serde_json::from_str::<Sample>(r#"{"id":"1","parent":5.0}"#).unwrap();
        assert_eq!(parent.parent, Some(5));
        assert!(serde_json::from_str::<Sample>(r#"{"id":"1","parent":"x"}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"id":"1","tags":[null]}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"id":[]}"#).is_err());
        // Closed enums take numbers as text, and still refuse values they do not know.
        let err = serde_json::from_str::<Order>("1").unwrap_err();
        assert!(err.to_string().contains("unknown variant `1`"), "{err}");
    }

    #[test]
    fn object_decodes_from_value_and_escaped_keys() {
        let v = serde_json::json!({"id": "7", "name": "n"});
        let s: Sample = serde_json::from_value(v).expect("from value");
        assert_eq!(s.name.as_deref(), Some("n"));
        let s: Sample = serde_json::from_str(r#"{"\u0069d":"8"}"#).expect("escaped key");
        assert_eq!(s.id, "8");
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Listing {
        id: String,
        data: Vec<String>,
        meta: std::collections::BTreeMap<String, i64>,
        raw: serde_json::Value,
        attrs: serde_json::Map<String, serde_json::Value>,
    }

    crate::runtime::json_object!(Listing {
        id: "id" required,
        data: "data" lenient,
        meta: "meta" lenient,
        raw: "raw" lenient,
        attrs: "attrs" lenient,
    });

    #[test]
    fn lenient_fields_default_when_missing_or_null() {
        let empty = Listing {
            id: "1".into(),
            data: vec![],
            meta: Default::default(),
            raw: serde_json::Value::Null,
            attrs: Default::default(),
        };
        let missing: Listing = serde_json::from_str(r#"{"id":"1"}"#).expect("missing keys");
        assert_eq!(missing, empty);
        let null: Listing =
            serde_json::from_str(r#"{"id":"1","data":null,"meta":null,"raw":null,"attrs":null}"#)
                .expect("null values");
        assert_eq!(null, empty);
        // With a coerced id, too.
        let lenient: Listing =
            serde_json::from_value(serde_json::json!({"id": 1, "data": null, "meta": null}))
                .expect("from_value");
        assert_eq!(lenient, empty);
        // Serialized like `required`: always present.
        assert_eq!(
            serde_json::to_string(&empty).expect("encodes"),
            r#"{"id":"1","data":[],"meta":{},"raw":null,"attrs":{}}"#
        );

        let text =
            r#"{"id":"2","data":["a","b"],"meta":{"n":3},"raw":{"x":[1]},"attrs":{"k":true}}"#;
        let full: Listing = serde_json::from_str(text).expect("values");
        assert_eq!(full.data, ["a", "b"]);
        assert_eq!(full.meta.get("n"), Some(&3));
        assert_eq!(full.raw, serde_json::json!({"x": [1]}));
        assert_eq!(full.attrs.get("k"), Some(&serde_json::Value::Bool(true)));
        assert_eq!(serde_json::to_string(&full).expect("encodes"), text);

        // Wrong shapes still fail, and the `required` field is still required.
        assert!(serde_json::from_str::<Listing>(r#"{"id":"1","data":{}}"#).is_err());
        assert!(serde_json::from_str::<Listing>(r#"{"id":"1","meta":[1]}"#).is_err());
        assert!(serde_json::from_str::<Listing>(r#"{"data":[]}"#).is_err());
    }

    #[test]
    fn enums() {
        assert_eq!(Role::from("lead"), Role::Lead);
        assert_eq!(Role::Unknown("x".into()).as_str(), "x");
        assert_eq!(Role::User.to_string(), "user");
        assert_eq!(Order::from_wire("desc"), Some(Order::Desc));
        assert_eq!(Order::from_wire("up"), None);
        let err = serde_json::from_str::<Order>(r#""up""#).unwrap_err();
        assert!(err.to_string().contains("unknown variant `up`"), "{err}");
        assert_eq!(
            serde_json::to_string(&Order::Asc).expect("encodes"),
            r#""asc""#
        );
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Identified {
        email: Option<String>,
        external_id: Option<String>,
        name: Option<String>,
    }

    crate::runtime::json_object!(Identified {
        email: "email" optional,
        external_id: "external_id" optional,
        name: "name" optional,
    } one_of [[email], [external_id]]);

    #[test]
    fn one_of_requires_a_complete_set() {
        let ok: Identified = serde_json::from_str(r#"{"external_id":"x"}"#).expect("decodes");
        assert_eq!(ok.external_id.as_deref(), Some("x"));
        let err = serde_json::from_str::<Identified>(r#"{"name":"n"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("at least one of `email`, `external_id` must be set"),
            "{err}"
        );
        let err = serde_json::from_str::<Identified>(r#"{"email":null}"#).unwrap_err();
        assert!(err.to_string().contains("at least one of"), "{err}");
    }
}
