//! `oneOf`/`anyOf` → Rust enums, by the rules of DESIGN.md, tried in this order:
//!
//! 1. a single member is that member;
//! 2. members that only list `required` names are a constraint on the parent, not a union
//!    (see [`super::types`]; standalone, they are an open JSON object);
//! 3. an explicit `discriminator` → [`UnionRepr::Tagged`] by its mapping (several tags may map
//!    to one member);
//! 4. members of distinct JSON kinds (`string | integer`, `T | T[]`) → [`UnionRepr::Kinds`],
//!    with `T | T[]` named `One`/`Many`;
//! 5. a property that is a string enum in every member with disjoint values (`type`,
//!    `message_type`, `data_type`) → [`UnionRepr::Tagged`];
//! 6. members that each require a key no other member has → [`UnionRepr::Keys`];
//! 7. a tag property (as in 5) that is a string enum in every member but one, where it is free
//!    text → [`UnionRepr::Tagged`], that member taking every other value (`list` is the list;
//!    any other `type`, such as a custom object's `Order`, is the instance);
//! 8. anything else → [`UnionRepr::Ordered`] (first member that decodes), with a warning.
//!
//! When a union sits inside an `allOf` next to shared properties, every variant becomes a struct
//! that carries the shared fields (so `skip_notifications` is settable in every reply variant).

use std::collections::BTreeSet;

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::schema::{Node, ValueKind, is_required_only};
use super::types::{Ctx, Lowerer, Parts, TyOrKind, UnionPart};
use crate::ir::{Field, StructDef, Ty, TypeKind, UnionDef, UnionRepr, UnionVariant};
use crate::naming;

/// Properties tried, in order, as an inferred tag.
const TAG_CANDIDATES: [&str; 3] = ["type", "message_type", "data_type"];

struct Plan {
    repr: UnionRepr,
    tags: Vec<Vec<String>>,
    keys: Vec<Vec<String>>,
    kinds: Vec<ValueKind>,
    rule: &'static str,
}

impl<'s> Lowerer<'s, '_> {
    /// Lowers a `oneOf`/`anyOf`.
    pub(super) fn union(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        discriminator: Option<&'s Discriminator>,
        ctx: &Ctx,
        keyword: &'static str,
    ) -> TyOrKind {
        let nodes: Vec<Node<'s>> = members.iter().map(Node::of).collect();
        if nodes.len() == 1 {
            return TyOrKind::Ty(self.lower(nodes[0], ctx).ty);
        }
        if nodes.is_empty() || nodes.iter().all(|n| self.required_only(*n)) {
            self.diagnostics.warning(
                &ctx.at,
                format!(
                    "`{keyword}` of `required` lists without properties; typed as a JSON object"
                ),
            );
            return TyOrKind::Ty(Ty::JsonObject);
        }
        let plan = self.plan(&nodes, discriminator, &ctx.at);
        let names = self.variant_names(&nodes, &plan);
        let mut variants = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            let name = names[i].clone();
            let vctx = ctx.nest(&name, &[keyword, &i.to_string()]);
            let ty = self.lower(*node, &vctx).ty;
            variants.push(self.variant(name, ty, *node, &plan, i));
        }
        TyOrKind::Kind(TypeKind::Union(UnionDef {
            repr: plan.repr,
            variants,
            rule: plan.rule,
            conversions: Vec::new(),
            no_conversion: Vec::new(),
            constructors: Vec::new(),
        }))
    }

    /// Lowers a union that shares `base` fields with all its members.
    pub(super) fn union_with_base(
        &mut self,
        base: Vec<Field>,
        part: UnionPart<'s>,
        ctx: &Ctx,
    ) -> TyOrKind {
        if base.is_empty() {
            return self.union(part.members, part.discriminator, ctx, part.keyword);
        }
        let nodes: Vec<Node<'s>> = part.members.iter().map(Node::of).collect();
        let plan = self.plan(&nodes, part.discriminator, &ctx.at);
        let names = self.variant_names(&nodes, &plan);
        let mut variants = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            let name = names[i].clone();
            let vctx = ctx.nest(&name, &[part.keyword, &i.to_string()]);
            let ty = self.variant_with_base(&base, *node, &vctx);
            variants.push(self.variant(name, ty, *node, &plan, i));
        }
        TyOrKind::Kind(TypeKind::Union(UnionDef {
            repr: plan.repr,
            variants,
            rule: plan.rule,
            conversions: Vec::new(),
            no_conversion: Vec::new(),
            constructors: Vec::new(),
        }))
    }

    /// One member merged with the shared fields: a struct, or (for a member that is itself a
    /// union) a union whose variants all carry the shared fields.
    fn variant_with_base(&mut self, base: &[Field], node: Node<'s>, ctx: &Ctx) -> Ty {
        let mut parts = Parts::default();
        parts.merge_fields(base.to_vec());
        let at = ctx.at.clone();
        let schema = self.schemas.resolve(node);
        let inner_union = schema.and_then(|s| match &s.schema_kind {
            openapiv3::SchemaKind::OneOf { one_of } => Some(UnionPart {
                members: one_of,
                discriminator: s.schema_data.discriminator.as_ref(),
                keyword: "oneOf",
            }),
            openapiv3::SchemaKind::AnyOf { any_of }
                if !any_of
                    .iter()
                    .all(|m| matches!(m, ReferenceOr::Item(ms) if is_required_only(ms))) =>
            {
                Some(UnionPart {
                    members: any_of,
                    discriminator: None,
                    keyword: "anyOf",
                })
            }
            _ => None,
        });
        if let Some(inner) = inner_union {
            let shape = self.union_with_base(base.to_vec(), inner, ctx);
            return self.shape_to_ty(
                shape,
                ctx,
                schema.and_then(|s| s.schema_data.description.clone()),
            );
        }
        self.collect_part(node, ctx, &at, &mut parts, 0);
        for f in &mut parts.fields {
            if parts.required.contains(&f.wire) {
                f.required = true;
            }
        }
        let doc = schema.and_then(|s| s.schema_data.description.clone());
        let kind = TypeKind::Struct(StructDef {
            fields: parts.fields,
            requires_one_of: parts.requires_one_of,
            one_of_titles: parts.one_of_titles,
            alternatives: Vec::new(),
        });
        Ty::Named(self.named(ctx, kind, doc))
    }

    fn shape_to_ty(&mut self, shape: TyOrKind, ctx: &Ctx, doc: Option<String>) -> Ty {
        match shape {
            TyOrKind::Ty(t) => t,
            TyOrKind::Kind(k) => Ty::Named(self.named(ctx, k, doc)),
        }
    }

    fn variant(&self, name: String, ty: Ty, node: Node<'s>, plan: &Plan, i: usize) -> UnionVariant {
        let doc = self.schemas.resolve(node).and_then(|s| {
            s.schema_data
                .description
                .clone()
                .or_else(|| s.schema_data.title.clone())
        });
        UnionVariant {
            name,
            ty,
            tags: plan.tags.get(i).cloned().unwrap_or_default(),
            keys: plan.keys.get(i).cloned().unwrap_or_default(),
            doc,
        }
    }

    fn required_only(&self, node: Node<'s>) -> bool {
        matches!(node, Node::Inline(s) if is_required_only(s))
    }

    fn plan(
        &mut self,
        nodes: &[Node<'s>],
        discriminator: Option<&'s Discriminator>,
        at: &str,
    ) -> Plan {
        let kinds: Vec<ValueKind> = nodes.iter().map(|n| self.schemas.kind(*n)).collect();
        let mut plan = Plan {
            repr: UnionRepr::Ordered,
            tags: Vec::new(),
            keys: Vec::new(),
            kinds: kinds.clone(),
            rule: "ordered",
        };
        if let Some(d) = discriminator {
            let tags: Vec<Vec<String>> = nodes
                .iter()
                .map(|n| {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| matches!(n, Node::Ref(r) if r == target))
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if !mapped.is_empty() {
                        return mapped;
                    }
                    if let Some(values) = self.schemas.tag_values(*n, &d.property_name) {
                        return values.into_iter().collect();
                    }
                    n.component()
                        .map(|c| vec![c.to_string()])
                        .unwrap_or_default()
                })
                .collect();
            if disjoint(&tags) {
                plan.repr = UnionRepr::Tagged {
                    property: d.property_name.clone(),
                };
                plan.tags = tags;
                plan.rule = "discriminator";
                return plan;
            }
            self.diagnostics.warning(
                at,
                "the discriminator's tags overlap; falling back to structural rules",
            );
        }
        let distinct: BTreeSet<ValueKind> = kinds.iter().copied().collect();
        if !kinds.contains(&ValueKind::Any) && distinct.len() == kinds.len() {
            plan.repr = UnionRepr::Kinds;
            plan.rule = "kinds";
            return plan;
        }
        if kinds.iter().all(|k| *k == ValueKind::Object) {
            for property in self.tag_candidates(nodes) {
                let tags: Option<Vec<Vec<String>>> = nodes
                    .iter()
                    .map(|n| {
                        self.schemas
                            .tag_values(*n, &property)
                            .map(|v| v.into_iter().collect())
                    })
                    .collect();
                if let Some(tags) = tags.filter(|t| disjoint(t)) {
                    plan.repr = UnionRepr::Tagged { property };
                    plan.tags = tags;
                    plan.rule = "tag";
                    return plan;
                }
            }
            let views: Vec<_> = nodes.iter().map(|n| self.schemas.object(*n)).collect();
            let keys: Vec<Vec<String>> = views
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.required
                        .iter()
                        .filter(|k| {
                            views
                                .iter()
                                .enumerate()
                                .all(|(j, o)| j == i || !o.properties.contains_key(*k))
                        })
                        .cloned()
                        .collect()
                })
                .collect();
            if keys.iter().all(|k: &Vec<String>| !k.is_empty()) {
                plan.repr = UnionRepr::Keys;
                plan.keys = keys;
                plan.rule = "keys";
                return plan;
            }
            if let Some((property, tags)) = self.tag_with_default(nodes) {
                plan.repr = UnionRepr::Tagged { property };
                plan.tags = tags;
                plan.rule = "tag with default";
                return plan;
            }
        }
        // Whether this stays ordered (and is worth a warning) depends on where the union is
        // used: see `usage`.
        let _ = at;
        plan
    }

    /// Rule 7: the first tag candidate that is a string enum with disjoint values in every member
    /// but one, which declares it as free text (it takes every other value: its tags are empty).
    fn tag_with_default(&self, nodes: &[Node<'s>]) -> Option<(String, Vec<Vec<String>>)> {
        for property in self.tag_candidates(nodes) {
            let tags: Vec<Option<BTreeSet<String>>> = nodes
                .iter()
                .map(|n| self.schemas.tag_values(*n, &property))
                .collect();
            let untagged: Vec<usize> = (0..nodes.len()).filter(|i| tags[*i].is_none()).collect();
            let [default] = untagged.as_slice() else {
                continue;
            };
            let free_text = self
                .schemas
                .object(nodes[*default])
                .properties
                .get(&property)
                .is_some_and(|p| self.schemas.kind(*p) == ValueKind::String);
            let tags: Vec<Vec<String>> = tags
                .into_iter()
                .map(|t| t.map(|t| t.into_iter().collect()).unwrap_or_default())
                .collect();
            let tagged: Vec<Vec<String>> = tags.iter().filter(|t| !t.is_empty()).cloned().collect();
            if free_text && disjoint(&tagged) {
                return Some((property, tags));
            }
        }
        None
    }

    /// `type`, `message_type`, `data_type`, then any other property every member declares.
    /// (A member that is itself a union declares no properties of its own, so the usual tag
    /// names are always tried: [`super::schema::Schemas::tag_values`] looks into such members.)
    fn tag_candidates(&self, nodes: &[Node<'s>]) -> Vec<String> {
        let views: Vec<_> = nodes.iter().map(|n| self.schemas.object(*n)).collect();
        let mut shared: Vec<String> = views
            .first()
            .map(|v| v.properties.keys().cloned().collect())
            .unwrap_or_default();
        shared.retain(|k| views.iter().all(|v| v.properties.contains_key(k)));
        let mut out: Vec<String> = TAG_CANDIDATES.iter().map(|c| c.to_string()).collect();
        out.extend(
            shared
                .into_iter()
                .filter(|s| !TAG_CANDIDATES.contains(&s.as_str())),
        );
        out
    }

    fn variant_names(&self, nodes: &[Node<'s>], plan: &Plan) -> Vec<String> {
        if plan.repr == UnionRepr::Kinds
            && nodes.len() == 2
            && plan.kinds.contains(&ValueKind::Array)
            && self.is_one_or_many(nodes)
        {
            return if plan.kinds[0] == ValueKind::Array {
                vec!["Many".into(), "One".into()]
            } else {
                vec!["One".into(), "Many".into()]
            };
        }
        let candidates: Vec<String> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| self.variant_candidate(*n, plan, i))
            .collect();
        let stripped = naming::strip_common_affixes(&candidates);
        naming::dedupe(&stripped).0
    }

    fn variant_candidate(&self, node: Node<'s>, plan: &Plan, i: usize) -> String {
        if let Some(name) = node.component()
            && let Some(id) = self.components.get(name)
        {
            return self.def(*id).name.clone();
        }
        if plan.repr == UnionRepr::Kinds {
            return match plan.kinds.get(i) {
                Some(ValueKind::String) => "String".into(),
                Some(ValueKind::Number) => {
                    match self.schemas.resolve(node).map(|s| &s.schema_kind) {
                        Some(openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_))) => {
                            "Integer".into()
                        }
                        _ => "Number".into(),
                    }
                }
                Some(ValueKind::Boolean) => "Boolean".into(),
                Some(ValueKind::Array) => "List".into(),
                Some(ValueKind::Object) => "Object".into(),
                _ => format!("Variant{}", i + 1),
            };
        }
        if let Some(title) = self
            .schemas
            .resolve(node)
            .and_then(|s| s.schema_data.title.as_deref())
        {
            return naming::type_name(title);
        }
        if let Some([tag]) = plan.tags.get(i).map(Vec::as_slice) {
            return naming::variant_name(tag);
        }
        if let Some(keys) = plan.keys.get(i)
            && let Some(first) = keys.first()
        {
            return naming::type_name(first);
        }
        format!("Variant{}", i + 1)
    }

    fn is_one_or_many(&self, nodes: &[Node<'s>]) -> bool {
        let (array, single) = match (self.schemas.kind(nodes[0]), self.schemas.kind(nodes[1])) {
            (ValueKind::Array, _) => (nodes[0], nodes[1]),
            _ => (nodes[1], nodes[0]),
        };
        let Some(items) = self
            .schemas
            .resolve(array)
            .and_then(|s| match &s.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Array(a)) => a.items.as_ref(),
                _ => None,
            })
        else {
            return false;
        };
        match (Node::of_box(items), single) {
            (Node::Ref(a), Node::Ref(b)) => a == b,
            (a, b) => {
                self.schemas.kind(a) == self.schemas.kind(b)
                    && self.schemas.kind(b) != ValueKind::Object
            }
        }
    }
}

/// Whether no tag value appears in two members (and every member has one).
fn disjoint(tags: &[Vec<String>]) -> bool {
    let mut seen = BTreeSet::new();
    tags.iter().all(|t| !t.is_empty()) && tags.iter().flatten().all(|t| seen.insert(t.clone()))
}
