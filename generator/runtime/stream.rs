//! Streaming responses: raw bytes (audio, files), JSON chunks, and server-sent events.
//!
//! Each type reads the body as it arrives; none buffers the whole response. Each has an
//! inherent `next().await` and implements `futures_core::Stream`. A body that breaks off
//! after the head arrived is an error of the stream: the request is never sent again, since
//! the caller may have used what came before.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::answer::{Decoder, Read};
use super::{DecodeError, Error, Result};

/// The body as a byte stream.
pub(crate) fn bytes() -> Decoder<ByteStream> {
    Decoder { accept: None, read: Read::Stream(ByteStream::new) }
}

/// The body as a stream of JSON values.
pub(crate) fn json_stream<T: DeserializeOwned + Send + 'static>() -> Decoder<JsonStream<T>> {
    Decoder { accept: None, read: Read::Stream(JsonStream::new) }
}

/// The body as server-sent events.
pub(crate) fn events() -> Decoder<EventStream> {
    Decoder { accept: Some("text/event-stream"), read: Read::Stream(EventStream::new) }
}

/// The body as server-sent events whose data is JSON of type `T`, until a `[DONE]`.
pub(crate) fn typed_events<T: DeserializeOwned + Send + 'static>() -> Decoder<EventStream<T>> {
    Decoder { accept: Some("text/event-stream"), read: Read::Stream(EventStream::typed) }
}

/// The data of the event that ends a stream of typed events (the convention of chat
/// completion APIs): not JSON, never decoded, the end.
const DONE: &str = "[DONE]";

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A response body as a stream of byte chunks (audio, archives, files).
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    chunks: Chunks,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).field("headers", &self.headers).finish()
    }
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        ByteStream {
            status: response.status(),
            headers: response.headers().clone(),
            chunks: Box::pin(response.bytes_stream()),
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (for example `history-item-id` or `character-cost`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> Result<Bytes> {
        let mut all = BytesMut::new();
        while let Some(chunk) = self.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(|e| Error::from_reqwest(e, None))))
    }
}

/// Splits a byte stream into lines, keeping the unfinished tail for the next chunk.
struct Lines {
    bytes: ByteStream,
    buffer: BytesMut,
    lines: VecDeque<Bytes>,
    done: bool,
}

impl Lines {
    fn new(bytes: ByteStream) -> Self {
        Lines { bytes, buffer: BytesMut::new(), lines: VecDeque::new(), done: false }
    }

    /// The next line without its line ending; `None` at the end of the body.
    fn poll_line(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes>>> {
        loop {
            if let Some(line) = self.lines.pop_front() {
                return Poll::Ready(Some(Ok(line)));
            }
            if self.done {
                if self.buffer.is_empty() {
                    return Poll::Ready(None);
                }
                let rest = self.buffer.split().freeze();
                return Poll::Ready(Some(Ok(rest)));
            }
            match Pin::new(&mut self.bytes).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => self.done = true,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(chunk))) => {
                    self.buffer.extend_from_slice(&chunk);
                    while let Some(at) = self.buffer.iter().position(|b| *b == b'\n') {
                        let mut line = self.buffer.split_to(at + 1);
                        line.truncate(at);
                        if line.last() == Some(&b'\r') {
                            line.truncate(at - 1);
                        }
                        self.lines.push_back(line.freeze());
                    }
                }
            }
        }
    }
}

/// A stream of JSON values, one per line (newline-delimited JSON). Lines framed as
/// server-sent events (`data: {…}`) are read too; blank lines and SSE comments are skipped.
pub struct JsonStream<T> {
    status: StatusCode,
    headers: HeaderMap,
    lines: Lines,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonStream").field("status", &self.status).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonStream<T> {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        let bytes = ByteStream::new(response);
        JsonStream { status: bytes.status, headers: bytes.headers.clone(), lines: Lines::new(bytes), _item: PhantomData }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next decoded value, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: DeserializeOwned> Stream for JsonStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            let line = match self.lines.poll_line(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(line))) => line,
            };
            let text = trim_ascii(&line);
            let payload = match text.strip_prefix(b"data:") {
                Some(rest) => trim_ascii(rest),
                None if text.is_empty() || text.starts_with(b":") || is_sse_field(text) => continue,
                None => text,
            };
            if payload.is_empty() || payload == b"[DONE]" {
                continue;
            }
            let status = self.status;
            return Poll::Ready(Some(
                serde_json::from_slice(payload).map_err(|e| Error::Decode(Box::new(DecodeError::new(status, e, payload)))),
            ));
        }
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(start, |i| i + 1);
    &bytes[start..end]
}

fn is_sse_field(line: &[u8]) -> bool {
    [&b"event:"[..], b"id:", b"retry:"].iter().any(|prefix| line.starts_with(prefix))
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// The `event:` name, when the server sent one.
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The `id:`, when the server sent one.
    pub id: Option<String>,
}

impl Event {
    /// The data decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> std::result::Result<T, serde_json::Error> {
        serde_json::from_str(&self.data)
    }
}

/// A stream of server-sent events (`text/event-stream`): each [`Event`] as it is, or, where
/// the API describes the events' data, that data decoded as `T` (an event whose data is
/// `[DONE]` then ends the stream).
pub struct EventStream<T = Event> {
    status: StatusCode,
    headers: HeaderMap,
    lines: Lines,
    /// The event being read; its lines may arrive over several chunks.
    partial: Event,
    has_data: bool,
    /// What an event becomes; `None` ends the stream.
    decode: fn(StatusCode, Event) -> Option<Result<T>>,
    done: bool,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status).finish_non_exhaustive()
    }
}

impl EventStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        EventStream::with(response, |_, event| Some(Ok(event)))
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    pub(crate) fn typed(response: reqwest::Response) -> Self {
        EventStream::with(response, |status, event| {
            if event.data.trim() == DONE {
                return None;
            }
            Some(serde_json::from_str(&event.data).map_err(|e| {
                Error::Decode(Box::new(DecodeError::new(status, e, event.data.as_bytes())))
            }))
        })
    }

    /// The events as they are, undecoded (a `[DONE]` too).
    pub fn into_events(self) -> EventStream {
        let EventStream { status, headers, lines, partial, has_data, done, .. } = self;
        EventStream { status, headers, lines, partial, has_data, decode: |_, event| Some(Ok(event)), done }
    }
}

impl<T> EventStream<T> {
    fn with(response: reqwest::Response, decode: fn(StatusCode, Event) -> Option<Result<T>>) -> Self {
        let bytes = ByteStream::new(response);
        EventStream {
            status: bytes.status,
            headers: bytes.headers.clone(),
            lines: Lines::new(bytes),
            partial: Event::default(),
            has_data: false,
            decode,
            done: false,
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next event, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let item = match self.poll_event(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => None,
            Poll::Ready(Some(Err(e))) => Some(Err(e)),
            Poll::Ready(Some(Ok(event))) => (self.decode)(self.status, event),
        };
        self.done = item.is_none();
        Poll::Ready(item)
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event>>> {
        let this = self;
        loop {
            let line = match this.lines.poll_line(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    let last = std::mem::take(&mut this.partial);
                    let had = std::mem::take(&mut this.has_data);
                    return Poll::Ready(had.then_some(Ok(last)));
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(line))) => line,
            };
            if line.is_empty() {
                let event = std::mem::take(&mut this.partial);
                if std::mem::take(&mut this.has_data) {
                    return Poll::Ready(Some(Ok(event)));
                }
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            if text.starts_with(':') {
                continue;
            }
            let (field, value) = match text.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (text.as_ref(), ""),
            };
            match field {
                "event" => this.partial.event = Some(value.to_owned()),
                "id" => this.partial.id = Some(value.to_owned()),
                "data" => {
                    if this.has_data {
                        this.partial.data.push('\n');
                    }
                    this.partial.data.push_str(value);
                    this.has_data = true;
                }
                _ => {}
            }
        }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_item(cx)
    }
}
