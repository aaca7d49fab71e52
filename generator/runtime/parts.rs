//! Multipart responses (`multipart/mixed` and its kin): the body split into its parts, read
//! as they arrive ([`Parts`]), or read whole into the one JSON part the API describes and the
//! parts beside it ([`Mixed`]). `multer` finds the parts; each part's body is read whole.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::stream;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::{DeserializeOwned, Error as _};

use super::answer::{Decoder, Read};
use super::retry::Failure;
use super::{DecodeError, Error, Result};

/// The body as a stream of parts.
pub(crate) fn parts() -> Decoder<Parts> {
    Decoder { accept: None, read: Read::Stream(Parts::new) }
}

/// The body read whole: its JSON part decoded into `T`, and the other parts.
pub(crate) fn mixed<T: DeserializeOwned + Send + 'static>() -> Decoder<Mixed<T>> {
    Decoder { accept: None, read: Read::Async(|response| Box::pin(Mixed::read(response))) }
}

/// One part of a multipart body: its headers and its bytes.
#[derive(Debug, Clone)]
pub struct Part {
    name: Option<String>,
    filename: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl Part {
    /// The part's name (`Content-Disposition: …; name="…"`), when it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The file name the part suggests (`Content-Disposition: …; filename="…"`).
    pub fn filename(&self) -> Option<&str> {
        self.filename.as_deref()
    }

    /// The part's media type (`Content-Type`), when it says.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The part's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The part's bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The part's bytes, owned.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The part's bytes decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    /// Whether the part says it holds JSON (`application/json`, `…+json`).
    fn is_json(&self) -> bool {
        self.content_type().and_then(|ct| ct.split(';').next()).is_some_and(|essence| {
            let essence = essence.trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
    }
}

/// A multipart body, part by part as it arrives. A body that breaks off is an error of the
/// stream, never a new request.
pub struct Parts {
    status: StatusCode,
    headers: HeaderMap,
    parts: Pin<Box<dyn Stream<Item = Result<Part>> + Send>>,
}

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parts").field("status", &self.status).field("headers", &self.headers).finish()
    }
}

impl Parts {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let parts: Pin<Box<dyn Stream<Item = Result<Part>> + Send>> = match boundary(&headers) {
            Ok(boundary) => {
                let multipart = multer::Multipart::new(response.bytes_stream(), boundary);
                Box::pin(stream::unfold(Some(multipart), move |multipart| async move {
                    let mut multipart = multipart?;
                    match next_part(&mut multipart).await {
                        Ok(Some(part)) => Some((Ok(part), Some(multipart))),
                        Ok(None) => None,
                        Err(error) => Some((Err(error.into_error(status)), None)),
                    }
                }))
            }
            Err(message) => Box::pin(stream::iter([Err(decode_error(status, &message))])),
        };
        Parts { status, headers, parts }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next part, `None` after the last.
    pub async fn next(&mut self) -> Option<Result<Part>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads every part that is left.
    pub async fn collect(mut self) -> Result<Vec<Part>> {
        let mut all = Vec::new();
        while let Some(part) = self.next().await {
            all.push(part?);
        }
        Ok(all)
    }
}

impl Stream for Parts {
    type Item = Result<Part>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.parts.as_mut().poll_next(cx)
    }
}

/// A multipart body read whole: the JSON part the API describes, decoded, and the other parts
/// in their order (audio, files). The JSON part is the first whose `Content-Type` is JSON.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Mixed<T> {
    /// The JSON part.
    pub json: T,
    /// The other parts.
    pub parts: Vec<Part>,
}

impl<T> Mixed<T> {
    /// The first other part named `name`, or else with a file name of that name.
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.name() == Some(name))
            .or_else(|| self.parts.iter().find(|p| p.filename() == Some(name)))
    }
}

impl<T: DeserializeOwned> Mixed<T> {
    /// Reads the body within the attempt: a body cut short may be asked for again, when the
    /// request is safe to repeat; a JSON part of the wrong shape is final.
    async fn read(response: reqwest::Response) -> std::result::Result<Self, Failure> {
        let status = response.status();
        let headers = response.headers().clone();
        let boundary = boundary(&headers).map_err(|m| Failure::Final(decode_error(status, &m)))?;
        let mut multipart = multer::Multipart::new(response.bytes_stream(), boundary);
        let mut json = None;
        let mut parts = Vec::new();
        while let Some(part) = next_part(&mut multipart).await.map_err(|e| e.into_failure(status))? {
            match json {
                None if part.is_json() => json = Some(part),
                _ => parts.push(part),
            }
        }
        let Some(json) = json else {
            return Err(Failure::Final(decode_error(status, "no part of the body is JSON")));
        };
        let value = json
            .json()
            .map_err(|e| Failure::Final(Error::Decode(Box::new(DecodeError::new(status, e, &json.body)))))?;
        Ok(Mixed { json: value, parts })
    }
}

/// Why reading a part failed: the body broke off on the way, or it is not multipart.
enum PartError {
    Transport(reqwest::Error),
    Malformed(multer::Error),
}

impl PartError {
    fn into_error(self, status: StatusCode) -> Error {
        match self {
            PartError::Transport(e) => Error::from_reqwest(e, None),
            PartError::Malformed(e) => {
                Error::Decode(Box::new(DecodeError::new(status, serde_json::Error::custom(e), b"")))
            }
        }
    }

    /// A body cut short (or one whose end never came) may be read whole on another try.
    fn into_failure(self, status: StatusCode) -> Failure {
        match self {
            PartError::Transport(e) => Failure::from_reqwest(e),
            PartError::Malformed(
                e @ (multer::Error::IncompleteStream
                | multer::Error::IncompleteFieldData { .. }
                | multer::Error::IncompleteHeaders),
            ) => Failure::Interrupted(PartError::Malformed(e).into_error(status)),
            e => Failure::Final(e.into_error(status)),
        }
    }
}

impl From<multer::Error> for PartError {
    fn from(error: multer::Error) -> Self {
        if let multer::Error::StreamReadFailed(source) = error {
            return match source.downcast::<reqwest::Error>() {
                Ok(e) => PartError::Transport(*e),
                Err(source) => PartError::Malformed(multer::Error::StreamReadFailed(source)),
            };
        }
        PartError::Malformed(error)
    }
}

/// The next part, read whole.
async fn next_part(multipart: &mut multer::Multipart<'static>) -> std::result::Result<Option<Part>, PartError> {
    let Some(field) = multipart.next_field().await? else { return Ok(None) };
    let name = field.name().map(str::to_owned);
    let filename = field.file_name().map(str::to_owned);
    let headers = field.headers().clone();
    let body = field.bytes().await?;
    Ok(Some(Part { name, filename, headers, body }))
}

/// The boundary the response's `Content-Type` declares.
fn boundary(headers: &HeaderMap) -> std::result::Result<String, String> {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return Err("the response has no Content-Type".to_owned());
    };
    let mime: Option<mime::Mime> = content_type.parse().ok();
    match mime.as_ref().filter(|m| m.type_() == mime::MULTIPART) {
        None => Err(format!("the response is not multipart (Content-Type `{content_type}`)")),
        Some(mime) => mime
            .get_param(mime::BOUNDARY)
            .map(|b| b.as_str().to_owned())
            .ok_or_else(|| format!("the response's Content-Type `{content_type}` names no boundary")),
    }
}

fn decode_error(status: StatusCode, message: &str) -> Error {
    Error::Decode(Box::new(DecodeError::new(status, serde_json::Error::custom(message), b"")))
}
