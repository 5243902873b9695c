//! [`True`]: a request field whose only allowed value is `true`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The JSON value `true`, for a request field the API requires to be `true`, such as `untag` in
/// each company of an untag request (`POST /tags`): without it, Intercom tags the companies
/// instead. The description says so only in words ("Always set to true"), so the generated type
/// holds this instead of a `bool`: the field is always sent, and always `true`.
///
/// Serializes as `true`. Deserializes from `true` or the string `"true"`; anything else is an
/// error (a request with `false` there would mean something else).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct True;

impl True {
    /// `true`.
    pub const fn get(self) -> bool {
        true
    }
}

impl From<True> for bool {
    fn from(_: True) -> bool {
        true
    }
}

impl fmt::Display for True {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true")
    }
}

impl Serialize for True {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

impl<'de> Deserialize<'de> for True {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<True, D::Error> {
        struct TrueVisitor;

        impl Visitor<'_> for TrueVisitor {
            type Value = True;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`true` (the only value this field takes)")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<True, E> {
                if v {
                    Ok(True)
                } else {
                    Err(E::invalid_value(de::Unexpected::Bool(v), &self))
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<True, E> {
                if v == "true" {
                    Ok(True)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
        }

        deserializer.deserialize_any(TrueVisitor)
    }
}

// Accepts what its `Deserialize` accepts (`true`, `"true"`), as a model field.
impl crate::runtime::lenient::Lenient<'_> for True {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_always_true_on_the_wire() {
        assert_eq!(serde_json::to_string(&True).unwrap(), "true");
        assert_eq!(serde_json::from_str::<True>("true").unwrap(), True);
        assert_eq!(serde_json::from_str::<True>("\"true\"").unwrap(), True);
        let filled: True = Default::default();
        assert!(bool::from(filled));
        assert_eq!(True.to_string(), "true");
    }

    #[test]
    fn refuses_anything_else() {
        for text in ["false", "\"false\"", "1", "null", "{}"] {
            let err = serde_json::from_str::<True>(text).unwrap_err().to_string();
            assert!(err.contains("`true`"), "{text}: {err}");
        }
    }
}
