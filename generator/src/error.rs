//! Diagnostics: every problem names the file, the place in the spec and what is wrong.

use std::fmt;

/// A problem in the input, pointing at the file and, where known, the place inside it.
///
/// The place is a JSON pointer (`#/components/schemas/Foo/properties/bar`) or, for text that
/// could not be parsed at all, a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The input file, as the caller named it.
    pub file: String,
    /// Where in the document: a JSON pointer starting with `#`, or empty.
    pub pointer: String,
    /// Line and column (1-based) for parse errors.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

/// Result type of the generator's stages.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error about `file` at `pointer`.
    pub fn at(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: file.into(), pointer: pointer.into(), line_col: None, message: message.into(), hint: None }
    }

    /// An error about a whole file (unreadable, empty, wrong kind).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::at(file, "", message)
    }

    /// Adds a hint that tells the reader what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a line and column.
    pub fn with_line_col(mut self, line: usize, column: usize) -> Self {
        self.line_col = Some((line, column));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.line_col {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A JSON pointer under construction (RFC 6901 escaping, `#` prefix).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// This pointer extended by one segment.
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let mut next = self.clone();
        next.push(segment);
        next
    }

    /// Appends one segment, escaping `~` and `/`.
    pub fn push(&mut self, segment: impl fmt::Display) {
        /// Writes into the pointer, escaping as it goes (no copy of the segment is made).
        struct Escaping<'a>(&'a mut String);
        impl fmt::Write for Escaping<'_> {
            fn write_str(&mut self, mut text: &str) -> fmt::Result {
                while let Some(at) = text.find(['~', '/']) {
                    self.0.push_str(&text[..at]);
                    self.0.push_str(if text.as_bytes()[at] == b'~' { "~0" } else { "~1" });
                    text = &text[at + 1..];
                }
                self.0.push_str(text);
                Ok(())
            }
        }
        self.0.push('/');
        // Writing into a `String` cannot fail.
        let _ = fmt::Write::write_fmt(&mut Escaping(&mut self.0), format_args!("{segment}"));
    }

    /// Removes the last segment.
    pub fn pop(&mut self) {
        if let Some(at) = self.0.rfind('/') {
            self.0.truncate(at);
        }
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_segments() {
        let p = Pointer::root().join("paths").join("/v1/a~b").join("get");
        assert_eq!(p.as_str(), "#/paths/~1v1~1a~0b/get");
        let mut q = p.clone();
        q.pop();
        assert_eq!(q.as_str(), "#/paths/~1v1~1a~0b");
    }

    #[test]
    fn display_names_file_place_and_hint() {
        let e = Error::at("spec/a.yaml", "#/components/schemas/Foo", "bad").with_hint("fix it");
        assert_eq!(e.to_string(), "spec/a.yaml at #/components/schemas/Foo: bad\n  hint: fix it");
        let e = Error::file("spec/a.yaml", "invalid YAML").with_line_col(3, 7);
        assert_eq!(e.to_string(), "spec/a.yaml:3:7: invalid YAML");
    }
}
