//! The message enums of WebSocket channels (in `src/types.rs`), with how each goes on and
//! comes off the wire, and the base64 helpers of the payload types they reach.
//!
//! Base64 rule: a string field of a struct a message reaches (through its fields, at any
//! depth) is base64 when its schema says so (`format: byte`/`base64`, `contentEncoding:
//! base64`), or, for documents that only say it in words, when its wire name does
//! (`audio_base_64`, `imageBase64`) or its description does ("… encoded as a base64
//! string"); such a field gets `{name}_bytes()`, the bytes it holds, and
//! `set_{name}_bytes(…)`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, doc_attrs, ident, ty_tokens};
use crate::model::{Api, Field, MessageArm, Messages, Presence, ResponseKind, Socket, Ty, TypeDef, TypeKind};

/// The channels of the API, in group and method order.
pub(super) fn sockets(api: &Api) -> Vec<(String, &Socket)> {
    let mut out = Vec::new();
    for group in &api.groups {
        for method in &group.methods {
            if let ResponseKind::Socket(socket) = &method.response {
                out.push((crate::model::method_display(&group.path, &method.name), &**socket));
            }
        }
    }
    out
}

/// The message enums and base64 helpers, for `src/types.rs`.
pub(super) fn emit(api: &Api) -> TokenStream {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out = TokenStream::new();
    let mut reached = BTreeSet::new();
    for (method, socket) in sockets(api) {
        out.extend(client_enum(&method, &socket.client, &types));
        out.extend(server_enum(&method, &socket.server));
        for arm in socket.client.arms.iter().chain(&socket.server.arms) {
            if let Some(ty) = &arm.ty {
                reach(ty, &types, &mut reached);
            }
        }
    }
    for name in reached {
        if let Some(TypeDef { kind: TypeKind::Struct(fields, _), .. }) = types.get(name.as_str()) {
            out.extend(base64_helpers(&name, fields));
        }
    }
    out
}

/// The canonical name of a named type (following `same_as` aliases).
fn canonical<'t>(name: &'t str, types: &BTreeMap<&str, &'t TypeDef>) -> &'t str {
    let mut name = name;
    for _ in 0..types.len() {
        match types.get(name).and_then(|t| t.same_as.as_deref()) {
            Some(target) => name = target,
            None => break,
        }
    }
    name
}

/// Every struct a type reaches through its fields, by canonical name.
fn reach(ty: &Ty, types: &BTreeMap<&str, &TypeDef>, seen: &mut BTreeSet<String>) {
    match ty {
        Ty::Named(name) => {
            let name = canonical(name, types);
            if !seen.insert(name.to_owned()) {
                return;
            }
            if let Some(TypeDef { kind: TypeKind::Struct(fields, _), .. }) = types.get(name) {
                for field in fields {
                    reach(&field.ty, types, seen);
                }
            }
        }
        Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => reach(inner, types, seen),
        Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::File => {}
    }
}

fn arm_decl(arm: &MessageArm) -> TokenStream {
    let name = ident(&arm.name);
    let doc = doc_attrs(arm.doc.as_deref());
    match &arm.ty {
        Some(ty) => {
            let ty = ty_tokens(ty, Scope::Types);
            quote!(#doc #name(#ty),)
        }
        None => quote!(#doc #name(Vec<u8>),),
    }
}

fn client_enum(method: &str, messages: &Messages, types: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&messages.type_name);
    let doc = doc_attrs(Some(&format!("A message the client sends on `{method}(…)`.")));
    let arms = messages.arms.iter().map(arm_decl);
    let frames = messages.arms.iter().map(|arm| {
        let variant = ident(&arm.name);
        match arm.ty {
            Some(_) => quote!(Self::#variant(message) => crate::runtime::json_frame(message),),
            None => quote!(Self::#variant(bytes) => Ok(crate::Frame::Binary(bytes.clone())),),
        }
    });
    // `From` for each payload type that only one arm holds, so `send(payload)` reads plainly.
    let key = |arm: &MessageArm| match &arm.ty {
        Some(Ty::Named(n)) => canonical(n, types).to_owned(),
        Some(other) => format!("{other:?}"),
        None => "bytes".to_owned(),
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for arm in &messages.arms {
        *counts.entry(key(arm)).or_default() += 1;
    }
    let froms = messages.arms.iter().filter(|arm| counts[&key(arm)] == 1).map(|arm| {
        let variant = ident(&arm.name);
        let ty = match &arm.ty {
            Some(ty) => ty_tokens(ty, Scope::Types),
            None => quote!(Vec<u8>),
        };
        quote! {
            impl From<#ty> for #name {
                fn from(message: #ty) -> Self {
                    Self::#variant(message)
                }
            }
        }
    });
    let body = if messages.arms.is_empty() { quote!(match *self {}) } else { quote!(match self { #( #frames )* }) };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #arms )*
        }
        impl crate::Outgoing for #name {
            fn to_frame(&self) -> Result<crate::Frame, ::serde_json::Error> {
                #body
            }
        }
        #( #froms )*
    }
}

fn server_enum(method: &str, messages: &Messages) -> TokenStream {
    let name = ident(&messages.type_name);
    let doc = doc_attrs(Some(&format!("A message the server sends on `{method}(…)`.")));
    let arms = messages.arms.iter().map(arm_decl);
    let json_arms: Vec<&MessageArm> = messages.arms.iter().filter(|a| a.ty.is_some()).collect();
    let from_text = match &messages.tag {
        Some(tag) => {
            let cases = json_arms.iter().filter_map(|arm| {
                let value = arm.tag.as_deref()?;
                let variant = ident(&arm.name);
                Some(quote!(Some(#value) => Self::#variant(::serde_json::from_value(value)?),))
            });
            quote! {
                let value: ::serde_json::Value = ::serde_json::from_str(text)?;
                Ok(match value.get(#tag).and_then(::serde_json::Value::as_str) {
                    #( #cases )*
                    _ => Self::Unknown(value),
                })
            }
        }
        None => {
            // Arms with more marks first (a stable sort keeps the spec order among equals).
            let mut ordered = json_arms.clone();
            ordered.sort_by_key(|arm| std::cmp::Reverse(arm.required.len() + arm.pinned.len()));
            let tries = ordered.iter().map(|arm| {
                let variant = ident(&arm.name);
                let attempt = quote! {
                    if let Ok(message) = ::serde_json::from_value(value.clone()) {
                        return Ok(Self::#variant(message));
                    }
                };
                if arm.required.is_empty() && arm.pinned.is_empty() {
                    // No marks (a string, a list, an object of optional fields): its shape decides.
                    return attempt;
                }
                let required = arm.required.iter();
                let pinned = arm.pinned.iter().map(|(name, constant)| {
                    let text = constant.to_string();
                    quote!((#name, #text))
                });
                quote! {
                    if crate::runtime::fits(&value, &[#( #required ),*], &[#( #pinned ),*]) {
                        #attempt
                    }
                }
            });
            quote! {
                let value: ::serde_json::Value = ::serde_json::from_str(text)?;
                #( #tries )*
                Ok(Self::Unknown(value))
            }
        }
    };
    let from_binary = match messages.arms.iter().find(|a| a.ty.is_none()) {
        Some(arm) => {
            let variant = ident(&arm.name);
            quote!(Some(Self::#variant(bytes)))
        }
        None => quote! {
            let _ = bytes;
            None
        },
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #arms )*
            /// A message this version of the crate does not know, kept as it was received.
            Unknown(::serde_json::Value),
        }
        impl crate::Incoming for #name {
            fn from_text(text: &str) -> Result<Self, ::serde_json::Error> {
                #from_text
            }
            fn from_binary(bytes: Vec<u8>) -> Option<Self> {
                #from_binary
            }
        }
    }
}

/// Whether a field holds base64 text, by the rule in the module docs.
fn is_base64(field: &Field) -> bool {
    let is_string = field.ty == Ty::String && field.presence() != Presence::OptionalNullable;
    let squashed: String = field.wire.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    let described = field.doc.as_deref().is_some_and(|d| d.to_lowercase().contains("base64"));
    is_string && (field.base64 || squashed.contains("base64") || described)
}

fn base64_helpers(type_name: &str, fields: &[Field]) -> TokenStream {
    let mut taken = std::collections::BTreeSet::new();
    let own_names: BTreeSet<&str> =
        fields.iter().filter(|f| is_base64(f)).map(|f| f.name.trim_start_matches("r#")).collect();
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter(|f| is_base64(f))
        .map(|field| {
            let name = field.name.trim_start_matches("r#");
            let short = name.trim_end_matches("_base_64").trim_end_matches("_base64");
            // `audio_base64` → `audio_bytes()`, unless a field `audio` is base64 too.
            let shortened = short != name && !short.is_empty() && !own_names.contains(short);
            let mut base = if shortened { short.to_owned() } else { name.to_owned() };
            let first = base.clone();
            let mut n = 2;
            while taken.contains(&base) {
                base = format!("{first}_{n}");
                n += 1;
            }
            taken.insert(base.clone());
            let getter = format_ident!("{}_bytes", base);
            let setter = format_ident!("set_{}_bytes", base);
            let field_ident = ident(&field.name);
            let wire = super::code(&field.wire);
            let get_doc = format!(" The bytes {wire} holds (base64).");
            let set_doc = format!(" Sets {wire} to these bytes, base64-encoded.");
            let optional = field.presence() != Presence::Required;
            if optional {
                quote! {
                    #[doc = #get_doc]
                    pub fn #getter(&self) -> Option<Result<Vec<u8>, crate::InvalidBase64>> {
                        self.#field_ident.as_deref().map(crate::runtime::base64_bytes)
                    }
                    #[doc = #set_doc]
                    pub fn #setter(&mut self, bytes: &[u8]) {
                        self.#field_ident = Some(crate::runtime::base64_text(bytes));
                    }
                }
            } else {
                quote! {
                    #[doc = #get_doc]
                    pub fn #getter(&self) -> Result<Vec<u8>, crate::InvalidBase64> {
                        crate::runtime::base64_bytes(&self.#field_ident)
                    }
                    #[doc = #set_doc]
                    pub fn #setter(&mut self, bytes: &[u8]) {
                        self.#field_ident = crate::runtime::base64_text(bytes);
                    }
                }
            }
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    let name = ident(type_name);
    quote! {
        impl #name {
            #( #methods )*
        }
    }
}
