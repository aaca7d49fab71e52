//! WebSocket sessions: a channel's `GET` upgraded with the client's configuration (its API
//! key and extra headers; `https` hosts become `wss`), then typed messages both ways. An
//! upgrade answered with a redirect is refused, not followed: the key goes nowhere else.
//!
//! A session sends the channel's client messages as JSON text frames (binary frames for
//! binary messages) and reads the server's: [`Session::recv`] and the [`Stream`] impl give
//! them decoded, answer pings on the way, end on a normal close, and turn any other close
//! frame, a dropped connection or a frame that is not a message of the channel into a
//! [`SocketError`] (never a panic). [`Session::split`] gives a sender and a receiver to use
//! from two tasks.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use base64::Engine as _;
use futures_core::Stream;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};

use super::{Client, Request};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The content of one data frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A text frame (JSON, for the messages of this API).
    Text(String),
    /// A binary frame.
    Binary(Vec<u8>),
}

/// A message the client sends on a channel: how it goes on the wire.
pub trait Outgoing {
    /// The frame that carries this message.
    fn to_frame(&self) -> Result<Frame, serde_json::Error>;
}

/// A message the server sends on a channel: how it is read from a frame.
pub trait Incoming: Sized {
    /// The message a text frame holds.
    fn from_text(text: &str) -> Result<Self, serde_json::Error>;
    /// The message a binary frame holds; `None` when no message of the channel is binary.
    fn from_binary(bytes: Vec<u8>) -> Option<Self>;
}

/// What can go wrong with a WebSocket session.
#[derive(Debug)]
#[non_exhaustive]
pub enum SocketError {
    /// The upgrade request could not be built (a parameter that did not encode, a header
    /// value a header cannot carry).
    Request(super::Error),
    /// No session within the connect time limit.
    Timeout(Duration),
    /// The server refused the upgrade with this HTTP status and body.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The response body, as text.
        body: String,
    },
    /// The server closed the session with a code other than normal closure (1000).
    Closed {
        /// The close code (RFC 6455, 7.4).
        code: u16,
        /// The reason the server gave.
        reason: String,
    },
    /// The connection ended without a close frame.
    Dropped,
    /// A frame that is no message of this channel: not JSON, or binary where no message is.
    Decode {
        /// The frame as received.
        frame: Frame,
        /// Why it does not decode.
        error: String,
    },
    /// A message that does not encode as JSON.
    Encode(serde_json::Error),
    /// Another network or protocol failure.
    Connection(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for SocketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocketError::Request(e) => write!(f, "the upgrade request could not be built: {e}"),
            SocketError::Timeout(t) => write!(f, "no WebSocket session within {t:?}"),
            SocketError::Rejected { status, body } => write!(f, "the server refused the upgrade with {status}: {body}"),
            SocketError::Closed { code, reason } => write!(f, "the server closed the session ({code}): {reason}"),
            SocketError::Dropped => f.write_str("the connection ended without a close frame"),
            SocketError::Decode { error, .. } => write!(f, "a frame that is no message of this channel: {error}"),
            SocketError::Encode(e) => write!(f, "a message that does not encode: {e}"),
            SocketError::Connection(e) => write!(f, "WebSocket failure: {e}"),
        }
    }
}

impl std::error::Error for SocketError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SocketError::Request(e) => Some(e),
            SocketError::Encode(e) => Some(e),
            SocketError::Connection(e) => Some(&**e),
            _ => None,
        }
    }
}

impl From<tungstenite::Error> for SocketError {
    fn from(error: tungstenite::Error) -> Self {
        use tungstenite::error::ProtocolError;
        match error {
            tungstenite::Error::Http(response) => {
                let body = response.body().as_deref().map(String::from_utf8_lossy).unwrap_or_default().into_owned();
                SocketError::Rejected { status: response.status().as_u16(), body }
            }
            tungstenite::Error::Protocol(ProtocolError::ResetWithoutClosingHandshake)
            | tungstenite::Error::ConnectionClosed
            | tungstenite::Error::AlreadyClosed => SocketError::Dropped,
            tungstenite::Error::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::UnexpectedEof
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::BrokenPipe
                ) =>
            {
                SocketError::Dropped
            }
            other => SocketError::Connection(Box::new(other)),
        }
    }
}

/// A base64 field that does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBase64(String);

impl fmt::Display for InvalidBase64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not base64: {}", self.0)
    }
}

impl std::error::Error for InvalidBase64 {}

/// The bytes a base64 field holds (standard alphabet, padded).
pub(crate) fn base64_bytes(text: &str) -> Result<Vec<u8>, InvalidBase64> {
    base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| InvalidBase64(e.to_string()))
}

/// Bytes as a base64 field (standard alphabet, padded).
pub(crate) fn base64_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A JSON message as a text frame.
pub(crate) fn json_frame<T: serde::Serialize + ?Sized>(message: &T) -> Result<Frame, serde_json::Error> {
    serde_json::to_string(message).map(Frame::Text)
}

/// Whether a server message has each property of `required` and gives each property of
/// `pinned` the constant written as JSON text there.
pub(crate) fn fits(value: &serde_json::Value, required: &[&str], pinned: &[(&str, &str)]) -> bool {
    let Some(object) = value.as_object() else { return false };
    required.iter().all(|name| object.contains_key(*name))
        && pinned.iter().all(|(name, constant)| {
            let constant = serde_json::from_str::<serde_json::Value>(constant);
            object.get(*name).is_some_and(|v| constant.is_ok_and(|c| &c == v))
        })
}

/// A session being opened: `.connect().await` it, after setting options. `O` is the
/// channel's own marker, whose setters (the channel's optional parameters) are methods of
/// this value; the session sends `C` and receives `S`.
#[must_use = "a session is only opened by `.connect().await`"]
pub struct Connect<'a, C, S, O> {
    client: &'a Client,
    request: Request,
    timeout: Option<Duration>,
    marker: PhantomData<Messages<C, S, O>>,
}

/// What a [`Connect`] is for: the messages each side sends, and the channel's marker.
type Messages<C, S, O> = fn() -> (C, S, O);

impl<C, S, O> fmt::Debug for Connect<'_, C, S, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connect").field("url", &super::credentials::redacted(&self.request.url)).finish_non_exhaustive()
    }
}

impl<'a, C: Outgoing, S: Incoming, O> Connect<'a, C, S, O> {
    pub(crate) fn new(client: &'a Client, request: Request) -> Self {
        Connect { client, request, timeout: None, marker: PhantomData }
    }

    /// The upgrade request being built, for the channel's setters.
    pub(crate) fn request(&mut self) -> &mut Request {
        &mut self.request
    }

    /// Time limit for opening the session (TCP, TLS and the upgrade). Default: the client's
    /// `connect_timeout`, else none.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// One more header on the upgrade request.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.request.header(name, value);
        self
    }

    /// Opens the session.
    pub async fn connect(self) -> Result<Session<C, S>, SocketError> {
        let Connect { client, mut request, timeout, .. } = self;
        request.finish();
        if let Some(error) = request.error.take() {
            return Err(SocketError::Request(error));
        }
        let mut url = request.url;
        // The key goes with the upgrade; no redirect of it is followed.
        let (headers, default_timeout) = client.socket_settings(&mut url);
        let scheme = match url.scheme() {
            "https" => "wss",
            "http" => "ws",
            other => other,
        }
        .to_owned();
        if url.set_scheme(&scheme).is_err() {
            let url = super::credentials::redacted(&url);
            return Err(SocketError::Request(super::Error::Config(format!("`{url}` cannot be a WebSocket URL"))));
        }
        let mut upgrade = url.as_str().into_client_request().map_err(SocketError::from)?;
        for (name, value) in headers.iter().chain(&request.headers) {
            upgrade.headers_mut().insert(name.clone(), value.clone());
        }
        let connecting = tokio_tungstenite::connect_async(upgrade);
        let outcome = match timeout.or(default_timeout) {
            Some(limit) => tokio::time::timeout(limit, connecting).await.map_err(|_| SocketError::Timeout(limit))?,
            None => connecting.await,
        };
        let (socket, _) = outcome?;
        let (sink, stream) = socket.split();
        let we_closed = Arc::new(AtomicBool::new(false));
        Ok(Session {
            sender: SocketSender { sink, we_closed: Arc::clone(&we_closed), marker: PhantomData },
            receiver: SocketReceiver { stream, done: false, closing: None, we_closed, marker: PhantomData },
        })
    }
}

/// An open WebSocket session: sends `C`, receives `S`.
pub struct Session<C, S> {
    sender: SocketSender<C>,
    receiver: SocketReceiver<S>,
}

impl<C, S> fmt::Debug for Session<C, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl<C: Outgoing, S: Incoming> Session<C, S> {
    /// Sends one message.
    pub async fn send(&mut self, message: impl Into<C>) -> Result<(), SocketError> {
        self.sender.send(message).await
    }

    /// The next message from the server; `None` once the server closed the session normally.
    pub async fn recv(&mut self) -> Result<Option<S>, SocketError> {
        self.receiver.recv().await
    }

    /// Sends a close frame with this code (1000: normal closure) and reason; the server's
    /// answer ends the stream of messages (without an error, whatever its code).
    pub async fn close(&mut self, code: u16, reason: &str) -> Result<(), SocketError> {
        self.sender.close(code, reason).await
    }

    /// A sender and a receiver, to use from two tasks.
    pub fn split(self) -> (SocketSender<C>, SocketReceiver<S>) {
        (self.sender, self.receiver)
    }
}

impl<C, S: Incoming> Stream for Session<C, S> {
    type Item = Result<S, SocketError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.receiver).poll_next(cx)
    }
}

/// The sending half of a [`Session`].
pub struct SocketSender<C> {
    sink: SplitSink<Socket, Message>,
    /// Set once this side sent a close frame (shared with the receiver).
    we_closed: Arc<AtomicBool>,
    marker: PhantomData<fn(C)>,
}

impl<C> fmt::Debug for SocketSender<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocketSender").finish_non_exhaustive()
    }
}

impl<C: Outgoing> SocketSender<C> {
    /// Sends one message.
    pub async fn send(&mut self, message: impl Into<C>) -> Result<(), SocketError> {
        let frame = message.into().to_frame().map_err(SocketError::Encode)?;
        let message = match frame {
            Frame::Text(text) => Message::text(text),
            Frame::Binary(bytes) => Message::binary(bytes),
        };
        self.sink.send(message).await.map_err(SocketError::from)
    }

    /// Sends a close frame with this code and reason.
    pub async fn close(&mut self, code: u16, reason: &str) -> Result<(), SocketError> {
        let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
        self.we_closed.store(true, Ordering::Release);
        self.sink.send(Message::Close(Some(frame))).await.map_err(SocketError::from)
    }
}

/// The receiving half of a [`Session`]: a [`Stream`] of the server's messages.
pub struct SocketReceiver<S> {
    stream: SplitStream<Socket>,
    /// The session ended (its close handshake finished, or an error was read).
    done: bool,
    /// The server's close frame was read: what the stream ends with once the connection
    /// is down (`None`: a normal closure; reading on sends the answering close frame).
    closing: Option<Option<SocketError>>,
    /// The client closed first: the server's close frame only answers it.
    we_closed: Arc<AtomicBool>,
    marker: PhantomData<fn() -> S>,
}

impl<S> fmt::Debug for SocketReceiver<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocketReceiver").field("done", &self.done).finish_non_exhaustive()
    }
}

impl<S: Incoming> SocketReceiver<S> {
    /// The next message from the server; `None` once the server closed the session normally.
    pub async fn recv(&mut self) -> Result<Option<S>, SocketError> {
        self.next().await.transpose()
    }

    /// The end of the stream: the close the server asked for, or a dropped connection.
    fn finish(&mut self, error: Option<SocketError>) -> Poll<Option<Result<S, SocketError>>> {
        self.done = true;
        match self.closing.take() {
            Some(outcome) => Poll::Ready(outcome.map(Err)),
            None => Poll::Ready(Some(Err(error.unwrap_or(SocketError::Dropped)))),
        }
    }
}

impl<S: Incoming> Stream for SocketReceiver<S> {
    type Item = Result<S, SocketError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            // Reading also sends the pong tungstenite queues for each ping, and the close
            // frame that answers the server's.
            let Some(read) = std::task::ready!(self.stream.poll_next_unpin(cx)) else {
                return self.finish(None);
            };
            let message = match read {
                Ok(message) => message,
                Err(error) => return self.finish(Some(SocketError::from(error))),
            };
            let decoded = match message {
                Message::Text(text) => S::from_text(text.as_str())
                    .map_err(|e| SocketError::Decode { frame: Frame::Text(text.to_string()), error: e.to_string() }),
                Message::Binary(bytes) => S::from_binary(bytes.to_vec()).ok_or_else(|| SocketError::Decode {
                    frame: Frame::Binary(bytes.to_vec()),
                    error: "a binary frame, and no message of this channel is binary".to_owned(),
                }),
                Message::Close(frame) => {
                    let answer = self.we_closed.load(Ordering::Acquire);
                    let outcome = match frame {
                        Some(frame) if frame.code != CloseCode::Normal && !answer => {
                            Some(SocketError::Closed { code: u16::from(frame.code), reason: frame.reason.to_string() })
                        }
                        _ => None,
                    };
                    self.closing = Some(outcome);
                    continue;
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
            return Poll::Ready(Some(decoded));
        }
    }
}
