//! JSON Schema `$defs` (and draft-7 `definitions`) inside component schemas, as schema
//! tools embed them (`PetList: {items: {$ref: '#/components/schemas/PetList/$defs/Pet'},
//! $defs: {Pet: …}}`): the model names types from `components/schemas` only, so each
//! definition is hoisted there, and every `$ref` to it follows. A `$ref: '#/$defs/Pet'`
//! written inside the component (pydantic's form, relative to the schema that holds the
//! `$defs`) is read the same way.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::escape;
use crate::naming::{self, Namespace};

const DEFS: [&str; 2] = ["$defs", "definitions"];

/// Hoists the definitions of component schemas into `components/schemas`: under their own
/// name when it is free, else `{Component}{Definition}`, else numbered.
pub(super) fn hoist_defs(tree: &mut Value) {
    let Some(schemas) = tree.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return;
    };
    let cased: Vec<String> = schemas.keys().map(|k| naming::type_name(k)).collect();
    let mut names = Namespace::with_reserved(cased.iter().map(String::as_str));
    // Old pointer (`/components/schemas/P/$defs/D`) → new component name.
    let mut moved: Vec<(String, String)> = Vec::new();
    // Component → its scope for `#/$defs/D`: the component whose `$defs` it came from.
    let mut scope_of: BTreeMap<String, String> = BTreeMap::new();
    // Scope root → definition name → new component name.
    let mut scopes: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut queue: Vec<String> = schemas.keys().cloned().collect();
    let mut next = 0;
    while next < queue.len() {
        let component = queue[next].clone();
        next += 1;
        let Some(schema) = schemas.get_mut(&component) else { continue };
        let mut found = Vec::new();
        find_defs(schema, &mut String::new(), &mut found);
        let mut definitions: Vec<(String, String, Value)> = Vec::with_capacity(found.len());
        for (at, key) in found {
            let (holder, _) = at.rsplit_once('/').unwrap_or_default();
            let taken = schema.pointer_mut(holder).and_then(Value::as_object_mut).and_then(|defs| defs.remove(&key));
            if let Some(definition) = taken {
                definitions.push((at, key, definition));
            }
        }
        for (at, _, _) in &definitions {
            // `…/$defs/Pet` → `…` and `$defs`: the map goes once nothing is left in it.
            let Some((holder, _)) = at.rsplit_once('/') else { continue };
            let Some((owner, keyword)) = holder.rsplit_once('/') else { continue };
            let keyword = keyword.to_owned();
            if let Some(owner) = schema.pointer_mut(owner).and_then(Value::as_object_mut) {
                if owner.get(&keyword).and_then(Value::as_object).is_some_and(Map::is_empty) {
                    owner.remove(&keyword);
                }
            }
        }
        let scope = scope_of.get(&component).cloned().unwrap_or_else(|| component.clone());
        for (at, key, definition) in definitions {
            let own = naming::type_name(&key);
            // Its own name when free, else qualified by its component's, else numbered.
            let qualified = format!("{}{own}", naming::type_name(&component));
            let name = if names.contains(&own) { names.claim(&qualified) } else { names.claim(&own) };
            // `/$defs/Pet`: a definition of the component itself, which `#/$defs/Pet` means.
            if at.matches('/').count() == 2 {
                scopes.entry(scope.clone()).or_default().insert(key.clone(), name.clone());
            }
            moved.push((format!("/components/schemas/{}{at}", escape(&component)), name.clone()));
            scope_of.insert(name.clone(), scope.clone());
            queue.push(name.clone());
            schemas.insert(name, definition);
        }
    }
    if moved.is_empty() {
        return;
    }
    for (component, schema) in schemas.iter_mut() {
        let scope = scope_of.get(component).map_or(component.as_str(), String::as_str);
        rewrite_refs(schema, &moved, scopes.get(scope));
    }
    if let Some(root) = tree.as_object_mut() {
        for (key, value) in root.iter_mut() {
            if key != "components" {
                rewrite_refs(value, &moved, None);
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            for (_, value) in components.iter_mut().filter(|(k, _)| *k != "schemas") {
                rewrite_refs(value, &moved, None);
            }
        }
    }
}

/// The definitions in a schema (relative pointers, keys), following the places that hold
/// schemas (a property named `definitions` is not one), not looking inside definitions:
/// their own are found when they are hoisted in turn.
fn find_defs(schema: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
    let Value::Object(map) = schema else { return };
    for (key, child) in map {
        let len = at.len();
        at.push('/');
        at.push_str(&escape(key));
        match key.as_str() {
            "$defs" | "definitions" => {
                for (name, definition) in child.as_object().into_iter().flatten() {
                    if definition.is_object() || definition.is_boolean() {
                        found.push((format!("{at}/{}", escape(name)), name.clone()));
                    }
                }
            }
            "properties" | "patternProperties" | "dependentSchemas" => {
                for (name, member) in child.as_object().into_iter().flatten() {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&escape(name));
                    find_defs(member, at, found);
                    at.truncate(len);
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                for (i, member) in child.as_array().into_iter().flatten().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("/{i}"));
                    find_defs(member, at, found);
                    at.truncate(len);
                }
            }
            "items"
            | "additionalProperties"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems" => find_defs(child, at, found),
            _ => {}
        }
        at.truncate(len);
    }
}

/// Every `$ref` to a hoisted definition (or into one) now names its component.
fn rewrite_refs(value: &mut Value, moved: &[(String, String)], scope: Option<&BTreeMap<String, String>>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(new) = new_reference(reference, moved, scope) {
                    *reference = new;
                }
            }
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const") {
                    rewrite_refs(child, moved, scope);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, moved, scope)),
        _ => {}
    }
}

fn new_reference(
    reference: &str,
    moved: &[(String, String)],
    scope: Option<&BTreeMap<String, String>>,
) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    for (old, name) in moved {
        if let Some(rest) = pointer.strip_prefix(old.as_str()) {
            if rest.is_empty() || rest.starts_with('/') {
                return Some(format!("#/components/schemas/{}{rest}", escape(name)));
            }
        }
    }
    let scope = scope?;
    DEFS.iter().find_map(|defs| {
        let rest = pointer.strip_prefix('/')?.strip_prefix(defs)?.strip_prefix('/')?;
        let (key, tail) = rest.split_once('/').map_or((rest, ""), |(k, t)| (k, t));
        let key = key.replace("~1", "/").replace("~0", "~");
        let name = scope.get(&key)?;
        let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
        Some(format!("#/components/schemas/{}{tail}", escape(name)))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::test_support::*;

    #[test]
    fn definitions_become_components_and_references_follow() {
        let tree = doc_after(
            "openapi: 3.1.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/PetList/$defs/Pet'}\ncomponents:\n  schemas:\n    PetList:\n      type: array\n      items: {$ref: '#/$defs/Pet'}\n      $defs:\n        Pet:\n          type: object\n          properties:\n            owner: {$ref: '#/$defs/Owner'}\n        Owner: {type: [string, 'null']}\n",
        );
        let schemas = &tree["components"]["schemas"];
        assert_eq!(schemas["PetList"], json!({"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}));
        assert_eq!(schemas["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/Owner"}));
        assert_eq!(schemas["Owner"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            tree.pointer("/paths/~1pets/get/responses/200/content/application~1json/schema"),
            Some(&json!({"$ref": "#/components/schemas/Pet"}))
        );
    }

    #[test]
    fn a_taken_name_is_qualified_by_its_component() {
        let tree = doc_after(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    Pet: {type: string}\n    Zoo:\n      type: object\n      properties:\n        pets: {type: array, items: {$ref: '#/components/schemas/Zoo/definitions/Pet'}}\n      definitions:\n        Pet: {type: object, properties: {name: {type: string}, definitions: {type: object, properties: {a: {type: string}}}}}\n",
        );
        let schemas = &tree["components"]["schemas"];
        assert_eq!(schemas["Pet"], json!({"type": "string"}));
        assert_eq!(schemas["ZooPet"]["properties"]["name"], json!({"type": "string"}));
        assert_eq!(schemas["Zoo"]["properties"]["pets"]["items"], json!({"$ref": "#/components/schemas/ZooPet"}));
        assert!(schemas["Zoo"].get("definitions").is_none());
        // A property named `definitions` is a property.
        assert_eq!(schemas["ZooPet"]["properties"]["definitions"]["properties"]["a"], json!({"type": "string"}));
        assert!(schemas.get("A").is_none());
    }
}
