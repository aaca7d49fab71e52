//! Stage 2, normalize: rewrite the untyped tree into the OpenAPI 3.0 shapes `openapiv3` reads.
//!
//! Each rewrite is a small named function over one schema (or one operation) with its own
//! test. Schema rewrites run top-down on every schema object of the document, and only on
//! schema objects: examples, defaults and vendor extensions are data and stay untouched.

use serde_json::{Map, Value, json};

use crate::error::{Error, Pointer, Result};
use crate::load::Document;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The vendor extension that carries an operation's SDK group path (`[service_accounts, api_keys]`).
pub const GROUP_EXTENSION: &str = "x-fern-sdk-group-name";

/// Normalizes one document in place.
pub fn normalize(doc: &mut Document) -> Result<()> {
    let file = doc.file.clone();
    openapi_version(&file, &mut doc.tree)?;
    let Some(root) = doc.tree.as_object_mut() else {
        return Err(Error::at(&file, "#", "not an OpenAPI document: the top level is not a mapping"));
    };
    root.entry("paths").or_insert_with(|| json!({}));
    // Operations first: their rewrites do not touch schemas, and schema rewrites follow.
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    nested_tags(op);
                    if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
                        form_explode_default(body);
                    }
                    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                        for response in responses.values_mut() {
                            if let Some(response) = response.as_object_mut() {
                                empty_content(response);
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(bodies) =
        root.get_mut("components").and_then(|c| c.get_mut("requestBodies")).and_then(Value::as_object_mut)
    {
        for body in bodies.values_mut().filter_map(Value::as_object_mut) {
            form_explode_default(body);
        }
    }
    let mut pointer = Pointer::root();
    walk(&file, &mut doc.tree, &mut pointer, false)
}

/// `openapi: 3.1.x` becomes `3.0.3` (the rewrites below take care of what differs); versions
/// other than 3.0 and 3.1 are refused.
fn openapi_version(file: &str, tree: &mut Value) -> Result<()> {
    let Some(version) = tree.get_mut("openapi") else {
        return Err(Error::at(file, "#", "not an OpenAPI document: no `openapi` version field"));
    };
    let text = match &*version {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.starts_with("3.0.") || text == "3.0" {
        *version = json!(text);
        Ok(())
    } else if text.starts_with("3.1.") || text == "3.1" {
        *version = json!("3.0.3");
        Ok(())
    } else {
        Err(Error::at(file, "#/openapi", format!("unsupported OpenAPI version `{text}`"))
            .with_hint("the generator reads OpenAPI 3.0.x and 3.1.x"))
    }
}

/// Docs pages write `tags` as a list of lists, the inner list being the SDK group path:
/// `[[subpackage_serviceAccounts, subpackage_serviceAccounts/apiKeys]]`. The last entry becomes
/// the group extension (`[service_accounts, api_keys]`) unless the operation already has one,
/// and `tags` becomes a flat list of strings.
fn nested_tags(op: &mut Map<String, Value>) {
    let Some(Value::Array(tags)) = op.get("tags") else {
        return;
    };
    if !tags.iter().any(Value::is_array) {
        return;
    }
    let mut flat: Vec<String> = Vec::new();
    for tag in tags {
        let items: Vec<&Value> = match tag {
            Value::Array(inner) => inner.iter().collect(),
            other => vec![other],
        };
        for item in items {
            if let Some(s) = item.as_str() {
                if !flat.iter().any(|t| t == s) {
                    flat.push(s.to_owned());
                }
            }
        }
    }
    let group = tags
        .iter()
        .filter_map(Value::as_array)
        .filter_map(|inner| inner.last().and_then(Value::as_str))
        .next_back()
        .map(group_path);
    if let Some(group) = group {
        op.entry(GROUP_EXTENSION).or_insert_with(|| json!(group));
    }
    op.insert("tags".to_owned(), json!(flat));
}

/// `subpackage_serviceAccounts/apiKeys` → `[service_accounts, api_keys]`.
fn group_path(tag: &str) -> Vec<String> {
    let tag = tag.strip_prefix("subpackage_").unwrap_or(tag);
    tag.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| heck::ToSnakeCase::to_snake_case(s.strip_prefix("subpackage_").unwrap_or(s)))
        .collect()
}

/// A response with `content: {}` has no body: drop the empty map.
fn empty_content(response: &mut Map<String, Value>) {
    if response.get("content").and_then(Value::as_object).is_some_and(Map::is_empty) {
        response.remove("content");
    }
}

/// An `encoding` entry of a request body without `explode` explodes when its style is `form`
/// (the default); `openapiv3` reads a missing `explode` as `false`, so the default is written
/// out.
fn form_explode_default(body: &mut Map<String, Value>) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    for media in content.values_mut() {
        let Some(encoding) = media.get_mut("encoding").and_then(Value::as_object_mut) else {
            continue;
        };
        for entry in encoding.values_mut().filter_map(Value::as_object_mut) {
            let form = entry.get("style").is_none_or(|s| s == "form");
            if form && !entry.contains_key("explode") {
                entry.insert("explode".to_owned(), json!(true));
            }
        }
    }
}

/// Visits every object, applying the schema rewrites to those in schema position.
fn walk(file: &str, value: &mut Value, pointer: &mut Pointer, in_schema: bool) -> Result<()> {
    match value {
        Value::Object(map) => {
            if in_schema {
                rewrite_schema(file, map, pointer)?;
                for (key, child) in map.iter_mut() {
                    pointer.push(key);
                    match key.as_str() {
                        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                            walk_members(file, child, pointer)?
                        }
                        "items"
                        | "additionalProperties"
                        | "not"
                        | "contains"
                        | "propertyNames"
                        | "additionalItems"
                        | "unevaluatedProperties"
                        | "unevaluatedItems"
                        | "if"
                        | "then"
                        | "else" => walk(file, child, pointer, true)?,
                        "allOf" | "anyOf" | "oneOf" | "prefixItems" => walk_elements(file, child, pointer)?,
                        _ => {}
                    }
                    pointer.pop();
                }
            } else {
                for (key, child) in map.iter_mut() {
                    pointer.push(key);
                    match key.as_str() {
                        "schema" => walk(file, child, pointer, true)?,
                        "schemas" if pointer.as_str() == "#/components/schemas" => walk_members(file, child, pointer)?,
                        // Data, not structure.
                        "example" | "examples" | "default" => {}
                        k if k.starts_with("x-") => {}
                        _ => walk(file, child, pointer, false)?,
                    }
                    pointer.pop();
                }
            }
        }
        Value::Array(items) if !in_schema => {
            for (i, item) in items.iter_mut().enumerate() {
                pointer.push(i);
                walk(file, item, pointer, false)?;
                pointer.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

fn walk_members(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    if let Some(map) = value.as_object_mut() {
        for (key, child) in map.iter_mut() {
            pointer.push(key);
            walk(file, child, pointer, true)?;
            pointer.pop();
        }
    }
    Ok(())
}

fn walk_elements(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    if let Some(items) = value.as_array_mut() {
        for (i, child) in items.iter_mut().enumerate() {
            pointer.push(i);
            walk(file, child, pointer, true)?;
            pointer.pop();
        }
    }
    Ok(())
}

/// The schema rewrites, in an order where each sees the output of the ones before it.
fn rewrite_schema(file: &str, schema: &mut Map<String, Value>, pointer: &Pointer) -> Result<()> {
    ref_siblings(schema);
    null_union(schema);
    type_array(file, schema, pointer)?;
    enum_value_objects(schema);
    literal_objects(schema);
    const_to_enum(schema);
    exclusive_bounds(schema);
    integer_bounds(schema);
    examples_array(schema);
    Ok(())
}

/// A `$ref` with sibling keywords (`description`, `default`, `nullable` …): OpenAPI 3.0 readers
/// ignore the siblings, so the reference moves into `allOf: [{$ref}]` and the siblings stay.
fn ref_siblings(schema: &mut Map<String, Value>) {
    if !schema.contains_key("$ref") || schema.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
        return;
    }
    if let Some(reference) = schema.remove("$ref") {
        schema.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    }
}

/// Docs pages write enum items as objects: `- value: text_to_speech` → `- text_to_speech`.
fn enum_value_objects(schema: &mut Map<String, Value>) {
    let Some(Value::Array(items)) = schema.get_mut("enum") else {
        return;
    };
    for item in items {
        if let Value::Object(obj) = item {
            if obj.len() == 1 {
                if let Some(value) = obj.remove("value") {
                    *item = value;
                }
            }
        }
    }
}

/// Docs pages write literal types as `{type: stringLiteral, value: all}` (also `booleanLiteral`,
/// `integerLiteral` …): the item becomes the literal value itself.
fn literal_objects(schema: &mut Map<String, Value>) {
    let Some(Value::Array(items)) = schema.get_mut("enum") else {
        return;
    };
    for item in items {
        let Value::Object(obj) = item else { continue };
        let is_literal = obj.len() == 2
            && obj.get("type").and_then(Value::as_str).is_some_and(|t| t.ends_with("Literal"))
            && obj.contains_key("value");
        if is_literal {
            if let Some(value) = obj.remove("value") {
                *item = value;
            }
        }
    }
}

/// OpenAPI 3.1 type arrays: `type: [integer, 'null']` → `type: integer, nullable: true`;
/// several non-null types become an `anyOf` of one schema per type.
fn type_array(file: &str, schema: &mut Map<String, Value>, pointer: &Pointer) -> Result<()> {
    let Some(Value::Array(types)) = schema.get("type") else {
        return Ok(());
    };
    let mut names = Vec::with_capacity(types.len());
    for (i, t) in types.iter().enumerate() {
        match t.as_str() {
            Some(name) => names.push(name.to_owned()),
            None => {
                return Err(Error::at(
                    file,
                    pointer.join("type").join(i).as_str(),
                    format!("a type name must be a string, found `{t}`"),
                ));
            }
        }
    }
    let nullable = names.iter().any(|n| n == "null");
    names.retain(|n| n != "null");
    schema.remove("type");
    if nullable {
        schema.insert("nullable".to_owned(), json!(true));
    }
    match names.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".to_owned(), json!(one));
        }
        many => {
            let variants: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
            schema.insert("anyOf".to_owned(), Value::Array(variants));
        }
    }
    Ok(())
}

/// `anyOf`/`oneOf` with a `{type: 'null'}` member: the member goes, `nullable: true` comes.
/// A single remaining `$ref` is kept as `allOf: [$ref]` (so siblings such as `description`
/// stay valid); a single remaining inline schema is merged into this one.
fn null_union(schema: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = schema.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        schema.insert("nullable".to_owned(), json!(true));
        let Some(Value::Array(members)) = schema.get_mut(key) else {
            continue;
        };
        if members.len() != 1 {
            continue;
        }
        let only = members.remove(0);
        schema.remove(key);
        match only {
            Value::Object(mut inner) if inner.contains_key("$ref") && inner.len() == 1 => {
                schema.insert("allOf".to_owned(), json!([Value::Object(std::mem::take(&mut inner))]));
            }
            Value::Object(inner) => {
                for (k, v) in inner {
                    schema.entry(k).or_insert(v);
                }
            }
            other => {
                schema.insert(key.to_owned(), json!([other]));
            }
        }
    }
}

fn is_null_schema(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.get("type").and_then(Value::as_str) == Some("null")
            && m.keys().all(|k| matches!(k.as_str(), "type" | "title" | "description"))
    })
}

/// OpenAPI 3.1 `const: x` → `enum: [x]`, with the type the value implies when none is given.
fn const_to_enum(schema: &mut Map<String, Value>) {
    let Some(value) = schema.remove("const") else {
        return;
    };
    if !schema.contains_key("type") {
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let Some(t) = implied {
            schema.insert("type".to_owned(), json!(t));
        }
    }
    schema.entry("enum").or_insert_with(|| json!([value]));
}

/// OpenAPI 3.1 numeric `exclusiveMinimum: 0` → 3.0 `minimum: 0, exclusiveMinimum: true`.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = schema.get(exclusive) {
            let n = Value::Number(n.clone());
            schema.insert(bound.to_owned(), n);
            schema.insert(exclusive.to_owned(), json!(true));
        }
    }
}

/// Bounds of integer schemas written as floats (`maximum: 1800.0`) become integers; a bound
/// with a fraction is rounded inwards, which keeps the same set of integers.
fn integer_bounds(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (key, round) in [("minimum", f64::ceil as fn(f64) -> f64), ("maximum", f64::floor), ("multipleOf", f64::round)]
    {
        let Some(Value::Number(n)) = schema.get(key) else { continue };
        if n.is_i64() || n.is_u64() {
            continue;
        }
        let Some(f) = n.as_f64() else { continue };
        let rounded = round(f);
        if rounded.is_finite() && rounded.abs() < 9.0e15 {
            schema.insert(key.to_owned(), json!(rounded as i64));
        } else {
            schema.remove(key);
        }
    }
}

/// OpenAPI 3.1 schema `examples: [..]` → 3.0 `example: <first>`.
fn examples_array(schema: &mut Map<String, Value>) {
    if !matches!(schema.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples") {
        if !schema.contains_key("example") && !examples.is_empty() {
            schema.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|e| Value::String(format!("bad test YAML: {e}")))
    }

    fn object(text: &str) -> Map<String, Value> {
        yaml(text).as_object().cloned().unwrap_or_default()
    }

    fn schema_after(text: &str) -> Value {
        let mut doc = Document {
            file: "t.yaml".to_owned(),
            tree: yaml(&format!("openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n{}", indent(text, 6))),
        };
        if let Err(e) = normalize(&mut doc) {
            return Value::String(format!("normalize failed: {e}"));
        }
        doc.tree["components"]["schemas"]["S"].clone()
    }

    fn indent(text: &str, by: usize) -> String {
        text.lines().map(|l| format!("{}{l}\n", " ".repeat(by))).collect()
    }

    #[test]
    fn ref_siblings_move_the_ref_into_all_of() {
        let s = schema_after("$ref: '#/components/schemas/T'\ndescription: The permissions.\n");
        assert_eq!(s, json!({"description": "The permissions.", "allOf": [{"$ref": "#/components/schemas/T"}]}));
        let s = schema_after("$ref: '#/components/schemas/T'\nx-note: 1\n");
        assert_eq!(s, json!({"$ref": "#/components/schemas/T", "x-note": 1}));
    }

    #[test]
    fn numeric_exclusive_bounds_become_3_0_flags() {
        let s = schema_after("type: number\nexclusiveMinimum: 0\nexclusiveMaximum: 1.5\n");
        assert_eq!(
            s,
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0, "exclusiveMaximum": true, "maximum": 1.5})
        );
    }

    #[test]
    fn float_bounds_on_integers_become_integers() {
        let s = schema_after("type: integer\nminimum: 0.5\nmaximum: 1800.0\n");
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "maximum": 1800}));
    }

    #[test]
    fn examples_arrays_become_one_example() {
        let s = schema_after("type: string\nexamples: [a, b]\n");
        assert_eq!(s, json!({"type": "string", "example": "a"}));
    }

    #[test]
    fn enum_value_objects_become_values() {
        let s = schema_after("type: string\nenum:\n  - value: text_to_speech\n  - value: models_read\n");
        assert_eq!(s["enum"], json!(["text_to_speech", "models_read"]));
    }

    #[test]
    fn literal_objects_of_any_kind_become_values() {
        let s = schema_after("type: string\nenum:\n  - type: stringLiteral\n    value: all\n");
        assert_eq!(s["enum"], json!(["all"]));
        let s = schema_after("type: boolean\nenum:\n  - type: booleanLiteral\n    value: true\n");
        assert_eq!(s["enum"], json!([true]));
    }

    #[test]
    fn plain_enums_are_left_alone() {
        let s = schema_after("type: string\nenum: [a, b]\n");
        assert_eq!(s["enum"], json!(["a", "b"]));
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let s = schema_after("type: [integer, 'null']\n");
        assert_eq!(s, json!({"type": "integer", "nullable": true}));
    }

    #[test]
    fn type_array_with_several_types_becomes_any_of() {
        let s = schema_after("type: [string, number, 'null']\n");
        assert_eq!(s, json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "number"}]}));
    }

    #[test]
    fn type_array_with_a_non_string_is_an_error_with_its_pointer() {
        let mut doc = Document {
            file: "t.yaml".to_owned(),
            tree: yaml("openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n      type: [string, 3]\n"),
        };
        let err = normalize(&mut doc).unwrap_err();
        assert_eq!(err.pointer, "#/components/schemas/S/type/1");
    }

    #[test]
    fn null_union_with_a_ref_keeps_siblings() {
        let s = schema_after("description: d\nanyOf:\n  - $ref: '#/components/schemas/T'\n  - type: 'null'\n");
        assert_eq!(s, json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]}));
    }

    #[test]
    fn null_union_with_an_inline_schema_merges_it() {
        let s = schema_after("anyOf:\n  - type: array\n    items: {type: string}\n  - type: 'null'\n");
        assert_eq!(s, json!({"nullable": true, "type": "array", "items": {"type": "string"}}));
    }

    #[test]
    fn const_becomes_a_one_value_enum_with_its_type() {
        let s = schema_after("const: all\n");
        assert_eq!(s, json!({"type": "string", "enum": ["all"]}));
    }

    #[test]
    fn rewrites_reach_nested_schemas_but_not_examples() {
        let s = schema_after(
            "type: object\nproperties:\n  a:\n    type: [string, 'null']\nexample:\n  a: {type: [x, 'null']}\n",
        );
        assert_eq!(s["properties"]["a"], json!({"type": "string", "nullable": true}));
        assert_eq!(s["example"]["a"]["type"], json!(["x", "null"]));
    }

    #[test]
    fn openapi_3_1_becomes_3_0_and_others_are_refused() {
        let mut tree = yaml("openapi: 3.1.1\n");
        assert_eq!(openapi_version("t.yaml", &mut tree), Ok(()));
        assert_eq!(tree["openapi"], json!("3.0.3"));
        let mut tree = yaml("openapi: 4.0.0\n");
        let err = openapi_version("t.yaml", &mut tree).unwrap_err();
        assert_eq!(err.pointer, "#/openapi");
    }

    #[test]
    fn nested_tags_give_the_group_path() {
        let mut op = object("tags:\n  - - subpackage_serviceAccounts\n    - subpackage_serviceAccounts/apiKeys\n");
        nested_tags(&mut op);
        assert_eq!(op[GROUP_EXTENSION], json!(["service_accounts", "api_keys"]));
        assert_eq!(op["tags"], json!(["subpackage_serviceAccounts", "subpackage_serviceAccounts/apiKeys"]));
    }

    #[test]
    fn nested_tags_keep_an_explicit_group() {
        let mut op = object("tags: [[subpackage_a]]\nx-fern-sdk-group-name: b\n");
        nested_tags(&mut op);
        assert_eq!(op[GROUP_EXTENSION], json!("b"));
    }

    #[test]
    fn empty_response_content_is_dropped() {
        let mut r = object("description: Validation Error\ncontent: {}\n");
        empty_content(&mut r);
        assert_eq!(Value::Object(r), json!({"description": "Validation Error"}));
    }

    #[test]
    fn form_encodings_explode_by_default() {
        let mut doc = Document {
            file: "t.yaml".into(),
            tree: yaml(
                "openapi: 3.0.3\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          \
                 application/x-www-form-urlencoded:\n            encoding:\n              a: {}\n              \
                 b: {explode: false}\n              c: {style: deepObject}\n",
            ),
        };
        normalize(&mut doc).unwrap();
        let encoding =
            &doc.tree["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"];
        assert_eq!(encoding, &json!({"a": {"explode": true}, "b": {"explode": false}, "c": {"style": "deepObject"}}));
    }
}
