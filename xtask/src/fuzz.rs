//! `cargo xtask fuzz`: runs the pipeline fuzz target (generator/fuzz) with a seed corpus made
//! from this repository's specs, for a bounded time.
//!
//! cargo fuzz needs nightly-only compiler flags; `RUSTC_BOOTSTRAP=1` lets the stable
//! toolchain accept them, so no other toolchain is needed.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Seed inputs: `(format byte, file)`; the byte is the fuzz target's format selector.
const SEEDS: [(u8, &str); 3] = [
    (0, "generator/tests/fixtures/seed/spec/service-accounts-api-keys-create.yaml"),
    (0, "generator/tests/fixtures/kitchen-sink/spec/openapi.yaml"),
    (0, "generator/tests/fixtures/kitchen-sink/generator.yaml"),
];

pub fn run(root: &Path, seconds: u64) -> Result<ExitCode, String> {
    let corpus = root.join("generator/fuzz/corpus/pipeline");
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    for (i, (format, file)) in SEEDS.iter().enumerate() {
        let text = std::fs::read(root.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let mut seed = vec![*format];
        seed.extend_from_slice(&text);
        std::fs::write(corpus.join(format!("seed-{i}")), &seed).map_err(|e| e.to_string())?;
        // The same document as a docs page.
        let mut page = vec![2u8];
        page.extend_from_slice(b"# Page\n\n## OpenAPI Specification\n\n```yaml\n");
        page.extend_from_slice(&text);
        page.extend_from_slice(b"```\n");
        std::fs::write(corpus.join(format!("seed-{i}-page")), &page).map_err(|e| e.to_string())?;
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["fuzz", "run", "pipeline"])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .current_dir(root.join("generator"))
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .map_err(|e| format!("cannot run cargo fuzz (install it with `cargo install cargo-fuzz`): {e}"))?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
