//! Final names of component schemas: readable rules for machine-made names, decided once.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, RequestBody, Schema};

use super::objects::AllOfShape;
use super::read::{all_of_only, needs_type};
use super::{Builder, schemas};
use crate::error::Result;
use crate::naming::{self};

impl Builder<'_> {
    /// Decides the final name of every component schema that becomes a type.
    ///
    /// Two rules make machine-made names readable:
    /// 1. a FastAPI request body `Body_{function}_{route}_{method}` is named `{Function}Request`;
    /// 2. a schema whose name extends a renamed schema's name (`BodyCreate…PostPermissions`,
    ///    the docs pages' hoisted inline schemas) takes the new name as its prefix.
    ///
    /// Fern's `…OneOf{N}Items` suffix (the items of a union's array arm) reads as `…Item`.
    pub(super) fn name_components(&mut self) -> Result<()> {
        let Some(all) = schemas(self.api) else {
            return Ok(());
        };
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.api.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                let Some((target, form)) = op.request_body.as_ref().and_then(|b| self.body_schema_ref(b)) else {
                    continue;
                };
                if form {
                    self.form_schemas.insert(target.clone());
                }
                if let Some(function) = naming::fastapi_body_function(&target, path, method) {
                    let name = format!("{}Request", naming::type_name(function));
                    renamed.insert(target, name);
                }
            }
        }
        let prefixes: Vec<(String, String)> =
            renamed.iter().map(|(old, new)| (naming::type_name(old), new.clone())).collect();
        let mut candidates: Vec<(String, String)> = Vec::new();
        for (name, schema) in all {
            if self.is_alias(name, schema) {
                continue;
            }
            let base = match renamed.get(name) {
                Some(new) => new.clone(),
                None => {
                    let cased = naming::type_name(name);
                    let derived = prefixes
                        .iter()
                        .filter(|(old, _)| cased.len() > old.len() && cased.starts_with(old.as_str()))
                        .max_by_key(|(old, _)| old.len());
                    match derived {
                        Some((old, new)) => format!("{new}{}", &cased[old.len()..]),
                        None => cased,
                    }
                }
            };
            candidates.push((name.clone(), tidy_suffix(&base)));
        }
        candidates.sort();
        for (original, name) in candidates {
            let name = self.names.claim(&name);
            self.component_names.insert(original, name);
        }
        Ok(())
    }

    pub(super) fn resolve_body<'b>(&'b self, body: &'b ReferenceOr<RequestBody>) -> Option<&'b RequestBody> {
        match body {
            ReferenceOr::Item(b) => Some(b),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match self.api.components.as_ref()?.request_bodies.get(name)? {
                    ReferenceOr::Item(b) => Some(b),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// A component that needs no type of its own: references to it use its Rust type directly
    /// (arrays, maps, primitives without an enum, a lone `allOf` reference).
    pub(super) fn is_alias(&self, _name: &str, schema: &ReferenceOr<Schema>) -> bool {
        match schema {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(s) => {
                !needs_type(s)
                    || all_of_only(s).is_some_and(|parts| matches!(self.all_of_shape(parts), AllOfShape::Part(..)))
            }
        }
    }
}

/// Fern's hoisted names end in `OneOf{N}Items` for the items of a union's array arm.
pub(super) fn tidy_suffix(name: &str) -> String {
    let Some(at) = name.rfind("OneOf") else {
        return name.to_owned();
    };
    let rest = &name[at + "OneOf".len()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && &rest[digits..] == "Items" { format!("{}Item", &name[..at]) } else { name.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fern_item_suffix_reads_as_item() {
        assert_eq!(tidy_suffix("CreateRequestPermissionsOneOf0Items"), "CreateRequestPermissionsItem");
        assert_eq!(tidy_suffix("OneOfAKind"), "OneOfAKind");
        assert_eq!(tidy_suffix("XOneOf2"), "XOneOf2");
    }
}
