//! Generator settings: the crate's identity, its environments and how the API key travels.
//!
//! `spec/generator.yaml` holds them for the checked-in client. For any other spec
//! (`cargo xtask generate`) they are derived from the document itself: `servers` give the
//! environments and an `apiKey`/`bearer` security scheme gives the auth.

use serde::Deserialize;

use crate::error::{Error, Result};

/// Everything the generator needs besides the API description.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The emitted crate's package settings.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Spec files or folders, relative to the config file.
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Client settings.
    #[serde(default)]
    pub client: ClientConfig,
    /// Example programs copied into the crate's `examples/` (paths relative to the config).
    /// They are inputs, like the spec: the generator copies them and the drift check covers them.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Pagination by operation (`GET /v1/history`): how its pages follow each other, where
    /// the document does not say and the rules miss it, or `false` for no pager.
    #[serde(default)]
    pub pagination: std::collections::BTreeMap<String, Pagination>,
    /// Corrections to the documents, by JSON pointer into the merged document
    /// (`#/paths/~1v1~1music/post/responses/200/content/multipart~1mixed/schema`): each value
    /// replaces what is there, or is added under an object that is. For what a document says
    /// only in words.
    #[serde(default)]
    pub patches: std::collections::BTreeMap<String, serde_json::Value>,
    /// The file this was read from, for errors that name a place in it.
    #[serde(skip)]
    pub file: String,
}

/// One operation's pagination setting: `false` (no pager), or how its pages follow each
/// other, in the shape `x-pagination` and `x-fern-pagination` use.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Pagination {
    Off(bool),
    Pager(PagerSpec),
}

/// How pages follow each other, as a document (`x-pagination`, `x-fern-pagination`) or
/// `generator.yaml` declares it. Each value names a query parameter or a response field,
/// with or without Fern's `$request.`/`$response.` prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagerSpec {
    /// The query parameter that carries a cursor.
    #[serde(default)]
    pub cursor: Option<String>,
    /// The response field that holds the next cursor.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// The query parameter that carries an offset (Fern: a page index, unless `step` is set).
    #[serde(default)]
    pub offset: Option<String>,
    /// With `offset`, Fern's page size parameter: the offset counts items.
    #[serde(default)]
    pub step: Option<String>,
    /// The query parameter that carries a page number.
    #[serde(default)]
    pub page: Option<String>,
    /// The response field that holds the items.
    pub results: String,
    /// The response field that says whether another page follows.
    #[serde(default, alias = "has-next-page")]
    pub has_more: Option<String>,
}

/// Package settings of the emitted crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Package name (`elevenlabs`).
    pub name: String,
    /// Package version.
    #[serde(default = "default_version")]
    pub version: String,
    /// One-line package description.
    #[serde(default)]
    pub description: Option<String>,
    /// The license, as an SPDX expression (`MIT OR Apache-2.0`).
    #[serde(default)]
    pub license: Option<String>,
    /// Where the crate's source lives.
    #[serde(default)]
    pub repository: Option<String>,
    /// The API's or the crate's home page.
    #[serde(default)]
    pub homepage: Option<String>,
    /// Where the crate's documentation is read (docs.rs when unset).
    #[serde(default)]
    pub documentation: Option<String>,
    /// Up to five crates.io keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs (`api-bindings`, `web-programming::http-client`).
    #[serde(default)]
    pub categories: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

/// Client settings: where the API lives and how to authenticate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// Named base URLs; the first is the default. Empty: taken from the spec's `servers`.
    #[serde(default)]
    pub environments: Vec<Environment>,
    /// How the API key is sent. Absent: taken from the spec's security schemes.
    #[serde(default)]
    pub auth: Option<AuthConfig>,
    /// Header parameters that carry an idempotency key, besides `Idempotency-Key` and
    /// `X-Idempotency-Key` (any case): an operation that declares one gets a fresh key per call
    /// and is retried like an idempotent request.
    #[serde(default)]
    pub idempotency_headers: Vec<String>,
}

/// A named base URL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Variant name in the emitted `Environment` enum (UpperCamelCase).
    pub name: String,
    /// Base URL, `https://…` without a trailing slash.
    pub url: String,
    /// What the environment is, for its rustdoc.
    #[serde(default)]
    pub description: Option<String>,
}

/// How the API key travels.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// Header that carries the key as it is (`xi-api-key`). Without it the key is sent as
    /// `Authorization: Bearer <key>`.
    #[serde(default)]
    pub header: Option<String>,
    /// Environment variable `Client::from_env` reads (default: `<CRATE>_API_KEY`).
    #[serde(default)]
    pub env: Option<String>,
}

impl Config {
    /// Parses a `generator.yaml`; `file` names it in errors.
    pub fn from_yaml(file: &str, text: &str) -> Result<Config> {
        let de = serde_yaml::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let pointer = crate::parse::path_to_pointer(e.path());
            let inner = e.into_inner();
            let mut err = Error::at(file, pointer, format!("invalid generator config: {inner}"));
            if let Some(loc) = inner.location() {
                err = err.with_line_col(loc.line(), loc.column());
            }
            err
        })?;
        let config = Config { file: file.to_owned(), ..config };
        config.validate(file)?;
        Ok(config)
    }

    /// A config for a spec that comes without one (`cargo xtask generate`).
    pub fn for_crate(name: &str) -> Config {
        Config {
            krate: CrateConfig {
                name: name.to_owned(),
                version: default_version(),
                description: None,
                license: None,
                repository: None,
                homepage: None,
                documentation: None,
                keywords: Vec::new(),
                categories: Vec::new(),
            },
            inputs: Vec::new(),
            client: ClientConfig::default(),
            examples: Vec::new(),
            pagination: std::collections::BTreeMap::new(),
            patches: std::collections::BTreeMap::new(),
            file: String::new(),
        }
    }

    /// Checks what serde cannot: names are usable, URLs look like URLs.
    pub fn validate(&self, file: &str) -> Result<()> {
        let name = &self.krate.name;
        let valid_name = !name.is_empty()
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            return Err(Error::at(file, "#/crate/name", format!("`{name}` is not a valid crate name"))
                .with_hint("use ASCII letters, digits, `-` and `_`, starting with a letter"));
        }
        if let Some(header) = self.client.auth.as_ref().and_then(|a| a.header.as_deref()) {
            if !is_header_name(header) {
                return Err(Error::at(
                    file,
                    "#/client/auth/header",
                    format!("`{header}` is not a valid HTTP header name"),
                ));
            }
        }
        for (i, header) in self.client.idempotency_headers.iter().enumerate() {
            if !is_header_name(header) {
                return Err(Error::at(
                    file,
                    format!("#/client/idempotency_headers/{i}"),
                    format!("`{header}` is not a valid HTTP header name"),
                ));
            }
        }
        for (i, example) in self.examples.iter().enumerate() {
            let stem = std::path::Path::new(example).file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let valid = example.ends_with(".rs")
                && !stem.is_empty()
                && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(Error::at(
                    file,
                    format!("#/examples/{i}"),
                    format!("`{example}` is not a `name.rs` example file"),
                ));
            }
        }
        for key in self.pagination.keys() {
            let method = key.split_once(' ').and_then(|(m, path)| {
                crate::model::HttpMethod::from_key(&m.to_ascii_lowercase()).filter(|_| path.starts_with('/'))
            });
            if method.is_none() {
                return Err(Error::at(
                    file,
                    crate::error::Pointer::root().join("pagination").join(key),
                    format!("`{key}` does not name an operation"),
                )
                .with_hint("write the method and the path as the document has it: `GET /v1/history`"));
            }
        }
        let urls = [
            ("repository", &self.krate.repository),
            ("homepage", &self.krate.homepage),
            ("documentation", &self.krate.documentation),
        ];
        for (key, url) in urls {
            if let Some(url) = url.as_deref().filter(|u| !(u.starts_with("https://") || u.starts_with("http://"))) {
                return Err(Error::at(file, format!("#/crate/{key}"), format!("`{url}` is not an http(s) URL")));
            }
        }
        if self.krate.keywords.len() > 5 {
            return Err(Error::at(file, "#/crate/keywords", "crates.io takes at most five keywords"));
        }
        for (i, keyword) in self.krate.keywords.iter().enumerate() {
            let valid = keyword.len() <= 20
                && keyword.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && keyword.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '+');
            if !valid {
                return Err(Error::at(
                    file,
                    format!("#/crate/keywords/{i}"),
                    format!("`{keyword}` is not a crates.io keyword"),
                )
                .with_hint("at most 20 ASCII letters, digits, `-`, `_` or `+`, starting with a letter"));
            }
        }
        for (i, category) in self.krate.categories.iter().enumerate() {
            if category.is_empty() || !category.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c == ':') {
                return Err(Error::at(
                    file,
                    format!("#/crate/categories/{i}"),
                    format!("`{category}` is not a crates.io category slug"),
                ));
            }
        }
        for (i, env) in self.client.environments.iter().enumerate() {
            let pointer = format!("#/client/environments/{i}");
            if !(env.url.starts_with("https://") || env.url.starts_with("http://")) {
                return Err(Error::at(file, format!("{pointer}/url"), format!("`{}` is not an http(s) URL", env.url)));
            }
            let valid_ident = env.name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && env.name.chars().all(|c| c.is_ascii_alphanumeric());
            if !valid_ident {
                return Err(Error::at(
                    file,
                    format!("{pointer}/name"),
                    format!("`{}` is not an UpperCamelCase identifier", env.name),
                ));
            }
        }
        Ok(())
    }
}

/// An HTTP header name (RFC 9110 token characters).
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_checked_in_config() -> Result<(), Error> {
        let text = include_str!("../../spec/generator.yaml");
        let config = Config::from_yaml("spec/generator.yaml", text)?;
        assert_eq!(config.krate.name, "elevenlabs");
        assert_eq!(config.client.environments[0].url, "https://api.elevenlabs.io");
        assert_eq!(config.client.auth.and_then(|a| a.header).as_deref(), Some("xi-api-key"));
        Ok(())
    }

    #[test]
    fn unknown_keys_are_errors_with_a_pointer() {
        let err = Config::from_yaml("g.yaml", "crate:\n  name: x\n  nmae: y\n").unwrap_err();
        assert_eq!(err.file, "g.yaml");
        assert!(err.pointer.starts_with("#/crate"), "{err}");
        assert!(err.message.contains("nmae"), "{err}");
    }

    #[test]
    fn package_metadata_is_checked_as_crates_io_would() {
        let text = "crate:\n  name: x\n  keywords: [audio, 'two words']\n";
        assert_eq!(Config::from_yaml("g.yaml", text).map_err(|e| e.pointer), Err("#/crate/keywords/1".to_owned()));
        let text = "crate:\n  name: x\n  keywords: [a, b, c, d, e, f]\n";
        assert_eq!(Config::from_yaml("g.yaml", text).map_err(|e| e.pointer), Err("#/crate/keywords".to_owned()));
        let text = "crate:\n  name: x\n  repository: github.com/x/y\n";
        assert_eq!(Config::from_yaml("g.yaml", text).map_err(|e| e.pointer), Err("#/crate/repository".to_owned()));
        let text = "crate:\n  name: x\n  categories: [Audio]\n";
        assert_eq!(Config::from_yaml("g.yaml", text).map_err(|e| e.pointer), Err("#/crate/categories/0".to_owned()));
        let config = Config::from_yaml("spec/generator.yaml", include_str!("../../spec/generator.yaml"));
        let krate = config.map(|c| c.krate).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(krate.license.as_deref(), Some("MIT OR Apache-2.0"));
        assert!(krate.categories.contains(&"api-bindings".to_owned()));
    }

    #[test]
    fn idempotency_headers_must_be_header_names() {
        let text = "crate: {name: x}\nclient:\n  idempotency_headers: [X-Once, 'bad name']\n";
        let err = Config::from_yaml("g.yaml", text).unwrap_err();
        assert_eq!(err.pointer, "#/client/idempotency_headers/1");
        let text = "crate: {name: x}\nclient:\n  idempotency_headers: [X-Once]\n";
        assert_eq!(
            Config::from_yaml("g.yaml", text).map(|c| c.client.idempotency_headers),
            Ok(vec!["X-Once".to_owned()])
        );
    }

    #[test]
    fn bad_urls_are_errors() {
        let text = "crate: {name: x}\nclient:\n  environments:\n    - {name: Prod, url: ftp://x}\n";
        let err = Config::from_yaml("g.yaml", text).unwrap_err();
        assert_eq!(err.pointer, "#/client/environments/0/url");
    }
}
