//! Checked-in crates: what a project's own `regen` command does, for any list of crates.
//!
//! A [`Target`] is a generator config and the folder its crate lives in. [`plan`] generates the
//! crate in memory with the version and changelog its change of surface calls for
//! ([`release::plan`]); [`check`] compares that with the folder (the drift check); [`write()`]
//! replaces the folder atomically and records the bumped version in the config. [`run`] does
//! all of it for a list of crates, all or nothing, as `cargo xtask regen [--check]` does here:
//!
//! ```no_run
//! use generator::regen::{self, Outcome, Target};
//!
//! const CLIENT: Target = Target { config: "api/generator.yaml", out: "client", command: "cargo xtask regen" };
//!
//! let root = std::path::Path::new(".");
//! let check = std::env::args().any(|a| a == "--check");
//! match regen::run(root, &[CLIENT], check) {
//!     Ok(Outcome::Stale) => std::process::exit(1), // --check: the diff is printed
//!     Ok(_) => {}
//!     Err(e) => {
//!         eprintln!("error: {e}");
//!         std::process::exit(2);
//!     }
//! }
//! ```

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::surface::{self, Report};
use crate::{Config, EmitOptions, Generated, release};

/// A crate generated and checked in: its config, its folder, and the command that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// The generator config, relative to the project root (its `inputs` and `examples` are
    /// relative to its own folder).
    pub config: &'a str,
    /// The crate folder, relative to the project root; every file in it is generator output.
    pub out: &'a str,
    /// The command that regenerates the crate, as the project's contributors type it (e.g.
    /// `cargo xtask regen`): every generated file's header names it, and `check` says to run it.
    pub command: &'a str,
}

/// What [`run`] found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every crate was already what the generator makes.
    UpToDate,
    /// At least one crate was rewritten.
    Written,
    /// Checking only: at least one crate is stale (its diff was printed).
    Stale,
}

/// Generates a checked-in crate of the project at `root` from its config and the inputs the
/// config lists, with the version and `CHANGELOG.md` the change of its public surface calls
/// for ([`release::plan`]). Nothing is written.
pub fn plan(root: &Path, target: &Target<'_>) -> Result<Generated> {
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
    let (docs, skipped) = crate::load_documents(&paths, Some(root))?;
    let mut model = crate::build_model(docs, &config)?;
    let release = release::plan(
        target.config,
        &text,
        &config,
        &root.join(target.out),
        target.out,
        &surface::describe(&model),
        target.command,
    )?;
    model.krate.version = release.version.clone();
    // The inputs as the project names them (relative to its root, whatever the checkout's path).
    let config_dir = Path::new(target.config).parent().unwrap_or(Path::new(""));
    let sources = config.inputs.iter().map(|input| slashed(&config_dir.join(input))).collect();
    let options = EmitOptions { standalone: false, sources, command: Some(target.command.to_owned()) };
    let mut generated = crate::finish(model, &options, &examples)?;
    generated.skipped_files = skipped;
    generated.files.insert(release::CHANGELOG.to_owned(), release.changelog.clone());
    generated.release = Some(release);
    Ok(generated)
}

/// A relative path with `/` between its parts on every system, `.` and `dir/..` taken out
/// (`xtask/../api/openapi.yaml` is `api/openapi.yaml`).
fn slashed(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// The drift check of one crate: whether its folder under `root` holds exactly `generated`
/// (its version included). Prints `… is up to date`, or the version change and the unified
/// diff (stdout) and that the crate is stale (stderr).
pub fn check(root: &Path, target: &Target<'_>, generated: &Generated) -> Result<bool> {
    let drift = crate::check::compare(&generated.files, &root.join(target.out), target.out)
        .map_err(|e| Error::file(format!("{}/", target.out), format!("cannot read: {e}")))?;
    let release = generated.release.as_ref();
    if let Some(release) = release.filter(|r| r.config.is_some()) {
        say!("{}: the public API changed, so the version goes {} → {}:", target.out, release.previous, release.version);
        print_report(release.report.as_ref(), target.out);
    }
    if drift.is_clean() && release.is_none_or(|r| r.config.is_none()) {
        say!("{}/ is up to date ({})", target.out, surface::count(generated.files.len(), "file"));
        return Ok(true);
    }
    say!("{}", drift.report());
    eprintln!("error: {}/ is stale: it differs from what the generator makes from its spec", target.out);
    Ok(false)
}

/// Writes one crate: replaces its folder (atomically, only when something differs) and records
/// a bumped version in its config, printing what changed. Returns whether anything was written.
pub fn write(root: &Path, target: &Target<'_>, generated: &Generated) -> Result<bool> {
    let out = target.out;
    let drift = crate::check::compare(&generated.files, &root.join(out), out)
        .map_err(|e| Error::file(format!("{out}/"), format!("cannot read: {e}")))?;
    let release = generated.release.as_ref();
    let bumped = release.and_then(|r| r.config.as_ref());
    let totals = format!(
        "{}, {}, {}",
        surface::count(generated.files.len(), "file"),
        surface::count(generated.operations, "operation"),
        surface::count(generated.types, "type")
    );
    if drift.is_clean() && bumped.is_none() {
        say!("{out}/: unchanged ({totals})");
        return Ok(false);
    }
    crate::write::replace_dir(&root.join(out), &generated.files).map_err(|e| {
        Error::file(format!("{out}/"), format!("cannot write: {e}")).with_hint(format!("{out}/ was left as it was"))
    })?;
    let names = if drift.paths.len() <= 5 { format!(": {}", drift.paths.join(", ")) } else { String::new() };
    say!("{out}/: rewrote {}{names} ({totals})", surface::count(drift.paths.len(), "file"));
    if let (Some(release), Some((config_file, text))) = (release, bumped) {
        write_atomically(&root.join(config_file), text)
            .map_err(|e| Error::file(config_file.as_str(), format!("cannot write: {e}")))?;
        say!("{out}/: version {} → {} (in {config_file})", release.previous, release.version);
        print_report(release.report.as_ref(), out);
    }
    Ok(true)
}

/// `regen` (or `regen --check` when `check`) for every crate of the project at `root`.
/// Every crate is generated before anything is written, so an error anywhere leaves every
/// folder as it was. Prints notes about skipped inputs and operations (stderr), one line per
/// crate, and when checking the diff of each stale crate and the command that fixes it.
pub fn run(root: &Path, targets: &[Target<'_>], check: bool) -> Result<Outcome> {
    let mut plans = Vec::new();
    for target in targets {
        let generated = plan(root, target)?;
        report_skipped(&generated);
        plans.push((target, generated));
    }
    if check {
        let mut stale = Vec::new();
        for (target, generated) in &plans {
            if !self::check(root, target, generated)? {
                stale.push(target.command);
            }
        }
        if stale.is_empty() {
            return Ok(Outcome::UpToDate);
        }
        stale.dedup();
        eprintln!("  fix: run `{}` and commit the result", stale.join("` and `"));
        return Ok(Outcome::Stale);
    }
    let mut written = false;
    for (target, generated) in &plans {
        written |= write(root, target, generated)?;
    }
    Ok(if written { Outcome::Written } else { Outcome::UpToDate })
}

/// Prints the input files that held nothing, the operations left out, with why, and the
/// model's warnings (stderr).
pub fn report_skipped(generated: &Generated) {
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

/// Change lines printed before pointing at the changelog for the rest.
const SHOWN_CHANGES: usize = 60;

fn print_report(report: Option<&Report>, out: &str) {
    let Some(report) = report else { return };
    let text = report.to_text();
    let lines: Vec<&str> = text.lines().collect();
    // The summary and the counts per kind, then the changes.
    for line in lines.iter().take(SHOWN_CHANGES) {
        say!("  {line}");
    }
    if lines.len() > SHOWN_CHANGES {
        say!("  … {} more lines: see {out}/{}", lines.len() - SHOWN_CHANGES, release::CHANGELOG);
    }
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let staging = path.with_extension(format!("new-{}", std::process::id()));
    std::fs::write(&staging, text)?;
    std::fs::rename(&staging, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&staging);
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn inputs_are_named_from_the_project_root() {
        let slashed = |p: &str| super::slashed(std::path::Path::new(p));
        assert_eq!(slashed("spec/openapi"), "spec/openapi");
        assert_eq!(slashed("xtask/../api/./openapi.yaml"), "api/openapi.yaml");
        assert_eq!(slashed("../../shared/a.yaml"), "../../shared/a.yaml");
    }
}
