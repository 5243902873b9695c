//! Cross-check against the official SDKs' corrections.
//!
//! Intercom's own SDK build (Fern) applies an overlay to the description before it generates
//! python-intercom and intercom-node (`fern/openapi-overrides.yml`, and one for Preview). Those
//! overlays record corrections the official SDKs rely on: a response that is one schema *or*
//! another, bodies that are really alternatives of required identifiers, maps of any values,
//! which operations page and how, parameters, `required` lists. They are evidence, not truth.
//!
//! `walk` reads an overlay into its wire-level corrections (counting SDK naming and
//! documentation apart; a key it does not know is a correction nothing agrees with), `check`
//! compares each with the lowered API, and [`cross_check`] weighs the result against the
//! project's answers in `spec/overrides.yaml` (`fern: {<version>: {applied, declined}}`):
//!
//! | the crate | answer | verdict |
//! |---|---|---|
//! | agrees | none | **agreed** |
//! | agrees | `applied: because` (a correction of ours: a patch, a rule) | **applied** |
//! | differs | `declined: because` (the evidence) | **declined** |
//! | differs | none | **unaccounted**: an error for the pinned version |
//! | has nothing it applies to | none | **not applicable** (the overlay targets 2.14) |
//!
//! An answer for a correction the crate agrees with (a `declined:` that no longer declines
//! anything, an `applied:` the crate does not do) and an answer matching no correction are
//! errors too, so the answers stay true as the description, the overlay or the generator move.

mod check;
pub mod names;
mod walk;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use check::Check;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::Api;
use crate::overrides::{self, FernAnswers, Overrides};

pub use walk::{Correction, What};

/// What the cross-check concluded about one correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The crate already does what it says.
    Agreed,
    /// The crate does what it says because of a correction of this project's.
    Applied,
    /// The crate deliberately does otherwise.
    Declined,
    /// The description has nothing it applies to.
    NotApplicable,
    /// The crate does otherwise and nobody said why.
    Unaccounted,
}

impl Verdict {
    /// The report's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Agreed => "agreed",
            Verdict::Applied => "applied",
            Verdict::Declined => "declined",
            Verdict::NotApplicable => "not applicable",
            Verdict::Unaccounted => "UNACCOUNTED",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The correction's id (`GET /companies response 200`).
    pub id: String,
    /// Its kind (`pagination`, `required`, …).
    pub kind: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// What the crate does, and the answer's reason where there is one.
    pub note: String,
}

/// The cross-check of one overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// The overlay's path upstream (`fern/openapi-overrides.yml`).
    pub overlay: String,
    /// One row per correction, in overlay order.
    pub rows: Vec<Row>,
    /// SDK naming and documentation nodes, by kind, with their counts.
    pub other: Vec<(String, usize)>,
}

impl Table {
    /// How many rows have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.rows.iter().filter(|r| r.verdict == verdict).count()
    }
}

/// Gives every operation the official SDKs' names for it (`names::aliases`), from the overlay
/// `text` (its upstream path is `overlay`); an overlay that does not parse is reported by
/// [`cross_check`].
pub fn sdk_aliases(api: &mut Api, overlay: &str, text: &[u8], diagnostics: &mut Diagnostics) {
    if let Ok((doc, _)) = yaml::parse(text) {
        let sdk = names::sdk_methods(&doc);
        names::aliases(api, &sdk, overlay, diagnostics);
    }
}

/// Cross-checks the overlay `text` (its upstream path is `overlay`) against `api`, with the
/// answers of `spec/overrides.yaml` for it (under `fern: {key: …}`). Unaccounted corrections
/// and stale answers do not apply ([`Overrides::not_applied`]).
pub fn cross_check(
    api: &Api,
    overlay: &str,
    text: &[u8],
    key: &str,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) -> Table {
    let none = FernAnswers::default();
    let answers = overrides.fern.get(key).unwrap_or(&none);
    let mut report = |at: String, message: String| overrides.not_applied(diagnostics, at, message);
    let answers_at = child(&child(&format!("{}#", overrides::FILE), "fern"), key);
    let (doc, repeated): (Value, Vec<String>) = match yaml::parse(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            report(
                format!("{overlay}#"),
                format!("the overlay is not YAML: {e}"),
            );
            return Table {
                overlay: overlay.to_string(),
                ..Table::default()
            };
        }
    };
    let walked = walk::walk(&doc);
    let mut used: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut rows = Vec::with_capacity(walked.corrections.len());
    for c in &walked.corrections {
        let outcome = check::check(api, &doc, c);
        let applied = FernAnswers::find(&answers.applied, &c.id);
        let declined = FernAnswers::find(&answers.declined, &c.id);
        let (verdict, note) = match outcome {
            Check::NotApplicable(why) => (Verdict::NotApplicable, why),
            Check::Agrees(how) => {
                if let Some((k, _)) = declined.filter(|(k, _)| *k == c.id) {
                    used.insert(("declined", k));
                    report(
                        child(&child(&answers_at, "declined"), k),
                        format!("declines `{}`, which the crate agrees with ({how})", c.id),
                    );
                }
                match applied {
                    Some((k, because)) => {
                        used.insert(("applied", k));
                        (Verdict::Applied, format!("{how} — {}", because.trim()))
                    }
                    None => (Verdict::Agreed, how),
                }
            }
            Check::Differs(ref how) | Check::Unchecked(ref how) => {
                let unchecked = matches!(outcome, Check::Unchecked(_));
                match (declined, applied) {
                    (Some((k, because)), _) => {
                        used.insert(("declined", k));
                        (Verdict::Declined, format!("{how} — {}", because.trim()))
                    }
                    (None, Some((k, because))) if unchecked => {
                        used.insert(("applied", k));
                        (Verdict::Applied, format!("{how} — {}", because.trim()))
                    }
                    (None, applied) => {
                        if let Some((k, _)) = applied {
                            used.insert(("applied", k));
                        }
                        report(
                            format!("{overlay}{}", c.at),
                            format!(
                                "official SDK correction `{}` is unaccounted for (the crate: \
                                 {how}): make the crate agree, or decline it with a reason under \
                                 `fern: {{\"{key}\": {{declined: …}}}}` in {}",
                                c.id,
                                overrides::FILE
                            ),
                        );
                        (Verdict::Unaccounted, how.clone())
                    }
                }
            }
        };
        rows.push(Row {
            id: c.id.clone(),
            kind: kind(&c.what),
            verdict,
            note,
        });
    }
    for (section, entries) in [
        ("applied", &answers.applied),
        ("declined", &answers.declined),
    ] {
        for k in entries.keys() {
            if !used.contains(&(section, k.as_str())) {
                report(
                    child(&child(&answers_at, section), k),
                    format!(
                        "answers no correction of {overlay} that needs it (none has this id, or \
                         the crate now agrees)"
                    ),
                );
            }
        }
    }
    let other: BTreeMap<&str, usize> = walked.other;
    let mut other: Vec<(String, usize)> =
        other.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    if !repeated.is_empty() {
        other.push((
            format!(
                "keys declared twice, the later entry read ({})",
                repeated
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            repeated.len(),
        ));
    }
    Table {
        overlay: overlay.to_string(),
        rows,
        other,
    }
}

fn kind(what: &What) -> &'static str {
    match what {
        What::Pagination { .. } => "pagination",
        What::Parameter { .. } => "parameter",
        What::Response { .. } => "response schema",
        What::BodyRef { .. } => "request schema",
        What::OperationRemoved { .. } => "operation removed",
        What::OperationAdded { .. } => "operation declared",
        What::Required { .. } => "required",
        What::AnyValues { .. } => "additionalProperties",
        What::AnyOf { .. } => "anyOf identities",
        What::Enum { .. } => "enum",
        What::Property { .. } => "property schema",
        What::PropertyRemoved { .. } => "property removed",
        What::NotNullable { .. } => "nullable",
        What::Servers { .. } => "servers",
        What::Unknown { .. } => "unknown",
    }
}
