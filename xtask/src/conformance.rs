//! `cargo xtask conformance`: every method of a generated client called against Stoplight
//! Prism (a contract mock server that validates each request against the document and
//! answers with bodies made from its schemas), in static mode (examples) and in dynamic
//! rounds with fixed seeds. Failures not in `conformance/allowlist.txt` make it exit 1.

mod allowlist;
mod prism;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::Config;

use allowlist::Allowlist;

/// What one run checks.
struct Target {
    /// Short name: the crate's, or the document's file stem.
    name: String,
    /// The spec files and folders the crate was generated from.
    specs: Vec<PathBuf>,
    /// The generated crate's folder.
    krate: PathBuf,
    /// The generator config the crate was made with.
    config: Config,
}

/// One call's result, as the program prints it.
#[derive(Debug, Clone)]
struct Outcome {
    operation: String,
    call: usize,
    /// `passed`, `rejected`, `status`, `decode`, `argument`, `other`.
    outcome: String,
    status: u64,
    detail: String,
}

/// `conformance [--spec PATH… [--crate DIR]] [--rounds N]`.
pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    let mut specs = Vec::new();
    let mut krate = None;
    let mut rounds = 5u64;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--spec" => {
                specs.extend(crate::flag_values(args, &mut i));
                continue;
            }
            "--crate" => krate = Some(PathBuf::from(args.get(i + 1).ok_or("--crate needs a folder")?)),
            "--rounds" => {
                rounds = args.get(i + 1).and_then(|n| n.parse().ok()).ok_or("--rounds takes a number")?;
            }
            other => return Err(format!("unexpected argument `{other}` to conformance\n{}", crate::USAGE)),
        }
        i += 2;
    }
    if krate.is_some() && specs.is_empty() {
        return Err("--crate names the crate generated from --spec: give both".into());
    }
    let started = Instant::now();
    let prism = prism::binary(root)?;
    let allowlist = Allowlist::read(&root.join(allowlist::FILE))?;
    let target = target(root, specs, krate)?;
    let work = root.join("target/conformance").join(&target.name);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let (binary, calls) = build_program(root, &target, &work)?;
    let spec = prism_document(&target, &work)?;

    let mut modes = vec![("static".to_owned(), None)];
    modes.extend((1..=rounds).map(|seed| (format!("dynamic seed {seed}"), Some(seed))));
    let mut failed = 0;
    let mut used = vec![false; allowlist.len()];
    let mut totals = Vec::new();
    // Every call of every mode, passed or not: `mode, method, call, outcome, status, detail`.
    let mut report = String::from("mode\tmethod\tcall\toutcome\tstatus\tdetail\n");
    for (mode, seed) in &modes {
        let log = format!("prism-{}", seed.map_or("static".to_owned(), |s| format!("dynamic-{s}")));
        let outcomes = run_mode(&prism, &spec, *seed, &work, &log, (&binary, calls))?;
        let kind = if seed.is_some() { "dynamic" } else { "static" };
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for outcome in &outcomes {
            let detail = outcome.detail.replace(['\t', '\n'], " ");
            let line: [&str; 6] = [
                mode,
                &outcome.operation,
                &outcome.call.to_string(),
                &outcome.outcome,
                &outcome.status.to_string(),
                &detail,
            ];
            report.push_str(&line.join("\t"));
            report.push('\n');
            if outcome.outcome == "passed" {
                *counts.entry("passed").or_default() += 1;
                continue;
            }
            let entry =
                allowlist.find(&target.name, &outcome.operation, outcome.call, kind, &outcome.outcome, &outcome.detail);
            let verdict = match entry {
                Some(index) => {
                    used[index] = true;
                    "allowlisted"
                }
                None => {
                    failed += 1;
                    "FAILED"
                }
            };
            *counts.entry(if entry.is_some() { "allowlisted" } else { "failed" }).or_default() += 1;
            *counts.entry(outcome_label(&outcome.outcome)).or_default() += 1;
            println!(
                "  {mode}: {} call {}: {} {}{}: {}",
                outcome.operation,
                outcome.call,
                verdict,
                outcome.outcome,
                if outcome.status > 0 { format!(" ({})", outcome.status) } else { String::new() },
                outcome.detail.chars().take(400).collect::<String>()
            );
        }
        let operations: std::collections::BTreeSet<&str> = outcomes.iter().map(|o| o.operation.as_str()).collect();
        let line = format!(
            "{mode}: {}, {}: {} passed (accepted and decoded), {} rejected, {} not decoded, {} error status, {} other, {} server crash; {} allowlisted, {} failed",
            generator::surface::count(operations.len(), "method"),
            generator::surface::count(outcomes.len(), "call"),
            counts.get("passed").unwrap_or(&0),
            counts.get("rejected").unwrap_or(&0),
            counts.get("not decoded").unwrap_or(&0),
            counts.get("error status").unwrap_or(&0),
            counts.get("other").unwrap_or(&0),
            counts.get("server crash").unwrap_or(&0),
            counts.get("allowlisted").unwrap_or(&0),
            counts.get("failed").unwrap_or(&0),
        );
        println!("{line}");
        totals.push(line);
    }
    for (index, entry) in allowlist.entries().iter().enumerate() {
        if entry.spec == target.name && !used[index] {
            println!("note: allowlist entry not needed in this run: {}", entry.describe());
        }
    }
    let report_path = work.join("report.tsv");
    std::fs::write(&report_path, report).map_err(|e| format!("{}: {e}", report_path.display()))?;
    println!(
        "\n{} conformance, {:.0} s (every call: {}):",
        target.name,
        started.elapsed().as_secs_f64(),
        report_path.display()
    );
    for line in &totals {
        println!("  {line}");
    }
    if failed > 0 {
        eprintln!("{failed} call(s) failed outside {}", allowlist::FILE);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Every call of one mode, against one Prism (static, or dynamic with `seed`), its log in
/// `work/{log}.log`. Should Prism stop (an error it does not catch ends the process), the call
/// it was answering is a `crash` (the error from its log in the detail), the calls after it,
/// which found nothing listening, are not counted, and a new Prism (`{log}-restart-N.log`)
/// takes the calls from the next one on: one crash is one failure, named.
fn run_mode(
    prism: &Path,
    spec: &Path,
    seed: Option<u64>,
    work: &Path,
    log: &str,
    (binary, calls): (&Path, usize),
) -> Result<Vec<Outcome>, String> {
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut restart = 0;
    loop {
        let name = if restart == 0 { format!("{log}.log") } else { format!("{log}-restart-{restart}.log") };
        let log_path = work.join(name);
        let mut server = prism::Server::start(prism, spec, seed, &log_path)?;
        let mut segment = run_program(binary, &server.base_url(), outcomes.len())?;
        let alive = server.alive();
        drop(server);
        let text = std::fs::read_to_string(&log_path).unwrap_or_default();
        // The call Prism died on: the first of the transport failures that end the run.
        let crashed = if alive { None } else { crash_call(&segment) };
        if let Some(at) = crashed {
            segment.truncate(at + 1);
        }
        apply_log(&mut segment, &text);
        let Some(at) = crashed else {
            outcomes.extend(segment);
            return Ok(outcomes);
        };
        let error = prism::crash(&text).unwrap_or_else(|| "no error in its log".to_owned());
        let call = &mut segment[at];
        call.outcome = "crash".into();
        call.status = 0;
        call.detail = format!("Prism stopped while answering this call ({error}); restarted for the next call");
        println!("  note: Prism stopped on {} call {}; restarting it", call.operation, call.call);
        outcomes.extend(segment);
        if outcomes.len() >= calls {
            return Ok(outcomes);
        }
        restart += 1;
    }
}

/// Where the trailing run of transport failures (`other`; an `argument` sends nothing)
/// starts, when there is one.
fn crash_call(outcomes: &[Outcome]) -> Option<usize> {
    let mut start = None;
    for (i, outcome) in outcomes.iter().enumerate().rev() {
        match outcome.outcome.as_str() {
            "other" => start = Some(i),
            "argument" => {}
            _ => break,
        }
    }
    start
}

/// Prism's log has the violations of every request, also where its response carried no
/// `sl-violations` header: each call but those whose argument did not decode sent one request,
/// in order.
fn apply_log(outcomes: &mut [Outcome], log: &str) {
    let verdicts = prism::verdicts(log);
    let sent: Vec<&mut Outcome> = outcomes.iter_mut().filter(|o| o.outcome != "argument").collect();
    if sent.len() != verdicts.len() {
        println!("note: Prism logged {} requests for {} calls; its log is not used", verdicts.len(), sent.len());
        return;
    }
    for (outcome, verdict) in sent.into_iter().zip(verdicts) {
        if let Some(errors) = verdict {
            outcome.outcome = "rejected".into();
            outcome.detail = errors.join("; ");
        }
    }
}

fn outcome_label(outcome: &str) -> &'static str {
    match outcome {
        "rejected" => "rejected",
        "decode" => "not decoded",
        "status" => "error status",
        "crash" => "server crash",
        _ => "other",
    }
}

/// The crate to check: `generated/` from `spec/` by default; with `--spec`, the crate at
/// `--crate`, or one generated into `target/conformance/NAME/client`.
fn target(root: &Path, specs: Vec<PathBuf>, krate: Option<PathBuf>) -> Result<Target, String> {
    if specs.is_empty() {
        let config_path = root.join(xtask::CONFIG_PATH);
        let text = std::fs::read_to_string(&config_path).map_err(|e| format!("{}: {e}", config_path.display()))?;
        let config = Config::from_yaml(xtask::CONFIG_PATH, &text).map_err(|e| e.to_string())?;
        let spec_dir = config_path.parent().unwrap_or(root);
        let specs = config.inputs.iter().map(|input| spec_dir.join(input)).collect();
        return Ok(Target { name: config.krate.name.clone(), specs, krate: root.join("generated"), config });
    }
    let stem = specs[0].file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "api".into());
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("api_{name}") };
    match krate {
        Some(dir) => {
            let manifest =
                std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| format!("{}: {e}", dir.display()))?;
            let package = manifest
                .lines()
                .find_map(|l| l.strip_prefix("name = ").map(|n| n.trim().trim_matches('"').to_owned()))
                .ok_or_else(|| format!("{}: no package name in Cargo.toml", dir.display()))?;
            let config = Config::for_crate(&package);
            let krate = std::path::absolute(&dir).map_err(|e| e.to_string())?;
            Ok(Target { name, specs, krate, config })
        }
        None => {
            let config = Config::for_crate(&name);
            let out = root.join("target/conformance").join(&name).join("client");
            let generated = generator::generate_paths(
                &specs,
                None,
                &config,
                generator::EmitOptions { standalone: true, ..Default::default() },
            )
            .map_err(|e| e.to_string())?;
            generator::write::replace_dir(&out, &generated.files).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("{name}: generated {} methods into {}", generated.operations, out.display());
            Ok(Target { name, specs, krate: out, config })
        }
    }
}

/// Writes and builds the program (into the repository's `target/`, so the client's
/// dependencies are shared); returns the binary and how many calls it makes.
fn build_program(root: &Path, target: &Target, work: &Path) -> Result<(PathBuf, usize), String> {
    let (api, doc) = generator::model_and_document(&target.specs, &target.config).map_err(|e| e.to_string())?;
    let program = generator::conformance::program(&api, &doc, &target.krate.to_string_lossy());
    let dir = work.join("program");
    generator::write::replace_dir(&dir, &program.files).map_err(|e| format!("{}: {e}", dir.display()))?;
    // The workspace's lock file: the same versions as the crates already built.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let methods: std::collections::BTreeSet<&str> = program.calls.iter().map(|c| c.operation.as_str()).collect();
    println!(
        "{}: {}, {}; building the program in {}",
        target.name,
        generator::surface::count(methods.len(), "method"),
        generator::surface::count(program.calls.len(), "call"),
        dir.display()
    );
    // The repository's `target/` unless the caller names another (a test running inside
    // `cargo test` must: that one is locked while tests run).
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the conformance program in {} does not build", dir.display()));
    }
    let package = format!("conformance-{}", api.krate.name);
    Ok((target_dir.join("debug").join(package), program.calls.len()))
}

/// The document Prism serves: the spec as given when it is one OpenAPI file, else the
/// normalized, merged document (several files, docs pages).
fn prism_document(target: &Target, work: &Path) -> Result<PathBuf, String> {
    let mut files = generator::load::expand(&target.specs).map_err(|e| e.to_string())?;
    // WebSocket channels are not Prism's to serve (the program does not call them).
    let mut http = Vec::new();
    for file in files.drain(..) {
        if !generator::load::is_asyncapi_file(&file).map_err(|e| e.to_string())? {
            http.push(file);
        }
    }
    let files = http;
    if let [file] = files.as_slice()
        && file.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
    {
        return std::path::absolute(file).map_err(|e| e.to_string());
    }
    let mut tree = generator::normalized_document(&files, false).map_err(|e| e.to_string())?;
    xtask::unique_operation_ids(&mut tree);
    let path = work.join("openapi.json");
    let text = serde_json::to_string_pretty(&tree).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Runs the program against `base_url`, from call `first` on; one outcome per call.
fn run_program(binary: &Path, base_url: &str, first: usize) -> Result<Vec<Outcome>, String> {
    let output = Command::new(binary)
        .arg(base_url)
        .arg(first.to_string())
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "the conformance program failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).chars().take(2000).collect::<String>()
        ));
    }
    let mut outcomes = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("program output `{line}`: {e}"))?;
        let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str).unwrap_or_default().to_owned();
        outcomes.push(Outcome {
            operation: text("operation"),
            call: value.get("call").and_then(serde_json::Value::as_u64).unwrap_or(0) as usize,
            outcome: text("outcome"),
            status: value.get("status").and_then(serde_json::Value::as_u64).unwrap_or(0),
            detail: text("detail"),
        });
    }
    Ok(outcomes)
}

#[cfg(test)]
mod tests {
    use super::{Outcome, crash_call};

    fn outcome(kind: &str) -> Outcome {
        Outcome { operation: "client.a()".into(), call: 0, outcome: kind.into(), status: 0, detail: String::new() }
    }

    #[test]
    fn the_crash_is_the_first_of_the_transport_failures_that_end_the_run() {
        let run: Vec<Outcome> =
            ["passed", "other", "status", "other", "argument", "other", "other"].into_iter().map(outcome).collect();
        assert_eq!(crash_call(&run), Some(3));
        let run: Vec<Outcome> = ["passed", "other", "passed"].into_iter().map(outcome).collect();
        assert_eq!(crash_call(&run), None);
    }
}
