//! Constants and identity rules the description states only in words.
//!
//! `untag_company_request`'s items say of `untag` only "Always set to true", and of themselves
//! "The id or company_id of the company can be passed": a schema reader sees an optional
//! boolean and two optional strings, and a request built from it tags the company instead of
//! untagging it. This pass reads those words and makes the types say them:
//!
//! - **Pins**: a sentence of a field's or parameter's description that gives it one value
//!   ("Always set to true", "Always `admin`.", "The value must be user", "Value is `company`",
//!   "Must be true to use this endpoint", "(always paused)"). In a request type the value is filled
//!   in by the type, never left to the caller: a string becomes a one-value enum, `true` becomes
//!   the runtime's `True`, and the field is always sent; a required query parameter becomes a
//!   fixed part of the query. A pin the schema already states (a one-value enum) needs nothing;
//!   one the schema contradicts (an enum without that value, or with others) is reported and the
//!   schema kept; an optional parameter stays the caller's choice.
//! - **Identities**: the description of an object (or of the property holding it) that names two
//!   of its optional properties as alternatives ("the `id` or `company_id`", "either `a` or
//!   `b`", "at least one of `a` / `b`"). In a request type the object gets the same "at least one
//!   of" constraint as an `anyOf` of `required` lists: private fields and one constructor per
//!   choice.
//!
//! - **Closed sets and conditional requirements**: see [`super::prose_sets`].
//!
//! Types responses use (alone or beside requests) are only reported: what they carry is the API's
//! to fill in, and decoding must not depend on words. `spec/overrides.yaml` (`prose:`) adds pins and identities the rule cannot
//! read, or tells it to ignore a sentence; everything found goes into the codegen report.
//!
//! Reads: the descriptions of fields, parameters and objects, [`crate::ir::TypeDef::usage`];
//! `prose` of `spec/overrides.yaml`. Writes: pinned request fields' types, operations'
//! `fixed_query`, structs' `requires_one_of`, and [`Api::prose`]. Runs after [`super::evidence`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    Api, BodyStyle, EnumDef, EnumVariant, ParamLocation, Presence, ProseFinding, ProseOutcome, Ty,
    TypeDef, TypeId, TypeKind,
};
use crate::naming;
use crate::overrides::{self, Overrides, ProseOverride};

/// A value a description pins a field to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// A string (or a word).
    Text(String),
    /// `true` or `false`.
    Bool(bool),
}

impl Pin {
    fn show(&self) -> String {
        match self {
            Pin::Text(t) => format!("`{t}`"),
            Pin::Bool(b) => format!("`{b}`"),
        }
    }

    fn text(&self) -> String {
        match self {
            Pin::Text(t) => t.clone(),
            Pin::Bool(b) => b.to_string(),
        }
    }
}

/// A quoted value (backticks, double or single quotes), or one bare word.
const VALUE: &str = r#"(?:`(?P<bq>[^`]+)`|"(?P<dq>[^"]+)"|'(?P<sq>[^']+)'|(?P<bare>[a-z0-9_.]+))"#;

/// Sentences that pin a value, matched against a whole sentence (case-insensitive).
static PIN_SENTENCES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // "Always `admin`", "Always set to true", "It will always have the value `avatar`".
        format!(
            r"^(?:it )?(?:will )?always (?:be |set to |has the value |have the value )?{VALUE}$"
        ),
        // "The value must be user", "Value is `company`", "value is always \"team\"".
        format!(r"^(?:the )?value (?:is always|must always be|must be|is) {VALUE}$"),
        // "Must be true to use this experimental endpoint."
        format!(r"^must (?:always )?be {VALUE}(?P<purpose> to .+)?$"),
    ]
    .iter()
    .map(|p| Regex::new(&format!("(?i){p}")).expect("valid pin pattern"))
    .collect()
});

/// "(always paused)" anywhere in a description.
static PIN_ASIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\(always {VALUE}\)")).expect("valid aside pattern"));

/// Where a description is cut into sentences: full stops, line breaks, dashes between words.
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.\s+|\n+| [-–—] ").expect("valid break pattern"));

/// Every distinct value the sentences of a description pin, in order (two mean the description
/// contradicts itself).
pub fn read_pins(text: &str) -> Vec<Pin> {
    let mut out: Vec<Pin> = Vec::new();
    let mut add = |pin: Option<Pin>| {
        if let Some(pin) = pin
            && !out.contains(&pin)
        {
            out.push(pin);
        }
    };
    for sentence in SENTENCE_BREAK.split(text) {
        let sentence = sentence.trim().trim_end_matches('.').trim();
        for pattern in PIN_SENTENCES.iter() {
            add(pattern.captures(sentence).and_then(|c| pin_value(&c)));
        }
    }
    for c in PIN_ASIDE.captures_iter(text) {
        add(pin_value(&c));
    }
    out
}

fn pin_value(c: &regex::Captures) -> Option<Pin> {
    let quoted = ["bq", "dq", "sq"]
        .iter()
        .find_map(|n| c.name(n))
        .map(|m| m.as_str().to_string());
    let bare = c.name("bare").map(|m| m.as_str().to_string());
    // Only a boolean may come with a purpose ("must be true to use …"): "must be a lead" and
    // "must be unique for the source" are not pins.
    if c.name("purpose").is_some() && !matches!(bare.as_deref(), Some("true" | "false")) {
        return None;
    }
    match (quoted, bare) {
        (Some(q), _) if q == "null" => None,
        (Some(q), _) => Some(Pin::Text(q)),
        (None, Some(b)) => match b.to_lowercase().as_str() {
            "true" => Some(Pin::Bool(true)),
            "false" => Some(Pin::Bool(false)),
            "null" | "nil" | "a" | "an" | "the" => None,
            _ => Some(Pin::Text(b)),
        },
        (None, None) => None,
    }
}

/// Alternatives among `names` that a description states ("the `id` or `company_id`", "either
/// `a` or `b`", "at least one of `a` / `b`"): each a set of one name.
pub fn read_identities(text: &str, names: &[&str]) -> Option<Vec<Vec<String>>> {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '/'))
        .flat_map(|w| {
            // `a/b` is `a / b`.
            let parts: Vec<String> = w.split('/').map(str::to_string).collect();
            let mut out = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push("/".to_string());
                }
                if !p.is_empty() {
                    out.push(p.clone());
                }
            }
            out
        })
        .filter(|w| !w.is_empty())
        .collect();
    let is_name = |w: &str| names.contains(&w);
    let skip_article = |i: usize| match words.get(i).map(String::as_str) {
        Some("a" | "an") => i + 1,
        _ => i,
    };
    for (i, w) in words.iter().enumerate() {
        if !matches!(w.as_str(), "the" | "either" | "of") {
            continue;
        }
        let a = skip_article(i + 1);
        let (Some(first), Some(or)) = (words.get(a), words.get(a + 1)) else {
            continue;
        };
        if !is_name(first) || !matches!(or.as_str(), "or" | "/") {
            continue;
        }
        let b = skip_article(a + 2);
        if let Some(second) = words.get(b).filter(|s| is_name(s) && *s != first) {
            return Some(vec![vec![first.clone()], vec![second.clone()]]);
        }
    }
    None
}

/// Applies the pins and identities of every request type and parameter, and records every one
/// found in [`Api::prose`].
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut findings = Vec::new();
    pins_in_fields(api, overrides, &mut used, &mut findings, diagnostics);
    pins_in_params(api, overrides, &mut used, &mut findings);
    identities(api, overrides, &mut used, &mut findings, diagnostics);
    super::prose_sets::closed_sets(api, overrides, &mut used, &mut findings, diagnostics);
    super::prose_sets::conditional_requirements(api, &mut findings);
    // A body that is now constrained is built by its constructors, not field by field.
    for op in &mut api.operations {
        if let Some(body) = &mut op.body
            && let BodyStyle::Flattened(id) = body.style
            && matches!(&api.types[id.0].kind, TypeKind::Struct(st) if !st.requires_one_of.is_empty())
        {
            body.style = BodyStyle::Whole { optional: false };
        }
    }
    for key in overrides.prose.keys() {
        if !used.contains(key) {
            let at = child(&child(&format!("{}#", overrides::FILE), "prose"), key);
            let message = format!(
                "no field, parameter or object at `{key}` in the description (a field: its \
                 schema's pointer + `/properties/<name>`; a parameter: its operation's pointer + \
                 `/parameters/<name>`; an object: its schema's pointer)"
            );
            overrides.not_applied(diagnostics, at, message);
        }
    }
    findings.sort_by(|a: &ProseFinding, b| a.at.cmp(&b.at));
    api.prose = findings;
}

/// What an override or the rule says about one field or parameter.
enum Said {
    Pin(Pin, String),
    /// The description pins two different values.
    Conflict(Vec<Pin>, String),
    Ignored(String),
    Nothing,
}

fn said(
    overrides: &Overrides,
    used: &mut BTreeSet<String>,
    at: &str,
    doc: Option<&str>,
) -> Result<Said, String> {
    if let Some(o) = overrides.prose.get(at) {
        used.insert(at.to_string());
        return override_pin(o);
    }
    let text = doc.unwrap_or("");
    let mut pins = read_pins(text);
    Ok(match pins.len() {
        0 => Said::Nothing,
        1 => Said::Pin(pins.remove(0), evidence(text)),
        _ => Said::Conflict(pins, evidence(text)),
    })
}

fn override_pin(o: &ProseOverride) -> Result<Said, String> {
    let because = format!("override: {}", o.because.trim());
    if o.ignore {
        return Ok(Said::Ignored(because));
    }
    if o.values.is_some() && o.constant.is_none() {
        // A closed set, for `closed_sets`.
        return Ok(Said::Nothing);
    }
    match &o.constant {
        Some(serde_yaml::Value::Bool(b)) => Ok(Said::Pin(Pin::Bool(*b), because)),
        Some(serde_yaml::Value::String(s)) => Ok(Said::Pin(Pin::Text(s.clone()), because)),
        Some(_) => Err("`constant` must be a string or a boolean".into()),
        None => Err("an override of a field or parameter needs `constant` or `ignore`".into()),
    }
}

/// A description pinning two values: reported, and the field left as declared.
fn conflict(at: String, wire: &str, pins: &[Pin], evidence: String) -> ProseFinding {
    let values: Vec<String> = pins.iter().map(Pin::show).collect();
    ProseFinding {
        at,
        pin: format!("`{wire}` is always {}", values.join(" and always ")),
        evidence,
        outcome: ProseOutcome::Contradicted,
    }
}

/// The description, on one line, shortened for the report.
pub(super) fn evidence(doc: &str) -> String {
    let line = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

fn pins_in_fields(
    api: &mut Api,
    overrides: &Overrides,
    used: &mut BTreeSet<String>,
    findings: &mut Vec<ProseFinding>,
    diagnostics: &mut Diagnostics,
) {
    for index in 0..api.types.len() {
        let TypeKind::Struct(st) = &api.types[index].kind else {
            continue;
        };
        let origin = api.types[index].origin.clone();
        let usage = api.types[index].usage;
        for fi in 0..st.fields.len() {
            let TypeKind::Struct(st) = &api.types[index].kind else {
                break;
            };
            let f = &st.fields[fi];
            let at = child(&child(&origin, "properties"), &f.wire);
            let (pin, evidence) = match said(overrides, used, &at, f.doc.as_deref()) {
                Ok(Said::Pin(pin, evidence)) => (pin, evidence),
                Ok(Said::Conflict(pins, evidence)) => {
                    findings.push(conflict(at, &f.wire, &pins, evidence));
                    continue;
                }
                Ok(Said::Ignored(because)) => {
                    findings.push(ProseFinding {
                        at,
                        pin: format!("`{}`", f.wire),
                        evidence: because,
                        outcome: ProseOutcome::Ignored,
                    });
                    continue;
                }
                Ok(Said::Nothing) => continue,
                Err(message) => {
                    diagnostics.error(
                        child(&child(&format!("{}#", overrides::FILE), "prose"), &at),
                        message,
                    );
                    continue;
                }
            };
            let wire = f.wire.clone();
            // A type responses use too is the API's to fill (its own type tag): only request-only
            // types are the caller's.
            let request_only = usage.request && !usage.response;
            let outcome = apply_field_pin(api, TypeId(index), fi, &pin, request_only);
            if let Some(outcome) = outcome {
                findings.push(ProseFinding {
                    at,
                    pin: format!("`{wire}` is always {}", pin.show()),
                    evidence,
                    outcome,
                });
            }
        }
    }
}

/// Makes field `fi` of struct `owner` hold `pin`, where that is a request's business. `None`
/// when the field's type has nothing to pin (a number, an object).
fn apply_field_pin(
    api: &mut Api,
    owner: TypeId,
    fi: usize,
    pin: &Pin,
    request: bool,
) -> Option<ProseOutcome> {
    let def = api.ty(owner);
    let TypeKind::Struct(st) = &def.kind else {
        return None;
    };
    let f = &st.fields[fi];
    let enum_values: Option<Vec<String>> = match &f.ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => Some(e.variants.iter().map(|v| v.wire.clone()).collect()),
            _ => None,
        },
        _ => None,
    };
    let always_sent = matches!(f.presence, Presence::Required | Presence::Lenient);
    // A string field pinned to a word that reads as a boolean is pinned to that text.
    let pin = match (&f.ty, pin) {
        (Ty::String, Pin::Bool(b)) => Pin::Text(b.to_string()),
        _ => pin.clone(),
    };
    let new_ty = match (&enum_values, &f.ty, &pin) {
        (Some(_), _, Pin::Bool(_)) => return Some(ProseOutcome::Contradicted),
        // The schema allows other values (or not this one): it is kept.
        (Some(values), _, Pin::Text(t)) if !values.contains(t) || values.len() > 1 => {
            return Some(ProseOutcome::Contradicted);
        }
        (Some(values), _, Pin::Text(_)) if values.len() == 1 && (always_sent || !request) => {
            return Some(ProseOutcome::AlreadyTyped);
        }
        (None, Ty::True, Pin::Bool(true)) if always_sent || !request => {
            return Some(ProseOutcome::AlreadyTyped);
        }
        (None, Ty::Boolean, Pin::Text(_)) => return Some(ProseOutcome::Contradicted),
        (None, ty, _) if !matches!(ty, Ty::String | Ty::Boolean | Ty::True) => return None,
        _ if !request => return Some(ProseOutcome::ResponseOnly),
        (Some(_), _, Pin::Text(_)) => None,
        (None, Ty::String, Pin::Text(t)) => {
            let wire = f.wire.clone();
            Some(Ty::Named(constant_enum(api, owner, &wire, t)))
        }
        (None, Ty::Boolean | Ty::True, Pin::Bool(true)) => Some(Ty::True),
        // No type holds just `false`.
        _ => return Some(ProseOutcome::NotRepresentable),
    };
    let TypeKind::Struct(st) = &mut api.types[owner.0].kind else {
        return None;
    };
    let f = &mut st.fields[fi];
    if let Some(ty) = new_ty {
        f.ty = ty;
    }
    // Sent every time, and filled in (with its one value) when a decoded request leaves it out.
    f.required = true;
    f.presence = Presence::Lenient;
    Some(ProseOutcome::Applied)
}

/// A one-value enum for field `wire` of `owner`, in the owner's file and under its gate.
fn constant_enum(api: &mut Api, owner: TypeId, wire: &str, value: &str) -> TypeId {
    let def = api.ty(owner);
    let name = super::prose_sets::fresh_type_name(api, &naming::inline_type_name(&def.name, wire));
    let new = TypeDef {
        name,
        file: def.file.clone(),
        origin: child(&child(&def.origin, "properties"), wire),
        doc: Some(format!(
            "The one value the API accepts for `{wire}` (its description pins it in words)."
        )),
        kind: TypeKind::Enum(EnumDef {
            variants: vec![EnumVariant {
                name: naming::variant_name(value),
                wire: value.to_string(),
            }],
            from_prose: false,
        }),
        usage: def.usage,
        gate: def.gate.clone(),
        deprecated: false,
    };
    api.types.push(new);
    TypeId(api.types.len() - 1)
}

fn pins_in_params(
    api: &mut Api,
    overrides: &Overrides,
    used: &mut BTreeSet<String>,
    findings: &mut Vec<ProseFinding>,
) {
    for op in &mut api.operations {
        let mut fixed = Vec::new();
        for (i, p) in op.params.iter().enumerate() {
            let at = child(&child(&op.origin, "parameters"), &p.wire);
            let (pin, evidence) = match said(overrides, used, &at, p.doc.as_deref()) {
                Ok(Said::Pin(pin, evidence)) => (pin, evidence),
                Ok(Said::Conflict(pins, evidence)) => {
                    findings.push(conflict(at, &p.wire, &pins, evidence));
                    continue;
                }
                Ok(Said::Ignored(because)) => {
                    findings.push(ProseFinding {
                        at,
                        pin: format!("parameter `{}`", p.wire),
                        evidence: because,
                        outcome: ProseOutcome::Ignored,
                    });
                    continue;
                }
                _ => continue,
            };
            let fits = matches!(
                (&p.ty, &pin),
                (Ty::String, Pin::Text(_)) | (Ty::Boolean, Pin::Bool(_))
            );
            let outcome = if !fits {
                ProseOutcome::Contradicted
            } else if p.required && p.location == ParamLocation::Query {
                fixed.push((i, pin.text()));
                ProseOutcome::Applied
            } else {
                ProseOutcome::LeftOptional
            };
            findings.push(ProseFinding {
                at,
                pin: format!("parameter `{}` is always {}", p.wire, pin.show()),
                evidence,
                outcome,
            });
        }
        for (i, value) in fixed.into_iter().rev() {
            let p = op.params.remove(i);
            op.fixed_query.insert(0, (p.wire, value));
        }
    }
}

fn identities(
    api: &mut Api,
    overrides: &Overrides,
    used: &mut BTreeSet<String>,
    findings: &mut Vec<ProseFinding>,
    diagnostics: &mut Diagnostics,
) {
    // What is said about each struct: its own description, and those of the properties that
    // hold it (an array's description usually speaks of its items).
    let mut texts: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    for (i, def) in api.types.iter().enumerate() {
        if let Some(doc) = &def.doc {
            texts.entry(TypeId(i)).or_default().push(doc.clone());
        }
        if let TypeKind::Struct(st) = &def.kind {
            for f in &st.fields {
                if let (Some(id), Some(doc)) = (f.ty.named(), &f.doc) {
                    texts.entry(id).or_default().push(doc.clone());
                }
            }
        }
    }
    for index in 0..api.types.len() {
        let id = TypeId(index);
        let def = &api.types[index];
        let TypeKind::Struct(st) = &def.kind else {
            continue;
        };
        let at = def.origin.clone();
        let declared = overrides.prose.get(&at);
        let (sets, evidence) = match declared {
            Some(o) => {
                used.insert(at.clone());
                match (&o.one_of, o.ignore) {
                    (_, true) => {
                        findings.push(ProseFinding {
                            at,
                            pin: "identities".into(),
                            evidence: format!("override: {}", o.because.trim()),
                            outcome: ProseOutcome::Ignored,
                        });
                        continue;
                    }
                    (Some(sets), false) => {
                        (sets.clone(), format!("override: {}", o.because.trim()))
                    }
                    (None, false) => {
                        diagnostics.error(
                            child(&child(&format!("{}#", overrides::FILE), "prose"), &at),
                            "an override of an object needs `one_of` or `ignore`",
                        );
                        continue;
                    }
                }
            }
            None => {
                let optional: Vec<&str> = st
                    .fields
                    .iter()
                    .filter(|f| !f.required)
                    .map(|f| f.wire.as_str())
                    .collect();
                let found = texts.get(&id).into_iter().flatten().find_map(|text| {
                    read_identities(text, &optional).map(|sets| (sets, evidence(text)))
                });
                match found {
                    Some(found) => found,
                    None => continue,
                }
            }
        };
        let names: Vec<String> = sets.iter().flatten().cloned().collect();
        if let Some(missing) = names
            .iter()
            .find(|n| !st.fields.iter().any(|f| &f.wire == *n))
        {
            diagnostics.error(
                child(&child(&format!("{}#", overrides::FILE), "prose"), &at),
                format!("`{missing}` is not a property of this object"),
            );
            continue;
        }
        let pin = sets
            .iter()
            .map(|s| {
                s.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect::<Vec<_>>()
            .join(" or ");
        let same = |a: &Vec<String>, b: &Vec<String>| {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort();
            b.sort();
            a == b
        };
        let outcome = if sets
            .iter()
            .all(|s| st.requires_one_of.iter().any(|r| same(r, s)))
        {
            ProseOutcome::AlreadyTyped
        } else if !def.usage.request || def.usage.response {
            ProseOutcome::ResponseOnly
        } else {
            let TypeKind::Struct(st) = &mut api.types[index].kind else {
                continue;
            };
            for set in &sets {
                if !st.requires_one_of.iter().any(|r| same(r, set)) {
                    st.requires_one_of.push(set.clone());
                    st.one_of_titles.push(None);
                }
            }
            for f in &mut st.fields {
                if names.contains(&f.wire) {
                    f.required = false;
                    f.presence = Presence::Optional;
                }
            }
            ProseOutcome::Applied
        };
        findings.push(ProseFinding {
            at,
            pin,
            evidence,
            outcome,
        });
    }
}

#[cfg(test)]
mod tests;
