//! The operations of the generated crate: groups of methods, their parameters, bodies and
//! responses, and the WebSocket channels.

use super::{Input, Ty};

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
    /// The cargo feature its top-level group is behind; `None` for the root, and in a crate
    /// with no features.
    pub feature: Option<String>,
}

/// One operation as a method (an operation that takes several kinds of body is one method per
/// kind, see [`Method::variant_of`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Rust method name.
    pub name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template, for the rustdoc and traces (`/v1/voices/{voice_id}`).
    pub path_template: String,
    /// What traces call the operation: its `operationId`, or `METHOD /path` without one.
    pub operation_id: String,
    /// The path, one entry per segment.
    pub segments: Vec<Vec<Piece>>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters, in the spec's order.
    pub params: Vec<Param>,
    /// The request body this method sends.
    pub body: Option<Body>,
    /// The operation's other kinds of body, each one more method: `{name}_{suffix}` with the
    /// suffix [`BodyEncoding::method_suffix`] gives (`upload_with_text`, `upload_with_bytes`).
    /// Emptied once names are settled, when each becomes a method of its own.
    pub other_bodies: Vec<Body>,
    /// For the method of one of an operation's other kinds of body: the main method's name.
    pub variant_of: Option<String>,
    /// What a success returns.
    pub response: ResponseKind,
    /// The success response's other forms, each one more method: `{name}_{suffix}`
    /// (`create_stream`, `transcript_text`). Emptied once names are settled.
    pub other_responses: Vec<ResponseForm>,
    /// The media type this method asks for (`Accept`), when the operation answers in several.
    pub accept: Option<String>,
    /// A boolean body property this method sets to `true` (`stream`): the form of the response
    /// it asks for.
    pub stream_flag: Option<String>,
    /// The operation in the spec (a JSON pointer).
    pub pointer: String,
    /// Names to fall back on, in order, should `name` collide in its group.
    pub alternatives: Vec<String>,
    /// The JSON error bodies the spec describes, by status.
    pub errors: Vec<(ErrorStatus, Ty)>,
    /// The name of the `errors` function that decodes them, when there are any.
    pub decoder: Option<String>,
    /// The header parameter that carries an idempotency key (`Idempotency-Key`, as declared),
    /// when the operation has one: the runtime fills it with a fresh key per call unless the
    /// caller set it, and retries the call like an idempotent request.
    pub idempotency_header: Option<String>,
    /// The call's own marker type in `api` (`VoicesSearch`): the method returns
    /// `Call<'_, T, VoicesSearch>`, whose setters are [`Method::setters`].
    pub call_type: String,
    /// The required inputs, as the method's arguments, in order.
    pub args: Vec<Input>,
    /// The optional inputs, as setters of the call, in order.
    pub setters: Vec<Input>,
    /// How its pages follow each other, when the operation lists in pages.
    pub pager: Option<super::Pager>,
}

/// One more form of an operation's success response, and the method that asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseForm {
    /// The method's name suffix: `stream` (events or JSON chunks), `text`, `bytes`.
    pub suffix: &'static str,
    /// What it returns.
    pub response: ResponseKind,
    /// The media type it asks for.
    pub media_type: String,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// The method as an OpenAPI path item key names it (`get`); `None` for any other key.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// Upper case, as on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which error statuses a described error body is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// A parameter of an operation, as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Param {
    /// Name in the spec.
    pub wire: String,
    /// The value's type.
    pub ty: Ty,
    /// Where it is sent.
    pub location: Location,
    /// How its value is laid out (`style`, or `Json` for a `content: application/json` one).
    pub style: ParamStyle,
    /// `explode`: arrays and objects as one entry per item or property (the default for
    /// `form`), or joined into one.
    pub explode: bool,
    /// `required: true` (always, for a path parameter).
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Its schema's `default`, as JSON text.
    pub default: Option<String>,
    /// The parameter in the spec (a JSON pointer).
    pub pointer: String,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl Location {
    /// The location as `in:` names it (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
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
    /// `application/x-www-form-urlencoded`: the properties whose `encoding` is not `form`,
    /// exploded (the others are).
    pub property_styles: Vec<PropertyStyle>,
    /// `multipart/form-data`: the parts sent with the `Content-Type` their `encoding`
    /// declares, `(part, type)` (see `model/body.rs` for which declarations are kept).
    pub part_types: Vec<(String, String)>,
    /// Whether the operation must have a body.
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// How one property of a form body is laid out (its `encoding`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyStyle {
    /// The property's wire name.
    pub property: String,
    /// Its style.
    pub style: ParamStyle,
    /// Its `explode`.
    pub explode: bool,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `application/merge-patch+json`, `application/vnd.x+json` …).
    Json,
    /// `multipart/form-data` (the body type is a [`TypeKind::Form`](super::TypeKind::Form)).
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
    /// A stream of server-sent events: their data decoded into this type when the spec gives
    /// one (a `[DONE]` data line then ends it), else the events as they are.
    Events(Option<Ty>),
    /// The body as a byte stream (audio, files, text).
    Bytes,
    /// A multipart body (`multipart/mixed`): its one JSON part decoded into this type and the
    /// other parts beside it, when the spec says which part is JSON; else a stream of parts.
    Parts(Option<Ty>),
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
