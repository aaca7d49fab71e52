//! What comes back: how a success response becomes an operation's value ([`Decoder`]), how an
//! error response's body is decoded ([`ErrorDecoder`]), and the value with its response's
//! status and headers ([`Response`]). Shared by the call, which picks them, and the sending,
//! which applies them; it depends on neither.

use std::future::Future;
use std::pin::Pin;

use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::credentials;
use super::retry::Failure;
use super::{DecodeError, Error, Result};

/// Decodes an error response's body into the operation's error schema, by status.
pub(crate) type ErrorDecoder = fn(u16, &[u8]) -> Option<crate::client::TypedErrorBody>;

/// How a success response becomes the operation's value.
pub(crate) struct Decoder<T> {
    /// The `Accept` header to send.
    pub(crate) accept: Option<&'static str>,
    pub(crate) read: Read<T>,
}

/// How the body of a success response is read.
pub(crate) enum Read<T> {
    /// Whole, inside the attempt and its time limit, then decoded: a body cut short is a
    /// failed attempt (retried when the request is safe to repeat).
    Whole(fn(StatusCode, &[u8]) -> Result<T>),
    /// As it arrives, by the caller: the attempt (and its time limit) ends at the response
    /// head, and a stream that breaks later is an error of the stream, never a new request.
    Stream(fn(reqwest::Response) -> T),
    /// Whole, inside the attempt, by a reader of its own (a multipart body, part by part),
    /// which says whether a failure is worth another try.
    Async(fn(reqwest::Response) -> Reading<T>),
}

/// A body being read by [`Read::Async`].
pub(crate) type Reading<T> = Pin<Box<dyn Future<Output = std::result::Result<T, Failure>> + Send>>;

/// A JSON body decoded into `T`.
pub(crate) fn json<T: DeserializeOwned + Send + 'static>() -> Decoder<T> {
    Decoder {
        accept: Some("application/json"),
        read: Read::Whole(|status, body| {
            serde_json::from_slice(body).map_err(|e| Error::Decode(Box::new(DecodeError::new(status, e, body))))
        }),
    }
}

/// No body worth reading.
pub(crate) fn empty() -> Decoder<()> {
    Decoder { accept: None, read: Read::Whole(|_, _| Ok(())) }
}

/// A value together with the status and headers of the response that carried it.
#[derive(Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The response status.
    pub status: StatusCode,
    /// The response headers (`request-id`, `character-cost`, `history-item-id` …).
    pub headers: HeaderMap,
    /// The URL that answered: the request's, or where its redirects led (the client's own
    /// key, when it travels in the query, is not in it).
    pub url: Url,
    /// The decoded value.
    pub data: T,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("url", &credentials::redacted(&self.url))
            .field("data", &self.data)
            .finish()
    }
}
