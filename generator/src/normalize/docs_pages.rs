//! The ElevenLabs docs pages' dialect: nested `tags` lists (the SDK group path), enum items
//! written as `{value: x}`, literals written as `{type: stringLiteral, value: x}`, and every
//! stream labelled `text/event-stream`.

use serde_json::{Map, Value, json};

use super::GROUP_EXTENSION;

/// Docs pages write `tags` as a list of lists, the inner list being the SDK group path:
/// `[[subpackage_serviceAccounts, subpackage_serviceAccounts/apiKeys]]`. The last entry becomes
/// the group extension (`[service_accounts, api_keys]`) unless the operation already has one,
/// and `tags` becomes a flat list of strings.
pub(super) fn nested_tags(op: &mut Map<String, Value>) {
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

/// Docs pages label every streamed response `text/event-stream`, whatever streams (audio
/// bytes, JSON chunks): the operation is marked `x-fern-streaming`, as the official document
/// marks it, so the model reads the stream as Fern's rather than as typed events.
pub(super) fn fern_streams(root: &mut Map<String, Value>) {
    let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for op in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
        let Some(op) = op.as_object_mut() else { continue };
        let streams = op.get("responses").and_then(Value::as_object).is_some_and(|responses| {
            responses.iter().any(|(code, response)| {
                code.starts_with('2')
                    && response.get("content").and_then(Value::as_object).is_some_and(|content| {
                        content.keys().any(|ct| {
                            ct.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case("text/event-stream"))
                        })
                    })
            })
        });
        if streams {
            op.entry("x-fern-streaming").or_insert(Value::Bool(true));
        }
    }
}

/// `subpackage_serviceAccounts/apiKeys` → `[service_accounts, api_keys]`.
fn group_path(tag: &str) -> Vec<String> {
    let tag = tag.strip_prefix("subpackage_").unwrap_or(tag);
    tag.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| heck::ToSnakeCase::to_snake_case(s.strip_prefix("subpackage_").unwrap_or(s)))
        .collect()
}

/// Docs pages write enum items as objects: `- value: text_to_speech` → `- text_to_speech`.
pub(super) fn enum_value_objects(schema: &mut Map<String, Value>) {
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
/// `integerLiteral` …): the item becomes the literal value itself, and when every literal is
/// of another JSON kind than the schema's `type` says (`type: string` around a
/// `booleanLiteral` `true`), the schema takes the literals' kind: the wire carries `true`. A
/// lone string literal is the docs pages' `const` (Fern's `literal<"client">`), marked so.
pub(super) fn literal_objects(schema: &mut Map<String, Value>) {
    let Some(Value::Array(items)) = schema.get_mut("enum") else {
        return;
    };
    let mut kinds = Vec::new();
    let count = items.len();
    for item in items.iter_mut() {
        let Value::Object(obj) = item else { continue };
        let is_literal = obj.len() == 2
            && obj.get("type").and_then(Value::as_str).is_some_and(|t| t.ends_with("Literal"))
            && obj.contains_key("value");
        if is_literal {
            if let Some(value) = obj.remove("value") {
                kinds.push(match &value {
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                    Value::Number(_) => "number",
                    _ => "string",
                });
                *item = value;
            }
        }
    }
    let all_items_were_literals = kinds.len() == count;
    if let Some(first) = kinds.first().copied()
        && all_items_were_literals
        && kinds.iter().all(|k| *k == first)
    {
        schema.insert("type".to_owned(), json!(first));
        if count == 1 && first == "string" {
            schema.insert(super::CONST_MARK.to_owned(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn enum_value_objects_become_values() {
        let s = schema_after("type: string\nenum:\n  - value: text_to_speech\n  - value: models_read\n");
        assert_eq!(s["enum"], json!(["text_to_speech", "models_read"]));
    }

    #[test]
    fn literal_objects_of_any_kind_become_values() {
        let s = schema_after("type: string\nenum:\n  - type: stringLiteral\n    value: all\n");
        assert_eq!(s, json!({"type": "string", "enum": ["all"], "x-const": true}));
        let s = schema_after(
            "type: string\nenum:\n  - type: stringLiteral\n    value: a\n  - type: stringLiteral\n    value: b\n",
        );
        assert_eq!(s, json!({"type": "string", "enum": ["a", "b"]}));
        let s = schema_after("type: boolean\nenum:\n  - type: booleanLiteral\n    value: true\n");
        assert_eq!(s["enum"], json!([true]));
        // The docs pages write `type: string` around a boolean literal; the wire has `true`.
        let s = schema_after("type: string\nenum:\n  - type: booleanLiteral\n    value: true\n");
        assert_eq!((&s["type"], &s["enum"]), (&json!("boolean"), &json!([true])));
    }

    #[test]
    fn plain_enums_are_left_alone() {
        let s = schema_after("type: string\nenum: [a, b]\n");
        assert_eq!(s["enum"], json!(["a", "b"]));
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
}
