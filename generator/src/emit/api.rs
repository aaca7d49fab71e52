//! `src/api.rs` (the operations, grouped) and `src/client.rs` (the API's settings).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, code, doc_attrs, ident, ty_tokens};
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Api, Body, BodyEncoding, ErrorStatus, Group, KeyStyle, Location, Method, Param, ParamStyle, Piece, ResponseKind, Ty,
};

/// One decoder function per distinct set of error bodies: `errors → index`.
pub(super) type Decoders = BTreeMap<Vec<(ErrorStatus, Ty)>, usize>;

/// The distinct error-body sets of all operations, numbered in a fixed order.
pub(super) fn decoders(api: &Api) -> Decoders {
    let sets: BTreeSet<&Vec<(ErrorStatus, Ty)>> =
        api.groups.iter().flat_map(|g| &g.methods).map(|m| &m.errors).filter(|e| !e.is_empty()).collect();
    sets.into_iter().enumerate().map(|(i, set)| (set.clone(), i)).collect()
}

pub(super) fn emit(api: &Api) -> TokenStream {
    let decoders = decoders(api);
    let groups = api.groups.iter().map(|g| group(g, &decoders));
    quote! {
        //! The operations, in the groups of the API reference: `client.<group>().<operation>(…)`.
        // `#[deprecated]` is for the crate's users: its own code uses those items freely.
        #![allow(deprecated)]
        #( #groups )*
    }
}

fn group(group: &Group, decoders: &Decoders) -> TokenStream {
    let is_root = group.path.is_empty();
    let client = if is_root { quote!(self) } else { quote!(self.client) };
    let accessors = group.children.iter().map(|(accessor, type_name)| {
        let accessor_ident = ident(accessor);
        let type_ident = ident(type_name);
        let doc = format!(" Operations of the `{accessor}` group.");
        // Handles borrow the client, not each other, so a chain of them can be kept.
        let lifetime = if is_root { quote!('_) } else { quote!('a) };
        quote! {
            #[doc = #doc]
            pub fn #accessor_ident(&self) -> #type_ident<#lifetime> {
                #type_ident { client: #client }
            }
        }
    });
    let methods = group.methods.iter().map(|m| method(m, &client, is_root, decoders));
    if is_root {
        return quote! {
            impl crate::Client {
                #( #accessors )*
                #( #methods )*
            }
        };
    }
    let name = ident(&group.type_name);
    let doc = format!(" The `{}` operations: `client.{}()`.", group.path.join("."), group.path.join("().")).to_owned();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #name<'a> {
            #( #accessors )*
            #( #methods )*
        }
    }
}

/// The operation's method, and one more for each of its other kinds of body.
fn method(m: &Method, client: &TokenStream, is_root: bool, decoders: &Decoders) -> TokenStream {
    let mut intro = match &m.body {
        Some(b) if matches!(b.encoding, BodyEncoding::Text | BodyEncoding::Binary) => {
            format!("The body is sent as {}.", sent_as(b))
        }
        _ => String::new(),
    };
    if !m.other_bodies.is_empty() {
        let others: Vec<String> =
            m.other_bodies.iter().map(|b| format!("{} ({})", link(&m.other_body_name(b)), media_list(b))).collect();
        let also = format!("The body can also be sent as: {}.", others.join(", "));
        intro = if intro.is_empty() { also } else { format!("{intro} {also}") };
    }
    let main = one_method(m, &m.name, m.body.as_ref(), ["", &intro], client, is_root, decoders);
    let others = m.other_bodies.iter().map(|b| {
        let intro = format!("{} with the body sent as {}.", link(&m.name), sent_as(b));
        one_method(m, &m.other_body_name(b), Some(b), [&intro, ""], client, is_root, decoders)
    });
    quote! {
        #main
        #( #others )*
    }
}

/// A rustdoc link to a method of the same type (plain code for a raw identifier).
fn link(name: &str) -> String {
    if name.starts_with("r#") {
        format!("`{}`", name.trim_start_matches("r#"))
    } else {
        format!("[`{name}`](Self::{name})")
    }
}

fn media_list(body: &Body) -> String {
    body.media_types.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
}

/// How a body is sent, for the rustdoc: "text (`text/plain`)".
fn sent_as(body: &Body) -> String {
    let media = media_list(body);
    match body.encoding {
        BodyEncoding::Json => format!("JSON ({media})"),
        BodyEncoding::Multipart => format!("a multipart form ({media})"),
        BodyEncoding::UrlEncoded => format!("a URL-encoded form ({media})"),
        BodyEncoding::Text => format!("text ({media})"),
        BodyEncoding::Binary => {
            format!("bytes ({media}), with the `File`'s content type if it has one, else `{}`", body.content_type)
        }
    }
}

fn one_method(
    m: &Method,
    name: &str,
    body: Option<&Body>,
    [lead, tail]: [&str; 2],
    client: &TokenStream,
    is_root: bool,
    decoders: &Decoders,
) -> TokenStream {
    let name = ident(name);
    // A lead sentence, the operation's doc, the HTTP line, a closing sentence.
    let mut path_line = code(&format!("{} {}", m.http_method, m.path_template));
    if let ResponseKind::Socket(socket) = &m.response {
        path_line = format!(
            "{path_line}, upgraded to a WebSocket session: `.connect().await` it, then send [`{}`](crate::types::{}) and receive [`{}`](crate::types::{}).",
            socket.client.type_name, socket.client.type_name, socket.server.type_name, socket.server.type_name
        );
    }
    let idempotency = m.idempotency_header.as_ref().map(|header| {
        format!(
            "Retried like an idempotent request (after a time-out or a broken response too): each call sends a fresh random `{header}`, the same on its retries, unless you set one."
        )
    });
    let parts =
        [lead, m.doc.as_deref().unwrap_or_default(), &path_line, idempotency.as_deref().unwrap_or_default(), tail];
    let mut doc = parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("\n\n");
    let described: Vec<String> = m
        .path_params
        .iter()
        .filter_map(|p| {
            p.doc.as_ref().map(|d| format!("- `{}`: {}", p.name.trim_start_matches("r#"), d.replace('\n', " ")))
        })
        .chain(body.and_then(|b| b.doc.as_ref()).map(|d| format!("- `body`: {}", d.replace('\n', " "))))
        .collect();
    if !described.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&described.join("\n"));
    }
    let doc = doc_attrs(Some(&doc));
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    for p in &m.path_params {
        let pname = ident(&p.name);
        let ty = match &p.ty {
            Ty::String => quote!(&str),
            Ty::List(inner) => {
                let inner = ty_tokens(inner, Scope::Outside);
                quote!(&[#inner])
            }
            ty @ (Ty::Named(_) | Ty::Map(_) | Ty::Json | Ty::Option(_) | Ty::Boxed(_) | Ty::File) => {
                let ty = ty_tokens(ty, Scope::Outside);
                quote!(&#ty)
            }
            ty @ (Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool) => ty_tokens(ty, Scope::Outside),
        };
        args.push(quote!(#pname: #ty));
    }
    let segments = m.segments.iter().map(|pieces| segment(pieces, m));
    let http_method = ident(&m.http_method);
    let mut stmts = Vec::new();
    // Arguments: path parameters, the body, the query/header parameter struct.
    if let Some(body) = body {
        let content_type = &body.content_type;
        let (ty, encode) = match body.encoding {
            BodyEncoding::Json => {
                let ty = ty_tokens(&body.ty, Scope::Outside);
                (quote!(&#ty), quote!(request.json(#content_type, body);))
            }
            BodyEncoding::Multipart => {
                let ty = ty_tokens(&body.ty, Scope::Outside);
                (quote!(&#ty), quote!(request.multipart(body.to_form());))
            }
            BodyEncoding::UrlEncoded => {
                let ty = ty_tokens(&body.ty, Scope::Outside);
                let encodings = body.property_styles.iter().map(|(name, style, explode)| {
                    let style = style_tokens(*style);
                    quote!((#name, #style, #explode))
                });
                (quote!(&#ty), quote!(request.form(body, &[#( #encodings ),*]);))
            }
            BodyEncoding::Text => (quote!(&str), quote!(request.text(#content_type, body);)),
            BodyEncoding::Binary => (quote!(crate::File), quote!(request.bytes(#content_type, &body);)),
        };
        if body.required {
            args.push(quote!(body: #ty));
            stmts.push(encode);
        } else {
            args.push(quote!(body: Option<#ty>));
            stmts.push(quote!(if let Some(body) = body { #encode }));
        }
    }
    if let Some(params) = &m.params {
        let ty = ident(&params.type_name);
        args.push(quote!(params: &crate::types::#ty));
        for p in &params.fields {
            let field = ident(&p.field.name);
            let wire = &p.field.wire;
            let style = style_tokens(p.style);
            let explode = p.explode;
            stmts.push(match (p.location, p.style, p.explode) {
                (Location::Query, ParamStyle::Form, true) => quote!(request.query(#wire, &params.#field);),
                (Location::Query, ParamStyle::Form, false) => quote!(request.query_joined(#wire, &params.#field);),
                (Location::Query, ..) => quote!(request.query_styled(#wire, &params.#field, #style, #explode);),
                (Location::Header, ParamStyle::Simple, false) => quote!(request.header(#wire, &params.#field);),
                (Location::Header, ..) => quote!(request.header_styled(#wire, &params.#field, #style, #explode);),
                (Location::Cookie, ..) => quote!(request.cookie(#wire, &params.#field, #style, #explode);),
            });
        }
    }
    if let Some(header) = &m.idempotency_header {
        stmts.push(quote!(request.idempotency_key(#header);));
    }
    let mutable = (!stmts.is_empty()).then(|| quote!(mut));
    let lifetime = if is_root { quote!('_) } else { quote!('a) };
    let (ret, finish) = match &m.response {
        ResponseKind::Socket(socket) => {
            let client_type = ident(&socket.client.type_name);
            let server_type = ident(&socket.server.type_name);
            (
                quote!(crate::Connect<#lifetime, crate::types::#client_type, crate::types::#server_type>),
                quote!(crate::Connect::new(#client, request)),
            )
        }
        response => {
            let (ret, decoder) = match response {
                ResponseKind::Json(ty) => (ty_tokens(ty, Scope::Outside), quote!(json)),
                ResponseKind::JsonStream(ty) => {
                    let ty = ty_tokens(ty, Scope::Outside);
                    (quote!(crate::JsonStream<#ty>), quote!(json_stream))
                }
                ResponseKind::Events => (quote!(crate::EventStream), quote!(events)),
                ResponseKind::Bytes => (quote!(crate::ByteStream), quote!(bytes)),
                ResponseKind::Empty | ResponseKind::Socket(_) => (quote!(()), quote!(empty)),
            };
            let errors = match decoders.get(&m.errors) {
                Some(index) => {
                    let decode = quote::format_ident!("decode_{}", index);
                    quote!(Some(crate::errors::#decode))
                }
                None => quote!(None),
            };
            (
                quote!(crate::Call<#lifetime, #ret>),
                quote!(crate::Call::new(#client, request, crate::runtime::#decoder(), #errors)),
            )
        }
    };
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #( #args ),*) -> #ret {
            let #mutable request = #client.request(::reqwest::Method::#http_method, &[#( #segments ),*]);
            #( #stmts )*
            #finish
        }
    }
}

/// One path segment as a `&str` expression, percent-encoded: literal text is encoded here,
/// parameter values when the request is built.
fn segment(pieces: &[Piece], m: &Method) -> TokenStream {
    match pieces {
        [Piece::Literal(text)] => {
            let text = super::runtime_style::path_literal_escape(text);
            quote!(#text)
        }
        [Piece::Param(i)] => {
            let text = path_value(&m.path_params[*i]);
            quote!(&#text)
        }
        _ => {
            // `[prefix, value, ".json"].concat()`: no `format!`, whose arguments prettyplease
            // cannot lay out.
            let parts = pieces.iter().map(|piece| match piece {
                Piece::Literal(text) => {
                    let text = super::runtime_style::path_literal_escape(text);
                    quote!(#text)
                }
                Piece::Param(i) => {
                    let text = path_value(&m.path_params[*i]);
                    quote!(#text.as_str())
                }
            });
            quote!(&[#( #parts ),*].concat())
        }
    }
}

/// The `String` expression of a path parameter's text in its style.
fn path_value(p: &Param) -> TokenStream {
    let pname = ident(&p.name);
    // Arguments taken by value (numbers, booleans) are borrowed; the others are references.
    let value = match p.ty {
        Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool => quote!(&#pname),
        _ => quote!(#pname),
    };
    if p.style == ParamStyle::Simple && !p.explode {
        quote!(crate::runtime::path_text(#value))
    } else {
        let wire = &p.wire;
        let style = style_tokens(p.style);
        let explode = p.explode;
        quote!(crate::runtime::path_styled(#wire, #value, #style, #explode))
    }
}

/// `crate::runtime::Style::…` for a style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = quote::format_ident!(
        "{}",
        match style {
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
            ParamStyle::Json => "Json",
        }
    );
    quote!(crate::runtime::Style::#variant)
}

/// `src/client.rs`: where the API lives and how the key travels, plus `Environment`.
pub(super) fn emit_settings(api: &Api) -> TokenStream {
    let default_url = api.environments.first().map(|e| e.url.clone()).unwrap_or_default();
    let auth = match &api.auth.style {
        KeyStyle::Header(name) => {
            let name = name.to_ascii_lowercase();
            quote!(crate::runtime::AuthStyle::Header(#name))
        }
        KeyStyle::Bearer => quote!(crate::runtime::AuthStyle::Bearer),
        KeyStyle::Basic => quote!(crate::runtime::AuthStyle::Basic),
        KeyStyle::Query(name) => quote!(crate::runtime::AuthStyle::Query(#name)),
    };
    let env = &api.auth.env;
    let credential_headers = &api.auth.credentials.headers;
    let credential_query = &api.auth.credentials.query;
    let environment = if api.environments.is_empty() {
        quote!()
    } else {
        let variants = api.environments.iter().enumerate().map(|(i, e)| {
            let name = ident(&e.name);
            let doc = match &e.description {
                Some(d) => format!(" {d} ({})", code(&e.url)),
                None => format!(" {}", code(&e.url)),
            };
            let default = (i == 0).then(|| quote!(#[default]));
            quote!(#[doc = #doc] #default #name,)
        });
        let arms = api.environments.iter().map(|e| {
            let name = ident(&e.name);
            let url = &e.url;
            quote!(Environment::#name => #url,)
        });
        quote! {
            /// The hosts the API is served from. The default is the first.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[non_exhaustive]
            pub enum Environment {
                #( #variants )*
            }

            impl Environment {
                /// The base URL of this environment.
                pub const fn base_url(self) -> &'static str {
                    match self {
                        #( #arms )*
                    }
                }
            }

            impl crate::ClientBuilder {
                /// Sends requests to this environment's base URL.
                pub fn environment(self, environment: Environment) -> Self {
                    self.base_url(environment.base_url())
                }
            }
        }
    };
    // What `ApiError` holds as its typed body: nothing at all when no operation describes one.
    let typed_error_body = if super::runtime::Uses::of(api).typed_errors {
        quote!(crate::errors::ErrorBody)
    } else {
        quote!(::std::convert::Infallible)
    };
    quote! {
        //! Settings the generator took from the spec and its config.

        /// The typed body an `ApiError` can hold.
        pub(crate) type TypedErrorBody = #typed_error_body;

        pub(crate) const SETTINGS: crate::runtime::Settings = crate::runtime::Settings {
            default_base_url: #default_url,
            auth: #auth,
            api_key_env: #env,
            credential_headers: &[#( #credential_headers ),*],
            credential_query: &[#( #credential_query ),*],
        };

        #environment
    }
}

/// `src/errors.rs`: `ErrorBody`, the typed bodies of error responses, and one decoder per
/// distinct set of them.
pub(super) fn emit_errors(api: &Api) -> TokenStream {
    let decoders = decoders(api);
    // One variant per distinct type, named after it.
    let mut names = crate::naming::Namespace::default();
    let mut variants: BTreeMap<&Ty, String> = BTreeMap::new();
    for set in decoders.keys() {
        for (_, ty) in set {
            if !variants.contains_key(ty) {
                let base = match ty {
                    Ty::Named(name) => name.clone(),
                    Ty::List(_) => "List".to_owned(),
                    Ty::Map(_) => "Map".to_owned(),
                    Ty::String => "Text".to_owned(),
                    _ => "Value".to_owned(),
                };
                variants.insert(ty, names.claim(&base));
            }
        }
    }
    let decls = variants.iter().map(|(ty, name)| {
        let variant = ident(name);
        let ty = ty_tokens(ty, Scope::Outside);
        let doc = format!(" A `{name}` error body.");
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let functions = decoders.iter().map(|(set, index)| {
        let function = quote::format_ident!("decode_{}", index);
        // A status listed twice keeps its first body, so no arm is unreachable.
        let mut seen = BTreeSet::new();
        let arms = set.iter().filter(|(status, _)| seen.insert(*status)).map(|(status, ty)| {
            let variant = ident(&variants[ty]);
            let pattern = match status {
                ErrorStatus::Code(code) => quote!(#code),
                ErrorStatus::Range(class) => {
                    let (low, high) = (class * 100, class * 100 + 99);
                    quote!(#low..=#high)
                }
                ErrorStatus::Default => quote!(_),
            };
            quote!(#pattern => ::serde_json::from_slice(body).ok().map(ErrorBody::#variant),)
        });
        // Only `default`: every status decodes the same way, with no `match` of one arm.
        if let [(ErrorStatus::Default, ty)] = set.as_slice() {
            let variant = ident(&variants[ty]);
            return quote! {
                pub(crate) fn #function(_status: u16, body: &[u8]) -> Option<ErrorBody> {
                    ::serde_json::from_slice(body).ok().map(ErrorBody::#variant)
                }
            };
        }
        let fallback = (!set.iter().any(|(s, _)| *s == ErrorStatus::Default)).then(|| quote!(_ => None,));
        quote! {
            pub(crate) fn #function(status: u16, body: &[u8]) -> Option<ErrorBody> {
                match status {
                    #( #arms )*
                    #fallback
                }
            }
        }
    });
    quote! {
        //! Typed error bodies: what the spec says an operation answers with an error status.
        #![allow(deprecated)]

        /// The body of an error response, decoded into the schema the operation's spec gives
        /// for its status. Read it with [`ApiError::typed`](crate::ApiError::typed).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum ErrorBody {
            #( #decls )*
        }

        #( #functions )*
    }
}
