//! Stage 1½, bundle: a root document and the files its `$ref`s name become one tree whose
//! `$ref`s are all local (but those in data, which stay as written), so that every later
//! stage sees a single self-contained document.
//!
//! The rules:
//! - A `$ref` is resolved relative to the file it is written in: `file.yaml`,
//!   `file.yaml#/json/pointer`, `./a/../b.yaml#/x`, chains of files; a local `#/…` in a file
//!   other than the root means that file. Remote references (`https://…`) are refused.
//! - A `$ref` in a schema position (`schema`, `items`, `properties/*`, `additionalProperties`,
//!   `allOf/anyOf/oneOf/*`, `not`, `components/schemas/*`, … and `discriminator.mapping`
//!   values) that leads out of the root is hoisted: its target becomes
//!   `#/components/schemas/<Name>` and the `$ref` points there. The name is the target's last
//!   meaningful pointer segment, or its file stem; the root's own component names are reserved
//!   first, and a name already taken by another target gets a suffix (`_2`, `_3` …) in the
//!   order targets are met. The name is registered before the target is walked, so schemas
//!   that refer to each other across files work. A root `components/schemas/X` entry that is
//!   itself a `$ref` out of the root keeps the name X, and its target's content goes there.
//! - Any other `$ref` (path items, parameters, responses, request bodies, headers, examples,
//!   whole maps such as `components/schemas: {$ref: …}`, even a `description`) is inlined in
//!   place; its sibling keys override what it brings. In the root, a local `$ref` into
//!   `#/components/…` stays (later stages follow those), except for path items, which are
//!   always inlined (`#/components/pathItems/…`, which OpenAPI 3.0 readers do not know). A
//!   cycle among inlined objects is an error naming each file and pointer. A local schema
//!   `$ref` of the root that lands on a schema elsewhere (inside a response) is hoisted; one
//!   that lands on no schema is an error.
//! - Examples, defaults, enums, consts, vendor extensions (`x-…`) and schema keywords that are
//!   data are copied as they are, except that a `$ref` to a file beside them that is there is
//!   inlined (documents keep long examples in files); a local `#/…`, a URL (SCIM payloads
//!   hold `"$ref": "https://…/Users/…"`) or a missing file there is the data's own content.
//! - Each file is read and parsed once; a missing file or place is an [`Error`] naming the
//!   file the `$ref` is in and the JSON pointer of the `$ref`. Hoisted schemas follow the
//!   root's own in the order they were met, so the output is the same on every run.
//! - A Swagger 2.0 root is first converted to OpenAPI 3.0 ([`crate::load::swagger2`]).
//! - [`Sources`] remembers where each inlined or hoisted part was written, and where a 2.0
//!   root wrote each part its conversion moved, so that later stages' messages name that file
//!   and place (and, for a part reached through a `$ref`, in the message, where it was reached).

mod files;
mod place;
mod refs;
mod sources;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Pointer, Result};
use crate::load::{self, Document};
use files::{FileId, Files, ROOT, Target};
use place::Place;
use refs::is_relative_file;
pub use sources::Sources;

/// What bundling did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundled {
    /// Files read besides the root.
    pub files: usize,
    /// Schemas hoisted into `components/schemas`.
    pub hoisted: usize,
    /// Where the inlined and hoisted parts were written, for messages.
    pub sources: Sources,
}

/// Bundles `doc` in place; `path` is the file it was read from (relative references start
/// from its directory), `None` for a document held in memory.
pub fn bundle(doc: &mut Document, path: Option<&Path>) -> Result<Bundled> {
    let mut tree = std::mem::take(&mut doc.tree);
    let mut sources = Sources::default();
    if load::swagger2::is_swagger(&tree) {
        let converted = load::swagger2::to_openapi(&doc.file, tree)?;
        tree = converted.tree;
        sources = Sources::moved(&doc.file, converted.moves);
    }
    let mut bundler = Bundler {
        files: Files::new(&doc.file, path, tree),
        names: HashMap::new(),
        taken: HashSet::new(),
        hoisted: Vec::new(),
        inlining: Vec::new(),
        hoisted_count: 0,
        out: Pointer::root(),
        sources: sources.clone(),
        depth: 0,
        values: 0,
        text_bytes: 0,
    };
    let result = bundler.run();
    match result {
        Ok(tree) => {
            doc.tree = tree;
            Ok(Bundled {
                files: bundler.files.len() - 1,
                hoisted: bundler.hoisted_count,
                sources: std::mem::take(&mut bundler.sources),
            })
        }
        Err(e) => {
            doc.tree = Value::clone(&bundler.files.tree(ROOT));
            Err(sources.relocate(e))
        }
    }
}

struct Bundler {
    files: Files,
    /// Schema targets (file, pointer) → their name under `components/schemas`.
    names: HashMap<(FileId, String), String>,
    /// Names in use under `components/schemas`.
    taken: HashSet<String>,
    /// Hoisted schemas, in the order they were met.
    hoisted: Vec<(String, Value)>,
    /// Non-schema targets being inlined, outermost first, to find cycles.
    inlining: Vec<(FileId, String)>,
    /// Schemas hoisted, for [`Bundled`].
    hoisted_count: usize,
    /// The place in the output the walk is at.
    out: Pointer,
    sources: Sources,
    /// How many objects and lists deep the walk is, through `$ref`s (bounded, so that no
    /// input exhausts the stack).
    depth: usize,
    /// Values and string bytes written so far (bounded, so that objects inlined into each other
    /// over and over cannot grow without end).
    values: usize,
    text_bytes: usize,
}

/// The most values a bundled document may hold: DigitalOcean's, the largest public one, has
/// 170 000 and 3.8 MB of text once its shared responses are inlined. (Small in unit tests,
/// so that the limit is tested quickly.)
const MAX_VALUES: usize = if cfg!(test) { 100_000 } else { 10_000_000 };
/// The most string bytes a bundled document may hold.
const MAX_TEXT_BYTES: usize = if cfg!(test) { 1 << 20 } else { 256 << 20 };

/// The deepest nesting walked, counting through `$ref`s: far beyond real documents (the
/// deepest of the public multi-file ones, DigitalOcean's 2850 files, is 43), and within a
/// 2 MiB thread stack even in a debug build.
const MAX_DEPTH: usize = 300;

impl Bundler {
    fn run(&mut self) -> Result<Value> {
        self.reserve_component_names()?;
        let root = self.files.tree(ROOT);
        let walked = self.walk(ROOT, &root, &mut Pointer::root(), Place::Root)?;
        drop(root);
        // Unchanged (no `$ref` to another file): the root's own tree, moved, not copied.
        let mut tree = walked.unwrap_or_else(|| self.files.take_tree(ROOT));
        self.hoisted_count = self.hoisted.len();
        if !self.hoisted.is_empty() {
            let Some(map) = tree.as_object_mut() else {
                return Err(Error::at(self.files.shown(ROOT), "#", "the top level is not a mapping"));
            };
            let components = map.entry("components").or_insert_with(|| Value::Object(Map::new()));
            let schemas =
                components.as_object_mut().map(|c| c.entry("schemas").or_insert_with(|| Value::Object(Map::new())));
            let Some(Value::Object(schemas)) = schemas else {
                return Err(Error::at(self.files.shown(ROOT), "#/components/schemas", "not a mapping"));
            };
            for (name, schema) in std::mem::take(&mut self.hoisted) {
                schemas.insert(name, schema);
            }
        }
        Ok(tree)
    }

    /// The root's component schema names are taken before anything is hoisted; an entry that
    /// is a `$ref` out of the root gives its name to its target.
    fn reserve_component_names(&mut self) -> Result<()> {
        let mut file = ROOT;
        let mut tree = self.files.tree(ROOT);
        let mut target = Target { file: ROOT, segments: vec!["components".to_owned(), "schemas".to_owned()] };
        // The map itself may be a `$ref` (to a file of schemas), or a chain of them.
        for _ in 0..64 {
            match Files::value(&tree, &target).get("$ref") {
                Some(Value::String(reference)) => {
                    let reference = reference.clone();
                    target = self.files.resolve(file, &reference, &target.pointer().join("$ref"))?;
                    file = target.file;
                    tree = self.files.tree(file);
                }
                _ => break,
            }
        }
        let Some(map) = Files::value(&tree, &target).as_object() else { return Ok(()) };
        let at = target.pointer();
        // The entries' own places first, then the targets of those that are `$ref`s: a target
        // that is itself an entry keeps that entry's name.
        for name in map.keys() {
            self.taken.insert(name.clone());
            for (file, pointer) in
                [(ROOT, Pointer::root().join("components").join("schemas").join(name)), (file, at.join(name))]
            {
                self.names.entry((file, pointer.into())).or_insert_with(|| name.clone());
            }
        }
        for (name, entry) in map {
            if let Some(Value::String(reference)) = entry.get("$ref") {
                if !(file == ROOT && reference.starts_with('#')) {
                    let target = self.files.resolve(file, reference, &at.join(name).join("$ref"))?;
                    self.names.entry((target.file, target.pointer().into())).or_insert_with(|| name.clone());
                }
            }
        }
        Ok(())
    }

    /// The value bundled, or `None` when bundling leaves it as it is (most of any document, and
    /// all of one without `$ref`s to other files or to places outside `#/components`), so that
    /// only what changes is copied.
    fn walk(&mut self, file: FileId, value: &Value, at: &mut Pointer, place: Place) -> Result<Option<Value>> {
        self.values += 1;
        if let Value::String(text) = value {
            self.text_bytes += text.len();
        }
        if self.values > MAX_VALUES || self.text_bytes > MAX_TEXT_BYTES {
            return Err(Error::at(
                self.files.shown(file),
                &*at,
                "the document grows beyond any real API description as its `$ref`s are inlined",
            )
            .with_hint(format!(
                "at most {MAX_VALUES} values and {} MiB of text are bundled; are objects inlined into each other many times over?",
                MAX_TEXT_BYTES >> 20
            )));
        }
        if !matches!(value, Value::Object(_) | Value::Array(_)) {
            return Ok(None);
        }
        if self.depth >= MAX_DEPTH {
            return Err(Error::at(
                self.files.shown(file),
                &*at,
                format!("more than {MAX_DEPTH} levels of nesting here, counting through `$ref`s from the root"),
            )
            .with_hint("a chain of `$ref`s this long is taken for a mistake; shorten it"));
        }
        self.depth += 1;
        let walked = match value {
            Value::Object(map) => self.walk_object(file, map, at, place),
            Value::Array(items) => self.walk_array(file, items, at, place),
            _ => Ok(None),
        };
        self.depth -= 1;
        walked
    }

    /// The value bundled, whatever it is: a copy when bundling leaves it as it is.
    fn walk_owned(&mut self, file: FileId, value: &Value, at: &mut Pointer, place: Place) -> Result<Value> {
        Ok(self.walk(file, value, at, place)?.unwrap_or_else(|| value.clone()))
    }

    fn walk_array(&mut self, file: FileId, items: &[Value], at: &mut Pointer, place: Place) -> Result<Option<Value>> {
        let element = place.element();
        let mut changed: Vec<(usize, Value)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            at.push(i);
            self.out.push(i);
            let walked = self.walk(file, item, at, element);
            self.out.pop();
            at.pop();
            if let Some(value) = walked? {
                changed.push((i, value));
            }
        }
        if changed.is_empty() {
            return Ok(None);
        }
        let mut out = items.to_vec();
        for (i, value) in changed {
            out[i] = value;
        }
        Ok(Some(Value::Array(out)))
    }

    fn walk_object(
        &mut self,
        file: FileId,
        map: &Map<String, Value>,
        at: &mut Pointer,
        place: Place,
    ) -> Result<Option<Value>> {
        if let Some(Value::String(reference)) = map.get("$ref") {
            match place {
                // A `$ref` to a component schema of the root stays as it is; its siblings are
                // walked below. Any other schema `$ref` (another file; a schema inside a
                // response or parameter) is hoisted into `components/schemas`.
                Place::Schema if file == ROOT && self.names_component_schema(reference) => {}
                Place::Schema if file == ROOT && reference.starts_with('#') && !self.lands_on_a_schema(reference) => {
                    return Err(Error::at(
                        self.files.shown(file),
                        at.join("$ref"),
                        format!("`$ref: {reference}` points to a part of the document other than a schema"),
                    )
                    .with_hint("point at a schema: under `#/components/schemas/`, or a `schema` of a response, parameter or body"));
                }
                Place::Schema => {
                    let reference = self.schema_ref(file, reference, &at.join("$ref"))?;
                    return self.with_siblings(file, Value::String(reference), map, at, place, true).map(Some);
                }
                // In data (an example, a default, an enum value, a vendor extension) a `$ref` is
                // the data's own content (SCIM payloads hold `"$ref": "https://…/Users/…"`),
                // unless it names a file beside this one that is there: then that file is the
                // data (multi-file documents keep their examples so).
                Place::Data if is_relative_file(reference) && self.files.resolve(file, reference, at).is_ok() => {
                    return self.inline(file, map, reference, at, place).map(Some);
                }
                Place::Data => {}
                _ if file == ROOT && reference.starts_with("#/components/") && place.may_be_a_reference() => {}
                _ => return self.inline(file, map, reference, at, place).map(Some),
            }
        }
        let mut changed: Vec<(usize, Value)> = Vec::new();
        for (i, (key, child)) in map.iter().enumerate() {
            at.push(key);
            self.out.push(key);
            let walked = match place {
                Place::ComponentSchemas => self.component_schema(file, key, child, at),
                Place::Schema if key == "discriminator" => self.discriminator(file, child, at),
                _ => self.walk(file, child, at, place.child(key)),
            };
            self.out.pop();
            at.pop();
            if let Some(value) = walked? {
                changed.push((i, value));
            }
        }
        if changed.is_empty() {
            return Ok(None);
        }
        let mut changed = changed.into_iter().peekable();
        let mut out = Map::with_capacity(map.len());
        for (i, (key, child)) in map.iter().enumerate() {
            let value = match changed.next_if(|(at, _)| *at == i) {
                Some((_, value)) => value,
                None => child.clone(),
            };
            out.insert(key.clone(), value);
        }
        Ok(Some(Value::Object(out)))
    }

    /// `base` (the new `$ref` text, or the inlined value) with the `$ref` object's other keys
    /// walked and laid over it.
    fn with_siblings(
        &mut self,
        file: FileId,
        base: Value,
        map: &Map<String, Value>,
        at: &mut Pointer,
        place: Place,
        is_reference: bool,
    ) -> Result<Value> {
        let mut out = match base {
            Value::String(reference) if is_reference => Map::from_iter([("$ref".to_owned(), Value::String(reference))]),
            Value::Object(inlined) => inlined,
            // A `$ref` to a string (a `description` kept in another file): siblings have no place.
            other => return Ok(other),
        };
        for (key, child) in map.iter().filter(|(key, _)| *key != "$ref") {
            at.push(key);
            self.out.push(key);
            let walked = self.walk_owned(file, child, at, place.child(key));
            self.out.pop();
            at.pop();
            out.insert(key.clone(), walked?);
        }
        Ok(Value::Object(out))
    }

    /// A non-schema `$ref`: its target, bundled, in its place.
    fn inline(
        &mut self,
        file: FileId,
        map: &Map<String, Value>,
        reference: &str,
        at: &mut Pointer,
        place: Place,
    ) -> Result<Value> {
        let target = self.files.resolve(file, reference, &at.join("$ref"))?;
        let key = (target.file, String::from(target.pointer()));
        if let Some(start) = self.inlining.iter().position(|k| *k == key) {
            let chain: Vec<String> = self.inlining[start..]
                .iter()
                .chain(std::iter::once(&key))
                .map(|(file, pointer)| format!("{}{pointer}", self.files.shown(*file)))
                .collect();
            return Err(Error::at(
                self.files.shown(file),
                at.join("$ref"),
                format!("a `$ref` cycle: {}", chain.join(" → ")),
            )
            .with_hint("only schemas may contain themselves; break the cycle"));
        }
        self.inlining.push(key);
        self.record_source(&target);
        let walked = self.walk_target(&target, place);
        self.inlining.pop();
        self.with_siblings(file, walked?, map, at, place, false)
    }

    /// A schema `$ref` (its text at `at`): the reference to its component, hoisting the
    /// target on first use.
    fn schema_ref(&mut self, file: FileId, reference: &str, at: &Pointer) -> Result<String> {
        if file == ROOT && self.names_component_schema(reference) {
            return Ok(reference.to_owned());
        }
        let target = self.files.resolve(file, reference, at)?;
        let key = (target.file, String::from(target.pointer()));
        if let Some(name) = self.names.get(&key) {
            return Ok(component_ref(name));
        }
        let name = self.fresh_name(&self.candidate_name(&target));
        self.names.insert(key, name.clone());
        let slot = self.hoisted.len();
        self.hoisted.push((name.clone(), Value::Null));
        let outer = std::mem::replace(&mut self.out, Pointer::root().join("components").join("schemas").join(&name));
        self.record_source(&target);
        let walked = self.walk_target(&target, Place::Schema);
        self.out = outer;
        self.hoisted[slot].1 = walked?;
        Ok(component_ref(&name))
    }

    /// Notes that the value at the output position comes from `target`.
    fn record_source(&mut self, target: &Target) {
        let file = self.files.shown(target.file).to_owned();
        self.sources.push(self.out.as_str().to_owned(), file, target.pointer().into());
    }

    /// The value at `target`, bundled as a value in `place`.
    fn walk_target(&mut self, target: &Target, place: Place) -> Result<Value> {
        let tree = self.files.tree(target.file);
        self.walk_owned(target.file, Files::value(&tree, target), &mut target.pointer(), place)
    }

    /// An entry of `components/schemas`: a `$ref` whose target took this entry's name brings
    /// the target's content here; anything else is a schema like any other.
    fn component_schema(&mut self, file: FileId, name: &str, entry: &Value, at: &mut Pointer) -> Result<Option<Value>> {
        if let Some(Value::String(reference)) = entry.get("$ref") {
            if !(file == ROOT && reference.starts_with('#')) {
                let target = self.files.resolve(file, reference, &at.join("$ref"))?;
                if self.names.get(&(target.file, String::from(target.pointer()))).map(String::as_str) == Some(name) {
                    self.record_source(&target);
                    let content = self.walk_target(&target, Place::Schema)?;
                    let map = entry.as_object().cloned().unwrap_or_default();
                    return self.with_siblings(file, content, &map, at, Place::Schema, false).map(Some);
                }
            }
        }
        self.walk(file, entry, at, Place::Schema)
    }

    /// `discriminator.mapping` values that are references (not bare component names) are
    /// schema `$ref`s too.
    fn discriminator(&mut self, file: FileId, value: &Value, at: &mut Pointer) -> Result<Option<Value>> {
        let walked = self.walk(file, value, at, Place::Data)?;
        let mapping = walked.as_ref().unwrap_or(value).get("mapping").and_then(Value::as_object);
        let at = at.join("mapping");
        let mut resolved = Vec::new();
        for (key, target) in mapping.into_iter().flatten() {
            let Value::String(reference) = target else { continue };
            let is_reference =
                reference.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|e| reference.ends_with(e));
            if is_reference {
                let new = self.schema_ref(file, reference, &at.join(key))?;
                if new != *reference {
                    resolved.push((key.clone(), new));
                }
            }
        }
        if resolved.is_empty() {
            return Ok(walked);
        }
        let mut value = walked.unwrap_or_else(|| value.clone());
        if let Some(mapping) = value.get_mut("mapping").and_then(Value::as_object_mut) {
            for (key, reference) in resolved {
                mapping.insert(key, Value::String(reference));
            }
        }
        Ok(Some(value))
    }

    /// The name a hoisted target asks for: its last pointer segment that names something (not
    /// an index, a keyword or a media type), else its file's stem.
    fn candidate_name(&self, target: &Target) -> String {
        const STRUCTURAL: [&str; 18] = [
            "schema",
            "schemas",
            "items",
            "additionalProperties",
            "not",
            "allOf",
            "anyOf",
            "oneOf",
            "properties",
            "content",
            "components",
            "definitions",
            "$defs",
            "responses",
            "parameters",
            "requestBody",
            "requestBodies",
            "headers",
        ];
        let named = target.segments.iter().rev().find(|s| {
            !s.is_empty()
                && !s.chars().all(|c| c.is_ascii_digit())
                && !s.contains('/')
                && !STRUCTURAL.contains(&s.as_str())
        });
        match named {
            Some(segment) => segment.clone(),
            None => {
                let shown = self.files.shown(target.file);
                let stem = Path::new(shown).file_stem().map(|s| s.to_string_lossy().into_owned());
                stem.unwrap_or_default()
            }
        }
    }

    /// `candidate` made a valid component name (`[A-Za-z0-9._-]`), with a suffix when taken.
    fn fresh_name(&mut self, candidate: &str) -> String {
        let mut base: String = candidate
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
            .collect();
        if base.is_empty() {
            base = "Schema".to_owned();
        }
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

fn component_ref(name: &str) -> String {
    Pointer::root().join("components").join("schemas").join(name).into()
}
