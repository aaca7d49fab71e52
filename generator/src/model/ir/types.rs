//! The types of the generated crate: structs, enums, unions, and the type expressions that
//! name them.

use std::collections::BTreeMap;

use super::Members;

/// One Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Final Rust name.
    pub name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Where it comes from in the spec (a JSON pointer), for the rustdoc.
    pub origin: String,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Another type of exactly this shape, which this one is emitted as an alias of (see
    /// `share_identical`).
    pub same_as: Option<String>,
    /// Its constructor, setters and helpers (structs only; aliases have their target's).
    pub members: Members,
    /// The cargo features any one of which compiles it; empty: always there.
    pub features: Vec<String>,
}

/// The shapes a type can take.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// An object with known properties: fields, and the properties fixed to one value.
    Struct(Vec<Field>, Vec<Constant>),
    /// A string enum that keeps unknown values.
    Enum(StringEnum),
    /// One of several shapes: told apart by a discriminator property when there is one, else
    /// by the JSON value's kind and, within one kind, by trying each variant in order.
    Union(UnionDef),
    /// A `multipart/form-data` body: fields become parts, binary fields are files.
    Form(Vec<Field>, Vec<Constant>),
    /// An integer enum: an open newtype over `i64` with a constant per known value, so
    /// values the server adds later still decode.
    IntEnum(Vec<(String, i64)>),
}

impl TypeKind {
    /// The types this one holds directly: its fields' (a struct's or a form's) and its value
    /// arms' (a union's).
    pub(crate) fn held(&self) -> Vec<&Ty> {
        match self {
            TypeKind::Struct(fields, _) | TypeKind::Form(fields, _) => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(union) => union
                .variants
                .iter()
                .filter_map(|v| match &v.kind {
                    VariantKind::Value(ty, _) => Some(ty),
                    VariantKind::Literal(_) => None,
                })
                .collect(),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// Rust name (maybe `r#type`).
    pub name: String,
    /// The property name on the wire.
    pub wire: String,
    /// The value type (without the optional/nullable wrapper).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// A string whose schema says it holds base64 (`format: byte`/`base64`, or
    /// `contentEncoding: base64`, which normalize writes as `format: byte`).
    pub base64: bool,
    /// A required field's `default`, as JSON text: what it reads as when a response leaves it
    /// out (FastAPI marks defaulted properties of its `-Output` schemas required).
    pub default: Option<String>,
}

impl Field {
    /// How the field is represented.
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// A property declared `const` (a string, not nullable) that is either required or defaults
/// to its value: it is no field of the struct; an `enum` of one value, a choice that may
/// grow, stays a field. The value is
/// always written, and read back only to check it; a tag such as `type: "client"` is so
/// never missing from a request and never a second thing for the caller to set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Constant {
    /// The property name on the wire.
    pub wire: String,
    /// Its one value.
    pub value: String,
}

/// Required/optional × nullable: four wire behaviours, four Rust shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`: always sent.
    Required,
    /// `Option<T>`: always sent, `null` for `None`.
    RequiredNullable,
    /// `Option<T>`: left out when `None`.
    Optional,
    /// `Nullable<T>`: absent, `null` or a value, each expressible.
    OptionalNullable,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringEnum {
    /// `(Rust variant, wire value)` in spec order.
    pub variants: Vec<(String, String)>,
    /// Name of the variant that keeps values this version does not know.
    pub fallback: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionDef {
    /// The arms, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the arm (`discriminator.propertyName`, or a property
    /// every object arm fixes to its own constant).
    pub discriminator: Option<String>,
    /// With a discriminator: the variant that keeps objects with a tag this version does not
    /// know, as raw JSON.
    pub fallback: Option<String>,
}

/// One arm of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// What it holds.
    pub kind: VariantKind,
    /// Discriminator values that select this arm.
    pub tags: Vec<String>,
    /// The arm's schema gives the discriminator property a default among `tags`: its objects
    /// may leave the tag out, and such an object is this arm before any other is tried.
    pub tag_default: bool,
    /// The arm's struct writes the tag itself, as a constant of its first value: the union
    /// need not add it.
    pub tag_written: bool,
    /// Told apart by shape among other object arms: the properties its struct knows (fields
    /// and constants). An object with a property outside them decodes into a later arm that
    /// knows them all, when one does, so that no property is dropped; empty: no such check.
    pub covers: Vec<String>,
}

/// What a union arm holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VariantKind {
    /// Exactly this string (a `const`/one-value enum): a unit variant.
    Literal(String),
    /// A value of this type, expected for JSON values of this kind.
    Value(Ty, JsonKind),
}

/// The kinds of JSON value, as a union tells its arms apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonKind {
    /// A string.
    String,
    /// A number (integers included).
    Number,
    /// `true`/`false`.
    Bool,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Anything.
    Any,
}

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `i64`.
    I64,
    /// `i32`.
    I32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`.
    Json,
    /// `Vec<T>`.
    List(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>` inside a container (`[1, null]`).
    Option(Box<Ty>),
    /// A type of this crate, by final name.
    Named(String),
    /// `Box<T>`: a named type that contains itself.
    Boxed(Box<Ty>),
    /// `File`: a binary field of a multipart body.
    File,
    /// `FormParts`: a multipart body whose parts the document does not name (an object
    /// without properties, or with only `additionalProperties`): text fields and files by name.
    FormParts,
}

impl Ty {
    /// The crate type this type names, through lists, maps, options and boxes (a type names at
    /// most one).
    pub(crate) fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(name) => Some(name),
            Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => inner.named(),
            Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::File | Ty::FormParts => None,
        }
    }

    /// Calls `f` on every type name in this type.
    pub(crate) fn visit_names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            Ty::Named(name) => f(name),
            Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => inner.visit_names_mut(f),
            Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::File | Ty::FormParts => {}
        }
    }

    /// The JSON kind a value of this type has, given the crate's types.
    pub(crate) fn json_kind(&self, kinds: &BTreeMap<String, JsonKind>) -> JsonKind {
        match self {
            Ty::String => JsonKind::String,
            Ty::I64 | Ty::I32 | Ty::F64 => JsonKind::Number,
            Ty::Bool => JsonKind::Bool,
            Ty::Json | Ty::Option(_) => JsonKind::Any,
            Ty::List(_) => JsonKind::Array,
            Ty::Map(_) => JsonKind::Object,
            Ty::Named(name) => kinds.get(name).copied().unwrap_or(JsonKind::Any),
            Ty::Boxed(inner) => inner.json_kind(kinds),
            Ty::File | Ty::FormParts => JsonKind::Any,
        }
    }
}
