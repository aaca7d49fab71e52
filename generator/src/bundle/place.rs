//! Where in an OpenAPI document a value sits, as far as `$ref`s care: a schema (its `$ref`s
//! are hoisted), data (copied as it is), or anything else (its `$ref`s are inlined).

/// The kind of place a value sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The document's top level.
    Root,
    /// `components`.
    Components,
    /// `components/schemas`: a map of named schemas.
    ComponentSchemas,
    /// `paths`, `webhooks`, `components/pathItems`, a callback: a map of path items.
    PathItems,
    /// A path item.
    PathItem,
    /// `callbacks`: a map of callbacks (each a map of path items).
    Callbacks,
    /// A schema.
    Schema,
    /// A map of schemas (`properties`, `$defs` …).
    Schemas,
    /// A list of schemas (`allOf`, `anyOf`, `oneOf`, `prefixItems`).
    SchemaList,
    /// A map of objects other than schemas (`responses`, `content`, `headers`, `examples` …).
    Map,
    /// Any other object: an operation, parameter, response, media type …
    Object,
    /// Data: examples, defaults, enums, schema keywords and vendor extensions (`x-…`);
    /// copied as it is, a `$ref` in it included.
    Data,
}

impl Place {
    /// The place of the value under `key`.
    pub fn child(self, key: &str) -> Place {
        // A vendor extension's value is the vendor's data, wherever it sits.
        if key.starts_with("x-")
            && !matches!(self, Place::Map | Place::Schemas | Place::ComponentSchemas | Place::PathItems | Place::Data)
        {
            return Place::Data;
        }
        match self {
            Place::Root => match key {
                "paths" | "webhooks" => Place::PathItems,
                "components" => Place::Components,
                _ => Place::Object,
            },
            Place::Components => match key {
                "schemas" => Place::ComponentSchemas,
                "pathItems" => Place::PathItems,
                "callbacks" => Place::Callbacks,
                _ => Place::Map,
            },
            Place::ComponentSchemas | Place::Schemas | Place::SchemaList => Place::Schema,
            Place::PathItems => Place::PathItem,
            Place::Callbacks => Place::PathItems,
            Place::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => Place::Schemas,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "propertyNames"
                | "additionalItems"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "if"
                | "then"
                | "else"
                | "contentSchema" => Place::Schema,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => Place::SchemaList,
                _ => Place::Data,
            },
            Place::Map | Place::PathItem => Place::Object,
            Place::Object => match key {
                "schema" => Place::Schema,
                "example" | "default" | "enum" | "const" | "value" => Place::Data,
                "content" | "responses" | "headers" | "examples" | "links" | "encoding" | "variables" => Place::Map,
                "callbacks" => Place::Callbacks,
                _ => Place::Object,
            },
            Place::Data => Place::Data,
        }
    }

    /// The place a pointer's segments lead to from the document's top.
    pub fn of(segments: &[String]) -> Place {
        segments.iter().fold(Place::Root, |place, segment| match place {
            Place::SchemaList => place.element(),
            _ => place.child(segment),
        })
    }

    /// The place of the elements of a list in this place.
    pub fn element(self) -> Place {
        match self {
            Place::Schema | Place::Schemas | Place::SchemaList | Place::ComponentSchemas => Place::Schema,
            Place::Data => Place::Data,
            _ => Place::Object,
        }
    }

    /// Whether OpenAPI allows a Reference Object here: a local `$ref` in the root stays then.
    /// Maps and path items never stay references: they are inlined.
    pub fn may_be_a_reference(self) -> bool {
        matches!(self, Place::Object)
    }
}
