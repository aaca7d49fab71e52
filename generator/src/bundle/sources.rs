//! Where the parts of a bundled document were written: the file and place of each part a
//! `$ref` brought in, and the place in a Swagger 2.0 root of each part its conversion moved.

use crate::error::Error;

/// Where the parts of a bundled document that came through a `$ref` were written: a message
/// about `#/components/schemas/Pet/properties/id` of the bundled tree names
/// `schemas/pet.yaml` at `#/properties/id`; and where a Swagger 2.0 root wrote what its
/// conversion moved (`#/components/schemas/Pet` is `#/definitions/Pet`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// (pointer in the bundled document, file, pointer in that file), outermost first.
    entries: Vec<(String, String, String)>,
    /// The root file, which `moves` are about.
    root: String,
    /// (pointer in the root's tree, pointer in the root as written): the parts a Swagger 2.0
    /// root's conversion moved ([`crate::load::swagger2`]).
    moves: Vec<(String, String)>,
}

/// The entry whose prefix is the longest one `pointer` starts with, and what follows it.
fn longest<'e, 'p, T>(entries: &'e [T], prefix: impl Fn(&T) -> &str, pointer: &'p str) -> Option<(&'e T, &'p str)> {
    entries
        .iter()
        .filter(|e| {
            let p = prefix(e);
            pointer == p || (pointer.starts_with(p) && pointer[p.len()..].starts_with('/'))
        })
        .max_by_key(|e| prefix(e).len())
        .map(|e| (e, &pointer[prefix(e).len()..]))
}

impl Sources {
    /// The places a Swagger 2.0 root `root`'s conversion moved (nothing came through a `$ref` yet).
    pub(super) fn moved(root: &str, moves: Vec<(String, String)>) -> Self {
        Sources { entries: Vec::new(), root: root.to_owned(), moves }
    }

    /// Notes that the value at `pointer` of the bundled document was written in `file` at `written`.
    pub(super) fn push(&mut self, pointer: String, file: String, written: String) {
        self.entries.push((pointer, file, written));
    }

    /// The file and pointer where the value at `pointer` of the bundled document was written,
    /// when it came through a `$ref` or was moved by a conversion.
    pub fn locate(&self, pointer: &str) -> Option<(&str, String)> {
        self.find(pointer).map(|(file, pointer, _)| (file, pointer))
    }

    /// As [`Sources::locate`], and whether the value came through a `$ref`.
    fn find<'s>(&'s self, pointer: &str) -> Option<(&'s str, String, bool)> {
        match longest(&self.entries, |(prefix, _, _)| prefix, pointer) {
            Some(((_, file, original), rest)) => {
                let written = format!("{original}{rest}");
                let written = if *file == self.root { self.unmove(&written).unwrap_or(written) } else { written };
                Some((file.as_str(), written, true))
            }
            None => self.unmove(pointer).map(|p| (self.root.as_str(), p, false)),
        }
    }

    /// Where the root as written had the value at `pointer` of its converted tree.
    fn unmove(&self, pointer: &str) -> Option<String> {
        let ((_, original), rest) = longest(&self.moves, |(prefix, _)| prefix, pointer)?;
        Some(format!("{original}{rest}"))
    }

    /// `error`, about the bundled document, moved to the file and place it was written at;
    /// for a part that came through a `$ref`, the message keeps the place in the bundled
    /// document (which operation, which type).
    pub fn relocate(&self, mut error: Error) -> Error {
        if let Some((file, pointer, via_ref)) = self.find(&error.pointer) {
            if !via_ref && error.file != self.root {
                return error;
            }
            if via_ref {
                error.message = format!("{} (reached as `{}`)", error.message, error.pointer);
            }
            error.file = file.to_owned();
            error.pointer = pointer;
        }
        error
    }
}
