//! A raw HTTP/1.1 server on loopback that can misbehave: each connection carries one exchange,
//! which a handler answers with a whole response or a fault (a reset, a body cut short, a
//! stall, a stream that breaks). It records every request it read, in order.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// A query parameter's value, as sent (not decoded).
    pub fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }
}

/// How the server answers one exchange.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole response: status, content type and body, with its `content-length`.
    Full(u16, &'static str, Vec<u8>),
    /// A `503` that asks to try again at once (`Retry-After: 0`).
    Unavailable,
    /// A JSON response whose `content-length` promises the whole body, of which only the first
    /// half is sent before the connection closes.
    CutShort(Vec<u8>),
    /// A JSON response with no length (its end is the connection's), closed after the first
    /// half of the body.
    CutUnframed(Vec<u8>),
    /// Nothing for this long, then the connection closes.
    Stall(Duration),
    /// The connection reset right after the request was read.
    Reset,
    /// A chunked `200` that sends these chunks, then resets the connection.
    ChunksThenReset(Vec<Vec<u8>>),
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full(status, "application/json", body.as_bytes().to_vec())
    }
}

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Server {
    /// The requests read so far, in order.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().expect("not poisoned").clone()
    }
}

type Handler = dyn Fn(&Exchange) -> Reply + Send + Sync;

/// Serves every connection with `handler` until the test ends.
pub async fn serve(handler: impl Fn(&Exchange) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let handler: Arc<Handler> = Arc::new(handler);
    let (shared_log, shared_handler) = (log.clone(), handler.clone());
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            let (log, handler) = (shared_log.clone(), shared_handler.clone());
            tokio::spawn(async move {
                let _ = exchange(socket, log, handler).await;
            });
        }
    });
    Server { url, log }
}

async fn exchange(mut socket: TcpStream, log: Arc<Mutex<Vec<Exchange>>>, handler: Arc<Handler>) -> std::io::Result<()> {
    let Some(request) = read_request(&mut socket).await? else { return Ok(()) };
    log.lock().expect("not poisoned").push(request.clone());
    match handler(&request) {
        Reply::Full(status, content_type, body) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            socket.write_all(&[head.as_bytes(), &body].concat()).await?;
        }
        Reply::Unavailable => {
            let head =
                "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
        }
        Reply::CutShort(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            socket.write_all(&[head.as_bytes(), &body[..body.len() / 2]].concat()).await?;
        }
        Reply::CutUnframed(body) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
            socket.write_all(&[head.as_bytes(), &body[..body.len() / 2]].concat()).await?;
        }
        Reply::Stall(time) => tokio::time::sleep(time).await,
        Reply::Reset => socket.set_zero_linger()?,
        Reply::ChunksThenReset(chunks) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\ntransfer-encoding: chunked\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            for chunk in chunks {
                socket.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
                socket.write_all(&chunk).await?;
                socket.write_all(b"\r\n").await?;
            }
            socket.flush().await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
            socket.set_zero_linger()?;
        }
    }
    Ok(())
}

/// The request on a new connection: head, then a body of its `content-length`.
async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<Exchange>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(Exchange { method, target, headers, body }))
}
