//! Stoplight Prism, from the pinned install in `conformance/node_modules`: started in mock mode
//! on a free loopback port, stopped with its whole process group when the [`Server`] is
//! dropped (also on an error or a panic), and by its own watchdog should this process die.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to read a large document and listen.
const START_TIMEOUT: Duration = Duration::from_secs(180);

/// The Prism command of the repository's install, or how to get it.
pub fn binary(root: &Path) -> Result<PathBuf, String> {
    let path = root.join("conformance/node_modules/.bin/prism");
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: install the pinned Prism with `npm ci --prefix conformance` (needs Node.js 18 or newer)",
            path.display()
        ))
    }
}

/// A running Prism mock server.
pub struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts Prism over `spec` (static mode, or dynamic with `seed`), its output in `log`,
    /// and waits until it accepts connections.
    pub fn start(prism: &Path, spec: &Path, seed: Option<u64>, log: &Path) -> Result<Server, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?
            .port();
        let mut args: Vec<String> = vec!["mock".into(), "-h".into(), "127.0.0.1".into(), "-p".into(), port.to_string()];
        if let Some(seed) = seed {
            args.extend(["-d".into(), "--seed".into(), seed.to_string()]);
        }
        args.push(spec.display().to_string());
        let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        // A shell leads a new process group: it runs Prism, and kills the group when this
        // process is gone (a Ctrl-C, a kill) or Prism stops.
        let watchdog = "\"$0\" \"$@\" & prism=$!; while kill -0 \"$WATCH_PID\" 2>/dev/null && kill -0 $prism 2>/dev/null; do sleep 1; done; kill -TERM 0";
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(watchdog)
            .arg(prism)
            .args(&args)
            .env("WATCH_PID", std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        let mut server = Server { child, port };
        // The log is read back for the verdicts: Prism logs every request it validates.
        let started = Instant::now();
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                return Err(format!("Prism stopped ({status}) before listening:\n{}", tail(&text)));
            }
            if started.elapsed() > START_TIMEOUT {
                let text = std::fs::read_to_string(log).unwrap_or_default();
                return Err(format!("Prism did not listen within {START_TIMEOUT:?}:\n{}", tail(&text)));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Whether Prism still runs and listens (it exits on an error it does not catch).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None)) && TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The whole group: the shell, Prism and any process it started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).stderr(Stdio::null()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Prism's verdict on each request it received, in order, from its log: `None` when the
/// request passed the validation rules, else the request's violations.
pub fn verdicts(log: &str) -> Vec<Option<Vec<String>>> {
    let mut verdicts: Vec<Option<Vec<String>>> = Vec::new();
    for line in log.lines() {
        if line.contains("[HTTP SERVER]") && line.ends_with("Request received") {
            verdicts.push(None);
        } else if let Some(last) = verdicts.last_mut() {
            if line.contains("did not pass the validation rules") {
                *last = Some(Vec::new());
            } else if line.contains("[VALIDATOR]")
                && let Some((_, message)) = line.split_once("error ")
                && let Some(errors) = last
            {
                let message = message.trim().to_owned();
                // The request's violations ("Request body …", "Reserved characters used in
                // request body"), not the response's ("Violation: response.body.… Response
                // body …").
                let of_response = message.starts_with("Response") || message.starts_with("Violation: response");
                if !of_response && !errors.contains(&message) {
                    errors.push(message);
                }
            }
        }
    }
    verdicts
}

/// The error that stopped Prism, from its log: the first line naming a JavaScript error
/// (`TypeError: …`) and where it was thrown (`at deserializeArray (…/simple.js:20:38)`).
pub fn crash(log: &str) -> Option<String> {
    let mut lines = log.lines().map(str::trim);
    let error = lines
        .find(|line| line.split_once(": ").is_some_and(|(name, _)| name.ends_with("Error") && !name.contains(' ')))?;
    let place = lines.find(|line| line.starts_with("at ")).map(|at| {
        // The file name, not the install's path.
        let short = at.rsplit_once('/').map_or(at.to_owned(), |(head, file)| {
            let function = head.split_once(" (").map_or(head, |(f, _)| f);
            format!("{function} ({file}")
        });
        format!(" {short}")
    });
    Some(format!("{error}{}", place.unwrap_or_default()))
}

/// The last lines of a log.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::{crash, verdicts};

    #[test]
    fn a_request_keeps_its_own_violations_not_the_response_s() {
        let log = "[8:08:33 PM] › [HTTP SERVER] get /a ℹ  info      Request received\n\
                   [8:08:33 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response\n\
                   [8:08:34 PM] › [HTTP SERVER] post /b ℹ  info      Request received\n\
                   [8:08:34 PM] ›     [VALIDATOR] ⚠  warning   Request did not pass the validation rules\n\
                   [8:08:34 PM] ›     [VALIDATOR] ✖  error     Request body property keyterms must be array\n\
                   [8:08:34 PM] ›     [VALIDATOR] ✖  error     Reserved characters used in request body\n\
                   [8:08:34 PM] ›     [VALIDATOR] ✖  error     Request body property keyterms must be array\n\
                   [8:08:34 PM] ›     [VALIDATOR] ✖  error     Violation: response.body.a Response body property a must be string\n\
                   [8:08:34 PM] ›     [VALIDATOR] ✖  error     Response body property a must be string\n";
        let want = vec!["Request body property keyterms must be array", "Reserved characters used in request body"];
        assert_eq!(verdicts(log), vec![None, Some(want.into_iter().map(str::to_owned).collect())]);
    }

    #[test]
    fn the_error_that_stopped_prism_is_read_from_its_log() {
        let log = "[3:44:19 PM] › [HTTP SERVER] get /a ℹ  info      Request received\n\
                   /node_modules/@stoplight/prism-http/dist/validator/deserializers/style/simple.js:20\n\
                   TypeError: Cannot read properties of undefined (reading 'split')\n    \
                   at deserializeArray (/x/node_modules/@stoplight/prism-http/dist/validator/deserializers/style/simple.js:20:38)\n    \
                   at deserializeSimpleStyle (/x/simple.js:9:16)\n";
        assert_eq!(
            crash(log).as_deref(),
            Some(
                "TypeError: Cannot read properties of undefined (reading 'split') at deserializeArray (simple.js:20:38)"
            )
        );
        assert_eq!(crash("[CLI] ▶  start     Prism is listening\n"), None);
    }
}
