//! Responses: what a success returns, and the typed bodies of error statuses.

use openapiv3::{Operation, ReferenceOr, Response, Schema, SchemaKind, StatusCode, Type};

use super::ir::{ErrorStatus, ResponseForm, ResponseKind, Ty};
use super::read::{essence, is_binary, is_json, is_streaming, needs_type, unescape_pointer_segment};
use super::{Builder, Site};
use crate::error::{Error, Pointer, Result};
use crate::naming::{self};

/// What a success returns, the media type its method asks for when the response has other
/// forms, and those forms.
pub(super) type Success = (ResponseKind, Option<String>, Vec<ResponseForm>);

impl Builder<'_> {
    /// The error responses with a JSON schema: specific codes first, then ranges, then `default`.
    pub(super) fn error_responses(
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
            let ty = self.ty(schema, &context, &at.join("content").join(ct).join("schema"), Site::TOP)?;
            out.push((status, ty));
        }
        out.sort_by_key(|(status, _)| *status);
        Ok(out)
    }

    /// A response, following a `$ref` into `#/components/responses`.
    pub(super) fn resolve_response(&self, response: &ReferenceOr<Response>, at: &Pointer) -> Result<Response> {
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

    /// What a success returns, the media type to ask for when there are others, and the other
    /// forms the response offers (one more method each).
    pub(super) fn success_response(
        &mut self,
        op: &Operation,
        type_base: &str,
        pointer: &Pointer,
    ) -> Result<std::result::Result<Success, Error>> {
        let success = op.responses.responses.iter().find(|(code, _)| match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        });
        let Some((code, response)) = success else {
            return Ok(Ok((ResponseKind::Empty, None, Vec::new())));
        };
        let at = pointer.join("responses").join(code.to_string());
        let response = self.resolve_response(response, &at)?;
        let streaming = is_streaming(op);
        if response.content.is_empty() {
            // Fern marks some streams with no declared content: their bytes are still the answer.
            return Ok(Ok((if streaming { ResponseKind::Bytes } else { ResponseKind::Empty }, None, Vec::new())));
        }
        let context = format!("{type_base}Response");
        let mut forms: Vec<ResponseForm> = Vec::new();
        if let Some((ct, media)) = response.content.iter().find(|(ct, _)| is_json(ct)) {
            let ty = match &media.schema {
                Some(schema) => self.ty(schema, &context, &at.join("content").join(ct).join("schema"), Site::TOP)?,
                None => Ty::Json,
            };
            let response = if streaming { ResponseKind::JsonStream(ty) } else { ResponseKind::Json(ty) };
            forms.push(ResponseForm { suffix: "json", response, media_type: essence(ct) });
        }
        if let Some((ct, media)) = response.content.iter().find(|(ct, _)| essence(ct) == "text/event-stream") {
            let at = at.join("content").join(ct).join("schema");
            let events_context = if response.content.len() > 1 { format!("{type_base}Event") } else { context.clone() };
            // Fern labels its streams `text/event-stream` (`x-fern-streaming`, and docs pages,
            // which normalize marks so): binary audio (`format: binary`) or JSON chunks (an
            // object schema). Elsewhere, a schema types each event's data.
            let response = match &media.schema {
                Some(ReferenceOr::Item(schema)) if is_binary(schema) => ResponseKind::Bytes,
                Some(schema @ ReferenceOr::Reference { .. }) => {
                    let ty = self.ty(schema, &events_context, &at, Site::TOP)?;
                    if streaming { ResponseKind::JsonStream(ty) } else { ResponseKind::Events(Some(ty)) }
                }
                Some(ReferenceOr::Item(schema)) if needs_type(schema) => {
                    let ty = self.inline(schema, &events_context, &at, Site::TOP)?;
                    if streaming { ResponseKind::JsonStream(ty) } else { ResponseKind::Events(Some(ty)) }
                }
                _ => ResponseKind::Events(None),
            };
            forms.push(ResponseForm { suffix: "stream", response, media_type: "text/event-stream".to_owned() });
        }
        if let Some((ct, media)) = response.content.iter().find(|(ct, _)| is_multipart(ct)) {
            let at = at.join("content").join(ct).join("schema");
            let json = match &media.schema {
                Some(schema) => self.json_part(schema, &context, &at)?,
                None => None,
            };
            forms.push(ResponseForm { suffix: "parts", response: ResponseKind::Parts(json), media_type: essence(ct) });
        }
        // Audio, video, archives, CSV, HTML, plain text: the bytes as they come.
        let others = response
            .content
            .keys()
            .filter(|ct| !is_json(ct) && essence(ct) != "text/event-stream" && !is_multipart(ct));
        for ct in others {
            let suffix = if essence(ct).starts_with("text/") { "text" } else { "bytes" };
            if forms.iter().any(|f| f.response == ResponseKind::Bytes) {
                continue;
            }
            forms.push(ResponseForm { suffix, response: ResponseKind::Bytes, media_type: essence(ct) });
        }
        // The main method: JSON, else the bytes (audio that may also come as events), else
        // the events. Events beside JSON are its `_stream`, beside bytes its `_events`.
        let main_at = forms
            .iter()
            .position(|f| f.suffix == "json")
            .or_else(|| forms.iter().position(|f| f.suffix != "stream"))
            .unwrap_or(0);
        let main = forms.remove(main_at);
        if main.suffix != "json" {
            forms.iter_mut().filter(|f| f.suffix == "stream").for_each(|f| f.suffix = "events");
        }
        // A form that returns what the main method returns is no method of its own.
        forms.retain(|f| f.response != main.response);
        // With other forms, the main method asks for its own media type.
        let accept = (!forms.is_empty()).then_some(main.media_type);
        Ok(Ok((main.response, accept, forms)))
    }

    /// The type of a multipart answer's JSON part: the schema is an object whose properties
    /// are its parts, and exactly one of them is not binary. `None`: the parts as they come.
    fn json_part(&mut self, schema: &ReferenceOr<Schema>, context: &str, at: &Pointer) -> Result<Option<Ty>> {
        let (object, at) = match schema {
            ReferenceOr::Item(s) => (s, at.clone()),
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        let SchemaKind::Type(Type::Object(object)) = &object.schema_kind else { return Ok(None) };
        let mut json = object.properties.iter().filter(|(_, p)| !matches!(p, ReferenceOr::Item(p) if is_binary(p)));
        let (Some((name, part)), None) = (json.next(), json.next()) else { return Ok(None) };
        let part = part.clone().unbox();
        let ty = self.ty(&part, &format!("{context}Json"), &at.join("properties").join(name), Site::TOP)?;
        // A scalar may come as a text part: only structured values are read as the JSON part.
        Ok(matches!(ty, Ty::Named(_) | Ty::List(_) | Ty::Map(_) | Ty::Json).then_some(ty))
    }
}

/// `multipart/mixed`, `multipart/related` …: a body of parts.
fn is_multipart(content_type: &str) -> bool {
    essence(content_type).starts_with("multipart/")
}
