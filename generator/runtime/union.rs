//! Decoding unions (`oneOf`/`anyOf`) without serde's untagged enums: the value is read once
//! into a `serde_json::Value`, and each arm whose JSON kind fits is tried in order.

use serde_json::Value;

use super::object::{Json, JsonError, kind};

/// The value as the arm `T`, if it is one.
pub(crate) fn try_arm<T: Json>(value: &Value) -> Option<T> {
    T::from_json(value.clone()).ok()
}

/// The value as the arm its discriminator names; a failure is the arm's own error.
pub(crate) fn decode_arm<T: Json>(value: Value) -> Result<T, JsonError> {
    T::from_json(value)
}

/// The error for a value that fits no arm of the union `name`.
pub(crate) fn no_arm_matched(name: &str, value: &Value) -> JsonError {
    JsonError::new(format!("{} that matches no variant of `{name}`", kind(value)))
}

/// Whether every property of the object `value` is one of `known`.
pub(crate) fn covers(value: &Value, known: &[&str]) -> bool {
    value.as_object().is_some_and(|object| object.keys().all(|key| known.contains(&key.as_str())))
}

/// An arm of a tagged union with its tag: `property: tag` is added when the arm's own value
/// leaves it out (its schema may make the tag optional; the union's never does).
pub(crate) fn with_tag(mut value: Value, property: &str, tag: &str) -> Value {
    if let Value::Object(map) = &mut value
        && !map.contains_key(property)
    {
        map.insert(property.to_owned(), Value::String(tag.to_owned()));
    }
    value
}
