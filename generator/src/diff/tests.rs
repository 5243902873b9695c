//! Unit tests of the drift report: one small inline spec, edited once per kind of change, and
//! hand-edited IRs where a spec edit would be roundabout (paging, unions).

use super::operations::blank_path;
use super::{ChangeKind, Diff, Impact, compare, markdown};
use crate::ir::{
    Access, Api, Paging, PagingStyle, Ty, TypeKind, UnionDef, UnionRepr, UnionVariant,
};
use crate::{Input, lower};

/// `GET /things/{id}` returns a `thing`; `POST /things` takes a flattened `create_thing_request`
/// and returns a `thing`.
const BASE: &str = r##"
openapi: 3.0.1
info: {title: test, version: "1"}
tags: [{name: Things}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [Things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, required: false, schema: {type: boolean}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}
        '404': {description: missing}
  /things:
    post:
      operationId: createThing
      tags: [Things]
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/create_thing_request'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}
components:
  schemas:
    thing:
      type: object
      properties:
        id: {type: string}
        owner_id: {type: integer}
        note: {type: string}
        state: {type: string, enum: [open, closed]}
    create_thing_request:
      type: object
      required: [name]
      properties:
        name: {type: string}
        color: {type: string, enum: [red, blue]}
"##;

fn api(text: &str, version: &str) -> Api {
    let out = lower(&Input {
        spec: text.as_bytes(),
        version,
        header: version,
        sha256: "0",
        overrides: "",
        strict: false,
        webhooks: false,
        overlay: None,
    });
    assert!(!out.diagnostics.has_errors(), "{}", out.diagnostics);
    out.api.expect("lowers")
}

/// `BASE` with each `(from, to)` replacement applied (each `from` must occur).
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "BASE has no {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

fn diff(edits: &[(&str, &str)]) -> Diff {
    compare(&api(BASE, "1"), &api(&edited(edits), "2"))
}

/// Every change as `(subject, member, kind, impact)`.
fn flat(d: &Diff) -> Vec<(String, String, ChangeKind, Impact)> {
    d.entries()
        .into_iter()
        .map(|e| (e.subject, e.change.member, e.change.kind, e.change.impact))
        .collect()
}

/// The one change of `kind` on `member`, or a failure listing every change.
fn find(d: &Diff, kind: ChangeKind, member: &str) -> (Impact, String) {
    let hits: Vec<_> = d
        .entries()
        .into_iter()
        .filter(|e| e.change.kind == kind && e.change.member == member)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "{kind:?} on {member:?}: {hits:#?}; all: {:#?}",
        flat(d)
    );
    (hits[0].change.impact, hits[0].change.detail.clone())
}

#[test]
fn identical_descriptions_have_no_changes() {
    let d = diff(&[]);
    assert!(flat(&d).is_empty(), "{:#?}", flat(&d));
    assert_eq!(
        d.summary(),
        "1 → 2: +0 operations, -0, 0 changed; +0 types, -0, 0 changed; 0 breaking changes"
    );
}

#[test]
fn blanks_path_variables() {
    assert_eq!(
        blank_path("/contacts/{contact_id}/notes"),
        "/contacts/{}/notes"
    );
    assert_eq!(blank_path("/a/{x}/{y}"), "/a/{}/{}");
    assert_eq!(blank_path("/unclosed/{x"), "/unclosed/{}");
}

#[test]
fn renamed_path_variable_is_the_same_operation_and_not_breaking() {
    let d = diff(&[
        ("/things/{id}:", "/things/{thing_id}:"),
        ("{name: id, in: path", "{name: thing_id, in: path"),
    ]);
    assert!(d.operations.added.is_empty() && d.operations.removed.is_empty());
    let (impact, detail) = find(&d, ChangeKind::PathVariableRenamed, "{thing_id}");
    assert_eq!(impact, Impact::Compatible);
    assert!(detail.contains("`id` → `thing_id`"), "{detail}");
    let counts = d.counts();
    assert_eq!(
        (
            counts.operations_changed,
            counts.operations_renamed_only,
            counts.breaking
        ),
        (0, 1, 0)
    );
}

#[test]
fn operations_added_and_removed() {
    let d = diff(&[("  /things:\n    post:", "  /widgets:\n    post:")]);
    assert_eq!(d.operations.removed.len(), 1);
    assert_eq!(d.operations.removed[0].endpoint(), "POST /things");
    assert_eq!(d.operations.added[0].endpoint(), "POST /widgets");
    assert_eq!(d.operations.added[0].call, "client.things().create(..)");
    assert_eq!(d.counts().breaking, 1);
    assert!(
        d.summary().contains("+1 operations, -1, 0 changed"),
        "{}",
        d.summary()
    );
}

#[test]
fn new_operation_id_renames_the_method() {
    let d = diff(&[("operationId: getThing", "operationId: archiveThing")]);
    let (impact, detail) = find(&d, ChangeKind::MethodRenamed, "");
    assert_eq!(impact, Impact::Breaking);
    assert!(
        detail.contains("`client.things().get(..)` → `client.things().archive(..)`"),
        "{detail}"
    );
    assert_eq!(
        find(&d, ChangeKind::OperationIdChanged, "").0,
        Impact::Compatible
    );
}

#[test]
fn parameters_added_removed_retyped_and_required() {
    let optional = "        - {name: limit, in: query, required: false, schema: {type: integer}}\n";
    let required = "        - {name: scope, in: query, required: true, schema: {type: string}}\n";
    let d = diff(&[(
        "        - {name: expand, in: query, required: false, schema: {type: boolean}}\n",
        &format!("{optional}{required}"),
    )]);
    assert_eq!(
        find(&d, ChangeKind::ParamAdded, "?limit").0,
        Impact::Additive
    );
    assert_eq!(
        find(&d, ChangeKind::ParamAdded, "?scope").0,
        Impact::Breaking
    );
    assert_eq!(
        find(&d, ChangeKind::ParamRemoved, "?expand").0,
        Impact::Breaking
    );

    let d = diff(&[(
        "{name: expand, in: query, required: false, schema: {type: boolean}}",
        "{name: expand, in: query, required: true, schema: {type: boolean}}",
    )]);
    let (impact, detail) = find(&d, ChangeKind::ParamRequirement, "?expand");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("became a method argument"), "{detail}");

    let d = diff(&[(
        "{name: expand, in: query, required: false, schema: {type: boolean}}",
        "{name: expand, in: query, required: false, schema: {type: integer}}",
    )]);
    let (impact, detail) = find(&d, ChangeKind::ParamType, "?expand");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("`bool` → `i64`"), "{detail}");

    // Path parameters are strings whatever the description says (ids arrive either way), so
    // an integer path variable changes nothing in Rust.
    let d = diff(&[(
        "{name: id, in: path, required: true, schema: {type: string}}",
        "{name: id, in: path, required: true, schema: {type: integer}}",
    )]);
    assert!(flat(&d).is_empty(), "{:#?}", flat(&d));
}

#[test]
fn flattened_body_fields_are_arguments_and_setters() {
    let d = diff(&[(
        "        color: {type: string, enum: [red, blue]}\n",
        "        color: {type: string, enum: [red, blue]}\n        size: {type: integer}\n        shape: {type: string}\n",
    )]);
    assert_eq!(
        find(&d, ChangeKind::ParamAdded, "body.size").0,
        Impact::Additive
    );
    // The request type gained optional fields: additive there too.
    assert_eq!(find(&d, ChangeKind::FieldAdded, "size").0, Impact::Additive);

    let d = diff(&[
        ("required: [name]", "required: [name, size]"),
        (
            "        color: {type: string, enum: [red, blue]}\n",
            "        color: {type: string, enum: [red, blue]}\n        size: {type: integer}\n",
        ),
    ]);
    let (impact, detail) = find(&d, ChangeKind::ParamAdded, "body.size");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("new argument `size: i64`"), "{detail}");
    let (impact, detail) = find(&d, ChangeKind::FieldAdded, "size");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("constructor argument"), "{detail}");
}

#[test]
fn request_body_of_another_type() {
    // The same fields under another name: only the struct's name changed.
    let d = diff(&[
        (
            "$ref: '#/components/schemas/create_thing_request'}}}",
            "$ref: '#/components/schemas/new_thing'}}}",
        ),
        ("    create_thing_request:\n", "    new_thing:\n"),
    ]);
    let (impact, detail) = find(&d, ChangeKind::BodyType, "body");
    assert_eq!(impact, Impact::Compatible);
    assert!(
        detail.contains("`CreateThingRequest` → `NewThing`"),
        "{detail}"
    );
    // The struct itself is a rename (same fields, new name), not a removal and an addition.
    assert!(d.types.removed.is_empty() && d.types.added.is_empty());
    // So is the enum of its `color` field, named after it.
    let renamed: Vec<(String, String)> = d
        .entries()
        .into_iter()
        .filter(|e| e.change.kind == ChangeKind::TypeRenamed)
        .map(|e| (e.subject, e.change.detail))
        .collect();
    assert_eq!(
        renamed,
        [
            (
                "`NewThing`".to_string(),
                "renamed from `CreateThingRequest` (same shape)".to_string()
            ),
            (
                "`NewThingColor`".to_string(),
                "renamed from `CreateThingRequestColor` (same shape)".to_string()
            )
        ]
    );
}

#[test]
fn response_type_and_status_codes() {
    let d = diff(&[(
        "content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}\n        '404'",
        "content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/thing'}}}}\n        '410'",
    )]);
    let (impact, detail) = find(&d, ChangeKind::ResponseType, "");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("`Thing` → `Vec<Thing>`"), "{detail}");
    let (impact, detail) = find(&d, ChangeKind::StatusCodes, "");
    assert_eq!(impact, Impact::Compatible);
    assert!(detail.contains("+410 -404"), "{detail}");
}

#[test]
fn deprecation_is_compatible() {
    let d = diff(&[(
        "operationId: getThing",
        "operationId: getThing\n      deprecated: true",
    )]);
    let (impact, detail) = find(&d, ChangeKind::Deprecation, "");
    assert_eq!(
        (impact, detail.as_str()),
        (Impact::Compatible, "deprecated")
    );
}

#[test]
fn field_removed_retyped_and_newly_required() {
    let d = diff(&[
        ("        note: {type: string}\n", ""),
        ("owner_id: {type: integer}", "owner_id: {type: string}"),
    ]);
    assert_eq!(
        find(&d, ChangeKind::FieldRemoved, "note").0,
        Impact::Breaking
    );
    let (impact, detail) = find(&d, ChangeKind::FieldType, "owner_id");
    assert_eq!(impact, Impact::Breaking);
    assert!(
        detail.contains("`Option<i64>` → `Option<String>`"),
        "{detail}"
    );

    // A response field that becomes required loses its `Option`.
    let d = diff(&[(
        "    thing:\n      type: object\n",
        "    thing:\n      type: object\n      required: [id]\n",
    )]);
    let (impact, detail) = find(&d, ChangeKind::FieldPresence, "id");
    assert_eq!(impact, Impact::Breaking);
    assert!(
        detail.contains("`Option<String>` → `String` (now required)"),
        "{detail}"
    );
}

#[test]
fn nullability_that_keeps_the_rust_type_is_compatible() {
    let d = diff(&[(
        "note: {type: string}",
        "note: {type: string, nullable: true}",
    )]);
    let (impact, detail) = find(&d, ChangeKind::FieldNullability, "note");
    assert_eq!(impact, Impact::Compatible);
    assert!(detail.contains("now nullable"), "{detail}");
    assert_eq!(d.counts().breaking, 0);
}

#[test]
fn new_response_field_is_additive() {
    let d = diff(&[(
        "        note: {type: string}\n",
        "        note: {type: string}\n        size: {type: integer}\n",
    )]);
    assert_eq!(find(&d, ChangeKind::FieldAdded, "size").0, Impact::Additive);
    assert_eq!(d.counts().breaking, 0);
}

#[test]
fn enum_values_added_and_removed() {
    let d = diff(&[
        ("enum: [open, closed]", "enum: [open, snoozed]"),
        ("enum: [red, blue]", "enum: [red, green]"),
    ]);
    // Response enum: a new value is additive, a removed one breaks code naming its variant.
    assert_eq!(
        find(&d, ChangeKind::EnumValueAdded, "snoozed").0,
        Impact::Additive
    );
    let (impact, detail) = find(&d, ChangeKind::EnumValueRemoved, "closed");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("decodes as `Unknown`"), "{detail}");
    // Request enum: same marks, no `Unknown` to fall back on.
    assert_eq!(
        find(&d, ChangeKind::EnumValueAdded, "green").0,
        Impact::Additive
    );
    let (impact, detail) = find(&d, ChangeKind::EnumValueRemoved, "blue");
    assert_eq!(impact, Impact::Breaking);
    assert!(!detail.contains("Unknown"), "{detail}");
}

#[test]
fn type_kind_change_is_breaking() {
    let d = diff(&[(
        "state: {type: string, enum: [open, closed]}",
        "state: {type: object, properties: {open: {type: boolean}}}",
    )]);
    let (impact, detail) = find(&d, ChangeKind::KindChanged, "");
    assert_eq!(impact, Impact::Breaking);
    assert_eq!(detail, "enum → struct");
}

#[test]
fn union_variants_added_removed_and_retyped() {
    let old = api(BASE, "1");
    let mut new = old.clone();
    let union = |variants: Vec<(&str, Ty)>| {
        TypeKind::Union(UnionDef {
            repr: UnionRepr::Kinds,
            variants: variants
                .into_iter()
                .map(|(name, ty)| UnionVariant {
                    name: name.into(),
                    ty,
                    tags: Vec::new(),
                    keys: Vec::new(),
                    doc: None,
                })
                .collect(),
            rule: "kinds",
            conversions: Vec::new(),
            no_conversion: Vec::new(),
            constructors: Vec::new(),
        })
    };
    let mut old = old;
    let i = old
        .types
        .iter()
        .position(|t| t.name == "ThingState")
        .expect("enum");
    old.types[i].kind = union(vec![
        ("Text", Ty::String),
        ("Number", Ty::Integer),
        ("Flag", Ty::Boolean),
    ]);
    new.types[i].kind = union(vec![
        ("Text", Ty::String),
        ("Number", Ty::Number),
        ("List", Ty::Array(Box::new(Ty::String))),
    ]);
    let d = compare(&old, &new);
    assert_eq!(
        find(&d, ChangeKind::VariantRemoved, "Flag").0,
        Impact::Breaking
    );
    let (impact, detail) = find(&d, ChangeKind::VariantType, "Number");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("`i64` → `f64`"), "{detail}");
    assert_eq!(
        find(&d, ChangeKind::VariantAdded, "List").0,
        Impact::Additive
    );
}

#[test]
fn paging_added_removed_and_retyped() {
    let old = api(BASE, "1");
    let paged = |item: Ty| Paging {
        style: PagingStyle::PageNumber,
        cursor: None,
        page: None,
        per_page: None,
        items: Access {
            steps: Vec::new(),
            ty: Ty::Array(Box::new(item.clone())),
        },
        item,
        next_cursor: None,
        has_more: None,
        page_number: None,
        total_pages: None,
        declared: true,
        one_or_page: None,
    };
    let i = old
        .operations
        .iter()
        .position(|o| o.id == "getThing")
        .expect("op");
    let mut new = old.clone();
    new.operations[i].paging = Some(paged(Ty::String));
    let d = compare(&old, &new);
    let (impact, detail) = find(&d, ChangeKind::Paging, "");
    assert_eq!(impact, Impact::Additive);
    assert!(detail.contains("page_number"), "{detail}");

    let d = compare(&new, &old);
    assert_eq!(find(&d, ChangeKind::Paging, "").0, Impact::Breaking);

    let mut other = new.clone();
    other.operations[i].paging = Some(paged(Ty::Integer));
    let d = compare(&new, &other);
    let (impact, detail) = find(&d, ChangeKind::Paging, "");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("`String` → `i64`"), "{detail}");

    if let Some(p) = other.operations[i].paging.as_mut() {
        p.style = PagingStyle::QueryCursor;
        p.item = Ty::String;
    }
    let d = compare(&new, &other);
    assert_eq!(find(&d, ChangeKind::Paging, "").0, Impact::Compatible);
}

#[test]
fn markdown_lists_breaking_changes_first() {
    let d = diff(&[
        ("owner_id: {type: integer}", "owner_id: {type: string}"),
        (
            "        note: {type: string}\n",
            "        note: {type: string}\n        size: {type: integer}\n",
        ),
    ]);
    let text = markdown::render(&d, &d.summary(), &["1: lowered.".to_string()]);
    assert!(text.starts_with("# API drift 1 → 2\n\n1 → 2: "), "{text}");
    assert!(text.contains("1: lowered."), "{text}");
    let breaking = text
        .find("## Breaking changes (1)")
        .expect("breaking section");
    let types = text.find("## Types").expect("types section");
    assert!(breaking < types, "{text}");
    assert!(
        text.contains("- `Thing` `owner_id`: type `Option<i64>` → `Option<String>`"),
        "{text}"
    );
    assert!(
        text.contains("- additive: `size`: new field `Option<i64>`"),
        "{text}"
    );
    // Deterministic.
    assert_eq!(
        text,
        markdown::render(&d, &d.summary(), &["1: lowered.".to_string()])
    );
}

#[test]
fn one_field_retyped_everywhere_is_one_breaking_change_with_its_places() {
    // `owner_id` integer → string in `thing` and in the flattened request body: one change,
    // listed with each place (two types and the request builder's setter).
    let old = edited(&[(
        "name: {type: string}\n        color",
        "name: {type: string}\n        owner_id: {type: integer}\n        color",
    )]);
    let new = old.replace("owner_id: {type: integer}", "owner_id: {type: string}");
    let d = compare(&api(&old, "1"), &api(&new, "2"));
    let groups: Vec<_> = d
        .groups()
        .into_iter()
        .filter(|g| g.impact == Impact::Breaking)
        .collect();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(
        groups[0].key.as_deref(),
        Some("`owner_id`: `i64` → `String`")
    );
    let places: Vec<String> = groups[0]
        .places
        .iter()
        .map(|e| format!("{} {}", e.subject, e.change.member))
        .collect();
    assert_eq!(
        places,
        [
            "`POST /things` body.owner_id",
            "`CreateThingRequest` owner_id",
            "`Thing` owner_id"
        ]
    );
    let c = d.counts();
    assert_eq!((c.breaking, c.breaking_places), (1, 3));
    assert!(
        d.summary().ends_with("; 1 breaking change in 3 places"),
        "{}",
        d.summary()
    );
}

#[test]
fn a_type_of_the_same_shape_under_a_new_name_is_a_rename() {
    // `thing` → `widget`: the type and the operations returning it follow the rename.
    let renamed = BASE
        .replace("schemas/thing'", "schemas/widget'")
        .replace("    thing:\n", "    widget:\n");
    let d = compare(&api(BASE, "1"), &api(&renamed, "2"));
    assert!(
        d.types.removed.is_empty() && d.types.added.is_empty(),
        "{d:#?}"
    );
    // `ThingState` (the inline enum of `thing.state`) follows as `WidgetState`.
    let renamed: Vec<String> = d
        .entries()
        .into_iter()
        .filter(|e| e.change.kind == ChangeKind::TypeRenamed)
        .map(|e| format!("{} {}", e.subject, e.change.detail))
        .collect();
    assert_eq!(
        renamed,
        [
            "`Widget` renamed from `Thing` (same shape)",
            "`WidgetState` renamed from `ThingState` (same shape)"
        ]
    );
    assert_eq!(d.counts().types_renamed, 2);
    // Each rename is one change: `Widget` with the two responses that now return it,
    // `WidgetState` with the field that holds it.
    let breaking: Vec<(Option<String>, usize)> = d
        .groups()
        .into_iter()
        .filter(|g| g.impact == Impact::Breaking)
        .map(|g| (g.key, g.places.len()))
        .collect();
    assert_eq!(
        breaking,
        [
            (Some("type `Thing` renamed `Widget`".to_string()), 3),
            (
                Some("type `ThingState` renamed `WidgetState`".to_string()),
                2
            )
        ],
        "{d:#?}"
    );
    assert!(
        d.summary()
            .ends_with("2 changed (2 renamed); 2 breaking changes in 5 places"),
        "{}",
        d.summary()
    );
    let text = markdown::render(&d, &d.summary(), &[]);
    assert!(
        text.contains(
            "- type `Thing` renamed `Widget`, in 3 places:\n  \
             - `POST /things`: `.send()` returns `Thing` → `Widget`\n  \
             - `GET /things/{id}`: `.send()` returns `Thing` → `Widget`\n  \
             - `Widget`: renamed from `Thing` (same shape)\n"
        ),
        "{text}"
    );
}

#[test]
fn an_operation_called_by_another_method_is_a_rename() {
    // `GET /things/{id}` moves to the `Widgets` tag: same method and path, another method.
    let d = diff(&[
        (
            "tags: [{name: Things}]",
            "tags: [{name: Things}, {name: Widgets}]",
        ),
        (
            "tags: [Things]\n      parameters",
            "tags: [Widgets]\n      parameters",
        ),
    ]);
    let (impact, detail) = find(&d, ChangeKind::MethodRenamed, "");
    assert_eq!(impact, Impact::Breaking);
    assert!(detail.contains("→ `client.widgets()."), "{detail}");
    assert_eq!(d.counts().operations_renamed, 1);
    assert!(
        d.summary().contains("1 changed (1 renamed)"),
        "{}",
        d.summary()
    );
}

#[test]
fn unrelated_one_value_enums_are_not_renames() {
    // A field's one-value enum type replaced by another field's: too little evidence.
    let d = diff(&[(
        "state: {type: string, enum: [open, closed]}",
        "state: {type: string, enum: [open]}\n        kind: {type: string, enum: [x]}",
    )]);
    assert_eq!(d.counts().types_renamed, 0);
}
