//! The IR: what the model decides and emit prints (types, groups, methods).

use std::collections::BTreeMap;

use crate::error::Error;

/// The whole client, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Crate package settings.
    pub krate: crate::config::CrateConfig,
    /// The API's own description (`info.description`), for the crate docs.
    pub doc: Option<String>,
    /// Named base URLs; the first is the default. May be empty.
    pub environments: Vec<crate::config::Environment>,
    /// How the key travels.
    pub auth: Auth,
    /// Every type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every group, the root (empty path) first, then by path.
    pub groups: Vec<Group>,
    /// Operations that could not be generated, one diagnostic each.
    pub skipped: Vec<Error>,
}

/// How the API key is sent, and where `Client::from_env` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// Where the key goes in a request.
    pub style: KeyStyle,
    /// Environment variable for `from_env`.
    pub env: String,
    /// Where the document's security schemes put credentials: never sent to another origin,
    /// never printed.
    pub credentials: Credentials,
}

/// The names of a request's parts that hold credentials, beyond the standard ones
/// (`Authorization`, `Proxy-Authorization`, `Cookie`), which the runtime always treats so.
/// Cookies need no names: the whole `Cookie` header is a credential.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Header names, lower case, sorted: every `apiKey` scheme `in: header`, and the header
    /// the key travels in.
    pub headers: Vec<String>,
    /// Query parameter names, sorted: every `apiKey` scheme `in: query`.
    pub query: Vec<String>,
}

/// Where the API key goes in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStyle {
    /// In this header of its own, as it is (`xi-api-key: <key>`).
    Header(String),
    /// As `Authorization: Bearer <key>`.
    Bearer,
    /// As HTTP Basic credentials: the key is `user:password`, sent as
    /// `Authorization: Basic <base64 of the key>`.
    Basic,
    /// In this query parameter (`?api_key=<key>`).
    Query(String),
}

impl Auth {
    /// The header the key travels in on its own, if it does.
    pub(crate) fn header(&self) -> Option<&str> {
        match &self.style {
            KeyStyle::Header(name) => Some(name),
            KeyStyle::Bearer | KeyStyle::Basic | KeyStyle::Query(_) => None,
        }
    }

    /// The query parameter the key travels in, if it does.
    pub(crate) fn query(&self) -> Option<&str> {
        match &self.style {
            KeyStyle::Query(name) => Some(name),
            KeyStyle::Header(_) | KeyStyle::Bearer | KeyStyle::Basic => None,
        }
    }
}

/// One Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Final Rust name.
    pub name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Where it comes from in the spec (a JSON pointer), for the rustdoc.
    pub origin: String,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Another type of exactly this shape, which this one is emitted as an alias of (see
    /// `share_identical`).
    pub same_as: Option<String>,
}

/// The shapes a type can take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with known properties: fields, and the properties fixed to one value.
    Struct(Vec<Field>, Vec<Constant>),
    /// A string enum that keeps unknown values.
    Enum(StringEnum),
    /// One of several shapes: told apart by a discriminator property when there is one, else
    /// by the JSON value's kind and, within one kind, by trying each variant in order.
    Union(UnionDef),
    /// The query and header parameters of one operation (not serialized with serde).
    Params(Vec<ParamField>),
    /// A `multipart/form-data` body: fields become parts, binary fields are files.
    Form(Vec<Field>, Vec<Constant>),
    /// An integer enum: an open newtype over `i64` with a constant per known value, so
    /// values the server adds later still decode.
    IntEnum(Vec<(String, i64)>),
}

/// A query, header or cookie parameter, as a field of an operation's parameter struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamField {
    /// The field (its `wire` name is the parameter name).
    pub field: Field,
    /// Where it is sent.
    pub location: Location,
    /// How its value is laid out (`style`, or `Json` for a `content: application/json` one).
    pub style: ParamStyle,
    /// `explode`: arrays and objects as one entry per item or property (the default for
    /// `form`), or joined into one.
    pub explode: bool,
    /// The parameter in the spec (a JSON pointer).
    pub pointer: String,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a parameter's (or a form body property's) value is laid out: the OpenAPI `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `form` (query, cookie, form body properties).
    Form,
    /// `spaceDelimited` (query).
    SpaceDelimited,
    /// `pipeDelimited` (query).
    PipeDelimited,
    /// `deepObject` (query, form body properties).
    DeepObject,
    /// `simple` (path, header).
    Simple,
    /// `label` (path).
    Label,
    /// `matrix` (path).
    Matrix,
    /// Described by `content` with a JSON media type: the value's JSON text.
    Json,
}

impl ParamStyle {
    /// The `explode` that applies when the spec gives none: `true` for `form` only.
    pub fn default_explode(self) -> bool {
        self == ParamStyle::Form
    }
}

/// The parameter struct of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Its type name in `types`.
    pub type_name: String,
    /// Its fields.
    pub fields: Vec<ParamField>,
    /// Whether every field is optional (the struct has a `Default`).
    pub all_optional: bool,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust name (maybe `r#type`).
    pub name: String,
    /// The property name on the wire.
    pub wire: String,
    /// The value type (without the optional/nullable wrapper).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// A string whose schema says it holds base64 (`format: byte`/`base64`, or
    /// `contentEncoding: base64`, which normalize writes as `format: byte`).
    pub base64: bool,
}

impl Field {
    /// How the field is represented.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// A property declared `const` (a string, not nullable) that is either required or defaults
/// to its value: it is no field of the struct; an `enum` of one value, a choice that may
/// grow, stays a field. The value is
/// always written, and read back only to check it; a tag such as `type: "client"` is so
/// never missing from a request and never a second thing for the caller to set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Constant {
    /// The property name on the wire.
    pub wire: String,
    /// Its one value.
    pub value: String,
}

/// Required/optional × nullable: four wire behaviours, four Rust shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`: always sent.
    Required,
    /// `Option<T>`: always sent, `null` for `None`.
    RequiredNullable,
    /// `Option<T>`: left out when `None`.
    Optional,
    /// `Nullable<T>`: absent, `null` or a value, each expressible.
    OptionalNullable,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// `(Rust variant, wire value)` in spec order.
    pub variants: Vec<(String, String)>,
    /// Name of the variant that keeps values this version does not know.
    pub fallback: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionDef {
    /// The arms, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the arm (`discriminator.propertyName`, or a property
    /// every object arm fixes to its own constant).
    pub discriminator: Option<String>,
    /// With a discriminator: the variant that keeps objects with a tag this version does not
    /// know, as raw JSON.
    pub fallback: Option<String>,
}

/// One arm of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// What it holds.
    pub kind: VariantKind,
    /// Discriminator values that select this arm.
    pub tags: Vec<String>,
    /// The arm's schema gives the discriminator property a default among `tags`: its objects
    /// may leave the tag out, and such an object is this arm before any other is tried.
    pub tag_default: bool,
    /// The arm's struct writes the tag itself, as a constant of its first value: the union
    /// need not add it.
    pub tag_written: bool,
}

/// What a union arm holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VariantKind {
    /// Exactly this string (a `const`/one-value enum): a unit variant.
    Literal(String),
    /// A value of this type, expected for JSON values of this kind.
    Value(Ty, JsonKind),
}

/// The kinds of JSON value, as a union tells its arms apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonKind {
    /// A string.
    String,
    /// A number (integers included).
    Number,
    /// `true`/`false`.
    Bool,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything.
    Any,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `i64`.
    I64,
    /// `i32`.
    I32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`.
    Json,
    /// `Vec<T>`.
    List(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>` inside a container (`[1, null]`).
    Option(Box<Ty>),
    /// A type of this crate, by final name.
    Named(String),
    /// `Box<T>`: a named type that contains itself.
    Boxed(Box<Ty>),
    /// `File`: a binary field of a multipart body.
    File,
}

impl Ty {
    /// Calls `f` on every type name in this type.
    pub(crate) fn visit_names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            Ty::Named(name) => f(name),
            Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => inner.visit_names_mut(f),
            Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::File => {}
        }
    }

    /// The JSON kind a value of this type has, given the crate's types.
    pub(crate) fn json_kind(&self, kinds: &BTreeMap<String, JsonKind>) -> JsonKind {
        match self {
            Ty::String => JsonKind::String,
            Ty::I64 | Ty::I32 | Ty::F64 => JsonKind::Number,
            Ty::Bool => JsonKind::Bool,
            Ty::Json | Ty::Option(_) => JsonKind::Any,
            Ty::List(_) => JsonKind::Array,
            Ty::Map(_) => JsonKind::Object,
            Ty::Named(name) => kinds.get(name).copied().unwrap_or(JsonKind::Any),
            Ty::Boxed(inner) => inner.json_kind(kinds),
            Ty::File => JsonKind::Any,
        }
    }
}

/// A group of operations: `client.service_accounts().api_keys()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Accessor names from the root (`[service_accounts, api_keys]`); empty for the root.
    pub path: Vec<String>,
    /// Rust type name of the group handle (`ServiceAccountsApiKeys`); empty for the root.
    pub type_name: String,
    /// Sub-groups: `(accessor, type name)`.
    pub children: Vec<(String, String)>,
    /// The operations, sorted by name.
    pub methods: Vec<Method>,
}

/// One operation as a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Rust method name.
    pub name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template, for the rustdoc (`/v1/voices/{voice_id}`).
    pub path_template: String,
    /// The path, one entry per segment.
    pub segments: Vec<Vec<Piece>>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// The request body (of the preferred media type, see `body::choose`).
    pub body: Option<Body>,
    /// The operation's other media types, each one more method: `{name}_{suffix}` with the
    /// suffix [`BodyEncoding::method_suffix`] gives (`upload_with_text`, `upload_with_bytes`).
    pub other_bodies: Vec<Body>,
    /// Query and header parameters, gathered in one struct.
    pub params: Option<Params>,
    /// What a success returns.
    pub response: ResponseKind,
    /// The operation in the spec (a JSON pointer).
    pub pointer: String,
    /// Names to fall back on, in order, should `name` collide in its group.
    pub alternatives: Vec<String>,
    /// The JSON error bodies the spec describes, by status.
    pub errors: Vec<(ErrorStatus, Ty)>,
    /// The header parameter that carries an idempotency key (`Idempotency-Key`, as declared),
    /// when the operation has one: the runtime fills it with a fresh key per call unless the
    /// caller set it, and retries the call like an idempotent request.
    pub idempotency_header: Option<String>,
}

/// Which error statuses a described error body is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// Exactly this status.
    Code(u16),
    /// A class: `4` for `4XX`.
    Range(u16),
    /// Every other status (`default`).
    Default,
}

/// Part of a path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Literal(String),
    /// The value of the path parameter with this index in `path_params`.
    Param(usize),
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust argument name.
    pub name: String,
    /// Name in the spec.
    pub wire: String,
    /// Argument type; strings are taken as `&str`.
    pub ty: Ty,
    /// `simple` (the default), `label`, `matrix`, or `Json`.
    pub style: ParamStyle,
    /// `explode`.
    pub explode: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// The parameter in the spec (a JSON pointer).
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type (`String` for text, `File` for binary bodies).
    pub ty: Ty,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// The `Content-Type` sent (for multipart, the runtime adds the boundary; for binary, the
    /// default when the caller's `File` sets none).
    pub content_type: String,
    /// The media types this body stands for, as the spec spells them (for the rustdoc).
    pub media_types: Vec<String>,
    /// `application/x-www-form-urlencoded`: the `encoding` of properties that have one
    /// (`(property, style, explode)`); the others are `form`, exploded.
    pub property_styles: Vec<(String, ParamStyle, bool)>,
    /// Whether the operation must have a body (otherwise an `Option<&T>` argument).
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `application/merge-patch+json`, `application/vnd.x+json` …).
    Json,
    /// `multipart/form-data` (the body type is a [`TypeKind::Form`]).
    Multipart,
    /// `application/x-www-form-urlencoded`: the body's properties as `name=value` pairs.
    UrlEncoded,
    /// Text as it is (`text/plain`, `text/csv`, a string schema under another type).
    Text,
    /// Bytes or a stream as they are (`application/octet-stream`, `image/*`, `*/*` …).
    Binary,
}

/// What a successful call gives back.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// A JSON body decoded into this type.
    Json(Ty),
    /// A stream of JSON values of this type (`x-fern-streaming`).
    JsonStream(Ty),
    /// A stream of server-sent events.
    Events,
    /// The body as a byte stream (audio, files, text).
    Bytes,
    /// No body (or one the spec does not describe).
    Empty,
    /// A WebSocket session (an AsyncAPI channel): the messages each side sends.
    Socket(Box<Socket>),
}

/// The messages of a WebSocket channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Socket {
    /// What the client sends.
    pub client: Messages,
    /// What the server sends.
    pub server: Messages,
}

/// The messages one side of a channel sends: one enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Messages {
    /// The enum's type name in `types`.
    pub type_name: String,
    /// Its arms, in spec order.
    pub arms: Vec<MessageArm>,
    /// The property whose constant tells the arms apart, when every JSON arm fixes one.
    pub tag: Option<String>,
}

/// One message of a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageArm {
    /// Rust variant name.
    pub name: String,
    /// The payload type of a JSON (text frame) message; `None` for a binary frame.
    pub ty: Option<Ty>,
    /// Rustdoc.
    pub doc: Option<String>,
    /// With a tag property: the constant that selects this arm.
    pub tag: Option<String>,
    /// The properties the payload requires (marks, when there is no tag).
    pub required: Vec<String>,
    /// The properties the payload pins to one constant.
    pub pinned: Vec<(String, serde_json::Value)>,
}
