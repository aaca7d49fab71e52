//! The synthesized values satisfy their schemas: checked with a small validator of the
//! keywords the synthesizer claims to honour (types, enums, bounds, lengths, required,
//! items, `oneOf`/`anyOf`/`allOf`, `propertyNames`, `$ref`).

use serde_json::{Value, json};

use super::synth::{Choice, Synth};

/// The ways `value` breaks `schema` (empty when it satisfies it).
fn violations(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = Synth::new(root).resolve(schema).clone();
    let mut out = Vec::new();
    let mut fail = |what: &str| out.push(format!("{at}: {what}"));
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        fail("not in enum");
    }
    if let Some(arms) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = arms.iter().filter(|a| violations(root, a, value, at).is_empty()).count();
        if matching != 1 {
            fail(&format!("matches {matching} arms of oneOf"));
        }
    }
    if let Some(arms) = schema.get("anyOf").and_then(Value::as_array)
        && !arms.iter().any(|a| violations(root, a, value, at).is_empty())
    {
        fail("matches no arm of anyOf");
    }
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        out.extend(violations(root, part, value, at));
    }
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    let size = |key: &str| schema.get(key).and_then(Value::as_u64).map(|n| n as usize);
    match (schema.get("type").and_then(Value::as_str), value) {
        (Some("string"), Value::String(text)) => {
            let length = text.chars().count();
            if size("minLength").is_some_and(|m| length < m) || size("maxLength").is_some_and(|m| length > m) {
                out.push(format!("{at}: length {length} out of bounds"));
            }
            if schema.get("format").and_then(Value::as_str) == Some("date-time") && !text.contains('T') {
                out.push(format!("{at}: not a date-time"));
            }
        }
        (Some("integer"), Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        (Some("number"), Value::Number(_)) | (Some("boolean"), Value::Bool(_)) | (None, _) => {}
        (Some("array"), Value::Array(items)) => {
            if size("minItems").is_some_and(|m| items.len() < m) || size("maxItems").is_some_and(|m| items.len() > m) {
                out.push(format!("{at}: {} items out of bounds", items.len()));
            }
            for (i, item) in items.iter().enumerate() {
                out.extend(violations(root, schema.get("items").unwrap_or(&json!({})), item, &format!("{at}/{i}")));
            }
        }
        (Some("object"), Value::Object(fields)) => {
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                if !fields.contains_key(name) {
                    out.push(format!("{at}: lacks required `{name}`"));
                }
            }
            for (name, field) in fields {
                let property = schema.pointer(&format!("/properties/{name}"));
                let property = property.or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                if let Some(property) = property {
                    out.extend(violations(root, property, field, &format!("{at}/{name}")));
                }
                if let Some(names) = schema.get("propertyNames") {
                    out.extend(violations(root, names, &Value::String(name.clone()), &format!("{at}/{name} (name)")));
                }
            }
        }
        (Some(expected), other) => out.push(format!("{at}: {other} is not {expected}")),
    }
    if let Value::Number(n) = value {
        let n = n.as_f64().unwrap_or_default();
        let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
        let low = number("minimum").is_some_and(|m| if exclusive("exclusiveMinimum") { n <= m } else { n < m });
        let high = number("maximum").is_some_and(|m| if exclusive("exclusiveMaximum") { n >= m } else { n > m });
        if low || high {
            out.push(format!("{at}: {n} out of bounds"));
        }
    }
    out
}

/// Every variant up to `calls`, with and without the optional properties, satisfies `schema`.
fn assert_valid(root: &Value, schema: &Value, calls: usize) -> Vec<Value> {
    let synth = Synth::new(root);
    let mut values = Vec::new();
    for variant in 0..calls {
        for full in [false, true] {
            let value = synth.value(schema, Choice { variant, full });
            let found = violations(root, schema, &value, "#");
            assert!(found.is_empty(), "{value:#}\nbreaks {schema:#}:\n{}", found.join("\n"));
            values.push(value);
        }
    }
    values
}

#[test]
fn scalars_meet_their_bounds_lengths_formats_and_enums() {
    let root = json!({});
    for schema in [
        json!({"type": "string", "minLength": 12, "maxLength": 14}),
        json!({"type": "string", "maxLength": 2}),
        json!({"type": "string", "format": "date-time"}),
        json!({"type": "string", "enum": ["a", "b", "c"]}),
        json!({"type": "integer", "minimum": 10, "maximum": 12, "exclusiveMinimum": true}),
        json!({"type": "integer", "maximum": -3}),
        json!({"type": "integer", "minimum": 7, "multipleOf": 5}),
        json!({"type": "number", "minimum": 0.5, "maximum": 0.6}),
        json!({"type": "number", "maximum": 0, "exclusiveMaximum": true}),
        json!({"type": "boolean"}),
    ] {
        assert_valid(&root, &schema, 3);
    }
    let values = assert_valid(&root, &json!({"type": "string", "enum": ["a", "b", "c"]}), 3);
    assert!(["a", "b", "c"].iter().all(|v| values.contains(&json!(v))), "every enum value in turn: {values:?}");
    let pattern = Synth::new(&root)
        .value(&json!({"type": "string", "pattern": "^v[0-9]{3}$"}), Choice { variant: 0, full: false });
    assert_eq!(pattern, json!("v111"));
}

#[test]
fn objects_carry_their_required_properties_and_every_optional_one_in_full_calls() {
    let root = json!({});
    let schema = json!({
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "note": {"type": "string"},
            "created": {"type": "string", "readOnly": true},
            "kind": {"type": "string", "enum": ["only"]}
        }
    });
    let values = assert_valid(&root, &schema, 1);
    assert_eq!(
        values[0],
        json!({"id": "123e4567-e89b-42d3-a456-426614174000", "kind": "only"}),
        "a fixed tag is always sent"
    );
    assert_eq!(values[1].get("note"), Some(&json!("text")));
    assert_eq!(values[1].get("created"), None, "read-only properties are not sent");
}

#[test]
fn arrays_have_two_items_within_their_bounds() {
    let root = json!({});
    let values = assert_valid(&root, &json!({"type": "array", "items": {"type": "integer"}}), 1);
    assert_eq!(values[0], json!([1, 1]));
    assert_valid(&root, &json!({"type": "array", "maxItems": 1, "items": {"type": "string"}}), 1);
    assert_valid(&root, &json!({"type": "array", "minItems": 3, "items": {"type": "string"}}), 1);
    let unique = json!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ["x", "y"]}});
    assert_eq!(assert_valid(&root, &unique, 1)[0], json!(["x", "y"]));
}

#[test]
fn each_union_arm_is_sent_across_calls_with_its_tag() {
    let root = json!({"components": {"schemas": {
        "Cat": {"type": "object", "required": ["kind", "lives"], "properties": {
            "kind": {"type": "string"}, "lives": {"type": "integer", "minimum": 1, "maximum": 9}}},
        "Dog": {"type": "object", "required": ["kind"], "properties": {
            "kind": {"type": "string"}, "bark": {"type": "string", "minLength": 3}}},
        "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}}}
    }}});
    let pet = json!({"$ref": "#/components/schemas/Pet"});
    let synth = Synth::new(&root);
    assert_eq!(synth.most_arms(&pet), 2);
    let first = synth.value(&pet, Choice { variant: 0, full: true });
    let second = synth.value(&pet, Choice { variant: 1, full: true });
    assert_eq!(first, json!({"kind": "cat", "lives": 1}));
    assert_eq!(second["kind"], json!("dog"));
    assert!(second["bark"].as_str().is_some_and(|b| b.len() >= 3));

    let scalars = json!({"anyOf": [{"type": "string", "format": "email"}, {"type": "integer"}, {"type": "array", "items": {"type": "boolean"}}]});
    let values = assert_valid(&root, &scalars, 3);
    assert!(
        values.contains(&json!("user@example.com"))
            && values.contains(&json!(1))
            && values.contains(&json!([true, false]))
    );
}

#[test]
fn maps_take_their_keys_from_property_names() {
    let root = json!({});
    let schema = json!({"type": "object", "additionalProperties": {"type": "integer"},
        "propertyNames": {"type": "string", "enum": ["gpt-4", "gpt-5"]}, "minProperties": 1});
    let values = assert_valid(&root, &schema, 2);
    assert_eq!(values[0], json!({"gpt-4": 1}));
}

#[test]
fn a_schema_that_requires_itself_ends() {
    let root = json!({"components": {"schemas": {"Node": {"type": "object", "required": ["next", "name"], "properties": {
        "name": {"type": "string"}, "next": {"$ref": "#/components/schemas/Node"}}}}}});
    let value =
        Synth::new(&root).value(&json!({"$ref": "#/components/schemas/Node"}), Choice { variant: 0, full: true });
    assert!(value.pointer("/next/next/next/name").is_some(), "{value}");
}

#[test]
fn all_of_parts_merge_into_one_object() {
    let root = json!({"components": {"schemas": {"Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}}});
    let schema = json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 3}}}]});
    let values = assert_valid(&root, &schema, 1);
    assert_eq!(values[0], json!({"id": 1, "name": "tex"}));
}

#[test]
fn the_validator_sees_what_breaks_a_schema() {
    let root = json!({});
    let schema = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "integer", "maximum": 3}}});
    assert!(violations(&root, &schema, &json!({"a": 3}), "#").is_empty());
    assert_eq!(violations(&root, &schema, &json!({"a": 4}), "#"), ["#/a: 4 out of bounds"]);
    assert_eq!(violations(&root, &schema, &json!({}), "#"), ["#: lacks required `a`"]);
    assert_eq!(violations(&root, &json!({"oneOf": [{}, {}]}), &json!(1), "#"), ["#: matches 2 arms of oneOf"]);
    assert_eq!(
        violations(&root, &json!({"type": "string", "maxLength": 1}), &json!("ab"), "#"),
        ["#: length 2 out of bounds"]
    );
}
