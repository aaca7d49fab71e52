//! The reviewed list of conformance failures that are not the client's: one entry a line,
//! `SPEC OPERATION CALL MODE OUTCOME | reason | reference | where the request is shown right`,
//! and optionally `| TEXT`: then every violation (or the error's detail) must contain `TEXT`.
//! `*` matches any operation, call, mode or outcome. Every entry needs the first four parts.

use std::path::Path;

/// The allowlist, relative to the repository root.
pub const FILE: &str = "conformance/allowlist.txt";

/// One allowed failure.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The crate name or document stem (`elevenlabs`, `spotify_fixed_spotify_open_api`).
    pub spec: String,
    /// The method as called: `client.voices().get()`.
    pub operation: String,
    /// Which call, or any.
    pub call: Option<usize>,
    /// `static`, `dynamic`, or any.
    pub mode: Option<String>,
    /// `rejected`, `decode`, `status`, `argument`, `other`, or any.
    pub outcome: Option<String>,
    /// Why it is not the client's fault.
    pub reason: String,
    /// Text every violation must contain.
    pub detail: Option<String>,
}

impl Entry {
    /// The entry as a line of the report.
    pub fn describe(&self) -> String {
        format!("{} {} — {}", self.spec, self.operation, self.reason)
    }
}

/// Every entry of the file.
pub struct Allowlist(Vec<Entry>);

impl Allowlist {
    /// Reads the file (a missing file is an empty list).
    pub fn read(path: &Path) -> Result<Allowlist, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Allowlist(Vec::new())),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Self::parse(&path.display().to_string(), &text)
    }

    /// Parses the text of the file named `shown`.
    pub fn parse(shown: &str, text: &str) -> Result<Allowlist, String> {
        let mut entries = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = || format!("{shown}:{}", number + 1);
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let (parts, detail) = match parts.as_slice() {
                [a, b, c, d, e] => ([*a, *b, *c, *d], Some((*e).to_owned()).filter(|e| !e.is_empty())),
                [a, b, c, d] => ([*a, *b, *c, *d], None),
                _ => (["", "", "", ""], None),
            };
            let [key, reason, reference, shown_right] = parts;
            if key.is_empty() {
                return Err(format!(
                    "{}: want `SPEC OPERATION CALL MODE OUTCOME | reason | reference | shown right by`",
                    at()
                ));
            }
            if [reason, reference, shown_right].iter().any(|p| p.is_empty()) {
                return Err(format!("{}: the reason, the reference and the other proof are all required", at()));
            }
            let words: Vec<&str> = key.split_whitespace().collect();
            let [spec, operation, call, mode, outcome] = words.as_slice() else {
                return Err(format!("{}: want five words before the first `|`", at()));
            };
            let any = |w: &str| (w != "*").then(|| w.to_owned());
            let call = match *call {
                "*" => None,
                n => Some(n.parse().map_err(|_| format!("{}: the call is a number or `*`", at()))?),
            };
            if !matches!(*mode, "*" | "static" | "dynamic") {
                return Err(format!("{}: the mode is `static`, `dynamic` or `*`", at()));
            }
            if !matches!(*outcome, "*" | "rejected" | "decode" | "status" | "argument" | "other" | "crash") {
                return Err(format!("{}: unknown outcome `{outcome}`", at()));
            }
            entries.push(Entry {
                spec: (*spec).to_owned(),
                operation: (*operation).to_owned(),
                call,
                mode: any(mode),
                outcome: any(outcome),
                reason: reason.to_owned(),
                detail,
            });
        }
        Ok(Allowlist(entries))
    }

    /// The entries.
    pub fn entries(&self) -> &[Entry] {
        &self.0
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The first entry allowing this failure.
    pub fn find(
        &self,
        spec: &str,
        operation: &str,
        call: usize,
        mode: &str,
        outcome: &str,
        detail: &str,
    ) -> Option<usize> {
        self.0.iter().position(|e| {
            e.spec == spec
                && (e.operation == "*" || e.operation == operation)
                && e.detail.as_deref().is_none_or(|text| {
                    // A rejection lists its violations; each one must be excused.
                    if outcome == "rejected" {
                        detail.split("; ").all(|part| part.contains(text))
                    } else {
                        detail.contains(text)
                    }
                })
                && e.call.is_none_or(|c| c == call)
                && e.mode.as_deref().is_none_or(|m| m == mode)
                && e.outcome.as_deref().is_none_or(|o| o == outcome)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Allowlist;

    #[test]
    fn entries_match_by_spec_operation_call_mode_and_outcome() {
        let text = "# comment\napi client.a() * static decode | bad example | spec#/x | tests/wire.rs::a\n";
        let list = Allowlist::parse("allowlist.txt", text).unwrap();
        assert_eq!(list.find("api", "client.a()", 3, "static", "decode", "x"), Some(0));
        assert_eq!(list.find("api", "client.a()", 3, "dynamic", "decode", "x"), None);
        assert_eq!(list.find("api", "client.a()", 3, "static", "rejected", "x"), None);
        assert_eq!(list.find("other", "client.a()", 3, "static", "decode", "x"), None);
    }

    #[test]
    fn an_entry_with_text_allows_only_violations_that_all_contain_it() {
        let text = "api * * * rejected | arrays of parts | prism#2654 | tests/wire.rs::a | must be array\n";
        let list = Allowlist::parse("allowlist.txt", text).unwrap();
        assert_eq!(list.find("api", "client.b()", 0, "static", "rejected", "files must be array"), Some(0));
        let mixed = "files must be array; name must be string";
        assert_eq!(list.find("api", "client.b()", 0, "static", "rejected", mixed), None);
    }

    #[test]
    fn an_entry_without_its_reason_reference_or_proof_is_an_error() {
        assert!(Allowlist::parse("a", "api client.a() * * * | reason | ref |").is_err());
        assert!(Allowlist::parse("a", "api client.a() * * * | reason").is_err());
        assert!(Allowlist::parse("a", "api client.a() x * * | r | r | r").is_err());
    }
}
