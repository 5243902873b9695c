//! The JSON Schema (draft 2020-12) of an operation's JSON input, for the operation table's
//! `input_schema`: what `Client::execute` accepts and what an agent tool declares.
//!
//! One object: path, query and header parameters under their wire names, and the request body
//! where [`BodyInput`] puts it (its properties beside the parameters, or one `body` property).
//! `required` lists what must be given; `additionalProperties: false` at the top, because
//! `execute` rejects unknown keys there. A constant a request type always sends (a single-value
//! enum such as `"type": "contact"`) is a `const`; at the top level it also has a `default`, and
//! `execute` fills it in when left out. An enum read from prose (it keeps other values as
//! `Unknown`) lists its values as `examples`, not `enum`. Descriptions are the first sentence of the spec's text.
//! A type used more than once, or recursively, is a `$defs` entry; others are written inline.
//! Read-only properties (set by Intercom) are left out. Keys keep a fixed order (the output is
//! deterministic).

use std::collections::{BTreeMap, BTreeSet};

use crate::docs;
use crate::ir::{
    Api, BodyInput, Field, Operation, Param, ParamLocation, Presence, SearchSchema, Ty, TypeId,
    TypeKind, UnionRepr,
};
use crate::vocab::Operator;

/// The input schema of an operation, as compact JSON text.
pub fn input_schema(api: &Api, op: &Operation) -> String {
    let mut b = Builder::new(api, op.search.as_ref());
    for p in &op.params {
        b.count_ty(&p.ty);
    }
    if let Some(body) = &op.body {
        match (body_key(api, op), merged_struct(api, &body.ty)) {
            (None, Some(fields)) => {
                for f in fields.iter().filter(|f| !f.read_only) {
                    b.count_ty(&f.ty);
                }
            }
            _ => b.count_ty(&body.ty),
        }
    }
    let mut properties = Vec::new();
    let mut required = Vec::new();
    for p in &op.params {
        let schema = b.param(p);
        if p.required || p.location == ParamLocation::Path {
            required.push(J::str(&p.wire));
        }
        properties.push((p.wire.clone(), schema));
    }
    let mut any_of = None;
    if let Some(body) = &op.body {
        match (body_key(api, op), merged_struct(api, &body.ty)) {
            (None, Some(fields)) => {
                for f in fields.iter().filter(|f| !f.read_only) {
                    let mut schema = b.field(f);
                    let constant = b.constant(&f.ty);
                    if let (Some(value), Presence::Required | Presence::Lenient) =
                        (constant, f.presence)
                    {
                        schema.push("default", value);
                    } else if f.presence == Presence::Required {
                        required.push(J::str(&f.wire));
                    }
                    properties.push((f.wire.clone(), schema));
                }
                any_of = one_of_sets(api, &body.ty);
            }
            (key, _) => {
                let key = key.unwrap_or_else(|| "body".to_string());
                let mut schema = b.ty(&body.ty);
                schema.push("description", J::str("The request body."));
                let optional = matches!(body.style, crate::ir::BodyStyle::Whole { optional: true });
                if !optional {
                    required.push(J::str(&key));
                }
                properties.push((key, schema));
            }
        }
    }
    let mut root = J::obj([
        (
            "$schema",
            J::str("https://json-schema.org/draft/2020-12/schema"),
        ),
        ("type", J::str("object")),
        ("properties", J::Obj(properties)),
    ]);
    if !required.is_empty() {
        root.push("required", J::Arr(required));
    }
    if let Some(sets) = any_of {
        root.push("anyOf", sets);
    }
    root.push("additionalProperties", J::Bool(false));
    let defs = b.finish();
    if !defs.is_empty() {
        root.push("$defs", J::Obj(defs));
    }
    let mut out = String::new();
    root.write(&mut out);
    out
}

/// The input key holding an operation's whole request body, or `None` when the body's
/// properties are top-level keys (a struct body the IR decided to merge).
pub fn body_key(api: &Api, op: &Operation) -> Option<String> {
    let body = op.body.as_ref()?;
    match &op.body_input {
        BodyInput::Merged if merged_struct(api, &body.ty).is_some() => None,
        BodyInput::Merged => Some("body".to_string()),
        BodyInput::Key(key) => Some(key.clone()),
    }
}

/// The fields of a body that is a struct (through aliases).
fn merged_struct<'a>(api: &'a Api, ty: &'a Ty) -> Option<&'a [Field]> {
    match resolve(api, ty) {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(st) => Some(&st.fields),
            _ => None,
        },
        _ => None,
    }
}

/// `anyOf: [{required: [...]}, …]` for a struct's "at least one of" field sets.
fn one_of_sets(api: &Api, ty: &Ty) -> Option<J> {
    let Ty::Named(id) = resolve(api, ty) else {
        return None;
    };
    let TypeKind::Struct(st) = &api.ty(*id).kind else {
        return None;
    };
    (!st.requires_one_of.is_empty()).then(|| {
        J::Arr(
            st.requires_one_of
                .iter()
                .map(|set| J::obj([("required", J::Arr(set.iter().map(|k| J::str(k)).collect()))]))
                .collect(),
        )
    })
}

/// Follows aliases.
pub(crate) fn resolve<'a>(api: &'a Api, mut ty: &'a Ty) -> &'a Ty {
    let mut hops = 0;
    while let Ty::Named(id) = ty
        && let TypeKind::Alias(inner) = &api.ty(*id).kind
        && hops < 32
    {
        ty = inner;
        hops += 1;
    }
    ty
}

/// Builds the schemas of one operation's input, collecting `$defs`.
struct Builder<'a> {
    api: &'a Api,
    search: Option<&'a SearchSchema>,
    /// How often each named type is used (counting each type's own definition once).
    uses: BTreeMap<TypeId, usize>,
    /// Types used inside their own definition.
    recursive: BTreeSet<TypeId>,
    /// Types being counted (for recursion).
    stack: Vec<TypeId>,
    /// `$defs` entries by name, built on first use (`None` while being built).
    defs: BTreeMap<String, Option<J>>,
    /// Whether the search query is used (a `$defs` entry).
    search_query: bool,
}

impl<'a> Builder<'a> {
    fn new(api: &'a Api, search: Option<&'a SearchSchema>) -> Builder<'a> {
        Builder {
            api,
            search,
            uses: BTreeMap::new(),
            recursive: BTreeSet::new(),
            stack: Vec::new(),
            defs: BTreeMap::new(),
            search_query: false,
        }
    }

    /// Counts the uses of named types under `ty`.
    fn count_ty(&mut self, ty: &Ty) {
        match ty {
            Ty::Named(id) => {
                if self.stack.contains(id) {
                    self.recursive.insert(*id);
                }
                let seen = self.uses.contains_key(id);
                *self.uses.entry(*id).or_default() += 1;
                if seen {
                    return;
                }
                self.stack.push(*id);
                let api = self.api;
                match &api.ty(*id).kind {
                    TypeKind::Struct(st) => {
                        for f in st.fields.iter().filter(|f| !f.read_only) {
                            self.count_ty(&f.ty);
                        }
                    }
                    TypeKind::Union(u) => {
                        for v in &u.variants {
                            self.count_ty(&v.ty);
                        }
                    }
                    TypeKind::Alias(inner) => self.count_ty(inner),
                    TypeKind::Enum(_) => {}
                }
                self.stack.pop();
            }
            other => {
                if let Some(inner) = other.inner() {
                    self.count_ty(inner);
                }
            }
        }
    }

    /// The `$defs` entries, in name order.
    fn finish(self) -> Vec<(String, J)> {
        self.defs
            .into_iter()
            .filter_map(|(name, def)| def.map(|d| (name, d)))
            .collect()
    }

    fn param(&mut self, p: &Param) -> J {
        let mut schema = self.ty(&p.ty);
        describe(&mut schema, p.doc.as_deref());
        schema
    }

    fn field(&mut self, f: &Field) -> J {
        let mut schema = match self.constant(&f.ty) {
            Some(value) => J::obj([("const", value)]),
            None => self.ty(&f.ty),
        };
        if f.nullable || f.presence == Presence::Patch {
            schema = or_null(schema);
        }
        describe(&mut schema, f.doc.as_deref());
        if f.deprecated {
            schema.push("deprecated", J::Bool(true));
        }
        schema
    }

    /// The one value of a single-value enum, or of [`Ty::True`].
    fn constant(&self, ty: &Ty) -> Option<J> {
        match resolve(self.api, ty) {
            Ty::Named(id) => match &self.api.ty(*id).kind {
                TypeKind::Enum(e) if e.variants.len() == 1 => Some(J::str(&e.variants[0].wire)),
                _ => None,
            },
            Ty::True => Some(J::Bool(true)),
            _ => None,
        }
    }

    fn ty(&mut self, ty: &Ty) -> J {
        match ty {
            Ty::String => J::typed("string"),
            Ty::Integer | Ty::Timestamp => J::typed("integer"),
            Ty::Number => J::typed("number"),
            Ty::Boolean => J::typed("boolean"),
            Ty::True => J::obj([("const", J::Bool(true))]),
            Ty::EventMetadata => event_metadata(),
            Ty::Json => J::Obj(Vec::new()),
            Ty::JsonObject | Ty::CustomAttributes => J::typed("object"),
            Ty::Array(inner) => {
                let items = self.ty(inner);
                J::obj([("type", J::str("array")), ("items", items)])
            }
            Ty::Map(inner) => {
                let values = self.ty(inner);
                J::obj([("type", J::str("object")), ("additionalProperties", values)])
            }
            Ty::LocaleMap(inner) => {
                let values = self.ty(inner);
                J::obj([
                    ("type", J::str("object")),
                    ("additionalProperties", values),
                    (
                        "description",
                        J::str("Keyed by help center locale (`en`, `fr`, `pt-BR`, …)."),
                    ),
                ])
            }
            Ty::Optional(inner) => {
                let inner = self.ty(inner);
                or_null(inner)
            }
            Ty::SearchQuery => self.search_query(),
            Ty::File => J::obj([
                ("type", J::str("string")),
                (
                    "description",
                    J::str("The file's content, sent as a multipart/form-data file part."),
                ),
            ]),
            Ty::Named(id) => self.named(*id),
        }
    }

    fn named(&mut self, id: TypeId) -> J {
        let def = self.api.ty(id);
        let shared = self.uses.get(&id).copied().unwrap_or(0) > 1 || self.recursive.contains(&id);
        if !shared {
            return self.definition(id);
        }
        let name = def.name.clone();
        if !self.defs.contains_key(&name) {
            self.defs.insert(name.clone(), None);
            let built = self.definition(id);
            self.defs.insert(name.clone(), Some(built));
        }
        J::obj([("$ref", J::str(&format!("#/$defs/{name}")))])
    }

    fn definition(&mut self, id: TypeId) -> J {
        let api = self.api;
        let def = api.ty(id);
        let mut schema = match &def.kind {
            TypeKind::Struct(st) => {
                let mut properties = Vec::new();
                let mut required = Vec::new();
                for f in st.fields.iter().filter(|f| !f.read_only) {
                    if f.presence == Presence::Required {
                        required.push(J::str(&f.wire));
                    }
                    properties.push((f.wire.clone(), self.field(f)));
                }
                let mut s = J::obj([
                    ("type", J::str("object")),
                    ("properties", J::Obj(properties)),
                ]);
                if !required.is_empty() {
                    s.push("required", J::Arr(required));
                }
                if let Some(sets) = one_of_sets(api, &Ty::Named(id)) {
                    s.push("anyOf", sets);
                }
                s
            }
            // A set read from words keeps other values (`Unknown`): its values are examples.
            TypeKind::Enum(e) => J::obj([
                ("type", J::str("string")),
                (
                    if e.from_prose { "examples" } else { "enum" },
                    J::Arr(e.variants.iter().map(|v| J::str(&v.wire)).collect()),
                ),
            ]),
            TypeKind::Union(u) => {
                let variants = u
                    .variants
                    .iter()
                    .map(|v| {
                        let mut schema = self.ty(&v.ty);
                        // What picks the variant when decoding must be in its schema.
                        match &u.repr {
                            UnionRepr::Tagged { property } => {
                                require_tag(&mut schema, property, &v.tags)
                            }
                            UnionRepr::Keys => require_any_key(&mut schema, &v.keys),
                            UnionRepr::Shape => schema.close(),
                            UnionRepr::Kinds | UnionRepr::Ordered => {}
                        }
                        schema
                    })
                    .collect();
                J::obj([("anyOf", J::Arr(variants))])
            }
            TypeKind::Alias(inner) => self.ty(inner),
        };
        describe(&mut schema, def.doc.as_deref());
        schema
    }

    /// `$defs/SearchQuery`: a filter, or an `AND`/`OR` group of queries (the runtime's
    /// `search::Query`), with the operation's searchable fields in the description.
    fn search_query(&mut self) -> J {
        if !self.search_query {
            self.search_query = true;
            let mut field = J::typed("string");
            let about = match self.search {
                Some(s) if !s.fields.is_empty() => {
                    let names: Vec<&str> = s.fields.iter().map(|f| f.path.as_str()).collect();
                    format!("The field to compare: {}.", names.join(", "))
                }
                _ => "The field to compare.".to_string(),
            };
            field.push("description", J::str(&about));
            let operators = Operator::ALL.map(Operator::as_str);
            let filter = J::obj([
                ("type", J::str("object")),
                (
                    "properties",
                    J::obj([
                        ("field", field),
                        (
                            "operator",
                            J::obj([(
                                "enum",
                                J::Arr(operators.iter().map(|o| J::str(o)).collect()),
                            )]),
                        ),
                        (
                            "value",
                            J::obj([(
                                "description",
                                J::str("A string, number, boolean or null; a list for IN and NIN."),
                            )]),
                        ),
                    ]),
                ),
                (
                    "required",
                    J::Arr(vec![J::str("field"), J::str("operator"), J::str("value")]),
                ),
                ("additionalProperties", J::Bool(false)),
            ]);
            let group = J::obj([
                ("type", J::str("object")),
                (
                    "properties",
                    J::obj([
                        (
                            "operator",
                            J::obj([("enum", J::Arr(vec![J::str("AND"), J::str("OR")]))]),
                        ),
                        (
                            "value",
                            J::obj([
                                ("type", J::str("array")),
                                ("items", J::obj([("$ref", J::str("#/$defs/SearchQuery"))])),
                                ("maxItems", J::Int(15)),
                            ]),
                        ),
                    ]),
                ),
                (
                    "required",
                    J::Arr(vec![J::str("operator"), J::str("value")]),
                ),
                ("additionalProperties", J::Bool(false)),
            ]);
            let query = J::obj([
                (
                    "description",
                    J::str(
                        "A filter, or an AND/OR group of queries (at most two levels of groups).",
                    ),
                ),
                ("anyOf", J::Arr(vec![filter, group])),
            ]);
            self.defs.insert("SearchQuery".to_string(), Some(query));
        }
        J::obj([("$ref", J::str("#/$defs/SearchQuery"))])
    }
}

/// Adds the first sentence of a description, unless the schema has one or it is one word. (Next to a `$ref` it
/// describes the use; 2020-12 allows siblings of `$ref`.)
fn describe(schema: &mut J, doc: Option<&str>) {
    // A one-word description (a parameter "described" as `id`) says nothing.
    let Some(text) = doc
        .map(docs::summary_line)
        .filter(|t| t.split_whitespace().nth(1).is_some())
    else {
        return;
    };
    if let J::Obj(entries) = schema
        && !entries.iter().any(|(k, _)| k == "description")
    {
        entries.push(("description".to_string(), J::Str(text)));
    }
}

/// Event metadata (the runtime's `EventMetadata`): an object whose values are strings (text,
/// links), numbers (dates as unix seconds under keys ending in `_date`), rich links or monetary
/// amounts, as `POST /events` documents them.
fn event_metadata() -> J {
    let object = |first: &str, first_ty: &str, second: &str, second_ty: &str| {
        J::obj([
            ("type", J::str("object")),
            (
                "properties",
                J::Obj(vec![
                    (first.to_string(), J::typed(first_ty)),
                    (second.to_string(), J::typed(second_ty)),
                ]),
            ),
            ("required", J::Arr(vec![J::str(first), J::str(second)])),
            ("additionalProperties", J::Bool(false)),
        ])
    };
    J::obj([
        ("type", J::str("object")),
        (
            "additionalProperties",
            J::obj([(
                "anyOf",
                J::Arr(vec![
                    J::typed("string"),
                    J::typed("number"),
                    object("url", "string", "value", "string"),
                    object("amount", "integer", "currency", "string"),
                ]),
            )]),
        ),
        (
            "description",
            J::str(
                "Up to 10 keys; values are text, links, numbers, dates (unix seconds, under a key \
                 ending in `_date`), rich links `{url, value}` or monetary amounts `{amount, \
                 currency}` (amount in cents).",
            ),
        ),
    ])
}

/// A tagged union's variant: its tag property must be there, with one of the variant's tags.
/// (Beside a `$ref`, the constraint applies on top of the referenced schema.)
/// A variant without tags (it takes every other value) only needs the property to be a string.
fn require_tag(schema: &mut J, property: &str, tags: &[String]) {
    let value = match tags {
        [] => J::typed("string"),
        [one] => J::obj([("const", J::str(one))]),
        many => J::obj([("enum", J::Arr(many.iter().map(|t| J::str(t)).collect()))]),
    };
    schema.set_property(property, value);
    schema.require(property);
}

/// A variant picked by the presence of one of its identifying keys.
fn require_any_key(schema: &mut J, keys: &[String]) {
    match keys {
        [] => {}
        [one] => schema.require(one),
        many => {
            if schema.get("anyOf").is_none() {
                let sets = many
                    .iter()
                    .map(|k| J::obj([("required", J::Arr(vec![J::str(k)]))]))
                    .collect();
                schema.push("anyOf", J::Arr(sets));
            }
        }
    }
}

/// The schema, also accepting `null`: `"type": [t, "null"]` where the schema is a plain type,
/// else `anyOf` with `{"type": "null"}`.
fn or_null(schema: J) -> J {
    if let J::Obj(entries) = &schema
        && let Some((key, J::Str(t))) = entries.first()
        && key == "type"
        && !entries.iter().any(|(k, _)| k == "enum" || k == "const")
    {
        let mut entries = entries.clone();
        entries[0].1 = J::Arr(vec![J::str(t), J::str("null")]);
        return J::Obj(entries);
    }
    J::obj([("anyOf", J::Arr(vec![schema, J::typed("null")]))])
}

/// A JSON value whose objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
enum J {
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn str(s: &str) -> J {
        J::Str(s.to_string())
    }

    fn typed(t: &str) -> J {
        J::obj([("type", J::str(t))])
    }

    fn obj<const N: usize>(entries: [(&str, J); N]) -> J {
        J::Obj(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// Adds a key to an object (no-op on other values).
    fn push(&mut self, key: &str, value: J) {
        if let J::Obj(entries) = self {
            entries.push((key.to_string(), value));
        }
    }

    /// The value of an object's key.
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `properties.<name>` of an object schema (adding `properties` if needed).
    fn set_property(&mut self, name: &str, value: J) {
        if self.get("properties").is_none() {
            self.push("properties", J::Obj(Vec::new()));
        }
        if let Some(J::Obj(properties)) = self.get_mut("properties") {
            match properties.iter_mut().find(|(k, _)| k == name) {
                Some((_, old)) => *old = value,
                None => properties.push((name.to_string(), value)),
            }
        }
    }

    /// Adds `name` to an object schema's `required` (adding `required` if needed).
    fn require(&mut self, name: &str) {
        if self.get("required").is_none() {
            self.push("required", J::Arr(Vec::new()));
        }
        if let Some(J::Arr(required)) = self.get_mut("required")
            && !required.iter().any(|r| *r == J::str(name))
        {
            required.push(J::str(name));
        }
    }

    /// No properties beyond the declared ones (for an inline object schema).
    fn close(&mut self) {
        if self.get("properties").is_some() && self.get("additionalProperties").is_none() {
            self.push("additionalProperties", J::Bool(false));
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(n) => out.push_str(&n.to_string()),
            J::Str(s) => write_str(s, out),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests;
