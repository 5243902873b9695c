//! Search queries: the spec's recursive `single_filter_search_request` |
//! `multiple_filter_search_request` union becomes the runtime's `search::Query`
//! ([`Ty::SearchQuery`]), which builds filters from typed fields and checks Intercom's nesting
//! limits before sending.
//!
//! Detected by shape, not by name: a two-member union of a filter object
//! (`field`/`operator`/`value`) and a group object (`operator` with `AND`/`OR`, and `value`).
//!
//! Reads: the lowered types and each operation's body and description; `search_fields` and
//! `search_field_types` of `spec/overrides.yaml`. Writes: [`use_runtime_query`] turns the query
//! union into [`Ty::SearchQuery`] (first of all passes, so every later one sees the runtime type);
//! [`typed_fields`] fills [`crate::ir::Operation::search`] (after [`super::body_inputs`], once
//! method names and resources are final).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostics, child};
use crate::ir::{
    Api, Body, BodyStyle, Param, SearchField, SearchKind, SearchSchema, SearchValue, SearchVariant,
    Ty, TypeId, TypeKind,
};
use crate::naming;
use crate::overrides::{self, Overrides};
use crate::search_fields::{self, FieldType, SearchFields};
use crate::vocab::Operator;

/// Replaces every use of a search-query union, and of its filter and group members, with
/// [`Ty::SearchQuery`]; the types themselves become aliases of it (so their names keep working).
/// Returns how many unions were replaced.
pub fn use_runtime_query(api: &mut Api) -> usize {
    let found: Vec<TypeId> = (0..api.types.len())
        .map(TypeId)
        .filter(|id| is_query_union(api, *id))
        .collect();
    if found.is_empty() {
        return 0;
    }
    let mut unions = found.clone();
    let mut lists = Vec::new();
    for id in &found {
        if let TypeKind::Union(u) = &api.ty(*id).kind {
            for v in &u.variants {
                if let Ty::Named(member) = v.ty {
                    unions.push(member);
                    // The group's `value`: a union of arrays of filters or of groups.
                    if let TypeKind::Struct(st) = &api.ty(member).kind
                        && let Some(Ty::Named(value)) =
                            st.fields.iter().find(|f| f.wire == "value").map(|f| &f.ty)
                        && matches!(api.ty(*value).kind, TypeKind::Union(_))
                        && st.fields.len() == 2
                    {
                        lists.push(*value);
                    }
                }
            }
        }
    }
    unions.sort_unstable();
    unions.dedup();
    lists.sort_unstable();
    lists.dedup();
    for id in &unions {
        api.types[id.0].kind = TypeKind::Alias(Ty::SearchQuery);
    }
    for id in &lists {
        api.types[id.0].kind = TypeKind::Alias(Ty::Array(Box::new(Ty::SearchQuery)));
    }
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(st) => {
                for f in &mut st.fields {
                    replace(&mut f.ty, &unions);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    replace(&mut v.ty, &unions);
                }
            }
            TypeKind::Alias(ty) => replace(ty, &unions),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        for Param { ty, .. } in &mut op.params {
            replace(ty, &unions);
        }
        if let Some(Body { ty, .. }) = &mut op.body {
            replace(ty, &unions);
        }
    }
    found.len()
}

fn replace(ty: &mut Ty, unions: &[TypeId]) {
    match ty {
        Ty::Named(id) if unions.contains(id) => *ty = Ty::SearchQuery,
        other => {
            if let Some(inner) = other.inner_mut() {
                replace(inner, unions);
            }
        }
    }
}

fn is_query_union(api: &Api, id: TypeId) -> bool {
    let TypeKind::Union(u) = &api.ty(id).kind else {
        return false;
    };
    let [a, b] = u.variants.as_slice() else {
        return false;
    };
    let (Ty::Named(a), Ty::Named(b)) = (&a.ty, &b.ty) else {
        return false;
    };
    let filter = |id: TypeId| keys(api, id).is_some_and(|k| k == ["field", "operator", "value"]);
    let group = |id: TypeId| {
        keys(api, id).is_some_and(|k| k == ["operator", "value"])
            && operator_values(api, id).is_some_and(|v| v.contains(&"AND") && v.contains(&"OR"))
    };
    (filter(*a) && group(*b)) || (group(*a) && filter(*b))
}

/// The sorted property names of a struct type.
fn keys(api: &Api, id: TypeId) -> Option<Vec<&str>> {
    let TypeKind::Struct(st) = &api.ty(id).kind else {
        return None;
    };
    let mut keys: Vec<&str> = st.fields.iter().map(|f| f.wire.as_str()).collect();
    keys.sort_unstable();
    Some(keys)
}

/// The values of a struct's `operator` enum.
fn operator_values(api: &Api, id: TypeId) -> Option<Vec<&str>> {
    let TypeKind::Struct(st) = &api.ty(id).kind else {
        return None;
    };
    let field = st.fields.iter().find(|f| f.wire == "operator")?;
    let Ty::Named(e) = &field.ty else {
        return None;
    };
    let TypeKind::Enum(en) = &api.ty(*e).kind else {
        return None;
    };
    Some(en.variants.iter().map(|v| v.wire.as_str()).collect())
}

/// Reads the typed fields of every search operation (one whose body has a [`Ty::SearchQuery`])
/// from its description, with `spec/overrides.yaml`'s `search_fields` corrections applied.
pub fn typed_fields(api: &mut Api, overrides: &Overrides, diagnostics: &mut Diagnostics) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        if !takes_query(api, op) {
            continue;
        }
        let Some(description) = op.description.as_deref() else {
            continue;
        };
        let at = child(&op.origin, "description");
        let Some(mut tables) = search_fields::parse(description, &at, diagnostics) else {
            continue;
        };
        let entry = overrides.operation(Some(&op.id), op.http_method.as_str(), &op.path);
        let renames = entry.map(|e| e.search_fields.clone()).unwrap_or_default();
        let declared_types = entry
            .map(|e| e.search_field_types.clone())
            .unwrap_or_default();
        let decl_at = child(
            &child(&format!("{}#", overrides::FILE), "operations"),
            &op.id,
        );
        for (from, to) in &renames {
            match tables.fields.iter_mut().find(|f| &f.path == from) {
                Some(f) => f.path.clone_from(to),
                None => {
                    let message = format!(
                        "search_fields: `{from}` is not in the operation's Accepted Fields table"
                    );
                    overrides.not_applied(diagnostics, &decl_at, message);
                }
            }
            // Field-specific operator rules follow the rename.
            for map in [
                &mut tables.field_exclusions,
                &mut tables.field_only,
                &mut tables.field_additions,
            ] {
                if let Some(ops) = map.remove(from) {
                    map.insert(to.clone(), ops);
                }
            }
        }
        declare_types(
            &mut tables,
            &declared_types,
            &decl_at,
            overrides,
            diagnostics,
        );
        let mut module = op.resource.clone();
        if !taken.insert(module.clone()) {
            module = format!(
                "{}_{}",
                op.resource,
                op.method_name.trim_start_matches("r#")
            );
            taken.insert(module.clone());
        }
        let schema = schema(module, &tables, &at, diagnostics);
        api.operations[i].search = Some(schema);
    }
}

/// Applies `search_field_types` declarations: sets a field's types, adding the field when the
/// table lacks it. A declaration with an unknown type word, or one the table already agrees with
/// (in the pinned description), is an error.
fn declare_types(
    tables: &mut SearchFields,
    declared: &BTreeMap<String, overrides::SearchFieldTypes>,
    decl_at: &str,
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) {
    let at = child(decl_at, "search_field_types");
    for (path, decl) in declared {
        let mut report = |message: String| {
            overrides.not_applied(diagnostics, child(&at, path), message);
        };
        let mut types = BTreeSet::new();
        for word in &decl.types {
            match FieldType::from_word(word) {
                Some(ty) => {
                    types.insert(ty);
                }
                None => report(format!(
                    "`{word}` is not a search field type (String, Integer, Float, Date, \
                     Datetime or Boolean)"
                )),
            }
        }
        if types.is_empty() {
            continue;
        }
        match tables.fields.iter_mut().find(|f| &f.path == path) {
            Some(field) if field.has_types(&types) => {
                if overrides.strict {
                    report(format!(
                        "the `Accepted Fields` table already gives `{path}` these types; remove \
                         the declaration"
                    ));
                }
            }
            Some(field) => {
                let declared = search_fields::SearchField::declared(path, &types);
                field.ty = declared.ty;
                field.alternatives = declared.alternatives;
            }
            None => tables
                .fields
                .push(search_fields::SearchField::declared(path, &types)),
        }
    }
}

/// Whether the operation's flattened body has a search query field.
fn takes_query(api: &Api, op: &crate::ir::Operation) -> bool {
    let Some(Body {
        style: BodyStyle::Flattened(id),
        ..
    }) = &op.body
    else {
        return false;
    };
    match &api.ty(*id).kind {
        TypeKind::Struct(st) => st.fields.iter().any(|f| f.ty == Ty::SearchQuery),
        _ => false,
    }
}

/// Kinds and fields from the parsed tables: one kind per documented type, plus one per field
/// whose operators differ from its type's (`tag_id`). A field with a placeholder whose values
/// may have several types (a custom attribute) gets one constructor per type instead.
fn schema(
    module: String,
    tables: &SearchFields,
    at: &str,
    diagnostics: &mut Diagnostics,
) -> SearchSchema {
    let mut kinds: Vec<SearchKind> = Vec::new();
    let mut fields = Vec::new();
    let mut names = Vec::new();
    for field in &tables.fields {
        let typed_by_value = field.placeholder.is_some()
            && field.ty == FieldType::Mixed
            && field.alternatives.len() > 1;
        let (kind, variants) = if typed_by_value {
            let variants: Vec<SearchVariant> = field
                .alternatives
                .iter()
                .filter_map(|ty| {
                    let one = search_fields::SearchField {
                        ty: *ty,
                        alternatives: BTreeSet::new(),
                        ..field.clone()
                    };
                    let kind = kind_for(tables, &one, &mut kinds, at, diagnostics)?;
                    Some(SearchVariant {
                        name: constructor_name(*ty).to_string(),
                        kind,
                        doc: type_label(&one),
                    })
                })
                .collect();
            if variants.is_empty() {
                continue;
            }
            (String::new(), variants)
        } else {
            match kind_for(tables, field, &mut kinds, at, diagnostics) {
                Some(kind) => (kind, Vec::new()),
                None => continue,
            }
        };
        let (name, placeholder) = match &field.placeholder {
            Some(p) => {
                let prefix = field
                    .path
                    .split('{')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('.');
                (naming::field_name(prefix), Some(naming::field_name(p)))
            }
            None => (naming::const_name(&field.path), None),
        };
        names.push(name);
        let mut doc = type_label(field);
        if let Some(note) = &field.note {
            doc = format!("{doc}; {}", note.trim());
        }
        fields.push(SearchField {
            path: field.path.clone(),
            name: String::new(),
            placeholder,
            kind,
            doc,
            variants,
        });
    }
    let (unique, _) = naming::dedupe(&names);
    for (f, name) in fields.iter_mut().zip(unique) {
        f.name = name;
    }
    kinds.sort_by(|a, b| a.name.cmp(&b.name));
    SearchSchema {
        module,
        kinds,
        fields,
    }
}

/// The name of the kind of `field`'s values, added to `kinds` when new; `None` (with a warning)
/// when the tables allow no operator on it.
fn kind_for(
    tables: &SearchFields,
    field: &search_fields::SearchField,
    kinds: &mut Vec<SearchKind>,
    at: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let ops = tables.operators_for(field);
    if ops.is_empty() {
        diagnostics.warning(
            at,
            format!(
                "search field `{}` ({}) allows no documented operator; left out",
                field.path,
                field.ty.name()
            ),
        );
        return None;
    }
    let type_ops = type_operators(tables, field);
    let value = value_of(field.ty);
    let kind_name = if ops.len() == Operator::ALL.len() && value == SearchValue::Any {
        "Any".to_string()
    } else if ops == type_ops {
        kind_name_of(field.ty).to_string()
    } else {
        naming::type_name(&field.path.replace(['{', '}'], ""))
    };
    if kind_name != "Any" && !kinds.iter().any(|k| k.name == kind_name) {
        kinds.push(SearchKind {
            name: kind_name.clone(),
            value,
            operators: ops.iter().copied().collect(),
            label: if ops == type_ops {
                type_label(field)
            } else {
                format!("`{}`", field.path)
            },
        });
    }
    Some(kind_name)
}

/// The constructor of a value-typed field's variant for values of type `ty`.
fn constructor_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "text",
        FieldType::Integer => "integer",
        FieldType::Float => "float",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
        FieldType::Boolean => "boolean",
        FieldType::Mixed => "any",
    }
}

fn type_operators(tables: &SearchFields, field: &search_fields::SearchField) -> BTreeSet<Operator> {
    let plain = search_fields::SearchField {
        path: String::new(),
        ..field.clone()
    };
    tables.operators_for(&plain)
}

fn value_of(ty: FieldType) -> SearchValue {
    match ty {
        FieldType::String => SearchValue::Text,
        FieldType::Integer => SearchValue::Integer,
        FieldType::Float => SearchValue::Float,
        FieldType::Date | FieldType::Datetime => SearchValue::Timestamp,
        FieldType::Boolean => SearchValue::Boolean,
        FieldType::Mixed => SearchValue::Any,
    }
}

fn kind_name_of(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "Text",
        FieldType::Integer => "Integer",
        FieldType::Float => "Float",
        FieldType::Date => "Date",
        FieldType::Datetime => "DateTime",
        FieldType::Boolean => "Boolean",
        FieldType::Mixed => "Mixed",
    }
}

fn type_label(field: &search_fields::SearchField) -> String {
    match field.ty {
        FieldType::Date => "Date (UNIX timestamp, matched by calendar day)".into(),
        FieldType::Datetime => "Datetime (UNIX timestamp, matched to the second)".into(),
        FieldType::Mixed => {
            let names: Vec<&str> = field.alternatives.iter().map(|t| t.name()).collect();
            if names.is_empty() {
                "any type".into()
            } else {
                names.join(" or ")
            }
        }
        other => other.name().into(),
    }
}
