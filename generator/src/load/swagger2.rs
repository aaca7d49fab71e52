//! Swagger 2.0 documents become the OpenAPI 3.0 documents the rest of the pipeline reads.
//!
//! The rules (the bundle stage runs this on a root document that has `swagger: "2.0"`, before
//! it follows any `$ref`):
//! - **Components.** `definitions` → `components/schemas`, `parameters` → `components/parameters`
//!   (but `in: body` and `in: formData` ones, which are inlined where used as request bodies),
//!   `responses` → `components/responses`, `securityDefinitions` → `components/securitySchemes`;
//!   every `#/definitions/…`, `#/parameters/…` and `#/responses/…` `$ref` follows.
//! - **Bodies.** `in: body` → `requestBody`, one content entry per `consumes` type (the
//!   operation's over the document's, `application/json` by default); `in: formData` → one
//!   object schema, `multipart/form-data` when `consumes` names it or a parameter is
//!   `type: file`, else `application/x-www-form-urlencoded`.
//! - **Parameters.** `type`, `format`, `items`, `enum`, `default` and the bounds move into
//!   `schema`; `collectionFormat` (csv by default) becomes `style`/`explode` (`csv` → `form`
//!   unexploded in a query, `simple` in a path or header; `ssv` → `spaceDelimited`; `pipes` →
//!   `pipeDelimited`; `multi` → `form` exploded). `tsv`, and delimiters other than `csv` in a
//!   path or header, have no OpenAPI 3 form: an error at the parameter.
//! - **Responses.** `schema` → `content` per `produces`; `type: file` → `type: string, format:
//!   binary` (`application/octet-stream` when `produces` names only JSON); `headers` take the
//!   `schema` form; `examples` by media type → each content's `example`.
//! - **Schemas.** `x-nullable: true` → `nullable: true`; `type: file` → binary string; a string
//!   `discriminator` → `{propertyName}`. What 2.0 forbids but documents write (`type: [string,
//!   "null"]`, `anyOf`) is left for the OpenAPI 3.1 rules of normalize.
//! - **Servers.** `schemes` × `host` + `basePath` → `servers` (`https` when no scheme is
//!   given); a `basePath` that is a whole URL is the server; without `host`, `basePath` is a
//!   relative server.
//! - **Places.** Every part that moved is listed with where the 2.0 document wrote it
//!   ([`Converted::moves`]): messages of later stages name the 2.0 pointer.
//!
//! A `$ref` to another file is followed by the bundle as in any document: what it brings is
//! read as OpenAPI 3 (schemas read the same; a parameter or response written in another file
//! is not converted).

mod operations;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value, json};

use crate::error::{Error, Pointer, Result};

/// A converted document and where its moved parts were written.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    /// The OpenAPI 3.0 tree.
    pub tree: Value,
    /// `(pointer in the converted tree, pointer in the 2.0 document)`, for every part whose
    /// place changed; a pointer under the first is under the second.
    pub moves: Vec<(String, String)>,
}

/// Whether a parsed tree is a Swagger document (any version; [`to_openapi`] checks it).
pub fn is_swagger(tree: &Value) -> bool {
    tree.get("swagger").is_some()
}

/// Converts a Swagger 2.0 document (`file` names it in messages).
pub fn to_openapi(file: &str, tree: Value) -> Result<Converted> {
    let Value::Object(mut root) = tree else {
        return Err(Error::at(file, "#", "not a Swagger document: the top level is not a mapping"));
    };
    let version = match root.remove("swagger") {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if version != "2.0" && version != "2" {
        return Err(Error::at(file, "#/swagger", format!("unsupported Swagger version `{version}`"))
            .with_hint("the generator reads Swagger 2.0, OpenAPI 3.0.x and 3.1.x documents"));
    }
    let mut converter = Converter {
        file,
        consumes: media_types(file, root.remove("consumes"), "#/consumes")?,
        produces: media_types(file, root.remove("produces"), "#/produces")?,
        parameters: Map::new(),
        moves: Vec::new(),
    };
    let mut out = Map::new();
    out.insert("openapi".to_owned(), json!("3.0.3"));
    if let Some(info) = root.remove("info") {
        out.insert("info".to_owned(), info);
    }
    let servers = servers(file, root.remove("host"), root.remove("basePath"), root.remove("schemes"))?;
    if !servers.is_empty() {
        out.insert("servers".to_owned(), Value::Array(servers));
    }
    let components = converter.components(&mut root)?;
    let paths = match root.remove("paths") {
        Some(Value::Object(paths)) => converter.paths(paths)?,
        None => Map::new(),
        Some(_) => return Err(Error::at(file, "#/paths", "`paths` is not a mapping")),
    };
    out.insert("paths".to_owned(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    // What is left (`security`, `tags`, `externalDocs`, vendor extensions) reads the same.
    out.extend(root);
    let mut tree = Value::Object(out);
    rewrite_refs(&mut tree, false);
    Ok(Converted { tree, moves: converter.moves })
}

struct Converter<'a> {
    file: &'a str,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters` as written, for the `$ref`s of operations.
    parameters: Map<String, Value>,
    moves: Vec<(String, String)>,
}

impl Converter<'_> {
    fn moved(&mut self, to: &Pointer, from: &Pointer) {
        if to != from {
            self.moves.push((to.to_string(), from.to_string()));
        }
    }

    /// `components`, from `definitions`, `parameters`, `responses` and `securityDefinitions`.
    fn components(&mut self, root: &mut Map<String, Value>) -> Result<Map<String, Value>> {
        let mut components = Map::new();
        let here = Pointer::root();
        if let Some(definitions) = root.remove("definitions") {
            let Value::Object(mut definitions) = definitions else {
                return Err(Error::at(self.file, "#/definitions", "`definitions` is not a mapping"));
            };
            definitions.values_mut().for_each(schema);
            components.insert("schemas".to_owned(), Value::Object(definitions));
            self.moved(&here.join("components").join("schemas"), &here.join("definitions"));
        }
        if let Some(parameters) = root.remove("parameters") {
            let Value::Object(parameters) = parameters else {
                return Err(Error::at(self.file, "#/parameters", "`parameters` is not a mapping"));
            };
            let mut out = Map::new();
            for (name, parameter) in &parameters {
                let from = here.join("parameters").join(name);
                let to = here.join("components").join("parameters").join(name);
                if !operations::is_body_like(parameter) {
                    out.insert(name.clone(), self.parameter(parameter, &from, &to)?);
                }
            }
            self.parameters = parameters;
            self.moved(&here.join("components").join("parameters"), &here.join("parameters"));
            if !out.is_empty() {
                components.insert("parameters".to_owned(), Value::Object(out));
            }
        }
        if let Some(responses) = root.remove("responses") {
            let Value::Object(responses) = responses else {
                return Err(Error::at(self.file, "#/responses", "`responses` is not a mapping"));
            };
            let mut out = Map::new();
            let produces = self.produces.clone();
            for (name, response) in responses {
                let from = here.join("responses").join(&name);
                let to = here.join("components").join("responses").join(&name);
                out.insert(name, self.response(response, &produces, &from, &to)?);
            }
            components.insert("responses".to_owned(), Value::Object(out));
            self.moved(&here.join("components").join("responses"), &here.join("responses"));
        }
        if let Some(schemes) = root.remove("securityDefinitions") {
            let Value::Object(schemes) = schemes else {
                return Err(Error::at(self.file, "#/securityDefinitions", "`securityDefinitions` is not a mapping"));
            };
            let mut out = Map::new();
            for (name, scheme) in schemes {
                out.insert(name, security_scheme(scheme));
            }
            components.insert("securitySchemes".to_owned(), Value::Object(out));
            self.moved(&here.join("components").join("securitySchemes"), &here.join("securityDefinitions"));
        }
        Ok(components)
    }
}

/// A `consumes` or `produces` list (`None`: not given, `application/json`).
fn media_types(file: &str, value: Option<Value>, at: &str) -> Result<Vec<String>> {
    let list = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(one)) => vec![one],
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s),
                _ => Err(Error::at(file, format!("{at}/{i}"), "a media type is not a string")),
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(Error::at(file, at, "not a list of media types")),
    };
    Ok(if list.is_empty() { vec!["application/json".to_owned()] } else { list })
}

/// `servers` from `host`, `basePath` and `schemes`.
fn servers(file: &str, host: Option<Value>, base_path: Option<Value>, schemes: Option<Value>) -> Result<Vec<Value>> {
    let text = |value: Option<Value>, at: &str| -> Result<Option<String>> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Error::at(file, at, "not a string")),
        }
    };
    let host = text(host, "#/host")?.filter(|h| !h.is_empty());
    let base = text(base_path, "#/basePath")?.unwrap_or_default();
    if base.starts_with("http://") || base.starts_with("https://") {
        return Ok(vec![json!({"url": base.trim_end_matches('/')})]);
    }
    let base = base.trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') { base.to_owned() } else { format!("/{base}") };
    let Some(host) = host else {
        return Ok(if base.is_empty() { Vec::new() } else { vec![json!({"url": base})] });
    };
    let schemes = match schemes {
        None | Some(Value::Null) => vec!["https".to_owned()],
        Some(Value::Array(items)) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| matches!(*s, "http" | "https"))
                .map(str::to_owned)
                .collect();
            if names.is_empty() { vec!["https".to_owned()] } else { names }
        }
        Some(_) => return Err(Error::at(file, "#/schemes", "`schemes` is not a list")),
    };
    let host = host.trim_end_matches('/');
    Ok(schemes.iter().map(|scheme| json!({"url": format!("{scheme}://{host}{base}")})).collect())
}

/// A 2.0 security definition as a 3.0 security scheme (an unknown type stays as written).
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else { return scheme };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".to_owned(), json!("http"));
            scheme.insert("scheme".to_owned(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = scheme.remove("flow");
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.remove(key) {
                    details.insert(key.to_owned(), url);
                }
            }
            details.insert("scopes".to_owned(), scheme.remove("scopes").unwrap_or_else(|| json!({})));
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => "implicit",
            };
            let keep: &[&str] = match name {
                "implicit" => &["authorizationUrl"],
                "authorizationCode" => &["authorizationUrl", "tokenUrl"],
                _ => &["tokenUrl"],
            };
            details.retain(|k, _| k == "scopes" || keep.contains(&k.as_str()));
            scheme.insert("flows".to_owned(), json!({ name: details }));
        }
        _ => {}
    }
    Value::Object(scheme)
}

/// The 2.0 forms of a schema and everything nested in it, in 3.0 terms: `x-nullable`, `type:
/// file`, a string `discriminator`.
pub(super) fn schema(value: &mut Value) {
    let Value::Object(map) = value else { return };
    if let Some(nullable) = map.remove("x-nullable") {
        if nullable == json!(true) {
            map.insert("nullable".to_owned(), json!(true));
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".to_owned(), json!("string"));
        map.insert("format".to_owned(), json!("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let property = property.clone();
        map.insert("discriminator".to_owned(), json!({"propertyName": property}));
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "definitions" | "$defs" => {
                if let Value::Object(members) = child {
                    members.values_mut().for_each(schema);
                }
            }
            "items" | "additionalProperties" | "not" | "allOf" | "anyOf" | "oneOf" => match child {
                Value::Array(list) => list.iter_mut().for_each(schema),
                other => schema(other),
            },
            _ => {}
        }
    }
}

/// Keys whose value is a map of names (a property named `default` is no default).
const NAME_MAPS: [&str; 11] = [
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "parameters",
    "responses",
    "headers",
    "content",
    "paths",
    "securitySchemes",
];

/// Every local `#/definitions/…`, `#/parameters/…`, `#/responses/…` `$ref` to its 3.0 place;
/// data (examples, defaults, enums, vendor extensions) is left as written.
fn rewrite_refs(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" {
                    if let Value::String(reference) = child {
                        for (old, new) in [
                            ("#/definitions/", "#/components/schemas/"),
                            ("#/parameters/", "#/components/parameters/"),
                            ("#/responses/", "#/components/responses/"),
                        ] {
                            if let Some(rest) = reference.strip_prefix(old) {
                                *reference = format!("{new}{rest}");
                                break;
                            }
                        }
                    }
                } else if !names && key == "components" {
                    // Each member of `components` is a map of names.
                    if let Value::Object(members) = child {
                        members.values_mut().for_each(|member| rewrite_refs(member, true));
                    }
                } else if names
                    || !(matches!(key.as_str(), "example" | "examples" | "default" | "enum") || key.starts_with("x-"))
                {
                    rewrite_refs(child, !names && NAME_MAPS.contains(&key.as_str()));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, false)),
        _ => {}
    }
}
