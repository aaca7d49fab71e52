//! Schemas → Rust types: references, inline schemas, and the named types they define.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::ir::{Members, StringEnum, Ty, TypeDef, TypeKind};
use super::objects::{AllOfShape, dedupe_field_names};
use super::read::{all_of_only, is_binary, needs_type, type_doc, unescape_pointer_segment};
use super::{Builder, MAX_DEPTH, Site, schemas};
use crate::error::{Pointer, Result};
use crate::naming::{self, Namespace};

impl Builder<'_> {
    /// The Rust type of a schema at `pointer`, typed at `site`; inline objects, enums and
    /// unions become named types called `context`.
    pub(super) fn ty(
        &mut self,
        schema: &ReferenceOr<Schema>,
        context: &str,
        pointer: &Pointer,
        site: Site,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, site),
            ReferenceOr::Item(schema) => self.inline(schema, context, pointer, site),
        }
    }

    pub(super) fn ty_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        context: &str,
        pointer: &Pointer,
        site: Site,
    ) -> Result<Ty> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer, site),
            ReferenceOr::Item(schema) => self.inline(schema, context, pointer, site),
        }
    }

    pub(super) fn reference(&mut self, reference: &str, pointer: &Pointer, site: Site) -> Result<Ty> {
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
        let result = self.ty(target, &context, &target_pointer, site);
        self.alias_stack.pop();
        result
    }

    pub(super) fn inline(&mut self, schema: &Schema, context: &str, pointer: &Pointer, site: Site) -> Result<Ty> {
        if let Some(parts) = all_of_only(schema)
            && let AllOfShape::Part(i, part) = self.all_of_shape(parts)
        {
            return self.ty(part, context, &pointer.join("allOf").join(i), site);
        }
        if needs_type(schema) {
            // One schema, one type: a place in the spec reached again (the properties of a
            // component merged into several `allOf`s, or into itself) reuses its type. This
            // also ends the recursion of an `allOf` that contains its own container.
            if let Some(name) = self.inline_types.get(pointer.as_str()) {
                return Ok(Ty::Named(name.clone()));
            }
            if site.depth >= MAX_DEPTH {
                return Err(self.error(pointer, format!("schemas nest more than {MAX_DEPTH} levels deep here")));
            }
            let name = self.names.claim(context);
            self.inline_types.insert(pointer.to_string(), name.clone());
            self.define(&name, schema, pointer, site)?;
            return Ok(Ty::Named(name));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) if site.files && is_binary(schema) => Ok(Ty::File),
            SchemaKind::Type(Type::String(_)) => Ok(Ty::String),
            SchemaKind::Type(Type::Integer(i)) => Ok(match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(Ty::F64),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Ty::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.ty_boxed(items, &format!("{context}Item"), &pointer.join("items"), site)?,
                    None => Ty::Json,
                };
                Ok(Ty::List(Box::new(self.nullable_item(item, a.items.as_ref()))))
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.additional(o.additional_properties.as_ref(), context, pointer, site)
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() => {
                self.additional(any.additional_properties.as_ref(), context, pointer, site)
            }
            _ => Ok(Ty::Json),
        }
    }

    /// Builds the named type `name` for a schema that `needs_type`, met at `site`.
    pub(super) fn define(&mut self, name: &str, schema: &Schema, pointer: &Pointer, site: Site) -> Result<()> {
        let kind = match self.define_kind(name, schema, pointer, site.inside())? {
            TypeKind::Struct(fields, constants) if site.form => TypeKind::Form(fields, constants),
            kind => kind,
        };
        // The schema's own name, as the spec writes it (`#/components/schemas/{name}`).
        let own = pointer.as_str().strip_prefix("#/components/schemas/").map(unescape_pointer_segment);
        let names: Vec<&str> = [Some(name), own.as_deref()].into_iter().flatten().collect();
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                doc: type_doc(schema, &names),
                origin: pointer.to_string(),
                deprecated: schema.schema_data.deprecated,
                kind,
                same_as: None,
                members: Members::default(),
                features: Vec::new(),
            },
        );
        Ok(())
    }

    /// An object's struct: its constants apart, the other properties as fields.
    fn object(
        &mut self,
        name: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
        site: Site,
    ) -> Result<TypeKind> {
        let (properties, constants) = self.constants_apart(properties, required);
        Ok(TypeKind::Struct(self.fields(name, &properties, required, pointer, site)?, constants))
    }

    /// What the type `name` of a schema is; `site` is inside it (where its fields are typed).
    fn define_kind(&mut self, name: &str, schema: &Schema, pointer: &Pointer, site: Site) -> Result<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => TypeKind::Enum(string_enum(&s.enumeration)),
            SchemaKind::Type(Type::Integer(i)) => {
                TypeKind::IntEnum(int_enum(&i.enumeration, &schema.schema_data.extensions))
            }
            SchemaKind::Type(Type::Object(o)) => self.object(name, &o.properties, &o.required, pointer, site)?,
            SchemaKind::Any(any) if !any.properties.is_empty() && any.all_of.is_empty() => {
                self.object(name, &any.properties, &any.required, pointer, site)?
            }
            SchemaKind::Any(any) if !any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                // Properties of its own beside `allOf` parts: one struct with all of them.
                let own = ReferenceOr::Item(schema.clone());
                let (props, required, at) = self.object_parts(&own, pointer)?;
                self.object(name, &props, &required, &at, site)?
            }
            SchemaKind::OneOf { one_of: members } => {
                self.union(name, members, discriminator, &pointer.join("oneOf"), site)?
            }
            SchemaKind::AnyOf { any_of: members } => {
                self.union(name, members, discriminator, &pointer.join("anyOf"), site)?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.union(name, &any.one_of, discriminator, &pointer.join("oneOf"), site)?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.union(name, &any.any_of, discriminator, &pointer.join("anyOf"), site)?
            }
            SchemaKind::AllOf { all_of } | SchemaKind::Any(AnySchema { all_of, .. }) if all_of.len() > 1 => {
                // Every part's properties, in order; a property in several parts keeps the
                // first part's schema, and is required when any part (or the schema) says so.
                let mut required: Vec<String> = match &schema.schema_kind {
                    SchemaKind::Any(any) => any.required.clone(),
                    _ => Vec::new(),
                };
                let mut parts = Vec::with_capacity(all_of.len());
                for (i, part) in all_of.iter().enumerate() {
                    let (props, part_required, at) = self.object_parts(part, &pointer.join("allOf").join(i))?;
                    required.extend(part_required);
                    parts.push((props, at));
                }
                let mut seen = BTreeSet::new();
                let mut fields = Vec::new();
                let mut constants = Vec::new();
                for (props, at) in parts {
                    let props: IndexMap<_, _> =
                        props.into_iter().filter(|(wire, _)| seen.insert(wire.clone())).collect();
                    let (props, fixed) = self.constants_apart(&props, &required);
                    fields.extend(self.fields(name, &props, &required, &at, site)?);
                    constants.extend(fixed);
                }
                dedupe_field_names(&mut fields);
                TypeKind::Struct(fields, constants)
            }
            _ => return Err(self.error(pointer, "this schema does not describe a type")),
        };
        Ok(kind)
    }

    pub(super) fn nullable_item(&self, item: Ty, schema: Option<&ReferenceOr<Box<Schema>>>) -> Ty {
        match schema {
            Some(ReferenceOr::Item(s)) if s.schema_data.nullable => Ty::Option(Box::new(item)),
            _ => item,
        }
    }

    pub(super) fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        context: &str,
        pointer: &Pointer,
        site: Site,
    ) -> Result<Ty> {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.ty(schema, &format!("{context}Value"), &pointer.join("additionalProperties"), site)?;
                Ok(Ty::Map(Box::new(value)))
            }
            _ => Ok(Ty::Map(Box::new(Ty::Json))),
        }
    }
}

/// Constant names: `x-enum-varnames` when the spec gives them, else `V{value}`.
pub(super) fn int_enum(values: &[Option<i64>], extensions: &IndexMap<String, serde_json::Value>) -> Vec<(String, i64)> {
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

pub(super) fn string_enum(values: &[Option<String>]) -> StringEnum {
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
