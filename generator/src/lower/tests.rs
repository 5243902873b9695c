//! Unit tests of the lower phase: the IR decisions for the fixture specs and small inline specs.

use crate::ir::{Api, BodyMedia, BodyStyle, Gate, ResponseKind, Ty, TypeKind, UnionDef, UnionRepr};
use crate::test_support::{fixture, lower_text, ty};
use crate::{Input, lower as run};

fn union<'a>(api: &'a Api, name: &str) -> &'a UnionDef {
    match &ty(api, name).kind {
        TypeKind::Union(u) => u,
        other => panic!("{name} is not a union: {other:?}"),
    }
}

fn fields(api: &Api, name: &str) -> Vec<(String, bool, bool)> {
    match &ty(api, name).kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.required, f.nullable))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

#[test]
fn tag_union_by_single_value_property() {
    let api = fixture("oneof_tag");
    let op = &api.operations[0];
    let Some(body) = &op.body else { panic!("body") };
    let Ty::Named(id) = &body.ty else {
        panic!("named body")
    };
    let u = match &api.ty(*id).kind {
        TypeKind::Union(u) => u,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        u.repr,
        UnionRepr::Tagged {
            property: "message_type".into()
        }
    );
    let v: Vec<(&str, Vec<String>)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.clone()))
        .collect();
    assert_eq!(
        v,
        [
            ("Close", vec!["close".to_string()]),
            ("Snooze", vec!["snoozed".to_string()])
        ]
    );
    // The response union is tagged by `type`, with variants named by their titles.
    let event = union(&api, "Event");
    assert_eq!(
        event.repr,
        UnionRepr::Tagged {
            property: "type".into()
        }
    );
    assert_eq!(event.variants[1].name, "Snoozed");
}

#[test]
fn keys_union_by_identifying_property() {
    let api = fixture("oneof_keys");
    let u = union(&api, "ContactReply");
    assert_eq!(u.repr, UnionRepr::Keys);
    let v: Vec<(&str, Vec<String>)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.keys.clone()))
        .collect();
    assert_eq!(
        v,
        [
            ("Email", vec!["email".to_string()]),
            ("UserId", vec!["user_id".to_string()])
        ]
    );
    // allOf inheritance: the base's required `body` is in each member.
    assert!(fields(&api, "ContactReplyEmailRequest").contains(&("body".into(), true, false)));
}

#[test]
fn kinds_union_and_one_or_many() {
    let api = fixture("oneof_kinds");
    let dt = union(&api, "Datetime");
    assert_eq!(dt.repr, UnionRepr::Kinds);
    assert_eq!(
        dt.variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["String", "Integer"]
    );
    let to = union(&api, "MessageRequestTo");
    assert_eq!(
        to.variants
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["One", "Many"]
    );
    assert!(matches!(to.variants[1].ty, Ty::Array(_)));
}

#[test]
fn discriminator_mapping_sends_several_tags_to_one_variant() {
    let api = fixture("discriminator");
    let u = union(&api, "ContentSearchResult");
    assert_eq!(u.rule, "discriminator");
    assert_eq!(u.variants[0].tags, ["snippet", "external_content"]);
    assert_eq!(u.variants[1].tags, ["article"]);
}

#[test]
fn shared_properties_reach_every_union_variant() {
    let api = fixture("allof");
    let u = union(&api, "ReplyTicketRequest");
    assert_eq!(
        u.repr,
        UnionRepr::Tagged {
            property: "type".into()
        }
    );
    for v in &u.variants {
        let Ty::Named(id) = &v.ty else {
            panic!("struct variant")
        };
        let name = &api.ty(*id).name;
        assert!(
            fields(&api, name)
                .iter()
                .any(|f| f.0 == "skip_notifications"),
            "{name} lacks skip_notifications"
        );
    }
    // allOf [$ref base, {…}] merges into one struct, base fields first.
    let wires: Vec<String> = fields(&api, "StringAttribute")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(wires, ["id", "name", "max_length"]);
}

#[test]
fn any_of_required_lists_are_a_constraint() {
    let api = fixture("anyof_required");
    match &ty(&api, "CreateContactRequest").kind {
        TypeKind::Struct(st) => assert_eq!(
            st.requires_one_of,
            [vec!["email".to_string()], vec!["external_id".to_string()]]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn required_and_nullable_are_two_flags() {
    let api = fixture("nullable");
    assert_eq!(
        fields(&api, "Record"),
        [
            ("id".to_string(), true, false),
            ("note".to_string(), true, true),
            ("title".to_string(), false, false),
            ("summary".to_string(), false, true),
            ("owner".to_string(), false, true),
            ("state".to_string(), false, true),
        ]
    );
    // The description beside a nullable `$ref` survives normalization.
    match &ty(&api, "Record").kind {
        TypeKind::Struct(st) => assert!(
            st.fields[4]
                .doc
                .as_deref()
                .is_some_and(|d| d.contains("beside the `$ref`"))
        ),
        _ => unreachable!(),
    }
}

#[test]
fn direct_cycles_are_boxed_and_array_cycles_are_not() {
    let api = fixture("recursion");
    let boxed = |name: &str| match &ty(&api, name).kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .filter(|f| f.boxed)
            .map(|f| f.wire.clone())
            .collect::<Vec<_>>(),
        _ => unreachable!(),
    };
    assert_eq!(boxed("Node"), ["child"]);
    assert!(boxed("Wrapper").is_empty());
    assert!(boxed("Query").is_empty());
}

#[test]
fn parameters_bodies_and_response_kinds() {
    let api = fixture("params");
    let op = |id: &str| {
        api.operations
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let get = op("getItem");
    // Integer path id typed as a string; the client-level header is not a parameter.
    assert_eq!(get.params[0].ty, Ty::String);
    assert!(get.params.iter().all(|p| p.wire != "Intercom-Version"));
    let states = get
        .params
        .iter()
        .find(|p| p.wire == "states")
        .expect("states");
    assert!(!states.explode);
    // A plain struct body is flattened into the builder.
    assert!(matches!(
        op("updateItem").body.as_ref().map(|b| &b.style),
        Some(BodyStyle::Flattened(_))
    ));
    assert_eq!(op("updateItem").success.kind, ResponseKind::Empty);
    // A multipart body: its binary property is a file part, the others form fields.
    let upload = op("uploadAttachment").body.as_ref().expect("upload body");
    assert_eq!(upload.media, BodyMedia::Multipart);
    let Some(TypeKind::Struct(form)) = upload.ty.named().map(|id| &api.ty(id).kind) else {
        panic!("the upload body is a struct");
    };
    let kinds: Vec<_> = form
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), &f.ty))
        .collect();
    assert_eq!(kinds[0], ("file", &Ty::File));
    assert_eq!(kinds[1], ("part_number", &Ty::Integer));
    let download = op("downloadExport");
    assert_eq!(download.success.kind, ResponseKind::Binary);
    assert_eq!(download.params[0].wire, "job_identifier");
    assert_eq!(
        download.headers,
        [("Accept".to_string(), "application/octet-stream".to_string())]
    );
    let transcript = op("getTranscript");
    assert_eq!(transcript.success.kind, ResponseKind::Text);
    assert_eq!(
        transcript.headers,
        [("Accept".to_string(), "text/plain".to_string())]
    );
    assert_eq!(op("getRecording").success.kind, ResponseKind::Redirect);
    let filter = op("listEvents")
        .params
        .iter()
        .find(|p| p.wire == "filter")
        .expect("filter");
    assert!(filter.explode && filter.required);
}

#[test]
fn names_from_rules_and_typo_fixes() {
    let api = fixture("naming");
    let methods: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.resource.as_str(), o.method_name.as_str()))
        .collect();
    // `lisThings` → `list`; the two-tag operation lives in the resource of its path.
    assert!(methods.contains(&("things", "list")), "{methods:?}");
    assert!(methods.iter().any(|(r, _)| *r == "things"));
    let variants: Vec<String> = match &ty(&api, "ThingOperator").kind {
        TypeKind::Enum(e) => e.variants.iter().map(|v| v.name.clone()).collect(),
        _ => unreachable!(),
    };
    assert_eq!(
        variants,
        [
            "Equals",
            "NotEquals",
            "Contains",
            "NotContains",
            "In",
            "NotIn",
            "LessThanOrEquals"
        ]
    );
    // A response-only type tag is a plain string.
    assert!(!api.types.iter().any(|t| t.name == "ThingListType"));
}

const TWO_RESOURCES: &str = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      tags: [A]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/only_a'}}}}
  /b:
    get:
      operationId: getB
      tags: [B]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/shared'}}}}
    post:
      operationId: createB
      tags: [B]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/shared'}}}}
components:
  schemas:
    only_a: {type: object, properties: {s: {$ref: '#/components/schemas/shared'}}}
    shared: {type: object, properties: {x: {type: string}}}
    orphan: {type: object, properties: {a: {$ref: '#/components/schemas/only_a'}}}
"#;

#[test]
fn feature_gates_follow_reachability() {
    let (api, _) = lower_text(TWO_RESOURCES, "");
    assert_eq!(ty(&api, "OnlyA").gate, Gate::AnyOf(vec!["a".into()]));
    assert_eq!(ty(&api, "Shared").gate, Gate::Always);
    assert_eq!(ty(&api, "Orphan").gate, Gate::AllOf(vec![vec!["a".into()]]));
}

#[test]
fn colliding_method_names_fall_back_and_overrides_win() {
    // `getB` and `retrieveB` both read as `b.get()`: both give way to their operationIds.
    let text = TWO_RESOURCES
        .replace("operationId: createB", "operationId: retrieveB")
        .replace("post:", "put:");
    let (api, d) = lower_text(&text, "");
    let mut b: Vec<&str> = api
        .operations
        .iter()
        .filter(|o| o.resource == "b")
        .map(|o| o.method_name.as_str())
        .collect();
    b.sort();
    assert_eq!(b, ["get_b", "retrieve_b"]);
    assert_eq!(d.warning_count(), 2, "{d}");
    // An override names one of them; the other keeps the rule's name.
    let (api, d) = lower_text(&text, "operations:\n  retrieveB: {method: replace}\n");
    assert!(d.is_empty(), "{d}");
    let mut b: Vec<&str> = api
        .operations
        .iter()
        .filter(|o| o.resource == "b")
        .map(|o| o.method_name.as_str())
        .collect();
    b.sort();
    assert_eq!(b, ["get", "replace"]);
}

#[test]
fn dangling_overrides_are_errors_for_the_pinned_version() {
    let out = run(&Input {
        spec: TWO_RESOURCES.as_bytes(),
        version: "t",
        header: "t",
        sha256: "0",
        overrides: "operations:\n  nope: {method: x}\nschemas:\n  ghost: {name: Ghost}\n",
        strict: true,
        webhooks: false,
        overlay: None,
    });
    assert_eq!(out.diagnostics.error_count(), 2, "{}", out.diagnostics);
}

#[test]
fn broken_input_is_reported_not_panicked() {
    for text in [
        "",
        "not: [yaml",
        "openapi: 3.0.1",
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {responses: {'200': {$ref: '#/components/responses/nope'}}}}}",
        "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {a: {$ref: '#/components/schemas/a'}, b: {allOf: [{$ref: '#/components/schemas/b'}, {type: object}]}}}",
    ] {
        let out = run(&Input {
            spec: text.as_bytes(),
            version: "t",
            header: "t",
            sha256: "0",
            overrides: "",
            strict: true,
            webhooks: false,
            overlay: None,
        });
        assert!(
            out.api.is_some() || out.diagnostics.has_errors(),
            "{text:?}: no API and no error"
        );
    }
}

/// 2.7–2.11 refer to a `custom_attributes` schema they do not define: the property is still
/// custom attributes (as in the versions that define it), other dangling refs any JSON value.
#[test]
fn dangling_custom_attributes_refs_are_custom_attributes() {
    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    conversation:\n      type: object\n      properties:\n        custom_attributes: {$ref: '#/components/schemas/custom_attributes'}\n        other: {$ref: '#/components/schemas/missing', description: gone}\n";
    let (api, d) = lower_text(text, "");
    assert_eq!(d.warning_count(), 2, "{d}");
    let TypeKind::Struct(st) = &ty(&api, "Conversation").kind else {
        panic!("struct");
    };
    let types: Vec<(&str, &Ty)> = st.fields.iter().map(|f| (f.wire.as_str(), &f.ty)).collect();
    assert_eq!(
        types,
        [
            ("custom_attributes", &Ty::CustomAttributes),
            ("other", &Ty::Json)
        ]
    );
}

/// A patch written for a later description does not leave a dangling reference in an earlier one
/// (`ticket.ticket_state` → the `ticket_state` schema, which 2.9–2.11 lack): not applied, and
/// only a warning when the version is not the pinned one.
#[test]
fn patches_for_schemas_a_version_lacks_are_skipped_outside_the_pinned_version() {
    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    ticket:\n      type: object\n      properties:\n        ticket_state: {type: string}\n";
    let overrides = "patches:\n  - at: /components/schemas/ticket/properties/ticket_state\n    reason: r\n    set: {oneOf: [{$ref: '#/components/schemas/ticket_state'}, {type: string}]}\n";
    let out = run(&Input {
        spec: text.as_bytes(),
        version: "old",
        header: "old",
        sha256: "0",
        overrides,
        strict: false,
        webhooks: false,
        overlay: None,
    });
    assert_eq!(
        (
            out.diagnostics.error_count(),
            out.diagnostics.warning_count()
        ),
        (0, 1),
        "{}",
        out.diagnostics
    );
    let api = out.api.expect("lowers");
    assert_eq!(
        fields(&api, "Ticket"),
        [("ticket_state".into(), false, false)]
    );
    let TypeKind::Struct(st) = &ty(&api, "Ticket").kind else {
        panic!("struct");
    };
    assert_eq!(st.fields[0].ty, Ty::String);
}
