//! Unit tests of the cross-check: walking an overlay, checking corrections, weighing answers.

use super::{Table, Verdict, cross_check};
use crate::diagnostics::Diagnostics;
use crate::{Input, Overlay};

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /companies:
    get:
      operationId: findCompanies
      tags: [Companies]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: company_id, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/company_list'}
  /notes:
    get:
      operationId: listNotes
      tags: [Notes]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/note_list'}
components:
  schemas:
    company:
      type: object
      required: [id]
      properties:
        type: {type: string, enum: [company]}
        id: {type: string}
        name: {type: string}
        labels: {type: object, additionalProperties: {type: string}}
    company_list:
      type: object
      properties:
        type: {type: string, enum: [list]}
        pages: {type: object, properties: {page: {type: integer}, total_pages: {type: integer}}}
        data: {type: array, items: {$ref: '#/components/schemas/company'}}
    note_list:
      type: object
      properties:
        data: {type: array, items: {type: string}}
"#;

const OVERLAY: &str = r#"
paths:
  /companies:
    get:
      x-fern-sdk-group-name: [companies]
      x-fern-sdk-method-name: find
      x-fern-pagination:
        offset: $request.page
        results: $response.data
      parameters:
        - {name: Intercom-Version, in: header, schema: {type: string}}
        - {name: company_id, in: query, required: false, schema: {type: string}}
        - {name: tag_id, in: query, schema: {type: string}}
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: null
                oneOf:
                  - $ref: '#/components/schemas/company'
                  - $ref: '#/components/schemas/company_list'
  /notes:
    get:
      x-fern-pagination:
        offset: $request.page
        results: $response.data
  /gone:
    delete: null
components:
  schemas:
    company:
      required: [id, name]
      properties:
        labels:
          additionalProperties: true
        type:
          x-fern-enum: {company: {name: Company}}
    ticket:
      required: [id]
x-fern-mystery: 1
"#;

/// Lowers `SPEC` and cross-checks `OVERLAY` with `answers` (YAML of one `fern:` entry).
fn run(answers: &str) -> (Table, Diagnostics) {
    let overrides = format!("fern:\n  t:\n{}", indent(answers));
    let out = crate::lower(&Input {
        spec: SPEC.as_bytes(),
        version: "t",
        header: "t",
        sha256: "0",
        overrides: &overrides,
        strict: true,
        webhooks: false,
        overlay: Some(Overlay {
            key: "t",
            path: "fern/o.yml",
            bytes: OVERLAY.as_bytes(),
        }),
    });
    (out.crosscheck.expect("cross-checked"), out.diagnostics)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

fn verdicts(table: &Table) -> Vec<(&str, Verdict)> {
    table
        .rows
        .iter()
        .map(|r| (r.id.as_str(), r.verdict))
        .collect()
}

#[test]
fn every_correction_is_checked_and_naming_is_counted_apart() {
    let (table, d) = run("{}");
    assert_eq!(
        verdicts(&table),
        [
            ("GET /companies pagination", Verdict::Agreed),
            ("GET /companies parameter company_id", Verdict::Agreed),
            ("GET /companies parameter tag_id", Verdict::Unaccounted),
            ("GET /companies response 200", Verdict::Unaccounted),
            ("GET /notes pagination", Verdict::Unaccounted),
            ("DELETE /gone removed", Verdict::NotApplicable),
            ("company required id", Verdict::Agreed),
            ("company required name", Verdict::Unaccounted),
            ("company.labels additionalProperties", Verdict::Unaccounted),
            ("ticket required id", Verdict::NotApplicable),
            ("unknown x-fern-mystery", Verdict::Unaccounted),
        ]
    );
    // Each unaccounted correction is an error naming it and where it is in the overlay.
    assert_eq!(d.error_count(), 6, "{d}");
    let text = d.to_string();
    assert!(
        text.contains("`GET /companies response 200` is unaccounted for (the crate: the crate decodes `company_list`)"),
        "{text}"
    );
    assert!(
        text.contains("fern/o.yml#/paths/~1companies/get/responses/200"),
        "{text}"
    );
    assert!(
        text.contains("values are BTreeMap<String, String>"),
        "{text}"
    );
    // SDK names (group, method, enum name, the version header) are not corrections.
    assert_eq!(
        table.other,
        [("SDK names".to_string(), 4)],
        "{:?}",
        table.other
    );
}

#[test]
fn answers_decline_and_apply_and_stale_ones_are_errors() {
    let answers = r#"
applied:
  GET /companies pagination: a paging declaration of ours
declined:
  GET /companies parameter tag_id: not documented
  GET /companies response 200: evidence
  GET /notes: no pages in the answer
  company required: kept optional
  company.labels additionalProperties: strings only
  unknown: a test
"#;
    let (table, d) = run(answers);
    assert!(!d.has_errors(), "{d}");
    assert_eq!(table.count(Verdict::Unaccounted), 0);
    assert_eq!(table.count(Verdict::Applied), 1);
    assert_eq!(table.count(Verdict::Declined), 6);
    // `company required id` agrees: the prefix answer declines only `name`.
    assert_eq!(table.count(Verdict::Agreed), 2);
    let declined = table
        .rows
        .iter()
        .find(|r| r.id == "company required name")
        .expect("row");
    assert_eq!(declined.note, "optional (`Option<T>`) — kept optional");

    // An answer for nothing, a decline of what agrees, an "applied" that is not.
    let stale = r#"
applied:
  GET /notes pagination: it pages
declined:
  GET /companies parameter company_id: no
  nothing here: at all
"#;
    let (_, d) = run(stale);
    let text = d.to_string();
    assert!(
        text.contains(
            "declines `GET /companies parameter company_id`, which the crate agrees with"
        ),
        "{text}"
    );
    assert!(
        text.contains("spec/overrides.yaml#/fern/t/declined/nothing here"),
        "{text}"
    );
    assert!(
        text.contains("`GET /notes pagination` is unaccounted for"),
        "{text}"
    );
}

#[test]
fn overlays_that_are_not_yaml_are_reported() {
    let mut d = Diagnostics::new();
    let api = crate::lower(&Input {
        spec: SPEC.as_bytes(),
        version: "t",
        header: "t",
        sha256: "0",
        overrides: "",
        strict: true,
        webhooks: false,
        overlay: None,
    })
    .api
    .expect("lowers");
    let table = cross_check(
        &api,
        "fern/o.yml",
        b"paths: [",
        "t",
        &crate::overrides::Overrides::default(),
        &mut d,
    );
    assert!(table.rows.is_empty());
    assert_eq!((d.error_count(), d.warning_count()), (0, 1), "{d}");
}
