//! `cargo xtask check-specs`: the real-world bar. Every input of three sets becomes a crate
//! that must build without a single warning:
//!
//! - `--elevenlabs`: the ElevenLabs inputs under `../shared/specs/` (no operation may be
//!   skipped, and docs pages and official documents must name each operation the same);
//! - `--fixtures`: the small specs in `generator/tests/fixtures/hygiene/`, each of which once
//!   gave a crate with a warning;
//! - `--public`: the public documents in `../shared/specs/public/` (see [`crate::public`]).
//!
//! With no set named, all three. Each crate gets `cargo clippy` with the compiler's and
//! clippy's warnings denied (so `cargo check -D warnings` too) and `cargo doc` with rustdoc's
//! warnings denied; `--public-light` only runs `cargo check` (warnings denied) on the large
//! public documents. The crates share one target folder, so their dependencies build once.
//! Every input is checked and reported, whatever failed before it; the exit code is 1 when
//! anything failed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{Config, EmitOptions};

use crate::public::{self, Depth};

/// ElevenLabs inputs: `(short name, path under ../shared/specs)`.
const ELEVENLABS: [(&str, &str); 5] = [
    ("pages", "elevenlabs-pages"),
    ("asyncapi", "elevenlabs-asyncapi"),
    ("openapi_2025_08_24", "elevenlabs-openapi/openapi-2025-08-24.json"),
    ("openapi_2026_03_17", "elevenlabs-openapi/openapi-2026-03-17.json"),
    ("openapi_2026_08_22", "elevenlabs-openapi/openapi-2026-08-22.json"),
];

/// The hygiene fixtures, relative to the repository root.
const FIXTURES: &str = "generator/tests/fixtures/hygiene";

/// What `check-specs` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only the input of this name.
    pub only: Option<String>,
    /// Generate only; build nothing.
    pub no_build: bool,
    /// The ElevenLabs inputs.
    pub elevenlabs: bool,
    /// The hygiene fixtures.
    pub fixtures: bool,
    /// The public documents.
    pub public: bool,
    /// Large public documents: `cargo check` only.
    pub public_light: bool,
}

/// Which set an input belongs to: what may be skipped and how deep it is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    ElevenLabs,
    Fixture,
    Public,
}

/// One input to generate and build.
struct Input {
    set: Set,
    name: String,
    paths: Vec<PathBuf>,
    config: Config,
}

struct Row {
    name: String,
    /// Operations in the document (`?` when it does not load).
    operations: Option<usize>,
    methods: usize,
    skipped: usize,
    types: usize,
    lines: usize,
    generate_ms: u128,
    build: &'static str,
    build_s: f64,
    /// Why the input failed, each reason: empty when it did not.
    failures: Vec<String>,
}

pub fn check_specs(root: &Path, options: &Options) -> Result<ExitCode, String> {
    let all = !options.elevenlabs && !options.fixtures && !options.public;
    let inputs = inputs(root, options, all)?;
    if inputs.is_empty() {
        return Err(format!("no input named `{}`", options.only.as_deref().unwrap_or_default()));
    }
    let work = root.join("target/spec-check");
    let mut rows = Vec::new();
    let mut generated_elevenlabs: Vec<(String, generator::Generated)> = Vec::new();
    let total = inputs.len();
    for (i, input) in inputs.into_iter().enumerate() {
        println!("[{}/{total}] {}: generating", i + 1, input.name);
        let (row, generated) = check_one(&input, &work, options);
        match row.failures.as_slice() {
            [] => println!("[{}/{total}] {}: ok", i + 1, input.name),
            why => println!("[{}/{total}] {}: FAILED: {}", i + 1, input.name, why.join("; ")),
        }
        if let (Set::ElevenLabs, Some(generated)) = (input.set, generated) {
            generated_elevenlabs.push((input.name.clone(), generated));
        }
        rows.push(row);
    }
    print_table(&rows);
    let mismatches = naming_mismatches(&generated_elevenlabs);
    let failed = rows.iter().filter(|r| !r.failures.is_empty()).count();
    println!("{failed} of {} inputs failed", rows.len());
    Ok(if failed > 0 || mismatches > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The inputs asked for, in a fixed order: ElevenLabs, fixtures, public documents.
fn inputs(root: &Path, options: &Options, all: bool) -> Result<Vec<Input>, String> {
    let shared = root.join("../shared/specs");
    let mut inputs = Vec::new();
    if all || options.elevenlabs {
        if !shared.is_dir() {
            return Err(format!(
                "{} not found: check-specs needs the shared specs beside the repository",
                shared.display()
            ));
        }
        let text = std::fs::read_to_string(root.join(xtask::CONFIG_PATH)).map_err(|e| e.to_string())?;
        let base = Config::from_yaml(xtask::CONFIG_PATH, &text).map_err(|e| e.to_string())?;
        for (name, path) in ELEVENLABS {
            let mut config = base.clone();
            config.krate.name = format!("elevenlabs_{name}");
            config.inputs.clear();
            // Patches and pagination overrides correct spec/'s document, not these.
            config.patches.clear();
            config.pagination.clear();
            inputs.push(Input { set: Set::ElevenLabs, name: name.to_owned(), paths: vec![shared.join(path)], config });
        }
    }
    if all || options.fixtures {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(FIXTURES))
            .map_err(|e| format!("{FIXTURES}: {e}"))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
            .collect();
        files.sort();
        for path in files {
            let stem = path.file_stem().map(|s| s.to_string_lossy().replace('-', "_")).unwrap_or_default();
            let name = format!("fixture_{stem}");
            inputs.push(Input { set: Set::Fixture, config: Config::for_crate(&name), name, paths: vec![path] });
        }
    }
    if all || options.public {
        let folder = shared.join("public");
        if !folder.is_dir() {
            return Err(format!(
                "{} not found: check-specs needs the shared specs beside the repository",
                folder.display()
            ));
        }
        for (name, path) in public::DOCUMENTS {
            let krate = format!("public_{name}");
            inputs.push(Input {
                set: Set::Public,
                name: (*name).to_owned(),
                paths: vec![folder.join(path)],
                config: Config::for_crate(&krate),
            });
        }
    }
    inputs.retain(|input| options.only.as_ref().is_none_or(|only| *only == input.name));
    Ok(inputs)
}

/// Generates and builds one input, printing as it goes; never stops early on a failure.
fn check_one(input: &Input, work: &Path, options: &Options) -> (Row, Option<generator::Generated>) {
    let mut row = Row {
        name: input.name.clone(),
        operations: public::count_operations(&input.paths),
        methods: 0,
        skipped: 0,
        types: 0,
        lines: 0,
        generate_ms: 0,
        build: "-",
        build_s: 0.0,
        failures: Vec::new(),
    };
    let started = Instant::now();
    let shown_root = input.paths[0].parent().map(Path::to_path_buf);
    let generated = generator::generate_paths(
        &input.paths,
        shown_root.as_deref(),
        &input.config,
        EmitOptions { standalone: true, ..EmitOptions::default() },
    );
    row.generate_ms = started.elapsed().as_millis();
    let generated = match generated {
        Ok(generated) => generated,
        Err(e) => {
            println!("    does not generate: {}", indented(&e));
            row.failures.push("does not generate".to_owned());
            return (row, None);
        }
    };
    row.methods = generated.operations;
    row.skipped = generated.skipped_operations.len();
    row.types = generated.types;
    row.lines = generated.files.values().map(|text| text.lines().count()).sum();
    let count = generator::surface::count;
    println!(
        "    {} in the document, {}, {} skipped, {}, {}, {} ms",
        row.operations.map_or_else(|| "? operations".to_owned(), |n| count(n, "operation")),
        count(row.methods, "method"),
        row.skipped,
        count(row.types, "type"),
        count(row.lines, "line"),
        row.generate_ms
    );
    let mut refused = 0;
    for skipped in &generated.skipped_operations {
        let allowed = input.set != Set::ElevenLabs && public::is_xml_only_body(skipped);
        refused += usize::from(!allowed);
        println!("    skipped{}: {}", if allowed { " (XML-only body, allowed)" } else { "" }, indented(skipped));
    }
    if refused > 0 {
        row.failures.push(format!("{refused} operation(s) skipped"));
    }
    let out = work.join(&input.name);
    if let Err(e) = generator::write::replace_dir(&out, &generated.files) {
        row.failures.push(format!("writing {}: {e}", out.display()));
        return (row, Some(generated));
    }
    let depth = match input.set {
        _ if options.no_build => Depth::None,
        Set::Public if options.public_light => public::light_depth(row.types),
        _ => Depth::Full,
    };
    let started = Instant::now();
    let built = match depth {
        Depth::None => Ok(()),
        Depth::Check => {
            row.build = "check";
            println!("    cargo check (warnings denied)");
            cargo(&out, work, &["check", "--quiet"])
        }
        Depth::Full => {
            row.build = "clippy+doc";
            println!("    cargo clippy and cargo doc (warnings denied)");
            cargo(&out, work, &["clippy", "--quiet", "--", "-D", "warnings"])
                .and_then(|()| cargo(&out, work, &["doc", "--quiet", "--no-deps"]))
        }
    };
    row.build_s = started.elapsed().as_secs_f64();
    if depth != Depth::None {
        println!("    built in {:.1} s", row.build_s);
    }
    if let Err(step) = built {
        row.failures.push(format!("{step} failed"));
    }
    (row, Some(generated))
}

/// A diagnostic with its hint lines indented under the input's progress line.
fn indented(error: &generator::Error) -> String {
    error.to_string().replace('\n', "\n    ")
}

/// Runs cargo in the crate's folder with every warning denied; `Err` names the step.
fn cargo(crate_dir: &Path, work: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .status();
    match status {
        Ok(s) if s.success() => Ok(()),
        _ => Err(format!("cargo {}", args[0])),
    }
}

fn print_table(rows: &[Row]) {
    println!("\n| input | operations | methods | skipped | types | lines | generate | build | build time | result |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} ms | {} | {:.1} s | {} |",
            r.name,
            r.operations.map_or_else(|| "?".to_owned(), |n| n.to_string()),
            r.methods,
            r.skipped,
            r.types,
            r.lines,
            r.generate_ms,
            r.build,
            r.build_s,
            if r.failures.is_empty() { "ok".to_owned() } else { format!("FAILED: {}", r.failures.join("; ")) }
        );
    }
}

/// The same operation must get the same group and method name from a docs page and from
/// the official documents. Prints each difference; returns how many there are.
fn naming_mismatches(inputs: &[(String, generator::Generated)]) -> usize {
    let Some((_, pages)) = inputs.iter().find(|(name, _)| name == "pages") else { return 0 };
    let mut same = 0;
    let mut different = 0;
    for (key, page_name) in &pages.methods {
        // The newest capture that has the operation decides.
        let official = inputs.iter().rev().filter(|(name, _)| name != "pages").find_map(|(_, g)| g.methods.get(key));
        match official {
            Some(official) if official == page_name => same += 1,
            Some(official) => {
                different += 1;
                eprintln!(
                    "naming: {} {} is {}.{} from the pages but {}.{} from the official document",
                    key.0,
                    key.1,
                    page_name.0.join("."),
                    page_name.1,
                    official.0.join("."),
                    official.1
                );
            }
            None => {}
        }
    }
    println!(
        "naming: {same} operations named the same from the pages and the official documents, {different} differently"
    );
    different
}
