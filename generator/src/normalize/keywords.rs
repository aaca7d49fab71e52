//! Keywords `openapiv3` holds in typed fields: texts, flags, numbers, bounds of integers
//! (`i64`), sizes (`usize`). A value that does not fit never fails the run: a keyword that
//! only restricts is dropped (the decoder then accepts a little more, never less), and an
//! integer schema whose values reach beyond `i64` is widened to `number`.

use serde_json::{Map, Value, json};

use super::json::{is_integral, keywords_of};

/// 2^63: the first integer beyond `i64`, and what `i64::MAX` becomes when written through a
/// float (as generated documents do: `9223372036854776000`).
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

/// OpenAPI 3.1 numeric `exclusiveMinimum: 0` → 3.0 `minimum: 0, exclusiveMinimum: true`.
pub(super) fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(n)) = schema.get(exclusive) {
            let n = Value::Number(n.clone());
            schema.insert(bound.to_owned(), n);
            schema.insert(exclusive.to_owned(), json!(true));
        }
    }
}

const TEXT_VALUED: &[&str] = &["title", "description", "pattern", "format"];
const FLAG_VALUED: &[&str] =
    &["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems", "exclusiveMinimum", "exclusiveMaximum"];
const NUMBER_VALUED: &[&str] = &["minimum", "maximum", "multipleOf"];

/// Keywords whose value has the wrong JSON kind for the field `openapiv3` reads them into
/// (a numeric `description`, `nullable: "yes"`, a property-level `required: true`, a
/// `discriminator` without `propertyName` …) are dropped; `required` keeps its strings and
/// the composition lists their schemas. A draft-4 tuple (`items: [A, B]`, `additionalItems`)
/// becomes `prefixItems` (and `items`), which `prefix_items` reads.
pub(super) fn typed_keywords(schema: &mut Map<String, Value>) {
    if matches!(schema.get("items"), Some(Value::Array(_))) && !schema.contains_key("prefixItems") {
        if let Some(tuple) = schema.remove("items") {
            schema.insert("prefixItems".to_owned(), tuple);
            if let Some(rest) = schema.remove("additionalItems") {
                schema.insert("items".to_owned(), rest);
            }
        }
    }
    schema.retain(|key, value| match key.as_str() {
        k if TEXT_VALUED.contains(&k) => value.is_string(),
        k if FLAG_VALUED.contains(&k) => value.is_boolean(),
        k if NUMBER_VALUED.contains(&k) => value.is_number(),
        "enum" | "allOf" | "anyOf" | "oneOf" | "required" | "prefixItems" => value.is_array(),
        "properties" => value.is_object(),
        "items" | "additionalProperties" | "not" => value.is_object() || value.is_boolean(),
        "discriminator" => {
            value.get("propertyName").is_some_and(Value::is_string)
                && value.get("mapping").is_none_or(|m| m.as_object().is_some_and(|m| m.values().all(Value::is_string)))
        }
        "externalDocs" => value.get("url").is_some_and(Value::is_string),
        _ => true,
    });
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(Value::is_string);
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(members)) = schema.get_mut(key) {
            members.retain(|m| m.is_object() || m.is_boolean());
        }
    }
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.retain(|_, p| p.is_object() || p.is_boolean());
    }
}

const TYPE_GROUPS: [&str; 4] = ["string", "number", "array", "object"];

/// A schema of one `type` with keywords of another (`type: string` with `minimum: 1`, as
/// DigitalOcean writes for some path parameters): JSON Schema applies those keywords to
/// instances of their own type only, so here they say nothing and are dropped; `openapiv3`
/// would otherwise read the schema as untyped. `format` goes from booleans, objects and
/// arrays, and `enum` from objects and arrays, where `openapiv3` has no field for them (an
/// enum only restricts).
pub(super) fn foreign_keywords(schema: &mut Map<String, Value>) {
    let Some(own) = schema.get("type").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let own_group = if own == "integer" { "number" } else { own.as_str() };
    if !matches!(own_group, "string" | "number" | "array" | "object" | "boolean") {
        return;
    }
    for group in TYPE_GROUPS.into_iter().filter(|g| *g != own_group) {
        for key in keywords_of(group) {
            schema.remove(*key);
        }
    }
    if matches!(own_group, "boolean" | "array" | "object") {
        schema.remove("format");
    }
    if matches!(own_group, "array" | "object") {
        schema.remove("enum");
    }
    scalar_enum(schema, &own);
}

/// The `enum` of a string, number or boolean schema as `openapiv3` reads it: values of
/// that kind only. A string enum written with bare YAML scalars (`enum: [1.0, 2.0]`, `[yes,
/// true]`) means their text; other values can never match and go, and so does an enum left
/// empty (string enums keep unknown values anyway, so the decoder is no stricter).
fn scalar_enum(schema: &mut Map<String, Value>, own: &str) {
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return;
    };
    match own {
        "string" => {
            for value in values.iter_mut() {
                if matches!(value, Value::Number(_) | Value::Bool(_)) {
                    *value = Value::String(value.to_string());
                }
            }
            values.retain(|v| v.is_string() || v.is_null());
        }
        "number" => values.retain(|v| v.is_number() || v.is_null()),
        "boolean" => values.retain(|v| v.is_boolean() || v.is_null()),
        _ => return,
    }
    if values.iter().all(Value::is_null) {
        schema.remove("enum");
    }
}

/// What to do with a bound of an integer schema.
#[derive(Debug, PartialEq)]
enum Fit {
    Int(i64),
    Drop,
    Widen,
}

/// Integer schemas, whose bounds and enum values `openapiv3` reads as `i64`:
/// - a bound written as a float (`maximum: 1800.0`) becomes an integer, rounded inwards
///   (the same integers pass); a fractional `multipleOf` only restricts and is dropped;
/// - `maximum` equal to 2^63 is `i64::MAX` written through a float and is dropped;
/// - a bound or enum value beyond `i64` means the values themselves do not fit `i64`: the
///   schema is widened to `number` (decoded as `f64`) with its values as written;
/// - enum values that are not whole numbers can never match and are dropped.
pub(super) fn integer_keywords(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let mut fits: Vec<(&str, Fit)> = Vec::new();
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(Value::Number(n)) = schema.get(key) else { continue };
        if n.is_i64() {
            continue;
        }
        let Some(f) = n.as_f64() else {
            fits.push((key, Fit::Drop));
            continue;
        };
        fits.push((key, bound_fit(key, f)));
    }
    let mut widen = fits.iter().any(|(_, fit)| *fit == Fit::Widen);
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.retain(|v| v.is_null() || v.as_number().is_some_and(is_integral));
        let beyond = |v: &Value| v.as_number().is_some_and(|n| !n.is_i64());
        let outside = |v: &Value| v.as_f64().is_some_and(|f| !(-TWO_63..TWO_63).contains(&f));
        if values.iter().any(|v| beyond(v) && outside(v)) {
            widen = true;
        } else if !widen {
            for v in values.iter_mut().filter(|v| beyond(v)) {
                if let Some(f) = v.as_f64() {
                    *v = json!(f as i64);
                }
            }
        }
        if values.is_empty() {
            schema.remove("enum");
        }
    }
    if widen {
        schema.insert("type".to_owned(), json!("number"));
        return;
    }
    for (key, fit) in fits {
        match fit {
            Fit::Int(i) => {
                schema.insert(key.to_owned(), json!(i));
            }
            Fit::Drop | Fit::Widen => {
                schema.remove(key);
            }
        }
    }
}

/// How an integer schema's bound `key` that is not an `i64` (a float, or beyond `i64`) fits.
fn bound_fit(key: &str, f: f64) -> Fit {
    if !f.is_finite() {
        return Fit::Drop;
    }
    let rounded = match key {
        "minimum" => f.ceil(),
        "maximum" => f.floor(),
        _ if f.fract() != 0.0 => return Fit::Drop,
        _ => f,
    };
    if (-TWO_63..TWO_63).contains(&rounded) {
        return Fit::Int(rounded as i64);
    }
    match key {
        "maximum" if rounded == TWO_63 => Fit::Drop,
        "minimum" | "maximum" => Fit::Widen,
        _ => Fit::Drop,
    }
}

const SIZE_KEYWORDS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// Sizes, which `openapiv3` reads as `usize`: a whole float (`maxLength: 10.0`) becomes an
/// integer; a negative, fractional or huge one only restricts and is dropped.
pub(super) fn size_keywords(schema: &mut Map<String, Value>) {
    for key in SIZE_KEYWORDS {
        let fixed = match schema.get(*key) {
            None => continue,
            Some(Value::Number(n)) if n.is_u64() => continue,
            Some(Value::Number(n)) => {
                n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 9.0e15).map(|f| json!(f as u64))
            }
            Some(_) => None,
        };
        match fixed {
            Some(value) => schema.insert((*key).to_owned(), value),
            None => schema.remove(*key),
        };
    }
}

/// OpenAPI 3.1 schema `examples: [..]` → 3.0 `example: <first>`.
pub(super) fn examples_array(schema: &mut Map<String, Value>) {
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
    use super::super::test_support::*;
    use super::*;

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
        let s = schema_after("type: integer\nminimum: 0.5\nmaximum: 1800.0\nmultipleOf: 2.5\n");
        assert_eq!(s, json!({"type": "integer", "minimum": 1, "maximum": 1800}));
        assert!(parses_as_schema(&s));
    }

    #[test]
    fn i64_max_written_through_a_float_is_dropped() {
        // 9223372036854776000 is read as a u64 and 9223372036854775808.0 as a float: both 2^63.
        for bound in ["9223372036854776000", "9223372036854775808.0"] {
            let s = schema_after(&format!("type: integer\nminimum: 0\nmaximum: {bound}\n"));
            assert_eq!(s, json!({"type": "integer", "minimum": 0}), "{bound}");
        }
    }

    #[test]
    fn integers_beyond_i64_widen_the_schema_to_number() {
        for bound in ["18446744073709551615", "1.8446744073709552e19"] {
            let s = schema_after(&format!("type: integer\nformat: int64\nminimum: 4\nmaximum: {bound}\n"));
            assert_eq!(s["type"], json!("number"), "{bound}");
            assert_eq!(s["minimum"], json!(4));
            assert!(parses_as_schema(&s), "{s}");
        }
        let s = schema_after("type: integer\nenum: [1, 18446744073709551615]\n");
        assert_eq!(s, json!({"type": "number", "enum": [1, 18446744073709551615u64]}));
        let s = schema_after("type: integer\nminimum: -1e20\n");
        assert_eq!(s["type"], json!("number"));
    }

    #[test]
    fn integer_enums_keep_whole_numbers_as_i64() {
        let s = schema_after("type: integer\nenum: [1, 2.0, 2.5, x, null]\n");
        assert_eq!(s, json!({"type": "integer", "enum": [1, 2, null]}));
        assert!(matches!(
            serde_json::from_value::<openapiv3::Schema>(s).map(|s| s.schema_kind),
            Ok(openapiv3::SchemaKind::Type(openapiv3::Type::Integer(_)))
        ));
    }

    #[test]
    fn sizes_that_are_not_usize_are_fixed_or_dropped() {
        let s = schema_after("type: string\nminLength: 1.0\nmaxLength: 1.8446744073709552e19\n");
        assert_eq!(s, json!({"type": "string", "minLength": 1}));
        let s = schema_after("type: array\nminItems: -1\nmaxItems: 2.5\n");
        assert_eq!(s, json!({"type": "array"}));
        let s = schema_after("type: object\nmaxProperties: 25\n");
        assert_eq!(s, json!({"type": "object", "maxProperties": 25}));
    }

    #[test]
    fn keywords_of_the_wrong_kind_are_dropped() {
        let s = schema_after(
            "type: object\ndescription: 5\nnullable: yes please\nrequired: [a, 3]\nproperties:\n  a: {type: string, required: true, pattern: 7}\ndiscriminator: {mapping: {a: '#/x'}}\nexternalDocs: {description: no url}\nminimum: five\n",
        );
        assert_eq!(s, json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}));
        assert!(parses_as_schema(&s), "{s:#}");
    }

    #[test]
    fn keywords_of_other_types_are_dropped() {
        let s = schema_after("type: string\nformat: uuid\nminimum: 1\nitems: {type: string}\n");
        assert_eq!(s, json!({"type": "string", "format": "uuid"}));
        assert!(matches!(
            serde_json::from_value::<openapiv3::Schema>(s).map(|s| s.schema_kind),
            Ok(openapiv3::SchemaKind::Type(openapiv3::Type::String(_)))
        ));
        let s = schema_after("type: array\nitems: {type: string}\nenum: [[a]]\nformat: csv\nmaxLength: 3\n");
        assert_eq!(s, json!({"type": "array", "items": {"type": "string"}}));
        let s = schema_after("type: boolean\nformat: flag\nminLength: 1\n");
        assert_eq!(s, json!({"type": "boolean"}));
        let s = schema_after("type: integer\nminimum: 1\npattern: '^[0-9]+$'\n");
        assert_eq!(s, json!({"type": "integer", "minimum": 1}));
    }

    #[test]
    fn scalar_enums_hold_values_of_their_type() {
        let s = schema_after("type: string\nenum: [1.0, true, a, {x: 1}, null]\n");
        assert_eq!(s, json!({"type": "string", "enum": ["1.0", "true", "a", null]}));
        assert!(matches!(
            serde_json::from_value::<openapiv3::Schema>(s).map(|s| s.schema_kind),
            Ok(openapiv3::SchemaKind::Type(openapiv3::Type::String(_)))
        ));
        let s = schema_after("type: boolean\nenum: [true, 'false']\n");
        assert_eq!(s, json!({"type": "boolean", "enum": [true]}));
        let s = schema_after("type: number\nenum: [x]\n");
        assert_eq!(s, json!({"type": "number"}));
    }

    #[test]
    fn draft_4_tuples_become_prefix_items() {
        let s = schema_after("type: array\nitems: [{type: string}, {type: integer}]\nadditionalItems: false\n");
        assert_eq!(s, json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}));
    }

    #[test]
    fn examples_arrays_become_one_example() {
        let s = schema_after("type: string\nexamples: [a, b]\n");
        assert_eq!(s, json!({"type": "string", "example": "a"}));
    }
}
