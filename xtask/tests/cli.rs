//! `cargo xtask regen` end to end, on a temporary copy of the repository's spec/ and generated/:
//! exit codes, messages that name the file and the place, and generated/ never half-written.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{checkout, repo_root, snapshot};

const SPEC: &str = "generator/tests/fixtures/seed/spec/service-accounts-api-keys-create.yaml";

fn xtask(args: &[&str], root: &Path) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    let root = root.to_str().expect("utf-8 path");
    all.extend(["--root", root]);
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(&all).output().expect("run xtask")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn edit_spec(root: &Path, edit: impl FnOnce(String) -> String) {
    let path = root.join(SPEC);
    let text = std::fs::read_to_string(&path).expect("read spec");
    std::fs::write(&path, edit(text)).expect("write spec");
}

/// Runs `regen` on a broken spec: it must exit 1, print `expected` pieces, and leave generated/ as it was.
fn assert_refused(root: &Path, expected: &[&str]) {
    let before = snapshot(&root.join("generated"));
    let output = xtask(&["regen"], root);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "exit code 1; stderr:\n{err}");
    for piece in expected {
        assert!(err.contains(piece), "stderr should contain {piece:?}:\n{err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(snapshot(&root.join("generated")), before, "generated/ must be untouched");
}

#[test]
fn regen_on_a_fresh_copy_changes_nothing() {
    let root = checkout();
    let before = snapshot(&root.path().join("generated"));
    let output = xtask(&["regen"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(snapshot(&root.path().join("generated")), before);
    assert!(xtask(&["regen", "--check"], root.path()).status.success());
}

#[test]
fn check_fails_with_a_diff_on_a_changed_enum_value_and_regen_fixes_it() {
    let root = checkout();
    edit_spec(root.path(), |t| t.replace("- value: voices_write", "- value: voices_manage"));
    let output = xtask(&["regen", "--check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("-    VoicesWrite,") && stdout.contains("+    VoicesManage,"), "{stdout}");
    assert!(stderr(&output).contains("cargo xtask regen"), "names the fix");

    assert!(xtask(&["regen"], root.path()).status.success());
    assert!(xtask(&["regen", "--check"], root.path()).status.success());
    let types = std::fs::read_to_string(root.path().join("generator/tests/fixtures/seed/client/src/types.rs"))
        .expect("types.rs");
    assert!(types.contains("VoicesManage => \"voices_manage\""));
}

#[test]
fn check_reports_a_stale_extra_file() {
    let root = checkout();
    std::fs::write(root.path().join("generated/src/extra.rs"), "// hand-written\n").expect("write");
    let output = xtask(&["regen", "--check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("generated/src/extra.rs"));
}

#[test]
fn invalid_yaml_names_the_file_and_line() {
    let root = checkout();
    edit_spec(root.path(), |t| t.replace("      operationId: create\n", "      operationId: [create\n"));
    assert_refused(root.path(), &[SPEC, "invalid YAML"]);
    let err = stderr(&xtask(&["regen"], root.path()));
    assert!(err.contains(&format!("{SPEC}:")), "line and column follow the file name: {err}");
}

#[test]
fn a_ref_to_a_missing_schema_names_the_pointer() {
    let root = checkout();
    edit_spec(root.path(), |t| {
        t.replace(
            "$ref: '#/components/schemas/WorkspaceCreateApiKeyResponseModel'",
            "$ref: '#/components/schemas/Missing'",
        )
    });
    assert_refused(
        root.path(),
        &[SPEC, "#/paths/~1v1~1service-accounts~1{service_account_user_id}~1api-keys/post/responses/200", "Missing"],
    );
}

#[test]
fn an_unsupported_construct_names_the_pointer() {
    let root = checkout();
    edit_spec(root.path(), |t| {
        t.replace("        key_id:\n          type: string\n", "        key_id:\n          $ref: '#/info'\n")
    });
    assert_refused(
        root.path(),
        &[
            SPEC,
            "#/components/schemas/WorkspaceCreateApiKeyResponseModel/properties/key_id/$ref",
            "other than a schema",
        ],
    );
}

#[test]
fn an_unsupported_openapi_version_names_the_field() {
    let root = checkout();
    edit_spec(root.path(), |t| t.replace("openapi: 3.1.1", "openapi: 2.0.0"));
    assert_refused(root.path(), &[SPEC, "#/openapi", "unsupported OpenAPI version"]);
}

#[test]
fn a_failure_while_writing_leaves_generated_as_it_was() {
    let root = checkout();
    edit_spec(root.path(), |t| t.replace("- value: user_read", "- value: user_view"));
    let before = snapshot(&root.path().join("generated"));
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regen", "--root", root.path().to_str().expect("utf-8")])
        .env("GENERATOR_FAIL_WRITE", "1")
        .output()
        .expect("run xtask");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("left as it was"));
    assert_eq!(snapshot(&root.path().join("generated")), before);
    let leftovers: Vec<_> = std::fs::read_dir(root.path())
        .expect("read root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders left: {leftovers:?}");
}

#[test]
fn generate_makes_a_standalone_crate_from_a_docs_page() {
    let out = tempfile::tempdir().expect("tempdir");
    let page = out.path().join("page.md");
    let spec = std::fs::read_to_string(repo_root().join(SPEC)).expect("spec");
    std::fs::write(
        &page,
        format!("# Create API key\n\n## OpenAPI Specification\n\n```yaml\n{spec}```\n\n## SDK Code Examples\n"),
    )
    .expect("page");
    let crate_dir = out.path().join("client");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "generate",
            "--spec",
            page.to_str().expect("utf-8"),
            "--out",
            crate_dir.to_str().expect("utf-8"),
            "--name",
            "sa-client",
        ])
        .output()
        .expect("run xtask");
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("name = \"sa-client\"") && manifest.contains("[workspace]"), "{manifest}");
    let api = std::fs::read_to_string(crate_dir.join("src/api.rs")).expect("api.rs");
    assert!(api.contains("pub fn create("), "{api}");
}

#[test]
fn normalize_writes_plain_openapi_that_generates_the_same_operations() {
    let out = tempfile::tempdir().expect("tempdir");
    let json = out.path().join("normalized.json");
    let spec = repo_root().join("generator/tests/fixtures/kitchen-sink/spec");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["normalize", "--spec", spec.to_str().expect("utf-8"), "--out", json.to_str().expect("utf-8")])
            .args(extra)
            .output()
            .expect("run xtask")
    };
    let output = run(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    // 45 operations in the document (3 of them `GET`s that open channels: 2 from AsyncAPI, one
    // answered 101); the one marked x-fern-ignore stays in it.
    assert!(String::from_utf8_lossy(&output.stdout).contains("45 operations"));
    let text = std::fs::read_to_string(&json).expect("written");
    assert!(text.contains("\"openapi\": \"3.0.3\""), "plain OpenAPI 3.0");
    assert!(!text.contains("stringLiteral") && !text.contains("\"const\""), "no docs-page or 3.1 forms left");
    let crate_dir = out.path().join("client");
    let generated = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", json.to_str().expect("utf-8"), "--out", crate_dir.to_str().expect("utf-8")])
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&generated.stdout);
    // The channels survive the round trip: their `x-websocket` extension is in the document.
    assert!(stdout.contains("44 operations"), "{stdout}{}", stderr(&generated));
    assert!(std::fs::read_to_string(crate_dir.join("src/api.rs")).expect("api.rs").contains("crate::Connect::new("));

    let output = run(&["--http-only"]);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("37 operations"),
        "the five multipart operations (the import also takes a form) are dropped, and the three channels"
    );
}
