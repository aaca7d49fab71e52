//! Decoding unions (`oneOf`/`anyOf`) without serde's untagged enums: the value is read once
//! into a `serde_json::Value`, and each arm whose JSON kind fits is tried in order.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};

/// The value decoded as `T`, if it is one.
pub(crate) fn try_variant<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error for a value that fits no arm of the union `name`.
pub(crate) fn no_variant_matched<E: serde::de::Error>(name: &str, value: &serde_json::Value) -> E {
    let kind = match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    };
    E::custom(format_args!("{kind} that matches no variant of `{name}`"))
}

/// Whether every property of the object `value` is one of `known`.
pub(crate) fn covers(value: &serde_json::Value, known: &[&str]) -> bool {
    value.as_object().is_some_and(|object| object.keys().all(|key| known.contains(&key.as_str())))
}

/// The value decoded as the arm its discriminator names; a failure is the arm's own error.
pub(crate) fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: &serde_json::Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Writes an arm of a tagged union with its tag: `property: tag` is added when the arm's own
/// value leaves it out (its schema may make the tag optional; the union's never does).
pub(crate) fn write_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json
        && !map.contains_key(property)
    {
        map.insert(property.to_owned(), serde_json::Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}
