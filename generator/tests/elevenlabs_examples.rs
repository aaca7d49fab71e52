//! The example programs of `generated/examples` run against a mock server on loopback: the
//! request each sends (method, path, query, headers, JSON or multipart body), what each
//! prints or writes, and that a failing server gives a readable message and exit status 1.

mod wire;

use serde_json::json;
use wire::{KEY, multipart_parts, only_request, run_example, run_example_at};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The error body the API sends for a bad key.
fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401)
        .insert_header("request-id", "req_401")
        .set_body_json(json!({"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}))
}

/// The message every example prints for [`unauthorized`]: `Display`, not `Debug`.
const UNAUTHORIZED: &str = "error: the API answered 401 Unauthorized (request id req_401): Invalid API key\n";

/// The query string exactly (wiremock's `query_param` would allow more parameters).
fn query_is(expected: &'static str) -> impl Fn(&Request) -> bool {
    move |request: &Request| request.url.query() == Some(expected)
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("elevenlabs-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[tokio::test]
async fn text_to_speech_stream_writes_the_audio_as_it_arrives() {
    let server = MockServer::start().await;
    // Large enough to arrive in several chunks.
    let audio: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("POST"))
        .and(path("/v1/text-to-speech/voice%201/stream"))
        .and(query_is("output_format=mp3_44100_128"))
        .and(header("xi-api-key", KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"text": "Hello there", "model_id": "eleven_multilingual_v2"})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
        .expect(1)
        .mount(&server)
        .await;
    let out = temp_path("hello.mp3");
    let out_arg = out.to_str().expect("utf-8 path");
    let output = run_example("text_to_speech_stream", &["voice 1", "Hello there", out_arg, &server.uri()]).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("wrote 200000 bytes to {out_arg}\n"));
    assert_eq!(std::fs::read(&out).expect("the audio file"), audio);
}

#[tokio::test]
async fn text_to_speech_stream_reports_a_refusal_and_writes_no_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(unauthorized()).expect(1).mount(&server).await;
    let out = temp_path("refused.mp3");
    let output = run_example("text_to_speech_stream", &["v1", "Hi", out.to_str().expect("utf-8"), &server.uri()]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), UNAUTHORIZED);
    assert!(output.stdout.is_empty());
    assert!(!out.exists(), "no file for a refused request");
}

#[tokio::test]
async fn speech_to_text_uploads_the_file_and_prints_the_text() {
    let server = MockServer::start().await;
    let transcript = json!({
        "language_code": "eng",
        "language_probability": 0.98,
        "text": "Hello world.",
        "words": [{"text": "Hello", "type": "word", "logprob": -0.1, "start": 0.0, "end": 0.4}]
    });
    Mock::given(method("POST"))
        .and(path("/v1/speech-to-text"))
        .and(header("xi-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(transcript))
        .expect(1)
        .mount(&server)
        .await;
    let audio = b"RIFF\x24\x00\x00\x00WAVEfmt \x00\x01\r\n--not-a-boundary\r\n\xff";
    let file = temp_path("clip.wav");
    std::fs::write(&file, audio).expect("write the audio");
    let output = run_example("speech_to_text", &[file.to_str().expect("utf-8"), &server.uri()]).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Hello world.\n");

    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    let parts = multipart_parts(&request);
    let expected: Vec<(String, Vec<u8>)> = vec![
        ("Content-Disposition: form-data; name=\"model_id\"".into(), b"scribe_v2".to_vec()),
        (
            "Content-Disposition: form-data; name=\"file\"; filename=\"clip.wav\" | Content-Type: application/octet-stream"
                .into(),
            audio.to_vec(),
        ),
        ("Content-Disposition: form-data; name=\"tag_audio_events\"".into(), b"true".to_vec()),
    ];
    assert_eq!(parts, expected);
}

#[tokio::test]
async fn speech_to_text_prints_one_line_per_channel() {
    let server = MockServer::start().await;
    let channel = |index: i64, text: &str| json!({"language_code": "eng", "language_probability": 0.9, "text": text, "words": [], "channel_index": index});
    let reply = json!({"transcripts": [channel(0, "Hi, how can I help?"), channel(1, "My order is late.")]});
    Mock::given(method("POST"))
        .and(path("/v1/speech-to-text"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .expect(1)
        .mount(&server)
        .await;
    let file = temp_path("call.wav");
    std::fs::write(&file, b"stereo").expect("write the audio");
    let output = run_example("speech_to_text", &[file.to_str().expect("utf-8"), &server.uri()]).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "[channel 0] Hi, how can I help?\n[channel 1] My order is late.\n"
    );
}

#[tokio::test]
async fn speech_to_text_reports_a_refusal_and_a_missing_file() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(unauthorized()).expect(1).mount(&server).await;
    let file = temp_path("refused.wav");
    std::fs::write(&file, b"audio").expect("write the audio");
    let output = run_example("speech_to_text", &[file.to_str().expect("utf-8"), &server.uri()]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), UNAUTHORIZED);

    let missing = temp_path("missing.wav");
    let output = run_example("speech_to_text", &[missing.to_str().expect("utf-8"), &server.uri()]).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with(&format!("error: cannot read {}: ", missing.display())), "{stderr}");
}

/// A voice as `GET /v2/voices` lists it, with the fields its schema requires.
fn voice(id: &str, name: &str, category: &str) -> serde_json::Value {
    json!({
        "voice_id": id, "name": name, "category": category, "labels": {"accent": "british"},
        "available_for_tiers": [], "high_quality_base_model_ids": []
    })
}

#[tokio::test]
async fn list_voices_follows_the_page_tokens() {
    let server = MockServer::start().await;
    let page = |voices: Vec<serde_json::Value>, has_more: bool, token: serde_json::Value| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"voices": voices, "has_more": has_more, "total_count": 3, "next_page_token": token}))
    };
    Mock::given(method("GET"))
        .and(path("/v2/voices"))
        .and(query_is("page_size=50&search=calm"))
        .and(header("xi-api-key", KEY))
        .respond_with(page(vec![voice("v1", "Rachel", "premade"), voice("v2", "Adam", "premade")], true, json!("t2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/voices"))
        .and(query_is("page_size=50&search=calm&next_page_token=t2"))
        .respond_with(page(vec![voice("v3", "My clone", "cloned")], false, json!(null)))
        .expect(1)
        .mount(&server)
        .await;
    let output = run_example("list_voices", &["calm", &server.uri()]).await;
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "v1\tRachel (premade)\nv2\tAdam (premade)\nv3\tMy clone (cloned)\n3 voices\n"
    );
}

#[tokio::test]
async fn list_voices_reports_a_refusal_on_a_later_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/voices"))
        .and(query_is("page_size=50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"voices": [voice("v1", "Rachel", "premade")], "has_more": true, "total_count": 2, "next_page_token": "t2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/voices"))
        .and(query_is("page_size=50&next_page_token=t2"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    // The server's address from the environment this time.
    let output = run_example_at("list_voices", &[], Some(&server.uri())).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "v1\tRachel (premade)\n");
    assert_eq!(String::from_utf8_lossy(&output.stderr), UNAUTHORIZED);
}
