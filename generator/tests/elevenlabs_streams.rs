//! The streaming operations of the ElevenLabs client on the wire: text to speech with
//! timestamps (newline-delimited JSON chunks, decoded one by one) and the detailed music
//! stream (server-sent events, with the song id in a response header).

mod wire;

use elevenlabs::Event;
use elevenlabs::types::BodyTextToSpeechStreamWithTimestamps;
use serde_json::json;
use wire::{KEY, client};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn text_to_speech_with_timestamps_streams_one_chunk_per_line() {
    let server = MockServer::start().await;
    let first = json!({
        "audio_base64": "SUQz",
        "alignment": {
            "characters": ["H", "i"],
            "character_start_times_seconds": [0.0, 0.1],
            "character_end_times_seconds": [0.1, 0.25]
        },
        "normalized_alignment": null
    });
    let last = json!({"audio_base64": "AAAA"});
    let body = format!("{first}\n\n{last}\n");
    Mock::given(method("POST"))
        .and(path("/v1/text-to-speech/voice_1/stream/with-timestamps"))
        .and(|request: &wiremock::Request| request.url.query() == Some("enable_logging=false"))
        .and(header("xi-api-key", KEY))
        .and(body_json(json!({"text": "Hi"})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut chunks = client
        .text_to_speech()
        .stream_with_timestamps("voice_1", &BodyTextToSpeechStreamWithTimestamps::new("Hi"))
        .enable_logging(false)
        .await
        .expect("the stream starts");

    let chunk = chunks.next().await.expect("a first chunk").expect("it decodes");
    assert_eq!(chunk.audio_base64, "SUQz");
    let alignment = chunk.alignment.as_ref().expect("an alignment");
    assert_eq!(alignment.characters, ["H", "i"]);
    assert_eq!(alignment.character_end_times_seconds, [0.1, 0.25]);
    assert!(chunk.normalized_alignment.is_null());
    let chunk = chunks.next().await.expect("a second chunk").expect("it decodes");
    assert_eq!(chunk.audio_base64, "AAAA");
    assert!(chunk.alignment.is_absent());
    assert!(chunks.next().await.is_none(), "two chunks only");
}

#[tokio::test]
async fn a_chunk_that_does_not_fit_its_schema_is_an_error_with_the_line() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"audio_base64\": 7}\n", "application/json"))
        .mount(&server)
        .await;
    let client = client(&server);
    let mut chunks = client
        .text_to_speech()
        .stream_with_timestamps("v", &BodyTextToSpeechStreamWithTimestamps::new("Hi"))
        .await
        .expect("the stream starts");
    let error = chunks.next().await.expect("an item").expect_err("7 is not a string");
    let message = error.to_string();
    assert!(message.contains("{\"audio_base64\": 7}"), "{message}");
}

#[tokio::test]
async fn music_detailed_stream_reads_server_sent_events() {
    let server = MockServer::start().await;
    let events = concat!(
        ": keep-alive\n\n",
        "event: composition_plan\n",
        "data: {\"sections\": []}\n\n",
        "event: audio_chunk\n",
        "data: {\"audio\": \"SUQz\",\n",
        "data:  \"index\": 0}\n\n",
        "event: done\n",
        "data: {}\n\n",
    );
    Mock::given(method("POST"))
        .and(path("/v1/music/detailed/stream"))
        .and(|request: &wiremock::Request| request.url.query() == Some("output_format=mp3_44100_128"))
        .and(header("xi-api-key", KEY))
        .and(body_json(json!({"prompt": "calm piano", "music_length_ms": 10000})))
        .respond_with(
            ResponseTemplate::new(200).insert_header("song-id", "song_1").set_body_raw(events, "text/event-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut stream = client
        .music()
        .compose_detailed_stream()
        .prompt("calm piano")
        .music_length_ms(10_000)
        .output_format("mp3_44100_128".into())
        .await
        .expect("the stream starts");
    assert_eq!(stream.headers().get("song-id").expect("a song id"), "song_1");

    let mut received = Vec::new();
    while let Some(event) = stream.next().await {
        received.push(event.expect("an event"));
    }
    let event = |name: &str, data: &str| Event { event: Some(name.into()), data: data.into(), id: None };
    assert_eq!(
        received,
        [
            event("composition_plan", "{\"sections\": []}"),
            event("audio_chunk", "{\"audio\": \"SUQz\",\n \"index\": 0}"),
            event("done", "{}"),
        ]
    );
    let chunk: serde_json::Value = received[1].json().expect("JSON data");
    assert_eq!(chunk, json!({"audio": "SUQz", "index": 0}));
}
