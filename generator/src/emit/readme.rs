//! The generated crate's `README.md`: what it is, how to add it, the first call, its features,
//! its examples and license. `src/lib.rs` takes it as the crate's front page
//! (`#![doc = include_str!(..)]`), so the first call is compiled by the crate's doc tests and
//! reads the same on crates.io, docs.rs and in the repository.

use std::fmt::Write as _;

use crate::model::{Api, Group, HttpMethod, KeyStyle, Method, ResponseKind};

/// The README of `api`'s crate; `examples`: `(file name, source)` of its example programs.
/// `header`: the `@generated` comment it starts with.
pub(super) fn readme(api: &Api, examples: &[(String, String)], header: &str) -> String {
    let krate = &api.krate;
    let mut out = String::from(header);
    let _ = writeln!(out, "# {}\n", krate.name);
    let title = krate.description.clone().unwrap_or_else(|| format!("Client for the `{}` API.", krate.name));
    let _ = writeln!(out, "{title}\n");
    if let Some(doc) = &api.doc {
        let _ = writeln!(out, "{}\n", doc.trim_end());
    }
    out.push_str("## Install\n\n```toml\n[dependencies]\n");
    let _ = writeln!(out, "{} = \"{}\"", krate.name, krate.version);
    out.push_str("```\n\n## The first call\n\n");
    out.push_str(&first_call(api));
    out.push_str("\n## Features\n\n");
    // The feature the first call's group is behind, as the one to name.
    let shown = example_call(api).and_then(|(group, _)| group.feature.as_ref()).or(api.features.first());
    if let Some(first) = shown {
        let names: Vec<String> = api.features.iter().map(|f| format!("`{f}`")).collect();
        let _ = writeln!(
            out,
            "- One per group of operations, all on by default: {}. To compile only the groups you call, \
             with the types, runtime parts and dependencies they use:\n\n  ```toml\n  [dependencies]\n  {} = {{ version = \"{}\", default-features = false, \
             features = [\"{first}\"] }}\n  ```\n",
            names.join(", "),
            api.krate.name,
            api.krate.version,
        );
    }
    out.push_str(
        "- `tracing` (off by default): a span per call (operation, method, path template, status, attempts, \
         request id, duration) and an event per retry, through the `tracing` crate; never a key, a URL or a body.\n",
    );
    if !examples.is_empty() {
        // Links into the published package's source on docs.rs: they hold on crates.io, on
        // docs.rs (where this page is the crate's front page) and in a repository alike.
        let source = format!("https://docs.rs/crate/{}/{}/source/examples", krate.name, krate.version);
        let _ = writeln!(out, "\n## Examples\n\nRun one with `cargo run --example NAME`.\n");
        for (file, text) in examples {
            let stem = file.trim_end_matches(".rs");
            let _ = write!(out, "- [`{stem}`]({source}/{file})");
            match summary(text) {
                Some(sentence) => {
                    let _ = writeln!(out, ": {sentence}");
                }
                None => out.push('\n'),
            }
        }
    }
    if let Some(license) = &krate.license {
        let _ = writeln!(out, "\n## License\n\n{license}");
    }
    out
}

/// A program that makes one call: the client from the environment, then the first call the
/// front page can show without arguments.
fn first_call(api: &Api) -> String {
    let module = api.krate.name.replace('-', "_");
    let mut out = String::from("```rust,no_run\n");
    let _ = writeln!(out, "async fn first_call() -> {module}::Result<()> {{");
    let credentials = match &api.auth.style {
        KeyStyle::Basic => " (`user:password`, sent as HTTP Basic credentials)".to_owned(),
        KeyStyle::Query(name) => format!(" (sent as the query parameter `{name}`)"),
        KeyStyle::Header(_) | KeyStyle::Bearer => String::new(),
    };
    let _ = writeln!(out, "    // The API key comes from `{}`{credentials}.", api.auth.env);
    let _ = writeln!(out, "    let client = {module}::Client::from_env()?;");
    if let Some((group, method)) = example_call(api) {
        let path: String = group.path.iter().map(|p| format!(".{p}()")).collect();
        let _ = writeln!(out, "    let answer = client{path}.{}().await?;", method.name);
        out.push_str("    println!(\"{answer:?}\");\n");
    }
    out.push_str("    Ok(())\n}\n```\n");
    out
}

/// The call the front page shows: a `GET` that takes no argument and answers JSON, in a group
/// (the shallowest first), a `list` before others, then in group and name order.
fn example_call(api: &Api) -> Option<(&Group, &Method)> {
    let candidates = api.groups.iter().flat_map(|g| g.methods.iter().map(move |m| (g, m)));
    candidates
        .filter(|(_, m)| {
            m.http_method == HttpMethod::Get
                && m.args.is_empty()
                && !m.deprecated
                && matches!(m.response, ResponseKind::Json(_))
        })
        .min_by_key(|(g, m)| (g.path.is_empty(), g.path.len(), m.name != "list", g.path.clone(), m.name.clone()))
}

/// The first sentence of an example's `//!` docs.
fn summary(source: &str) -> Option<String> {
    let lines = source.lines().map_while(|l| l.strip_prefix("//!")).map(str::trim);
    let paragraph: Vec<&str> = lines.take_while(|l| !l.is_empty()).collect();
    let text = paragraph.join(" ");
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    let sentence = text[..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_owned())
}
