//! Unions (`oneOf`/`anyOf`): their arms, and how each is told apart (tag or JSON kind).

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::ir::{JsonKind, Ty, TypeKind, UnionDef, UnionVariant, VariantKind};
use super::objects::AllOfShape;
use super::read::{all_of_only, one_string, unescape_pointer_segment};
use super::{Builder, Site};
use crate::error::{Pointer, Result};
use crate::naming::{self, Namespace};

impl Builder<'_> {
    pub(super) fn union(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &Pointer,
        site: Site,
    ) -> Result<TypeKind> {
        let tagging = self.tagging(members, discriminator);
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let at = pointer.join(i);
            if let Some(literal) = self.literal_of(member) {
                let variant = variant_names.claim(&naming::variant_name(&literal));
                variants.push(UnionVariant {
                    name: variant,
                    kind: VariantKind::Literal(literal),
                    tags: Vec::new(),
                    tag_default: false,
                    tag_written: false,
                    covers: Vec::new(),
                });
                continue;
            }
            let ty = self.ty(member, &format!("{name}{i}"), &at, site)?;
            let tags = tagging.as_ref().map(|(_, tags)| tags[i].clone()).unwrap_or_default();
            // An arm of one tag is named by it; an arm of several by its type.
            let base = match (&ty, tags.as_slice()) {
                (_, [tag]) => naming::variant_name(tag),
                (Ty::Named(n), [_, ..]) => n.clone(),
                (_, [tag, ..]) => naming::variant_name(tag),
                (Ty::Named(n), []) => n.clone(),
                (Ty::List(_), []) => "List".to_owned(),
                (Ty::Map(_), []) => "Map".to_owned(),
                (Ty::String, []) => "String".to_owned(),
                (Ty::I64 | Ty::I32, []) => "Integer".to_owned(),
                (Ty::F64, []) => "Number".to_owned(),
                (Ty::Bool, []) => "Boolean".to_owned(),
                (Ty::Json | Ty::Option(_) | Ty::Boxed(_), []) => "Value".to_owned(),
                (Ty::File, []) => "File".to_owned(),
                (Ty::FormParts, []) => "FormParts".to_owned(),
            };
            let variant = variant_names.claim(&base);
            // The JSON kind is settled once every type is known (see `flush`).
            let tag_default = match &tagging {
                Some((property, _)) => self.default_of(member, property).is_some_and(|d| tags.contains(&d)),
                None => false,
            };
            variants.push(UnionVariant {
                name: variant,
                kind: VariantKind::Value(ty, JsonKind::Any),
                tags,
                tag_default,
                tag_written: false,
                covers: Vec::new(),
            });
        }
        let discriminator = tagging.map(|(property, _)| property);
        let fallback = discriminator.as_ref().map(|_| {
            ["Unknown", "Other", "Unrecognized"]
                .into_iter()
                .find(|n| !variant_names.contains(n))
                .map(str::to_owned)
                .unwrap_or_else(|| variant_names.claim("Unknown"))
        });
        Ok(TypeKind::Union(UnionDef { variants, discriminator, fallback }))
    }

    /// The discriminator property and each member's tags: from `discriminator` (its mapping,
    /// or the schema names), else inferred when every member is an object that fixes one
    /// common property to its own constant. `None`: the union is told apart by shape.
    pub(super) fn tagging(
        &self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> Option<(String, Vec<Vec<String>>)> {
        if let Some(d) = discriminator {
            let tags: Vec<Vec<String>> = members
                .iter()
                .map(|member| match member {
                    ReferenceOr::Reference { reference } => {
                        let schema_name = reference.rsplit('/').next().unwrap_or(reference);
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| *target == reference || target.as_str() == schema_name)
                            .map(|(tag, _)| tag.clone())
                            .collect();
                        if mapped.is_empty() {
                            self.constant_of(member, &d.property_name).map(|c| vec![c]).unwrap_or_else(|| {
                                if d.mapping.is_empty() {
                                    vec![unescape_pointer_segment(schema_name)]
                                } else {
                                    Vec::new()
                                }
                            })
                        } else {
                            mapped
                        }
                    }
                    ReferenceOr::Item(_) => self.constant_of(member, &d.property_name).into_iter().collect(),
                })
                .collect();
            if tags.iter().all(|t| !t.is_empty()) {
                return Some((d.property_name.clone(), tags));
            }
        }
        // Inference: a property every member limits to its own strings, none shared (a
        // constant each, or an enum: `type: client | webhook` beside `type: system`).
        let first = self.object_properties(members.first()?)?;
        for property in first.keys() {
            let sets: Option<Vec<Vec<String>>> = members.iter().map(|m| self.values_of(m, property)).collect();
            if let Some(sets) = sets {
                let all: Vec<&String> = sets.iter().flatten().collect();
                let distinct: BTreeSet<&String> = all.iter().copied().collect();
                if distinct.len() == all.len() && members.len() > 1 {
                    return Some((property.clone(), sets));
                }
            }
        }
        None
    }

    /// The strings a member's `property` is limited to: its constant, or the values of its
    /// string enum (`null` aside).
    fn values_of(&self, member: &ReferenceOr<Schema>, property: &str) -> Option<Vec<String>> {
        if let Some(constant) = self.constant_of(member, property) {
            return Some(vec![constant]);
        }
        let props = self.object_properties(member)?;
        let schema = self.property_schema(props.get(property)?)?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                (!values.is_empty()).then_some(values)
            }
            _ => None,
        }
    }

    /// The properties of an object member (following a `$ref`), if it is an object.
    pub(super) fn object_properties(
        &self,
        member: &ReferenceOr<Schema>,
    ) -> Option<IndexMap<String, ReferenceOr<Box<Schema>>>> {
        let (props, _, _) = self.object_parts(member, &Pointer::root()).ok()?;
        (!props.is_empty()).then_some(props)
    }

    /// The one string value a member's `property` is fixed to (`const`, or a one-value enum).
    pub(super) fn constant_of(&self, member: &ReferenceOr<Schema>, property: &str) -> Option<String> {
        let props = self.object_properties(member)?;
        let schema = self.property_schema(props.get(property)?)?;
        let schema = match all_of_only(schema).map(|parts| self.all_of_shape(parts)) {
            Some(AllOfShape::Part(_, part)) => self.resolve(part)?,
            _ => schema,
        };
        one_string(schema).map(str::to_owned)
    }

    /// The string default of a member's `property`, if its schema gives one.
    fn default_of(&self, member: &ReferenceOr<Schema>, property: &str) -> Option<String> {
        let props = self.object_properties(member)?;
        let schema = self.property_schema(props.get(property)?)?;
        schema.schema_data.default.as_ref()?.as_str().map(str::to_owned)
    }

    /// A property's schema, following a `$ref` and a lone `allOf` part.
    pub(super) fn property_schema<'s>(&'s self, property: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
        let schema: &Schema = match property {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.component(reference)?.0,
        };
        match all_of_only(schema).map(|parts| self.all_of_shape(parts)) {
            // Annotations beside the part (a default, say) stay on the outer schema.
            Some(AllOfShape::Part(_, part)) if schema.schema_data.default.is_none() => self.resolve(part),
            _ => Some(schema),
        }
    }

    /// A member that admits exactly one string: `{type: string, enum: [all]}`.
    pub(super) fn literal_of(&self, member: &ReferenceOr<Schema>) -> Option<String> {
        let ReferenceOr::Item(schema) = member else {
            return None;
        };
        one_string(schema).map(str::to_owned)
    }

    pub(super) fn resolve_union_kinds(&mut self) {
        let mut kinds: BTreeMap<String, JsonKind> = BTreeMap::new();
        for (name, def) in &self.types {
            let kind = match &def.kind {
                TypeKind::Struct(..) | TypeKind::Form(..) => JsonKind::Object,
                TypeKind::Enum(_) => JsonKind::String,
                TypeKind::IntEnum(_) => JsonKind::Number,
                TypeKind::Union(_) => JsonKind::Any,
            };
            kinds.insert(name.clone(), kind);
        }
        // Arms whose struct has the discriminator as a constant of the arm's (first) tag.
        let mut writes_tag: BTreeSet<(String, String, String)> = BTreeSet::new();
        for (name, def) in &self.types {
            if let TypeKind::Struct(_, constants) = &def.kind {
                for c in constants {
                    writes_tag.insert((name.clone(), c.wire.clone(), c.value.clone()));
                }
            }
        }
        // The properties each struct knows, for arms told apart by shape.
        let known: BTreeMap<String, Vec<String>> = self
            .types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Struct(fields, constants) => Some((
                    name.clone(),
                    fields.iter().map(|f| f.wire.clone()).chain(constants.iter().map(|c| c.wire.clone())).collect(),
                )),
                _ => None,
            })
            .collect();
        for def in self.types.values_mut() {
            if let TypeKind::Union(u) = &mut def.kind {
                let shaped_structs = u
                    .variants
                    .iter()
                    .filter(|v| v.tags.is_empty())
                    .filter(|v| matches!(&v.kind, VariantKind::Value(Ty::Named(n), _) if known.contains_key(n)))
                    .count();
                for variant in &mut u.variants {
                    if let (VariantKind::Value(Ty::Named(name), _), true, true) =
                        (&variant.kind, variant.tags.is_empty(), shaped_structs > 1)
                    {
                        variant.covers = known.get(name).cloned().unwrap_or_default();
                    }
                    if let VariantKind::Value(ty, kind) = &mut variant.kind {
                        *kind = ty.json_kind(&kinds);
                        if let (Ty::Named(name), Some(property), Some(tag)) =
                            (&*ty, &u.discriminator, variant.tags.first())
                        {
                            variant.tag_written = writes_tag.contains(&(name.clone(), property.clone(), tag.clone()));
                        }
                    }
                }
            }
        }
    }
}
