//! The files a bundle reads, and where a `$ref` leads.
//!
//! Each file is read and parsed once, keyed by its canonical path. A `$ref` is split into a
//! file part (relative to the directory of the file the `$ref` is in; percent-decoded) and a
//! fragment (a JSON pointer, `~1` and `~0` unescaped, percent-decoded). A pointer that runs
//! into a `$ref` object on its way (`root.yaml#/components/schemas/X` where `schemas` is
//! itself a `$ref` to another file) follows it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use serde_json::Value;

use crate::error::{Error, Pointer, Result};
use crate::load;

/// A file's index in [`Files`].
pub(super) type FileId = usize;

/// The root document is always file 0.
pub(super) const ROOT: FileId = 0;

/// How many `$ref`s one reference's pointer may pass through on its way (all told) before it
/// is taken for a loop.
const MAX_HOPS: usize = 64;

struct SourceFile {
    /// The directory relative references start from; `None` for a document held in memory.
    dir: Option<PathBuf>,
    /// The name shown in messages.
    shown: String,
    tree: Rc<Value>,
}

/// A place a `$ref` leads to: a file and a JSON pointer inside it.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub file: FileId,
    pub segments: Vec<String>,
}

impl Target {
    /// The pointer as text, `#/a/b` (canonical: the same place always gives the same text).
    pub fn pointer(&self) -> Pointer {
        let mut pointer = Pointer::root();
        for segment in &self.segments {
            pointer.push(segment);
        }
        pointer
    }
}

/// The files read so far.
pub(super) struct Files {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    /// A file part of a `$ref` as written in a file → the file it names (saves the file system
    /// look-up when the same name is written again).
    by_name: HashMap<(FileId, String), FileId>,
    /// The directory of the root file, and the directory it is shown as.
    root_dirs: Option<(PathBuf, PathBuf)>,
    /// `$ref`s the reference being resolved may still pass through.
    hops_left: usize,
}

impl Files {
    /// Starts with the root document; `path` is its file, when it was read from one.
    pub fn new(shown: &str, path: Option<&Path>, tree: Value) -> Self {
        let canonical = path.and_then(|p| p.canonicalize().ok());
        // References resolve against the path the file was named by, as URIs do (a symbolic
        // link's own folder, not its target's); the canonical path only identifies the file.
        let dir = path.map(normalize_lexically).and_then(|p| p.parent().map(Path::to_path_buf));
        let shown_dir = Path::new(shown).parent().map(Path::to_path_buf).unwrap_or_default();
        let mut files = Files {
            files: vec![SourceFile { dir: dir.clone(), shown: shown.to_owned(), tree: Rc::new(tree) }],
            by_path: HashMap::new(),
            by_name: HashMap::new(),
            root_dirs: dir.map(|dir| (dir, shown_dir)),
            hops_left: MAX_HOPS,
        };
        if let Some(canonical) = canonical {
            files.by_path.insert(canonical, ROOT);
        }
        files
    }

    /// The name of `file` in messages.
    pub fn shown(&self, file: FileId) -> &str {
        &self.files[file].shown
    }

    /// The parsed tree of `file`.
    pub fn tree(&self, file: FileId) -> Rc<Value> {
        Rc::clone(&self.files[file].tree)
    }

    /// The parsed tree of `file`, taken out (a copy if it is still in use); `file` is left empty.
    pub fn take_tree(&mut self, file: FileId) -> Value {
        let tree = std::mem::take(&mut self.files[file].tree);
        Rc::try_unwrap(tree).unwrap_or_else(|shared| Value::clone(&shared))
    }

    /// Files read, the root included.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Where `reference`, written in `from` at `at` (the pointer of the `$ref` text), leads;
    /// an error naming `from` and `at` when the file or the place is missing.
    pub fn resolve(&mut self, from: FileId, reference: &str, at: &Pointer) -> Result<Target> {
        self.hops_left = MAX_HOPS;
        self.resolve_within(from, reference, at)
    }

    /// [`Files::resolve`], within what is left of the `$ref`s a pointer may pass through.
    fn resolve_within(&mut self, from: FileId, reference: &str, at: &Pointer) -> Result<Target> {
        let fail = |files: &Files, message: String| Error::at(files.shown(from), at, message);
        let (path_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if has_scheme(path_part) {
            return Err(fail(self, format!("`$ref: {reference}` is a remote reference, which is not fetched"))
                .with_hint("download the file and refer to it by a relative path"));
        }
        let file = if path_part.is_empty() { from } else { self.open(from, path_part, reference, at)? };
        let fragment = percent_decode(fragment);
        let segments: Vec<String> = if fragment.is_empty() {
            Vec::new()
        } else if let Some(pointer) = fragment.strip_prefix('/') {
            pointer.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
        } else {
            return Err(fail(self, format!("`$ref: {reference}`: `#{fragment}` is not a JSON pointer"))
                .with_hint("write the place as a JSON pointer, `file.yaml#/path/to/it`"));
        };
        self.locate(Target { file, segments }).map_err(|missing| {
            let hint = if from != ROOT && path_part.is_empty() {
                "a local `#/…` means the file it is written in; to name a part of the root document, write its file name before the `#`"
            } else {
                "fix the reference, or add what it names"
            };
            fail(
                self,
                format!(
                    "`$ref: {reference}` points to nothing: `{}` has no `{}`",
                    self.shown(missing.file),
                    missing.pointer()
                ),
            )
            .with_hint(hint)
        })
    }

    /// The value at `target`, which [`Files::resolve`] found.
    pub fn value<'t>(tree: &'t Value, target: &Target) -> &'t Value {
        let mut node = tree;
        for segment in &target.segments {
            node = crate::pointer::step(node, segment).unwrap_or(&Value::Null);
        }
        node
    }

    /// Follows `target` to the place it names, through `$ref` objects on the way; the
    /// missing place when there is none.
    fn locate(&mut self, target: Target) -> std::result::Result<Target, Target> {
        let tree = self.tree(target.file);
        let mut node = &*tree;
        for (i, segment) in target.segments.iter().enumerate() {
            if let Some(next) = crate::pointer::step(node, segment) {
                node = next;
                continue;
            }
            let Some(Value::String(reference)) = node.get("$ref") else {
                // A key with a bare `/` in it: the one reading of the rest that exists.
                if let Some(keys) = crate::pointer::reading(node, &target.segments[i..]) {
                    let mut segments = target.segments[..i].to_vec();
                    segments.extend(keys);
                    return Ok(Target { file: target.file, segments });
                }
                return Err(Target { file: target.file, segments: target.segments[..=i].to_vec() });
            };
            if self.hops_left == 0 {
                return Err(target);
            }
            self.hops_left -= 1;
            let at = Target { file: target.file, segments: target.segments[..i].to_vec() }.pointer().join("$ref");
            let Ok(mut through) = self.resolve_within(target.file, reference, &at) else {
                return Err(target);
            };
            through.segments.extend_from_slice(&target.segments[i..]);
            return self.locate(through);
        }
        Ok(target)
    }

    /// The file `path_part` names, relative to the file `from`; read and parsed on first use.
    fn open(&mut self, from: FileId, path_part: &str, reference: &str, at: &Pointer) -> Result<FileId> {
        if let Some(&file) = self.by_name.get(&(from, path_part.to_owned())) {
            return Ok(file);
        }
        let file = self.open_uncached(from, path_part, reference, at)?;
        self.by_name.insert((from, path_part.to_owned()), file);
        Ok(file)
    }

    fn open_uncached(&mut self, from: FileId, path_part: &str, reference: &str, at: &Pointer) -> Result<FileId> {
        let fail = |files: &Files, message: String| Error::at(files.shown(from), at, message);
        let Some(dir) = self.files[from].dir.clone() else {
            return Err(fail(
                self,
                format!("`$ref: {reference}` names another file, but this document was not read from a file"),
            )
            .with_hint("generate from the document's file, so that relative file names can be resolved"));
        };
        let relative = percent_decode(path_part);
        let path = normalize_lexically(&dir.join(&relative));
        let canonical = path.canonicalize().map_err(|e| {
            fail(self, format!("`$ref: {reference}` names `{}`, which cannot be read: {e}", self.shown_path(&path)))
                .with_hint("a file name in a `$ref` is relative to the file the `$ref` is in")
        })?;
        if let Some(&file) = self.by_path.get(&canonical) {
            return Ok(file);
        }
        let shown = self.shown_path(&path);
        let tree = load::read_fragment(&canonical, &shown)?;
        let dir = path.parent().map(Path::to_path_buf);
        let file = self.files.len();
        self.files.push(SourceFile { dir, shown, tree: Rc::new(tree) });
        self.by_path.insert(canonical, file);
        Ok(file)
    }

    /// A file's name as shown: relative to the root's, when it lies under the root's directory.
    fn shown_path(&self, path: &Path) -> String {
        match &self.root_dirs {
            Some((dir, shown_dir)) => match path.strip_prefix(dir) {
                Ok(rest) => shown_dir.join(rest).display().to_string(),
                Err(_) => path.display().to_string(),
            },
            None => path.display().to_string(),
        }
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `http:`, `https:`, `urn:` …; not a bare file name.
fn has_scheme(path_part: &str) -> bool {
    match path_part.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => path_part.starts_with("//"),
    }
}

/// `%20` → ` `; malformed escapes are kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_helpers() {
        assert_eq!(percent_decode("my%20file.yaml"), "my file.yaml");
        assert_eq!(percent_decode("100%"), "100%");
        assert!(has_scheme("https://example.com/a.yaml"));
        assert!(has_scheme("urn:x"));
        assert!(!has_scheme("./a.yaml"));
        assert!(!has_scheme("c:/a.yaml"), "a drive letter is not a scheme");
        assert_eq!(normalize_lexically(Path::new("/a/./b/../c.yaml")), PathBuf::from("/a/c.yaml"));
    }
}
