//! What this repository's commands know about the repository itself: the crates it generates
//! and checks in ([`TARGETS`]), and the rewriting that lets other tools read the normalized
//! document ([`unique_operation_ids`]). The pipeline lives in the `generator` crate.

use generator::Target;

/// The config of the ElevenLabs client, relative to the repository root.
pub const CONFIG_PATH: &str = "spec/generator.yaml";

/// Every checked-in generated crate: the ElevenLabs client, and the fixture crates whose
/// emitted code is the snapshot of each construct and rule (and which the behaviour tests drive).
pub const TARGETS: [Target; 6] = [
    Target { config: CONFIG_PATH, out: "generated" },
    Target {
        config: "generator/tests/fixtures/kitchen-sink/generator.yaml",
        out: "generator/tests/fixtures/kitchen-sink/client",
    },
    Target {
        config: "generator/tests/fixtures/schemas/generator.yaml",
        out: "generator/tests/fixtures/schemas/client",
    },
    Target { config: "generator/tests/fixtures/seed/generator.yaml", out: "generator/tests/fixtures/seed/client" },
    Target {
        config: "generator/tests/fixtures/basic-auth/generator.yaml",
        out: "generator/tests/fixtures/basic-auth/client",
    },
    Target {
        config: "generator/tests/fixtures/query-key/generator.yaml",
        out: "generator/tests/fixtures/query-key/client",
    },
];

/// OpenAPI requires every `operationId` to be unique, and tools such as progenitor refuse a
/// document where they are not; merged docs pages repeat them (`get`, `list`). An id given to
/// several operations becomes `{id}_{method}_{path}` on each of them, e.g. `get_get_v1_voices_id`.
pub fn unique_operation_ids(tree: &mut serde_json::Value) {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let Some(paths) = tree.get_mut("paths").and_then(serde_json::Value::as_object_mut) else { return };
    let mut uses: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for item in paths.values() {
        for method in METHODS {
            if let Some(id) = item.pointer(&format!("/{method}/operationId")).and_then(serde_json::Value::as_str) {
                *uses.entry(id.to_owned()).or_default() += 1;
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(id) = item.pointer_mut(&format!("/{method}/operationId")) else { continue };
            let Some(text) = id.as_str() else { continue };
            if uses.get(text).copied().unwrap_or(0) > 1 {
                let slug: String = path
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                    .collect();
                let slug = slug.split('_').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("_");
                *id = serde_json::Value::String(format!("{text}_{method}_{slug}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_operation_ids_are_made_unique_and_the_others_kept() {
        let mut tree = serde_json::json!({"paths": {
            "/v1/voices/{id}": {"get": {"operationId": "get"}, "delete": {"operationId": "delete_voice"}},
            "/v1/models": {"get": {"operationId": "get"}}
        }});
        super::unique_operation_ids(&mut tree);
        assert_eq!(
            tree.pointer("/paths/~1v1~1voices~1{id}/get/operationId"),
            Some(&serde_json::json!("get_get_v1_voices_id"))
        );
        assert_eq!(tree.pointer("/paths/~1v1~1models/get/operationId"), Some(&serde_json::json!("get_get_v1_models")));
        assert_eq!(
            tree.pointer("/paths/~1v1~1voices~1{id}/delete/operationId"),
            Some(&serde_json::json!("delete_voice"))
        );
    }
}
