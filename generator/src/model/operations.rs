//! Operations → methods: the name, path segments, parameters and request body of each call
//! (what the caller passes, and how, is settled once every method and type is known:
//! `model::calls`).

use openapiv3::{Operation, Parameter, ReferenceOr};

use super::Builder;
use super::groups::group_of;
use super::ir::{Auth, HttpMethod, Location, Method, Param, Piece};
use super::params::SpecParam;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::naming;

impl Builder<'_> {
    /// One operation; `Ok(Err(_))` when it is skipped (reported, generation goes on).
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        op: &Operation,
        shared_params: &[ReferenceOr<Parameter>],
        auth: &Auth,
        pointer: &Pointer,
    ) -> Result<std::result::Result<(Vec<String>, Method), Error>> {
        let group = self.channel_group(op, path, group_of(op));
        // Name candidates, best first; a collision moves the colliding methods down their lists.
        let fern_name = op.extensions.get("x-fern-sdk-method-name").and_then(serde_json::Value::as_str);
        let mut candidates: Vec<String> = Vec::new();
        let route = format!("{} {path}", method.as_str().to_ascii_lowercase());
        for raw in [fern_name, op.operation_id.as_deref(), Some(&route)].into_iter().flatten() {
            let name = naming::method_name(raw);
            if !candidates.contains(&name) {
                candidates.push(name);
            }
        }
        let raw_name = fern_name.or(op.operation_id.as_deref()).map_or_else(|| route.clone(), str::to_owned);
        let method_name = candidates.remove(0);
        // Inline types of the operation (params, request, response) are named after the group
        // path and the operation: `ItemsListRequest`, `ItemsListResponse`.
        let type_base: String =
            group.iter().map(|g| naming::type_name(g)).chain([naming::type_name(&raw_name)]).collect();

        // Parameters: the operation's own, then the path item's unless overridden.
        let mut params: Vec<SpecParam> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            params.push(self.parameter(p, &pointer.join("parameters").join(i))?);
        }
        let item_pointer = {
            let mut p = pointer.clone();
            p.pop();
            p
        };
        for (i, p) in shared_params.iter().enumerate() {
            let shared = self.parameter(p, &item_pointer.join("parameters").join(i))?;
            if !params.iter().any(|q| q.data.name == shared.data.name && q.location == shared.location) {
                params.push(shared);
            }
        }

        let mut path_params = Vec::new();
        let template = parse_template(path);
        for name in template.iter().filter_map(|p| match p {
            TemplatePiece::Param(name) => Some(name),
            TemplatePiece::Literal(_) | TemplatePiece::Slash => None,
        }) {
            let Some(param) = params.iter().find(|p| p.location == Location::Path && &p.data.name == name) else {
                return Err(self
                    .error(
                        pointer,
                        format!("the path template uses `{{{name}}}`, but no path parameter `{name}` is declared"),
                    )
                    .with_hint(format!("add a parameter `{name}` with `in: path` to the operation or its path item")));
            };
            let context = naming::type_name(&format!("{raw_name} {name}"));
            let (ty, style, _) = self.param_type(param, &context)?;
            path_params.push(Param {
                wire: name.clone(),
                ty,
                location: Location::Path,
                style,
                explode: param.explode(),
                required: true,
                doc: param.data.description.as_deref().and_then(docs::sanitize),
                deprecated: param.data.deprecated == Some(true),
                default: param.default(),
                pointer: param.at.to_string(),
            });
        }
        let mut other_params = Vec::new();
        for param in &params {
            let data = &param.data;
            // The auth header is the client's; `Accept`, `Content-Type` and `Authorization`
            // header parameters are ignored (OpenAPI: the request's own headers say these).
            let is_auth = param.location == Location::Header
                && (auth.header().is_some_and(|h| h.eq_ignore_ascii_case(&data.name))
                    || ["accept", "content-type", "authorization"].iter().any(|h| h.eq_ignore_ascii_case(&data.name)));
            if param.location == Location::Path || is_auth {
                continue;
            }
            let context = naming::type_name(&format!("{raw_name} {}", data.name));
            // A parameter is left out or sent: a nullable one is simply optional.
            let (ty, style, _) = self.param_type(param, &context)?;
            other_params.push(Param {
                wire: data.name.clone(),
                ty,
                location: param.location,
                style,
                explode: param.explode(),
                required: data.required,
                doc: data.description.as_deref().and_then(docs::sanitize),
                deprecated: data.deprecated == Some(true),
                default: param.default(),
                pointer: param.at.to_string(),
            });
        }
        // A header parameter that carries an idempotency key: the first the operation declares.
        let idempotency_header = other_params
            .iter()
            .filter(|p| p.location == Location::Header)
            .map(|p| &p.wire)
            .find(|name| self.idempotency_headers.iter().any(|h| h.eq_ignore_ascii_case(name)))
            .cloned();

        let segments = segments_of(&template, &path_params);

        let (body, other_bodies) = match &op.request_body {
            None => (None, Vec::new()),
            Some(body) => match self.request_bodies(body, &type_base, &pointer.join("requestBody"))? {
                Ok((main, others)) => (Some(main), others),
                Err(skip) => return Ok(Err(skip)),
            },
        };

        let socket = op.extensions.get(crate::load::asyncapi::SOCKET_EXTENSION);
        let (response, accept, other_responses) = match socket {
            Some(extension) => (self.socket(extension, &type_base, pointer)?, None, Vec::new()),
            None => match self.success_response(op, &type_base, pointer)? {
                Ok(r) => r,
                Err(skip) => return Ok(Err(skip)),
            },
        };
        let errors = self.error_responses(op, &type_base, pointer)?;

        let doc = method_doc(op);
        Ok(Ok((
            group,
            Method {
                name: method_name,
                doc,
                deprecated: op.deprecated,
                http_method: method,
                path_template: path.to_owned(),
                operation_id: op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}")),
                segments,
                path_params,
                params: other_params,
                body,
                other_bodies,
                variant_of: None,
                response,
                pointer: pointer.to_string(),
                alternatives: candidates,
                errors,
                decoder: None,
                idempotency_header,
                call_type: String::new(),
                args: Vec::new(),
                setters: Vec::new(),
                pager: None,
                other_responses,
                accept,
                stream_flag: None,
            },
        )))
    }
}

pub(super) fn method_doc(op: &Operation) -> Option<String> {
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

pub(super) enum TemplatePiece {
    Slash,
    Literal(String),
    Param(String),
}

pub(super) fn parse_template(path: &str) -> Vec<TemplatePiece> {
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

pub(super) fn segments_of(template: &[TemplatePiece], params: &[Param]) -> Vec<Vec<Piece>> {
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
    // A template that ends in `/` (`/datasets/`) is sent so: its last segment is empty.
    let trailing = matches!(template.last(), Some(TemplatePiece::Slash)) && !segments.is_empty();
    if started && (!current.is_empty() || trailing) {
        segments.push(if current.is_empty() { vec![Piece::Literal(String::new())] } else { current });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ty;

    #[test]
    fn templates_split_into_segments() {
        let params = vec![Param {
            wire: "id".into(),
            ty: Ty::String,
            location: Location::Path,
            style: super::super::ir::ParamStyle::Simple,
            explode: false,
            required: true,
            doc: None,
            deprecated: false,
            default: None,
            pointer: String::new(),
        }];
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
        // A trailing slash is kept (FastAPI answers `/datasets` with a redirect, or a 404).
        let segments = segments_of(&parse_template("/datasets/"), &params);
        assert_eq!(segments, vec![vec![Piece::Literal("datasets".into())], vec![Piece::Literal(String::new())]]);
        assert!(segments_of(&parse_template("/"), &params).is_empty());
    }
}
