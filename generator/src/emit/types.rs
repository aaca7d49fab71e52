//! `src/types.rs`: one item per schema type.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Piece, Scope, code, doc_attrs, ident, ty_tokens};
use crate::model::{
    Api, Constant, Field, JsonKind, Presence, StringEnum, Ty, TypeDef, TypeKind, UnionDef, VariantKind,
};

/// Enums with exactly one value: `type name → variant`. A required field of one (an `enum`
/// of one value, or a parameter; a `const` property is no field) is set by `new` itself.
pub(crate) type OneValueEnums = BTreeMap<String, String>;

pub(crate) fn one_value_enums(api: &Api) -> OneValueEnums {
    api.types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Enum(e) if e.variants.len() == 1 => Some((def.name.clone(), e.variants[0].0.clone())),
            _ => None,
        })
        .collect()
}

/// One consecutive run of `src/types.rs`'s items; the first part carries the module docs.
/// The file is the parts printed one after another (see `emit::format_parts`).
pub(super) fn emit_part(defs: &[TypeDef], one_value: &OneValueEnums, first: bool) -> Vec<Piece> {
    // `#[deprecated]` is for the crate's users: its own impls use those items freely.
    let mut tokens = if first {
        quote! {
            #![doc = " The API's data types: request bodies, responses and everything they contain."]
            #![allow(deprecated)]
        }
    } else {
        TokenStream::new()
    };
    let mut pieces = Vec::new();
    for def in defs {
        let (items, glue) = type_def(def, one_value);
        tokens.extend(items);
        if let Some(glue) = glue {
            pieces.push(Piece::Tokens(std::mem::take(&mut tokens)));
            pieces.push(Piece::Text(glue));
        }
    }
    if !tokens.is_empty() {
        pieces.push(Piece::Tokens(tokens));
    }
    pieces
}

/// A type's items, and the `object!` invocation that follows them when it is a JSON object.
fn type_def(def: &TypeDef, one_value: &OneValueEnums) -> (TokenStream, Option<String>) {
    // The spec's own words, then where the type comes from; nothing made up where it is silent.
    let spec = format!("Spec: {}", code(&def.origin));
    let doc = match &def.doc {
        Some(text) => format!("{text}\n\n{spec}"),
        None => spec,
    };
    let doc = doc_attrs(Some(&doc));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name);
    if let Some(target) = &def.same_as {
        let note = format!(" The same shape as [`{target}`], so the same type.");
        let target = ident(target);
        let alias = quote! {
            #doc
            #[doc = ""]
            #[doc = #note]
            #deprecated
            pub type #name = #target;
        };
        return (alias, None);
    }
    let tokens = match &def.kind {
        TypeKind::Struct(fields, fixed) => {
            let items = structure(&name, doc, deprecated, fields, Role::Data, one_value);
            return (items, Some(object_glue(&def.name, fields, fixed)));
        }
        TypeKind::Params(params) => {
            let fields: Vec<Field> = params.iter().map(|p| p.field.clone()).collect();
            structure(&name, doc, deprecated, &fields, Role::Params, one_value)
        }
        TypeKind::IntEnum(values) => int_enum(&name, doc, deprecated, values),
        TypeKind::Form(fields, fixed) => {
            let mut tokens = structure(&name, doc, deprecated, fields, Role::Form, one_value);
            tokens.extend(form_encoder(&name, fields, fixed));
            tokens
        }
        TypeKind::Enum(e) => {
            let items = string_enum(&name, doc, deprecated, e);
            let arms = e.variants.iter().map(|(variant, wire)| format!("{} => {}", ident(variant), literal(wire)));
            let head = format!("{}, {}", name, ident(&e.fallback));
            return (items, Some(invocation("string_enum", &head, arms)));
        }
        TypeKind::Union(variants) => union(&def.name, doc, deprecated, variants),
    };
    (tokens, None)
}

fn field_ty(field: &Field) -> TokenStream {
    let ty = ty_tokens(&field.ty, Scope::Types);
    match field.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(crate::Nullable<#ty>),
    }
}

/// What a struct is for, which decides its derives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// JSON data: serde, `Debug` and `PartialEq` through `object!`.
    Data,
    /// An operation's query and header parameters: built by hand.
    Params,
    /// A multipart body: encoded by `to_form`; holds files, so no `PartialEq`.
    Form,
}

fn structure(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    fields: &[Field],
    role: Role,
    one_value: &OneValueEnums,
) -> TokenStream {
    let decls = fields.iter().map(|field| {
        let fname = ident(&field.name);
        let ty = field_ty(field);
        let doc = doc_attrs(field.doc.as_deref());
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #doc
            #deprecated
            pub #fname: #ty,
        }
    });
    // A required field that can hold only one value (an `enum` of one) is set by `new` itself.
    let constant = |f: &Field| match (&f.ty, f.presence()) {
        (Ty::Named(n), Presence::Required) => one_value.get(n).map(|variant| (ident(n), ident(variant))),
        _ => None,
    };
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(f.presence(), Presence::Required | Presence::RequiredNullable) && constant(f).is_none())
        .collect();
    let any_required = fields.iter().any(|f| matches!(f.presence(), Presence::Required | Presence::RequiredNullable));
    let (derive_default, constructor) = if !any_required {
        (quote!(Default,), quote!())
    } else {
        let params = required.iter().map(|f| {
            let fname = ident(&f.name);
            let ty = if f.presence() == Presence::Required && f.ty == Ty::String {
                quote!(impl Into<String>)
            } else {
                field_ty(f)
            };
            quote!(#fname: #ty)
        });
        let inits = fields.iter().map(|f| {
            let fname = ident(&f.name);
            if let Some((ty, variant)) = constant(f) {
                return quote!(#fname: #ty::#variant);
            }
            match f.presence() {
                Presence::Required if f.ty == Ty::String => quote!(#fname: #fname.into()),
                Presence::Required | Presence::RequiredNullable => quote!(#fname),
                Presence::Optional | Presence::OptionalNullable => {
                    quote!(#fname: Default::default())
                }
            }
        });
        let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let ctor = quote! {
            impl #name {
                /// A value with the required fields set and every optional field absent.
                #many
                pub fn new(#( #params ),*) -> Self {
                    Self { #( #inits ),* }
                }
            }
        };
        // Only constant fields are required: `new()` takes nothing, so `Default` is `new()`.
        let default = required.is_empty().then(|| {
            quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        (quote!(), quote!(#ctor #default))
    };
    // `object!` writes `Debug` and `PartialEq` of JSON data, through its wire form.
    let derives = match role {
        Role::Data => quote!(Clone, #derive_default),
        Role::Params => quote!(Debug, Clone, PartialEq, #derive_default),
        Role::Form => quote!(Debug, Clone, #derive_default),
    };
    let non_exhaustive = super::STRUCTS_NON_EXHAUSTIVE.then(|| quote!(#[non_exhaustive]));
    quote! {
        #doc
        #deprecated
        #[derive(#derives)]
        #non_exhaustive
        pub struct #name {
            #( #decls )*
        }
        #constructor
    }
}

/// serde through the runtime's object code (`runtime/object.rs`): one `object!` invocation
/// that lists the constants (`const "type" = "client"`), then each field's wire name and how
/// it is written, laid out one entry a line.
fn object_glue(name: &str, fields: &[Field], constants: &[Constant]) -> String {
    let fixed = constants.iter().map(|c| format!("const {} = {}", literal(&c.wire), literal(&c.value)));
    let lines = fields.iter().map(|field| {
        let how = match field.presence() {
            Presence::Required => "required",
            Presence::RequiredNullable => "required_nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "nullable",
        };
        format!("{} => {}: {how}", literal(&field.wire), ident(&field.name))
    });
    invocation("object", &ident(name).to_string(), fixed.chain(lines))
}

/// `crate::runtime::{mac}!({head} { … });` with one entry a line, as rustfmt would lay it out.
fn invocation(mac: &str, head: &str, lines: impl Iterator<Item = String>) -> String {
    let mut out = format!("crate::runtime::{mac}!({head} {{");
    let mut any = false;
    for line in lines {
        out.push_str("\n    ");
        out.push_str(&line);
        out.push(',');
        any = true;
    }
    if any {
        out.push('\n');
    }
    out.push_str("});\n");
    out
}

/// A string literal holding `text` exactly.
fn literal(text: &str) -> proc_macro2::Literal {
    proc_macro2::Literal::string(text)
}

fn string_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    e: &StringEnum,
) -> TokenStream {
    let variants = e.variants.iter().map(|(variant, wire)| {
        let variant = ident(variant);
        let doc = format!(" {}", code(wire));
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let fallback = ident(&e.fallback);
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value this version of the crate does not know, kept as it was received.
            #fallback(String),
        }
    }
}

fn union(type_name: &str, doc: TokenStream, deprecated: Option<TokenStream>, def: &UnionDef) -> TokenStream {
    let name = ident(type_name);
    let variants = &def.variants;
    let fallback = def.fallback.as_deref().map(ident);
    let decls = variants.iter().map(|v| {
        let vname = ident(&v.name);
        match &v.kind {
            VariantKind::Literal(value) => {
                let doc = format!(" The string {}.", code(value));
                quote!(#[doc = #doc] #vname,)
            }
            VariantKind::Value(ty, _) => {
                let ty = ty_tokens(ty, Scope::Types);
                quote!(#vname(#ty),)
            }
        }
    });
    let fallback_decl = fallback.as_ref().map(|f| {
        quote! {
            /// An object whose tag this version of the crate does not know, kept as it was received.
            #f(::serde_json::Value),
        }
    });
    let fallback_ser =
        fallback.as_ref().map(|f| quote!(Self::#f(value) => ::serde::Serialize::serialize(value, serializer),));
    let tag_check = def.discriminator.as_ref().map(|property| {
        // A tag claimed by two arms (or twice by one) goes to the first, so no arm is unreachable.
        let mut seen = std::collections::BTreeSet::new();
        let arms = variants.iter().filter_map(|v| {
            let tags: Vec<&String> = v.tags.iter().filter(|tag| seen.insert(tag.as_str())).collect();
            if tags.is_empty() {
                return None;
            }
            let vname = ident(&v.name);
            Some(quote! {
                #( Some(#tags) )|* => {
                    return crate::runtime::decode_variant(&value).map(Self::#vname);
                }
            })
        });
        let arms: Vec<TokenStream> = arms.collect();
        let fallback = fallback.as_ref().map(|f| quote!(Some(_) => return Ok(Self::#f(value)),));
        // No tag: the arms whose schema defaults it first, then every tagged arm by shape.
        let defaulted = variants.iter().filter(|v| v.tag_default);
        let others = variants.iter().filter(|v| !v.tags.is_empty() && !v.tag_default);
        let untagged = defaulted.chain(others).map(|v| {
            let vname = ident(&v.name);
            quote! {
                if let Some(inner) = crate::runtime::try_variant(&value) {
                    return Ok(Self::#vname(inner));
                }
            }
        });
        quote! {
            match value.get(#property).and_then(::serde_json::Value::as_str) {
                #( #arms )*
                #fallback
                None => {
                    #( #untagged )*
                }
            }
        }
    });
    let ser_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        match &v.kind {
            VariantKind::Literal(value) => {
                quote!(Self::#vname => serializer.serialize_str(#value),)
            }
            // A tagged arm always carries its tag on the wire, even where its own schema
            // leaves the tag optional: added here, unless its struct writes it as a constant.
            VariantKind::Value(..) => match (&def.discriminator, v.tags.first()) {
                (Some(property), Some(tag)) if !v.tag_written => {
                    quote!(Self::#vname(value) => crate::runtime::write_tagged(serializer, #property, #tag, value),)
                }
                _ => quote!(Self::#vname(value) => ::serde::Serialize::serialize(value, serializer),),
            },
        }
    });
    // Literals first: a string arm must not swallow the one value a unit arm stands for.
    let literal_checks = variants.iter().filter_map(|v| {
        let vname = ident(&v.name);
        match &v.kind {
            VariantKind::Literal(value) => Some(quote!(if value == #value { return Ok(Self::#vname); })),
            VariantKind::Value(..) => None,
        }
    });
    // Arms without a tag are told apart by shape.
    let value_checks = variants.iter().filter(|v| v.tags.is_empty()).filter_map(|v| {
        let vname = ident(&v.name);
        let VariantKind::Value(_, kind) = &v.kind else {
            return None;
        };
        let attempt = quote! {
            if let Some(inner) = crate::runtime::try_variant(&value) {
                return Ok(Self::#vname(inner));
            }
        };
        let guard = match kind {
            JsonKind::String => Some(quote!(value.is_string())),
            JsonKind::Number => Some(quote!(value.is_number())),
            JsonKind::Bool => Some(quote!(value.is_boolean())),
            JsonKind::Array => Some(quote!(value.is_array())),
            JsonKind::Object => Some(quote!(value.is_object())),
            JsonKind::Any => None,
        };
        Some(match guard {
            Some(guard) => quote!(if #guard { #attempt }),
            None => attempt,
        })
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #decls )*
            #fallback_decl
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #ser_arms )*
                    #fallback_ser
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #tag_check
                #( #literal_checks )*
                #( #value_checks )*
                Err(crate::runtime::no_variant_matched(#type_name, &value))
            }
        }
    }
}

fn int_enum(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    values: &[(String, i64)],
) -> TokenStream {
    let consts = values.iter().map(|(constant, value)| {
        let constant = ident(constant);
        let doc = format!(" `{value}`");
        quote! {
            #[doc = #doc]
            pub const #constant: Self = Self(#value);
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub i64);

        impl #name {
            #( #consts )*
        }
    }
}

/// `to_form`: one part per field; files as file parts, everything else as text (objects as
/// JSON), absent fields left out; then one text part per constant.
fn form_encoder(name: &proc_macro2::Ident, fields: &[Field], constants: &[Constant]) -> TokenStream {
    let fixed = constants.iter().map(|c| {
        let (wire, value) = (&c.wire, &c.value);
        quote!(form.text(#wire, #value);)
    });
    let parts = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let optional = !matches!(f.presence(), Presence::Required);
        match (&f.ty, optional) {
            (Ty::File, false) => quote!(form.file(#wire, &self.#fname);),
            (Ty::File, true) => quote!(form.files(#wire, self.#fname.as_ref());),
            (Ty::List(inner), false) if **inner == Ty::File => quote!(form.files(#wire, &self.#fname);),
            (Ty::List(inner), true) if **inner == Ty::File => {
                quote!(form.files(#wire, self.#fname.as_ref().into_iter().flatten());)
            }
            _ => quote!(form.value(#wire, &self.#fname)?;),
        }
    });
    quote! {
        impl #name {
            pub(crate) fn to_form(&self) -> crate::Result<crate::runtime::Form> {
                let mut form = crate::runtime::Form::new();
                #( #parts )*
                #( #fixed )*
                Ok(form)
            }
        }
    }
}
