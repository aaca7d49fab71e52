//! The kitchen-sink's WebSocket channels, generated from plain AsyncAPI 2.6 documents (one
//! YAML, one JSON, AsyncAPI's own `publish`/`subscribe` meaning), against a tokio-tungstenite
//! server on loopback: path, query and header bindings on the upgrade, JSON and binary frames
//! both ways, messages told apart by a tag and by their fields, a base64 field as bytes; and
//! an OpenAPI `GET` answered `101 Switching Protocols`, a channel of untyped messages.

mod socket_server;

use futures_util::{SinkExt, StreamExt};
use kitchen_sink::types::{
    ChatLiveClientMessage, ChatLiveServerMessage as ChatMessage, Halt, LiveJoinClientMessage, LiveJoinServerMessage,
    MarketTickerServerMessage as Tick, Quote, Say, Typing, Watch,
};
use kitchen_sink::{Client, SocketError};
use serde_json::json;
use socket_server::{close_with, read_frames, send_texts, serve, texts};
use tokio_tungstenite::tungstenite::Message;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const KEY: &str = "ks_secret";

#[tokio::test]
async fn chat_sends_json_and_binary_frames_and_decodes_tagged_and_binary_messages() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let frames = read_frames(&mut ws, 3).await;
            send_texts(
                &mut ws,
                &[
                    r#"{"kind":"joined","who":"bob"}"#,
                    r#"{"kind":"said","who":"bob","text":"hi","attachment":"aGk="}"#,
                    r#"{"kind":"left","who":"bob"}"#,
                ],
            )
            .await;
            ws.send(Message::binary(vec![0x89u8, b'P', b'N', b'G'])).await.expect("binary");
            close_with(&mut ws, 1000, "bye").await;
            frames
        })
    }))
    .await;
    let client = Client::builder().api_key(KEY).base_url(&base_url).build()?;
    let mut session = client
        .chat()
        .live("room 1/a", "ann")
        .replay(5)
        .x_client_version("2.1")
        .header("x-trace", "t-1")
        .connect()
        .await?;
    let mut say = Say::new("hello");
    say.set_attachment_bytes(b"file");
    session.send(say).await?;
    session.send(Typing::default()).await?;
    session.send(ChatLiveClientMessage::Upload(vec![1, 2, 3])).await?;

    assert_eq!(session.recv().await?, Some(ChatMessage::Joined(kitchen_sink::types::Joined::new("bob"))));
    let Some(ChatMessage::Said(said)) = session.recv().await? else { panic!("expected a line") };
    assert_eq!((said.who.as_str(), said.text.as_str()), ("bob", "hi"));
    assert_eq!(said.attachment_bytes().transpose()?, Some(b"hi".to_vec()));
    assert_eq!(session.recv().await?, Some(ChatMessage::Unknown(json!({"kind": "left", "who": "bob"}))));
    assert_eq!(session.recv().await?, Some(ChatMessage::Snapshot(vec![0x89, b'P', b'N', b'G'])));
    assert_eq!(session.recv().await?, None);

    let (upgrade, frames) = server.await?;
    assert_eq!(upgrade.path, "/v1/rooms/room%201%2Fa/live");
    assert_eq!(upgrade.query.as_deref(), Some("nickname=ann&replay=5"));
    assert_eq!(upgrade.headers.get("x-api-key").map(String::as_str), Some(KEY));
    assert_eq!(upgrade.headers.get("x-client-version").map(String::as_str), Some("2.1"));
    assert_eq!(upgrade.headers.get("x-trace").map(String::as_str), Some("t-1"));
    assert_eq!(
        texts(&frames[..2]),
        [r#"{"kind":"say","text":"hello","attachment":"ZmlsZQ=="}"#, r#"{"kind":"typing"}"#]
    );
    assert_eq!(frames[2], Message::binary(vec![1u8, 2, 3]));
    Ok(())
}

#[tokio::test]
async fn ticker_tells_untagged_messages_apart_by_their_fields_and_reports_a_close_code() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let frames = read_frames(&mut ws, 1).await;
            send_texts(
                &mut ws,
                &[
                    r#"{"symbol":"ACME","price":12.5}"#,
                    r#"{"halted":true,"symbol":"ACME"}"#,
                    r#"{"symbol":"ACME"}"#,
                    r#"[1, 2]"#,
                ],
            )
            .await;
            close_with(&mut ws, 4001, "market closed").await;
            frames
        })
    }))
    .await;
    // No API key: none is sent.
    let client = Client::builder().base_url(&base_url).build()?;
    let session = client.market().ticker().connect().await?;
    let (mut sender, receiver) = session.split();
    sender.send(Watch::new(vec!["ACME".into()])).await?;
    let got: Vec<Result<Tick, SocketError>> = receiver.collect().await;
    let [Ok(quote), Ok(halt), Ok(neither), Ok(list), Err(SocketError::Closed { code, reason })] = got.as_slice() else {
        panic!("unexpected: {got:?}")
    };
    assert_eq!(quote, &Tick::Quote(Quote::new("ACME", 12.5)));
    // A message the server sends is read, not built: no setters; its fields are public.
    let mut expected = Halt::default();
    (expected.halted, expected.symbol) = (Some(true), Some("ACME".into()));
    assert_eq!(halt, &Tick::Halt(expected));
    // A halt is only a halt when it says so: anything else is kept as it came.
    assert_eq!(neither, &Tick::Unknown(json!({"symbol": "ACME"})));
    assert_eq!(list, &Tick::Unknown(json!([1, 2])));
    assert_eq!((*code, reason.as_str()), (4001, "market closed"));

    let (upgrade, frames) = server.await?;
    assert_eq!((upgrade.path.as_str(), upgrade.query.as_deref()), ("/v1/market/ticker", None));
    assert!(!upgrade.headers.contains_key("x-api-key"));
    assert_eq!(texts(&frames), [r#"{"symbols":["ACME"]}"#]);
    Ok(())
}

#[tokio::test]
async fn a_close_from_the_client_carries_its_code_and_reason_and_the_answer_ends_the_stream() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let mut frames = Vec::new();
            // Everything up to and including the client's close frame; tungstenite answers it
            // with the same code, as RFC 6455 asks.
            while let Some(Ok(message)) = ws.next().await {
                let is_close = matches!(message, Message::Close(_));
                frames.push(message);
                if is_close {
                    break;
                }
            }
            while let Some(Ok(_)) = ws.next().await {}
            frames
        })
    }))
    .await;
    let client = Client::builder().base_url(&base_url).build()?;
    let mut session = client.market().ticker().connect().await?;
    session.send(Watch::new(vec![])).await?;
    session.close(4000, "done watching").await?;
    // The server's answering close (code 4000) is no error: the client asked for it.
    assert!(session.recv().await?.is_none());
    let (_, frames) = server.await?;
    let [Message::Text(watch), Message::Close(Some(close))] = frames.as_slice() else { panic!("{frames:?}") };
    assert_eq!(watch.as_str(), r#"{"symbols":[]}"#);
    assert_eq!((u16::from(close.code), close.reason.as_str()), (4000, "done watching"));
    Ok(())
}

#[tokio::test]
async fn a_get_answered_101_is_a_channel_with_its_parameters_on_the_upgrade() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let frames = read_frames(&mut ws, 2).await;
            send_texts(&mut ws, &[r#"{"joined":true,"members":[1,2]}"#]).await;
            ws.send(Message::binary(vec![7u8, 8])).await.expect("binary");
            close_with(&mut ws, 1000, "bye").await;
            frames
        })
    }))
    .await;
    let client = Client::builder().api_key(KEY).base_url(&base_url).build()?;
    let mut session = client.live().join("lobby 1").since(42).x_client("cli/1").connect().await?;
    session.send(LiveJoinClientMessage::Json(json!({"say": "hi"}))).await?;
    session.send(LiveJoinClientMessage::Binary(vec![1, 2, 3])).await?;
    assert_eq!(session.recv().await?, Some(LiveJoinServerMessage::Json(json!({"joined": true, "members": [1, 2]}))));
    assert_eq!(session.recv().await?, Some(LiveJoinServerMessage::Binary(vec![7, 8])));
    assert_eq!(session.recv().await?, None);

    let (upgrade, frames) = server.await?;
    assert_eq!(upgrade.path, "/v1/live/lobby%201");
    assert_eq!(upgrade.query.as_deref(), Some("since=42"));
    assert_eq!(upgrade.headers.get("x-client").map(String::as_str), Some("cli/1"));
    assert_eq!(upgrade.headers.get("x-api-key").map(String::as_str), Some(KEY));
    assert_eq!(texts(&frames[..1]), [r#"{"say":"hi"}"#]);
    assert_eq!(frames[1], Message::binary(vec![1u8, 2, 3]));
    Ok(())
}
