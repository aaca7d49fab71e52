//! The conformance program: a small binary crate, written next to a generated client, that
//! calls every method of the client with arguments synthesized from the normalized schemas
//! ([`synth`]), for `cargo xtask conformance` to run against a contract mock server.
//!
//! It reads the model (which methods exist, their argument types) and the normalized document
//! (the schemas the values must satisfy); nothing else in the generator depends on it.

mod pattern;
mod program;
pub mod synth;
#[cfg(test)]
mod synth_tests;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::model::Api;

/// The most calls made to one method: one with the required inputs, then calls with every
/// optional input, one per arm of the widest union among them.
pub const MAX_CALLS: usize = 8;

/// One call the program makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The method as a user calls it: `client.voices().get()`.
    pub operation: String,
    /// Which call of the method: 0 sends the required inputs only, the others every input.
    pub index: usize,
    /// The HTTP method and path template.
    pub http: String,
    /// The program's function making it.
    pub function: String,
}

/// The program's files, and the calls it makes.
#[derive(Debug, Clone)]
pub struct Program {
    /// `Cargo.toml` and `src/main.rs`.
    pub files: BTreeMap<String, String>,
    /// Every call, in the order they are made.
    pub calls: Vec<Call>,
}

/// The program calling every method of `api` (the crate at `client_dir`, a path written into
/// the program's `Cargo.toml`), with values synthesized from `doc`, the normalized document
/// the model was built from.
pub fn program(api: &Api, doc: &Value, client_dir: &str) -> Program {
    let (main, calls) = program::main_rs(api, doc);
    let mut manifest = String::new();
    let _ = writeln!(manifest, "[package]\nname = \"conformance-{}\"\nversion = \"0.0.0\"", api.krate.name);
    manifest.push_str("edition = \"2024\"\npublish = false\n\n# Not a member of any workspace around it.\n[workspace]\n\n[dependencies]\n");
    let _ = writeln!(manifest, "{} = {{ path = {:?} }}", api.krate.name, client_dir);
    for (name, value) in crate::emit::DEPENDENCIES {
        if matches!(name, "reqwest" | "serde" | "serde_json") {
            let _ = writeln!(manifest, "{name} = {value}");
        }
    }
    manifest.push_str("tokio = { version = \"1.54.1\", features = [\"macros\", \"rt\", \"time\"] }\n");
    let files = BTreeMap::from([("Cargo.toml".to_owned(), manifest), ("src/main.rs".to_owned(), main)]);
    Program { files, calls }
}
