//! A Swagger 2.0 document through the whole pipeline (the hygiene fixture `swagger2.yaml`):
//! every operation generated, the normalized document in its OpenAPI 3.0 form, and errors
//! named at their places in the 2.0 document.

use std::path::PathBuf;

use generator::{Config, EmitOptions};
use serde_json::{Value, json};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hygiene/swagger2.yaml")
}

fn at<'t>(tree: &'t Value, pointer: &str) -> &'t Value {
    tree.pointer(pointer).unwrap_or(&Value::Null)
}

#[test]
fn every_operation_is_generated() {
    let generated = generator::generate_paths(&[fixture()], None, &Config::for_crate("pets"), EmitOptions::default())
        .expect("generates");
    assert_eq!(generated.operations, 5);
    assert!(generated.skipped_operations.is_empty(), "{:?}", generated.skipped_operations);
    let api: String =
        generated.files.iter().filter(|(path, _)| path.starts_with("src/")).map(|(_, text)| text.as_str()).collect();
    for piece in ["pets.example.com/v2", "AuthStyle::Header(\"x-api-key\")", "multipart"] {
        assert!(api.contains(piece), "the crate should mention {piece}");
    }
}

#[test]
fn the_normalized_document_is_openapi_3() {
    let tree = generator::normalized_document(&[fixture()], false).expect("normalizes");
    assert_eq!(tree["openapi"], json!("3.0.3"));
    assert_eq!(tree["servers"], json!([{"url": "https://pets.example.com/v2"}, {"url": "http://pets.example.com/v2"}]));
    let list = at(&tree, "/paths/~1pets/get/parameters");
    assert_eq!(list[1]["style"], json!("form"));
    assert_eq!(list[1]["explode"], json!(true));
    assert_eq!(list[2]["explode"], json!(false));
    assert_eq!(
        at(&tree, "/paths/~1pets/post/requestBody/content/application~1json/schema/$ref"),
        &json!("#/components/schemas/Pet")
    );
    let photo = at(&tree, "/paths/~1pets~1{petId}~1photo/post/requestBody/content/multipart~1form-data/schema");
    assert_eq!(photo["properties"]["file"]["format"], json!("binary"));
    assert_eq!(photo["required"], json!(["file"]));
    assert_eq!(
        at(&tree, "/paths/~1pets~1{petId}~1photo/get/responses/200/content/image~1png/schema"),
        &json!({"type": "string", "format": "binary"})
    );
    assert_eq!(at(&tree, "/components/schemas/Pet/properties/nickname/nullable"), &json!(true));
    assert_eq!(at(&tree, "/components/securitySchemes/basic"), &json!({"type": "http", "scheme": "basic"}));
    assert!(at(&tree, "/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded").is_object());
}

#[test]
fn errors_name_the_place_in_the_2_0_document() {
    let text = std::fs::read_to_string(fixture()).expect("fixture");
    let broken = text.replace("name: {type: string}\n      nickname", "name: {type: [string, 3]}\n      nickname");
    assert_ne!(broken, text);
    let tree = serde_yaml::from_str(&broken).expect("YAML");
    let doc = generator::load::Document { file: "pets.yaml".to_owned(), tree };
    let err = generator::generate(vec![doc], &Config::for_crate("pets"), EmitOptions::default()).expect_err("refused");
    assert_eq!(
        (err.file.as_str(), err.pointer.as_str()),
        ("pets.yaml", "#/definitions/Pet/properties/name/type/1"),
        "{err}"
    );
}

/// Every place of the fixture in turn holds a value of the wrong kind: the pipeline answers
/// with the crate or an error, never a panic.
#[test]
fn no_malformed_2_0_document_panics() {
    let text = std::fs::read_to_string(fixture()).expect("fixture");
    let tree: Value = serde_yaml::from_str(&text).expect("YAML");
    let mut pointers = Vec::new();
    collect_pointers(&tree, String::new(), &mut pointers);
    let mut errors = 0;
    for pointer in &pointers {
        for odd in [Value::Null, json!(3), json!("x"), json!([]), json!({})] {
            let mut broken = tree.clone();
            if let Some(slot) = broken.pointer_mut(pointer) {
                *slot = odd;
            }
            let doc = generator::load::Document { file: "pets.yaml".to_owned(), tree: broken };
            if let Err(err) = generator::generate(vec![doc], &Config::for_crate("pets"), EmitOptions::default()) {
                assert_eq!(err.file, "pets.yaml", "{err}");
                errors += 1;
            }
        }
    }
    assert!(pointers.len() > 200 && errors > 0, "{} places, {errors} errors", pointers.len());
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        let pointer = format!("{at}/{key}");
        out.push(pointer.clone());
        collect_pointers(child, pointer, out);
    }
}
