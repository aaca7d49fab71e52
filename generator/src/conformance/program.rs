//! The conformance program's source: one async function per call, each building its
//! arguments from synthesized JSON with `serde_json` (so the crate's own encoders are what the
//! mock server judges), sending the request, and decoding (or draining) the response.

use std::fmt::Write as _;

use serde_json::Value;

use super::synth::{Choice, Synth};
use super::{Call, MAX_CALLS};
use crate::model::{Api, Body, BodyEncoding, Field, Input, Method, Pass, Presence, ResponseKind, Target, Ty, TypeKind};

/// The helpers every program starts with: argument decoding, the verdict on a response, the
/// report line.
const PRELUDE: &str = r#"
/// Why a call did not pass.
enum Fail {
    /// The mock server found the request invalid (`sl-violations`).
    Rejected(u16, String),
    /// An error status without violations.
    Status(u16, String),
    /// A success whose body did not decode.
    Decode(String),
    /// The synthesized argument does not decode into the argument's type.
    Argument(String),
    /// Anything else (transport, time-out).
    Other(String),
}

fn v<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Fail> {
    serde_json::from_str(text).map_err(|e| Fail::Argument(format!("{e}: {}", text.chars().take(300).collect::<String>())))
}

/// A body argument: decoded like [`v`], and encoded back, which must keep every property the
/// synthesized value has (a type that drops one can never send it).
fn body<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<T, Fail> {
    let value: T = v(text)?;
    let sent: serde_json::Value = serde_json::from_str(text).map_err(|e| Fail::Argument(e.to_string()))?;
    let encoded = serde_json::to_value(&value).map_err(|e| Fail::Argument(format!("does not encode: {e}")))?;
    match dropped(&sent, &encoded, "") {
        Some(place) => Err(Fail::Argument(format!("the crate's type drops `{place}` of {}", text.chars().take(300).collect::<String>()))),
        None => Ok(value),
    }
}

/// The first property of `sent` (a JSON pointer) that `encoded` lacks.
fn dropped(sent: &serde_json::Value, encoded: &serde_json::Value, at: &str) -> Option<String> {
    match (sent, encoded) {
        (serde_json::Value::Object(sent), serde_json::Value::Object(encoded)) => sent.iter().find_map(|(key, value)| {
            let place = format!("{at}/{key}");
            match encoded.get(key) {
                None if !value.is_null() => Some(place),
                None => None,
                Some(kept) => dropped(value, kept, &place),
            }
        }),
        (serde_json::Value::Array(sent), serde_json::Value::Array(encoded)) if sent.len() == encoded.len() => {
            sent.iter().zip(encoded).enumerate().find_map(|(i, (a, b))| dropped(a, b, &format!("{at}/{i}")))
        }
        (serde_json::Value::Array(_), serde_json::Value::Array(_)) => Some(at.to_owned()),
        _ => None,
    }
}

/// The errors among the mock server's violations, if any.
fn violations(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let text = headers.get("sl-violations")?.to_str().ok()?;
    let all: Vec<serde_json::Value> = serde_json::from_str(text).ok()?;
    let errors: Vec<String> = all
        .iter()
        .filter(|v| v.get("severity").and_then(|s| s.as_str()) == Some("Error"))
        // Violations of the response are the document's own examples breaking its schemas.
        .filter(|v| v.pointer("/location/0").and_then(|l| l.as_str()) == Some("request"))
        .map(|v| {
            let place = v.get("location").map(|l| l.to_string()).unwrap_or_default();
            let message = v.get("message").and_then(|m| m.as_str()).unwrap_or_default();
            format!("{place}: {message}")
        })
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

fn answer<T>(result: Result<api::Response<T>, api::Error>) -> Result<api::Response<T>, Fail> {
    match result {
        Ok(response) => match violations(&response.headers) {
            Some(found) => Err(Fail::Rejected(response.status.as_u16(), found)),
            None => Ok(response),
        },
        Err(api::Error::Api(error)) => {
            let status = error.status().as_u16();
            match violations(error.headers()) {
                Some(found) => Err(Fail::Rejected(status, found)),
                None => Err(Fail::Status(status, error.text().chars().take(300).collect())),
            }
        }
        Err(api::Error::Decode(error)) => Err(Fail::Decode(error.to_string())),
        Err(other) => Err(Fail::Other(other.to_string())),
    }
}

fn decoded(error: api::Error) -> Fail {
    match error {
        api::Error::Decode(error) => Fail::Decode(error.to_string()),
        other => Fail::Decode(other.to_string()),
    }
}

fn report(operation: &str, call: usize, result: Result<u16, Fail>) {
    let (outcome, status, detail) = match result {
        Ok(status) => ("passed", status, String::new()),
        Err(Fail::Rejected(status, why)) => ("rejected", status, why),
        Err(Fail::Status(status, why)) => ("status", status, why),
        Err(Fail::Decode(why)) => ("decode", 0, why),
        Err(Fail::Argument(why)) => ("argument", 0, why),
        Err(Fail::Other(why)) => ("other", 0, why),
    };
    let line = serde_json::json!({"operation": operation, "call": call, "outcome": outcome, "status": status, "detail": detail});
    println!("{line}");
}
"#;

/// Writes `src/main.rs`; returns it with the calls it makes.
pub(super) fn main_rs(api: &Api, doc: &Value) -> (String, Vec<Call>) {
    let lib = api.krate.name.replace('-', "_");
    let synth = Synth::new(doc);
    let mut out = String::new();
    out.push_str(
        "//! Calls every operation of the crate once per synthesized argument set, printing one JSON line per call.\n",
    );
    out.push_str("//! Written by `cargo xtask conformance`; not checked in.\n");
    out.push_str("#![allow(deprecated, dead_code, unused_mut, clippy::all)]\n\n");
    let _ = writeln!(out, "use {lib} as api;");
    out.push_str(PRELUDE);
    let (headers, queries) = credentials(api, doc);
    let query: String = queries.iter().map(|name| format!(".query({name:?}, \"conformance-key\")")).collect();
    let mut calls = Vec::new();
    let mut functions = String::new();
    for group in &api.groups {
        let accessor: String = group.path.iter().map(|p| format!(".{p}()")).collect();
        // WebSocket channels: an HTTP mock cannot answer them (their own tests use a local
        // WebSocket server).
        for method in group.methods.iter().filter(|m| !matches!(m.response, ResponseKind::Socket(_))) {
            let name = &method.name;
            let operation = format!("client{accessor}.{}()", name.trim_start_matches("r#"));
            let schemas = Schemas::of(doc, method, method.body.as_ref());
            let count = (1 + schemas.most_arms(&synth)).clamp(2, MAX_CALLS);
            for index in 0..count {
                let choice = Choice { variant: index.saturating_sub(1), full: index > 0 };
                let function = format!("call_{}", calls.len());
                let (arguments, setters) = inputs(api, &synth, &schemas, method, choice);
                let _ = writeln!(
                    functions,
                    "\nasync fn {function}(client: &api::Client) -> Result<u16, Fail> {{\n    let response = answer(client{accessor}.{name}({arguments}){setters}{query}.with_response().await)?;\n    let status = response.status.as_u16();{}\n    Ok(status)\n}}",
                    drain(&method.response)
                );
                calls.push(Call {
                    operation: operation.clone(),
                    index,
                    http: format!("{} {}", method.http_method, method.path_template),
                    function,
                });
            }
        }
    }
    out.push_str(&functions);
    out.push_str("\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n");
    out.push_str("    let base = std::env::args().nth(1).expect(\"usage: conformance BASE_URL [FIRST_CALL]\");\n");
    // The runner starts again after the call a crashed mock server did not answer.
    out.push_str("    let first: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);\n");
    let extra: String = headers.iter().map(|(name, value)| format!("        .header({name:?}, {value:?})\n")).collect();
    let _ = write!(
        out,
        "    let client = api::Client::builder()\n        .api_key(\"conformance-key\")\n        .base_url(base)\n        .max_retries(0)\n{extra}        .timeout(std::time::Duration::from_secs(30))\n        .build()\n        .expect(\"client\");\n"
    );
    for (i, call) in calls.iter().enumerate() {
        let _ = writeln!(
            out,
            "    if first <= {i} {{\n        report({:?}, {}, {}(&client).await);\n    }}",
            call.operation, call.index, call.function
        );
    }
    out.push_str("}\n");
    (out, calls)
}

/// The credentials the document's security schemes ask for, beyond the one the client sends
/// itself (a crate has one auth style; the mock server checks each operation's): headers
/// for the builder, and query parameters for each call.
fn credentials(api: &Api, doc: &Value) -> (Vec<(String, String)>, Vec<String>) {
    let own = api.auth.header().map(str::to_ascii_lowercase);
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut queries = Vec::new();
    let mut authorization = None;
    let schemes = doc.pointer("/components/securitySchemes").and_then(Value::as_object);
    for scheme in schemes.into_iter().flat_map(|s| s.values()).map(|s| resolve(doc, s)) {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
        match (text("type").as_str(), text("in").as_str(), text("scheme").as_str()) {
            ("apikey", "header", _) => {
                let name = text("name");
                if own.as_ref() != Some(&name) && !headers.iter().any(|(n, _)| *n == name) {
                    headers.push((name, "conformance-key".into()));
                }
            }
            ("apikey", "query", _) => {
                let name = scheme.get("name").and_then(Value::as_str).unwrap_or_default();
                if api.auth.query() != Some(name) {
                    queries.push(name.to_owned());
                }
            }
            ("http", _, "basic") => authorization = authorization.or(Some("Basic Y29uZm9ybWFuY2U6a2V5")),
            ("http", _, _) | ("oauth2" | "openidconnect", _, _) => authorization = Some("Bearer conformance-key"),
            _ => {}
        }
    }
    // A key in a header or the query leaves `Authorization` free for the schemes that use it.
    if let (Some(value), true) = (authorization, own.is_some() || api.auth.query().is_some()) {
        headers.push(("authorization".into(), value.into()));
    }
    queries.sort();
    queries.dedup();
    (headers, queries)
}

/// Reading the rest of a streamed body: its items must decode too.
fn drain(response: &ResponseKind) -> &'static str {
    match response {
        ResponseKind::Bytes | ResponseKind::Parts(None) => "\n    response.data.collect().await.map_err(decoded)?;",
        ResponseKind::JsonStream(_) | ResponseKind::Events(_) => {
            "\n    let mut data = response.data;\n    while let Some(item) = data.next().await {\n        item.map_err(decoded)?;\n    }"
        }
        ResponseKind::Json(_) | ResponseKind::Parts(Some(_)) | ResponseKind::Empty | ResponseKind::Socket(_) => "",
    }
}

/// The schemas of one method's inputs in the normalized document.
struct Schemas<'a> {
    /// `(name, location, schema)` of each parameter (`path`, `query`, `header`, `cookie`).
    parameters: Vec<(String, String, &'a Value)>,
    /// The body's schema.
    body: Option<&'a Value>,
}

impl<'a> Schemas<'a> {
    fn of(doc: &'a Value, method: &Method, body: Option<&Body>) -> Self {
        let operation = doc.pointer(method.pointer.trim_start_matches('#'));
        let item = method.pointer.trim_start_matches('#').rsplit_once('/').and_then(|(item, _)| doc.pointer(item));
        let mut parameters = Vec::new();
        for list in [operation, item].into_iter().flatten().filter_map(|o| o.get("parameters")?.as_array()) {
            for parameter in list {
                let parameter = resolve(doc, parameter);
                let (Some(name), Some(location)) =
                    (parameter.get("name").and_then(Value::as_str), parameter.get("in").and_then(Value::as_str))
                else {
                    continue;
                };
                let schema = parameter
                    .get("schema")
                    .or_else(|| parameter.get("content")?.as_object()?.values().next()?.get("schema"));
                if let Some(schema) = schema
                    && !parameters.iter().any(|(n, l, _)| n == name && l == location)
                {
                    parameters.push((name.to_owned(), location.to_owned(), schema));
                }
            }
        }
        let body = body.and_then(|body| {
            let request = resolve(doc, operation?.get("requestBody")?);
            let content = request.get("content")?.as_object()?;
            let media = body.media_types.iter().find_map(|m| content.get(m)).or_else(|| content.values().next())?;
            media.get("schema")
        });
        Schemas { parameters, body }
    }

    fn most_arms(&self, synth: &Synth<'_>) -> usize {
        self.parameters.iter().map(|(_, _, s)| *s).chain(self.body).map(|s| synth.most_arms(s)).max().unwrap_or(1)
    }

    fn parameter(&self, name: &str, location: &str) -> Option<&'a Value> {
        self.parameters.iter().find(|(n, l, _)| n == name && l == location).map(|(_, _, s)| *s)
    }
}

/// Follows a local `$ref` of a parameter or request body.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => doc.pointer(pointer).unwrap_or(value),
        None => value,
    }
}

/// The argument list of one call, and the setters it chains: every setter with a value in
/// the full calls, none in the call with the required inputs only.
fn inputs(api: &Api, synth: &Synth<'_>, schemas: &Schemas<'_>, method: &Method, choice: Choice) -> (String, String) {
    let any = serde_json::json!({});
    let body_value = schemas.body.map(|s| synth.value(s, choice)).unwrap_or(Value::Null);
    let value_of = |input: &Input| -> Option<Value> {
        match input.target {
            Target::Path(i) => {
                let p = &method.path_params[i];
                Some(synth.value(schemas.parameter(&p.wire, "path").unwrap_or(&any), choice))
            }
            Target::Param(i) => {
                let p = &method.params[i];
                schemas.parameter(&p.wire, p.location.as_str()).map(|s| synth.value(s, choice))
            }
            Target::Body => Some(body_value.clone()),
            Target::BodyField(i) => {
                let wire = &body_fields(api, method)?.get(i)?.wire;
                body_value.get(wire).cloned()
            }
            Target::Field(_) => None,
        }
    };
    let args: Vec<String> = method
        .args
        .iter()
        .map(|input| {
            let value = value_of(input).unwrap_or(Value::Null);
            expression(api, method, input, &value)
        })
        .collect();
    let mut setters = String::new();
    if choice.full {
        for input in &method.setters {
            let Some(value) = value_of(input) else { continue };
            let _ = write!(setters, ".{}({})", input.name, expression(api, method, input, &value));
        }
    }
    (args.join(", "), setters)
}

/// The fields of a method's body struct, when it is a struct.
fn body_fields<'a>(api: &'a Api, method: &Method) -> Option<&'a [Field]> {
    let Ty::Named(name) = &method.body.as_ref()?.ty else { return None };
    struct_fields(api, name)
}

/// The fields of the struct a type name stands for (aliases followed).
fn struct_fields<'a>(api: &'a Api, name: &str) -> Option<&'a [Field]> {
    let mut name = name;
    for _ in 0..api.types.len() {
        let def = api.types.iter().find(|t| t.name == name)?;
        match (&def.same_as, &def.kind) {
            (Some(target), _) => name = target,
            (None, TypeKind::Struct(fields, _) | TypeKind::Form(fields, _)) => return Some(fields),
            (None, _) => return None,
        }
    }
    None
}

/// The expression of one input's value, made from synthesized JSON: decoded into the input's
/// type (a body, or a property of one, must keep every property it was given), files for
/// binary bodies and multipart file fields.
fn expression(api: &Api, method: &Method, input: &Input, value: &Value) -> String {
    let lib = "api";
    let body = method.body.as_ref();
    let file = format!("{lib}::File::from_bytes(&b\"conformance\"[..]).with_name(\"conformance.bin\")");
    let is_body = matches!(input.target, Target::Body | Target::BodyField(_));
    match (input.target, body.map(|b| b.encoding)) {
        (Target::Body, Some(BodyEncoding::Binary)) => return format!("{lib}::File::from_bytes(&b\"conformance\"[..])"),
        (Target::Body, Some(BodyEncoding::Multipart)) => return format!("&{}", form(api, &input.ty, value, lib)),
        // An empty URL-encoded form is an empty body, which reads as none: a free-form map
        // gets one pair.
        (Target::Body, Some(BodyEncoding::UrlEncoded))
            if matches!(input.ty, Ty::Map(_)) && value.as_object().is_some_and(|m| m.is_empty()) =>
        {
            let pair = serde_json::json!({"field": "conformance"});
            return format!("&body::<{}>({})?", rust_ty(&input.ty, lib), literal(&pair));
        }
        _ => {}
    }
    match &input.ty {
        Ty::File => return file,
        Ty::List(inner) if **inner == Ty::File => return format!("vec![{file}, {file}]"),
        _ => {}
    }
    let decode = |ty: &Ty, value: &Value| {
        let helper = if is_body && !matches!(ty, Ty::String) { "body" } else { "v" };
        format!("{helper}::<{}>({})?", rust_ty(ty, lib), literal(value))
    };
    match input.pass {
        Pass::Str => format!("&v::<String>({})?", literal(&as_string(value.clone()))),
        Pass::Slice => format!("&{}", decode(&input.ty, value)),
        Pass::Ref => format!("&{}", decode(&input.ty, value)),
        Pass::Value => decode(&input.ty, value),
        Pass::IntoNullable if value.is_null() => format!("{lib}::Nullable::Null"),
        Pass::IntoNullable => format!("{lib}::Nullable::Value({})", decode(&input.ty, value)),
    }
}

/// A multipart form whose parts the document does not name: a text part per property of the
/// synthesized value (its JSON text, a string as it is), or one `field` when it has none.
fn free_form(value: &Value, lib: &str) -> String {
    let mut parts = format!("{lib}::FormParts::new()");
    let entries: Vec<(String, Value)> = match value {
        Value::Object(map) if !map.is_empty() => map.iter().map(|(k, v)| (k.clone(), as_string(v.clone()))).collect(),
        _ => vec![("field".to_owned(), Value::from("conformance"))],
    };
    for (name, text) in entries {
        let _ = write!(parts, ".text({name:?}, {:?})", text.as_str().unwrap_or_default());
    }
    parts
}

/// A multipart form, built as a caller builds it: `new(..)` with the required fields, then a
/// `with_*` setter per optional field the synthesized value has; files for binary fields.
fn form(api: &Api, ty: &Ty, value: &Value, lib: &str) -> String {
    if *ty == Ty::FormParts {
        return free_form(value, lib);
    }
    let Ty::Named(name) = ty else { return format!("v({})?", literal(value)) };
    let Some(def) = canonical(api, name) else { return format!("v({})?", literal(value)) };
    let TypeKind::Form(fields, _) = &def.kind else { return format!("v({})?", literal(value)) };
    let file = format!("{lib}::File::from_bytes(&b\"conformance\"[..]).with_name(\"conformance.bin\")");
    // A field's value as the constructor or setter `input` takes it; `None` when there is none
    // to give (a setter takes no `null`: that is the field's to assign).
    let field_expr = |field: &Field, input: &Input, value: Option<&Value>| -> Option<String> {
        match &field.ty {
            Ty::File => return Some(file.clone()),
            Ty::List(inner) if **inner == Ty::File => return Some(format!("vec![{file}, {file}]")),
            _ => {}
        }
        let value = value?;
        Some(match input.pass {
            Pass::Str if value.is_null() => return None,
            Pass::Str => format!("&v::<String>({})?", literal(&as_string(value.clone()))),
            _ if field.presence() == Presence::RequiredNullable => {
                format!("v::<Option<{}>>({})?", rust_ty(&field.ty, lib), literal(value))
            }
            _ if value.is_null() => return None,
            _ => format!("v::<{}>({})?", rust_ty(&field.ty, lib), literal(value)),
        })
    };
    let members = &def.members;
    let mut out = match &members.constructor {
        Some(args) => {
            let args: Vec<String> = args
                .iter()
                .filter_map(|a| match a.target {
                    Target::Field(i) => fields.get(i).map(|f| (f, a)),
                    _ => None,
                })
                .map(|(f, a)| {
                    // A required value the synthesizer left out: `null`, which fails as `argument`.
                    let missing = if a.pass == Pass::Str { "&v::<String>(\"null\")?" } else { "v(\"null\")?" };
                    field_expr(f, a, value.get(&f.wire)).unwrap_or_else(|| missing.to_owned())
                })
                .collect();
            format!("{lib}::types::{}::new({})", def.name, args.join(", "))
        }
        None => format!("{lib}::types::{}::default()", def.name),
    };
    for setter in &members.setters {
        let Target::Field(i) = setter.target else { continue };
        let Some(field) = fields.get(i) else { continue };
        let present = value.get(&field.wire);
        if present.is_none() && !matches!(&field.ty, Ty::File) {
            continue;
        }
        if let Some(expr) = field_expr(field, setter, present) {
            let _ = write!(out, ".{}({expr})", setter.name);
        }
    }
    out
}

/// The definition a type name stands for, aliases followed.
fn canonical<'a>(api: &'a Api, name: &str) -> Option<&'a crate::model::TypeDef> {
    let mut name = name;
    for _ in 0..api.types.len() {
        let def = api.types.iter().find(|t| t.name == name)?;
        match &def.same_as {
            Some(target) => name = target,
            None => return Some(def),
        }
    }
    None
}

/// A string argument: the value itself, or its JSON text when it is not a string.
fn as_string(value: Value) -> Value {
    match value {
        Value::String(_) => value,
        other => Value::String(other.to_string()),
    }
}

/// A Rust string literal holding `value`'s JSON text.
fn literal(value: &Value) -> String {
    format!("{:?}", value.to_string())
}

/// The Rust type of `ty`, with crate types under `{lib}::types`.
fn rust_ty(ty: &Ty, lib: &str) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::I64 => "i64".into(),
        Ty::I32 => "i32".into(),
        Ty::F64 => "f64".into(),
        Ty::Bool => "bool".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::List(inner) => format!("Vec<{}>", rust_ty(inner, lib)),
        Ty::Map(inner) => format!("std::collections::BTreeMap<String, {}>", rust_ty(inner, lib)),
        Ty::Option(inner) => format!("Option<{}>", rust_ty(inner, lib)),
        Ty::Named(name) => format!("{lib}::types::{name}"),
        Ty::Boxed(inner) => format!("Box<{}>", rust_ty(inner, lib)),
        Ty::File => format!("{lib}::File"),
        Ty::FormParts => format!("{lib}::FormParts"),
    }
}
