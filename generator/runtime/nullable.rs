//! `Nullable<T>`: a field that may be absent, `null`, or a value, each of them expressible.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::object::{Json, JsonError};

/// A field that is optional *and* nullable: absent, explicitly `null`, or a value.
///
/// The three differ on the wire: an absent field leaves the server's value alone, `null`
/// clears it. In the crate's types, a field holding `Absent` is left out of the JSON, and a
/// missing field decodes as `Absent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not sent / not present.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (and so left out when serializing).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl From<&str> for Nullable<String> {
    /// Text, so that a nullable string's setter takes `"…"` as its plain one does.
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

impl<T: Json> Json for Nullable<T> {
    fn from_json(value: serde_json::Value) -> Result<Self, JsonError> {
        match value {
            serde_json::Value::Null => Ok(Nullable::Null),
            value => T::from_json(value).map(Nullable::Value),
        }
    }

    /// `Absent` and `Null` are `null` (a field holding `Absent` is left out).
    fn to_json(&self) -> serde_json::Value {
        match self {
            Nullable::Value(value) => value.to_json(),
            Nullable::Absent | Nullable::Null => serde_json::Value::Null,
        }
    }

    fn omitted(&self) -> bool {
        self.is_absent()
    }
}
