//! Responses: what a success returns, and the typed bodies of error statuses.

use openapiv3::{Operation, ReferenceOr, Response, StatusCode};

use super::ir::{ErrorStatus, ResponseKind, Ty};
use super::read::{essence, is_binary, is_json, is_streaming, needs_type, unescape_pointer_segment};
use super::{Builder, Site};
use crate::error::{Error, Pointer, Result};
use crate::naming::{self};

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

    pub(super) fn success_response(
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
                Some(schema) => self.ty(schema, &context, &at.join("content").join(ct).join("schema"), Site::TOP)?,
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
                    let ty = self.ty(schema, &context, &at.join("content").join(ct).join("schema"), Site::TOP)?;
                    ResponseKind::JsonStream(ty)
                }
                Some(ReferenceOr::Item(schema)) if needs_type(schema) => {
                    let ty = self.inline(schema, &context, &at.join("content").join(ct).join("schema"), Site::TOP)?;
                    ResponseKind::JsonStream(ty)
                }
                _ => ResponseKind::Events,
            }));
        }
        // Audio, video, archives, CSV, HTML, plain text, multipart/mixed: the bytes as they come.
        Ok(Ok(ResponseKind::Bytes))
    }
}
