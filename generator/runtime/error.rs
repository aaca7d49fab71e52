//! One error type for every call, telling apart what went wrong.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client is not set up right: no API key in the environment, an invalid base URL or
    /// header. Nothing was sent.
    Config(String),
    /// The request could not be sent or the response not read (DNS, connection, TLS, a body
    /// cut short).
    Transport(reqwest::Error),
    /// The request took longer than the configured timeout.
    Timeout(reqwest::Error),
    /// The request body could not be encoded. Nothing was sent.
    Encode(serde_json::Error),
    /// The server answered with success, but the body is not what the API describes.
    Decode(Box<DecodeError>),
    /// The server answered with an error status.
    Api(Box<ApiError>),
}

impl Error {
    /// The HTTP status, for errors that come from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(e) | Error::Timeout(e) => e.status(),
            Error::Config(_) | Error::Encode(_) => None,
        }
    }

    /// The API error, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() { Error::Timeout(error) } else { Error::Transport(error) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) => write!(f, "client configuration: {message}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(e) => write!(f, "timed out: {e}"),
            Error::Encode(e) => write!(f, "could not encode the request body: {e}"),
            Error::Decode(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) | Error::Timeout(e) => Some(e),
            Error::Encode(e) => Some(e),
            Error::Decode(e) => Some(&e.source),
            Error::Config(_) | Error::Api(_) => None,
        }
    }
}

/// A success response whose body did not decode.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) source: serde_json::Error,
    pub(crate) snippet: String,
}

impl DecodeError {
    pub(crate) fn new(status: StatusCode, source: serde_json::Error, body: &[u8]) -> Self {
        DecodeError { status, source, snippet: snippet(body) }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The start of the body that failed to decode.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// What serde_json said.
    pub fn source(&self) -> &serde_json::Error {
        &self.source
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response: {}; body starts: {}", self.status, self.source, self.snippet)
    }
}

/// The server answered with an error status. Holds everything it sent back.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl ApiError {
    /// The HTTP status (`422 Unprocessable Entity`).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body decoded as JSON into `T` (for example the API's validation error type).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> std::result::Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The `request-id` (or `x-request-id`) header, to quote when asking the API's support.
    pub fn request_id(&self) -> Option<&str> {
        ["request-id", "x-request-id"]
            .iter()
            .find_map(|name| self.headers.get(*name))
            .and_then(|value| value.to_str().ok())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", snippet(&self.body))?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The first 200 characters of a body, for messages.
fn snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}
