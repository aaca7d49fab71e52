//! Which parts of the runtime a crate gets: the core always, each optional module only when
//! the API uses it, so that no crate carries code (or public items) its API never touches,
//! and none warns about an unused macro or import.
//!
//! Adding a module is one row in [`OPTIONAL`] (and, if it needs a new fact about the API, one
//! field in [`Uses`]); adding a public item is one row in [`EXPORTS`].

use std::fmt::Write as _;

use crate::model::{Api, BodyEncoding, Field, Presence, ResponseKind, Ty, TypeKind};

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
            match &def.kind {
                TypeKind::Struct(fields, _) => uses.fields(fields),
                TypeKind::Form(fields, _) => {
                    uses.multipart = true;
                    uses.fields(fields);
                }
                TypeKind::Enum(_) => uses.string_enums = true,
                TypeKind::Union(union) => {
                    uses.unions = true;
                    for variant in &union.variants {
                        if let crate::model::VariantKind::Value(ty, _) = &variant.kind {
                            uses.ty(ty);
                        }
                    }
                }
                TypeKind::IntEnum(_) => {}
            }
        }
        for method in api.groups.iter().flat_map(|g| &g.methods) {
            match &method.response {
                ResponseKind::Bytes => uses.bytes = true,
                ResponseKind::JsonStream(_) => uses.json_stream = true,
                ResponseKind::Events(_) => uses.events = true,
                ResponseKind::Parts(ty) => {
                    uses.parts = true;
                    if let Some(ty) = ty {
                        uses.ty(ty);
                    }
                }
                ResponseKind::Json(ty) => uses.ty(ty),
                ResponseKind::Empty => {}
                ResponseKind::Socket(socket) => {
                    uses.sockets = true;
                    for arm in socket.client.arms.iter().chain(&socket.server.arms) {
                        if let Some(ty) = &arm.ty {
                            uses.ty(ty);
                        }
                    }
                }
            }
            if let Some(body) = &method.body {
                // A binary body is a `File`, which the multipart module holds.
                uses.multipart |= matches!(body.encoding, BodyEncoding::Multipart | BodyEncoding::Binary);
                uses.ty(&body.ty);
            }
            for param in method.path_params.iter().chain(&method.params) {
                uses.ty(&param.ty);
            }
            uses.typed_errors |= method.decoder.is_some();
            uses.pages |= method.pager.is_some();
        }
        uses
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
type Needed = fn(&Uses) -> bool;

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

/// The files of `src/runtime/` (name → source) for an API that uses `uses`.
pub(super) fn files(uses: &Uses) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> =
        CORE.iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())).collect();
    for module in OPTIONAL.iter().filter(|m| (m.used)(uses)) {
        let mod_rs = &mut files[0].1;
        let _ = writeln!(mod_rs, "\nmod {};", module.name);
        if !module.items.is_empty() {
            let _ = writeln!(mod_rs, "{}", module.items);
        }
        files.push((format!("{}.rs", module.name), module.source.to_owned()));
    }
    files
}

/// The runtime's public items the crate root re-exports, in name order.
pub(super) fn exports(uses: &Uses) -> Vec<&'static str> {
    let mut names: Vec<&str> = EXPORTS.iter().filter(|(_, used)| used(uses)).map(|(name, _)| *name).collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_files(spec: &str) -> std::collections::BTreeMap<String, String> {
        let loaded = crate::load::parse_text("spec.yaml", spec).expect("loads");
        let crate::load::Loaded::Document(doc) = loaded else { panic!("not a document") };
        let config = crate::Config::for_crate("t");
        crate::generate(vec![doc], &config, crate::EmitOptions::default()).expect("generates").files
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
