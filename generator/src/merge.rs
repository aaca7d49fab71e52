//! Stage 3, merge: many normalized documents become one.
//!
//! Paths and components are united. The same name with the same content is kept once; the
//! same name with different content is an error that names both files: a silent pick would
//! generate a client that is wrong for one of them.

use serde_json::{Map, Value, json};

use crate::bundle::Sources;
use crate::error::{Error, Pointer, Result};
use crate::load::Document;

/// The merged document and where each part of it came from.
#[derive(Debug, Clone)]
pub struct Merged {
    /// One OpenAPI tree.
    pub tree: Value,
    /// The file each path item and each component came from, for error messages.
    pub origins: Origins,
}

/// Maps JSON-pointer prefixes (a path item, a component) to the file that defined them.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    entries: Vec<(String, String)>,
    fallback: String,
    /// Per input file, where the parts its bundle brought in from other files were written.
    sources: Vec<(String, Sources)>,
}

impl Origins {
    /// The file that defined the part of the document at `pointer`.
    pub fn file_of(&self, pointer: &str) -> &str {
        self.entries
            .iter()
            .filter(|(prefix, _)| {
                pointer == prefix || (pointer.starts_with(prefix.as_str()) && pointer[prefix.len()..].starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, file)| file.as_str())
            .unwrap_or(&self.fallback)
    }

    /// An error at `pointer`, attributed to the file that defined that part (and, for a part
    /// a `$ref` brought in, to the file and place it was written at).
    pub fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        let file = self.file_of(pointer);
        let error = Error::at(file, pointer, message);
        match self.sources.iter().find(|(f, _)| f == file) {
            Some((_, sources)) => sources.relocate(error),
            None => error,
        }
    }

    /// Notes where the parts of `file` that its bundle brought in were written.
    pub fn add_sources(&mut self, file: &str, sources: Sources) {
        if sources != Sources::default() {
            self.sources.push((file.to_owned(), sources));
        }
    }

    fn record(&mut self, pointer: String, file: &str) {
        self.entries.push((pointer, file.to_owned()));
    }
}

/// Merges normalized documents, in the order given. The merged `info` describes the API as
/// the document that declares the most operations does (the official document beside
/// WebSocket pages); where several declare as many (docs pages, one operation each), none
/// speaks for the whole API and the description is left out.
pub fn merge(docs: Vec<Document>) -> Result<Merged> {
    let info = describing_info(&docs);
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        return Err(Error::file("<inputs>", "no API description to generate from")
            .with_hint("name at least one OpenAPI document or docs page"));
    };
    let mut origins = Origins { entries: Vec::new(), fallback: first.file.clone(), sources: Vec::new() };
    let mut tree = first.tree;
    record_all(&tree, &first.file, &mut origins);
    let many = docs.len() > 0;
    for doc in docs {
        merge_one(&mut tree, doc, &mut origins)?;
    }
    if many {
        // Each docs page has its own `info.title` (the endpoint's); the union has none.
        let mut merged = serde_json::Map::new();
        merged.insert("title".to_owned(), json!("API"));
        merged.insert("version".to_owned(), json!(""));
        if let Some(description) = info.as_ref().and_then(|i| i.get("description")) {
            merged.insert("description".to_owned(), description.clone());
        }
        if let Some(tree) = tree.as_object_mut() {
            tree.insert("info".to_owned(), Value::Object(merged));
        }
    }
    Ok(Merged { tree, origins })
}

/// The `info` of the document that declares the most HTTP operations, when exactly one does.
fn describing_info(docs: &[Document]) -> Option<Value> {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let operations = |doc: &Document| -> usize {
        let paths = doc.tree.get("paths").and_then(Value::as_object);
        paths
            .into_iter()
            .flat_map(|p| p.values())
            .filter_map(Value::as_object)
            .flat_map(|item| METHODS.iter().filter_map(|m| item.get(*m)))
            .filter(|op| op.get(crate::load::asyncapi::SOCKET_EXTENSION).is_none())
            .count()
    };
    let counts: Vec<usize> = docs.iter().map(operations).collect();
    let most = counts.iter().copied().max()?;
    let mut leaders = (0..docs.len()).filter(|&i| counts[i] == most);
    match (leaders.next(), leaders.next()) {
        (Some(only), None) => docs[only].tree.get("info").cloned(),
        _ => None,
    }
}

fn record_all(tree: &Value, file: &str, origins: &mut Origins) {
    if let Some(paths) = tree.get("paths").and_then(Value::as_object) {
        for path in paths.keys() {
            origins.record(Pointer::root().join("paths").join(path).into(), file);
        }
    }
    if let Some(components) = tree.get("components").and_then(Value::as_object) {
        for (section, entries) in components {
            if let Some(entries) = entries.as_object() {
                for name in entries.keys() {
                    origins.record(Pointer::root().join("components").join(section).join(name).into(), file);
                }
            }
        }
    }
}

fn merge_one(tree: &mut Value, doc: Document, origins: &mut Origins) -> Result<()> {
    let file = doc.file;
    let Value::Object(mut incoming) = doc.tree else {
        return Ok(());
    };
    let Some(target) = tree.as_object_mut() else {
        return Ok(());
    };

    if let Some(Value::Object(paths)) = incoming.remove("paths") {
        let into = object_entry(target, "paths");
        for (path, item) in paths {
            let pointer: String = Pointer::root().join("paths").join(&path).into();
            match into.get_mut(&path) {
                None => {
                    origins.record(pointer, &file);
                    into.insert(path, item);
                }
                Some(existing) => merge_path_item(existing, item, &pointer, &file, origins)?,
            }
        }
    }
    if let Some(Value::Object(components)) = incoming.remove("components") {
        let into = object_entry(target, "components");
        for (section, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            let into_section = object_entry(into, &section);
            for (name, value) in entries {
                let pointer: String = Pointer::root().join("components").join(&section).join(&name).into();
                match into_section.get(&name) {
                    None => {
                        origins.record(pointer, &file);
                        into_section.insert(name, value);
                    }
                    Some(existing) if *existing == value => {}
                    Some(_) => return Err(conflict(&pointer, &file, origins)),
                }
            }
        }
    }
    if let Some(Value::Array(servers)) = incoming.remove("servers") {
        let into = target.entry("servers").or_insert_with(|| json!([]));
        if let Some(into) = into.as_array_mut() {
            for server in servers {
                if !into.contains(&server) {
                    into.push(server);
                }
            }
        }
    }
    Ok(())
}

/// Two documents may describe different methods of one path; the same method twice must agree.
fn merge_path_item(existing: &mut Value, item: Value, pointer: &str, file: &str, origins: &mut Origins) -> Result<()> {
    let (Some(existing), Value::Object(item)) = (existing.as_object_mut(), item) else {
        return Err(conflict(pointer, file, origins));
    };
    for (key, value) in item {
        let child: String = format!("{pointer}/{key}");
        match existing.get(&key) {
            None => {
                origins.record(child, file);
                existing.insert(key, value);
            }
            Some(old) if *old == value => {}
            Some(_) => return Err(conflict(&child, file, origins)),
        }
    }
    Ok(())
}

fn conflict(pointer: &str, file: &str, origins: &Origins) -> Error {
    let first = origins.file_of(pointer).to_owned();
    Error::at(file, pointer, format!("defined differently in `{first}`"))
        .with_hint("the same name must mean the same thing in every input; rename one or make them equal")
}

fn object_entry<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = map.entry(key.to_owned()).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    match slot {
        Value::Object(m) => m,
        // Made an object just above.
        _ => unreachable!("slot was set to an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(file: &str, tree: Value) -> Document {
        Document { file: file.to_owned(), tree }
    }

    #[test]
    fn same_schema_in_two_pages_is_kept_once() -> Result<(), String> {
        let a = doc(
            "a.md",
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {}}}, "components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let b = doc(
            "b.md",
            json!({"openapi": "3.0.3", "paths": {"/b": {"get": {}}}, "components": {"schemas": {"S": {"type": "string"}}}}),
        );
        let merged = merge(vec![a, b]).map_err(|e| e.to_string())?;
        assert_eq!(merged.tree["paths"].as_object().map(|p| p.len()), Some(2));
        assert_eq!(merged.origins.file_of("#/paths/~1b/get/responses"), "b.md");
        assert_eq!(merged.origins.file_of("#/components/schemas/S/type"), "a.md");
        Ok(())
    }

    #[test]
    fn different_schemas_under_one_name_name_both_files() {
        let a = doc("a.md", json!({"openapi": "3.0.3", "components": {"schemas": {"S": {"type": "string"}}}}));
        let b = doc("b.md", json!({"openapi": "3.0.3", "components": {"schemas": {"S": {"type": "integer"}}}}));
        let err = merge(vec![a, b]).unwrap_err();
        assert_eq!(err.file, "b.md");
        assert_eq!(err.pointer, "#/components/schemas/S");
        assert!(err.message.contains("a.md"), "{err}");
    }

    #[test]
    fn two_methods_of_one_path_merge_and_one_method_twice_must_agree() -> Result<(), String> {
        let a = doc("a.md", json!({"openapi": "3.0.3", "paths": {"/x": {"get": {"operationId": "g"}}}}));
        let b = doc("b.md", json!({"openapi": "3.0.3", "paths": {"/x": {"post": {"operationId": "p"}}}}));
        let merged = merge(vec![a.clone(), b]).map_err(|e| e.to_string())?;
        assert_eq!(merged.tree["paths"]["/x"].as_object().map(|p| p.len()), Some(2));
        assert_eq!(merged.origins.file_of("#/paths/~1x/post"), "b.md");
        let c = doc("c.md", json!({"openapi": "3.0.3", "paths": {"/x": {"get": {"operationId": "other"}}}}));
        let err = merge(vec![a, c]).unwrap_err();
        assert_eq!(err.pointer, "#/paths/~1x/get");
        Ok(())
    }

    #[test]
    fn nothing_to_merge_is_an_error() {
        assert!(merge(Vec::new()).is_err());
    }
}
