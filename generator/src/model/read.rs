//! What a schema or a media type says, read without building anything: the facts the other
//! model modules share (this module depends on none of them).

use openapiv3::{Operation, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::docs;

/// The one string a schema admits: `{type: string, enum: [x]}` (a `const`, after normalize).
pub(super) fn one_string(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(value)] => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// The `allOf` of a schema that is nothing else: no properties or unions of its own.
pub(super) fn all_of_only(schema: &Schema) -> Option<&[openapiv3::ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any)
            if !any.all_of.is_empty()
                && any.properties.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            Some(&any.all_of)
        }
        _ => None,
    }
}

/// A string schema of base64 text: `format: byte` (OpenAPI 3.0's spelling) or `base64`.
pub(super) fn is_base64(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => true,
            VariantOrUnknownOrEmpty::Unknown(format) => format.eq_ignore_ascii_case("base64"),
            _ => false,
        },
        _ => false,
    }
}

/// A string schema of raw bytes: `format: binary`.
pub(super) fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(&s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    )
}

/// Whether a schema becomes a named type of its own (objects with properties, string enums,
/// unions, multi-part `allOf`); everything else maps to a Rust type expression.
pub(super) fn needs_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().flatten().next().is_some(),
        SchemaKind::Type(Type::Number(_) | Type::Boolean(_) | Type::Array(_)) => false,
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Not { .. } => false,
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty() || any.all_of.len() > 1
        }
    }
}

/// A media type without its parameters, lower case: `Application/JSON; charset=utf-8` →
/// `application/json`.
pub(super) fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// `application/json`, or any `…+json`.
pub(super) fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// Whether Fern marks the operation's response as a stream (`x-fern-streaming`).
pub(super) fn is_streaming(op: &Operation) -> bool {
    match op.extensions.get("x-fern-streaming") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::Object(_)) => true,
        _ => false,
    }
}

/// A type's rustdoc: the schema's description, else its title, unless that only repeats the
/// type's name or the schema's own (machine-made) name: rustdoc shows the name already.
pub(super) fn type_doc(schema: &Schema, names: &[&str]) -> Option<String> {
    let data = &schema.schema_data;
    let text = data.description.as_deref().or(data.title.as_deref()).and_then(docs::sanitize)?;
    if names.iter().any(|name| same_words(&text, name)) || is_machine_title(&text) {
        return None;
    }
    Some(text)
}

/// A property's rustdoc: its description, and the default the server applies when the field
/// is left out.
pub(super) fn field_doc(schema: &Schema) -> Option<String> {
    let description = schema.schema_data.description.as_deref().and_then(docs::sanitize);
    let default = schema.schema_data.default.as_ref().filter(|d| !d.is_null()).map(|d| {
        let text = d.to_string();
        let text = if text.len() > 80 { format!("{}…", text.chars().take(80).collect::<String>()) } else { text };
        format!("Default: `{}`", text.replace('`', "'"))
    });
    match (description, default) {
        (Some(d), Some(def)) => Some(format!("{d}\n\n{def}")),
        (d, def) => d.or(def),
    }
}

/// Whether `text` is `name` in other words: the same letters and digits, whatever the case,
/// spacing and punctuation (`Add Chapter Response Model` and `AddChapterResponseModel`).
pub(super) fn same_words(text: &str, name: &str) -> bool {
    let squash =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let (a, b) = (squash(text), squash(name));
    !a.is_empty() && a == b
}

/// A title FastAPI makes up from a function and its route, which says nothing a reader needs:
/// `Body_create_x_v1_items_post`, `Response Get Items V1 Items Get`.
pub(super) fn is_machine_title(text: &str) -> bool {
    if text.contains('\n') {
        return false;
    }
    if text.starts_with("Body_") && !text.contains(' ') {
        return true;
    }
    let words: Vec<&str> = text.split([' ', '_']).filter(|w| !w.is_empty()).collect();
    let method = words.last().is_some_and(|w| {
        ["get", "post", "put", "patch", "delete", "head", "options"].contains(&w.to_ascii_lowercase().as_str())
    });
    let version = words.iter().any(|w| {
        w.len() >= 2 && (w.starts_with('V') || w.starts_with('v')) && w[1..].chars().all(|c| c.is_ascii_digit())
    });
    words.first().is_some_and(|w| *w == "Response" || *w == "Body") && method && version
}

/// A JSON pointer segment as written (`~1` for `/`, `~0` for `~`) → the key it names.
pub(super) fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn one_string_is_a_single_string_enum() {
        assert_eq!(one_string(&schema("{type: string, enum: [client]}")), Some("client"));
        assert_eq!(one_string(&schema("{type: string, enum: [a, b]}")), None);
        assert_eq!(one_string(&schema("{type: integer, enum: [1]}")), None);
    }

    #[test]
    fn all_of_only_ignores_schemas_with_their_own_shape() {
        assert!(all_of_only(&schema("{allOf: [{$ref: '#/components/schemas/A'}]}")).is_some());
        assert!(all_of_only(&schema("{allOf: [{type: object}], properties: {a: {type: string}}}")).is_none());
        assert!(all_of_only(&schema("{type: string}")).is_none());
    }

    #[test]
    fn binary_and_base64_strings_are_told_apart() {
        assert!(is_binary(&schema("{type: string, format: binary}")));
        assert!(!is_binary(&schema("{type: string, format: byte}")));
        assert!(is_base64(&schema("{type: string, format: byte}")));
        assert!(is_base64(&schema("{type: string, format: Base64}")));
        assert!(!is_base64(&schema("{type: string}")));
    }

    #[test]
    fn types_are_needed_for_objects_enums_and_unions_only() {
        assert!(needs_type(&schema("{type: object, properties: {a: {type: string}}}")));
        assert!(needs_type(&schema("{type: string, enum: [a]}")));
        assert!(needs_type(&schema("{oneOf: [{type: string}, {type: integer}]}")));
        assert!(!needs_type(&schema("{type: object}")));
        assert!(!needs_type(&schema("{type: array, items: {type: string}}")));
    }

    #[test]
    fn media_types_are_read_by_their_essence() {
        assert_eq!(essence("Application/JSON; charset=utf-8"), "application/json");
        assert!(is_json("application/vnd.api+json"));
        assert!(!is_json("text/json-ish"));
    }

    #[test]
    fn a_doc_that_repeats_a_name_or_a_machine_title_is_dropped() {
        let names = ["AddChapterResponseModel", "AddChapterResponseModel"];
        assert_eq!(type_doc(&schema("{title: AddChapterResponseModel, type: object}"), &names), None);
        assert_eq!(type_doc(&schema("{title: Add Chapter Response Model}"), &names), None);
        let body = "Body_create_service_account_api_key_v1_service_accounts__service_account_user_id__api_keys_post";
        assert_eq!(type_doc(&schema(&format!("{{title: {body}}}")), &["CreateServiceAccountApiKeyRequest"]), None);
        let response = "{title: Response Generate Composition Plan V1 Music Plan Post}";
        assert_eq!(type_doc(&schema(response), &["GeneratePlanResponse"]), None);
        assert_eq!(
            type_doc(&schema("{title: Voice, description: A voice of the library.}"), &["Voice"]).as_deref(),
            Some("A voice of the library.")
        );
        assert_eq!(type_doc(&schema("{title: Response of a get}"), &["X"]).as_deref(), Some("Response of a get"));
    }

    #[test]
    fn pointer_segments_unescape_in_order() {
        assert_eq!(unescape_pointer_segment("a~1b~0c~01"), "a/b~c~1");
    }
}
