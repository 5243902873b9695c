//! Unit tests of the rules that make the types say what the API does where the description says
//! it only in words or not at all: pins and identities from prose, timestamps, unions of one
//! item or a page, and runtime types asked for by patches.

use crate::ir::{
    Api, BodyStyle, Operation, Presence, ProseOutcome, Ty, TypeDef, TypeKind, UnionRepr,
};
use crate::test_support::{fixture, lower_text, ty};

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn field<'a>(def: &'a TypeDef, wire: &str) -> &'a crate::ir::Field {
    let TypeKind::Struct(st) = &def.kind else {
        panic!("{} is not a struct", def.name);
    };
    st.fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{} has no {wire}", def.name))
}

fn outcomes(api: &Api) -> Vec<(String, ProseOutcome)> {
    api.prose
        .iter()
        .map(|p| {
            let at =
                p.at.rsplit_once("schemas/")
                    .map_or(p.at.as_str(), |(_, r)| r);
            (at.to_string(), p.outcome)
        })
        .collect()
}

#[test]
fn pins_fill_request_fields_and_identities_get_constructors() {
    let api = fixture("prose");
    let item = ty(&api, "UntagCompanyRequestCompaniesItem");
    let untag = field(item, "untag");
    assert_eq!((&untag.ty, untag.presence), (&Ty::True, Presence::Lenient));
    let TypeKind::Struct(st) = &item.kind else {
        unreachable!()
    };
    assert_eq!(
        st.requires_one_of,
        [vec!["id".to_string()], vec!["company_id".to_string()]]
    );
    // A one-value enum the request may leave out: now always sent.
    let request = ty(&api, "UntagCompanyRequest");
    assert_eq!(field(request, "source").presence, Presence::Lenient);
    // "either `blocks` or `markdown`": constructors, so the body is one argument.
    let TypeKind::Struct(snippet) = &ty(&api, "SnippetRequest").kind else {
        unreachable!()
    };
    assert_eq!(
        snippet.requires_one_of,
        [vec!["blocks".to_string()], vec!["markdown".to_string()]]
    );
    assert!(matches!(
        op(&api, "createSnippet").body.as_ref().map(|b| &b.style),
        Some(BodyStyle::Whole { optional: false })
    ));
    // "The value must be user": no argument, always in the query.
    let events = op(&api, "listEvents");
    assert_eq!(
        events.fixed_query,
        [("type".to_string(), "user".to_string())]
    );
    assert!(!events.params.iter().any(|p| p.wire == "type"));
    assert!(events.params.iter().any(|p| p.wire == "kind"));
    assert_eq!(
        outcomes(&api),
        [
            ("snippet_request".to_string(), ProseOutcome::Applied),
            ("tag".to_string(), ProseOutcome::ResponseOnly),
            (
                "tag/properties/type".to_string(),
                ProseOutcome::ResponseOnly
            ),
            (
                "untag_company_request/properties/channel".to_string(),
                ProseOutcome::Contradicted
            ),
            (
                "untag_company_request/properties/companies/items".to_string(),
                ProseOutcome::Applied
            ),
            (
                "untag_company_request/properties/companies/items/properties/untag".to_string(),
                ProseOutcome::Applied
            ),
            (
                "untag_company_request/properties/locale".to_string(),
                ProseOutcome::Contradicted
            ),
            (
                "untag_company_request/properties/source".to_string(),
                ProseOutcome::Applied
            ),
            (
                "#/paths/~1events/get/parameters/kind".to_string(),
                ProseOutcome::LeftOptional
            ),
            (
                "#/paths/~1events/get/parameters/type".to_string(),
                ProseOutcome::Applied
            ),
        ]
    );
}

#[test]
fn prose_overrides_add_pins_and_identities_and_ignore_sentences() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/prose.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let overrides = r##"
prose:
  "#/components/schemas/untag_company_request/properties/companies/items/properties/untag":
    ignore: true
    because: a test
  "#/components/schemas/untag_company_request/properties/name":
    constant: Independent
    because: a test
  "#/components/schemas/tag":
    one_of: [[contact], [company]]
    because: a test
"##;
    let (api, d) = lower_text(&text, overrides);
    assert!(!d.has_errors(), "{d}");
    let item = ty(&api, "UntagCompanyRequestCompaniesItem");
    assert_eq!(field(item, "untag").ty, Ty::Boolean);
    let name = field(ty(&api, "UntagCompanyRequest"), "name");
    assert!(
        matches!(&name.ty, Ty::Named(id) if matches!(&api.ty(*id).kind, TypeKind::Enum(e) if e.variants[0].wire == "Independent"))
    );
    let untag = api
        .prose
        .iter()
        .find(|p| p.at.ends_with("untag"))
        .expect("reported");
    assert_eq!(untag.outcome, ProseOutcome::Ignored);
    assert_eq!(untag.evidence, "override: a test");

    let dangling = "prose:\n  \"#/nope\": {constant: x, because: b}\n";
    let (_, d) = lower_text(&text, dangling);
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(d.to_string().contains("spec/overrides.yaml#/prose"), "{d}");
}

#[test]
fn unix_time_integers_are_timestamps_by_one_rule() {
    let api = fixture("timestamps");
    let company = ty(&api, "Company");
    for wire in [
        "created_at",
        "updated_at",
        "remote_created_at",
        "first_open",
    ] {
        assert_eq!(field(company, wire).ty, Ty::Timestamp, "{wire}");
    }
    for wire in [
        "response_time",
        "handling_time",
        "session_count",
        "seen_at_ms",
    ] {
        assert_eq!(field(company, wire).ty, Ty::Integer, "{wire}");
    }
    let body = ty(&api, "ExportRequest");
    assert_eq!(field(body, "created_at_after").ty, Ty::Timestamp);
    assert_eq!(field(body, "created_at_before").ty, Ty::Timestamp);
    let export = op(&api, "createExport");
    let param = |wire: &str| {
        export
            .params
            .iter()
            .find(|p| p.wire == wire)
            .map(|p| p.ty.clone())
    };
    assert_eq!(param("updated_since"), Some(Ty::Timestamp));
    // A text query parameter documented as a unix timestamp.
    assert_eq!(param("created_at_after"), Some(Ty::Timestamp));
    assert_eq!(param("per_page"), Some(Ty::Integer));
    let t = &api.timestamps;
    assert_eq!(t.by_format, 1);
    let evidence: Vec<&str> = t.converted.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(
        evidence,
        [
            // company.first_open, .remote_created_at, .updated_at
            "description starts `the first time`",
            "name `…_at`",
            "name `…_at`",
            // the body's bounds
            "name `…_at_after`",
            "name `…_at_before`",
            // the two parameters
            "description says `unix`",
            "description says `unix`",
        ]
    );
    assert_eq!(
        t.kept,
        [(
            "#/components/schemas/company/properties/handling_time".to_string(),
            "the description says `seconds`".to_string()
        )]
    );
}

#[test]
fn timestamp_overrides_decide_and_dangling_ones_are_errors() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/timestamps.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let overrides = r##"
timestamps:
  "#/components/schemas/company/properties/session_count": {timestamp: true, because: t}
  "#/components/schemas/company/properties/updated_at": {timestamp: false, because: f}
"##;
    let (api, d) = lower_text(&text, overrides);
    assert!(!d.has_errors(), "{d}");
    let company = ty(&api, "Company");
    assert_eq!(field(company, "session_count").ty, Ty::Timestamp);
    assert_eq!(field(company, "updated_at").ty, Ty::Integer);
    assert!(
        api.timestamps
            .kept
            .iter()
            .any(|(at, why)| at.ends_with("updated_at") && why == "override: f")
    );
    let (_, d) = lower_text(
        &text,
        "timestamps:\n  \"#/nope\": {timestamp: true, because: b}\n",
    );
    assert_eq!(d.error_count(), 1, "{d}");
}

#[test]
fn a_page_or_one_item_pages_and_tells_them_apart() {
    let api = fixture("one_or_page");
    let companies = op(&api, "findCompanies");
    let paging = companies.paging.as_ref().expect("paged");
    let one = paging.one_or_page.as_ref().expect("one or page");
    assert_eq!(
        (
            one.page_variant.as_str(),
            one.item_variant.as_str(),
            one.item_optional
        ),
        ("CompanyList", "Company", false)
    );
    assert_eq!(paging.items.dotted(), "data");
    let union = api.ty(one.union);
    let TypeKind::Union(u) = &union.kind else {
        panic!("not a union")
    };
    assert_eq!(u.rule, "tag");

    let records = op(&api, "listRecords");
    let paging = records.paging.as_ref().expect("paged");
    let one = paging.one_or_page.as_ref().expect("one or page");
    assert!(one.item_optional, "the list's items are nullable");
    let TypeKind::Union(u) = &api.ty(one.union).kind else {
        panic!("not a union")
    };
    assert_eq!(u.rule, "tag with default");
    assert_eq!(
        u.repr,
        UnionRepr::Tagged {
            property: "type".into()
        }
    );
    let tags: Vec<(&str, Vec<String>)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.clone()))
        .collect();
    assert_eq!(
        tags,
        [
            ("RecordList", vec!["list".to_string()]),
            ("Record", Vec::new())
        ]
    );
}

#[test]
fn patches_ask_for_runtime_types_by_name() {
    let api = fixture("event_metadata");
    assert_eq!(field(ty(&api, "Event"), "metadata").ty, Ty::EventMetadata);
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/event_metadata.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
    .replace("x-rust-type: EventMetadata", "x-rust-type: Mystery");
    let (_, d) = lower_text(&text, "");
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(d.to_string().contains("unknown runtime type"), "{d}");
}

#[test]
fn patches_can_add_schemas_other_patches_refer_to() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/event_metadata.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let overrides = r#"
patches:
  - at: /components/schemas/label
    add: true
    because: a test
    set: {type: object, properties: {text: {type: string}}}
  - at: /components/schemas/event/properties/label
    add: true
    because: a test
    set: {$ref: '#/components/schemas/label'}
"#;
    let (api, d) = lower_text(&text, overrides);
    assert!(!d.has_errors(), "{d}");
    assert!(matches!(field(ty(&api, "Event"), "label").ty, Ty::Named(_)));
    // Adding what exists, or under what does not, is an error.
    let again = "patches:\n  - {at: /components/schemas/event, add: true, because: b, set: {}}\n  - {at: /nope/x, add: true, because: b, set: {}}\n";
    let (_, d) = lower_text(&text, again);
    assert_eq!(d.error_count(), 2, "{d}");
}
