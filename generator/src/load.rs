//! Stage 1, load: files and folders in, untyped documents out.
//!
//! Accepts OpenAPI documents (`.yaml`, `.yml`, `.json`) and API-reference pages (`.md`: the
//! fenced `yaml` block under `## OpenAPI Specification` or `## AsyncAPI Specification`).
//! AsyncAPI 2.x documents, plain or from a page, become OpenAPI documents here
//! ([`asyncapi`]: a WebSocket channel is the `GET` that opens it). Swagger 2.0 documents are
//! read too; [`swagger2`] turns them into OpenAPI 3.0 (the bundle calls it, so that it knows
//! where each moved part was written). Both formats become one tree type,
//! `serde_json::Value`: JSON is parsed with serde_json (fast on multi-MB files), YAML with
//! serde_yaml, whose non-string keys (`200:`) arrive as strings. A number too large for its
//! type never fails the load: an integer beyond `u64` becomes an `f64`, a JSON float beyond
//! `f64` (`1e400`) the largest finite `f64` of its sign (rule and reasons in `load/numbers.rs`).
//! Files that another document's `$ref` names are read with [`read_fragment`] (any YAML or
//! JSON value, not only documents).

pub mod asyncapi;
mod numbers;
pub mod swagger2;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// One input document: where it came from and its tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file name as shown in messages.
    pub file: String,
    /// The parsed document.
    pub tree: Value,
}

/// What reading one file gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    /// An API description.
    Document(Document),
    /// A page with no OpenAPI or AsyncAPI block (prose): skipped, with the reason.
    Skipped {
        /// The file.
        file: String,
        /// Why it holds nothing to generate.
        reason: String,
    },
}

const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "md"];

/// Expands `paths` (files or folders) into the spec files they hold, folders in sorted order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Error::file(&shown, format!("cannot read: {e}")))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            collect_dir(path, &mut found)?;
            if found.is_empty() {
                return Err(Error::file(shown, "the folder holds no spec files")
                    .with_hint("add `.yaml`, `.yml`, `.json` or `.md` files, or name the files themselves"));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::file(&shown, format!("cannot read folder: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::file(&shown, format!("cannot read folder: {e}")))?;
        paths.push(entry.path());
    }
    // The order the file system lists entries in is not stable across machines: sort.
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if has_spec_extension(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_spec_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads and parses one file.
pub fn load_file(path: &Path) -> Result<Loaded> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    parse_text(&shown, &text)
}

/// The tree of one file as written (`None`: a page without a specification block).
fn parse_tree(file: &str, text: &str) -> Result<Option<Value>> {
    let ext = Path::new(file).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    Ok(Some(match ext.as_str() {
        "json" => parse_json(file, text)?,
        "md" => match page_yaml_block(text) {
            Some((yaml, first_line)) => parse_yaml(file, yaml, first_line)?,
            None => return Ok(None),
        },
        _ => parse_yaml(file, text, 0)?,
    }))
}

/// Reads a file as UTF-8 text; errors name it `shown`.
fn read_text(path: &Path, shown: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::file(shown, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::file(shown, format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    })
}

/// Reads and parses a file that a `$ref` names: any value (a schema, a path item, a map of
/// them), JSON when the name ends in `.json`, YAML otherwise. Errors name it `shown`.
pub fn read_fragment(path: &Path, shown: &str) -> Result<Value> {
    let text = read_text(path, shown)?;
    let is_json = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json { parse_json(shown, &text) } else { parse_yaml(shown, &text, 0) }
}

/// Whether the file at `path` is an AsyncAPI document, or a docs page holding one.
pub fn is_asyncapi_file(path: &Path) -> Result<bool> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    Ok(parse_tree(&shown, &text)?.is_some_and(|tree| asyncapi::is_asyncapi(&tree)))
}

/// Parses the text of one file; the extension of `file` picks the format.
pub fn parse_text(file: &str, text: &str) -> Result<Loaded> {
    let Some(tree) = parse_tree(file, text)? else {
        return Ok(Loaded::Skipped {
            file: file.to_owned(),
            reason: "a page without an `## OpenAPI Specification` or `## AsyncAPI Specification` yaml block".to_owned(),
        });
    };
    let tree = if asyncapi::is_asyncapi(&tree) { asyncapi::to_openapi(file, &tree)? } else { tree };
    check_is_openapi(file, &tree)?;
    Ok(Loaded::Document(Document { file: file.to_owned(), tree }))
}

fn parse_json(file: &str, text: &str) -> Result<Value> {
    let error =
        |e: serde_json::Error| Error::file(file, format!("invalid JSON: {e}")).with_line_col(e.line(), e.column());
    match serde_json::from_str(text) {
        Ok(tree) => Ok(tree),
        // serde_json refuses a number beyond f64 while parsing: clamp such numbers, parse again.
        Err(e) if e.to_string().starts_with("number out of range") => match numbers::clamp_json_overflows(text) {
            Some(clamped) => serde_json::from_str(&clamped).map_err(error),
            None => Err(error(e)),
        },
        Err(e) => Err(error(e)),
    }
}

/// `line_offset`: lines before the YAML text in its file (a docs page's prose).
fn parse_yaml(file: &str, text: &str, line_offset: usize) -> Result<Value> {
    serde_yaml::from_str::<numbers::Tree>(text).map(|tree| tree.0).map_err(|e| {
        let err = Error::file(file, format!("invalid YAML: {e}"));
        match e.location() {
            Some(loc) => err.with_line_col(loc.line() + line_offset, loc.column()),
            None => err,
        }
    })
}

fn check_is_openapi(file: &str, tree: &Value) -> Result<()> {
    let Some(map) = tree.as_object() else {
        return Err(Error::at(file, "#", "not an OpenAPI document: the top level is not a mapping"));
    };
    // A Swagger 2.0 document is converted by the bundle, before it follows `$ref`s.
    if map.contains_key("swagger") {
        return Ok(());
    }
    if !map.contains_key("openapi") {
        return Err(Error::at(file, "#", "not an OpenAPI document: no `openapi` version field")
            .with_hint("the generator reads Swagger 2.0, OpenAPI 3.0/3.1 and AsyncAPI 2.x documents and API-reference pages with either block; for a document split over files, name only its root file (the others are read through its `$ref`s)"));
    }
    Ok(())
}

/// Finds the fenced `yaml` block that follows the `## OpenAPI Specification` (or `## AsyncAPI
/// Specification`) heading: the YAML text and the number of lines before it.
fn page_yaml_block(text: &str) -> Option<(&str, usize)> {
    let mut lines = text.split_inclusive('\n').enumerate();
    let mut offset = 0;
    let mut heading = false;
    for (index, line) in lines.by_ref() {
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed == "## OpenAPI Specification" || trimmed == "## AsyncAPI Specification" {
            heading = true;
        } else if heading && (trimmed == "```yaml" || trimmed == "```yml") {
            let start = offset;
            let mut end = start;
            for (_, line) in lines.by_ref() {
                if line.trim_end() == "```" {
                    return Some((&text[start..end], index + 1));
                }
                end += line.len();
            }
            // An unclosed fence runs to the end of the page.
            return Some((&text[start..], index + 1));
        } else if heading && trimmed.starts_with("## ") {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn yaml_keys_that_look_like_numbers_become_strings() -> TestResult {
        let Loaded::Document(doc) = parse_text("a.yaml", "openapi: 3.0.3\nresponses:\n  200: {description: ok}\n")?
        else {
            return Err("expected a document".into());
        };
        assert_eq!(doc.tree["responses"]["200"], json!({"description": "ok"}));
        Ok(())
    }

    #[test]
    fn a_page_gives_its_yaml_block() -> TestResult {
        let page = "# Title\n\nPOST x\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.1\ninfo: {title: t, version: v}\n```\n\n## SDK Code Examples\n\n```yaml\nnot: this\n```\n";
        let Loaded::Document(doc) = parse_text("p.md", page)? else { return Err("expected a document".into()) };
        assert_eq!(doc.tree["openapi"], json!("3.1.1"));
        assert!(doc.tree.get("not").is_none());
        Ok(())
    }

    #[test]
    fn prose_pages_are_skipped_and_asyncapi_pages_read() -> TestResult {
        assert!(matches!(parse_text("p.md", "# Intro\n\nHello\n")?, Loaded::Skipped { .. }));
        let page = "# WS\n\n## AsyncAPI Specification\n\n```yaml\nasyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  /chat:\n    publish:\n      message: {payload: {type: object}}\n```\n";
        let Loaded::Document(doc) = parse_text("p.md", page)? else { return Err("expected a document".into()) };
        assert_eq!(doc.tree["openapi"], json!("3.1.0"));
        assert!(doc.tree.pointer("/paths/~1chat/get/x-websocket/client/0").is_some());
        let err = parse_text("a.yaml", "asyncapi: 3.0.0\n").unwrap_err();
        assert_eq!(err.pointer, "#/asyncapi");
        Ok(())
    }

    #[test]
    fn yaml_errors_carry_the_line_in_the_page() {
        let page = "# T\n\n## OpenAPI Specification\n\n```yaml\nopenapi: 3.1.1\npaths: [\n```\n";
        let err = parse_text("p.md", page).unwrap_err();
        assert_eq!(err.file, "p.md");
        let line = err.line_col.map(|(line, _)| line);
        assert!(line >= Some(7), "line {line:?} should point into the page, past the prose");
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        let err = parse_text("a.json", "{\n  \"openapi\": 3.0,\n  x\n}").unwrap_err();
        assert_eq!(err.line_col, Some((3, 3)));
        assert!(err.message.starts_with("invalid JSON"));
    }

    #[test]
    fn numbers_that_do_not_fit_never_fail_the_load() -> TestResult {
        let yaml = "openapi: 3.0.0\nx: {max: 18446744073709552000, min: -9223372036854776000, big: 1e400}\n";
        let Loaded::Document(doc) = parse_text("a.yaml", yaml)? else { return Err("expected a document".into()) };
        assert_eq!(doc.tree["x"]["max"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(doc.tree["x"]["min"].as_f64(), Some(-9_223_372_036_854_776_000.0));
        assert_eq!(doc.tree["x"]["big"], json!("1e400"));
        let json = r#"{"openapi": "3.0.0", "x": {"max": 18446744073709552000, "big": -1e400, "s": "1e400"}}"#;
        let Loaded::Document(doc) = parse_text("a.json", json)? else { return Err("expected a document".into()) };
        assert_eq!(doc.tree["x"]["max"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(doc.tree["x"]["big"], json!(f64::MIN));
        assert_eq!(doc.tree["x"]["s"], json!("1e400"));
        // Other JSON errors are still errors, with their place.
        let err = parse_text("a.json", "{\"openapi\": 1e400,\n x}").unwrap_err();
        assert!(err.message.starts_with("invalid JSON"), "{err}");
        Ok(())
    }

    #[test]
    fn other_documents_are_refused() {
        let err = parse_text("a.yaml", "just: data\n").unwrap_err();
        assert!(err.message.contains("not an OpenAPI document"));
        let err = parse_text("a.yaml", "- a list\n").unwrap_err();
        assert!(err.message.contains("not a mapping"));
    }
}
