//! `src/api.rs`: the groups, a method per operation, and each method's call type with its
//! setters, printed from what the model decided (`Method::args`, `Method::setters`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, cfg, code, doc_attrs, ident, input_type, ty_tokens};
use crate::model::{
    Api, Body, BodyEncoding, Group, Input, Location, Method, Param, ParamStyle, Pass, Piece, Presence, ResponseKind,
    Target, Ty, TypeDef, TypeKind,
};

/// The file's docs and attributes; the groups follow (see [`group`]).
pub(super) fn head() -> super::Piece {
    super::Piece::Tokens(quote! {
        //! The operations, in the groups of the API reference: `client.<group>().<operation>(…)`,
        //! and the call each returns.
        // `#[deprecated]` is for the crate's users: its own code uses those items freely.
        #![allow(deprecated)]
    })
}

/// A group's handle, its methods and their call types, behind the group's feature.
pub(super) fn group(api: &Api, group: &Group) -> super::Piece {
    let is_root = group.path.is_empty();
    let client = if is_root { quote!(self) } else { quote!(self.client) };
    let accessors = group.children.iter().map(|(accessor, type_name)| {
        let accessor_ident = ident(accessor);
        let type_ident = ident(type_name);
        // The root's accessors are the top-level groups: each behind its feature.
        let child = api.groups.iter().find(|g| &g.type_name == type_name);
        let cfg = if is_root { cfg(child.map_or(&[][..], |g| g.feature.as_slice())) } else { TokenStream::new() };
        let doc = format!(" Operations of the `{accessor}` group.");
        // Handles borrow the client, not each other, so a chain of them can be kept.
        let lifetime = if is_root { quote!('_) } else { quote!('a) };
        quote! {
            #[doc = #doc]
            #cfg
            #[inline]
            pub fn #accessor_ident(&self) -> #type_ident<#lifetime> {
                #type_ident { client: #client }
            }
        }
    });
    let owner = if is_root { "crate::Client".to_owned() } else { group.type_name.clone() };
    let methods = group.methods.iter().map(|m| method(m, &client, is_root));
    let calls = group.methods.iter().map(|m| call_type(api, m, &owner));
    let head = if is_root {
        quote! {
            impl crate::Client {
                #( #accessors )*
                #( #methods )*
            }
        }
    } else {
        let name = ident(&group.type_name);
        let doc =
            format!(" The `{}` operations: `client.{}()`.", group.path.join("."), group.path.join("().")).to_owned();
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
    };
    let items = quote! {
        #head
        #( #calls )*
    };
    if is_root {
        super::Piece::Tokens(items)
    } else {
        super::Piece::Gated(items, group.feature.iter().cloned().collect())
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

/// The method's rustdoc: a lead sentence for a variant of another method, the operation's
/// doc, the HTTP line, how the body is sent, then its arguments and optional inputs.
fn method_doc(m: &Method) -> String {
    let lead = match (&m.variant_of, &m.body) {
        // Another form of the response (only those variants ask for a media type).
        (Some(main), _) if m.accept.is_some() => {
            let media_type = m.accept.as_deref().unwrap_or_default();
            let flag = m.stream_flag.as_ref().map(|flag| format!(", with `{flag}` set to `true`")).unwrap_or_default();
            format!("{}, answered as `{media_type}`{flag}.", link(main))
        }
        (Some(main), Some(body)) => format!("{} with the body sent as {}.", link(main), sent_as(body)),
        (None, Some(b)) if matches!(b.encoding, BodyEncoding::Text | BodyEncoding::Binary) => {
            format!("The body is sent as {}.", sent_as(b))
        }
        (None, Some(b)) if b.ty == Ty::FormParts => {
            "The body is a multipart form of the parts you give ([`FormParts`](crate::FormParts)): the document names none.".to_owned()
        }
        _ => String::new(),
    };
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
    let parts = [m.doc.as_deref().unwrap_or_default(), &path_line, &lead, idempotency.as_deref().unwrap_or_default()];
    let mut doc = parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("\n\n");
    let described = |inputs: &[Input]| -> Vec<String> {
        inputs
            .iter()
            .map(|i| {
                let name = i.name.trim_start_matches("r#");
                match &i.doc {
                    Some(d) => format!("- `{name}`: {}", d.replace('\n', " ")),
                    None => format!("- `{name}`"),
                }
            })
            .collect()
    };
    let args: Vec<String> = described(&m.args).into_iter().filter(|line| line.contains(": ")).collect();
    if !args.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&args.join("\n"));
    }
    if !m.setters.is_empty() {
        let names: Vec<String> = m.setters.iter().map(|s| format!("`{}`", s.name.trim_start_matches("r#"))).collect();
        doc.push_str(&format!("\n\nOptional inputs, set by name on the call: {}.", names.join(", ")));
    }
    doc
}

fn method(m: &Method, client: &TokenStream, is_root: bool) -> TokenStream {
    let name = ident(&m.name);
    let doc = doc_attrs(Some(&method_doc(m)));
    let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
    let args = m.args.iter().map(|input| {
        let name = ident(&input.name);
        let ty = input_type(input, Scope::Outside);
        quote!(#name: #ty)
    });
    let segments = m.segments.iter().map(|pieces| segment(pieces, m));
    let http_method = ident(m.http_method.as_str());
    let operation_id = m.operation_id.as_str();
    let path_template = m.path_template.as_str();
    let mut stmts: Vec<TokenStream> = m
        .args
        .iter()
        .filter_map(|input| {
            let value = ident(&input.name);
            let value = match input.pass {
                Pass::Value | Pass::IntoNullable => quote!(&#value),
                Pass::Str | Pass::Ref | Pass::Slice => quote!(#value),
            };
            apply(m, input.target, &value, quote!(request))
        })
        .collect();
    if let Some(header) = &m.idempotency_header {
        stmts.push(quote!(request.idempotency_key(#header);));
    }
    if let Some(media_type) = &m.accept {
        stmts.push(quote!(request.accept(#media_type);));
    }
    if let Some(flag) = &m.stream_flag {
        stmts.push(quote!(request.json_flag(#flag);));
    }
    let mutable = (!stmts.is_empty()).then(|| quote!(mut));
    let lifetime = if is_root { quote!('_) } else { quote!('a) };
    let call = ident(&m.call_type);
    let (ret, finish) = match &m.response {
        ResponseKind::Socket(socket) => {
            let client_type = ident(&socket.client.type_name);
            let server_type = ident(&socket.server.type_name);
            (
                quote!(crate::Connect<#lifetime, crate::types::#client_type, crate::types::#server_type, #call>),
                quote!(crate::Connect::new(#client, request)),
            )
        }
        response => {
            let decoder = match response {
                ResponseKind::Json(_) => quote!(json),
                ResponseKind::JsonStream(_) => quote!(json_stream),
                ResponseKind::Events(None) => quote!(events),
                ResponseKind::Events(Some(_)) => quote!(typed_events),
                ResponseKind::Bytes => quote!(bytes),
                ResponseKind::Parts(None) => quote!(parts),
                ResponseKind::Parts(Some(_)) => quote!(mixed),
                ResponseKind::Empty | ResponseKind::Socket(_) => quote!(empty),
            };
            let errors = match &m.decoder {
                Some(decode) => {
                    let decode = ident(decode);
                    quote!(Some(crate::errors::#decode))
                }
                None => quote!(None),
            };
            let output = output_type(response);
            let (inputs, send) = match body_fields(m) {
                Some((_, true)) => (quote!(#call { body: Default::default() }), quote!(.send_inputs(#call::send))),
                Some((_, false)) => (quote!(#call { body: None }), quote!(.send_inputs(#call::send))),
                None => (quote!(#call(())), quote!()),
            };
            (
                quote!(crate::Call<#lifetime, #output, #call>),
                quote!(crate::Call::new(#client, request, crate::runtime::#decoder(), #errors, #inputs) #send),
            )
        }
    };
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(&self, #( #args ),*) -> #ret {
            let #mutable request = #client.request(
                ::reqwest::Method::#http_method,
                &[#( #segments ),*],
                crate::runtime::Operation { id: #operation_id, path: #path_template },
            );
            #( #stmts )*
            #finish
        }
    }
}

/// What `.await` on a call gives.
pub(super) fn output_type(response: &ResponseKind) -> TokenStream {
    match response {
        ResponseKind::Json(ty) => ty_tokens(ty, Scope::Outside),
        ResponseKind::JsonStream(ty) => {
            let ty = ty_tokens(ty, Scope::Outside);
            quote!(crate::JsonStream<#ty>)
        }
        ResponseKind::Events(None) => quote!(crate::EventStream),
        ResponseKind::Events(Some(ty)) => {
            let ty = ty_tokens(ty, Scope::Outside);
            quote!(crate::EventStream<#ty>)
        }
        ResponseKind::Bytes => quote!(crate::ByteStream),
        ResponseKind::Parts(None) => quote!(crate::Parts),
        ResponseKind::Parts(Some(ty)) => {
            let ty = ty_tokens(ty, Scope::Outside);
            quote!(crate::Mixed<#ty>)
        }
        ResponseKind::Empty | ResponseKind::Socket(_) => quote!(()),
    }
}

/// When the method's body is set field by field: its type, and whether it is always sent.
fn body_fields(m: &Method) -> Option<(&Body, bool)> {
    let body = m.body.as_ref()?;
    m.setters.iter().any(|s| matches!(s.target, Target::BodyField(_))).then_some((body, body.required))
}

/// The statement that writes an input (`value`, an expression of a reference to it, or of a
/// `&str`) into the request `request` (an expression of a `&mut Request`); `None` for a body
/// field, which the call keeps until it is sent.
fn apply(m: &Method, target: Target, value: &TokenStream, request: TokenStream) -> Option<TokenStream> {
    Some(match target {
        Target::Path(_) | Target::BodyField(_) | Target::Field(_) => return None,
        Target::Param(i) => {
            let p = &m.params[i];
            let wire = &p.wire;
            let style = style_tokens(p.style);
            let explode = p.explode;
            match (p.location, p.style, p.explode) {
                (Location::Query, ParamStyle::Form, true) => quote!(#request.query(#wire, #value);),
                (Location::Query, ParamStyle::Form, false) => quote!(#request.query_joined(#wire, #value);),
                (Location::Query, ..) => quote!(#request.query_styled(#wire, #value, #style, #explode);),
                (Location::Header, ParamStyle::Simple, false) => quote!(#request.header(#wire, #value);),
                (Location::Header, ..) => quote!(#request.header_styled(#wire, #value, #style, #explode);),
                (Location::Cookie | Location::Path, ..) => {
                    quote!(#request.cookie(#wire, #value, #style, #explode);)
                }
            }
        }
        Target::Body => {
            let body = m.body.as_ref()?;
            encode_body(body, value, request)
        }
    })
}

/// The statement that writes `body` (an expression of a reference to it, or of a `&str`) as
/// the request's body.
fn encode_body(body: &Body, value: &TokenStream, request: TokenStream) -> TokenStream {
    let content_type = &body.content_type;
    match body.encoding {
        BodyEncoding::Json => quote!(#request.json(#content_type, #value);),
        BodyEncoding::Multipart if body.part_types.is_empty() => quote!(#request.multipart(#value.to_form());),
        BodyEncoding::Multipart => {
            let types = body.part_types.iter().map(|(part, content_type)| quote!((#part, #content_type)));
            quote!(#request.multipart(#value.to_form().map(|form| form.declare(&[#( #types ),*])));)
        }
        BodyEncoding::UrlEncoded => {
            let encodings = body.property_styles.iter().map(|p| {
                let (name, style, explode) = (&p.property, style_tokens(p.style), p.explode);
                quote!((#name, #style, #explode))
            });
            quote!(#request.form(#value, &[#( #encodings ),*]);)
        }
        BodyEncoding::Text => quote!(#request.text(#content_type, #value);),
        BodyEncoding::Binary => quote!(#request.bytes(#content_type, #value);),
    }
}

/// The call's marker type, and the setters of its call.
fn call_type(api: &Api, m: &Method, owner: &str) -> TokenStream {
    let call = ident(&m.call_type);
    let method_link = format!("[`{owner}::{0}`]({owner}::{0})", m.name.trim_start_matches("r#"));
    let method_link =
        if m.name.starts_with("r#") { format!("`{}`", m.name.trim_start_matches("r#")) } else { method_link };
    let setters: Vec<String> = m.setters.iter().map(|s| format!("`{}`", s.name.trim_start_matches("r#"))).collect();
    let (doc, generic) = match &m.response {
        ResponseKind::Socket(socket) => {
            let (c, s) = (ident(&socket.client.type_name), ident(&socket.server.type_name));
            let doc = if setters.is_empty() {
                format!(" Names the session {method_link} opens.")
            } else {
                format!(
                    " Names the session {method_link} opens, whose setters are its optional parameters: {}.",
                    setters.join(", ")
                )
            };
            (doc, quote!(crate::Connect<'_, crate::types::#c, crate::types::#s, #call>))
        }
        response => {
            let output = output_type(response);
            let doc = if setters.is_empty() {
                format!(" Names the call {method_link} returns.")
            } else {
                format!(
                    " Names the call {method_link} returns, whose setters are its optional inputs: {}.",
                    setters.join(", ")
                )
            };
            (doc, quote!(crate::Call<'_, #output, #call>))
        }
    };
    let fields = body_fields(m);
    let declaration = match fields {
        Some((body, required)) => {
            let ty = ty_tokens(&body.ty, Scope::Outside);
            let (field, access, encode) = if required {
                let encode = encode_body(body, &quote!(body), quote!(request));
                (quote!(#ty), quote!(&mut self.body), quote!(let body = &self.body; #encode))
            } else {
                let encode = encode_body(body, &quote!(body), quote!(request));
                (
                    quote!(Option<#ty>),
                    quote!(self.body.get_or_insert_with(Default::default)),
                    quote!(if let Some(body) = &self.body { #encode }),
                )
            };
            quote! {
                #[doc = #doc]
                pub struct #call {
                    body: #field,
                }

                impl #call {
                    /// The body, to set a field of.
                    #[inline]
                    fn body(&mut self) -> &mut #ty {
                        #access
                    }

                    /// Writes the body into the request.
                    #[inline]
                    fn send(self, request: &mut crate::runtime::Request) {
                        #encode
                    }
                }
            }
        }
        None => quote! {
            #[doc = #doc]
            pub struct #call(());
        },
    };
    let pager = m.pager.as_ref().map(|pager| super::pages::paged(m, pager, &call));
    if m.setters.is_empty() {
        return quote!(#declaration #pager);
    }
    let body_struct = fields.and_then(|(body, _)| match &body.ty {
        Ty::Named(name) => canonical_fields(api, name),
        _ => None,
    });
    let setters = m.setters.iter().map(|input| setter(m, input, body_struct));
    quote! {
        #declaration

        impl #generic {
            #( #setters )*
        }

        #pager
    }
}

/// The fields of a struct type, following aliases.
fn canonical_fields<'a>(api: &'a Api, name: &str) -> Option<&'a [crate::model::Field]> {
    let mut name = name;
    for _ in 0..api.types.len() {
        let def: &TypeDef = api.types.iter().find(|t| t.name == name)?;
        match (&def.same_as, &def.kind) {
            (Some(target), _) => name = target,
            (None, TypeKind::Struct(fields, _) | TypeKind::Form(fields, _)) => return Some(fields),
            (None, _) => return None,
        }
    }
    None
}

/// One setter of a call.
fn setter(m: &Method, input: &Input, body: Option<&[crate::model::Field]>) -> TokenStream {
    let name = ident(&input.name);
    let doc = doc_attrs(input.doc.as_deref());
    let deprecated = input.deprecated.then(|| quote!(#[deprecated]));
    let ty = input_type(input, Scope::Outside);
    let statement = match input.target {
        Target::BodyField(i) => {
            let field = body.and_then(|fields| fields.get(i));
            let field_name = ident(field.map_or(input.name.as_str(), |f| f.name.as_str()));
            let presence = field.map_or(Presence::Optional, crate::model::Field::presence);
            let value = field_value(&name, input.pass, presence);
            quote!(self.inputs().body().#field_name = #value;)
        }
        target => {
            let value = match input.pass {
                Pass::Value | Pass::IntoNullable => quote!(&#name),
                Pass::Str | Pass::Ref | Pass::Slice => quote!(#name),
            };
            apply(m, target, &value, quote!(self.request())).unwrap_or_default()
        }
    };
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(mut self, #name: #ty) -> Self {
            #statement
            self
        }
    }
}

/// The expression that stores a setter's argument `name` in a field of this presence.
pub(super) fn field_value(name: &proc_macro2::Ident, pass: Pass, presence: Presence) -> TokenStream {
    match (pass, presence) {
        (Pass::IntoNullable, _) => quote!(#name.into()),
        (Pass::Str, Presence::Required) => quote!(#name.to_owned()),
        (Pass::Str, _) => quote!(Some(#name.to_owned())),
        (_, Presence::Required) => quote!(#name),
        _ => quote!(Some(#name)),
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
            let text = path_value(m, *i);
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
                    let text = path_value(m, *i);
                    quote!(#text.as_str())
                }
            });
            quote!(&[#( #parts ),*].concat())
        }
    }
}

/// The `String` expression of a path parameter's text in its style.
fn path_value(m: &Method, index: usize) -> TokenStream {
    let p: &Param = &m.path_params[index];
    let input = m.args.iter().find(|a| a.target == Target::Path(index));
    let pname = ident(input.map_or(p.wire.as_str(), |a| a.name.as_str()));
    // Arguments taken by value (numbers, booleans) are borrowed; the others are references.
    let value = match input.map(|a| a.pass) {
        Some(Pass::Value | Pass::IntoNullable) => quote!(&#pname),
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
pub(super) fn style_tokens(style: ParamStyle) -> TokenStream {
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
