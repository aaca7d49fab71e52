//! Facts about JSON values and schema keywords that the rewrites share, with no rewriting of
//! their own: which keywords constrain which JSON type, and what counts as a whole number.

use serde_json::Number;

const STRING_KEYWORDS: &[&str] =
    &["minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType", "contentSchema"];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const ARRAY_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "additionalItems",
];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "discriminator",
];

/// The keywords that constrain instances of one JSON type only.
pub(super) fn keywords_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "string" => STRING_KEYWORDS,
        "integer" | "number" => NUMBER_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "object" => OBJECT_KEYWORDS,
        _ => &[],
    }
}

/// A whole number, however it is written (`3`, `3.0`, `18446744073709551615`).
pub(super) fn is_integral(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_belong_to_their_type() {
        assert!(keywords_of("string").contains(&"maxLength"));
        assert!(keywords_of("integer").contains(&"minimum") && keywords_of("number").contains(&"minimum"));
        assert!(keywords_of("array").contains(&"items") || keywords_of("array").contains(&"maxItems"));
        assert!(keywords_of("object").contains(&"maxProperties"));
        assert!(keywords_of("boolean").is_empty());
    }

    #[test]
    fn whole_numbers_however_written() {
        let number = |text: &str| serde_json::from_str::<Number>(text).expect("a number");
        assert!(is_integral(&number("3")));
        assert!(is_integral(&number("3.0")));
        assert!(is_integral(&number("18446744073709551615")));
        assert!(!is_integral(&number("3.5")));
    }
}
