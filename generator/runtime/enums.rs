//! String enums that keep values the server adds later.

/// Implements `as_str`, `Display`, `FromStr`, `From<&str>`, `Serialize` and `Deserialize` for a
/// string enum whose last variant holds any value not listed.
macro_rules! string_enum {
    ($name:ident, $fallback:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$fallback(value) => value,
                }
            }

            fn from_wire(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$fallback(value),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: a value this version does not know is kept as it is.
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(value.to_owned()))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value.to_owned())
            }
        }

        impl crate::runtime::ParamValue for $name {
            fn push_to(&self, out: &mut ::std::vec::Vec<::std::string::String>) {
                out.push(self.as_str().to_owned());
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from_wire)
            }
        }
    };
}

pub(crate) use string_enum;
