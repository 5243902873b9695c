//! JSON values made from the IR's types, for the testing kit: the answer of an operation whose
//! description documents no example, one item of a paged list, and the smallest input of a typed
//! call in the generated every-operation test.
//!
//! The values are the smallest that decode into the type: an object has its required fields (in
//! an answer also its `id` and its constants, such as `"type": "contact"`), an array is empty,
//! an enum is its first value, a union is its first variant with the tag or the identifying keys
//! that select it. A type met again inside itself becomes `{}` (only a required cycle, which no
//! JSON value satisfies, would make that wrong).

use serde_json::{Map, Value, json};

use crate::ir::{Api, Field, Presence, Ty, TypeId, TypeKind, UnionRepr, UnionVariant};

/// What a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A response body: required fields, plus `id` and constants, so answers look like records.
    Answer,
    /// A request input: required fields only (and the first of an "at least one of" set).
    Minimal,
}

/// The synthesized value of `ty`.
pub fn value(api: &Api, ty: &Ty, mode: Mode) -> Value {
    Synth {
        api,
        mode,
        stack: Vec::new(),
    }
    .ty(ty)
}

/// The placeholder of a scalar type (what path parameters and strings get).
pub fn scalar(ty: &Ty) -> Option<Value> {
    Some(match ty {
        Ty::String => json!("123"),
        Ty::Integer => json!(1),
        Ty::Number => json!(1.5),
        Ty::Boolean => json!(true),
        Ty::Timestamp => json!(1_700_000_000),
        _ => return None,
    })
}

struct Synth<'a> {
    api: &'a Api,
    mode: Mode,
    /// Named types being expanded (a recursion guard).
    stack: Vec<TypeId>,
}

impl Synth<'_> {
    fn ty(&mut self, ty: &Ty) -> Value {
        if let Some(v) = scalar(ty) {
            return v;
        }
        match ty {
            Ty::Named(id) => self.named(*id),
            Ty::SearchQuery => json!({"field": "id", "operator": "=", "value": "123"}),
            Ty::Optional(_) | Ty::File => Value::Null,
            Ty::Array(_) => json!([]),
            _ => json!({}),
        }
    }

    fn named(&mut self, id: TypeId) -> Value {
        if self.stack.contains(&id) || self.stack.len() > 32 {
            return json!({});
        }
        self.stack.push(id);
        let api = self.api;
        let out = match &api.ty(id).kind {
            TypeKind::Struct(st) => {
                let first_set = st.requires_one_of.first();
                let keep = |f: &Field| {
                    let required = matches!(
                        f.presence,
                        Presence::Required | Presence::Nullable | Presence::Lenient
                    );
                    let in_set = first_set.is_some_and(|set| set.contains(&f.wire));
                    let answer_extra = self.mode == Mode::Answer
                        && (f.wire == "id" || crate::emit::models::is_const(api, f));
                    required || in_set || answer_extra
                };
                let fields: Vec<&Field> = st.fields.iter().filter(|f| keep(f)).collect();
                let mut map = Map::new();
                for f in fields {
                    let v = if f.presence == Presence::Nullable && self.mode == Mode::Minimal {
                        Value::Null
                    } else {
                        self.ty(&f.ty)
                    };
                    map.insert(f.wire.clone(), v);
                }
                Value::Object(map)
            }
            TypeKind::Enum(e) => e
                .variants
                .first()
                .map_or(Value::Null, |v| Value::String(v.wire.clone())),
            TypeKind::Alias(inner) => self.ty(inner),
            TypeKind::Union(u) => match u.variants.first() {
                Some(first) => self.variant(&u.repr, first),
                None => Value::Null,
            },
        };
        self.stack.pop();
        out
    }

    /// A union's variant, with what selects it.
    fn variant(&mut self, repr: &UnionRepr, v: &UnionVariant) -> Value {
        let mut value = self.ty(&v.ty);
        match (repr, &mut value) {
            (UnionRepr::Tagged { property }, Value::Object(map)) => {
                if let Some(tag) = v.tags.first() {
                    map.insert(property.clone(), Value::String(tag.clone()));
                }
            }
            (UnionRepr::Keys, Value::Object(map)) => {
                for key in &v.keys {
                    if !map.contains_key(key) {
                        let ty = self.field_ty(&v.ty, key);
                        let filled = ty.map_or(json!("123"), |ty| self.ty(&ty));
                        map.insert(key.clone(), filled);
                    }
                }
            }
            _ => {}
        }
        value
    }

    /// The type of field `wire` of the struct behind `ty`.
    fn field_ty(&self, ty: &Ty, wire: &str) -> Option<Ty> {
        let mut ty = ty;
        for _ in 0..32 {
            let Ty::Named(id) = ty else {
                return None;
            };
            match &self.api.ty(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                TypeKind::Struct(st) => {
                    return st
                        .fields
                        .iter()
                        .find(|f| f.wire == wire)
                        .map(|f| f.ty.clone());
                }
                _ => return None,
            }
        }
        None
    }
}
