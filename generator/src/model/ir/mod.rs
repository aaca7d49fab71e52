//! The IR: what the model decides and emit prints. Types ([`types`]), groups and methods
//! ([`methods`]) and their pages ([`pages`]), and what a caller of the crate sees of them ([`interface`]): every argument,
//! setter, constructor, helper and error variant, named once here, so that emit prints it,
//! the surface lists it and the conformance program fills it in without working it out again.

mod interface;
mod methods;
mod pages;
mod types;

pub use interface::*;
pub use methods::*;
pub use pages::*;
pub use types::*;

use crate::error::Error;

/// The whole client, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Crate package settings.
    pub krate: crate::config::CrateConfig,
    /// The API's own description (`info.description` of the document that declares the
    /// operations), for the crate docs.
    pub doc: Option<String>,
    /// Named base URLs; the first is the default. May be empty.
    pub environments: Vec<crate::config::Environment>,
    /// How the key travels.
    pub auth: Auth,
    /// Every type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every group, the root (empty path) first, then by path.
    pub groups: Vec<Group>,
    /// The typed bodies of error responses, and the decoders the methods use.
    pub errors: ErrorBodies,
    /// One cargo feature per top-level group, all on by default, sorted; empty when the API
    /// has fewer than two top-level groups.
    pub features: Vec<String>,
    /// Operations that could not be generated, one diagnostic each.
    pub skipped: Vec<Error>,
    /// What the crate does otherwise than the document asks (and why), one diagnostic each.
    pub warnings: Vec<Error>,
}

/// How the API key is sent, and where `Client::from_env` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// Where the key goes in a request.
    pub style: KeyStyle,
    /// Environment variable for `from_env`.
    pub env: String,
    /// Where the document's security schemes put credentials: never sent to another origin,
    /// never printed.
    pub credentials: Credentials,
}

/// The names of a request's parts that hold credentials, beyond the standard ones
/// (`Authorization`, `Proxy-Authorization`, `Cookie`), which the runtime always treats so.
/// Cookies need no names: the whole `Cookie` header is a credential.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Header names, lower case, sorted: every `apiKey` scheme `in: header`, and the header
    /// the key travels in.
    pub headers: Vec<String>,
    /// Query parameter names, sorted: every `apiKey` scheme `in: query`.
    pub query: Vec<String>,
}

/// Where the API key goes in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStyle {
    /// In this header of its own, as it is (`xi-api-key: <key>`).
    Header(String),
    /// As `Authorization: Bearer <key>`.
    Bearer,
    /// As HTTP Basic credentials: the key is `user:password`, sent as
    /// `Authorization: Basic <base64 of the key>`.
    Basic,
    /// In this query parameter (`?api_key=<key>`).
    Query(String),
}

impl Auth {
    /// The header the key travels in on its own, if it does.
    pub(crate) fn header(&self) -> Option<&str> {
        match &self.style {
            KeyStyle::Header(name) => Some(name),
            KeyStyle::Bearer | KeyStyle::Basic | KeyStyle::Query(_) => None,
        }
    }

    /// The query parameter the key travels in, if it does.
    pub(crate) fn query(&self) -> Option<&str> {
        match &self.style {
            KeyStyle::Query(name) => Some(name),
            KeyStyle::Header(_) | KeyStyle::Bearer | KeyStyle::Basic => None,
        }
    }
}
