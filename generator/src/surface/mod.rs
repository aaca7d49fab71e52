//! The crate's public surface as a Rust caller sees it, and what a spec change does to it.
//!
//! [`describe`] turns the model ([`crate::model::Api`]) into a [`Surface`]: one item per public
//! item of the generated modules (method, call setter, group and call type, type, field,
//! constructor and setter, enum value, union arm, error body, environment), keyed by the name
//! a caller writes (`client.voices().get`, `client.voices().search().page_size`,
//! `types::Voice.name`, `types::Voice::with_name`, `types::Category::Famous`). It is kept as
//! `SURFACE.txt` in every generated crate ([`Surface::to_text`], one line per item, sorted) and
//! read back with [`Surface::parse`]; [`compare`] tells the changes between two surfaces and
//! classes each one breaking or compatible ([`Report`]). A test parses every checked-in crate
//! with syn and checks that its public items are exactly these.

mod compare;
mod describe;

use std::collections::BTreeMap;

pub use compare::{Change, Class, Report, compare, count};
pub use describe::describe;

/// The file a generated crate keeps its surface in.
pub const FILE: &str = "SURFACE.txt";

/// The first line of `SURFACE.txt`.
const HEADER: &str = "# The public API of this crate, one item per line (written by the generator, which \
                      compares it with the next one to tell what a spec change does to callers).";

/// Every public item, by the name a caller writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Item name → what it is.
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A method of the client or of a group handle: `client.voices().get`.
    Method {
        /// `(name, Rust type)` in order.
        args: Vec<(String, String)>,
        /// What `.await` gives.
        returns: String,
        /// `GET /v1/voices/{voice_id}`.
        route: String,
    },
    /// A setter of a method's call (`client.voices().search().page_size`), or a function of a
    /// type (`types::Voice::new`, `types::Voice::with_name`, `types::Audio::audio_bytes`).
    Function {
        /// `(name, Rust type)` in order.
        args: Vec<(String, String)>,
        /// What it returns (`Self` for constructors and setters).
        returns: String,
    },
    /// A type: `types::Voice`, `api::Voices`, `errors::ErrorBody`, or the `Environment` enum.
    Type {
        /// `struct`, `form struct`, `enum`, `int enum`, `union`, `alias of X`, `group
        /// client.voices()` or `call client.voices().search()`.
        kind: String,
    },
    /// A struct field: `types::Voice.name`.
    Field {
        /// The declared Rust type (`String`, `Option<i64>`, `Nullable<Voice>`).
        ty: String,
        /// Whether `new(..)` takes it.
        presence: Presence,
    },
    /// A value with a fixed text: an enum value, an integer enum's constant, a union's string
    /// literal arm, an environment's URL: `types::Category::Famous = "famous"`.
    Value {
        /// The wire value, as JSON (`"famous"`, `7`).
        value: String,
    },
    /// A union arm that holds a value: `types::Input::Text(String)`.
    Arm {
        /// The Rust type it holds.
        ty: String,
    },
}

/// How a field is set when a value is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Presence {
    /// An argument of `new(..)`.
    Required,
    /// Required on the wire, but it can hold one value only, which `new(..)` sets.
    Constant,
    /// Left absent by `new(..)` / `Default`.
    Optional,
}

impl Presence {
    fn label(self) -> &'static str {
        match self {
            Presence::Required => "required",
            Presence::Constant => "constant",
            Presence::Optional => "optional",
        }
    }

    fn from_label(label: &str) -> Option<Presence> {
        match label {
            "required" => Some(Presence::Required),
            "constant" => Some(Presence::Constant),
            "optional" => Some(Presence::Optional),
            _ => None,
        }
    }
}

impl Item {
    /// The item's line in `SURFACE.txt`, given its name.
    pub fn line(&self, name: &str) -> String {
        match self {
            Item::Method { args, returns, route } => {
                let args: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                format!("{name}({}) -> {returns} [{route}]", args.join(", "))
            }
            Item::Function { args, returns } => {
                let args: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                format!("{name}({}) -> {returns}", args.join(", "))
            }
            Item::Type { kind } => format!("{name}: {kind}"),
            Item::Field { ty, presence } => format!("{name}: {ty} ({})", presence.label()),
            Item::Value { value } => format!("{name} = {value}"),
            Item::Arm { ty } => format!("{name}({ty})"),
        }
    }
}

impl Surface {
    /// `SURFACE.txt`: a header line, then one line per item, sorted by name.
    pub fn to_text(&self) -> String {
        let mut out = format!("{HEADER}\n");
        for (name, item) in &self.items {
            out.push_str(&item.line(name));
            out.push('\n');
        }
        out
    }

    /// Reads `SURFACE.txt` back; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> crate::Result<Surface> {
        let mut items = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, item) = parse_line(line).ok_or_else(|| {
                crate::Error::file(file, format!("line {} is not a surface item: `{line}`", i + 1)).with_hint(
                    "the generator writes this file; delete it and regenerate the crate to record the \
                         surface afresh (without a changelog entry for this change)",
                )
            })?;
            items.insert(name, item);
        }
        Ok(Surface { items })
    }

    /// How many methods and types the surface has.
    pub fn counts(&self) -> (usize, usize) {
        let methods = self.items.values().filter(|i| matches!(i, Item::Method { .. })).count();
        let types =
            self.items.iter().filter(|(n, i)| matches!(i, Item::Type { .. }) && n.starts_with("types::")).count();
        (methods, types)
    }
}

/// The item a member (field, value, arm, function, call setter) belongs to: `types::Voice`
/// for `types::Voice.name` and `types::Voice::new`, `client.voices().search` for
/// `client.voices().search().page_size`.
pub fn parent_of(name: &str) -> Option<&str> {
    if name.starts_with("client.") {
        return name.rsplit_once("().").map(|(parent, _)| parent);
    }
    if let Some((parent, _)) = name.rsplit_once('.') {
        return Some(parent);
    }
    let (parent, _) = name.rsplit_once("::")?;
    (!matches!(parent, "types" | "api" | "errors")).then_some(parent)
}

fn parse_line(line: &str) -> Option<(String, Item)> {
    // A method or function: the argument list is the one followed by ` -> ` (the others are
    // group accessors); a method ends with its route.
    let call = line
        .match_indices('(')
        .filter_map(|(open, _)| Some((open, matching_paren(line, open)?)))
        .find(|(_, close)| line[close + 1..].starts_with(" -> "));
    if let Some((open, close)) = call {
        let name = line[..open].to_owned();
        let args = split_top_level(&line[open + 1..close])
            .into_iter()
            .map(|arg| arg.split_once(": ").map(|(n, t)| (n.to_owned(), t.to_owned())))
            .collect::<Option<Vec<_>>>()?;
        let rest = line[close + 1..].strip_prefix(" -> ")?;
        if let Some((returns, route)) = rest.rsplit_once(" [")
            && let Some(route) = route.strip_suffix(']')
        {
            return Some((name, Item::Method { args, returns: returns.to_owned(), route: route.to_owned() }));
        }
        return Some((name, Item::Function { args, returns: rest.to_owned() }));
    }
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '#' | '.')))?;
    // `types::Voice:` ends its name with the colon that starts `: kind`.
    let end = if line[..end].ends_with(':') && line[end..].starts_with(' ') { end - 1 } else { end };
    let (name, rest) = line.split_at(end);
    let name = name.to_owned();
    if let Some(value) = rest.strip_prefix(" = ") {
        return Some((name, Item::Value { value: value.to_owned() }));
    }
    if let Some(inner) = rest.strip_prefix('(') {
        return Some((name, Item::Arm { ty: inner.strip_suffix(')')?.to_owned() }));
    }
    let rest = rest.strip_prefix(": ")?;
    if parent_of(&name).is_some() && name.contains('.') {
        let (ty, presence) = rest.rsplit_once(" (")?;
        let presence = Presence::from_label(presence.strip_suffix(')')?)?;
        return Some((name, Item::Field { ty: ty.to_owned(), presence }));
    }
    Some((name, Item::Type { kind: rest.to_owned() }))
}

/// The index of the `)` that closes the `(` at `open`.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits `a: X, b: Map<K, V>` at the commas outside brackets.
fn split_top_level(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Surface {
        let mut items = BTreeMap::new();
        items.insert(
            "client.voices().get".to_owned(),
            Item::Method {
                args: vec![
                    ("voice_id".into(), "&str".into()),
                    ("params".into(), "&VoicesGetParams".into()),
                    ("map".into(), "BTreeMap<String, Vec<i64>>".into()),
                ],
                returns: "Voice".into(),
                route: "GET /v1/voices/{voice_id}".into(),
            },
        );
        items.insert(
            "client.ping".to_owned(),
            Item::Method { args: vec![], returns: "()".into(), route: "HEAD /".into() },
        );
        items.insert("types::Voice".to_owned(), Item::Type { kind: "struct".into() });
        items.insert(
            "types::Voice.r#type".to_owned(),
            Item::Field { ty: "Nullable<Vec<String>>".into(), presence: Presence::Optional },
        );
        items.insert("types::Voice.name".to_owned(), Item::Field { ty: "String".into(), presence: Presence::Required });
        items.insert("types::Category".to_owned(), Item::Type { kind: "enum".into() });
        items.insert("types::Category::Famous".to_owned(), Item::Value { value: "\"fa: mous = (x)\"".into() });
        items.insert("types::Input".to_owned(), Item::Type { kind: "union".into() });
        items.insert("types::Input::List".to_owned(), Item::Arm { ty: "Vec<Option<String>>".into() });
        items.insert("types::Same".to_owned(), Item::Type { kind: "alias of Voice".into() });
        items.insert(
            "types::Voice::new".to_owned(),
            Item::Function { args: vec![("name".into(), "&str".into())], returns: "Self".into() },
        );
        items.insert(
            "client.voices().search().page_size".to_owned(),
            Item::Function { args: vec![("page_size".into(), "i64".into())], returns: "Self".into() },
        );
        items.insert("api::VoicesSearch".to_owned(), Item::Type { kind: "call client.voices().search()".into() });
        items.insert("Environment".to_owned(), Item::Type { kind: "enum".into() });
        items.insert("Environment::Production".to_owned(), Item::Value { value: "\"https://x.io\"".into() });
        Surface { items }
    }

    #[test]
    fn the_text_reads_back_as_the_same_surface() -> crate::Result<()> {
        let surface = sample();
        let text = surface.to_text();
        assert!(text.contains("client.voices().get(voice_id: &str, params: &VoicesGetParams, map: BTreeMap<String, Vec<i64>>) -> Voice [GET /v1/voices/{voice_id}]\n"), "{text}");
        assert!(text.contains("types::Voice.name: String (required)\n"), "{text}");
        assert_eq!(Surface::parse("SURFACE.txt", &text)?, surface);
        Ok(())
    }

    #[test]
    fn a_line_that_is_not_an_item_is_an_error_naming_it() {
        let err = Surface::parse("SURFACE.txt", "types::Voice.name String\n").unwrap_err();
        assert_eq!(err.file, "SURFACE.txt");
        assert!(err.message.contains("line 1"), "{err}");
    }

    #[test]
    fn members_know_their_type() {
        assert_eq!(parent_of("types::Voice.name"), Some("types::Voice"));
        assert_eq!(parent_of("types::Category::Famous"), Some("types::Category"));
        assert_eq!(parent_of("Environment::Production"), Some("Environment"));
        assert_eq!(parent_of("types::Voice"), None);
        assert_eq!(parent_of("types::Voice::with_name"), Some("types::Voice"));
        assert_eq!(parent_of("api::Voices"), None);
        assert_eq!(parent_of("client.voices().search().page_size"), Some("client.voices().search"));
    }
}
