//! JSON values to and from the generated types, with little code per type.
//!
//! What the compiler spends on a generated crate is the code it writes per type and per
//! field. serde's derives write, for every struct, visitors and a field match generic over the
//! format, which is compiled again for every format the type meets (the JSON reader, `Value`,
//! `Debug`, …). Here each type instead implements [`Json`], converting from and to a
//! `serde_json::Value`, with no format parameter. Reading asks [`read_object`] for the field
//! values as a nested list (`(Required(a), (Optional(b), ()))`) whose types the compiler
//! infers from the struct; writing is one call a field on an [`ObjectOut`]. What is generic
//! over a field's type (`Vec<T>`, `Option<T>`, an optional field of type `T`) is written once
//! below and compiled once per type, shared by every struct that has a field of it. serde's
//! `Serialize` and `Deserialize` are one-line shims through a `Value` ([`json_serialize`],
//! [`json_deserialize`]), so every trait users have is kept. The functions a type gets are
//! `#[inline]`: compiled where a program uses them, not all of them with the crate.
//!
//! A struct declares its fields with [`object!`]: wire name, field, and how it is read and
//! written. Unknown keys are skipped, a required field that is missing is an error unless it
//! has a default (a required property with a `default` that a response leaves out reads as
//! that default), absent optional fields are left out, and constants (properties with one
//! possible value, `"type": "client"`) are no fields: always written, checked when read.
//! `Debug` prints the type's name and JSON, and two values are equal when their JSON is.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Error as _, Unexpected};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A constant: a property's wire name and its one value.
pub(crate) type Constant = (&'static str, &'static str);

/// A type that is a JSON value: read from one and written as one.
pub(crate) trait Json: Sized {
    /// The value as this type; an error says what does not fit and where.
    fn from_json(value: Value) -> Result<Self, JsonError>;

    /// The value as JSON.
    fn to_json(&self) -> Value;

    /// Whether a field holding this value is left out of its object (`None`, `Absent`).
    fn omitted(&self) -> bool {
        false
    }
}

/// Why a JSON value is not the type it was read as, and where in it (`voices[2].name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    message: String,
    /// The keys and indexes from the value read down to the place, innermost first.
    path: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

impl JsonError {
    pub(crate) fn new(message: String) -> Self {
        Self { message, path: Vec::new() }
    }

    /// `value` is not what was expected (`a string`, `an object (`Voice`)`).
    pub(crate) fn expected(what: impl fmt::Display, value: &Value) -> Self {
        Self::new(format!("invalid type: {}, expected {what}", unexpected(value)))
    }

    fn at_key(mut self, key: &str) -> Self {
        self.path.push(Step::Key(key.to_owned()));
        self
    }

    fn at_index(mut self, index: usize) -> Self {
        self.path.push(Step::Index(index));
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.path.is_empty() {
            return Ok(());
        }
        f.write_str(" at `")?;
        for (i, step) in self.path.iter().rev().enumerate() {
            match step {
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        f.write_str("`")
    }
}

impl std::error::Error for JsonError {}

/// What kind of JSON value this is, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value as serde names what it did not expect: integer `5`, string "x", a map.
fn unexpected(value: &Value) -> String {
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Unexpected::Signed(i),
            (None, Some(u), _) => Unexpected::Unsigned(u),
            (None, None, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(text) => Unexpected::Str(text),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    unexpected.to_string()
}

/// `Deserialize::deserialize` of a [`Json`] type: the value is read, then converted.
pub(crate) fn json_deserialize<'de, T: Json, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    match T::from_json(Value::deserialize(deserializer)?) {
        Ok(value) => Ok(value),
        Err(error) => Err(D::Error::custom(error)),
    }
}

/// `Serialize::serialize` of a [`Json`] type: its value, written.
pub(crate) fn json_serialize<T: Json, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.to_json().serialize(serializer)
}

/// `Debug` of a [`Json`] type: its name and its JSON, laid out as Rust's `Debug` lays out a
/// struct (fields by wire name, absent ones left out, `null` as it is sent; `{:#?}` spreads
/// it over lines).
pub(crate) fn debug_json(name: &str, value: &Value, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    match value {
        Value::Object(entries) => {
            let mut out = formatter.debug_struct(name);
            for (key, field) in entries {
                out.field(key, &Wire(field));
            }
            out.finish()
        }
        other => formatter.debug_tuple(name).field(&Wire(other)).finish(),
    }
}

/// A JSON value in `Debug`'s layout: lists as lists, objects as maps, strings quoted.
struct Wire<'a>(&'a Value);

impl fmt::Debug for Wire<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => formatter.write_str("null"),
            Value::Bool(b) => fmt::Debug::fmt(b, formatter),
            Value::Number(n) => fmt::Display::fmt(n, formatter),
            Value::String(text) => fmt::Debug::fmt(text.as_str(), formatter),
            Value::Array(items) => formatter.debug_list().entries(items.iter().map(Wire)).finish(),
            Value::Object(entries) => formatter.debug_map().entries(entries.iter().map(|(k, v)| (k, Wire(v)))).finish(),
        }
    }
}

impl Json for Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }

    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl Json for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(JsonError::expected("a string", &other)),
        }
    }

    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Json for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(JsonError::expected("a boolean", &other)),
        }
    }

    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Json for f64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value.as_f64() {
            Some(number) => Ok(number),
            None => Err(JsonError::expected("a number", &value)),
        }
    }

    /// Not finite (NaN, infinities): `null`, as serde_json writes it.
    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl Json for i64 {
    /// An integer; a number with no fraction (`3.0`) is one too, as JSON Schema reads it.
    fn from_json(value: Value) -> Result<Self, JsonError> {
        if let Some(number) = value.as_i64() {
            return Ok(number);
        }
        match value.as_f64() {
            #[allow(clippy::cast_possible_truncation)]
            Some(number) if number.fract() == 0.0 && number >= -(2f64.powi(63)) && number < 2f64.powi(63) => {
                Ok(number as i64)
            }
            _ => Err(JsonError::expected("an integer (64 bits)", &value)),
        }
    }

    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl Json for i32 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let wide = i64::from_json(value.clone())?;
        i32::try_from(wide).map_err(|_| JsonError::expected("an integer (32 bits)", &value))
    }

    fn to_json(&self) -> Value {
        Value::from(*self)
    }
}

impl<T: Json> Json for Option<T> {
    /// `null` is `None`.
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            value => match T::from_json(value) {
                Ok(value) => Ok(Some(value)),
                Err(error) => Err(error),
            },
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Some(value) => value.to_json(),
            None => Value::Null,
        }
    }

    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T: Json> Json for Box<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match T::from_json(value) {
            Ok(value) => Ok(Box::new(value)),
            Err(error) => Err(error),
        }
    }

    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

impl<T: Json> Json for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let Value::Array(items) = value else {
            return Err(JsonError::expected("an array", &value));
        };
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            match T::from_json(item) {
                Ok(item) => list.push(item),
                Err(error) => return Err(error.at_index(index)),
            }
        }
        Ok(list)
    }

    fn to_json(&self) -> Value {
        let mut items = Vec::with_capacity(self.len());
        for item in self {
            items.push(item.to_json());
        }
        Value::Array(items)
    }
}

impl<T: Json> Json for BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let Value::Object(entries) = value else {
            return Err(JsonError::expected("a map", &value));
        };
        let mut map = BTreeMap::new();
        for (key, item) in entries {
            match T::from_json(item) {
                Ok(item) => {
                    map.insert(key, item);
                }
                Err(error) => return Err(error.at_key(&key)),
            }
        }
        Ok(map)
    }

    fn to_json(&self) -> Value {
        let mut entries = Map::new();
        for (key, item) in self {
            entries.insert(key.clone(), item.to_json());
        }
        Value::Object(entries)
    }
}

/// An object being read into a struct: its entries, taken out field by field.
pub(crate) struct ObjectIn {
    entries: Map<String, Value>,
}

impl ObjectIn {
    /// The object `value`, which must be one, for the struct `name`; each constant's
    /// property, when given, must hold its value.
    pub(crate) fn new(value: Value, name: &'static str, constants: &'static [Constant]) -> Result<Self, JsonError> {
        let Value::Object(entries) = value else {
            return Err(JsonError::expected(format_args!("an object (`{name}`)"), &value));
        };
        for (key, expected) in constants {
            if let Some(found) = entries.get(*key)
                && found.as_str() != Some(expected)
            {
                return Err(JsonError::new(format!("invalid value: {}, expected the string {expected:?}", kind(found)))
                    .at_key(key));
            }
        }
        Ok(Self { entries })
    }

    /// A field whose key must be there; when it is not, its `default` (JSON text), if any.
    fn required<T: Json>(&mut self, key: &'static str, default: Option<&'static str>) -> Result<T, JsonError> {
        let value = match self.entries.remove(key) {
            Some(value) => value,
            None => missing(key, default)?,
        };
        match T::from_json(value) {
            Ok(field) => Ok(field),
            Err(error) => Err(error.at_key(key)),
        }
    }

    /// A field whose key may be missing: then it is the type's default (`None`, `Absent`).
    fn optional<T: Json + Default>(&mut self, key: &'static str) -> Result<T, JsonError> {
        match self.entries.remove(key) {
            Some(value) => match T::from_json(value) {
                Ok(field) => Ok(field),
                Err(error) => Err(error.at_key(key)),
            },
            None => Ok(T::default()),
        }
    }
}

/// The default of a required field: its wire name and the default's JSON text.
pub(crate) type FieldDefault = (&'static str, &'static str);

/// The body of [`Json::from_json`] for the struct `name` whose fields are `keys` (wire names,
/// in declaration order): their values as the list `F` (see [`Fields`]), from which the
/// struct is built. A constant's property, when given, must hold its value; a required field
/// left out reads as its default, when it has one.
pub(crate) fn read_object<F: Fields>(
    value: Value,
    name: &'static str,
    constants: &'static [Constant],
    keys: &'static [&'static str],
    defaults: &'static [FieldDefault],
) -> Result<F, JsonError> {
    let mut object = ObjectIn::new(value, name, constants)?;
    F::read(&mut object, keys, defaults)
}

/// A field whose key must be there, as [`object!`] reads it.
pub(crate) struct Required<T>(pub(crate) T);

/// A field whose key may be missing, as [`object!`] reads it: a missing key reads as the
/// type's default (`None`, `Nullable::Absent`).
pub(crate) struct Optional<T>(pub(crate) T);

/// A struct's field values as they are read: a list `(a, (b, (c, ())))`, one element per field
/// in declaration order, which [`object!`] writes as the pattern it destructures, so that the
/// compiler infers each field's type from the struct (less for it to check than a statement a
/// field).
pub(crate) trait Fields: Sized {
    /// The fields whose wire names are `keys`, taken out of `object`.
    fn read(object: &mut ObjectIn, keys: &'static [&'static str], defaults: &'static [FieldDefault]) -> Result<Self, JsonError>;
}

impl Fields for () {
    fn read(_: &mut ObjectIn, _: &'static [&'static str], _: &'static [FieldDefault]) -> Result<(), JsonError> {
        Ok(())
    }
}

impl<T: Json, R: Fields> Fields for (Required<T>, R) {
    fn read(object: &mut ObjectIn, keys: &'static [&'static str], defaults: &'static [FieldDefault]) -> Result<Self, JsonError> {
        let Some((key, rest)) = keys.split_first() else {
            return Err(JsonError::new("more fields than wire names".to_owned()));
        };
        let default = defaults.iter().find(|(field, _)| field == key).map(|(_, text)| *text);
        let first = object.required(key, default)?;
        match R::read(object, rest, defaults) {
            Ok(rest) => Ok((Required(first), rest)),
            Err(error) => Err(error),
        }
    }
}

impl<T: Json + Default, R: Fields> Fields for (Optional<T>, R) {
    fn read(object: &mut ObjectIn, keys: &'static [&'static str], defaults: &'static [FieldDefault]) -> Result<Self, JsonError> {
        let Some((key, rest)) = keys.split_first() else {
            return Err(JsonError::new("more fields than wire names".to_owned()));
        };
        let first = object.optional(key)?;
        match R::read(object, rest, defaults) {
            Ok(rest) => Ok((Optional(first), rest)),
            Err(error) => Err(error),
        }
    }
}

/// The value of the required field `key` that was left out: its default, or the
/// missing-field error when it has none.
fn missing(key: &'static str, default: Option<&'static str>) -> Result<Value, JsonError> {
    let Some(text) = default else {
        return Err(JsonError::new(format!("missing field `{key}`")));
    };
    serde_json::from_str(text).map_err(|e| JsonError::new(format!("the default of `{key}` is no JSON: {e}")))
}

/// An object being written from a struct: its constants first, then its fields in order.
pub(crate) struct ObjectOut {
    entries: Map<String, Value>,
}

impl ObjectOut {
    pub(crate) fn new(constants: &'static [Constant]) -> Self {
        let mut entries = Map::new();
        for (key, value) in constants {
            entries.insert((*key).to_owned(), Value::String((*value).to_owned()));
        }
        Self { entries }
    }

    /// A `required` field: always written.
    pub(crate) fn required<T: Json>(&mut self, key: &'static str, value: &T) {
        self.entries.insert(key.to_owned(), value.to_json());
    }

    /// A `required_nullable` field: always written, `None` as `null`.
    pub(crate) fn required_nullable<T: Json>(&mut self, key: &'static str, value: &T) {
        self.required(key, value);
    }

    /// An `optional` field: left out when it is `None`.
    pub(crate) fn optional<T: Json>(&mut self, key: &'static str, value: &T) {
        if !value.omitted() {
            self.entries.insert(key.to_owned(), value.to_json());
        }
    }

    /// A `nullable` field: left out when it is `Absent`.
    pub(crate) fn nullable<T: Json>(&mut self, key: &'static str, value: &T) {
        self.optional(key, value);
    }

    pub(crate) fn into_json(self) -> Value {
        Value::Object(self.entries)
    }
}

/// [`Json`], serde, `Debug` and `PartialEq` for a struct that is a JSON object, declared
/// constant by constant, then field by field in declaration order:
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
        impl crate::runtime::Json for $name {
            // The fields are read into locals of their own names, whatever those names are.
            #[allow(clippy::disallowed_names, clippy::just_underscores_and_digits, clippy::many_single_char_names)]
            #[inline]
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, crate::runtime::JsonError> {
                match crate::runtime::read_object(value, stringify!($name), &[$(($cwire, $cvalue)),*], &[$($wire),*], &[$($(($wire, $default),)?)*]) {
                    Ok(crate::runtime::object!(@list $($how $field)*)) => Ok(Self { $($field),* }),
                    Err(error) => Err(error),
                }
            }

            #[allow(unused_mut)]
            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                let mut object = crate::runtime::ObjectOut::new(&[$(($cwire, $cvalue)),*]);
                $(object.$how($wire, &self.$field);)*
                object.into_json()
            }
        }
        crate::runtime::json_serde!($name);
        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                crate::runtime::debug_json(stringify!($name), &crate::runtime::Json::to_json(self), formatter)
            }
        }
        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                crate::runtime::Json::to_json(self) == crate::runtime::Json::to_json(other)
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
}

/// serde's `Serialize` and `Deserialize` for a [`Json`] type, through its JSON value.
macro_rules! json_serde {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::json_serialize(self, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::json_deserialize(deserializer)
            }
        }
    };
}

pub(crate) use {json_serde, object};
