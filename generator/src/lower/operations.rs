//! Operations: parameters, bodies, responses, resource and method names.

use std::collections::BTreeSet;

use openapiv3::{
    MediaType, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response as SpecResponse, StatusCode,
};

use super::schema::Node;
use super::types::{Ctx, Lowerer};
use crate::diagnostics::child;
use crate::ir::{
    Body, BodyInput, BodyMedia, BodyStyle, HttpMethod, Operation, Param, ParamLocation, Response,
    ResponseKind, Risk, Ty, TypeKind,
};
use crate::naming;
use crate::overrides::Overrides;

/// Header parameters the client sets itself.
const CLIENT_HEADERS: [&str; 1] = ["intercom-version"];

/// Names a request builder uses for itself; parameters are renamed around them.
const BUILDER_RESERVED: [&str; 3] = ["client", "send", "body"];

/// An operation's parameters, its fixed headers and its fixed query parameters (name, value).
type Params = (Vec<Param>, Vec<(String, String)>, Vec<(String, String)>);

/// An operation before sorting and de-duplication of method names.
pub struct Draft {
    /// The lowered operation.
    pub op: Operation,
    /// Tag of the owning resource.
    pub tag: String,
    /// Whether `spec/overrides.yaml` chose the method name.
    pub named_by_override: bool,
}

impl<'s> Lowerer<'s, '_> {
    /// Lowers every operation of the description, in spec order.
    pub fn operations(&mut self, overrides: &Overrides) -> Vec<Draft> {
        let mut out = Vec::new();
        let spec = self.spec;
        for (path, item) in spec.paths.paths.iter() {
            let at = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diagnostics.warning(
                        &at,
                        format!("path item `$ref: {reference}` is not supported; path skipped"),
                    );
                    continue;
                }
            };
            for (method, op) in item.iter() {
                let op_at = child(&at, method);
                let Some(http_method) = http_method(method) else {
                    self.diagnostics.warning(
                        &op_at,
                        format!("`{method}` operations are not supported; skipped"),
                    );
                    continue;
                };
                out.push(self.operation(path, item, http_method, op, &op_at, overrides));
            }
        }
        out
    }

    fn operation(
        &mut self,
        path: &str,
        item: &'s PathItem,
        http_method: HttpMethod,
        op: &'s SpecOperation,
        at: &str,
        overrides: &Overrides,
    ) -> Draft {
        let entry = overrides.operation(op.operation_id.as_deref(), http_method.as_str(), path);
        let id = match (&op.operation_id, entry.and_then(|e| e.id.clone())) {
            (Some(id), _) => id.clone(),
            (None, Some(id)) => id,
            (None, None) => {
                let method = naming::method_name_from_path(http_method, path, "");
                let id = naming::type_name(&format!("{method}_{path}"));
                self.diagnostics.warning(
                    at,
                    format!(
                        "operation has no operationId; called `{id}` (give it an `id` in {})",
                        crate::overrides::FILE
                    ),
                );
                id
            }
        };
        let tag = entry
            .and_then(|e| e.resource.clone())
            .or_else(|| naming::owning_tag(&op.tags, path).map(str::to_string))
            .unwrap_or_else(|| {
                self.diagnostics
                    .warning(at, "operation has no tag; placed in resource `misc`");
                "Misc".to_string()
            });
        let resource = overrides
            .resources
            .get(&tag)
            .cloned()
            .unwrap_or_else(|| naming::module_name(&tag));
        let named_by_override = entry.and_then(|e| e.method.as_ref()).is_some();
        let method_name = match entry.and_then(|e| e.method.clone()) {
            Some(m) => m,
            None if op.operation_id.is_some() => naming::method_name(&id, &resource),
            None => naming::method_name_from_path(http_method, path, &resource),
        };
        let stem = naming::operation_type_name(&id);
        let ctx = Ctx {
            file: naming::module_name(&stem),
            hint: stem,
            fallback: None,
            at: at.to_string(),
        };
        let (params, headers, fixed_query) = self.params(item, op, path, &ctx);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &params, &ctx));
        let responses = self.responses(op, http_method, &ctx);
        let success = match success(&responses).cloned() {
            Some(r) => r,
            None => {
                self.diagnostics.warning(
                    at,
                    "no success response is declared; the result is any JSON value",
                );
                Response {
                    status: "200".into(),
                    kind: ResponseKind::Json(self.untyped(
                        at,
                        "the operation declares no success response",
                        Ty::Json,
                    )),
                    description: None,
                    example: None,
                }
            }
        };
        let mut headers = headers;
        let accept = match success.kind {
            ResponseKind::Text => Some("text/plain"),
            ResponseKind::Binary => Some("application/octet-stream"),
            _ => None,
        };
        if let Some(accept) = accept
            && !headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            // The runtime asks for JSON unless told otherwise.
            headers.push(("Accept".to_string(), accept.to_string()));
        }
        let shortcuts = match entry {
            Some(e) if !e.shortcuts.is_empty() => self.shortcuts(&e.shortcuts, body.as_ref(), at),
            _ => Vec::new(),
        };
        let builder = naming::builder_name(&resource, &method_name);
        Draft {
            op: Operation {
                id,
                resource,
                method_name,
                builder,
                http_method,
                path: path.to_string(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
                params,
                headers,
                fixed_query,
                body,
                success,
                responses,
                paging: None,
                risk: Risk::Read,
                risk_reason: String::new(),
                reaches_end_users: false,
                end_users_reason: String::new(),
                body_input: BodyInput::default(),
                search: None,
                shortcuts,
                waiter: None,
                upsert: None,
                origin: at.to_string(),
            },
            tag,
            named_by_override,
        }
    }

    fn params(
        &mut self,
        item: &'s PathItem,
        op: &'s SpecOperation,
        path: &str,
        ctx: &Ctx,
    ) -> Params {
        // Operation parameters override path-item ones with the same name and location.
        let mut all: Vec<(&'s Parameter, String)> = Vec::new();
        let item_at = child("#/paths", path);
        for (list, base) in [(&item.parameters, &item_at), (&op.parameters, &ctx.at)] {
            for (i, p) in list.iter().enumerate() {
                let p_at = child(&child(base, "parameters"), &i.to_string());
                let Some(p) = self.resolve_param(p, &p_at) else {
                    continue;
                };
                let key = (p.parameter_data_ref().name.clone(), location_of(p));
                all.retain(|(q, _)| (q.parameter_data_ref().name.clone(), location_of(q)) != key);
                all.push((p, p_at));
            }
        }
        let mut params = Vec::new();
        let mut headers = Vec::new();
        let mut fixed_query = Vec::new();
        let mut used: BTreeSet<String> = BUILDER_RESERVED.iter().map(|s| s.to_string()).collect();
        for (p, p_at) in all {
            let data = p.parameter_data_ref();
            let location = match p {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => {
                    self.diagnostics
                        .warning(&p_at, "cookie parameters are not supported; skipped");
                    continue;
                }
            };
            if location == ParamLocation::Header
                && CLIENT_HEADERS.contains(&data.name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => Some(Node::of(s)),
                ParameterSchemaOrContent::Content(_) => {
                    self.diagnostics.warning(
                        &p_at,
                        "parameter with `content` instead of `schema`; typed as a string",
                    );
                    None
                }
            };
            // A required header or query parameter that allows one value is always sent.
            if location != ParamLocation::Path
                && data.required
                && let Some(values) = schema
                    .and_then(|n| self.schemas.resolve(n))
                    .and_then(super::schema::string_enum)
                    .filter(|v| v.len() == 1)
            {
                let fixed = (data.name.clone(), values[0].clone());
                if location == ParamLocation::Header {
                    headers.push(fixed);
                } else {
                    fixed_query.push(fixed);
                }
                continue;
            }
            let pctx = ctx.nest(&data.name, &[]);
            let pctx = Ctx {
                at: child(&p_at, "schema"),
                ..pctx
            };
            let ty = match schema {
                Some(node) => self.lower(node, &pctx).ty,
                None => Ty::String,
            };
            let explode = match p {
                Parameter::Query { parameter_data, .. } => parameter_data.explode.unwrap_or(true),
                _ => false,
            };
            let mut name = naming::field_name(&data.name);
            if !used.insert(name.clone()) {
                let renamed = format!(
                    "{}_{}",
                    name.trim_start_matches("r#"),
                    location_name(location)
                );
                self.diagnostics.warning(
                    &p_at,
                    format!("parameter name `{name}` is taken in this operation; the argument is `{renamed}`"),
                );
                name = renamed;
                used.insert(name.clone());
            }
            params.push(Param {
                setter: naming::setter_name(&name),
                name,
                wire: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                explode,
                doc: data.description.clone(),
            });
        }
        // Path parameters in template order, then the rest in spec order.
        let vars = crate::normalize::template_vars(path);
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => vars.iter().position(|v| *v == p.wire).unwrap_or(0),
            _ => vars.len(),
        });
        (params, headers, fixed_query)
    }

    fn resolve_param(&mut self, p: &'s ReferenceOr<Parameter>, at: &str) -> Option<&'s Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| self.spec.components.as_ref()?.parameters.get(name))
                    .and_then(|r| r.as_item());
                if found.is_none() {
                    self.diagnostics.warning(
                        at,
                        format!("unresolved parameter `$ref: {reference}`; skipped"),
                    );
                }
                found
            }
        }
    }

    fn body(
        &mut self,
        body: &'s ReferenceOr<RequestBody>,
        params: &[Param],
        ctx: &Ctx,
    ) -> Option<Body> {
        let at = child(&ctx.at, "requestBody");
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| self.spec.components.as_ref()?.request_bodies.get(name))
                    .and_then(|r| r.as_item());
                match found {
                    Some(b) => b,
                    None => {
                        self.diagnostics.warning(
                            &at,
                            format!("unresolved request body `$ref: {reference}`; body skipped"),
                        );
                        return None;
                    }
                }
            }
        };
        let (media, media_type, key) = if let Some(m) = body.content.get("application/json") {
            (BodyMedia::Json, m, "application/json")
        } else if let Some(m) = body.content.get("multipart/form-data") {
            (BodyMedia::Multipart, m, "multipart/form-data")
        } else {
            let types: Vec<&String> = body.content.keys().collect();
            self.diagnostics.warning(
                &at,
                format!("request body media types {types:?} are not supported; body skipped"),
            );
            return None;
        };
        let bctx = Ctx {
            hint: naming::inline_type_name(&ctx.hint, "Request"),
            fallback: Some(naming::inline_type_name(&ctx.hint, "Body")),
            file: naming::module_name(&naming::inline_type_name(&ctx.hint, "Request")),
            at: child(&child(&child(&at, "content"), key), "schema"),
        };
        let ty = match &media_type.schema {
            Some(s) => self.lower(Node::of(s), &bctx).ty,
            None => self.untyped(&bctx.at, "request body without a schema", Ty::Json),
        };
        let style = self.body_style(&ty, body.required, params);
        Some(Body { ty, style, media })
    }

    /// Flatten a plain struct body into the builder unless a field name clashes with a parameter.
    fn body_style(&self, ty: &Ty, required: bool, params: &[Param]) -> BodyStyle {
        if let Ty::Named(id) = ty
            && let TypeKind::Struct(st) = &self.def(*id).kind
            && st.requires_one_of.is_empty()
            && !st.fields.is_empty()
        {
            let clash = st.fields.iter().any(|f| {
                BUILDER_RESERVED.contains(&f.name.as_str())
                    || params.iter().any(|p| p.name == f.name)
            });
            if !clash {
                return BodyStyle::Flattened(*id);
            }
        }
        let has_required = match ty {
            Ty::Named(id) => match &self.def(*id).kind {
                TypeKind::Struct(st) => {
                    st.fields.iter().any(|f| f.required) || !st.requires_one_of.is_empty()
                }
                _ => true,
            },
            _ => true,
        };
        BodyStyle::Whole {
            optional: !required && !has_required,
        }
    }

    fn responses(
        &mut self,
        op: &'s SpecOperation,
        http_method: HttpMethod,
        ctx: &Ctx,
    ) -> Vec<Response> {
        let mut out = Vec::new();
        let at = child(&ctx.at, "responses");
        for (status, r) in spec_responses(self.spec, op) {
            let r_at = child(&at, &status);
            let response = match r {
                Ok(r) => r,
                Err(reference) => {
                    self.diagnostics.warning(
                        &r_at,
                        format!("unresolved response `$ref: {reference}`; skipped"),
                    );
                    continue;
                }
            };
            let kind = self.response_kind(response, &status, http_method, ctx, &r_at);
            out.push(Response {
                status,
                kind,
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                example: json_media(&response.content).and_then(|(_, media)| first_example(media)),
            });
        }
        out
    }

    fn response_kind(
        &mut self,
        response: &'s SpecResponse,
        status: &str,
        http_method: HttpMethod,
        ctx: &Ctx,
        at: &str,
    ) -> ResponseKind {
        if let Some(json) = json_media(&response.content) {
            let suffix = if status.starts_with('2') {
                "Response".to_string()
            } else {
                format!("{status}Response")
            };
            let rctx = Ctx {
                hint: naming::inline_type_name(&ctx.hint, &suffix),
                fallback: Some(naming::inline_type_name(
                    &ctx.hint,
                    &format!("{suffix}Body"),
                )),
                file: naming::module_name(&naming::inline_type_name(&ctx.hint, &suffix)),
                at: child(&child(&child(at, "content"), json.0), "schema"),
            };
            return match &json.1.schema {
                Some(s) => ResponseKind::Json(self.lower(Node::of(s), &rctx).ty),
                None => ResponseKind::Json(self.untyped(
                    &rctx.at,
                    "JSON response without a schema",
                    Ty::Json,
                )),
            };
        }
        if response.content.keys().any(|m| m.starts_with("text/")) {
            return ResponseKind::Text;
        }
        if !response.content.is_empty() {
            return ResponseKind::Binary;
        }
        if status.starts_with('3') {
            ResponseKind::Redirect
        } else if status == "200" && http_method == HttpMethod::Get {
            // A GET that answers 200 without a declared body is a file download.
            ResponseKind::Binary
        } else {
            ResponseKind::Empty
        }
    }

    /// Resolves `shortcuts` overrides against the body union's variants.
    fn shortcuts(
        &mut self,
        wanted: &std::collections::BTreeMap<String, String>,
        body: Option<&Body>,
        at: &str,
    ) -> Vec<crate::ir::Shortcut> {
        let variants: Vec<String> = match body.map(|b| &b.ty) {
            Some(Ty::Named(id)) => match &self.def(*id).kind {
                TypeKind::Union(u) => u.variants.iter().map(|v| v.name.clone()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for (variant, method) in wanted {
            match variants.iter().position(|v| v == variant) {
                Some(index) => out.push(crate::ir::Shortcut {
                    method: method.clone(),
                    variant: index,
                }),
                None => self.diagnostics.error(
                    at,
                    format!(
                        "shortcut `{method}` names body variant `{variant}`, but the body's variants are [{}] ({})",
                        variants.join(", "),
                        crate::overrides::FILE
                    ),
                ),
            }
        }
        out
    }
}

/// The success response: the lowest 2xx, else the lowest 3xx.
/// An operation's responses in spec order (then `default`), keyed by status as the spec writes
/// it, with `$ref`s to `components/responses` resolved (`Err` holds an unresolved reference).
pub(super) fn spec_responses<'s>(
    spec: &'s OpenAPI,
    op: &'s SpecOperation,
) -> Vec<(String, Result<&'s SpecResponse, &'s str>)> {
    let resolve = |r: &'s ReferenceOr<SpecResponse>| match r {
        ReferenceOr::Item(r) => Ok(r),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|name| spec.components.as_ref()?.responses.get(name))
            .and_then(|r| r.as_item())
            .ok_or(reference.as_str()),
    };
    op.responses
        .responses
        .iter()
        .map(|(code, r)| (status_text(code), resolve(r)))
        .chain(
            op.responses
                .default
                .as_ref()
                .map(|d| ("default".to_string(), resolve(d))),
        )
        .collect()
}

/// The JSON media type of a body (`application/json`, `…+json`).
pub(super) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
}

/// The first JSON example of a media type: `example`, else the first inline `examples` value.
fn first_example(media: &MediaType) -> Option<serde_json::Value> {
    media.example.clone().or_else(|| {
        media.examples.values().find_map(|example| match example {
            openapiv3::ReferenceOr::Item(example) => example.value.clone(),
            openapiv3::ReferenceOr::Reference { .. } => None,
        })
    })
}

fn success(responses: &[Response]) -> Option<&Response> {
    let pick = |prefix: char| {
        responses
            .iter()
            .filter(|r| r.status.starts_with(prefix))
            .min_by(|a, b| a.status.cmp(&b.status))
    };
    pick('2').or_else(|| pick('3'))
}

/// The method of a path item's key (`get`, `post`, …; OpenAPI writes them in lower case).
pub(super) fn http_method(method: &str) -> Option<HttpMethod> {
    HttpMethod::ALL
        .into_iter()
        .find(|m| m.as_str().to_ascii_lowercase() == method)
}

fn status_text(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}

fn location_of(p: &Parameter) -> u8 {
    match p {
        Parameter::Query { .. } => 0,
        Parameter::Header { .. } => 1,
        Parameter::Path { .. } => 2,
        Parameter::Cookie { .. } => 3,
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}
