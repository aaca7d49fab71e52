//! JSON pointers as documents write them. A pointer names a key that holds a `/` by writing
//! it `~1`; some documents write it bare (`#/components/messages/listen/v1.results` for the key
//! `listen/v1.results`). Such a pointer is read the one way its keys exist: when exactly one
//! reading matches, that one; when none or several do, none.

use serde_json::Value;

/// The value `pointer` (`#/a/b` or `/a/b`) names in `tree`: exactly as written, else the one
/// reading with bare `/`s in keys that matches.
pub fn lookup<'t>(tree: &'t Value, pointer: &str) -> Option<&'t Value> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    if let Some(found) = tree.pointer(pointer) {
        return Some(found);
    }
    let segments = split(pointer)?;
    let keys = reading(tree, &segments)?;
    keys.iter().try_fold(tree, |node, key| step(node, key))
}

/// The segments of a pointer (`/a/b~1c` → `a`, `b/c`); `None` unless it starts with `/`.
pub fn split(pointer: &str) -> Option<Vec<String>> {
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

/// The keys from `node` that `segments` name when some of their `/`s belong to a key: the
/// only such path that exists, or `None` when none or several do.
pub fn reading(node: &Value, segments: &[String]) -> Option<Vec<String>> {
    let mut found = Vec::new();
    readings(node, segments, &mut Vec::new(), &mut found);
    match <[Vec<String>; 1]>::try_from(found) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

/// Collects the paths that exist, stopping at two (two is already ambiguous).
fn readings(node: &Value, segments: &[String], path: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    if found.len() > 1 {
        return;
    }
    if segments.is_empty() {
        found.push(path.clone());
        return;
    }
    for take in 1..=segments.len() {
        let key = segments[..take].join("/");
        if let Some(child) = step(node, &key) {
            path.push(key);
            readings(child, &segments[take..], path, found);
            path.pop();
        }
        if !node.is_object() {
            break;
        }
    }
}

/// One step of a pointer: a member of an object, an item of a list by its index.
pub fn step<'t>(node: &'t Value, key: &str) -> Option<&'t Value> {
    match node {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::lookup;

    #[test]
    fn a_bare_slash_in_a_key_reads_the_one_way_that_exists() {
        let tree = json!({"components": {"messages": {
            "subpackage_listen/v1.listen.v1-server-0-Results": {"name": "results"},
            "a": {"b": {"c": 2}}, "a/b": {"c": 1},
            "x/y": {"z": 1}, "x": {"y/z": 2},
            "escaped/key": 3,
        }}});
        let results = lookup(&tree, "#/components/messages/subpackage_listen/v1.listen.v1-server-0-Results");
        assert_eq!(results, Some(&json!({"name": "results"})));
        assert_eq!(lookup(&tree, "#/components/messages/escaped~1key"), Some(&json!(3)), "written right");
        assert_eq!(lookup(&tree, "#/components/messages/a/b/c"), Some(&json!(2)), "as written first");
        assert_eq!(lookup(&tree, "#/components/messages/x/y/z"), None, "two other readings: none");
        assert_eq!(lookup(&tree, "#/components/messages/nothing/here"), None);
    }
}
