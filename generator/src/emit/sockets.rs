//! The message enums of WebSocket channels (in `src/types.rs`), with how each goes on and
//! comes off the wire.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Piece, Scope, doc_attrs, ident, ty_tokens};
use crate::model::{Api, MessageArm, Messages, ResponseKind, Socket, Ty, TypeDef};

/// The channels of the API, in group and method order, each with how a caller opens it
/// (`client.text_to_speech().stream_input`) and the features its group is behind.
pub(super) fn sockets(api: &Api) -> Vec<(String, &Socket, &[String])> {
    let mut out = Vec::new();
    for group in &api.groups {
        for method in &group.methods {
            if let ResponseKind::Socket(socket) = &method.response {
                let path: String = group.path.iter().map(|g| format!("{}().", g.trim_start_matches("r#"))).collect();
                let opens = format!("client.{path}{}", method.name.trim_start_matches("r#"));
                out.push((opens, &**socket, group.feature.as_slice()));
            }
        }
    }
    out
}

/// The message enums, for `src/types.rs`.
pub(super) fn emit(api: &Api) -> Vec<Piece> {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out = Vec::new();
    for (method, socket, features) in sockets(api) {
        let mut items = client_enum(&method, &socket.client, &types);
        items.extend(server_enum(&method, &socket.server));
        out.push(Piece::Gated(items, features.to_vec()));
    }
    out
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

/// The name a named type stands for, following `same_as` aliases.
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
        #[non_exhaustive]
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
        #[non_exhaustive]
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
