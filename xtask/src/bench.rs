//! `cargo xtask bench`: whole-process figures, printed as markdown tables for BENCHMARKS.md.
//!
//! For each input, and for each other generator installed on the machine: generation wall
//! time and peak memory, the generated lines and bytes, and `cargo check` / `cargo build` of
//! the generated crate alone, from scratch, after its dependencies were built (warm cache, debug
//! profile). Generation and `cargo check` are the fastest of three runs, the tools taking turns
//! (see [`measure_in_turns`]), so that a moment of load on a shared machine does not decide a
//! ratio; `cargo build` runs once. Then generation
//! time per schema (to show it grows linearly) and `regen --check` of the repository.
//!
//! Figures are from one run on a shared machine: compare them as ratios within the run.

mod breadth;
mod features;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// Generation runs per tool and input; the fastest is reported.
const RUNS: usize = 3;

/// The label of the official document: the input the ElevenLabs config (with its patches) is
/// for, and the only OpenAPI 3.1 one.
const OFFICIAL: &str = "openapi-2026-08-22";

/// A generator other than ours, how to install it, and which inputs it takes.
struct Other {
    name: &'static str,
    install: &'static str,
    /// OpenAPI 3.1 documents (progenitor and openapi-generator read 3.0 only, so they get the
    /// normalized 132-operation input).
    reads_3_1: bool,
    /// The command writing crate `name` into `out` from `spec`.
    command: fn(spec: &Path, out: &Path, name: &str) -> Command,
}

const OTHERS: [Other; 4] = [
    Other {
        name: "oas3-gen",
        install: "cargo install oas3-gen@0.29.0",
        reads_3_1: true,
        command: |spec, out, _| {
            // The crate is named after its folder.
            let mut c = Command::new("oas3-gen");
            c.args(["generate", "client-mod", "--workspace", "--quiet", "--input"]).arg(spec).arg("--output").arg(out);
            c
        },
    },
    Other {
        name: "ploidy",
        install: "cargo install ploidy@0.15.0",
        reads_3_1: true,
        command: |spec, out, name| {
            let mut c = Command::new("ploidy");
            c.args(["generate", "rust", "--name", name, "--output"]).arg(out).arg(spec);
            c
        },
    },
    Other {
        name: "cargo-progenitor",
        install: "cargo install cargo-progenitor@0.15.1",
        reads_3_1: false,
        command: |spec, out, name| {
            let mut c = Command::new("cargo-progenitor");
            c.args(["progenitor", "--input"]).arg(spec).arg("--output").arg(out);
            c.args(["--name", name, "--version", "0.1.0"]);
            c
        },
    },
    Other {
        name: "openapi-generator-cli",
        install: "pip install openapi-generator-cli==7.26.0 (it carries the jar; the npm wrapper downloads it from Maven Central)",
        reads_3_1: false,
        command: |spec, out, name| {
            let mut c = Command::new("openapi-generator-cli");
            c.args(["generate", "--generator-name", "rust", "--skip-validate-spec", "--input-spec"]).arg(spec);
            // Without a version it takes one from the spec's `info.version`, and writes `.0.0`.
            c.arg("--output").arg(out).arg(format!("--additional-properties=packageName={name},packageVersion=0.1.0"));
            c
        },
    },
];

struct Input {
    label: &'static str,
    spec: PathBuf,
    /// Rust types the generator makes from it.
    types: usize,
    /// `components.schemas` and operations of the normalized document.
    schemas: usize,
    operations: usize,
    /// Plain OpenAPI 3.0 (the normalized export), which every tool reads.
    is_3_0: bool,
}

struct Measure {
    wall_s: f64,
    peak_mb: Option<f64>,
}

/// One generator on one input.
struct Row {
    input: &'static str,
    tool: String,
    outcome: Result<Generated, String>,
}

struct Generated {
    generate: Measure,
    lines: usize,
    bytes: usize,
    compiled: Result<(Measure, Measure), String>,
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("--breadth") => return breadth::run(root, &args[1..]),
        Some("--features") => return features::run(root),
        Some(other) => {
            return Err(format!("unexpected argument `{other}` to bench (only `--breadth …` or `--features`)"));
        }
        None => {}
    }
    let shared = root.join("../shared/specs");
    let work = root.join("target/bench");
    // Other tools' crates go outside the repository, which is a workspace they are not part of.
    let outside = std::env::temp_dir().join("xtask-bench");
    let _ = std::fs::remove_dir_all(&outside);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&outside).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());

    println!("building the generator (release)…");
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--release", "-p", "xtask"])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the release build failed".into());
    }
    let xtask = root.join("target/release/xtask");

    let mut inputs = vec![input("seed", root.join("generator/tests/fixtures/seed/spec"), false)?];
    if shared.is_dir() {
        let no_multipart = work.join("pages-no-multipart.json");
        let made = Command::new(&xtask)
            .arg("normalize")
            .arg("--spec")
            .arg(shared.join("elevenlabs-pages"))
            .arg("--out")
            .arg(&no_multipart)
            .arg("--http-only")
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if made.success() {
            inputs.push(input("pages without multipart", no_multipart, true)?);
        }
        inputs.push(input("pages", shared.join("elevenlabs-pages"), false)?);
        inputs.push(input(OFFICIAL, shared.join("elevenlabs-openapi/openapi-2026-08-22.json"), false)?);
    } else {
        println!("note: {} is absent: the seed only", shared.display());
    }

    let target = work.join("target");
    let official = root.join(xtask::CONFIG_PATH);
    let unpatched = config_without_patches(&official, &work)?;
    let installed: Vec<&Other> = OTHERS.iter().filter(|o| on_path(o.name)).collect();
    let mut rows = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let name = format!("bench_{i}");
        let ours = Tool {
            name: "ours".into(),
            out: work.join(format!("crate-{i}")),
            package: name.clone(),
            command: Box::new(|out: &Path| {
                let mut c = Command::new(&xtask);
                c.arg("generate").arg("--spec").arg(&input.spec).arg("--out").arg(out);
                // The config's patches name places in the official document only.
                let config = if input.label == OFFICIAL { &official } else { &unpatched };
                c.arg("--name").arg(&name).arg("--config").arg(config);
                c
            }),
        };
        let mut tools = vec![ours];
        // The seed is too small to compare on.
        if i > 0 {
            for other in &installed {
                if !(input.is_3_0 || (other.reads_3_1 && input.label == OFFICIAL)) {
                    continue;
                }
                let folder = format!("{}_{i}", other.name.replace('-', "_"));
                let spec = input.spec.clone();
                tools.push(Tool {
                    name: other.name.into(),
                    out: outside.join(&folder),
                    package: folder.clone(),
                    command: Box::new(move |out: &Path| (other.command)(&spec, out, &folder)),
                });
            }
        }
        println!("{}: {}…", input.label, tools.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "));
        for (tool, outcome) in tools.iter().zip(measure_in_turns(&cargo, &target, &tools)) {
            rows.push(Row { input: input.label, tool: tool.name.clone(), outcome });
        }
    }

    println!("\n| input | tool | generate | peak memory | lines | bytes | cargo check | check memory | cargo build |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for row in &rows {
        match &row.outcome {
            Ok(g) => {
                let (check, build) = match &g.compiled {
                    Ok((check, build)) => {
                        (format!("{:.1} s | {}", check.wall_s, mb(check.peak_mb)), format!("{:.1} s", build.wall_s))
                    }
                    Err(why) => (format!("does not compile: {why} | –"), "–".into()),
                };
                println!(
                    "| {} | {} | {:.2} s | {} | {} | {} | {check} | {build} |",
                    row.input,
                    row.tool,
                    g.generate.wall_s,
                    mb(g.generate.peak_mb),
                    g.lines,
                    g.bytes
                );
            }
            Err(why) => println!("| {} | {} | failed: {why} | | | | | | |", row.input, row.tool),
        }
    }

    println!("\nRatios (other ÷ ours, same input, this run):\n");
    println!("| input | tool | generate | cargo check | check memory |");
    println!("|---|---|---|---|---|");
    for row in rows.iter().filter(|r| r.tool != "ours") {
        let Some(Ok(ours)) = rows.iter().find(|r| r.tool == "ours" && r.input == row.input).map(|r| &r.outcome) else {
            continue;
        };
        let Ok(other) = &row.outcome else { continue };
        let compiled = match (&ours.compiled, &other.compiled) {
            (Ok((a, _)), Ok((b, _))) => format!(
                "{:.2}× | {}",
                b.wall_s / a.wall_s,
                match (a.peak_mb, b.peak_mb) {
                    (Some(a), Some(b)) => format!("{:.2}×", b / a),
                    _ => "n/a".into(),
                }
            ),
            _ => "– | –".into(),
        };
        println!(
            "| {} | {} | {:.2}× | {compiled} |",
            row.input,
            row.tool,
            other.generate.wall_s / ours.generate.wall_s
        );
    }

    println!("\nOurs per unit of input and output (generation time divided by each):\n");
    println!(
        "| input | schemas | operations | types made | lines | generate | µs per schema | µs per schema + operation | µs per type | µs per 1000 lines |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (input, row) in inputs.iter().zip(rows.iter().filter(|r| r.tool == "ours")) {
        if let Ok(g) = &row.outcome {
            let us = g.generate.wall_s * 1e6;
            let per = |n: usize| us / n.max(1) as f64;
            println!(
                "| {} | {} | {} | {} | {} | {:.2} s | {:.0} | {:.0} | {:.0} | {:.0} |",
                input.label,
                input.schemas,
                input.operations,
                input.types,
                g.lines,
                g.generate.wall_s,
                per(input.schemas),
                per(input.schemas + input.operations),
                per(input.types),
                us * 1000.0 / g.lines.max(1) as f64
            );
        }
    }

    println!(
        "\n`regen --check` of this repository (generated/ and the fixture crates), once built (fastest of {RUNS}):"
    );
    let release = fastest_of_runs(|| {
        let mut c = Command::new(&xtask);
        c.args(["regen", "--check", "--root"]).arg(root);
        measure(c)
    })?;
    let via_cargo = fastest_of_runs(|| {
        let mut c = Command::new(&cargo);
        c.args(["xtask", "regen", "--check"]).current_dir(root);
        measure(c)
    })?;
    println!("- release binary: {:.2} s", release.wall_s);
    println!("- `cargo xtask regen --check` (debug build, cargo's own start-up included): {:.2} s", via_cargo.wall_s);
    features::run(root)?;

    println!();
    for other in &OTHERS {
        if !on_path(other.name) {
            println!("{}: skipped, not installed ({})", other.name, other.install);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn input(label: &'static str, spec: PathBuf, is_3_0: bool) -> Result<Input, String> {
    let doc = generator::normalized_document(std::slice::from_ref(&spec), false).map_err(|e| e.to_string())?;
    let schemas = doc.pointer("/components/schemas").and_then(serde_json::Value::as_object).map_or(0, |m| m.len());
    let operations = doc.get("paths").and_then(serde_json::Value::as_object).map_or(0, |paths| {
        paths
            .values()
            .filter_map(serde_json::Value::as_object)
            .flat_map(|item| item.keys())
            .filter(|k| {
                matches!(k.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
            })
            .count()
    });
    let config = generator::Config::for_crate("bench");
    let generated =
        generator::generate_paths(std::slice::from_ref(&spec), None, &config, generator::EmitOptions::default())
            .map_err(|e| e.to_string())?;
    Ok(Input { label, spec, types: generated.types, schemas, operations, is_3_0 })
}

/// A generator as the bench runs it: where it writes, the package it makes, and how to run it.
struct Tool<'a> {
    name: String,
    out: PathBuf,
    /// The package name, unless the tool chooses its own (oas3-gen: the folder name, dashed).
    package: String,
    command: Box<dyn Fn(&Path) -> Command + 'a>,
}

/// Every tool on one input, taking turns: each generates once a round for [`RUNS`] rounds, then
/// each crate is checked once a round, then built. The machine is noisy, and its speed drifts
/// over minutes: measures taken side by side in time are what a ratio should compare (run one
/// tool three times and then the other, and a slow minute lands on one side only).
fn measure_in_turns(cargo: &str, target: &Path, tools: &[Tool<'_>]) -> Vec<Result<Generated, String>> {
    let mut generate: Vec<Result<Option<Measure>, String>> = tools.iter().map(|_| Ok(None)).collect();
    for _ in 0..RUNS {
        for (tool, best) in tools.iter().zip(&mut generate) {
            if let Ok(so_far) = best {
                let _ = std::fs::remove_dir_all(&tool.out);
                *best = measure((tool.command)(&tool.out)).map(|m| Some(faster(so_far.take(), m)));
            }
        }
    }
    // Warm each crate's dependencies (not timed); a crate that does not compile is reported.
    let mut compiled: Vec<Result<String, String>> = tools
        .iter()
        .zip(&generate)
        .map(|(tool, generated)| {
            generated.as_ref().map_err(Clone::clone)?;
            let package = package_name(&tool.out).unwrap_or_else(|| tool.package.clone());
            let warm = cargo_step(cargo, target, &tool.out, &["check"]).status().map_err(|e| e.to_string())?;
            if !warm.success() {
                return Err(first_error(cargo, target, &tool.out));
            }
            let _ = cargo_step(cargo, target, &tool.out, &["build"]).status();
            Ok(package)
        })
        .collect();
    let mut check: Vec<Option<Measure>> = tools.iter().map(|_| None).collect();
    for _ in 0..RUNS {
        for ((tool, package), best) in tools.iter().zip(&mut compiled).zip(&mut check) {
            let Ok(name) = package else { continue };
            let _ = cargo_step(cargo, target, &tool.out, &["clean", "-p", name]).status();
            match measure(cargo_step(cargo, target, &tool.out, &["check"])) {
                Ok(m) => *best = Some(faster(best.take(), m)),
                Err(why) => *package = Err(why),
            }
        }
    }
    let mut outcomes = Vec::new();
    for (((tool, generated), package), check) in tools.iter().zip(generate).zip(compiled).zip(check) {
        let outcome = generated.and_then(|g| g.ok_or_else(|| "no run".to_owned())).map(|generate| {
            let (lines, bytes) = count(&tool.out);
            let compiled = package.and_then(|name| {
                let check = check.ok_or("no check")?;
                let _ = cargo_step(cargo, target, &tool.out, &["clean", "-p", &name]).status();
                Ok((check, measure(cargo_step(cargo, target, &tool.out, &["build"]))?))
            });
            Generated { generate, lines, bytes, compiled }
        });
        outcomes.push(outcome);
    }
    outcomes
}

/// The faster of two measures, with the higher peak memory of them.
fn faster(best: Option<Measure>, measure: Measure) -> Measure {
    let Some(best) = best else { return measure };
    let peak_mb = max(best.peak_mb, measure.peak_mb);
    if best.wall_s <= measure.wall_s { Measure { peak_mb, ..best } } else { Measure { peak_mb, ..measure } }
}

/// `cargo <args> --quiet` in `dir`, into the bench's target directory, silent.
fn cargo_step(cargo: &str, target: &Path, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(cargo);
    c.args(args).arg("--quiet").current_dir(dir).env("CARGO_TARGET_DIR", target);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// A copy of the config in `work` without its `patches` (which name places in the official
/// document, so that any other input is refused) and its `examples` (paths beside it).
fn config_without_patches(config: &Path, work: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(config).map_err(|e| format!("{}: {e}", config.display()))?;
    let mut yaml: serde_yaml::Mapping =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", config.display()))?;
    // As `check-specs` gives the other ElevenLabs inputs the config (see `specs.rs`).
    yaml.remove("patches");
    yaml.remove("pagination");
    yaml.remove("examples");
    let copy = work.join("generator-unpatched.yaml");
    let text = serde_yaml::to_string(&yaml).map_err(|e| e.to_string())?;
    std::fs::write(&copy, text).map_err(|e| format!("{}: {e}", copy.display()))?;
    Ok(copy)
}

/// `[package] name` of the crate in `dir`.
fn package_name(dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let package = manifest.split("[package]").nth(1)?;
    let line = package.lines().find(|l| l.trim_start().starts_with("name"))?;
    Some(line.split_once('=')?.1.trim().trim_matches('"').to_owned())
}

/// The fastest of [`RUNS`] runs of `run`, with the highest peak memory of them.
fn fastest_of_runs(mut run: impl FnMut() -> Result<Measure, String>) -> Result<Measure, String> {
    let mut best: Option<Measure> = None;
    for _ in 0..RUNS {
        best = Some(faster(best, run()?));
    }
    best.ok_or_else(|| "no run".to_owned())
}

fn max(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// How many errors `cargo check` reports, and the first.
fn first_error(cargo: &str, target: &Path, dir: &Path) -> String {
    let output = Command::new(cargo)
        .args(["check", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output();
    let Ok(output) = output else { return "cargo did not run".into() };
    let text = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = text.lines().filter_map(|l| l.split_once(": error").map(|(_, rest)| rest)).collect();
    match errors.first() {
        Some(first) => {
            format!("{} errors, the first `error{}`", errors.len(), first.chars().take(80).collect::<String>())
        }
        None => {
            let line = text.lines().find(|l| l.starts_with("error")).unwrap_or("unknown failure");
            line.chars().take(120).collect()
        }
    }
}

fn on_path(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success())
}

fn mb(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0} MB"))
}

/// Wall time, and peak memory of the process tree when GNU time is there to say it.
fn measure(mut command: Command) -> Result<Measure, String> {
    let time = Path::new("/usr/bin/time");
    let report = std::env::temp_dir().join(format!("xtask-bench-{}.txt", std::process::id()));
    let started = Instant::now();
    let status = if time.exists() {
        let mut timed = Command::new(time);
        timed.arg("-f").arg("%M").arg("-o").arg(&report).arg(command.get_program()).args(command.get_args());
        if let Some(dir) = command.get_current_dir() {
            timed.current_dir(dir);
        }
        for (key, value) in command.get_envs() {
            if let Some(value) = value {
                timed.env(key, value);
            }
        }
        timed.stdout(Stdio::null()).stderr(Stdio::piped());
        timed.output().map(|o| (o.status, String::from_utf8_lossy(&o.stderr).into_owned()))
    } else {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
        command.output().map(|o| (o.status, String::from_utf8_lossy(&o.stderr).into_owned()))
    }
    .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    let wall_s = started.elapsed().as_secs_f64();
    if !status.0.success() {
        let last = status.1.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").to_owned();
        return Err(format!("{:?} failed: {}", command.get_program(), last.chars().take(160).collect::<String>()));
    }
    let peak_mb = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    let _ = std::fs::remove_file(&report);
    Ok(Measure { wall_s, peak_mb })
}

/// Lines and bytes of the Rust sources under `dir`.
fn count(dir: &Path) -> (usize, usize) {
    let texts = rust_sources(dir);
    (texts.iter().map(|text| text.lines().count()).sum(), texts.iter().map(String::len).sum())
}

/// The text of every `.rs` file under `dir`, build output (`target/`) left out.
fn rust_sources(dir: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                texts.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    texts
}
