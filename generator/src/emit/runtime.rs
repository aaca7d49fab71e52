//! Which parts of the runtime a crate gets: the core always, each optional module only when
//! the API uses it, so that no crate carries code (or public items) its API never touches,
//! and none warns about an unused macro or import. In a crate with features, a module that
//! only some groups use is compiled with their features only ([`Usage::gate`]), and so are
//! its public items and its dependencies.
//!
//! Adding a module is one row in [`OPTIONAL`] (and, if it needs a new fact about the API, one
//! field in [`Uses`]); adding a public item is one row in [`EXPORTS`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Api, BodyEncoding, Field, Method, Presence, ResponseKind, Ty, TypeDef, TypeKind};

/// What the generated code of one API needs from the runtime.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Uses {
    /// Some string enum (`string_enum!`).
    pub string_enums: bool,
    /// Some `oneOf`/`anyOf` union (its decoding helpers).
    pub unions: bool,
    /// Some field is `Nullable<T>`.
    pub nullable: bool,
    /// Some body is `multipart/form-data` or binary (a `File`), or some field is a file.
    pub multipart: bool,
    /// Some operation answers a `ByteStream`.
    pub bytes: bool,
    /// Some operation answers a `JsonStream<T>`.
    pub json_stream: bool,
    /// Some operation answers an `EventStream`.
    pub events: bool,
    /// Some operation describes a typed error body (`ErrorBody`).
    pub typed_errors: bool,
    /// Some operation is a WebSocket channel.
    pub sockets: bool,
    /// Some operation lists in pages.
    pub pages: bool,
    /// Some response is multipart.
    pub parts: bool,
    /// Some multipart body names no parts (`FormParts`).
    pub form_parts: bool,
}

impl Uses {
    /// What `api` uses.
    pub(crate) fn of(api: &Api) -> Self {
        let mut uses = Uses::default();
        for def in &api.types {
            uses.add_type(def);
        }
        for method in api.groups.iter().flat_map(|g| &g.methods) {
            uses.add_method(method);
        }
        uses
    }

    /// What the code of the type `def` uses.
    fn add_type(&mut self, def: &TypeDef) {
        match &def.kind {
            TypeKind::Struct(fields, _) => self.fields(fields),
            TypeKind::Form(fields, _) => {
                self.multipart = true;
                self.fields(fields);
            }
            TypeKind::Enum(_) => self.string_enums = true,
            TypeKind::Union(union) => {
                self.unions = true;
                for variant in &union.variants {
                    if let crate::model::VariantKind::Value(ty, _) = &variant.kind {
                        self.ty(ty);
                    }
                }
            }
            TypeKind::IntEnum(_) => {}
        }
    }

    /// What the code of `method` (and of its WebSocket messages) uses.
    fn add_method(&mut self, method: &Method) {
        match &method.response {
            ResponseKind::Bytes => self.bytes = true,
            ResponseKind::JsonStream(_) => self.json_stream = true,
            ResponseKind::Events(_) => self.events = true,
            ResponseKind::Parts(ty) => {
                self.parts = true;
                if let Some(ty) = ty {
                    self.ty(ty);
                }
            }
            ResponseKind::Json(ty) => self.ty(ty),
            ResponseKind::Empty => {}
            ResponseKind::Socket(socket) => {
                self.sockets = true;
                for arm in socket.client.arms.iter().chain(&socket.server.arms) {
                    if let Some(ty) = &arm.ty {
                        self.ty(ty);
                    }
                }
            }
        }
        if let Some(body) = &method.body {
            // A binary body is a `File`, which the multipart module holds.
            self.multipart |= matches!(body.encoding, BodyEncoding::Multipart | BodyEncoding::Binary);
            self.ty(&body.ty);
        }
        for param in method.path_params.iter().chain(&method.params) {
            self.ty(&param.ty);
        }
        self.typed_errors |= method.decoder.is_some();
        self.pages |= method.pager.is_some();
    }

    fn fields(&mut self, fields: &[Field]) {
        for field in fields {
            self.nullable |= field.presence() == Presence::OptionalNullable;
            self.ty(&field.ty);
        }
    }

    fn ty(&mut self, ty: &Ty) {
        match ty {
            Ty::File => self.multipart = true,
            Ty::FormParts => {
                self.multipart = true;
                self.form_parts = true;
            }
            Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => self.ty(inner),
            Ty::String | Ty::I64 | Ty::I32 | Ty::F64 | Ty::Bool | Ty::Json | Ty::Named(_) => {}
        }
    }

    fn streams(&self) -> bool {
        self.bytes || self.json_stream || self.events
    }
}

/// Where a part of the runtime (a module, a dependency, a public item) is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    Always,
    /// Only with any one of these features: only the groups behind them use it.
    Any(Vec<String>),
}

/// What the API uses, told apart by feature: what is always compiled uses `always`; each
/// feature's groups and the types behind it use `by_feature`. A crate with no features has
/// everything in `always`.
#[derive(Debug, Clone)]
pub(crate) struct Usage {
    /// The whole API.
    pub whole: Uses,
    always: Uses,
    by_feature: BTreeMap<String, Uses>,
}

impl Usage {
    pub(crate) fn of(api: &Api) -> Self {
        let mut always = Uses::default();
        let mut by_feature: BTreeMap<String, Uses> =
            api.features.iter().map(|f| (f.clone(), Uses::default())).collect();
        for def in &api.types {
            if def.features.is_empty() {
                always.add_type(def);
            }
            for feature in &def.features {
                by_feature.entry(feature.clone()).or_default().add_type(def);
            }
        }
        for group in &api.groups {
            let uses = match &group.feature {
                Some(feature) => by_feature.entry(feature.clone()).or_default(),
                None => &mut always,
            };
            for method in &group.methods {
                uses.add_method(method);
            }
        }
        // `ApiError::typed` and the `ErrorBody` it returns are the same whatever is on.
        let whole = Uses::of(api);
        always.typed_errors = whole.typed_errors;
        Usage { whole, always, by_feature }
    }

    /// Where what `needed` says is compiled: always when what is always there needs it, or
    /// when every feature does; else behind the features that need it; `None` when nothing does.
    pub(crate) fn gate(&self, needed: Needed) -> Option<Gate> {
        if needed(&self.always) {
            return Some(Gate::Always);
        }
        let features: Vec<String> =
            self.by_feature.iter().filter(|(_, uses)| needed(uses)).map(|(f, _)| f.clone()).collect();
        match features.len() {
            0 => None,
            n if n == self.by_feature.len() => Some(Gate::Always),
            _ => Some(Gate::Any(features)),
        }
    }
}

/// An optional runtime module: its file, its source, when it is needed, and the lines that
/// bring its items into `runtime` (for the generated code and [`EXPORTS`]).
struct Module {
    name: &'static str,
    source: &'static str,
    used: Needed,
    items: &'static str,
}

/// The core: always copied in (`mod.rs` declares these files).
const CORE: [(&str, &str); 13] = [
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("answer.rs", include_str!("../../runtime/answer.rs")),
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("credentials.rs", include_str!("../../runtime/credentials.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("send.rs", include_str!("../../runtime/send.rs")),
    ("style.rs", include_str!("../../runtime/style.rs")),
    // Compiled with the `tracing` feature only (`mod.rs` says so).
    ("trace.rs", include_str!("../../runtime/trace.rs")),
];

/// The optional modules, in the order `mod.rs` declares them.
const OPTIONAL: [Module; 10] = [
    Module {
        name: "enums",
        source: include_str!("../../runtime/enums.rs"),
        used: |u| u.string_enums,
        items: "pub(crate) use enums::{deserialize as deserialize_string_enum, string_enum};",
    },
    Module {
        name: "form_parts",
        source: include_str!("../../runtime/form_parts.rs"),
        used: |u| u.form_parts,
        items: "pub use form_parts::FormParts;",
    },
    Module {
        name: "multipart",
        source: include_str!("../../runtime/multipart.rs"),
        used: |u| u.multipart,
        items: "pub use multipart::File;\npub(crate) use multipart::Form;",
    },
    Module {
        name: "nullable",
        source: include_str!("../../runtime/nullable.rs"),
        used: |u| u.nullable,
        items: "pub use nullable::Nullable;",
    },
    Module {
        name: "pages",
        source: include_str!("../../runtime/pages.rs"),
        used: |u| u.pages,
        items: "pub(crate) use pages::{Next, Paged, items, pages};\npub use pages::{Items, Pages};",
    },
    Module {
        name: "parts",
        source: include_str!("../../runtime/parts.rs"),
        used: |u| u.parts,
        items: "pub(crate) use parts::{mixed, parts};\npub use parts::{Mixed, Part, Parts};",
    },
    Module {
        name: "stream",
        source: include_str!("../../runtime/stream.rs"),
        used: Uses::streams,
        items: "pub(crate) use stream::{bytes, events, json_stream, typed_events};\npub use stream::{ByteStream, Event, EventStream, JsonStream};",
    },
    Module {
        name: "typed_error",
        source: include_str!("../../runtime/typed_error.rs"),
        used: |u| u.typed_errors,
        items: "",
    },
    Module {
        name: "union",
        source: include_str!("../../runtime/union.rs"),
        used: |u| u.unions,
        items: "pub(crate) use union::{covers, decode_arm, no_arm_matched, try_arm, with_tag};",
    },
    Module {
        name: "ws",
        source: include_str!("../../runtime/ws.rs"),
        used: |u| u.sockets,
        items: "pub(crate) use ws::{base64_bytes, base64_text, fits, json_frame};\npub use ws::{Connect, Frame, Incoming, InvalidBase64, Outgoing, Session, SocketError, SocketReceiver, SocketSender};",
    },
];

/// Whether an API that uses what [`Uses`] says needs a module or item.
pub(crate) type Needed = fn(&Uses) -> bool;

/// The runtime's public items, re-exported from the crate root when the API uses them.
const EXPORTS: [(&str, Needed); 30] = [
    ("ApiError", |_| true),
    ("ByteStream", |u| u.bytes),
    ("Call", |_| true),
    ("Client", |_| true),
    ("ClientBuilder", |_| true),
    ("Connect", |u| u.sockets),
    ("DecodeError", |_| true),
    ("Error", |_| true),
    ("Event", |u| u.events),
    ("EventStream", |u| u.events),
    ("File", |u| u.multipart),
    ("FormParts", |u| u.form_parts),
    ("Frame", |u| u.sockets),
    ("Incoming", |u| u.sockets),
    ("Items", |u| u.pages),
    ("InvalidBase64", |u| u.sockets),
    ("JsonStream", |u| u.json_stream),
    ("Nullable", |u| u.nullable),
    ("Mixed", |u| u.parts),
    ("Outgoing", |u| u.sockets),
    ("Pages", |u| u.pages),
    ("Part", |u| u.parts),
    ("Parts", |u| u.parts),
    ("Response", |_| true),
    ("Result", |_| true),
    ("Retried", |_| true),
    ("Session", |u| u.sockets),
    ("SocketError", |u| u.sockets),
    ("SocketReceiver", |u| u.sockets),
    ("SocketSender", |u| u.sockets),
];

/// The files of `src/runtime/` (name → source) for an API that uses what `usage` says: each
/// optional module behind the features whose groups use it.
pub(super) fn files(usage: &Usage) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        CORE.iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())).collect();
    for module in &OPTIONAL {
        let Some(gate) = usage.gate(module.used) else { continue };
        let cfg = match &gate {
            Gate::Always => String::new(),
            Gate::Any(features) => super::cfg_line(features),
        };
        let mod_rs = &mut files[0].1;
        let _ = writeln!(mod_rs, "\n{cfg}mod {};", module.name);
        for line in module.items.lines() {
            let _ = writeln!(mod_rs, "{cfg}{line}");
        }
        files.push((format!("{}.rs", module.name), module.source.to_owned()));
    }
    files
}

/// The runtime's public items the crate root re-exports, in name order, each with where it
/// is compiled.
pub(super) fn exports(usage: &Usage) -> Vec<(&'static str, Gate)> {
    let mut names: Vec<(&str, Gate)> =
        EXPORTS.iter().filter_map(|(name, used)| Some((*name, usage.gate(*used)?))).collect();
    names.sort_unstable_by_key(|(name, _)| *name);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_files(spec: &str) -> std::collections::BTreeMap<String, String> {
        crate::generated_from_text(spec).files
    }

    /// Every file in `generator/runtime/` is either core or an optional module: a new file
    /// cannot be left out of the crates by accident.
    #[test]
    fn every_runtime_file_is_in_the_tables() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("runtime/ is readable")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = CORE.iter().map(|(name, _)| (*name).to_owned()).collect();
        listed.extend(OPTIONAL.iter().map(|m| format!("{}.rs", m.name)));
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn a_plain_api_gets_only_the_core() {
        let files = crate_files(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /notes:\n    get:\n      operationId: list\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {text: {type: string}}}\n",
        );
        let runtime: Vec<&str> = files.keys().filter_map(|path| path.strip_prefix("src/runtime/")).collect();
        assert_eq!(
            runtime,
            [
                "answer.rs",
                "call.rs",
                "client.rs",
                "credentials.rs",
                "error.rs",
                "mod.rs",
                "object.rs",
                "redirect.rs",
                "request.rs",
                "retry.rs",
                "send.rs",
                "style.rs",
                "trace.rs"
            ]
        );
        assert!(!files.contains_key("src/errors.rs"));
        let lib = &files["src/lib.rs"];
        for absent in ["ErrorBody", "ByteStream", "EventStream", "JsonStream", "File", "Nullable", "mod errors"] {
            assert!(!lib.contains(absent), "lib.rs names `{absent}`");
        }
        assert!(lib.contains("pub use runtime::Client;"));
        assert!(files["src/client.rs"].contains("type TypedErrorBody = ::std::convert::Infallible;"));
    }

    /// Two groups, each a feature: `audio` answers a byte stream and a multipart body, and
    /// both read a string enum.
    fn two_groups() -> std::collections::BTreeMap<String, String> {
        crate_files(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /audio:\n    get:\n      operationId: get_audio\n      tags: [audio]\n      responses:\n        '200':\n          description: ok\n          content:\n            audio/mpeg:\n              schema: {type: string, format: binary}\n  /notes:\n    get:\n      operationId: list_notes\n      tags: [notes]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {kind: {type: string, enum: [a, b]}}}\n  /tags:\n    get:\n      operationId: list_tags\n      tags: [audio]\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {kind: {type: string, enum: [c, d]}}}\n  /mixed:\n    get:\n      operationId: get_mixed\n      tags: [audio]\n      responses:\n        '200':\n          description: ok\n          content:\n            multipart/mixed:\n              schema: {type: object, properties: {kind: {type: string}}}\n",
        )
    }

    /// A module (and what it exports) that only some features' groups use is compiled with
    /// those features only; one that every feature uses is always there.
    #[test]
    fn a_module_only_some_groups_use_is_behind_their_features() {
        let files = two_groups();
        let mod_rs = &files["src/runtime/mod.rs"];
        assert!(
            mod_rs.contains(
                "\n#[cfg(feature = \"audio\")]\nmod stream;\n#[cfg(feature = \"audio\")]\npub(crate) use stream::"
            ),
            "{mod_rs}"
        );
        assert!(mod_rs.contains("\nmod enums;\npub(crate) use enums::"), "{mod_rs}");
        let lib = &files["src/lib.rs"];
        assert!(
            lib.contains(
                "#[rustfmt::skip]\n#[cfg(feature = \"audio\")]\npub use runtime::{ByteStream, Mixed, Part, Parts};\n"
            ),
            "{lib}"
        );
        assert!(lib.contains("\npub use runtime::Client;\n"));
        let cargo = &files["Cargo.toml"];
        assert!(
            cargo.contains("\naudio = [\"dep:futures-util\", \"dep:mime\", \"dep:multer\"]\nnotes = []\n"),
            "{cargo}"
        );
        assert!(cargo.contains("\nmime = { version = \"0.3.18\", optional = true }\n"), "{cargo}");
        assert!(
            cargo.contains("\nmulter = { version = \"3.1.0\", default-features = false, optional = true }\n"),
            "{cargo}"
        );
    }

    #[test]
    fn what_the_api_uses_is_copied_in_and_exported() {
        let files = crate_files(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /audio:\n    get:\n      operationId: audio\n      responses:\n        '200':\n          description: ok\n          content:\n            audio/mpeg:\n              schema: {type: string, format: binary}\n        '422':\n          description: bad\n          content:\n            application/json:\n              schema: {type: object, properties: {kind: {type: string, enum: [a, b]}}}\n",
        );
        for present in ["src/runtime/stream.rs", "src/runtime/enums.rs", "src/runtime/typed_error.rs", "src/errors.rs"]
        {
            assert!(files.contains_key(present), "{present} is missing");
        }
        assert!(!files.contains_key("src/runtime/multipart.rs"));
        let lib = &files["src/lib.rs"];
        assert!(lib.contains("pub use runtime::ByteStream;") && lib.contains("pub use errors::ErrorBody;"));
        assert!(!lib.contains("EventStream") && !lib.contains("JsonStream"));
        assert!(files["src/runtime/mod.rs"].contains("mod enums;\npub(crate) use enums::"));
    }
}
