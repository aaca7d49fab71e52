//! What a caller passes to each method, and how: required inputs are the method's arguments,
//! optional ones are setters on the call it returns.
//!
//! - Arguments, in order: path parameters (template order), required query, header and cookie
//!   parameters, then the body when it is required and has a required property. Strings are
//!   `&str`, lists `&[T]`, numbers and booleans by value, anything else `&T`; a text body is
//!   `&str`, a binary body a `File`.
//! - Setters, in order: the optional parameters, then the body: a body whose struct has only
//!   optional properties is set property by property (`.prompt("…")`), any other optional
//!   body whole (`.body(&value)`). A setter takes a string as `&str`, a nullable body
//!   property as `impl Into<Nullable<T>>` (a value, or `Nullable::Null`), anything else by
//!   value.
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

/// The methods the call of an operation that lists in pages adds (`emit/api.rs`).
const PAGED_METHODS: [&str; 2] = ["pages", "items"];

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
            method.stream_flag = method.stream_flag.take().filter(|flag| has_bool_field(method, flag, &types));
            let (args, setters) = inputs(method, &types);
            method.args = args;
            method.setters = setters;
        }
    }
}

/// Whether the method's body struct has a boolean property `wire`.
fn has_bool_field(method: &Method, wire: &str, types: &BTreeMap<&str, &TypeDef>) -> bool {
    let Some(Ty::Named(mut name)) = method.body.as_ref().map(|b| b.ty.clone()) else { return false };
    for _ in 0..types.len() {
        let Some(def) = types.get(name.as_str()) else { return false };
        match (&def.same_as, &def.kind) {
            (Some(target), _) => name = target.clone(),
            (None, TypeKind::Struct(fields, _)) => return fields.iter().any(|f| f.wire == wire && f.ty == Ty::Bool),
            (None, _) => return false,
        }
    }
    false
}

/// Gives a request body's type that the spec leaves undocumented a doc naming the methods that
/// send it (at most three): `The request body of [`Voices::create`](crate::api::Voices::create).`
pub(super) fn document_bodies(groups: &[Group], types: &mut [TypeDef]) {
    let mut senders: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in groups {
        let owner = if group.path.is_empty() { "crate::Client".to_owned() } else { group.type_name.clone() };
        let link_path = if group.path.is_empty() { "crate::Client".to_owned() } else { format!("crate::api::{owner}") };
        for method in &group.methods {
            let Some(Ty::Named(body)) = method.body.as_ref().map(|b| &b.ty) else { continue };
            let shown = owner.trim_start_matches("crate::");
            let name = method.name.trim_start_matches("r#");
            let link = if method.name.starts_with("r#") {
                format!("`{shown}::{name}`")
            } else {
                format!("[`{shown}::{name}`]({link_path}::{name})")
            };
            senders.entry(body.clone()).or_default().push(link);
        }
    }
    for def in types.iter_mut().filter(|d| d.doc.is_none()) {
        let Some(links) = senders.get(&def.name) else { continue };
        let shown: Vec<&str> = links.iter().take(3).map(String::as_str).collect();
        let more = if links.len() > 3 { " …" } else { "" };
        def.doc = Some(format!("The request body of {}{more}.", shown.join(", ")));
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
    let paged: &[&str] = if method.pager.is_some() { &PAGED_METHODS } else { &[] };
    let mut setter_names = Namespace::with_reserved(reserved.iter().chain(paged).copied());
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
                pass: body_setter_pass(&field.ty, field.presence() == Presence::OptionalNullable),
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
        Ty::Named(_) | Ty::Map(_) | Ty::Json | Ty::Option(_) | Ty::Boxed(_) | Ty::FormParts => Pass::Ref,
    }
}

/// How a call's setter of a body property of this type takes its value: a string as `&str`,
/// a nullable property as `impl Into<Nullable<T>>` (the body is the call's: `Nullable::Null`
/// can be set only here), anything else by value.
fn body_setter_pass(ty: &Ty, nullable: bool) -> Pass {
    match ty {
        _ if nullable => Pass::IntoNullable,
        Ty::String => Pass::Str,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Members;
    use crate::model::ir::{Body, Location, ParamStyle, TypeDef};

    fn param(wire: &str, ty: Ty, location: Location, required: bool) -> Param {
        Param {
            wire: wire.into(),
            ty,
            location,
            style: ParamStyle::Form,
            explode: true,
            required,
            doc: None,
            deprecated: false,
            default: None,
            pointer: String::new(),
        }
    }

    fn field(name: &str, ty: Ty, required: bool) -> Field {
        Field {
            name: name.into(),
            wire: name.into(),
            ty,
            required,
            nullable: false,
            doc: None,
            deprecated: false,
            base64: false,
            default: None,
        }
    }

    fn body(ty: &str, required: bool) -> Body {
        Body {
            ty: Ty::Named(ty.into()),
            encoding: BodyEncoding::Json,
            content_type: "application/json".into(),
            media_types: vec!["application/json".into()],
            property_styles: Vec::new(),
            part_types: Vec::new(),
            required,
            doc: None,
        }
    }

    fn method(path_params: Vec<Param>, params: Vec<Param>, body: Option<Body>) -> Method {
        Method { path_params, params, body, ..crate::model::tests_support::method() }
    }

    fn types(defs: Vec<(&str, Vec<Field>)>) -> Vec<TypeDef> {
        defs.into_iter()
            .map(|(name, fields)| TypeDef {
                name: name.into(),
                doc: None,
                origin: String::new(),
                deprecated: false,
                kind: TypeKind::Struct(fields, Vec::new()),
                same_as: None,
                members: Members::default(),
                features: Vec::new(),
            })
            .collect()
    }

    fn shape(inputs: &[Input]) -> Vec<(String, Pass, Target)> {
        inputs.iter().map(|i| (i.name.clone(), i.pass, i.target)).collect()
    }

    #[test]
    fn required_inputs_are_arguments_in_order_and_the_rest_setters() {
        let defs = types(vec![("Thing", vec![field("name", Ty::String, true), field("note", Ty::String, false)])]);
        let by_name = defs.iter().map(|t| (t.name.as_str(), t)).collect();
        let m = method(
            vec![param("id", Ty::String, Location::Path, true)],
            vec![
                param("tags", Ty::List(Box::new(Ty::String)), Location::Query, false),
                param("version", Ty::I64, Location::Query, true),
            ],
            Some(body("Thing", true)),
        );
        let (args, setters) = inputs(&m, &by_name);
        assert_eq!(
            shape(&args),
            [
                ("id".into(), Pass::Str, Target::Path(0)),
                ("version".into(), Pass::Value, Target::Param(1)),
                ("body".into(), Pass::Ref, Target::Body),
            ]
        );
        assert_eq!(shape(&setters), [("tags".into(), Pass::Value, Target::Param(0))]);
    }

    #[test]
    fn a_body_without_required_properties_is_set_property_by_property() {
        let defs = types(vec![("Patch", vec![field("name", Ty::String, false), field("query", Ty::I64, false)])]);
        let by_name = defs.iter().map(|t| (t.name.as_str(), t)).collect();
        let m = method(Vec::new(), vec![param("name", Ty::String, Location::Query, false)], Some(body("Patch", true)));
        let (args, setters) = inputs(&m, &by_name);
        assert!(args.is_empty());
        // The parameter keeps its name; the property named like it, and the one named like a
        // method every call has (`query`), are the body's.
        assert_eq!(
            shape(&setters),
            [
                ("name".into(), Pass::Str, Target::Param(0)),
                ("body_name".into(), Pass::Str, Target::BodyField(0)),
                ("body_query".into(), Pass::Value, Target::BodyField(1)),
            ]
        );
    }

    #[test]
    fn an_optional_body_with_required_properties_is_one_setter() {
        let defs = types(vec![("Thing", vec![field("name", Ty::String, true)])]);
        let by_name = defs.iter().map(|t| (t.name.as_str(), t)).collect();
        let m = method(Vec::new(), vec![param("body", Ty::String, Location::Query, true)], Some(body("Thing", false)));
        let (args, setters) = inputs(&m, &by_name);
        // Arguments and setters are apart: the parameter `body` and the body's setter both keep
        // their name.
        assert_eq!(shape(&args), [("body".into(), Pass::Str, Target::Param(0))]);
        assert_eq!(shape(&setters), [("body".into(), Pass::Ref, Target::Body)]);
    }

    #[test]
    fn a_parameter_named_like_a_call_option_or_the_body_is_qualified() {
        let defs = types(vec![("Thing", vec![field("name", Ty::String, true)])]);
        let by_name = defs.iter().map(|t| (t.name.as_str(), t)).collect();
        let m = method(
            vec![param("body", Ty::String, Location::Path, true)],
            vec![param("timeout", Ty::I64, Location::Query, false)],
            Some(body("Thing", true)),
        );
        let (args, setters) = inputs(&m, &by_name);
        assert_eq!(args.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["body_param", "body"]);
        assert_eq!(setters[0].name, "timeout_param");
    }
}
