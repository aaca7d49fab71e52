//! `cargo xtask bench --features` (and a section of the full run): what a program that calls
//! one text-to-speech operation pays to build the ElevenLabs crate, with only the
//! `text-to-speech` feature against all of them. Dependencies are built first and not timed;
//! the crate and the program are rebuilt from scratch for each timed build (fastest of three).

use std::path::Path;
use std::process::ExitCode;

use super::{Measure, cargo_step, fastest_of_runs, measure};

const PROGRAM: &str = r#"// Calls one text-to-speech operation (never run: built to be measured).
#[tokio::main]
async fn main() -> elevenlabs::Result<()> {
    let client = elevenlabs::Client::from_env()?;
    let body = elevenlabs::types::BodyTextToSpeechFull::new("Hello");
    let audio = client.text_to_speech().convert("voice", &body).await?.collect().await?;
    println!("{} bytes", audio.len());
    Ok(())
}
"#;

/// Builds the program both ways, with the crate compiled as a path dependency (incremental,
/// as cargo builds a crate of your own workspace) and as a crates.io dependency is compiled
/// (not incremental), and prints the rows.
pub fn run(root: &Path) -> Result<ExitCode, String> {
    let ways = [("incremental (path)", true), ("not incremental (registry)", false)];
    let mut measured = Vec::new();
    for (how, incremental) in ways {
        measured.push((how, measure_both(root, incremental)?));
    }
    println!("\n| program calling `text_to_speech().convert` | the crate compiled | cargo build | peak memory |");
    println!("|---|---|---|---|");
    let mut shares = Vec::new();
    for (how, (all, one)) in &measured {
        for (label, m) in
            [("all features (the default)", all), ("`default-features = false, features = [\"text-to-speech\"]`", one)]
        {
            let memory = m.peak_mb.map_or("-".to_owned(), |mb| format!("{mb:.0} MB"));
            println!("| {label} | {how} | {:.1} s | {memory} |", m.wall_s);
        }
        shares.push(format!("{:.0} % {how}", 100.0 * one.wall_s / all.wall_s));
    }
    println!("\nonly text-to-speech, of the build with all features: {}", shares.join("; "));
    Ok(ExitCode::SUCCESS)
}

/// `cargo build` of the program with all features, and with only `text-to-speech`; the crate
/// compiled incrementally or not.
fn measure_both(root: &Path, incremental: bool) -> Result<(Measure, Measure), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let work = root.join("target/bench/features");
    let target = work.join("target");
    let generated = std::path::absolute(root.join("generated")).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, features) in
        [("all", "".to_owned()), ("one", ", default-features = false, features = [\"text-to-speech\"]".to_owned())]
    {
        let dir = work.join(if incremental { name.to_owned() } else { format!("{name}-registry") });
        std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
        let manifest = format!(
            "[package]\nname = \"tts-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
             elevenlabs = {{ path = {:?}{features} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n{}",
            generated.display().to_string(),
            // What cargo does to a dependency from a registry: no incremental compilation.
            if incremental { "" } else { "\n[profile.dev.package.elevenlabs]\nincremental = false\n" },
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("src/main.rs"), PROGRAM).map_err(|e| e.to_string())?;
        let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
        let step = |args: &[&str]| cargo_step(&cargo, &target, &dir, args);
        println!("features: building the program with {name} feature(s) once (dependencies)…");
        if !step(&["build"]).status().map_err(|e| e.to_string())?.success() {
            return Err(format!("the program in {} does not build", dir.display()));
        }
        out.push(fastest_of_runs(|| {
            let _ = step(&["clean", "-p", "elevenlabs"]).status();
            measure(step(&["build"]))
        })?);
    }
    let one = out.pop().ok_or("no measure")?;
    let all = out.pop().ok_or("no measure")?;
    Ok((all, one))
}
