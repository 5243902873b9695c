//! `webhooks/topics.rs`: the webhook [`Topic`](crate::ir::WebhookTopic)s and item kinds of the
//! overrides' `webhooks` section, as `Topic`, `WebhookItem` and the crate-private `ItemKind`
//! table the hand-written `webhooks` module decodes items with.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{Scope, Types, doc_lines, ident};
use crate::docs::code_span;
use crate::ir::{Ty, WebhookSelect, Webhooks};

/// The file, or nothing when the API has no webhooks.
pub fn emit(types: &Types) -> TokenStream {
    let Some(webhooks) = &types.api.webhooks else {
        return TokenStream::new();
    };
    let root = types.root;
    let topic_enum = topic_enum(webhooks);
    let item_enum = item_enum(types, webhooks);
    let kinds = item_kinds(webhooks);
    quote! {
        //! Webhook topics and item kinds: generated from the `webhooks` section of
        //! `spec/overrides.yaml`, where a new topic is one line.
        #![doc = ""]
        use serde_json::Value;

        use super::decode::{DecodeFailure, Selection, decode};
        use #root::models;
        use #root::runtime::string_enum;

        #topic_enum
        #item_enum
        #kinds
    }
}

fn topic_enum(webhooks: &Webhooks) -> TokenStream {
    let variants = webhooks.topics.iter().map(|t| {
        let name = ident(&t.variant);
        let item = match t.item {
            Some(i) => {
                let item = &webhooks.items[i];
                let what = match item.select {
                    WebhookSelect::Deleted => " (only what identifies the deleted object)",
                    _ => "",
                };
                format!("`data.item`: [`WebhookItem::{}`]{what}.", item.variant)
            }
            None => "`data.item`: not documented; its `type` decides.".to_string(),
        };
        let doc = doc_lines(&format!("{}: {}\n\n{item}", code_span(&t.wire), t.doc));
        quote!(#doc #name,)
    });
    let wires = webhooks.topics.iter().map(|t| {
        let name = ident(&t.variant);
        let wire = &t.wire;
        quote!(#name = #wire,)
    });
    let known = webhooks.topics.iter().map(|t| {
        let name = ident(&t.variant);
        quote!(Topic::#name,)
    });
    let by_item = webhooks.items.iter().enumerate().filter_map(|(i, item)| {
        let topics: Vec<_> = webhooks
            .topics
            .iter()
            .filter(|t| t.item == Some(i))
            .map(|t| ident(&t.variant))
            .collect();
        if topics.is_empty() {
            return None;
        }
        let kind = ident(&item.variant);
        Some(quote!(#(Self::#topics)|* => Some(ItemKind::#kind),))
    });
    let count = webhooks.topics.len();
    let count_doc = format!(
        " Every topic this crate knows ({count}), sorted by wire name: `Topic::KNOWN.len() == {count}`."
    );
    quote! {
        /// The topic of a webhook notification: what happened (`conversation.admin.replied`).
        ///
        /// Every topic Intercom documents has a variant (Preview-only and renamed 1.x topics
        /// included); a topic this version of the crate does not know is kept in
        /// [`Unknown`](Topic::Unknown). [`Display`](std::fmt::Display), `as_str` and
        /// [`FromStr`](std::str::FromStr) use the dotted wire names:
        ///
        /// ```
        /// use intercom_api::webhooks::Topic;
        ///
        /// let topic: Topic = "conversation.admin.replied".parse().unwrap();
        /// assert_eq!(topic, Topic::ConversationAdminReplied);
        /// assert_eq!(topic.to_string(), "conversation.admin.replied");
        /// assert_eq!(Topic::from("brand.new.topic"), Topic::Unknown("brand.new.topic".into()));
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Topic {
            #(#variants)*
            /// A topic this version of the crate does not know; kept as sent.
            Unknown(String),
        }

        string_enum!(open Topic { #(#wires)* });

        impl std::str::FromStr for Topic {
            type Err = std::convert::Infallible;

            /// Never fails: an unknown name is [`Topic::Unknown`].
            fn from_str(name: &str) -> Result<Topic, std::convert::Infallible> {
                Ok(Topic::from(name))
            }
        }

        impl Topic {
            #[doc = #count_doc]
            pub const KNOWN: &'static [Topic] = &[#(#known)*];

            /// Whether this version of the crate knows the topic.
            pub fn is_known(&self) -> bool {
                !matches!(self, Topic::Unknown(_))
            }

            /// The kind of item the docs say this topic sends.
            pub(crate) fn item_kind(&self) -> Option<ItemKind> {
                match self {
                    #(#by_item)*
                    _ => None,
                }
            }
        }
    }
}

fn item_enum(types: &Types, webhooks: &Webhooks) -> TokenStream {
    let variants = webhooks.items.iter().map(|item| {
        let name = ident(&item.variant);
        let ty = types.tokens(&Ty::Named(item.ty), Scope::Outside);
        let model = &types.api.ty(item.ty).name;
        let chosen = match &item.select {
            WebhookSelect::Type { prefix: false } => {
                format!("An item of type {}", code_span(&item.key))
            }
            WebhookSelect::Type { prefix: true } => format!(
                "An item whose type starts with {}",
                code_span(item.key.trim_end_matches('*'))
            ),
            WebhookSelect::Topic { key: None } => "The item of the topics that send it".to_string(),
            WebhookSelect::Topic { key: Some(key) } => format!(
                "The item of the topics that send it, when it has a {} object",
                code_span(key)
            ),
            WebhookSelect::Deleted => "The minimal payload of a deletion topic, or of an unknown \
                                       topic whose item says `\"deleted\": true`"
                .to_string(),
        };
        let doc = doc_lines(&format!("{chosen}: [`models::{model}`]."));
        quote!(#doc #name(Box<#ty>),)
    });
    quote! {
        /// The item of a notification (`data.item`), decoded into the crate's models by
        /// [`Notification::item`](super::Notification::item).
        ///
        /// Models decode leniently (ids that arrive as numbers, counts as strings). An item of a
        /// type the crate has no model for is [`Unknown`](WebhookItem::Unknown), as sent, and
        /// every notification keeps its item as sent in
        /// [`NotificationData::item`](super::NotificationData::item).
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum WebhookItem {
            #(#variants)*
            /// An item of a type this version of the crate has no model for, as sent.
            Unknown(Value),
        }
    }
}

fn item_kinds(webhooks: &Webhooks) -> TokenStream {
    let names: Vec<_> = webhooks.items.iter().map(|i| ident(&i.variant)).collect();
    let exact = webhooks.items.iter().filter_map(|i| {
        let name = ident(&i.variant);
        let key = &i.key;
        (i.select == WebhookSelect::Type { prefix: false })
            .then(|| quote!(#key => Some(ItemKind::#name),))
    });
    let prefixed = webhooks.items.iter().filter_map(|i| {
        let name = ident(&i.variant);
        let prefix = i.key.trim_end_matches('*');
        (i.select == WebhookSelect::Type { prefix: true })
            .then(|| quote!(other if other.starts_with(#prefix) => Some(ItemKind::#name),))
    });
    let selections = webhooks.items.iter().filter_map(|i| {
        let name = ident(&i.variant);
        match &i.select {
            WebhookSelect::Type { .. } => None,
            WebhookSelect::Topic { key: None } => {
                Some(quote!(ItemKind::#name => Selection::Topic(None),))
            }
            WebhookSelect::Topic { key: Some(key) } => {
                Some(quote!(ItemKind::#name => Selection::Topic(Some(#key)),))
            }
            WebhookSelect::Deleted => Some(quote!(ItemKind::#name => Selection::Deleted,)),
        }
    });
    let deleted = match webhooks
        .items
        .iter()
        .find(|i| i.select == WebhookSelect::Deleted)
    {
        Some(i) => {
            let name = ident(&i.variant);
            quote!(Some(ItemKind::#name))
        }
        None => quote!(None),
    };
    let keys = webhooks.items.iter().map(|i| {
        let name = ident(&i.variant);
        let key = &i.key;
        quote!(ItemKind::#name => #key,)
    });
    let decodes = names
        .iter()
        .map(|name| quote!(ItemKind::#name => decode(item).map(WebhookItem::#name),));
    let no_kinds = names.is_empty().then(|| quote!(#[allow(dead_code)]));
    quote! {
        /// Every kind of item, for choosing how to decode one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #no_kinds
        pub(crate) enum ItemKind {
            #(#names,)*
        }

        impl ItemKind {
            /// The kind for the minimal payload of a deletion.
            pub(crate) const DELETED: Option<ItemKind> = #deleted;

            /// The kind an item's `type` names (kinds chosen by topic are never named so).
            pub(crate) fn from_type(item_type: &str) -> Option<ItemKind> {
                match item_type {
                    #(#exact)*
                    #(#prefixed)*
                    _ => None,
                }
            }

            /// What chooses this kind.
            pub(crate) fn selection(self) -> Selection {
                #[allow(unreachable_patterns)]
                match self {
                    #(#selections)*
                    _ => Selection::Type,
                }
            }

            /// The kind's key in the overrides (its `type`, or `type.*` for a prefix), for errors.
            pub(crate) fn key(self) -> &'static str {
                match self {
                    #(#keys)*
                }
            }

            /// Decodes `item` as this kind, leniently.
            pub(crate) fn decode(self, item: &Value) -> Result<WebhookItem, DecodeFailure> {
                match self {
                    #(#decodes)*
                }
            }
        }
    }
}
