//! Operation, response and document shapes: what `openapiv3` requires of operations and
//! responses (3.1 documents and hand-written ones often leave it out), for every operation
//! of the document: under `paths`, `webhooks`, `components/pathItems`, and in callbacks.

use serde_json::{Map, Value, json};

use super::{METHODS, docs_pages};
use crate::load::asyncapi::SOCKET_EXTENSION;

/// Applies the operation rewrites to every operation, wherever it is.
pub(super) fn rewrite_operations(root: &mut Map<String, Value>) {
    for key in ["paths", "webhooks"] {
        if let Some(items) = root.get_mut(key).and_then(Value::as_object_mut) {
            for (name, item) in items.iter_mut() {
                if !name.starts_with("x-") {
                    rewrite_path_item(item);
                }
            }
        }
    }
    let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    if let Some(items) = components.get_mut("pathItems").and_then(Value::as_object_mut) {
        items.values_mut().for_each(rewrite_path_item);
    }
    if let Some(callbacks) = components.get_mut("callbacks").and_then(Value::as_object_mut) {
        callbacks.values_mut().for_each(rewrite_callback);
    }
    if let Some(responses) = components.get_mut("responses").and_then(Value::as_object_mut) {
        for response in responses.values_mut().filter_map(Value::as_object_mut) {
            rewrite_response(response);
        }
    }
    if let Some(bodies) = components.get_mut("requestBodies").and_then(Value::as_object_mut) {
        bodies.values_mut().filter_map(Value::as_object_mut).for_each(form_explode_default);
    }
}

fn rewrite_path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    for method in METHODS {
        let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
            continue;
        };
        docs_pages::nested_tags(op);
        if method == "get" {
            switching_protocols(op);
        }
        missing_responses(op);
        if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
            form_explode_default(body);
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (code, response) in responses.iter_mut() {
                if let (false, Some(response)) = (code.starts_with("x-"), response.as_object_mut()) {
                    rewrite_response(response);
                }
            }
        }
        if let Some(callbacks) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
            callbacks.values_mut().for_each(rewrite_callback);
        }
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

/// A callback: runtime expressions → path items.
fn rewrite_callback(callback: &mut Value) {
    if let Some(callback) = callback.as_object_mut() {
        for (expression, item) in callback.iter_mut() {
            if !expression.starts_with("x-") {
                rewrite_path_item(item);
            }
        }
    }
}

fn rewrite_response(response: &mut Map<String, Value>) {
    if response.contains_key("$ref") {
        return;
    }
    empty_content(response);
    missing_description(response);
}

/// A `GET` answered `101 Switching Protocols` opens a WebSocket: it becomes a channel like an
/// AsyncAPI one (the socket extension), its parameters the connect arguments. The document
/// says nothing of the messages, so each side sends JSON (text frames) or bytes (binary
/// frames).
fn switching_protocols(op: &mut Map<String, Value>) {
    let upgrades = op.get("responses").and_then(Value::as_object).is_some_and(|r| r.contains_key("101"));
    if !upgrades || op.contains_key(SOCKET_EXTENSION) {
        return;
    }
    let messages = json!([
        {"name": "json", "payload": {}, "description": "A JSON message, in a text frame."},
        {"name": "binary", "payload": {"type": "string", "format": "binary"}, "binary": true,
         "description": "Bytes, in a binary frame."},
    ]);
    op.insert(SOCKET_EXTENSION.to_owned(), json!({"client": messages.clone(), "server": messages}));
}

/// An operation without `responses` (OpenAPI 3.1 makes them optional, 3.0 readers require
/// them) gets an empty map: no success response is declared, so the method returns nothing
/// and ignores whatever body comes back.
fn missing_responses(op: &mut Map<String, Value>) {
    if !op.get("responses").is_some_and(Value::is_object) {
        op.insert("responses".to_owned(), json!({}));
    }
}

/// A response with `content: {}` has no body: drop the empty map.
fn empty_content(response: &mut Map<String, Value>) {
    if response.get("content").and_then(Value::as_object).is_some_and(Map::is_empty) {
        response.remove("content");
    }
}

/// A response without `description`, which 3.0 requires, gets an empty one (one that is
/// not text is a mistake, reported where it is by the parse stage).
fn missing_description(response: &mut Map<String, Value>) {
    response.entry("description").or_insert_with(|| json!(""));
}

/// `info` with its required `title` and `version` (generated documents leave out the
/// version): a missing one becomes empty; the crate's name and version come from the
/// generator config, not from here.
pub(super) fn document_info(root: &mut Map<String, Value>) {
    let info = root.entry("info").or_insert_with(|| json!({}));
    if !info.is_object() {
        *info = json!({});
    }
    if let Some(info) = info.as_object_mut() {
        for key in ["title", "version"] {
            if !info.get(key).is_some_and(Value::is_string) {
                info.insert(key.to_owned(), json!(""));
            }
        }
    }
}

/// Security schemes of a type `openapiv3` has no shape for (3.1's `mutualTLS`, which a
/// client sets up in its TLS configuration, not in requests) are dropped.
pub(super) fn unsupported_security_schemes(root: &mut Map<String, Value>) {
    let schemes = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes"));
    let Some(schemes) = schemes.and_then(Value::as_object_mut) else {
        return;
    };
    schemes.retain(|_, scheme| {
        scheme.get("$ref").is_some()
            || matches!(
                scheme.get("type").and_then(Value::as_str),
                Some("apiKey" | "http" | "oauth2" | "openIdConnect")
            )
    });
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn a_get_answered_101_is_a_channel_of_untyped_messages() {
        let tree = doc_after(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ws:\n    get:\n      responses:\n        \
             '101': {description: up}\n    post:\n      responses:\n        '101': {description: up}\n",
        );
        let socket = &tree["paths"]["/ws"]["get"][SOCKET_EXTENSION];
        let names = |side: &str| -> Vec<&str> {
            socket[side].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect()
        };
        assert_eq!((names("client"), names("server")), (vec!["json", "binary"], vec!["json", "binary"]));
        assert_eq!(socket["server"][1]["binary"], json!(true));
        assert!(tree["paths"]["/ws"]["post"].get(SOCKET_EXTENSION).is_none());
    }

    #[test]
    fn form_encodings_explode_by_default() {
        let tree = doc_after(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          \
             application/x-www-form-urlencoded:\n            encoding:\n              a: {}\n              \
             b: {explode: false}\n              c: {style: deepObject}\n      responses: {}\n",
        );
        let encoding =
            &tree["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"];
        assert_eq!(encoding, &json!({"a": {"explode": true}, "b": {"explode": false}, "c": {"style": "deepObject"}}));
    }

    #[test]
    fn an_operation_without_responses_gets_an_empty_map_and_parses() {
        let tree = doc_after("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {summary: s}\n");
        assert_eq!(tree["paths"]["/x"]["get"]["responses"], json!({}));
        assert!(parses_as_document(&tree), "{tree:#}");
    }

    #[test]
    fn webhook_and_component_operations_are_rewritten_too() {
        let tree = doc_after(
            "openapi: 3.1.0\nwebhooks:\n  ping:\n    post: {}\ncomponents:\n  pathItems:\n    P:\n      get: {}\n  callbacks:\n    C:\n      '{$url}':\n        post: {responses: {'200': {}}}\n  responses:\n    R: {content: {}}\n",
        );
        assert_eq!(tree["webhooks"]["ping"]["post"]["responses"], json!({}));
        assert_eq!(tree["components"]["pathItems"]["P"]["get"]["responses"], json!({}));
        assert_eq!(
            tree["components"]["callbacks"]["C"]["{$url}"]["post"]["responses"]["200"],
            json!({"description": ""})
        );
        assert_eq!(tree["components"]["responses"]["R"], json!({"description": ""}));
    }

    #[test]
    fn empty_response_content_is_dropped() {
        let mut r = object("description: Validation Error\ncontent: {}\n");
        empty_content(&mut r);
        assert_eq!(Value::Object(r), json!({"description": "Validation Error"}));
    }

    #[test]
    fn a_response_without_description_gets_an_empty_one() {
        let mut r = object("content: {application/json: {}}\n");
        missing_description(&mut r);
        assert_eq!(r["description"], json!(""));
        let mut r = object("description: fine\n");
        missing_description(&mut r);
        assert_eq!(r["description"], json!("fine"));
    }

    #[test]
    fn info_gets_its_required_fields() {
        let mut root = object("info: {title: marimo API}\n");
        document_info(&mut root);
        assert_eq!(root["info"], json!({"title": "marimo API", "version": ""}));
        let mut root = object("openapi: 3.1.0\n");
        document_info(&mut root);
        assert_eq!(root["info"], json!({"title": "", "version": ""}));
    }

    #[test]
    fn mutual_tls_schemes_are_dropped_and_the_others_kept() {
        let mut root = object(
            "components:\n  securitySchemes:\n    mtls: {type: mutualTLS}\n    key: {type: apiKey, name: k, in: header}\n",
        );
        unsupported_security_schemes(&mut root);
        assert_eq!(
            root["components"]["securitySchemes"],
            json!({"key": {"type": "apiKey", "name": "k", "in": "header"}})
        );
    }
}
