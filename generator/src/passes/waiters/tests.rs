//! Unit tests of `crate::passes::waiters`.

use crate::test_support::lower_text;

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: jobs, version: '1'}
paths:
  /jobs/{job_id}:
    get:
      operationId: getJob
      tags: [Jobs]
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
        - {name: app_id, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {status: {type: string}}}
  /jobs/{job_id}/file:
    get:
      operationId: downloadJob
      tags: [Jobs]
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: the file}
  /jobs/{job_id}/name:
    get:
      operationId: getJobName
      tags: [Jobs]
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
"#;

fn lower(overrides: &str) -> (crate::ir::Api, crate::diagnostics::Diagnostics) {
    lower_text(SPEC, overrides)
}

#[test]
fn a_waiter_links_the_status_and_download_operations() {
    let (api, d) = lower("operations: {getJob: {waiter: {download: downloadJob}}}");
    assert!(!d.has_errors(), "{d}");
    let get = api.operations.iter().find(|o| o.id == "getJob").unwrap();
    let waiter = get.waiter.as_ref().expect("waiter");
    assert_eq!(waiter.download_method, "download");
    // The download's `job_id` is the status operation's first parameter.
    assert_eq!(waiter.download_args, [0]);
}

#[test]
fn declarations_that_do_not_fit_are_errors() {
    for (overrides, expected) in [
        (
            "operations: {getJob: {waiter: {download: nope}}}",
            "no download operation `nope`",
        ),
        (
            "operations: {getJob: {waiter: {download: getJobName}}}",
            "does not answer with a file",
        ),
        (
            "operations: {getJobName: {waiter: {download: downloadJob}}}",
            "`status` property",
        ),
    ] {
        let (api, d) = lower(overrides);
        assert!(d.has_errors(), "{overrides}");
        assert!(d.to_string().contains(expected), "{overrides}: {d}");
        assert!(api.operations.iter().all(|o| o.waiter.is_none()));
    }
}
