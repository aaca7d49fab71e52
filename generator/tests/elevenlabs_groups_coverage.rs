//! Keeps the group wire tests (`elevenlabs_groups_*.rs`) complete: every group of the
//! generated client (`generated/src/api.rs`) that has operations of its own, and the root
//! client, has a `case!` calling one of them; a group with only subgroups is reached
//! through a covered subgroup. A group added by a regen fails here until it gets a case.

use std::path::Path;

/// A group handle: how it is reached (`.conversational_ai().agents()`, empty for the root
/// client) and the names of its own operations.
struct Group {
    chain: String,
    operations: Vec<String>,
}

/// The groups of `api.rs`, read from its doc comments and method signatures.
fn groups(api: &str) -> Vec<Group> {
    let mut groups = vec![Group { chain: String::new(), operations: Vec::new() }];
    let mut is_operation = false;
    for line in api.lines() {
        if let Some(rest) = line.strip_prefix("/// The `") {
            let chain = rest.split("`client").nth(1).and_then(|c| c.split('`').next()).expect("a chain");
            groups.push(Group { chain: chain.to_owned(), operations: Vec::new() });
        } else if line.starts_with("    /// `") && line.contains(" /") {
            is_operation = true; // "`POST /v1/…`": the next method is an operation
        } else if let Some(rest) = line.strip_prefix("    pub fn ") {
            if std::mem::take(&mut is_operation) {
                let name = rest.split('(').next().expect("a method name");
                groups.last_mut().expect("a group").operations.push(name.to_owned());
            }
        }
    }
    groups
}

#[test]
fn every_group_has_a_wire_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository");
    let api = std::fs::read_to_string(root.join("generated/src/api.rs")).expect("api.rs");
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut calls = String::new();
    for entry in std::fs::read_dir(&tests).expect("tests/") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("elevenlabs_groups_") && name != "elevenlabs_groups_coverage.rs" {
            calls.push_str(&std::fs::read_to_string(&path).expect("a test file"));
        }
    }
    // One call per line: `|c| c.voices()\n        .share(` becomes `|c| c.voices().share(`.
    let calls = calls.replace("\n        .", ".");
    let calls: Vec<&str> = calls.lines().filter_map(|line| line.trim().strip_prefix("|c| c")).collect();

    let groups = groups(&api);
    assert_eq!(groups.len(), 144, "143 group handles and the root client");
    let calls_an_operation = |group: &Group| {
        group.operations.iter().any(|op| {
            let call = format!("{}.{op}(", group.chain);
            calls.iter().any(|line| line.starts_with(&call))
        })
    };
    let mut missing = Vec::new();
    for group in &groups {
        let covered = if group.operations.is_empty() {
            groups
                .iter()
                .any(|sub| sub.chain.starts_with(&group.chain) && !sub.operations.is_empty() && calls_an_operation(sub))
        } else {
            calls_an_operation(group)
        };
        if !covered {
            missing.push(format!("client{}", group.chain));
        }
    }
    assert!(missing.is_empty(), "groups without a wire case: {missing:#?}");
}
