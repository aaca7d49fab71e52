//! Versions and changelog of a checked-in crate.
//!
//! A project's `regen` ([`crate::regen`]; here `cargo xtask regen`) compares the crate's new surface with the `SURFACE.txt` it holds, bumps
//! `crate.version` in the generator config by semver (0.x: breaking → minor, compatible →
//! patch; 1.x and later: breaking → major, compatible → minor) and adds an entry to the
//! crate's `CHANGELOG.md`. The version is recorded in the config, an input: the crate's
//! `Cargo.toml` is made from it like every other file, so the drift check stays exact. The plan
//! is computed from files only, so `regen --check` and the drift test compute the same plan
//! and write nothing; a second `regen` finds the surface unchanged and changes nothing.

use std::path::Path;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::surface::{self, Class, Report, Surface};

/// The changelog's file name in the crate folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The start of a new changelog, which names the command that writes it.
fn changelog_header(command: &str) -> String {
    format!(
        "# Changelog\n\nEvery version of this crate and what changed in its public API, written by `{command}` \
         (newest first).\n"
    )
}

/// What a regeneration does to the crate's version and changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The version the config had.
    pub previous: String,
    /// The crate's version now.
    pub version: String,
    /// The changes since the surface the crate folder holds; `None` when it holds none yet.
    pub report: Option<Report>,
    /// The config file (relative to the repository root) and its new text, when the version
    /// was bumped.
    pub config: Option<(String, String)>,
    /// The crate's `CHANGELOG.md`.
    pub changelog: String,
}

/// Decides the version and changelog of the crate in `out_dir` (shown as `out`), whose config
/// `config_file` reads `config_text`, now that its surface is `surface`; `command` (which
/// regenerates the crate) is named by a new changelog's header and in hints.
pub fn plan(
    config_file: &str,
    config_text: &str,
    config: &Config,
    out_dir: &Path,
    out: &str,
    surface: &Surface,
    command: &str,
) -> Result<Release> {
    let previous = config.krate.version.clone();
    let old_surface = match read_optional(&out_dir.join(surface::FILE), out)? {
        Some(text) => Some(Surface::parse(&format!("{out}/{}", surface::FILE), &text)?),
        None => None,
    };
    let existing = read_optional(&out_dir.join(CHANGELOG), out)?;
    let report = old_surface.map(|old| surface::compare(&old, surface));
    let changed = report.as_ref().filter(|r| !r.is_empty());
    let version = match changed {
        Some(report) => bump(&previous, report).ok_or_else(|| {
            Error::at(config_file, "#/crate/version", format!("`{previous}` is not a MAJOR.MINOR.PATCH version"))
                .with_hint("the API changed and the version must be bumped; write it as e.g. 0.1.0")
        })?,
        None => previous.clone(),
    };
    let existing = existing.unwrap_or_else(|| changelog_header(command));
    let latest = latest_version(&existing);
    let entry = match (changed, &latest) {
        (Some(report), _) => Some(entry(&version, report)),
        (None, None) => {
            let (methods, types) = surface.counts();
            Some(format!(
                "## {version}\n\nThe first version with a recorded public API: {}, {}.\n",
                surface::count(methods, "operation"),
                surface::count(types, "type")
            ))
        }
        (None, Some(latest)) if *latest == version => None,
        (None, Some(latest)) => {
            if parse_version(latest).zip(parse_version(&version)).is_some_and(|(l, v)| l > v) {
                return Err(Error::at(
                    config_file,
                    "#/crate/version",
                    format!("`{version}` is older than `{latest}`, the latest entry of {out}/{CHANGELOG}"),
                )
                .with_hint(format!("versions only go up; `{command}` bumps them itself when the API changes")));
            }
            Some(format!("## {version}\n\nVersion set in the generator config; no change to the public API.\n"))
        }
    };
    let changelog = match entry {
        Some(entry) => insert_entry(&existing, &entry),
        None => existing,
    };
    let config_edit = if version == previous {
        None
    } else {
        let text = set_version(config_text, &version).ok_or_else(|| {
            Error::at(config_file, "#/crate", "cannot record the new version: no block-style `crate:` mapping")
                .with_hint("write `crate:` on a line of its own with `name:` and `version:` indented below it")
        })?;
        let reread = Config::from_yaml(config_file, &text)?;
        if reread.krate.version != version {
            return Err(Error::at(config_file, "#/crate/version", "cannot record the new version in this file")
                .with_hint(format!("set `crate.version` to {version} by hand")));
        }
        Some((config_file.to_owned(), text))
    };
    Ok(Release { previous, version, report, config: config_edit, changelog })
}

fn read_optional(path: &Path, out: &str) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            Err(Error::file(format!("{out}/{}", path.file_name().unwrap_or_default().to_string_lossy()), e.to_string()))
        }
    }
}

/// The version after changes like `report`'s; `None` when `version` is not `MAJOR.MINOR.PATCH`.
pub fn bump(version: &str, report: &Report) -> Option<String> {
    let (major, minor, patch) = parse_version(version)?;
    let breaking = report.of_class(Class::Breaking) > 0;
    Some(match (major, minor, breaking) {
        (0, 0, _) => format!("0.0.{}", patch + 1),
        (0, _, true) => format!("0.{}.0", minor + 1),
        (0, _, false) => format!("0.{minor}.{}", patch + 1),
        (_, _, true) => format!("{}.0.0", major + 1),
        (_, _, false) => format!("{major}.{}.0", minor + 1),
    })
}

fn parse_version(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
    let triple = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(triple)
}

/// The version of the changelog's newest entry.
fn latest_version(changelog: &str) -> Option<String> {
    changelog.lines().find_map(|l| l.strip_prefix("## ")).map(|v| v.trim().to_owned())
}

/// Puts `entry` before the newest entry (after the header).
fn insert_entry(changelog: &str, entry: &str) -> String {
    let at = changelog.find("\n## ").map_or(changelog.len(), |i| i + 1);
    let (head, rest) = changelog.split_at(at);
    let head = format!("{}\n\n", head.trim_end_matches('\n'));
    if rest.is_empty() { format!("{head}{entry}") } else { format!("{head}{entry}\n{rest}") }
}

/// A changelog entry: the summary, then the changes of each class.
fn entry(version: &str, report: &Report) -> String {
    let mut out = format!("## {version}\n\n{}.\n", report.summary());
    for (class, title) in [(Class::Breaking, "Breaking"), (Class::Compatible, "Compatible")] {
        let lines: Vec<String> = report
            .changes
            .iter()
            .filter(|c| c.class == class)
            .map(|c| {
                let fence = if c.item.contains('`') { "``" } else { "`" };
                let note = c.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
                format!("- {}: {fence}{}{fence}{note}\n", c.kind, c.item)
            })
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}", lines.concat()));
        }
    }
    out
}

/// The config text with `crate.version` set to `version`, comments and layout kept; `None`
/// when the file has no block-style `crate:` mapping.
pub fn set_version(config_text: &str, version: &str) -> Option<String> {
    let lines: Vec<&str> = config_text.lines().collect();
    let start = lines.iter().position(|l| l.split('#').next().is_some_and(|l| l.trim_end() == "crate:"))?;
    let block_end = lines[start + 1..]
        .iter()
        .position(|l| !l.is_empty() && !l.starts_with(' ') && !l.starts_with('#'))
        .map_or(lines.len(), |i| start + 1 + i);
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    match (start + 1..block_end).find(|&i| lines[i].trim_start().starts_with("version:")) {
        Some(i) => out[i] = format!("{}version: {version}", &lines[i][..indent_of(lines[i])]),
        None => {
            let indent = (start + 1..block_end).map(|i| lines[i]).find(|l| !l.trim().is_empty()).map_or(2, indent_of);
            out.insert(start + 1, format!("{}version: {version}", " ".repeat(indent)));
        }
    }
    let mut text = out.join("\n");
    if config_text.ends_with('\n') {
        text.push('\n');
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::Change;

    fn report(classes: &[Class]) -> Report {
        let changes =
            classes.iter().map(|&class| Change { class, kind: "k".into(), item: "i".into(), note: None }).collect();
        Report { changes }
    }

    #[test]
    fn semver_bumps() {
        let breaking = report(&[Class::Compatible, Class::Breaking]);
        let compatible = report(&[Class::Compatible]);
        assert_eq!(bump("0.1.0", &breaking).as_deref(), Some("0.2.0"));
        assert_eq!(bump("0.1.3", &breaking).as_deref(), Some("0.2.0"));
        assert_eq!(bump("0.1.3", &compatible).as_deref(), Some("0.1.4"));
        assert_eq!(bump("1.4.2", &breaking).as_deref(), Some("2.0.0"));
        assert_eq!(bump("1.4.2", &compatible).as_deref(), Some("1.5.0"));
        assert_eq!(bump("0.0.7", &breaking).as_deref(), Some("0.0.8"));
        assert_eq!(bump("0.1.0-beta", &compatible), None);
        assert_eq!(bump("1.2", &compatible), None);
    }

    #[test]
    fn the_version_is_set_in_place_keeping_comments() {
        let text = "# top\ncrate:\n  name: x # the name\n  version: 0.1.0\n  description: d\ninputs:\n  - spec\n";
        let want = "# top\ncrate:\n  name: x # the name\n  version: 0.2.0\n  description: d\ninputs:\n  - spec\n";
        assert_eq!(set_version(text, "0.2.0").as_deref(), Some(want));
        let without = "crate:\n    name: x\ninputs: [a]\n";
        assert_eq!(
            set_version(without, "0.1.1").as_deref(),
            Some("crate:\n    version: 0.1.1\n    name: x\ninputs: [a]\n")
        );
        assert_eq!(set_version("crate: {name: x}\n", "0.1.1"), None);
    }

    #[test]
    fn entries_go_newest_first_under_the_header() {
        let header = changelog_header("cargo xtask regen");
        let first = insert_entry(&header, "## 0.1.0\n\nfirst\n");
        let second = insert_entry(&first, "## 0.2.0\n\nsecond\n");
        assert!(second.starts_with(&header), "{second}");
        assert!(second.ends_with("\n## 0.2.0\n\nsecond\n\n## 0.1.0\n\nfirst\n"), "{second}");
        assert_eq!(latest_version(&second).as_deref(), Some("0.2.0"));
    }
}
