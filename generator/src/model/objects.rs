//! Objects: `allOf` parts merged into one set of properties, and the fields they become.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::ir::{Constant, Field};
use super::read::{all_of_only, field_doc, is_base64, one_string};
use super::{Builder, Site};
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
        // The parts' shapes share what they look into (a schema two parts reach is seen once).
        let mut seen = Seen::new();
        for (i, inner) in all_of.iter().enumerate() {
            // A scalar beside objects (`allOf: [Base, {type: string}]`) adds no properties.
            if self.part_shape(inner, 0, &mut seen) == PartShape::Other && self.resolve(inner).is_some() {
                continue;
            }
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

    /// The fields of the properties of the struct `owner`, typed at `site` (inside it).
    pub(super) fn fields(
        &mut self,
        owner: &str,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &Pointer,
        site: Site,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, schema) in properties {
            let at = pointer.join("properties").join(wire);
            let context = format!("{owner}{}", naming::type_name(wire));
            let ty = self.ty_boxed(schema, &context, &at, site)?;
            let nullable = self.nullable_of(schema);
            let (doc, deprecated) = match schema {
                ReferenceOr::Item(s) => (field_doc(s), s.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (None, false),
            };
            let base64 = match schema {
                ReferenceOr::Item(s) => is_base64(s),
                ReferenceOr::Reference { .. } => false,
            };
            let required = required.contains(wire);
            // What a required property reads as when a response leaves it out.
            let default = match schema {
                ReferenceOr::Item(s) => s.schema_data.default.clone(),
                ReferenceOr::Reference { reference } => {
                    self.component(reference).and_then(|(s, _)| s.schema_data.default.clone())
                }
            };
            let default = default.filter(|d| required && !nullable && !d.is_null()).map(|d| d.to_string());
            fields.push(Field {
                name: naming::field_name(wire),
                wire: wire.clone(),
                ty,
                required,
                nullable,
                doc,
                deprecated,
                base64,
                default,
            });
        }
        dedupe_field_names(&mut fields);
        Ok(fields)
    }

    /// The properties that are constants (see [`Constant`]) taken out of `properties`, which
    /// keeps the others in their order.
    pub(super) fn constants_apart(
        &self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
    ) -> (IndexMap<String, ReferenceOr<Box<Schema>>>, Vec<Constant>) {
        let mut rest = IndexMap::with_capacity(properties.len());
        let mut constants = Vec::new();
        for (wire, schema) in properties {
            match self.constant_of_property(schema) {
                Some((value, default)) if required.contains(wire) || default.as_ref() == Some(&value) => {
                    constants.push(Constant { wire: wire.clone(), value });
                }
                _ => {
                    rest.insert(wire.clone(), schema.clone());
                }
            }
        }
        (rest, constants)
    }

    /// A property declared `const` that admits one string and not `null`: that string and the
    /// property's default, if it gives one (beside a lone `allOf` part, or on the schema itself).
    /// An `enum` of one value is a choice that may grow (a model id), so it stays a field.
    fn constant_of_property(&self, property: &ReferenceOr<Box<Schema>>) -> Option<(String, Option<String>)> {
        if self.nullable_of(property) {
            return None;
        }
        let outer: &Schema = match property {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.component(reference)?.0,
        };
        let schema = match all_of_only(outer).map(|parts| self.all_of_shape(parts)) {
            Some(AllOfShape::Part(_, part)) => self.resolve(part)?,
            _ => outer,
        };
        let value = one_string(schema)?;
        if schema.schema_data.nullable || !schema.schema_data.extensions.contains_key(crate::normalize::CONST_MARK) {
            return None;
        }
        let default = outer.schema_data.default.as_ref().or(schema.schema_data.default.as_ref());
        Some((value.to_owned(), default.and_then(serde_json::Value::as_str).map(str::to_owned)))
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
                    || all_of_only(s).is_some_and(|parts| match self.all_of_shape(parts) {
                        AllOfShape::Part(_, part) => self.member_nullable(part),
                        AllOfShape::Merge => false,
                    })
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

/// What an `allOf` describes, decided from the shapes of its parts.
#[derive(Debug, Clone, Copy)]
pub(super) enum AllOfShape<'s> {
    /// Objects (beside parts with no shape of their own): one struct with every part's
    /// properties.
    Merge,
    /// One part gives the value its shape (the only part with one, or the first named or
    /// non-object part where scalars take part): the value has that part's type. A value
    /// valid against every part is valid against this one, so it always decodes.
    Part(usize, &'s ReferenceOr<Schema>),
}

/// The shape an `allOf` part contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartShape {
    /// Properties (an object, or an `allOf` that merges objects).
    Object,
    /// Only annotations or constraints (`description`, `nullable`, `minLength` …).
    Shapeless,
    /// A scalar, an array, a union, or something unresolvable.
    Other,
}

/// How deep `allOf`s inside `allOf` parts are looked into (a part may include its container).
const ALL_OF_DEPTH: usize = 16;

/// The shapes of the `$ref` parts already looked into, by reference and depth: a schema that
/// several parts reach (or that reaches itself) is looked into once at each depth, not once
/// for every path to it.
type Seen = HashMap<(String, usize), PartShape>;

impl Builder<'_> {
    /// The shape of `allOf: parts`.
    pub(super) fn all_of_shape<'s>(&self, parts: &'s [ReferenceOr<Schema>]) -> AllOfShape<'s> {
        self.all_of_shape_at(parts, 0, &mut Seen::new()).0
    }

    /// The shape of `allOf: parts`, with the shape of each part.
    fn all_of_shape_at<'s>(
        &self,
        parts: &'s [ReferenceOr<Schema>],
        depth: usize,
        seen: &mut Seen,
    ) -> (AllOfShape<'s>, Vec<PartShape>) {
        let shapes: Vec<PartShape> = parts.iter().map(|part| self.part_shape(part, depth, seen)).collect();
        let shaped: Vec<usize> = (0..parts.len()).filter(|&i| shapes[i] != PartShape::Shapeless).collect();
        let shape = match shaped.as_slice() {
            [] if parts.is_empty() => AllOfShape::Merge,
            [] => AllOfShape::Part(0, &parts[0]),
            [only] => AllOfShape::Part(*only, &parts[*only]),
            _ if shaped.iter().all(|&i| shapes[i] == PartShape::Object) => AllOfShape::Merge,
            _ => {
                let others = || shaped.iter().copied().filter(|&i| shapes[i] == PartShape::Other);
                let named = others().find(|&i| matches!(parts[i], ReferenceOr::Reference { .. }));
                let i = named.or_else(|| others().next()).unwrap_or(shaped[0]);
                AllOfShape::Part(i, &parts[i])
            }
        };
        (shape, shapes)
    }

    fn part_shape(&self, part: &ReferenceOr<Schema>, depth: usize, seen: &mut Seen) -> PartShape {
        let key = match part {
            ReferenceOr::Reference { reference } => Some((reference.clone(), depth)),
            ReferenceOr::Item(_) => None,
        };
        if let Some(shape) = key.as_ref().and_then(|key| seen.get(key)) {
            return *shape;
        }
        let shape = match self.resolve(part) {
            Some(schema) => self.schema_shape(schema, depth, seen),
            None => PartShape::Other,
        };
        if let Some(key) = key {
            seen.insert(key, shape);
        }
        shape
    }

    fn schema_shape(&self, schema: &Schema, depth: usize, seen: &mut Seen) -> PartShape {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => PartShape::Object,
            SchemaKind::AllOf { all_of } => self.nested_shape(all_of, depth, seen),
            SchemaKind::Any(any) if !any.properties.is_empty() || any.typ.as_deref() == Some("object") => {
                PartShape::Object
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                self.nested_shape(&any.all_of, depth, seen)
            }
            SchemaKind::Any(any)
                if any.typ.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                    && any.additional_properties.is_none() =>
            {
                PartShape::Shapeless
            }
            SchemaKind::Any(any) if any.additional_properties.is_some() => PartShape::Object,
            _ => PartShape::Other,
        }
    }

    /// The shape of a part that is itself `allOf: parts`: that of the part giving it its
    /// shape (already worked out beside the others').
    fn nested_shape(&self, parts: &[ReferenceOr<Schema>], depth: usize, seen: &mut Seen) -> PartShape {
        if depth >= ALL_OF_DEPTH {
            // An `allOf` that reaches itself: merging it reports the cycle by name.
            return PartShape::Object;
        }
        match self.all_of_shape_at(parts, depth + 1, seen) {
            (AllOfShape::Merge, _) => PartShape::Object,
            (AllOfShape::Part(i, _), shapes) => shapes[i],
        }
    }
}
