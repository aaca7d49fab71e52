//! The model → the surface: every method, type and member under the name a caller writes,
//! with the Rust types the emitted code declares (see `emit::api::method` and
//! `emit::types::structure`, which this mirrors).

use std::collections::BTreeMap;

use super::{Item, Presence, Surface};
use crate::model::{Api, Field, Method, ResponseKind, Ty, TypeKind, VariantKind};

/// The public surface of the crate the model becomes.
pub fn describe(api: &Api) -> Surface {
    let mut items = BTreeMap::new();
    if !api.environments.is_empty() {
        items.insert("Environment".to_owned(), Item::Type { kind: "enum".to_owned() });
        for env in &api.environments {
            items.insert(format!("Environment::{}", env.name), Item::Value { value: json_text(&env.url) });
        }
    }
    for group in &api.groups {
        let prefix: String = group.path.iter().map(|p| format!("{p}().")).collect();
        for method in &group.methods {
            items.insert(format!("client.{prefix}{}", method.name), method_item(method));
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
                    items.insert(name, Item::Type { kind: "union".to_owned() });
                }
            }
        }
    }
    let one_value = crate::emit::one_value_enums(api);
    for def in &api.types {
        let name = format!("types::{}", def.name);
        if let Some(target) = &def.same_as {
            items.insert(name, Item::Type { kind: format!("alias of {target}") });
            continue;
        }
        let (kind, fields): (&str, Vec<&Field>) = match &def.kind {
            TypeKind::Struct(fields, _) => ("struct", fields.iter().collect()),
            TypeKind::Params(params) => ("params struct", params.iter().map(|p| &p.field).collect()),
            TypeKind::Form(fields, _) => ("form struct", fields.iter().collect()),
            TypeKind::Enum(e) => {
                for (variant, wire) in &e.variants {
                    items.insert(format!("{name}::{variant}"), Item::Value { value: json_text(wire) });
                }
                ("enum", Vec::new())
            }
            TypeKind::IntEnum(values) => {
                for (constant, value) in values {
                    items.insert(format!("{name}::{constant}"), Item::Value { value: value.to_string() });
                }
                ("int enum", Vec::new())
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
                ("union", Vec::new())
            }
        };
        for field in fields {
            let constant =
                matches!(&field.ty, Ty::Named(n) if one_value.contains_key(n)) && field.required && !field.nullable;
            let presence = match (field.required, constant) {
                (true, true) => Presence::Constant,
                (true, false) => Presence::Required,
                (false, _) => Presence::Optional,
            };
            items.insert(format!("{name}.{}", field.name), Item::Field { ty: field_type(field), presence });
        }
        items.insert(name, Item::Type { kind: kind.to_owned() });
    }
    Surface { items }
}

fn method_item(method: &Method) -> Item {
    let mut args = Vec::new();
    for p in &method.path_params {
        let ty = match &p.ty {
            Ty::String => "&str".to_owned(),
            ty @ Ty::Named(_) => format!("&{}", rust_type(ty)),
            other => rust_type(other),
        };
        args.push((p.name.clone(), ty));
    }
    if let Some(body) = &method.body {
        let ty = rust_type(&body.ty);
        args.push(("body".to_owned(), if body.required { format!("&{ty}") } else { format!("Option<&{ty}>") }));
    }
    if let Some(params) = &method.params {
        args.push(("params".to_owned(), format!("&{}", params.type_name)));
    }
    let returns = match &method.response {
        ResponseKind::Json(ty) => rust_type(ty),
        ResponseKind::JsonStream(ty) => format!("JsonStream<{}>", rust_type(ty)),
        ResponseKind::Events => "EventStream".to_owned(),
        ResponseKind::Bytes => "ByteStream".to_owned(),
        ResponseKind::Empty => "()".to_owned(),
        ResponseKind::Socket(socket) => {
            format!("Connect<{}, {}>", socket.client.type_name, socket.server.type_name)
        }
    };
    Item::Method { args, returns, route: format!("{} {}", method.http_method, method.path_template) }
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
fn rust_type(ty: &Ty) -> String {
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
    }
}

/// A string as a JSON literal: quoted and escaped, so any text stays on one line.
fn json_text(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}
