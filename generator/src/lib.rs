//! OpenAPI 3.0/3.1 (and the WebSocket channels of AsyncAPI 2.x) → a typed async Rust client crate.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] → [`bundle`] → [`normalize`] → [`merge`] → [`patch`] → [`parse`] → [`model`] → [`emit`].
//! [`generate`] runs it on documents already read; [`generate_paths`] reads files and folders
//! first; [`regen_plan`] does what a `regen` command needs for a checked-in crate ([`Target`]):
//! the files, with the version and changelog its change of surface calls for.
//! Every failure is an [`Error`] naming the file and the place in the spec; nothing panics.

pub mod bundle;
pub mod check;
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
pub mod release;
pub mod surface;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::Config;
pub use emit::EmitOptions;
pub use error::{Error, Result};

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
    /// For the checked-in crates ([`regen_plan`]): the version and changelog decided from the
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
    finish(build_model(bundled, config)?, options, examples)
}

/// The pipeline after [`bundle`] up to the model: normalize, merge, parse, model.
fn build_model(docs: Vec<(load::Document, bundle::Sources)>, config: &Config) -> Result<model::Api> {
    let mut merged = normalize_and_merge(docs)?;
    patch::apply(&mut merged.tree, config)?;
    let api = parse::parse(merged.tree, &merged.origins)?;
    model::build(&api, config, &merged.origins)
}

/// Emits the model: the crate's files, its `SURFACE.txt` among them.
fn finish(model: model::Api, options: EmitOptions, examples: &[(String, String)]) -> Result<Generated> {
    let mut files = emit::emit(&model, options, examples)?;
    files.insert(surface::FILE.to_owned(), surface::describe(&model).to_text());
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
    let mut generated = finish(build_model(docs, config)?, options, examples)?;
    generated.skipped_files = skipped;
    Ok(generated)
}

/// Input files that held nothing to generate: `(file, why)`.
type SkippedFiles = Vec<(String, String)>;

/// Reads spec files and folders and bundles each document with the files its `$ref`s name:
/// the documents, and the files skipped with why. `root`, when given, is stripped from file
/// names in messages.
fn load_documents(
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

/// A crate generated and checked in: its config and its folder, relative to the repository
/// root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The generator config (inputs are relative to its folder).
    pub config: &'static str,
    /// The crate folder; every file in it is generator output.
    pub out: &'static str,
}

/// Generates a checked-in crate of the repository at `root` from its config and the inputs
/// the config lists (relative to the config's folder), with the version and `CHANGELOG.md`
/// the change of its public surface calls for ([`release::plan`]; nothing is written).
pub fn regen_plan(root: &Path, target: &Target) -> Result<Generated> {
    let config_path = root.join(target.config);
    let text = std::fs::read_to_string(&config_path)
        .map_err(|e| Error::file(target.config, format!("cannot read the generator config: {e}")))?;
    let config = Config::from_yaml(target.config, &text)?;
    if config.inputs.is_empty() {
        return Err(Error::at(target.config, "#/inputs", "no inputs listed")
            .with_hint("list the spec files or folders, relative to the config's folder"));
    }
    let spec_dir = config_path.parent().unwrap_or(root);
    let paths: Vec<PathBuf> = config.inputs.iter().map(|input| spec_dir.join(input)).collect();
    let mut examples = Vec::new();
    for (i, example) in config.examples.iter().enumerate() {
        let path = spec_dir.join(example);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::at(target.config, format!("#/examples/{i}"), format!("cannot read `{example}`: {e}"))
        })?;
        let name = Path::new(example).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        examples.push((name, text));
    }
    let (docs, skipped) = load_documents(&paths, Some(root))?;
    let mut model = build_model(docs, &config)?;
    let release =
        release::plan(target.config, &text, &config, &root.join(target.out), target.out, &surface::describe(&model))?;
    model.krate.version = release.version.clone();
    let mut generated = finish(model, EmitOptions::default(), &examples)?;
    generated.skipped_files = skipped;
    generated.files.insert(release::CHANGELOG.to_owned(), release.changelog.clone());
    generated.release = Some(release);
    Ok(generated)
}
