//! WebSocket channels (operations marked by the AsyncAPI loader): the two message enums of a
//! channel and how the client tells the server's messages apart.
//!
//! Each direction is one enum, an arm per message holding the message's payload type. The
//! server's messages are told apart by a tag when every arm fixes one common property to its
//! own constant (`message_type: session_started`); otherwise by marks: an arm fits a message
//! that has every property it requires and gives each property it pins to a constant that
//! constant (arms with more marks first; an arm without marks, last, fits what its type
//! decodes). Anything else is the `Unknown` arm, kept as JSON. Binary frames are the first
//! binary message.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::ir::{MessageArm, Messages, ResponseKind, Socket};
use super::{Builder, Site};
use crate::error::{Pointer, Result};
use crate::naming::{self, Namespace};

impl Builder<'_> {
    /// The channel described by an operation's socket extension.
    pub(super) fn socket(&mut self, extension: &Value, type_base: &str, pointer: &Pointer) -> Result<ResponseKind> {
        let at = pointer.join(crate::load::asyncapi::SOCKET_EXTENSION);
        let client = self.messages(extension.get("client"), &format!("{type_base}ClientMessage"), false, &at)?;
        let server = self.messages(extension.get("server"), &format!("{type_base}ServerMessage"), true, &at)?;
        Ok(ResponseKind::Socket(Box::new(Socket { client, server })))
    }

    fn messages(&mut self, list: Option<&Value>, name: &str, incoming: bool, at: &Pointer) -> Result<Messages> {
        let type_name = self.names.claim(name);
        let direction = if incoming { "server" } else { "client" };
        let mut variant_names = Namespace::default();
        if incoming {
            variant_names.claim("Unknown");
        }
        let mut arms = Vec::new();
        let mut members = Vec::new();
        for (i, message) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let message_at = at.join(direction).join(i);
            let raw_name = message.get("name").and_then(Value::as_str).unwrap_or("message");
            let doc = message.get("description").and_then(Value::as_str).and_then(crate::docs::sanitize);
            let binary = message.get("binary").and_then(Value::as_bool) == Some(true);
            let payload: Option<ReferenceOr<Schema>> =
                message.get("payload").and_then(|p| serde_json::from_value(p.clone()).ok());
            let Some(payload) = payload else {
                return Err(self.error(&message_at.join("payload"), "a message payload that is not a schema"));
            };
            let ty = if binary {
                None
            } else {
                Some(self.ty(
                    &payload,
                    &naming::type_name(&format!("{name} {raw_name}")),
                    &message_at.join("payload"),
                    Site::TOP,
                )?)
            };
            let (required, pinned) = if binary { (Vec::new(), Vec::new()) } else { self.marks(&payload) };
            arms.push(MessageArm {
                name: variant_names.claim(&naming::variant_name(raw_name)),
                ty,
                doc,
                tag: None,
                required,
                pinned,
            });
            members.push(payload);
        }
        let json_arms: Vec<usize> = (0..arms.len()).filter(|&i| arms[i].ty.is_some()).collect();
        let json_members: Vec<ReferenceOr<Schema>> = json_arms.iter().map(|&i| members[i].clone()).collect();
        let mut tag = None;
        if json_members.len() > 1 {
            if let Some((property, tags)) = self.tagging(&json_members, None) {
                for (&i, values) in json_arms.iter().zip(tags) {
                    arms[i].tag = values.into_iter().next();
                }
                tag = Some(property);
            }
        }
        Ok(Messages { type_name, arms, tag })
    }

    /// The properties an arm requires, and those it pins to one constant.
    fn marks(&self, member: &ReferenceOr<Schema>) -> (Vec<String>, Vec<(String, Value)>) {
        let Ok((props, required, _)) = self.object_parts(member, &Pointer::root()) else {
            return (Vec::new(), Vec::new());
        };
        let mut pinned = Vec::new();
        for (name, property) in &props {
            let schema = match property {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.component(reference).map(|(s, _)| s),
            };
            let constant = schema.and_then(|s| match &s.schema_kind {
                SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
                    [Some(v)] => Some(Value::String(v.clone())),
                    _ => None,
                },
                SchemaKind::Type(Type::Boolean(b)) => match b.enumeration.as_slice() {
                    [Some(v)] => Some(Value::Bool(*v)),
                    _ => None,
                },
                SchemaKind::Type(Type::Integer(t)) => match t.enumeration.as_slice() {
                    [Some(v)] => Some(Value::from(*v)),
                    _ => None,
                },
                _ => None,
            });
            if let Some(constant) = constant {
                pinned.push((name.clone(), constant));
            }
        }
        (required, pinned)
    }
}

/// The first literal segment of a path that is not a version (`/v1/convai/x` → `convai`).
fn address_segment(path: &str) -> Option<&str> {
    path.split('/').find(|s| {
        let version = s.strip_prefix('v').is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()));
        !s.is_empty() && !s.contains('{') && !version
    })
}

/// For each address segment, the group most HTTP operations under it have (ties: the first
/// by name): channels grouped by their address join it.
pub(super) fn address_groups(api: &openapiv3::OpenAPI) -> std::collections::BTreeMap<String, String> {
    use std::collections::BTreeMap;
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (_, op) in item.iter() {
            if op.extensions.contains_key(crate::load::asyncapi::SOCKET_EXTENSION) {
                continue;
            }
            if let (Some(segment), Some(first)) = (address_segment(path), super::groups::group_of(op).first()) {
                *counts.entry(segment.to_owned()).or_default().entry(first.clone()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter_map(|(segment, groups)| {
            let best = groups.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            Some((segment, best.0))
        })
        .collect()
}

impl Builder<'_> {
    /// A channel's group: the operation's own, unless it was only taken from the address and
    /// HTTP operations under that address segment agree on a better one.
    pub(super) fn channel_group(&self, op: &openapiv3::Operation, path: &str, group: Vec<String>) -> Vec<String> {
        let from_address = op
            .extensions
            .get(crate::load::asyncapi::SOCKET_EXTENSION)
            .and_then(|e| e.get("groupFromAddress"))
            .and_then(Value::as_bool)
            == Some(true);
        match address_segment(path).and_then(|s| self.address_groups.get(s)) {
            Some(better) if from_address => vec![better.clone()],
            _ => group,
        }
    }
}
