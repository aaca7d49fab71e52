//! What a local `$ref` of the root document names: one of its component schemas, another
//! place where a schema sits, or neither (read the one way its keys exist, see
//! [`crate::pointer`]); and whether a `$ref` names a file by a relative name.

use super::{Bundler, ROOT, place::Place};

impl Bundler {
    /// The keys a local `$ref` (`#/…`) of the root names: as written, or the one reading of
    /// keys with a bare `/` that exists (see [`crate::pointer`]).
    fn root_keys(&self, reference: &str) -> Option<Vec<String>> {
        let segments = reference.strip_prefix('#').and_then(crate::pointer::split)?;
        let tree = self.files.tree(ROOT);
        let exact = segments.iter().try_fold(&*tree, |node, key| crate::pointer::step(node, key));
        if exact.is_some() { Some(segments) } else { crate::pointer::reading(&tree, &segments) }
    }

    /// Whether a local `$ref` of the root names a place where a schema sits.
    pub(super) fn lands_on_a_schema(&self, reference: &str) -> bool {
        self.root_keys(reference).is_some_and(|keys| Place::of(&keys) == Place::Schema)
    }

    /// Whether a `$ref` of the root names one of its component schemas (`#/components/schemas/Name`,
    /// the name perhaps holding a bare `/`).
    pub(super) fn names_component_schema(&self, reference: &str) -> bool {
        let Some(name) = reference.strip_prefix("#/components/schemas/").filter(|n| !n.is_empty()) else {
            return false;
        };
        !name.contains('/') || self.root_keys(reference).is_some_and(|keys| keys.len() == 3)
    }
}

/// A `$ref` to a file by a relative name (`examples/dog.yaml`, `other.yaml#/x`): no fragment
/// alone, no scheme.
pub(super) fn is_relative_file(reference: &str) -> bool {
    !reference.starts_with('#') && !reference.contains("://")
}
