//! What `regen` does when the public API changes (version bump, changelog entry, a second run
//! changing nothing), and `cargo xtask diff`'s report and exit codes, end to end on temporary
//! copies of the repository's spec/ and generated crates.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{checkout, repo_root, snapshot};

/// The seed fixture: one small crate, its spec and config (regen treats every checked-in crate alike).
const SPEC: &str = "generator/tests/fixtures/seed/spec/service-accounts-api-keys-create.yaml";
const CONFIG: &str = "generator/tests/fixtures/seed/generator.yaml";
const OUT: &str = "generator/tests/fixtures/seed/client";

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("run xtask")
}

fn regen(root: &Path, check: bool) -> Output {
    let root = root.to_str().expect("utf-8 path");
    if check { xtask(&["regen", "--check", "--root", root]) } else { xtask(&["regen", "--root", root]) }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(text)).expect("write");
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).expect("read")
}

fn config_version(root: &Path) -> String {
    let config = read(root, CONFIG);
    let line = config.lines().find(|l| l.trim_start().starts_with("version:")).expect("a version line");
    line.trim_start().trim_start_matches("version:").trim().to_owned()
}

/// The version the checked-in config has, and the next patch and minor versions.
fn versions() -> (String, String, String) {
    let now = config_version(&repo_root());
    let parts: Vec<u64> = now.split('.').map(|p| p.parse().expect("a number")).collect();
    assert_eq!(parts.len(), 3, "MAJOR.MINOR.PATCH");
    assert_eq!(parts[0], 0, "the bump rules below are those of 0.x");
    let patch = format!("0.{}.{}", parts[1], parts[2] + 1);
    let minor = format!("0.{}.0", parts[1] + 1);
    (now, patch, minor)
}

#[test]
fn a_compatible_change_bumps_the_patch_version_once() {
    let root = checkout();
    let (now, patch, _) = versions();
    edit(root.path(), SPEC, |t| {
        t.replace("        - value: voices_write\n", "        - value: voices_write\n        - value: voices_clone\n")
    });

    // The check reports the pending change and writes nothing.
    let before = snapshot(root.path());
    let check = regen(root.path(), true);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(stdout(&check).contains(&format!("the version goes {now} → {patch}")), "{}", stdout(&check));
    assert_eq!(snapshot(root.path()), before, "--check writes nothing, the config included");

    let first = regen(root.path(), false);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = stdout(&first);
    assert!(out.contains(&format!("{OUT}/: version {now} → {patch} (in {CONFIG})")), "{out}");
    assert!(out.contains("0 breaking changes, 1 compatible change"), "{out}");
    assert!(
        out.contains(
            "enum value added: types::CreateServiceAccountApiKeyRequestPermissionsItem::VoicesClone = \"voices_clone\""
        ),
        "{out}"
    );
    assert!(out.contains("generated/: unchanged (") && out.contains("kitchen-sink/client/: unchanged ("), "{out}");
    assert!(!out.contains(" 1 operations") && !out.contains(" 1 files"), "plurals: {out}");
    assert_eq!(config_version(root.path()), patch);
    assert!(read(root.path(), &format!("{OUT}/Cargo.toml")).contains(&format!("version = \"{patch}\"")));
    let changelog = read(root.path(), &format!("{OUT}/CHANGELOG.md"));
    let entry = format!(
        "## {patch}\n\n0 breaking changes, 1 compatible change.\n\n### Compatible\n\n- enum value added: `types::CreateServiceAccountApiKeyRequestPermissionsItem::VoicesClone = \"voices_clone\"`\n"
    );
    assert!(changelog.contains(&entry), "{changelog}");
    assert!(changelog.find(&format!("## {patch}")) < changelog.find(&format!("## {now}")), "newest first");

    // Running it again changes nothing and says so.
    let after_first = snapshot(root.path());
    let second = regen(root.path(), false);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stdout(&second).contains(&format!("{OUT}/: unchanged (")), "{}", stdout(&second));
    assert!(!stdout(&second).contains("rewrote"), "{}", stdout(&second));
    assert_eq!(snapshot(root.path()), after_first);
    assert!(regen(root.path(), true).status.success());
}

#[test]
fn a_breaking_change_bumps_the_minor_version() {
    let root = checkout();
    let (now, _, minor) = versions();
    edit(root.path(), SPEC, |t| t.replace("        - value: voices_write\n", ""));
    let output = regen(root.path(), false);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains(&format!("{OUT}/: version {now} → {minor}")), "{out}");
    assert!(out.contains("1 breaking change, 0 compatible changes"), "{out}");
    assert!(
        out.contains("enum value removed: types::CreateServiceAccountApiKeyRequestPermissionsItem::VoicesWrite"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{OUT}/: rewrote 5 files: CHANGELOG.md, Cargo.toml, README.md, SURFACE.txt, src/types.rs"
        )),
        "{out}"
    );
    assert_eq!(config_version(root.path()), minor);
    assert!(read(root.path(), &format!("{OUT}/CHANGELOG.md")).contains(&format!("## {minor}\n\n1 breaking change")));
}

#[test]
fn a_version_set_by_hand_gets_its_own_entry_and_an_older_one_is_refused() {
    let root = checkout();
    let (now, _, minor) = versions();
    edit(root.path(), CONFIG, |t| t.replace(&format!("version: {now}"), &format!("version: {minor}")));
    let output = regen(root.path(), false);
    assert!(output.status.success(), "{}", stderr(&output));
    let changelog = read(root.path(), &format!("{OUT}/CHANGELOG.md"));
    assert!(
        changelog
            .contains(&format!("## {minor}\n\nVersion set in the generator config; no change to the public API.\n")),
        "{changelog}"
    );

    edit(root.path(), CONFIG, |t| t.replace(&format!("version: {minor}"), &format!("version: {now}")));
    let output = regen(root.path(), false);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(CONFIG) && stderr(&output).contains("#/crate/version"), "{}", stderr(&output));
}

/// Two versions of a small spec, written to a temporary folder.
fn spec_pair(old: serde_json::Value, new: serde_json::Value) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old_path, new_path) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&old_path, old.to_string()).expect("write");
    std::fs::write(&new_path, new.to_string()).expect("write");
    let shown = |p: &Path| p.to_str().expect("utf-8").to_owned();
    (dir, shown(&old_path), shown(&new_path))
}

fn spec(values: &[&str], required: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/v1/things": {"post": {
            "operationId": "create",
            "tags": ["things"],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
            "responses": {"200": {"description": "ok"}}
        }}},
        "components": {"schemas": {
            "Thing": {"type": "object", "required": required, "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": values}
            }}
        }}
    })
}

#[test]
fn diff_exits_0_when_nothing_breaks_and_1_when_something_does() {
    let (_dir, old, new) = spec_pair(spec(&["a"], &[]), spec(&["a", "b"], &[]));
    let output = xtask(&["diff", "--old", &old, "--new", &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "0 breaking changes, 1 compatible change\n  compatible: enum value added: 1\ncompatible:\n  - enum value added: types::ThingKind::B = \"b\"\n"
    );

    let (_dir, old, new) = spec_pair(spec(&["a", "b"], &["kind"]), spec(&["a", "b"], &["kind", "name"]));
    let output = xtask(&["diff", "--old", &old, "--new", &new, "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["breaking"], 1);
    assert_eq!(report["changes"][0]["kind"], "field optional → required");
    assert_eq!(report["changes"][0]["item"], "types::Thing.name: Option<String> → String");

    let output = xtask(&["diff", "--old", &old, "--new", &old]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "no change to the public API\n");
}

#[test]
fn diff_reads_a_checked_in_surface_and_exits_2_on_a_bad_spec() {
    let surface = repo_root().join(OUT).join("SURFACE.txt");
    let spec = repo_root().join(SPEC);
    let config = repo_root().join(CONFIG);
    let utf8 = |p: &Path| p.to_str().expect("utf-8").to_owned();
    let output = xtask(&["diff", "--old", &utf8(&surface), "--new", &utf8(&spec), "--config", &utf8(&config)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The spec and its config make the crate whose surface is checked in.
    assert_eq!(stdout(&output), "no change to the public API\n");

    let output = xtask(&["diff", "--old", "/no/such/spec.yaml", "--new", spec.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/no/such/spec.yaml"), "{}", stderr(&output));
}

#[test]
fn diff_and_help_describe_the_command() {
    let output = xtask(&["diff", "--help"]);
    assert!(output.status.success());
    for flag in ["--old SPEC...", "--new SPEC...", "--json", "--config FILE", "Exit code"] {
        assert!(stdout(&output).contains(flag), "{flag}: {}", stdout(&output));
    }
    let output = xtask(&["help"]);
    assert!(stdout(&output).contains("cargo xtask diff --old SPEC... --new SPEC... [--json]"), "{}", stdout(&output));
}
