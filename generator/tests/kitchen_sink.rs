//! The fixture client (generated from tests/fixtures/kitchen-sink) against real HTTP servers
//! on loopback: parameters, JSON bodies, unions, multipart uploads, byte streams, JSON-chunk
//! streams and server-sent events, each checked on the wire.

mod common;

use std::collections::BTreeMap;

use common::sequence;

use kitchen_sink::types::{
    Circle, Codec, ConvertOutputFormat, CreateShapeRequest, CreateShapeRequestStyle, DashedStroke, Include, Item, Node,
    NotFound, Owner, Priority, Shape, ShapeKind, SolidStroke, Speech, Square, Status, Stroke, UploadRequest,
};
use kitchen_sink::{Client, Error, File, Nullable};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "ks_secret";

fn client(base: &str) -> Client {
    Client::builder().api_key(KEY).base_url(base).build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn item_json() -> Value {
    json!({
        "id": "it_1",
        "type": "widget",
        "display-name": "Widget",
        "count": 3,
        "owner": null,
        "status": "frozen",
        "shape": {"kind": "circle", "radius": 2.5},
        "settings": {"enabled": false, "mode": "fast"},
        "labels": {"a": "b"},
        "priority": 7,
        "brand_new_field": [1, 2]
    })
}

#[tokio::test]
async fn get_sends_path_query_and_headers_and_decodes_every_kind_of_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/items/it%201"))
        .and(header("x-api-key", KEY))
        .and(header("x-trace-id", "trace-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .expect(1)
        .mount(&server)
        .await;
    // Optional parameters are set by name; one not set (`version`) is left out.
    let item = client(&server.uri())
        .items()
        .get("it 1")
        .include(vec![Include::Owner, Include::Tags])
        .fields(vec!["id".into(), "type".into()])
        .x_trace_id("trace-7")
        .await
        .expect("item");

    let request = only_request(&server).await;
    // Exploded arrays repeat the key; `explode: false` joins with commas; `None` is left out.
    assert_eq!(request.url.query(), Some("include=owner&include=tags&fields=id%2Ctype"));

    assert_eq!(item.id, "it_1");
    assert_eq!(item.r#type, "widget");
    assert_eq!(item.display_name.as_deref(), Some("Widget"));
    assert_eq!(item.owner, None, "a required nullable field decodes `null`");
    // `unknown` is one of the values, so the fallback variant is `Other`.
    assert_eq!(item.status, Status::Other("frozen".into()), "unknown enum values are kept");
    assert_eq!(serde_json::to_value(Status::Unknown).expect("encode"), json!("unknown"));
    assert_eq!(item.shape, Some(Shape::Circle(Circle::new(2.5))));
    assert_eq!(item.labels, Some(BTreeMap::from([("a".to_owned(), "b".to_owned())])));
    // An integer enum value this version does not know still decodes.
    assert_eq!(item.priority, Some(Priority(7)));
    assert_ne!(item.priority, Some(Priority::HIGH));
    assert_eq!(serde_json::to_value(Priority::NORMAL).expect("encode"), json!(2));
    let settings = item.settings.expect("settings");
    assert_eq!(settings.enabled, Some(false));
    // Unknown fields are ignored, and re-encoding keeps the wire names.
    let encoded = serde_json::to_value(Item::new("it_1", "widget", None, Status::Active)).expect("encode");
    assert_eq!(encoded, json!({"id": "it_1", "type": "widget", "owner": null, "status": "active"}));
}

#[tokio::test]
async fn an_error_status_carries_the_typed_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"detail": {"status": "not_found", "message": "no such item"}})),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri()).items().get("x").await.expect_err("404");
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status().as_u16(), 404);
    let body: NotFound = api.json().expect("the error schema");
    assert_eq!(body.detail.and_then(|d| d.message).as_deref(), Some("no such item"));
}

#[tokio::test]
async fn list_sends_required_and_optional_query_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/items"))
        .and(query_param("page_size", "25"))
        .and(query_param("sort", "desc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": [item_json()], "next_cursor": null})))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server.uri()).items().list(25).sort(kitchen_sink::types::SortOrder::Desc).await.expect("page");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next_cursor, Nullable::Null);
    // `total` and `order` are required with a default: left out, they read as it.
    assert_eq!((page.total, page.order), (0, kitchen_sink::types::SortOrder::Asc));
}

#[test]
fn a_required_field_with_a_default_reads_as_it_only_when_left_out() {
    use kitchen_sink::types::{ItemsListResponse, SortOrder};
    let given: ItemsListResponse =
        serde_json::from_value(json!({"items": [], "total": 7, "order": "desc"})).expect("decodes");
    assert_eq!((given.total, given.order), (7, SortOrder::Desc));
    // One without a default is still an error when left out.
    let err = serde_json::from_value::<ItemsListResponse>(json!({"total": 7})).expect_err("items is required");
    assert!(err.to_string().contains("missing field `items`"), "{err}");
}

#[tokio::test]
async fn patch_bodies_tell_absent_from_null() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(item_json()))
        .mount(&server)
        .await;
    // The body has only optional properties: each is set by name, the others are left out.
    client(&server.uri())
        .items()
        .update("it_1")
        .count(Nullable::Null)
        .owner(Owner::new("Ann", None))
        .await
        .expect("updated");
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON body");
    assert_eq!(sent, json!({"count": null, "owner": {"name": "Ann", "email": null}}));
}

#[tokio::test]
#[allow(deprecated)]
async fn an_empty_success_response_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/items/it_1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri()).items().delete("it_1").await.expect("deleted");
    Mock::given(method("GET"))
        .and(path("/v1/health"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri()).health().await.expect("healthy");
}

#[tokio::test]
async fn path_parameters_of_enum_and_integer_type_and_a_suffix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/shapes/square/42.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"kind": "square", "side": 3.0})))
        .expect(1)
        .mount(&server)
        .await;
    let shape = client(&server.uri()).drawing().shapes().get_shape(&ShapeKind::Square, 42).await.expect("shape");
    assert_eq!(shape, Shape::Square(Square::new(3.0)));
}

#[tokio::test]
async fn unions_encode_each_arm_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/shapes"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"kind": "hexagon", "sides": 6})))
        .mount(&server)
        .await;
    let mut body = CreateShapeRequest::new(Shape::Square(Square::new(1.0)));
    body.style = Some(CreateShapeRequestStyle::List(vec![255, 0, 0]));
    body.stroke = Some(Stroke::Dashed(DashedStroke::default().with_dash(vec![1.0, 2.0])));
    let created = client(&server.uri()).drawing().shapes().create_shape(&body).await.expect("created");
    // A tag this version does not know is kept, not an error.
    assert_eq!(created, Shape::Unknown(json!({"kind": "hexagon", "sides": 6})));
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({"shape": {"kind": "square", "side": 1.0}, "style": [255, 0, 0], "stroke": {"type": "dashed", "dash": [1.0, 2.0]}})
    );
    for (style, wire) in [
        (CreateShapeRequestStyle::None, json!("none")),
        (CreateShapeRequestStyle::String("teal".into()), json!("teal")),
    ] {
        assert_eq!(serde_json::to_value(&style).expect("encode"), wire);
        assert_eq!(serde_json::from_value::<CreateShapeRequestStyle>(wire).expect("decode"), style);
    }
    let solid: Stroke = serde_json::from_value(json!({"type": "solid", "width": 2.0})).expect("inferred tag");
    assert_eq!(solid, Stroke::Solid(SolidStroke::default().with_width(2.0)));
    let err = serde_json::from_value::<Shape>(json!({"kind": "circle"})).expect_err("known tag, wrong shape");
    assert!(err.to_string().contains("radius"), "{err}");
}

#[tokio::test]
async fn constants_go_on_the_wire_and_are_checked_when_read() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/shapes"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"kind": "circle", "radius": 2.5})))
        .mount(&server)
        .await;
    let body = CreateShapeRequest::new(Shape::Circle(Circle::new(1.0)));
    let created = client(&server.uri()).drawing().shapes().create_shape(&body).await.expect("created");
    assert_eq!(created, Shape::Circle(Circle::new(2.5)));
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON body");
    assert_eq!(sent["shape"], json!({"kind": "circle", "radius": 1.0}));
    // The struct writes its constant itself, outside any union too.
    assert_eq!(serde_json::to_value(Square::new(1.0)).expect("encode"), json!({"kind": "square", "side": 1.0}));
    // Read: the value is checked when given; a body that leaves it out still decodes.
    assert_eq!(serde_json::from_value::<Square>(json!({"side": 1.0})).expect("no kind"), Square::new(1.0));
    let err = serde_json::from_value::<Square>(json!({"kind": "circle", "side": 1.0})).expect_err("another kind");
    assert!(err.to_string().contains("expected the string \"square\""), "{err}");
}

#[tokio::test]
async fn recursive_types_round_trip() {
    let server = MockServer::start().await;
    let tree = json!({"name": "root", "children": [{"name": "a", "parent": {"name": "root"}}]});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(tree.clone()))
        .mount(&server)
        .await;
    let node: Node = serde_json::from_value(tree.clone()).expect("decode");
    let back = client(&server.uri()).drawing().nodes().create(&node).await.expect("tree");
    assert_eq!(back, node);
    assert_eq!(back.children.expect("children")[0].parent.as_ref().expect("parent").name, "root");
}

/// A multipart body, split into `(headers, body)` parts.
fn parts(request: &Request) -> Vec<(String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").expect("content type").to_str().expect("ascii");
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let mut rest: &[u8] = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_crlf = &rest[2..];
        let end = find(rest_after_crlf, delimiter.as_bytes()).expect("a closing delimiter");
        let part = &rest_after_crlf[..end - 2];
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        out.push((String::from_utf8_lossy(&part[..split]).into_owned(), part[split + 4..].to_vec()));
        rest = &rest_after_crlf[end..];
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn multipart_uploads_send_files_fields_and_lists_as_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "up_1", "bytes": 7})))
        .expect(1)
        .mount(&server)
        .await;
    let mut body = UploadRequest::new(
        File::from_bytes(&b"RIFF\x00\x01wav"[..]).with_name("a.wav").with_content_type("audio/wav"),
        "take 1",
    );
    body.attachments = Some(vec![File::from_bytes("one"), File::from_bytes("two").with_name("two.txt")]);
    body.kind = Some(ShapeKind::Circle);
    body.labels = Some(BTreeMap::from([("accent".to_owned(), "british".to_owned())]));
    body.keywords = Some(vec!["calm".into(), "slow".into()]);
    body.remove_noise = Nullable::Null;
    let result = client(&server.uri()).files().upload(&body).await.expect("uploaded");
    assert_eq!(result.id, "up_1");

    let request = only_request(&server).await;
    let got = parts(&request);
    let summary: Vec<(String, String)> = got
        .iter()
        .map(|(head, data)| (head.replace("\r\n", " | "), String::from_utf8_lossy(data).into_owned()))
        .collect();
    let expected = [
        (
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\" | Content-Type: audio/wav",
            "RIFF\u{0}\u{1}wav",
        ),
        (
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"attachments\" | Content-Type: application/octet-stream",
            "one",
        ),
        (
            "Content-Disposition: form-data; name=\"attachments\"; filename=\"two.txt\" | Content-Type: application/octet-stream",
            "two",
        ),
        ("Content-Disposition: form-data; name=\"name\"", "take 1"),
        ("Content-Disposition: form-data; name=\"kind\"", "circle"),
        // An object part is JSON and says so (OpenAPI's default content type for it).
        (
            "Content-Disposition: form-data; name=\"labels\" | Content-Type: application/json",
            "{\"accent\":\"british\"}",
        ),
        ("Content-Disposition: form-data; name=\"keywords\"", "calm"),
        ("Content-Disposition: form-data; name=\"keywords\"", "slow"),
        // A constant: no field, always sent.
        ("Content-Disposition: form-data; name=\"source\"", "api"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(h, d)| (h.to_string(), d.to_string())).collect();
    assert_eq!(summary, expected, "`remove_noise: null` sends no part");
}

#[tokio::test]
async fn a_file_can_be_streamed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "up_2", "bytes": 10})))
        .mount(&server)
        .await;
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok("chunk-1|".into()), Ok("chunk-2".into())];
    let file = File::from_stream(futures_util::stream::iter(chunks)).with_name("s.bin");
    let body = UploadRequest::new(file, "streamed");
    client(&server.uri()).files().upload(&body).await.expect("uploaded");
    let request = only_request(&server).await;
    let got = parts(&request);
    assert_eq!(got[0].1, b"chunk-1|chunk-2");
    assert_eq!(String::from_utf8_lossy(&got[1].1), "streamed");
    // The stream is spent: a second upload of the same value is refused, not sent half-empty.
    let err = client(&server.uri()).files().upload(&body).await.expect_err("spent");
    assert!(err.to_string().contains("only once"), "{err}");
}

#[tokio::test]
async fn audio_comes_back_as_a_byte_stream_with_its_headers() {
    let server = MockServer::start().await;
    let audio: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    Mock::given(method("POST"))
        .and(path("/v1/audio/voice_1"))
        .and(query_param("output_format", "raw"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg").insert_header("character-cost", "12"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = kitchen_sink::types::AudioConvertRequest::new("hello");
    let mut stream = client(&server.uri())
        .audio()
        .convert("voice_1", &body)
        .output_format(ConvertOutputFormat::Raw)
        .await
        .expect("stream");
    assert_eq!(stream.headers().get("character-cost").and_then(|v| v.to_str().ok()), Some("12"));
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("chunk"));
    }
    assert_eq!(received, audio);

    let server = MockServer::start().await;
    Mock::given(query_param("output_format", "pcm_16000"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"pcm".to_vec(), "audio/wav"))
        .expect(1)
        .mount(&server)
        .await;
    let all = client(&server.uri())
        .audio()
        .convert("v", &body)
        .output_format(ConvertOutputFormat::Codec(Codec::Pcm16000))
        .await
        .expect("stream")
        .collect()
        .await
        .expect("body");
    assert_eq!(&all[..], b"pcm");
}

/// A server that answers one request with a chunked body, sent in the pieces given, with a
/// pause between them, so clients see the body arrive in parts.
async fn chunked_server(content_type: &'static str, pieces: Vec<&'static str>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut buffer = vec![0u8; 65536];
        let mut read = 0;
        // Read the request head and its (small) body.
        loop {
            let n = socket.read(&mut buffer[read..]).await.expect("read");
            read += n;
            let text = String::from_utf8_lossy(&buffer[..read]).to_string();
            if let Some(head_end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                    })
                    .unwrap_or(0);
                if read >= head_end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n");
        socket.write_all(head.as_bytes()).await.expect("write");
        for piece in pieces {
            socket.write_all(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes()).await.expect("write");
            socket.flush().await.expect("flush");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.expect("write");
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn json_chunks_are_decoded_one_by_one_even_when_split_across_reads() {
    let base = chunked_server(
        "application/json",
        vec![
            "{\"audio_base64\":\"AAA\"}\n{\"audio_",
            "base64\":\"BBB\",\"alignment\":{\"characters\":[\"h\"]}}\n",
            "\n{\"audio_base64\":\"CCC\"}",
        ],
    )
    .await;
    let mut stream = client(&base).audio().stream_with_timestamps("v", &Speech::new("hi")).await.expect("stream");
    let mut seen = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("chunk");
        seen.push((chunk.audio_base64, chunk.alignment.into_option().and_then(|a| a.characters)));
    }
    assert_eq!(seen, vec![("AAA".into(), None), ("BBB".into(), Some(vec!["h".to_owned()])), ("CCC".into(), None)]);
}

#[tokio::test]
async fn a_malformed_chunk_is_a_decode_error_with_the_chunk() {
    let base = chunked_server("application/json", vec!["{\"audio_base64\":\"AAA\"}\n", "{not json}\n"]).await;
    let mut stream = client(&base).audio().stream_with_timestamps("v", &Speech::new("hi")).await.expect("stream");
    assert!(stream.next().await.expect("first").is_ok());
    let err = stream.next().await.expect("second").expect_err("malformed");
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.snippet(), "{not json}");
}

#[tokio::test]
async fn server_sent_events_keep_names_ids_and_multi_line_data() {
    let base = chunked_server(
        "text/event-stream",
        vec![
            ": a comment\nevent: plan\nid: 1\ndata: {\"sections\": 2}\n\n",
            "event: audio_chunk\ndata: line one\nda",
            "ta: line two\n\n",
            "data: last\n\n",
        ],
    )
    .await;
    let mut events = client(&base).music().stream(&Speech::new("song")).await.expect("events");
    let first = events.next().await.expect("first").expect("ok");
    assert_eq!(first.event.as_deref(), Some("plan"));
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.json::<Value>().expect("JSON data"), json!({"sections": 2}));
    let second = events.next().await.expect("second").expect("ok");
    assert_eq!(second.event.as_deref(), Some("audio_chunk"));
    assert_eq!(second.data, "line one\nline two");
    let third = events.next().await.expect("third").expect("ok");
    assert_eq!((third.event, third.data.as_str()), (None, "last"));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn several_content_types_prefer_json() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/export"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": 3})))
        .mount(&server)
        .await;
    let export = client(&server.uri()).export_data().await.expect("export");
    assert_eq!(export, BTreeMap::from([("items".to_owned(), 3)]));
    assert_eq!(
        only_request(&server).await.headers.get("accept").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
}

fn fast(base: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base)
        .retry_backoff(std::time::Duration::from_millis(1), std::time::Duration::from_millis(5))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_multipart_upload_retried_after_a_503_arrives_whole() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(json!({"id": "up_3", "bytes": 5})),
        ]))
        .mount(&server)
        .await;
    let mut body = UploadRequest::new(File::from_bytes("audio").with_name("a.mp3"), "retry me");
    body.keywords = Some(vec!["x".into()]);
    fast(&server.uri()).files().upload(&body).await.expect("second attempt");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body, "the retry sends the same bytes");
    assert_eq!(requests[0].headers.get("content-type"), requests[1].headers.get("content-type"));
    let got = parts(&requests[1]);
    assert_eq!(got.len(), 4, "file, name, keywords and the constant source all arrive: {got:?}");
    assert_eq!(got[0].1, b"audio");
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok("only once".into())];
    let body = UploadRequest::new(File::from_stream(futures_util::stream::iter(chunks)), "s");
    let err = fast(&server.uri()).files().upload(&body).await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.expect("recording").len(), 1, "a stream cannot be sent twice");
}

#[tokio::test]
async fn a_byte_stream_is_retried_when_the_first_attempt_fails_before_any_body() {
    let server = MockServer::start().await;
    let audio: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("POST"))
        .respond_with(sequence(vec![
            ResponseTemplate::new(500).set_body_string("try again"),
            ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"),
        ]))
        .mount(&server)
        .await;
    let body = kitchen_sink::types::AudioConvertRequest::new("hello");
    let stream = fast(&server.uri()).audio().convert("v", &body).await.expect("stream");
    assert_eq!(stream.collect().await.expect("audio"), audio);
    assert_eq!(server.received_requests().await.expect("recording").len(), 2);
}

#[tokio::test]
async fn a_stream_time_limit_ends_at_the_response_head() {
    // The body takes ~100 ms to arrive in pieces; the limit is 60 ms: a stream is not cut.
    let base = chunked_server("audio/mpeg", vec!["a", "b", "c", "d", "e"]).await;
    let client =
        Client::builder().base_url(base).timeout(std::time::Duration::from_millis(60)).build().expect("client");
    let body = kitchen_sink::types::AudioConvertRequest::new("hello");
    let stream = client.audio().convert("v", &body).await.expect("head in time");
    assert_eq!(&stream.collect().await.expect("whole body")[..], b"abcde");

    // The same slow body as a JSON answer must arrive whole within the limit: it does not (a
    // `GET` would be sent again after that; the server answers once, so no retry here).
    let base = chunked_server("application/json", vec!["{\"items\"", ": 1", "}", " ", " "]).await;
    let client =
        Client::builder().base_url(base).timeout(std::time::Duration::from_millis(60)).build().expect("client");
    let err = client.export_data().max_retries(0).await.expect_err("body too slow");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn error_bodies_decode_into_the_operation_error_schema() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"detail": {"status": "not_found", "message": "gone"}})),
        )
        .mount(&server)
        .await;
    let err = client(&server.uri()).items().get("x").await.expect_err("404");
    let api = err.api_error().expect("an API error");
    match api.typed() {
        Some(kitchen_sink::ErrorBody::NotFound(found)) => {
            assert_eq!(found.detail.as_ref().and_then(|d| d.message.as_deref()), Some("gone"));
        }
        other => panic!("expected the NotFound schema, got {other:?}"),
    }
    assert_eq!(api.message().as_deref(), Some("gone"));
    // A status the spec describes no body for: no typed body, the raw one is still there.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(500).set_body_string("oops")).mount(&server).await;
    let err = fast(&server.uri()).items().get("x").max_retries(0).await.expect_err("500");
    let api = err.api_error().expect("an API error");
    assert!(api.typed().is_none());
    assert_eq!(api.text(), "oops");
}

#[tokio::test]
async fn json_chunks_and_events_from_wiremock() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/audio/v/stream/with-timestamps"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"audio_base64\":\"QQ==\"}\n\n{\"audio_base64\":\"Qg==\",\"alignment\":null}\n",
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/music/stream"))
        .and(header("accept", "text/event-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "event: song_metadata\ndata: {\"title\": \"t\"}\n\nevent: audio_chunk\ndata: AAAA\n\n",
            "text/event-stream",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let mut chunks = client.audio().stream_with_timestamps("v", &Speech::new("hi")).await.expect("chunks");
    let mut audio = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.expect("chunk");
        assert!(chunk.alignment.is_absent() || chunk.alignment.is_null());
        audio.push(chunk.audio_base64);
    }
    assert_eq!(audio, ["QQ==", "Qg=="]);
    let mut events = client.music().stream(&Speech::new("song")).await.expect("events");
    let names: Vec<Option<String>> = [events.next().await, events.next().await]
        .into_iter()
        .map(|e| e.expect("an event").expect("ok").event)
        .collect();
    assert_eq!(names, [Some("song_metadata".to_owned()), Some("audio_chunk".to_owned())]);
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_response_without_a_required_field_is_a_decode_error_naming_it() {
    let server = MockServer::start().await;
    let mut body = item_json();
    body.as_object_mut().expect("object").remove("status");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let err = client(&server.uri()).items().get("x").await.expect_err("no status");
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    // `DecodeError` is a `std::error::Error` whose source is what serde_json said.
    let source = std::error::Error::source(decode.as_ref()).expect("a source");
    assert!(source.to_string().contains("missing field `status`"), "{err}");
}

#[test]
fn objects_decode_from_any_json_source_and_say_what_they_expected() {
    // The same reader serves bytes, an owned `Value` and a borrowed `&Value` (as unions use it).
    let from_bytes: Item = serde_json::from_slice(&serde_json::to_vec(&item_json()).expect("bytes")).expect("bytes");
    let from_value: Item = serde_json::from_value(item_json()).expect("value");
    let value = item_json();
    let from_ref = <Item as serde::Deserialize>::deserialize(&value).expect("&value");
    assert_eq!(from_bytes, from_value);
    assert_eq!(from_value, from_ref);
    // An absent optional field and an explicit `null` both read as `None`.
    let mut with_null = item_json();
    with_null["count"] = Value::Null;
    assert_eq!(serde_json::from_value::<Item>(with_null).expect("null count").count, None);
    // An integer written with a zero fraction is an integer, as JSON Schema reads it; a
    // fraction is not.
    let mut whole = item_json();
    whole["count"] = json!(3.0);
    assert_eq!(serde_json::from_value::<Item>(whole).expect("3.0 is an integer").count, Some(3));
    let mut fraction = item_json();
    fraction["count"] = json!(3.5);
    let err = serde_json::from_value::<Item>(fraction).expect_err("3.5 is no integer");
    assert!(err.to_string().contains("expected an integer (64 bits) at `count`"), "{err}");
    // A key given twice keeps its last value.
    let twice = r#"{"id": "a", "type": "t", "owner": null, "status": "active", "id": "b"}"#;
    assert_eq!(serde_json::from_str::<Item>(twice).expect("twice").id, "b");
    // A wrong kind of value names what was expected, and where.
    let err = serde_json::from_str::<Item>(r#"{"id": 5}"#).expect_err("id is a string");
    assert!(err.to_string().contains("invalid type: integer `5`, expected a string"), "{err}");
    let err = serde_json::from_str::<Item>("[1]").expect_err("an array");
    assert!(err.to_string().contains("expected an object (`Item`)"), "{err}");
    // Inside, a map and a list say what they expected and where, in serde's words (the
    // conformance allowlist matches an excused decode failure on "expected a map").
    let err = serde_json::from_value::<kitchen_sink::types::ItemCreatedWebhook>(
        json!({"id": "w", "at": 1, "counts": [], "path": []}),
    )
    .expect_err("counts is a map");
    assert!(err.to_string().contains("invalid type: sequence, expected a map at `counts`"), "{err}");
    let err = serde_json::from_value::<kitchen_sink::types::ItemCreatedWebhook>(
        json!({"id": "w", "at": 1, "path": [7, {"x": 1}]}),
    )
    .expect_err("a path item is a number or a string");
    assert!(err.to_string().contains("at `path[1]`"), "{err}");
}

#[test]
fn string_enums_are_equal_when_their_wire_values_are() {
    use std::collections::HashSet;
    assert_eq!(Status::Other("active".into()), Status::Active);
    assert_ne!(Status::Other("frozen".into()), Status::Active);
    let set: HashSet<Status> = [Status::Active, "active".parse().expect("infallible"), Status::from("frozen")].into();
    assert_eq!(set.len(), 2);
    assert_eq!(serde_json::from_value::<Status>(json!("frozen")).expect("decode"), Status::Other("frozen".into()));
    assert!(serde_json::from_value::<Status>(json!(3)).is_err(), "a number is not a status");
}

#[test]
fn a_shape_spelled_twice_is_one_type_under_both_names() {
    // `Speech` and `AudioConvertRequest` are the same schema under two names.
    let speech: Speech = kitchen_sink::types::AudioConvertRequest::new("hi");
    assert_eq!(serde_json::to_value(&speech).expect("encode"), json!({"text": "hi"}));
}
