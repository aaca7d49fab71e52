//! Child processes with a time limit: the whole process group is killed when it runs over.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How a bounded command ended.
pub struct Finished {
    /// `None` when it was killed for running over its time limit.
    pub success: Option<bool>,
    pub seconds: f64,
    /// Its stdout and stderr, interleaved as written.
    pub output: String,
}

impl Finished {
    pub fn timed_out(&self) -> bool {
        self.success.is_none()
    }

    pub fn succeeded(&self) -> bool {
        self.success == Some(true)
    }
}

/// Runs `command` with stdout and stderr going to `log`, killing it and every process it
/// started (its own process group) after `limit`.
pub fn run_bounded(mut command: Command, log: &Path, limit: Duration) -> Result<Finished, String> {
    let file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let copy = file.try_clone().map_err(|e| e.to_string())?;
    command.stdout(copy).stderr(file).process_group(0);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    let success = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(status.success());
        }
        if started.elapsed() > limit {
            // The group id is the child's id (`process_group(0)`); `kill` takes it negated.
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let seconds = started.elapsed().as_secs_f64();
    let output = String::from_utf8_lossy(&std::fs::read(log).unwrap_or_default()).into_owned();
    Ok(Finished { success, seconds, output })
}

/// The line of a failed command's output that says what went wrong: the first naming an
/// error, a failure, an exception or a panic (else the last non-empty one), with the line after
/// it when that carries the message: a panic's message, a cause under a `×` headline (`╰─▶ …`),
/// or the rest of a line ending in `:`.
pub fn first_error_line(output: &str) -> String {
    let lines: Vec<&str> = output.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let named = lines.iter().position(|l| {
        let lower = l.to_ascii_lowercase();
        ["error", "fail", "exception", "panicked", "fatal"].iter().any(|w| lower.contains(w))
    });
    let Some(at) = named.or(lines.len().checked_sub(1)) else { return "no message".into() };
    let line = lines[at];
    let next = lines.get(at + 1).copied().unwrap_or_default();
    if line.contains("panicked at") {
        format!("panicked: {next}")
    } else if let Some(cause) = next.strip_prefix("╰─▶") {
        format!("{line} ({})", cause.trim())
    } else if line.ends_with(':') && !next.is_empty() {
        format!("{line} {next}")
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::first_error_line;

    #[test]
    fn the_message_line_comes_with_its_cause() {
        let panic =
            "\nthread 'main' (1) panicked at /x/method.rs:20:23:\nnot yet implemented: media types\nstack backtrace:\n";
        assert_eq!(first_error_line(panic), "panicked: not yet implemented: media types");
        let miette = "OpenAPI: T (version 1)\nError:   × operation has invalid path\n  ╰─▶ invalid URL path template\n";
        assert_eq!(first_error_line(miette), "Error:   × operation has invalid path (invalid URL path template)");
        assert_eq!(first_error_line("a\nerror: b\nc\n"), "error: b");
        assert_eq!(first_error_line("a\nlast words\n"), "last words");
        assert_eq!(first_error_line(""), "no message");
    }
}
