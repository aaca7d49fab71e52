//! `multipart/form-data` request bodies (files and form fields), and the `File` that is also
//! a whole binary body.
//!
//! A form whose files are all in memory is encoded into one buffer, so a retried request
//! sends exactly the same bytes again. A file given as a stream is sent as it is read and can
//! be sent only once; so is a binary body from a stream.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use serde::Serialize;

use reqwest::header::{CONTENT_TYPE, HeaderValue};

use super::{Error, Payload, Request, Result};

type FileStream = Pin<Box<dyn Stream<Item = std::result::Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// A file to upload: its bytes (or a stream of them), a file name and a content type.
///
/// Also the argument of operations whose whole body is binary (`application/octet-stream`,
/// `image/png`, `*/*` …): there the name is not sent, and the content type, when set,
/// replaces the one the operation declares (for `*/*` and `image/*` the default is
/// `application/octet-stream`).
#[derive(Clone)]
pub struct File {
    name: Option<String>,
    content_type: Option<String>,
    data: FileData,
}

#[derive(Clone)]
enum FileData {
    Bytes(Bytes),
    /// Taken when the request is sent: a stream can be sent once.
    Stream(Arc<Mutex<Option<FileStream>>>),
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = match &self.data {
            FileData::Bytes(b) => format!("{} bytes", b.len()),
            FileData::Stream(_) => "a stream".to_owned(),
        };
        f.debug_struct("File")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("data", &size)
            .finish()
    }
}

impl File {
    /// A file from bytes in memory.
    pub fn from_bytes(data: impl Into<Bytes>) -> Self {
        File { name: None, content_type: None, data: FileData::Bytes(data.into()) }
    }

    /// A file read as it is sent, from a stream of chunks. Such a request cannot be retried
    /// once the upload has started.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let mapped: FileStream = Box::pin(MapErr { inner: Box::pin(stream) });
        File { name: None, content_type: None, data: FileData::Stream(Arc::new(Mutex::new(Some(mapped)))) }
    }

    /// Sets the file name sent with the part (`filename="…"`).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the content type (default: for a form part `application/octet-stream`, for a
    /// whole body the operation's).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content type the caller set.
    pub(crate) fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file as a whole request body: its bytes, or its stream (taken: sent once).
    pub(crate) fn to_payload(&self) -> Result<Payload> {
        match &self.data {
            FileData::Bytes(bytes) => Ok(Payload::Bytes(bytes.clone())),
            FileData::Stream(cell) => match cell.lock().ok().and_then(|mut slot| slot.take()) {
                Some(stream) => Ok(Payload::Stream(reqwest::Body::wrap_stream(stream))),
                None => Err(Error::Config("a streamed file can be uploaded only once".into())),
            },
        }
    }
}

struct MapErr<S> {
    inner: Pin<Box<S>>,
}

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = std::result::Result<Bytes, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = std::result::Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

/// A `multipart/form-data` body under construction: its parts, written out by
/// [`finish`](Form::finish) (so that the `Content-Type`s the operation declares can still be
/// set, [`declare`](Form::declare)).
pub(crate) struct Form {
    boundary: String,
    parts: Vec<FormPart>,
}

struct FormPart {
    name: String,
    filename: Option<String>,
    /// `None`: no `Content-Type` line (text), or for a file `application/octet-stream`.
    content_type: Option<String>,
    kind: PartKind,
    body: PartBody,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Text,
    Json,
    /// A file; `true` when the caller set its content type.
    File(bool),
}

enum PartBody {
    Bytes(Bytes),
    Stream(Arc<Mutex<Option<FileStream>>>),
}

impl Form {
    pub(crate) fn new() -> Self {
        let state = RandomState::new();
        let boundary = format!("----form-{:016x}{:016x}", state.hash_one(1u8), state.hash_one(2u8));
        Form { boundary, parts: Vec::new() }
    }

    pub(crate) fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn push(&mut self, name: &str, kind: PartKind, content_type: Option<String>, body: PartBody) {
        let part = FormPart { name: name.to_owned(), filename: None, content_type, kind, body };
        self.parts.push(part);
    }

    /// A text field.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.push(name, PartKind::Text, None, PartBody::Bytes(Bytes::copy_from_slice(value.as_bytes())));
    }

    /// A field from any serializable value: strings, numbers and booleans as text, `null` and
    /// absent values left out, lists as one part per item, objects as JSON
    /// (`Content-Type: application/json`).
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<()> {
        let value = serde_json::to_value(value).map_err(Error::Encode)?;
        self.json_value(name, &value, true)
    }

    fn json_value(&mut self, name: &str, value: &serde_json::Value, top: bool) -> Result<()> {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => self.text(name, s),
            serde_json::Value::Bool(b) => self.text(name, if *b { "true" } else { "false" }),
            serde_json::Value::Number(n) => self.text(name, &n.to_string()),
            serde_json::Value::Array(items) if top => {
                for item in items {
                    self.json_value(name, item, false)?;
                }
            }
            // An object (or a list inside a list) is JSON, and says so: OpenAPI's default
            // content type for a part that holds one.
            other => {
                let json = serde_json::to_vec(other).map_err(Error::Encode)?;
                self.push(name, PartKind::Json, Some("application/json".to_owned()), PartBody::Bytes(Bytes::from(json)));
            }
        }
        Ok(())
    }

    /// A file part.
    pub(crate) fn file(&mut self, name: &str, file: &File) {
        let body = match &file.data {
            FileData::Bytes(bytes) => PartBody::Bytes(bytes.clone()),
            FileData::Stream(stream) => PartBody::Stream(stream.clone()),
        };
        self.push(name, PartKind::File(file.content_type.is_some()), file.content_type.clone(), body);
        if let Some(part) = self.parts.last_mut() {
            part.filename = Some(file.name.clone().unwrap_or_else(|| name.to_owned()));
        }
    }

    /// File parts for an optional file or a list of files.
    pub(crate) fn files<'a>(&mut self, name: &str, files: impl IntoIterator<Item = &'a File>) {
        for file in files {
            self.file(name, file);
        }
    }

    /// The `Content-Type`s the operation declares for its parts (`encoding.{part}.contentType`,
    /// `(part, type)`): each part of that name is sent with it, but a file whose caller set
    /// its content type.
    pub(crate) fn declare(mut self, types: &[(&str, &str)]) -> Self {
        for part in &mut self.parts {
            let Some((_, declared)) = types.iter().find(|(name, _)| *name == part.name) else { continue };
            if part.kind != PartKind::File(true) {
                part.content_type = Some((*declared).to_owned());
            }
        }
        self
    }

    /// The finished body.
    pub(crate) fn finish(self) -> Result<Payload> {
        let boundary = self.boundary;
        let mut buffer = BytesMut::new();
        let mut streams: Vec<FileStream> = Vec::new();
        for part in self.parts {
            buffer.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", quote(&part.name)).as_bytes());
            if let Some(filename) = &part.filename {
                buffer.extend_from_slice(format!("; filename=\"{}\"", quote(filename)).as_bytes());
            }
            buffer.extend_from_slice(b"\r\n");
            let content_type = match (&part.content_type, part.kind) {
                (Some(content_type), _) => Some(content_type.as_str()),
                (None, PartKind::File(_)) => Some("application/octet-stream"),
                (None, _) => None,
            };
            if let Some(content_type) = content_type {
                buffer.extend_from_slice(format!("Content-Type: {}\r\n", content_type.replace(['\r', '\n'], " ")).as_bytes());
            }
            buffer.extend_from_slice(b"\r\n");
            match part.body {
                PartBody::Bytes(bytes) => buffer.extend_from_slice(&bytes),
                PartBody::Stream(cell) => {
                    let taken = cell.lock().ok().and_then(|mut slot| slot.take());
                    let Some(stream) = taken else {
                        return Err(Error::Config("a streamed file can be uploaded only once".into()));
                    };
                    streams.push(Box::pin(Once { bytes: Some(std::mem::take(&mut buffer).freeze()) }));
                    streams.push(stream);
                }
            }
            buffer.extend_from_slice(b"\r\n");
        }
        buffer.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        if streams.is_empty() {
            return Ok(Payload::Bytes(buffer.freeze()));
        }
        streams.push(Box::pin(Once { bytes: Some(buffer.freeze()) }));
        Ok(Payload::Stream(reqwest::Body::wrap_stream(Chain { parts: streams, index: 0 })))
    }
}

fn quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

struct Once {
    bytes: Option<Bytes>,
}

impl Stream for Once {
    type Item = std::result::Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.bytes.take().map(Ok))
    }
}

struct Chain {
    parts: Vec<FileStream>,
    index: usize,
}

impl Stream for Chain {
    type Item = std::result::Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        loop {
            let index = self.index;
            let Some(part) = self.parts.get_mut(index) else { return std::task::Poll::Ready(None) };
            match part.as_mut().poll_next(cx) {
                std::task::Poll::Ready(None) => self.index += 1,
                other => return other,
            }
        }
    }
}

impl Request {
    /// Sets a binary body: the file's bytes (or its stream, sent once), with the content type
    /// the caller gave the file, or else the declared one.
    pub(crate) fn bytes(&mut self, content_type: &'static str, body: &File) {
        self.content_type(body.content_type().unwrap_or(content_type));
        match body.to_payload() {
            Ok(payload) => self.body = Some(payload),
            Err(e) => self.fail(e),
        }
    }

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart(&mut self, form: Result<Form>) {
        let form = match form {
            Ok(form) => form,
            Err(e) => return self.fail(e),
        };
        match HeaderValue::from_str(&form.content_type()) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
            }
            Err(_) => return self.fail(Error::Config("invalid multipart boundary".into())),
        }
        match form.finish() {
            Ok(payload) => self.body = Some(payload),
            Err(e) => self.fail(e),
        }
    }
}
