//! What a caller passes to each method, and how: required inputs are the method's arguments,
//! optional ones are setters on the call it returns.
//!
//! - Arguments, in order: path parameters (template order), required query, header and cookie
//!   parameters, then the body when it is required and has a required property. Strings are
//!   `&str`, lists `&[T]`, numbers and booleans by value, anything else `&T`; a text body is
//!   `&str`, a binary body a `File`.
//! - Setters, in order: the optional parameters, then the body: a body whose struct has only
//!   optional properties is set property by property (`.prompt("…")`), any other optional
//!   body whole (`.body(&value)`). A parameter's setter takes a string as `&str` (it goes
//!   straight into the request), a body property's as `impl Into<String>` (it is kept), a
//!   nullable property as `impl Into<Nullable<T>>`, anything else by value.
//! - Names: arguments and setters are the parameters' and properties' names. A setter may not
//!   take the name of a method every call has (`timeout`, `query` …): a parameter's becomes
//!   `{name}_param`, a body property's `body_{name}`, as does a body property named like a
//!   parameter. Each method's call has a marker type in `api` named after its group and
//!   itself (`VoicesSearch`).

use std::collections::BTreeMap;

use super::ir::{
    BodyEncoding, Field, Group, Input, Method, Param, Pass, Presence, ResponseKind, Target, Ty, TypeDef, TypeKind,
};
use crate::naming::{self, Namespace};

/// The methods every [`Call`] has, and the crate-internal ones its setters are written with:
/// no setter may take their names (`runtime/call.rs`).
const CALL_METHODS: [&str; 9] =
    ["new", "request", "inputs", "send_inputs", "timeout", "max_retries", "header", "query", "with_response"];

/// The same for a WebSocket channel's [`Connect`] (`runtime/ws.rs`).
const CONNECT_METHODS: [&str; 5] = ["new", "request", "timeout", "header", "connect"];

/// Names a method's arguments may not take: the receiver, and the locals of its body.
const ARGUMENT_RESERVED: [&str; 2] = ["self", "request"];

/// Settles every method's call type name, arguments and setters.
pub(super) fn settle(groups: &mut [Group], types: &[TypeDef]) {
    let types: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut call_types = Namespace::with_reserved(groups.iter().map(|g| g.type_name.as_str()));
    for group in groups.iter_mut() {
        for method in &mut group.methods {
            method.call_type = call_types.claim(&naming::call_type_name(&group.type_name, &method.name));
            let (args, setters) = inputs(method, &types);
            method.args = args;
            method.setters = setters;
        }
    }
}

/// A method's arguments and its call's setters.
fn inputs(method: &Method, types: &BTreeMap<&str, &TypeDef>) -> (Vec<Input>, Vec<Input>) {
    let socket = matches!(method.response, ResponseKind::Socket(_));
    let mut arg_names = Namespace::with_reserved(ARGUMENT_RESERVED);
    let one_by_one = method.body.as_ref().and_then(|b| fields_one_by_one(&b.ty, b.encoding, types));
    // A body argument is `body`, whatever the parameters are called.
    let body_argument = method.body.as_ref().is_some_and(|b| b.required) && one_by_one.is_none();
    let body_name = body_argument.then(|| arg_names.claim("body"));
    let reserved: &[&str] = if socket { &CONNECT_METHODS } else { &CALL_METHODS };
    let mut setter_names = Namespace::with_reserved(reserved.iter().copied());
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for (i, param) in method.path_params.iter().enumerate() {
        args.push(argument(&mut arg_names, param, Target::Path(i)));
    }
    for (i, param) in method.params.iter().enumerate().filter(|(_, p)| p.required) {
        args.push(argument(&mut arg_names, param, Target::Param(i)));
    }
    for (i, param) in method.params.iter().enumerate().filter(|(_, p)| !p.required) {
        let name = naming::field_name(&param.wire);
        setters.push(Input {
            name: setter_names.claim_or(&name, &format!("{}_param", name.trim_start_matches("r#"))),
            ty: param.ty.clone(),
            // A parameter goes straight into the request: a string is only borrowed.
            pass: if param.ty == Ty::String { Pass::Str } else { Pass::Value },
            doc: param.doc.clone(),
            deprecated: param.deprecated,
            target: Target::Param(i),
        });
    }
    let Some(body) = &method.body else { return (args, setters) };
    if let Some(fields) = one_by_one {
        for (i, field) in fields.iter().enumerate() {
            let name = field.name.trim_start_matches("r#");
            setters.push(Input {
                name: setter_names.claim_or(&field.name, &format!("body_{name}")),
                ty: field.ty.clone(),
                pass: setter_pass(&field.ty, field.presence() == Presence::OptionalNullable),
                doc: field.doc.clone(),
                deprecated: field.deprecated,
                target: Target::BodyField(i),
            });
        }
        return (args, setters);
    }
    let pass = match body.encoding {
        BodyEncoding::Json | BodyEncoding::Multipart | BodyEncoding::UrlEncoded => Pass::Ref,
        BodyEncoding::Text => Pass::Str,
        BodyEncoding::Binary => Pass::Value,
    };
    let input = |name: String| Input {
        name,
        ty: body.ty.clone(),
        pass,
        doc: body.doc.clone(),
        deprecated: false,
        target: Target::Body,
    };
    if let Some(name) = body_name {
        args.push(input(name));
    } else {
        setters.push(input(setter_names.claim_or("body", "body_value")));
    }
    (args, setters)
}

/// A required parameter as an argument.
fn argument(names: &mut Namespace, param: &Param, target: Target) -> Input {
    let name = naming::field_name(&param.wire);
    Input {
        name: names.claim_or(&name, &format!("{}_param", name.trim_start_matches("r#"))),
        ty: param.ty.clone(),
        pass: argument_pass(&param.ty),
        doc: param.doc.clone(),
        deprecated: param.deprecated,
        target,
    }
}

/// How an argument of this type is passed: borrowed, but for numbers and booleans.
fn argument_pass(ty: &Ty) -> Pass {
    match ty {
        Ty::String => Pass::Str,
        Ty::List(_) => Pass::Slice,
        Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::File => Pass::Value,
        Ty::Named(_) | Ty::Map(_) | Ty::Json | Ty::Option(_) | Ty::Boxed(_) => Pass::Ref,
    }
}

/// How a setter (of a call or of a struct) of this type takes its value.
pub(super) fn setter_pass(ty: &Ty, nullable: bool) -> Pass {
    match ty {
        _ if nullable => Pass::IntoNullable,
        Ty::String => Pass::IntoString,
        _ => Pass::Value,
    }
}

/// The fields of a body that is set field by field: a JSON, form or multipart body whose
/// struct has no required field.
fn fields_one_by_one<'t>(ty: &Ty, encoding: BodyEncoding, types: &BTreeMap<&str, &'t TypeDef>) -> Option<&'t [Field]> {
    if !matches!(encoding, BodyEncoding::Json | BodyEncoding::Multipart | BodyEncoding::UrlEncoded) {
        return None;
    }
    let Ty::Named(name) = ty else { return None };
    let def = resolve(name, types)?;
    let (TypeKind::Struct(fields, _) | TypeKind::Form(fields, _)) = &def.kind else { return None };
    fields.iter().all(|f| !f.required).then_some(fields.as_slice())
}

/// The definition a type name stands for, following `same_as` aliases.
pub(super) fn resolve<'t>(name: &str, types: &BTreeMap<&str, &'t TypeDef>) -> Option<&'t TypeDef> {
    let mut def = *types.get(name)?;
    for _ in 0..types.len() {
        match &def.same_as {
            Some(target) => def = types.get(target.as_str())?,
            None => return Some(def),
        }
    }
    Some(def)
}
