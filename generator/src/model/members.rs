//! What each struct offers besides its fields: `new(..)` taking the required fields, a
//! `with_*` setter per optional field, and the bytes of base64 fields.
//!
//! - `new(..)` takes the required fields in order (strings as `&str`, a required nullable
//!   field as `Option<T>`), except one whose type is an enum of one value, which it sets
//!   itself; a struct without required fields is `Default` instead.
//! - `with_{field}(value)` sets an optional field to a value (a string as `&str`; a nullable
//!   field's `null` is assigned to the field itself, which is public), on the structs a caller
//!   sends: request bodies, parameters, WebSocket client messages, and all they contain. A
//!   response is read, not built (a test's mock uses `new` and the public fields). The
//!   parameter types are concrete and the setters limited so, because each setter is a
//!   function the compiler checks in every build of the crate: on the official document,
//!   3,429 setters on every struct were 7 % of its `cargo check` (callgrind, 0.5 M
//!   instructions each), generic ones (`impl Into<…>`) a third more.
//! - Base64: a string field of a struct a WebSocket message reaches (through its fields, at any
//!   depth) is base64 when its schema says so (`format: byte`/`base64`, `contentEncoding:
//!   base64`), or, for documents that only say it in words, when its wire name does
//!   (`audio_base_64`, `imageBase64`) or its description does ("… encoded as a base64
//!   string"); it gets `{name}_bytes()`, the bytes it holds, and `set_{name}_bytes(…)`
//!   (`audio_base64` → `audio_bytes`, unless a field `audio` is base64 too).

use std::collections::{BTreeMap, BTreeSet};

use super::calls::resolve;
use super::ir::{
    Base64Helper, Field, Group, Input, Members, Pass, Presence, ResponseKind, Target, Ty, TypeDef, TypeKind,
};
use crate::naming::{self, Namespace};

/// Settles the members of every struct.
pub(super) fn settle(types: &mut [TypeDef], groups: &[Group]) {
    let one_value: BTreeMap<String, String> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Enum(e) if e.variants.len() == 1 => Some((def.name.clone(), e.variants[0].0.clone())),
            _ => None,
        })
        .collect();
    let reached = reached_by_messages(types, groups);
    let sent = sent_by_callers(types, groups);
    for def in types.iter_mut() {
        if def.same_as.is_some() {
            continue;
        }
        let (TypeKind::Struct(fields, _) | TypeKind::Form(fields, _)) = &def.kind else { continue };
        let mut members = constructor(fields, &one_value);
        if sent.contains(&def.name) {
            members.setters = setters(fields);
        }
        if reached.contains(&def.name) {
            members.base64 = base64_helpers(fields);
        }
        def.members = members;
    }
}

/// Every struct a caller sends, by the name of its definition: the bodies and parameters of
/// the methods and the client messages of the channels, and all they contain.
fn sent_by_callers(types: &[TypeDef], groups: &[Group]) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = BTreeSet::new();
    for method in groups.iter().flat_map(|g| &g.methods) {
        let params = method.path_params.iter().chain(&method.params).map(|p| &p.ty);
        for ty in method.body.iter().map(|b| &b.ty).chain(params) {
            contained(ty, &by_name, &mut seen);
        }
        if let ResponseKind::Socket(socket) = &method.response {
            for ty in socket.client.arms.iter().filter_map(|a| a.ty.as_ref()) {
                contained(ty, &by_name, &mut seen);
            }
        }
    }
    seen
}

/// Every type `ty` holds at any depth (fields, union arms, items), by definition name.
fn contained(ty: &Ty, types: &BTreeMap<&str, &TypeDef>, seen: &mut BTreeSet<String>) {
    let Some(def) = ty.named().and_then(|name| resolve(name, types)) else { return };
    if !seen.insert(def.name.clone()) {
        return;
    }
    for held in def.kind.held() {
        contained(held, types, seen);
    }
}

/// `new(..)` and what it sets itself.
fn constructor(fields: &[Field], one_value: &BTreeMap<String, String>) -> Members {
    let mut members = Members::default();
    if !fields.iter().any(|f| f.required) {
        return members;
    }
    let mut args = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        match (field.presence(), &field.ty) {
            (Presence::Required, Ty::Named(name)) if one_value.contains_key(name) => {
                members.presets.push((i, one_value[name].clone()));
            }
            (Presence::Required, ty) => args.push(Input {
                name: field.name.clone(),
                ty: ty.clone(),
                pass: if *ty == Ty::String { Pass::Str } else { Pass::Value },
                doc: None,
                deprecated: field.deprecated,
                target: Target::Field(i),
            }),
            (Presence::RequiredNullable, ty) => args.push(Input {
                name: field.name.clone(),
                ty: Ty::Option(Box::new(ty.clone())),
                pass: Pass::Value,
                doc: None,
                deprecated: field.deprecated,
                target: Target::Field(i),
            }),
            (Presence::Optional | Presence::OptionalNullable, _) => {}
        }
    }
    members.constructor = Some(args);
    members
}

/// `with_{field}` for each optional field.
fn setters(fields: &[Field]) -> Vec<Input> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.required)
        .map(|(i, field)| Input {
            name: naming::with_setter(&field.name),
            ty: field.ty.clone(),
            pass: if field.ty == Ty::String { Pass::Str } else { Pass::Value },
            doc: None,
            deprecated: field.deprecated,
            target: Target::Field(i),
        })
        .collect()
}

/// Every struct the messages of the API's channels reach through their fields, by the name of
/// its definition.
fn reached_by_messages(types: &[TypeDef], groups: &[Group]) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = BTreeSet::new();
    for method in groups.iter().flat_map(|g| &g.methods) {
        if let ResponseKind::Socket(socket) = &method.response {
            for ty in socket.client.arms.iter().chain(&socket.server.arms).filter_map(|a| a.ty.as_ref()) {
                reach(ty, &by_name, &mut seen);
            }
        }
    }
    seen
}

fn reach(ty: &Ty, types: &BTreeMap<&str, &TypeDef>, seen: &mut BTreeSet<String>) {
    let Some(def) = ty.named().and_then(|name| resolve(name, types)) else { return };
    if !seen.insert(def.name.clone()) {
        return;
    }
    if let TypeKind::Struct(fields, _) = &def.kind {
        for field in fields {
            reach(&field.ty, types, seen);
        }
    }
}

/// Whether a field holds base64 text, by the rule in the module docs.
fn holds_base64(field: &Field) -> bool {
    let is_string = field.ty == Ty::String && field.presence() != Presence::OptionalNullable;
    let squashed: String = field.wire.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    let described = field.doc.as_deref().is_some_and(|d| d.to_lowercase().contains("base64"));
    is_string && (field.base64 || squashed.contains("base64") || described)
}

fn base64_helpers(fields: &[Field]) -> Vec<Base64Helper> {
    let own: BTreeSet<&str> =
        fields.iter().filter(|f| holds_base64(f)).map(|f| f.name.trim_start_matches("r#")).collect();
    let mut names = Namespace::default();
    let mut helpers = Vec::new();
    for (i, field) in fields.iter().enumerate().filter(|(_, f)| holds_base64(f)) {
        let name = field.name.trim_start_matches("r#");
        let short = name.trim_end_matches("_base_64").trim_end_matches("_base64");
        let shortened = short != name && !short.is_empty() && !own.contains(short);
        let base = names.claim(if shortened { short } else { name });
        helpers.push(Base64Helper { field: i, getter: format!("{base}_bytes"), setter: format!("set_{base}_bytes") });
    }
    helpers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: Ty, required: bool, nullable: bool) -> Field {
        Field {
            name: name.into(),
            wire: name.into(),
            ty,
            required,
            nullable,
            doc: None,
            deprecated: false,
            base64: false,
            default: None,
        }
    }

    #[test]
    fn new_takes_the_required_fields_and_sets_one_value_enums_itself() {
        let one_value = BTreeMap::from([("Kind".to_owned(), "Only".to_owned())]);
        let fields = [
            field("name", Ty::String, true, false),
            field("kind", Ty::Named("Kind".into()), true, false),
            field("owner", Ty::Named("Owner".into()), true, true),
            field("note", Ty::String, false, false),
        ];
        let members = constructor(&fields, &one_value);
        let args: Vec<(&str, &Ty, Pass)> =
            members.constructor.iter().flatten().map(|a| (a.name.as_str(), &a.ty, a.pass)).collect();
        let owner = Ty::Option(Box::new(Ty::Named("Owner".into())));
        assert_eq!(args, [("name", &Ty::String, Pass::Str), ("owner", &owner, Pass::Value)]);
        assert_eq!(members.presets, [(1, "Only".to_owned())]);
        // No required field: no `new`, the struct is `Default`.
        assert_eq!(constructor(&fields[3..], &one_value).constructor, None);
    }

    #[test]
    fn each_optional_field_gets_a_setter_taking_a_concrete_value() {
        let fields = [
            field("name", Ty::String, true, false),
            field("note", Ty::String, false, false),
            field("limit", Ty::I64, false, true),
            field("r#type", Ty::Named("Kind".into()), false, false),
        ];
        let setters: Vec<(String, Pass, Target)> =
            setters(&fields).into_iter().map(|s| (s.name, s.pass, s.target)).collect();
        assert_eq!(
            setters,
            [
                ("with_note".into(), Pass::Str, Target::Field(1)),
                ("with_limit".into(), Pass::Value, Target::Field(2)),
                ("with_type".into(), Pass::Value, Target::Field(3)),
            ]
        );
    }

    #[test]
    fn base64_fields_are_told_by_format_name_or_description_and_named_short() {
        let mut described = field("data", Ty::String, false, false);
        described.doc = Some("The audio, encoded as a Base64 string.".into());
        let mut formatted = field("blob", Ty::String, true, false);
        formatted.base64 = true;
        let fields = [
            field("audio_base64", Ty::String, false, false),
            described,
            formatted,
            field("text", Ty::String, false, false),
        ];
        let helpers: Vec<(usize, String)> = base64_helpers(&fields).into_iter().map(|h| (h.field, h.getter)).collect();
        assert_eq!(helpers, [(0, "audio_bytes".into()), (1, "data_bytes".into()), (2, "blob_bytes".into())]);
    }
}
