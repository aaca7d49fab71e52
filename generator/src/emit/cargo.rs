//! `Cargo.toml` and `src/lib.rs` of the generated crate.
//!
//! `lib.rs` is written as text in rustfmt's own layout (so `cargo fmt --check` passes on it);
//! the modules it declares are printed by prettyplease and marked `#[rustfmt::skip]`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::runtime::{Gate, Needed, Usage};
use crate::model::{Api, TypeKind};

/// The generated crate's dependencies: `(name, TOML value)`. Versions match the workspace's
/// `[workspace.dependencies]` (a test checks it); features are only what the runtime uses.
pub const DEPENDENCIES: [(&str, &str); 7] = [
    ("bytes", r#""1.12.2""#),
    ("futures-core", r#""0.3.34""#),
    ("getrandom", r#"{ version = "0.4.3", default-features = false }"#),
    ("reqwest", r#"{ version = "0.13.5", default-features = false, features = ["rustls", "http2", "stream"] }"#),
    ("serde", r#"{ version = "1.0.229", features = ["derive"] }"#),
    ("serde_json", r#""1.0.154""#),
    ("tokio", r#"{ version = "1.54.1", features = ["time"] }"#),
];

/// What a crate with WebSocket channels or lists read in pages needs on top: stream
/// combinators, and the sink a session's sender is.
pub const STREAM_DEPENDENCIES: [(&str, &str); 1] =
    [("futures-util", r#"{ version = "0.3.34", default-features = false, features = ["sink"] }"#)];

/// What a crate with WebSocket channels needs on top of that: the sessions, base64.
pub const SOCKET_DEPENDENCIES: [(&str, &str); 2] = [
    ("base64", r#""0.22.1""#),
    (
        "tokio-tungstenite",
        r#"{ version = "0.30.0", default-features = false, features = ["connect", "rustls-tls-native-roots"] }"#,
    ),
];

/// What a crate with multipart responses needs on top of the stream combinators: the parser
/// of a multipart body, and the media types that say where its parts end.
pub const PARTS_DEPENDENCIES: [(&str, &str); 2] =
    [("mime", r#""0.3.18""#), ("multer", r#"{ version = "3.1.0", default-features = false }"#)];

/// The dependency behind the `tracing` feature every crate has (off by default): a span per
/// call, an event per retry.
pub const TRACING_DEPENDENCY: (&str, &str) =
    ("tracing", r#"{ version = "0.1.44", default-features = false, features = ["std"], optional = true }"#);

/// What the examples need on top: an async runtime for `main`.
pub const EXAMPLE_DEPENDENCIES: [(&str, &str); 1] =
    [("tokio", r#"{ version = "1.54.1", features = ["macros", "rt-multi-thread", "time"] }"#)];

pub(super) fn manifest(api: &Api, usage: &Usage, options: &super::EmitOptions, examples: bool) -> String {
    let krate = &api.krate;
    let mut out = options.toml_header();
    out.push_str("[package]\n");
    let _ = writeln!(out, "name = {}", toml_string(&krate.name));
    let _ = writeln!(out, "version = {}", toml_string(&krate.version));
    out.push_str("edition = \"2024\"\nrust-version = \"1.85\"\n");
    if let Some(description) = &krate.description {
        let _ = writeln!(out, "description = {}", toml_string(description));
    }
    let urls = [
        ("license", &krate.license),
        ("repository", &krate.repository),
        ("homepage", &krate.homepage),
        ("documentation", &krate.documentation),
    ];
    for (key, value) in urls {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {}", toml_string(value));
        }
    }
    out.push_str("readme = \"README.md\"\n");
    for (key, list) in [("keywords", &krate.keywords), ("categories", &krate.categories)] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(|k| toml_string(k)).collect();
            let _ = writeln!(out, "{key} = [{}]", items.join(", "));
        }
    }
    out.push_str("\n[dependencies]\n");
    // Each optional module's dependencies, compiled where the module is.
    let optional: [(&[(&str, &str)], Needed); 3] = [
        (&STREAM_DEPENDENCIES, |u| u.sockets || u.pages || u.parts),
        (&SOCKET_DEPENDENCIES, |u| u.sockets),
        (&PARTS_DEPENDENCIES, |u| u.parts),
    ];
    let mut dependencies: Vec<(&str, String)> =
        DEPENDENCIES.iter().chain([&TRACING_DEPENDENCY]).map(|(name, value)| (*name, (*value).to_owned())).collect();
    // What each feature turns on: the optional dependencies of the modules its groups use.
    let mut enables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (list, needed) in optional {
        match usage.gate(needed) {
            None => {}
            Some(Gate::Always) => dependencies.extend(list.iter().map(|(name, value)| (*name, (*value).to_owned()))),
            Some(Gate::Any(features)) => {
                for (name, value) in list {
                    dependencies.push((name, optional_value(value)));
                    for feature in &features {
                        enables.entry(feature.clone()).or_default().push(format!("dep:{name}"));
                    }
                }
            }
        }
    }
    dependencies.sort();
    for (name, value) in &dependencies {
        let _ = writeln!(out, "{name} = {value}");
    }
    if examples {
        out.push_str("\n[dev-dependencies]\n");
        for (name, value) in EXAMPLE_DEPENDENCIES {
            let _ = writeln!(out, "{name} = {value}");
        }
    }
    out.push_str("\n[features]\n");
    if !api.features.is_empty() {
        out.push_str("# One feature per group of operations: all on by default; without the defaults, only the\n");
        out.push_str("# groups named are compiled, with the types and the optional dependencies they use.\n");
        let all: Vec<String> = api.features.iter().map(|f| toml_string(f)).collect();
        let _ = writeln!(out, "default = [{}]", all.join(", "));
        for feature in &api.features {
            let mut deps = enables.remove(feature).unwrap_or_default();
            deps.sort();
            let deps: Vec<String> = deps.iter().map(|d| toml_string(d)).collect();
            let _ = writeln!(out, "{feature} = [{}]", deps.join(", "));
        }
    }
    out.push_str("# A span per call and an event per retry (see the README).\ntracing = [\"dep:tracing\"]\n");
    out.push_str("\n[package.metadata.docs.rs]\nall-features = true\n");
    if options.standalone {
        out.push_str("\n# Builds on its own, wherever it is put.\n[workspace]\n");
    }
    out
}

/// A dependency's TOML value, made optional (turned on by the features that need it).
fn optional_value(value: &str) -> String {
    match value.strip_suffix(" }") {
        Some(table) => format!("{table}, optional = true }}"),
        None => format!("{{ version = {value}, optional = true }}"),
    }
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The most fields a struct may have under the compiler's default recursion limit (128), with
/// room to spare for the types around them.
const RECURSION_SAFE_FIELDS: usize = 100;

pub(super) fn lib_rs(api: &Api, usage: &Usage, header: &str) -> String {
    let uses = &usage.whole;
    let mut out = String::from(header);
    out.push('\n');
    out.push_str("#![doc = include_str!(\"../README.md\")]\n");
    out.push_str("#![forbid(unsafe_code)]\n");
    // `object!` reads a struct's fields as a list nested one level per field, which the macro
    // expands and the trait solver walks recursively: past the default depth of 128, raise it.
    let widest = api.types.iter().filter_map(|def| match &def.kind {
        TypeKind::Struct(fields, _) => Some(fields.len()),
        _ => None,
    });
    if let Some(depth) = widest.max().filter(|&n| n > RECURSION_SAFE_FIELDS) {
        let _ = writeln!(out, "#![recursion_limit = \"{}\"]", (depth * 2).next_power_of_two());
    }
    out.push('\n');
    out.push_str("#[rustfmt::skip]\npub mod api;\n");
    out.push_str("#[rustfmt::skip]\nmod client;\n");
    if uses.typed_errors {
        out.push_str("#[rustfmt::skip]\npub mod errors;\n");
    }
    out.push_str("#[rustfmt::skip]\nmod runtime;\n");
    if !api.types.is_empty() || !super::sockets::sockets(api).is_empty() {
        out.push_str("#[rustfmt::skip]\npub mod types;\n");
    }
    out.push('\n');
    if !api.environments.is_empty() {
        out.push_str("pub use client::Environment;\n");
    }
    // One item a line, sorted as rustfmt sorts them, so rustfmt (whatever its width) leaves them.
    if uses.typed_errors {
        out.push_str("pub use errors::ErrorBody;\n");
    }
    // The items behind features follow, one `use` for the items behind the same features.
    let mut gated: Vec<(Vec<String>, Vec<&str>)> = Vec::new();
    for (name, gate) in super::runtime::exports(usage) {
        match gate {
            Gate::Always => {
                let _ = writeln!(out, "pub use runtime::{name};");
            }
            Gate::Any(features) => match gated.iter_mut().find(|(f, _)| *f == features) {
                Some((_, names)) => names.push(name),
                None => gated.push((features, vec![name])),
            },
        }
    }
    for (features, names) in gated {
        // Skipped: rustfmt would lay out a long `cfg` by its width, which is the user's.
        let _ = write!(out, "#[rustfmt::skip]\n{}", super::cfg_line(&features));
        let _ = match names.as_slice() {
            [one] => writeln!(out, "pub use runtime::{one};"),
            many => writeln!(out, "pub use runtime::{{{}}};", many.join(", ")),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        DEPENDENCIES, EXAMPLE_DEPENDENCIES, PARTS_DEPENDENCIES, SOCKET_DEPENDENCIES, STREAM_DEPENDENCIES,
        TRACING_DEPENDENCY,
    };

    /// The generated crate pins the same versions as the workspace, which is where every
    /// version is chosen.
    #[test]
    fn dependency_versions_match_the_workspace() -> Result<(), String> {
        let workspace = include_str!("../../../Cargo.toml");
        for (name, value) in DEPENDENCIES
            .iter()
            .chain(&EXAMPLE_DEPENDENCIES)
            .chain(&SOCKET_DEPENDENCIES)
            .chain(&STREAM_DEPENDENCIES)
            .chain(&PARTS_DEPENDENCIES)
            .chain([&TRACING_DEPENDENCY])
        {
            let version = value.split('"').find(|part| part.starts_with(|c: char| c.is_ascii_digit()));
            let line = workspace.lines().find(|line| line.starts_with(&format!("{name} = "))).unwrap_or_default();
            let Some(version) = version else {
                return Err(format!("`{name}` has no version"));
            };
            if line.is_empty() {
                return Err(format!("`{name}` is missing from [workspace.dependencies]"));
            }
            assert!(
                line.contains(&format!("\"{version}\"")),
                "`{name}`: the generator emits {version}, the workspace has `{line}`"
            );
        }
        Ok(())
    }
}
