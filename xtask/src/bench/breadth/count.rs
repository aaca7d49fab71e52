//! What is counted: operations in a document, and methods in a generated crate.
//!
//! Operations are the document's (path, HTTP method) pairs under `paths`, following path-item
//! `$ref`s into the same or another file (as `../shared/specs/public/SOURCES.md` counts them);
//! webhooks and callbacks are not operations a client calls. This reads the files itself
//! rather than through the generator, so a document the generator cannot load still gets its
//! count.
//!
//! Methods are counted in each tool's output by a heuristic, one per tool, that matches exactly
//! one method per operation in every tool's output for `oai-link-example.yaml` (6 of 6):
//! - ours: the distinct `` /// `GET /path` `` lines that document every operation method;
//! - oas3-gen, ploidy, progenitor, openapi-generator: the distinct names of `pub async fn` items
//!   (operation methods, or functions for openapi-generator, which writes an operation into the
//!   file of each of its tags), except oas3-gen's `parse_response` (the decoder of each
//!   operation's response enum). openapi-generator also makes functions for webhooks.
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bench::rust_sources;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Parsed files, by path, so a file many path items point into is read once.
#[derive(Default)]
struct Files(HashMap<PathBuf, Value>);

impl Files {
    fn get(&mut self, path: &Path) -> Result<&Value, String> {
        if !self.0.contains_key(path) {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let tree: Value = if is_json {
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            } else {
                serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            };
            self.0.insert(path.to_path_buf(), tree);
        }
        Ok(&self.0[path])
    }
}

/// The document's version (`openapi`) and its operations.
pub fn document(root: &Path) -> Result<(String, usize), String> {
    let mut files = Files::default();
    let tree = files.get(root)?.clone();
    let version = match tree.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(other) => other.to_string(),
        None => "?".into(),
    };
    let mut operations = 0;
    if let Some(paths) = tree.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            let (_, item) = follow(&mut files, root, item, 0)?;
            let Some(item) = item.as_object() else { continue };
            operations += item.keys().filter(|k| METHODS.contains(&k.as_str())).count();
        }
    }
    Ok((version, operations))
}

/// `value` itself, or what its `$ref` points to (relative to `file`), followed to the end.
fn follow(files: &mut Files, file: &Path, value: &Value, depth: usize) -> Result<(PathBuf, Value), String> {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return Ok((file.to_path_buf(), value.clone()));
    };
    if depth > 32 {
        return Err(format!("{}: `$ref` chain too long at `{reference}`", file.display()));
    }
    let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
    let target = if target.is_empty() { file.to_path_buf() } else { file.with_file_name("").join(target) };
    let pointed = files
        .get(&target)?
        .pointer(&percent_decoded(pointer))
        .cloned()
        .ok_or_else(|| format!("{}: `$ref` `{reference}` points to nothing", file.display()))?;
    follow(files, &target, &pointed, depth + 1)
}

/// `%XX` escapes of a URI fragment decoded (JSON pointers escape `/` as `~1` on their own).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Methods in the crate in `dir`, by the heuristic for `tool` (see the module comment).
pub fn methods(tool: &str, dir: &Path) -> usize {
    let mut distinct = BTreeSet::new();
    for text in rust_sources(&dir.join("src")) {
        distinct.extend(text.lines().filter_map(|line| method_key(tool, line.trim_start())));
    }
    distinct.len()
}

/// What identifies the method `line` declares or documents, if it does.
fn method_key(tool: &str, line: &str) -> Option<String> {
    if tool != "ours" {
        let name = line.strip_prefix("pub async fn ")?.split(|c: char| !c.is_alphanumeric() && c != '_').next()?;
        return (!(tool == "oas3-gen" && name == "parse_response")).then(|| name.to_owned());
    }
    let operation = line.strip_prefix("/// `")?.strip_suffix('`')?;
    let (method, _) = operation.split_once(" /")?;
    METHODS.iter().any(|m| m.eq_ignore_ascii_case(method)).then(|| operation.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_item_refs_are_followed_across_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("items")).unwrap();
        let root = dir.path().join("root.yaml");
        std::fs::write(
            &root,
            "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n    post: {}\n    parameters: []\n  /b:\n    $ref: items/b.yaml\n  /c:\n    $ref: '#/components/x~1y'\ncomponents:\n  x/y:\n    delete: {}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("items/b.yaml"), "put: {}\nsummary: s\nhead: {}\n").unwrap();
        assert_eq!(document(&root).unwrap(), ("3.0.3".to_owned(), 5));
    }

    #[test]
    fn method_keys_name_one_operation() {
        assert_eq!(method_key("ours", "/// `POST /v1/things/{id}`").as_deref(), Some("POST /v1/things/{id}"));
        assert_eq!(method_key("ours", "/// `Some code` here"), None);
        assert_eq!(method_key("ours", "/// `FETCH /x`"), None);
        assert_eq!(method_key("ploidy", "pub async fn list<'a>(").as_deref(), Some("list"));
        assert_eq!(method_key("ploidy", "pub fn new("), None);
        assert_eq!(method_key("oas3-gen", "pub async fn parse_response_code(").as_deref(), Some("parse_response_code"));
        assert_eq!(method_key("oas3-gen", "pub async fn parse_response("), None);
    }

    #[test]
    fn a_function_written_once_per_tag_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/apis")).unwrap();
        let function = "pub async fn get_followed(configuration: &Configuration) {}\n";
        std::fs::write(dir.path().join("src/apis/artists_api.rs"), function).unwrap();
        std::fs::write(dir.path().join("src/apis/users_api.rs"), format!("{function}pub async fn other() {{}}\n"))
            .unwrap();
        assert_eq!(methods("openapi-generator-cli", dir.path()), 2);
    }
}
