//! Stage 5, model: the typed document becomes the IR. Every decision is made here (which
//! schemas are types, their final names, how each operation is called); emit only prints.

mod body;
mod calls;
mod errors;
mod features;
mod groups;
mod ir;
mod members;
mod names;
mod objects;
mod operations;
mod pagination;
mod params;
mod read;
mod responses;
mod schemas;
mod sharing;
mod sockets;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ReferenceOr, Schema};

use crate::config::Config;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::merge::Origins;
use crate::naming::{self, Namespace};

pub use ir::*;

use groups::group_methods;
use read::unescape_pointer_segment;
use sharing::{box_cycles, share_identical};

/// Builds the IR.
pub fn build(api: &OpenAPI, config: &Config, origins: &Origins) -> Result<Api> {
    let mut builder = Builder::new(api, origins);
    builder.address_groups = sockets::address_groups(api);
    builder.idempotency_headers = IDEMPOTENCY_HEADERS.iter().map(|h| (*h).to_owned()).collect();
    builder.idempotency_headers.extend(config.client.idempotency_headers.iter().cloned());
    builder.name_components()?;
    let auth = auth_of(api, config);
    let mut methods: Vec<(Vec<String>, Method)> = Vec::new();
    let mut skipped = Vec::new();
    for (path, item) in &api.paths.paths {
        let item_pointer = Pointer::root().join("paths").join(path);
        let ReferenceOr::Item(item) = item else {
            return Err(origins.error(item_pointer.as_str(), "a `$ref` path item is not supported"));
        };
        for (key, op) in item.iter() {
            let pointer = item_pointer.join(key);
            if op.extensions.get("x-fern-ignore").and_then(serde_json::Value::as_bool) == Some(true) {
                continue;
            }
            // `openapiv3` yields only the eight methods.
            let Some(method) = HttpMethod::from_key(key) else { continue };
            match builder.operation(path, method, op, &item.parameters, &auth, &pointer)? {
                Ok(built) => methods.push(built),
                Err(reason) => skipped.push(reason),
            }
        }
    }
    builder.flush()?;
    let warnings = std::mem::take(&mut builder.warnings);
    let mut groups = group_methods(methods, origins)?;
    let mut types: Vec<TypeDef> = builder.types.into_values().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    share_identical(&mut types);
    members::settle(&mut types, &groups);
    pagination::settle(&mut groups, &types, api, config, origins)?;
    calls::settle(&mut groups, &types);
    calls::document_bodies(&groups, &mut types);
    let mut errors = errors::settle(&mut groups);
    let features = features::settle(&mut groups, &mut types, &mut errors);
    Ok(Api {
        krate: config.krate.clone(),
        doc: api.info.description.as_deref().and_then(docs::sanitize),
        environments: environments_of(api, config),
        auth,
        types,
        groups,
        errors,
        features,
        skipped,
        warnings,
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

/// Header parameters that carry an idempotency key in any API (compared ignoring case);
/// `generator.yaml` may name more (`client.idempotency_headers`).
const IDEMPOTENCY_HEADERS: [&str; 2] = ["idempotency-key", "x-idempotency-key"];

/// How the key travels: as the config says, else as [`key_style`] reads the document; and
/// where the document's schemes put credentials.
fn auth_of(api: &OpenAPI, config: &Config) -> Auth {
    let default_env = format!("{}_API_KEY", config.krate.name.to_uppercase().replace('-', "_"));
    let (style, env) = match &config.client.auth {
        Some(auth) => {
            (auth.header.clone().map_or(KeyStyle::Bearer, KeyStyle::Header), auth.env.clone().unwrap_or(default_env))
        }
        None => (key_style(api), default_env),
    };
    let mut credentials = credentials(api);
    if let KeyStyle::Header(name) = &style {
        credentials.headers.push(name.to_ascii_lowercase());
    }
    credentials.headers.sort();
    credentials.headers.dedup();
    Auth { style, env, credentials }
}

/// The API-key schemes of the document: the headers and query parameters that hold
/// credentials (`http`, `oauth2` and `openIdConnect` schemes use `Authorization`, and cookies
/// the `Cookie` header, both credentials to the runtime whatever the document says).
fn credentials(api: &OpenAPI) -> Credentials {
    let mut credentials = Credentials::default();
    for scheme in security_schemes(api) {
        if let openapiv3::SecurityScheme::APIKey { location, name, .. } = scheme {
            match location {
                openapiv3::APIKeyLocation::Header if crate::config::is_header_name(name) => {
                    credentials.headers.push(name.to_ascii_lowercase());
                }
                openapiv3::APIKeyLocation::Query if !name.is_empty() => credentials.query.push(name.clone()),
                _ => {}
            }
        }
    }
    credentials.query.sort();
    credentials.query.dedup();
    credentials
}

fn security_schemes(api: &OpenAPI) -> impl Iterator<Item = &openapiv3::SecurityScheme> {
    let schemes = api.components.as_ref().map(|c| &c.security_schemes);
    schemes.into_iter().flat_map(|s| s.values()).filter_map(|scheme| match scheme {
        ReferenceOr::Item(scheme) => Some(scheme),
        ReferenceOr::Reference { .. } => None,
    })
}

/// An API-key header scheme; else HTTP Basic when the document has a `basic` scheme and no
/// `bearer` one; else an API-key header parameter most operations declare; else, when the
/// document has no `http` scheme, an API-key query scheme; else `Authorization: Bearer`.
fn key_style(api: &OpenAPI) -> KeyStyle {
    let mut http_schemes = Vec::new();
    let mut query = None;
    for scheme in security_schemes(api) {
        match scheme {
            openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, name, .. }
                if crate::config::is_header_name(name) =>
            {
                return KeyStyle::Header(name.clone());
            }
            openapiv3::SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Query, name, .. }
                if !name.is_empty() =>
            {
                query.get_or_insert_with(|| name.clone());
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } => http_schemes.push(scheme.to_ascii_lowercase()),
            _ => {}
        }
    }
    // An `http` scheme says how the key travels; a token (bearer) where the API offers both.
    if http_schemes.iter().any(|s| s == "basic") && !http_schemes.iter().any(|s| s == "bearer") {
        return KeyStyle::Basic;
    }
    match (api_key_header_parameter(api), query) {
        (Some(header), _) => KeyStyle::Header(header),
        (None, Some(query)) if http_schemes.is_empty() => KeyStyle::Query(query),
        (None, _) => KeyStyle::Bearer,
    }
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
    /// Inline schemas already made into types: pointer → type name.
    inline_types: BTreeMap<String, String>,
    /// Address segment → the group most HTTP operations under it have (for channels).
    address_groups: BTreeMap<String, String>,
    /// Header parameters that carry an idempotency key (compared ignoring case).
    idempotency_headers: Vec<String>,
    /// What the crate does otherwise than the document asks, one diagnostic each.
    warnings: Vec<Error>,
}

/// Where a schema is being typed, which decides what the types made for it are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Site {
    /// A type defined here is a multipart form (a `multipart/form-data` body).
    form: bool,
    /// Binary strings here are files (the fields of a form, and their list items).
    files: bool,
    /// How many inline types enclose this place.
    depth: usize,
}

impl Site {
    /// The top of a document: no form, no files, no enclosing type.
    const TOP: Site = Site { form: false, files: false, depth: 0 };

    /// A multipart body's schema: a type defined for it is a form.
    const FORM: Site = Site { form: true, files: false, depth: 0 };

    /// Inside the type being defined here: its fields are files when it is a form.
    fn inside(self) -> Site {
        Site { form: false, files: self.form, depth: self.depth + 1 }
    }
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
            inline_types: BTreeMap::new(),
            address_groups: BTreeMap::new(),
            idempotency_headers: Vec::new(),
            warnings: Vec::new(),
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
            let site = if self.form_schemas.contains(&name) { Site::FORM } else { Site::TOP };
            self.define(&type_name, schema, &pointer, site)?;
        }
        self.resolve_union_kinds();
        box_cycles(&mut self.types);
        Ok(())
    }
}

/// Builders of IR values for the model's unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::ir::{HttpMethod, Method, ResponseKind};

    /// `POST /x`, named `create`, with no input, answering nothing.
    pub(crate) fn method() -> Method {
        Method {
            name: "create".into(),
            doc: None,
            deprecated: false,
            http_method: HttpMethod::Post,
            path_template: "/x".into(),
            operation_id: "POST /x".into(),
            segments: Vec::new(),
            path_params: Vec::new(),
            params: Vec::new(),
            body: None,
            other_bodies: Vec::new(),
            variant_of: None,
            response: ResponseKind::Empty,
            pointer: String::new(),
            alternatives: Vec::new(),
            errors: Vec::new(),
            decoder: None,
            idempotency_header: None,
            call_type: String::new(),
            args: Vec::new(),
            setters: Vec::new(),
            pager: None,
            other_responses: Vec::new(),
            accept: None,
            stream_flag: None,
        }
    }
}
