//! Property test: random AsyncAPI 2.x documents (odd addresses and names, messages given
//! inline, by `$ref`, as `oneOf`, binary, with tags or without, broken shapes among them) go
//! through the whole pipeline: the answer is `Ok` or a clean error naming the file, never a
//! panic; the same document gives the same crate twice; and every emitted Rust file parses.

use generator::{Config, EmitOptions};
use proptest::prelude::*;
use serde_json::{Value, json};

const NAMES: [&str; 10] = ["say", "type", "self", "Unknown", "日本", "", "a b", "say", "v1", "x-y"];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES.to_vec()).prop_map(str::to_owned)
}

fn address() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["/v1/chat", "rooms/{id}", "/v2/{a}/{b}/live", "/", "/v1", "/a/{unclosed"])
        .prop_map(str::to_owned)
}

/// A payload schema, sometimes not a schema at all.
fn payload() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "k"}}})),
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"$ref": "#/components/schemas/Shared"})),
        Just(json!({"$ref": "#/components/schemas/Missing"})),
        Just(json!({"oneOf": [{"$ref": "#/components/schemas/Shared"}, {"type": "integer"}]})),
        Just(json!({"type": "object", "properties": {"b": {"type": "string", "contentEncoding": "base64"}}})),
        Just(json!(17)),
    ]
}

fn message() -> impl Strategy<Value = Value> {
    (name(), payload(), prop::option::of(prop::sample::select(vec!["application/json", "audio/mpeg"]))).prop_map(
        |(name, payload, content_type)| {
            let mut m = json!({"name": name, "payload": payload});
            if let Some(ct) = content_type {
                m["contentType"] = json!(ct);
            }
            m
        },
    )
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(message(), 0..4),
        prop::option::of(name()),
        prop::sample::select(vec!["", "Receive messages", "Send messages", "publish", "subscribe"]),
    )
        .prop_map(|(messages, tag, words)| {
            let message = match messages.len() {
                1 => messages[0].clone(),
                _ => json!({"oneOf": messages}),
            };
            let mut op = json!({"message": message, "description": words, "summary": words});
            if let Some(tag) = tag {
                op["tags"] = json!([{"name": tag}]);
            }
            op
        })
}

fn document() -> impl Strategy<Value = Value> {
    prop::collection::vec((address(), prop::option::of(operation()), prop::option::of(operation())), 0..3).prop_map(
        |channels| {
            let mut map = serde_json::Map::new();
            for (address, publish, subscribe) in channels {
                let mut channel = json!({
                    "bindings": {"ws": {"query": {"type": "object", "properties": {"token": {"type": "string"}}}}}
                });
                if let Some(op) = publish {
                    channel["publish"] = op;
                }
                if let Some(op) = subscribe {
                    channel["subscribe"] = op;
                }
                map.insert(address, channel);
            }
            json!({
                "asyncapi": "2.6.0",
                "info": {"title": "t", "version": "1"},
                "channels": map,
                "components": {"schemas": {"Shared": {"type": "object", "properties": {"n": {"type": "integer"}}}}}
            })
        },
    )
}

proptest! {
    #[test]
    fn random_asyncapi_documents_never_panic(doc in document()) {
        let text = doc.to_string();
        let config = Config::for_crate("t");
        let run = || -> Result<generator::Generated, generator::Error> {
            match generator::load::parse_text("spec.json", &text)? {
                generator::load::Loaded::Document(doc) => generator::generate(vec![doc], &config, EmitOptions::default()),
                generator::load::Loaded::Skipped { .. } => Err(generator::Error::file("spec.json", "skipped")),
            }
        };
        match run() {
            Ok(first) => {
                let again = run().expect("the same document generates again");
                prop_assert_eq!(&first.files, &again.files);
                for (path, source) in first.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
                    prop_assert!(syn::parse_file(source).is_ok(), "{} does not parse", path);
                }
            }
            Err(error) => prop_assert_eq!(error.file, "spec.json"),
        }
    }
}
