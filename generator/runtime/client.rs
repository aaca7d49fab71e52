//! The client: configuration, and sending a request.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::{ApiError, DecodeError, Error, Request, Result};

/// What the generator decided for this API: where it lives and how the key travels.
pub(crate) struct Settings {
    /// Base URL when none is configured; empty when the spec names none.
    pub(crate) default_base_url: &'static str,
    pub(crate) auth: AuthStyle,
    /// Environment variable read by `Client::from_env`.
    pub(crate) api_key_env: &'static str,
}

/// How the API key is sent.
pub(crate) enum AuthStyle {
    /// In this header, as it is.
    Header(&'static str),
    /// As `Authorization: Bearer <key>`.
    Bearer,
}

const SETTINGS: &Settings = &crate::client::SETTINGS;

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The API client. Cheap to clone: clones share one connection pool and configuration.
///
/// Operations hang off it in groups, mirroring the API reference:
/// `client.service_accounts().api_keys().create(…)`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    /// The auth header, marked sensitive so it is never printed.
    auth: Option<(HeaderName, HeaderValue)>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &if self.inner.auth.is_some() { "<redacted>" } else { "<none>" })
            .finish()
    }
}

impl Client {
    /// A client with this API key and every other setting at its default.
    pub fn new(api_key: impl Into<String>) -> Result<Self> {
        Self::builder().api_key(api_key).build()
    }

    /// A client with the API key from the environment variable the crate documents
    /// (see [`Client::API_KEY_ENV`]).
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

    /// A request to the base URL plus these path segments (each percent-encoded).
    pub(crate) fn request(&self, method: Method, segments: &[&str]) -> Request {
        let mut url = self.inner.base_url.clone();
        // The builder refuses base URLs that cannot take a path, so this always applies.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        Request { method, url, headers: HeaderMap::new(), body: None }
    }

    /// Sends a request; a non-success status becomes [`Error::Api`].
    pub(crate) async fn send(&self, request: Request) -> Result<reqwest::Response> {
        let mut builder = self.inner.http.request(request.method, request.url).headers(request.headers);
        if let Some((name, value)) = &self.inner.auth {
            builder = builder.header(name, value);
        }
        match request.body {
            Some(super::Payload::Bytes(bytes)) => builder = builder.body(bytes),
            Some(super::Payload::Stream(body)) => builder = builder.body(body),
            None => {}
        }
        let response = builder.send().await.map_err(Error::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Err(Error::Api(Box::new(ApiError { status, headers, body })))
    }

    /// Sends a request and decodes the JSON body of the success response.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, mut request: Request) -> Result<T> {
        request.headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let response = self.send(request).await?;
        let status = response.status();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        serde_json::from_slice(&body).map_err(|e| Error::Decode(Box::new(DecodeError::new(status, e, &body))))
    }

    /// Sends a request and hands back the success response's body as it arrives.
    pub(crate) async fn send_bytes(&self, request: Request) -> Result<super::ByteStream> {
        Ok(super::ByteStream::new(self.send(request).await?))
    }

    /// Sends a request whose success response is a stream of JSON values.
    pub(crate) async fn send_json_stream<T: DeserializeOwned>(&self, request: Request) -> Result<super::JsonStream<T>> {
        Ok(super::JsonStream::new(self.send(request).await?))
    }

    /// Sends a request whose success response is a stream of server-sent events.
    pub(crate) async fn send_events(&self, mut request: Request) -> Result<super::EventStream> {
        request.headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
        Ok(super::EventStream::new(self.send(request).await?))
    }

    /// Sends a request whose success response has no body worth reading.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<()> {
        let response = self.send(request).await?;
        response.bytes().await.map_err(Error::from_reqwest)?;
        Ok(())
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
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

    /// Time limit for a whole request, from connecting to the last byte of the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS roots, connection pool settings). The
    /// builder's own timeout does not apply to it.
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
        let base_url = Url::parse(base).map_err(|e| Error::Config(format!("invalid base URL `{base}`: {e}")))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("invalid base URL `{base}`: not an http(s) URL")));
        }
        let auth = match self.api_key {
            None => None,
            Some(key) => {
                let (name, text) = match SETTINGS.auth {
                    AuthStyle::Header(name) => (HeaderName::from_static(name), key),
                    AuthStyle::Bearer => (AUTHORIZATION, format!("Bearer {key}")),
                };
                let mut value = HeaderValue::from_str(&text)
                    .map_err(|_| Error::Config("the API key contains characters a header cannot carry".into()))?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut headers = HeaderMap::new();
                headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
                let mut builder = reqwest::Client::builder().default_headers(headers);
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder.build().map_err(|e| Error::Config(format!("could not set up the HTTP client: {e}")))?
            }
        };
        Ok(Client { inner: Arc::new(Inner { http, base_url, auth }) })
    }
}
