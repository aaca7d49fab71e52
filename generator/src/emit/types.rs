//! `src/types.rs`: one item per schema type, preceded by a `// spec:` comment naming where it
//! comes from, with the members the model gave it (`new`, `with_*` setters, base64 bytes).

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Piece, Scope, code, doc_attrs, gate_text, ident, ty_tokens};
use crate::model::{
    Constant, Field, Input, JsonKind, Members, Pass, Presence, StringEnum, Target, Ty, TypeDef, TypeKind, UnionDef,
    VariantKind,
};

/// One consecutive run of `src/types.rs`'s items; the first part carries the module docs.
/// The file is the parts printed one after another (see `emit::format_parts`).
pub(super) fn emit_part(defs: &[TypeDef], first: bool) -> Vec<Piece> {
    let mut pieces = Vec::new();
    if first {
        // `#[deprecated]` is for the crate's users: its own impls use those items freely.
        pieces.push(Piece::Tokens(quote! {
            #![doc = " The API's data types: request bodies, responses and everything they contain."]
            #![allow(deprecated)]
        }));
    }
    for def in defs {
        pieces.push(Piece::Text(format!("// spec: {}\n", def.origin)));
        let (items, glue) = type_def(def);
        pieces.push(Piece::Gated(items, def.features.clone()));
        if !glue.is_empty() {
            pieces.push(Piece::Text(gate_text(glue, &def.features)));
        }
    }
    pieces
}

/// A type's items, and what follows them as text: the `object!`/`string_enum!` invocation,
/// one entry a line, and the impl of its members.
fn type_def(def: &TypeDef) -> (TokenStream, String) {
    let doc = doc_attrs(def.doc.as_deref());
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name);
    if let Some(target) = &def.same_as {
        let note = format!(" The same shape as [`{target}`], so the same type.");
        let target = ident(target);
        let blank = def.doc.is_some().then(|| quote!(#[doc = ""]));
        let alias = quote! {
            #doc
            #blank
            #[doc = #note]
            #deprecated
            pub type #name = #target;
        };
        return (alias, String::new());
    }
    match &def.kind {
        TypeKind::Struct(fields, constants) => {
            let items = structure(&name, doc, deprecated, fields, &def.members, false);
            let mut glue = object_glue(&def.name, fields, constants);
            glue.push_str(&members(&def.name, fields, &def.members));
            (items, glue)
        }
        TypeKind::Form(fields, constants) => {
            let mut tokens = structure(&name, doc, deprecated, fields, &def.members, true);
            tokens.extend(form_encoder(&name, fields, constants));
            (tokens, members(&def.name, fields, &def.members))
        }
        TypeKind::IntEnum(values) => (int_enum(&name, doc, deprecated, values), String::new()),
        TypeKind::Enum(e) => {
            let items = string_enum(&name, doc, deprecated, e);
            let arms = e.variants.iter().map(|(variant, wire)| format!("{} => {}", ident(variant), literal(wire)));
            let head = format!("{}, {}", name, ident(&e.fallback));
            (items, invocation("string_enum", &head, arms))
        }
        TypeKind::Union(variants) => (union(&def.name, doc, deprecated, variants), String::new()),
    }
}

fn field_ty(field: &Field) -> TokenStream {
    let ty = ty_tokens(&field.ty, Scope::Types);
    match field.presence() {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(crate::Nullable<#ty>),
    }
}

/// A struct of JSON data (serde, `Debug` and `PartialEq` through `object!`) or a multipart
/// form (encoded by `to_form`; it holds files, so it is not `PartialEq`). Both are
/// `#[non_exhaustive]`: built with `new(..)` or `Default` and the setters, so that a new
/// optional field is no breaking change.
fn structure(
    name: &proc_macro2::Ident,
    doc: TokenStream,
    deprecated: Option<TokenStream>,
    fields: &[Field],
    members: &Members,
    form: bool,
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
    let default = members.constructor.is_none().then(|| quote!(Default,));
    let derives = if form { quote!(Debug, Clone, #default) } else { quote!(Clone, #default) };
    quote! {
        #doc
        #deprecated
        #[derive(#derives)]
        #[non_exhaustive]
        pub struct #name {
            #( #decls )*
        }
    }
}

/// The impl of a struct's members, as text laid out as prettyplease would: `new`, the `with_*`
/// setters, the base64 accessors; `Default` when `new` takes nothing.
fn members(type_name: &str, fields: &[Field], members: &Members) -> String {
    let mut out = String::new();
    if let Some(args) = &members.constructor {
        let params: Vec<String> = args.iter().map(|a| format!("{}: {}", a.name, input_text(a))).collect::<Vec<_>>();
        let inits: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if let Some((_, variant)) = members.presets.iter().find(|(at, _)| *at == i) {
                    return format!("{}: {}::{}", f.name, type_text(&f.ty), variant);
                }
                match args.iter().find(|a| a.target == Target::Field(i)) {
                    Some(a) if a.pass == Pass::Str => format!("{}: {}.to_owned()", f.name, a.name),
                    Some(a) => a.name.clone(),
                    // A literal rather than `Default::default()`: no trait to look up per field.
                    None if f.presence() == Presence::OptionalNullable => {
                        format!("{}: crate::Nullable::Absent", f.name)
                    }
                    None => format!("{}: None", f.name),
                }
            })
            .collect();
        let many = if args.len() > 7 { "    #[allow(clippy::too_many_arguments)]\n" } else { "" };
        let _ = write!(
            out,
            "    /// A value with the required fields set and every optional field absent.\n{many}    #[inline]\n    pub fn new({}) -> Self {{\n        Self {{{}}}\n    }}\n",
            wrapped(&params, 8, "    "),
            wrapped(&inits, 12, "        "),
        );
    }
    for setter in &members.setters {
        let Target::Field(i) = setter.target else { continue };
        let field = &fields[i];
        let bare = field.name.trim_start_matches("r#");
        let link = if field.name.starts_with("r#") { format!("`{bare}`") } else { format!("[`{bare}`](Self::{bare})") };
        let deprecated = if setter.deprecated { "    #[deprecated]\n" } else { "" };
        let nullable = field.presence() == Presence::OptionalNullable;
        let value = match (setter.pass, nullable) {
            (Pass::IntoNullable, _) => "value.into()",
            (Pass::Str, true) => "crate::Nullable::Value(value.to_owned())",
            (Pass::Str, false) => "Some(value.to_owned())",
            (_, true) => "crate::Nullable::Value(value)",
            (_, false) => "Some(value)",
        };
        let null = if nullable && setter.pass != Pass::IntoNullable {
            " For `null`, assign [`Nullable::Null`](crate::Nullable::Null) to the field."
        } else {
            ""
        };
        let _ = write!(
            out,
            "    /// Sets {link}.{null}\n{deprecated}    #[inline]\n    pub fn {}(mut self, value: {}) -> Self {{\n        self.{} = {value};\n        self\n    }}\n",
            setter.name,
            input_text(setter),
            field.name
        );
    }
    for helper in &members.base64 {
        let field = &fields[helper.field];
        let wire = code(&field.wire);
        let (get, set) = if field.presence() == Presence::Required {
            (
                format!(
                    "Result<Vec<u8>, crate::InvalidBase64> {{\n        crate::runtime::base64_bytes(&self.{})",
                    field.name
                ),
                format!("self.{} = crate::runtime::base64_text(bytes);", field.name),
            )
        } else {
            (
                format!(
                    "Option<Result<Vec<u8>, crate::InvalidBase64>> {{\n        self.{}.as_deref().map(crate::runtime::base64_bytes)",
                    field.name
                ),
                format!("self.{} = Some(crate::runtime::base64_text(bytes));", field.name),
            )
        };
        let _ = write!(
            out,
            "    /// The bytes {wire} holds (base64).\n    #[inline]\n    pub fn {}(&self) -> {get}\n    }}\n    /// Sets {wire} to these bytes, base64-encoded.\n    #[inline]\n    pub fn {}(&mut self, bytes: &[u8]) {{\n        {set}\n    }}\n",
            helper.getter, helper.setter
        );
    }
    if out.is_empty() {
        return out;
    }
    let mut text = format!("impl {type_name} {{\n{out}}}\n");
    // Only preset fields are required: `new()` takes nothing, so `Default` is `new()`.
    if members.constructor.as_ref().is_some_and(Vec::is_empty) {
        let _ = write!(
            text,
            "impl Default for {type_name} {{\n    #[inline]\n    fn default() -> Self {{\n        Self::new()\n    }}\n}}\n"
        );
    }
    text
}

/// A comma-separated list as rustfmt lays it out: on one line when short, else one item a
/// line, indented by `indent` spaces, closed at `close` (the list's own line's indent). Brace
/// lists get inner spaces on one line (`{ a, b }`), parenthesized ones not.
fn wrapped(items: &[String], indent: usize, close: &str) -> String {
    let one_line = items.join(", ");
    let braces = close.len() > 4;
    if one_line.len() + indent <= 90 {
        return if braces && !one_line.is_empty() { format!(" {one_line} ") } else { one_line };
    }
    let pad = " ".repeat(indent);
    let lines: String = items.iter().map(|item| format!("\n{pad}{item},")).collect();
    format!("{lines}\n{close}")
}

/// An input's type as text, inside `types`.
fn input_text(input: &Input) -> String {
    match (input.pass, &input.ty) {
        (Pass::Str, _) => "&str".to_owned(),
        (Pass::Slice, Ty::List(inner)) => format!("&[{}]", type_text(inner)),
        (Pass::Ref | Pass::Slice, ty) => format!("&{}", type_text(ty)),
        (Pass::Value, ty) => type_text(ty),
        (Pass::IntoNullable, ty) => format!("impl Into<crate::Nullable<{}>>", type_text(ty)),
    }
}

/// A type as text, inside `types` (the same as [`ty_tokens`] with [`Scope::Types`]).
fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Json => "::serde_json::Value".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", type_text(inner)),
        Ty::Map(inner) => format!("::std::collections::BTreeMap<String, {}>", type_text(inner)),
        Ty::Option(inner) => format!("Option<{}>", type_text(inner)),
        Ty::Named(name) => ident(name).to_string(),
        Ty::Boxed(inner) => format!("Box<{}>", type_text(inner)),
        Ty::File => "crate::File".to_owned(),
        Ty::FormParts => "crate::FormParts".to_owned(),
    }
}

/// serde through the runtime's object code (`runtime/object.rs`): one `object!` invocation
/// that lists the constants (`const "type" = "client"`), then each field's wire name and how
/// it is written (a required field's default after `=`), laid out one entry a line.
fn object_glue(name: &str, fields: &[Field], constants: &[Constant]) -> String {
    let fixed = constants.iter().map(|c| format!("const {} = {}", literal(&c.wire), literal(&c.value)));
    let lines = fields.iter().map(|field| {
        let how = match field.presence() {
            Presence::Required => "required",
            Presence::RequiredNullable => "required_nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "nullable",
        };
        let default = match (&field.default, field.presence()) {
            (Some(json), Presence::Required) => format!(" = {}", literal(json)),
            _ => String::new(),
        };
        format!("{} => {}: {how}{default}", literal(&field.wire), ident(&field.name))
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

/// What a union arm holds, for its rustdoc: the tag that selects it, or the kind of JSON value.
fn arm_doc(def: &UnionDef, tags: &[String], kind: Option<JsonKind>) -> Option<String> {
    if let (Some(property), [first, rest @ ..]) = (&def.discriminator, tags) {
        let mut values = vec![code(first)];
        values.extend(rest.iter().map(|t| code(t)));
        return Some(format!("`{property}` is {}.", values.join(" or ")));
    }
    Some(
        match kind? {
            JsonKind::String => "A string.",
            JsonKind::Number => "A number.",
            JsonKind::Bool => "`true` or `false`.",
            JsonKind::Array => "An array.",
            JsonKind::Object => "An object.",
            JsonKind::Any => return None,
        }
        .to_owned(),
    )
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
            VariantKind::Value(ty, kind) => {
                let doc = doc_attrs(arm_doc(def, &v.tags, Some(*kind)).as_deref());
                let ty = ty_tokens(ty, Scope::Types);
                quote!(#doc #vname(#ty),)
            }
        }
    });
    let fallback_decl = fallback.as_ref().map(|f| {
        quote! {
            /// An object whose tag this version of the crate does not know, kept as it was received.
            #f(::serde_json::Value),
        }
    });
    let fallback_json = fallback.as_ref().map(|f| quote!(Self::#f(value) => value.clone(),));
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
                    return crate::runtime::decode_arm(value).map(Self::#vname);
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
                if let Some(inner) = crate::runtime::try_arm(&value) {
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
    let json_arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        match &v.kind {
            VariantKind::Literal(value) => {
                quote!(Self::#vname => ::serde_json::Value::from(#value),)
            }
            // A tagged arm always carries its tag on the wire, even where its own schema
            // leaves the tag optional: added here, unless its struct writes it as a constant.
            VariantKind::Value(..) => match (&def.discriminator, v.tags.first()) {
                (Some(property), Some(tag)) if !v.tag_written => {
                    quote!(Self::#vname(value) => crate::runtime::with_tag(crate::runtime::Json::to_json(value), #property, #tag),)
                }
                _ => quote!(Self::#vname(value) => crate::runtime::Json::to_json(value),),
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
        let attempt = if v.covers.is_empty() {
            quote! {
                if let Some(inner) = crate::runtime::try_arm(&value) {
                    return Ok(Self::#vname(inner));
                }
            }
        } else {
            // An object with a property this arm does not know waits for an arm that knows
            // them all; it is this arm if none does.
            let known = &v.covers;
            quote! {
                if let Some(inner) = crate::runtime::try_arm(&value) {
                    if crate::runtime::covers(&value, &[#( #known ),*]) {
                        return Ok(Self::#vname(inner));
                    }
                    partial.get_or_insert(Self::#vname(inner));
                }
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
    let covering = variants.iter().any(|v| v.tags.is_empty() && !v.covers.is_empty());
    let partial_decl = covering.then(|| quote!(let mut partial: Option<Self> = None;));
    let partial_return = covering.then(|| {
        quote!(if let Some(found) = partial {
            return Ok(found);
        })
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #decls )*
            #fallback_decl
        }

        impl crate::runtime::Json for #name {
            #[inline]
            fn from_json(value: ::serde_json::Value) -> Result<Self, crate::runtime::JsonError> {
                #tag_check
                #( #literal_checks )*
                #partial_decl
                #( #value_checks )*
                #partial_return
                Err(crate::runtime::no_arm_matched(#type_name, &value))
            }

            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                match self {
                    #( #json_arms )*
                    #fallback_json
                }
            }
        }

        crate::runtime::json_serde!(#name);
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

        impl crate::runtime::Json for #name {
            #[inline]
            fn from_json(value: ::serde_json::Value) -> Result<Self, crate::runtime::JsonError> {
                <i64 as crate::runtime::Json>::from_json(value).map(Self)
            }

            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(self.0)
            }
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
            #[inline]
            pub(crate) fn to_form(&self) -> crate::Result<crate::runtime::Form> {
                let mut form = crate::runtime::Form::new();
                #( #parts )*
                #( #fixed )*
                Ok(form)
            }
        }
    }
}
