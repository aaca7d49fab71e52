//! `cargo xtask bench --breadth`: how much of each public document every generator turns into
//! a crate that compiles.
//!
//! For each document in `../shared/specs/public/` (a multi-file one through the root file
//! SOURCES.md names) and each tool: whether it generated a crate (else its first error line),
//! its methods against the document's operations (see [`count`]), and whether `cargo check`
//! passes on that crate (else the error count and first error). Every step is bounded in time.
//! The rows go into a marked block of BENCHMARKS.md: a run replaces the rows it re-ran and
//! keeps the others, so `--tools ours` refreshes our rows alone.

mod count;
mod process;
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use super::{OTHERS, Other, on_path};
use process::{Finished, first_error_line, run_bounded};
use table::{Row, code};

const USAGE: &str = "usage: cargo xtask bench --breadth [--tools ours,oas3-gen,progenitor,ploidy,openapi-generator] \
[--only DOC[,DOC…]] [--normalized] [--timeout SECONDS]";

/// Table names of the tools, in table order; `None` is ours.
const TOOLS: [(&str, Option<usize>); 5] = [
    ("ours", None),
    ("oas3-gen", Some(0)),
    ("cargo-progenitor", Some(2)),
    ("ploidy", Some(1)),
    ("openapi-generator-cli", Some(3)),
];

const ORIGINAL: &str = "original";
const NORMALIZED: &str = "ours normalized (3.0 JSON)";

struct Options {
    tools: Vec<&'static str>,
    only: Vec<String>,
    normalized: bool,
    limit: Duration,
}

/// A document of the corpus: its table label, root file and size on disk (all its files).
struct Document {
    label: String,
    root: PathBuf,
    bytes: u64,
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    let options = options(args)?;
    let public = root.join("../shared/specs/public");
    let mut documents = documents(&public)?;
    // Smallest first: each tool's dependencies get built on a small crate.
    documents.sort_by(|a, b| a.bytes.cmp(&b.bytes).then_with(|| a.label.cmp(&b.label)));
    let order: Vec<String> = documents.iter().map(|d| d.label.clone()).collect();

    let work = root.join("target/breadth");
    let target = work.join("target");
    // Crates go outside the repository, which is a workspace they are not part of.
    let crates = std::env::temp_dir().join("xtask-breadth");
    for dir in [&work, &target, &crates] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let ours = std::env::current_exe().map_err(|e| e.to_string())?;
    let benchmarks = root.join("BENCHMARKS.md");
    let mut rows = table::rows_in(&std::fs::read_to_string(&benchmarks).unwrap_or_default());

    let cx = Context { ours: &ours, target: &target, public: format!("{}/", public.display()), limit: options.limit };
    let started = std::time::Instant::now();
    for document in
        documents.iter().filter(|d| options.only.is_empty() || options.only.iter().any(|o| d.label.contains(o)))
    {
        let (version, operations) = count::document(&document.root).unwrap_or_else(|e| (format!("unreadable: {e}"), 0));
        let slug = slug(&document.label);
        let mut normalized: Option<Result<PathBuf, String>> = None;
        for tool in &options.tools {
            let other = tool_other(tool);
            let mut inputs = vec![ORIGINAL];
            if options.normalized && other.is_some_and(|o| !o.reads_3_1) && version.starts_with("3.1") {
                inputs.push(NORMALIZED);
            }
            for input in inputs {
                println!("{}: {tool} on the {input} document…", document.label);
                let spec = if input == ORIGINAL {
                    Ok(document.root.clone())
                } else {
                    normalized.get_or_insert_with(|| normalize(&document.root, &work, &slug, &cx)).clone()
                };
                let name = format!("b_{slug}_{}", slug_of_tool(tool));
                let row = one(tool, other, spec, &crates.join(&name), &work.join(&name), &cx);
                let row = Row {
                    document: document.label.clone(),
                    version: version.clone(),
                    tool: (*tool).to_owned(),
                    input: input.to_owned(),
                    methods: match &row.methods {
                        Some(made) => format!("{made} / {operations}"),
                        None => format!("– / {operations}"),
                    },
                    run: now(),
                    ..row.cells
                };
                println!("{}", [&row.generated, &row.methods, &row.check].map(String::as_str).join(" | "));
                rows.retain(|r| r.key() != row.key());
                rows.push(row);
                // Refreshed after every row, so an interrupted run keeps what it measured.
                sort(&mut rows, &order);
                table::write_into(&benchmarks, &table::block(&intro(&options), &rows, &TOOL_NAMES))?;
            }
        }
    }
    sort(&mut rows, &order);
    let block = table::block(&intro(&options), &rows, &TOOL_NAMES);
    table::write_into(&benchmarks, &block)?;
    println!("\n{block}\n\nthis run: {:.0} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

const TOOL_NAMES: [&str; 5] = [TOOLS[0].0, TOOLS[1].0, TOOLS[2].0, TOOLS[3].0, TOOLS[4].0];

fn tool_other(tool: &str) -> Option<&'static Other> {
    TOOLS.iter().find(|(name, _)| *name == tool).and_then(|(_, i)| i.map(|i| &OTHERS[i]))
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options =
        Options { tools: Vec::new(), only: Vec::new(), normalized: false, limit: Duration::from_secs(600) };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--tools" => {
                for wanted in value()?.split(',') {
                    let found = TOOLS
                        .iter()
                        .map(|(name, _)| *name)
                        .find(|name| {
                            *name == wanted || name.trim_start_matches("cargo-").trim_end_matches("-cli") == wanted
                        })
                        .ok_or_else(|| format!("unknown tool `{wanted}`\n{USAGE}"))?;
                    options.tools.push(found);
                }
            }
            "--only" => options.only.extend(value()?.split(',').map(str::to_owned)),
            "--normalized" => options.normalized = true,
            "--timeout" => {
                let seconds = value()?.parse().map_err(|_| format!("--timeout takes seconds\n{USAGE}"))?;
                options.limit = Duration::from_secs(seconds);
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let explicit = !options.tools.is_empty();
    if !explicit {
        options.tools = TOOL_NAMES.to_vec();
    }
    options.tools.retain(|tool| match tool_other(tool) {
        Some(other) if !on_path(other.name) => {
            let how = if explicit { "asked for but" } else { "skipped:" };
            println!("{tool}: {how} not on PATH ({})", other.install);
            false
        }
        _ => true,
    });
    Ok(options)
}

/// The documents of the corpus: its top-level `.json`/`.yaml`/`.yml` files, and each folder
/// through the root file SOURCES.md gives as `` `folder/ (root: path)` ``.
fn documents(public: &Path) -> Result<Vec<Document>, String> {
    let sources = std::fs::read_to_string(public.join("SOURCES.md"))
        .map_err(|e| format!("{}: {e} (the public corpus is needed)", public.join("SOURCES.md").display()))?;
    let entries = std::fs::read_dir(public).map_err(|e| format!("{}: {e}", public.display()))?;
    let mut documents = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let label = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            let marker = format!("`{label}/ (root: ");
            let Some(root) = sources.split_once(&marker).and_then(|(_, rest)| rest.split_once(')')).map(|(r, _)| r)
            else {
                println!("note: {label}/ skipped: SOURCES.md names no root file for it");
                continue;
            };
            documents.push(Document { bytes: size(&path), root: public.join(root), label });
        } else if path.extension().is_some_and(|e| ["json", "yaml", "yml"].iter().any(|x| e.eq_ignore_ascii_case(x))) {
            documents.push(Document { bytes: size(&path), root: path, label });
        }
    }
    Ok(documents)
}

fn size(path: &Path) -> u64 {
    if !path.is_dir() {
        return path.metadata().map_or(0, |m| m.len());
    }
    std::fs::read_dir(path).map_or(0, |entries| entries.flatten().map(|e| size(&e.path())).sum())
}

/// What every run shares: our binary, where logs and the shared target folder go, the corpus
/// folder (cut from messages) and the time limit.
struct Context<'a> {
    ours: &'a Path,
    target: &'a Path,
    public: String,
    limit: Duration,
}

/// The cells one tool's run fills, and its method count.
struct Outcome {
    cells: Row,
    methods: Option<usize>,
}

fn one(
    tool: &str,
    other: Option<&Other>,
    spec: Result<PathBuf, String>,
    out: &Path,
    logs: &Path,
    cx: &Context,
) -> Outcome {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let empty = Row {
        document: String::new(),
        version: String::new(),
        tool: String::new(),
        input: String::new(),
        generated: String::new(),
        methods: String::new(),
        check: "–".into(),
        run: String::new(),
    };
    let failed = |generated: String| Outcome { cells: Row { generated, ..empty.clone() }, methods: None };
    let spec = match spec {
        Ok(spec) => spec,
        Err(why) => return failed(format!("no: the normalized input failed: {why}")),
    };
    let _ = std::fs::remove_dir_all(out);
    let command = match other {
        None => {
            let mut c = Command::new(cx.ours);
            c.arg("generate").arg("--spec").arg(&spec).arg("--out").arg(out).arg("--name").arg(&name);
            c
        }
        Some(other) => (other.command)(&spec, out, &name),
    };
    let generation = match run_bounded(command, &logs.with_extension("generate.log"), cx.limit) {
        Ok(finished) => finished,
        Err(why) => return failed(format!("no: {}", code(&why, MESSAGE))),
    };
    if !generation.succeeded() || !out.join("Cargo.toml").is_file() {
        return failed(format!("no: {}", failure(&generation, "it wrote no Cargo.toml", &cx.public)));
    }
    let mut generated = format!("yes ({:.1} s", generation.seconds);
    if let Some(skipped) = skipped_operations(&generation.output).filter(|n| *n > 0) {
        let noun = if skipped == 1 { "operation" } else { "operations" };
        generated.push_str(&format!(", {skipped} {noun} skipped"));
    }
    generated.push(')');
    let mut check = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    check.args(["check", "--message-format", "short"]).current_dir(out).env("CARGO_TARGET_DIR", cx.target);
    // The crate's own code from scratch every run: no incremental cache from an earlier run.
    check.env("CARGO_INCREMENTAL", "0");
    let check = match run_bounded(check, &logs.with_extension("check.log"), cx.limit) {
        Ok(finished) if finished.succeeded() => format!("ok ({:.0} s)", finished.seconds),
        Ok(finished) if finished.timed_out() => format!("timed out after {:.0} s", finished.seconds),
        Ok(finished) => compile_errors(&finished.output),
        Err(why) => format!("did not run: {}", code(&why, MESSAGE)),
    };
    Outcome { cells: Row { generated, check, ..empty }, methods: Some(count::methods(tool, out)) }
}

/// Characters of an error message shown in a cell.
const MESSAGE: usize = 200;

/// Why a generation failed, as a cell; paths into the corpus `public` shown relative to it.
fn failure(run: &Finished, when_it_succeeded: &str, public: &str) -> String {
    if run.timed_out() {
        format!("timed out after {:.0} s", run.seconds)
    } else if run.succeeded() {
        when_it_succeeded.to_owned()
    } else {
        code(&first_error_line(&run.output).replace(public, ""), MESSAGE)
    }
}

/// `K operations skipped` from our generator's report.
fn skipped_operations(output: &str) -> Option<usize> {
    let (before, _) = output.split_once(" operations skipped")?;
    before.rsplit(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// The error count and first error of a failed `cargo check --message-format short`.
fn compile_errors(output: &str) -> String {
    let is_error =
        |l: &&str| (l.contains(": error") || l.starts_with("error")) && !l.starts_with("error: could not compile");
    let listed = output.lines().filter(is_error).count();
    let reported = output.lines().find_map(|l| {
        let (_, rest) = l.split_once("due to ")?;
        rest.split_whitespace().next()?.parse::<usize>().ok()
    });
    let first = output.lines().find(is_error).unwrap_or("no error line");
    let errors = reported.unwrap_or(listed.max(1));
    let noun = if errors == 1 { "error" } else { "errors" };
    format!("fails: {errors} {noun}, first {}", code(first, MESSAGE))
}

/// Our `normalize` export of `spec` (plain OpenAPI 3.0 JSON), for tools that read 3.0 only.
fn normalize(spec: &Path, work: &Path, slug: &str, cx: &Context) -> Result<PathBuf, String> {
    let out = work.join(format!("{slug}.normalized.json"));
    let mut command = Command::new(cx.ours);
    command.arg("normalize").arg("--spec").arg(spec).arg("--out").arg(&out);
    let finished = run_bounded(command, &work.join(format!("{slug}.normalize.log")), cx.limit)?;
    if finished.succeeded() { Ok(out) } else { Err(failure(&finished, "", &cx.public)) }
}

fn sort(rows: &mut [Row], order: &[String]) {
    let rank = |row: &Row| {
        let document = order.iter().position(|d| *d == row.document).unwrap_or(order.len());
        let tool = TOOL_NAMES.iter().position(|t| *t == row.tool).unwrap_or(TOOL_NAMES.len());
        (document, row.document.clone(), tool, row.input != ORIGINAL)
    };
    rows.sort_by_key(rank);
}

fn slug(label: &str) -> String {
    let stem = label.rsplit_once('.').map_or(label, |(stem, _)| stem);
    stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

fn slug_of_tool(tool: &str) -> String {
    slug(tool.trim_start_matches("cargo-").trim_end_matches("-cli"))
}

fn now() -> String {
    let date = Command::new("date").args(["-u", "+%Y-%m-%d %H:%M"]).output();
    date.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default()
}

fn intro(options: &Options) -> String {
    let installs: Vec<&str> = OTHERS.iter().map(|o| o.install).collect();
    format!(
        "Each public document of `../shared/specs/public/` (multi-file ones through their root file) \
through each generator, smallest document first. `cargo xtask bench --breadth [--tools …] [--only DOC] \
[--normalized]` re-runs some rows and keeps the others; the date of each row is in its last column.

- **input**: `original` is the document as published, for every tool; `{NORMALIZED}` (with \
`--normalized`) is our `cargo xtask normalize` export of a 3.1 document, for the tools that read 3.0 only.
- **generated**: the tool exited successfully and wrote a `Cargo.toml` (wall time), else its first error line.
- **methods / operations**: operations are the document's (path, method) pairs, following path-item \
`$ref`s (webhooks and callbacks are not counted); methods are counted in the output: for ours the distinct \
`` /// `METHOD /path` `` lines documenting each operation method, for the other tools the distinct names \
of `pub async fn` items, less oas3-gen's `parse_response` decoders (one per operation for all five on \
`oai-link-example.yaml`; openapi-generator also writes functions for webhooks, hence `2 / 0`). Ours \
reports the operations it skipped, with the reason, in its output.
- **cargo check**: of the generated crate, debug, incremental off (its own code checked from scratch on \
every run), with one target folder shared by all crates (so each tool's dependencies are built once, on \
the first crate that needs them, and that crate's time includes them); each generation and each check is stopped after {} s and shown as timed out. The machine has 2 \
cores shared with other work: read the seconds as rough.
- Tools: ours (this commit); {}.",
        options.limit.as_secs(),
        installs.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_errors_counts_and_quotes_the_first() {
        let output = "src/lib.rs:3:5: warning: unused\nsrc/lib.rs:9:1: error[E0428]: the name `A` is defined multiple times\n\
src/lib.rs:12:1: error[E0428]: the name `B` is defined multiple times\nerror: could not compile `x` (lib) due to 2 previous errors\n";
        assert_eq!(
            compile_errors(output),
            "fails: 2 errors, first `src/lib.rs:9:1: error[E0428]: the name 'A' is defined multiple times`"
        );
        let resolution = "    Updating crates.io index\nerror: failed to select a version for `reqwest`.\n";
        assert_eq!(
            compile_errors(resolution),
            "fails: 1 error, first `error: failed to select a version for 'reqwest'.`"
        );
    }

    #[test]
    fn skipped_operations_come_from_our_report() {
        let report = "warning: x\nout: 12 files, 40 operations, 80 types, 3 operations skipped\n";
        assert_eq!(skipped_operations(report), Some(3));
        assert_eq!(skipped_operations("nothing"), None);
    }

    #[test]
    fn slugs_are_crate_name_safe() {
        assert_eq!(slug("oai-link-example.yaml"), "oai_link_example");
        assert_eq!(slug("digitalocean"), "digitalocean");
        assert_eq!(slug_of_tool("cargo-progenitor"), "progenitor");
        assert_eq!(slug_of_tool("openapi-generator-cli"), "openapi_generator");
    }
}
