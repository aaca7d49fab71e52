//! The generator's command line: `generate`, `check`, `diff` and `normalize`, with their help.
//!
//! The `openapi-rust` binary is [`run`] and nothing else; this repository's `cargo xtask` runs
//! the same commands through [`command`], under its own name. Arguments are read by hand (four
//! commands, a few flags each: no parser crate). A command returns its exit code, 0 or 1
//! (drift in `check`, a breaking change in `diff`), or an error message, which the binary
//! prints and exits 2 with.

use std::path::{Path, PathBuf};

use crate::surface::{self, Class};
use crate::{Config, EmitOptions, Generated, TOOL};

/// The commands, in the order help lists them, with their help (`{program}` is the name the
/// binary is run as).
const COMMANDS: [(&str, &str); 4] = [
    (
        "generate",
        "{program} generate --spec PATH... --out DIR [--name CRATE] [--config FILE] [--command TEXT]

Turns OpenAPI 3.0/3.1 documents (YAML or JSON, split over files or not: name the root file),
Swagger 2.0, AsyncAPI 2.x WebSocket channels or API-reference docs pages into a standalone
crate in DIR, which is replaced as a whole (written beside it, then swapped in: on any error
DIR is left as it was). Operations that cannot be generated are reported with their JSON
pointer and counted.

  --spec PATH...  spec files or folders (folders are read in sorted order; several merge)
  --out DIR       where the crate is written
  --name CRATE    the crate name (default: the config's, else the output folder's name)
  --config FILE   a generator config (crate metadata, environments, auth header, patches)
  --command TEXT  the command every file's header says regenerates the crate (default: this
                  command as typed, e.g. `{program} generate --spec api.yaml --out client`)",
    ),
    (
        "check",
        "{program} check --spec PATH... --out DIR [--name CRATE] [--config FILE] [--command TEXT]

The drift check, for CI: generates the crate in memory with the same flags as `generate` and
compares it with DIR. Exit code 0 when DIR is exactly what `generate` would write, 1 with a
unified diff (stdout) when a file differs, is missing or is not generated, 2 on an error.
Give the flags `generate` was given: the headers name the command that made the crate.",
    ),
    (
        "diff",
        "{program} diff --old SPEC... --new SPEC... [--json] [--config FILE]

Compares the public API of the Rust crates two specs make and prints every change in Rust
terms (operations added, removed or renamed; arguments, fields and parameters added or
removed; optional <-> required; type changes; enum values and union arms), each classed
breaking or compatible for code written against the old crate.

  --old SPEC...    the old side: spec files or folders (several merge, as in `generate`),
                   or one SURFACE.txt of a generated crate
  --new SPEC...    the new side, the same way
  --json           print the report as JSON instead of text
  --config FILE    a generator config (auth header, environments) for both sides

Exit code: 0 when nothing breaks, 1 when something does (a CI gate), 2 when a spec cannot be read.",
    ),
    (
        "normalize",
        "{program} normalize --spec PATH... --out FILE.json [--http-only]

Writes the bundled, normalized, merged document as plain OpenAPI 3.0 JSON, as the generator
reads it, for other tools (operationIds repeated across documents are made unique).

  --spec PATH...   spec files or folders
  --out FILE.json  where the document is written
  --http-only      leave out operations with multipart bodies and WebSocket channels, for plain
                   HTTP tools that cannot take them",
    ),
];

/// The whole command line of the `openapi-rust` binary (`args` without the program name):
/// the exit code, or an error message (to print, then exit 2).
pub fn run(args: &[String]) -> Result<u8, String> {
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help") => {
            say!("{}", overview(TOOL));
            Ok(0)
        }
        Some("-V" | "--version") => {
            say!("{TOOL} {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some("help") => match args.get(1) {
            None => {
                say!("{}", overview(TOOL));
                Ok(0)
            }
            Some(name) => {
                say!("{}", help(TOOL, name).ok_or_else(|| unknown(TOOL, name))?);
                Ok(0)
            }
        },
        Some(name) => command(TOOL, name, &args[1..]).unwrap_or_else(|| Err(unknown(TOOL, name))),
    }
}

/// Runs the command `name` with `args` (after the command), `program` being the name it is
/// run as (`openapi-rust`, `cargo xtask`); `None` when there is no such command.
pub fn command(program: &str, name: &str, args: &[String]) -> Option<Result<u8, String>> {
    let text = help(program, name)?;
    if args.iter().any(|a| a == "-h" || a == "--help") {
        say!("{text}");
        return Some(Ok(0));
    }
    let usage = |message: String| format!("{message}\n\n{text}");
    Some(match name {
        "generate" => Generate::parse(args).map_err(usage).and_then(|g| g.generate(program)),
        "check" => Generate::parse(args).map_err(usage).and_then(|g| g.check(program)),
        "diff" => diff(args).map_err(usage).and_then(|(old, new, json, config)| report(&old, &new, json, config)),
        _ => {
            normalize(args).map_err(usage).and_then(|(specs, out, http_only)| write_normalized(&specs, &out, http_only))
        }
    })
}

/// One command's help, or `None` for a command that does not exist.
pub fn help(program: &str, name: &str) -> Option<String> {
    COMMANDS.iter().find(|(command, _)| *command == name).map(|(_, text)| text.replace("{program}", program))
}

/// Every command's first line.
pub fn overview(program: &str) -> String {
    let mut out = format!(
        "{program} COMMAND [FLAGS]: OpenAPI → a typed async Rust client crate (`{program} help COMMAND` for its flags)\n\ncommands:\n"
    );
    for (name, _) in COMMANDS {
        out.push_str("  ");
        out.push_str(help(program, name).unwrap_or_default().lines().next().unwrap_or_default());
        out.push('\n');
    }
    out.push_str("\nexit code: 0 ok, 1 drift (check) or a breaking change (diff), 2 an error");
    out
}

fn unknown(program: &str, name: &str) -> String {
    format!("unknown command `{name}`\n\n{}", overview(program))
}

/// The flags of `generate` and `check`.
#[derive(Debug, Default)]
struct Generate {
    specs: Vec<String>,
    out: String,
    name: Option<String>,
    config: Option<String>,
    command: Option<String>,
}

impl Generate {
    fn parse(args: &[String]) -> Result<Generate, String> {
        let mut flags = Generate::default();
        let mut out = None;
        let mut rest = args.iter().peekable();
        while let Some(arg) = rest.next() {
            let mut value = || rest.next().cloned().ok_or_else(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--spec" => {
                    flags.specs.push(value()?);
                    while let Some(more) = rest.next_if(|a| !a.starts_with("--")) {
                        flags.specs.push(more.clone());
                    }
                }
                "--out" => out = Some(value()?),
                "--name" => flags.name = Some(value()?),
                "--config" => flags.config = Some(value()?),
                "--command" => flags.command = Some(value()?),
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        flags.out = out.ok_or("--out is required")?;
        if flags.specs.is_empty() {
            return Err("--spec is required".into());
        }
        Ok(flags)
    }

    /// The crate, in memory.
    fn files(&self, program: &str) -> Result<Generated, String> {
        let out = Path::new(&self.out);
        let mut config = match &self.config {
            Some(path) => read_config(path)?,
            None => {
                let fallback =
                    out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
                Config::for_crate(&crate_name(&fallback))
            }
        };
        if let Some(name) = &self.name {
            config.krate.name = name.clone();
            config.validate("--name").map_err(|e| e.to_string())?;
        }
        let specs: Vec<PathBuf> = self.specs.iter().map(PathBuf::from).collect();
        let sources = specs
            .iter()
            .map(|p| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()))
            .collect();
        let command = self.command.clone().unwrap_or_else(|| self.command_line(program));
        let options = EmitOptions { standalone: true, sources, command: Some(command) };
        let generated = crate::generate_paths(&specs, None, &config, options).map_err(|e| e.to_string())?;
        crate::regen::report_skipped(&generated);
        Ok(generated)
    }

    /// `generate` as typed, flags in a fixed order: what the headers name by default.
    fn command_line(&self, program: &str) -> String {
        let mut words = vec![program.to_owned(), "generate".into(), "--spec".into()];
        words.extend(self.specs.iter().map(|s| quoted(s)));
        words.extend(["--out".into(), quoted(&self.out)]);
        for (flag, value) in [("--name", &self.name), ("--config", &self.config)] {
            if let Some(value) = value {
                words.extend([flag.to_owned(), quoted(value)]);
            }
        }
        words.join(" ")
    }

    fn generate(&self, program: &str) -> Result<u8, String> {
        refuse_foreign(Path::new(&self.out))?;
        let generated = self.files(program).map_err(|e| format!("{e}\nnothing was written"))?;
        crate::write::replace_dir(Path::new(&self.out), &generated.files)
            .map_err(|e| format!("writing {}: {e}\n{} was left as it was", self.out, self.out))?;
        let count = surface::count;
        say!(
            "{}: {}, {}, {}, {} skipped",
            self.out,
            count(generated.files.len(), "file"),
            count(generated.operations, "operation"),
            count(generated.types, "type"),
            count(generated.skipped_operations.len(), "operation"),
        );
        Ok(0)
    }

    fn check(&self, program: &str) -> Result<u8, String> {
        let generated = self.files(program)?;
        let out = self.out.trim_end_matches('/');
        let drift = crate::check::compare(&generated.files, Path::new(&self.out), out)
            .map_err(|e| format!("{out}/: cannot read: {e}"))?;
        if drift.is_clean() {
            say!("{out}/ is up to date ({})", surface::count(generated.files.len(), "file"));
            return Ok(0);
        }
        say!("{}", drift.report());
        eprintln!(
            "error: {out}/ is stale: it differs from what the generator makes from its spec ({} differ{})",
            surface::count(drift.paths.len(), "file"),
            if drift.paths.len() == 1 { "s" } else { "" }
        );
        eprintln!("  fix: run `{}`", self.command.clone().unwrap_or_else(|| self.command_line(program)));
        Ok(1)
    }
}

/// `generate` replaces its output folder as a whole: an error unless the folder is new, empty,
/// or a crate the generator made (its `Cargo.toml` starts with the `@generated` header), so that
/// a mistyped `--out` cannot take a folder of someone's own files with it.
fn refuse_foreign(out: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(out) else { return Ok(()) };
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if manifest.starts_with("# @generated") {
        return Ok(());
    }
    Err(format!(
        "{}: not a crate the generator made (no Cargo.toml starting with `# @generated`), and --out \
         replaces the folder as a whole\n  hint: name a new or empty folder, or delete this one first\n\
         nothing was written",
        out.display()
    ))
}

/// A word of a command line, quoted for a POSIX shell when it needs to be.
fn quoted(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if plain { word.to_owned() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

fn read_config(path: &str) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    Config::from_yaml(path, &text).map_err(|e| e.to_string())
}

/// A crate name made of a folder name: letters, digits, `-` and `_`, starting with a letter.
pub fn crate_name(raw: &str) -> String {
    let cleaned: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) { cleaned } else { format!("api_{cleaned}") }
}

/// `diff`'s flags: the old side, the new side, `--json`, the config.
fn diff(args: &[String]) -> Result<(Vec<PathBuf>, Vec<PathBuf>, bool, Config), String> {
    let (mut old, mut new, mut json, mut config) = (Vec::new(), Vec::new(), false, None);
    let mut side: Option<&mut Vec<PathBuf>> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--old" => side = Some(&mut old),
            "--new" => side = Some(&mut new),
            "--json" => {
                json = true;
                side = None;
            }
            "--config" => {
                config = Some(rest.next().ok_or("--config needs a file")?.clone());
                side = None;
            }
            value if !value.starts_with("--") => match side.as_mut() {
                Some(paths) => paths.push(PathBuf::from(value)),
                None => return Err(format!("`{value}` follows no --old or --new")),
            },
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if old.is_empty() || new.is_empty() {
        return Err("both --old and --new need at least one spec".into());
    }
    let config = match config {
        Some(path) => read_config(&path)?,
        None => Config::for_crate("api"),
    };
    Ok((old, new, json, config))
}

fn report(old: &[PathBuf], new: &[PathBuf], json: bool, config: Config) -> Result<u8, String> {
    let report = crate::change_report(old, new, &config).map_err(|e| e.to_string())?;
    let text = if json {
        serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())? + "\n"
    } else {
        report.to_text()
    };
    // A reader that stops early (`| head`) is no failure: the exit code still tells.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Ok(u8::from(report.of_class(Class::Breaking) > 0))
}

/// `normalize`'s flags: the specs, the output file, `--http-only`.
fn normalize(args: &[String]) -> Result<(Vec<PathBuf>, PathBuf, bool), String> {
    let (mut specs, mut out, mut http_only) = (Vec::new(), None, false);
    let mut rest = args.iter().peekable();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--spec" => {
                while let Some(spec) = rest.next_if(|a| !a.starts_with("--")) {
                    specs.push(PathBuf::from(spec));
                }
            }
            "--out" => out = Some(PathBuf::from(rest.next().ok_or("--out needs a file")?)),
            "--http-only" => http_only = true,
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let out = out.ok_or("--out is required")?;
    if specs.is_empty() {
        return Err("--spec is required".into());
    }
    Ok((specs, out, http_only))
}

fn write_normalized(specs: &[PathBuf], out: &Path, http_only: bool) -> Result<u8, String> {
    let mut tree = crate::normalized_document(specs, http_only).map_err(|e| format!("{e}\nnothing was written"))?;
    crate::unique_operation_ids(&mut tree);
    let text = serde_json::to_string_pretty(&tree).map_err(|e| e.to_string())?;
    std::fs::write(out, text + "\n").map_err(|e| format!("{}: {e}", out.display()))?;
    let operations = tree.get("paths").and_then(serde_json::Value::as_object).map_or(0, |p| {
        p.values()
            .filter_map(serde_json::Value::as_object)
            .map(|i| i.keys().filter(|k| is_method(k)).count())
            .sum::<usize>()
    });
    let schemas = tree.pointer("/components/schemas").and_then(serde_json::Value::as_object).map_or(0, |s| s.len());
    say!("{}: {operations} operations, {schemas} schemas", out.display());
    Ok(0)
}

fn is_method(key: &str) -> bool {
    matches!(key, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn every_command_has_help_naming_its_flags() {
        for (name, _) in COMMANDS {
            let text = help("tool", name).expect("help");
            assert!(text.starts_with(&format!("tool {name} ")), "{text}");
            assert!(overview("tool").contains(&format!("tool {name} ")), "{name}");
            assert!(!text.contains("{program}"), "{text}");
        }
        assert!(help("tool", "frobnicate").is_none());
    }

    #[test]
    fn generate_flags_and_the_command_they_name() {
        let mut typed = args("--out OUT --spec a.yaml b/c.json --name x");
        typed[1] = "my client".into();
        let flags = Generate::parse(&typed).expect("parses");
        assert_eq!(flags.specs, ["a.yaml", "b/c.json"]);
        assert_eq!(flags.command_line("t"), "t generate --spec a.yaml b/c.json --out 'my client' --name x");
        assert!(Generate::parse(&args("--spec a.yaml")).is_err_and(|e| e.contains("--out")));
        assert!(Generate::parse(&args("--out x")).is_err_and(|e| e.contains("--spec")));
        assert!(Generate::parse(&args("--out x --spec a --frob")).is_err_and(|e| e.contains("--frob")));
        assert!(Generate::parse(&args("--out")).is_err_and(|e| e.contains("needs a value")));
        assert_eq!(quoted("it's"), "'it'\\''s'");
    }

    #[test]
    fn diff_and_normalize_flags() {
        let (old, new, json, _) = diff(&args("--old a b --json --new c")).expect("parses");
        assert_eq!((old.len(), new.len(), json), (2, 1, true));
        assert!(diff(&args("a --old b --new c")).is_err_and(|e| e.contains("follows no --old")));
        assert!(diff(&args("--old b")).is_err());
        let (specs, out, http_only) = normalize(&args("--spec a b --out o.json --http-only")).expect("parses");
        assert_eq!((specs.len(), out, http_only), (2, PathBuf::from("o.json"), true));
        assert!(normalize(&args("--out o.json")).is_err());
    }

    #[test]
    fn crate_names_from_folders() {
        assert_eq!(crate_name("my-api"), "my-api");
        assert_eq!(crate_name("1 api"), "api_1_api");
    }
}
