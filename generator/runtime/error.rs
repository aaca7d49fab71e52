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
    /// The request took longer than its time limit (the limit, when known).
    Timeout(Option<std::time::Duration>),
    /// The request body could not be encoded. Nothing was sent.
    Encode(serde_json::Error),
    /// The server answered with success, but the body is not what the API describes.
    Decode(Box<DecodeError>),
    /// The server answered with an error status.
    Api(Box<ApiError>),
    /// A redirect was not followed to its end: more than ten in a row (a loop).
    Redirect(String),
    /// Every attempt of a call that was retried failed: each attempt's error, the last one
    /// telling how the call ended. [`status`](Error::status), [`api_error`](Error::api_error)
    /// and [`is_timeout`](Error::is_timeout) look at the last.
    Retried(Box<Retried>),
}

impl Error {
    /// The HTTP status, for errors that come from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(e) => e.status(),
            Error::Retried(e) => e.last.status(),
            Error::Config(_) | Error::Encode(_) | Error::Timeout(_) | Error::Redirect(_) => None,
        }
    }

    /// The API error, when the server answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            Error::Retried(e) => e.last.api_error(),
            _ => None,
        }
    }

    /// Whether this is a time-out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Retried(e) => e.last.is_timeout(),
            _ => false,
        }
    }

    /// A failure of the HTTP client; the URL it quotes has its credentials redacted.
    pub(crate) fn from_reqwest(mut error: reqwest::Error, limit: Option<std::time::Duration>) -> Self {
        if error.is_timeout() {
            return Error::Timeout(limit);
        }
        if let Some(url) = error.url_mut() {
            super::credentials::redact_url(url);
        }
        Error::Transport(error)
    }

    /// The error a call ends with after these failed attempts (none: it was made once).
    pub(crate) fn after(earlier: Vec<Error>, last: Error) -> Self {
        if earlier.is_empty() { last } else { Error::Retried(Box::new(Retried { earlier, last })) }
    }
}

/// The attempts of a retried call, all failed. Its text names how many there were and the
/// first and last reasons.
#[derive(Debug)]
pub struct Retried {
    earlier: Vec<Error>,
    last: Error,
}

impl Retried {
    /// How many attempts were made.
    pub fn attempts(&self) -> usize {
        self.earlier.len() + 1
    }

    /// Why each attempt failed, in order (the last is [`last`](Retried::last)).
    pub fn errors(&self) -> impl Iterator<Item = &Error> {
        self.earlier.iter().chain(std::iter::once(&self.last))
    }

    /// How the last attempt failed.
    pub fn last(&self) -> &Error {
        &self.last
    }
}

impl fmt::Display for Retried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} attempts failed", self.attempts())?;
        if let Some(first) = self.earlier.first() {
            write!(f, "; the first: {first}")?;
        }
        write!(f, "; the last: {}", self.last)
    }
}

/// The text names every reason it has to give (the last included), so no `source` repeats it.
impl std::error::Error for Retried {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(message) => write!(f, "client configuration: {message}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(Some(limit)) => write!(f, "timed out after {limit:?}"),
            Error::Timeout(None) => write!(f, "timed out"),
            Error::Encode(e) => write!(f, "could not encode the request body: {e}"),
            Error::Decode(e) => e.fmt(f),
            Error::Api(e) => e.fmt(f),
            Error::Redirect(message) => write!(f, "redirect not followed: {message}"),
            Error::Retried(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Encode(e) => Some(e),
            Error::Decode(e) => Some(&e.source),
            Error::Config(_) | Error::Api(_) | Error::Timeout(_) | Error::Redirect(_) | Error::Retried(_) => None,
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
}

impl std::error::Error for DecodeError {
    /// What serde_json said.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response: {}", self.status, self.source)?;
        match self.snippet.as_str() {
            "" => Ok(()),
            snippet => write!(f, "; body starts: {snippet}"),
        }
    }
}

/// The server answered with an error status. Holds everything it sent back.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) typed: Option<crate::client::TypedErrorBody>,
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

    /// The message of the common error shapes: `{"detail": {"status", "message"}}`,
    /// `{"detail": "…"}`, FastAPI's `{"detail": [{"loc", "msg", "type"}]}` or
    /// `{"message": "…"}`.
    pub fn message(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        match value.get("detail") {
            Some(serde_json::Value::String(message)) => Some(message.clone()),
            Some(serde_json::Value::Object(detail)) => {
                detail.get("message").and_then(text).or_else(|| detail.get("status").and_then(text))
            }
            Some(serde_json::Value::Array(items)) => {
                let messages: Vec<String> = items
                    .iter()
                    .filter_map(|item| {
                        let msg = item.get("msg").and_then(text)?;
                        let loc: Vec<String> = item
                            .get("loc")
                            .and_then(serde_json::Value::as_array)
                            .map(|parts| parts.iter().map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned)).collect())
                            .unwrap_or_default();
                        Some(if loc.is_empty() { msg } else { format!("{}: {msg}", loc.join(".")) })
                    })
                    .collect();
                (!messages.is_empty()).then(|| messages.join("; "))
            }
            _ => value.get("message").and_then(text),
        }
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
        match self.message() {
            Some(message) => write!(f, ": {message}")?,
            None if !self.body.is_empty() => write!(f, ": {}", snippet(&self.body))?,
            None => {}
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
