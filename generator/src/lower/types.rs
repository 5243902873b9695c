//! Schemas → named Rust types ([`TypeDef`]) and type uses ([`Ty`]).
//!
//! Every component schema gets a [`TypeDef`] up front (so references and recursion resolve to a
//! [`TypeId`] immediately); inline schemas that need a name (objects, enums, unions) get one
//! derived from where they sit (`Contact` + `location` → `ContactLocation`). Unions follow the
//! rules in [`super::unions`].

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::schema::{Node, Schemas, enum_has_null, is_required_only, required_names};
use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    EnumDef, EnumVariant, Fallback, Field, Presence, StructDef, Ty, TypeDef, TypeId, TypeKind,
    Usage,
};
use crate::naming;
use crate::overrides::Overrides;

/// Where an inline schema sits: the name it would get, the file it goes into, its pointer.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Rust type name for a named type created here.
    pub hint: String,
    /// The name to use when `hint` is taken (e.g. by a component schema), before numbering.
    pub fallback: Option<String>,
    /// `models/` file for types created here.
    pub file: String,
    /// JSON pointer of the node.
    pub at: String,
}

impl Ctx {
    /// A nested position: the name grows by `suffix`, the pointer by `segments`.
    pub fn nest(&self, suffix: &str, segments: &[&str]) -> Ctx {
        let mut at = self.at.clone();
        for s in segments {
            at = child(&at, s);
        }
        let hint = naming::inline_type_name(&self.hint, suffix);
        Ctx {
            fallback: Some(naming::inline_type_name(&hint, "Value")),
            hint,
            file: self.file.clone(),
            at,
        }
    }
}

/// A lowered use of a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaUse {
    /// The Rust type.
    pub ty: Ty,
    /// The schema admits `null`.
    pub nullable: bool,
}

/// The result of lowering a schema's shape: a type to use directly, or a kind that needs a name.
pub enum TyOrKind {
    /// Usable as is (`String`, `Vec<Tag>`, a reference).
    Ty(Ty),
    /// Needs a named type of this kind.
    Kind(TypeKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// All named types of one description, being built.
pub struct Lowerer<'s, 'd> {
    pub(super) spec: &'s OpenAPI,
    pub(super) schemas: Schemas<'s>,
    /// Types so far; `TypeId(i)` is `defs[i]`.
    pub defs: Vec<TypeDef>,
    state: Vec<State>,
    /// Component name → its type.
    pub components: BTreeMap<String, TypeId>,
    names: BTreeSet<String>,
    /// Where schemas became untyped JSON, and why.
    pub fallbacks: Vec<Fallback>,
    /// Where problems go.
    pub diagnostics: &'d mut Diagnostics,
}

impl<'s, 'd> Lowerer<'s, 'd> {
    /// Reserves a type for every component schema, named by the naming rules or the overrides.
    pub fn new(spec: &'s OpenAPI, overrides: &Overrides, diagnostics: &'d mut Diagnostics) -> Self {
        let mut types = Lowerer {
            spec,
            schemas: Schemas::new(spec),
            defs: Vec::new(),
            state: Vec::new(),
            components: BTreeMap::new(),
            names: BTreeSet::new(),
            fallbacks: Vec::new(),
            diagnostics,
        };
        let names: Vec<&String> = spec
            .components
            .as_ref()
            .map(|c| c.schemas.keys().collect())
            .unwrap_or_default();
        for name in names {
            let rust = overrides
                .schemas
                .get(name)
                .and_then(|o| o.name.clone())
                .unwrap_or_else(|| naming::type_name(name));
            let at = child("#/components/schemas", name);
            let file = naming::module_name(name);
            let id = types.push(&rust, &file, &at, TypeKind::Alias(Ty::Json), None);
            types.components.insert(name.clone(), id);
        }
        types
    }

    /// Records that the schema at `at` is typed as `ty` (JSON) for `reason`, and returns `ty`.
    pub fn untyped(&mut self, at: &str, reason: &str, ty: Ty) -> Ty {
        self.fallbacks.push(Fallback {
            at: at.to_string(),
            reason: reason.to_string(),
        });
        ty
    }

    /// Lowers every component schema (in spec order).
    pub fn lower_components(&mut self) {
        let ids: Vec<TypeId> = self.components.values().copied().collect();
        for id in ids {
            self.lower_component(id);
        }
    }

    fn push(
        &mut self,
        name: &str,
        file: &str,
        at: &str,
        kind: TypeKind,
        doc: Option<String>,
    ) -> TypeId {
        let unique = self.unique_name(name, at);
        self.defs.push(TypeDef {
            name: unique,
            file: file.to_string(),
            origin: at.to_string(),
            doc,
            kind,
            usage: Usage::default(),
            gate: crate::ir::Gate::Always,
            deprecated: false,
        });
        self.state.push(State::Pending);
        TypeId(self.defs.len() - 1)
    }

    fn unique_name(&mut self, name: &str, at: &str) -> String {
        if self.names.insert(name.to_string()) {
            return name.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{name}{n}");
            if self.names.insert(candidate.clone()) {
                self.diagnostics.warning(
                    at,
                    format!("type name `{name}` is taken; this one is `{candidate}`"),
                );
                return candidate;
            }
            n += 1;
        }
    }

    /// Creates a named type for an inline schema.
    pub fn named(&mut self, ctx: &Ctx, kind: TypeKind, doc: Option<String>) -> TypeId {
        let (name, file) = match &ctx.fallback {
            Some(fallback) if self.names.contains(&ctx.hint) && !self.names.contains(fallback) => {
                // A type that heads its own file (an operation's body or response) follows its
                // final name; nested types stay in their parent's file.
                let file = if ctx.file == naming::module_name(&ctx.hint) {
                    naming::module_name(fallback)
                } else {
                    ctx.file.clone()
                };
                (fallback.clone(), file)
            }
            _ => (ctx.hint.clone(), ctx.file.clone()),
        };
        let id = self.push(&name, &file, &ctx.at.clone(), kind, doc);
        self.state[id.0] = State::Done;
        id
    }

    /// Lowers a component on first use; returns false while it is being lowered (a cycle).
    pub fn lower_component(&mut self, id: TypeId) -> bool {
        match self.state[id.0] {
            State::Done => return true,
            State::InProgress => return false,
            State::Pending => {}
        }
        self.state[id.0] = State::InProgress;
        let name = self
            .components
            .iter()
            .find(|(_, v)| **v == id)
            .map(|(k, _)| k.clone())
            .unwrap_or_default();
        let ctx = Ctx {
            hint: self.defs[id.0].name.clone(),
            fallback: None,
            file: self.defs[id.0].file.clone(),
            at: self.defs[id.0].origin.clone(),
        };
        let schemas = Schemas::new(self.spec);
        let (kind, doc, deprecated) = match schemas.component(&name) {
            Some(ReferenceOr::Item(s)) => {
                let kind = match self.shape(s, &ctx) {
                    TyOrKind::Kind(k) => k,
                    TyOrKind::Ty(t) => TypeKind::Alias(t),
                };
                (
                    kind,
                    s.schema_data.description.clone(),
                    s.schema_data.deprecated,
                )
            }
            Some(r @ ReferenceOr::Reference { .. }) => (
                TypeKind::Alias(self.lower(Node::of(r), &ctx).ty),
                None,
                false,
            ),
            None => (TypeKind::Alias(Ty::Json), None, false),
        };
        let def = &mut self.defs[id.0];
        def.kind = kind;
        def.doc = doc;
        def.deprecated = deprecated;
        self.state[id.0] = State::Done;
        true
    }

    /// Lowers a schema position to a type use, creating named types as needed.
    pub fn lower(&mut self, node: Node<'s>, ctx: &Ctx) -> SchemaUse {
        match node {
            Node::Ref(reference) => match node.component().and_then(|n| self.components.get(n)) {
                Some(id) => SchemaUse {
                    ty: Ty::Named(*id),
                    nullable: self.schemas.nullable(node),
                },
                None => {
                    self.diagnostics.warning(
                        &ctx.at,
                        format!("unresolved `$ref: {reference}`; typed as any JSON value"),
                    );
                    SchemaUse {
                        ty: self.untyped(&ctx.at, "unresolved `$ref`", Ty::Json),
                        nullable: true,
                    }
                }
            },
            Node::Inline(s) => {
                let mut nullable = s.schema_data.nullable || enum_has_null(s);
                if let SchemaKind::AllOf { all_of } = &s.schema_kind
                    && all_of.len() == 1
                {
                    nullable |= self.schemas.nullable(Node::of(&all_of[0]));
                }
                let ty = match self.shape(s, ctx) {
                    TyOrKind::Ty(t) => t,
                    TyOrKind::Kind(k) => {
                        let id = self.named(ctx, k, s.schema_data.description.clone());
                        self.defs[id.0].deprecated = s.schema_data.deprecated;
                        Ty::Named(id)
                    }
                };
                SchemaUse { ty, nullable }
            }
        }
    }

    /// What an inline schema becomes.
    pub fn shape(&mut self, s: &'s Schema, ctx: &Ctx) -> TyOrKind {
        if let Some(ty) = self.runtime_type(s, ctx) {
            return TyOrKind::Ty(ty);
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t))
                if t.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                TyOrKind::Ty(Ty::File)
            }
            SchemaKind::Type(Type::String(t)) => {
                let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
                self.string_shape(values, ctx)
            }
            SchemaKind::Type(Type::Integer(t)) => TyOrKind::Ty(integer_ty(&t.format)),
            SchemaKind::Type(Type::Number(_)) => TyOrKind::Ty(Ty::Number),
            SchemaKind::Type(Type::Boolean(_)) => TyOrKind::Ty(Ty::Boolean),
            SchemaKind::Type(Type::Object(o)) => self.object_shape(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                ctx,
            ),
            SchemaKind::Type(Type::Array(a)) => TyOrKind::Ty(self.array_ty(a.items.as_ref(), ctx)),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, ctx),
            SchemaKind::OneOf { one_of } => {
                self.union(one_of, s.schema_data.discriminator.as_ref(), ctx, "oneOf")
            }
            SchemaKind::AnyOf { any_of } => self.union(any_of, None, ctx, "anyOf"),
            SchemaKind::Not { .. } => {
                self.diagnostics.warning(
                    &ctx.at,
                    "`not` schemas are not modelled; typed as any JSON value",
                );
                TyOrKind::Ty(Ty::Json)
            }
            SchemaKind::Any(a) => self.any_shape(a, s, ctx),
        }
    }

    /// A runtime type a schema asks for with [`RUNTIME_TYPE_KEY`] (set only by patches in
    /// `spec/overrides.yaml`, where a schema is one of the runtime's hand-written types).
    fn runtime_type(&mut self, s: &'s Schema, ctx: &Ctx) -> Option<Ty> {
        let name = s.schema_data.extensions.get(RUNTIME_TYPE_KEY)?;
        match name.as_str() {
            Some("EventMetadata") => Some(Ty::EventMetadata),
            _ => {
                self.diagnostics.error(
                    child(&ctx.at, RUNTIME_TYPE_KEY),
                    format!(
                        "unknown runtime type {name}; known: `EventMetadata` (see {})",
                        crate::overrides::FILE
                    ),
                );
                None
            }
        }
    }

    fn string_shape(&mut self, values: Vec<String>, ctx: &Ctx) -> TyOrKind {
        if values.is_empty() {
            return TyOrKind::Ty(Ty::String);
        }
        let names: Vec<String> = values.iter().map(|v| naming::variant_name(v)).collect();
        let (names, collisions) = naming::dedupe(&names);
        for (i, original) in collisions {
            self.diagnostics.warning(
                &ctx.at,
                format!(
                    "enum values `{}` and another both read as `{original}`; renamed",
                    values.get(i).map(String::as_str).unwrap_or("")
                ),
            );
        }
        let variants = names
            .into_iter()
            .zip(values)
            .map(|(name, wire)| EnumVariant { name, wire })
            .collect();
        TyOrKind::Kind(TypeKind::Enum(EnumDef { variants }))
    }

    fn array_ty(&mut self, items: Option<&'s ReferenceOr<Box<Schema>>>, ctx: &Ctx) -> Ty {
        match items {
            Some(items) => {
                let inner = self.lower(Node::of_box(items), &ctx.nest("Item", &["items"]));
                Ty::Array(Box::new(optional_if(inner)))
            }
            None => Ty::Array(Box::new(self.untyped(
                &ctx.at,
                "array without `items`: elements of any type",
                Ty::Json,
            ))),
        }
    }

    fn object_shape(
        &mut self,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'s AdditionalProperties>,
        ctx: &Ctx,
    ) -> TyOrKind {
        if properties.is_empty() && ctx.at.ends_with(CUSTOM_ATTRIBUTES_SUFFIX) {
            // Custom attributes hold whatever the workspace defines (strings, numbers, booleans,
            // dates, objects), whatever value type the schema declares.
            return TyOrKind::Ty(Ty::CustomAttributes);
        }
        if properties.is_empty() {
            return TyOrKind::Ty(match additional {
                Some(AdditionalProperties::Schema(inner)) => {
                    let node = Node::of(inner);
                    if self.is_custom_attribute_value(node) {
                        return TyOrKind::Ty(Ty::CustomAttributes);
                    }
                    let value = self.lower(node, &ctx.nest("Value", &["additionalProperties"]));
                    match value.ty {
                        Ty::Json => Ty::JsonObject,
                        _ => Ty::Map(Box::new(optional_if(value))),
                    }
                }
                _ => self.untyped(
                    &ctx.at,
                    "free-form object: the schema declares no properties",
                    Ty::JsonObject,
                ),
            });
        }
        if let Some(value) = self.locale_map_value(properties, ctx) {
            return TyOrKind::Ty(Ty::LocaleMap(Box::new(value)));
        }
        let fields = self.fields(properties, required, ctx);
        TyOrKind::Kind(TypeKind::Struct(StructDef {
            fields,
            requires_one_of: Vec::new(),
        }))
    }

    /// A help-center locale map: most properties are locale codes (`en`, `pt-BR`) whose values
    /// all have one type (detected by shape, not by name). Returns the value type. Other
    /// properties (the object's `type` tag) are kept by the runtime's `LocaleMap`.
    fn locale_map_value(
        &mut self,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        ctx: &Ctx,
    ) -> Option<Ty> {
        let locales: Vec<(&String, Node<'s>)> = properties
            .iter()
            .filter(|(k, _)| naming::is_locale_code(k))
            .map(|(k, v)| (k, Node::of_box(v)))
            .collect();
        if locales.len() < 5 || locales.len() * 10 < properties.len() * 6 {
            return None;
        }
        // Every locale refers to one schema (directly, or through the `allOf` wrapper that
        // keeps a `$ref`'s description).
        let target = locales.first()?.1.referenced()?;
        if !locales.iter().all(|(_, n)| n.referenced() == Some(target)) {
            return None;
        }
        Some(
            self.lower(
                Node::Ref(target),
                &ctx.nest("Value", &["properties", locales[0].0]),
            )
            .ty,
        )
    }

    /// Custom attribute values: a map whose values are a union that includes a scalar (Intercom
    /// sends strings, numbers, booleans, dates and objects there, whatever the spec says).
    fn is_custom_attribute_value(&self, node: Node<'s>) -> bool {
        let Some(s) = self.schemas.resolve(node) else {
            return false;
        };
        let members = match &s.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => return false,
        };
        members.iter().any(|m| {
            matches!(
                self.schemas.kind(Node::of(m)),
                super::schema::ValueKind::String
                    | super::schema::ValueKind::Number
                    | super::schema::ValueKind::Boolean
            )
        })
    }

    /// Lowers object properties into fields, in spec order.
    pub fn fields(
        &mut self,
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ctx: &Ctx,
    ) -> Vec<Field> {
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, prop) in properties {
            let node = Node::of_box(prop);
            let lowered = self.lower(node, &ctx.nest(wire, &["properties", wire]));
            let (doc, deprecated, read_only) = match node {
                Node::Inline(s) => (
                    s.schema_data
                        .description
                        .clone()
                        .or_else(|| s.schema_data.title.clone()),
                    s.schema_data.deprecated,
                    s.schema_data.read_only,
                ),
                Node::Ref(_) => (None, false, false),
            };
            let is_required = required.iter().any(|r| r == wire);
            let name = naming::field_name(wire);
            fields.push(Field {
                setter: naming::setter_name(&name),
                name,
                wire: wire.clone(),
                ty: lowered.ty,
                required: is_required,
                nullable: lowered.nullable,
                presence: Presence::initial(is_required, lowered.nullable),
                doc,
                deprecated,
                read_only,
                boxed: false,
            });
        }
        fields
    }

    fn any_shape(&mut self, a: &'s AnySchema, s: &'s Schema, ctx: &Ctx) -> TyOrKind {
        if !a.all_of.is_empty() {
            return self.all_of(&a.all_of, ctx);
        }
        if !a.one_of.is_empty() {
            return self.union(
                &a.one_of,
                s.schema_data.discriminator.as_ref(),
                ctx,
                "oneOf",
            );
        }
        if !a.any_of.is_empty() {
            return self.union(&a.any_of, None, ctx, "anyOf");
        }
        let typ = a.typ.as_deref();
        if !a.properties.is_empty() {
            return self.object_shape(
                &a.properties,
                &a.required,
                a.additional_properties.as_ref(),
                ctx,
            );
        }
        match typ {
            Some("object") => TyOrKind::Ty(self.untyped(
                &ctx.at,
                "free-form object: the schema declares no properties",
                Ty::JsonObject,
            )),
            Some("array") => TyOrKind::Ty(self.array_ty(a.items.as_ref(), ctx)),
            Some("string") if a.format.as_deref() == Some("binary") => TyOrKind::Ty(Ty::File),
            Some("string") => {
                let values = a
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                self.string_shape(values, ctx)
            }
            Some("integer") => TyOrKind::Ty(match a.format.as_deref() {
                Some("date-time" | "timestamp") => Ty::Timestamp,
                _ => Ty::Integer,
            }),
            Some("number") => TyOrKind::Ty(Ty::Number),
            Some("boolean") => TyOrKind::Ty(Ty::Boolean),
            _ if a.items.is_some() => TyOrKind::Ty(self.array_ty(a.items.as_ref(), ctx)),
            // Untyped custom attributes (2.7–2.11 refer to a `custom_attributes` schema they do
            // not define, which normalize leaves as `{}`) hold what typed ones hold.
            _ if ctx.at.ends_with(CUSTOM_ATTRIBUTES_SUFFIX) => TyOrKind::Ty(Ty::CustomAttributes),
            _ => TyOrKind::Ty(self.untyped(
                &ctx.at,
                "schema without a type: any JSON value",
                Ty::Json,
            )),
        }
    }

    /// `allOf`: a single member is that member; several merge into one struct, or, when one of
    /// them is a union, into a union whose every variant carries the shared fields.
    fn all_of(&mut self, members: &'s [ReferenceOr<Schema>], ctx: &Ctx) -> TyOrKind {
        let nodes: Vec<Node<'s>> = members
            .iter()
            .map(Node::of)
            .filter(|n| !self.is_doc_only(*n))
            .collect();
        if nodes.len() == 1 {
            return TyOrKind::Ty(self.lower(nodes[0], ctx).ty);
        }
        let mut parts = Parts::default();
        for (i, node) in nodes.iter().enumerate() {
            let at = child(&child(&ctx.at, "allOf"), &i.to_string());
            self.collect_part(*node, ctx, &at, &mut parts, 0);
        }
        parts.apply_required();
        match parts.unions.len() {
            0 => TyOrKind::Kind(TypeKind::Struct(StructDef {
                fields: parts.fields,
                requires_one_of: parts.requires_one_of,
            })),
            n => {
                if n > 1 {
                    self.diagnostics.warning(
                        &ctx.at,
                        "several unions inside one `allOf`; only the first is modelled",
                    );
                }
                let union = parts.unions.swap_remove(0);
                self.union_with_base(parts.fields, union, ctx)
            }
        }
    }

    fn is_doc_only(&self, node: Node<'s>) -> bool {
        matches!(node, Node::Inline(s) if matches!(&s.schema_kind, SchemaKind::Any(a) if is_empty_any(a)))
    }

    /// Adds what one `allOf` member (or union member merged with shared fields) contributes.
    pub(super) fn collect_part(
        &mut self,
        node: Node<'s>,
        ctx: &Ctx,
        at: &str,
        parts: &mut Parts<'s>,
        depth: usize,
    ) {
        if depth > 16 {
            self.diagnostics
                .warning(at, "`allOf` nests too deeply; the rest is ignored");
            return;
        }
        if let Some(name) = node.component() {
            let Some(id) = self.components.get(name).copied() else {
                self.diagnostics
                    .warning(at, format!("unresolved `$ref` to `{name}`; member ignored"));
                return;
            };
            if !self.lower_component(id) {
                self.diagnostics.warning(
                    at,
                    format!("`allOf` member `{name}` refers back to itself; member ignored"),
                );
                return;
            }
            match &self.defs[id.0].kind {
                TypeKind::Struct(st) => {
                    parts.merge_fields(st.fields.clone());
                    parts.requires_one_of.extend(st.requires_one_of.clone());
                }
                TypeKind::Union(_) => {
                    if let Some(s) = self.schemas.resolve(node) {
                        self.collect_union_schema(s, parts);
                    }
                }
                _ => self.diagnostics.warning(
                    at,
                    format!("`allOf` member `{name}` is not an object; member ignored"),
                ),
            }
            return;
        }
        let Node::Inline(s) = node else { return };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() && !o.required.is_empty() {
                    parts.required.extend(o.required.iter().cloned());
                } else {
                    let fields = self.fields(&o.properties, &o.required, ctx);
                    parts.merge_fields(fields);
                    parts.required.extend(o.required.iter().cloned());
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (i, m) in all_of.iter().enumerate() {
                    let m_at = child(&child(at, "allOf"), &i.to_string());
                    self.collect_part(Node::of(m), ctx, &m_at, parts, depth + 1);
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.collect_union_schema(s, parts)
            }
            SchemaKind::Any(a) if is_required_only(s) => {
                parts.required.extend(a.required.iter().cloned());
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                let fields = self.fields(&a.properties, &a.required, ctx);
                parts.merge_fields(fields);
                parts.required.extend(a.required.iter().cloned());
            }
            SchemaKind::Any(a) if is_empty_any(a) => {}
            _ => self
                .diagnostics
                .warning(at, "`allOf` member is not an object; member ignored"),
        }
    }

    fn collect_union_schema(&mut self, s: &'s Schema, parts: &mut Parts<'s>) {
        let (members, kind) = match &s.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return,
        };
        let constraint = members.iter().all(|m| match m {
            ReferenceOr::Item(ms) => is_required_only(ms),
            ReferenceOr::Reference { .. } => false,
        });
        if constraint {
            for m in members {
                if let ReferenceOr::Item(ms) = m {
                    // Alternatives listing the same names are one constraint.
                    let mut names = required_names(ms);
                    let mut key = names.clone();
                    key.sort();
                    let seen = parts.requires_one_of.iter().any(|set| {
                        let mut other = set.clone();
                        other.sort();
                        other == key
                    });
                    if !seen {
                        names.dedup();
                        parts.requires_one_of.push(names);
                    }
                }
            }
        } else {
            parts.unions.push(UnionPart {
                members,
                discriminator: s.schema_data.discriminator.as_ref(),
                keyword: kind,
            });
        }
    }

    /// Shared `TypeDef` access for the union rules.
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

/// What several `allOf` members add up to.
#[derive(Default)]
pub struct Parts<'s> {
    /// Merged fields; a later member's field replaces an earlier one with the same key.
    pub fields: Vec<Field>,
    /// Names some member marks required.
    pub required: BTreeSet<String>,
    /// `anyOf`/`oneOf` of `required` lists.
    pub requires_one_of: Vec<Vec<String>>,
    /// Real unions among the members.
    pub unions: Vec<UnionPart<'s>>,
}

/// A union found inside an `allOf`.
pub struct UnionPart<'s> {
    /// Its members.
    pub members: &'s [ReferenceOr<Schema>],
    /// Its discriminator.
    pub discriminator: Option<&'s openapiv3::Discriminator>,
    /// `oneOf` or `anyOf`.
    pub keyword: &'static str,
}

impl Parts<'_> {
    /// Adds fields, replacing same-key ones in place.
    pub fn merge_fields(&mut self, fields: Vec<Field>) {
        for f in fields {
            match self.fields.iter_mut().find(|e| e.wire == f.wire) {
                Some(existing) => {
                    let required = existing.required || f.required;
                    *existing = f;
                    existing.required = required;
                }
                None => self.fields.push(f),
            }
        }
    }

    fn apply_required(&mut self) {
        for f in &mut self.fields {
            if self.required.contains(&f.wire) {
                f.required = true;
            }
        }
    }
}

fn is_empty_any(a: &AnySchema) -> bool {
    a.typ.is_none()
        && a.properties.is_empty()
        && a.required.is_empty()
        && a.items.is_none()
        && a.one_of.is_empty()
        && a.all_of.is_empty()
        && a.any_of.is_empty()
        && a.not.is_none()
        && a.enumeration.is_empty()
        && a.additional_properties.is_none()
}

/// The schema extension naming a hand-written runtime type: `x-rust-type: EventMetadata`.
pub const RUNTIME_TYPE_KEY: &str = "x-rust-type";

/// Pointer suffix of a `custom_attributes` property: always typed [`Ty::CustomAttributes`].
const CUSTOM_ATTRIBUTES_SUFFIX: &str = "/properties/custom_attributes";

/// `Option<T>` for a nullable array item or map value (JSON itself already admits `null`).
fn optional_if(lowered: SchemaUse) -> Ty {
    match lowered.ty {
        Ty::Json => Ty::Json,
        ty if lowered.nullable => Ty::Optional(Box::new(ty)),
        ty => ty,
    }
}

fn integer_ty<T>(format: &VariantOrUnknownOrEmpty<T>) -> Ty {
    match format {
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time" || f == "timestamp" => {
            Ty::Timestamp
        }
        _ => Ty::Integer,
    }
}
