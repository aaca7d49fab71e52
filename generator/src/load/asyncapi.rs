//! AsyncAPI 2.x documents (plain YAML/JSON, or the `## AsyncAPI Specification` block of a docs
//! page) become OpenAPI documents the rest of the pipeline reads: a WebSocket channel is the
//! `GET` that opens it, marked with [`SOCKET_EXTENSION`].
//!
//! The rules, for every document:
//! - **Channel → operation.** Each channel address becomes a path with a `get` operation whose
//!   `101` response is the upgrade. `parameters` become path parameters (string when the
//!   schema is absent); the object schemas of `bindings.ws.query` and `bindings.ws.headers`
//!   become query and header parameters (`required` from the object's `required` list).
//! - **Group and name.** The group is the operations' first tag when they have one, else the
//!   first literal segment of the address that is not a version (`v1`), which the model
//!   replaces by the group most HTTP operations under that segment have, when there are some
//!   (`/v1/convai/…` → `conversational_ai`); the method is named after the last literal
//!   segment (`/v1/text-to-speech/{voice_id}/stream-input` → `text_to_speech().stream_input(…)`).
//! - **Direction.** AsyncAPI 2.x files what the client sends under `publish` and what it
//!   receives under `subscribe`. Some renderers (Fern's docs pages) swap them; the operation's
//!   own words decide: a description that speaks of receiving ("Receive …", "received by the
//!   client") marks server messages, one that speaks of sending ("Send …", "sent from the
//!   client") client messages; without such words, an operation whose `summary` or message
//!   `name` is the other keyword is swapped; otherwise AsyncAPI's meaning holds.
//! - **Messages.** `message` may be one message, a `$ref` to `#/components/messages`, or
//!   `oneOf` several. A message whose payload is (or refers to) a schema that is only a `oneOf`
//!   stands for one message per member, named after the member's schema. Every payload is a
//!   named component schema (inline payloads are added under the message's name), so the
//!   schema rules apply to it as to any other. A message whose `contentType` (or the
//!   document's `defaultContentType`) is not JSON, or whose payload is a binary string, is
//!   sent and received as a binary frame.
//! - **Servers.** `ws://`/`wss://` servers become `http://`/`https://` servers: the client
//!   maps each HTTP environment back to its WebSocket host.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::error::{Error, Pointer, Result};
use crate::naming;

/// The operation extension that makes a `get` a WebSocket channel: `{client: [...], server:
/// [...]}`, each message `{name, payload: {$ref}, binary, description}`.
pub const SOCKET_EXTENSION: &str = "x-websocket";

/// Whether a parsed tree is an AsyncAPI document.
pub(super) fn is_asyncapi(tree: &Value) -> bool {
    tree.get("asyncapi").is_some()
}

/// The OpenAPI document for an AsyncAPI 2.x document.
pub(super) fn to_openapi(file: &str, tree: &Value) -> Result<Value> {
    let version = match tree.get("asyncapi") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if !version.starts_with("2.") {
        return Err(Error::at(file, "#/asyncapi", format!("unsupported AsyncAPI version `{version}`"))
            .with_hint("the generator reads AsyncAPI 2.x documents"));
    }
    let mut converter = Converter {
        file,
        tree,
        schemas: tree.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default(),
        expanded: BTreeSet::new(),
    };
    let mut paths = Map::new();
    if let Some(channels) = tree.get("channels") {
        let Some(channels) = channels.as_object() else {
            return Err(Error::at(file, "#/channels", "`channels` is not a mapping"));
        };
        for (address, channel) in channels {
            let at = Pointer::root().join("channels").join(address);
            let operation = converter.channel(address, channel, &at)?;
            let path = if address.starts_with('/') { address.clone() } else { format!("/{address}") };
            paths.insert(path, json!({ "get": operation }));
        }
    }
    converter.drop_expanded_unions();
    let mut info = tree.get("info").cloned().unwrap_or_else(|| json!({}));
    if let Some(info) = info.as_object_mut() {
        info.entry("title").or_insert_with(|| json!("AsyncAPI"));
        info.entry("version").or_insert_with(|| json!(version));
    }
    let mut out = json!({
        "openapi": "3.1.0",
        "info": info,
        "paths": paths,
        "components": { "schemas": converter.schemas },
    });
    let servers = servers(tree);
    if !servers.is_empty() {
        out["servers"] = Value::Array(servers);
    }
    Ok(out)
}

struct Converter<'a> {
    file: &'a str,
    tree: &'a Value,
    /// The document's component schemas, with inline payloads added.
    schemas: Map<String, Value>,
    /// Payload schemas that were only a `oneOf` and were expanded into their members.
    expanded: BTreeSet<String>,
}

/// One message of a channel, in the operation's extension.
struct Message {
    name: String,
    payload: Value,
    binary: bool,
    description: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    ClientToServer,
    ServerToClient,
}

impl Converter<'_> {
    fn channel(&mut self, address: &str, channel: &Value, at: &Pointer) -> Result<Value> {
        let Some(channel) = channel.as_object() else {
            return Err(Error::at(self.file, at.as_str(), "a channel is not a mapping"));
        };
        let literals: Vec<&str> =
            address.split('/').filter(|s| !s.is_empty() && !s.contains('{') && !is_version(s)).collect();
        let mut tags: Vec<String> = Vec::new();
        let mut client = Vec::new();
        let mut server = Vec::new();
        let mut description = channel.get("description").and_then(Value::as_str).map(str::to_owned);
        for key in ["publish", "subscribe"] {
            let Some(op) = channel.get(key) else { continue };
            let op_at = at.join(key);
            let Some(op) = op.as_object() else {
                return Err(Error::at(self.file, op_at.as_str(), "an operation is not a mapping"));
            };
            for tag in op.get("tags").and_then(Value::as_array).into_iter().flatten() {
                let name = tag.get("name").or(Some(tag)).and_then(Value::as_str);
                if let Some(name) = name.filter(|n| !tags.iter().any(|t| t == n)) {
                    tags.push(name.to_owned());
                }
            }
            if description.is_none() {
                description = op.get("description").and_then(Value::as_str).map(str::to_owned);
            }
            let messages = self.messages(op.get("message"), &op_at.join("message"))?;
            match direction(key, op) {
                Direction::ClientToServer => client.extend(messages),
                Direction::ServerToClient => server.extend(messages),
            }
        }
        let group_from_address = tags.is_empty();
        if group_from_address {
            if let Some(first) = literals.first() {
                tags.push((*first).to_owned());
            }
        }
        let method = match literals.as_slice() {
            [] => "connect".to_owned(),
            [only] => (*only).to_owned(),
            [.., last] => (*last).to_owned(),
        };
        let mut parameters = Vec::new();
        let declared = channel.get("parameters").and_then(Value::as_object);
        for name in template_names(address) {
            let param = declared.and_then(|d| d.get(&name));
            let mut schema = param.and_then(|p| p.get("schema")).cloned().unwrap_or_else(|| json!({"type": "string"}));
            if let Some(r) = param.and_then(|p| p.get("$ref")).and_then(Value::as_str) {
                let resolved = self.resolve(r).and_then(|p| p.get("schema")).cloned();
                schema = resolved.unwrap_or(schema);
            }
            let mut p = json!({"name": name, "in": "path", "required": true, "schema": schema});
            if let Some(d) = param.and_then(|p| p.get("description")) {
                p["description"] = d.clone();
            }
            parameters.push(p);
        }
        for (binding, location) in [("query", "query"), ("headers", "header")] {
            let Some(object) = channel.get("bindings").and_then(|b| b.get("ws")).and_then(|w| w.get(binding)) else {
                continue;
            };
            let required: Vec<&str> = object
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (name, schema) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
                let mut p = json!({"name": name, "in": location, "required": required.contains(&name.as_str()), "schema": schema});
                if let Some(d) = schema.get("description") {
                    p["description"] = d.clone();
                }
                parameters.push(p);
            }
        }
        let listed = |messages: Vec<Message>| -> Vec<Value> {
            messages
                .into_iter()
                .map(|m| {
                    let mut v = json!({"name": m.name, "payload": m.payload, "binary": m.binary});
                    if let Some(d) = m.description {
                        v["description"] = json!(d);
                    }
                    v
                })
                .collect()
        };
        let mut operation = json!({
            "operationId": method,
            "tags": tags,
            "parameters": parameters,
            "responses": {"101": {"description": "Switching Protocols: the WebSocket session."}},
            SOCKET_EXTENSION: {
                "client": listed(client),
                "server": listed(server),
                "groupFromAddress": group_from_address,
            },
        });
        if let Some(d) = description {
            operation["description"] = json!(d);
        }
        Ok(operation)
    }

    /// The messages of an operation's `message`: one, a `$ref`, or `oneOf`; payloads that are
    /// only a `oneOf` expanded into their members.
    fn messages(&mut self, message: Option<&Value>, at: &Pointer) -> Result<Vec<Message>> {
        let Some(message) = message else { return Ok(Vec::new()) };
        let mut message = message.clone();
        if let Some(r) = message.get("$ref").and_then(Value::as_str) {
            let key = r.rsplit('/').next().unwrap_or(r).to_owned();
            let Some(found) = self.resolve(r) else {
                return Err(Error::at(
                    self.file,
                    at.join("$ref").as_str(),
                    format!("`$ref` points to a missing message `{r}`"),
                ));
            };
            message = found.clone();
            if let Some(m) = message.as_object_mut() {
                m.entry("name").or_insert_with(|| json!(key));
            }
        }
        if let Some(list) = message.get("oneOf").and_then(Value::as_array) {
            let mut out = Vec::new();
            for (i, m) in list.iter().enumerate() {
                out.extend(self.messages(Some(m), &at.join("oneOf").join(i))?);
            }
            return Ok(out);
        }
        let Some(object) = message.as_object() else {
            return Err(Error::at(self.file, at.as_str(), "a message is not a mapping"));
        };
        let name = ["name", "messageId", "title"]
            .iter()
            .find_map(|k| object.get(*k).and_then(Value::as_str))
            .unwrap_or("message")
            .to_owned();
        let description = ["description", "summary"].iter().find_map(|k| object.get(*k).and_then(Value::as_str));
        let content_type = object
            .get("contentType")
            .or_else(|| self.tree.get("defaultContentType"))
            .and_then(Value::as_str)
            .unwrap_or("application/json");
        let Some(payload) = object.get("payload") else {
            return Err(Error::at(self.file, at.as_str(), "a message without a `payload`")
                .with_hint("give the message a payload schema"));
        };
        // A payload that is only a `oneOf`: one message per member.
        if let Some(members) = self.only_one_of(payload) {
            let mut out = Vec::new();
            for member in members {
                let member_name = match member.get("$ref").and_then(Value::as_str) {
                    Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
                    None => format!("{name}{}", out.len()),
                };
                let member_description = member
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| self.resolve(r))
                    .and_then(|s| s.get("description"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let binary = is_binary(content_type, &member);
                let payload = self.named_payload(&member_name, member);
                out.push(Message { name: member_name, payload, binary, description: member_description });
            }
            return Ok(out);
        }
        let binary = is_binary(content_type, payload);
        let payload = self.named_payload(&name, payload.clone());
        Ok(vec![Message { name, payload, binary, description: description.map(str::to_owned) }])
    }

    /// The members of a payload that is only a `oneOf` (inline or behind a `$ref`); the
    /// component it was is noted, to be dropped when nothing else refers to it.
    fn only_one_of(&mut self, payload: &Value) -> Option<Vec<Value>> {
        let (schema, component) = match payload.get("$ref").and_then(Value::as_str) {
            Some(r) => (self.resolve(r)?.clone(), r.strip_prefix("#/components/schemas/").map(str::to_owned)),
            None => (payload.clone(), None),
        };
        let object = schema.as_object()?;
        let members = object.get("oneOf")?.as_array()?.clone();
        if object.keys().any(|k| !matches!(k.as_str(), "oneOf" | "description" | "title")) {
            return None;
        }
        if let Some(name) = component {
            self.expanded.insert(name);
        }
        Some(members)
    }

    /// A `$ref` to the payload's component schema, adding it under `name` when inline.
    fn named_payload(&mut self, name: &str, payload: Value) -> Value {
        if payload.get("$ref").is_some() {
            return payload;
        }
        let base = naming::type_name(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.schemas.get(&candidate).is_some_and(|existing| existing != &payload) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.schemas.insert(candidate.clone(), payload);
        json!({"$ref": format!("#/components/schemas/{candidate}")})
    }

    /// Expanded payload unions that no other schema refers to are not generated.
    fn drop_expanded_unions(&mut self) {
        let text = Value::Object(self.schemas.clone()).to_string();
        for name in std::mem::take(&mut self.expanded) {
            let needle = format!("\"#/components/schemas/{name}\"");
            if !text.contains(&needle) {
                self.schemas.remove(&name);
            }
        }
    }

    /// A local `$ref` of the AsyncAPI document.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            return self.schemas.get(name);
        }
        crate::pointer::lookup(self.tree, reference.strip_prefix('#')?)
    }
}

/// Which way an operation's messages travel (see the module docs).
fn direction(key: &str, op: &Map<String, Value>) -> Direction {
    let asyncapi = if key == "publish" { Direction::ClientToServer } else { Direction::ServerToClient };
    let swapped = if key == "publish" { Direction::ServerToClient } else { Direction::ClientToServer };
    let message = op.get("message");
    let words: String = [op.get("description"), message.and_then(|m| m.get("description"))]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if words.contains("receive") {
        return Direction::ServerToClient;
    }
    if words.split(|c: char| !c.is_alphanumeric()).any(|w| w == "send" || w == "sent") {
        return Direction::ClientToServer;
    }
    let other = if key == "publish" { "subscribe" } else { "publish" };
    let named_other = [op.get("summary"), message.and_then(|m| m.get("name"))]
        .into_iter()
        .flatten()
        .any(|v| v.as_str() == Some(other));
    if named_other { swapped } else { asyncapi }
}

/// A message sent as a binary frame: a content type that is not JSON, or a binary payload.
fn is_binary(content_type: &str, payload: &Value) -> bool {
    let json = content_type.contains("json");
    let binary_schema = payload.get("type").and_then(Value::as_str) == Some("string")
        && payload.get("format").and_then(Value::as_str) == Some("binary");
    !json || binary_schema
}

/// `v1`, `v2` …: a version segment, which names no group.
fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}

/// The `{name}`s of an address, in order.
fn template_names(address: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = address;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        names.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    names
}

/// `ws://`/`wss://` servers as `http://`/`https://` servers, in document order.
fn servers(tree: &Value) -> Vec<Value> {
    let Some(servers) = tree.get("servers").and_then(Value::as_object) else { return Vec::new() };
    servers
        .iter()
        .filter_map(|(name, server)| {
            let url = server.get("url").and_then(Value::as_str)?;
            let url = if let Some(rest) = url.strip_prefix("wss://") {
                format!("https://{rest}")
            } else if let Some(rest) = url.strip_prefix("ws://") {
                format!("http://{rest}")
            } else {
                url.to_owned()
            };
            Some(json!({"url": url.trim_end_matches('/'), "description": name}))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(yaml: &str) -> Result<Value> {
        let tree: Value = serde_yaml::from_str(yaml).map_err(|e| Error::file("t.yaml", e.to_string()))?;
        to_openapi("t.yaml", &tree)
    }

    fn op(out: &Value, path: &str) -> Value {
        out["paths"][path]["get"].clone()
    }

    fn names(op: &Value, side: &str) -> Vec<String> {
        op[SOCKET_EXTENSION][side]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["name"].as_str().map(str::to_owned))
            .collect()
    }

    #[test]
    fn asyncapi_directions_hold_unless_the_operation_says_otherwise() -> Result<()> {
        let plain = "asyncapi: 2.6.0\nchannels:\n  /chat:\n    publish:\n      message: {name: say, payload: {type: object}}\n    subscribe:\n      message: {name: said, payload: {type: object}}\n";
        let out = op(&convert(plain)?, "/chat");
        assert_eq!((names(&out, "client"), names(&out, "server")), (vec!["say".to_owned()], vec!["said".to_owned()]));
        // Fern's pages: the words say which way each goes.
        let swapped = "asyncapi: 2.6.0\nchannels:\n  /chat:\n    publish:\n      description: Receive messages from the WebSocket\n      message: {name: subscribe, payload: {type: object}}\n    subscribe:\n      description: Send messages to the WebSocket\n      message: {name: publish, payload: {type: object}}\n";
        let out = op(&convert(swapped)?, "/chat");
        assert_eq!(names(&out, "client"), ["publish"]);
        assert_eq!(names(&out, "server"), ["subscribe"]);
        // Without words, a summary naming the other keyword swaps too.
        let named = "asyncapi: 2.6.0\nchannels:\n  /chat:\n    publish:\n      summary: subscribe\n      message: {name: in, payload: {type: object}}\n";
        assert_eq!(names(&op(&convert(named)?, "/chat"), "server"), ["in"]);
        Ok(())
    }

    #[test]
    fn channels_become_gets_grouped_by_tag_or_address() -> Result<()> {
        let yaml = "asyncapi: 2.6.0\nservers:\n  prod: {url: 'wss://ws.example.com/', protocol: wss}\nchannels:\n  /v2/rooms/{room}/live:\n    bindings:\n      ws:\n        query: {type: object, required: [nick], properties: {nick: {type: string}, n: {type: integer}}}\n        headers: {type: object, properties: {x-v: {type: string}}}\n    publish:\n      tags: [{name: chat}]\n      message: {name: say, payload: {type: object, properties: {text: {type: string}}}}\n  /v1/market/ticker:\n    subscribe:\n      message: {name: tick, payload: {type: object}}\n";
        let out = convert(yaml)?;
        let live = op(&out, "/v2/rooms/{room}/live");
        assert_eq!((&live["tags"], &live["operationId"]), (&json!(["chat"]), &json!("live")));
        let params: Vec<(String, String, bool)> = live["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                (
                    p["name"].as_str().unwrap_or("").to_owned(),
                    p["in"].as_str().unwrap_or("").to_owned(),
                    p["required"] == json!(true),
                )
            })
            .collect();
        let expected =
            [("room", "path", true), ("nick", "query", true), ("n", "query", false), ("x-v", "header", false)];
        assert_eq!(params, expected.map(|(n, i, r)| (n.to_owned(), i.to_owned(), r)));
        // An inline payload becomes a component named after its message.
        assert_eq!(live[SOCKET_EXTENSION]["client"][0]["payload"], json!({"$ref": "#/components/schemas/Say"}));
        assert!(out["components"]["schemas"]["Say"].is_object());
        let ticker = op(&out, "/v1/market/ticker");
        assert_eq!((&ticker["tags"], &ticker["operationId"]), (&json!(["market"]), &json!("ticker")));
        assert_eq!(out["servers"], json!([{"url": "https://ws.example.com", "description": "prod"}]));
        Ok(())
    }

    #[test]
    fn a_one_of_payload_is_one_message_per_member_and_binary_content_is_binary() -> Result<()> {
        let yaml = "asyncapi: 2.6.0\ndefaultContentType: application/json\nchannels:\n  /s:\n    subscribe:\n      message:\n        oneOf:\n          - {name: events, payload: {$ref: '#/components/schemas/Events'}}\n          - {name: frame, contentType: audio/mpeg, payload: {type: string, format: binary}}\ncomponents:\n  schemas:\n    Events: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}\n    A: {type: object}\n    B: {type: object}\n";
        let out = convert(yaml)?;
        let server = &op(&out, "/s")[SOCKET_EXTENSION]["server"];
        let arms: Vec<(&str, bool)> = server
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| (m["name"].as_str().unwrap_or(""), m["binary"] == json!(true)))
            .collect();
        assert_eq!(arms, [("A", false), ("B", false), ("frame", true)]);
        // The union only stood for the list of messages: it is not generated.
        assert!(out["components"]["schemas"].get("Events").is_none());
        Ok(())
    }

    #[test]
    fn a_message_key_with_a_bare_slash_resolves() -> Result<()> {
        let yaml = "asyncapi: 2.6.0\nchannels:\n  /listen:\n    subscribe:\n      message: {$ref: '#/components/messages/subpackage_listen/v1.listen.v1-server-0-Results'}\n\
                    components:\n  messages:\n    subpackage_listen/v1.listen.v1-server-0-Results: {name: results, payload: {type: object}}\n";
        assert_eq!(names(&op(&convert(yaml)?, "/listen"), "server"), ["results"]);
        Ok(())
    }

    #[test]
    fn bad_documents_are_errors_with_their_place() {
        let err = convert("asyncapi: 2.6.0\nchannels: [a]\n").unwrap_err();
        assert_eq!(err.pointer, "#/channels");
        let err = convert(
            "asyncapi: 2.6.0\nchannels:\n  /a:\n    publish:\n      message: {$ref: '#/components/messages/x'}\n",
        )
        .unwrap_err();
        assert_eq!(err.pointer, "#/channels/~1a/publish/message/$ref");
        let err = convert("asyncapi: 2.6.0\nchannels:\n  /a:\n    publish:\n      message: {name: m}\n").unwrap_err();
        assert_eq!(err.pointer, "#/channels/~1a/publish/message");
        let err = convert("asyncapi: 3.0.0\n").unwrap_err();
        assert_eq!(err.pointer, "#/asyncapi");
    }
}
