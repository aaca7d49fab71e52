//! Values synthesized from normalized (OpenAPI 3.0) schemas: JSON that satisfies a schema's
//! type, enum, format, bounds, lengths and simple patterns, for the conformance program's
//! arguments.
//!
//! A `variant` number picks among the choices a schema offers (union arms, enum values, the
//! boolean), so calls with successive variants cover every arm; `full` adds every optional
//! property. Request values leave out `readOnly` properties.

use serde_json::{Map, Value, json};

use super::pattern;

/// How deep `$ref`s are followed for optional parts before they are left out.
const OPTIONAL_DEPTH: usize = 6;
/// How deep anything is followed: past it a required recursive value is cut short.
const MAX_DEPTH: usize = 24;

/// Synthesizes values from schemas of one normalized document (for `$ref`s).
#[derive(Debug, Clone, Copy)]
pub struct Synth<'a> {
    root: &'a Value,
}

/// What to synthesize: which choice of each union and enum, and whether optional properties
/// are filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Picks arms and enum values (`variant % count`).
    pub variant: usize,
    /// Every optional property too, not only the required ones.
    pub full: bool,
}

impl<'a> Synth<'a> {
    /// A synthesizer over the normalized document `root`.
    pub fn new(root: &'a Value) -> Self {
        Synth { root }
    }

    /// Follows a local `$ref` (`#/components/schemas/X`, any JSON pointer).
    pub fn resolve<'b>(&'b self, schema: &'b Value) -> &'b Value
    where
        'a: 'b,
    {
        let mut current = schema;
        for _ in 0..32 {
            match current.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => match self.root.pointer(pointer) {
                    Some(target) => current = target,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    /// The most arms any union inside `schema` has (1 when there is none): how many calls it
    /// takes for every arm to be sent once.
    pub fn most_arms(&self, schema: &Value) -> usize {
        let mut seen = Vec::new();
        self.arms_in(schema, &mut seen, 0)
    }

    fn arms_in(&self, schema: &Value, seen: &mut Vec<String>, depth: usize) -> usize {
        if depth > OPTIONAL_DEPTH {
            return 1;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if seen.iter().any(|s| s == reference) {
                return 1;
            }
            seen.push(reference.to_owned());
            return self.arms_in(self.resolve(schema), seen, depth + 1);
        }
        let mut most = 1;
        for key in ["oneOf", "anyOf"] {
            if let Some(arms) = schema.get(key).and_then(Value::as_array) {
                most = most.max(arms.len());
            }
        }
        let children = ["oneOf", "anyOf", "allOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten()
            .chain(schema.get("properties").and_then(Value::as_object).into_iter().flat_map(|p| p.values()))
            .chain(schema.get("items"))
            .chain(schema.get("additionalProperties").filter(|a| a.is_object()));
        for child in children {
            most = most.max(self.arms_in(child, seen, depth + 1));
        }
        most
    }

    /// A value of `schema`.
    pub fn value(&self, schema: &Value, choice: Choice) -> Value {
        self.at(schema, choice, 0)
    }

    fn at(&self, schema: &Value, choice: Choice, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if depth > MAX_DEPTH {
            // A value that requires itself has no finite instance: cut it short.
            return schema.get("default").cloned().unwrap_or(Value::Null);
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, parts, choice, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(arms) = schema.get(key).and_then(Value::as_array).filter(|a| !a.is_empty()) {
                return self.union(schema, arms, choice, depth);
            }
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty() {
                return values[choice.variant % values.len()].clone();
            }
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => string(schema),
            Some("integer") => integer(schema),
            Some("number") => number(schema),
            Some("boolean") => Value::Bool(choice.variant % 2 == 0),
            Some("array") => self.array(schema, choice, depth),
            Some("object") => self.object(schema, choice, depth),
            _ if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
                self.object(schema, choice, depth)
            }
            _ if schema.get("items").is_some() => self.array(schema, choice, depth),
            // `{}`: anything; a string is what every tool can send and read.
            _ => Value::String("value".into()),
        }
    }

    fn all_of(&self, schema: &Value, parts: &[Value], choice: Choice, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut shaped = None;
        for part in parts {
            match self.at(part, choice, depth + 1) {
                Value::Object(fields) => merged.extend(fields),
                other => shaped = shaped.or(Some(other)),
            }
        }
        let own = schema.get("properties").is_some() || schema.get("type").is_some_and(|t| t == "object");
        if own && let Value::Object(fields) = self.object(schema, choice, depth) {
            merged.extend(fields);
        }
        match shaped {
            Some(value) if merged.is_empty() => value,
            _ => Value::Object(merged),
        }
    }

    fn union(&self, schema: &Value, arms: &[Value], choice: Choice, depth: usize) -> Value {
        // Past the depth limit, the arm most likely to end the recursion: a scalar one.
        let index = if depth > OPTIONAL_DEPTH {
            arms.iter()
                .position(|a| {
                    let a = self.resolve(a);
                    a.get("type").and_then(Value::as_str).is_some_and(|t| t != "object" && t != "array")
                        || a.get("enum").is_some()
                })
                .unwrap_or(choice.variant % arms.len())
        } else {
            choice.variant % arms.len()
        };
        let arm = &arms[index];
        let mut value = self.at(arm, choice, depth + 1);
        // A discriminator names the arm: its mapping key, else the arm's schema name.
        if let Some(property) = schema.pointer("/discriminator/propertyName").and_then(Value::as_str)
            && let Value::Object(fields) = &mut value
        {
            let reference = arm.get("$ref").and_then(Value::as_str);
            let mapped = schema.pointer("/discriminator/mapping").and_then(Value::as_object).and_then(|mapping| {
                mapping.iter().find(|(_, target)| target.as_str() == reference).map(|(key, _)| key.clone())
            });
            let fixed = fields.get(property).is_some_and(|_| {
                let arm = self.resolve(arm);
                arm.pointer(&format!("/properties/{}/enum", escape(property))).is_some()
            });
            if let Some(tag) = mapped {
                fields.insert(property.to_owned(), Value::String(tag));
            } else if !fixed && let Some(name) = reference.and_then(|r| r.rsplit('/').next()) {
                fields.insert(property.to_owned(), Value::String(name.to_owned()));
            }
        }
        value
    }

    fn array(&self, schema: &Value, choice: Choice, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = schema.get("maxItems").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
        let wanted = if depth > OPTIONAL_DEPTH { min } else { min.max(2) };
        let count = wanted.min(max).min(min.max(8));
        let empty = json!({});
        let items = schema.get("items").unwrap_or(&empty);
        let unique = schema.get("uniqueItems").and_then(Value::as_bool).unwrap_or(false);
        let mut values: Vec<Value> = Vec::with_capacity(count);
        for i in 0..count {
            let item = self.at(items, Choice { variant: choice.variant + i, ..choice }, depth + 1);
            if unique && values.contains(&item) {
                continue;
            }
            values.push(item);
        }
        Value::Array(values)
    }

    fn object(&self, schema: &Value, choice: Choice, depth: usize) -> Value {
        let required: Vec<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut fields = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let is_required = required.contains(&name.as_str());
                let read_only = self.resolve(property).get("readOnly").and_then(Value::as_bool).unwrap_or(false);
                // A property fixed to one value (a tag, `const`) is always sent: it tells union
                // arms apart that would otherwise all take the same small object.
                let fixed = self.resolve(property).get("enum").and_then(Value::as_array).is_some_and(|e| e.len() == 1);
                let wanted = is_required || fixed || (choice.full && depth <= OPTIONAL_DEPTH && !read_only);
                if wanted {
                    fields.insert(name.clone(), self.at(property, choice, depth + 1));
                }
            }
        }
        // Required names the schema gives no property for: any value (of `additionalProperties`).
        for name in &required {
            if !fields.contains_key(*name) {
                let any = Value::Object(Map::new());
                let extra = schema.get("additionalProperties").filter(|a| a.is_object()).unwrap_or(&any);
                fields.insert((*name).to_owned(), self.at(extra, choice, depth + 1));
            }
        }
        let extra = schema.get("additionalProperties").filter(|a| a.is_object());
        let min = schema.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize;
        if let Some(extra) = extra
            && ((choice.full && depth <= OPTIONAL_DEPTH && fields.is_empty()) || fields.len() < min)
        {
            // Keys from `propertyNames` when it restricts them (an enum of names), else `key1` ….
            let names = schema.get("propertyNames");
            let mut n = 0;
            while fields.len() < min.max(1) && n < min.max(1) + 8 {
                let key = match names
                    .map(|names| self.at(names, Choice { variant: choice.variant + n, ..choice }, depth + 1))
                {
                    Some(Value::String(key)) => key,
                    _ => format!("key{}", n + 1),
                };
                fields.insert(key, self.at(extra, choice, depth + 1));
                n += 1;
            }
        }
        Value::Object(fields)
    }
}

/// A JSON pointer segment for `name`.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn string(schema: &Value) -> Value {
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    let format = schema.get("format").and_then(Value::as_str).unwrap_or_default();
    let formatted = match format {
        "date-time" => Some("2024-01-02T03:04:05Z"),
        "date" => Some("2024-01-02"),
        "time" => Some("03:04:05Z"),
        "uuid" => Some("123e4567-e89b-42d3-a456-426614174000"),
        "email" => Some("user@example.com"),
        "uri" | "url" | "uri-reference" | "iri" => Some("https://example.com/a"),
        "hostname" => Some("example.com"),
        "ipv4" => Some("192.0.2.1"),
        "ipv6" => Some("2001:db8::1"),
        "byte" => Some("aGVsbG8="),
        "duration" => Some("P1D"),
        _ => None,
    };
    if let Some(text) = formatted {
        return Value::String(text.to_owned());
    }
    if let Some(text) = schema.get("pattern").and_then(Value::as_str).and_then(|p| pattern::example(p, min, max)) {
        return Value::String(text);
    }
    let mut text = String::from("text");
    while text.chars().count() < min {
        text.push('x');
    }
    text.truncate(max.max(min));
    Value::String(text)
}

fn integer(schema: &Value) -> Value {
    let (low, high) = bounds(schema);
    let step = schema.get("multipleOf").and_then(Value::as_f64).filter(|m| *m >= 1.0).unwrap_or(1.0);
    let mut value = if low.is_finite() { (low / step).ceil() * step } else { step.max(1.0) };
    if value > high {
        value = (high / step).floor() * step;
    }
    Value::from(value as i64)
}

fn number(schema: &Value) -> Value {
    let (low, high) = bounds(schema);
    let step = schema.get("multipleOf").and_then(Value::as_f64).filter(|m| *m > 0.0);
    let mut value = match (low.is_finite(), high.is_finite()) {
        (true, true) => (low + high) / 2.0,
        (true, false) => low + 0.5,
        (false, true) => high - 0.5,
        (false, false) => 1.5,
    };
    if let Some(step) = step {
        value = (value / step).round() * step;
        if value < low || value > high {
            value = (low / step).ceil() * step;
        }
    }
    serde_json::Number::from_f64(value).map_or(Value::from(0), Value::Number)
}

/// The inclusive range a number may take (exclusive bounds moved inwards by 1 for integers'
/// sake, which `number` halves away).
fn bounds(schema: &Value) -> (f64, f64) {
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let mut low = schema.get("minimum").and_then(Value::as_f64).unwrap_or(f64::NEG_INFINITY);
    let mut high = schema.get("maximum").and_then(Value::as_f64).unwrap_or(f64::INFINITY);
    if exclusive("exclusiveMinimum") {
        low += if schema.get("type").is_some_and(|t| t == "integer") { 1.0 } else { 0.25 };
    }
    if exclusive("exclusiveMaximum") {
        high -= if schema.get("type").is_some_and(|t| t == "integer") { 1.0 } else { 0.25 };
    }
    (low, high)
}
