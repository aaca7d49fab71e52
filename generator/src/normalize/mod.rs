//! Stage 2, normalize: rewrite the untyped tree into the OpenAPI 3.0 shapes `openapiv3` reads.
//!
//! Each rewrite is a small named function over one schema (or one operation) with its own
//! test. Schema rewrites run top-down on every schema object of the document (components,
//! parameters, bodies, responses, webhooks, callbacks, and everything nested in them), and
//! only on schema objects: examples, defaults and vendor extensions are data and stay
//! untouched. The rewrites by theme:
//!
//! - `operations`: operations without `responses`, responses without `description` or with
//!   `content: {}`, `info` without `version`, security schemes `openapiv3` has no shape for;
//! - `docs_pages`: the docs pages' dialect (nested `tags`, `{value: x}` enum items, literals);
//! - `types`: OpenAPI 3.1 typing (boolean schemas, `type` arrays, `const`, untyped enums,
//!   `anyOf`/`oneOf` with `null`);
//! - `keywords`: keywords `openapiv3` holds in typed fields (bounds, sizes, flags, texts);
//! - `composition`: `$ref` siblings, annotation-only `allOf` parts, `prefixItems`,
//!   `patternProperties`, `not`;
//! - `defs`: `$defs` of component schemas hoisted into `components/schemas`, references
//!   following;
//! - `webhooks`: inline payloads of webhooks and callbacks hoisted into named components.

mod composition;
mod defs;
mod docs_pages;
mod json;
mod keywords;
mod operations;
mod types;
mod webhooks;

pub use types::CONST_MARK;

use serde_json::{Map, Value, json};

use crate::error::{Error, Pointer, Result};
use crate::load::Document;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The vendor extension that carries an operation's SDK group path (`[service_accounts, api_keys]`).
pub const GROUP_EXTENSION: &str = "x-fern-sdk-group-name";

/// Normalizes one document in place.
pub fn normalize(doc: &mut Document) -> Result<()> {
    let file = doc.file.clone();
    openapi_version(&file, &mut doc.tree)?;
    let Some(root) = doc.tree.as_object_mut() else {
        return Err(Error::at(&file, "#", "not an OpenAPI document: the top level is not a mapping"));
    };
    root.entry("paths").or_insert_with(|| json!({}));
    if file.ends_with(".md") {
        docs_pages::fern_streams(root);
    }
    // Operations first: their rewrites do not touch schemas, and schema rewrites follow.
    operations::rewrite_operations(root);
    operations::unsupported_security_schemes(root);
    operations::document_info(root);
    let mut pointer = Pointer::root();
    walk_document(&file, &mut doc.tree, &mut pointer)?;
    // Last, so that errors above point where the schemas were written.
    defs::hoist_defs(&mut doc.tree);
    webhooks::hoist_payloads(&mut doc.tree);
    Ok(())
}

/// `openapi: 3.1.x` becomes `3.0.3` (the rewrites below take care of what differs); versions
/// other than 3.0 and 3.1 are refused.
fn openapi_version(file: &str, tree: &mut Value) -> Result<()> {
    let Some(version) = tree.get_mut("openapi") else {
        return Err(Error::at(file, "#", "not an OpenAPI document: no `openapi` version field"));
    };
    let text = match &*version {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.starts_with("3.0.") || text == "3.0" {
        *version = json!(text);
        Ok(())
    } else if text.starts_with("3.1.") || text == "3.1" {
        *version = json!("3.0.3");
        Ok(())
    } else {
        Err(Error::at(file, "#/openapi", format!("unsupported OpenAPI version `{text}`"))
            .with_hint("the generator reads OpenAPI 3.0.x and 3.1.x"))
    }
}

/// Visits every object outside schemas, entering schema position at `schema` keys and
/// `#/components/schemas`.
fn walk_document(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                pointer.push(key);
                match key.as_str() {
                    "schema" => walk_subschema(file, child, pointer)?,
                    "schemas" if pointer.as_str() == "#/components/schemas" => walk_members(file, child, pointer)?,
                    // Data, not structure.
                    "example" | "examples" | "default" => {}
                    k if k.starts_with("x-") => {}
                    _ => walk_document(file, child, pointer)?,
                }
                pointer.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                pointer.push(i);
                walk_document(file, item, pointer)?;
                pointer.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// A value in schema position: a boolean schema takes its object form, then the schema and
/// everything nested in it is rewritten.
fn walk_subschema(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    types::boolean_schema(value);
    let Value::Object(map) = value else {
        return Ok(());
    };
    rewrite_schema(file, map, pointer)?;
    for (key, child) in map.iter_mut() {
        pointer.push(key);
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                walk_members(file, child, pointer)?
            }
            "items" | "not" | "contains" | "propertyNames" | "if" | "then" | "else" => {
                walk_subschema(file, child, pointer)?
            }
            // `true`/`false` keep their meaning here (`openapiv3` reads the boolean form).
            "additionalProperties" | "unevaluatedProperties" | "unevaluatedItems" | "additionalItems"
                if child.is_object() =>
            {
                walk_subschema(file, child, pointer)?
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => walk_elements(file, child, pointer)?,
            _ => {}
        }
        pointer.pop();
    }
    Ok(())
}

fn walk_members(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    if let Some(map) = value.as_object_mut() {
        for (key, child) in map.iter_mut() {
            pointer.push(key);
            walk_subschema(file, child, pointer)?;
            pointer.pop();
        }
    }
    Ok(())
}

fn walk_elements(file: &str, value: &mut Value, pointer: &mut Pointer) -> Result<()> {
    if let Some(items) = value.as_array_mut() {
        for (i, child) in items.iter_mut().enumerate() {
            pointer.push(i);
            walk_subschema(file, child, pointer)?;
            pointer.pop();
        }
    }
    Ok(())
}

/// The schema rewrites, in an order where each sees the output of the ones before it. They
/// run before the schema's children are visited, so members a rewrite creates (the arms of
/// a split `type` array, the items made from `prefixItems`) are rewritten in turn.
fn rewrite_schema(file: &str, schema: &mut Map<String, Value>, pointer: &Pointer) -> Result<()> {
    types::boolean_members(schema);
    composition::ref_siblings(schema);
    composition::drop_not(schema);
    types::null_union(schema);
    docs_pages::enum_value_objects(schema);
    docs_pages::literal_objects(schema);
    types::const_to_enum(schema);
    types::untyped_enum(schema);
    types::type_array(file, schema, pointer)?;
    types::content_encoding(schema);
    keywords::exclusive_bounds(schema);
    keywords::typed_keywords(schema);
    keywords::foreign_keywords(schema);
    keywords::integer_keywords(schema);
    keywords::size_keywords(schema);
    keywords::examples_array(schema);
    composition::prefix_items(schema);
    composition::pattern_properties(schema);
    composition::annotation_all_of(schema);
    composition::distribute_union(schema);
    Ok(())
}

/// A name as one JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod test_support {
    use super::*;

    pub fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap_or_else(|e| Value::String(format!("bad test YAML: {e}")))
    }

    pub fn object(text: &str) -> Map<String, Value> {
        yaml(text).as_object().cloned().unwrap_or_default()
    }

    /// The document after normalizing, or a string saying why it failed.
    pub fn doc_after(text: &str) -> Value {
        let mut doc = Document { file: "t.yaml".to_owned(), tree: yaml(text) };
        match normalize(&mut doc) {
            Ok(()) => doc.tree,
            Err(e) => Value::String(format!("normalize failed: {e}")),
        }
    }

    /// The component schema `S` written as `text`, after normalizing.
    pub fn schema_after(text: &str) -> Value {
        let tree = doc_after(&format!("openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n{}", indent(text, 6)));
        tree.pointer("/components/schemas/S").cloned().unwrap_or(tree)
    }

    /// Whether `openapiv3` reads the value as a schema.
    pub fn parses_as_schema(schema: &Value) -> bool {
        serde_json::from_value::<openapiv3::Schema>(schema.clone()).is_ok()
    }

    /// Whether `openapiv3` reads the value as a document.
    pub fn parses_as_document(tree: &Value) -> bool {
        serde_json::from_value::<openapiv3::OpenAPI>(tree.clone()).is_ok()
    }

    fn indent(text: &str, by: usize) -> String {
        text.lines().map(|l| format!("{}{l}\n", " ".repeat(by))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn rewrites_reach_nested_schemas_but_not_examples() {
        let s = schema_after(
            "type: object\nproperties:\n  a:\n    type: [string, 'null']\nexample:\n  a: {type: [x, 'null']}\n",
        );
        assert_eq!(s["properties"]["a"], json!({"type": "string", "nullable": true}));
        assert_eq!(s["example"]["a"]["type"], json!(["x", "null"]));
    }

    #[test]
    fn rewrites_reach_parameters_bodies_responses_and_callbacks() {
        let tree = doc_after(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      parameters:\n        - {name: q, in: query, schema: {type: [integer, 'null']}}\n      requestBody:\n        content:\n          application/json: {schema: {type: object, properties: {a: {const: 1}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {items: true, type: array}}\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              requestBody:\n                content:\n                  application/json: {schema: {$ref: '#/components/schemas/T', description: d}}\n",
        );
        let op = &tree["paths"]["/x"]["post"];
        assert_eq!(op["parameters"][0]["schema"], json!({"type": "integer", "nullable": true}));
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["properties"]["a"],
            json!({"type": "integer", "enum": [1]})
        );
        assert_eq!(op["responses"]["200"]["content"]["application/json"]["schema"]["items"], json!({}));
        let callback = &op["callbacks"]["done"]["{$request.body#/url}"]["post"];
        assert_eq!(
            callback["requestBody"]["content"]["application/json"]["schema"],
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(callback["responses"], json!({}));
        assert!(parses_as_document(&tree), "{tree:#}");
    }

    #[test]
    fn openapi_3_1_becomes_3_0_and_others_are_refused() {
        let mut tree = yaml("openapi: 3.1.1\n");
        assert_eq!(openapi_version("t.yaml", &mut tree), Ok(()));
        assert_eq!(tree["openapi"], json!("3.0.3"));
        let mut tree = yaml("openapi: 4.0.0\n");
        let err = openapi_version("t.yaml", &mut tree).unwrap_err();
        assert_eq!(err.pointer, "#/openapi");
    }

    #[test]
    fn json_schema_keywords_openapi_3_0_lacks_do_not_break_parsing() {
        let tree = doc_after(
            "openapi: 3.1.0\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      $schema: https://json-schema.org/draft/2020-12/schema\n      $id: https://example.com/s\n      $comment: a note\n      $defs:\n        D: {type: [string, 'null']}\n      type: object\n      examples: [{a: x}]\n      dependentRequired: {a: [b]}\n      if: {properties: {a: {const: x}}}\n      then: {required: [b]}\n      else: {required: [c]}\n      unevaluatedProperties: false\n      properties:\n        a: {type: string}\n        b: {type: string, contentEncoding: base64, contentMediaType: image/png}\n",
        );
        let s = &tree["components"]["schemas"]["S"];
        assert_eq!(s["example"], json!({"a": "x"}));
        // The definition is normalized, and hoisted into the components (`defs`).
        assert_eq!(tree["components"]["schemas"]["D"], json!({"type": "string", "nullable": true}));
        assert!(parses_as_schema(s), "{s:#}");
        assert!(parses_as_document(&tree), "{tree:#}");
    }
}
