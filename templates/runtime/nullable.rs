//! [`Nullable`]: a request field that can be left out, sent as `null`, or set.
//!
//! Some Intercom update endpoints tell "leave this field alone" (key absent) apart from "clear
//! this field" (`null`). `Option<T>` cannot say both, so such fields are `Nullable<T>`, declared
//! with the `patch` field kind of [`json_object!`](crate::runtime::json_object): the key is left
//! out for [`Nullable::Absent`], written as `null` for [`Nullable::Null`] and as the value for
//! [`Nullable::Set`]; decoding gives `Absent` for a missing key, `Null` for `null` and `Set`
//! otherwise.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::runtime::lenient::Lenient;

/// A field that is left out ([`Absent`](Nullable::Absent), the default), sent as `null` to clear
/// a value ([`Null`](Nullable::Null)), or set to a value ([`Set`](Nullable::Set)).
///
/// ```ignore
/// use intercom_api::Nullable;
///
/// let keep: Nullable<String> = Nullable::Absent; // the key is not sent
/// let clear: Nullable<String> = Nullable::Null; // sent as `null`
/// let set: Nullable<String> = "VIP".to_owned().into(); // sent as `"VIP"`
/// let from_option: Nullable<String> = None.into(); // `None` is `Null`
/// # let _ = (keep, clear, set, from_option);
/// ```
///
/// On its own it serializes as the value for `Set` and as `null` otherwise; a struct field
/// declared `patch` leaves an `Absent` field's key out. It deserializes `null` as `Null` and any
/// other value as `Set`, so a missing key stays `Absent` (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Left out: the key is not sent, and the server keeps its current value.
    #[default]
    Absent,
    /// Sent as `null`: the server clears the value.
    Null,
    /// Sent as this value.
    Set(T),
}

impl<T> Nullable<T> {
    /// Whether this is [`Nullable::Absent`].
    pub const fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether this is [`Nullable::Null`].
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether this is [`Nullable::Set`].
    pub const fn is_set(&self) -> bool {
        matches!(self, Nullable::Set(_))
    }

    /// Borrows the value, keeping the state.
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Set(value) => Nullable::Set(value),
        }
    }

    /// Mutably borrows the value, keeping the state.
    pub fn as_mut(&mut self) -> Nullable<&mut T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Set(value) => Nullable::Set(value),
        }
    }

    /// The value if [`Set`](Nullable::Set); `None` for both `Absent` and `Null`.
    pub const fn value(&self) -> Option<&T> {
        match self {
            Nullable::Set(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Calls `update` on the value, first setting it to `default()` unless it was
    /// [`Set`](Nullable::Set).
    pub fn update_or_insert_with<D, U>(&mut self, default: D, update: U)
    where
        D: FnOnce() -> T,
        U: FnOnce(&mut T),
    {
        if let Nullable::Set(value) = self {
            update(value);
        } else {
            let mut value = default();
            update(&mut value);
            *self = Nullable::Set(value);
        }
    }

    /// The value if [`Set`](Nullable::Set); `None` for both `Absent` and `Null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Set(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Maps a [`Set`](Nullable::Set) value with `f`, keeping `Absent` and `Null` as they are.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Set(value) => Nullable::Set(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    /// [`Nullable::Set`].
    fn from(value: T) -> Nullable<T> {
        Nullable::Set(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some(v)` is [`Set(v)`](Nullable::Set), `None` is [`Null`](Nullable::Null).
    fn from(value: Option<T>) -> Nullable<T> {
        match value {
            Some(value) => Nullable::Set(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Set(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nullable<T>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for Nullable<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(deserializer: D) -> Result<Nullable<T>, D::Error> {
        Option::<T>::deserialize_lenient(deserializer).map(Nullable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Update {
        id: String,
        name: Nullable<String>,
        owner_id: Nullable<i64>,
        tags: Nullable<Vec<String>>,
    }

    crate::runtime::json_object!(Update {
        id: "id" required,
        name: "name" patch,
        owner_id: "owner_id" patch,
        tags: "tags" patch,
    });

    fn encode(u: &Update) -> String {
        serde_json::to_string(u).expect("encodes")
    }

    fn decode(s: &str) -> Update {
        serde_json::from_str(s).expect("decodes")
    }

    #[test]
    fn patch_fields_encode_three_states() {
        let absent = Update {
            id: "1".into(),
            ..Update::default()
        };
        assert_eq!(encode(&absent), r#"{"id":"1"}"#);
        let null = Update {
            id: "1".into(),
            name: Nullable::Null,
            owner_id: Nullable::Null,
            tags: Nullable::Null,
        };
        assert_eq!(
            encode(&null),
            r#"{"id":"1","name":null,"owner_id":null,"tags":null}"#
        );
        let set = Update {
            id: "1".into(),
            name: "Ann".to_owned().into(),
            owner_id: Nullable::Set(7),
            tags: Nullable::Set(vec![]),
        };
        assert_eq!(
            encode(&set),
            r#"{"id":"1","name":"Ann","owner_id":7,"tags":[]}"#
        );
        let mixed = Update {
            id: "2".into(),
            name: Nullable::Null,
            owner_id: Nullable::Absent,
            tags: Nullable::Set(vec!["a".into()]),
        };
        assert_eq!(encode(&mixed), r#"{"id":"2","name":null,"tags":["a"]}"#);
    }

    #[test]
    fn patch_fields_decode_three_states() {
        let u = decode(r#"{"id":"1","name":null,"owner_id":5,"x":1}"#);
        assert_eq!(
            u,
            Update {
                id: "1".into(),
                name: Nullable::Null,
                owner_id: Nullable::Set(5),
                tags: Nullable::Absent,
            }
        );
        // Leniently, under plain serde_json too: `"5"` is 5.
        let u: Update = serde_json::from_value(serde_json::json!({
            "id": 1, "name": "Bo", "owner_id": "5", "tags": null
        }))
        .expect("decodes leniently");
        assert_eq!(u.id, "1");
        assert_eq!(u.name, Nullable::Set("Bo".into()));
        assert_eq!(u.owner_id, Nullable::Set(5));
        assert_eq!(u.tags, Nullable::Null);
        for text in [
            r#"{"id":"1"}"#,
            r#"{"id":"1","name":null,"owner_id":null,"tags":null}"#,
            r#"{"id":"1","name":"Ann","owner_id":7,"tags":[]}"#,
            r#"{"id":"2","name":null,"tags":["a"]}"#,
        ] {
            assert_eq!(encode(&decode(text)), text);
        }
        assert!(serde_json::from_str::<Update>(r#"{"id":"1","tags":{}}"#).is_err());
    }

    #[test]
    fn standalone_serde() {
        assert_eq!(
            serde_json::to_string(&Nullable::Set(1)).expect("encodes"),
            "1"
        );
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Null).expect("encodes"),
            "null"
        );
        assert_eq!(
            serde_json::to_string(&Nullable::<i32>::Absent).expect("encodes"),
            "null"
        );
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("null").expect("decodes"),
            Nullable::Null
        );
        assert_eq!(
            serde_json::from_str::<Nullable<i32>>("3").expect("decodes"),
            Nullable::Set(3)
        );
    }

    #[test]
    fn accessors_and_conversions() {
        let set: Nullable<String> = "x".to_owned().into();
        assert!(set.is_set() && !set.is_null() && !set.is_absent());
        assert_eq!(set.value().map(String::as_str), Some("x"));
        assert_eq!(set.as_ref(), Nullable::Set(&"x".to_owned()));
        assert_eq!(set.clone().map(|s| s.len()), Nullable::Set(1));
        assert_eq!(set.into_option(), Some("x".to_owned()));

        let null: Nullable<String> = None.into();
        assert!(null.is_null() && !null.is_set() && !null.is_absent());
        assert_eq!(null.value(), None);
        assert_eq!(null.as_ref(), Nullable::Null);
        assert_eq!(null.clone().map(|s| s.len()), Nullable::Null);
        assert_eq!(null.into_option(), None);

        let absent = Nullable::<String>::default();
        assert!(absent.is_absent() && !absent.is_null() && !absent.is_set());
        assert_eq!(absent.as_ref(), Nullable::Absent);
        assert_eq!(absent.clone().map(|s| s.len()), Nullable::Absent);
        assert_eq!(absent.into_option(), None);

        assert_eq!(Nullable::from(Some(2)), Nullable::Set(2));
        let mut n = Nullable::Set(1);
        if let Nullable::Set(v) = n.as_mut() {
            *v += 1;
        }
        assert_eq!(n, Nullable::Set(2));
    }
}
