//! Types matched by Rust name: shape, struct fields (by JSON key), enum values (by wire value),
//! union variants (by Rust name), alias targets.

use std::collections::BTreeMap;

use super::rust;
use super::{Change, ChangeKind, Impact, Section, TypeDiff, TypeRef};
use crate::ir::{Api, EnumDef, Field, StructDef, TypeDef, TypeKind, UnionDef};

/// Types added, removed and changed, sorted by name; a type renamed (see [`renames`]) is a
/// changed type whose first change is the rename.
pub(super) fn compare(
    old: &Api,
    new: &Api,
    renames: &BTreeMap<String, String>,
) -> Section<TypeRef, TypeDiff> {
    let before = by_name(old);
    let after = by_name(new);
    let renamed_from: BTreeMap<&str, &str> = renames
        .iter()
        .map(|(from, to)| (to.as_str(), from.as_str()))
        .collect();
    let mut out = Section::default();
    for (name, def) in &before {
        if !after.contains_key(name) && !renames.contains_key(*name) {
            out.removed.push(reference(def));
        }
    }
    for (name, def) in &after {
        let (old_def, rename) = match (before.get(name), renamed_from.get(name)) {
            (Some(old_def), _) => (old_def, None),
            (None, Some(from)) => (&before[from], Some(*from)),
            (None, None) => {
                out.added.push(reference(def));
                continue;
            }
        };
        let mut changes = changes(old, old_def, new, def);
        if let Some(from) = rename {
            let mut change = Change::breaking(
                ChangeKind::TypeRenamed,
                "",
                format!("renamed from `{from}` (same shape)"),
            );
            change.key = Some(rename_key(from, name));
            changes.insert(0, change);
        }
        if !changes.is_empty() {
            out.changed.push(TypeDiff {
                after: reference(def),
                changes,
            });
        }
    }
    out
}

/// The group key of a rename and the changes that only follow it.
pub(super) fn rename_key(from: &str, to: &str) -> String {
    format!("type `{from}` renamed `{to}`")
}

/// Types only the older version has, paired with the type of the same shape only the newer one
/// has (`old name → new name`): same fields (JSON key, Rust type, required, nullable), enum
/// values, union variants or alias target. Only unambiguous pairs: a shape that several removed
/// or several added types share is not a rename.
///
/// Shapes name the types they hold, so renames are found in rounds: a type holding a renamed
/// type is compared with that rename applied (`Thing { state: ThingState }` → `Widget { state:
/// WidgetState }`).
pub(super) fn renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let before = by_name(old);
    let after = by_name(new);
    let removed: Vec<&TypeDef> = before
        .iter()
        .filter(|(n, _)| !after.contains_key(*n))
        .map(|(_, d)| *d)
        .collect();
    let added: Vec<&TypeDef> = after
        .iter()
        .filter(|(n, _)| !before.contains_key(*n))
        .map(|(_, d)| *d)
        .collect();
    let mut renames = BTreeMap::new();
    let none = BTreeMap::new();
    let added = shapes(new, &added, &none);
    loop {
        let mut found = 0;
        for (shape, from) in shapes(old, &removed, &renames) {
            if let ([from], Some([to])) = (&from[..], added.get(&shape).map(Vec::as_slice))
                && !renames.contains_key(from)
            {
                renames.insert(from.clone(), to.clone());
                found += 1;
            }
        }
        if found == 0 {
            return renames;
        }
    }
}

/// The names of `defs` by shape, with `renames` applied to the types they hold.
fn shapes(
    api: &Api,
    defs: &[&TypeDef],
    renames: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<String>> {
    let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in defs {
        if let Some(shape) = shape(api, def) {
            let shape = super::rename_words(renames, &shape).0;
            by_shape.entry(shape).or_default().push(def.name.clone());
        }
    }
    by_shape
}

/// A type's shape as text; `None` for one of fewer than two fields, values or variants, too
/// little evidence of a rename (two unrelated one-value enums are alike).
fn shape(api: &Api, def: &TypeDef) -> Option<String> {
    let mut parts: Vec<String> = match &def.kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}:{}:{}:{}",
                    f.wire,
                    rust::field(api, f),
                    f.required,
                    f.nullable
                )
            })
            .collect(),
        TypeKind::Enum(e) => e.variants.iter().map(|v| v.wire.clone()).collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .map(|v| format!("{}:{}", v.name, rust::ty(api, &v.ty)))
            .collect(),
        TypeKind::Alias(_) => return None,
    };
    if parts.len() < 2 {
        return None;
    }
    parts.sort();
    Some(format!(
        "{} {{{}}}",
        rust::kind_label(&def.kind),
        parts.join(", ")
    ))
}

fn by_name(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types.iter().map(|t| (t.name.as_str(), t)).collect()
}

fn reference(def: &TypeDef) -> TypeRef {
    TypeRef {
        name: def.name.clone(),
        origin: def.origin.clone(),
        usage: def.usage,
    }
}

/// Both sides of a comparison.
struct Pair<'a, T> {
    old_api: &'a Api,
    old: &'a T,
    new_api: &'a Api,
    new: &'a T,
}

fn changes(old_api: &Api, old: &TypeDef, new_api: &Api, new: &TypeDef) -> Vec<Change> {
    let mut out = Vec::new();
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let pair = Pair {
                old_api,
                old: a,
                new_api,
                new: b,
            };
            structs(&pair, new.usage.request, &mut out);
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            enums(a, b, new.usage.response, &mut out);
            openness(old.usage.response, new.usage.response, "enum", &mut out);
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let pair = Pair {
                old_api,
                old: a,
                new_api,
                new: b,
            };
            unions(&pair, &mut out);
            openness(old.usage.response, new.usage.response, "union", &mut out);
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            let (a, b) = (rust::ty(old_api, a), rust::ty(new_api, b));
            if a != b {
                out.push(
                    Change::breaking(
                        ChangeKind::AliasTarget,
                        "",
                        format!("alias of `{a}` → `{b}`"),
                    )
                    .retyped(&new.name, &a, &b),
                );
            }
        }
        (a, b) => out.push(Change::breaking(
            ChangeKind::KindChanged,
            "",
            format!("{} → {}", rust::kind_label(a), rust::kind_label(b)),
        )),
    }
    if old.deprecated != new.deprecated {
        out.push(deprecation("", new.deprecated));
    }
    out
}

/// A deprecation change of the item `member`.
pub(super) fn deprecation(member: &str, now: bool) -> Change {
    Change::compatible(
        ChangeKind::Deprecation,
        member,
        if now {
            "deprecated"
        } else {
            "no longer deprecated"
        },
    )
}

fn structs(pair: &Pair<StructDef>, request: bool, out: &mut Vec<Change>) {
    let (old_api, new_api) = (pair.old_api, pair.new_api);
    let before: BTreeMap<&str, &Field> = pair
        .old
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f))
        .collect();
    for f in &pair.old.fields {
        if !pair.new.fields.iter().any(|g| g.wire == f.wire) {
            out.push(Change::breaking(
                ChangeKind::FieldRemoved,
                &f.name,
                format!("field removed (was `{}`)", rust::field(old_api, f)),
            ));
        }
    }
    for f in &pair.new.fields {
        let Some(old) = before.get(f.wire.as_str()) else {
            out.push(field_added(new_api, f, request));
            continue;
        };
        let field_pair = Pair {
            old_api,
            old: *old,
            new_api,
            new: f,
        };
        field(&field_pair, out);
    }
    let (had, has) = (
        rust::has_default(old_api, pair.old),
        rust::has_default(new_api, pair.new),
    );
    if had != has {
        out.push(Change::new(
            Impact::breaking_if(had),
            ChangeKind::Construction,
            "",
            if had {
                "no longer implements `Default`"
            } else {
                "now implements `Default`"
            },
        ));
    }
    let (old_sets, new_sets) = (&pair.old.requires_one_of, &pair.new.requires_one_of);
    if old_sets != new_sets {
        // The `with_…` constructors are named after the keys that tell the sets apart, and take
        // the keys all sets share: old constructors survive only if every old set is still there
        // and the shared keys are the same.
        let kept = old_sets.iter().all(|s| new_sets.contains(s))
            && shared_keys(old_sets) == shared_keys(new_sets);
        out.push(Change::new(
            Impact::breaking_if(!kept),
            ChangeKind::Construction,
            "",
            format!(
                "\"at least one of\" constructors: {} → {}",
                one_of(old_sets),
                one_of(new_sets)
            ),
        ));
    }
}

/// The keys every set of an "at least one of" constraint has.
fn shared_keys(sets: &[Vec<String>]) -> Vec<&String> {
    sets.first()
        .map(|first| {
            first
                .iter()
                .filter(|k| sets.iter().all(|s| s.contains(k)))
                .collect()
        })
        .unwrap_or_default()
}

/// `[email] | [external_id]`, or `none`.
fn one_of(sets: &[Vec<String>]) -> String {
    if sets.is_empty() {
        return "none".into();
    }
    sets.iter()
        .map(|s| format!("[{}]", s.join(", ")))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A new field: breaking when a request type's constructor (or struct literal) now needs it.
fn field_added(api: &Api, f: &Field, request: bool) -> Change {
    let ty = rust::field(api, f);
    if request && !rust::fills_itself(api, f) {
        Change::breaking(
            ChangeKind::FieldAdded,
            &f.name,
            format!("new required field `{ty}` of a request type (a new constructor argument)"),
        )
    } else {
        Change::additive(ChangeKind::FieldAdded, &f.name, format!("new field `{ty}`"))
    }
}

fn field(pair: &Pair<Field>, out: &mut Vec<Change>) {
    let (old, new) = (pair.old, pair.new);
    let member = new.name.as_str();
    if old.name != new.name {
        out.push(Change::breaking(
            ChangeKind::FieldType,
            member,
            format!("Rust name `{}` → `{}`", old.name, new.name),
        ));
    }
    let (old_value, new_value) = (
        rust::field_value(pair.old_api, old),
        rust::field_value(pair.new_api, new),
    );
    let (old_ty, new_ty) = (
        rust::field(pair.old_api, old),
        rust::field(pair.new_api, new),
    );
    if old_value != new_value {
        out.push(
            Change::breaking(
                ChangeKind::FieldType,
                member,
                format!("type `{old_ty}` → `{new_ty}`"),
            )
            .retyped(&new.wire, &old_value, &new_value),
        );
    } else if old_ty != new_ty {
        out.push(Change::breaking(
            ChangeKind::FieldPresence,
            member,
            format!("`{old_ty}` → `{new_ty}` ({})", flags(old, new)),
        ));
    } else if (old.required, old.nullable) != (new.required, new.nullable) {
        out.push(Change::compatible(
            ChangeKind::FieldNullability,
            member,
            format!("{} (Rust type `{new_ty}` unchanged)", flags(old, new)),
        ));
    }
    if old.deprecated != new.deprecated {
        out.push(deprecation(member, new.deprecated));
    }
}

/// What happened to the required and nullable flags: `now required`, `no longer nullable`.
fn flags(old: &Field, new: &Field) -> String {
    let mut parts = Vec::new();
    if old.required != new.required {
        parts.push(if new.required {
            "now required"
        } else {
            "no longer required"
        });
    }
    if old.nullable != new.nullable {
        parts.push(if new.nullable {
            "now nullable"
        } else {
            "no longer nullable"
        });
    }
    if parts.is_empty() {
        // Same flags, other presence: the type moved between request and response use.
        parts.push("used differently by requests and responses");
    }
    parts.join(", ")
}

fn enums(old: &EnumDef, new: &EnumDef, open: bool, out: &mut Vec<Change>) {
    for v in &old.variants {
        if !new.variants.iter().any(|w| w.wire == v.wire) {
            let note = if open {
                "; the value now decodes as `Unknown`"
            } else {
                ""
            };
            out.push(Change::breaking(
                ChangeKind::EnumValueRemoved,
                &v.wire,
                format!("value removed (variant `{}`{note})", v.name),
            ));
        }
    }
    for v in &new.variants {
        if !old.variants.iter().any(|w| w.wire == v.wire) {
            out.push(Change::additive(
                ChangeKind::EnumValueAdded,
                &v.wire,
                format!("value added (variant `{}`)", v.name),
            ));
        }
    }
}

/// An enum or union that starts keeping unknown values gains `Unknown` (and, for a string enum,
/// loses `Copy`); one that stops loses it.
fn openness(was: bool, is: bool, what: &str, out: &mut Vec<Change>) {
    if was == is {
        return;
    }
    let detail = if is {
        format!("now used by responses: the {what} keeps unknown values as `Unknown`")
    } else {
        format!("no longer used by responses: the {what} loses its `Unknown` variant")
    };
    out.push(Change::breaking(ChangeKind::Openness, "", detail));
}

fn unions(pair: &Pair<UnionDef>, out: &mut Vec<Change>) {
    for v in &pair.old.variants {
        if !pair.new.variants.iter().any(|w| w.name == v.name) {
            out.push(Change::breaking(
                ChangeKind::VariantRemoved,
                &v.name,
                format!("variant removed (held `{}`)", rust::ty(pair.old_api, &v.ty)),
            ));
        }
    }
    for v in &pair.new.variants {
        let new_ty = rust::ty(pair.new_api, &v.ty);
        match pair.old.variants.iter().find(|w| w.name == v.name) {
            None => out.push(Change::additive(
                ChangeKind::VariantAdded,
                &v.name,
                format!("variant added (holds `{new_ty}`)"),
            )),
            Some(w) => {
                let old_ty = rust::ty(pair.old_api, &w.ty);
                if old_ty != new_ty {
                    out.push(
                        Change::breaking(
                            ChangeKind::VariantType,
                            &v.name,
                            format!("holds `{old_ty}` → `{new_ty}`"),
                        )
                        .retyped(&v.name, &old_ty, &new_ty),
                    );
                }
            }
        }
    }
}
