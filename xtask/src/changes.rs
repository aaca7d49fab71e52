//! What a spec change does to the crate's users: `cargo xtask diff`, and what `regen` says
//! and records (version, changelog) for each checked-in crate. The work is in
//! `generator::surface` and `generator::release`; this module reads arguments and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::surface::{self, Class, Report};
use generator::{Config, Generated, Target};

/// `cargo xtask diff --help`.
pub const DIFF_HELP: &str = "cargo xtask diff --old SPEC... --new SPEC... [--json] [--config FILE]

Compares the public API of the Rust crates two specs make and prints every change in Rust
terms (operations added, removed or renamed; arguments, fields and parameters added or
removed; optional <-> required; type changes; enum values and union arms), each classed
breaking or compatible for code written against the old crate.

  --old SPEC...    the old side: spec files or folders (several merge, as in `generate`),
                   or one SURFACE.txt of a generated crate
  --new SPEC...    the new side, the same way
  --json           print the report as JSON instead of text
  --config FILE    a generator config (auth header, environments) for both sides

Exit code: 0 when nothing breaks, 1 when something does (a CI gate), 2 when a spec cannot be read.";

/// Change lines `regen` prints before pointing at the changelog for the rest.
const SHOWN_CHANGES: usize = 60;

/// `cargo xtask diff`.
pub fn diff(args: &[String]) -> Result<ExitCode, String> {
    let (mut old, mut new, mut json, mut config_path) = (Vec::new(), Vec::new(), false, None);
    let mut side: Option<&mut Vec<PathBuf>> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{DIFF_HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            "--old" => side = Some(&mut old),
            "--new" => side = Some(&mut new),
            "--json" => {
                json = true;
                side = None;
            }
            "--config" => {
                config_path = Some(rest.next().ok_or_else(|| format!("--config needs a file\n{DIFF_HELP}"))?.clone());
                side = None;
            }
            value if !value.starts_with("--") => match side.as_mut() {
                Some(paths) => paths.push(PathBuf::from(value)),
                None => return Err(format!("`{value}` follows no --old or --new\n{DIFF_HELP}")),
            },
            other => return Err(format!("unexpected argument `{other}` to diff\n{DIFF_HELP}")),
        }
    }
    if old.is_empty() || new.is_empty() {
        return Err(format!("both --old and --new need at least one spec\n{DIFF_HELP}"));
    }
    let config = match &config_path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
            Config::from_yaml(path, &text).map_err(|e| e.to_string())?
        }
        None => Config::for_crate("api"),
    };
    let surfaces = generator::surface_of_paths(&old, &config).and_then(|old_surface| {
        generator::surface_of_paths(&new, &config).map(|new_surface| (old_surface, new_surface))
    });
    let (old_surface, new_surface) = match surfaces {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let report = surface::compare(&old_surface, &new_surface);
    let text = if json {
        serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())? + "\n"
    } else {
        report.to_text()
    };
    // A reader that stops early (`| head`) is no failure: the exit code still tells.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Ok(if report.of_class(Class::Breaking) > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `regen --check` for one crate: whether it is up to date (its version included).
pub fn check(root: &Path, target: &Target, generated: &Generated) -> Result<bool, String> {
    let drift = generator::check::compare(&generated.files, &root.join(target.out), target.out)
        .map_err(|e| format!("cannot read {}/: {e}", target.out))?;
    let release = generated.release.as_ref();
    if let Some(release) = release.filter(|r| r.config.is_some()) {
        println!(
            "{}: the public API changed, so the version goes {} → {}:",
            target.out, release.previous, release.version
        );
        print_report(release.report.as_ref(), target.out);
    }
    if drift.is_clean() && release.is_none_or(|r| r.config.is_none()) {
        println!("{}/ is up to date ({})", target.out, surface::count(generated.files.len(), "file"));
        return Ok(true);
    }
    println!("{}", drift.report());
    eprintln!("error: {}/ is stale: it differs from what the generator makes from its spec", target.out);
    Ok(false)
}

/// `regen` for one crate: writes the folder and the bumped version, and says what changed.
pub fn write(root: &Path, target: &Target, generated: &Generated) -> Result<(), String> {
    let out = target.out;
    let drift = generator::check::compare(&generated.files, &root.join(out), out)
        .map_err(|e| format!("cannot read {out}/: {e}"))?;
    let release = generated.release.as_ref();
    let bumped = release.and_then(|r| r.config.as_ref());
    let totals = format!(
        "{}, {}, {}",
        surface::count(generated.files.len(), "file"),
        surface::count(generated.operations, "operation"),
        surface::count(generated.types, "type")
    );
    if drift.is_clean() && bumped.is_none() {
        println!("{out}/: unchanged ({totals})");
        return Ok(());
    }
    crate::write::replace_dir(&root.join(out), &generated.files)
        .map_err(|e| format!("writing {out}/: {e}\n{out}/ was left as it was"))?;
    let names = if drift.paths.len() <= 5 { format!(": {}", drift.paths.join(", ")) } else { String::new() };
    println!("{out}/: rewrote {}{names} ({totals})", surface::count(drift.paths.len(), "file"));
    if let (Some(release), Some((config_file, text))) = (release, bumped) {
        write_atomically(&root.join(config_file), text).map_err(|e| format!("writing {config_file}: {e}"))?;
        println!("{out}/: version {} → {} (in {config_file})", release.previous, release.version);
        print_report(release.report.as_ref(), out);
    }
    Ok(())
}

fn print_report(report: Option<&Report>, out: &str) {
    let Some(report) = report else { return };
    let text = report.to_text();
    let lines: Vec<&str> = text.lines().collect();
    // The summary and the counts per kind, then the changes.
    for line in lines.iter().take(SHOWN_CHANGES) {
        println!("  {line}");
    }
    if lines.len() > SHOWN_CHANGES {
        println!("  … {} more lines: see {out}/{}", lines.len() - SHOWN_CHANGES, generator::release::CHANGELOG);
    }
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let staging = path.with_extension(format!("new-{}", std::process::id()));
    std::fs::write(&staging, text)?;
    std::fs::rename(&staging, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&staging);
    })
}
