//! Every form of a response an operation offers is a method of its own (the kitchen-sink client
//! against wiremock): JSON and server-sent events of one operation, typed events that end at a
//! `[DONE]`, and audio bytes beside events; multipart answers as a typed JSON part and the parts beside it, or as a stream of parts.

use kitchen_sink::types::{ChatCompleteRequest, SongsComposeRequest, SpeechCreateRequest};
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

/// A multipart/mixed answer as ElevenLabs' music endpoint sends it: a JSON part, then audio.
fn song_body(json: &str) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(b"--song-boundary\r\nContent-Type: application/json\r\n\r\n");
    body.extend_from_slice(json.as_bytes());
    body.extend_from_slice(b"\r\n--song-boundary\r\nContent-Type: audio/mpeg\r\n");
    body.extend_from_slice(b"Content-Disposition: attachment; filename=\"song.mp3\"\r\n\r\n");
    body.extend_from_slice(&[0xff, 0xfb, 0x90, 0x00, b'\r', b'\n', 0x2d, 0x2d]);
    body.extend_from_slice(b"\r\n--song-boundary--\r\n");
    body
}

fn multipart(body: Vec<u8>, boundary: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", format!("multipart/mixed; boundary=\"{boundary}\"").as_str())
        .set_body_bytes(body)
}

#[tokio::test]
async fn a_multipart_answer_splits_into_its_typed_json_part_and_the_audio_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/songs"))
        .respond_with(multipart(song_body(r#"{"title": "Rain", "genres": ["pop"]}"#), "song-boundary"))
        .expect(1)
        .mount(&server)
        .await;
    let song = client(&server.uri()).songs().compose(&SongsComposeRequest::new("rain")).await.expect("the parts");
    assert_eq!(song.json.title, "Rain");
    assert_eq!(song.json.genres.as_deref(), Some(&["pop".to_owned()][..]));
    let [audio] = song.parts.as_slice() else { panic!("one part beside the JSON, got {:?}", song.parts) };
    assert_eq!(audio.content_type(), Some("audio/mpeg"));
    assert_eq!(audio.filename(), Some("song.mp3"));
    assert_eq!(
        &audio.body()[..],
        &[0xff, 0xfb, 0x90, 0x00, b'\r', b'\n', 0x2d, 0x2d],
        "the bytes, a CRLF and dashes in them"
    );
    assert_eq!(song.part("song.mp3").map(|p| p.body().len()), Some(8));
}

#[tokio::test]
async fn a_json_part_of_the_wrong_shape_or_no_multipart_at_all_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/songs"))
        .respond_with(multipart(song_body(r#"{"name": "Rain"}"#), "song-boundary"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/songs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"title": "Rain"})))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    match client.songs().compose(&SongsComposeRequest::new("rain")).await {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("missing field `title`"), "{e}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    match client.songs().compose(&SongsComposeRequest::new("rain")).await {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("not multipart"), "{e}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn parts_without_a_schema_stream_one_by_one_and_a_cut_body_ends_in_an_error() {
    let server = MockServer::start().await;
    let whole = "--b\r\nContent-Disposition: attachment; name=\"a\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfirst\r\n\
                 --b\r\nContent-Type: application/json\r\n\r\n{\"n\": 2}\r\n\
                 --b\r\nContent-Type: text/csv\r\n\r\nthird,unnamed\r\n--b--\r\n";
    Mock::given(method("GET"))
        .and(path("/v1/archive"))
        .respond_with(multipart(whole.as_bytes().to_vec(), "b"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/archive"))
        .respond_with(multipart(
            b"--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--b\r\nContent-Type: te".to_vec(),
            "b",
        ))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let mut parts = client.archive().get().await.expect("the head");
    let first = parts.next().await.expect("a part").expect("read");
    assert_eq!((first.name(), first.filename(), first.content_type()), (Some("a"), Some("a.txt"), Some("text/plain")));
    assert_eq!(&first.body()[..], b"first");
    let second = parts.next().await.expect("a part").expect("read");
    assert_eq!(second.json::<Value>().expect("JSON"), json!({"n": 2}));
    let third = parts.next().await.expect("a part").expect("read");
    assert_eq!(
        (third.name(), third.content_type(), &third.body()[..]),
        (None, Some("text/csv"), &b"third,unnamed"[..])
    );
    assert!(parts.next().await.is_none());

    let cut = client.archive().get().await.expect("the head");
    match cut.collect().await {
        Err(Error::Decode(e)) => assert!(e.to_string().contains("incomplete multipart"), "{e}"),
        other => panic!("a body that breaks off is an error of the stream, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2, "never asked for again");
}
