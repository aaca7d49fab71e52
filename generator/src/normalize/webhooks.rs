//! Webhooks (OpenAPI 3.1 top-level `webhooks`) and callbacks (on operations) describe
//! requests the API sends to its users' servers. The client never calls them, but their
//! payloads are worth types: users deserialize them in their own servers. Component schemas
//! already become types; the inline request-body and response schemas of webhook and callback
//! operations are hoisted here into `components/schemas` under readable names that collide
//! with nothing, and referenced from where they were.

use serde_json::{Map, Value, json};

use super::{METHODS, escape};
use crate::error::Pointer;
use crate::naming::{self, Namespace};

/// One inline payload schema to hoist: where it is, and the name it wants.
struct Payload {
    pointer: Pointer,
    name: String,
}

/// Hoists the inline payload schemas of webhooks and callbacks into `components/schemas`.
///
/// Names: a webhook's request body is `{Webhook}Webhook`, its success response
/// `{Webhook}WebhookResponse`, other responses `{Webhook}Webhook{Status}Response`; a callback
/// of an operation is `{Operation}{Callback}Callback…` the same way (the operation named by
/// its `operationId`, else method and path); a path item with several operations puts the
/// method after the webhook or callback name. A taken name gets a number.
pub(super) fn hoist_payloads(tree: &mut Value) {
    let mut payloads = Vec::new();
    let root = Pointer::root();
    if let Some(webhooks) = tree.get("webhooks").and_then(Value::as_object) {
        for (key, item) in webhooks.iter().filter(|(k, _)| !k.starts_with("x-")) {
            let (item, at) = follow_path_item(tree, item, root.join("webhooks").join(key));
            path_item_payloads(item, &at, &naming::type_name(key), "Webhook", &mut payloads);
        }
    }
    for key in ["paths", "webhooks"] {
        let Some(items) = tree.get(key).and_then(Value::as_object) else { continue };
        for (path, item) in items.iter().filter(|(k, _)| !k.starts_with("x-")) {
            for method in METHODS {
                let Some(op) = item.get(method).filter(|op| op.is_object()) else { continue };
                let operation = match op.get("operationId").and_then(Value::as_str) {
                    Some(id) => naming::type_name(id),
                    None => naming::type_name(&format!("{method} {path}")),
                };
                let at = root.join(key).join(path).join(method).join("callbacks");
                for (name, callback) in op.get("callbacks").and_then(Value::as_object).into_iter().flatten() {
                    let stem = format!("{operation}{}", naming::type_name(name));
                    callback_payloads(callback, &at.join(name), &stem, &mut payloads);
                }
            }
        }
    }
    if let Some(callbacks) = tree.pointer("/components/callbacks").and_then(Value::as_object) {
        let at = root.join("components").join("callbacks");
        for (name, callback) in callbacks {
            callback_payloads(callback, &at.join(name), &naming::type_name(name), &mut payloads);
        }
    }
    if !payloads.is_empty() {
        hoist(tree, payloads);
    }
}

/// A webhook written as `$ref: '#/components/pathItems/X'`: the path item it names.
fn follow_path_item<'t>(tree: &'t Value, item: &'t Value, at: Pointer) -> (&'t Value, Pointer) {
    let Some(reference) = item.get("$ref").and_then(Value::as_str) else {
        return (item, at);
    };
    match reference.strip_prefix('#').and_then(|p| tree.pointer(p)) {
        Some(target) if target.get("$ref").is_none() => (target, pointer_of(reference)),
        _ => (item, at),
    }
}

/// `#/components/pathItems/a~1b` as a [`Pointer`].
fn pointer_of(reference: &str) -> Pointer {
    let mut pointer = Pointer::root();
    for segment in reference.trim_start_matches('#').split('/').skip(1) {
        pointer.push(segment.replace("~1", "/").replace("~0", "~"));
    }
    pointer
}

fn callback_payloads(callback: &Value, at: &Pointer, stem: &str, payloads: &mut Vec<Payload>) {
    for (expression, item) in callback.as_object().into_iter().flatten() {
        if !expression.starts_with("x-") {
            path_item_payloads(item, &at.join(expression), stem, "Callback", payloads);
        }
    }
}

fn path_item_payloads(item: &Value, at: &Pointer, stem: &str, kind: &str, payloads: &mut Vec<Payload>) {
    let methods: Vec<&str> = METHODS.into_iter().filter(|m| item.get(*m).is_some_and(Value::is_object)).collect();
    for method in &methods {
        let op = &item[*method];
        let op_at = at.join(method);
        let stem = if methods.len() > 1 {
            format!("{stem}{}{kind}", naming::type_name(method))
        } else {
            format!("{stem}{kind}")
        };
        let body_at = op_at.join("requestBody");
        if let Some(content) = op.pointer("/requestBody/content").and_then(Value::as_object) {
            media_payloads(content, &body_at.join("content"), &stem, payloads);
        }
        for (status, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
            let Some(content) = response.get("content").and_then(Value::as_object) else { continue };
            let status_word = if status.starts_with('2') {
                String::new()
            } else if status.starts_with(|c: char| c.is_ascii_digit()) {
                status.to_ascii_uppercase()
            } else {
                naming::type_name(status)
            };
            let name = format!("{stem}{status_word}Response");
            media_payloads(content, &op_at.join("responses").join(status).join("content"), &name, payloads);
        }
    }
}

/// The inline, non-empty schemas of a `content` map.
fn media_payloads(content: &Map<String, Value>, at: &Pointer, name: &str, payloads: &mut Vec<Payload>) {
    for (media_type, media) in content {
        if media.get("schema").and_then(Value::as_object).is_some_and(is_inline) {
            payloads.push(Payload { pointer: at.join(media_type).join("schema"), name: name.to_owned() });
        }
    }
}

/// A schema of its own: not empty, not a `$ref`, nor a `$ref` with annotations beside it
/// (`{description, allOf: [$ref]}`, which names its type already).
fn is_inline(schema: &Map<String, Value>) -> bool {
    let annotated_ref = schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|parts| matches!(parts.as_slice(), [only] if only.get("$ref").is_some()))
        && schema.keys().all(|k| {
            matches!(k.as_str(), "allOf" | "description" | "title" | "nullable" | "example" | "default" | "deprecated")
                || k.starts_with("x-")
        });
    !schema.is_empty() && !schema.contains_key("$ref") && !annotated_ref
}

/// Moves each payload into `components/schemas` under a free name and leaves a `$ref`. The
/// same schema under one name (a body offered as JSON and as form data) is hoisted once.
fn hoist(tree: &mut Value, payloads: Vec<Payload>) {
    let cased: Vec<String> = tree
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(|k| naming::type_name(k)).collect())
        .unwrap_or_default();
    let mut names = Namespace::with_reserved(cased.iter().map(String::as_str));
    let mut hoisted: Vec<(String, String, Value)> = Vec::new();
    for payload in payloads {
        let Some(place) = payload.pointer.as_str().strip_prefix('#').and_then(|p| tree.pointer_mut(p)) else {
            continue;
        };
        let schema = std::mem::take(place);
        let name = match hoisted.iter().find(|(wanted, _, s)| *wanted == payload.name && *s == schema) {
            Some((_, name, _)) => name.clone(),
            None => {
                let name = names.claim(&payload.name);
                hoisted.push((payload.name.clone(), name.clone(), schema));
                name
            }
        };
        *place = json!({ "$ref": format!("#/components/schemas/{}", escape(&name)) });
    }
    let Some(root) = tree.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (_, name, schema) in hoisted {
        schemas.insert(name, schema);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn webhook_payloads_become_named_components() {
        let tree = doc_after(
            "openapi: 3.1.0\nwebhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {name: {type: string}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}\n        '400':\n          description: bad\n          content:\n            application/json: {schema: {type: object, properties: {error: {type: string}}}}\ncomponents:\n  schemas:\n    NewPetWebhook: {type: string}\n",
        );
        let op = &tree["webhooks"]["newPet"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/NewPetWebhook2"})
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/NewPetWebhookResponse"})
        );
        assert_eq!(
            op["responses"]["400"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/NewPetWebhook400Response"})
        );
        let schemas = &tree["components"]["schemas"];
        assert_eq!(schemas["NewPetWebhook"], json!({"type": "string"}));
        assert_eq!(schemas["NewPetWebhook2"]["properties"]["name"], json!({"type": "string"}));
        assert_eq!(schemas["NewPetWebhook400Response"]["properties"]["error"], json!({"type": "string"}));
    }

    #[test]
    fn callback_payloads_are_named_after_the_operation_and_the_callback() {
        let tree = doc_after(
            "openapi: 3.0.0\npaths:\n  /streams:\n    post:\n      responses: {'201': {description: ok}}\n      callbacks:\n        onData:\n          '{$request.query.callbackUrl}/data':\n            post:\n              requestBody:\n                content:\n                  application/json:\n                    schema: {type: object, properties: {userData: {type: string}}}\n              responses: {'202': {description: ok}}\n",
        );
        let body = tree.pointer(
            "/paths/~1streams/post/callbacks/onData/{$request.query.callbackUrl}~1data/post/requestBody/content/application~1json/schema",
        );
        assert_eq!(body, Some(&json!({"$ref": "#/components/schemas/PostStreamsOnDataCallback"})));
        assert_eq!(
            tree["components"]["schemas"]["PostStreamsOnDataCallback"]["properties"]["userData"],
            json!({"type": "string"})
        );
        assert!(parses_as_document(
            &json!({"info": {"title": "t", "version": "1"}, "openapi": "3.0.3", "paths": tree["paths"], "components": tree["components"]})
        ));
    }

    #[test]
    fn references_and_path_item_refs_are_followed_not_copied() {
        let tree = doc_after(
            "openapi: 3.1.0\nwebhooks:\n  ping:\n    $ref: '#/components/pathItems/Ping'\n  pong:\n    post:\n      requestBody:\n        content:\n          application/json: {schema: {$ref: '#/components/schemas/T'}}\ncomponents:\n  schemas:\n    T: {type: object}\n  pathItems:\n    Ping:\n      put:\n        requestBody:\n          content:\n            application/json: {schema: {type: object, properties: {a: {type: integer}}}}\n",
        );
        assert_eq!(
            tree.pointer("/components/pathItems/Ping/put/requestBody/content/application~1json/schema"),
            Some(&json!({"$ref": "#/components/schemas/PingWebhook"}))
        );
        let schemas = tree["components"]["schemas"].as_object().map(|s| s.keys().cloned().collect::<Vec<_>>());
        assert_eq!(schemas, Some(vec!["T".to_owned(), "PingWebhook".to_owned()]));
    }

    #[test]
    fn several_operations_on_one_webhook_are_told_apart_by_method() {
        let tree = doc_after(
            "openapi: 3.1.0\nwebhooks:\n  item:\n    post:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}\n    put:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {b: {type: string}}}}}}\n",
        );
        let schemas = &tree["components"]["schemas"];
        assert!(schemas["ItemPostWebhook"].is_object() && schemas["ItemPutWebhook"].is_object(), "{schemas:#}");
    }
}
