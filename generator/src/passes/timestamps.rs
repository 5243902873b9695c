//! Timestamps by one rule: every unix-time integer is a `Timestamp`, in responses and requests.
//!
//! Intercom sends and accepts every date-time as unix seconds, but its descriptions mark only
//! some of them `format: date-time` (2.16 leaves `company.created_at`, the data-export bounds and
//! the reply `created_at` plain integers). An integer — a struct field, a parameter or a union
//! member — is a `Timestamp` when, first match wins:
//!
//! 1. `spec/overrides.yaml` says so (`timestamps: {<pointer>: {timestamp, because}}`);
//! 2. its `format` is `date-time` or `timestamp` (decided while typing it);
//! 3. its description speaks of unix time (`Unix timestamp`, `UNIX`, `epoch`, `timestamp`),
//!    unless it says milliseconds;
//! 4. its name is a time's name (`…_at`, `…_at_before`, `…_at_after`, `…_since`, `…_until`) or
//!    its description starts like one ("The time …", "The first time …", "The date …"), and the
//!    description does not make it a duration or a count (`seconds`, `minutes`, `number of`, …):
//!    such an integer is reported and kept.
//!
//! A query parameter typed `string` whose description says it is a unix timestamp is one too
//! (a query string has no types; the crate then takes a `Timestamp` where the description asks
//! for the text of one). What the rule found goes into the codegen report.
//!
//! Reads: every integer (and text query parameter) of the types and operations, with its name
//! and description; `timestamps` of `spec/overrides.yaml`. Writes: those types to
//! [`Ty::Timestamp`], and [`Api::timestamps`]. Runs after [`super::search`]'s query rewrite.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, ParamLocation, TimestampReport, Ty, TypeKind};
use crate::overrides::{self, Overrides};

/// Name endings of times.
const TIME_NAME_SUFFIXES: [&str; 5] = ["_at", "_at_before", "_at_after", "_since", "_until"];

/// Words of a description that make an integer unix time.
const UNIX_WORDS: [&str; 3] = ["unix", "timestamp", "epoch"];

/// Words of a description that make a time-named integer something else (a duration, a count).
const NOT_A_TIME_WORDS: [&str; 7] = [
    "millisecond",
    "seconds",
    "minutes",
    "hours",
    "duration",
    "number of",
    "count",
];

/// What the rule says about one integer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Unix seconds, and why.
    Timestamp(String),
    /// Has a time's name but is not one, and why.
    NotTime(String),
    /// Nothing suggests a time.
    Plain,
}

/// The rule's verdict for an integer called `name` (wire name) described by `doc`.
pub fn judge(name: &str, doc: Option<&str>) -> Verdict {
    let text = doc.unwrap_or("").trim().to_lowercase();
    let has_word = |w: &str| contains_word(&text, w);
    let phrase = TIME_PHRASES.iter().find(|p| starts_with_words(&text, p));
    if text.contains("millisecond") {
        return if time_name(name) || phrase.is_some() {
            Verdict::NotTime("the description says milliseconds".into())
        } else {
            Verdict::Plain
        };
    }
    if let Some(word) = UNIX_WORDS.iter().find(|w| has_word(w)) {
        return Verdict::Timestamp(format!("description says `{word}`"));
    }
    if !time_name(name) && phrase.is_none() {
        return Verdict::Plain;
    }
    if let Some(word) = NOT_A_TIME_WORDS.iter().find(|w| has_word(w)) {
        return Verdict::NotTime(format!("the description says `{word}`"));
    }
    match TIME_NAME_SUFFIXES.iter().rev().find(|s| name.ends_with(*s)) {
        Some(suffix) => Verdict::Timestamp(format!("name `…{suffix}`")),
        None => Verdict::Timestamp(format!(
            "description starts `{}`",
            phrase.copied().unwrap_or("the time")
        )),
    }
}

/// How descriptions of times start: "The time the company was added", "The first time the user
/// opened this message".
const TIME_PHRASES: [&str; 6] = [
    "the time",
    "the first time",
    "the last time",
    "the date",
    "time",
    "date",
];

/// Whether `text` starts with the words of `phrase` (and a word boundary after them).
fn starts_with_words(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

fn time_name(name: &str) -> bool {
    TIME_NAME_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Whether `word` (or its plural) occurs in `text` as a whole word: `unix` in `unix-time`, not
/// in `eunix` or `unixy`; `timestamp` also as `timestamps`.
fn contains_word(text: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = &text[i + word.len()..];
        let after = after.strip_prefix('s').unwrap_or(after);
        !before.is_some_and(is_word_char) && !after.chars().next().is_some_and(is_word_char)
    })
}

/// Applies the rule to every integer of `api` and records what it found in
/// [`Api::timestamps`].
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    let mut report = TimestampReport::default();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut decide_one = |ty: &mut Ty, at: String, name: &str, doc: Option<&str>, text: bool| {
        let Some(scalar) = scalar_mut(ty) else {
            return;
        };
        match scalar {
            Ty::Timestamp => {
                report.by_format += 1;
                return;
            }
            Ty::Integer => {}
            Ty::String if text => {}
            _ => return,
        }
        let declared = overrides.timestamps.get_key_value(at.as_str());
        let verdict = match declared {
            Some((key, o)) => {
                used.insert(key.as_str());
                if o.timestamp {
                    Verdict::Timestamp(format!("override: {}", o.because.trim()))
                } else {
                    Verdict::NotTime(format!("override: {}", o.because.trim()))
                }
            }
            None => match judge(name, doc) {
                // A text parameter needs the description's word, not just a time's name.
                Verdict::Timestamp(why) if *scalar == Ty::String && why.starts_with("name") => {
                    Verdict::Plain
                }
                other => other,
            },
        };
        match verdict {
            Verdict::Timestamp(why) => {
                *scalar = Ty::Timestamp;
                report.converted.push((at, why));
            }
            Verdict::NotTime(why) => report.kept.push((at, why)),
            Verdict::Plain => {}
        }
    };
    for def in &mut api.types {
        let origin = def.origin.clone();
        match &mut def.kind {
            TypeKind::Struct(st) => {
                for f in &mut st.fields {
                    let at = child(&child(&origin, "properties"), &f.wire);
                    decide_one(&mut f.ty, at, &f.wire, f.doc.as_deref(), false);
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter_mut().enumerate() {
                    let at = child(&child(&origin, "oneOf"), &i.to_string());
                    decide_one(&mut v.ty, at, "", v.doc.as_deref(), false);
                }
            }
            TypeKind::Alias(ty) => {
                let name = origin.rsplit('/').next().unwrap_or("").to_string();
                decide_one(ty, origin.clone(), &name, def.doc.as_deref(), false);
            }
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        for p in &mut op.params {
            let at = child(&child(&op.origin, "parameters"), &p.wire);
            let text = p.location == ParamLocation::Query;
            decide_one(&mut p.ty, at, &p.wire, p.doc.as_deref(), text);
        }
    }
    for key in overrides.timestamps.keys() {
        if !used.contains(key.as_str()) {
            let at = child(&child(&format!("{}#", overrides::FILE), "timestamps"), key);
            let message = format!(
                "no integer at `{key}` in the description (a field: its schema's pointer + \
                 `/properties/<name>`; a parameter: its operation's pointer + `/parameters/<name>`)"
            );
            overrides.not_applied(diagnostics, at, message);
        }
    }
    report.converted.sort();
    report.kept.sort();
    api.timestamps = report;
}

/// The scalar at the bottom of `Option`/`Vec` wrappers.
fn scalar_mut(ty: &mut Ty) -> Option<&mut Ty> {
    match ty {
        Ty::Optional(_) | Ty::Array(_) => scalar_mut(ty.inner_mut()?),
        Ty::Integer | Ty::Timestamp | Ty::String => Some(ty),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
