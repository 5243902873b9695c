//! `operations/<resource>.rs`: a handle per resource (`client.contacts()`) with one method per
//! operation, each returning a request builder: required inputs are arguments, optional ones are
//! setters, `.send().await` performs the call.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{arg_type, cfg_attr, fills_itself, init};
use super::rust::{Scope, Types, doc, ident};
use crate::ir::{
    Api, Body, BodyMedia, BodyStyle, Field, Operation, Param, ParamLocation, Presence, Resource,
    ResponseKind, Ty, TypeKind,
};
use crate::{docs, naming};

/// `operations/mod.rs`: one feature-gated module per resource.
pub fn index(api: &Api, resource_features: bool) -> TokenStream {
    let mods = api.resources.iter().map(|r| {
        let m = ident(&r.module);
        let cfg = if resource_features {
            cfg_attr(std::slice::from_ref(&r.module))
        } else {
            TokenStream::new()
        };
        let handle = ident(&r.handle);
        quote! {
            #cfg
            pub mod #m;
            #cfg
            pub use #m::#handle;
        }
    });
    let text = format!(
        " The operations of the Intercom API {}, one module per resource.",
        api.info.version
    );
    quote! {
        #![doc = #text]
        #![doc = ""]
        #![doc = " Each resource has a handle whose methods return request builders."]
        #(#mods)*
    }
}

/// One resource's module.
pub fn resource(types: &Types, resource: &Resource) -> TokenStream {
    let api = types.api;
    let root = types.root;
    let ops: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|o| o.resource == resource.module)
        .collect();
    let handle = ident(&resource.handle);
    let accessor = ident(&resource.module);
    let module_doc = format!(" {} operations.", resource.tag);
    let handle_doc = doc(
        resource.doc.as_deref(),
        &[format!(
            "Operations on {}, from `client.{}()`.",
            resource.tag, resource.module
        )],
    );
    let accessor_doc = format!(" {} operations: see [`{}`].", resource.tag, resource.handle);
    let accessor_impl = match types.targets.accessor {
        super::Accessor::Client => quote! {
            impl Client {
                #[doc = #accessor_doc]
                pub fn #accessor(&self) -> #handle {
                    #handle { client: self.clone() }
                }
            }
        },
        super::Accessor::Preview => quote! {
            impl #root::Preview {
                #[doc = #accessor_doc]
                pub fn #accessor(&self) -> #handle {
                    #handle { client: self.client.clone() }
                }
            }
        },
    };
    let methods = ops.iter().map(|op| {
        let mut m = handle_method(types, op);
        m.extend(shortcut_methods(types, op));
        m.extend(waiter_methods(types, op));
        m.extend(upsert_method(types, op));
        m
    });
    let builders = ops.iter().map(|op| builder(types, op));
    let uses_models = ops.iter().any(|op| uses_models(op));
    let models_use = uses_models.then(|| quote!(use #root::models;));
    let uses_path = ops.iter().any(|op| op.path_params().next().is_some());
    let encode = uses_path.then(|| quote!(encode_path_segment,));
    let paging_use = super::paging::imports(types, &ops);
    let kind_use = kind_imports(types, &ops);
    let execute = execute_fn(types, &ops);
    quote! {
        #![doc = #module_doc]
        #models_use
        #paging_use
        use #root::runtime::registry::{self, Input, Pending};
        #kind_use
        use #root::runtime::{#encode call_value, ApiResponse, Call, Client, HttpMethod, Request, Result};

        #handle_doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: Client,
        }

        #accessor_impl

        impl #handle {
            #(#methods)*
        }

        #(#builders)*

        #execute
    }
}

/// `execute`: builds the request builder of one of the resource's operations from JSON input
/// (the same builder the typed methods return, so the request is the same) and sends it; a
/// paginated one goes through its `.items()` stream when the caller asks for items.
fn execute_fn(types: &Types, ops: &[&Operation]) -> TokenStream {
    let arms = ops.iter().map(|op| {
        let method = op.method_name.trim_start_matches("r#");
        let builder = ident(&op.builder);
        let mut fields = Vec::new();
        for p in &op.params {
            let name = ident(&p.name);
            let wire = &p.wire;
            fields.push(if p.required {
                quote!(#name: input.required(#wire)?)
            } else {
                quote!(#name: input.optional(#wire)?)
            });
        }
        if let Some(body) = &op.body {
            let optional = body.style == BodyStyle::Whole { optional: true };
            fields.push(match (super::schema::body_key(types.api, op), optional) {
                (None, false) => quote!(body: input.rest()?),
                (None, true) => quote!(body: input.rest_optional()?),
                (Some(key), false) => quote!(body: input.required(#key)?),
                (Some(key), true) => quote!(body: input.optional(#key)?),
            });
        }
        let answer = match &op.success.kind {
            ResponseKind::Json(_) | ResponseKind::Empty | ResponseKind::Text => {
                quote!(registry::json(op, call.send()))
            }
            ResponseKind::Binary => quote!(registry::bytes(call.send())),
            ResponseKind::Redirect => quote!(registry::location(call.send())),
        };
        // A paginated operation collects items across pages when `execute_items` asks.
        let answer = if op.paging.is_some() {
            quote! {
                match input.max_items() {
                    Some(max) => registry::items(op, call.items(), max),
                    None => #answer,
                }
            }
        } else {
            answer
        };
        quote! {
            #method => {
                let call = #builder { client, #(#fields),* };
                #answer
            }
        }
    });
    let takes_input = ops
        .iter()
        .any(|op| !op.params.is_empty() || op.body.is_some());
    let input = if takes_input {
        quote!(mut input)
    } else {
        quote!(input)
    };
    quote! {
        /// Builds the request of one of this resource's operations from its JSON input, through
        /// the operation's request builder, and starts sending it (`Client::execute`).
        pub(crate) fn execute(client: &Client, #input: Input) -> Result<Pending> {
            let client = client.clone();
            let op = input.operation();
            Ok(match op.method_name {
                #(#arms)*
                _ => return Err(input.unsupported()),
            })
        }
    }
}

fn uses_models(op: &Operation) -> bool {
    let named = |ty: &Ty| contains_named(ty);
    op.params.iter().any(|p| named(&p.ty))
        || op.body.as_ref().is_some_and(|b| named(&b.ty))
        || matches!(&op.success.kind, ResponseKind::Json(ty) if named(ty))
}

fn contains_named(ty: &Ty) -> bool {
    ty.named().is_some()
}

/// The inputs of an operation, split into method arguments and builder setters.
struct Inputs<'a> {
    /// Path, query and header parameters.
    params: Vec<&'a Param>,
    /// Fields of a flattened body.
    body_fields: Vec<&'a Field>,
    /// Flattened body type.
    body_struct: Option<TokenStream>,
}

fn inputs<'a>(types: &Types<'a>, op: &'a Operation) -> Inputs<'a> {
    let api = types.api;
    let mut body_fields = Vec::new();
    let mut body_struct = None;
    if let Some(body) = &op.body
        && let BodyStyle::Flattened(id) = &body.style
        && let TypeKind::Struct(st) = &api.ty(*id).kind
    {
        body_fields = st.fields.iter().collect();
        body_struct = Some(types.tokens(&Ty::Named(*id), Scope::Outside));
    }
    Inputs {
        params: op.params.iter().collect(),
        body_fields,
        body_struct,
    }
}

fn response_type(types: &Types, op: &Operation) -> TokenStream {
    types.response(&op.success.kind, Scope::Outside)
}

/// The runtime's `ResponseKind` of the operation's answer: `Json<T>`, `Empty`, `Text`, `Redirect`
/// (imported by [`kind_imports`]) or `Download`.
fn response_kind(types: &Types, op: &Operation) -> TokenStream {
    match &op.success.kind {
        ResponseKind::Json(_) => {
            let ret = response_type(types, op);
            quote!(Json<#ret>)
        }
        ResponseKind::Empty => quote!(Empty),
        ResponseKind::Text => quote!(Text),
        ResponseKind::Redirect => quote!(Redirect),
        ResponseKind::Binary => response_type(types, op),
    }
}

/// `use …::response_kind::{…};` for the kinds [`response_kind`] names in these operations.
fn kind_imports(types: &Types, ops: &[&Operation]) -> TokenStream {
    let names: BTreeSet<&str> = ops
        .iter()
        .filter_map(|op| match &op.success.kind {
            ResponseKind::Json(_) => Some("Json"),
            ResponseKind::Empty => Some("Empty"),
            ResponseKind::Text => Some("Text"),
            ResponseKind::Redirect => Some("Redirect"),
            ResponseKind::Binary => None,
        })
        .collect();
    if names.is_empty() {
        return TokenStream::new();
    }
    let root = types.root;
    let names = names.into_iter().map(ident);
    quote!(use #root::runtime::response_kind::{#(#names),*};)
}

fn returns_note(op: &Operation) -> String {
    match &op.success.kind {
        ResponseKind::Json(_) => String::new(),
        ResponseKind::Empty => "Returns nothing on success.".into(),
        ResponseKind::Text => "Returns the response body as text.".into(),
        ResponseKind::Binary => {
            "Returns a [`Download`](crate::Download) streaming the file, never held in memory whole."
                .into()
        }
        ResponseKind::Redirect => {
            "Returns the redirect's `Location` URL; the redirect is not followed.".into()
        }
    }
}

fn endpoint(op: &Operation) -> String {
    format!(
        "`{} {}`",
        op.http_method.as_str(),
        op.path.replace('`', "'")
    )
}

fn summary(op: &Operation) -> String {
    op.summary
        .as_deref()
        .map(docs::summary_line)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("Calls `{}`.", op.id))
}

fn handle_method(types: &Types, op: &Operation) -> TokenStream {
    let inputs = inputs(types, op);
    let method = ident(&op.method_name);
    let builder = ident(&op.builder);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &inputs.params {
        let name = ident(&p.name);
        if p.required {
            let (ty, conv) = arg_type(types, &p.ty, Scope::Outside);
            args.push(quote!(#name: #ty));
            inits.push(init(&name, &conv, false));
        } else {
            inits.push(quote!(#name: None));
        }
    }
    if let Some(body) = &op.body {
        match &body.style {
            BodyStyle::Flattened(_) => {
                let st = inputs.body_struct.clone().unwrap_or_default();
                let mut fields = Vec::new();
                for f in &inputs.body_fields {
                    let name = ident(&f.name);
                    if fills_itself(types.api, f) {
                        fields.push(quote!(#name: Default::default()));
                    } else {
                        let (ty, conv) = arg_type(types, &f.ty, Scope::Outside);
                        args.push(quote!(#name: #ty));
                        fields.push(init(&name, &conv, f.boxed));
                    }
                }
                inits.push(quote!(body: #st { #(#fields),* }));
            }
            BodyStyle::Whole { optional: false } => {
                let ty = types.tokens(&body.ty, Scope::Outside);
                args.push(quote!(body: #ty));
                inits.push(quote!(body));
            }
            BodyStyle::Whole { optional: true } => inits.push(quote!(body: None)),
        }
    }
    let mut extra = vec![endpoint(op)];
    if !op.fixed_query.is_empty() {
        let fixed: Vec<String> = op
            .fixed_query
            .iter()
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect();
        extra.push(format!(
            "Always sends {} (the only value the API accepts).",
            fixed.join(", ")
        ));
    }
    let ret = returns_note(op);
    if !ret.is_empty() {
        extra.push(ret);
    }
    let has_setters = op.params.iter().any(|p| !p.required)
        || inputs.body_fields.iter().any(|f| f.presence.has_default())
        || matches!(&op.body, Some(b) if b.style == BodyStyle::Whole { optional: true });
    extra.push(if has_setters {
        format!(
            "Optional inputs are set on the returned [`{}`]; `.send().await` performs the call.",
            op.builder
        )
    } else {
        format!(
            "`.send().await` on the returned [`{}`] performs the call.",
            op.builder
        )
    });
    let text = summary(op);
    let mut method_doc = doc(Some(&text), &extra);
    if op.deprecated {
        method_doc.extend(quote!(#[deprecated = "deprecated by Intercom"]));
    }
    quote! {
        #method_doc
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder {
                client: self.client.clone(),
                #(#inits),*
            }
        }
    }
}

/// `upsert` on the resource of a create operation declared with one: create, or update the
/// record the create's 409 names, with the same body.
fn upsert_method(types: &Types, op: &Operation) -> TokenStream {
    let Some(upsert) = &op.upsert else {
        return TokenStream::new();
    };
    let api = types.api;
    let root = types.root;
    let Some(update) = api.operations.iter().find(|o| o.id == upsert.update_id) else {
        return TokenStream::new();
    };
    let id = &op.id;
    let method = ident(naming::UPSERT);
    let create_builder = ident(&op.builder);
    let update_builder = ident(&upsert.update_builder);
    let id_param = ident(&upsert.id_param);
    let create_optional = op.params.iter().map(|p| {
        let name = ident(&p.name);
        quote!(#name: None)
    });
    let update_optional = upsert.optional_params.iter().map(|name| {
        let name = ident(name);
        quote!(#name: None)
    });
    let Some(create_body) = op.body.as_ref() else {
        return TokenStream::new();
    };
    let create_ty = match &create_body.style {
        BodyStyle::Flattened(body_id) => types.tokens(&Ty::Named(*body_id), Scope::Outside),
        BodyStyle::Whole { .. } => types.tokens(&create_body.ty, Scope::Outside),
    };
    let update_ty = types.tokens(&Ty::Named(upsert.update_body), Scope::Outside);
    let created = response_type(types, op);
    let updated = response_type(types, update);
    let keys = &upsert.keys;
    let key_words: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let docs = [
        format!(
            " Creates a record, or updates the one that already exists: sends [`{c}`](Self::{c}) \
             (`{cm} {cp}`); when Intercom answers 409 that a record with the same {keys} exists \
             (`… already exists with id=…`), sends the same body to [`{u}`](Self::{u}) \
             (`{um} {up}`) for that record.",
            c = op.method_name.trim_start_matches("r#"),
            cm = op.http_method.as_str(),
            cp = op.path.replace('`', "'"),
            u = upsert.update_method.trim_start_matches("r#"),
            um = update.http_method.as_str(),
            up = update.path.replace('`', "'"),
            keys = key_words.join(" or "),
        ),
        String::new(),
        " One call when the record is new, two when it exists, and no search: search is \
         eventually consistent, so a record created a moment ago may not be found, but the \
         create's conflict answer always names it. The result says which happened \
         ([`Upsert::Created`](crate::Upsert::Created) or [`Upsert::Updated`](crate::Upsert::Updated))."
            .to_string(),
        String::new(),
        format!(
            " The body must set {}, or nothing is sent ([`Error::InvalidRequest`](crate::Error::InvalidRequest)). \
             A 409 for an archived record is returned as it is ([`Error::existing_id`](crate::Error::existing_id) \
             names it): an upsert does not unarchive.",
            key_words.join(" or ")
        ),
    ];
    let docs = docs.iter().map(|line| quote!(#[doc = #line]));
    quote! {
        #(#docs)*
        pub async fn #method(
            &self,
            body: #create_ty,
        ) -> Result<#root::runtime::Upsert<#created, #updated>> {
            let update: #update_ty = #root::runtime::upsert::update_body(#id, &body, &[#(#keys),*])?;
            let create = #create_builder {
                client: self.client.clone(),
                #(#create_optional,)*
                body,
            };
            #root::runtime::upsert::create_or_update(create.send(), |#id_param| {
                #update_builder {
                    client: self.client.clone(),
                    #id_param,
                    #(#update_optional,)*
                    body: update,
                }
                .send()
            })
            .await
        }
    }
}

/// `wait` and `download_when_ready` on the resource of a job-status operation.
fn waiter_methods(types: &Types, op: &Operation) -> TokenStream {
    let Some(waiter) = &op.waiter else {
        return TokenStream::new();
    };
    let root = types.root;
    let id = &op.id;
    let get = ident(&op.method_name);
    let download = ident(&waiter.download_method);
    let wait = ident(naming::WAIT);
    let download_when_ready = ident(naming::DOWNLOAD_WHEN_READY);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args = Vec::new();
    let mut owned = Vec::new();
    for p in &required {
        let name = ident(&p.name);
        let (ty, convert) = arg_type(types, &p.ty, Scope::Outside);
        args.push(quote!(#name: #ty));
        owned.push(quote!(let #name = #name #convert;));
    }
    // Each call takes its own copy: strings are cloned, the other (Copy) values passed as is.
    let pass = |p: &Param| {
        let name = ident(&p.name);
        if p.ty == Ty::String {
            quote!(#name.clone())
        } else {
            quote!(#name)
        }
    };
    let get_args: Vec<_> = required.iter().map(|p| pass(p)).collect();
    let download_args: Vec<_> = waiter
        .download_args
        .iter()
        .filter_map(|&i| op.params.get(i))
        .map(pass)
        .collect();
    let job = response_type(types, op);
    let wait_doc = format!(
        " Waits for the job to finish: calls [`{g}`](Self::{g}) (`{m} {p}`) until the job's \
         `status` is final (`completed`, `failed`, `canceled` or `no_data`; a status this crate \
         does not know counts as running), pausing as `options` say, and returns the last answer.",
        g = op.method_name.trim_start_matches("r#"),
        m = op.http_method.as_str(),
        p = op.path.replace('`', "'"),
    );
    let ready_doc = format!(
        " Waits for the job ([`{w}`](Self::{w})), then starts downloading its file with \
         [`{d}`](Self::{d}). A job that ends without a file (failed, canceled, no data) is \
         [`Error::JobEnded`](crate::Error::JobEnded).",
        w = naming::WAIT,
        d = waiter.download_method,
    );
    let timeout_doc = " Waiting longer than [`PollOptions::timeout`](crate::PollOptions::timeout) is \
                       [`Error::JobTimeout`](crate::Error::JobTimeout); the job goes on.";
    quote! {
        #[doc = #wait_doc]
        #[doc = ""]
        #[doc = #timeout_doc]
        pub async fn #wait(&self, #(#args,)* options: #root::runtime::PollOptions) -> Result<#job> {
            #(#owned)*
            #root::runtime::poll::until_finished(#id, options, || {
                self.#get(#(#get_args),*).send()
            })
            .await
        }

        #[doc = #ready_doc]
        pub async fn #download_when_ready(
            &self,
            #(#args,)*
            options: #root::runtime::PollOptions,
        ) -> Result<#root::runtime::Download> {
            #(#owned)*
            let job = self.#wait(#(#get_args,)* options).await?;
            #root::runtime::poll::expect_completed(#id, &job)?;
            self.#download(#(#download_args),*).send().await
        }
    }
}

/// Shortcut methods: the operation with one variant of its union body, taking that variant's
/// required fields (`conversations().close(id, admin_id)`).
fn shortcut_methods(types: &Types, op: &Operation) -> TokenStream {
    let api = types.api;
    let Some(body) = &op.body else {
        return TokenStream::new();
    };
    let Ty::Named(union_id) = &body.ty else {
        return TokenStream::new();
    };
    let TypeKind::Union(u) = &api.ty(*union_id).kind else {
        return TokenStream::new();
    };
    let union_name = ident(&api.ty(*union_id).name);
    let method = ident(&op.method_name);
    let builder = ident(&op.builder);
    let mut out = TokenStream::new();
    for shortcut in &op.shortcuts {
        let Some(variant) = u.variants.get(shortcut.variant) else {
            continue;
        };
        let Ty::Named(vid) = &variant.ty else {
            continue;
        };
        let vdef = api.ty(*vid);
        let TypeKind::Struct(st) = &vdef.kind else {
            continue;
        };
        let vname = ident(&variant.name);
        let vtype = ident(&vdef.name);
        let name = ident(&shortcut.method);
        let mut args = Vec::new();
        let mut call_args = Vec::new();
        for p in op.params.iter().filter(|p| p.required) {
            let pname = ident(&p.name);
            let (ty, _) = arg_type(types, &p.ty, Scope::Outside);
            args.push(quote!(#pname: #ty));
            call_args.push(quote!(#pname));
        }
        let mut new_args = Vec::new();
        for f in st.fields.iter().filter(|f| !fills_itself(api, f)) {
            let fname = ident(&f.name);
            let (ty, _) = arg_type(types, &f.ty, Scope::Outside);
            args.push(quote!(#fname: #ty));
            new_args.push(quote!(#fname));
        }
        let value = if new_args.is_empty() && st.fields.iter().all(|f| fills_itself(api, f)) {
            quote!(models::#vtype::default())
        } else {
            quote!(models::#vtype::new(#(#new_args),*))
        };
        let text = format!(
            " [`{m}`](Self::{m}) with a [`models::{t}`]: {e}.",
            m = op.method_name.trim_start_matches("r#"),
            t = vdef.name,
            e = endpoint(op),
        );
        out.extend(quote! {
            #[doc = #text]
            pub fn #name(&self, #(#args),*) -> #builder {
                self.#method(#(#call_args,)* models::#union_name::#vname(#value))
            }
        });
    }
    out
}

fn builder(types: &Types, op: &Operation) -> TokenStream {
    let inputs = inputs(types, op);
    let name = ident(&op.builder);
    let mut fields = vec![quote!(client: Client)];
    let mut setters = Vec::new();
    for p in &inputs.params {
        let pname = ident(&p.name);
        let ty = types.tokens(&p.ty, Scope::Outside);
        if p.required {
            fields.push(quote!(#pname: #ty));
        } else {
            fields.push(quote!(#pname: Option<#ty>));
            let (arg, conv) = arg_type(types, &p.ty, Scope::Outside);
            let pdoc = param_doc(p);
            let setter = ident(&p.setter);
            setters.push(quote! {
                #pdoc
                pub fn #setter(mut self, #pname: #arg) -> Self {
                    self.#pname = Some(#pname #conv);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        match &body.style {
            BodyStyle::Flattened(_) => {
                let st = inputs.body_struct.clone().unwrap_or_default();
                fields.push(quote!(body: #st));
                for f in &inputs.body_fields {
                    if !f.presence.has_default() || f.presence == Presence::Lenient {
                        continue;
                    }
                    let fname = ident(&f.name);
                    let (arg, conv) = arg_type(types, &f.ty, Scope::Outside);
                    let value = if f.boxed {
                        quote!(Box::new(#fname #conv))
                    } else {
                        quote!(#fname #conv)
                    };
                    let fdoc = field_doc(f);
                    let setter = ident(&f.setter);
                    if f.presence == Presence::Patch {
                        let root = types.root;
                        let plain = f.name.trim_start_matches("r#");
                        let clear = ident(&format!("clear_{plain}"));
                        let clear_doc =
                            format!(" Sends the body's `{}` as `null`, clearing it.", f.wire);
                        setters.push(quote! {
                            #fdoc
                            pub fn #setter(mut self, #fname: #arg) -> Self {
                                self.body.#fname = #root::runtime::Nullable::Set(#value);
                                self
                            }

                            #[doc = #clear_doc]
                            pub fn #clear(mut self) -> Self {
                                self.body.#fname = #root::runtime::Nullable::Null;
                                self
                            }
                        });
                    } else {
                        setters.push(quote! {
                            #fdoc
                            pub fn #setter(mut self, #fname: #arg) -> Self {
                                self.body.#fname = Some(#value);
                                self
                            }
                        });
                    }
                }
            }
            BodyStyle::Whole { optional: false } => {
                let ty = types.tokens(&body.ty, Scope::Outside);
                fields.push(quote!(body: #ty));
            }
            BodyStyle::Whole { optional: true } => {
                let ty = types.tokens(&body.ty, Scope::Outside);
                fields.push(quote!(body: Option<#ty>));
                setters.push(quote! {
                    /// The request body.
                    pub fn body(mut self, body: #ty) -> Self {
                        self.body = Some(body);
                        self
                    }
                });
            }
        }
    }
    let send = send(types, op);
    let text = summary(op);
    let mut extra = vec![endpoint(op)];
    if let Some(description) = &op.description {
        let clean = docs::to_rustdoc(description);
        if !clean.trim().is_empty() {
            extra.push(clean);
        }
    }
    let resource = api_resource_handle(types.api, op);
    extra.push(format!(
        "Created by [`{resource}::{}`](super::{resource}::{}).",
        op.method_name.trim_start_matches("r#"),
        op.method_name.trim_start_matches("r#"),
    ));
    let builder_doc = doc(Some(&text), &extra);
    let must_use = "a request builder does nothing until `.send().await`";
    let field_decls = fields.iter();
    let paging = super::paging::builder_impl(types, op, &response_type(types, op));
    quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = #must_use]
        pub struct #name {
            #(#field_decls,)*
        }

        impl #name {
            #(#setters)*
            #send
        }

        #paging
    }
}

fn api_resource_handle(api: &Api, op: &Operation) -> String {
    api.resources
        .iter()
        .find(|r| r.module == op.resource)
        .map(|r| r.handle.clone())
        .unwrap_or_default()
}

fn param_doc(p: &Param) -> TokenStream {
    let fallback = format!(
        "Sets the `{}` {} parameter.",
        p.wire,
        location_word(p.location)
    );
    let d = doc(p.doc.as_deref(), &[]);
    if d.is_empty() {
        let line = format!(" {fallback}");
        quote!(#[doc = #line])
    } else {
        d
    }
}

fn field_doc(f: &Field) -> TokenStream {
    let d = doc(f.doc.as_deref(), &[]);
    if d.is_empty() {
        let line = format!(" Sets the body's `{}` property.", f.wire);
        quote!(#[doc = #line])
    } else {
        d
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn send(types: &Types, op: &Operation) -> TokenStream {
    let id = &op.id;
    let method = op.http_method;
    let path = path_expr(op);
    let mut steps = Vec::new();
    for p in &op.params {
        let name = ident(&p.name);
        let wire = &p.wire;
        let explode = p.explode;
        match p.location {
            ParamLocation::Path => {}
            ParamLocation::Query => steps.push(if p.required {
                quote!(request.query(#wire, &self.#name, #explode)?;)
            } else {
                quote! {
                    if let Some(value) = &self.#name {
                        request.query(#wire, value, #explode)?;
                    }
                }
            }),
            ParamLocation::Header => steps.push(if p.required {
                quote!(request.header(#wire, &self.#name.to_string())?;)
            } else {
                quote! {
                    if let Some(value) = &self.#name {
                        request.header(#wire, &value.to_string())?;
                    }
                }
            }),
        }
    }
    for (name, value) in &op.fixed_query {
        steps.push(quote!(request.query(#name, #value, true)?;));
    }
    for (name, value) in &op.headers {
        steps.push(quote!(request.header(#name, #value)?;));
    }
    if let Some(body) = &op.body
        && let BodyStyle::Flattened(body_id) = &body.style
        && let TypeKind::Struct(st) = &types.api.ty(*body_id).kind
    {
        // Intercom's documented search limits, checked before anything is sent.
        let root = types.root;
        for f in st.fields.iter().filter(|f| f.ty == Ty::SearchQuery) {
            let name = ident(&f.name);
            let check = quote! {
                query.validate().map_err(|source| #root::runtime::Error::InvalidSearch {
                    operation: #id,
                    source,
                })?;
            };
            steps.push(if f.presence == Presence::Required {
                quote! {
                    let query = &self.body.#name;
                    #check
                }
            } else {
                quote! {
                    if let Some(query) = &self.body.#name {
                        #check
                    }
                }
            });
        }
        // The page size Intercom's search takes, checked before sending too.
        if st.fields.iter().any(|f| f.ty == Ty::SearchQuery)
            && let Some(input) = op.paging.as_ref().and_then(|p| p.per_page.as_ref())
        {
            let per_page = super::paging::read_input(op, input);
            steps.push(quote! {
                if let Some(per_page) = #per_page {
                    #root::runtime::search::check_per_page(per_page).map_err(|source| {
                        #root::runtime::Error::InvalidSearch { operation: #id, source }
                    })?;
                }
            });
        }
    }
    if let Some(body) = &op.body {
        steps.push(body_step(types, body));
    }
    let ret = response_type(types, op);
    let kind = response_kind(types, op);
    let mutable = if steps.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let template = &op.path;
    let endpoint = format!("{} {}", op.http_method.as_str(), op.path.replace('`', "'"));
    let send_doc = format!(" Sends `{endpoint}` and decodes the answer: `.send().await`.");
    let request_doc = format!(" The `{endpoint}` request this builder describes.");
    // `send` and `send_with_response` are plain functions returning the runtime's boxed `Call`
    // future: no state machine per operation, one decoder per response type.
    quote! {
        #[doc = #send_doc]
        pub fn send(self) -> Call<#ret> {
            call_value(self.send_with_response())
        }

        /// Like [`send`](Self::send), also returning the response's status, headers (rate
        /// limit, request id) and the number of attempts.
        pub fn send_with_response(self) -> Call<ApiResponse<#ret>> {
            self.client.call::<#kind>(self.to_request())
        }

        #[doc = #request_doc]
        fn to_request(&self) -> Result<Request> {
            let #mutable = Request::templated(#id, #method, #template, #path);
            #(#steps)*
            Ok(request)
        }
    }
}

/// The statement putting the body on the request: JSON, or one form field per property of a
/// `multipart/form-data` body.
fn body_step(types: &Types, body: &Body) -> TokenStream {
    let optional = matches!(body.style, BodyStyle::Whole { optional: true });
    let fields = match (
        &body.media,
        body.ty.named().map(|id| &types.api.ty(id).kind),
    ) {
        (BodyMedia::Multipart, Some(TypeKind::Struct(st))) => &st.fields,
        _ if optional => {
            return quote! {
                if let Some(body) = &self.body {
                    request.json(body)?;
                }
            };
        }
        _ => return quote!(request.json(&self.body)?;),
    };
    let parts = fields.iter().filter(|f| !f.read_only).map(|f| {
        let name = ident(&f.name);
        let wire = &f.wire;
        match (&f.ty, f.presence.is_option()) {
            (Ty::File, true) => quote! {
                if let Some(file) = &body.#name {
                    request.form_file(#wire, file);
                }
            },
            (Ty::File, false) => quote!(request.form_file(#wire, &body.#name);),
            _ => quote!(request.form_text(#wire, &body.#name)?;),
        }
    });
    if optional {
        quote! {
            if let Some(body) = &self.body {
                #(#parts)*
            }
        }
    } else {
        quote! {
            let body = &self.body;
            #(#parts)*
        }
    }
}

/// The expression building the request path: a literal, or `format!` with encoded segments.
fn path_expr(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let var = &rest[start + 1..start + len];
        match op.path_params().find(|p| p.wire == var) {
            Some(p) => {
                let name = ident(&p.name);
                template.push_str("{}");
                args.push(quote!(encode_path_segment(&self.#name)));
            }
            None => template.push_str(&format!("{{{{{var}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote!(#literal.to_string())
    } else {
        quote!(format!(#template, #(#args),*))
    }
}
