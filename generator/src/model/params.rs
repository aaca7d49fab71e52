//! Parameters and request-body encodings: where each parameter goes, its `style`/`explode`,
//! its type (from `schema`, or from `content`), and which of a body's media types is sent.

use openapiv3::{
    CookieStyle, HeaderStyle, MediaType, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr,
};

use super::ir::{Location, ParamStyle, PropertyStyle, Ty};
use super::read::{is_json, unescape_pointer_segment};
use super::{Builder, Site};
use crate::error::{Pointer, Result};

/// A parameter of an operation as the spec gives it, `$ref` resolved.
pub(super) struct SpecParam {
    /// Where it is defined (a JSON pointer).
    pub at: Pointer,
    /// Name, schema or content, `required`, `explode` …
    pub data: ParameterData,
    /// Where it is sent.
    pub location: Location,
    /// Its `style` (the location's default when not given).
    pub style: ParamStyle,
}

impl SpecParam {
    /// `explode` as given, else the style's default.
    pub fn explode(&self) -> bool {
        self.data.explode.unwrap_or(self.style.default_explode())
    }

    /// Its schema's `default`, as JSON text (an inline schema's; a `$ref`'s is not looked up).
    pub fn default(&self) -> Option<String> {
        match &self.data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                schema.schema_data.default.as_ref().map(serde_json::Value::to_string)
            }
            _ => None,
        }
    }
}

impl Builder<'_> {
    /// A parameter of an operation or path item, resolving a `#/components/parameters` `$ref`.
    pub(super) fn parameter(&self, p: &ReferenceOr<Parameter>, pointer: &Pointer) -> Result<SpecParam> {
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
        let (location, style) = match param {
            Parameter::Path { style, .. } => (
                Location::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                },
            ),
            Parameter::Query { style, .. } => (Location::Query, query_style(style)),
            Parameter::Header { style: HeaderStyle::Simple, .. } => (Location::Header, ParamStyle::Simple),
            Parameter::Cookie { style: CookieStyle::Form, .. } => (Location::Cookie, ParamStyle::Form),
        };
        Ok(SpecParam { at, data: param.parameter_data_ref().clone(), location, style })
    }

    /// The type of a parameter's value and the style it is sent in: from `schema` with the
    /// parameter's style, or from `content` (its one media type): a JSON media type sends the
    /// value as JSON text, another one as the style says. A `content` without a schema is a
    /// string (any JSON value for a JSON media type).
    pub(super) fn param_type(&mut self, param: &SpecParam, context: &str) -> Result<(Ty, ParamStyle, bool)> {
        let (schema, style, at) = match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => (Some(schema), param.style, param.at.join("schema")),
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media_type, media)) => {
                    let json = is_json(media_type);
                    let style = if json { ParamStyle::Json } else { param.style };
                    let at = param.at.join("content").join(media_type).join("schema");
                    match &media.schema {
                        Some(schema) => (Some(schema), style, at),
                        None => return Ok((if json { Ty::Json } else { Ty::String }, style, false)),
                    }
                }
                None => return Ok((Ty::String, param.style, false)),
            },
        };
        let Some(schema) = schema else { return Ok((Ty::String, style, false)) };
        let ty = self.ty(schema, context, &at, Site::TOP)?;
        let nullable = match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { reference } => self.target_nullable(reference),
        };
        Ok((ty, style, nullable))
    }
}

fn query_style(style: &QueryStyle) -> ParamStyle {
    match style {
        QueryStyle::Form => ParamStyle::Form,
        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

/// The `encoding` entries of a form body that lay a property out otherwise than `form`,
/// exploded, in the document's order. `explode` as parsed: normalize has made the `form`
/// default explicit.
pub(super) fn property_styles(media: &MediaType) -> Vec<PropertyStyle> {
    media
        .encoding
        .iter()
        .map(|(name, e)| PropertyStyle {
            property: name.clone(),
            style: e.style.as_ref().map_or(ParamStyle::Form, query_style),
            explode: e.explode,
        })
        .filter(|p| (p.style, p.explode) != (ParamStyle::Form, true))
        .collect()
}
