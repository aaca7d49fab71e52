//! Numbers that do not fit: loading never fails because of a number's size.
//!
//! The rule, the same for YAML and JSON:
//! - an integer that fits `i64` or `u64` stays an integer;
//! - a larger integer (`18446744073709552000`, a 40-digit id) becomes the nearest `f64`;
//! - a number beyond `f64` (JSON `1e400`, `-1e999`, YAML `.inf`) becomes the largest finite
//!   `f64` of its sign (`±1.7976931348623157e308`): as a bound (`maximum`) it still bounds
//!   nothing, as an example it is still "a very large number"; JSON has no infinity to keep;
//! - YAML `.nan` becomes `null` (JSON cannot hold it either);
//! - a plain YAML scalar such as `1e400` arrives as the string `"1e400"`: serde_yaml's float
//!   parser refuses a result beyond `f64` and the scalar falls back to a string, indistinguishable
//!   from a quoted one afterwards, so it is kept as the string it is.
//!
//! YAML goes through [`Tree`], a `serde_json::Value` built by a visitor that applies the rule
//! (serde_yaml hands integers beyond `u64` over as `u128`, which `Value`'s own visitor refuses
//! with "JSON number out of range"). serde_json rejects a number beyond `f64` while parsing,
//! before any visitor sees it: [`clamp_json_overflows`] rewrites such number tokens in the text
//! and the text is parsed again (only after that error, so other documents pay nothing).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A document tree, deserialized with the number rule above.
pub(crate) struct Tree(pub(crate) Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

/// A float as a JSON value: finite as it is, infinite clamped to `±f64::MAX`, NaN as `null`.
pub(crate) fn float(value: f64) -> Value {
    let value = if value.is_infinite() { f64::MAX.copysign(value) } else { value };
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => match u64::try_from(v) {
                Ok(small) => Value::Number(small.into()),
                Err(_) => float(v as f64),
            },
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => float(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Tree::deserialize(deserializer).map(|t| t.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((key, Tree(value))) = map.next_entry::<String, Tree>()? {
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// JSON text with every number token beyond `f64` replaced by `±1.7976931348623157e308`;
/// `None` when there is none (the parse error was something else).
pub(crate) fn clamp_json_overflows(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                let token = &text[start..i];
                if let Ok(value) = token.parse::<f64>() {
                    if value.is_infinite() {
                        out.push_str(&text[copied..start]);
                        out.push_str(if value < 0.0 { "-1.7976931348623157e308" } else { "1.7976931348623157e308" });
                        copied = i;
                        changed = true;
                    }
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied.min(text.len())..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str::<Tree>(text).map(|t| t.0).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn yaml_integers_beyond_u64_become_floats_and_the_others_stay_integers() {
        let tree = yaml("a: 18446744073709552000\nb: -9223372036854776000\nc: 9223372036854775807\nd: -5\ne: 1.5\n");
        assert_eq!(tree["a"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert!(tree["a"].is_f64());
        assert_eq!(tree["b"].as_f64(), Some(-9_223_372_036_854_776_000.0));
        assert_eq!(tree["c"], json!(i64::MAX));
        assert_eq!(tree["d"], json!(-5));
        assert_eq!(tree["e"], json!(1.5));
    }

    #[test]
    fn yaml_numbers_beyond_f64_are_clamped_and_nan_is_null() {
        let tree = yaml("a: .inf\nb: -.inf\nc: 1e400\nd: .nan\nlist: [.inf, 2]\n200: ok\n");
        assert_eq!(tree["a"], json!(f64::MAX));
        assert_eq!(tree["b"], json!(f64::MIN));
        assert_eq!(tree["c"], json!("1e400"), "serde_yaml reads a plain scalar beyond f64 as a string");
        assert_eq!(tree["d"], Value::Null);
        assert_eq!(tree["list"], json!([f64::MAX, 2]));
        assert_eq!(tree["200"], json!("ok"), "keys that look like numbers stay strings");
    }

    #[test]
    fn json_overflows_are_rewritten_outside_strings_only() {
        let text = r#"{"a": 1e400, "b": [-1E+999, 2.5e10], "s": "1e400 \" 1e999", "c": 18446744073709552000}"#;
        let fixed = clamp_json_overflows(text).unwrap_or_default();
        let tree: Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}: {fixed}"));
        assert_eq!(tree["a"], json!(f64::MAX));
        assert_eq!(tree["b"], json!([f64::MIN, 2.5e10]));
        assert_eq!(tree["s"], json!("1e400 \" 1e999"));
        assert_eq!(tree["c"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(clamp_json_overflows(r#"{"a": 1e300, "b": "1e400"}"#), None);
    }
}
