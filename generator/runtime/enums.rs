//! String enums that keep values the server adds later.
//!
//! Everything but the two matches (`as_str`, `from`) is written once here, generically, so
//! that each of an API's hundreds of enums costs the compiler little.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Visitor};

/// `Deserialize::deserialize` for a string enum (`From<&str>` picks the variant, keeping a
/// value not listed in the fallback one): borrows the text when the input allows.
pub(crate) fn deserialize<'de, T: for<'a> From<&'a str>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(WireVisitor(PhantomData))
}

struct WireVisitor<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Implements `as_str`, `Display`, `FromStr`, `From<&str>`, `PartialEq`, `Eq`, `Hash`, `Json`,
/// `Serialize`, `Deserialize` and the parameter encoding for a string enum whose last variant
/// holds any value not listed. Two values are equal when they are the same on the wire.
macro_rules! string_enum {
    ($name:ident, $fallback:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$fallback(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: a value this version does not know is kept as it is.
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::$fallback(value.to_owned()),
                }
            }
        }

        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            #[inline]
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl crate::runtime::Json for $name {
            #[inline]
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, crate::runtime::JsonError> {
                match value {
                    ::serde_json::Value::String(text) => Ok(Self::from(text.as_str())),
                    other => Err(crate::runtime::JsonError::expected("a string", &other)),
                }
            }

            #[inline]

            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.as_str().to_owned())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    };
}

pub(crate) use string_enum;
