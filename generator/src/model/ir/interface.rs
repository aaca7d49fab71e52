//! What a caller of the generated crate sees: the arguments and setters of each method's call,
//! the constructors, setters and helpers of each struct, and the typed error bodies. The model
//! decides all of it (`model::calls`, `model::members`, `model::errors`); emit, the surface and
//! the conformance program only read it.

use super::{ErrorStatus, Ty};

/// How a value is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// `&str`, for a string.
    Str,
    /// `T`, by value.
    Value,
    /// `&T`.
    Ref,
    /// `&[T]`, for a list `Vec<T>`.
    Slice,
    /// `impl Into<Nullable<T>>`: a value, or `Nullable::Null`.
    IntoNullable,
}

/// Where an input ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The path parameter with this index in [`Method::path_params`](super::Method::path_params).
    Path(usize),
    /// The parameter with this index in [`Method::params`](super::Method::params).
    Param(usize),
    /// The request body, whole.
    Body,
    /// The field with this index of the body's struct: the body is set field by field.
    BodyField(usize),
    /// The field with this index of the struct the constructor or setter belongs to.
    Field(usize),
}

/// One input: an argument of a method or constructor, or a setter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    /// The argument's name, or the setter's (`page_size`, `with_name`).
    pub name: String,
    /// The value's type (`Option<T>` for a required nullable field's constructor argument).
    pub ty: Ty,
    /// How it is handed over.
    pub pass: Pass,
    /// Rustdoc (a setter's own; an argument's goes into its method's `# Arguments`).
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where it goes.
    pub target: Target,
}

/// What a struct offers besides its public fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Members {
    /// `new(..)` and its arguments, the required fields in order; `None` when every field is
    /// optional (the struct is `Default`).
    pub constructor: Option<Vec<Input>>,
    /// Required fields `new(..)` sets itself, to the only variant of their one-value enum:
    /// `(field index, variant)`.
    pub presets: Vec<(usize, String)>,
    /// `with_*` setters of the optional fields, in field order.
    pub setters: Vec<Input>,
    /// Accessors of base64 fields as bytes.
    pub base64: Vec<Base64Helper>,
}

/// `{base}_bytes()` and `set_{base}_bytes(..)` of a field holding base64 text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Base64Helper {
    /// The field's index.
    pub field: usize,
    /// The getter's name (`audio_bytes`).
    pub getter: String,
    /// The setter's name (`set_audio_bytes`).
    pub setter: String,
}

/// The typed bodies of error responses: the variants of `errors::ErrorBody`, and one decoder
/// per distinct set of them an operation describes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorBodies {
    /// `ErrorBody`'s variants: the name, and the type it holds.
    pub variants: Vec<(String, Ty)>,
    /// The decoders, by name.
    pub decoders: Vec<ErrorDecoder>,
}

/// A function of `errors` that decodes an error body by status, named after what it decodes
/// (`decode_http_validation_error`): a new decoder touches only the methods that use it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDecoder {
    /// Its name.
    pub name: String,
    /// Which variant each status decodes into (an index into `variants`), in match order.
    pub arms: Vec<(ErrorStatus, usize)>,
    /// The cargo features any one of which compiles it; empty: always there.
    pub features: Vec<String>,
}
