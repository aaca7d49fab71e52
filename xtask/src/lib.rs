//! What this repository's commands know about the repository itself: the crates it generates
//! and checks in ([`TARGETS`]). The pipeline, and the commands' work, live in the `generator`
//! crate ([`unique_operation_ids`] is re-exported from it).

use generator::Target;

/// The config of the ElevenLabs client, relative to the repository root.
pub const CONFIG_PATH: &str = "spec/generator.yaml";

/// The command that regenerates every crate below: their files' headers name it.
pub const REGEN: &str = "cargo xtask regen";

/// Every checked-in generated crate: the ElevenLabs client, and the fixture crates whose
/// emitted code is the snapshot of each construct and rule (and which the behaviour tests drive).
pub const TARGETS: [Target<'static>; 6] = [
    Target { config: CONFIG_PATH, out: "generated", command: REGEN },
    Target {
        config: "generator/tests/fixtures/kitchen-sink/generator.yaml",
        out: "generator/tests/fixtures/kitchen-sink/client",
        command: REGEN,
    },
    Target {
        config: "generator/tests/fixtures/schemas/generator.yaml",
        out: "generator/tests/fixtures/schemas/client",
        command: REGEN,
    },
    Target {
        config: "generator/tests/fixtures/seed/generator.yaml",
        out: "generator/tests/fixtures/seed/client",
        command: REGEN,
    },
    Target {
        config: "generator/tests/fixtures/basic-auth/generator.yaml",
        out: "generator/tests/fixtures/basic-auth/client",
        command: REGEN,
    },
    Target {
        config: "generator/tests/fixtures/query-key/generator.yaml",
        out: "generator/tests/fixtures/query-key/client",
        command: REGEN,
    },
];

pub use generator::unique_operation_ids;
