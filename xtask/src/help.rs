//! `cargo xtask help [COMMAND]` and `cargo xtask COMMAND --help`: what each command does and
//! each of its flags, one entry per command (the generator's own commands bring their help).

/// The generator's own commands ([`generator::cli`]), listed after `regen`.
const GENERATOR_COMMANDS: [&str; 4] = ["generate", "check", "diff", "normalize"];

/// `(command, what it does and its flags)` of this repository's commands, in the order `help`
/// lists them.
const COMMANDS: [(&str, &str); 5] = [
    (
        "regen",
        "cargo xtask regen [--check] [--root DIR]

Generates every checked-in crate (generated/ from spec/, and the fixture crates under
generator/tests/fixtures) and writes them atomically: on any error nothing changes. When a
crate's public API changes, prints what changes for its users (each change breaking or
compatible), bumps its version by semver in its generator.yaml and adds a CHANGELOG.md entry;
says `unchanged` when there is nothing to do.

  --check     write nothing; exit 1 with a unified diff when a crate is stale
  --root DIR  another checkout of this repository (the tests use a temporary copy)",
    ),
    (
        "check-specs",
        "cargo xtask check-specs [--elevenlabs] [--fixtures] [--public | --public-light] [--only NAME] [--no-build]

Generates each input into a crate and builds it with clippy and rustdoc, warnings denied,
printing progress; reports every failure, then exits 1 if any. Needs ../shared/specs beside
the clone. With no set named, all three sets run.

  --elevenlabs    the ElevenLabs docs pages and official captures
  --fixtures      the small hygiene specs under generator/tests/fixtures/hygiene
  --public        the 18 public documents of other vendors (none may skip an operation)
  --public-light  the same, `cargo check` only for the large ones
  --only NAME     one input by name
  --no-build      generate only",
    ),
    (
        "conformance",
        "cargo xtask conformance [--spec PATH... [--crate DIR]] [--rounds N]

Calls every method of a generated crate against Stoplight Prism (a contract mock server that
validates each request against the document and answers from it), pinned in
conformance/package.json: install it once with `npm ci --prefix conformance` (needs Node.js).
A program written under target/conformance/NAME/ makes one call per method with the required
inputs and more with every optional input, one per arm of its widest union, with values
synthesized from the schemas and decoded into the crate's own types. It runs against Prism in
static mode (the document's examples) and in N dynamic rounds (`-d --seed 1..N`, bodies made
from the schemas). Each call passes when Prism accepts the request (its log and
`sl-violations`) and the response decodes; a failure not excused in
conformance/allowlist.txt (reason, reference, and where the request is shown right) makes it
exit 1. Prism is started on a free loopback port and stopped with its process group.

  --spec PATH...  a document other than spec/ (default: spec/ and generated/)
  --crate DIR     the crate generated from it (default: generated into target/conformance/NAME)
  --rounds N      dynamic rounds (default 5)",
    ),
    (
        "fuzz",
        "cargo xtask fuzz [--seconds N]

Fuzzes the whole pipeline with cargo-fuzz (install it with `cargo install cargo-fuzz`),
seeded from this repository's specs.

  --seconds N  how long (default 60)",
    ),
    (
        "bench",
        "cargo xtask bench [--features | --breadth [--tools ours,oas3-gen,progenitor,ploidy,openapi-generator] [--only DOC] [--normalized] [--timeout SECONDS]]

Whole-process figures for BENCHMARKS.md (release build): generation time and memory, output
size, cargo check/build of each crate, side by side with the other generators found on PATH.

  --features       only this: a program calling one text-to-speech operation, built with
                   the text-to-speech feature alone against all features (also in a full run)
  --breadth        each public document through each tool: generated, methods / operations,
                   compiles (BENCHMARKS.md \"Breadth\"; a run replaces only the rows it re-ran)
  --tools LIST     the tools to run
  --only DOC       one document
  --normalized     also feed the 3.0-only tools our normalize export
  --timeout SECS   per generation and per check (default 600)",
    ),
];

/// The overview: every command's first line.
pub fn overview() -> String {
    let mut out =
        String::from("cargo xtask COMMAND [FLAGS]   (`cargo xtask help COMMAND` for its flags)\n\ncommands:\n");
    let (first, rest) = COMMANDS.split_at(1);
    let names = first.iter().map(|(name, _)| *name).chain(GENERATOR_COMMANDS).chain(rest.iter().map(|(name, _)| *name));
    for name in names {
        out.push_str("  ");
        out.push_str(command(name).unwrap_or_default().lines().next().unwrap_or_default());
        out.push('\n');
    }
    out
}

/// One command's help, or `None` for a command that does not exist.
pub fn command(name: &str) -> Option<String> {
    generator::cli::help(crate::PROGRAM, name)
        .or_else(|| COMMANDS.iter().find(|(command, _)| *command == name).map(|(_, text)| (*text).to_owned()))
}

/// Whether `args` (after the command) ask for help.
pub fn asked(args: &[String]) -> bool {
    args.iter().any(|a| a == "--help" || a == "-h")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_help_naming_its_flags() {
        for name in COMMANDS.iter().map(|(name, _)| *name).chain(GENERATOR_COMMANDS) {
            assert!(command(name).is_some_and(|text| text.starts_with(&format!("cargo xtask {name}"))), "{name}");
            assert!(overview().contains(&format!("cargo xtask {name}")), "{name}");
        }
        assert!(command("regen").is_some_and(|t| t.contains("--check")));
        assert!(command("frobnicate").is_none());
    }
}
