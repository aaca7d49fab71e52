//! Property tests.
//!
//! 1. Random small but valid specs (odd names, every schema shape, 3.1 and docs-page
//!    encodings, recursive references, every parameter, body and response kind) go through
//!    the whole pipeline: the answer is `Ok` or a clean error, never a panic, and every
//!    emitted Rust file parses with `syn`.
//! 2. Mutated response bodies fed to the seed client's decoders never panic; unknown fields
//!    and enum values are kept or ignored as promised.
//!
//! `PROPTEST_CASES` sets how many cases run (CI runs more than the default).

use generator::load::Document;
use generator::{Config, EmitOptions};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Names that stress the naming rules: keywords, digits first, punctuation, collisions.
const NAMES: [&str; 16] = [
    "alpha",
    "Alpha",
    "type",
    "self",
    "Self",
    "3d_model",
    "x-api-key",
    "display name",
    "option",
    "Result",
    "unknown",
    "über",
    "a__b",
    "A_B",
    "value",
    "ok",
];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES.to_vec()).prop_map(str::to_owned)
}

/// Enum values, with collisions after casing and empty strings.
fn enum_value() -> impl Strategy<Value = Value> {
    prop::sample::select(vec!["a", "A", "b-c", "b_c", "", "1.0", "10", "unknown", "Other", "é"]).prop_map(|s| json!(s))
}

/// A schema; `refs` components exist to refer to.
fn schema(refs: usize) -> impl Strategy<Value = Value> {
    let reference = (0..refs.max(1)).prop_map(move |i| {
        if refs == 0 { json!({"type": "string"}) } else { json!({"$ref": format!("#/components/schemas/C{i}")}) }
    });
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "integer", "format": "int32", "maximum": 10.0})),
        Just(json!({"type": "number", "exclusiveMinimum": 0})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": ["integer", "null"]})),
        Just(json!({"const": "fixed"})),
        Just(json!({})),
        prop::collection::vec(enum_value(), 1..5).prop_map(|values| json!({"type": "string", "enum": values})),
        prop::collection::vec(enum_value(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values.into_iter().map(|v| json!({"value": v})).collect::<Vec<_>>()})),
        prop::collection::vec(-3i64..5, 1..4).prop_map(|values| json!({"type": "integer", "enum": values})),
        reference,
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (prop::collection::vec((name(), inner.clone(), any::<bool>(), any::<bool>()), 0..4)).prop_map(|props| {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (name, mut schema, is_required, nullable) in props {
                    if nullable {
                        schema = json!({"anyOf": [schema, {"type": "null"}]});
                    }
                    if is_required {
                        required.push(json!(name.clone()));
                    }
                    properties.insert(name, schema);
                }
                json!({"type": "object", "properties": properties, "required": required, "description": "An [odd] <thing>\n    indented"})
            }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|members| json!({"oneOf": members})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|members| json!({"anyOf": members, "nullable": true})),
            prop::collection::vec(inner, 2..4).prop_map(|parts| json!({"allOf": parts})),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    (name(), prop::sample::select(vec!["query", "header", "cookie"]), schema(0), any::<bool>(), any::<bool>())
        .prop_map(|(name, location, schema, required, explode)| {
            json!({"name": name, "in": location, "required": required, "explode": explode, "schema": schema})
        })
}

fn body(refs: usize) -> impl Strategy<Value = Value> {
    (prop::sample::select(vec!["application/json", "multipart/form-data", "text/plain"]), schema(refs))
        .prop_map(|(content_type, schema)| json!({"content": {content_type: {"schema": schema}}}))
}

fn response(refs: usize) -> impl Strategy<Value = Value> {
    prop_oneof![
        schema(refs).prop_map(|s| json!({"description": "ok", "content": {"application/json": {"schema": s}}})),
        Just(
            json!({"description": "audio", "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}}})
        ),
        Just(json!({"description": "events", "content": {"text/event-stream": {"schema": {"type": "string"}}}})),
        Just(json!({"description": "nothing", "content": {}})),
        Just(json!({"description": "nothing"})),
    ]
}

fn operation(refs: usize) -> impl Strategy<Value = (String, String, Value)> {
    (
        prop::sample::select(vec!["get", "post", "put", "patch", "delete"]),
        prop::collection::vec(name(), 1..3),
        any::<bool>(),
        prop::option::of(name()),
        prop::collection::vec(parameter(), 0..3),
        prop::option::of(body(refs)),
        response(refs),
        prop::option::of(schema(refs)),
        any::<bool>(),
    )
        .prop_map(move |(method, segments, templated, group, params, body, ok, error, streaming)| {
            let mut path: String = segments.iter().map(|s| format!("/{}", s.replace(' ', "-"))).collect();
            let mut parameters: Vec<Value> = params;
            if templated {
                path.push_str("/{item id}");
                parameters.push(json!({"name": "item id", "in": "path", "required": true, "schema": {"type": "string"}}));
            }
            let mut op = json!({"responses": {"200": ok, "422": {"description": "invalid", "content": {}}}, "parameters": parameters});
            if let Some(group) = group {
                op["tags"] = json!([[format!("subpackage_{group}")]]);
            }
            if let Some(body) = body {
                op["requestBody"] = body;
            }
            if let Some(error) = error {
                op["responses"]["404"] = json!({"description": "missing", "content": {"application/json": {"schema": error}}});
            }
            if streaming {
                op["x-fern-streaming"] = json!(true);
            }
            (path, method.to_owned(), op)
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (0usize..4)
        .prop_flat_map(|refs| (prop::collection::vec(schema(refs), refs), prop::collection::vec(operation(refs), 1..4)))
        .prop_map(|(components, operations)| {
            let mut schemas = Map::new();
            for (i, schema) in components.into_iter().enumerate() {
                schemas.insert(format!("C{i}"), schema);
            }
            let mut paths = Map::new();
            for (path, method, op) in operations {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            json!({
                "openapi": "3.1.0",
                "info": {"title": "random", "version": "1"},
                "servers": [{"url": "https://api.example.com/v1", "description": "Production"}],
                "paths": paths,
                "components": {"schemas": schemas}
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_specs_give_ok_or_a_clean_error_and_rust_that_parses(tree in spec()) {
        let doc = Document { file: "random.yaml".to_owned(), tree };
        match generator::generate(vec![doc], &Config::for_crate("random"), EmitOptions::default()) {
            Ok(generated) => {
                for (path, text) in &generated.files {
                    if path.ends_with(".rs") {
                        prop_assert!(generator::check::parses_as_rust(text), "{path} does not parse:\n{text}");
                    }
                }
            }
            Err(error) => {
                prop_assert_eq!(error.file.as_str(), "random.yaml");
                prop_assert!(!error.message.is_empty());
            }
        }
    }

    #[test]
    fn response_decoding_never_panics_on_mutated_bodies(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..8),
        extra in prop::collection::btree_map("[a-z_]{1,8}", any::<i64>(), 0..4),
    ) {
        use elevenlabs_seed::types::WorkspaceCreateApiKeyResponseModel as Created;
        let mut object = json!({"xi-api-key": "sk", "key_id": "id"});
        for (key, value) in &extra {
            if key != "key_id" {
                object[key.as_str()] = json!(value);
            }
        }
        // Unknown fields are ignored.
        let decoded: Created = serde_json::from_value(object.clone()).expect("unknown fields are ignored");
        prop_assert_eq!(decoded.key_id.as_str(), "id");
        // Byte edits give a value or an error, never a panic.
        let mut bytes = serde_json::to_vec(&object).expect("encode");
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        let _ = serde_json::from_slice::<Created>(&bytes);
        let _ = serde_json::from_slice::<elevenlabs_seed::types::CreateServiceAccountApiKeyRequestPermissions>(&bytes);
    }

    #[test]
    fn unknown_enum_values_are_kept_and_round_trip(value in "[a-z_]{1,24}") {
        use elevenlabs_seed::types::CreateServiceAccountApiKeyRequestPermissionsItem as Permission;
        let decoded: Permission = serde_json::from_value(json!(value.clone())).expect("any string decodes");
        prop_assert_eq!(serde_json::to_value(&decoded).expect("encode"), json!(value.clone()));
        prop_assert_eq!(decoded.as_str(), value.as_str());
    }
}
