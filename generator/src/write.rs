//! Stage 7, write: a generated crate on disk, never left half-written.
//!
//! The new tree is written in full into a temporary sibling folder, then swapped in with two
//! renames. If anything fails before the swap, the old folder is untouched; if the swap itself
//! fails, the old folder is renamed back. What cargo leaves in a crate built on its own
//! ([`KEPT`]: `target/`, `Cargo.lock`) is not generator output: it moves over to the new folder.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// What cargo writes into a standalone crate it builds: kept by [`replace_dir`], and not drift
/// for [`crate::check::compare`], unless the generator writes a file of that name.
pub const KEPT: [&str; 2] = ["target", "Cargo.lock"];

/// Replaces the folder `out` with exactly `files` (relative path → contents) and what it held
/// of [`KEPT`], creating it and its parents when missing.
pub fn replace_dir(out: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(e) = write_tree(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if !out.exists() {
        return std::fs::rename(&staging, out).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&staging);
        });
    }
    if let Err(e) = std::fs::rename(out, &backup) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the old tree back before reporting.
        let _ = std::fs::rename(&backup, out);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    for kept in KEPT.iter().filter(|kept| !files.contains_key(**kept)) {
        // Build output only: if it cannot move, it goes with the old folder.
        let _ = std::fs::rename(backup.join(kept), out.join(kept));
    }
    std::fs::remove_dir_all(&backup)
}

fn write_tree(root: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    if fail_point() {
        return Err(io::Error::other(format!("{FAIL_WRITE} is set: failing on purpose (tests use it)")));
    }
    for (relative, contents) in files {
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, contents)?;
    }
    Ok(())
}

/// The environment variable that makes every write fail before the swap: tests set it to show
/// that nothing is left half-written.
pub const FAIL_WRITE: &str = "GENERATOR_FAIL_WRITE";

fn fail_point() -> bool {
    std::env::var_os(FAIL_WRITE).is_some()
}
