//! The client: configuration, and where its key goes. Sending (attempts, retries, redirects)
//! is in `send.rs`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::credentials;
use super::retry::RetryPolicy;
use super::{Error, Operation, Request, Result};

/// What the generator decided for this API: where it lives and how the key travels.
pub(crate) struct Settings {
    /// Base URL when none is configured; empty when the spec names none.
    pub(crate) default_base_url: &'static str,
    pub(crate) auth: AuthStyle,
    /// Environment variable read by `Client::from_env`.
    pub(crate) api_key_env: &'static str,
    /// Headers the document's security schemes put credentials in (lower case), beyond
    /// `Authorization` and `Cookie`.
    pub(crate) credential_headers: &'static [&'static str],
    /// Query parameters the document's security schemes put credentials in.
    pub(crate) credential_query: &'static [&'static str],
}

/// How the API key is sent.
pub(crate) enum AuthStyle {
    /// In this header, as it is.
    Header(&'static str),
    /// As `Authorization: Bearer <key>`.
    Bearer,
    /// As HTTP Basic credentials: the key is `user:password`.
    Basic,
    /// In this query parameter.
    Query(&'static str),
}

const SETTINGS: &Settings = &crate::client::SETTINGS;

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The API client. Cheap to clone: clones share one connection pool and configuration.
///
/// Operations hang off it in groups, mirroring the API reference, and return a
/// [`Call`](crate::Call) to `.await`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// Sent with every request: the user agent and the caller's extra headers.
    headers: HeaderMap,
    /// Added to requests to the API's own origin only.
    key: Option<Key>,
    timeout: Option<Duration>,
    /// For WebSocket sessions, which do not go through `http`.
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
}

/// The API key, ready to add to a request.
enum Key {
    /// A header (marked sensitive, so never printed).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, String),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &credentials::redacted(&self.inner.base_url))
            .field("api_key", &if self.inner.key.is_some() { "<redacted>" } else { "<none>" })
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.retry.max_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with this API key and every other setting at its default.
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder().api_key(api_key).build()
    }

    /// A client with the API key from the environment variable [`Client::API_KEY_ENV`].
    pub fn from_env() -> Result<Self> {
        Self::builder().api_key_from_env()?.build()
    }

    /// The environment variable [`Client::from_env`] reads.
    pub const API_KEY_ENV: &'static str = SETTINGS.api_key_env;

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// A request to the base URL plus these path segments (already percent-encoded), calling
    /// `operation`.
    pub(crate) fn request(&self, method: reqwest::Method, segments: &[&str], operation: Operation) -> Request {
        let mut url = self.inner.base_url.clone();
        let mut path = url.path().trim_end_matches('/').to_owned();
        for segment in segments {
            path.push('/');
            // A segment that is all dots would be resolved away by `set_path`.
            match *segment {
                "." => path.push_str("%2E"),
                ".." => path.push_str("%2E%2E"),
                segment => path.push_str(segment),
            }
        }
        url.set_path(&path);
        let mut request = Request::new(method, url);
        request.operation = operation;
        request
    }

    /// The headers a request to `url` carries besides its own (user agent, extras), and the
    /// client's key added to them or to `url`: all of it on the API's own origin; elsewhere
    /// (where a redirect led) no credential.
    pub(crate) fn sign(&self, url: &mut Url) -> HeaderMap {
        let mut headers = self.inner.headers.clone();
        if url.origin() != self.inner.base_url.origin() {
            credentials::strip_headers(&mut headers);
            return headers;
        }
        match &self.inner.key {
            Some(Key::Header(name, value)) => {
                headers.insert(name, value.clone());
            }
            Some(Key::Query(name, key)) => {
                url.query_pairs_mut().append_pair(name, key);
            }
            None => {}
        }
        headers
    }

    /// The credential query pairs a request to `url` carries (the client's key among them),
    /// to keep out of a redirect to another origin.
    pub(crate) fn query_secrets(&self, url: &Url) -> Vec<(String, String)> {
        let mut secrets = credentials::query_secrets(url);
        if let Some(Key::Query(name, key)) = &self.inner.key {
            secrets.push(((*name).to_owned(), key.clone()));
        }
        secrets
    }

    /// The headers (and key) of a WebSocket upgrade to `url`, and the connect time limit.
    pub(crate) fn socket_settings(&self, url: &mut Url) -> (HeaderMap, Option<Duration>) {
        (self.sign(url), self.inner.connect_timeout)
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key sent with every request.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The API key from [`Client::API_KEY_ENV`]; an error when it is unset or empty.
    pub fn api_key_from_env(self) -> Result<Self> {
        match std::env::var(SETTINGS.api_key_env) {
            Ok(key) if !key.trim().is_empty() => Ok(self.api_key(key)),
            Ok(_) => Err(Error::Config(format!("the environment variable {} is empty", SETTINGS.api_key_env))),
            Err(_) => Err(Error::Config(format!("the environment variable {} is not set", SETTINGS.api_key_env))),
        }
    }

    /// Any base URL (a proxy, a mock server); overrides the default environment.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Time limit for each attempt of a request: connecting, sending and receiving the whole
    /// response; for streamed responses (audio, events), until the response head arrives, so a
    /// long stream is never cut off. Default: none.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit for opening a connection (for a WebSocket session: until the upgrade is
    /// answered). Default: none.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How often a request is retried after a connection error or a 408, 409, 429 or 5xx
    /// response. Default: 2.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.get_or_insert_with(RetryPolicy::default).max_retries = max_retries;
        self
    }

    /// The first wait between attempts (doubling each time, with jitter) and the longest.
    /// Default: 500 ms and 8 s. A `Retry-After` or `retry-after-ms` from the server is used
    /// instead when present (up to a minute, or `max` if longer).
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        let retry = self.retry.get_or_insert_with(RetryPolicy::default);
        retry.initial_backoff = initial;
        retry.max_backoff = max.max(initial);
        self
    }

    /// A header sent with every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS roots, connection pool settings). The
    /// builder's `connect_timeout` does not apply to it; `timeout` and retries do. Build it
    /// with `.redirect(reqwest::redirect::Policy::none())`: this client follows redirects
    /// itself and keeps the key on the API's origin, which a client that follows them on its
    /// own cannot (it would send the key header wherever a redirect leads).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client> {
        let base = self.base_url.as_deref().unwrap_or(SETTINGS.default_base_url);
        if base.is_empty() {
            return Err(Error::Config("no base URL: the API description names none; set one with `base_url`".into()));
        }
        let shown = || credentials::redacted_text(base);
        let base_url = Url::parse(base).map_err(|e| Error::Config(format!("invalid base URL `{}`: {e}", shown())))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("invalid base URL `{}`: not an http(s) URL", shown())));
        }
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::Config(format!("the value of header `{name}` has characters a header cannot carry")))?;
            headers.append(name, value);
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                // Redirects are followed in `send.rs`, which keeps credentials on the API's
                // origin; reqwest's own following would send a key header anywhere.
                let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|e| Error::Config(format!("could not set up the HTTP client: {e}")))?
            }
        };
        let key_value = |text: &str| {
            HeaderValue::from_str(text)
                .map_err(|_| Error::Config("the API key contains characters a header cannot carry".into()))
        };
        let sensitive = |name: HeaderName, mut value: HeaderValue| {
            value.set_sensitive(true);
            Key::Header(name, value)
        };
        let key = match (self.api_key, &SETTINGS.auth) {
            (None, _) => None,
            // The generator only emits valid, lower-case header names here.
            (Some(key), AuthStyle::Header(name)) => Some(sensitive(HeaderName::from_static(name), key_value(&key)?)),
            (Some(key), AuthStyle::Bearer) => Some(sensitive(AUTHORIZATION, key_value(&format!("Bearer {key}"))?)),
            (Some(key), AuthStyle::Basic) => Some(sensitive(AUTHORIZATION, basic_credentials(&http, &base_url, &key)?)),
            (Some(key), AuthStyle::Query(name)) => Some(Key::Query(name, key)),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                headers,
                key,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                retry: self.retry.unwrap_or_default(),
            }),
        })
    }
}

/// The `Authorization` value for HTTP Basic credentials `user:password` (a key without `:` is a
/// user without a password), written by reqwest's own encoder.
fn basic_credentials(http: &reqwest::Client, url: &Url, key: &str) -> Result<HeaderValue> {
    let (user, password) = match key.split_once(':') {
        Some((user, password)) => (user, Some(password)),
        None => (key, None),
    };
    let request = http
        .get(url.clone())
        .basic_auth(user, password)
        .build()
        .map_err(|e| Error::Config(format!("could not encode the credentials: {e}")))?;
    request.headers().get(AUTHORIZATION).cloned().ok_or_else(|| Error::Config("could not encode the credentials".into()))
}
