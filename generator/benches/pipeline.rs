//! Each pipeline stage, and the whole pipeline, on three inputs of growing size, beside a
//! baseline of only parsing the same bytes with serde_json / serde_yaml, so every figure reads
//! as a multiple of "just parsing it".
//!
//! `cargo bench -p generator --bench pipeline`. The large inputs come from `../shared/specs`
//! and are skipped, with a note, when it is absent.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use generator::load::{Document, Loaded};
use generator::{Config, EmitOptions};

struct Input {
    name: &'static str,
    /// `(file name, text)` of every file.
    files: Vec<(String, String)>,
}

fn read_inputs() -> Vec<Input> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new(".")).to_path_buf();
    let shared = root.join("../shared/specs");
    let mut inputs = vec![Input { name: "seed", files: read(&[root.join("generator/tests/fixtures/seed/spec")]) }];
    if shared.is_dir() {
        inputs.push(Input { name: "pages", files: read(&[shared.join("elevenlabs-pages")]) });
        inputs.push(Input {
            name: "openapi-2026-08-22",
            files: read(&[shared.join("elevenlabs-openapi/openapi-2026-08-22.json")]),
        });
    } else {
        eprintln!("note: {} is absent: benchmarking the seed only", shared.display());
    }
    inputs
}

fn read(paths: &[PathBuf]) -> Vec<(String, String)> {
    let files = generator::load::expand(paths).unwrap_or_default();
    files.iter().filter_map(|path| Some((path.display().to_string(), std::fs::read_to_string(path).ok()?))).collect()
}

fn load(files: &[(String, String)]) -> Vec<Document> {
    files
        .iter()
        .filter_map(|(name, text)| match generator::load::parse_text(name, text) {
            Ok(Loaded::Document(doc)) => Some(doc),
            _ => None,
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let config = Config::for_crate("bench");
    for input in read_inputs() {
        let mut group = c.benchmark_group(input.name);
        group.sample_size(10);
        group.bench_function("baseline: parse only", |b| {
            b.iter(|| {
                for (name, text) in &input.files {
                    if name.ends_with(".json") {
                        black_box(serde_json::from_str::<serde_json::Value>(text).ok());
                    } else {
                        black_box(serde_yaml::from_str::<serde_yaml::Value>(text).ok());
                    }
                }
            })
        });
        group.bench_function("load", |b| b.iter(|| black_box(load(&input.files))));
        let loaded = load(&input.files);
        group.bench_function("bundle", |b| {
            b.iter_batched(
                || loaded.clone(),
                |mut docs| {
                    for doc in &mut docs {
                        let _ = generator::bundle::bundle(doc, None);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function("normalize", |b| {
            b.iter_batched(
                || loaded.clone(),
                |mut docs| {
                    for doc in &mut docs {
                        let _ = generator::normalize::normalize(doc);
                    }
                    docs
                },
                BatchSize::LargeInput,
            )
        });
        let mut normalized = loaded.clone();
        for doc in &mut normalized {
            let _ = generator::normalize::normalize(doc);
        }
        group.bench_function("merge", |b| {
            b.iter_batched(|| normalized.clone(), generator::merge::merge, BatchSize::LargeInput)
        });
        let Ok(merged) = generator::merge::merge(normalized.clone()) else { continue };
        group.bench_function("parse", |b| {
            b.iter_batched(
                || merged.tree.clone(),
                |tree| generator::parse::parse(tree, &merged.origins),
                BatchSize::LargeInput,
            )
        });
        let Ok(api) = generator::parse::parse(merged.tree.clone(), &merged.origins) else { continue };
        group
            .bench_function("model", |b| b.iter(|| black_box(generator::model::build(&api, &config, &merged.origins))));
        let Ok(model) = generator::model::build(&api, &config, &merged.origins) else { continue };
        group.bench_function("emit + format", |b| {
            b.iter(|| black_box(generator::emit::emit(&model, &EmitOptions::default(), &[])))
        });
        group.bench_function("whole pipeline", |b| {
            b.iter(|| black_box(generator::generate(load(&input.files), &config, EmitOptions::default())))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
