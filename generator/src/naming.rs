//! Names: every Rust identifier the generator emits is made here, from the wire name.
//!
//! heck does the casing; this module adds what heck leaves to the caller: ASCII-only
//! identifiers, keyword escaping, names that cannot start with a digit, and collision
//! resolution by a fixed rule (a numeric suffix, in a deterministic order).

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that need `r#` (or, where `r#` is not allowed, a trailing `_`).
const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: [&str; 4] = ["crate", "self", "Self", "super"];

/// Replaces everything but ASCII letters and digits by word breaks, so heck sees the words.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A type name: `Body_create_x` → `BodyCreateX`; never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    let name = if name.is_empty() {
        "Unnamed".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    };
    escape(name)
}

/// A field, parameter or module name: `xi-api-key` → `xi_api_key`, `type` → `r#type`.
pub fn field_name(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() {
        "value".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    escape(name)
}

/// A method name; same rules as fields.
pub fn method_name(raw: &str) -> String {
    field_name(raw)
}

/// An enum variant for a wire value: `text_to_speech` → `TextToSpeech`, `1.0` → `V1_0`.
pub fn variant_name(raw: &str) -> String {
    let cased = words(raw).to_upper_camel_case();
    if cased.is_empty() {
        return match raw {
            "" => "Empty".to_owned(),
            _ => "Symbol".to_owned(),
        };
    }
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        // Keep a separator between digit groups only, so `1.0` and `10` stay apart while
        // `6_month_period` reads `V6MonthPeriod`.
        let mut name = String::from("V");
        for word in words(raw).split_whitespace() {
            if name.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit()) {
                name.push('_');
            }
            name.push_str(&word.to_upper_camel_case());
        }
        return escape(name);
    }
    escape(cased)
}

/// Hands out unique names: the first claim of a name gets it, later ones a numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace { taken: reserved.into_iter().map(str::to_owned).collect() }
    }

    /// Claims `name`, or `name2`, `name3` … (`name_2` for snake_case names) if it is taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let bare = name.strip_prefix("r#").unwrap_or(name);
        let separator = if bare.contains('_') || bare.chars().all(|c| !c.is_ascii_uppercase()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{bare}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            // The range is unbounded and the set finite, so a free name is always found.
            .unwrap_or_else(|| unreachable!("an unbounded range always yields a free name"))
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// The name FastAPI gives an inline request body: `Body_{function}_{path}_{method}`, where
/// `{path}` is the route with every non-word character replaced by `_`. Returns the function
/// name (`create_service_account_api_key`) when `schema` has that shape for `path`/`method`.
pub fn fastapi_body_function<'a>(schema: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let rest = schema.strip_prefix("Body_")?;
    let route: String = path.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let suffix = format!("{route}_{method}");
    let function = rest.strip_suffix(&suffix)?.trim_end_matches('_');
    (!function.is_empty()).then_some(function)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_upper_camel_and_valid() {
        assert_eq!(type_name("WorkspaceCreateApiKeyResponseModel"), "WorkspaceCreateApiKeyResponseModel");
        assert_eq!(type_name("Body_create_x"), "BodyCreateX");
        assert_eq!(type_name("3d-model"), "T3dModel");
        assert_eq!(type_name("é"), "Unnamed");
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn fields_are_snake_and_escaped() {
        assert_eq!(field_name("xi-api-key"), "xi_api_key");
        assert_eq!(field_name("character_limit"), "character_limit");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("$"), "value");
        assert_eq!(field_name("voiceId"), "voice_id");
    }

    #[test]
    fn variants_keep_values_apart() {
        assert_eq!(variant_name("text_to_speech"), "TextToSpeech");
        assert_eq!(variant_name("1.0"), "V1_0");
        assert_eq!(variant_name("10"), "V10");
        assert_eq!(variant_name("6_month_period"), "V6MonthPeriod");
        assert_eq!(variant_name("1.5.2"), "V1_5_2");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("-"), "Symbol");
    }

    #[test]
    fn collisions_get_a_numeric_suffix_in_claim_order() {
        let mut ns = Namespace::with_reserved(["Unknown"]);
        assert_eq!(ns.claim("Unknown"), "Unknown2");
        assert_eq!(ns.claim("Foo"), "Foo");
        assert_eq!(ns.claim("Foo"), "Foo2");
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("voice_id"), "voice_id");
        assert_eq!(ns.claim("voice_id"), "voice_id_2");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type_2");
    }

    #[test]
    fn fastapi_body_names_give_the_function() {
        let schema = "Body_create_service_account_api_key_v1_service_accounts__service_account_user_id__api_keys_post";
        let path = "/v1/service-accounts/{service_account_user_id}/api-keys";
        assert_eq!(fastapi_body_function(schema, path, "post"), Some("create_service_account_api_key"));
        assert_eq!(fastapi_body_function(schema, path, "get"), None);
        assert_eq!(fastapi_body_function("Body", path, "post"), None);
    }
}
