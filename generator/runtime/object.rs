//! JSON objects to and from the generated structs.
//!
//! serde's derives write, for every struct, a field enum, three visitors, a sequence decoder and
//! an early return per field, whose clean-up paths grow with the square of the field count;
//! across a thousand schemas that code is most of what the compiler checks. Here the shared
//! work is written once, generically, and each struct declares its fields with [`object!`]:
//! wire name, field, and how it is written. Reading asks [`read_object`] for the field values as
//! a nested list (`(Required(a), (Optional(b), ()))`), whose types the compiler infers from the
//! struct, and writing hands [`write_object`] one reference per field. Skipping unknown keys,
//! the missing-field error and leaving out absent fields all happen below, as do the constants:
//! properties with one possible value (`"type": "client"`), which are no fields, always written
//! and only checked when read, and the defaults of required fields: a required property with a
//! `default` that a response leaves out reads as that default.
//!
//! `Debug` and `PartialEq` go through the same writing, so that they cost each struct one line
//! rather than a function body per field (what the compiler spends on a struct grows with the
//! code that names each of its fields): `Debug` prints the struct as it goes on the wire, and
//! two values are equal when they are the same on the wire.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// A constant: a property's wire name and its one value.
pub(crate) type Constant = (&'static str, &'static str);

/// The default of a required field: its wire name and the default's JSON text.
pub(crate) type FieldDefault = (&'static str, &'static str);

/// The body of `Deserialize::deserialize` for the struct `name` whose fields are `fields` (wire
/// names, in declaration order): their values as the list `F` (see [`Fields`]), from which the
/// struct is built. A constant's property, when given, must hold its value; a required field
/// left out reads as its default, when it has one.
pub(crate) fn read_object<'de, F: Fields<'de>, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    fields: &'static [&'static str],
    constants: &'static [Constant],
    defaults: &'static [FieldDefault],
) -> Result<F, D::Error> {
    deserializer.deserialize_map(ObjectVisitor { name, fields, constants, defaults, list: PhantomData })
}

struct ObjectVisitor<F> {
    name: &'static str,
    fields: &'static [&'static str],
    constants: &'static [Constant],
    defaults: &'static [FieldDefault],
    list: PhantomData<F>,
}

impl<'de, F: Fields<'de>> Visitor<'de> for ObjectVisitor<F> {
    type Value = F;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "an object (`{}`)", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<F, A::Error> {
        read_fields(map, self.fields, self.constants, self.defaults)
    }
}

/// A field whose key must be there, as [`object!`] reads it.
pub(crate) struct Required<T>(pub(crate) T);

/// A field whose key may be missing, as [`object!`] reads it: a missing key reads as the
/// type's default (`None`, `Nullable::Absent`), as with serde's derive.
pub(crate) struct Optional<T>(pub(crate) T);

/// A struct's field values while its object is read: a list `(a, (b, (c, ())))`, one element
/// per field in declaration order, which [`object!`] writes as the pattern it destructures.
pub(crate) trait Fields<'de>: Sized {
    /// `Option<T>` per element: the value read so far.
    type Slots;
    /// How many fields.
    const LEN: usize;

    fn empty() -> Self::Slots;
    fn read<A: MapAccess<'de>>(slots: &mut Self::Slots, index: usize, map: &mut A) -> Result<(), A::Error>;
    fn finish<E: serde::de::Error>(slots: Self::Slots, names: &'static [&'static str], defaults: &'static [FieldDefault], first: usize) -> Result<Self, E>;
}

impl<'de> Fields<'de> for () {
    type Slots = ();
    const LEN: usize = 0;

    fn empty() {}

    fn read<A: MapAccess<'de>>(_: &mut (), _: usize, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }

    fn finish<E: serde::de::Error>(_: (), _: &'static [&'static str], _: &'static [FieldDefault], _: usize) -> Result<(), E> {
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>, R: Fields<'de>> Fields<'de> for (Required<T>, R) {
    type Slots = (Option<T>, R::Slots);
    const LEN: usize = 1 + R::LEN;

    fn empty() -> Self::Slots {
        (None, R::empty())
    }

    fn read<A: MapAccess<'de>>(slots: &mut Self::Slots, index: usize, map: &mut A) -> Result<(), A::Error> {
        read_element::<T, R, A>(slots, index, map)
    }

    fn finish<E: serde::de::Error>(slots: Self::Slots, names: &'static [&'static str], defaults: &'static [FieldDefault], first: usize) -> Result<Self, E> {
        let value = match slots.0 {
            Some(value) => value,
            None => default_of(names.get(first).copied().unwrap_or("?"), defaults)?,
        };
        Ok((Required(value), R::finish(slots.1, names, defaults, first + 1)?))
    }
}

impl<'de, T: Deserialize<'de> + Default, R: Fields<'de>> Fields<'de> for (Optional<T>, R) {
    type Slots = (Option<T>, R::Slots);
    const LEN: usize = 1 + R::LEN;

    fn empty() -> Self::Slots {
        (None, R::empty())
    }

    fn read<A: MapAccess<'de>>(slots: &mut Self::Slots, index: usize, map: &mut A) -> Result<(), A::Error> {
        read_element::<T, R, A>(slots, index, map)
    }

    fn finish<E: serde::de::Error>(slots: Self::Slots, names: &'static [&'static str], defaults: &'static [FieldDefault], first: usize) -> Result<Self, E> {
        Ok((Optional(slots.0.unwrap_or_default()), R::finish(slots.1, names, defaults, first + 1)?))
    }
}

/// The value of the required field `name` that was left out: its default, or the missing-field
/// error when it has none.
fn default_of<'de, T: Deserialize<'de>, E: serde::de::Error>(name: &'static str, defaults: &'static [FieldDefault]) -> Result<T, E> {
    let Some((_, text)) = defaults.iter().find(|(field, _)| *field == name) else {
        return Err(E::missing_field(name));
    };
    serde_json::from_str::<serde_json::Value>(text)
        .and_then(T::deserialize)
        .map_err(|e| E::custom(format_args!("the default of `{name}` does not fit its type: {e}")))
}

/// Reads the value of field `index` of a list `(T, R)`: into its first slot, or into the rest's.
fn read_element<'de, T: Deserialize<'de>, R: Fields<'de>, A: MapAccess<'de>>(
    slots: &mut (Option<T>, R::Slots),
    index: usize,
    map: &mut A,
) -> Result<(), A::Error> {
    match index.checked_sub(1) {
        None => {
            slots.0 = Some(map.next_value()?);
            Ok(())
        }
        Some(rest) => R::read(&mut slots.1, rest, map),
    }
}

/// Reads every entry of the object into its field (`names[i]` is element `i` of `F`), checking
/// constants and skipping keys the struct does not have; then a required field that was not
/// there is an error, unless it has a default. A key given twice keeps its last value, as
/// `serde_json::Value` does.
fn read_fields<'de, A: MapAccess<'de>, F: Fields<'de>>(
    mut map: A,
    names: &'static [&'static str],
    constants: &'static [Constant],
    defaults: &'static [FieldDefault],
) -> Result<F, A::Error> {
    let mut slots = F::empty();
    while let Some(key) = map.next_key_seed(KeySeed { names, constants })? {
        match key {
            Key::Field(index) if index < F::LEN => F::read(&mut slots, index, &mut map)?,
            Key::Constant(value) => map.next_value_seed(ConstantSeed(value))?,
            Key::Field(_) | Key::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    F::finish(slots, names, defaults, 0)
}

/// What a key of the object is to the struct.
enum Key {
    /// Its field at this position.
    Field(usize),
    /// One of its constants, with this value.
    Constant(&'static str),
    /// Nothing it keeps.
    Other,
}

struct KeySeed {
    names: &'static [&'static str],
    constants: &'static [Constant],
}

impl KeySeed {
    fn key(&self, key: &[u8]) -> Key {
        if let Some(index) = self.names.iter().position(|name| name.as_bytes() == key) {
            return Key::Field(index);
        }
        match self.constants.iter().find(|(name, _)| name.as_bytes() == key) {
            Some((_, value)) => Key::Constant(value),
            None => Key::Other,
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(self.key(key.as_bytes()))
    }

    fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<Key, E> {
        Ok(self.key(key))
    }
}

/// A constant's value as read: its one string, or an error naming it.
struct ConstantSeed(&'static str);

impl<'de> DeserializeSeed<'de> for ConstantSeed {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ConstantSeed {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "the string {:?}", self.0)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        if value == self.0 { Ok(()) } else { Err(E::invalid_value(Unexpected::Str(value), &self)) }
    }
}

/// One field's value as it is written: [`Always`] for a required field (`None` as `null`), an
/// `Option` or a `Nullable` for an optional one, left out when `None` / `Absent`.
pub(crate) trait FieldValue<M: SerializeStruct> {
    fn is_present(&self) -> bool;
    fn write(&self, key: &'static str, out: &mut M) -> Result<(), M::Error>;
}

/// A field that is always written.
pub(crate) struct Always<'a, T>(pub(crate) &'a T);

impl<M: SerializeStruct, T: Serialize> FieldValue<M> for Always<'_, T> {
    fn is_present(&self) -> bool {
        true
    }

    fn write(&self, key: &'static str, out: &mut M) -> Result<(), M::Error> {
        out.serialize_field(key, self.0)
    }
}

impl<M: SerializeStruct, T: Serialize> FieldValue<M> for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }

    fn write(&self, key: &'static str, out: &mut M) -> Result<(), M::Error> {
        out.serialize_field(key, self)
    }
}

/// `Serialize::serialize` for the struct `name`: its constants first, then the fields, where
/// `values[i]` is the field whose wire name is `fields[i]`.
pub(crate) fn write_object<S: Serializer>(
    serializer: S,
    name: &'static str,
    constants: &'static [Constant],
    fields: &'static [&'static str],
    values: &[&dyn FieldValue<S::SerializeStruct>],
) -> Result<S::Ok, S::Error> {
    let len = constants.len() + values.iter().filter(|value| value.is_present()).count();
    let mut out = serializer.serialize_struct(name, len)?;
    for (key, value) in constants {
        out.serialize_field(key, value)?;
    }
    for (key, value) in fields.iter().zip(values) {
        if value.is_present() {
            value.write(key, &mut out)?;
        } else {
            out.skip_field(key)?;
        }
    }
    out.end()
}

/// `Debug` for a struct written with [`object!`]: the struct as it goes on the wire, through
/// its `Serialize` (fields by wire name, absent ones left out; `{:#?}` spreads it over lines).
pub(crate) fn debug_object<T: Serialize>(value: &T, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(&serde_fmt::to_debug(value), formatter)
}

/// `PartialEq` for a struct written with [`object!`]: whether `a` and `b` are the same JSON,
/// compared as `serde_json::Value`s: the keys of free-form objects in any order, an explicit
/// `null` unlike an absent field.
pub(crate) fn same_json<T: Serialize>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// serde, `Debug` and `PartialEq` for a struct that is a JSON object, declared constant by
/// constant, then field by field in declaration order:
///
/// ```ignore
/// crate::runtime::object!(ApiKey {
///     const "type" = "api_key",                   // no field: always written, checked when read
///     "name" => name: required,                   // `T`: always written
///     "enabled" => enabled: required = "true",    // `T`: read as `true` when left out
///     "key_id" => key_id: required_nullable,      // `Option<T>`: always written, `null` for `None`
///     "expires" => expires: optional,             // `Option<T>`: left out when `None`
///     "character_limit" => character_limit: nullable, // `Nullable<T>`: left out when `Absent`
/// });
/// ```
///
/// A missing key is an error for a `required` field without a default (JSON text after `=`);
/// any other reads as its type's default.
macro_rules! object {
    ($name:ident { $(const $cwire:literal = $cvalue:literal,)* $($wire:literal => $field:ident: $how:ident $(= $default:literal)?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            // The fields are read into locals of their own names, whatever those names are. A
            // `match` rather than `?`: the compiler checks it in about half the time.
            #[allow(clippy::disallowed_names, clippy::just_underscores_and_digits, clippy::many_single_char_names)]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match crate::runtime::read_object(deserializer, stringify!($name), &[$($wire),*], &[$(($cwire, $cvalue)),*], &[$($(($wire, $default),)?)*]) {
                    Ok(crate::runtime::object!(@list $($how $field)*)) => Ok(Self { $($field),* }),
                    Err(error) => Err(error),
                }
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                crate::runtime::write_object(serializer, stringify!($name), &[$(($cwire, $cvalue)),*], &[$($wire),*], &[$(crate::runtime::object!(@write $how self.$field)),*])
            }
        }
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                crate::runtime::debug_object(self, formatter)
            }
        }
        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                crate::runtime::same_json(self, other)
            }
        }
    };
    (@list) => { () };
    (@list required $field:ident $($rest:tt)*) => {
        (crate::runtime::Required($field), crate::runtime::object!(@list $($rest)*))
    };
    (@list $how:ident $field:ident $($rest:tt)*) => {
        (crate::runtime::Optional($field), crate::runtime::object!(@list $($rest)*))
    };
    (@write required $value:expr) => { &crate::runtime::Always(&$value) };
    (@write required_nullable $value:expr) => { &crate::runtime::Always(&$value) };
    (@write optional $value:expr) => { &$value };
    (@write nullable $value:expr) => { &$value };
}

pub(crate) use object;
