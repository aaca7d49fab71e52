//! Request bodies of every media type, on the wire (the `bodies` group of the kitchen-sink
//! fixture against wiremock on loopback): text, bytes, `*/*`, a vendor JSON type, an operation
//! with JSON, multipart, text and binary alternatives; forms whose fields the document does not
//! name (free-form parts, free-form pairs); retries resend in-memory bodies, a stream is sent
//! once.

mod common;

use common::sequence;

use kitchen_sink::types::{
    BodiesImportRequest, BodiesImportWithMultipartRequest, BodiesPrintLabelRequest, BodiesPrintLabelRequestMeta,
};
use kitchen_sink::{Client, File, FormParts, Nullable};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(base: &str) -> Client {
    Client::builder()
        .api_key("ks_secret")
        .base_url(base)
        .retry_backoff(std::time::Duration::from_millis(1), std::time::Duration::from_millis(5))
        .build()
        .expect("client")
}

async fn server_answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({"id": "d_1", "bytes": 1})))
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn content_type(request: &Request) -> Option<&str> {
    let mut values = request.headers.get_all("content-type").iter();
    let first = values.next().and_then(|v| v.to_str().ok());
    assert!(values.next().is_none(), "one Content-Type header");
    first
}

#[tokio::test]
async fn a_text_body_is_sent_as_its_utf8_bytes_with_its_content_type() {
    let server = server_answering(204).await;
    client(&server.uri()).bodies().put_note("n 1", "größer: 1\nline 2").await.expect("stored");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method.as_str(), "PUT");
    assert_eq!(sent[0].url.path(), "/v1/notes/n%201");
    assert_eq!(content_type(&sent[0]), Some("text/plain"));
    assert_eq!(sent[0].body, "größer: 1\nline 2".as_bytes());
}

#[tokio::test]
async fn a_binary_body_is_sent_byte_for_byte() {
    let server = server_answering(204).await;
    let bytes: Vec<u8> = vec![0, 159, 146, 150, 255, b'\r', b'\n'];
    // The name is a form part's, not a whole body's: it is not sent.
    let file = File::from_bytes(bytes.clone()).with_name("ignored.bin");
    client(&server.uri()).bodies().put_blob("b1", file).await.expect("stored");
    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("application/octet-stream"));
    assert_eq!(sent[0].body, bytes);
    assert!(sent[0].headers.get("content-disposition").is_none());
}

#[tokio::test]
async fn an_any_type_body_is_octet_stream_unless_the_caller_names_a_type() {
    let server = server_answering(204).await;
    let bodies = client(&server.uri());
    bodies.bodies().attach(File::from_bytes("plain")).await.expect("attached");
    bodies.bodies().attach(File::from_bytes("GIF89a").with_content_type("image/gif")).await.expect("attached");
    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("application/octet-stream"));
    assert_eq!(sent[0].body, b"plain");
    assert_eq!(content_type(&sent[1]), Some("image/gif"));
    assert_eq!(sent[1].body, b"GIF89a");
}

#[tokio::test]
async fn a_vendor_json_body_is_sent_with_its_own_content_type() {
    let server = server_answering(204).await;
    client(&server.uri()).bodies().merge_item("it_1").display_name("W").count(Nullable::Null).await.expect("merged");
    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("application/merge-patch+json"));
    assert_eq!(sent[0].body, br#"{"display-name":"W","count":null}"#);
}

#[tokio::test]
async fn one_operation_takes_json_text_or_bytes_each_with_its_content_type() {
    let server = server_answering(201).await;
    let api = client(&server.uri());
    let mut document = BodiesImportRequest::new("Q3");
    document.rows = Some(vec![vec!["a".into(), "1".into()]]);
    api.bodies().import(&document).await.expect("json");
    api.bodies().import_with_text("a,1\nb,2\n").await.expect("text");
    api.bodies().import_with_bytes(File::from_bytes(&b"%PDF-1.7"[..])).await.expect("pdf");
    api.bodies()
        .import_with_bytes(File::from_bytes(&b"\x89PNG"[..]).with_content_type("image/png"))
        .await
        .expect("png");
    let sent = requests(&server).await;
    assert!(sent.iter().all(|r| r.url.path() == "/v1/documents"));
    let wire: Vec<(Option<&str>, &[u8])> = sent.iter().map(|r| (content_type(r), r.body.as_slice())).collect();
    assert_eq!(
        wire,
        [
            (Some("application/json"), &br#"{"title":"Q3","rows":[["a","1"]]}"#[..]),
            (Some("text/csv; charset=utf-8"), b"a,1\nb,2\n"),
            (Some("application/pdf"), b"%PDF-1.7"),
            (Some("image/png"), b"\x89PNG"),
        ]
    );
}

#[tokio::test]
async fn the_multipart_alternative_sends_a_form() {
    let server = server_answering(201).await;
    let mut form = BodiesImportWithMultipartRequest::new(File::from_bytes("a,1").with_name("q3.csv"));
    form.title = Some("Q3".into());
    client(&server.uri()).bodies().import_with_multipart(&form).await.expect("form");
    let sent = requests(&server).await;
    let content_type = content_type(&sent[0]).expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q3.csv\"\r\n\
         Content-Type: application/octet-stream\r\n\r\na,1\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ3\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent[0].body), expected);
}

fn boundary(request: &Request) -> String {
    let content_type = content_type(request).expect("a content type");
    content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart").to_owned()
}

#[tokio::test]
async fn a_form_without_described_fields_sends_the_parts_given_in_order() {
    let server = server_answering(204).await;
    let api = client(&server.uri());
    let parts = FormParts::new()
        .text("title", "Scan 1")
        .file("page", File::from_bytes("PNG1").with_name("p1.png").with_content_type("image/png"))
        .text("title", "again")
        .file("raw", File::from_bytes("r"));
    api.bodies().upload_scan(&parts).await.expect("stored");
    // Optional: no body at all, or the parts set on the call.
    api.bodies().upload_scans().await.expect("nothing sent");
    api.bodies().upload_scans().body(&FormParts::new().file("a", File::from_bytes("A"))).await.expect("stored");
    let sent = requests(&server).await;
    assert_eq!(sent[0].url.path(), "/v1/scans");
    let b = boundary(&sent[0]);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nScan 1\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"page\"; filename=\"p1.png\"\r\nContent-Type: image/png\r\n\r\nPNG1\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nagain\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\nr\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent[0].body), expected);
    assert_eq!(sent[1].url.path(), "/v1/scans/batch");
    assert!(sent[1].body.is_empty() && content_type(&sent[1]).is_none());
    let b = boundary(&sent[2]);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\nContent-Type: application/octet-stream\r\n\r\nA\r\n--{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent[2].body), expected);
}

#[tokio::test]
async fn each_part_is_sent_with_the_content_type_its_encoding_declares() {
    let server = server_answering(204).await;
    let api = client(&server.uri());
    let mut label = BodiesPrintLabelRequest::new("# Hi", File::from_bytes("img").with_name("l.png"));
    label.meta = Some(BodiesPrintLabelRequestMeta::default().with_copies(2));
    label.logo_url = Some("https://example.com/logo.png".into());
    api.bodies().print_label(&label).await.expect("printed");
    // The caller's own type for a file wins over the declared one.
    label.image = File::from_bytes("img").with_name("l.jpg").with_content_type("image/jpeg");
    label.meta = None;
    label.logo_url = None;
    api.bodies().print_label(&label).await.expect("printed");
    let sent = requests(&server).await;
    let b = boundary(&sent[0]);
    // `text/markdown` for the text, the first concrete image type for the file, the vendor
    // JSON type for the object; a URL field declared `image/png, image/jpeg` (several types:
    // what it points to) stays plain text.
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/markdown\r\n\r\n# Hi\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"l.png\"\r\nContent-Type: image/png\r\n\r\nimg\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/vnd.label+json\r\n\r\n{{\"copies\":2}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"logo_url\"\r\n\r\nhttps://example.com/logo.png\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent[0].body), expected);
    let b = boundary(&sent[1]);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\nContent-Type: text/markdown\r\n\r\n# Hi\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"l.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nimg\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&sent[1].body), expected);
}

#[tokio::test]
async fn a_url_encoded_form_without_described_fields_sends_a_map() {
    let server = server_answering(204).await;
    let api = client(&server.uri());
    let settings = [("theme".to_owned(), "dark mode".to_owned()), ("lang".to_owned(), "fr&de".to_owned())].into();
    api.bodies().save_settings(&settings).await.expect("saved");
    let raw = [("limit".to_owned(), json!(10)), ("tags".to_owned(), json!(["a", "b"]))].into();
    api.bodies().save_raw_settings(&raw).await.expect("saved");
    let sent = requests(&server).await;
    assert_eq!(content_type(&sent[0]), Some("application/x-www-form-urlencoded"));
    // A map is written in key order.
    assert_eq!(String::from_utf8_lossy(&sent[0].body), "lang=fr%26de&theme=dark+mode");
    assert_eq!(sent[1].url.path(), "/v1/settings/raw");
    assert_eq!(String::from_utf8_lossy(&sent[1].body), "limit=10&tags=a&tags=b");
}

#[tokio::test]
async fn a_retried_request_sends_the_same_bytes_again() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/blobs/b1"))
        .respond_with(sequence(vec![ResponseTemplate::new(503), ResponseTemplate::new(204)]))
        .mount(&server)
        .await;
    Mock::given(path("/v1/notes/n1"))
        .respond_with(sequence(vec![ResponseTemplate::new(503), ResponseTemplate::new(204)]))
        .mount(&server)
        .await;
    let api = client(&server.uri());
    api.bodies().put_blob("b1", File::from_bytes(vec![1u8, 2, 3])).await.expect("second attempt");
    api.bodies().put_note("n1", "again").await.expect("second attempt");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 4);
    for (request, body, ty) in [
        (&sent[0], &b"\x01\x02\x03"[..], "application/octet-stream"),
        (&sent[1], b"\x01\x02\x03", "application/octet-stream"),
        (&sent[2], b"again", "text/plain"),
        (&sent[3], b"again", "text/plain"),
    ] {
        assert_eq!(request.body, body);
        assert_eq!(content_type(request), Some(ty));
    }
}

fn stream(chunks: &[&'static str]) -> File {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = chunks.iter().map(|c| Ok(bytes::Bytes::from(*c))).collect();
    File::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn a_streamed_body_arrives_whole_and_can_be_sent_once() {
    let server = server_answering(204).await;
    let api = client(&server.uri());
    let file = stream(&["part one|", "part two"]).with_content_type("video/mp4");
    api.bodies().put_blob("b1", file.clone()).await.expect("stored");
    let sent = requests(&server).await;
    assert_eq!(sent[0].body, b"part one|part two");
    assert_eq!(content_type(&sent[0]), Some("video/mp4"));
    // The stream is spent: sending the same value again is refused, not sent empty.
    let err = api.bodies().put_blob("b1", file).await.expect_err("spent");
    assert!(err.to_string().contains("only once"), "{err}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_streamed_body_is_not_retried() {
    let server = server_answering(503).await;
    let err = client(&server.uri()).bodies().put_blob("b1", stream(&["only once"])).await.expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1, "a stream cannot be sent twice");
    assert_eq!(sent[0].body, b"only once");
}
