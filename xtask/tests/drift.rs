//! The drift test: `generated/` and the fixture crates must be exactly what the generator makes
//! from their specs now (generated in memory and compared, as rust-analyzer checks its codegen).

use xtask::TARGETS;

#[allow(dead_code)]
mod common;

use common::{copy_dir, repo_root};

/// generated/ and the fixture crate: each must be exactly what the generator makes now.
#[test]
fn checked_in_crates_are_up_to_date() {
    let root = repo_root();
    for target in &TARGETS {
        let generated = generator::regen_plan(&root, target)
            .unwrap_or_else(|e| panic!("the generator fails on {}:\n{e}", target.config));
        let drift =
            generator::check::compare(&generated.files, &root.join(target.out), target.out).expect("read output");
        assert!(
            drift.is_clean(),
            "{}/ is stale: it differs from what the generator makes from its spec.\n\n{}\nfix: run `cargo xtask regen` and commit the result",
            target.out,
            drift.report()
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let root = repo_root();
    for target in &TARGETS {
        let a = generator::regen_plan(&root, target).expect("first run");
        let b = generator::regen_plan(&root, target).expect("second run");
        assert_eq!(a.files, b.files);
    }
}

/// The output depends on the spec only: a copy of the repository elsewhere gives the same bytes.
#[test]
fn output_does_not_depend_on_where_the_repository_is() {
    let root = repo_root();
    let copy = tempfile::tempdir().expect("tempdir");
    copy_dir(&root.join("spec"), &copy.path().join("spec"));
    // The version and changelog follow from the surface and changelog the crate holds.
    std::fs::create_dir_all(copy.path().join("generated")).expect("mkdir");
    for kept in [generator::surface::FILE, generator::release::CHANGELOG] {
        std::fs::copy(root.join("generated").join(kept), copy.path().join("generated").join(kept)).expect("copy");
    }
    let here = generator::regen_plan(&root, &TARGETS[0]).expect("here");
    let there = generator::regen_plan(copy.path(), &TARGETS[0]).expect("there");
    assert_eq!(here.files, there.files);
}

/// The drift test is only worth something if it fails when the spec changes: change one enum
/// value in a copy of the seed fixture's docs page and compare what that generates with the
/// checked-in seed crate.
#[test]
fn a_changed_enum_value_is_reported_as_drift() {
    let root = repo_root();
    let seed = TARGETS.iter().find(|t| t.out.ends_with("seed/client")).expect("the seed target");
    let copy = tempfile::tempdir().expect("tempdir");
    let fixture = "generator/tests/fixtures/seed";
    copy_dir(&root.join(fixture), &copy.path().join(fixture));
    let spec = copy.path().join(fixture).join("spec/service-accounts-api-keys-create.yaml");
    let text = std::fs::read_to_string(&spec).expect("read spec");
    assert!(text.contains("- value: music_generation"));
    std::fs::write(&spec, text.replace("- value: music_generation", "- value: music_composition")).expect("write spec");

    let generated = generator::regen_plan(copy.path(), seed).expect("the changed spec still generates");
    let drift = generator::check::compare(&generated.files, &root.join(seed.out), seed.out).expect("read the crate");
    assert!(!drift.is_clean(), "a changed enum value must be drift");
    let report = drift.report();
    assert!(report.contains(&format!("--- a/{}/src/types.rs", seed.out)), "{report}");
    assert!(report.contains("-    MusicGeneration,") && report.contains("+    MusicComposition,"), "{report}");
    assert!(report.contains("\"music_composition\""), "{report}");
}
