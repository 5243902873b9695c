//! Where each operation's body goes in its JSON input (the by-name `execute` entry point and the
//! operation's JSON Schema).
//!
//! Reads: each operation's parameters and body type. Writes: [`Operation::body_input`]. Runs
//! after [`super::paging`], which adds the paging parameters a body may collide with.
//!
//! [`Operation::body_input`]: crate::ir::Operation::body_input

use crate::ir::{Api, BodyInput, Ty, TypeKind};

/// Where each operation's body goes in its JSON input (after paging has added its parameters):
/// an object body's properties beside the parameters, unless one has a parameter's name; anything
/// else under the key `body` (`request_body` if a parameter is called `body`).
pub fn decide(api: &mut Api) {
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let Some(body) = &op.body else {
            continue;
        };
        let mut ty = &body.ty;
        while let Ty::Named(id) = ty
            && let TypeKind::Alias(inner) = &api.ty(*id).kind
        {
            ty = inner;
        }
        let merged = matches!(ty, Ty::Named(id) if matches!(&api.ty(*id).kind,
            TypeKind::Struct(st) if !st.fields.iter().any(|f| op.params.iter().any(|p| p.wire == f.wire))));
        let input = if merged {
            BodyInput::Merged
        } else {
            let mut key = "body".to_string();
            while op.params.iter().any(|p| p.wire == key) {
                key.insert_str(0, "request_");
            }
            BodyInput::Key(key)
        };
        api.operations[i].body_input = input;
    }
}
