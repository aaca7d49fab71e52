//! `cargo xtask …`: the project's commands.
//!
//! - `regen`: spec/ → generated/, written atomically (on any error generated/ is untouched);
//! - `regen --check`: exit 1 with a unified diff when generated/ is stale;
//! - `generate`, `check`, `diff`, `normalize`: the generator's own commands ([`generator::cli`],
//!   also the `openapi-rust` binary), under this name;
//! - `check-specs`, `conformance`, `fuzz`, `bench`: this repository's chores.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::Error;

/// Generation allocates and frees millions of small strings and token trees; with glibc's
/// allocator that was a third of its instructions, and mimalloc cut its wall time by about a
/// fifth (0.45 s to 0.37 s on `openapi-2026-08-22.json`). It is built without transparent huge
/// pages (the `no_thp` feature): with them, some runs spent a third of their time in the kernel
/// zeroing 2 MB pages, and peak memory was 116 MB against 80 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod conformance;
mod fuzz;
mod help;
mod public;
mod specs;

/// The name the generator's commands are run as here.
pub(crate) const PROGRAM: &str = "cargo xtask";

pub(crate) const USAGE: &str = "usage:
  cargo xtask regen [--check] [--root DIR]   (bumps crate.version and CHANGELOG.md when the API changes)
  cargo xtask diff --old SPEC... --new SPEC... [--json] [--config FILE]   (exit 1 when something breaks)
  cargo xtask generate --spec PATH... --out DIR [--name CRATE] [--config FILE] [--command TEXT]
  cargo xtask check --spec PATH... --out DIR [--name CRATE] [--config FILE] [--command TEXT]
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
        Some(name @ ("generate" | "check" | "normalize" | "diff")) => {
            match generator::cli::command(PROGRAM, name, &args[1..]).unwrap_or_else(|| Err(name.to_owned())) {
                Ok(code) => Ok(ExitCode::from(code)),
                // `diff` tells an unreadable spec (2) from a breaking change (1), as CI gates need.
                Err(message) if name == "diff" => {
                    eprintln!("error: {message}");
                    Ok(ExitCode::from(2))
                }
                Err(message) => Err(message),
            }
        }
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

/// `regen` and `regen --check`, for every checked-in crate ([`xtask::TARGETS`]).
pub fn regen(root: &Path, check: bool) -> Result<ExitCode, String> {
    // Generate everything first: an error anywhere leaves every folder untouched.
    let mut plans = Vec::new();
    for target in &xtask::TARGETS {
        let generated = generator::regen::plan(root, target).map_err(|e| fail(&e))?;
        generator::regen::report_skipped(&generated);
        plans.push((target, generated));
    }
    if check {
        let mut stale = false;
        for (target, generated) in &plans {
            stale |= !generator::regen::check(root, target, generated).map_err(|e| e.to_string())?;
        }
        if stale {
            eprintln!("  fix: run `{}` and commit the result", xtask::REGEN);
            return Ok(ExitCode::FAILURE);
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (target, generated) in &plans {
        generator::regen::write(root, target, generated).map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn fail(error: &Error) -> String {
    format!("{error}\nnothing was written")
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
