//! The model → the surface: every public item of the crate's generated modules under the name
//! a caller writes, with the Rust types the model decided (`Method::args`, `Method::setters`,
//! `TypeDef::members`), which emit prints as they are.

use std::collections::BTreeMap;

use super::{Item, Presence, Surface};
use crate::model::{Api, Field, Input, Pass, ResponseKind, Ty, TypeKind, VariantKind};

/// The kind of a union: an enum of arms, `#[non_exhaustive]` (a new arm breaks no `match`).
const OPEN_UNION: &str = "union, non-exhaustive";

/// The public surface of the crate the model becomes.
pub fn describe(api: &Api) -> Surface {
    let mut items = BTreeMap::new();
    if !api.environments.is_empty() {
        items.insert("Environment".to_owned(), Item::Type { kind: "enum".to_owned() });
        for env in &api.environments {
            items.insert(format!("Environment::{}", env.name), Item::Value { value: json_text(&env.url) });
        }
        let function = |args: &[(&str, &str)], returns: &str| Item::Function {
            args: args.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect(),
            returns: returns.to_owned(),
        };
        items.insert("Environment::base_url".to_owned(), function(&[], "&'static str"));
        items.insert("ClientBuilder".to_owned(), Item::Type { kind: "runtime struct".to_owned() });
        items.insert("ClientBuilder::environment".to_owned(), function(&[("environment", "Environment")], "Self"));
    }
    for group in &api.groups {
        let prefix: String = group.path.iter().map(|p| format!("{p}().")).collect();
        if !group.path.is_empty() {
            let accessor = format!("client.{}", prefix.trim_end_matches('.'));
            items.insert(format!("api::{}", group.type_name), Item::Type { kind: format!("group {accessor}") });
        }
        for method in &group.methods {
            let name = format!("client.{prefix}{}", method.name);
            let args = method.args.iter().map(|a| (a.name.clone(), input_type(a))).collect();
            let route = format!("{} {}", method.http_method, method.path_template);
            items.insert(name.clone(), Item::Method { args, returns: returns(&method.response), route });
            items.insert(format!("api::{}", method.call_type), Item::Type { kind: format!("call {name}()") });
            for setter in &method.setters {
                let item = Item::Function {
                    args: vec![(setter.name.clone(), input_type(setter))],
                    returns: "Self".to_owned(),
                };
                items.insert(format!("{name}().{}", setter.name), item);
            }
            if let (Some(pager), ResponseKind::Json(page)) = (&method.pager, &method.response) {
                let function = |returns: String| Item::Function { args: Vec::new(), returns };
                items.insert(format!("{name}().pages"), function(format!("Pages<{}>", rust_type(page))));
                items.insert(format!("{name}().items"), function(format!("Items<{}>", rust_type(&pager.item))));
            }
            if let ResponseKind::Socket(socket) = &method.response {
                // The message enums: arms like a union's (the server's keep unknown messages).
                for (messages, fallback) in [(&socket.client, false), (&socket.server, true)] {
                    let name = format!("types::{}", messages.type_name);
                    for arm in &messages.arms {
                        let ty = arm.ty.as_ref().map_or_else(|| "Vec<u8>".to_owned(), rust_type);
                        items.insert(format!("{name}::{}", arm.name), Item::Arm { ty });
                    }
                    if fallback {
                        items.insert(format!("{name}::Unknown"), Item::Arm { ty: "serde_json::Value".to_owned() });
                    }
                    items.insert(name, Item::Type { kind: OPEN_UNION.to_owned() });
                }
            }
        }
    }
    if !api.errors.variants.is_empty() {
        items.insert("errors::ErrorBody".to_owned(), Item::Type { kind: OPEN_UNION.to_owned() });
        for (variant, ty) in &api.errors.variants {
            items.insert(format!("errors::ErrorBody::{variant}"), Item::Arm { ty: rust_type(ty) });
        }
    }
    for def in &api.types {
        let name = format!("types::{}", def.name);
        if let Some(target) = &def.same_as {
            items.insert(name, Item::Type { kind: format!("alias of {target}") });
            continue;
        }
        let (kind, fields): (&str, &[Field]) = match &def.kind {
            TypeKind::Struct(fields, _) => ("struct, non-exhaustive", fields),
            TypeKind::Form(fields, _) => ("form struct, non-exhaustive", fields),
            TypeKind::Enum(e) => {
                for (variant, wire) in &e.variants {
                    items.insert(format!("{name}::{variant}"), Item::Value { value: json_text(wire) });
                }
                items.insert(format!("{name}::{}", e.fallback), Item::Arm { ty: "String".to_owned() });
                ("enum", &[])
            }
            TypeKind::IntEnum(values) => {
                for (constant, value) in values {
                    items.insert(format!("{name}::{constant}"), Item::Value { value: value.to_string() });
                }
                ("int enum", &[])
            }
            TypeKind::Union(union) => {
                for arm in &union.variants {
                    let item = match &arm.kind {
                        VariantKind::Literal(text) => Item::Value { value: json_text(text) },
                        VariantKind::Value(ty, _) => Item::Arm { ty: rust_type(ty) },
                    };
                    items.insert(format!("{name}::{}", arm.name), item);
                }
                if let Some(fallback) = &union.fallback {
                    items.insert(format!("{name}::{fallback}"), Item::Arm { ty: "serde_json::Value".to_owned() });
                }
                (OPEN_UNION, &[])
            }
        };
        let members = &def.members;
        for (i, field) in fields.iter().enumerate() {
            let presence = match (field.required, members.presets.iter().any(|(at, _)| *at == i)) {
                (true, true) => Presence::Constant,
                (true, false) => Presence::Required,
                (false, _) => Presence::Optional,
            };
            items.insert(format!("{name}.{}", field.name), Item::Field { ty: field_type(field), presence });
        }
        if let Some(args) = &members.constructor {
            let args = args.iter().map(|a| (a.name.clone(), input_type(a))).collect();
            items.insert(format!("{name}::new"), Item::Function { args, returns: "Self".to_owned() });
        }
        for setter in &members.setters {
            let args = vec![("value".to_owned(), input_type(setter))];
            items.insert(format!("{name}::{}", setter.name), Item::Function { args, returns: "Self".to_owned() });
        }
        for helper in &members.base64 {
            let optional = fields.get(helper.field).is_some_and(|f| !f.required);
            let bytes = "Result<Vec<u8>, InvalidBase64>";
            let returns = if optional { format!("Option<{bytes}>") } else { bytes.to_owned() };
            items.insert(format!("{name}::{}", helper.getter), Item::Function { args: Vec::new(), returns });
            let args = vec![("bytes".to_owned(), "&[u8]".to_owned())];
            items.insert(format!("{name}::{}", helper.setter), Item::Function { args, returns: "()".to_owned() });
        }
        items.insert(name, Item::Type { kind: kind.to_owned() });
    }
    Surface { items }
}

/// What `.await` on a method's call gives (a channel: the `Connect` of its message types).
fn returns(response: &ResponseKind) -> String {
    match response {
        ResponseKind::Json(ty) => rust_type(ty),
        ResponseKind::JsonStream(ty) => format!("JsonStream<{}>", rust_type(ty)),
        ResponseKind::Events(None) => "EventStream".to_owned(),
        ResponseKind::Events(Some(ty)) => format!("EventStream<{}>", rust_type(ty)),
        ResponseKind::Bytes => "ByteStream".to_owned(),
        ResponseKind::Parts(None) => "Parts".to_owned(),
        ResponseKind::Parts(Some(ty)) => format!("Mixed<{}>", rust_type(ty)),
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Socket(socket) => format!("Connect<{}, {}>", socket.client.type_name, socket.server.type_name),
    }
}

/// An input's type as it is handed over.
pub(super) fn input_type(input: &Input) -> String {
    match (input.pass, &input.ty) {
        (Pass::Str, _) => "&str".to_owned(),
        (Pass::Slice, Ty::List(inner)) => format!("&[{}]", rust_type(inner)),
        (Pass::Ref | Pass::Slice, ty) => format!("&{}", rust_type(ty)),
        (Pass::Value, ty) => rust_type(ty),
        (Pass::IntoNullable, ty) => format!("impl Into<Nullable<{}>>", rust_type(ty)),
    }
}

/// The field's declared type, wrapper included.
fn field_type(field: &Field) -> String {
    let ty = rust_type(&field.ty);
    match (field.required, field.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Nullable<{ty}>"),
    }
}

/// A type expression as a caller writes it (crate types by their bare name).
pub(super) fn rust_type(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Json => "serde_json::Value".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", rust_type(inner)),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        Ty::Option(inner) => format!("Option<{}>", rust_type(inner)),
        Ty::Named(name) => name.clone(),
        Ty::Boxed(inner) => format!("Box<{}>", rust_type(inner)),
        Ty::File => "File".to_owned(),
        Ty::FormParts => "FormParts".to_owned(),
    }
}

/// A string as a JSON literal: quoted and escaped, so any text stays on one line.
fn json_text(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
