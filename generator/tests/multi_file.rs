//! A document split over files (`tests/fixtures/multi-file/`) becomes a whole crate: path
//! items, parameters, responses and schemas from other files, a chain of files, a cycle
//! across two files, and a `components/schemas` map kept in a file of its own.

use std::path::PathBuf;

use generator::{Config, EmitOptions, Generated};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multi-file/openapi.yaml")
}

fn generate() -> Generated {
    generator::generate_paths(&[root()], None, &Config::for_crate("multi_file"), EmitOptions::default())
        .unwrap_or_else(|e| panic!("generates: {e}"))
}

#[test]
fn every_operation_becomes_a_method() {
    let generated = generate();
    let methods: Vec<(&str, &str, &str)> = generated
        .methods
        .iter()
        .map(|((method, path), (_, name))| (method.as_str(), path.as_str(), name.as_str()))
        .collect();
    assert_eq!(
        methods,
        [
            ("GET", "/owners", "list_owners"),
            ("GET", "/pets", "list_pets"),
            ("GET", "/pets/{petId}", "get_pet"),
            ("POST", "/pets", "create_pet"),
        ]
    );
    assert!(generated.skipped_operations.is_empty(), "{:?}", generated.skipped_operations);
    let api = &generated.files["src/api.rs"];
    assert!(api.contains("pub fn get_pet(&self, pet_id: &str) -> crate::Call<'_, crate::types::Pet, GetPet>"), "{api}");
    assert!(api.contains("self.request().query(\"limit\", &limit);"), "the parameter from its file: {api}");
}

#[test]
fn schemas_from_other_files_become_named_types() {
    let generated = generate();
    let types = &generated.files["src/types.rs"];
    for (ty, field) in [
        // The `components/schemas` map file gives Pet and Owner their names; they refer to
        // each other across two files.
        ("Pet", "pub owner: Option<Owner>,"),
        ("Owner", "pub pets: Option<Vec<Pet>>,"),
        // Reached through a chain of two files, and directly: one type.
        ("NewPet", "pub tag: Option<Tag>,"),
        ("Tag", "pub label: Option<String>,"),
        ("Error", "pub message: String,"),
    ] {
        assert!(types.contains(&format!("pub struct {ty} {{")), "type {ty}:\n{types}");
        assert!(types.contains(field), "{field}:\n{types}");
    }
    // Pet's `tag` goes through the chain (`first.yaml` → `second.yaml#/Tag`), NewPet's straight
    // to `second.yaml#/Tag`: both are the one type Tag.
    assert_eq!(types.matches("pub tag: Option<Tag>,").count(), 2, "{types}");
}

#[test]
fn the_normalized_document_is_self_contained_and_the_same_on_every_run() {
    let tree = generator::normalized_document(&[root()], false).unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string(&tree).unwrap_or_default();
    let mut refs = Vec::new();
    collect_refs(&tree, &mut refs);
    assert!(!refs.is_empty());
    assert!(refs.iter().all(|r| r.starts_with("#/components/schemas/")), "{refs:?}");
    let again = generator::normalized_document(&[root()], false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::to_string(&again).unwrap_or_default(), text);
    assert_eq!(generate().files, generate().files);
}

#[test]
fn a_document_with_nothing_to_bundle_is_left_as_it_is() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let inputs = [manifest.join("tests/fixtures"), manifest.join("../spec/openapi")];
    let mut checked = 0;
    for path in generator::load::expand(&inputs).unwrap_or_else(|e| panic!("{e}")) {
        if path.components().any(|c| c.as_os_str() == "multi-file") {
            continue;
        }
        let Ok(generator::load::Loaded::Document(mut doc)) = generator::load::load_file(&path) else { continue };
        // A Swagger 2.0 root is converted to OpenAPI 3.0 first (tests/swagger2.rs).
        if generator::load::swagger2::is_swagger(&doc.tree) {
            continue;
        }
        let before = doc.tree.clone();
        let bundled = generator::bundle::bundle(&mut doc, Some(&path)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.tree, before, "{}", path.display());
        assert_eq!((bundled.files, bundled.hoisted), (0, 0));
        checked += 1;
    }
    assert!(checked >= 3, "the fixtures' and the seed's specs: {checked}");
}

fn collect_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", serde_json::Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
