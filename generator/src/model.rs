//! Stage 5, model: the typed document becomes the IR. Every decision is made here (which
//! schemas are types, their final names, how each operation is called); emit only prints.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, Operation, Parameter, ReferenceOr, RequestBody, Response, Schema,
    SchemaKind, StatusCode, Type,
};

use crate::config::Config;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::merge::Origins;
use crate::naming::{self, Namespace};
use crate::normalize::GROUP_EXTENSION;

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

/// How the API key is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// In a header of its own, as it is (`xi-api-key: <key>`).
    Header {
        /// The header name.
        name: String,
        /// Environment variable for `from_env`.
        env: String,
    },
    /// As `Authorization: Bearer <key>`.
    Bearer {
        /// Environment variable for `from_env`.
        env: String,
    },
}

impl Auth {
    /// The environment variable `Client::from_env` reads.
    pub fn env(&self) -> &str {
        match self {
            Auth::Header { env, .. } | Auth::Bearer { env } => env,
        }
    }

    fn header(&self) -> Option<&str> {
        match self {
            Auth::Header { name, .. } => Some(name),
            Auth::Bearer { .. } => None,
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
    /// An object with known properties.
    Struct(Vec<Field>),
    /// A string enum that keeps unknown values.
    Enum(StringEnum),
    /// One of several shapes: told apart by a discriminator property when there is one, else
    /// by the JSON value's kind and, within one kind, by trying each variant in order.
    Union(UnionDef),
    /// The query and header parameters of one operation (not serialized with serde).
    Params(Vec<ParamField>),
    /// A `multipart/form-data` body: fields become parts, binary fields are files.
    Form(Vec<Field>),
    /// An integer enum: an open newtype over `i64` with a constant per known value, so
    /// values the server adds later still decode.
    IntEnum(Vec<(String, i64)>),
}

impl TypeKind {
    /// Whether values of this type are sent as text (in a path, query or header): string enums,
    /// and unions whose every arm is a string, number or boolean.
    pub fn is_textual(&self) -> bool {
        match self {
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
            TypeKind::Union(u) => {
                u.discriminator.is_none()
                    && u.variants.iter().all(|v| match &v.kind {
                        VariantKind::Literal(_) => true,
                        VariantKind::Value(_, kind) => {
                            matches!(kind, JsonKind::String | JsonKind::Number | JsonKind::Bool)
                        }
                    })
            }
            TypeKind::Struct(_) | TypeKind::Params(_) | TypeKind::Form(_) => false,
        }
    }
}

/// A query or header parameter, as a field of an operation's parameter struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamField {
    /// The field (its `wire` name is the parameter name).
    pub field: Field,
    /// Where it is sent.
    pub location: Location,
    /// Arrays: one `name=value` pair per item (`true`, the default), or one comma-joined value.
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
    fn visit_names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            Ty::Named(name) => f(name),
            Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => inner.visit_names_mut(f),
            Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::File => {}
        }
    }

    /// The JSON kind a value of this type has, given the crate's types.
    fn json_kind(&self, kinds: &BTreeMap<String, JsonKind>) -> JsonKind {
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
    /// The request body.
    pub body: Option<Body>,
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
    /// Rustdoc.
    pub doc: Option<String>,
    /// The parameter in the spec (a JSON pointer).
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type.
    pub ty: Ty,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Whether the operation must have a body (otherwise an `Option<&T>` argument).
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `multipart/form-data` (the body type is a [`TypeKind::Form`]).
    Multipart,
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
}

/// Builds the IR.
pub fn build(api: &OpenAPI, config: &Config, origins: &Origins) -> Result<Api> {
    let mut builder = Builder::new(api, origins);
    builder.name_components()?;
    let auth = auth_of(api, config);
    let mut methods: Vec<(Vec<String>, Method)> = Vec::new();
    let mut skipped = Vec::new();
    for (path, item) in &api.paths.paths {
        let item_pointer = Pointer::root().join("paths").join(path);
        let ReferenceOr::Item(item) = item else {
            return Err(origins.error(item_pointer.as_str(), "a `$ref` path item is not supported"));
        };
        for (method, op) in item.iter() {
            let pointer = item_pointer.join(method);
            if op.extensions.get("x-fern-ignore").and_then(serde_json::Value::as_bool) == Some(true) {
                continue;
            }
            match builder.operation(path, method, op, &item.parameters, &auth, &pointer)? {
                Ok(built) => methods.push(built),
                Err(reason) => skipped.push(reason),
            }
        }
    }
    builder.flush()?;
    let (methods, mut invalid) = builder.check_scalar_parameters(methods);
    skipped.append(&mut invalid);
    let groups = group_methods(methods, origins)?;
    let mut types: Vec<TypeDef> = builder.types.into_values().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    share_identical(&mut types);
    Ok(Api {
        krate: config.krate.clone(),
        doc: api.info.description.as_deref().and_then(docs::sanitize),
        environments: environments_of(api, config),
        auth,
        types,
        groups,
        skipped,
    })
}

fn environments_of(api: &OpenAPI, config: &Config) -> Vec<crate::config::Environment> {
    if !config.client.environments.is_empty() {
        return config.client.environments.clone();
    }
    let mut names = Namespace::default();
    api.servers
        .iter()
        .filter(|s| s.url.starts_with("http://") || s.url.starts_with("https://"))
        .enumerate()
        .map(|(i, server)| {
            let base = server
                .description
                .as_deref()
                .map(naming::type_name)
                .filter(|n| n.len() <= 40 && !n.starts_with("r#"))
                .unwrap_or_else(|| if i == 0 { "Default".to_owned() } else { format!("Server{i}") });
            crate::config::Environment {
                name: names.claim(&base),
                url: server.url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
            }
        })
        .collect()
}

fn auth_of(api: &OpenAPI, config: &Config) -> Auth {
    let default_env = format!("{}_API_KEY", config.krate.name.to_uppercase().replace('-', "_"));
    if let Some(auth) = &config.client.auth {
        let env = auth.env.clone().unwrap_or(default_env);
        return match &auth.header {
            Some(name) => Auth::Header { name: name.clone(), env },
            None => Auth::Bearer { env },
        };
    }
    let schemes = api.components.as_ref().map(|c| &c.security_schemes);
    for scheme in schemes.into_iter().flat_map(|s| s.values()) {
        if let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
            location: openapiv3::APIKeyLocation::Header,
            name,
            ..
        }) = scheme
            && crate::config::is_header_name(name)
        {
            return Auth::Header { name: name.clone(), env: default_env };
        }
    }
    if let Some(name) = api_key_header_parameter(api) {
        return Auth::Header { name, env: default_env };
    }
    Auth::Bearer { env: default_env }
}

/// Specs without security schemes often pass the key as a header parameter on every operation
/// (ElevenLabs: `xi-api-key`). A header parameter named like an API key that at least half of
/// the operations declare is taken as the auth header.
fn api_key_header_parameter(api: &OpenAPI) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut operations = 0;
    for (_, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, op) in item.iter() {
            operations += 1;
            let mut seen = BTreeSet::new();
            for p in op.parameters.iter().chain(&item.parameters) {
                if let ReferenceOr::Item(Parameter::Header { parameter_data, .. }) = p {
                    let name = parameter_data.name.to_ascii_lowercase();
                    let squashed: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
                    if squashed.contains("apikey") && crate::config::is_header_name(&name) && seen.insert(name.clone())
                    {
                        *counts.entry(name).or_default() += 1;
                    }
                }
            }
        }
    }
    counts.into_iter().filter(|(_, n)| *n * 2 >= operations && *n > 0).max_by_key(|(_, n)| *n).map(|(name, _)| name)
}

/// Type names that would shadow the prelude or the derives inside the generated modules.
const RESERVED_TYPE_NAMES: [&str; 20] = [
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "Clone", "Copy", "Send",
    "Sync", "Sized", "From", "Into", "Iterator", "Nullable", "Value",
];

struct Builder<'a> {
    api: &'a OpenAPI,
    origins: &'a Origins,
    /// Component schema name → final type name, for the schemas that become types.
    component_names: BTreeMap<String, String>,
    /// Final type name → definition.
    types: BTreeMap<String, TypeDef>,
    /// Component schemas whose type is still to be built.
    pending: Vec<String>,
    /// Names handed out.
    names: Namespace,
    /// Components being resolved as aliases, to find `$ref` cycles.
    alias_stack: Vec<String>,
    /// Component schemas sent as `multipart/form-data` bodies.
    form_schemas: BTreeSet<String>,
    /// The next type defined is a multipart form.
    form_next: bool,
    /// Binary strings are files here (the fields of a form, and their list items).
    files_allowed: bool,
    /// Inline schemas already made into types: pointer → type name.
    inline_types: BTreeMap<String, String>,
    /// How many inline types are being defined inside each other.
    depth: usize,
}

/// Deeper nesting of inline types than this is refused (real specs nest a handful).
const MAX_DEPTH: usize = 64;

fn schemas(api: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Schema>>> {
    api.components.as_ref().map(|c| &c.schemas)
}

impl<'a> Builder<'a> {
    fn new(api: &'a OpenAPI, origins: &'a Origins) -> Self {
        Builder {
            api,
            origins,
            component_names: BTreeMap::new(),
            types: BTreeMap::new(),
            pending: Vec::new(),
            names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            alias_stack: Vec::new(),
            form_schemas: BTreeSet::new(),
            form_next: false,
            files_allowed: false,
            inline_types: BTreeMap::new(),
            depth: 0,
        }
    }

    fn error(&self, pointer: &Pointer, message: impl Into<String>) -> Error {
        self.origins.error(pointer.as_str(), message)
    }

    /// The component schema a `$ref` names, with its pointer; `None` when it is missing or
    /// not a schema reference.
    fn component(&self, reference: &str) -> Option<(&'a Schema, Pointer)> {
        let name = unescape_pointer_segment(reference.strip_prefix("#/components/schemas/")?);
        match schemas(self.api)?.get(&name)? {
            ReferenceOr::Item(schema) => Some((schema, Pointer::root().join("components").join("schemas").join(name))),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// A schema, following one `$ref`.
    fn resolve<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => self.component(reference).map(|(s, _)| s),
        }
    }

    /// Decides the final name of every component schema that becomes a type.
    ///
    /// Two rules make machine-made names readable:
    /// 1. a FastAPI request body `Body_{function}_{route}_{method}` is named `{Function}Request`;
    /// 2. a schema whose name extends a renamed schema's name (`BodyCreate…PostPermissions`,
    ///    the docs pages' hoisted inline schemas) takes the new name as its prefix.
    ///
    /// Fern's `…OneOf{N}Items` suffix (the items of a union's array arm) reads as `…Item`.
    fn name_components(&mut self) -> Result<()> {
        let Some(all) = schemas(self.api) else {
            return Ok(());
        };
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.api.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                let Some((target, form)) = op.request_body.as_ref().and_then(|b| self.body_schema_ref(b)) else {
                    continue;
                };
                if form {
                    self.form_schemas.insert(target.clone());
                }
                if let Some(function) = naming::fastapi_body_function(&target, path, method) {
                    let name = format!("{}Request", naming::type_name(function));
                    renamed.insert(target, name);
                }
            }
        }
        let prefixes: Vec<(String, String)> =
            renamed.iter().map(|(old, new)| (naming::type_name(old), new.clone())).collect();
        let mut candidates: Vec<(String, String)> = Vec::new();
        for (name, schema) in all {
            if self.is_alias(name, schema) {
                continue;
            }
            let base = match renamed.get(name) {
                Some(new) => new.clone(),
                None => {
                    let cased = naming::type_name(name);
                    let derived = prefixes
                        .iter()
                        .filter(|(old, _)| cased.len() > old.len() && cased.starts_with(old.as_str()))
                        .max_by_key(|(old, _)| old.len());
                    match derived {
                        Some((old, new)) => format!("{new}{}", &cased[old.len()..]),
                        None => cased,
                    }
                }
            };
            candidates.push((name.clone(), tidy_suffix(&base)));
        }
        candidates.sort();
        for (original, name) in candidates {
            let name = self.names.claim(&name);
            self.component_names.insert(original, name);
        }
        Ok(())
    }

    /// The component schema a body refers to, and whether it is sent as a multipart form
    /// (the same choice `operation` makes: JSON when offered, else multipart).
    fn body_schema_ref(&self, body: &ReferenceOr<RequestBody>) -> Option<(String, bool)> {
        let body = self.resolve_body(body)?;
        let (media, form) = match body.content.iter().find(|(ct, _)| is_json(ct)) {
            Some((_, media)) => (media, false),
            None => (body.content.iter().find(|(ct, _)| essence(ct) == "multipart/form-data")?.1, true),
        };
        match media.schema.as_ref()? {
            ReferenceOr::Reference { reference } => {
                reference.strip_prefix("#/components/schemas/").map(|name| (unescape_pointer_segment(name), form))
            }
            ReferenceOr::Item(_) => None,
        }
    }

    fn resolve_body<'b>(&'b self, body: &'b ReferenceOr<RequestBody>) -> Option<&'b RequestBody> {
        match body {
            ReferenceOr::Item(b) => Some(b),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match self.api.components.as_ref()?.request_bodies.get(name)? {
                    ReferenceOr::Item(b) => Some(b),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// A component that needs no type of its own: references to it use its Rust type directly
    /// (arrays, maps, primitives without an enum, a lone `allOf` reference).
    fn is_alias(&self, _name: &str, schema: &ReferenceOr<Schema>) -> bool {
        match schema {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(s) => !needs_type(s),
        }
    }

    /// The Rust type of a schema at `pointer`; inline objects, enums and unions become named
    /// types called `context`.
    fn ty(&mut self, schema: &ReferenceOr<Schema>, context: &str, pointer: &Pointer) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline(schema, context, pointer),
        }
    }

    fn ty_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, context: &str, pointer: &Pointer) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.inline(schema, context, pointer),
        }
    }

    fn reference(&mut self, reference: &str, pointer: &Pointer) -> Result<Ty> {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            let what =
                if reference.starts_with('#') { "a part of the document other than a schema" } else { "another file" };
            return Err(self
                .error(&pointer.join("$ref"), format!("`$ref: {reference}` points to {what}, which is not supported"))
                .with_hint("refer to schemas under `#/components/schemas/` in the same document"));
        };
        let name = unescape_pointer_segment(name);
        let Some(target) = schemas(self.api).and_then(|s| s.get(&name)) else {
            return Err(self
                .error(&pointer.join("$ref"), format!("`$ref` points to a missing schema `{reference}`"))
                .with_hint(format!("define `{name}` under `components/schemas`, or fix the reference")));
        };
        if let Some(type_name) = self.component_names.get(&name).cloned() {
            if !self.types.contains_key(&type_name) && !self.pending.contains(&name) {
                self.pending.push(name.clone());
            }
            return Ok(Ty::Named(type_name));
        }
        // An alias: use the target's own type.
        if self.alias_stack.contains(&name) {
            let mut cycle = self.alias_stack.clone();
            cycle.push(name.clone());
            return Err(self.error(
                &Pointer::root().join("components").join("schemas").join(&name),
                format!("a `$ref` cycle with no object in it: {}", cycle.join(" → ")),
            ));
        }
        self.alias_stack.push(name.clone());
        let target_pointer = Pointer::root().join("components").join("schemas").join(&name);
        let context = naming::type_name(&name);
        let result = self.ty(target, &context, &target_pointer);
        self.alias_stack.pop();
        result
    }

    fn inline(&mut self, schema: &Schema, context: &str, pointer: &Pointer) -> Result<Ty> {
        if needs_type(schema) {
            // One schema, one type: a place in the spec reached again (the properties of a
            // component merged into several `allOf`s, or into itself) reuses its type. This
            // also ends the recursion of an `allOf` that contains its own container.
            if let Some(name) = self.inline_types.get(pointer.as_str()) {
                return Ok(Ty::Named(name.clone()));
            }
            if self.depth >= MAX_DEPTH {
                return Err(self.error(pointer, format!("schemas nest more than {MAX_DEPTH} levels deep here")));
            }
            let name = self.names.claim(context);
            self.inline_types.insert(pointer.to_string(), name.clone());
            self.depth += 1;
            let defined = self.define(&name, schema, pointer);
            self.depth -= 1;
            defined?;
            return Ok(Ty::Named(name));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) if self.files_allowed && is_binary(schema) => Ok(Ty::File),
            SchemaKind::Type(Type::String(_)) => Ok(Ty::String),
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(Ty::F64),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Ty::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.ty_boxed(items, &format!("{context}Item"), &pointer.join("items"))?,
                    None => Ty::Json,
                };
                Ok(Ty::List(Box::new(self.nullable_item(item, a.items.as_ref()))))
            }
            SchemaKind::Type(Type::Object(o)) => self.additional(o.additional_properties.as_ref(), context, pointer),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.ty(&all_of[0], context, &pointer.join("allOf").join(0))
            }
            SchemaKind::Any(any) if lone_all_of(any).is_some() => {
                let Some(only) = lone_all_of(any) else { return Ok(Ty::Json) };
                self.ty(only, context, &pointer.join("allOf").join(0))
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() => {
                self.additional(any.additional_properties.as_ref(), context, pointer)
            }
            _ => Ok(Ty::Json),
        }
    }

    /// Builds the named type `name` for a schema that `needs_type`.
    fn define(&mut self, name: &str, schema: &Schema, pointer: &Pointer) -> Result<()> {
        let form = std::mem::take(&mut self.form_next);
        let saved = std::mem::replace(&mut self.files_allowed, form);
        let result = self.define_kind(name, schema, pointer);
        self.files_allowed = saved;
        let kind = match result? {
            TypeKind::Struct(fields) if form => TypeKind::Form(fields),
            kind => kind,
        };
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                doc: doc_of(schema),
                origin: pointer.to_string(),
                deprecated: schema.schema_data.deprecated,
                kind,
                same_as: None,
            },
        );
        Ok(())
    }

    fn define_kind(&mut self, name: &str, schema: &Schema, pointer: &Pointer) -> Result<TypeKind> {
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => TypeKind::Enum(string_enum(&s.enumeration)),
            SchemaKind::Type(Type::Integer(i)) => {
                TypeKind::IntEnum(int_enum(&i.enumeration, &schema.schema_data.extensions))
            }
            SchemaKind::Type(Type::Object(o)) => {
                TypeKind::Struct(self.fields(name, &o.properties, &o.required, pointer)?)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                TypeKind::Struct(self.fields(name, &any.properties, &any.required, pointer)?)
            }
            SchemaKind::OneOf { one_of: members } => {
                self.union(name, members, schema.schema_data.discriminator.as_ref(), &pointer.join("oneOf"))?
            }
            SchemaKind::AnyOf { any_of: members } => {
                self.union(name, members, schema.schema_data.discriminator.as_ref(), &pointer.join("anyOf"))?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.union(name, &any.one_of, schema.schema_data.discriminator.as_ref(), &pointer.join("oneOf"))?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.union(name, &any.any_of, schema.schema_data.discriminator.as_ref(), &pointer.join("anyOf"))?
            }
            SchemaKind::AllOf { all_of } | SchemaKind::Any(AnySchema { all_of, .. }) if all_of.len() > 1 => {
                let mut fields = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part_pointer = pointer.join("allOf").join(i);
                    let (props, required, at) = self.object_parts(part, &part_pointer)?;
                    for field in self.fields(name, &props, &required, &at)? {
                        if !fields.iter().any(|f: &Field| f.wire == field.wire) {
                            fields.push(field);
                        }
                    }
                }
                dedupe_field_names(&mut fields);
                TypeKind::Struct(fields)
            }
            _ => return Err(self.error(pointer, "this schema does not describe a type")),
        };
        Ok(kind)
    }

    fn nullable_item(&self, item: Ty, schema: Option<&ReferenceOr<Box<Schema>>>) -> Ty {
        match schema {
            Some(ReferenceOr::Item(s)) if s.schema_data.nullable => Ty::Option(Box::new(item)),
            _ => item,
        }
    }

    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        context: &str,
        pointer: &Pointer,
    ) -> Result<Ty> {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.ty(schema, &format!("{context}Value"), &pointer.join("additionalProperties"))?;
                Ok(Ty::Map(Box::new(value)))
            }
            _ => Ok(Ty::Map(Box::new(Ty::Json))),
        }
    }

    /// The properties of one `allOf` part (inline or referenced).
    #[allow(clippy::type_complexity)]
    fn object_parts(
        &self,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<(IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<String>, Pointer)> {
        self.object_parts_within(part, pointer, &mut Vec::new())
    }

    /// `within`: the components being merged, to refuse an `allOf` that contains itself.
    #[allow(clippy::type_complexity)]
    fn object_parts_within(
        &self,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
        within: &mut Vec<String>,
    ) -> Result<(IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<String>, Pointer)> {
        let (schema, at) = match part {
            ReferenceOr::Item(s) => (s, pointer.clone()),
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some(found) => found,
                None => {
                    return Err(
                        self.error(&pointer.join("$ref"), format!("`$ref` points to a missing schema `{reference}`"))
                    );
                }
            },
        };
        if within.iter().any(|p| p == at.as_str()) {
            return Err(self.error(&at, "an `allOf` that includes itself describes no finite object"));
        }
        let (own, all_of): (Option<(&IndexMap<_, _>, &Vec<String>)>, &[ReferenceOr<Schema>]) = match &schema.schema_kind
        {
            SchemaKind::Type(Type::Object(o)) => (Some((&o.properties, &o.required)), &[]),
            SchemaKind::Any(a) => (Some((&a.properties, &a.required)), &a.all_of),
            SchemaKind::AllOf { all_of } => (None, all_of),
            _ => return Err(self.error(&at, "an `allOf` part that is not an object is not supported")),
        };
        let mut props = IndexMap::new();
        let mut all_required = Vec::new();
        within.push(at.to_string());
        for (i, inner) in all_of.iter().enumerate() {
            let (p, r, _) = self.object_parts_within(inner, &at.join("allOf").join(i), within)?;
            props.extend(p);
            all_required.extend(r);
        }
        within.pop();
        if let Some((properties, required)) = own {
            props.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
            all_required.extend(required.iter().cloned());
        }
        Ok((props, all_required, at))
    }

    fn fields(
        &mut self,
        owner: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let at = pointer.join("properties").join(wire);
            let context = format!("{owner}{}", naming::type_name(wire));
            let ty = self.ty_boxed(schema, &context, &at)?;
            let nullable = self.nullable_of(schema);
            let (doc, deprecated) = match schema {
                ReferenceOr::Item(s) => (field_doc(s), s.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (None, false),
            };
            fields.push(Field {
                name: naming::field_name(wire),
                wire: wire.clone(),
                ty,
                required: required.contains(wire),
                nullable,
                doc,
                deprecated,
            });
        }
        dedupe_field_names(&mut fields);
        Ok(fields)
    }

    fn has_required_properties(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.object_parts(schema, &Pointer::root()).is_ok_and(|(_, required, _)| !required.is_empty())
    }

    /// Whether a property schema admits `null`: its own `nullable`, or that of the schema it
    /// refers to (directly or as a lone `allOf` member).
    fn nullable_of(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        match schema {
            ReferenceOr::Reference { reference } => self.target_nullable(reference),
            ReferenceOr::Item(s) => {
                s.schema_data.nullable
                    || match &s.schema_kind {
                        SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.member_nullable(&all_of[0]),
                        SchemaKind::Any(any) => lone_all_of(any).is_some_and(|only| self.member_nullable(only)),
                        _ => false,
                    }
            }
        }
    }

    fn member_nullable(&self, member: &ReferenceOr<Schema>) -> bool {
        self.resolve(member).is_some_and(|s| s.schema_data.nullable)
    }

    fn target_nullable(&self, reference: &str) -> bool {
        self.component(reference).is_some_and(|(s, _)| s.schema_data.nullable)
    }

    fn union(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &Pointer,
    ) -> Result<TypeKind> {
        let tagging = self.tagging(members, discriminator);
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join(i);
            if let Some(literal) = self.literal_of(member) {
                let variant = variant_names.claim(&naming::variant_name(&literal));
                variants.push(UnionVariant { name: variant, kind: VariantKind::Literal(literal), tags: Vec::new() });
                continue;
            }
            let ty = self.ty(member, &format!("{name}{i}"), &at)?;
            let tags = tagging.as_ref().map(|(_, tags)| tags[i].clone()).unwrap_or_default();
            let base = match (&ty, tags.first()) {
                (_, Some(tag)) => naming::variant_name(tag),
                (Ty::Named(n), None) => n.clone(),
                (Ty::List(_), None) => "List".to_owned(),
                (Ty::Map(_), None) => "Map".to_owned(),
                (Ty::String, None) => "String".to_owned(),
                (Ty::I64 | Ty::I32, None) => "Integer".to_owned(),
                (Ty::F64, None) => "Number".to_owned(),
                (Ty::Bool, None) => "Boolean".to_owned(),
                (Ty::Json | Ty::Option(_) | Ty::Boxed(_), None) => "Value".to_owned(),
                (Ty::File, None) => "File".to_owned(),
            };
            let variant = variant_names.claim(&base);
            // The JSON kind is settled once every type is known (see `flush`).
            variants.push(UnionVariant { name: variant, kind: VariantKind::Value(ty, JsonKind::Any), tags });
        }
        let discriminator = tagging.map(|(property, _)| property);
        let fallback = discriminator.as_ref().map(|_| {
            ["Unknown", "Other", "Unrecognized"]
                .into_iter()
                .find(|n| !variant_names.contains(n))
                .map(str::to_owned)
                .unwrap_or_else(|| variant_names.claim("Unknown"))
        });
        Ok(TypeKind::Union(UnionDef { variants, discriminator, fallback }))
    }

    /// The discriminator property and each member's tags: from `discriminator` (its mapping,
    /// or the schema names), else inferred when every member is an object that fixes one
    /// common property to its own constant. `None`: the union is told apart by shape.
    fn tagging(
        &self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> Option<(String, Vec<Vec<String>>)> {
        if let Some(d) = discriminator {
            let tags: Vec<Vec<String>> = members
                .iter()
                .map(|member| match member {
                    ReferenceOr::Reference { reference } => {
                        let schema_name = reference.rsplit('/').next().unwrap_or(reference);
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| *target == reference || target.as_str() == schema_name)
                            .map(|(tag, _)| tag.clone())
                            .collect();
                        if mapped.is_empty() {
                            self.constant_of(member, &d.property_name).map(|c| vec![c]).unwrap_or_else(|| {
                                if d.mapping.is_empty() {
                                    vec![unescape_pointer_segment(schema_name)]
                                } else {
                                    Vec::new()
                                }
                            })
                        } else {
                            mapped
                        }
                    }
                    ReferenceOr::Item(_) => self.constant_of(member, &d.property_name).into_iter().collect(),
                })
                .collect();
            if tags.iter().all(|t| !t.is_empty()) {
                return Some((d.property_name.clone(), tags));
            }
        }
        // Inference: a property every member fixes to a distinct constant.
        let first = self.object_properties(members.first()?)?;
        for property in first.keys() {
            let constants: Option<Vec<String>> = members.iter().map(|m| self.constant_of(m, property)).collect();
            if let Some(constants) = constants {
                let distinct: BTreeSet<&String> = constants.iter().collect();
                if distinct.len() == constants.len() && members.len() > 1 {
                    return Some((property.clone(), constants.into_iter().map(|c| vec![c]).collect()));
                }
            }
        }
        None
    }

    /// The properties of an object member (following a `$ref`), if it is an object.
    fn object_properties(&self, member: &ReferenceOr<Schema>) -> Option<IndexMap<String, ReferenceOr<Box<Schema>>>> {
        let (props, _, _) = self.object_parts(member, &Pointer::root()).ok()?;
        (!props.is_empty()).then_some(props)
    }

    /// The one string value a member's `property` is fixed to (`const`, or a one-value enum).
    fn constant_of(&self, member: &ReferenceOr<Schema>, property: &str) -> Option<String> {
        let props = self.object_properties(member)?;
        let schema: &Schema = match props.get(property)? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.component(reference)?.0,
        };
        let schema = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.resolve(&all_of[0])?,
            _ => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A member that admits exactly one string: `{type: string, enum: [all]}`.
    fn literal_of(&self, member: &ReferenceOr<Schema>) -> Option<String> {
        let ReferenceOr::Item(schema) = member else {
            return None;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Builds every component type reached so far, then settles what needs the whole set.
    fn flush(&mut self) -> Result<()> {
        // Component types nothing refers to are still part of the API.
        self.pending.extend(self.component_names.keys().cloned());
        while let Some(name) = self.pending.pop() {
            let type_name = self.component_names[&name].clone();
            if self.types.contains_key(&type_name) {
                continue;
            }
            let Some(ReferenceOr::Item(schema)) = schemas(self.api).and_then(|s| s.get(&name)) else {
                continue;
            };
            let pointer = Pointer::root().join("components").join("schemas").join(&name);
            self.form_next = self.form_schemas.contains(&name);
            self.define(&type_name, schema, &pointer)?;
        }
        self.resolve_union_kinds();
        box_cycles(&mut self.types);
        Ok(())
    }

    /// Path, query and header parameters are sent as text: a named type there must be a
    /// string enum. Operations with any other named type are skipped, with the reason.
    fn check_scalar_parameters(&self, methods: Vec<(Vec<String>, Method)>) -> (Vec<(Vec<String>, Method)>, Vec<Error>) {
        let is_enum = |ty: &Ty| {
            let inner = match ty {
                Ty::List(inner) => inner.as_ref(),
                other => other,
            };
            match inner {
                Ty::Named(name) => self.types.get(name).is_some_and(|d| d.kind.is_textual()),
                _ => true,
            }
        };
        let mut kept = Vec::new();
        let mut skipped = Vec::new();
        for (group, method) in methods {
            let bad = method
                .path_params
                .iter()
                .map(|p| (&p.wire, &p.ty, &p.pointer))
                .chain(
                    method
                        .params
                        .iter()
                        .flat_map(|p| p.fields.iter().map(|f| (&f.field.wire, &f.field.ty, &f.pointer))),
                )
                .find(|(_, ty, _)| !is_enum(ty));
            match bad {
                Some((wire, _, pointer)) => skipped.push(self.origins.error(
                    pointer,
                    format!("parameter `{wire}` has an object or union type, which cannot be sent as text; operation skipped"),
                )),
                None => kept.push((group, method)),
            }
        }
        (kept, skipped)
    }

    fn resolve_union_kinds(&mut self) {
        let mut kinds: BTreeMap<String, JsonKind> = BTreeMap::new();
        for (name, def) in &self.types {
            let kind = match &def.kind {
                TypeKind::Struct(_) | TypeKind::Form(_) => JsonKind::Object,
                TypeKind::Enum(_) => JsonKind::String,
                TypeKind::IntEnum(_) => JsonKind::Number,
                TypeKind::Union(_) => JsonKind::Any,
                TypeKind::Params(_) => JsonKind::Object,
            };
            kinds.insert(name.clone(), kind);
        }
        for def in self.types.values_mut() {
            if let TypeKind::Union(u) = &mut def.kind {
                for variant in &mut u.variants {
                    if let VariantKind::Value(ty, kind) = &mut variant.kind {
                        *kind = ty.json_kind(&kinds);
                    }
                }
            }
        }
    }

    /// One operation; `Ok(Err(_))` when it is skipped (reported, generation goes on).
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &Operation,
        shared_params: &[ReferenceOr<Parameter>],
        auth: &Auth,
        pointer: &Pointer,
    ) -> Result<std::result::Result<(Vec<String>, Method), Error>> {
        let group = group_of(op);
        // Name candidates, best first; a collision moves the colliding methods down their lists.
        let fern_name = op.extensions.get("x-fern-sdk-method-name").and_then(serde_json::Value::as_str);
        let mut candidates: Vec<String> = Vec::new();
        for raw in [fern_name, op.operation_id.as_deref(), Some(&format!("{method} {path}"))].into_iter().flatten() {
            let name = naming::method_name(raw);
            if !candidates.contains(&name) {
                candidates.push(name);
            }
        }
        let raw_name =
            fern_name.or(op.operation_id.as_deref()).map_or_else(|| format!("{method} {path}"), str::to_owned);
        let method_name = candidates.remove(0);
        // Inline types of the operation (params, request, response) are named after the group
        // path and the operation: `ItemsListParams`, `ItemsListResponse`.
        let type_base: String =
            group.iter().map(|g| naming::type_name(g)).chain([naming::type_name(&raw_name)]).collect();

        // Parameters: the operation's own, then the path item's unless overridden.
        let mut params: Vec<(Pointer, openapiv3::ParameterData, &'static str)> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            params.push(self.parameter(p, &pointer.join("parameters").join(i))?);
        }
        let item_pointer = {
            let mut p = pointer.clone();
            p.pop();
            p
        };
        for (i, p) in shared_params.iter().enumerate() {
            let (at, data, location) = self.parameter(p, &item_pointer.join("parameters").join(i))?;
            if !params.iter().any(|(_, d, l)| d.name == data.name && *l == location) {
                params.push((at, data, location));
            }
        }

        let mut arg_names = Namespace::with_reserved(["self", "body", "request"]);
        let mut path_params = Vec::new();
        let template = parse_template(path);
        for name in template.iter().filter_map(|p| match p {
            TemplatePiece::Param(name) => Some(name),
            TemplatePiece::Literal(_) | TemplatePiece::Slash => None,
        }) {
            let Some((at, data, _)) = params.iter().find(|(_, d, l)| *l == "path" && &d.name == name) else {
                return Err(self
                    .error(
                        pointer,
                        format!("the path template uses `{{{name}}}`, but no path parameter `{name}` is declared"),
                    )
                    .with_hint(format!("add a parameter `{name}` with `in: path` to the operation or its path item")));
            };
            let ty = match &data.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let context = naming::type_name(&format!("{raw_name} {name}"));
                    self.ty(schema, &context, &at.join("schema"))?
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => Ty::String,
            };
            if !matches!(ty, Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Named(_)) {
                return Ok(Err(
                    self.error(at, "a path parameter that is not a scalar is not supported; operation skipped")
                ));
            }
            path_params.push(Param {
                name: arg_names.claim(&naming::field_name(name)),
                wire: name.clone(),
                ty,
                doc: data.description.as_deref().and_then(docs::sanitize),
                pointer: at.to_string(),
            });
        }
        let mut param_fields = Vec::new();
        let mut field_names = Namespace::default();
        for (at, data, location) in &params {
            let is_auth = *location == "header" && auth.header().is_some_and(|h| h.eq_ignore_ascii_case(&data.name));
            let location = match *location {
                "path" => continue,
                _ if is_auth => continue,
                "query" => Location::Query,
                "header" => Location::Header,
                other => {
                    return Ok(Err(self.error(
                        at,
                        format!(
                            "{other} parameter `{}`: {other} parameters are not supported; operation skipped",
                            data.name
                        ),
                    )));
                }
            };
            let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Ok(Err(self.error(
                    at,
                    format!(
                        "parameter `{}` is described by `content`, which is not supported; operation skipped",
                        data.name
                    ),
                )));
            };
            let context = naming::type_name(&format!("{raw_name} {}", data.name));
            let ty = self.ty(schema, &context, &at.join("schema"))?;
            let scalar = |ty: &Ty| matches!(ty, Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Named(_));
            let supported = match &ty {
                Ty::List(inner) => scalar(inner),
                other => scalar(other),
            };
            if !supported {
                return Ok(Err(self.error(
                    at,
                    format!("parameter `{}` is not a scalar or a list of scalars, which is not supported; operation skipped", data.name),
                )));
            }
            let nullable = match schema {
                ReferenceOr::Item(s) => s.schema_data.nullable,
                ReferenceOr::Reference { reference } => self.target_nullable(reference),
            };
            param_fields.push(ParamField {
                field: Field {
                    name: field_names.claim(&naming::field_name(&data.name)),
                    wire: data.name.clone(),
                    ty,
                    required: data.required,
                    // A parameter is left out or sent; a nullable one is simply optional.
                    nullable: nullable && !data.required,
                    doc: data.description.as_deref().and_then(docs::sanitize),
                    deprecated: data.deprecated == Some(true),
                },
                location,
                explode: data.explode.unwrap_or(true),
                pointer: at.to_string(),
            });
        }
        let params_struct = if param_fields.is_empty() {
            None
        } else {
            let type_name = self.names.claim(&format!("{type_base}Params"));
            for f in &mut param_fields {
                // Optional parameters are `Option<T>`: absent or sent.
                f.field.nullable = false;
            }
            let all_optional = param_fields.iter().all(|f| !f.field.required);
            self.types.insert(
                type_name.clone(),
                TypeDef {
                    name: type_name.clone(),
                    doc: Some(format!("Query and header parameters of `{}`.", method_display(&group, &method_name))),
                    origin: pointer.join("parameters").to_string(),
                    deprecated: false,
                    kind: TypeKind::Params(param_fields.clone()),
                    same_as: None,
                },
            );
            Some(Params { type_name, fields: param_fields, all_optional })
        };

        let segments = segments_of(&template, &path_params);

        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let at = pointer.join("requestBody");
                let Some(resolved) = self.resolve_body(body) else {
                    return Err(self.error(&at, "the request body `$ref` points to nothing"));
                };
                let resolved = resolved.clone();
                let json = resolved.content.iter().find(|(ct, _)| is_json(ct));
                let form = resolved.content.iter().find(|(ct, _)| essence(ct) == "multipart/form-data");
                let (encoding, ct, media) = match (json, form) {
                    (Some((ct, media)), _) => (BodyEncoding::Json, ct, media),
                    (None, Some((ct, media))) => (BodyEncoding::Multipart, ct, media),
                    (None, None) => {
                        let types: Vec<&str> = resolved.content.keys().map(String::as_str).collect();
                        return Ok(Err(self.error(
                            &at,
                            format!("request body of type {} is not supported; operation skipped", types.join(", ")),
                        )));
                    }
                };
                let context = format!("{type_base}Request");
                let schema_at = at.join("content").join(ct).join("schema");
                let ty = match (&media.schema, encoding) {
                    (Some(schema), BodyEncoding::Json) => self.ty(schema, &context, &schema_at)?,
                    (Some(schema), BodyEncoding::Multipart) => {
                        self.form_next = true;
                        let ty = self.ty(schema, &context, &schema_at)?;
                        self.form_next = false;
                        ty
                    }
                    (None, _) => Ty::Json,
                };
                if encoding == BodyEncoding::Multipart && !matches!(&ty, Ty::Named(_)) {
                    return Ok(Err(
                        self.error(&schema_at, "a multipart body must be an object with properties; operation skipped")
                    ));
                }
                // A body whose schema has required properties cannot be left out, whatever
                // `requestBody.required` says (docs pages omit it).
                let required = resolved.required
                    || media.schema.as_ref().is_some_and(|schema| self.has_required_properties(schema));
                Some(Body { ty, required, encoding, doc: resolved.description.as_deref().and_then(docs::sanitize) })
            }
        };

        let response = match self.success_response(op, &type_base, pointer)? {
            Ok(r) => r,
            Err(skip) => return Ok(Err(skip)),
        };
        let errors = self.error_responses(op, &type_base, pointer)?;

        let doc = method_doc(op);
        Ok(Ok((
            group,
            Method {
                name: method_name,
                doc,
                deprecated: op.deprecated,
                http_method: method.to_ascii_uppercase(),
                path_template: path.to_owned(),
                segments,
                path_params,
                body,
                params: params_struct,
                response,
                pointer: pointer.to_string(),
                alternatives: candidates,
                errors,
            },
        )))
    }

    fn parameter(
        &self,
        p: &ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Result<(Pointer, openapiv3::ParameterData, &'static str)> {
        let (param, at) = match p {
            ReferenceOr::Item(param) => (param, pointer.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/").map(unescape_pointer_segment);
                let found = name.as_ref().and_then(|n| self.api.components.as_ref()?.parameters.get(n));
                match (found, name) {
                    (Some(ReferenceOr::Item(param)), Some(n)) => {
                        (param, Pointer::root().join("components").join("parameters").join(n))
                    }
                    _ => {
                        return Err(self.error(
                            &pointer.join("$ref"),
                            format!("`$ref` points to a missing parameter `{reference}`"),
                        ));
                    }
                }
            }
        };
        let location = match param {
            Parameter::Path { .. } => "path",
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Cookie { .. } => "cookie",
        };
        Ok((at, param.parameter_data_ref().clone(), location))
    }

    /// The error responses with a JSON schema: specific codes first, then ranges, then `default`.
    fn error_responses(
        &mut self,
        op: &Operation,
        type_base: &str,
        pointer: &Pointer,
    ) -> Result<Vec<(ErrorStatus, Ty)>> {
        let mut out = Vec::new();
        let listed = op.responses.responses.iter().filter_map(|(code, r)| {
            let status = match code {
                StatusCode::Code(c) if !(200..300).contains(c) => ErrorStatus::Code(*c),
                StatusCode::Range(r) if *r != 2 => ErrorStatus::Range(*r),
                _ => return None,
            };
            Some((status, code.to_string(), r))
        });
        let default = op.responses.default.as_ref().map(|r| (ErrorStatus::Default, "default".to_owned(), r));
        for (status, key, response) in listed.chain(default) {
            let at = pointer.join("responses").join(&key);
            let response = self.resolve_response(response, &at)?;
            let Some((ct, media)) = response.content.iter().find(|(ct, _)| is_json(ct)) else { continue };
            let Some(schema) = &media.schema else { continue };
            let context = format!("{type_base}Error{}", naming::type_name(&key));
            let ty = self.ty(schema, &context, &at.join("content").join(ct).join("schema"))?;
            out.push((status, ty));
        }
        out.sort_by_key(|(status, _)| *status);
        Ok(out)
    }

    /// A response, following a `$ref` into `#/components/responses`.
    fn resolve_response(&self, response: &ReferenceOr<Response>, at: &Pointer) -> Result<Response> {
        match response {
            ReferenceOr::Item(r) => Ok(r.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/").map(unescape_pointer_segment);
                match name.and_then(|n| self.api.components.as_ref()?.responses.get(&n).cloned()) {
                    Some(ReferenceOr::Item(r)) => Ok(r),
                    _ => {
                        Err(self.error(&at.join("$ref"), format!("`$ref` points to a missing response `{reference}`")))
                    }
                }
            }
        }
    }

    fn success_response(
        &mut self,
        op: &Operation,
        type_base: &str,
        pointer: &Pointer,
    ) -> Result<std::result::Result<ResponseKind, Error>> {
        let success = op.responses.responses.iter().find(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        });
        let Some((code, response)) = success else {
            return Ok(Ok(ResponseKind::Empty));
        };
        let at = pointer.join("responses").join(code.to_string());
        let response = self.resolve_response(response, &at)?;
        let streaming = is_streaming(op);
        if response.content.is_empty() {
            // Fern marks some streams with no declared content: their bytes are still the answer.
            return Ok(Ok(if streaming { ResponseKind::Bytes } else { ResponseKind::Empty }));
        }
        let context = format!("{type_base}Response");
        if let Some((ct, media)) = response.content.iter().find(|(ct, _)| is_json(ct)) {
            let ty = match &media.schema {
                Some(schema) => self.ty(schema, &context, &at.join("content").join(ct).join("schema"))?,
                None => Ty::Json,
            };
            return Ok(Ok(if streaming { ResponseKind::JsonStream(ty) } else { ResponseKind::Json(ty) }));
        }
        if let Some((ct, media)) = response.content.iter().find(|(ct, _)| essence(ct) == "text/event-stream") {
            // Docs pages label every Fern stream `text/event-stream`: binary audio
            // (`format: binary`), JSON chunks (an object schema), or real events (a string).
            return Ok(Ok(match &media.schema {
                Some(ReferenceOr::Item(schema)) if is_binary(schema) => ResponseKind::Bytes,
                Some(schema @ ReferenceOr::Reference { .. }) => {
                    let ty = self.ty(schema, &context, &at.join("content").join(ct).join("schema"))?;
                    ResponseKind::JsonStream(ty)
                }
                Some(ReferenceOr::Item(schema)) if needs_type(schema) => {
                    let ty = self.inline(schema, &context, &at.join("content").join(ct).join("schema"))?;
                    ResponseKind::JsonStream(ty)
                }
                _ => ResponseKind::Events,
            }));
        }
        // Audio, video, archives, CSV, HTML, plain text, multipart/mixed: the bytes as they come.
        Ok(Ok(ResponseKind::Bytes))
    }
}

fn is_streaming(op: &Operation) -> bool {
    match op.extensions.get("x-fern-streaming") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Object(_)) => true,
        _ => false,
    }
}

fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
    )
}

fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether a schema becomes a named type of its own (objects with properties, string enums,
/// unions, multi-part `allOf`); everything else maps to a Rust type expression.
fn needs_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().flatten().next().is_some(),
        SchemaKind::Type(Type::Number(_) | Type::Boolean(_) | Type::Array(_)) => false,
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Not { .. } => false,
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty() || any.all_of.len() > 1
        }
    }
}

/// `allOf: [X]` with nothing but annotations beside it (a `$ref` with siblings, after
/// normalizing): the schema is X. An `enum` beside it only narrows X, so X is still right.
fn lone_all_of(any: &AnySchema) -> Option<&ReferenceOr<Schema>> {
    match any.all_of.as_slice() {
        [only] if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => Some(only),
        _ => None,
    }
}

/// Constant names: `x-enum-varnames` when the spec gives them, else `V{value}`.
fn int_enum(values: &[Option<i64>], extensions: &IndexMap<String, serde_json::Value>) -> Vec<(String, i64)> {
    let given: Vec<&str> = extensions
        .get("x-enum-varnames")
        .and_then(serde_json::Value::as_array)
        .map(|names| names.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default();
    let mut names = Namespace::default();
    let mut out: Vec<(String, i64)> = Vec::new();
    for (i, value) in values.iter().flatten().enumerate() {
        if out.iter().any(|(_, v)| v == value) {
            continue;
        }
        let base = match given.get(i) {
            Some(name) => naming::const_name(name),
            None if *value < 0 => format!("MINUS_{}", value.unsigned_abs()),
            None => format!("V{value}"),
        };
        out.push((names.claim(&base), *value));
    }
    out
}

fn string_enum(values: &[Option<String>]) -> StringEnum {
    let mut names = Namespace::default();
    let mut variants: Vec<(String, String)> = Vec::new();
    for value in values.iter().flatten() {
        if variants.iter().any(|(_, v)| v == value) {
            continue;
        }
        variants.push((names.claim(&naming::variant_name(value)), value.clone()));
    }
    let fallback = ["Unknown", "Other", "Unrecognized"]
        .into_iter()
        .find(|n| !names.contains(n))
        .map(str::to_owned)
        .unwrap_or_else(|| names.claim("Unknown"));
    StringEnum { variants, fallback }
}

/// Types that contain themselves by value (directly or through others) would have infinite
/// size: every edge that closes such a cycle is boxed. Vectors and maps already add the
/// indirection, so only by-value edges count.
fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    fn by_value(ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Named(name) => Some(name),
            Ty::Option(inner) => by_value(inner),
            _ => None,
        }
    }
    fn slots(def: &TypeDef) -> Vec<(usize, &str)> {
        match &def.kind {
            TypeKind::Struct(fields) | TypeKind::Form(fields) => {
                fields.iter().enumerate().filter_map(|(i, f)| Some((i, by_value(&f.ty)?))).collect()
            }
            TypeKind::Union(u) => u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match &v.kind {
                    VariantKind::Value(ty, _) => Some((i, by_value(ty)?)),
                    VariantKind::Literal(_) => None,
                })
                .collect(),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Params(_) => Vec::new(),
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        name: &'a str,
        types: &'a BTreeMap<String, TypeDef>,
        marks: &mut BTreeMap<&'a str, Mark>,
        to_box: &mut BTreeSet<(String, usize)>,
    ) {
        marks.insert(name, Mark::Open);
        if let Some(def) = types.get(name) {
            for (slot, target) in slots(def) {
                match marks.get(target) {
                    Some(Mark::Open) => {
                        to_box.insert((name.to_owned(), slot));
                    }
                    Some(Mark::Done) => {}
                    None => visit(target, types, marks, to_box),
                }
            }
        }
        marks.insert(name, Mark::Done);
    }
    let mut to_box = BTreeSet::new();
    {
        let mut marks = BTreeMap::new();
        for name in types.keys() {
            if !marks.contains_key(name.as_str()) {
                visit(name, types, &mut marks, &mut to_box);
            }
        }
    }
    for (name, slot) in to_box {
        let Some(def) = types.get_mut(&name) else {
            continue;
        };
        let ty = match &mut def.kind {
            TypeKind::Struct(fields) | TypeKind::Form(fields) => &mut fields[slot].ty,
            TypeKind::Union(u) => match &mut u.variants[slot].kind {
                VariantKind::Value(ty, _) => ty,
                VariantKind::Literal(_) => continue,
            },
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Params(_) => continue,
        };
        *ty = Ty::Boxed(Box::new(std::mem::replace(ty, Ty::Json)));
    }
}

fn method_display(group: &[String], method: &str) -> String {
    let mut path: Vec<String> = group.iter().map(|g| format!("{}()", g.trim_start_matches("r#"))).collect();
    path.push(method.trim_start_matches("r#").to_owned());
    format!("client.{}", path.join("."))
}

/// Rust field names must differ even where wire names only differ in punctuation.
fn dedupe_field_names(fields: &mut [Field]) {
    let mut names = Namespace::default();
    for field in fields {
        field.name = names.claim(&field.name);
    }
}

/// Fern's hoisted names end in `OneOf{N}Items` for the items of a union's array arm.
fn tidy_suffix(name: &str) -> String {
    let Some(at) = name.rfind("OneOf") else {
        return name.to_owned();
    };
    let rest = &name[at + "OneOf".len()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && &rest[digits..] == "Items" { format!("{}Item", &name[..at]) } else { name.to_owned() }
}

fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// A property's rustdoc: its description, and the default the server applies when the field
/// is left out.
fn field_doc(schema: &Schema) -> Option<String> {
    let description = schema.schema_data.description.as_deref().and_then(docs::sanitize);
    let default = schema.schema_data.default.as_ref().filter(|d| !d.is_null()).map(|d| {
        let text = d.to_string();
        let text = if text.len() > 80 { format!("{}…", text.chars().take(80).collect::<String>()) } else { text };
        format!("Default: `{}`", text.replace('`', "'"))
    });
    match (description, default) {
        (Some(d), Some(def)) => Some(format!("{d}\n\n{def}")),
        (d, def) => d.or(def),
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.as_deref().or(data.title.as_deref()).and_then(docs::sanitize)
}

fn method_doc(op: &Operation) -> Option<String> {
    let summary = op.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let description = op.description.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let text = match (summary, description) {
        (Some(s), Some(d)) if d.starts_with(s) => d.to_owned(),
        (Some(s), Some(d)) => format!("{s}\n\n{d}"),
        (Some(s), None) => s.to_owned(),
        (None, Some(d)) => d.to_owned(),
        (None, None) => return None,
    };
    docs::sanitize(&text)
}

/// The SDK group path: `x-fern-sdk-group-name` (a string or a list), else the first tag.
fn group_of(op: &Operation) -> Vec<String> {
    let from_extension = match op.extensions.get(GROUP_EXTENSION) {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let raw = if from_extension.is_empty() { op.tags.iter().take(1).cloned().collect() } else { from_extension };
    raw.iter().map(|s| naming::field_name(s)).filter(|s| !s.is_empty()).collect()
}

enum TemplatePiece {
    Slash,
    Literal(String),
    Param(String),
}

fn parse_template(path: &str) -> Vec<TemplatePiece> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('/') {
            pieces.push(TemplatePiece::Slash);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('{') {
            match after.find('}') {
                Some(end) => {
                    pieces.push(TemplatePiece::Param(after[..end].to_owned()));
                    rest = &after[end + 1..];
                }
                None => {
                    pieces.push(TemplatePiece::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        } else {
            let end = rest.find(['/', '{']).unwrap_or(rest.len());
            pieces.push(TemplatePiece::Literal(rest[..end].to_owned()));
            rest = &rest[end..];
        }
    }
    pieces
}

fn segments_of(template: &[TemplatePiece], params: &[Param]) -> Vec<Vec<Piece>> {
    let mut segments: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut started = false;
    for piece in template {
        match piece {
            TemplatePiece::Slash => {
                if started {
                    segments.push(std::mem::take(&mut current));
                }
                started = true;
            }
            TemplatePiece::Literal(text) => current.push(Piece::Literal(text.clone())),
            TemplatePiece::Param(name) => {
                if let Some(index) = params.iter().position(|p| &p.wire == name) {
                    current.push(Piece::Param(index));
                }
            }
        }
    }
    if started && !current.is_empty() {
        segments.push(current);
    }
    segments
}

/// Arranges methods into the group tree; two operations with one name in one group are an error.
fn group_methods(methods: Vec<(Vec<String>, Method)>, origins: &Origins) -> Result<Vec<Group>> {
    let mut by_path: BTreeMap<Vec<String>, Vec<Method>> = BTreeMap::new();
    by_path.entry(Vec::new()).or_default();
    for (path, method) in methods {
        for depth in 1..path.len() {
            by_path.entry(path[..depth].to_vec()).or_default();
        }
        by_path.entry(path).or_default().push(method);
    }
    let paths: Vec<Vec<String>> = by_path.keys().cloned().collect();
    // `[a_b]` and `[a, b]` would both be `AB`: names are claimed in path order.
    let mut type_names = Namespace::default();
    let names: BTreeMap<Vec<String>, String> = paths
        .iter()
        .map(|p| (p.clone(), if p.is_empty() { String::new() } else { type_names.claim(&group_type_name(p)) }))
        .collect();
    let mut groups = Vec::new();
    for (path, mut methods) in by_path {
        let accessors: BTreeSet<String> = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(&path))
            .map(|p| p[p.len() - 1].clone())
            .collect();
        resolve_method_names(&path, &mut methods, &accessors, origins)?;
        methods.sort_by(|a, b| a.name.cmp(&b.name).then(a.path_template.cmp(&b.path_template)));
        let children: Vec<(String, String)> = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(&path))
            .map(|p| (p[p.len() - 1].clone(), names[p].clone()))
            .collect();
        groups.push(Group { type_name: names[&path].clone(), path, children, methods });
    }
    Ok(groups)
}

/// Makes method names unique within a group, by rule: every method whose name is shared (with
/// another method, or with a sub-group accessor) moves to its next candidate name
/// (`x-fern-sdk-method-name` → `operationId` → method and path), all at once, until no name
/// is shared. Methods that run out of candidates are an error.
fn resolve_method_names(
    group: &[String],
    methods: &mut [Method],
    accessors: &BTreeSet<String>,
    origins: &Origins,
) -> Result<()> {
    loop {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in methods.iter() {
            *counts.entry(m.name.clone()).or_default() += 1;
        }
        let shared = |name: &str| counts.get(name).copied().unwrap_or(0) > 1 || accessors.contains(name);
        if !methods.iter().any(|m| shared(&m.name)) {
            return Ok(());
        }
        let stuck: Vec<&Method> = methods.iter().filter(|m| shared(&m.name) && m.alternatives.is_empty()).collect();
        if let Some(m) = stuck.first() {
            let others: Vec<String> = methods
                .iter()
                .filter(|o| o.name == m.name && o.pointer != m.pointer)
                .map(|o| format!("{} {}", o.http_method, o.path_template))
                .collect();
            let what =
                if others.is_empty() { format!("the sub-group accessor `{}`", m.name) } else { others.join(", ") };
            return Err(origins
                .error(
                    &m.pointer,
                    format!(
                        "`{} {}` would be method `{}` in group `{}`, like {what}, and no other name is left to tell them apart",
                        m.http_method,
                        m.path_template,
                        m.name,
                        if group.is_empty() { "<root>".to_owned() } else { group.join(".") },
                    ),
                )
                .with_hint("give the operations distinct `operationId`s or `x-fern-sdk-method-name`s"));
        }
        let renamed: Vec<usize> = (0..methods.len()).filter(|&i| shared(&methods[i].name)).collect();
        for i in renamed {
            let next = methods[i].alternatives.remove(0);
            methods[i].name = next;
        }
    }
}

fn group_type_name(path: &[String]) -> String {
    path.iter().map(|s| naming::type_name(s)).collect()
}

/// Types of exactly the same shape are emitted once: the first by name is defined, the others
/// become aliases of it (`pub type B = A;`), so every name the spec gives still works while
/// the compiler checks each shape once. Specs repeat shapes a lot (FastAPI's `…Input` /
/// `…Output` pairs, the same inline enum under many parents: a sixth of the ElevenLabs types).
///
/// Two types are the same when their kinds are equal apart from documentation, with every
/// reference to an aliased type read as its target; this repeats until nothing new is shared,
/// so that two structs that differ only in naming two same-shaped enums are shared too.
/// Parameter and form types belong to one operation and are left alone.
fn share_identical(types: &mut [TypeDef]) {
    let mut same_as: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut first_of: HashMap<TypeKind, &str> = HashMap::new();
        let mut found = Vec::new();
        for def in types.iter() {
            if same_as.contains_key(&def.name)
                || !matches!(
                    def.kind,
                    TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::IntEnum(_)
                )
            {
                continue;
            }
            let shape = shape_of(&def.kind, &same_as);
            match first_of.get(&shape) {
                Some(first) => found.push((def.name.clone(), (*first).to_owned())),
                None => {
                    first_of.insert(shape, &def.name);
                }
            }
        }
        if found.is_empty() {
            break;
        }
        same_as.extend(found);
    }
    for def in types.iter_mut() {
        def.same_as = same_as.remove(&def.name);
    }
}

/// A type's shape: its kind without documentation, with aliased names resolved.
fn shape_of(kind: &TypeKind, same_as: &BTreeMap<String, String>) -> TypeKind {
    let mut kind = kind.clone();
    let resolve = |ty: &mut Ty| {
        ty.visit_names_mut(&mut |name: &mut String| {
            if let Some(target) = same_as.get(name.as_str()) {
                name.clone_from(target);
            }
        })
    };
    match &mut kind {
        TypeKind::Struct(fields) => {
            for field in fields {
                field.doc = None;
                resolve(&mut field.ty);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                if let VariantKind::Value(ty, _) = &mut variant.kind {
                    resolve(ty);
                }
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Params(_) | TypeKind::Form(_) => {}
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fern_item_suffix_reads_as_item() {
        assert_eq!(tidy_suffix("CreateRequestPermissionsOneOf0Items"), "CreateRequestPermissionsItem");
        assert_eq!(tidy_suffix("OneOfAKind"), "OneOfAKind");
        assert_eq!(tidy_suffix("XOneOf2"), "XOneOf2");
    }

    #[test]
    fn templates_split_into_segments() {
        let params =
            vec![Param { name: "id".into(), wire: "id".into(), ty: Ty::String, doc: None, pointer: String::new() }];
        let segments = segments_of(&parse_template("/v1/items/{id}.mp3/x"), &params);
        assert_eq!(
            segments,
            vec![
                vec![Piece::Literal("v1".into())],
                vec![Piece::Literal("items".into())],
                vec![Piece::Param(0), Piece::Literal(".mp3".into())],
                vec![Piece::Literal("x".into())],
            ]
        );
    }
}
