//! Comparing generated files with what is on disk: the drift check.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How a directory differs from the files the generator would write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// One entry per differing file: a unified diff, or a note that it is missing or extra.
    pub entries: Vec<String>,
    /// The differing files (relative paths), in the order of `entries`.
    pub paths: Vec<String>,
}

impl Drift {
    /// Whether the directory is up to date.
    pub fn is_clean(&self) -> bool {
        self.entries.is_empty()
    }

    /// The whole report.
    pub fn report(&self) -> String {
        self.entries.join("\n")
    }
}

/// Compares `expected` (relative path → contents) with the files under `dir` (but for what
/// cargo leaves in a crate it builds, [`crate::write::KEPT`]).
pub fn compare(expected: &BTreeMap<String, String>, dir: &Path, label: &str) -> std::io::Result<Drift> {
    let mut actual = BTreeMap::new();
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if crate::write::KEPT.contains(&name.as_str()) && !expected.contains_key(&name) {
                continue;
            }
            if path.is_dir() {
                read_tree(dir, &path, &mut actual)?;
            } else {
                read_file(dir, &path, &mut actual)?;
            }
        }
    }
    let mut drift = Drift::default();
    for (path, want) in expected {
        let shown = format!("{label}/{path}");
        match actual.get(path) {
            None => drift.entries.push(format!("missing: {shown}\n")),
            Some(have) if have == want => continue,
            Some(have) => drift.entries.push(unified(have, want, &shown)),
        }
        drift.paths.push(path.clone());
    }
    for path in actual.keys() {
        if !expected.contains_key(path) {
            drift.entries.push(format!("not generated (stale file): {label}/{path}\n"));
            drift.paths.push(path.clone());
        }
    }
    Ok(drift)
}

/// Whether `text` is a Rust source file `syn` can parse (fuzzing and property tests check
/// every emitted file with it).
pub fn parses_as_rust(text: &str) -> bool {
    syn::parse_file(text).is_ok()
}

/// A unified diff from `old` (on disk) to `new` (what the generator writes).
pub fn unified(old: &str, new: &str, path: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")));
    out
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_tree(root, &path, out)?;
        } else {
            read_file(root, &path, out)?;
        }
    }
    Ok(())
}

fn read_file(root: &Path, path: &Path, out: &mut BTreeMap<String, String>) -> std::io::Result<()> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let bytes = std::fs::read(path)?;
    out.insert(key, String::from_utf8_lossy(&bytes).into_owned());
    Ok(())
}
