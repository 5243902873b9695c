//! Unit tests of paging and search lowering: inferred styles and paths, declarations from
//! `spec/overrides.yaml` and their validation, and typed search fields.

use crate::ir::{Api, Input, Operation, PagingStyle, SearchValue, Ty};
use crate::test_support::{fixture, lower_text};

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

fn fixture_text() -> String {
    let path = format!("{}/tests/fixtures/paging.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("fixture")
}

#[test]
fn every_style_is_inferred_with_its_paths() {
    let api = fixture("paging");
    let styles: Vec<(&str, PagingStyle)> = api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.paging_style()))
        .collect();
    let mut styles = styles;
    styles.sort_by_key(|(id, _)| *id);
    assert_eq!(
        styles,
        [
            ("getThing", PagingStyle::None),
            ("listArticles", PagingStyle::PageNumber),
            ("listEvents", PagingStyle::NextCursor),
            ("listNotes", PagingStyle::PageNumber),
            ("listThings", PagingStyle::QueryCursor),
            ("scrollCompanies", PagingStyle::Scroll),
            ("searchThings", PagingStyle::BodyCursor),
        ]
    );

    let list = op(&api, "listThings").paging.as_ref().expect("paged");
    assert_eq!(list.cursor, Some(Input::Param("starting_after".into())));
    assert_eq!(list.per_page, Some(Input::Param("per_page".into())));
    assert_eq!(list.items.dotted(), "data");
    let dotted = |a: &Option<crate::ir::Access>| a.as_ref().map(|a| a.dotted());
    assert_eq!(
        dotted(&list.next_cursor).as_deref(),
        Some("pages.next.starting_after")
    );
    assert_eq!(
        dotted(&list.total_pages).as_deref(),
        Some("pages.total_pages")
    );
    assert!(!list.declared);

    let search = op(&api, "searchThings").paging.as_ref().expect("paged");
    let Some(Input::Body(steps)) = &search.cursor else {
        panic!("body cursor: {:?}", search.cursor)
    };
    let wires: Vec<&str> = steps.iter().map(|s| s.wire.as_str()).collect();
    assert_eq!(wires, ["pagination", "starting_after"]);
    assert!(matches!(&search.per_page, Some(Input::Body(s)) if s.len() == 2));

    let events = op(&api, "listEvents").paging.as_ref().expect("paged");
    assert_eq!(dotted(&events.next_cursor).as_deref(), Some("next_cursor"));
    assert_eq!(dotted(&events.has_more).as_deref(), Some("has_more"));
    assert_eq!(events.items.dotted(), "events");

    // Counters nested in `pages`, or at the top level.
    let articles = op(&api, "listArticles").paging.as_ref().expect("paged");
    assert_eq!(dotted(&articles.page_number).as_deref(), Some("pages.page"));
    let notes = op(&api, "listNotes").paging.as_ref().expect("paged");
    assert_eq!(dotted(&notes.total_pages).as_deref(), Some("total_pages"));
    assert_eq!(notes.per_page, None);

    let scroll = op(&api, "scrollCompanies").paging.as_ref().expect("paged");
    assert_eq!(dotted(&scroll.next_cursor).as_deref(), Some("scroll_param"));
}

/// `listThings` without its paging parameters: paged-looking but undeclared.
fn undeclared_list() -> String {
    fixture_text().replace(
        "      parameters:\n        - {name: starting_after, in: query, schema: {type: string}}\n        - {name: per_page, in: query, schema: {type: integer}}\n",
        "",
    )
}

#[test]
fn paged_looking_responses_without_parameters_are_flagged() {
    let (api, d) = lower_text(&undeclared_list(), "");
    assert_eq!(op(&api, "listThings").paging_style(), PagingStyle::None);
    let warnings: Vec<String> = d.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("declares no paging parameter")
                && w.contains("#/paths/~1things/get")),
        "{warnings:#?}"
    );
}

#[test]
fn declarations_add_the_missing_parameters() {
    let overrides =
        "operations:\n  listThings:\n    paging: {style: query_cursor, reason: undocumented}\n";
    let (api, d) = lower_text(&undeclared_list(), overrides);
    assert!(!d.has_errors(), "{d}");
    assert!(
        !d.iter().any(|w| w.message.contains("declares no paging")),
        "{d}"
    );
    let list = op(&api, "listThings");
    let paging = list.paging.as_ref().expect("declared");
    assert!(paging.declared);
    assert_eq!(paging.style, PagingStyle::QueryCursor);
    let added: Vec<(&str, &Ty)> = list
        .params
        .iter()
        .map(|p| (p.wire.as_str(), &p.ty))
        .collect();
    assert_eq!(
        added,
        [("starting_after", &Ty::String), ("per_page", &Ty::Integer)]
    );
    let doc = list.params[0].doc.as_deref().unwrap_or_default();
    assert!(
        doc.contains("spec/overrides.yaml#/operations/listThings"),
        "{doc}"
    );

    // `none` silences the warning and pages nothing.
    let overrides = "operations:\n  listThings:\n    paging: {style: none, reason: one page}\n";
    let (api, d) = lower_text(&undeclared_list(), overrides);
    assert!(d.is_empty(), "{d}");
    assert_eq!(op(&api, "listThings").paging_style(), PagingStyle::None);
}

#[test]
fn declarations_that_do_not_fit_the_response_are_errors() {
    let cases = [
        // No `next_cursor` in a `pages`-style response.
        (
            "listThings",
            "next_cursor",
            None,
            "the response has no `next_cursor`",
        ),
        // Not a style at all.
        ("listThings", "sideways", None, "unknown style `sideways`"),
        // The named items property is not an array.
        (
            "listThings",
            "query_cursor",
            Some("total_count"),
            "`total_count` is not an array",
        ),
        (
            "listThings",
            "query_cursor",
            Some("nope"),
            "`items: nope` is not a property",
        ),
        // Page numbers need a page count to stop without an extra request.
        ("listEvents", "page_number", None, "needs `total_pages`"),
        // A single object is not a page.
        ("getThing", "query_cursor", None, "no array property"),
    ];
    for (id, style, items, expected) in cases {
        let items = items.map(|i| format!(", items: {i}")).unwrap_or_default();
        let overrides =
            format!("operations:\n  {id}:\n    paging: {{style: {style}{items}, reason: test}}\n");
        let (_, d) = lower_text(&fixture_text(), &overrides);
        let errors: Vec<String> = d
            .iter()
            .filter(|x| x.severity == crate::diagnostics::Severity::Error)
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 1, "{id} {style}: {errors:#?}");
        assert!(
            errors[0].contains(expected)
                && errors[0].contains(&format!("spec/overrides.yaml#/operations/{id}")),
            "{id} {style}: {errors:#?}"
        );
    }
}

#[test]
fn mistyped_cursors_are_not_inferred() {
    // An integer `starting_after` cannot carry the response's string cursor.
    let text = fixture_text().replace(
        "- {name: starting_after, in: query, schema: {type: string}}",
        "- {name: starting_after, in: query, schema: {type: integer}}",
    );
    let (api, _) = lower_text(&text, "");
    assert_eq!(op(&api, "listThings").paging_style(), PagingStyle::None);
    let overrides = "operations:\n  listThings:\n    paging: {style: query_cursor, reason: test}\n";
    let (_, d) = lower_text(&text, overrides);
    assert!(
        d.iter().any(|x| x
            .message
            .contains("query parameter `starting_after` is an integer, expected a string")),
        "{d}"
    );
}

#[test]
fn search_queries_and_typed_fields() {
    let api = fixture("paging");
    let search = op(&api, "searchThings");
    let schema = search.search.as_ref().expect("typed fields");
    assert_eq!(schema.module, "things");
    let fields: Vec<(&str, &str, &str)> = schema
        .fields
        .iter()
        .map(|f| (f.path.as_str(), f.name.as_str(), f.kind.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "ID", "Text"),
            ("created_at", "CREATED_AT", "Date"),
            ("size", "SIZE", "Integer"),
            ("open", "OPEN", "Boolean"),
            ("custom.{name}", "custom", ""),
        ]
    );
    // A placeholder field of several types gets one constructor per type, each of its type's
    // kind.
    let custom = schema.fields.last().expect("custom");
    let variants: Vec<(&str, &str)> = custom
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.kind.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("text", "Text"),
            ("integer", "Integer"),
            ("date", "Date"),
            ("boolean", "Boolean")
        ]
    );
    let date = schema
        .kinds
        .iter()
        .find(|k| k.name == "Date")
        .expect("Date kind");
    let ops: Vec<&str> = date.operators.iter().map(|op| op.as_str()).collect();
    // `!=` is documented as "All except Date".
    assert_eq!(ops, ["=", "IN", "<", ">"]);
    assert_eq!(date.value, SearchValue::Timestamp);
    // The query union and its members became the runtime's query type.
    let body = search.body.as_ref().expect("body");
    let crate::ir::BodyStyle::Flattened(id) = body.style else {
        panic!("flattened body")
    };
    let crate::ir::TypeKind::Struct(st) = &api.ty(id).kind else {
        panic!("struct body")
    };
    let query = st.fields.iter().find(|f| f.wire == "query").expect("query");
    assert_eq!(query.ty, Ty::SearchQuery);
}

#[test]
fn search_field_renames_must_match_the_table() {
    let overrides = "operations:\n  searchThings:\n    search_fields: {sise: size}\n";
    let (_, d) = lower_text(&fixture_text(), overrides);
    assert_eq!(d.error_count(), 1, "{d}");
    assert!(
        d.to_string()
            .contains("`sise` is not in the operation's Accepted Fields table")
    );

    let renamed = fixture_text().replace("| size    ", "| sise    ");
    let (api, d) = lower_text(
        &renamed,
        "operations:\n  searchThings:\n    search_fields: {sise: size}\n",
    );
    assert!(!d.has_errors(), "{d}");
    let schema = op(&api, "searchThings")
        .search
        .as_ref()
        .expect("typed fields");
    assert!(
        schema
            .fields
            .iter()
            .any(|f| f.path == "size" && f.name == "SIZE")
    );
}

#[test]
fn search_field_types_declare_a_fields_types() {
    let declare = |path: &str, types: &str| {
        format!(
            "operations:\n  searchThings:\n    search_field_types:\n      {path}:\n        types: {types}\n        because: test\n"
        )
    };
    // A field the table lacks is added, typed by its value.
    let (api, d) = lower_text(
        &fixture_text(),
        &declare("'extra.{key}'", "[Integer, Boolean]"),
    );
    assert!(!d.has_errors(), "{d}");
    let schema = op(&api, "searchThings").search.as_ref().expect("fields");
    let extra = schema
        .fields
        .iter()
        .find(|f| f.path == "extra.{key}")
        .expect("added");
    assert_eq!(extra.name, "extra");
    assert_eq!(extra.placeholder.as_deref(), Some("key"));
    let names: Vec<&str> = extra.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["integer", "boolean"]);

    // A listed field gets the declared type.
    let (api, d) = lower_text(&fixture_text(), &declare("size", "[String]"));
    assert!(!d.has_errors(), "{d}");
    let schema = op(&api, "searchThings").search.as_ref().expect("fields");
    let size = schema
        .fields
        .iter()
        .find(|f| f.path == "size")
        .expect("size");
    assert_eq!(size.kind, "Text");

    // Agreeing with the table, or an unknown type word, is an error.
    for (path, types, expected) in [
        ("size", "[Integer]", "already gives `size` these types"),
        ("size", "[Number]", "`Number` is not a search field type"),
    ] {
        let (_, d) = lower_text(&fixture_text(), &declare(path, types));
        assert!(d.has_errors(), "{path} {types}");
        assert!(d.to_string().contains(expected), "{d}");
    }
}
