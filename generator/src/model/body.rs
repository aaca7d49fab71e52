//! Request bodies: what each media type of a `requestBody` is sent as, which one the
//! operation's method takes, and the extra methods that reach the others.
//!
//! The rule (README, "Using the client"): one method per kind of body, the main one for the
//! best kind (JSON, then multipart, then form-urlencoded, then text, then binary), and
//! `{method}_{suffix}` for each other kind (`_with_multipart`, `_with_form`, `_with_text`,
//! `_with_bytes`). A multipart body whose schema names no part (`{type: object}`, only
//! `additionalProperties`) is a `FormParts` of text and file parts by name; a URL-encoded one
//! a map. XML is not sent: an operation
//! that offers only XML is skipped with that reason; XML beside another type is left out.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, Type};

use super::ir::{Body, BodyEncoding, Ty, TypeKind};
use super::params::property_styles;
use super::read::{essence, is_binary, is_json, unescape_pointer_segment};
use super::{Builder, Site};
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::naming;

/// What one media type of a request body is, for sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaKind {
    /// Sent this way.
    Sendable(BodyEncoding),
    /// `application/xml`, `text/xml`, `…+xml`: not sent.
    Xml,
    /// Not sent: `multipart/*` types other than `form-data`, a content type a header cannot
    /// carry.
    Unsupported,
}

/// What a request body of this media type (with this schema, `$ref` resolved) is sent as.
pub(super) fn media_kind(content_type: &str, schema: Option<&Schema>) -> MediaKind {
    let essence = essence(content_type);
    let (top, sub) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    if !is_header_value(content_type.trim()) {
        return MediaKind::Unsupported;
    }
    if is_json(&essence) {
        return MediaKind::Sendable(BodyEncoding::Json);
    }
    if essence == "multipart/form-data" {
        return MediaKind::Sendable(BodyEncoding::Multipart);
    }
    if essence == "application/x-www-form-urlencoded" {
        return MediaKind::Sendable(BodyEncoding::UrlEncoded);
    }
    if top == "multipart" {
        return MediaKind::Unsupported;
    }
    if sub == "xml" || sub.ends_with("+xml") {
        return MediaKind::Xml;
    }
    let binary_schema = schema.is_some_and(is_binary);
    let string_schema = schema.is_some_and(|s| matches!(&s.schema_kind, SchemaKind::Type(Type::String(_))));
    let encoding = match top {
        _ if binary_schema => BodyEncoding::Binary,
        "text" => BodyEncoding::Text,
        "*" | "image" | "audio" | "video" | "font" | "model" => BodyEncoding::Binary,
        // Any other type (`application/pdf`, `application/x-ndjson` …): text when the schema
        // says string, else bytes.
        _ if string_schema => BodyEncoding::Text,
        _ => BodyEncoding::Binary,
    };
    MediaKind::Sendable(encoding)
}

/// One kind of body an operation takes: the media type it sends, and every declared media
/// type of that kind.
pub(super) struct Choice<'a> {
    pub(super) encoding: BodyEncoding,
    /// The declared media type whose schema is used and whose `Content-Type` is sent.
    pub(super) content_type: &'a str,
    pub(super) media: &'a MediaType,
    pub(super) all: Vec<&'a str>,
}

/// The bodies an operation takes, best first (the first is its main method's), one per kind;
/// or, when none can be sent, why (the text of the report).
pub(super) fn choose<'a>(
    content: &'a IndexMap<String, MediaType>,
    resolve: impl Fn(&'a ReferenceOr<Schema>) -> Option<&'a Schema>,
) -> std::result::Result<Vec<Choice<'a>>, String> {
    let mut choices: Vec<Choice<'a>> = Vec::new();
    let mut xml = false;
    for (content_type, media) in content {
        let schema = media.schema.as_ref().and_then(&resolve);
        let encoding = match media_kind(content_type, schema) {
            MediaKind::Sendable(encoding) => encoding,
            MediaKind::Xml => {
                xml = true;
                continue;
            }
            MediaKind::Unsupported => continue,
        };
        match choices.iter_mut().find(|c| c.encoding == encoding) {
            Some(choice) => {
                choice.all.push(content_type);
                // The first `application/json` is the JSON type sent when there are several.
                if encoding == BodyEncoding::Json
                    && essence(content_type) == "application/json"
                    && essence(choice.content_type) != "application/json"
                {
                    choice.content_type = content_type;
                    choice.media = media;
                }
            }
            None => choices.push(Choice { encoding, content_type, media, all: vec![content_type] }),
        }
    }
    choices.sort_by_key(|c| c.encoding);
    if choices.is_empty() {
        let types: Vec<&str> = content.keys().map(String::as_str).collect();
        let types = types.join(", ");
        return Err(if xml {
            format!("request body of type {types}: XML bodies are not supported; operation skipped")
        } else {
            format!("request body of type {types} is not supported; operation skipped")
        });
    }
    Ok(choices)
}

/// The `Content-Type` a body of this kind sends for a declared media type: as declared, or for
/// a wildcard (`*/*`, `image/*`, `*/*+json`) the plain type of its kind.
fn sent_content_type(encoding: BodyEncoding, declared: &str) -> String {
    if !declared.contains('*') {
        return declared.trim().to_owned();
    }
    match encoding {
        BodyEncoding::Json => "application/json",
        BodyEncoding::Multipart => "multipart/form-data",
        BodyEncoding::UrlEncoded => "application/x-www-form-urlencoded",
        BodyEncoding::Text => "text/plain",
        BodyEncoding::Binary => "application/octet-stream",
    }
    .to_owned()
}

impl BodyEncoding {
    /// How the extra method for this kind of body is named: `{method}_{suffix}`.
    pub fn method_suffix(self) -> &'static str {
        match self {
            BodyEncoding::Json => "with_json",
            BodyEncoding::Multipart => "with_multipart",
            BodyEncoding::UrlEncoded => "with_form",
            BodyEncoding::Text => "with_text",
            BodyEncoding::Binary => "with_bytes",
        }
    }
}

/// What a form property is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormPartShape {
    File,
    Text,
    Json,
}

fn is_header_value(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

impl Builder<'_> {
    /// The bodies of an operation: the main method's and the others, or why it is skipped.
    pub(super) fn request_bodies(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        type_base: &str,
        at: &Pointer,
    ) -> Result<std::result::Result<(Body, Vec<Body>), Error>> {
        let Some(resolved) = self.resolve_body(body) else {
            return Err(self.error(at, "the request body `$ref` points to nothing"));
        };
        let resolved = resolved.clone();
        let choices = match choose(&resolved.content, |s| self.resolve(s)) {
            Ok(choices) => choices,
            Err(reason) => return Ok(Err(self.error(at, reason))),
        };
        let mut bodies = Vec::new();
        for (i, choice) in choices.iter().enumerate() {
            let main = i == 0;
            // A form type is made of its schema: an alternative multipart body gets one only
            // when no JSON body claims the schema (inline, or a component sent as a form).
            if !main && choice.encoding == BodyEncoding::Multipart && !self.is_form_schema(choice.media) {
                continue;
            }
            let context = if main {
                format!("{type_base}Request")
            } else {
                format!("{type_base}{}Request", naming::type_name(choice.encoding.method_suffix()))
            };
            let schema_at = at.join("content").join(choice.content_type).join("schema");
            let ty = match (&choice.media.schema, choice.encoding) {
                (_, BodyEncoding::Text) => Ty::String,
                (_, BodyEncoding::Binary) => Ty::File,
                (Some(schema), BodyEncoding::Json | BodyEncoding::UrlEncoded) => {
                    self.ty(schema, &context, &schema_at, Site::TOP)?
                }
                (Some(schema), BodyEncoding::Multipart) => self.ty(schema, &context, &schema_at, Site::FORM)?,
                (None, _) => Ty::Json,
            };
            // A form whose parts the document does not name (an object without properties, or
            // with only `additionalProperties`; docs renderers drop the fields) takes free-form
            // parts, text and files by name.
            let ty = if choice.encoding == BodyEncoding::Multipart && matches!(ty, Ty::Map(_) | Ty::Json) {
                Ty::FormParts
            } else {
                ty
            };
            // A form is an object's properties as parts: a union (or anything else) is not one.
            if choice.encoding == BodyEncoding::Multipart && ty != Ty::FormParts && !self.is_form_type(&ty) {
                if main {
                    return Ok(Err(
                        self.error(&schema_at, "a multipart body must be an object with properties; operation skipped")
                    ));
                }
                continue;
            }
            if choice.encoding == BodyEncoding::UrlEncoded && !matches!(&ty, Ty::Named(_) | Ty::Map(_) | Ty::Json) {
                if main {
                    return Ok(Err(self.error(
                        &schema_at,
                        "an application/x-www-form-urlencoded body must be an object; operation skipped",
                    )));
                }
                continue;
            }
            let property_styles =
                if choice.encoding == BodyEncoding::UrlEncoded { property_styles(choice.media) } else { Vec::new() };
            let part_types = if choice.encoding == BodyEncoding::Multipart {
                self.part_types(choice.media, &at.join("content").join(choice.content_type))
            } else {
                Vec::new()
            };
            // A body whose schema has required properties cannot be left out, whatever
            // `requestBody.required` says (docs pages omit it); an extra method exists to send
            // its kind of body, so there it is always required.
            let required = !main
                || resolved.required
                || choice.media.schema.as_ref().is_some_and(|schema| self.has_required_properties(schema));
            bodies.push(Body {
                ty,
                encoding: choice.encoding,
                content_type: sent_content_type(choice.encoding, choice.content_type),
                media_types: choice.all.iter().map(|t| (*t).to_owned()).collect(),
                property_styles,
                part_types,
                required,
                doc: resolved.description.as_deref().and_then(docs::sanitize),
            });
        }
        let main = bodies.remove(0);
        Ok(Ok((main, bodies)))
    }

    /// The `Content-Type`s a multipart body's `encoding` declares for its parts, as sent: a
    /// file part's default is the first type of the list that is no wildcard (the caller's
    /// `File` type still wins); a text part (a scalar, a list of them, a part the schema does
    /// not describe) takes the type only when exactly one is declared (`image/png, image/jpeg`
    /// on a URL field says what it points to); a JSON part (an object, a union, a list of
    /// them) takes a JSON type, and stays `application/json` with a warning for any other,
    /// since it cannot be written in that type.
    fn part_types(&mut self, media: &MediaType, at: &Pointer) -> Vec<(String, String)> {
        // The body's properties as its form type reads them: through `$ref`s and `allOf`, with
        // or without `type: object`.
        let properties = media.schema.as_ref().and_then(|s| self.object_properties(s));
        let mut types = Vec::new();
        for (name, encoding) in &media.encoding {
            let Some(declared) = encoding.content_type.as_deref() else { continue };
            let declared: Vec<&str> = declared.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
            let concrete = declared.iter().copied().find(|t| !t.contains('*') && is_header_value(t));
            let single = match declared.as_slice() {
                [one] if !one.contains('*') && is_header_value(one) => Some(*one),
                _ => None,
            };
            let schema = properties.as_ref().and_then(|p| p.get(name)).and_then(|s| self.property_schema(s));
            let chosen = match schema.map(|s| self.form_part_shape(s)) {
                Some(FormPartShape::File) => concrete,
                None | Some(FormPartShape::Text) => single,
                Some(FormPartShape::Json) => match single {
                    Some(t) if is_json(t) => Some(t),
                    _ => {
                        let pointer = at.join("encoding").join(name).join("contentType");
                        let list = declared.join(", ");
                        let warning = format!(
                            "the part `{name}` holds JSON and cannot be sent as `{list}`: it is sent as `application/json`"
                        );
                        self.warnings.push(self.error(&pointer, warning));
                        None
                    }
                },
            };
            if let Some(t) = chosen {
                types.push((name.clone(), t.to_owned()));
            }
        }
        types
    }

    /// What a form property is sent as: a file, text, or JSON.
    fn form_part_shape(&self, schema: &Schema) -> FormPartShape {
        let item = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                match array.items.as_ref().and_then(|items| self.property_schema(items)) {
                    Some(item) => item,
                    None => return FormPartShape::Text,
                }
            }
            _ => schema,
        };
        match &item.schema_kind {
            _ if is_binary(item) => FormPartShape::File,
            SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_)) => {
                FormPartShape::Text
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.typ.is_none() => FormPartShape::Text,
            _ => FormPartShape::Json,
        }
    }

    /// Whether `ty` is a multipart form type: defined as one, or a component still to be
    /// defined that an operation sends as its main multipart body.
    fn is_form_type(&self, ty: &Ty) -> bool {
        let Ty::Named(name) = ty else {
            return false;
        };
        match self.types.get(name) {
            Some(def) => matches!(def.kind, TypeKind::Form(..)),
            None => self
                .component_names
                .iter()
                .any(|(component, type_name)| type_name == name && self.form_schemas.contains(component)),
        }
    }

    /// Whether a multipart schema can be a form type of its own: inline, or a component that
    /// some operation sends as its main multipart body.
    fn is_form_schema(&self, media: &MediaType) -> bool {
        match &media.schema {
            Some(ReferenceOr::Item(_)) => true,
            Some(ReferenceOr::Reference { reference }) => reference
                .strip_prefix("#/components/schemas/")
                .is_some_and(|name| self.form_schemas.contains(&unescape_pointer_segment(name))),
            None => false,
        }
    }

    /// The component schema a body's main method sends, and whether as a multipart form (the
    /// choice `request_bodies` makes).
    pub(super) fn body_schema_ref(&self, body: &ReferenceOr<RequestBody>) -> Option<(String, bool)> {
        let body = self.resolve_body(body)?;
        let choices = choose(&body.content, |s| self.resolve(s)).ok()?;
        let main = choices.first()?;
        let form = match main.encoding {
            BodyEncoding::Json | BodyEncoding::UrlEncoded => false,
            BodyEncoding::Multipart => true,
            BodyEncoding::Text | BodyEncoding::Binary => return None,
        };
        match main.media.schema.as_ref()? {
            ReferenceOr::Reference { reference } => {
                reference.strip_prefix("#/components/schemas/").map(|name| (unescape_pointer_segment(name), form))
            }
            ReferenceOr::Item(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(content_type: &str) -> MediaKind {
        media_kind(content_type, None)
    }

    #[test]
    fn media_types_are_sorted_into_kinds() {
        use BodyEncoding::*;
        for (content_type, expected) in [
            ("application/json", MediaKind::Sendable(Json)),
            ("application/json; charset=utf-8", MediaKind::Sendable(Json)),
            ("application/merge-patch+json", MediaKind::Sendable(Json)),
            ("application/vnd.api.v2+json", MediaKind::Sendable(Json)),
            ("*/*+json", MediaKind::Sendable(Json)),
            ("multipart/form-data", MediaKind::Sendable(Multipart)),
            ("text/plain", MediaKind::Sendable(Text)),
            ("text/csv", MediaKind::Sendable(Text)),
            ("text/*", MediaKind::Sendable(Text)),
            ("application/octet-stream", MediaKind::Sendable(Binary)),
            ("application/pdf", MediaKind::Sendable(Binary)),
            ("image/jpeg", MediaKind::Sendable(Binary)),
            ("*/*", MediaKind::Sendable(Binary)),
            ("application/xml", MediaKind::Xml),
            ("text/xml", MediaKind::Xml),
            ("application/atom+xml", MediaKind::Xml),
            ("application/x-www-form-urlencoded", MediaKind::Sendable(UrlEncoded)),
            ("multipart/mixed", MediaKind::Unsupported),
            ("text/plain\u{7f}", MediaKind::Unsupported),
        ] {
            assert_eq!(kind(content_type), expected, "{content_type}");
        }
    }

    #[test]
    fn the_schema_decides_for_other_types() {
        let string: Schema = serde_json::from_value(serde_json::json!({"type": "string"})).unwrap();
        let binary: Schema = serde_json::from_value(serde_json::json!({"type": "string", "format": "binary"})).unwrap();
        let object: Schema = serde_json::from_value(serde_json::json!({"type": "object"})).unwrap();
        assert_eq!(media_kind("application/x-ndjson", Some(&string)), MediaKind::Sendable(BodyEncoding::Text));
        assert_eq!(media_kind("application/x-ndjson", Some(&object)), MediaKind::Sendable(BodyEncoding::Binary));
        assert_eq!(media_kind("text/plain", Some(&binary)), MediaKind::Sendable(BodyEncoding::Binary));
        assert_eq!(media_kind("application/json", Some(&binary)), MediaKind::Sendable(BodyEncoding::Json));
    }

    #[test]
    fn wildcards_send_the_plain_type_of_their_kind() {
        assert_eq!(sent_content_type(BodyEncoding::Binary, "*/*"), "application/octet-stream");
        assert_eq!(sent_content_type(BodyEncoding::Binary, "image/*"), "application/octet-stream");
        assert_eq!(sent_content_type(BodyEncoding::Text, "text/*"), "text/plain");
        assert_eq!(sent_content_type(BodyEncoding::Json, "*/*+json"), "application/json");
        assert_eq!(
            sent_content_type(BodyEncoding::Json, "application/json; charset=utf-8"),
            "application/json; charset=utf-8"
        );
    }

    #[test]
    fn json_comes_first_and_xml_beside_it_is_left_out() {
        let content: IndexMap<String, MediaType> = ["application/xml", "text/plain", "application/json", "image/png"]
            .into_iter()
            .map(|t| (t.to_owned(), MediaType::default()))
            .collect();
        let choices = choose(&content, |_| None).unwrap();
        let kinds: Vec<BodyEncoding> = choices.iter().map(|c| c.encoding).collect();
        assert_eq!(kinds, [BodyEncoding::Json, BodyEncoding::Text, BodyEncoding::Binary]);
    }

    #[test]
    fn application_json_is_preferred_among_json_types() {
        let content: IndexMap<String, MediaType> =
            ["application/cloudevents-batch+json", "application/json", "application/json; charset=utf-8"]
                .into_iter()
                .map(|t| (t.to_owned(), MediaType::default()))
                .collect();
        let choices = choose(&content, |_| None).unwrap();
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].content_type, "application/json");
        assert_eq!(
            choices[0].all,
            ["application/cloudevents-batch+json", "application/json", "application/json; charset=utf-8"]
        );
    }

    #[test]
    fn parts_are_read_as_the_form_type_reads_them_without_type_object_and_through_all_of() {
        // No `type: object` on the body; a file behind a lone `allOf`.
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /labels:
    post:
      operationId: print
      requestBody:
        content:
          multipart/form-data:
            schema:
              properties:
                meta: {type: object, properties: {copies: {type: integer}}}
                image: {allOf: [{$ref: '#/components/schemas/Bin'}], description: the image}
            encoding:
              meta: {contentType: application/xml}
              image: {contentType: 'image/png, image/jpeg'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Bin: {type: string, format: binary}
"#;
        let generated = crate::generated_from_text(spec);
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        // `meta` is JSON: not sent as XML, and said so; `image` is a file: its first type.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("/encoding/meta/contentType"), "{}", warnings[0]);
        let api = &generated.files["src/api.rs"];
        assert!(api.contains(r#"("image", "image/png")"#), "{api}");
        assert!(!api.contains("application/xml"), "{api}");
    }

    #[test]
    fn a_json_part_declared_in_another_type_is_sent_as_json_with_a_warning() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /labels:
    post:
      operationId: print
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                meta: {type: object, properties: {copies: {type: integer}}}
                note: {type: string}
            encoding:
              meta: {contentType: application/xml}
              note: {contentType: text/plain}
      responses:
        '204': {description: ok}
"#;
        let generated = crate::generated_from_text(spec);
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("/encoding/meta/contentType")
                && warnings[0].contains("cannot be sent as `application/xml`: it is sent as `application/json`"),
            "{}",
            warnings[0]
        );
        assert!(generated.files["src/api.rs"].contains(r#"("note", "text/plain")"#));
        assert!(!generated.files["src/api.rs"].contains("application/xml"));
    }

    #[test]
    fn xml_alone_is_reported() {
        let content: IndexMap<String, MediaType> =
            ["application/xml", "text/xml"].into_iter().map(|t| (t.to_owned(), MediaType::default())).collect();
        let reason = choose(&content, |_| None).err().unwrap();
        assert!(reason.contains("XML bodies are not supported"), "{reason}");
    }
}
