//! Objects: `allOf` parts merged into one set of properties, and the fields they become.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Builder;
use super::ir::Field;
use super::schemas::{field_doc, lone_all_of};
use crate::error::{Pointer, Result};
use crate::naming::{self, Namespace};

impl Builder<'_> {
    /// The properties of one `allOf` part (inline or referenced).
    #[allow(clippy::type_complexity)]
    pub(super) fn object_parts(
        &self,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Result<(IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<String>, Pointer)> {
        self.object_parts_within(part, pointer, &mut Vec::new())
    }

    /// `within`: the components being merged, to refuse an `allOf` that contains itself.
    #[allow(clippy::type_complexity)]
    pub(super) fn object_parts_within(
        &self,
        part: &ReferenceOr<Schema>,
        pointer: &Pointer,
        within: &mut Vec<String>,
    ) -> Result<(IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<String>, Pointer)> {
        let (schema, at) = match part {
            ReferenceOr::Item(s) => (s, pointer.clone()),
            ReferenceOr::Reference { reference } => match self.component(reference) {
                Some(found) => found,
                None => {
                    return Err(
                        self.error(&pointer.join("$ref"), format!("`$ref` points to a missing schema `{reference}`"))
                    );
                }
            },
        };
        if within.iter().any(|p| p == at.as_str()) {
            return Err(self.error(&at, "an `allOf` that includes itself describes no finite object"));
        }
        let (own, all_of): (Option<(&IndexMap<_, _>, &Vec<String>)>, &[ReferenceOr<Schema>]) = match &schema.schema_kind
        {
            SchemaKind::Type(Type::Object(o)) => (Some((&o.properties, &o.required)), &[]),
            SchemaKind::Any(a) => (Some((&a.properties, &a.required)), &a.all_of),
            SchemaKind::AllOf { all_of } => (None, all_of),
            _ => return Err(self.error(&at, "an `allOf` part that is not an object is not supported")),
        };
        let mut props = IndexMap::new();
        let mut all_required = Vec::new();
        within.push(at.to_string());
        for (i, inner) in all_of.iter().enumerate() {
            let (p, r, _) = self.object_parts_within(inner, &at.join("allOf").join(i), within)?;
            props.extend(p);
            all_required.extend(r);
        }
        within.pop();
        if let Some((properties, required)) = own {
            props.extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
            all_required.extend(required.iter().cloned());
        }
        Ok((props, all_required, at))
    }

    pub(super) fn fields(
        &mut self,
        owner: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let at = pointer.join("properties").join(wire);
            let context = format!("{owner}{}", naming::type_name(wire));
            let ty = self.ty_boxed(schema, &context, &at)?;
            let nullable = self.nullable_of(schema);
            let (doc, deprecated) = match schema {
                ReferenceOr::Item(s) => (field_doc(s), s.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (None, false),
            };
            fields.push(Field {
                name: naming::field_name(wire),
                wire: wire.clone(),
                ty,
                required: required.contains(wire),
                nullable,
                doc,
                deprecated,
            });
        }
        dedupe_field_names(&mut fields);
        Ok(fields)
    }

    pub(super) fn has_required_properties(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.object_parts(schema, &Pointer::root()).is_ok_and(|(_, required, _)| !required.is_empty())
    }

    /// Whether a property schema admits `null`: its own `nullable`, or that of the schema it
    /// refers to (directly or as a lone `allOf` member).
    pub(super) fn nullable_of(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        match schema {
            ReferenceOr::Reference { reference } => self.target_nullable(reference),
            ReferenceOr::Item(s) => {
                s.schema_data.nullable
                    || match &s.schema_kind {
                        SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.member_nullable(&all_of[0]),
                        SchemaKind::Any(any) => lone_all_of(any).is_some_and(|only| self.member_nullable(only)),
                        _ => false,
                    }
            }
        }
    }

    pub(super) fn member_nullable(&self, member: &ReferenceOr<Schema>) -> bool {
        self.resolve(member).is_some_and(|s| s.schema_data.nullable)
    }

    pub(super) fn target_nullable(&self, reference: &str) -> bool {
        self.component(reference).is_some_and(|(s, _)| s.schema_data.nullable)
    }
}

/// Rust field names must differ even where wire names only differ in punctuation.
pub(super) fn dedupe_field_names(fields: &mut [Field]) {
    let mut names = Namespace::default();
    for field in fields {
        field.name = names.claim(&field.name);
    }
}
