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
mod tests;
