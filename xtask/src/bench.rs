//! `cargo xtask bench`: whole-process figures, printed as a table. For each input: the
//! generator's wall time and peak memory (release build), the generated lines and bytes, and
//! `cargo check` / `cargo build` of the generated crate from a warm dependency cache. Other
//! generators are listed where installed and skipped with a note where not.
//!
//! Figures are from one run on a shared machine: compare them as ratios within the run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Other generators a user might pick, and how to install them.
const OTHERS: [(&str, &str); 4] = [
    ("oas3-gen", "cargo install oas3-gen"),
    ("ploidy", "cargo install ploidy"),
    ("cargo-progenitor", "cargo install cargo-progenitor"),
    ("openapi-generator-cli", "npm install -g @openapitools/openapi-generator-cli"),
];

struct Measure {
    wall_s: f64,
    peak_mb: Option<f64>,
}

pub fn run(root: &Path) -> Result<ExitCode, String> {
    let shared = root.join("../shared/specs");
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
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

    let mut inputs: Vec<(&str, PathBuf)> = vec![("seed", root.join("spec/openapi"))];
    if shared.is_dir() {
        let no_multipart = work.join("pages-no-multipart.json");
        let made = Command::new(&xtask)
            .arg("normalize")
            .arg("--spec")
            .arg(shared.join("elevenlabs-pages"))
            .arg("--out")
            .arg(&no_multipart)
            .arg("--no-multipart")
            .status()
            .map_err(|e| e.to_string())?;
        if made.success() {
            inputs.push(("pages without multipart (132 ops)", no_multipart));
        }
        inputs.push(("pages", shared.join("elevenlabs-pages")));
        inputs.push(("openapi-2026-08-22", shared.join("elevenlabs-openapi/openapi-2026-08-22.json")));
    } else {
        println!("note: {} is absent: the seed only", shared.display());
    }

    let target = work.join("target");
    let config = root.join(generator::CONFIG_PATH);
    let mut rows = Vec::new();
    for (i, (name, spec)) in inputs.iter().enumerate() {
        let out = work.join(format!("crate-{i}"));
        let mut command = Command::new(&xtask);
        command.arg("generate").arg("--spec").arg(spec).arg("--out").arg(&out);
        command.arg("--name").arg(format!("bench_{i}")).arg("--config").arg(&config);
        let generated = measure(command)?;
        let (lines, bytes) = count(&out.join("src"));
        // Dependencies first (not timed), then the crate itself from a warm cache.
        let warm = |args: &[&str]| {
            Command::new(&cargo).args(args).arg("--quiet").current_dir(&out).env("CARGO_TARGET_DIR", &target).status()
        };
        // `check` and `build` keep separate artifacts for the dependencies: warm both.
        let _ = warm(&["check"]);
        let _ = warm(&["build"]);
        touch(&out.join("src/lib.rs"));
        let check = cargo_step(&cargo, &out, &target, "check")?;
        touch(&out.join("src/lib.rs"));
        let build = cargo_step(&cargo, &out, &target, "build")?;
        rows.push((name.to_string(), generated, lines, bytes, check, build));
    }

    println!("\n| input | generate | peak memory | lines | bytes | cargo check | check memory | cargo build |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, generated, lines, bytes, check, build) in &rows {
        println!(
            "| {name} | {:.2} s | {} | {lines} | {bytes} | {:.1} s | {} | {:.1} s |",
            generated.wall_s,
            mb(generated.peak_mb),
            check.wall_s,
            mb(check.peak_mb),
            build.wall_s
        );
    }
    println!();
    for (tool, install) in OTHERS {
        let found = Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output();
        match found {
            Ok(output) if output.status.success() => {
                println!(
                    "{tool}: installed at {} (not yet driven by this command)",
                    String::from_utf8_lossy(&output.stdout).trim()
                );
            }
            _ => println!("{tool}: skipped, not installed ({install})"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn mb(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0} MB"))
}

fn cargo_step(cargo: &str, dir: &Path, target: &Path, step: &str) -> Result<Measure, String> {
    let mut command = Command::new(cargo);
    command.arg(step).arg("--quiet").current_dir(dir).env("CARGO_TARGET_DIR", target);
    measure(command)
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
        timed.status()
    } else {
        command.status()
    }
    .map_err(|e| e.to_string())?;
    let wall_s = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{:?} failed", command.get_program()));
    }
    let peak_mb = std::fs::read_to_string(&report)
        .ok()
        .and_then(|text| text.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    let _ = std::fs::remove_file(&report);
    Ok(Measure { wall_s, peak_mb })
}

fn count(dir: &Path) -> (usize, usize) {
    let mut lines = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                lines += text.lines().count();
                bytes += text.len();
            }
        }
    }
    (lines, bytes)
}

fn touch(path: &Path) {
    if let Ok(text) = std::fs::read(path) {
        let _ = std::fs::write(path, text);
    }
}
