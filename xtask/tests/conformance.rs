//! `cargo xtask conformance` end to end on a small fixture, against the repository's pinned
//! Prism: a crate that matches its document passes in static and dynamic mode, and a crate
//! out of step with the document it is served from fails, and a call that stops Prism is one
//! failure, named, the calls after it running on a new Prism. Needs `npm ci --prefix conformance`
//! (Node.js); without it the tests print why and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent").to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    repo_root().join("xtask/tests/fixtures/conformance").join(name)
}

/// Prism's install, or `None` with the reason printed.
fn prism_installed() -> bool {
    let prism = repo_root().join("conformance/node_modules/.bin/prism");
    if !prism.exists() {
        println!("skipped: {} is missing (run `npm ci --prefix conformance`; needs Node.js)", prism.display());
        return false;
    }
    true
}

/// Runs `xtask conformance` with its builds in a target folder of their own (`cargo test`
/// holds the lock of the workspace's).
fn conformance(args: &[&str]) -> Output {
    let target = repo_root().join("target/conformance-tests");
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("conformance")
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("run xtask")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn every_operation_of_a_matching_crate_passes_and_a_crate_out_of_step_fails() {
    if !prism_installed() {
        return;
    }
    let spec = fixture("pets.yaml");
    let output = conformance(&["--spec", spec.to_str().expect("utf-8"), "--rounds", "2"]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    // 4 methods; createPet sends each arm of the `kind` union: 1 + 2 calls, the others 2.
    for mode in ["static", "dynamic seed 1", "dynamic seed 2"] {
        let line = format!("{mode}: 4 methods, 9 calls: 9 passed (accepted and decoded), 0 rejected");
        assert!(report.contains(&line), "no `{line}` in:\n{report}");
    }

    // The crate made from pets.yaml, served pets-changed.yaml (the record's `age` is now text).
    let dir = tempfile::tempdir().expect("tempdir");
    let krate = dir.path().join("pets_client");
    let generated = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", spec.to_str().expect("utf-8"), "--out"])
        .arg(&krate)
        .args(["--name", "pets_client"])
        .output()
        .expect("run xtask");
    assert!(generated.status.success(), "{}", text(&generated));
    let changed = fixture("pets-changed.yaml");
    let output = conformance(&[
        "--spec",
        changed.to_str().expect("utf-8"),
        "--crate",
        krate.to_str().expect("utf-8"),
        "--rounds",
        "1",
    ]);
    let report = text(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("client.get_pet() call 0: FAILED decode"), "{report}");
    assert!(report.contains("static: 4 methods, 9 calls: 7 passed"), "{report}");
    assert!(Path::new(&krate).exists());
}

#[test]
fn a_call_that_stops_prism_is_one_named_crash_and_the_next_calls_run_on_a_new_prism() {
    if !prism_installed() {
        return;
    }
    let spec = fixture("prism-crash.yaml");
    let output = conformance(&["--spec", spec.to_str().expect("utf-8"), "--rounds", "0"]);
    let report = text(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(
        report.contains("client.list_tags() call 0: FAILED crash: Prism stopped while answering this call (TypeError"),
        "{report}"
    );
    // Without the restart, every call after the crash would be a transport failure.
    let line = "static: 2 methods, 4 calls: 3 passed (accepted and decoded), 0 rejected, 0 not decoded, 0 error status, 0 other, 1 server crash; 0 allowlisted, 1 failed";
    assert!(report.contains(line), "no `{line}` in:\n{report}");
}
