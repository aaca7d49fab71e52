//! `cargo xtask …`: the project's commands.
//!
//! - `regen`: spec/ → generated/, written atomically (on any error generated/ is untouched);
//! - `regen --check`: exit 1 with a unified diff when generated/ is stale;
//! - `generate --spec PATH… --out DIR [--name CRATE] [--config FILE]`: any spec → a standalone crate;
//! - `diff --old SPEC… --new SPEC… [--json]`: what a spec change does to the crate's users.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::{Config, EmitOptions, Error, Generated};

/// Generation allocates and frees millions of small strings and token trees; with glibc's
/// allocator that was a third of its instructions, and mimalloc cut its wall time by about a
/// fifth (0.45 s to 0.37 s on `openapi-2026-08-22.json`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod changes;
mod conformance;
mod fuzz;
mod help;
mod public;
mod specs;
mod write;

pub(crate) const USAGE: &str = "usage:
  cargo xtask regen [--check] [--root DIR]   (bumps crate.version and CHANGELOG.md when the API changes)
  cargo xtask diff --old SPEC... --new SPEC... [--json] [--config FILE]   (exit 1 when something breaks)
  cargo xtask generate --spec PATH... --out DIR [--name CRATE] [--config FILE]
  cargo xtask check-specs [--elevenlabs] [--fixtures] [--public | --public-light] [--only NAME] [--no-build]
                   (needs ../shared/specs; no set named: all three)
  cargo xtask normalize --spec PATH... --out FILE.json [--http-only]
  cargo xtask conformance [--spec PATH... [--crate DIR]] [--rounds N]
                   (every method against Prism; needs `npm ci --prefix conformance`)
  cargo xtask fuzz [--seconds N]   (needs cargo-fuzz)
  cargo xtask bench                (release build; figures for BENCHMARKS.md)
  cargo xtask bench --breadth [--tools ours,oas3-gen,…] [--only DOC] [--normalized] [--timeout SECONDS]
                                   (each public document through each tool: BENCHMARKS.md \"Breadth\")";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    if let Some(name) = args.first()
        && help::asked(&args[1..])
    {
        let text = help::command(name).ok_or_else(|| format!("unknown command `{name}`\n\n{}", help::overview()))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    match args.first().map(String::as_str) {
        Some("regen") => {
            let mut check = false;
            let mut root = repo_root();
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--check" => check = true,
                    // Another checkout of this repository (tests use a temporary copy).
                    "--root" => root = PathBuf::from(rest.next().ok_or("--root needs a folder")?),
                    other => {
                        return Err(format!("unexpected argument `{other}` to regen\n{USAGE}"));
                    }
                }
            }
            regen(&root, check)
        }
        Some("generate") => generate(&args[1..]),
        Some("normalize") => normalize(&args[1..]),
        Some("diff") => changes::diff(&args[1..]),
        Some("conformance") => conformance::run(&repo_root(), &args[1..]),
        Some("bench") => bench::run(&repo_root(), &args[1..]),
        Some("fuzz") => {
            let seconds = match &args[1..] {
                [] => 60,
                [flag, n] if flag == "--seconds" => {
                    n.parse().map_err(|_| format!("--seconds takes a number\n{USAGE}"))?
                }
                _ => return Err(format!("unexpected arguments to fuzz\n{USAGE}")),
            };
            fuzz::run(&repo_root(), seconds)
        }
        Some("check-specs") => {
            let mut options = specs::Options::default();
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--only" => options.only = rest.next().cloned(),
                    "--no-build" => options.no_build = true,
                    "--elevenlabs" => options.elevenlabs = true,
                    "--fixtures" => options.fixtures = true,
                    "--public" => options.public = true,
                    "--public-light" => {
                        options.public = true;
                        options.public_light = true;
                    }
                    other => return Err(format!("unexpected argument `{other}` to check-specs\n{USAGE}")),
                }
            }
            specs::check_specs(&repo_root(), &options)
        }
        Some("-h" | "--help") | None => {
            println!("{}", help::overview());
            Ok(ExitCode::SUCCESS)
        }
        Some("help") => match args.get(1) {
            None => {
                println!("{}", help::overview());
                Ok(ExitCode::SUCCESS)
            }
            Some(name) => {
                let text =
                    help::command(name).ok_or_else(|| format!("unknown command `{name}`\n\n{}", help::overview()))?;
                println!("{text}");
                Ok(ExitCode::SUCCESS)
            }
        },
        Some(other) => Err(format!("unknown command `{other}`\n\n{}", help::overview())),
    }
}

/// The repository root: the parent of this crate's folder.
fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn report(generated: &Generated) {
    for (file, reason) in &generated.skipped_files {
        eprintln!("note: skipped {file}: {reason}");
    }
    for skipped in &generated.skipped_operations {
        eprintln!("warning: {skipped}");
    }
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if !generated.skipped_operations.is_empty() {
        eprintln!("warning: {} operation(s) skipped", generated.skipped_operations.len());
    }
}

fn fail(error: &Error) -> String {
    format!("{error}\nnothing was written")
}

/// `regen` and `regen --check`, for every checked-in crate ([`xtask::TARGETS`]).
pub fn regen(root: &Path, check: bool) -> Result<ExitCode, String> {
    // Generate everything first: an error anywhere leaves every folder untouched.
    let mut plans = Vec::new();
    for target in &xtask::TARGETS {
        let generated = generator::regen_plan(root, target).map_err(|e| fail(&e))?;
        report(&generated);
        plans.push((target, generated));
    }
    if check {
        let mut stale = false;
        for (target, generated) in &plans {
            stale |= !changes::check(root, target, generated)?;
        }
        if stale {
            eprintln!("  fix: run `cargo xtask regen` and commit the result");
            return Ok(ExitCode::FAILURE);
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (target, generated) in &plans {
        changes::write(root, target, generated)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(args: &[String]) -> Result<ExitCode, String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut name = None;
    let mut config_path = None;
    let mut i = 0;
    while i < args.len() {
        let value = |i: usize| args.get(i + 1).cloned().ok_or_else(|| format!("{} needs a value\n{USAGE}", args[i]));
        match args[i].as_str() {
            "--spec" => {
                specs.push(PathBuf::from(value(i)?));
                i += 2;
                while i < args.len() && !args[i].starts_with("--") {
                    specs.push(PathBuf::from(&args[i]));
                    i += 1;
                }
            }
            "--out" => {
                out = Some(PathBuf::from(value(i)?));
                i += 2;
            }
            "--name" => {
                name = Some(value(i)?);
                i += 2;
            }
            "--config" => {
                config_path = Some(PathBuf::from(value(i)?));
                i += 2;
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if specs.is_empty() {
        return Err(format!("--spec is required\n{USAGE}"));
    }
    let mut config = match &config_path {
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            Config::from_yaml(&shown, &text).map_err(|e| fail(&e))?
        }
        None => {
            let fallback = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
            Config::for_crate(&sanitize_crate_name(&fallback))
        }
    };
    if let Some(name) = name {
        config.krate.name = name;
        config.validate("--name").map_err(|e| fail(&e))?;
    }
    let options = EmitOptions { standalone: true };
    let generated = generator::generate_paths(&specs, None, &config, options).map_err(|e| fail(&e))?;
    report(&generated);
    write::replace_dir(&out, &generated.files).map_err(|e| format!("writing {}: {e}", out.display()))?;
    let count = generator::surface::count;
    println!(
        "{}: {}, {}, {}, {} skipped",
        out.display(),
        count(generated.files.len(), "file"),
        count(generated.operations, "operation"),
        count(generated.types, "type"),
        count(generated.skipped_operations.len(), "operation"),
    );
    Ok(ExitCode::SUCCESS)
}

/// The values of a flag that takes several (`--spec A B …`): the arguments after `args[*i]` up
/// to the next `--flag`, at which `*i` is left.
fn flag_values(args: &[String], i: &mut usize) -> Vec<PathBuf> {
    *i += 1;
    let first = *i;
    while *i < args.len() && !args[*i].starts_with("--") {
        *i += 1;
    }
    args[first..*i].iter().map(PathBuf::from).collect()
}

/// `normalize`: the merged, normalized document as plain OpenAPI 3.0 JSON.
fn normalize(args: &[String]) -> Result<ExitCode, String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut http_only = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--spec" => specs.extend(flag_values(args, &mut i)),
            "--out" => {
                out = args.get(i + 1).map(PathBuf::from);
                i += 2;
            }
            "--http-only" => {
                http_only = true;
                i += 1;
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if specs.is_empty() {
        return Err(format!("--spec is required\n{USAGE}"));
    }
    let mut tree = generator::normalized_document(&specs, http_only).map_err(|e| fail(&e))?;
    xtask::unique_operation_ids(&mut tree);
    let text = serde_json::to_string_pretty(&tree).map_err(|e| e.to_string())?;
    std::fs::write(&out, text + "\n").map_err(|e| format!("{}: {e}", out.display()))?;
    let operations = tree.get("paths").and_then(serde_json::Value::as_object).map_or(0, |p| {
        p.values()
            .filter_map(serde_json::Value::as_object)
            .map(|i| i.keys().filter(|k| is_method(k)).count())
            .sum::<usize>()
    });
    let schemas = tree.pointer("/components/schemas").and_then(serde_json::Value::as_object).map_or(0, |s| s.len());
    println!("{}: {operations} operations, {schemas} schemas", out.display());
    Ok(ExitCode::SUCCESS)
}

fn is_method(key: &str) -> bool {
    matches!(key, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
}

fn sanitize_crate_name(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) { cleaned } else { format!("api_{cleaned}") }
}
