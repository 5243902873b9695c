//! `src/testing/routes.rs` (and `preview_routes.rs`): one row per operation for the mock server,
//! and `src/testing/examples.rs`: the JSON texts the rows answer with.
//!
//! Rows are in the order of the operation table (`OPERATIONS`), each naming its operation id so
//! the kit can check the pairing. A row says where each input field arrives (path, query —
//! one value, a list, or an object spread into its keys —, header, or the body, merged or under
//! one key, the same rule as `execute`'s input: [`schema::body_key`](super::super::schema::body_key)),
//! the success status and kind, the default answer, and for a paged operation where its items,
//! cursor, counters and page inputs are, as JSON paths of wire names. Answers are gated by the
//! resource's cargo feature (`cfg!`), so a build without a resource carries none of its data.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::KitApi;
use super::synth::{self, Mode};
use crate::ir::{
    Access, Api, BodyMedia, Input, Operation, Paging, ParamLocation, ResponseKind, Ty, TypeKind,
};

/// The JSON texts of both APIs, each once.
#[derive(Default)]
pub struct Pool {
    /// Text → (index, used by the stable API, used by the Preview API).
    texts: BTreeMap<String, (usize, bool, bool)>,
    /// Whether the table being built is the Preview API's.
    preview: bool,
}

impl Pool {
    /// The constant holding `value` as compact JSON.
    fn add(&mut self, value: &Value) -> TokenStream {
        let text = value.to_string();
        let next = self.texts.len();
        let entry = self.texts.entry(text).or_insert((next, false, false));
        if self.preview {
            entry.2 = true;
        } else {
            entry.1 = true;
        }
        let name = format_ident!("E{}", entry.0);
        quote!(examples::#name)
    }

    /// Total size of the texts, in bytes.
    pub fn bytes(&self) -> usize {
        self.texts.keys().map(String::len).sum()
    }

    /// `examples.rs`, and what it holds.
    pub fn emit(&self) -> (TokenStream, String) {
        let mut entries: Vec<(&usize, &String, bool)> = self
            .texts
            .iter()
            .map(|(text, (i, main, _))| (i, text, *main))
            .collect();
        entries.sort();
        let consts = entries.into_iter().map(|(i, text, main)| {
            let name = format_ident!("E{i}");
            let literal = super::super::table::raw_str(text);
            // Texts only the Preview API answers with exist only with its feature.
            let cfg = (!main).then(|| quote!(#[cfg(feature = "preview")]));
            quote! {
                #cfg
                pub(super) const #name: &str = #literal;
            }
        });
        let about = format!(
            "The mock server's default answers and page items: {} JSON texts, {} bytes (the API \
             descriptions' examples, or values made from the response types).",
            self.texts.len(),
            self.bytes()
        );
        (quote!(#(#consts)*), about)
    }
}

/// The rows of one API, and what they hold.
pub fn table(kit: &KitApi<'_>, pool: &mut Pool) -> (TokenStream, String) {
    let api = kit.api;
    pool.preview = !kit.resource_features;
    let rows: Vec<TokenStream> = api.operations.iter().map(|op| row(kit, op, pool)).collect();
    let (root, which) = if kit.resource_features {
        (quote!(crate), "stable")
    } else {
        (quote!(crate::preview), "Preview")
    };
    let json = |documented: bool| {
        api.operations
            .iter()
            .filter(|op| matches!(op.success.kind, ResponseKind::Json(_)))
            .filter(|op| op.success.example.is_some() == documented)
            .count()
    };
    let about = format!(
        "The {which} API's {} operations as the mock server sees them, in the order of its \
         operation table. Of the {} JSON answers, {} are the description's documented examples \
         and {} are made from the response type.",
        api.operations.len(),
        json(true) + json(false),
        json(true),
        json(false),
    );
    let api_doc = format!(" The {which} API, for the mock server.");
    let tokens = quote! {
        use super::examples;
        use super::route::{Api, BodyAt, InputAt, Kind, Param, Paging, Route};
        use crate::runtime::PagingStyle;

        #[doc = #api_doc]
        pub(super) const API: Api = Api {
            version: #root::API_VERSION,
            operations: #root::OPERATIONS,
            routes: ROUTES,
            dispatch: #root::registry::dispatch,
        };

        static ROUTES: &[Route] = &[#(#rows)*];
    };
    (tokens, about)
}

fn row(kit: &KitApi<'_>, op: &Operation, pool: &mut Pool) -> TokenStream {
    let api = kit.api;
    let id = &op.id;
    let gate = |value: TokenStream, off: TokenStream| {
        if kit.resource_features {
            let feature = &op.resource;
            quote!(if cfg!(feature = #feature) { #value } else { #off })
        } else {
            value
        }
    };
    let params = op.params.iter().map(|p| {
        let wire = &p.wire;
        match p.location {
            ParamLocation::Path => quote!(Param::path(#wire)),
            ParamLocation::Header => quote!(Param::header(#wire)),
            ParamLocation::Query => match super::super::schema::resolve(api, &p.ty) {
                Ty::Array(_) => {
                    let explode = p.explode;
                    quote!(Param::list(#wire, #explode))
                }
                ty if p.explode && is_object(api, ty) => quote!(Param::spread(#wire)),
                _ => quote!(Param::query(#wire)),
            },
        }
    });
    let fixed = op
        .fixed_query
        .iter()
        .map(|(wire, value)| quote!(Param::fixed(#wire, #value)));
    let params = fixed.chain(params);
    let body = match &op.body {
        None => quote!(BodyAt::None),
        Some(b) if b.media == BodyMedia::Multipart => quote!(BodyAt::Form),
        Some(_) => match super::super::schema::body_key(api, op) {
            None => quote!(BodyAt::Merged),
            Some(key) => quote!(BodyAt::Key(#key)),
        },
    };
    let status = proc_macro2::Literal::u16_unsuffixed(op.success.status.parse().unwrap_or(200));
    let (kind, answer) = match &op.success.kind {
        ResponseKind::Json(ty) => {
            let value = op
                .success
                .example
                .clone()
                .unwrap_or_else(|| synth::value(api, ty, Mode::Answer));
            let text = pool.add(&value);
            (quote!(Kind::Json), gate(quote!(Some(#text)), quote!(None)))
        }
        ResponseKind::Empty => (quote!(Kind::Empty), quote!(None)),
        ResponseKind::Text => (quote!(Kind::Text), quote!(None)),
        ResponseKind::Binary => (quote!(Kind::Binary), quote!(None)),
        ResponseKind::Redirect => (quote!(Kind::Redirect), quote!(None)),
    };
    let paging = match &op.paging {
        Some(paging) => {
            let rule = paging_rule(op, paging, pool, &gate, api);
            quote!(Some(&#rule))
        }
        None => quote!(None),
    };
    quote! {
        Route {
            id: #id,
            params: &[#(#params),*],
            body: #body,
            status: #status,
            kind: #kind,
            answer: #answer,
            paging: #paging,
        },
    }
}

fn paging_rule(
    op: &Operation,
    paging: &Paging,
    pool: &mut Pool,
    gate: &dyn Fn(TokenStream, TokenStream) -> TokenStream,
    api: &Api,
) -> TokenStream {
    let style = paging.style;
    let path = |access: &Access| {
        let keys = access.steps.iter().map(|s| &s.wire);
        quote!(&[#(#keys),*])
    };
    let optional = |access: &Option<Access>| match access {
        Some(a) => {
            let p = path(a);
            quote!(Some(#p))
        }
        None => quote!(None),
    };
    let input = |input: &Option<Input>| match input {
        Some(Input::Param(name)) => {
            let wire = op
                .params
                .iter()
                .find(|p| p.name == *name)
                .map_or(name.as_str(), |p| p.wire.as_str());
            quote!(Some(InputAt::Query(#wire)))
        }
        Some(Input::Body(steps)) => {
            let keys = steps.iter().map(|s| &s.wire);
            quote!(Some(InputAt::Body(&[#(#keys),*])))
        }
        None => quote!(None),
    };
    let items = path(&paging.items);
    let next_cursor = optional(&paging.next_cursor);
    let has_more = optional(&paging.has_more);
    let page = optional(&paging.page_number);
    let total_pages = optional(&paging.total_pages);
    let cursor_in = input(&paging.cursor);
    let page_in = input(&paging.page);
    let per_page_in = input(&paging.per_page);
    // One item: the first of the example's list, else one made from the item type.
    let documented = op.success.example.as_ref().and_then(|example| {
        let list = paging
            .items
            .steps
            .iter()
            .try_fold(example, |v, s| v.get(&s.wire))?;
        list.as_array()?.first().cloned()
    });
    let item = documented.unwrap_or_else(|| synth::value(api, &paging.item, Mode::Answer));
    let item = pool.add(&item);
    let item = gate(quote!(#item), quote!("{}"));
    quote! {
        Paging {
            style: #style,
            items: #items,
            next_cursor: #next_cursor,
            has_more: #has_more,
            page: #page,
            total_pages: #total_pages,
            cursor_in: #cursor_in,
            page_in: #page_in,
            per_page_in: #per_page_in,
            item: #item,
        }
    }
}

/// Whether values of `ty` are JSON objects (a struct, a map, or a union with an object variant):
/// an exploded query parameter of such a type is spread into its keys.
fn is_object(api: &Api, ty: &Ty) -> bool {
    match super::super::schema::resolve(api, ty) {
        Ty::Map(_) | Ty::JsonObject | Ty::CustomAttributes => true,
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(_) => true,
            TypeKind::Union(u) => u.variants.iter().any(|v| is_object(api, &v.ty)),
            _ => false,
        },
        _ => false,
    }
}
