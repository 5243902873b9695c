//! Read-only views of schemas, used to decide how unions are told apart and how `allOf` merges,
//! without lowering anything.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

/// Prefix of component schema references.
pub const SCHEMA_REF: &str = "#/components/schemas/";

/// A schema position: a reference or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum Node<'s> {
    /// `$ref` (the full reference string).
    Ref(&'s str),
    /// An inline schema.
    Inline(&'s Schema),
}

impl<'s> Node<'s> {
    /// From a `ReferenceOr<Schema>`.
    pub fn of(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }

    /// From a `ReferenceOr<Box<Schema>>`.
    pub fn of_box(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Inline(s),
        }
    }

    /// The reference a node stands for: a `$ref`, or an inline `allOf` of exactly one `$ref`
    /// (how normalize keeps what the description writes beside a `$ref`, e.g. a description).
    pub fn referenced(self) -> Option<&'s str> {
        match self {
            Node::Ref(r) => Some(r),
            Node::Inline(s) => match &s.schema_kind {
                SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                    [ReferenceOr::Reference { reference }] => Some(reference),
                    _ => None,
                },
                _ => None,
            },
        }
    }

    /// The component name, for a reference to `#/components/schemas/<name>`.
    pub fn component(self) -> Option<&'s str> {
        match self {
            Node::Ref(r) => r.strip_prefix(SCHEMA_REF),
            Node::Inline(_) => None,
        }
    }
}

/// What JSON values a schema admits, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ValueKind {
    /// Strings.
    String,
    /// Numbers (integers included).
    Number,
    /// Booleans.
    Boolean,
    /// Arrays.
    Array,
    /// Objects.
    Object,
    /// Anything, or several kinds.
    Any,
}

/// The properties of an object-like schema, with `allOf` members and references merged.
#[derive(Debug, Default)]
pub struct ObjectView<'s> {
    /// Property schemas by name (later `allOf` members win).
    pub properties: BTreeMap<String, Node<'s>>,
    /// Required property names.
    pub required: BTreeSet<String>,
}

/// Read-only access to the spec's schemas.
pub struct Schemas<'s> {
    spec: &'s OpenAPI,
}

impl<'s> Schemas<'s> {
    /// Wraps a typed description.
    pub fn new(spec: &'s OpenAPI) -> Self {
        Schemas { spec }
    }

    /// Follows references (a component may itself be a reference) to an inline schema.
    pub fn resolve(&self, node: Node<'s>) -> Option<&'s Schema> {
        let mut node = node;
        for _ in 0..16 {
            match node {
                Node::Inline(s) => return Some(s),
                Node::Ref(r) => {
                    let name = r.strip_prefix(SCHEMA_REF)?;
                    node = Node::of(self.spec.components.as_ref()?.schemas.get(name)?);
                }
            }
        }
        None
    }

    /// The schema of a component.
    pub fn component(&self, name: &str) -> Option<&'s ReferenceOr<Schema>> {
        self.spec.components.as_ref()?.schemas.get(name)
    }

    /// Whether the node's own schema (after references) is `nullable: true`.
    pub fn nullable(&self, node: Node<'s>) -> bool {
        self.resolve(node)
            .is_some_and(|s| s.schema_data.nullable || enum_has_null(s))
    }

    /// The JSON kind a node admits.
    pub fn kind(&self, node: Node<'s>) -> ValueKind {
        self.kind_depth(node, 0)
    }

    fn kind_depth(&self, node: Node<'s>, depth: usize) -> ValueKind {
        let Some(s) = self.resolve(node) else {
            return ValueKind::Any;
        };
        if depth > 16 {
            return ValueKind::Any;
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(_)) => ValueKind::String,
            SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => ValueKind::Number,
            SchemaKind::Type(Type::Boolean(_)) => ValueKind::Boolean,
            SchemaKind::Type(Type::Array(_)) => ValueKind::Array,
            SchemaKind::Type(Type::Object(_)) => ValueKind::Object,
            SchemaKind::AllOf { all_of } => {
                let kinds: BTreeSet<ValueKind> = all_of
                    .iter()
                    .map(|m| self.kind_depth(Node::of(m), depth + 1))
                    .filter(|k| *k != ValueKind::Any)
                    .collect();
                match kinds.len() {
                    1 => kinds.into_iter().next().unwrap_or(ValueKind::Any),
                    _ => ValueKind::Any,
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let kinds: BTreeSet<ValueKind> = members
                    .iter()
                    .map(|m| self.kind_depth(Node::of(m), depth + 1))
                    .collect();
                match kinds.len() {
                    1 => kinds.into_iter().next().unwrap_or(ValueKind::Any),
                    _ => ValueKind::Any,
                }
            }
            SchemaKind::Any(a) => {
                if !a.properties.is_empty() || a.typ.as_deref() == Some("object") {
                    ValueKind::Object
                } else {
                    match a.typ.as_deref() {
                        Some("string") => ValueKind::String,
                        Some("integer" | "number") => ValueKind::Number,
                        Some("boolean") => ValueKind::Boolean,
                        Some("array") => ValueKind::Array,
                        _ => ValueKind::Any,
                    }
                }
            }
            SchemaKind::Not { .. } => ValueKind::Any,
        }
    }

    /// The merged properties of an object-like node (`allOf` members and references followed).
    /// Unions contribute nothing.
    pub fn object(&self, node: Node<'s>) -> ObjectView<'s> {
        let mut view = ObjectView::default();
        self.collect(node, &mut view, 0);
        view
    }

    fn collect(&self, node: Node<'s>, view: &mut ObjectView<'s>, depth: usize) {
        let Some(s) = self.resolve(node) else { return };
        if depth > 16 {
            return;
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (name, p) in &o.properties {
                    view.properties.insert(name.clone(), Node::of_box(p));
                }
                view.required.extend(o.required.iter().cloned());
            }
            SchemaKind::AllOf { all_of } => {
                for m in all_of {
                    self.collect(Node::of(m), view, depth + 1);
                }
            }
            SchemaKind::Any(a) => {
                for (name, p) in &a.properties {
                    view.properties.insert(name.clone(), Node::of_box(p));
                }
                view.required.extend(a.required.iter().cloned());
            }
            _ => {}
        }
    }

    /// The values a union member admits for `property`: a string enum's values, or, for a member
    /// that is itself a union, the values of all its members. `None` when any part is open.
    pub fn tag_values(&self, node: Node<'s>, property: &str) -> Option<BTreeSet<String>> {
        self.tag_values_depth(node, property, 0)
    }

    fn tag_values_depth(
        &self,
        node: Node<'s>,
        property: &str,
        depth: usize,
    ) -> Option<BTreeSet<String>> {
        if depth > 16 {
            return None;
        }
        let s = self.resolve(node)?;
        if let SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } =
            &s.schema_kind
        {
            let mut all = BTreeSet::new();
            for m in members {
                all.extend(self.tag_values_depth(Node::of(m), property, depth + 1)?);
            }
            return Some(all);
        }
        let view = self.object(node);
        let prop = self.resolve(*view.properties.get(property)?)?;
        let values = string_enum(prop)?;
        (!values.is_empty()).then(|| values.into_iter().collect())
    }
}

/// The non-null values of a string enum schema.
pub fn string_enum(s: &Schema) -> Option<Vec<String>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) if !t.enumeration.is_empty() => {
            Some(t.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Any(a) => {
            let strings: Vec<String> = a
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            (!strings.is_empty()).then_some(strings)
        }
        _ => None,
    }
}

/// Whether an enum lists `null` among its values.
pub fn enum_has_null(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(a) => a.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    }
}

/// Whether a schema only lists `required` names (a constraint inside `anyOf`/`oneOf`).
pub fn is_required_only(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(a) => {
            !a.required.is_empty()
                && a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty()
                && a.enumeration.is_empty()
        }
        SchemaKind::Type(Type::Object(o)) => o.properties.is_empty() && !o.required.is_empty(),
        _ => false,
    }
}

/// The names a required-only schema lists.
pub fn required_names(s: &Schema) -> Vec<String> {
    match &s.schema_kind {
        SchemaKind::Any(a) => a.required.clone(),
        SchemaKind::Type(Type::Object(o)) => o.required.clone(),
        _ => Vec::new(),
    }
}
