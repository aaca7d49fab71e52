//! A WebSocket server on loopback for the channel tests: it accepts one session, records the
//! upgrade request (path, query, headers), runs a script against the session and hands back
//! the frames the client sent.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// The server side of one session.
pub type Ws = WebSocketStream<TcpStream>;

/// What a script does with the session; it returns the frames it read.
pub type Script = Box<dyn FnOnce(Ws) -> Pin<Box<dyn Future<Output = Vec<Message>> + Send>> + Send>;

/// The upgrade request as the server saw it.
#[derive(Debug, Clone)]
pub struct Upgrade {
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query string as sent (`None` without one).
    pub query: Option<String>,
    /// Header names (lower case) → values.
    pub headers: BTreeMap<String, String>,
}

/// A server for one session: its `http://` base URL and what it saw, once the script ends.
// The upgrade callback's error type is tungstenite's (an HTTP response), not ours to shrink.
#[allow(clippy::result_large_err)]
pub async fn serve(script: Script) -> (String, JoinHandle<(Upgrade, Vec<Message>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    let handle = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("a connection");
        let mut seen = None;
        let ws = tokio_tungstenite::accept_hdr_async(stream, |request: &Request, response: Response| {
            let headers = request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("<binary>").to_owned()))
                .collect();
            seen = Some(Upgrade {
                path: request.uri().path().to_owned(),
                query: request.uri().query().map(str::to_owned),
                headers,
            });
            Ok(response)
        })
        .await
        .expect("the upgrade");
        let upgrade = seen.expect("the upgrade request");
        (upgrade, script(ws).await)
    });
    (base_url, handle)
}

/// Reads `n` data frames (text or binary) from the client, answering nothing.
pub async fn read_frames(ws: &mut Ws, n: usize) -> Vec<Message> {
    let mut frames = Vec::new();
    while frames.len() < n {
        match ws.next().await {
            Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => frames.push(message),
            Some(Ok(_)) => {}
            other => panic!("the client went away after {} frames: {other:?}", frames.len()),
        }
    }
    frames
}

/// Sends text frames, one per item.
pub async fn send_texts(ws: &mut Ws, texts: &[&str]) {
    for text in texts {
        ws.send(Message::text(*text)).await.expect("send a frame");
    }
}

/// Sends a close frame with `code` and `reason`, then waits for the client's answer.
pub async fn close_with(ws: &mut Ws, code: u16, reason: &str) {
    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
    ws.send(Message::Close(Some(frame))).await.expect("send close");
    while let Some(Ok(_)) = ws.next().await {}
}

/// The text of text frames; panics on any other frame.
pub fn texts(frames: &[Message]) -> Vec<String> {
    frames
        .iter()
        .map(|frame| match frame {
            Message::Text(text) => text.to_string(),
            other => panic!("expected a text frame, got {other:?}"),
        })
        .collect()
}
