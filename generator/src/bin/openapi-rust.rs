//! `openapi-rust`: the generator as a tool (`cargo install --path generator`). Its commands,
//! `generate`, `check`, `diff` and `normalize`, are [`generator::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match generator::cli::run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
