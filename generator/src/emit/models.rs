//! `models/*.rs`: one file per component schema (with the inline types nested in it) and per
//! operation-level inline schema; `models/mod.rs` declares and re-exports them behind the cargo
//! features that need them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{Scope, Types, doc, ident};
use crate::docs;
use crate::ir::{
    Api, EnumDef, Field, Gate, Presence, StructDef, Ty, TypeDef, TypeId, TypeKind, UnionDef,
    UnionRepr,
};

/// The models files: module name → the types it holds, in type order.
pub fn files(api: &Api) -> Vec<(String, Vec<TypeId>)> {
    let mut files: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
    for (i, def) in api.types.iter().enumerate() {
        files.entry(def.file.as_str()).or_default().push(TypeId(i));
    }
    files
        .into_iter()
        .map(|(module, ids)| (module.to_string(), ids))
        .collect()
}

/// `models/mod.rs`: every file declared and re-exported behind the features that need it.
pub fn index(api: &Api, resource_features: bool) -> TokenStream {
    let mut index = TokenStream::new();
    for (module, ids) in files(api) {
        let m = ident(&module);
        let cfg = if resource_features {
            gate_attr(&file_gate(api, &ids))
        } else {
            TokenStream::new()
        };
        let names = ids.iter().map(|id| ident(&api.ty(*id).name));
        index.extend(quote! {
            #cfg
            mod #m;
            #cfg
            pub use #m::{#(#names),*};
        });
    }
    let version = format!(
        " Every schema of the Intercom API {} as a Rust type.",
        api.info.version
    );
    quote! {
        #![doc = #version]
        #![doc = ""]
        #![doc = " Each component schema `name` of the description is `models::UpperCamelName`; schemas nested"]
        #![doc = " inside it are named after their position (`Contact` + `location` → `ContactLocation`)."]
        #![doc = " Types are compiled when a cargo feature that uses them is on."]
        #index
    }
}

/// The gate of a file: every type in a file has the same gate (the lower phase splits files
/// where they would differ).
fn file_gate(api: &Api, ids: &[TypeId]) -> Gate {
    ids.first()
        .map(|id| api.ty(*id).gate.clone())
        .unwrap_or_default()
}

/// `#[cfg(any(feature = "a", …))]`, or nothing for an empty list.
pub fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `#[cfg(...)]` for a gate, or nothing. An "all of" gate drops groups another group implies
/// (`any(a)` implies `any(a, b)`), and one remaining group is a plain `any`.
pub fn gate_attr(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::AnyOf(features) => cfg_attr(features),
        Gate::AllOf(groups) => {
            let needed: Vec<&Vec<String>> = groups
                .iter()
                .filter(|g| {
                    !groups
                        .iter()
                        .any(|other| other != *g && other.iter().all(|f| g.contains(f)))
                })
                .collect();
            if let [only] = needed.as_slice() {
                return cfg_attr(only);
            }
            let parts = needed.iter().map(|g| match g.as_slice() {
                [one] => quote!(feature = #one),
                many => quote!(any(#(feature = #many),*)),
            });
            quote!(#[cfg(all(#(#parts),*))])
        }
    }
}

/// One models file.
pub fn file(types: &Types, module: &str, ids: &[TypeId]) -> TokenStream {
    let api = types.api;
    let mut imports: BTreeSet<String> = BTreeSet::new();
    let mut runtime_types = BTreeSet::new();
    let mut items = TokenStream::new();
    let mut uses = FileUses::default();
    for id in ids {
        let def = api.ty(*id);
        let mut used = Vec::new();
        collect_named(def, &mut used, &mut runtime_types);
        for u in used {
            let other = api.ty(u);
            if other.file != module {
                imports.insert(other.name.clone());
            }
        }
        match &def.kind {
            TypeKind::Struct(_) => uses.object = true,
            TypeKind::Enum(_) => uses.string_enum = true,
            TypeKind::Union(u) => {
                uses.union = true;
                uses.shape |= u.repr == UnionRepr::Shape;
            }
            TypeKind::Alias(_) => {}
        }
        items.extend(item(types, def));
    }
    let first = api.ty(ids[0]);
    let module_doc = format!(
        " `{}` and the types nested in it (from `{}`).",
        first.name,
        first.origin.replace('`', "'")
    );
    let serde_use = uses.union.then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let runtime_items: Vec<TokenStream> = [
        uses.union.then(|| quote!(from_value)),
        uses.union.then(|| quote!(Lenient)),
        uses.shape.then(|| quote!(shape)),
        uses.object.then(|| quote!(json_object)),
        uses.string_enum.then(|| quote!(string_enum)),
    ]
    .into_iter()
    .flatten()
    .chain(runtime_types.iter().map(|name| {
        let name = ident(name);
        quote!(#name)
    }))
    .collect();
    // Never import a runtime type whose name this file defines itself.
    let defined: BTreeSet<&str> = ids.iter().map(|id| api.ty(*id).name.as_str()).collect();
    let runtime_items: Vec<TokenStream> = runtime_items
        .into_iter()
        .filter(|t| !defined.contains(t.to_string().as_str()))
        .collect();
    let root = types.root;
    let ts_use =
        (!runtime_items.is_empty()).then(|| quote!(use #root::runtime::{#(#runtime_items),*};));
    let import_idents = imports.iter().map(|n| ident(n));
    let super_use = (!imports.is_empty()).then(|| quote!(use super::{#(#import_idents),*};));
    quote! {
        #![doc = #module_doc]
        #serde_use
        #ts_use
        #super_use
        #items
    }
}

/// Runtime types models refer to by name.
const RUNTIME_TYPES: [&str; 6] = [
    "Timestamp",
    "CustomAttributes",
    "LocaleMap",
    "Nullable",
    "True",
    "EventMetadata",
];

/// Which runtime helpers a models file needs.
#[derive(Default)]
struct FileUses {
    object: bool,
    string_enum: bool,
    union: bool,
    shape: bool,
}

/// The named types a type refers to, and the runtime types (by name) it uses.
fn collect_named(def: &TypeDef, out: &mut Vec<TypeId>, runtime: &mut BTreeSet<&'static str>) {
    if let TypeKind::Struct(st) = &def.kind
        && st.fields.iter().any(|f| f.presence == Presence::Patch)
    {
        runtime.insert("Nullable");
    }
    let mut visit = |ty: &Ty| walk_ty(ty, out, runtime);
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().for_each(|f| visit(&f.ty)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
        TypeKind::Alias(ty) => visit(ty),
        TypeKind::Enum(_) => {}
    }
}

fn walk_ty(ty: &Ty, out: &mut Vec<TypeId>, runtime: &mut BTreeSet<&'static str>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Timestamp => {
            runtime.insert("Timestamp");
        }
        Ty::CustomAttributes => {
            runtime.insert("CustomAttributes");
        }
        Ty::True => {
            runtime.insert("True");
        }
        Ty::EventMetadata => {
            runtime.insert("EventMetadata");
        }
        Ty::File => {
            runtime.insert("FilePart");
        }
        other => {
            if let Ty::LocaleMap(_) = other {
                runtime.insert("LocaleMap");
            }
            if let Some(inner) = other.inner() {
                walk_ty(inner, out, runtime);
            }
        }
    }
}

fn item(types: &Types, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(st) => structure(types, def, st),
        TypeKind::Enum(e) => enumeration(def, e),
        TypeKind::Union(u) => union(types, def, u),
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            // An alias of a runtime type may share its name (`models::CustomAttributes`): spell
            // the runtime path out instead of importing it (see `file`).
            let scope = if ty.named().is_none() && RUNTIME_TYPES.contains(&def.name.as_str()) {
                Scope::Outside
            } else {
                Scope::Models
            };
            let target = types.tokens(ty, scope);
            let doc = doc(def.doc.as_deref(), &[origin_note(def)]);
            quote! {
                #doc
                pub type #name = #target;
            }
        }
    }
}

fn origin_note(def: &TypeDef) -> String {
    format!("Schema: `{}`.", def.origin.replace('`', "'"))
}

/// The `json_object!` field kind for a presence.
fn serde_kind(presence: Presence) -> TokenStream {
    match presence {
        Presence::Required => quote!(required),
        Presence::Optional => quote!(optional),
        Presence::Nullable => quote!(nullable),
        Presence::Patch => quote!(patch),
        Presence::Lenient => quote!(lenient),
    }
}

/// Whether a field's type is a constant the constructor fills in: a single-value enum, or
/// [`Ty::True`].
pub fn is_const(api: &Api, f: &Field) -> bool {
    f.ty == Ty::True || single_value_enum(api, &f.ty)
}

fn single_value_enum(api: &Api, ty: &Ty) -> bool {
    matches!(ty, Ty::Named(id) if matches!(&api.ty(*id).kind, TypeKind::Enum(e) if e.variants.len() == 1))
}

/// Whether a field gets a value without the caller giving one: not required, or a constant.
pub fn fills_itself(api: &Api, f: &Field) -> bool {
    f.presence.has_default() || is_const(api, f)
}

/// The keys an "at least one of" constraint involves, in field order.
fn constrained(st: &StructDef) -> Vec<&Field> {
    st.fields
        .iter()
        .filter(|f| st.requires_one_of.iter().flatten().any(|k| *k == f.wire))
        .collect()
}

fn structure(types: &Types, def: &TypeDef, st: &StructDef) -> TokenStream {
    let api = types.api;
    let name = ident(&def.name);
    let mut extra = vec![origin_note(def)];
    let guarded = constrained(st);
    if !st.requires_one_of.is_empty() {
        let sets: Vec<String> = st
            .requires_one_of
            .iter()
            .map(|set| {
                set.iter()
                    .map(|k| docs::code_span(k))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        extra.push(format!(
            "At least one of {} must be set, so those fields are private: build the value with a \
             `with_…` constructor and add more with the `and_…` setters.",
            sets.join(", or ")
        ));
    }
    let type_doc = doc(def.doc.as_deref(), &extra);
    // Optional fields default to `None` and constant tags to their one value; a constrained
    // struct has no valid default.
    let defaultable = guarded.is_empty() && st.fields.iter().all(|f| fills_itself(api, f));
    let default = defaultable.then(|| quote!(Default,));
    let fields = st.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = types.field(f, Scope::Models);
        let mut notes = Vec::new();
        if f.read_only {
            notes.push("Read-only: set by Intercom.".to_string());
        }
        if f.deprecated {
            notes.push("Deprecated by Intercom.".to_string());
        }
        if f.presence == Presence::Patch {
            notes.push(
                "`Nullable::Absent` (the default) leaves it out, `Nullable::Null` clears it."
                    .into(),
            );
        }
        if f.ty == Ty::True {
            notes.push("Always sent as `true`, the only value the API accepts here.".into());
        }
        let mut fdoc = doc(f.doc.as_deref(), &notes);
        if fdoc.is_empty() {
            let text = format!(" The `{}` property.", f.wire.replace('`', "'"));
            fdoc = quote!(#[doc = #text]);
        }
        let vis = (!guarded.iter().any(|g| g.wire == f.wire)).then(|| quote!(pub));
        quote! {
            #fdoc
            #vis #fname: #ty,
        }
    });
    let serde_fields = st.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let kind = serde_kind(f.presence);
        quote!(#fname: #wire #kind)
    });
    let one_of = (!st.requires_one_of.is_empty()).then(|| {
        let groups = st.requires_one_of.iter().map(|set| {
            let fields = set
                .iter()
                .filter_map(|k| st.fields.iter().find(|f| f.wire == *k))
                .map(|f| ident(&f.name));
            quote!([#(#fields),*])
        });
        quote!(one_of [#(#groups),*])
    });
    let methods = if !guarded.is_empty() {
        constrained_methods(types, def, st, &guarded)
    } else if def.usage.request && !defaultable {
        constructor(types, def, st)
    } else {
        TokenStream::new()
    };
    let setters = def.usage.request.then(|| setters(types, def, st, &guarded));
    quote! {
        #type_doc
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields)*
        }

        json_object!(#name { #(#serde_fields),* } #one_of);

        #methods
        #setters
    }
}

/// Chainable setters for a request struct's optional (public) fields: `.name("x")`; a
/// `Nullable` field also gets `.clear_name()`, which sends `null`.
fn setters(types: &Types, def: &TypeDef, st: &StructDef, guarded: &[&Field]) -> TokenStream {
    let reserved: Vec<String> = st
        .fields
        .iter()
        .flat_map(|f| {
            [
                format!("with_{}", f.name.trim_start_matches("r#")),
                format!("and_{}", f.name.trim_start_matches("r#")),
            ]
        })
        .chain(["new".to_string()])
        .collect();
    let mut out = TokenStream::new();
    for f in &st.fields {
        let plain = f.name.trim_start_matches("r#");
        if !f.presence.has_default()
            || f.presence == Presence::Lenient
            || guarded.iter().any(|g| g.wire == f.wire)
            || reserved.iter().any(|r| r == plain)
        {
            continue;
        }
        let fname = ident(&f.name);
        let setter = ident(&f.setter);
        let (arg, conv) = arg_type(types, &f.ty, Scope::Models);
        let value = if f.boxed {
            quote!(Box::new(value #conv))
        } else {
            quote!(value #conv)
        };
        let text = format!(" Sets `{}`.", f.wire.replace('`', "'"));
        match f.presence {
            Presence::Patch => {
                let clear = ident(&format!("clear_{plain}"));
                let clear_text = format!(
                    " Sends `{}` as `null`, clearing it.",
                    f.wire.replace('`', "'")
                );
                out.extend(quote! {
                    #[doc = #text]
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#fname = Nullable::Set(#value);
                        self
                    }

                    #[doc = #clear_text]
                    pub fn #clear(mut self) -> Self {
                        self.#fname = Nullable::Null;
                        self
                    }
                });
            }
            _ => out.extend(quote! {
                #[doc = #text]
                pub fn #setter(mut self, value: #arg) -> Self {
                    self.#fname = Some(#value);
                    self
                }
            }),
        }
    }
    if out.is_empty() {
        return out;
    }
    let name = ident(&def.name);
    quote! {
        impl #name {
            #out
        }
    }
}

/// For an "at least one of" struct: a `with_…` constructor per alternative, and for each
/// constrained field a getter and an `and_…` setter (fields can be added, never removed).
fn constrained_methods(
    types: &Types,
    def: &TypeDef,
    st: &StructDef,
    guarded: &[&Field],
) -> TokenStream {
    let api = types.api;
    let name = ident(&def.name);
    let mut out = TokenStream::new();
    // Keys every alternative needs are arguments of every constructor; constructors are named
    // after the keys that tell them apart (`with_user_id(event_name, created_at, user_id)`).
    let common: Vec<&String> = st
        .requires_one_of
        .first()
        .map(|first| {
            first
                .iter()
                .filter(|k| st.requires_one_of.iter().all(|set| set.contains(k)))
                .collect()
        })
        .unwrap_or_default();
    for set in &st.requires_one_of {
        let chosen: Vec<&Field> = set
            .iter()
            .filter_map(|k| st.fields.iter().find(|f| f.wire == *k))
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let distinct: Vec<&str> = chosen
            .iter()
            .filter(|f| !common.contains(&&f.wire))
            .map(|f| f.name.trim_start_matches("r#"))
            .collect();
        let naming: Vec<&str> = if distinct.is_empty() {
            chosen
                .iter()
                .map(|f| f.name.trim_start_matches("r#"))
                .collect()
        } else {
            distinct
        };
        let ctor = ident(&format!("with_{}", naming.join("_and_")));
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for f in &st.fields {
            let fname = ident(&f.name);
            if chosen.iter().any(|c| c.wire == f.wire) {
                let (arg_ty, conv) = arg_type(types, &f.ty, Scope::Models);
                args.push(quote!(#fname: #arg_ty));
                let value = if f.boxed {
                    quote!(Box::new(#fname #conv))
                } else {
                    quote!(#fname #conv)
                };
                inits.push(quote!(#fname: Some(#value)));
            } else if is_const(api, f) || f.presence.has_default() {
                inits.push(quote!(#fname: Default::default()));
            } else {
                let (arg_ty, conv) = arg_type(types, &f.ty, Scope::Models);
                args.push(quote!(#fname: #arg_ty));
                inits.push(init(&fname, &conv, f.boxed));
            }
        }
        let keys: Vec<String> = chosen.iter().map(|f| docs::code_span(&f.wire)).collect();
        let text = format!(" A `{}` identified by {}.", def.name, keys.join(" and "));
        out.extend(quote! {
            #[doc = #text]
            pub fn #ctor(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        });
    }
    for f in guarded {
        let fname = ident(&f.name);
        let plain = f.name.trim_start_matches("r#");
        let and = ident(&format!("and_{plain}"));
        let inner = types.tokens(&f.ty, Scope::Models);
        let (arg, conv) = arg_type(types, &f.ty, Scope::Models);
        let value = if f.boxed {
            quote!(Box::new(value #conv))
        } else {
            quote!(value #conv)
        };
        let get_text = format!(" The `{}` property, if set.", f.wire.replace('`', "'"));
        let and_text = format!(" Also sets `{}`.", f.wire.replace('`', "'"));
        let getter = if f.boxed {
            quote!(self.#fname.as_deref())
        } else {
            quote!(self.#fname.as_ref())
        };
        out.extend(quote! {
            #[doc = #get_text]
            pub fn #fname(&self) -> Option<&#inner> {
                #getter
            }

            #[doc = #and_text]
            pub fn #and(mut self, value: #arg) -> Self {
                self.#fname = Some(#value);
                self
            }
        });
    }
    quote! {
        impl #name {
            #out
        }
    }
}

fn constructor(types: &Types, def: &TypeDef, st: &StructDef) -> TokenStream {
    let api = types.api;
    let name = ident(&def.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for f in &st.fields {
        let fname = ident(&f.name);
        if fills_itself(api, f) {
            inits.push(quote!(#fname: Default::default()));
        } else {
            let (arg_ty, conv) = arg_type(types, &f.ty, Scope::Models);
            args.push(quote!(#fname: #arg_ty));
            inits.push(init(&fname, &conv, f.boxed));
            arg_docs.push(format!("`{}`", f.name.trim_start_matches("r#")));
        }
    }
    let text = format!(
        " A `{}` with its required fields ({}); every other field is left out.",
        def.name,
        if arg_docs.is_empty() {
            "none".to_string()
        } else {
            arg_docs.join(", ")
        }
    );
    quote! {
        impl #name {
            #[doc = #text]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// A struct-literal field initialiser from an argument of the same name: `name`, `name: name.into()`
/// or `name: Box::new(name)` (the shorthand where nothing needs converting, as clippy wants).
pub fn init(name: &proc_macro2::Ident, conv: &TokenStream, boxed: bool) -> TokenStream {
    match (conv.is_empty(), boxed) {
        (true, false) => quote!(#name),
        (_, false) => quote!(#name: #name #conv),
        (_, true) => quote!(#name: Box::new(#name #conv)),
    }
}

/// How a value of `ty` is taken as an argument: `impl Into<String>` for strings, the type itself
/// otherwise; plus the conversion to apply (`.into()`).
pub fn arg_type(types: &Types, ty: &Ty, scope: Scope) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String => (quote!(impl Into<String>), quote!(.into())),
        Ty::CustomAttributes => {
            let t = types.tokens(ty, scope);
            (quote!(impl Into<#t>), quote!(.into()))
        }
        other => (types.tokens(other, scope), TokenStream::new()),
    }
}

fn enumeration(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let open = def.usage.response;
    let doc = doc(def.doc.as_deref(), &[origin_note(def)]);
    let single = e.variants.len() == 1;
    let decls = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let text = format!(" {}", docs::code_span(&v.wire));
        let default = single.then(|| quote!(#[default]));
        quote!(#[doc = #text] #default #vname,)
    });
    let pairs = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(#vname = #wire)
    });
    let default = single.then(|| quote!(Default,));
    if open {
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, #default)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
                /// A value this version of the crate does not know; kept as sent.
                Unknown(String),
            }

            string_enum!(open #name { #(#pairs),* });
        }
    } else {
        quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #default)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
            }

            string_enum!(closed #name { #(#pairs),* });
        }
    }
}

fn union(types: &Types, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let open = def.usage.response;
    let how = match &u.repr {
        UnionRepr::Tagged { property } => {
            format!("The variant is chosen by the `{property}` property.")
        }
        UnionRepr::Keys => "The variant is chosen by which identifying property is present.".into(),
        UnionRepr::Kinds => {
            let scalars = u.variants.iter().filter(|v| is_scalar(&v.ty)).count();
            if scalars > 0
                && u.variants
                    .iter()
                    .all(|v| kind_pattern(types.api, &v.ty).is_some())
            {
                "The variant is chosen by the kind of JSON value; a scalar of another kind is \
                 taken leniently by the first scalar variant that accepts it (`5` as `\"5\"`)."
                    .into()
            } else {
                "The variant is chosen by the kind of JSON value.".into()
            }
        }
        UnionRepr::Ordered => "The variant is the first one the value decodes as.".into(),
        UnionRepr::Shape => {
            "The variant is the one whose declared fields the value has exactly.".into()
        }
    };
    let doc = doc(def.doc.as_deref(), &[how, origin_note(def)]);
    let decls = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = types.tokens(&v.ty, Scope::Models);
        let mut vdoc = doc_or(v.doc.as_deref(), &format!("The `{}` shape.", v.name));
        if !v.tags.is_empty() {
            let tags: Vec<String> = v.tags.iter().map(|t| docs::code_span(t)).collect();
            let extra = format!(" Tag: {}.", tags.join(", "));
            vdoc.extend(quote!(#[doc = ""] #[doc = #extra]));
        }
        quote! { #vdoc #vname(#ty), }
    });
    let unknown_decl = open.then(|| {
        quote! {
            /// A shape this version of the crate does not know; kept as sent.
            Unknown(serde_json::Value),
        }
    });
    let from_value = quote!(from_value);
    let fallback = if open {
        quote!(Ok(Self::Unknown(value)))
    } else {
        let msg = format!("no variant of `{}` matches", def.name);
        quote!(Err(serde::de::Error::custom(#msg)))
    };
    let body = match &u.repr {
        UnionRepr::Tagged { property } => {
            let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let vname = ident(&v.name);
                let tags = &v.tags;
                quote! {
                    #(Some(#tags))|* => #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                }
            });
            // A variant without tags takes every other string value, unless the value has a key
            // only the tagged variants declare.
            let excluded = types.api.keys_excluding_default(u);
            let default = u.variants.iter().find(|v| v.tags.is_empty()).map(|v| {
                let vname = ident(&v.name);
                let guard = (!excluded.is_empty()).then(|| {
                    quote!(if #(value.get(#excluded).is_none())&&*)
                });
                quote! {
                    Some(_) #guard => #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                }
            });
            quote! {
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    #default
                    _ => #fallback,
                }
            }
        }
        UnionRepr::Keys => {
            let checks = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let keys = &v.keys;
                quote! {
                    if #(value.get(#keys).is_some())||* {
                        return #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom);
                    }
                }
            });
            quote! {
                #(#checks)*
                #fallback
            }
        }
        UnionRepr::Kinds => {
            let mut wildcard = false;
            let arms: Vec<TokenStream> = u
                .variants
                .iter()
                .map(|v| {
                    let vname = ident(&v.name);
                    let pattern = kind_pattern(types.api, &v.ty);
                    wildcard |= pattern.is_none();
                    let pattern = pattern.unwrap_or_else(|| quote!(_));
                    quote! {
                        #pattern => #from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                    }
                })
                .collect();
            // A scalar of another kind goes to the first scalar variant that takes it leniently
            // (an id `5` for a string), as it would in a field of that type.
            let coerced = u.variants.iter().filter(|v| is_scalar(&v.ty)).map(|v| {
                let vname = ident(&v.name);
                quote! {
                    if let Ok(decoded) = #from_value(value.clone()) {
                        return Ok(Self::#vname(decoded));
                    }
                }
            });
            let rest = (!wildcard).then(|| {
                quote! {
                    _ => {
                        #(#coerced)*
                        #fallback
                    }
                }
            });
            quote! {
                match &value {
                    #(#arms)*
                    #rest
                }
            }
        }
        UnionRepr::Shape => {
            let consts = u.variants.iter().map(|v| {
                let cname = ident(&shape_const_name(&v.name));
                let shape = shape_tokens(types.api, &v.ty, 0);
                let text = format!(" The JSON a `{}` request has.", v.name);
                quote! {
                    #[doc = #text]
                    const #cname: shape::Shape = #shape;
                }
            });
            let checks = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let cname = ident(&shape_const_name(&v.name));
                quote! {
                    if shape::fits(&value, &#cname) {
                        return from_value(value).map(Self::#vname).map_err(serde::de::Error::custom);
                    }
                }
            });
            quote! {
                #(#consts)*
                #(#checks)*
                #fallback
            }
        }
        UnionRepr::Ordered => {
            let tries = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                quote! {
                    if let Ok(decoded) = #from_value(value.clone()) {
                        return Ok(Self::#vname(decoded));
                    }
                }
            });
            quote! {
                #(#tries)*
                #fallback
            }
        }
    };
    // A variant may hold a whole API object beside a small one (a company, or a list of them):
    // matching on a `Box` would be clumsier than the size difference is costly.
    quote! {
        #doc
        #[derive(Debug, Clone, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
            #unknown_decl
        }
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                #body
            }
        }
        impl Lenient<'_> for #name {}
    }
}

/// `TagCompany` → `TAG_COMPANY`.
fn shape_const_name(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// How deep shapes describe nested objects before accepting anything.
const SHAPE_DEPTH: usize = 4;

/// A `runtime::shape::Shape` expression describing the JSON a type admits (closed world:
/// declared keys only), for [`UnionRepr::Shape`] unions.
fn shape_tokens(api: &Api, ty: &Ty, depth: usize) -> TokenStream {
    let kind = |k: TokenStream| quote!(shape::Shape::Kind(shape::JsonKind::#k));
    if depth > SHAPE_DEPTH {
        return quote!(shape::Shape::Any);
    }
    match ty {
        Ty::String | Ty::File => kind(quote!(String)),
        Ty::Integer | Ty::Number | Ty::Timestamp => kind(quote!(Number)),
        Ty::Boolean | Ty::True => kind(quote!(Bool)),
        Ty::Json | Ty::Optional(_) => quote!(shape::Shape::Any),
        Ty::JsonObject
        | Ty::Map(_)
        | Ty::LocaleMap(_)
        | Ty::CustomAttributes
        | Ty::EventMetadata
        | Ty::SearchQuery => kind(quote!(Object)),
        Ty::Array(inner) => {
            let inner = shape_tokens(api, inner, depth + 1);
            quote!(shape::Shape::Array(&#inner))
        }
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => kind(quote!(String)),
            TypeKind::Alias(inner) => shape_tokens(api, inner, depth),
            TypeKind::Union(_) => quote!(shape::Shape::Any),
            TypeKind::Struct(st) => {
                let props = st.fields.iter().map(|f| {
                    let key = &f.wire;
                    let required = matches!(f.presence, Presence::Required) || is_const(api, f);
                    let inner = shape_tokens(api, &f.ty, depth + 1);
                    quote!(shape::Prop { key: #key, required: #required, shape: &#inner })
                });
                quote!(shape::Shape::Object(&[#(#props),*]))
            }
        },
    }
}

/// Whether values of `ty` are JSON scalars, which the runtime's `Lenient` coercions apply to.
fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Integer | Ty::Number | Ty::Boolean | Ty::Timestamp
    )
}

/// The `serde_json::Value` pattern a variant of a [`UnionRepr::Kinds`] union matches; `None`
/// when it admits several kinds (the arm is then a wildcard).
fn kind_pattern(api: &Api, ty: &Ty) -> Option<TokenStream> {
    Some(match ty {
        Ty::String | Ty::File => quote!(serde_json::Value::String(_)),
        Ty::Integer | Ty::Number | Ty::Timestamp => quote!(serde_json::Value::Number(_)),
        Ty::Boolean | Ty::True => quote!(serde_json::Value::Bool(_)),
        Ty::Array(_) => quote!(serde_json::Value::Array(_)),
        Ty::Map(_)
        | Ty::JsonObject
        | Ty::LocaleMap(_)
        | Ty::CustomAttributes
        | Ty::EventMetadata
        | Ty::SearchQuery => quote!(serde_json::Value::Object(_)),
        Ty::Json | Ty::Optional(_) => return None,
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => quote!(serde_json::Value::String(_)),
            TypeKind::Alias(inner) => return kind_pattern(api, inner),
            TypeKind::Struct(_) => quote!(serde_json::Value::Object(_)),
            TypeKind::Union(u) => {
                let patterns: Vec<Option<String>> = u
                    .variants
                    .iter()
                    .map(|v| kind_pattern(api, &v.ty).map(|p| p.to_string()))
                    .collect();
                let first = patterns.first().cloned().flatten()?;
                if patterns
                    .iter()
                    .all(|p| p.as_deref() == Some(first.as_str()))
                {
                    return kind_pattern(api, &u.variants[0].ty);
                }
                return None;
            }
        },
    })
}

fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    let d = doc(text, &[]);
    if d.is_empty() {
        let line = format!(" {fallback}");
        quote!(#[doc = #line])
    } else {
        d
    }
}
