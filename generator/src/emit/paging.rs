//! `.pages()` / `.items()` and the `Paginate` impl of every paginated request builder.
//!
//! The runtime's paginator decides when to stop; this file only tells it where each operation
//! keeps its cursor, page number, page size, counters and items (the IR's [`Paging`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{Scope, Types, doc, ident};
use crate::ir::{Access, Input, Operation, Paging, PagingStyle, Presence, Step, Ty};

/// The `use` line a resource module needs when some of its operations page.
pub fn imports(types: &Types, ops: &[&Operation]) -> TokenStream {
    let root = types.root;
    if ops.iter().any(|op| op.paging.is_some()) {
        quote!(use #root::runtime::paging::{Items, PageFuture, PageInfo, Pages, Paginate, PagingStyle};)
    } else {
        TokenStream::new()
    }
}

/// The paging methods and trait impl of one builder (nothing for unpaginated operations).
pub fn builder_impl(types: &Types, op: &Operation, page_ty: &TokenStream) -> TokenStream {
    let Some(paging) = &op.paging else {
        return TokenStream::new();
    };
    let root = types.root;
    let name = ident(&op.builder);
    let id = &op.id;
    let style = paging.style;
    let item_ty = types.tokens(&paging.item, Scope::Outside);
    let how = how(paging);
    let items_key = paging.items.dotted();
    let page_name = match &op.success.kind {
        crate::ir::ResponseKind::Json(Ty::Named(id)) => {
            format!("[`{0}`](models::{0})", types.api.ty(*id).name)
        }
        _ => "typed".into(),
    };
    let single_note = paging
        .one_or_page
        .as_ref()
        .map(|one| {
            format!(
                "When Intercom answers with a single item instead of a page (the `{}` variant), \
                 that answer is the only page and its item the only item.",
                one.item_variant
            )
        })
        .unwrap_or_default();
    let pages_doc = doc(
        None,
        &[
            format!(
                "Every page of results, as a [`Pages`] stream of {page_name} pages: sends this \
                 request, then {how}."
            ),
            stop_note(paging),
            single_note.clone(),
        ],
    );
    let items_doc = doc(
        None,
        &[
            format!(
                "Every item of every page (the `{items_key}` arrays), as an [`Items`] stream: \
                 sends this request, then {how}."
            ),
            stop_note(paging),
            single_note,
            "`max_items`, `max_pages` and `per_page` on the stream limit and size the pages."
                .into(),
        ],
    );
    let set_cursor = paging.cursor.as_ref().map(|input| {
        let assign = assign(root, op, input, quote!(cursor.to_owned()));
        quote! {
            fn set_cursor(&mut self, cursor: &str) {
                #assign
            }
        }
    });
    let set_page = paging.page.as_ref().map(|input| {
        let assign = assign(root, op, input, quote!(page));
        let read = read_input(op, input);
        quote! {
            fn set_page(&mut self, page: i64) {
                #assign
            }

            fn requested_page(&self) -> Option<i64> {
                #read
            }
        }
    });
    let set_per_page = paging.per_page.as_ref().map(|input| {
        let assign = assign(root, op, input, quote!(per_page));
        quote! {
            fn set_per_page(&mut self, per_page: i64) {
                #assign
            }
        }
    });
    let info_field = |name: &str, access: &Option<Access>| {
        let name = ident(name);
        let value = match access {
            Some(a) => read(quote!(page), &a.steps, &a.ty),
            None => quote!(None),
        };
        quote!(#name: #value)
    };
    let next_cursor = info_field("next_cursor", &paging.next_cursor);
    let has_more = info_field("has_more", &paging.has_more);
    let page_number = info_field("page", &paging.page_number);
    let total_pages = info_field("total_pages", &paging.total_pages);
    let (count, take) = items(&paging.items);
    let page_info = quote! {
        PageInfo {
            #next_cursor,
            #has_more,
            #page_number,
            #total_pages,
            items: #count,
        }
    };
    // A union of a page and one item: the item is a last page of one; a shape the crate does
    // not know has no items.
    let (page_info, take) = match &paging.one_or_page {
        None => (page_info, take),
        Some(one) => {
            let union = types.tokens(&Ty::Named(one.union), Scope::Outside);
            let page_variant = ident(&one.page_variant);
            let item_variant = ident(&one.item_variant);
            let item = if one.item_optional {
                quote!(Some(item))
            } else {
                quote!(item)
            };
            (
                quote! {
                    match page {
                        #union::#page_variant(page) => #page_info,
                        #union::#item_variant(_) => PageInfo {
                            next_cursor: None,
                            has_more: Some(false),
                            page: None,
                            total_pages: Some(0),
                            items: 1,
                        },
                        _ => PageInfo {
                            next_cursor: None,
                            has_more: None,
                            page: None,
                            total_pages: None,
                            items: 0,
                        },
                    }
                },
                quote! {
                    match page {
                        #union::#page_variant(page) => #take,
                        #union::#item_variant(item) => vec![#item],
                        _ => Vec::new(),
                    }
                },
            )
        }
    };
    quote! {
        impl #name {
            #pages_doc
            pub fn pages(self) -> Pages<Self> {
                Pages::new(self)
            }

            #items_doc
            pub fn items(self) -> Items<Self> {
                Items::new(self)
            }
        }

        impl Paginate for #name {
            type Page = #page_ty;
            type Item = #item_ty;
            const OPERATION: &'static str = #id;
            const STYLE: PagingStyle = #style;

            fn fetch(self) -> PageFuture<Self::Page> {
                self.send()
            }

            #set_cursor
            #set_page
            #set_per_page

            fn page_info(page: &Self::Page) -> PageInfo<'_> {
                #page_info
            }

            fn into_items(page: Self::Page) -> Vec<Self::Item> {
                #take
            }
        }
    }
}

/// How the paginator moves from one page to the next, for docs.
fn how(paging: &Paging) -> String {
    let cursor = paging
        .next_cursor
        .as_ref()
        .map(Access::dotted)
        .unwrap_or_default();
    match paging.style {
        PagingStyle::None => "stops".into(),
        PagingStyle::QueryCursor => {
            format!("follows `{cursor}` with the `starting_after` query parameter")
        }
        PagingStyle::BodyCursor => {
            format!("follows `{cursor}` with the body's `pagination.starting_after`")
        }
        PagingStyle::NextCursor => format!("follows `{cursor}` with the `cursor` query parameter"),
        PagingStyle::PageNumber => {
            "asks for the following page numbers (from the `page` set on the builder, else 1)"
                .into()
        }
        PagingStyle::Scroll => format!(
            "follows `{cursor}` with the `scroll_param` query parameter. Intercom allows one open \
             scroll per workspace and expires a scroll left unused for a minute; both, and the \
             500 that asks to restart the scroll (not retried), become \
             [`Error::Pagination`](crate::Error::Pagination) errors that say to restart the \
             scroll"
        ),
    }
}

/// When the stream ends, for docs.
fn stop_note(paging: &Paging) -> String {
    let empty = "It ends after a page with no items";
    match paging.style {
        PagingStyle::QueryCursor | PagingStyle::BodyCursor | PagingStyle::NextCursor => {
            let mut signals = vec!["the next cursor is missing or empty".to_string()];
            if paging.has_more.is_some() {
                signals.push("`has_more` is false".into());
            }
            if let (Some(p), Some(t)) = (&paging.page_number, &paging.total_pages) {
                signals.push(format!("`{}` reaches `{}`", p.dotted(), t.dotted()));
            }
            format!(
                "{empty}, or when {}, without another request; a repeated cursor ends it with an \
                 error instead of a loop.",
                signals.join(", or ")
            )
        }
        PagingStyle::PageNumber => {
            let total = paging
                .total_pages
                .as_ref()
                .map(Access::dotted)
                .unwrap_or_else(|| "total_pages".into());
            format!(
                "{empty}, or at `{total}` without another request; a server that answers an \
                 earlier page than asked ends it with an error instead of a loop."
            )
        }
        PagingStyle::Scroll => format!("{empty}, or without a scroll parameter."),
        PagingStyle::None => String::new(),
    }
}

/// Sets an input of the builder to `value`.
fn assign(root: &TokenStream, op: &Operation, input: &Input, value: TokenStream) -> TokenStream {
    match input {
        Input::Param(name) => {
            let field = ident(name);
            let required = op.params.iter().any(|p| &p.name == name && p.required);
            if required {
                quote!(self.#field = #value;)
            } else {
                quote!(self.#field = Some(#value);)
            }
        }
        Input::Body(steps) => assign_body(root, quote!(self.body), steps, value),
    }
}

/// Sets the field at the end of `steps`, creating the objects on the way with `Default`.
fn assign_body(
    root: &TokenStream,
    target: TokenStream,
    steps: &[Step],
    value: TokenStream,
) -> TokenStream {
    let Some((first, rest)) = steps.split_first() else {
        return TokenStream::new();
    };
    let f = ident(&first.field);
    if rest.is_empty() {
        let wrapped = match first.presence {
            Presence::Required | Presence::Lenient => value,
            Presence::Patch => quote!(#root::runtime::Nullable::Set(#value)),
            Presence::Optional | Presence::Nullable => quote!(Some(#value)),
        };
        return quote!(#target.#f = #wrapped;);
    }
    match first.presence {
        Presence::Required | Presence::Lenient => {
            assign_body(root, quote!(#target.#f), rest, value)
        }
        Presence::Optional | Presence::Nullable => assign_body(
            root,
            quote!(#target.#f.get_or_insert_with(Default::default)),
            rest,
            value,
        ),
        Presence::Patch => {
            let inner = assign_body(root, quote!(v), rest, value);
            quote! {
                #target.#f.update_or_insert_with(Default::default, |v| {
                    #inner
                });
            }
        }
    }
}

/// Reads an integer input of the builder (the page number or page size it asks for).
pub(super) fn read_input(op: &Operation, input: &Input) -> TokenStream {
    match input {
        Input::Param(name) => {
            let field = ident(name);
            let required = op.params.iter().any(|p| &p.name == name && p.required);
            if required {
                quote!(Some(self.#field))
            } else {
                quote!(self.#field)
            }
        }
        Input::Body(steps) => read(quote!(self.body), steps, &Ty::Integer),
    }
}

/// An `Option<&str>` / `Option<i64>` / `Option<bool>` expression reading `steps` from `root`.
fn read(root: TokenStream, steps: &[Step], ty: &Ty) -> TokenStream {
    let mut expr: Option<TokenStream> = None;
    for (i, s) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let base = if expr.is_none() {
            root.clone()
        } else {
            quote!(v)
        };
        let (value, optional) = step_value(&base, s, last.then_some(ty));
        expr = Some(match expr {
            None if optional => value,
            None => quote!(Some(#value)),
            Some(prev) if optional => quote!(#prev.and_then(|v| #value)),
            Some(prev) => quote!(#prev.map(|v| #value)),
        });
    }
    expr.unwrap_or_else(|| quote!(None))
}

/// One field read: the expression and whether it is already an `Option`.
fn step_value(base: &TokenStream, s: &Step, last: Option<&Ty>) -> (TokenStream, bool) {
    let f = ident(&s.field);
    let copy = matches!(last, Some(Ty::Integer | Ty::Boolean));
    let string = matches!(last, Some(Ty::String));
    match s.presence {
        Presence::Optional | Presence::Nullable => {
            if copy {
                (quote!(#base.#f), true)
            } else if string || s.boxed {
                (quote!(#base.#f.as_deref()), true)
            } else {
                (quote!(#base.#f.as_ref()), true)
            }
        }
        Presence::Patch => {
            if copy {
                (quote!(#base.#f.value().copied()), true)
            } else if string {
                (quote!(#base.#f.value().map(String::as_str)), true)
            } else {
                (quote!(#base.#f.value()), true)
            }
        }
        Presence::Required | Presence::Lenient => {
            if copy {
                (quote!(#base.#f), false)
            } else if string {
                (quote!(#base.#f.as_str()), false)
            } else if s.boxed {
                (quote!(&*#base.#f), false)
            } else {
                (quote!(&#base.#f), false)
            }
        }
    }
}

/// The item count and the `into_items` body for the items field.
fn items(access: &Access) -> (TokenStream, TokenStream) {
    let Some(s) = access.steps.first() else {
        return (quote!(0), quote!(Vec::new()));
    };
    let f = ident(&s.field);
    match s.presence {
        Presence::Optional | Presence::Nullable => (
            quote!(page.#f.as_ref().map_or(0, Vec::len)),
            quote!(page.#f.unwrap_or_default()),
        ),
        Presence::Patch => (
            quote!(page.#f.value().map_or(0, Vec::len)),
            quote!(page.#f.into_option().unwrap_or_default()),
        ),
        Presence::Required | Presence::Lenient => (quote!(page.#f.len()), quote!(page.#f)),
    }
}
