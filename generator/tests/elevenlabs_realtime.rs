//! The four WebSocket channels of `generated/` against a tokio-tungstenite server on loopback:
//! the upgrade request (path, query string, API key header), the exact frames the client
//! sends, the server's messages decoded into the right arms (and `Unknown`), ping answered,
//! a close frame with a code, a dropped connection, a malformed frame, and the
//! `realtime_text_to_speech` example end to end.

mod socket_server;
mod wire;

use std::time::Duration;

use elevenlabs::types::{
    CloseConnection, CloseContextClient, CloseSocketClient, ConversationalAiConversationServerMessage as ConvaiMessage,
    InitialiseContext, InitializeConnection, InputAudioChunk, OutputFormat2, Pong, SendText, SendTextMulti,
    SpeechToTextRealtimeServerMessage as SttMessage, TextToSpeechMultiStreamInputServerMessage as MultiMessage,
    TextToSpeechStreamInputServerMessage as TtsMessage, UserMessage,
};
use elevenlabs::{Client, SocketError};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use socket_server::{close_with, read_frames, send_texts, serve, texts};
use tokio_tungstenite::tungstenite::Message;
use wire::KEY;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn client(base_url: &str) -> Client {
    Client::builder().api_key(KEY).base_url(base_url).build().expect("client")
}

#[tokio::test]
async fn stream_input_sends_its_messages_and_decodes_audio_final_and_unknown() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let frames = read_frames(&mut ws, 3).await;
            send_texts(
                &mut ws,
                &[
                    r#"{"audio":"SGVsbG8=","normalizedAlignment":{"chars":["H"],"charStartTimesMs":[0],"charDurationsMs":[3]}}"#,
                    r#"{"isFinal":true}"#,
                    r#"{"warning":"a message kind from a later version"}"#,
                ],
            )
            .await;
            close_with(&mut ws, 1000, "done").await;
            frames
        })
    }))
    .await;
    let client = client(&base_url);
    let mut session = client
        .text_to_speech()
        .stream_input("voice 1")
        .model_id("eleven_flash_v2_5")
        .output_format(OutputFormat2::Mp344100128)
        .connect()
        .await?;
    session.send(InitializeConnection::default()).await?;
    let mut text = SendText::new("Hello ");
    text.flush = Some(true);
    session.send(text).await?;
    session.send(CloseConnection::default()).await?;

    let Some(TtsMessage::AudioOutput(audio)) = session.recv().await? else { panic!("expected audio") };
    assert_eq!(audio.audio_bytes()?, b"Hello");
    assert_eq!(audio.normalized_alignment.map(|a| a.chars), Some(Some(vec!["H".to_owned()])));
    let Some(TtsMessage::FinalOutput(last)) = session.recv().await? else { panic!("expected the final message") };
    assert_eq!(last.is_final, Some(true));
    assert_eq!(
        session.recv().await?,
        Some(TtsMessage::Unknown(json!({"warning": "a message kind from a later version"})))
    );
    // A normal closure ends the stream: no error, no more messages.
    assert!(session.recv().await?.is_none());
    assert!(session.recv().await?.is_none());

    let (upgrade, frames) = server.await?;
    assert_eq!(upgrade.path, "/v1/text-to-speech/voice%201/stream-input");
    assert_eq!(upgrade.query.as_deref(), Some("model_id=eleven_flash_v2_5&output_format=mp3_44100_128"));
    assert_eq!(upgrade.headers.get("xi-api-key").map(String::as_str), Some(KEY));
    assert_eq!(texts(&frames), [r#"{"text":" "}"#, r#"{"text":"Hello ","flush":true}"#, r#"{"text":""}"#]);
    Ok(())
}

#[tokio::test]
async fn multi_stream_input_split_halves_work_at_once_and_a_close_code_is_an_error() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let mut frames = read_frames(&mut ws, 1).await;
            send_texts(&mut ws, &[r#"{"audio":"AAEC","contextId":"ctx 1","alignment":null}"#]).await;
            frames.extend(read_frames(&mut ws, 3).await);
            send_texts(&mut ws, &[r#"{"isFinal":true,"contextId":"ctx 1"}"#]).await;
            close_with(&mut ws, 1008, "Maximum contexts exceeded").await;
            frames
        })
    }))
    .await;
    let client = client(&base_url);
    let session = client.text_to_speech().multi_stream_input("v").connect().await?;
    let (mut sender, mut receiver) = session.split();
    let mut first = InitialiseContext::new(" ");
    first.context_id = Some("ctx 1".into());
    sender.send(first).await?;
    // The receiver runs in its own task while the sender goes on.
    let receiving = tokio::spawn(async move {
        let mut got = Vec::new();
        loop {
            match receiver.recv().await {
                Ok(Some(message)) => got.push(message),
                Ok(None) => return (got, None),
                Err(error) => return (got, Some(error)),
            }
        }
    });
    let mut text = SendTextMulti::new("Hi ");
    text.context_id = Some("ctx 1".into());
    sender.send(text).await?;
    sender.send(CloseContextClient::new("ctx 1", true)).await?;
    sender.send(CloseSocketClient::default().with_close_socket(true)).await?;
    let (got, error) = receiving.await?;
    let [MultiMessage::AudioOutputMulti(audio), MultiMessage::FinalOutputMulti(last)] = got.as_slice() else {
        panic!("expected audio then final: {got:?}")
    };
    assert_eq!((audio.audio_bytes()?, audio.context_id.as_deref()), (vec![0, 1, 2], Some("ctx 1")));
    assert_eq!(audio.alignment, elevenlabs::Nullable::Null);
    assert!(last.is_final);
    match error {
        Some(SocketError::Closed { code, reason }) => {
            assert_eq!((code, reason.as_str()), (1008, "Maximum contexts exceeded"))
        }
        other => panic!("expected a close error, got {other:?}"),
    }
    let (upgrade, frames) = server.await?;
    assert_eq!((upgrade.path.as_str(), upgrade.query.as_deref()), ("/v1/text-to-speech/v/multi-stream-input", None));
    assert_eq!(
        texts(&frames),
        [
            r#"{"text":" ","context_id":"ctx 1"}"#,
            r#"{"text":"Hi ","context_id":"ctx 1"}"#,
            r#"{"context_id":"ctx 1","close_context":true}"#,
            r#"{"close_socket":true}"#,
        ]
    );
    Ok(())
}

#[tokio::test]
async fn realtime_speech_to_text_with_a_token_tags_messages_and_reports_a_dropped_connection() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            let frames = read_frames(&mut ws, 1).await;
            send_texts(
                &mut ws,
                &[
                    r#"{"message_type":"session_started","session_id":"s1","config":{"sample_rate":16000,"audio_format":"pcm_16000"}}"#,
                    r#"{"message_type":"partial_transcript","text":"hel"}"#,
                    r#"{"message_type":"committed_transcript_with_timestamps","text":"hello","language_code":null,"words":[{"text":"hello","start":0.0,"end":0.5,"type":"word"}]}"#,
                    r#"{"message_type":"quota_exceeded","error":"no credits"}"#,
                    r#"{"message_type":"speaker_changed","speaker":2}"#,
                ],
            )
            .await;
            // The connection ends without a close frame.
            drop(ws);
            frames
        })
    }))
    .await;
    // No API key: the single-use token travels in the query.
    let client = Client::builder().base_url(&base_url).build()?;
    let mut session = client
        .speech_to_text()
        .realtime()
        .model_id("scribe_v2_realtime")
        .token("tok 1")
        .include_timestamps(true)
        .connect()
        .await?;
    let mut chunk = InputAudioChunk::new("", true, 16000);
    chunk.set_audio_bytes(&[0, 1, 2, 253, 254, 255]);
    session.send(chunk).await?;

    let messages: Vec<Result<SttMessage, SocketError>> = session.by_ref().collect().await;
    let (ok, errors): (Vec<_>, Vec<_>) = messages.into_iter().partition(Result::is_ok);
    let ok: Vec<SttMessage> = ok.into_iter().map(Result::unwrap).collect();
    let [
        SttMessage::SessionStarted(started),
        SttMessage::PartialTranscript(partial),
        SttMessage::CommittedTranscriptWithTimestamps(committed),
        SttMessage::ScribeQuotaExceededError(quota),
        SttMessage::Unknown(unknown),
    ] = ok.as_slice()
    else {
        panic!("unexpected messages: {ok:?}")
    };
    assert_eq!((started.session_id.as_str(), started.config.sample_rate), ("s1", Some(16000)));
    assert_eq!(partial.text, "hel");
    assert_eq!(committed.language_code, elevenlabs::Nullable::Null);
    assert_eq!(committed.words.clone().into_option().map(|w| w[0].end), Some(Some(0.5)));
    assert_eq!(quota.error, "no credits");
    assert_eq!(unknown, &json!({"message_type": "speaker_changed", "speaker": 2}));
    assert!(matches!(errors.as_slice(), [Err(SocketError::Dropped)]), "{errors:?}");

    let (upgrade, frames) = server.await?;
    assert_eq!(upgrade.path, "/v1/speech-to-text/realtime");
    assert_eq!(upgrade.query.as_deref(), Some("model_id=scribe_v2_realtime&token=tok+1&include_timestamps=true"));
    assert!(!upgrade.headers.contains_key("xi-api-key"), "no key configured, none sent");
    assert_eq!(
        texts(&frames),
        [r#"{"message_type":"input_audio_chunk","audio_base_64":"AAEC/f7/","commit":true,"sample_rate":16000}"#]
    );
    Ok(())
}

#[tokio::test]
async fn conversation_answers_pings_and_survives_a_malformed_frame() -> TestResult {
    let (base_url, server) = serve(Box::new(|mut ws| {
        Box::pin(async move {
            ws.send(Message::Ping(b"are you there".to_vec().into())).await.expect("ping");
            // The client answers the ping while it reads.
            let pong = loop {
                match ws.next().await {
                    Some(Ok(Message::Pong(payload))) => break payload.to_vec(),
                    Some(Ok(_)) => {}
                    other => panic!("no pong: {other:?}"),
                }
            };
            assert_eq!(pong, b"are you there");
            send_texts(
                &mut ws,
                &[
                    r#"{"type":"ping","ping_event":{"event_id":7,"ping_ms":20}}"#,
                    "this is not JSON",
                    r#"{"type":"audio","audio_event":{"audio_base_64":"/+7d","event_id":8}}"#,
                ],
            )
            .await;
            ws.send(Message::binary(vec![1u8, 2])).await.expect("binary");
            let frames = read_frames(&mut ws, 2).await;
            close_with(&mut ws, 1000, "").await;
            frames
        })
    }))
    .await;
    let client = client(&base_url);
    let mut session = client.conversational_ai().conversation().agent_id(json!("agent_1")).connect().await?;

    let Some(ConvaiMessage::Ping(ping)) = session.recv().await? else { panic!("expected a ping message") };
    let event_id = ping.ping_event.and_then(|e| e.event_id);
    assert_eq!(event_id, Some(7));
    match session.recv().await {
        Err(SocketError::Decode { frame: elevenlabs::Frame::Text(text), .. }) => assert_eq!(text, "this is not JSON"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // The session goes on after a malformed frame.
    let Some(ConvaiMessage::AudioResponse(audio)) = session.recv().await? else { panic!("expected audio") };
    let event = audio.audio_event.expect("an audio event");
    assert_eq!(event.audio_bytes().transpose()?, Some(vec![0xff, 0xee, 0xdd]));
    match session.recv().await {
        Err(SocketError::Decode { frame: elevenlabs::Frame::Binary(bytes), .. }) => assert_eq!(bytes, [1, 2]),
        other => panic!("a binary frame on a JSON-only channel is an error, got {other:?}"),
    }
    let mut pong = Pong::default();
    pong.event_id = event_id;
    session.send(pong).await?;
    session.send(UserMessage::default().with_text("Hi")).await?;
    assert!(session.recv().await?.is_none());

    let (upgrade, frames) = server.await?;
    assert_eq!(
        (upgrade.path.as_str(), upgrade.query.as_deref()),
        ("/v1/convai/conversation", Some("agent_id=agent_1"))
    );
    assert_eq!(upgrade.headers.get("xi-api-key").map(String::as_str), Some(KEY));
    assert_eq!(texts(&frames), [r#"{"type":"pong","event_id":7}"#, r#"{"type":"user_message","text":"Hi"}"#]);
    Ok(())
}

#[tokio::test]
async fn a_refused_upgrade_and_a_silent_server_are_typed_errors() -> TestResult {
    // A server that answers the upgrade with 403.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut stream, _) = listener.accept().await.expect("a connection");
        let mut buffer = [0u8; 4096];
        let _ = stream.read(&mut buffer).await;
        let reply = "HTTP/1.1 403 Forbidden\r\ncontent-length: 11\r\nconnection: close\r\n\r\ninvalid key";
        stream.write_all(reply.as_bytes()).await.expect("write");
    });
    let client = client(&base_url);
    match client.speech_to_text().realtime().connect().await {
        Err(SocketError::Rejected { status, body }) => assert_eq!((status, body.as_str()), (403, "invalid key")),
        other => panic!("expected a refusal, got {other:?}"),
    }

    // A server that accepts the connection and never answers the upgrade.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", silent.local_addr()?);
    let held = tokio::spawn(async move {
        let mut streams = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            streams.push(stream);
        }
    });
    let client =
        Client::builder().api_key(KEY).base_url(&base_url).connect_timeout(Duration::from_millis(200)).build()?;
    let started = std::time::Instant::now();
    match client.speech_to_text().realtime().connect().await {
        Err(SocketError::Timeout(limit)) => assert_eq!(limit, Duration::from_millis(200)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // The same limit for one session only.
    let client = Client::builder().api_key(KEY).base_url(&base_url).build()?;
    match client.speech_to_text().realtime().timeout(Duration::from_millis(150)).connect().await {
        Err(SocketError::Timeout(limit)) => assert_eq!(limit, Duration::from_millis(150)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    held.abort();
    Ok(())
}

#[tokio::test]
async fn the_realtime_example_streams_text_chunks_in_and_writes_the_mp3() -> TestResult {
    let audio: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let chunks: Vec<String> = audio
        .chunks(1024)
        .map(|c| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(c)
        })
        .collect();
    let (base_url, server) = serve(Box::new(move |mut ws| {
        Box::pin(async move {
            // The opening space, two lines of text, the empty closing text.
            let frames = read_frames(&mut ws, 4).await;
            for chunk in &chunks {
                ws.send(Message::text(json!({"audio": chunk}).to_string())).await.expect("audio");
            }
            send_texts(&mut ws, &[r#"{"isFinal":true}"#]).await;
            close_with(&mut ws, 1000, "").await;
            frames
        })
    }))
    .await;
    let out = std::env::temp_dir().join(format!("elevenlabs-realtime-{}.mp3", std::process::id()));
    let out_arg = out.to_str().expect("a UTF-8 path").to_owned();
    let binary = wire::example_binary("realtime_text_to_speech");
    let output = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = std::process::Command::new(binary)
            .args(["voice_1", &out_arg, &base_url])
            .env("ELEVENLABS_API_KEY", KEY)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run the example");
        child.stdin.take().expect("stdin").write_all(b"Hello there.\n\nHow are you?\n").expect("write stdin");
        child.wait_with_output().expect("the example's output")
    })
    .await?;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("wrote 3000 bytes to {}\n", out.display()));
    assert_eq!(std::fs::read(&out)?, audio);
    let (upgrade, frames) = server.await?;
    assert_eq!(upgrade.query.as_deref(), Some("model_id=eleven_flash_v2_5&output_format=mp3_44100_128"));
    assert_eq!(
        texts(&frames),
        [r#"{"text":" "}"#, r#"{"text":"Hello there. "}"#, r#"{"text":"How are you? "}"#, r#"{"text":""}"#]
    );
    Ok(())
}

/// How the server ends a session in [`every_channel_reports_a_close_code_and_a_dropped_connection`].
#[derive(Clone, Copy)]
enum Ending {
    CloseWith(u16),
    Drop,
}

fn ending_server(ending: Ending) -> socket_server::Script {
    Box::new(move |mut ws| {
        Box::pin(async move {
            match ending {
                Ending::CloseWith(code) => close_with(&mut ws, code, "going away now").await,
                Ending::Drop => drop(ws),
            }
            Vec::new()
        })
    })
}

/// The first thing a session yields: it must be an error.
async fn first_error<C: elevenlabs::Outgoing, S: elevenlabs::Incoming + std::fmt::Debug>(
    session: elevenlabs::Session<C, S>,
) -> SocketError {
    let mut session = session;
    match session.recv().await {
        Err(error) => error,
        Ok(other) => panic!("expected an error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_channel_reports_a_close_code_and_a_dropped_connection() -> TestResult {
    for ending in [Ending::CloseWith(4002), Ending::Drop] {
        for channel in 0..4 {
            let (base_url, server) = serve(ending_server(ending)).await;
            let client = client(&base_url);
            let error = match channel {
                0 => first_error(client.text_to_speech().stream_input("v").connect().await?).await,
                1 => first_error(client.text_to_speech().multi_stream_input("v").connect().await?).await,
                2 => first_error(client.speech_to_text().realtime().connect().await?).await,
                _ => first_error(client.conversational_ai().conversation().connect().await?).await,
            };
            match (ending, error) {
                (Ending::CloseWith(code), SocketError::Closed { code: got, reason }) => {
                    assert_eq!((got, reason.as_str()), (code, "going away now"), "channel {channel}")
                }
                (Ending::Drop, SocketError::Dropped) => {}
                (_, other) => panic!("channel {channel}: unexpected {other:?}"),
            }
            server.await?;
        }
    }
    Ok(())
}
