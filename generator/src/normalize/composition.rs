//! Schemas built from other schemas: `$ref` with siblings, `allOf` parts that only annotate,
//! `prefixItems` (tuples), `patternProperties`, and `not`. Each becomes a 3.0 shape whose
//! decoder accepts every instance the original schema accepts.

use serde_json::{Map, Value, json};

/// A `$ref` with sibling keywords (`description`, `default`, `nullable` …): OpenAPI 3.0 readers
/// ignore the siblings, so the reference moves into `allOf: [{$ref}]` and the siblings stay.
pub(super) fn ref_siblings(schema: &mut Map<String, Value>) {
    if !schema.contains_key("$ref") || schema.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
        return;
    }
    if let Some(reference) = schema.remove("$ref") {
        schema.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
}

/// `not` only ever rejects instances; a client that decodes what the server sends need not
/// reject anything, so it is dropped everywhere (a schema that was only `not` accepts any
/// JSON value).
pub(super) fn drop_not(schema: &mut Map<String, Value>) {
    schema.remove("not");
}

/// Tuples (`prefixItems: [A, B, C]`, the rest described by `items`) become arrays of one item
/// schema: the prefix schemas (each once) and `items` when it allows more, as `anyOf`, or the
/// one schema when they are all the same. Every array the tuple accepts decodes, its items
/// each matching one arm; the positions are not checked. When more items than the prefix
/// may follow and `items` says nothing of them, they can be anything, and so is the item.
pub(super) fn prefix_items(schema: &mut Map<String, Value>) {
    let Some(Value::Array(prefix)) = schema.remove("prefixItems") else {
        return;
    };
    let rest = schema.remove("items");
    let bounded = schema.get("maxItems").and_then(Value::as_u64).is_some_and(|max| max <= prefix.len() as u64);
    let mut arms: Vec<Value> = Vec::with_capacity(prefix.len() + 1);
    let mut add = |arm: Value| {
        let arm = if arm.is_boolean() { json!({}) } else { arm };
        if !arms.contains(&arm) {
            arms.push(arm);
        }
    };
    for arm in prefix {
        add(arm);
    }
    match rest {
        Some(Value::Bool(false)) => {}
        Some(Value::Object(rest)) => add(Value::Object(rest)),
        _ if bounded => {}
        _ => add(json!({})),
    }
    let items = if arms.is_empty() || arms.contains(&json!({})) {
        json!({})
    } else if arms.len() == 1 {
        arms.remove(0)
    } else {
        json!({ "anyOf": arms })
    };
    schema.insert("items".to_owned(), items);
}

/// Patterns that every property name matches.
const MATCH_ALL: [&str; 5] = ["", ".*", "^.*$", "^.*", ".*$"];

/// `patternProperties` → `additionalProperties`, the map's value schema: the pattern's schema,
/// or `anyOf` the distinct ones, together with an `additionalProperties` schema. Names that
/// match no pattern may still hold any value unless `additionalProperties: false` (or a
/// pattern that matches every name) says otherwise; then the value is left open.
pub(super) fn pattern_properties(schema: &mut Map<String, Value>) {
    let Some(Value::Object(patterns)) = schema.remove("patternProperties") else {
        return;
    };
    let covers_all = patterns.keys().any(|p| MATCH_ALL.contains(&p.as_str()));
    let mut arms: Vec<Value> = Vec::new();
    let mut add = |arm: Value| {
        if !arms.contains(&arm) {
            arms.push(arm);
        }
    };
    for (_, arm) in patterns {
        match arm {
            Value::Bool(false) => {}
            Value::Bool(true) => add(json!({})),
            arm => add(arm),
        }
    }
    match schema.get("additionalProperties") {
        Some(Value::Bool(false)) => {}
        Some(Value::Object(other)) => add(Value::Object(other.clone())),
        _ if covers_all => {}
        // Other names may hold anything: the open map stays.
        _ => return,
    }
    let value = if arms.contains(&json!({})) {
        json!({})
    } else if arms.len() == 1 {
        arms.remove(0)
    } else if arms.is_empty() {
        return;
    } else {
        json!({ "anyOf": arms })
    };
    schema.insert("additionalProperties".to_owned(), value);
}

/// An object beside a union is one of several objects, each the common properties and one
/// arm: a schema with its own `properties` and a sibling `oneOf`/`anyOf` (common fields, a
/// `type` tag and a per-arm `config`), or an `allOf` of objects and one union (lichess's form
/// bodies). The union's arms become `allOf: [common…, arm]`, so no property of either side is
/// dropped; a discriminator stays on the union.
pub(super) fn distribute_union(schema: &mut Map<String, Value>) {
    let key = ["oneOf", "anyOf"].into_iter().find(|k| schema.get(*k).is_some_and(Value::is_array));
    if let Some(key) = key
        && schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty())
        && !schema.contains_key("allOf")
    {
        let mut common = Map::new();
        common.insert("type".to_owned(), json!("object"));
        for name in ["properties", "required", "additionalProperties"] {
            if let Some(value) = schema.remove(name) {
                common.insert(name.to_owned(), value);
            }
        }
        if schema.get("type") == Some(&json!("object")) {
            schema.remove("type");
        }
        let arms = schema.remove(key).and_then(|a| a.as_array().cloned()).unwrap_or_default();
        let common = Value::Object(common);
        let arms = arms.into_iter().map(|arm| json!({"allOf": [common.clone(), arm]})).collect();
        schema.insert(key.to_owned(), Value::Array(arms));
        return;
    }
    let Some(Value::Array(parts)) = schema.get("allOf") else { return };
    let unions: Vec<usize> = (0..parts.len()).filter(|&i| is_bare_union(&parts[i])).collect();
    let [at] = unions.as_slice() else { return };
    if parts.len() < 2 || schema.contains_key("oneOf") || schema.contains_key("anyOf") {
        return;
    }
    let Some(Value::Array(mut parts)) = schema.remove("allOf") else { return };
    let Value::Object(mut union) = parts.remove(*at) else { return };
    let key = if union.contains_key("oneOf") { "oneOf" } else { "anyOf" };
    let arms = union.remove(key).and_then(|a| a.as_array().cloned()).unwrap_or_default();
    let arms = arms
        .into_iter()
        .map(|arm| {
            let mut all = parts.clone();
            all.push(arm);
            json!({ "allOf": all })
        })
        .collect();
    schema.insert(key.to_owned(), Value::Array(arms));
    for (name, value) in union {
        schema.entry(name).or_insert(value);
    }
}

/// An inline `oneOf`/`anyOf` with nothing beside it but annotations and a discriminator.
fn is_bare_union(part: &Value) -> bool {
    let Some(map) = part.as_object() else { return false };
    let unions = ["oneOf", "anyOf"].iter().filter(|k| map.get(**k).is_some_and(Value::is_array)).count();
    unions == 1
        && map.keys().all(|k| {
            ["oneOf", "anyOf", "discriminator", "type"].contains(&k.as_str())
                || ANNOTATIONS.contains(&k.as_str())
                || k.starts_with("x-")
        })
}

/// Keywords that describe a schema without constraining it.
const ANNOTATIONS: [&str; 12] = [
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "$comment",
    "externalDocs",
    "summary",
];

/// An `allOf` part with nothing but annotations (`allOf: [{$ref: X}, {description: …}]`, as
/// Box writes 118 times) says nothing about the instance: its annotations move to the
/// schema (which keeps its own where both have one) and the part goes, as does an `allOf`
/// left empty.
pub(super) fn annotation_all_of(schema: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = schema.get_mut("allOf") else {
        return;
    };
    if !parts.iter().any(is_annotation_only) {
        return;
    }
    let (notes, kept): (Vec<Value>, Vec<Value>) = std::mem::take(parts).into_iter().partition(is_annotation_only);
    if kept.is_empty() {
        schema.remove("allOf");
    } else {
        schema.insert("allOf".to_owned(), Value::Array(kept));
    }
    for note in notes {
        if let Value::Object(note) = note {
            for (key, value) in note {
                schema.entry(key).or_insert(value);
            }
        }
    }
}

fn is_annotation_only(part: &Value) -> bool {
    match part {
        Value::Bool(b) => *b,
        Value::Object(map) => map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn ref_siblings_move_the_ref_into_all_of() {
        let s = schema_after("$ref: '#/components/schemas/T'\ndescription: The permissions.\n");
        assert_eq!(s, json!({"description": "The permissions.", "allOf": [{"$ref": "#/components/schemas/T"}]}));
        let s = schema_after("$ref: '#/components/schemas/T'\nx-note: 1\n");
        assert_eq!(s, json!({"$ref": "#/components/schemas/T", "x-note": 1}));
    }

    #[test]
    fn an_object_beside_a_union_is_one_object_per_arm() {
        let s = schema_after(
            "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\noneOf:\n  - {properties: {type: {enum: [a]}, config: {type: object, properties: {x: {type: integer}}}}}\n  - {properties: {type: {enum: [b]}}}\n",
        );
        let common = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}});
        assert_eq!(s["oneOf"][0]["allOf"][0], common);
        assert_eq!(s["oneOf"][1]["allOf"][1]["properties"]["type"]["enum"], json!(["b"]));
        assert!(s.get("properties").is_none() && s.get("type").is_none(), "{s:#}");
        assert!(parses_as_schema(&s), "{s:#}");

        let s = schema_after(
            "allOf:\n  - {type: object, properties: {rated: {type: boolean}}}\n  - oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n    discriminator: {propertyName: kind}\n",
        );
        assert!(s.get("allOf").is_none(), "{s:#}");
        assert_eq!(s["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(
            s["oneOf"][1],
            json!({"allOf": [{"type": "object", "properties": {"rated": {"type": "boolean"}}}, {"$ref": "#/components/schemas/B"}]})
        );
        // Two unions in one allOf: no single way to distribute; left as it is.
        let two =
            "allOf:\n  - oneOf: [{type: string}, {type: integer}]\n  - oneOf: [{type: string}, {type: boolean}]\n";
        assert!(schema_after(two).get("allOf").is_some());
    }

    #[test]
    fn not_is_dropped_everywhere() {
        let s = schema_after("type: object\nproperties:\n  a: {type: string, not: {enum: [x]}}\n  b: {not: {}}\n");
        assert_eq!(s, json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {}}}));
    }

    #[test]
    fn tuples_become_an_item_union_of_the_distinct_prefix_schemas() {
        let s = schema_after(
            "type: array\nminItems: 3\nmaxItems: 3\nitems: false\nprefixItems:\n  - type: string\n  - {type: array, items: {type: string}}\n  - type: string\n",
        );
        assert_eq!(
            s,
            json!({"type": "array", "minItems": 3, "maxItems": 3, "items": {"anyOf": [
                {"type": "string"}, {"type": "array", "items": {"type": "string"}}
            ]}})
        );
        assert!(parses_as_schema(&s), "{s:#}");
        let s = schema_after("type: array\nprefixItems: [{type: string}, {type: string}]\nitems: {type: string}\n");
        assert_eq!(s, json!({"type": "array", "items": {"type": "string"}}));
        let s = schema_after("type: array\nprefixItems: [{type: string}, {type: integer}]\nitems: {type: boolean}\n");
        assert_eq!(s["items"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]}));
    }

    #[test]
    fn a_tuple_open_at_the_end_takes_any_item() {
        let s = schema_after("type: array\nprefixItems: [{type: string}]\n");
        assert_eq!(s, json!({"type": "array", "items": {}}));
    }

    #[test]
    fn pattern_properties_become_the_map_value_when_nothing_else_is_allowed() {
        let s = schema_after("type: object\npatternProperties:\n  '^a': {type: string}\nadditionalProperties: false\n");
        assert_eq!(s, json!({"type": "object", "additionalProperties": {"type": "string"}}));
        let s = schema_after(
            "type: object\npatternProperties:\n  '^a': {type: string}\n  '^b': {type: integer}\nadditionalProperties: {type: boolean}\n",
        );
        assert_eq!(
            s["additionalProperties"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]})
        );
        let s = schema_after("type: object\npatternProperties:\n  '.*': {type: integer}\n");
        assert_eq!(s, json!({"type": "object", "additionalProperties": {"type": "integer"}}));
        assert!(parses_as_schema(&s));
    }

    #[test]
    fn pattern_properties_leave_an_open_map_open() {
        let s = schema_after("type: object\npatternProperties:\n  '^x-': {type: string}\n");
        assert_eq!(s, json!({"type": "object"}));
    }

    #[test]
    fn annotation_only_all_of_parts_merge_into_the_schema() {
        let s =
            schema_after("allOf:\n  - $ref: '#/components/schemas/T'\n  - description: From the part.\n    x-box: 1\n");
        assert_eq!(
            s,
            json!({"description": "From the part.", "x-box": 1, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        let s = schema_after(
            "description: Own.\nallOf:\n  - {type: string, nullable: true}\n  - {nullable: false, description: Part.}\n",
        );
        assert_eq!(
            s,
            json!({"description": "Own.", "nullable": false, "allOf": [{"type": "string", "nullable": true}]})
        );
        let s = schema_after("allOf: [{title: t}, true]\n");
        assert_eq!(s, json!({"title": "t"}));
    }
}
