//! The intermediate representation: plain data, decided once by [`crate::lower`](mod@crate::lower), read by
//! [`crate::emit`] and [`crate::render`].
//!
//! Every decision about the generated API is made while lowering and stored here (names, which
//! Rust type a schema becomes, how a union is told apart, which cargo features gate a type), so
//! the emitters only translate. Collections are in a deterministic order.
//!
//! The values the runtime knows too ([`HttpMethod`], [`Risk`], [`PagingStyle`], [`Operator`]) are the
//! runtime's own types, from [`crate::vocab`].

pub use crate::vocab::{HttpMethod, Operator, PagingStyle, Risk};

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A whole description, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Where it came from.
    pub info: ApiInfo,
    /// Every named type; `TypeId(i)` is `types[i]`.
    pub types: Vec<TypeDef>,
    /// Resources (operation groups), sorted by module name.
    pub resources: Vec<Resource>,
    /// Operations, sorted by resource module then method name.
    pub operations: Vec<Operation>,
    /// Every place a schema became untyped JSON, and why (for the codegen report).
    pub fallbacks: Vec<Fallback>,
    /// Webhook topics and the models their items decode into (absent for an API that does not
    /// get the crate's `webhooks` module, such as Preview).
    pub webhooks: Option<Webhooks>,
    /// What the timestamp rule found (for the codegen report).
    pub timestamps: TimestampReport,
    /// Every value or identity the description pins in words, and what became of it (for the
    /// codegen report).
    pub prose: Vec<ProseFinding>,
}

/// Webhook notifications: every documented topic and every kind of item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Webhooks {
    /// Kinds of `data.item`, in the order of their keys.
    pub items: Vec<WebhookItem>,
    /// Topics, sorted by wire name.
    pub topics: Vec<WebhookTopic>,
    /// The component schemas the overrides added for webhook-only items (`webhook_<name>`).
    pub schemas: Vec<TypeId>,
}

/// One kind of webhook item and the model that decodes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookItem {
    /// Its key in the overrides: the item `type` (`conversation`), a `type` prefix
    /// (`content_stat.*`), or a name of its own for items a topic selects (`deleted`).
    pub key: String,
    /// Variant name in `WebhookItem` (`Conversation`, `ContentStat`).
    pub variant: String,
    /// The model.
    pub ty: TypeId,
    /// What chooses this kind.
    pub select: WebhookSelect,
}

/// What chooses a kind of webhook item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookSelect {
    /// The item's `type`: equal to the key, or (`prefix`) starting with the key before its `*`.
    Type {
        /// The key ends in `.*` and matches every type that starts with the part before `*`.
        prefix: bool,
    },
    /// Only a topic naming it; when `key` is set, only if the item has that object.
    Topic {
        /// The object the item must have.
        key: Option<String>,
    },
    /// The minimal payload of a deletion (topics naming it, or `"deleted": true` under a topic
    /// the crate does not know).
    Deleted,
}

/// One webhook topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTopic {
    /// Dotted wire name (`conversation.admin.replied`).
    pub wire: String,
    /// Variant name in `Topic` (`ConversationAdminReplied`).
    pub variant: String,
    /// The item kind it sends (an index into [`Webhooks::items`]), when documented.
    pub item: Option<usize>,
    /// What happened, for rustdoc.
    pub doc: String,
}

/// What the timestamp rule (`passes::timestamps`) decided.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimestampReport {
    /// Values the description itself types as date-times (`format: date-time`/`timestamp`).
    pub by_format: usize,
    /// Integers the rule made `Timestamp` by other evidence: (JSON pointer, evidence).
    pub converted: Vec<(String, String)>,
    /// Integers with a time's name kept as `i64`: (JSON pointer, why).
    pub kept: Vec<(String, String)>,
}

/// A value or an identity rule the description states in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseFinding {
    /// JSON pointer of the field, parameter or object.
    pub at: String,
    /// What the words say: `` `untag` is always `true` ``, `` `id` or `company_id` ``.
    pub pin: String,
    /// The description's words (or the override's reason).
    pub evidence: String,
    /// What the generator did with it.
    pub outcome: ProseOutcome,
}

/// What became of a [`ProseFinding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseOutcome {
    /// The type now fills the value in (a constant) or enforces the identities (constructors).
    Applied,
    /// The schema already says the same (a one-value enum, an `anyOf` of `required` lists).
    AlreadyTyped,
    /// Responses use it (alone or beside requests): the API fills it in; kept as declared.
    ResponseOnly,
    /// The schema contradicts the words (an enum without that value): the schema is kept.
    Contradicted,
    /// `spec/overrides.yaml` says the words do not pin anything.
    Ignored,
    /// A request value no type holds alone (`false`): left as declared.
    NotRepresentable,
    /// An optional parameter: sending it stays the caller's choice.
    LeftOptional,
}

impl ProseOutcome {
    /// The report's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProseOutcome::Applied => "applied",
            ProseOutcome::AlreadyTyped => "already typed",
            ProseOutcome::ResponseOnly => "used by responses: kept as declared",
            ProseOutcome::Contradicted => "contradicted by the schema",
            ProseOutcome::Ignored => "ignored (override)",
            ProseOutcome::NotRepresentable => "kept: no type holds just this value",
            ProseOutcome::LeftOptional => "optional: the caller's choice",
        }
    }
}

/// A schema the generator typed as free-form JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// JSON pointer of the schema.
    pub at: String,
    /// Why it is untyped.
    pub reason: String,
}

impl Api {
    /// The type behind an id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// For a tagged union with a default variant (one without tags, taking every other tag
    /// value): the keys only its tagged variants declare. A value with one of them is not the
    /// default variant (`{type: "unseen_list", data: […]}` is no custom object instance), but
    /// a shape the crate does not know.
    pub fn keys_excluding_default(&self, u: &UnionDef) -> Vec<String> {
        let UnionRepr::Tagged { property } = &u.repr else {
            return Vec::new();
        };
        let fields = |ty: &Ty| -> Vec<String> {
            match ty.named().map(|id| &self.ty(id).kind) {
                Some(TypeKind::Struct(st)) => st.fields.iter().map(|f| f.wire.clone()).collect(),
                _ => Vec::new(),
            }
        };
        let Some(default) = u.variants.iter().find(|v| v.tags.is_empty()) else {
            return Vec::new();
        };
        let own = fields(&default.ty);
        let mut out: Vec<String> = u
            .variants
            .iter()
            .filter(|v| !v.tags.is_empty())
            .flat_map(|v| fields(&v.ty))
            .filter(|k| k != property && !own.contains(k))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// How many component schemas of the description (`#/components/schemas/<name>`) became a
    /// type of their own (the webhook item schemas the overrides add are not counted).
    pub fn schema_count(&self) -> usize {
        let added = self.webhooks.as_ref().map_or(&[][..], |w| &w.schemas[..]);
        self.types
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                t.origin
                    .strip_prefix("#/components/schemas/")
                    .is_some_and(|name| !name.contains('/'))
                    && !added.contains(&TypeId(*i))
            })
            .count()
    }
}

/// Identity of the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// Mirror folder name: `2.16`, `preview`.
    pub version: String,
    /// `Intercom-Version` header value: `2.16`, `Preview`.
    pub header: String,
    /// sha256 of the description file.
    pub sha256: String,
}

/// A named Rust type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name (`ContactList`).
    pub name: String,
    /// Module file under `models/` that holds it (`contact_list`).
    pub file: String,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// Schema description (raw Markdown).
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Whether requests and/or responses use it.
    pub usage: Usage,
    /// The cargo features under which it is compiled.
    pub gate: Gate,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
}

/// When a type is compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Always (every resource uses it, or it uses nothing gated).
    #[default]
    Always,
    /// When any of these resource features is on (the resources whose operations reach it).
    AnyOf(Vec<String>),
    /// When, for every group, one of its features is on: a type no operation reaches (e.g. a
    /// component only the spec's other components mention) needs every type it refers to.
    AllOf(Vec<Vec<String>>),
}

/// Where a type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Reachable from a request (path/query/body).
    pub request: bool,
    /// Reachable from a response.
    pub response: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string enum.
    Enum(EnumDef),
    /// One of several shapes.
    Union(UnionDef),
    /// Another name for a type (`pub type Tags = Vec<Tag>;`).
    Alias(Ty),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// "At least one of these field sets must be present" (an `anyOf` of `required` lists).
    pub requires_one_of: Vec<Vec<String>>,
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (may be a raw identifier, `r#type`).
    pub name: String,
    /// Chainable setter name on request structs and builders: [`name`](Self::name), or
    /// `set_…` where a standard trait's method has it ([`crate::naming::setter_name`]).
    pub setter: String,
    /// JSON key.
    pub wire: String,
    /// Value type (without the `Option` that optional/nullable adds).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// How the field is represented and (de)serialized; decided after usage is known.
    pub presence: Presence,
    /// Property description (raw Markdown).
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true` (server-set; never sent).
    pub read_only: bool,
    /// Held in a `Box`: the field's type contains this struct again without a `Vec` or map in
    /// between (set by the reachability pass).
    pub boxed: bool,
}

/// The required × nullable matrix, plus where the type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Presence {
    /// Required, not nullable: `T`; a missing key is an error.
    Required,
    /// Not required: `Option<T>`, left out when `None`.
    #[default]
    Optional,
    /// Required and nullable: `Option<T>`, sent as `null` when `None`.
    Nullable,
    /// Not required and nullable, in a request type: `Nullable<T>` — left out, sent as `null`
    /// (to clear a value), or set.
    Patch,
    /// Required, in a response type, of a type with a natural empty value (list, map, JSON): a
    /// missing key or `null` decodes as empty instead of failing the response.
    Lenient,
}

impl Presence {
    /// The presence the schema alone implies (before usage is known).
    pub fn initial(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::Nullable,
            (false, _) => Presence::Optional,
        }
    }

    /// Whether the Rust field is `Option<T>`.
    pub fn is_option(self) -> bool {
        matches!(self, Presence::Optional | Presence::Nullable)
    }

    /// Whether the field has a value without the caller giving one (so constructors and
    /// `Default` can fill it in).
    pub fn has_default(self) -> bool {
        !matches!(self, Presence::Required)
    }
}

/// A closed set of string values.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Values in spec order (`null` excluded; it makes the using field nullable).
    pub variants: Vec<EnumVariant>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Wire value.
    pub wire: String,
}

/// A `oneOf`/`anyOf` that became a Rust enum with one variant per member.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// How a JSON value picks its variant.
    pub repr: UnionRepr,
    /// Members in spec order.
    pub variants: Vec<UnionVariant>,
    /// The mapping rule that produced this union (for the codegen report).
    pub rule: &'static str,
}

/// How the variant of a union is chosen when decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionRepr {
    /// By the string value of one property (`type`, `message_type`, `data_type`); each variant
    /// lists the values it accepts in [`UnionVariant::tags`]. At most one variant lists none: it
    /// takes every other string value (a custom object instance's `type` is its object's name).
    Tagged {
        /// JSON key of the tag property.
        property: String,
    },
    /// By which property is present; each variant lists its identifying keys in
    /// [`UnionVariant::keys`].
    Keys,
    /// By the JSON kind of the value (string, number, array, object…), first match wins.
    Kinds,
    /// By trying each variant in order.
    Ordered,
    /// By the first variant whose declared shape the value fits exactly (required keys present,
    /// no undeclared keys, recursively): used for request unions no simpler rule tells apart.
    Shape,
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The member's type.
    pub ty: Ty,
    /// Tag values selecting this variant (for [`UnionRepr::Tagged`]).
    pub tags: Vec<String>,
    /// Keys whose presence selects this variant (for [`UnionRepr::Keys`]).
    pub keys: Vec<String>,
    /// Member description or title.
    pub doc: Option<String>,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// A generated type.
    Named(TypeId),
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// Unix seconds (an integer the timestamp rule recognises: `format: date-time`, a unix-time
    /// description, a time's name).
    Timestamp,
    /// The JSON value `true`, the only one the field accepts (the runtime's `True`): a field the
    /// description pins to `true` in words.
    True,
    /// Event metadata: values that are strings, numbers, dates, rich links or monetary amounts
    /// (the runtime's `EventMetadata`).
    EventMetadata,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary keys and values.
    JsonObject,
    /// `Vec<T>`.
    Array(Box<Ty>),
    /// An object with arbitrary keys and values of one type.
    Map(Box<Ty>),
    /// Content per help-center locale (`{"en": {…}, "pt-BR": {…}}`): `LocaleMap<T>`.
    LocaleMap(Box<Ty>),
    /// Custom attribute values of mixed JSON types: `CustomAttributes`.
    CustomAttributes,
    /// A file in a `multipart/form-data` body (`type: string, format: binary`): `FilePart`.
    File,
    /// A search query: a filter, or an AND/OR group of queries (the spec's
    /// `single_filter_search_request` | `multiple_filter_search_request`): the runtime's
    /// `search::Query`, which checks Intercom's nesting limits.
    SearchQuery,
    /// `Option<T>`: a nullable array item or map value.
    Optional(Box<Ty>),
}

impl Ty {
    /// The element type of a container (`Vec`, map, locale map).
    pub fn inner(&self) -> Option<&Ty> {
        match self {
            Ty::Array(inner) | Ty::Map(inner) | Ty::LocaleMap(inner) | Ty::Optional(inner) => {
                Some(inner)
            }
            _ => None,
        }
    }

    /// Mutable [`Ty::inner`].
    pub fn inner_mut(&mut self) -> Option<&mut Ty> {
        match self {
            Ty::Array(inner) | Ty::Map(inner) | Ty::LocaleMap(inner) | Ty::Optional(inner) => {
                Some(inner)
            }
            _ => None,
        }
    }

    /// The named type this use refers to, through containers.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            other => other.inner().and_then(Ty::named),
        }
    }
}

/// An API resource: one module, one handle type, one cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Module and feature name (`contacts`).
    pub module: String,
    /// The tag it comes from (`Contacts`).
    pub tag: String,
    /// Handle type returned by `client.contacts()` (`Contacts`).
    pub handle: String,
    /// Tag description (raw Markdown).
    pub doc: Option<String>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// operationId (or the id `spec/overrides.yaml` gives an operation without one).
    pub id: String,
    /// Owning resource module.
    pub resource: String,
    /// Method on the resource handle (`get_by_external_id`).
    pub method_name: String,
    /// Request builder type (`ContactsGetByExternalId`).
    pub builder: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// Path template exactly as the spec writes it.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description` (raw Markdown).
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters in template order, then query and header parameters in spec order.
    pub params: Vec<Param>,
    /// Headers with a fixed value the operation always sends (a required header whose schema
    /// allows one value, e.g. `Accept: application/octet-stream`).
    pub headers: Vec<(String, String)>,
    /// Query parameters with a fixed value the operation always sends (a required parameter
    /// whose schema or description allows one value, e.g. `type=user`).
    pub fixed_query: Vec<(String, String)>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub success: Response,
    /// Every declared response (success and error), in spec order.
    pub responses: Vec<Response>,
    /// How the operation pages through its results, when it does.
    pub paging: Option<Paging>,
    /// How much harm a call can do (decided by [`crate::passes::risk`]'s rule or an override).
    pub risk: Risk,
    /// Why it has that risk: the rule that applied, or the override's reason.
    pub risk_reason: String,
    /// A call can send something to end users (customers): a message, a reply, an SMS, a
    /// published article or news item.
    pub reaches_end_users: bool,
    /// Why it has that flag (the rule or the override's reason); empty when it does not reach
    /// end users by the rule.
    pub end_users_reason: String,
    /// Where the request body goes in the operation's JSON input (`execute`, input schema).
    pub body_input: BodyInput,
    /// Typed query fields, for a search operation whose description documents them.
    pub search: Option<SearchSchema>,
    /// Extra methods building this operation with one variant of its union body.
    pub shortcuts: Vec<Shortcut>,
    /// This operation reports a background job's status: the resource gets `wait` and
    /// `download_when_ready` helpers polling it.
    pub waiter: Option<Waiter>,
    /// This create operation answers 409 with the existing record's id: the resource gets an
    /// `upsert` method that creates, or updates that record.
    pub upsert: Option<Upsert>,
    /// JSON pointer of the operation.
    pub origin: String,
}

impl Operation {
    /// The paging style (`None` when the operation is not paginated).
    pub fn paging_style(&self) -> PagingStyle {
        self.paging.as_ref().map_or(PagingStyle::None, |p| p.style)
    }

    /// Path parameters in template order.
    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
    }
}

/// Where an operation's request body goes in its JSON input (for `execute` and the input
/// schema); path, query and header parameters are always top-level keys named as on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BodyInput {
    /// The body object's properties are top-level keys beside the parameters (the body is an
    /// object whose keys no parameter uses).
    #[default]
    Merged,
    /// The whole body is the value of this top-level key (unions, arrays, and objects whose
    /// keys clash with a parameter).
    Key(String),
}

/// Where a paginated operation keeps its cursor, page number and items, checked against its
/// request and response types.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The style.
    pub style: PagingStyle,
    /// Where the next request's cursor (or scroll parameter) goes.
    pub cursor: Option<Input>,
    /// Where the next request's page number goes.
    pub page: Option<Input>,
    /// Where the page size goes.
    pub per_page: Option<Input>,
    /// The response field holding the page's items (an array).
    pub items: Access,
    /// The type of one item.
    pub item: Ty,
    /// The response's next cursor (or scroll parameter).
    pub next_cursor: Option<Access>,
    /// The response's `has_more`.
    pub has_more: Option<Access>,
    /// The response's current page number.
    pub page_number: Option<Access>,
    /// The response's page count.
    pub total_pages: Option<Access>,
    /// Declared in `spec/overrides.yaml` rather than inferred.
    pub declared: bool,
    /// The response is a union of a page and a single item: the paths above start inside the
    /// page variant, and a single item is a last page of one.
    pub one_or_page: Option<OneOrPage>,
}

/// A response that is either a page or one item (`GET /companies?company_id=…` answers one
/// company; with other filters, a page of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrPage {
    /// The union (the operation's response type).
    pub union: TypeId,
    /// Its variant holding a page.
    pub page_variant: String,
    /// Its variant holding a single item.
    pub item_variant: String,
    /// The page's items are `Option<T>` (nullable): the single item is wrapped in `Some`.
    pub item_optional: bool,
}

/// A request input used for paging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A query parameter, by its Rust name in [`Operation::params`].
    Param(String),
    /// A field of the (flattened) request body, through nested objects.
    Body(Vec<Step>),
}

/// A path through struct fields, from a response (or request body) to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The fields, outermost first.
    pub steps: Vec<Step>,
    /// The type at the end.
    pub ty: Ty,
}

/// One field on an [`Access`] or [`Input::Body`] path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Rust field name.
    pub field: String,
    /// JSON key (for messages and docs).
    pub wire: String,
    /// How the field is held (`Option`, `Nullable`, plain).
    pub presence: Presence,
    /// Held in a `Box`.
    pub boxed: bool,
}

impl Access {
    /// The JSON path, `pages.next.starting_after`.
    pub fn dotted(&self) -> String {
        self.steps
            .iter()
            .map(|s| s.wire.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// The typed fields of one search operation (from its description's `Accepted Fields` and
/// `Accepted Operators` tables), emitted as `search::<module>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSchema {
    /// Module name under `search` (the resource's module).
    pub module: String,
    /// Field kinds: which values and operators each accepts.
    pub kinds: Vec<SearchKind>,
    /// Fields, in table order.
    pub fields: Vec<SearchField>,
}

/// A kind of search field: a marker type with the operators Intercom accepts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKind {
    /// Rust type name (`Text`, `Date`, `TagId`); `Any` is the runtime's catch-all kind.
    pub name: String,
    /// The Rust type of its values.
    pub value: SearchValue,
    /// The operators Intercom accepts on it, in [`Operator::ALL`]'s order (emitted as the
    /// runtime's `search::op` markers).
    pub operators: Vec<Operator>,
    /// What the tables call it (`String`, `Date (UNIX Timestamp)`, `tag_id`).
    pub label: String,
}

/// The value type of a search field kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchValue {
    /// `String`.
    Text,
    /// `i64`.
    Integer,
    /// `f64`.
    Float,
    /// `Timestamp`.
    Timestamp,
    /// `bool`.
    Boolean,
    /// The runtime's `search::Value` (any JSON scalar or list).
    Any,
}

/// One typed search field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchField {
    /// The field as Intercom names it: `location.country`, `custom_attributes.{attribute_name}`.
    pub path: String,
    /// Constant name (`LOCATION_COUNTRY`), or function name for a path with a placeholder.
    pub name: String,
    /// The placeholder's argument name (`attribute_name`), making this a function.
    pub placeholder: Option<String>,
    /// The kind's type name (empty when the field has [`variants`](Self::variants)).
    pub kind: String,
    /// The documented type, and any note from the table (`String; accepts user or lead`).
    pub doc: String,
    /// For a field whose values may have several types (a custom attribute takes its
    /// attribute's data type): one constructor per type, emitted in a module named
    /// [`name`](Self::name). Empty for a field of one kind.
    pub variants: Vec<SearchVariant>,
}

/// One type of a field typed by its value (see [`SearchField::variants`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchVariant {
    /// Constructor name (`text`, `integer`, `float`, `date`, `datetime`, `boolean`).
    pub name: String,
    /// Its kind's type name.
    pub kind: String,
    /// The type as the tables write it (`Date (UNIX timestamp, matched by calendar day)`).
    pub doc: String,
}

/// A method that calls an operation with one variant of its union body
/// (`conversations().close(id, admin_id)` for `manage` with a close request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcut {
    /// Method name on the resource handle.
    pub method: String,
    /// Index of the body union's variant.
    pub variant: usize,
}

/// How a create operation's `upsert` helper updates the record its 409 names (see
/// [`Operation::upsert`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upsert {
    /// operationId of the update operation (same resource).
    pub update_id: String,
    /// Its request builder type.
    pub update_builder: String,
    /// Its method name on the resource handle.
    pub update_method: String,
    /// Rust name of its required parameter, which takes the existing record's id.
    pub id_param: String,
    /// Rust names of its optional parameters (left unset).
    pub optional_params: Vec<String>,
    /// Its body's type (a struct with every property of the create body).
    pub update_body: TypeId,
    /// Body properties that identify a record; an upsert needs at least one.
    pub keys: Vec<String>,
}

/// The helpers of a job-status operation (see [`Operation::waiter`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    /// Method name of the download operation on the same resource handle.
    pub download_method: String,
    /// For each required parameter of the download operation, the index of the status
    /// operation's parameter with the same wire name.
    pub download_args: Vec<usize>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{variable}` of the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust argument / field name.
    pub name: String,
    /// Builder setter name, when the parameter is optional: [`name`](Self::name), or `set_…`
    /// where a standard trait's method has it ([`crate::naming::setter_name`]).
    pub setter: String,
    /// Name on the wire.
    pub wire: String,
    /// Location.
    pub location: ParamLocation,
    /// Must be given.
    pub required: bool,
    /// Value type.
    pub ty: Ty,
    /// OpenAPI `explode` (form style): arrays repeat the key, objects spread their keys.
    pub explode: bool,
    /// Description (raw Markdown).
    pub doc: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: Ty,
    /// How the builder exposes it.
    pub style: BodyStyle,
    /// Media type.
    pub media: BodyMedia,
}

/// How a request builder exposes its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyStyle {
    /// The body struct's required fields are method arguments and its optional fields are builder
    /// setters (`contacts().update(id).email("…")`).
    Flattened(TypeId),
    /// The whole body is one method argument (unions, constrained structs, non-objects).
    Whole {
        /// The operation works without a body: it is a setter instead of an argument.
        optional: bool,
    },
}

/// Request body media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json`.
    Json,
    /// `multipart/form-data`.
    Multipart,
}

/// One declared response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Status as the spec writes it: `200`, `404`, `default`, `4XX`.
    pub status: String,
    /// What the body is.
    pub kind: ResponseKind,
    /// Response description.
    pub description: Option<String>,
    /// The description's first JSON example of this response (`example`, else the first of
    /// `examples`), as written: the testing kit's default answer.
    pub example: Option<serde_json::Value>,
}

/// The body of a response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// JSON of the given type.
    Json(Ty),
    /// No body (or one to ignore).
    Empty,
    /// `text/plain`.
    Text,
    /// Bytes with no declared media type (file downloads).
    Binary,
    /// A redirect whose `Location` header is the answer.
    Redirect,
}

/// One JSON response example of the description: read out of it while lowering, checked against
/// the lowered types by the evidence pass (`passes::evidence`).
#[derive(Debug, Clone)]
pub struct ResponseExample {
    /// The operation's method.
    pub http_method: HttpMethod,
    /// The operation's path.
    pub path: String,
    /// The response's status as the description writes it (`200`, `4XX`, `default`).
    pub status: String,
    /// How a diagnostic names it: `` `GET /admins 200 "Successful response"` ``.
    pub label: String,
    /// The example.
    pub value: serde_json::Value,
}
