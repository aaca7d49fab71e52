//! Every form of a response an operation offers is a method of its own (the kitchen-sink client
//! against wiremock): JSON and server-sent events of one operation, typed events that end at a
//! `[DONE]`, and audio bytes beside events.

use kitchen_sink::types::{ChatCompleteRequest, SpeechCreateRequest};
use kitchen_sink::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base: &str) -> Client {
    Client::builder().api_key("ks_secret").base_url(base).max_retries(0).build().expect("client")
}

fn events(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(body)
}

#[tokio::test]
async fn the_json_method_and_the_stream_method_ask_for_their_forms() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"text": "Hello there"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("accept", "text/event-stream"))
        .respond_with(events(
            "data: {\"delta\": \"Hel\"}\n\n: a comment\ndata: {\"delta\": \"lo\"}\n\ndata: [DONE]\n\ndata: {\"delta\": \"never read\"}\n\n",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let body = ChatCompleteRequest::new("Hi");

    let whole = client.chat().complete(&body).await.expect("JSON");
    assert_eq!(whole.text, "Hello there");

    let mut stream = client.chat().complete_stream(&body).await.expect("events");
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        text.push_str(&chunk.expect("a chunk").delta);
    }
    assert_eq!(text, "Hello", "the [DONE] event ends the stream; nothing after it is read");

    let requests = server.received_requests().await.expect("recorded");
    let sent: Vec<Value> = requests.iter().map(|r| serde_json::from_slice(&r.body).expect("JSON body")).collect();
    assert_eq!(sent[0], json!({"prompt": "Hi"}), "the JSON method sends the body as it is");
    assert_eq!(sent[1], json!({"prompt": "Hi", "stream": true}), "the stream method sets `stream`");
}

#[tokio::test]
async fn an_event_whose_data_is_not_the_declared_type_is_a_decode_error_and_raw_events_stay_available() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .respond_with(events("data: {\"delta\": \"a\"}\n\ndata: {\"oops\": 1}\n\n"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let body = ChatCompleteRequest::new("Hi");
    let mut stream = client.chat().complete_stream(&body).await.expect("events");
    assert_eq!(stream.next().await.expect("first").expect("decodes").delta, "a");
    match stream.next().await {
        Some(Err(Error::Decode(e))) => assert!(e.to_string().contains("delta"), "{e}"),
        other => panic!("expected a decode error, got {other:?}"),
    }

    let mut raw = client.chat().complete_stream(&body).await.expect("events").into_events();
    let first = raw.next().await.expect("first").expect("an event");
    assert_eq!(first.data, "{\"delta\": \"a\"}");
    assert_eq!(raw.next().await.expect("second").expect("an event").data, "{\"oops\": 1}");
    assert!(raw.next().await.is_none());
}

#[tokio::test]
async fn audio_bytes_and_the_same_as_typed_events() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/speech"))
        .and(header("accept", "audio/mpeg"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("content-type", "audio/mpeg").set_body_bytes(b"ID3audio".to_vec()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/speech"))
        .and(header("accept", "text/event-stream"))
        .respond_with(events("event: chunk\ndata: {\"audio_base64\": \"SUQz\"}\n\n"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let body = SpeechCreateRequest::new("Hello");
    let audio = client.speech().create(&body).await.expect("bytes").collect().await.expect("whole");
    assert_eq!(&audio[..], b"ID3audio");
    let mut events = client.speech().create_events(&body).await.expect("events");
    assert_eq!(events.next().await.expect("one").expect("decodes").audio_base64, "SUQz");
    assert!(events.next().await.is_none());
    let requests = server.received_requests().await.expect("recorded");
    let sent: Value = serde_json::from_slice(&requests[1].body).expect("JSON body");
    assert_eq!(sent, json!({"text": "Hello"}), "no `stream` property to set: the body is sent as it is");
}
