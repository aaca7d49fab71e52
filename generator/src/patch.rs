//! Patch: the corrections `generator.yaml` makes to the merged document (`patches:`), each a
//! JSON pointer and the value to put there, for what a document says only in words (a
//! multipart answer whose parts its description lists). Runs between merge and parse.

use serde_json::Value;

use crate::config::Config;
use crate::error::{Error, Pointer, Result};

/// Puts each patch's value at its pointer: replacing what is there, or adding a member to an
/// object that is. A pointer whose parent is missing is an error naming the patch.
pub fn apply(tree: &mut Value, config: &Config) -> Result<()> {
    for (target, value) in &config.patches {
        let at = Pointer::root().join("patches").join(target);
        let fail = |message: String| Error::at(&config.file, at.clone(), message);
        let Some(path) = target.strip_prefix('#').filter(|p| p.starts_with('/')) else {
            return Err(fail(format!("`{target}` is not a JSON pointer into the document (`#/paths/…`)")));
        };
        let (parent, last) = path.rsplit_once('/').unwrap_or_default();
        let key = unescape(last);
        match tree.pointer_mut(parent) {
            Some(Value::Object(members)) => {
                members.insert(key, value.clone());
            }
            Some(Value::Array(items)) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(item) => *item = value.clone(),
                None => return Err(fail(format!("`{target}`: the list at `#{parent}` has no item `{key}`"))),
            },
            Some(_) => return Err(fail(format!("`{target}`: `#{parent}` is neither an object nor a list"))),
            None => return Err(fail(format!("`{target}`: the document has nothing at `#{parent}`"))),
        }
    }
    Ok(())
}

/// A pointer segment as the key it names (`~1` is `/`, `~0` is `~`).
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;
    use crate::config::Config;

    fn config(patches: serde_json::Value) -> Config {
        let mut config = Config::for_crate("demo");
        config.file = "generator.yaml".into();
        config.patches = serde_json::from_value(patches).unwrap_or_default();
        config
    }

    #[test]
    fn replaces_and_adds_under_escaped_keys() {
        let mut tree = json!({"paths": {"/a/b": {"post": {"responses": {"200": {"description": "x"}}}}}});
        let patches = json!({
            "#/paths/~1a~1b/post/responses/200/description": "y",
            "#/paths/~1a~1b/post/responses/200/content": {"multipart/mixed": {}},
        });
        assert!(apply(&mut tree, &config(patches)).is_ok());
        assert_eq!(tree["paths"]["/a/b"]["post"]["responses"]["200"]["description"], json!("y"));
        assert_eq!(tree["paths"]["/a/b"]["post"]["responses"]["200"]["content"], json!({"multipart/mixed": {}}));
    }

    #[test]
    fn a_missing_parent_is_an_error_naming_the_patch() {
        let mut tree = json!({"paths": {}});
        let Err(error) = apply(&mut tree, &config(json!({"#/paths/~1x/get/summary": "s"}))) else {
            panic!("a patch under a missing operation applied");
        };
        let text = error.to_string();
        assert!(text.contains("generator.yaml"), "{text}");
        assert!(text.contains("#/patches/#~1paths~1~01x~1get~1summary"), "{text}");
        assert!(text.contains("nothing at `#/paths/~1x/get`"), "{text}");
        let Err(error) = apply(&mut tree, &config(json!({"paths/x": 1}))) else { panic!("a bare path applied") };
        assert!(error.to_string().contains("is not a JSON pointer"), "{error}");
    }
}
