//! Create-or-update helpers: a create operation declared with `upsert` in `spec/overrides.yaml`
//! answers 409 with the id of the record that already exists, so its resource gets `upsert`,
//! which creates, or updates that record with the same body. Checked here against the
//! description: the update body must take every property of the create body with the same type
//! (so the same JSON is a valid update, and nothing is dropped), and the update's one required
//! parameter takes the id.
//!
//! Reads: the create and update operations' bodies and parameters; `upsert` of
//! `spec/overrides.yaml`. Writes: [`Operation::upsert`]. Runs after [`super::waiters`].

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{Api, BodyStyle, Operation, ParamLocation, Presence, Ty, TypeId, TypeKind, Upsert};
use crate::naming::UPSERT;
use crate::overrides::{self, Overrides};

/// Resolves every `upsert` declaration; one that does not fit is an error (a warning for
/// versions other than the pinned one) and adds nothing.
pub fn decide(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let Some(declared) = overrides
            .operation(Some(&op.id), op.http_method.as_str(), &op.path)
            .and_then(|e| e.upsert.as_ref())
        else {
            continue;
        };
        let at = child(
            &child(&format!("{}#", overrides::FILE), "operations"),
            &op.id,
        );
        match resolve(api, op, &declared.update, &declared.keys) {
            Ok(upsert) => api.operations[i].upsert = Some(upsert),
            Err(message) => {
                let message = format!("upsert: {message}");
                overrides.not_applied(diagnostics, at, message);
            }
        }
    }
}

/// The struct type of an operation's JSON body, when it has one.
fn body_struct(api: &Api, op: &Operation) -> Option<TypeId> {
    let body = op.body.as_ref()?;
    match (&body.style, &body.ty) {
        (BodyStyle::Flattened(id), _) => Some(*id),
        (BodyStyle::Whole { optional: false }, Ty::Named(id)) => Some(*id),
        _ => None,
    }
    .filter(|id| matches!(api.ty(*id).kind, TypeKind::Struct(_)))
}

fn resolve(
    api: &Api,
    create: &Operation,
    update_id: &str,
    keys: &[String],
) -> Result<Upsert, String> {
    let fields = |id: TypeId| match &api.ty(id).kind {
        TypeKind::Struct(st) => st.fields.as_slice(),
        _ => &[],
    };
    if create.params.iter().any(|p| p.required) {
        return Err(format!(
            "`{}` takes required parameters; only a create with a body alone can be upserted",
            create.id
        ));
    }
    let create_body = body_struct(api, create)
        .ok_or_else(|| format!("`{}` has no JSON object body", create.id))?;
    let update = api
        .operations
        .iter()
        .find(|o| o.id == update_id)
        .ok_or_else(|| format!("no update operation `{update_id}`"))?;
    if update.resource != create.resource {
        return Err(format!(
            "`{update_id}` is in resource `{}`, not `{}`",
            update.resource, create.resource
        ));
    }
    let required: Vec<_> = update.params.iter().filter(|p| p.required).collect();
    let [id_param] = required.as_slice() else {
        return Err(format!(
            "`{update_id}` must take exactly one required parameter (the existing record's id), \
             not {}",
            required.len()
        ));
    };
    if id_param.location != ParamLocation::Path || id_param.ty != Ty::String {
        return Err(format!(
            "`{update_id}`'s required parameter `{}` must be a string path parameter",
            id_param.wire
        ));
    }
    let update_body =
        body_struct(api, update).ok_or_else(|| format!("`{update_id}` has no JSON object body"))?;
    // The create body's JSON must be a complete, lossless update body.
    for f in fields(create_body) {
        match fields(update_body).iter().find(|u| u.wire == f.wire) {
            None => {
                return Err(format!(
                    "`{update_id}` has no body property `{}`, which `{}` sends; the update would \
                     drop it",
                    f.wire, create.id
                ));
            }
            Some(u) if u.ty != f.ty => {
                return Err(format!(
                    "body property `{}` has different types in `{}` and `{update_id}`",
                    f.wire, create.id
                ));
            }
            Some(_) => {}
        }
    }
    for u in fields(update_body) {
        let sent_always = fields(create_body)
            .iter()
            .any(|f| f.wire == u.wire && f.presence == Presence::Required);
        if u.presence == Presence::Required && !sent_always {
            return Err(format!(
                "`{update_id}` requires body property `{}`, which `{}` may leave out",
                u.wire, create.id
            ));
        }
    }
    if keys.is_empty() {
        return Err("`keys` must name at least one body property".into());
    }
    if let Some(key) = keys
        .iter()
        .find(|k| !fields(create_body).iter().any(|f| &f.wire == *k))
    {
        return Err(format!(
            "key `{key}` is not a body property of `{}`",
            create.id
        ));
    }
    if api
        .operations
        .iter()
        .any(|o| o.resource == create.resource && o.method_name == UPSERT)
    {
        return Err(format!(
            "resource `{}` already has a method `{UPSERT}`",
            create.resource
        ));
    }
    Ok(Upsert {
        update_id: update.id.clone(),
        update_builder: update.builder.clone(),
        update_method: update.method_name.clone(),
        id_param: id_param.name.clone(),
        optional_params: update
            .params
            .iter()
            .filter(|p| !p.required)
            .map(|p| p.name.clone())
            .collect(),
        update_body,
        keys: keys.to_vec(),
    })
}

#[cfg(test)]
mod tests;
