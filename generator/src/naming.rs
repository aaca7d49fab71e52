//! Names: every Rust identifier the generator emits is made here, from the wire name.
//!
//! heck does the casing; this module adds what heck leaves to the caller: ASCII-only
//! identifiers (Latin letters with accents transliterated, `ü` → `u`, `ß` → `ss`; other
//! characters such as `日本`, emoji or `[]>` are word breaks), keyword escaping, names that
//! cannot start with a digit, a fixed name when nothing is left (made unique by position
//! through [`Namespace`]), and collision resolution by a fixed rule (a numeric suffix, in a
//! deterministic order). The wire name itself is always kept for serde, untouched.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Keywords that need `r#` (or, where `r#` is not allowed, a trailing `_`); edition 2024.
const KEYWORDS: [&str; 52] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: [&str; 4] = ["crate", "self", "Self", "super"];

/// ASCII for the letters of Latin-1 Supplement, from U+00C0 (`None`: `×`, `÷`).
#[rustfmt::skip]
const LATIN_1: [Option<&str>; 64] = [
    Some("A"), Some("A"), Some("A"), Some("A"), Some("A"), Some("A"), Some("AE"), Some("C"),
    Some("E"), Some("E"), Some("E"), Some("E"), Some("I"), Some("I"), Some("I"), Some("I"),
    Some("D"), Some("N"), Some("O"), Some("O"), Some("O"), Some("O"), Some("O"), None,
    Some("O"), Some("U"), Some("U"), Some("U"), Some("U"), Some("Y"), Some("TH"), Some("ss"),
    Some("a"), Some("a"), Some("a"), Some("a"), Some("a"), Some("a"), Some("ae"), Some("c"),
    Some("e"), Some("e"), Some("e"), Some("e"), Some("i"), Some("i"), Some("i"), Some("i"),
    Some("d"), Some("n"), Some("o"), Some("o"), Some("o"), Some("o"), Some("o"), None,
    Some("o"), Some("u"), Some("u"), Some("u"), Some("u"), Some("y"), Some("th"), Some("y"),
];

/// ASCII for Latin Extended-A, from U+0100 (`Ā`) to U+017F (`ſ`).
const LATIN_EXTENDED_A: [&str; 128] = [
    "A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d", "D", "d", "E", "e", "E", "e", "E",
    "e", "E", "e", "E", "e", "G", "g", "G", "g", "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i",
    "I", "i", "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L", "l", "L", "l", "N",
    "n", "N", "n", "N", "n", "n", "NG", "ng", "O", "o", "O", "o", "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r",
    "S", "s", "S", "s", "S", "s", "S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u", "U",
    "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
];

/// The ASCII spelling of a letter with an accent (`ü` → `u`), if it has one.
fn transliterate(c: char) -> Option<&'static str> {
    let code = c as usize;
    match code {
        0xC0..=0xFF => LATIN_1[code - 0xC0],
        0x100..=0x17F => Some(LATIN_EXTENDED_A[code - 0x100]),
        _ => None,
    }
}

/// The name's words, ASCII letters and digits only, separated by spaces so heck sees them:
/// accented Latin letters become their ASCII letters, everything else a word break.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = transliterate(c) {
            out.push_str(ascii);
        } else {
            out.push(' ');
        }
    }
    out
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

/// An associated constant: `not found` → `NOT_FOUND`, `404` → `V404`.
pub fn const_name(raw: &str) -> String {
    let name = words(raw).to_shouty_snake_case();
    if name.is_empty() {
        "VALUE".to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
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

    /// Claims `name`, or `name2`, `name3` … (`name_2` for snake_case names and names ending
    /// in a digit) if it is taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let bare = name.strip_prefix("r#").unwrap_or(name);
        let uppercase = bare.chars().any(|c| c.is_ascii_uppercase());
        // A CamelCase name drops its keyword `_`: `Self_` → `Self2` (rustc does not count
        // `Self_2` as CamelCase).
        let stem = if uppercase { bare.trim_end_matches('_') } else { bare };
        // `V1` + `2` would read `V12`, another value's name: after a digit, a separator.
        let separator = if stem.ends_with('_') {
            ""
        } else if !uppercase || stem.contains('_') || stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            // The range is unbounded and the set finite, so a free name is always found.
            .unwrap_or_else(|| unreachable!("an unbounded range always yields a free name"))
    }

    /// Claims `name`, or when it is taken `owned` (the name qualified by its owner:
    /// `body_model_id`, `query_param`), and only then a numbered one: a clash is settled by
    /// whose name it is before it is settled by a counter.
    pub fn claim_or(&mut self, name: &str, owned: &str) -> String {
        if self.taken.contains(name) && !self.taken.contains(owned) {
            return self.claim(owned);
        }
        self.claim(name)
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// The name of a method's call type in `api`: its group's type name and the method's
/// (`Voices` + `search` → `VoicesSearch`).
pub fn call_type_name(group_type: &str, method: &str) -> String {
    // Cased as one name, so that the keyword escapes of its parts go (`Self_` + `self_` →
    // `SelfSelf`, not `Self_Self_`).
    type_name(&format!("{group_type} {}", method.trim_start_matches("r#")))
}

/// A setter of a struct field: `with_{field}`, the field's keyword escape dropped (`r#type` →
/// `with_type`, `super_` → `with_super`).
pub fn with_setter(field: &str) -> String {
    let bare = field.trim_start_matches("r#");
    let bare = match bare.strip_suffix('_') {
        Some(keyword) if NOT_RAW.contains(&keyword) => keyword,
        _ => bare,
    };
    format!("with_{bare}")
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
        assert_eq!(type_name("é"), "E");
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
    fn any_characters_give_ascii_identifiers() {
        assert_eq!(field_name("über"), "uber");
        assert_eq!(field_name("Straße"), "strasse");
        assert_eq!(field_name("include[]"), "include");
        assert_eq!(field_name("page-token"), "page_token");
        assert_eq!(field_name("StartTime>"), "start_time");
        assert_eq!(field_name("日本"), "value");
        assert_eq!(field_name("🎉"), "value");
        assert_eq!(field_name("名前name"), "name");
        assert_eq!(field_name(""), "value");
        assert_eq!(field_name("[]"), "value");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("Self"), "self_");
        assert_eq!(type_name("Überweisung"), "Uberweisung");
        assert_eq!(type_name("日本"), "Unnamed");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("crate"), "Crate");
        assert_eq!(type_name("ŁódźCity"), "LodzCity");
        assert_eq!(variant_name("ü"), "U");
        assert_eq!(variant_name("日本"), "Symbol");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(const_name("not found"), "NOT_FOUND");
        assert_eq!(const_name("größer"), "GROSSER");
        assert_eq!(const_name("404"), "V404");
        assert_eq!(const_name("🎉"), "VALUE");
    }

    /// Every name is a valid identifier whatever the input: letters, digits and `_` only,
    /// not starting with a digit (`syn` parses it; `r#` only before a keyword).
    #[test]
    fn every_name_parses_as_an_identifier() {
        let inputs = [
            "",
            " ",
            "_",
            "__",
            "-",
            "1",
            "1st",
            "ü",
            "日本",
            "🎉🎉",
            "include[]",
            "a.b.c",
            "StartTime>",
            "self",
            "Self",
            "crate",
            "super",
            "type",
            "gen",
            "async",
            "r#type",
            "×÷",
            "Ǆ",
            "\u{0}",
            "a\nb",
            "9lives",
            "ß",
        ];
        for raw in inputs {
            for name in [type_name(raw), field_name(raw), variant_name(raw), const_name(raw)] {
                let bare = name.strip_prefix("r#").unwrap_or(&name);
                assert!(bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{raw:?} → {name:?}");
                assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{raw:?} → {name:?} is not an identifier");
            }
        }
    }

    #[test]
    fn names_differing_in_case_or_punctuation_stay_apart() {
        let mut ns = Namespace::default();
        let names: Vec<String> =
            ["foo-bar", "foo_bar", "FooBar", "A", "a"].iter().map(|v| ns.claim(&variant_name(v))).collect();
        assert_eq!(names, ["FooBar", "FooBar2", "FooBar3", "A", "A2"]);
        let mut ns = Namespace::default();
        let names: Vec<String> = ["v1", "V1", "v1_2", "V12"].iter().map(|v| ns.claim(&variant_name(v))).collect();
        assert_eq!(names, ["V1", "V1_2", "V12", "V12_2"]);
    }

    #[test]
    fn a_clash_is_settled_by_the_owner_before_a_counter() {
        let mut ns = Namespace::with_reserved(["query", "timeout"]);
        assert_eq!(ns.claim_or("page_size", "page_size_param"), "page_size");
        assert_eq!(ns.claim_or("query", "query_param"), "query_param");
        assert_eq!(ns.claim_or("query", "query_param"), "query_2");
        assert_eq!(call_type_name("Voices", "r#type"), "VoicesType");
        assert_eq!(call_type_name("Self_", "self_"), "SelfSelf");
        assert_eq!(call_type_name("", "self_"), "Self_");
        assert_eq!(call_type_name("ServiceAccountsApiKeys", "create"), "ServiceAccountsApiKeysCreate");
        assert_eq!(with_setter("r#type"), "with_type");
        assert_eq!(with_setter("super_"), "with_super");
        assert_eq!(with_setter("name_"), "with_name_");
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
        assert_eq!(ns.claim("self_"), "self_");
        assert_eq!(ns.claim("self_"), "self_2");
        assert_eq!(ns.claim("Self_"), "Self_");
        assert_eq!(ns.claim("Self_"), "Self2");
        assert_eq!(ns.claim("NOT_FOUND"), "NOT_FOUND");
        assert_eq!(ns.claim("NOT_FOUND"), "NOT_FOUND_2");
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
