//! The public documents `check-specs` covers, and its rules for them: which skips are
//! allowed, which crates count as large, how operations are counted.

use std::path::{Path, PathBuf};

/// `(short name, path under ../shared/specs/public)`; a multi-file document by its root file.
pub const DOCUMENTS: &[(&str, &str)] = &[
    ("oai_callback", "oai-callback-example.yaml"),
    ("oai_link", "oai-link-example.yaml"),
    ("oai_tictactoe", "oai-tictactoe.yaml"),
    ("adyen_balance_notification", "adyen-BalancePlatformBalanceNotification-v1.json"),
    ("readme_parameters_style", "readme-parameters-style.json"),
    ("alertmanager", "alertmanager-openapi.yaml"),
    ("gotify", "gotify-spec.json"),
    ("netlify", "netlify-swagger.yml"),
    ("harbor", "harbor-swagger.yaml"),
    ("apideck_webhook", "apideck-webhook.yml"),
    ("twilio_messaging", "twilio_messaging_v1.json"),
    ("marimo", "marimo-api.yaml"),
    ("spotify", "spotify-fixed-spotify-open-api.yml"),
    ("lob", "lob/lob-api-public.yml"),
    ("lichess", "lichess/doc/specs/lichess-api.yaml"),
    ("discord", "discord-openapi.json"),
    ("box", "box-openapi.json"),
    ("digitalocean", "digitalocean/specification/DigitalOcean-public.v2.yaml"),
];

/// How far a generated crate is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Not at all (`--no-build`).
    None,
    /// `cargo check`, warnings denied.
    Check,
    /// `cargo clippy` and `cargo doc`, warnings denied.
    Full,
}

/// Crates with more types than this are large: `--public-light` only checks them. Today
/// Spotify (533 types), Discord (1097) and Box (1159) are above it; the OpenAPI examples,
/// Adyen, apideck (55) and Twilio (77) below. A check is about half the time of clippy + rustdoc.
pub const LARGE_TYPES: usize = 300;

/// The build depth of a public document in `--public-light` mode.
pub fn light_depth(types: usize) -> Depth {
    if types > LARGE_TYPES { Depth::Check } else { Depth::Full }
}

/// Whether a skipped operation was skipped only because its request body is XML, which the
/// generator does not write (the one skip `check-specs` accepts outside ElevenLabs).
pub fn is_xml_only_body(skipped: &generator::Error) -> bool {
    let Some(rest) = skipped.message.strip_prefix("request body of type ") else { return false };
    let Some((types, _)) = rest.split_once(" is not supported") else { return false };
    types.split(", ").all(|media_type| {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
    })
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The `(path, method)` operations of the input (the channels of an AsyncAPI document), or
/// `None` when it does not load: those of a single file as written (following path items that are a `$ref` to another file), those of
/// a folder after normalizing and merging it.
pub fn count_operations(paths: &[PathBuf]) -> Option<usize> {
    if let [file] = paths
        && file.is_file()
    {
        let tree = load_tree(file)?;
        // An AsyncAPI document: each channel is one operation (the `GET` that opens it).
        if tree.get("asyncapi").is_some() {
            return Some(tree.get("channels").and_then(serde_json::Value::as_object).map_or(0, |c| c.len()));
        }
        let Some(items) = tree.get("paths").and_then(serde_json::Value::as_object) else { return Some(0) };
        let mut count = 0;
        for item in items.values() {
            match item.get("$ref").and_then(serde_json::Value::as_str) {
                Some(reference) => count += methods(&referenced(file, reference)?),
                None => count += methods(item),
            }
        }
        return Some(count);
    }
    let tree = generator::normalized_document(paths, false).ok()?;
    Some(tree.get("paths")?.as_object()?.values().map(methods).sum())
}

/// A YAML or JSON file as a tree (path-item files are not whole documents, so not `load`).
fn load_tree(file: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(file).ok()?;
    match file.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).ok(),
        _ => serde_yaml::from_str(&text).ok(),
    }
}

/// The value a `$ref` names, relative to the file that holds it.
fn referenced(file: &Path, reference: &str) -> Option<serde_json::Value> {
    let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let tree = load_tree(&file.parent()?.join(target))?;
    tree.pointer(fragment).cloned()
}

fn methods(item: &serde_json::Value) -> usize {
    item.as_object().map_or(0, |item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(message: &str) -> generator::Error {
        generator::Error::at("spec.yaml", "#/paths/~1a/post/requestBody", message)
    }

    #[test]
    fn only_xml_bodies_may_be_skipped() {
        assert!(is_xml_only_body(&skip("request body of type application/xml is not supported; operation skipped")));
        assert!(is_xml_only_body(&skip(
            "request body of type text/xml, application/atom+xml is not supported; operation skipped"
        )));
        assert!(!is_xml_only_body(&skip(
            "request body of type application/xml, image/jpeg is not supported; operation skipped"
        )));
        assert!(!is_xml_only_body(&skip(
            "request body of type application/x-www-form-urlencoded is not supported; operation skipped"
        )));
        assert!(!is_xml_only_body(&skip("parameter `tag` has an object or union type; operation skipped")));
    }

    #[test]
    fn large_crates_are_only_checked_in_light_mode() {
        assert_eq!(light_depth(LARGE_TYPES), Depth::Full);
        assert_eq!(light_depth(LARGE_TYPES + 1), Depth::Check);
    }
}
