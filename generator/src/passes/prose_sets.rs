//! The prose pass's rules for sets of values (run by [`super::prose::decide`]):
//!
//! - **Closed sets**: a string field whose description lists the values it takes ("Possible
//!   values `plain` or `personal`", "One of `url`, `reaction`, or `product_tour`", "Accepts
//!   `lead` or `user`", "which can either be a `collection` or `section`") becomes an enum with
//!   one variant per value and an `Unknown(String)` variant that keeps any other value as sent
//!   (so a list the words leave incomplete never fails a request or a response, and a value
//!   round-trips byte for byte). Examples ("for example `web`, `api`", "such as") and open lists
//!   ("`registered`, `in-progress`, or a resolution state") are not sets. `spec/overrides.yaml`
//!   (`prose:` with `values:`) gives the set where the words name it elsewhere (`role`).
//! - **Conditional requirements**: a request field whose description says it "Must be present
//!   for comment and note message types" is required for those values of the struct's
//!   `message_type` enum. The struct gets one "at least one of" alternative per value, titled
//!   ``message_type: `comment` ``, so [`super::constructors`] names its constructors after the
//!   values (`comment(admin_id, body)`, `quick_reply(admin_id, reply_options)`) and a comment
//!   cannot be built without its body.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    Api, EnumDef, EnumVariant, Gate, Presence, ProseFinding, ProseOutcome, Ty, TypeDef, TypeId,
    TypeKind,
};
use crate::naming;
use crate::overrides::{self, Overrides};

/// One value of a listed set: quoted (backticks, double or single quotes), identifier-like.
const ITEM: &str =
    r#"(?:(?:a|an|the)\s+)?(?:`[A-Za-z0-9_.\-]+`|"[A-Za-z0-9_.\-]+"|'[A-Za-z0-9_.\-]+')"#;

/// Sentences that list every value a field takes (whole sentence, case-insensitive).
static SET_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    let sep = r"(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s*/\s*)";
    let intro = r"(?:.*?\b(?:possible values(?:\s+(?:include|are))?|allowed values(?:\s+are)?|values(?:\s+are)?|one of|accepts|can be set to|can (?:either )?be|either)\s*:?\s+)?";
    Regex::new(&format!(r"(?i)^{intro}(?P<list>{ITEM}(?:{sep}{ITEM})+)$"))
        .expect("valid set pattern")
});

/// Words that make a list examples, not a set.
static EXAMPLES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:for example|for instance|such as|e\.g\.?|typically|like)\b")
        .expect("valid examples pattern")
});

/// One quoted value.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"`([^`]+)`|"([^"]+)"|'([^']+)'"#).expect("valid quote pattern"));

/// Where a description is cut into sentences.
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.\s+|\n+").expect("valid break pattern"));

/// The values a sentence of `text` lists as the whole set a field takes, in order.
pub fn read_values(text: &str) -> Option<Vec<String>> {
    for sentence in SENTENCE_BREAK.split(text) {
        let sentence = sentence.trim().trim_end_matches('.').trim();
        if EXAMPLES.is_match(sentence) {
            continue;
        }
        let Some(c) = SET_SENTENCE.captures(sentence) else {
            continue;
        };
        let list = c.name("list")?.as_str();
        let mut values: Vec<String> = Vec::new();
        for piece in QUOTED.captures_iter(list) {
            let v = (1..=3)
                .find_map(|i| piece.get(i))
                .map(|m| m.as_str().to_string())?;
            if v != "null" && !values.contains(&v) {
                values.push(v);
            }
        }
        if values.len() >= 2 {
            return Some(values);
        }
    }
    None
}

/// The values of the enum field named `field` a description makes this field required for
/// ("Must be present for comment and note message types" with `message_type`).
pub fn read_required_when(text: &str, field: &str, values: &[String]) -> Option<Vec<String>> {
    let words = field.replace('_', "[ _]");
    let pattern = Regex::new(&format!(
        r"(?i)must be (?:present|provided|set|given|included) (?:for|with|when sending|when using) (?:the |a |an )?(?P<list>.+?) (?:{words})s?$"
    ))
    .ok()?;
    for sentence in SENTENCE_BREAK.split(text) {
        let sentence = sentence.trim().trim_end_matches('.').trim();
        let Some(c) = pattern.captures(sentence) else {
            continue;
        };
        let list = c.name("list")?.as_str();
        let said: Vec<String> = list
            .split([',', '/'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" or "))
            .map(|p| p.trim().trim_matches(['`', '"', '\'']).to_string())
            .filter(|p| !p.is_empty())
            .collect();
        if !said.is_empty() && said.iter().all(|s| values.contains(s)) {
            return Some(said);
        }
    }
    None
}

/// Turns every string field whose words (or an override) list its values into an enum.
pub fn closed_sets(
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
        let mut changes = Vec::new();
        for (fi, f) in st.fields.iter().enumerate() {
            let at = child(&child(&origin, "properties"), &f.wire);
            let declared = overrides.prose.get(&at);
            let (values, evidence) = match declared {
                Some(o) if o.ignore => continue,
                Some(o) if o.values.is_some() => {
                    used.insert(at.clone());
                    (
                        o.values.clone().unwrap_or_default(),
                        format!("override: {}", o.because.trim()),
                    )
                }
                _ => match f.doc.as_deref().and_then(read_values) {
                    Some(values) => (
                        values,
                        super::prose::evidence(f.doc.as_deref().unwrap_or("")),
                    ),
                    None => continue,
                },
            };
            if f.ty != Ty::String {
                let enum_values: Option<Vec<&str>> =
                    f.ty.named().and_then(|id| match &api.ty(id).kind {
                        TypeKind::Enum(e) => {
                            Some(e.variants.iter().map(|v| v.wire.as_str()).collect())
                        }
                        _ => None,
                    });
                let outcome = match enum_values {
                    Some(ev)
                        if values.iter().all(|v| ev.contains(&v.as_str()))
                            && ev.len() == values.len() =>
                    {
                        ProseOutcome::AlreadyTyped
                    }
                    _ if declared.is_some() => {
                        diagnostics.error(
                            child(&child(&format!("{}#", overrides::FILE), "prose"), &at),
                            "`values` is for a string field",
                        );
                        continue;
                    }
                    // An enum with other values, or not a string: the schema is kept.
                    Some(_) => ProseOutcome::Contradicted,
                    None => continue,
                };
                findings.push(ProseFinding {
                    at,
                    pin: set_pin(&f.wire, &values),
                    evidence,
                    outcome,
                });
                continue;
            }
            changes.push((fi, at, values, evidence));
        }
        for (fi, at, values, evidence) in changes {
            let TypeKind::Struct(st) = &api.types[index].kind else {
                break;
            };
            let wire = st.fields[fi].wire.clone();
            let id = set_enum(api, TypeId(index), &wire, &values);
            if let TypeKind::Struct(st) = &mut api.types[index].kind {
                st.fields[fi].ty = Ty::Named(id);
            }
            findings.push(ProseFinding {
                at,
                pin: set_pin(&wire, &values),
                evidence,
                outcome: ProseOutcome::Applied,
            });
        }
    }
}

fn set_pin(wire: &str, values: &[String]) -> String {
    let shown: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    format!("`{wire}` is one of {}", shown.join(", "))
}

/// An open enum of `values` for field `wire` of `owner`, in the owner's file and under its gate;
/// or the one made for another field of that name with the same values (the `role` of a contact,
/// of its create and of its update request is one type), then compiled always.
fn set_enum(api: &mut Api, owner: TypeId, wire: &str, values: &[String]) -> TypeId {
    let same = api.types.iter().position(|t| match &t.kind {
        TypeKind::Enum(e) => {
            e.from_prose
                && t.origin.ends_with(&format!("/properties/{wire}"))
                && e.variants.iter().map(|v| &v.wire).eq(values.iter())
        }
        _ => false,
    });
    if let Some(i) = same {
        let usage = api.ty(owner).usage;
        let gate = api.ty(owner).gate.clone();
        let shared = &mut api.types[i];
        shared.usage.request |= usage.request;
        shared.usage.response |= usage.response;
        if shared.gate != gate {
            shared.gate = Gate::Always;
        }
        return TypeId(i);
    }
    let def = api.ty(owner);
    let name = fresh_type_name(api, &naming::inline_type_name(&def.name, wire));
    let names: Vec<String> = values.iter().map(|v| naming::variant_name(v)).collect();
    let (names, _) = naming::dedupe(&names);
    let new = TypeDef {
        name,
        file: def.file.clone(),
        origin: child(&child(&def.origin, "properties"), wire),
        doc: Some(format!(
            "The values `{wire}` takes (listed in its description, or in `spec/overrides.yaml`); \
             any other value is kept as `Unknown`."
        )),
        kind: TypeKind::Enum(EnumDef {
            variants: names
                .into_iter()
                .zip(values)
                .map(|(name, wire)| EnumVariant {
                    name,
                    wire: wire.clone(),
                })
                .collect(),
            from_prose: true,
        }),
        usage: def.usage,
        gate: def.gate.clone(),
        deprecated: false,
    };
    api.types.push(new);
    TypeId(api.types.len() - 1)
}

/// `base`, or `base2`, `base3`, … : the first name no type has.
pub(super) fn fresh_type_name(api: &Api, base: &str) -> String {
    let taken: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    std::iter::once(base.to_string())
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|n| !taken.contains(n.as_str()))
        .unwrap_or_else(|| base.to_string())
}

/// Request structs with a field required only for some values of a kind enum get one
/// alternative per value.
pub fn conditional_requirements(api: &mut Api, findings: &mut Vec<ProseFinding>) {
    for index in 0..api.types.len() {
        let def = &api.types[index];
        let TypeKind::Struct(st) = &def.kind else {
            continue;
        };
        if !def.usage.request || def.usage.response || !st.requires_one_of.is_empty() {
            continue;
        }
        let origin = def.origin.clone();
        // The kind enum: a required field of several values.
        let kinds: Vec<(usize, Vec<String>)> = st
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.required)
            .filter_map(|(i, f)| match f.ty.named().map(|id| &api.ty(id).kind) {
                Some(TypeKind::Enum(e)) if e.variants.len() > 1 => {
                    Some((i, e.variants.iter().map(|v| v.wire.clone()).collect()))
                }
                _ => None,
            })
            .collect();
        for (ki, values) in kinds {
            let kind = st.fields[ki].wire.clone();
            let needs: Vec<(usize, Vec<String>, String)> = st
                .fields
                .iter()
                .enumerate()
                .filter(|(i, f)| *i != ki && !f.required)
                .filter_map(|(i, f)| {
                    let doc = f.doc.as_deref()?;
                    read_required_when(doc, &kind, &values)
                        .map(|when| (i, when, super::prose::evidence(doc)))
                })
                .collect();
            if needs.is_empty() {
                continue;
            }
            let sets: Vec<Vec<String>> = values
                .iter()
                .map(|v| {
                    std::iter::once(kind.clone())
                        .chain(
                            needs
                                .iter()
                                .filter(|(_, when, _)| when.contains(v))
                                .map(|(i, _, _)| st.fields[*i].wire.clone()),
                        )
                        .collect()
                })
                .collect();
            for (i, when, evidence) in &needs {
                let shown: Vec<String> = when.iter().map(|v| format!("`{v}`")).collect();
                findings.push(ProseFinding {
                    at: child(&child(&origin, "properties"), &st.fields[*i].wire),
                    pin: format!(
                        "`{}` is required when `{kind}` is {}",
                        st.fields[*i].wire,
                        shown.join(" or ")
                    ),
                    evidence: evidence.clone(),
                    outcome: ProseOutcome::Applied,
                });
            }
            let names: Vec<String> = sets.iter().flatten().cloned().collect();
            let TypeKind::Struct(st) = &mut api.types[index].kind else {
                break;
            };
            st.one_of_titles = values
                .iter()
                .map(|v| Some(format!("{kind}: `{v}`")))
                .collect();
            st.requires_one_of = sets;
            for f in &mut st.fields {
                if names.contains(&f.wire) {
                    f.required = false;
                    f.presence = Presence::Optional;
                }
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests;
