//! OpenAPI 3.1 (JSON Schema 2020-12) typing in 3.0 terms: boolean schemas, `type` arrays,
//! `const`, enums without a `type`, and `anyOf`/`oneOf` with a `null` member.

use serde_json::{Map, Value, json};

use super::json::{is_integral, keywords_of};
use crate::error::{Error, Pointer, Result};

/// A boolean schema takes its object form. `true` accepts anything: `{}`. `false` accepts
/// nothing, so no instance of it is ever sent; it also becomes `{}` (any JSON value) rather
/// than a type that cannot be built, which keeps a component named `false` referable and a
/// decoder never stricter than the schema. Where `false` has a meaning of its own it is
/// handled before this runs: a property that can never be present is dropped, a union arm
/// that matches nothing is dropped (`boolean_members`), `prefixItems` reads `items: false`,
/// and `additionalProperties: false` stays as it is.
pub(super) fn boolean_schema(value: &mut Value) {
    if value.is_boolean() {
        *value = json!({});
    }
}

/// `properties: {a: false}`: `a` can never be present, so the property goes (and leaves
/// `required`); `true` properties become `{}` when visited. An `anyOf`/`oneOf` arm `false`
/// matches nothing and goes; a union left without arms goes too.
pub(super) fn boolean_members(schema: &mut Map<String, Value>) {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        let never: Vec<String> =
            properties.iter().filter(|(_, v)| **v == Value::Bool(false)).map(|(k, _)| k.clone()).collect();
        if !never.is_empty() {
            properties.retain(|_, v| *v != Value::Bool(false));
            if let Some(Value::Array(required)) = schema.get_mut("required") {
                required.retain(|r| !r.as_str().is_some_and(|r| never.iter().any(|n| n == r)));
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = schema.get_mut(key) {
            members.retain(|m| *m != Value::Bool(false));
            if members.is_empty() {
                schema.remove(key);
            }
        }
    }
}

/// `anyOf`/`oneOf` with a `{type: 'null'}` member: the member goes, `nullable: true` comes.
/// A single remaining `$ref` is kept as `allOf: [$ref]` (so siblings such as `description`
/// stay valid); a single remaining inline schema is merged into this one.
pub(super) fn null_union(schema: &mut Map<String, Value>) {
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

/// `{type: 'null'}`, `{const: null}` or `{enum: [null]}`, with at most a title or description.
fn is_null_schema(value: &Value) -> bool {
    let Some(m) = value.as_object() else {
        return false;
    };
    let null_only = m.get("type").and_then(Value::as_str) == Some("null")
        || m.get("const").is_some_and(Value::is_null)
        || m.get("enum") == Some(&json!([null]));
    null_only && m.keys().all(|k| matches!(k.as_str(), "type" | "const" | "enum" | "title" | "description"))
}

/// JSON Schema's `contentEncoding: base64` on a string becomes OpenAPI 3.0's `format: byte`
/// (when no other format is given): the client offers such fields as bytes.
pub(super) fn content_encoding(schema: &mut Map<String, Value>) {
    let base64 =
        schema.get("contentEncoding").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    if base64 && !schema.contains_key("format") {
        schema.insert("format".to_owned(), Value::String("byte".to_owned()));
    }
}

/// OpenAPI 3.1 `const: x` (of any JSON kind) → `enum: [x]`; a string's is marked
/// `x-const: true`: unlike an enum that lists one value today, a constant never becomes a
/// choice, and a struct need not hold it (see `model::Constant`). `untyped_enum` then gives
/// the type the value implies when none is written.
pub(super) fn const_to_enum(schema: &mut Map<String, Value>) {
    if let Some(value) = schema.remove("const") {
        let string = value.is_string();
        let values = json!([value]);
        match schema.get("enum") {
            Some(listed) if *listed != values => return,
            Some(_) => {}
            None => {
                schema.insert("enum".to_owned(), values);
            }
        }
        if string {
            schema.insert(CONST_MARK.to_owned(), Value::Bool(true));
        }
    }
}

/// The extension that marks an `enum` written as `const` in the document.
pub const CONST_MARK: &str = "x-const";

/// An `enum` without `type` gets the type its values imply: `[a, b]` → `string`,
/// `[1, 2]` → `integer`, `[1, 2.5]` → `number`, `[a, null]` → `[string, 'null']`, mixed kinds
/// → a `type` list, which `type_array` splits. Left alone beside `$ref` or a composition,
/// where the enum only narrows what the parts say.
pub(super) fn untyped_enum(schema: &mut Map<String, Value>) {
    if ["type", "$ref", "allOf", "anyOf", "oneOf"].iter().any(|k| schema.contains_key(*k)) {
        return;
    }
    let Some(Value::Array(values)) = schema.get("enum") else {
        return;
    };
    let mut kinds: Vec<&str> = Vec::new();
    for value in values {
        let kind = kind_of(value);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if !kinds.is_empty() {
        schema.insert("type".to_owned(), json!(kinds));
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integral(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// OpenAPI 3.1 type arrays: `type: [integer, 'null']` → `type: integer, nullable: true`.
/// Several non-null types become a `oneOf` of one schema per type, each keeping the keywords
/// that apply to it and the `enum` values of its kind (`integer` is dropped beside `number`,
/// which holds it). A lone `type: 'null'` becomes `nullable: true`.
pub(super) fn type_array(file: &str, schema: &mut Map<String, Value>, pointer: &Pointer) -> Result<()> {
    let listed: Vec<String> = match schema.get("type") {
        None => return Ok(()),
        Some(Value::String(name)) if name == "null" => vec![name.clone()],
        Some(Value::String(_)) => return Ok(()),
        Some(Value::Array(types)) => {
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
            names
        }
        Some(other) => {
            return Err(Error::at(
                file,
                pointer.join("type").as_str(),
                format!("`type` must be a type name or a list of them, found `{other}`"),
            ));
        }
    };
    let nullable = listed.iter().any(|n| n == "null");
    let mut names: Vec<String> = Vec::with_capacity(listed.len());
    for name in listed {
        if name != "null" && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.iter().any(|n| n == "number") {
        names.retain(|n| n != "integer");
    }
    schema.remove("type");
    if nullable {
        schema.insert("nullable".to_owned(), json!(true));
    }
    match names.as_slice() {
        [] => {}
        [one] => {
            schema.insert("type".to_owned(), json!(one));
        }
        many => split_by_type(schema, many),
    }
    Ok(())
}

/// One arm per type in `types` (at least two, no `null`): `type`, the keywords of that type,
/// `format` when it is one of that type's formats, and the `enum` values of that kind (an
/// arm none of whose kind is listed is left out). Shared keywords (`description`, `default`
/// …) stay on the schema.
fn split_by_type(schema: &mut Map<String, Value>, types: &[String]) {
    let format = schema.remove("format");
    let format_owner = format.as_ref().and_then(Value::as_str).and_then(|f| format_type(f, types));
    let values = schema.remove("enum");
    let mut arms = Vec::with_capacity(types.len());
    for t in types {
        let mut arm = Map::new();
        arm.insert("type".to_owned(), json!(t));
        for key in keywords_of(t) {
            if let Some(v) = schema.get(*key) {
                arm.insert((*key).to_owned(), v.clone());
            }
        }
        if let (Some(format), Some(owner)) = (&format, format_owner) {
            if owner == t {
                arm.insert("format".to_owned(), format.clone());
            }
        }
        if let Some(Value::Array(values)) = &values {
            let fitting: Vec<Value> = values.iter().filter(|v| fits(v, t)).cloned().collect();
            if fitting.is_empty() {
                continue;
            }
            arm.insert("enum".to_owned(), Value::Array(fitting));
        }
        arms.push(Value::Object(arm));
    }
    for t in types {
        for key in keywords_of(t) {
            schema.remove(*key);
        }
    }
    match arms.len() {
        0 => {}
        1 => {
            if let Some(Value::Object(arm)) = arms.pop() {
                schema.extend(arm);
            }
        }
        _ => attach_union(schema, arms),
    }
}

/// Whether a value is an instance of the JSON type `type_name` (`null` is no type's).
fn fits(value: &Value, type_name: &str) -> bool {
    match type_name {
        "string" => value.is_string(),
        "integer" => value.as_number().is_some_and(is_integral),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => !value.is_null(),
    }
}

/// The type among `types` a `format` describes.
fn format_type<'t>(format: &str, types: &'t [String]) -> Option<&'t str> {
    let wanted: &[&str] = match format {
        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64" => &["integer", "number"],
        "float" | "double" | "decimal" => &["number"],
        _ => &["string"],
    };
    wanted.iter().find_map(|w| types.iter().find(|t| t == w).map(String::as_str))
}

/// The arms become the schema's `oneOf`, or its `anyOf` when `oneOf` is taken, or one more
/// `allOf` part when both are.
fn attach_union(schema: &mut Map<String, Value>, arms: Vec<Value>) {
    if !schema.contains_key("oneOf") {
        schema.insert("oneOf".to_owned(), Value::Array(arms));
    } else if !schema.contains_key("anyOf") {
        schema.insert("anyOf".to_owned(), Value::Array(arms));
    } else {
        let part = json!({ "oneOf": arms });
        match schema.get_mut("allOf") {
            Some(Value::Array(parts)) => parts.push(part),
            _ => {
                schema.insert("allOf".to_owned(), json!([part]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn boolean_schemas_take_their_object_form() {
        let s = schema_after(
            "type: object\nrequired: [gone, kept]\nproperties:\n  gone: false\n  kept: true\n  list: {type: array, items: true}\nadditionalProperties: false\n",
        );
        assert_eq!(
            s,
            json!({"type": "object", "required": ["kept"], "additionalProperties": false,
                   "properties": {"kept": {}, "list": {"type": "array", "items": {}}}})
        );
        assert!(parses_as_schema(&s), "{s:#}");
        assert_eq!(schema_after("true\n"), json!({}));
        let never = schema_after("false\n");
        assert_eq!(never, json!({}));
        assert!(parses_as_schema(&never));
    }

    #[test]
    fn false_union_arms_are_dropped_and_open_maps_stay() {
        let s = schema_after("anyOf: [false, {type: string}, {type: integer}]\n");
        assert_eq!(s, json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        let s = schema_after("type: object\nadditionalProperties: true\n");
        assert_eq!(s, json!({"type": "object", "additionalProperties": true}));
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let s = schema_after("type: [integer, 'null']\n");
        assert_eq!(s, json!({"type": "integer", "nullable": true}));
        let s = schema_after("type: 'null'\n");
        assert_eq!(s, json!({"nullable": true}));
    }

    #[test]
    fn type_array_with_several_types_becomes_one_of_with_the_keywords_of_each() {
        let s = schema_after(
            "type: [string, integer, 'null']\ndescription: d\nminLength: 1\nformat: int64\nminimum: 0\nenum: [a, 1, null]\n",
        );
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "oneOf": [
                {"type": "string", "minLength": 1, "enum": ["a"]},
                {"type": "integer", "minimum": 0, "format": "int64", "enum": [1]}
            ]})
        );
        assert!(parses_as_schema(&s), "{s:#}");
        let s =
            schema_after("type: [array, object]\nitems: {type: [string, 'null']}\nproperties: {a: {type: string}}\n");
        assert_eq!(
            s,
            json!({"oneOf": [
                {"type": "array", "items": {"type": "string", "nullable": true}},
                {"type": "object", "properties": {"a": {"type": "string"}}}
            ]})
        );
    }

    #[test]
    fn type_array_keeps_number_over_integer_and_drops_arms_no_enum_value_fits() {
        let s = schema_after("type: [integer, number]\nmaximum: 5\n");
        assert_eq!(s, json!({"type": "number", "maximum": 5}));
        let s = schema_after("type: [string, boolean]\nenum: [a, b]\n");
        assert_eq!(s, json!({"type": "string", "enum": ["a", "b"]}));
    }

    #[test]
    fn type_array_with_a_non_string_is_an_error_with_its_pointer() {
        let s = schema_after("type: [string, 3]\n");
        assert!(s.as_str().is_some_and(|e| e.contains("#/components/schemas/S/type/1")), "{s}");
        let s = schema_after("type: 3\n");
        assert!(s.as_str().is_some_and(|e| e.contains("#/components/schemas/S/type")), "{s}");
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
        let s = schema_after("oneOf:\n  - const: a\n  - const: null\n");
        assert_eq!(s, json!({"nullable": true, "type": "string", "enum": ["a"], "x-const": true}));
    }

    #[test]
    fn base64_content_encoding_becomes_format_byte() {
        let s = schema_after("type: string\ncontentEncoding: base64\n");
        assert_eq!(s["format"], json!("byte"));
        let s = schema_after("type: string\ncontentEncoding: base64\nformat: binary\n");
        assert_eq!(s["format"], json!("binary"));
    }

    #[test]
    fn const_of_every_kind_becomes_an_enum_openapiv3_reads() {
        for (text, expected) in [
            ("const: all\n", json!({"type": "string", "enum": ["all"], "x-const": true})),
            ("const: 1\n", json!({"type": "integer", "enum": [1]})),
            ("const: 1.5\n", json!({"type": "number", "enum": [1.5]})),
            ("const: true\n", json!({"type": "boolean", "enum": [true]})),
            // Objects and arrays keep their type; the value only restricts (`foreign_keywords`).
            ("const: {a: 1}\n", json!({"type": "object"})),
            ("const: [1]\n", json!({"type": "array"})),
            ("const: null\n", json!({"nullable": true, "enum": [null]})),
            ("type: string\nconst: x\n", json!({"type": "string", "enum": ["x"], "x-const": true})),
            // Listed beside its `enum`, the same value is still a constant.
            ("type: string\nenum: [x]\nconst: x\n", json!({"type": "string", "enum": ["x"], "x-const": true})),
            ("type: string\nenum: [x]\n", json!({"type": "string", "enum": ["x"]})),
        ] {
            let s = schema_after(text);
            assert_eq!(s, expected, "{text}");
            assert!(parses_as_schema(&s), "{text}");
        }
    }

    #[test]
    fn untyped_enums_get_the_type_of_their_values() {
        let s = schema_after("enum: [a, b, null]\n");
        assert_eq!(s, json!({"type": "string", "nullable": true, "enum": ["a", "b", null]}));
        let s = schema_after("enum: [1, 2.5]\n");
        assert_eq!(s, json!({"type": "number", "enum": [1, 2.5]}));
        let s = schema_after("enum: [1, a, true]\n");
        assert_eq!(
            s,
            json!({"oneOf": [
                {"type": "integer", "enum": [1]}, {"type": "string", "enum": ["a"]}, {"type": "boolean", "enum": [true]}
            ]})
        );
        assert!(parses_as_schema(&s));
        let s = schema_after("allOf: [{$ref: '#/components/schemas/T'}]\nenum: [a]\n");
        assert_eq!(s, json!({"allOf": [{"$ref": "#/components/schemas/T"}], "enum": ["a"]}));
    }
}
