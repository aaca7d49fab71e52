//! Bundling random documents split over random files, with `$ref`s between them that may be
//! cyclic, dangling, remote or malformed: never a panic; on success every `$ref` is local, every
//! hoisted schema it names exists, and a second run gives the same tree.
//! `PROPTEST_CASES=10000 cargo test -p generator --test bundle_properties` runs more cases.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

const FILES: [&str; 4] = ["root.json", "f1.json", "f2.json", "sub/f3.json"];

const REFS: [&str; 14] = [
    "f1.json",
    "f2.json#/a",
    "sub/f3.json#/b/0",
    "../f1.json#/schema",
    "./f2.json#/components/schemas/S",
    "#/a",
    "#/components/schemas/S",
    "#/paths",
    "root.json#/components/schemas/S",
    "../root.json#/a/items",
    "missing.json",
    "f1.json#/nope",
    "https://example.com/x.json",
    "f2.json#anchor",
];

const KEYS: [&str; 14] = [
    "a",
    "b",
    "schema",
    "items",
    "properties",
    "allOf",
    "paths",
    "components",
    "schemas",
    "S",
    "parameters",
    "example",
    "discriminator",
    "mapping",
];

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!("text")),
        Just(json!(1)),
        Just(json!(true)),
        (0..REFS.len()).prop_map(|i| json!({"$ref": REFS[i]})),
        (0..REFS.len()).prop_map(|i| json!(REFS[i])),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((0..KEYS.len(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (KEYS[k].to_owned(), v)).collect())),
        ]
    })
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

fn bundle(dir: &std::path::Path) -> Result<Value, generator::Error> {
    let path = dir.join(FILES[0]);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let generator::load::Loaded::Document(mut doc) = generator::load::parse_text("root.json", &text)? else {
        return Err(generator::Error::file("root.json", "not a document"));
    };
    generator::bundle::bundle(&mut doc, Some(&path))?;
    Ok(doc.tree)
}

proptest! {
    #[test]
    fn random_files_bundle_to_local_refs_or_a_clean_error(trees in prop::collection::vec(value(), FILES.len())) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut root_tree = Value::Null;
        for (i, (name, tree)) in FILES.iter().zip(&trees).enumerate() {
            let mut tree = tree.clone();
            if i == 0 {
                let mut root = Map::new();
                root.insert("openapi".to_owned(), json!("3.1.0"));
                root.insert("body".to_owned(), tree);
                for key in ["a", "paths", "components"] {
                    root.insert(key.to_owned(), trees[i].get(key).cloned().unwrap_or(json!({})));
                }
                tree = Value::Object(root);
                root_tree = tree.clone();
            }
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).map_err(|e| TestCaseError::fail(e.to_string()))?;
            std::fs::write(&path, tree.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        match bundle(dir.path()) {
            Ok(tree) => {
                let mut refs = Vec::new();
                collect_refs(&tree, &mut refs);
                // A local `$ref` written in the root, and any `$ref` in data (an example, an
                // extension, an unknown keyword) in any file, stays as written; one the bundle
                // wrote is local and names a schema that exists.
                let mut written = Vec::new();
                collect_refs(&root_tree, &mut written);
                trees.iter().for_each(|tree| collect_refs(tree, &mut written));
                let schemas = tree.pointer("/components/schemas").and_then(Value::as_object);
                for reference in &refs {
                    if written.contains(reference) {
                        continue;
                    }
                    prop_assert!(reference.starts_with('#'), "a non-local `$ref` is left: {reference}\n{tree:#}");
                    let name = reference.strip_prefix("#/components/schemas/").map(|n| n.replace("~1", "/").replace("~0", "~"));
                    prop_assert!(
                        name.is_some_and(|n| schemas.is_some_and(|s| s.contains_key(&n))),
                        "the bundle wrote `{reference}`, which names nothing\n{tree:#}"
                    );
                }
                let again = bundle(dir.path()).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(again, tree);
            }
            Err(e) => {
                prop_assert!(!e.file.is_empty(), "an error names a file: {e}");
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}
