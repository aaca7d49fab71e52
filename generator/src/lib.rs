//! Swagger 2.0 and OpenAPI 3.0/3.1 (and the WebSocket channels of AsyncAPI 2.x) → a typed async
//! Rust client crate.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] → [`bundle`] → [`normalize`] → [`merge`] → [`patch`] → [`parse`] → [`model`] → [`emit`].
//! [`generate`] runs it on documents already read; [`generate_paths`] reads files and folders
//! first; [`regen`] does what a project's `regen` command needs for its checked-in crates
//! ([`Target`]): the files, with the version and changelog its change of surface calls for,
//! the drift check, the atomic write ([`mod@write`]). [`change_report`] tells what a spec change
//! does to a crate's users. The `openapi-rust` binary (`src/bin/openapi-rust.rs`, [`cli`]) is these
//! functions behind a command line.
//! Every failure is an [`Error`] naming the file and the place in the spec; nothing panics.

/// `println!` that does not panic when stdout is closed (`openapi-rust check | head`): a reader
/// that stops early is no failure, and the exit code still tells.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub mod bundle;
pub mod check;
pub mod cli;
pub mod config;
pub mod conformance;
pub mod docs;
pub mod emit;
pub mod error;
pub mod load;
pub mod merge;
pub mod model;
pub mod naming;
pub mod normalize;
pub mod parse;
pub mod patch;
pub mod pointer;
pub mod regen;
pub mod release;
pub mod surface;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::Config;
pub use emit::{EmitOptions, TOOL};
pub use error::{Error, Result};
pub use regen::{Target, plan as regen_plan};

/// What a run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files: relative path → contents.
    pub files: BTreeMap<String, String>,
    /// Input files that held nothing to generate (prose pages), with why.
    pub skipped_files: Vec<(String, String)>,
    /// Operations left out, one diagnostic each.
    pub skipped_operations: Vec<Error>,
    /// What the crate does otherwise than the document asks, one diagnostic each.
    pub warnings: Vec<Error>,
    /// Operations generated (an operation with several kinds of body is one, its methods several).
    pub operations: usize,
    /// Every generated method: `(HTTP method, path template)` → `(group path, method name)`.
    pub methods: BTreeMap<(String, String), (Vec<String>, String)>,
    /// Types generated.
    pub types: usize,
    /// For the checked-in crates ([`regen::plan`]): the version and changelog decided from the
    /// change in the public surface.
    pub release: Option<release::Release>,
}

/// Runs the pipeline on documents already loaded.
pub fn generate(docs: Vec<load::Document>, config: &Config, options: EmitOptions) -> Result<Generated> {
    generate_with_examples(docs, config, options, &[])
}

/// Runs the pipeline, copying `examples` (`(file name, source)`) into the crate's `examples/`.
/// The documents were not read from files: a `$ref` to another file is an error.
pub fn generate_with_examples(
    docs: Vec<load::Document>,
    config: &Config,
    options: EmitOptions,
    examples: &[(String, String)],
) -> Result<Generated> {
    let mut bundled = Vec::new();
    for mut doc in docs {
        let sources = bundle::bundle(&mut doc, None)?.sources;
        bundled.push((doc, sources));
    }
    finish(build_model(bundled, config)?, &options, examples)
}

/// The pipeline after [`bundle`] up to the model: normalize, merge, parse, model.
pub(crate) fn build_model(docs: Vec<(load::Document, bundle::Sources)>, config: &Config) -> Result<model::Api> {
    let mut merged = normalize_and_merge(docs)?;
    patch::apply(&mut merged.tree, config)?;
    let api = parse::parse(merged.tree, &merged.origins)?;
    model::build(&api, config, &merged.origins)
}

/// Emits the model: the crate's files, its `SURFACE.txt` among them.
pub(crate) fn finish(model: model::Api, options: &EmitOptions, examples: &[(String, String)]) -> Result<Generated> {
    // The surface is described while the files are printed.
    let (files, surface) = std::thread::scope(|scope| {
        let surface = scope.spawn(|| surface::describe(&model).to_text());
        (emit::emit(&model, options, examples), surface.join())
    });
    let mut files = files?;
    // Describing has no panic of its own; should it panic, that is a bug to surface as it is.
    files.insert(surface::FILE.to_owned(), surface.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
    Ok(Generated {
        files,
        skipped_files: Vec::new(),
        skipped_operations: model.skipped.clone(),
        warnings: model.warnings.clone(),
        operations: model.groups.iter().flat_map(|g| &g.methods).filter(|m| m.variant_of.is_none()).count(),
        methods: model
            .groups
            .iter()
            .flat_map(|g| {
                g.methods
                    .iter()
                    .filter(|m| m.variant_of.is_none())
                    .map(|m| ((m.http_method.to_string(), m.path_template.clone()), (g.path.clone(), m.name.clone())))
            })
            .collect(),
        types: model.types.len(),
        release: None,
    })
}

/// Normalizes each bundled document and merges them; messages about a part a `$ref` brought
/// in name the file and place it was written at.
fn normalize_and_merge(mut docs: Vec<(load::Document, bundle::Sources)>) -> Result<merge::Merged> {
    // The output must not depend on the order inputs are named in: merge them by file name.
    docs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    let mut all_sources = Vec::new();
    let mut normalized = Vec::new();
    for (mut doc, sources) in docs {
        normalize::normalize(&mut doc).map_err(|e| sources.relocate(e))?;
        all_sources.push((doc.file.clone(), sources));
        normalized.push(doc);
    }
    let mut merged = merge::merge(normalized)?;
    for (file, sources) in all_sources {
        merged.origins.add_sources(&file, sources);
    }
    Ok(merged)
}

/// The public surface of the crate that spec files and folders make (a file named
/// `SURFACE.txt` is read as a surface already described).
pub fn surface_of_paths(paths: &[PathBuf], config: &Config) -> Result<surface::Surface> {
    if let [path] = paths
        && path.file_name().is_some_and(|n| n == surface::FILE)
    {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::file(&shown, format!("cannot read: {e}")))?;
        return surface::Surface::parse(&shown, &text);
    }
    let (docs, _) = load_documents(paths, None)?;
    Ok(surface::describe(&build_model(docs, config)?))
}

/// Reads spec files and folders (folders in sorted order), then runs the pipeline.
/// `root`, when given, is stripped from file names in messages.
pub fn generate_paths(
    paths: &[PathBuf],
    root: Option<&Path>,
    config: &Config,
    options: EmitOptions,
) -> Result<Generated> {
    generate_paths_with_examples(paths, root, config, options, &[])
}

fn generate_paths_with_examples(
    paths: &[PathBuf],
    root: Option<&Path>,
    config: &Config,
    options: EmitOptions,
    examples: &[(String, String)],
) -> Result<Generated> {
    let (docs, skipped) = load_documents(paths, root)?;
    let mut generated = finish(build_model(docs, config)?, &options, examples)?;
    generated.skipped_files = skipped;
    Ok(generated)
}

/// Input files that held nothing to generate: `(file, why)`.
type SkippedFiles = Vec<(String, String)>;

/// Reads spec files and folders and bundles each document with the files its `$ref`s name:
/// the documents, and the files skipped with why. `root`, when given, is stripped from file
/// names in messages.
pub(crate) fn load_documents(
    paths: &[PathBuf],
    root: Option<&Path>,
) -> Result<(Vec<(load::Document, bundle::Sources)>, SkippedFiles)> {
    let shown = |path: &Path| -> String {
        let relative = root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path);
        relative.display().to_string()
    };
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    for path in load::expand(paths)? {
        match load::load_file(&path).map_err(|mut e| {
            e.file = shown(&path);
            e
        })? {
            load::Loaded::Document(mut doc) => {
                doc.file = shown(&path);
                let sources = bundle::bundle(&mut doc, Some(&path))?.sources;
                docs.push((doc, sources));
            }
            load::Loaded::Skipped { reason, .. } => skipped.push((shown(&path), reason)),
        }
    }
    if docs.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| shown(p)).collect();
        return Err(Error::file(names.join(", "), "no OpenAPI document among the inputs")
            .with_hint("name `.yaml`, `.yml` or `.json` OpenAPI or AsyncAPI documents, or docs pages with an OpenAPI or AsyncAPI block"));
    }
    Ok((docs, skipped))
}

/// What changes for the users of the crate `old` makes when it is made from `new` instead: every
/// change in Rust terms, each breaking or compatible. A side is spec files and folders (merged,
/// as in [`generate_paths`]), or one `SURFACE.txt` of a generated crate.
pub fn change_report(old: &[PathBuf], new: &[PathBuf], config: &Config) -> Result<surface::Report> {
    let old = surface_of_paths(old, config)?;
    let new = surface_of_paths(new, config)?;
    Ok(surface::compare(&old, &new))
}

/// Reads spec files and folders and returns the model of the crate they make, with the
/// normalized, merged document it was built from (for [`conformance::program`]).
pub fn model_and_document(paths: &[PathBuf], config: &Config) -> Result<(model::Api, serde_json::Value)> {
    let (docs, _) = load_documents(paths, None)?;
    let mut merged = normalize_and_merge(docs)?;
    patch::apply(&mut merged.tree, config)?;
    let tree = merged.tree.clone();
    let api = parse::parse(merged.tree, &merged.origins)?;
    Ok((model::build(&api, config, &merged.origins)?, tree))
}

/// Reads spec files and folders and returns the normalized, merged document: plain OpenAPI
/// 3.0 that other tools (progenitor, openapi-generator, validators, mock servers) can read as
/// the generator does, before `generator.yaml`'s patches (the document as published). `http_only` drops what plain HTTP tools cannot take:
/// operations whose request body is `multipart/form-data`, and the `GET`s that open WebSocket
/// channels (`x-websocket`, from AsyncAPI documents).
pub fn normalized_document(paths: &[PathBuf], http_only: bool) -> Result<serde_json::Value> {
    let mut docs = Vec::new();
    for path in load::expand(paths)? {
        if let load::Loaded::Document(mut doc) = load::load_file(&path)? {
            let sources = bundle::bundle(&mut doc, Some(&path))?.sources;
            docs.push((doc, sources));
        }
    }
    let mut tree = normalize_and_merge(docs)?.tree;
    if http_only {
        if let Some(paths) = tree.get_mut("paths").and_then(serde_json::Value::as_object_mut) {
            for item in paths.values_mut() {
                if let Some(item) = item.as_object_mut() {
                    item.retain(|_, op| {
                        let multipart = op
                            .pointer("/requestBody/content")
                            .and_then(serde_json::Value::as_object)
                            .is_some_and(|content| content.keys().any(|ct| ct.starts_with("multipart/form-data")));
                        !multipart && op.get("x-websocket").is_none()
                    });
                }
            }
            paths.retain(|_, item| {
                item.as_object().is_some_and(|i| i.keys().any(|k| !k.starts_with("x-") && k != "parameters"))
            });
        }
    }
    Ok(tree)
}

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

/// The crate generated from one document's text (`spec.yaml`), with the default config: what
/// unit tests of a stage check its output on.
#[cfg(test)]
pub(crate) fn generated_from_text(spec: &str) -> Generated {
    let load::Loaded::Document(doc) = load::parse_text("spec.yaml", spec).expect("loads") else {
        panic!("not a document")
    };
    generate(vec![doc], &Config::for_crate("t"), EmitOptions::default()).expect("generates")
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
