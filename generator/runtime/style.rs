//! How parameter values and `application/x-www-form-urlencoded` bodies become text: the
//! OpenAPI 3 `style`/`explode` rules (the "Style Examples" table of OpenAPI 3.0.3).
//!
//! A value is first serialized with serde to a `serde_json::Value` (every generated type is
//! `Serialize`), then laid out by its kind: `null` sends nothing (an absent optional value),
//! a string, number or boolean is one text, an array a list of texts, an object a list of
//! `key, value` texts. Object keys are taken in sorted order, so the bytes are the same
//! whichever `serde_json` features a build has.
//!
//! - Query (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`) and cookie (`form`)
//!   parameters become `name=value` pairs ([`pairs`]); the query string is then form-encoded
//!   by `url`, a cookie's names and values are percent-encoded here (delimiters stay literal).
//! - Path (`simple`, `label`, `matrix`) and header (`simple`) values become one text
//!   ([`expand`]); in a path the values are percent-encoded and the `.`, `;`, `=`, `,` the
//!   style adds stay literal.
//! - Bracket form, used by `deepObject` and for nested values in form bodies ([`brackets`]):
//!   an object property is `a[b]=v` (nested: `a[b][c]=v`), an array of strings, numbers or
//!   booleans is `a[]=v` per item, an array holding objects or arrays is indexed,
//!   `a[0][b]=v`; `null` leaves the entry out.
//! - A form body ([`form_pairs`]): each top-level property is a pair by its `encoding`
//!   (default `form`, explode): values and arrays of values as a query parameter would be
//!   (`a=1&a=2`, or `a=1,2` with `explode: false`); objects and arrays holding objects in
//!   bracket form, whatever the style.
//! - A value inside a value where the style has no rule for it (an object inside an array
//!   of a `form` parameter …) is sent as its JSON text.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

/// An OpenAPI parameter `style`, plus `Json` for a parameter described by `content`
/// (`application/json`): the whole value as JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `a=1&a=2` (explode) or `a=1,2`; objects `k=v&…` or `a=k,v,…`.
    Form,
    /// `a=1 2`; exploded like `Form`.
    SpaceDelimited,
    /// `a=1|2`; exploded like `Form`.
    PipeDelimited,
    /// `a[k]=v`.
    DeepObject,
    /// `1,2`; objects `k,v,…` or `k=v,…` (explode).
    Simple,
    /// `.1.2`; objects `.k.v…` or `.k=v…` (explode).
    Label,
    /// `;a=1,2` or `;a=1;a=2` (explode); objects `;a=k,v,…` or `;k=v;…` (explode).
    Matrix,
    /// The value's JSON text.
    Json,
}

/// Serializes a value for laying out; on the rare failure (a map with non-string keys in a
/// hand-written type) the error.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::to_value(value)
}

/// The text of a string, number or boolean; `None` for `null`, arrays and objects.
fn scalar(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// The text of a value inside a value: a scalar's text, else its JSON text.
fn text(value: &Value) -> Cow<'_, str> {
    scalar(value).unwrap_or_else(|| Cow::Owned(value.to_string()))
}

/// An object's entries in sorted key order, `null` values left out.
fn entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().filter(|(_, v)| !v.is_null()).collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Leaves text as it is (the query string is form-encoded afterwards, as a whole).
pub(crate) fn verbatim(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Percent-encodes every byte `keep` refuses, and `%` itself.
fn percent_encode(text: &str, keep: fn(u8) -> bool) -> Cow<'_, str> {
    if text.bytes().all(|b| b != b'%' && keep(b)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for b in text.bytes() {
        if b != b'%' && keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// RFC 3986 unreserved characters.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// A value in a path: unreserved characters and the sub-delimiters no style uses as a
/// delimiter (`:@!$'()*+&`) stay; `/ ? # % , ; =`, spaces and non-ASCII are escaped.
pub(crate) fn path_escape(text: &str) -> Cow<'_, str> {
    percent_encode(text, |b| {
        unreserved(b) || matches!(b, b':' | b'@' | b'!' | b'$' | b'\'' | b'(' | b')' | b'*' | b'+' | b'&')
    })
}

/// A literal piece of a path template: every character a path segment may hold stays.
pub(crate) fn path_literal_escape(text: &str) -> Cow<'_, str> {
    percent_encode(text, |b| {
        unreserved(b)
            || matches!(b, b':' | b'@' | b'!' | b'$' | b'\'' | b'(' | b')' | b'*' | b'+' | b'&' | b',' | b';' | b'=')
    })
}

/// A cookie name or value: RFC 6265 cookie-octets stay (no space, `"`, `,`, `;`, `\`).
pub(crate) fn cookie_escape(text: &str) -> Cow<'_, str> {
    percent_encode(text, |b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

/// `name=value` pairs of a query or cookie parameter (`form`, `spaceDelimited`,
/// `pipeDelimited`, `deepObject`, `Json`); names and values pass through `escape`, the
/// delimiters the style adds do not.
pub(crate) fn pairs(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    escape: fn(&str) -> Cow<'_, str>,
    out: &mut Vec<(String, String)>,
) {
    let delimiter = match style {
        Style::SpaceDelimited => " ",
        Style::PipeDelimited => "|",
        _ => ",",
    };
    match value {
        Value::Null => {}
        _ if style == Style::Json => out.push((escape(name).into_owned(), escape(&value.to_string()).into_owned())),
        _ if style == Style::DeepObject && !is_scalar(value) => brackets(&escape(name), value, escape, out),
        Value::Array(items) => {
            let items: Vec<Cow<'_, str>> =
                items.iter().filter(|v| !v.is_null()).map(|v| escape_owned(&text(v), escape)).collect();
            if items.is_empty() {
                return;
            }
            let name = escape(name);
            if explode {
                out.extend(items.into_iter().map(|item| (name.clone().into_owned(), item.into_owned())));
            } else {
                out.push((name.into_owned(), items.join(delimiter)));
            }
        }
        Value::Object(map) => {
            let entries = entries(map);
            if explode {
                // `k=v` per property; an array property one pair per item, an object one in
                // bracket form.
                for (key, value) in entries {
                    match value {
                        Value::Object(_) => brackets(&escape(key), value, escape, out),
                        _ => pairs(key, value, Style::Form, true, escape, out),
                    }
                }
            } else if !entries.is_empty() {
                let mut joined = Vec::with_capacity(entries.len() * 2);
                for (key, value) in entries {
                    joined.push(escape(key).into_owned());
                    joined.push(escape_owned(&text(value), escape).into_owned());
                }
                out.push((escape(name).into_owned(), joined.join(delimiter)));
            }
        }
        _ => out.push((escape(name).into_owned(), escape_owned(&text(value), escape).into_owned())),
    }
}

fn escape_owned<'a>(text: &Cow<'a, str>, escape: fn(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    Cow::Owned(escape(text).into_owned())
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// Bracket form under `prefix` (already escaped): `prefix[k]=v`, `prefix[]=v` for an array
/// of scalars, `prefix[0][k]=v` for an array holding objects or arrays.
pub(crate) fn brackets(prefix: &str, value: &Value, escape: fn(&str) -> Cow<'_, str>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in entries(map) {
                brackets(&format!("{prefix}[{}]", escape(key)), value, escape, out);
            }
        }
        Value::Array(items) => {
            let indexed = items.iter().any(|v| v.is_array() || v.is_object());
            for (i, item) in items.iter().enumerate() {
                let key = if indexed { format!("{prefix}[{i}]") } else { format!("{prefix}[]") };
                brackets(&key, item, escape, out);
            }
        }
        _ => out.push((prefix.to_owned(), escape_owned(&text(value), escape).into_owned())),
    }
}

/// The pairs of one top-level property of a form body, by its encoding (see the module
/// documentation).
pub(crate) fn form_pairs(name: &str, value: &Value, style: Style, explode: bool, out: &mut Vec<(String, String)>) {
    let nested = match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(|v| v.is_array() || v.is_object()),
        _ => false,
    };
    if nested {
        brackets(name, value, verbatim, out);
    } else {
        pairs(name, value, style, explode, verbatim, out);
    }
}

/// The bytes of a form body (`application/x-www-form-urlencoded`) from the body's value and
/// the `encoding` of its properties (`(property, style, explode)`; others are `form`,
/// exploded). `None` when the value is not an object.
pub(crate) fn form_body(value: &Value, encodings: &[(&str, Style, bool)]) -> Option<String> {
    let Value::Object(map) = value else { return None };
    let mut out = Vec::new();
    for (name, value) in entries(map) {
        let (style, explode) =
            encodings.iter().find(|(n, _, _)| n == name).map_or((Style::Form, true), |(_, s, e)| (*s, *e));
        form_pairs(name, value, style, explode, &mut out);
    }
    let encoded: Vec<String> = out.iter().map(|(k, v)| format!("{}={}", form_escape(k), form_escape(v))).collect();
    Some(encoded.join("&"))
}

/// The WHATWG `application/x-www-form-urlencoded` byte serializer, as `url` applies to query
/// strings: alphanumerics and `*-._` stay, a space is `+`, every other byte `%XX`.
pub(crate) fn form_escape(text: &str) -> Cow<'_, str> {
    let escaped = percent_encode(text, |b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_' | b' '));
    if escaped.contains(' ') { Cow::Owned(escaped.replace(' ', "+")) } else { escaped }
}

/// One text for a path (`simple`, `label`, `matrix`) or header (`simple`) value; `escape`
/// applies to names and values, not to the delimiters the style adds. `None` for `null` in
/// `simple` style (nothing to send); `label` and `matrix` give `.` and `;name`.
pub(crate) fn expand(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    escape: fn(&str) -> Cow<'_, str>,
) -> Option<String> {
    // (prefix, separator of exploded items, whether items carry the name)
    let (prefix, separator, named) = match style {
        Style::Label => (".", ".", false),
        Style::Matrix => (";", ";", true),
        Style::Json => return (!value.is_null()).then(|| escape(&value.to_string()).into_owned()),
        _ => ("", ",", false),
    };
    // Label joins unexploded lists with `.` too (the OpenAPI 3.0.3 table).
    let joiner = if style == Style::Label { "." } else { "," };
    let name = escape(name);
    let named_item = |item: &str| if named { format!("{name}={item}") } else { item.to_owned() };
    let empty = || if named { format!("{prefix}{name}") } else { prefix.to_owned() };
    match value {
        Value::Null if style == Style::Simple => None,
        Value::Null => Some(empty()),
        Value::Array(items) => {
            let items: Vec<String> =
                items.iter().filter(|v| !v.is_null()).map(|v| escape(&text(v)).into_owned()).collect();
            if items.is_empty() {
                return (style != Style::Simple).then(empty);
            }
            Some(if explode {
                format!("{prefix}{}", items.iter().map(|i| named_item(i)).collect::<Vec<_>>().join(separator))
            } else {
                format!("{prefix}{}", named_item(&items.join(joiner)))
            })
        }
        Value::Object(map) => {
            let entries: Vec<(String, String)> = entries(map)
                .into_iter()
                .map(|(k, v)| (escape(k).into_owned(), escape(&text(v)).into_owned()))
                .collect();
            if entries.is_empty() {
                return (style != Style::Simple).then(empty);
            }
            Some(if explode {
                let items: Vec<String> = entries.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{prefix}{}", items.join(separator))
            } else {
                let items: Vec<&str> = entries.iter().flat_map(|(k, v)| [k.as_str(), v.as_str()]).collect();
                format!("{prefix}{}", named_item(&items.join(joiner)))
            })
        }
        _ => Some(format!("{prefix}{}", named_item(&escape(&text(value))))),
    }
}
