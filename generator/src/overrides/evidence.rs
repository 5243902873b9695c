//! The sections of `spec/overrides.yaml` that record what the API really does where the
//! description says otherwise or says it only in words, each with a `because:` naming the
//! evidence (an older description, the official SDKs' corrections, the operation's own prose):
//! `timestamps`, `prose`, `fern`, and an operation's `reaches_end_users`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A field or parameter the timestamp rule (`passes::timestamps`) decides wrongly.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TimestampOverride {
    /// Whether the value is unix seconds (`Timestamp`) or a plain integer.
    pub timestamp: bool,
    /// The evidence.
    pub because: String,
}

/// A field or parameter whose description the prose rule (`passes::prose`) misreads, or pins in
/// words the rule cannot see.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProseOverride {
    /// The one value the field must have (a string or a boolean).
    pub constant: Option<serde_yaml::Value>,
    /// Alternative identities of an object: it needs every key of at least one set.
    pub one_of: Option<Vec<Vec<String>>>,
    /// The closed set of values a string field takes (it becomes an enum that keeps any other
    /// value as `Unknown`).
    pub values: Option<Vec<String>>,
    /// The description only seems to pin something: ignore it.
    #[serde(default)]
    pub ignore: bool,
    /// The evidence.
    pub because: String,
}

/// The answers to the cross-check against one overlay of the official SDKs' corrections
/// (`fern`), keyed by correction id (`GET /companies response 200`, `company required id`). A
/// key matches every correction whose id starts with it followed by a space or a dot
/// (`company required` answers for every `company required …`, `POST /x body` for every
/// `POST /x body.…`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FernAnswers {
    /// Corrections the crate agrees with because this project made the same correction (a
    /// patch, a rule): why.
    #[serde(default)]
    pub applied: BTreeMap<String, String>,
    /// Corrections the crate deliberately does not make: the evidence.
    #[serde(default)]
    pub declined: BTreeMap<String, String>,
}

impl FernAnswers {
    /// The entry answering for `id` in `section` (an exact key, or the longest key that is a
    /// word prefix of it), with its key.
    pub fn find<'a>(section: &'a BTreeMap<String, String>, id: &str) -> Option<(&'a str, &'a str)> {
        section
            .iter()
            .filter(|(key, _)| {
                id == key.as_str()
                    || id
                        .strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.starts_with([' ', '.']))
            })
            .max_by_key(|(key, _)| key.len())
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Whether an operation sends something to end users (customers): messages, replies, SMS,
/// published content; where the rule in `passes::risk` decides it wrongly.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EndUsersOverride {
    /// The flag's value.
    pub value: bool,
    /// The evidence.
    pub because: String,
}

#[cfg(test)]
mod tests;
