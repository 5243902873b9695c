//! Job-status helpers: an operation declared with `waiter` in `spec/overrides.yaml` gives its
//! resource `wait` and `download_when_ready`, checked here against the description.
//!
//! Reads: the status and download operations' parameters and responses; `waiter` of
//! `spec/overrides.yaml`. Writes: [`Operation::waiter`]. Runs after [`super::search`]'s typed fields.

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, Operation, ResponseKind, Ty, TypeKind, Waiter};
use crate::naming::{DOWNLOAD_WHEN_READY, WAIT};
use crate::overrides::{self, Overrides};

/// Resolves every `waiter` declaration; a declaration that does not fit is an error (a warning
/// for versions other than the pinned one) and adds nothing.
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let Some(declared) = overrides
            .operation(Some(&op.id), op.http_method.as_str(), &op.path)
            .and_then(|e| e.waiter.as_ref())
        else {
            continue;
        };
        let at = child(
            &child(&format!("{}#", overrides::FILE), "operations"),
            &op.id,
        );
        match resolve(api, op, &declared.download) {
            Ok(waiter) => api.operations[i].waiter = Some(waiter),
            Err(message) => {
                let message = format!("waiter: {message}");
                overrides.not_applied(diagnostics, at, message);
            }
        }
    }
}

fn resolve(api: &Api, status_op: &Operation, download_id: &str) -> Result<Waiter, String> {
    let has_status = match &status_op.success.kind {
        ResponseKind::Json(Ty::Named(id)) => match &api.ty(*id).kind {
            TypeKind::Struct(st) => st.fields.iter().any(|f| f.wire == "status"),
            _ => false,
        },
        _ => false,
    };
    if !has_status {
        return Err(format!(
            "`{}` must answer with an object that has a `status` property",
            status_op.id
        ));
    }
    let download = api
        .operations
        .iter()
        .find(|o| o.id == download_id)
        .ok_or_else(|| format!("no download operation `{download_id}`"))?;
    if download.resource != status_op.resource {
        return Err(format!(
            "`{download_id}` is in resource `{}`, not `{}`",
            download.resource, status_op.resource
        ));
    }
    if download.success.kind != ResponseKind::Binary {
        return Err(format!("`{download_id}` does not answer with a file"));
    }
    let simple = |ty: &Ty| matches!(ty, Ty::String | Ty::Integer | Ty::Boolean);
    if let Some(p) = status_op
        .params
        .iter()
        .find(|p| p.required && !simple(&p.ty))
    {
        return Err(format!(
            "`{}` has parameter `{}` of a type the helpers cannot repeat",
            status_op.id, p.wire
        ));
    }
    let mut download_args = Vec::new();
    for p in download.params.iter().filter(|p| p.required) {
        let index = status_op
            .params
            .iter()
            .position(|s| s.required && s.wire == p.wire && s.ty == p.ty)
            .ok_or_else(|| {
                format!(
                    "`{download_id}` needs `{}`, which `{}` does not take",
                    p.wire, status_op.id
                )
            })?;
        download_args.push(index);
    }
    for name in [WAIT, DOWNLOAD_WHEN_READY] {
        if api
            .operations
            .iter()
            .any(|o| o.resource == status_op.resource && o.method_name == name)
        {
            return Err(format!(
                "resource `{}` already has a method `{name}`",
                status_op.resource
            ));
        }
    }
    Ok(Waiter {
        download_method: download.method_name.clone(),
        download_args,
    })
}

#[cfg(test)]
mod tests {
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
}
