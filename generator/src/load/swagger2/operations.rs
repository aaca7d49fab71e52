//! Swagger 2.0 path items, operations, parameters and responses in their OpenAPI 3.0 form:
//! `in: body` and `in: formData` parameters become the request body, the others take a
//! `schema` and a `style`, and responses take `content` per media type.

use serde_json::{Map, Value, json};

use super::{Converter, schema};
use crate::error::{Error, Pointer, Result};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Parameter keywords that describe its value: in 3.0 they sit in its `schema`.
const SCHEMA_KEYS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// Whether a 2.0 parameter is (part of) a request body: `in: body` or `in: formData`.
pub(super) fn is_body_like(parameter: &Value) -> bool {
    matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData"))
}

/// A parameter of an operation or path item, with where it was written.
struct Written {
    value: Value,
    at: Pointer,
}

impl Converter<'_> {
    pub(super) fn paths(&mut self, paths: Map<String, Value>) -> Result<Map<String, Value>> {
        let mut out = Map::new();
        for (path, item) in paths {
            let at = Pointer::root().join("paths").join(&path);
            let item = match item {
                Value::Object(item) => Value::Object(self.path_item(item, &at)?),
                // `null` or a `$ref` to another file: as written.
                other => other,
            };
            out.insert(path, item);
        }
        Ok(out)
    }

    fn path_item(&mut self, mut item: Map<String, Value>, at: &Pointer) -> Result<Map<String, Value>> {
        let (shared, shared_body) = match item.remove("parameters") {
            Some(list) => self.split_parameters(list, &at.join("parameters"), &at.join("parameters"))?,
            None => (Vec::new(), Vec::new()),
        };
        if !shared.is_empty() {
            item.insert("parameters".to_owned(), Value::Array(shared));
        }
        for (key, operation) in item.iter_mut() {
            if !METHODS.contains(&key.as_str()) {
                continue;
            }
            let at = at.join(key);
            let Value::Object(operation) = operation else {
                return Err(Error::at(self.file, at.as_str(), "an operation is not a mapping"));
            };
            self.operation(operation, &shared_body, &at)?;
        }
        Ok(item)
    }

    /// A parameter list split into the 3.0 parameters (converted, with their moves noted) and
    /// the body and form parameters (as written, resolved when a `$ref`).
    fn split_parameters(&mut self, list: Value, from: &Pointer, to: &Pointer) -> Result<(Vec<Value>, Vec<Written>)> {
        let Value::Array(list) = list else {
            return Err(Error::at(self.file, from.as_str(), "`parameters` is not a list"));
        };
        let mut kept = Vec::new();
        let mut body = Vec::new();
        for (i, parameter) in list.into_iter().enumerate() {
            let at = from.join(i);
            let (resolved, written_at) = self.resolve(&parameter, &at)?;
            if is_body_like(&resolved) {
                body.push(Written { value: resolved, at: written_at });
                continue;
            }
            let new_at = to.join(kept.len());
            let converted =
                if parameter.get("$ref").is_some() { parameter } else { self.parameter(&parameter, &at, &new_at)? };
            self.moved(&new_at, &at);
            kept.push(converted);
        }
        Ok((kept, body))
    }

    /// A parameter, or what its `#/parameters/…` `$ref` names, and where that was written.
    fn resolve(&self, parameter: &Value, at: &Pointer) -> Result<(Value, Pointer)> {
        let Some(reference) = parameter.get("$ref") else {
            if !parameter.is_object() {
                return Err(Error::at(self.file, at.as_str(), "a parameter is not a mapping"));
            }
            return Ok((parameter.clone(), at.clone()));
        };
        let Some(name) = reference.as_str().and_then(|r| r.strip_prefix("#/parameters/")) else {
            // Another file's parameter, or a malformed `$ref`: left for the bundle.
            return Ok((parameter.clone(), at.clone()));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        match self.parameters.get(&name) {
            Some(target) => Ok((target.clone(), Pointer::root().join("parameters").join(&name))),
            None => {
                Err(Error::at(self.file, at.join("$ref").as_str(), format!("no parameter `{name}` in `#/parameters`")))
            }
        }
    }

    /// A non-body parameter in 3.0 form: the value's keywords in `schema`, `collectionFormat`
    /// as `style`/`explode`.
    pub(super) fn parameter(&mut self, parameter: &Value, from: &Pointer, to: &Pointer) -> Result<Value> {
        let Value::Object(written) = parameter else {
            return Err(Error::at(self.file, from.as_str(), "a parameter is not a mapping"));
        };
        if written.contains_key("$ref") {
            return Ok(parameter.clone());
        }
        let location = written.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        let mut out = Map::new();
        let mut value_schema = Map::new();
        let mut format = None;
        for (key, value) in written {
            if key == "collectionFormat" {
                format = Some(value.clone());
            } else if SCHEMA_KEYS.contains(&key.as_str()) {
                value_schema.insert(key.clone(), value.clone());
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
        if !out.contains_key("schema") {
            if !value_schema.contains_key("type") && !value_schema.contains_key("items") {
                value_schema.insert("type".to_owned(), json!("string"));
            }
            let mut value_schema = Value::Object(value_schema);
            items_formats(&mut value_schema);
            schema(&mut value_schema);
            out.insert("schema".to_owned(), value_schema);
            self.moved(&to.join("schema"), from);
        } else if let Some(written_schema) = out.get_mut("schema") {
            schema(written_schema);
        }
        let array = out.get("schema").and_then(|s| s.get("type")).and_then(Value::as_str) == Some("array");
        if array {
            let format = match &format {
                None => "csv",
                Some(Value::String(f)) => f.as_str(),
                Some(_) => return Err(self.format_error(from, "not a string")),
            };
            let (style, explode) = match (location.as_str(), format) {
                ("query", "csv") => ("form", false),
                ("query", "multi") => ("form", true),
                ("query", "ssv") => ("spaceDelimited", false),
                ("query", "pipes") => ("pipeDelimited", false),
                ("path" | "header", "csv") => ("simple", false),
                (_, "tsv") => return Err(self.format_error(from, "`tsv` has no OpenAPI 3 form")),
                (_, other) => {
                    return Err(
                        self.format_error(from, &format!("`{other}` is not a delimiter for a {location} parameter"))
                    );
                }
            };
            out.insert("style".to_owned(), json!(style));
            out.insert("explode".to_owned(), json!(explode));
        }
        Ok(Value::Object(out))
    }

    fn format_error(&self, at: &Pointer, what: &str) -> Error {
        Error::at(self.file, at.join("collectionFormat").as_str(), format!("collectionFormat {what}")).with_hint(
            "use `csv`, `ssv`, `pipes` or `multi` (query), or `csv` (path, header); OpenAPI 3 has no tab-separated style",
        )
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, shared_body: &[Written], at: &Pointer) -> Result<()> {
        let consumes = match operation.remove("consumes") {
            Some(list) => super::media_types(self.file, Some(list), at.join("consumes").as_str())?,
            None => self.consumes.clone(),
        };
        let produces = match operation.remove("produces") {
            Some(list) => super::media_types(self.file, Some(list), at.join("produces").as_str())?,
            None => self.produces.clone(),
        };
        operation.remove("schemes");
        let (kept, mut body) = match operation.remove("parameters") {
            Some(list) => self.split_parameters(list, &at.join("parameters"), &at.join("parameters"))?,
            None => (Vec::new(), Vec::new()),
        };
        // A path item's body or form parameter applies unless the operation has its own.
        for shared in shared_body {
            let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
            if !body.iter().any(|own| key(&own.value) == key(&shared.value)) {
                body.push(Written { value: shared.value.clone(), at: shared.at.clone() });
            }
        }
        if !kept.is_empty() {
            operation.insert("parameters".to_owned(), Value::Array(kept));
        }
        if !body.is_empty() {
            let request = self.request_body(body, &consumes, &at.join("requestBody"))?;
            operation.insert("requestBody".to_owned(), request);
        }
        if let Some(responses) = operation.get_mut("responses") {
            let Value::Object(responses) = responses else {
                return Err(Error::at(self.file, at.join("responses").as_str(), "`responses` is not a mapping"));
            };
            for (code, response) in responses.iter_mut() {
                let here = at.join("responses").join(code);
                *response = self.response(std::mem::take(response), &produces, &here, &here)?;
            }
        }
        Ok(())
    }

    /// The request body of an operation's `in: body` parameter or `in: formData` parameters.
    fn request_body(&mut self, parameters: Vec<Written>, consumes: &[String], to: &Pointer) -> Result<Value> {
        let (bodies, forms): (Vec<Written>, Vec<Written>) =
            parameters.into_iter().partition(|p| p.value.get("in").and_then(Value::as_str) == Some("body"));
        if let Some(second) = bodies.get(1).or(if bodies.is_empty() { None } else { forms.first() }) {
            return Err(Error::at(
                self.file,
                second.at.as_str(),
                "an operation has one body: one `in: body` parameter, or `in: formData` ones",
            )
            .with_hint("Swagger 2.0 allows one `in: body` parameter and no `in: formData` beside it"));
        }
        if let Some(body) = bodies.into_iter().next() {
            let mut request = Map::new();
            if let Some(description) = body.value.get("description") {
                request.insert("description".to_owned(), description.clone());
            }
            if body.value.get("required") == Some(&json!(true)) {
                request.insert("required".to_owned(), json!(true));
            }
            let mut body_schema = body.value.get("schema").cloned().unwrap_or_else(|| json!({}));
            schema(&mut body_schema);
            let non_form: Vec<&String> = consumes.iter().filter(|c| !is_form(c)).collect();
            let types = if non_form.is_empty() { consumes.iter().collect() } else { non_form };
            let mut content = Map::new();
            for media_type in types {
                content.insert(media_type.clone(), json!({"schema": body_schema.clone()}));
                self.moved(&to.join("content").join(media_type).join("schema"), &body.at.join("schema"));
            }
            request.insert("content".to_owned(), Value::Object(content));
            self.moved(to, &body.at);
            return Ok(Value::Object(request));
        }
        let file = forms.iter().any(|p| p.value.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if file || consumes.iter().any(|c| c.starts_with("multipart/form-data")) {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        let mut any_required = false;
        let properties_at = to.join("content").join(media_type).join("schema").join("properties");
        for form in &forms {
            let name = form.value.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
            let as_query = with_in(&form.value, "query");
            let converted = self.parameter(&as_query, &form.at, &properties_at.join(&name))?;
            let mut property = converted.get("schema").cloned().unwrap_or_else(|| json!({}));
            if let (Some(description), Value::Object(map)) = (form.value.get("description"), &mut property) {
                map.entry("description").or_insert_with(|| description.clone());
            }
            if form.value.get("required") == Some(&json!(true)) {
                required.push(json!(name));
                any_required = true;
            }
            if let (Some(style), Some(explode)) = (converted.get("style"), converted.get("explode")) {
                if (style, explode) != (&json!("form"), &json!(true)) {
                    encoding.insert(name.clone(), json!({"style": style, "explode": explode}));
                }
            }
            self.moved(&properties_at.join(&name), &form.at);
            properties.insert(name, property);
        }
        let mut form_schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            form_schema["required"] = Value::Array(required);
        }
        let mut media = json!({"schema": form_schema});
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
        if let Some(first) = forms.first() {
            self.moved(to, &first.at);
        }
        let mut request = json!({"content": {media_type: media}});
        if any_required {
            request["required"] = json!(true);
        }
        Ok(request)
    }

    /// A response in 3.0 form: `schema` → `content` per media type, headers with a `schema`.
    pub(super) fn response(
        &mut self,
        response: Value,
        produces: &[String],
        from: &Pointer,
        to: &Pointer,
    ) -> Result<Value> {
        let Value::Object(mut response) = response else {
            return Err(Error::at(self.file, from.as_str(), "a response is not a mapping"));
        };
        if response.contains_key("$ref") {
            return Ok(Value::Object(response));
        }
        self.moved(to, from);
        let examples = response.remove("examples");
        if let Some(mut body_schema) = response.remove("schema") {
            schema(&mut body_schema);
            let binary = body_schema.get("format").and_then(Value::as_str) == Some("binary")
                && body_schema.get("type").and_then(Value::as_str) == Some("string");
            let types: Vec<String> = if binary {
                let not_json: Vec<String> = produces.iter().filter(|p| !is_json(p)).cloned().collect();
                if not_json.is_empty() { vec!["application/octet-stream".to_owned()] } else { not_json }
            } else {
                produces.to_vec()
            };
            let mut content = Map::new();
            for media_type in types {
                let mut media = json!({"schema": body_schema.clone()});
                if let Some(example) = examples.as_ref().and_then(|e| e.get(&media_type)) {
                    media["example"] = example.clone();
                }
                self.moved(&to.join("content").join(&media_type).join("schema"), &from.join("schema"));
                content.insert(media_type, media);
            }
            response.insert("content".to_owned(), Value::Object(content));
        }
        if let Some(headers) = response.get_mut("headers") {
            let Value::Object(headers) = headers else {
                return Err(Error::at(self.file, from.join("headers").as_str(), "`headers` is not a mapping"));
            };
            for (name, header) in headers.iter_mut() {
                let header_from = from.join("headers").join(name);
                let header_to = to.join("headers").join(name);
                let converted = self.parameter(&with_in(header, "header"), &header_from, &header_to)?;
                let Value::Object(mut converted) = converted else { continue };
                converted.remove("in");
                *header = Value::Object(converted);
            }
        }
        Ok(Value::Object(response))
    }
}

/// A copy of a parameter-like value with `in` set (a form field encodes as a query does; a
/// response header as a header parameter).
fn with_in(value: &Value, location: &str) -> Value {
    let mut value = value.clone();
    if let Value::Object(map) = &mut value {
        map.insert("in".to_owned(), json!(location));
    }
    value
}

/// `collectionFormat` of nested `items` has no 3.0 place: dropped.
fn items_formats(value: &mut Value) {
    let mut current = value;
    while let Some(items) = current.get_mut("items") {
        if let Value::Object(map) = items {
            map.remove("collectionFormat");
        }
        current = items;
    }
}

fn is_form(media_type: &str) -> bool {
    media_type.starts_with("multipart/form-data") || media_type.starts_with("application/x-www-form-urlencoded")
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}
