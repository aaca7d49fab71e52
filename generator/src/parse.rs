//! Stage 4, parse: the normalized tree becomes a typed `openapiv3::OpenAPI`.

use serde_json::Value;

use crate::error::{Pointer, Result};
use crate::merge::Origins;

/// Parses the merged tree; a shape `openapiv3` does not accept is reported at its pointer.
pub fn parse(mut tree: Value, origins: &Origins) -> Result<openapiv3::OpenAPI> {
    // Parsing borrows nothing from the tree, but the tree is needed again to locate an error.
    // The plain parse is tried first: tracking the path costs time on every value.
    let (api, tree) = match split_components(&mut tree) {
        Some((components, at)) => {
            // The components and the rest (the paths) parse apart, on two threads.
            let (api, parsed) = std::thread::scope(|scope| {
                let parsed =
                    scope.spawn(|| <openapiv3::Components as serde::Deserialize>::deserialize(&components).ok());
                let api = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&tree).ok();
                // Deserializing has no panic of its own to carry; should a thread fail, the
                // whole tree is parsed again below.
                (api, parsed.join().ok().flatten())
            });
            match (api, parsed) {
                (Some(mut api), Some(parsed)) => {
                    api.components = Some(parsed);
                    return Ok(api);
                }
                _ => (None, put_back(tree, components, at)),
            }
        }
        None => (<openapiv3::OpenAPI as serde::Deserialize>::deserialize(&tree).ok(), tree),
    };
    if let Some(api) = api {
        return Ok(api);
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&tree) {
        Ok(api) => Ok(api),
        Err(e) => {
            let (pointer, message) =
                locate(&tree).unwrap_or_else(|| (path_to_pointer(e.path()), e.into_inner().to_string()));
            Err(origins
                .error(&pointer, format!("not a valid OpenAPI 3.0 shape: {message}"))
                .with_hint("fix the shape there; the README lists the OpenAPI features the generator reads"))
        }
    }
}

/// Takes `components` out of the root, with its position among the root's keys.
fn split_components(tree: &mut Value) -> Option<(Value, usize)> {
    let root = tree.as_object_mut()?;
    let at = root.keys().position(|k| k == "components")?;
    Some((root.shift_remove("components")?, at))
}

/// The tree as it was before [`split_components`], keys in their order.
fn put_back(tree: Value, components: Value, at: usize) -> Value {
    let Value::Object(root) = tree else { return tree };
    let mut whole = serde_json::Map::with_capacity(root.len() + 1);
    let mut rest = root.into_iter();
    whole.extend(rest.by_ref().take(at));
    whole.insert("components".to_owned(), components);
    whole.extend(rest);
    Value::Object(whole)
}

/// `openapiv3` buffers untagged and flattened parts, which hides where deep errors are; parse
/// the parts one by one (schemas, operations, their parameters, bodies and responses) to find
/// the innermost one that fails.
fn locate(tree: &Value) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, RequestBody, Response, Schema};
    let root = Pointer::root();
    if let Some(schemas) = tree.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            let at = root.join("components").join("schemas").join(name);
            if let Some(found) = try_item::<Schema>(schema, &at) {
                return Some(found);
            }
        }
    }
    let paths = tree.get("paths").and_then(Value::as_object)?;
    for (path, item) in paths {
        let item_at = root.join("paths").join(path);
        let Some(item) = item.as_object() else {
            return Some((item_at.into(), "a path item must be a mapping".to_owned()));
        };
        for (method, op) in item {
            let at = item_at.join(method);
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") {
                continue;
            }
            if serde_json::from_value::<Operation>(op.clone()).is_ok() {
                continue;
            }
            for (i, param) in op.get("parameters").and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(found) = try_item::<Parameter>(param, &at.join("parameters").join(i)) {
                    return Some(found);
                }
            }
            if let Some(body) = op.get("requestBody") {
                if let Some(found) = try_item::<RequestBody>(body, &at.join("requestBody")) {
                    return Some(found);
                }
            }
            for (code, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                if let Some(found) = try_item::<Response>(response, &at.join("responses").join(code)) {
                    return Some(found);
                }
            }
            return try_part::<Operation>(op, &at);
        }
    }
    None
}

/// Like `try_part`, for a place that may also hold a `$ref` (which is left to the model stage).
fn try_item<T: serde::de::DeserializeOwned>(value: &Value, at: &Pointer) -> Option<(String, String)> {
    if value.get("$ref").is_some_and(Value::is_string) { None } else { try_part::<T>(value, at) }
}

fn try_part<T: serde::de::DeserializeOwned>(value: &Value, at: &Pointer) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => {
            let inner = path_to_pointer(e.path());
            let pointer = format!("{at}{}", inner.strip_prefix('#').unwrap_or(&inner));
            Some((pointer, e.into_inner().to_string()))
        }
    }
}

/// `paths./v1/x.post` → `#/paths/~1v1~1x/post`.
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push(index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => break,
        }
    }
    pointer.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_bad_shape_is_reported_where_it_is() {
        let tree = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/x": {"get": {"responses": {"200": {"description": 5}}}}}
        });
        let err = parse(tree, &Origins::default()).unwrap_err();
        assert_eq!(err.pointer, "#/paths/~1v1~1x/get/responses/200/description", "{err}");
    }
}
