//! `cargo xtask check-specs`: the real-world bar. Every ElevenLabs input under
//! `../shared/specs/` becomes a crate that must pass clippy and rustdoc with warnings denied.
//!
//! The crates share one target folder, so their dependencies build once.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{Config, EmitOptions};

/// `(short name, path under ../shared/specs)`.
const INPUTS: [(&str, &str); 4] = [
    ("pages", "elevenlabs-pages"),
    ("openapi_2025_08_24", "elevenlabs-openapi/openapi-2025-08-24.json"),
    ("openapi_2026_03_17", "elevenlabs-openapi/openapi-2026-03-17.json"),
    ("openapi_2026_08_22", "elevenlabs-openapi/openapi-2026-08-22.json"),
];

struct Row {
    name: &'static str,
    operations: usize,
    skipped: usize,
    ignored: usize,
    types: usize,
    lines: usize,
    generate_ms: u128,
    check_s: f64,
    ok: bool,
}

pub fn check_specs(root: &Path, only: Option<&str>, skip_build: bool) -> Result<ExitCode, String> {
    let shared = root.join("../shared/specs");
    if !shared.is_dir() {
        return Err(format!(
            "{} not found: check-specs needs the shared specs beside the repository",
            shared.display()
        ));
    }
    let config_text = std::fs::read_to_string(root.join(generator::CONFIG_PATH)).map_err(|e| e.to_string())?;
    let base_config = Config::from_yaml(generator::CONFIG_PATH, &config_text).map_err(|e| e.to_string())?;
    let work = root.join("target/spec-check");
    let mut rows = Vec::new();
    let mut names: Vec<(&str, generator::Generated)> = Vec::new();
    for (name, input) in INPUTS {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let spec = shared.join(input);
        let mut config = base_config.clone();
        config.krate.name = format!("elevenlabs_{name}");
        config.inputs.clear();
        let started = Instant::now();
        let generated = generator::generate_paths(
            std::slice::from_ref(&spec),
            Some(&shared),
            &config,
            EmitOptions { standalone: true },
        )
        .map_err(|e| format!("{e}"))?;
        let generate_ms = started.elapsed().as_millis();
        for skipped in &generated.skipped_operations {
            eprintln!("warning: {skipped}");
        }
        names.push((name, generated.clone()));
        let out = work.join(name);
        crate::write::replace_dir(&out, &generated.files).map_err(|e| format!("writing {}: {e}", out.display()))?;
        let lines = generated.files.values().map(|text| text.lines().count()).sum();
        let ignored = count_ignored(&spec);
        let mut row = Row {
            name,
            operations: generated.operations,
            skipped: generated.skipped_operations.len(),
            ignored,
            types: generated.types,
            lines,
            generate_ms,
            check_s: 0.0,
            ok: true,
        };
        if !skip_build {
            let started = Instant::now();
            row.ok = cargo(&out, &work, &["clippy", "--quiet", "--", "-D", "warnings"])
                && cargo(&out, &work, &["doc", "--quiet", "--no-deps"]);
            row.check_s = started.elapsed().as_secs_f64();
        }
        rows.push(row);
    }
    println!("\n| input | operations | skipped | x-fern-ignore | types | lines | generate | clippy+doc | result |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} ms | {:.1} s | {} |",
            r.name,
            r.operations,
            r.skipped,
            r.ignored,
            r.types,
            r.lines,
            r.generate_ms,
            r.check_s,
            if r.ok { "ok" } else { "FAILED" }
        );
    }
    let mismatches = naming_mismatches(&names);
    let failed = rows.iter().any(|r| !r.ok || r.skipped > 0) || mismatches > 0;
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn cargo(crate_dir: &Path, work: &Path, args: &[&str]) -> bool {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .status();
    matches!(status, Ok(s) if s.success())
}

/// Operations marked `x-fern-ignore` in a JSON capture (pages have none).
fn count_ignored(spec: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(spec) else { return 0 };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else { return 0 };
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else { return 0 };
    paths
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter(|op| op.get("x-fern-ignore").and_then(|v| v.as_bool()) == Some(true))
        .count()
}

/// The same operation must get the same group and method name from a docs page and from
/// the official documents. Prints each difference; returns how many there are.
fn naming_mismatches(inputs: &[(&str, generator::Generated)]) -> usize {
    let Some((_, pages)) = inputs.iter().find(|(name, _)| *name == "pages") else { return 0 };
    let mut same = 0;
    let mut different = 0;
    for (key, page_name) in &pages.methods {
        // The newest capture that has the operation decides.
        let official = inputs.iter().rev().filter(|(name, _)| *name != "pages").find_map(|(_, g)| g.methods.get(key));
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
