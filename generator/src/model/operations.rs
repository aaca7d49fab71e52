//! Operations → methods: the name, path segments, parameters and request body of each call.

use openapiv3::{Operation, Parameter, ReferenceOr};

use super::Builder;
use super::groups::{group_of, method_display};
use super::ir::{Auth, Field, Location, Method, Param, ParamField, Params, Piece, TypeDef, TypeKind};
use super::params::SpecParam;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::naming::{self, Namespace};

impl Builder<'_> {
    /// One operation; `Ok(Err(_))` when it is skipped (reported, generation goes on).
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &Operation,
        shared_params: &[ReferenceOr<Parameter>],
        auth: &Auth,
        pointer: &Pointer,
    ) -> Result<std::result::Result<(Vec<String>, Method), Error>> {
        let group = self.channel_group(op, path, group_of(op));
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

        let mut arg_names = Namespace::with_reserved(["self", "body", "request"]);
        let mut path_params = Vec::new();
        let template = parse_template(path);
        for name in template.iter().filter_map(|p| match p {
            TemplatePiece::Param(name) => Some(name),
            TemplatePiece::Literal(_) | TemplatePiece::Slash => None,
        }) {
            let Some(param) = params.iter().find(|p| p.location == "path" && &p.data.name == name) else {
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
                name: arg_names.claim(&naming::field_name(name)),
                wire: name.clone(),
                ty,
                style,
                explode: param.explode(),
                doc: param.data.description.as_deref().and_then(docs::sanitize),
                pointer: param.at.to_string(),
            });
        }
        let mut param_fields = Vec::new();
        let mut field_names = Namespace::default();
        for param in &params {
            let data = &param.data;
            // The auth header is the client's; `Accept`, `Content-Type` and `Authorization`
            // header parameters are ignored (OpenAPI: the request's own headers say these).
            let is_auth = param.location == "header"
                && (auth.header().is_some_and(|h| h.eq_ignore_ascii_case(&data.name))
                    || ["accept", "content-type", "authorization"].iter().any(|h| h.eq_ignore_ascii_case(&data.name)));
            let location = match param.location {
                "path" => continue,
                _ if is_auth => continue,
                "query" => Location::Query,
                "header" => Location::Header,
                _ => Location::Cookie,
            };
            let context = naming::type_name(&format!("{raw_name} {}", data.name));
            let (ty, style, nullable) = self.param_type(param, &context)?;
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
                    base64: false,
                },
                location,
                style,
                explode: param.explode(),
                pointer: param.at.to_string(),
            });
        }
        // A header parameter that carries an idempotency key: the first the operation declares.
        let idempotency_header = param_fields
            .iter()
            .filter(|p| p.location == Location::Header)
            .map(|p| &p.field.wire)
            .find(|name| self.idempotency_headers.iter().any(|h| h.eq_ignore_ascii_case(name)))
            .cloned();
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
                    doc: Some(format!(
                        "Query, header and cookie parameters of `{}`.",
                        method_display(&group, &method_name)
                    )),
                    origin: pointer.join("parameters").to_string(),
                    deprecated: false,
                    kind: TypeKind::Params(param_fields.clone()),
                    same_as: None,
                },
            );
            Some(Params { type_name, fields: param_fields, all_optional })
        };

        let segments = segments_of(&template, &path_params);

        let (body, other_bodies) = match &op.request_body {
            None => (None, Vec::new()),
            Some(body) => match self.request_bodies(body, &type_base, &pointer.join("requestBody"))? {
                Ok((main, others)) => (Some(main), others),
                Err(skip) => return Ok(Err(skip)),
            },
        };

        let socket = op.extensions.get(crate::load::asyncapi::SOCKET_EXTENSION);
        let response = match socket {
            Some(extension) => self.socket(extension, &type_base, pointer)?,
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
                http_method: method.to_ascii_uppercase(),
                path_template: path.to_owned(),
                segments,
                path_params,
                body,
                other_bodies,
                params: params_struct,
                response,
                pointer: pointer.to_string(),
                alternatives: candidates,
                errors,
                idempotency_header,
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
    if started && !current.is_empty() {
        segments.push(current);
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
            name: "id".into(),
            wire: "id".into(),
            ty: Ty::String,
            style: super::super::ir::ParamStyle::Simple,
            explode: false,
            doc: None,
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
    }
}
