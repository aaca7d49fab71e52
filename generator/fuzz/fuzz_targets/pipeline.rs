//! Bytes → load → normalize → merge → parse → model → emit: any input must give `Ok` or a
//! clean error, never a panic, and what is emitted must be Rust that parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format, the rest is the file.
    let Some((kind, rest)) = data.split_first() else { return };
    let name = match kind % 3 {
        0 => "fuzz.yaml",
        1 => "fuzz.json",
        _ => "fuzz.md",
    };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(generator::load::Loaded::Document(doc)) = generator::load::parse_text(name, text) else { return };
    let config = generator::Config::for_crate("fuzz");
    if let Ok(generated) = generator::generate(vec![doc], &config, generator::EmitOptions::default()) {
        for (path, text) in &generated.files {
            if path.ends_with(".rs") && !path.starts_with("src/runtime/") {
                assert!(generator::check::parses_as_rust(text), "{path} does not parse");
            }
        }
    }
});
