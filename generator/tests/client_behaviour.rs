//! Production behaviour of the generated runtime, on real loopback servers: retries and their
//! waits, time limits, per-request options, raw responses, typed errors, and a key that never
//! shows. Waits use millisecond backoff, so the suite stays fast; bounds are asserted.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::sequence;

use elevenlabs::Client;
use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
};
use serde_json::json;
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_behaviour_secret";

fn fast_client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(20))
        .build()
        .expect("client")
}

fn body() -> CreateServiceAccountApiKeyRequest {
    CreateServiceAccountApiKeyRequest::new("k", Permissions::All)
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"xi-api-key": "sk_new", "key_id": "key_1"}))
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried_then_succeed() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(sequence(vec![ResponseTemplate::new(status), ResponseTemplate::new(status), created()]))
            .mount(&server)
            .await;
        let key = fast_client(&server).service_accounts().api_keys().create("sa", &body()).await;
        assert_eq!(key.expect("third attempt succeeds").key_id, "key_1", "status {status}");
        assert_eq!(request_count(&server).await, 3, "status {status}: two retries");
    }
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_last_error_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect_err("always 503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 3, "the default is two retries");

    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(4)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("client");
    client.service_accounts().api_keys().create("sa", &body()).await.expect_err("503");
    assert_eq!(request_count(&server).await, 5, "client setting: four retries");
    client.service_accounts().api_keys().create("sa", &body()).max_retries(0).await.expect_err("503");
    assert_eq!(request_count(&server).await, 6, "per-request setting: no retry");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 422] {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
        let err = fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect_err("error");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "status {status} is final");
    }
}

#[tokio::test]
async fn retry_after_in_seconds_and_milliseconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sequence(vec![ResponseTemplate::new(429).insert_header("retry-after-ms", "300"), created()]))
        .mount(&server)
        .await;
    let started = Instant::now();
    fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect("second attempt");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300), "waited {waited:?}, the server asked for 300 ms");
    assert!(waited < Duration::from_millis(2_000), "waited {waited:?}");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(sequence(vec![ResponseTemplate::new(503).insert_header("retry-after", "1"), created()]))
        .mount(&server)
        .await;
    let started = Instant::now();
    fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect("second attempt");
    let waited = started.elapsed();
    // The client's own backoff is at most 20 ms here: only `Retry-After` explains a second.
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}, the server asked for 1 s");
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` for a time.
fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil from days (Howard Hinnant), written independently of the client's parser.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let month_name =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month as usize - 1];
    format!("{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
    let server = MockServer::start().await;
    // Two seconds ahead, minus the sub-second part the date cannot carry: at least one second.
    let at = http_date(SystemTime::now() + Duration::from_secs(2));
    Mock::given(method("POST"))
        .respond_with(sequence(vec![ResponseTemplate::new(503).insert_header("retry-after", at.as_str()), created()]))
        .mount(&server)
        .await;
    let started = Instant::now();
    fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect("second attempt");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1_000), "waited {waited:?} for {at}");
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
}

#[tokio::test]
async fn backoff_grows_between_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(3)
        .retry_backoff(Duration::from_millis(100), Duration::from_secs(1))
        .build()
        .expect("client");
    let started = Instant::now();
    client.service_accounts().api_keys().create("sa", &body()).await.expect_err("500");
    let waited = started.elapsed();
    // 100 + 200 + 400 ms, each cut by at most a quarter for jitter: at least 525 ms.
    assert!(waited >= Duration::from_millis(525), "waited {waited:?}");
    assert!(waited < Duration::from_millis(2_500), "waited {waited:?}");
    assert_eq!(request_count(&server).await, 4);
}

#[tokio::test]
async fn a_timeout_fires_and_a_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(created().set_delay(Duration::from_millis(1_500))).mount(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client.service_accounts().api_keys().create("sa", &body()).await.expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1_000), "{:?}", started.elapsed());
    assert_eq!(request_count(&server).await, 1, "the server may have acted: no retry");
    assert!(err.to_string().contains("timed out after 200ms"), "{err}");

    // A per-request limit overrides the client's.
    let err = client
        .service_accounts()
        .api_keys()
        .create("sa", &body())
        .timeout(Duration::from_millis(50))
        .await
        .expect_err("too slow");
    assert!(err.to_string().contains("50ms"), "{err}");
    let ok = client.service_accounts().api_keys().create("sa", &body()).timeout(Duration::from_secs(5)).await;
    assert!(ok.is_ok(), "a longer per-request limit lets it finish: {ok:?}");
}

#[tokio::test]
async fn per_request_headers_and_query_parameters_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-request-tag", "batch-7"))
        .and(header("x-default", "on"))
        .and(query_param("enable_logging", "false"))
        .respond_with(created())
        .expect(1)
        .mount(&server)
        .await;
    let client =
        Client::builder().api_key(KEY).base_url(server.uri()).header("x-default", "on").build().expect("client");
    client
        .service_accounts()
        .api_keys()
        .create("sa", &body())
        .header("x-request-tag", "batch-7")
        .query("enable_logging", "false")
        .await
        .expect("matched");
    let request = &server.received_requests().await.expect("recording")[0];
    let agent = request.headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(agent.starts_with("elevenlabs/"), "user agent names the crate and version: {agent}");
}

#[tokio::test]
async fn raw_responses_give_status_and_headers_with_the_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(created().insert_header("request-id", "req_9").insert_header("character-cost", "42"))
        .mount(&server)
        .await;
    let response =
        fast_client(&server).service_accounts().api_keys().create("sa", &body()).with_response().await.expect("ok");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("request-id").and_then(|v| v.to_str().ok()), Some("req_9"));
    assert_eq!(response.headers.get("character-cost").and_then(|v| v.to_str().ok()), Some("42"));
    assert_eq!(response.data.key_id, "key_1");
}

#[tokio::test]
async fn api_errors_carry_status_headers_request_id_body_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("request-id", "req_401")
                .set_body_json(json!({"detail": {"status": "invalid_api_key", "message": "Invalid API key"}})),
        )
        .mount(&server)
        .await;
    let err = fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect_err("401");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.request_id(), Some("req_401"));
    assert_eq!(api.message().as_deref(), Some("Invalid API key"));
    assert_eq!(err.to_string(), "the API answered 401 Unauthorized (request id req_401): Invalid API key");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"detail": [
            {"loc": ["body", "name"], "msg": "field required", "type": "missing"},
            {"loc": ["body", "permissions", 0], "msg": "not a permission", "type": "enum"}
        ]})))
        .mount(&server)
        .await;
    let err = fast_client(&server).service_accounts().api_keys().create("sa", &body()).await.expect_err("422");
    assert_eq!(
        err.api_error().and_then(|a| a.message()).as_deref(),
        Some("body.name: field required; body.permissions.0: not a permission")
    );
}

#[tokio::test]
async fn the_key_never_shows_in_debug_display_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500).set_body_string("boom")).mount(&server).await;
    let client = fast_client(&server);
    let mut texts = vec![format!("{client:?}"), format!("{:?}", Client::builder().api_key(KEY))];
    let call = client.service_accounts().api_keys().create("sa", &body());
    texts.push(format!("{call:?}"));
    let errors = [
        call.await.expect_err("500"),
        client
            .service_accounts()
            .api_keys()
            .create("sa", &body())
            .timeout(Duration::from_nanos(1))
            .await
            .expect_err("timeout"),
        Client::builder().api_key(KEY).base_url("not a url").build().expect_err("bad url"),
        Client::builder().api_key(format!("{KEY}\n")).build().expect_err("bad key"),
        Client::builder()
            .api_key(KEY)
            .base_url("http://127.0.0.1:9")
            .max_retries(0)
            .build()
            .expect("client")
            .service_accounts()
            .api_keys()
            .create("sa", &body())
            .await
            .expect_err("refused"),
    ];
    for err in &errors {
        texts.push(format!("{err}"));
        texts.push(format!("{err:?}"));
    }
    for text in &texts {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
    // It was sent, though.
    let sent = &server.received_requests().await.expect("recording")[0];
    assert_eq!(sent.headers.get("xi-api-key").and_then(|v| v.to_str().ok()), Some(KEY));
}

#[test]
fn from_env_fails_clearly_when_the_variable_is_empty() {
    // Only this test (in this binary) touches the variable.
    // SAFETY: edition 2024 marks env writes unsafe; nothing else here reads or writes it.
    unsafe { std::env::set_var(Client::API_KEY_ENV, "  ") };
    let err = Client::from_env().expect_err("empty");
    assert_eq!(err.to_string(), "client configuration: the environment variable ELEVENLABS_API_KEY is empty");
    unsafe { std::env::remove_var(Client::API_KEY_ENV) };
    let err = Client::from_env().expect_err("unset");
    assert_eq!(err.to_string(), "client configuration: the environment variable ELEVENLABS_API_KEY is not set");
}

#[tokio::test]
async fn a_connection_dropped_after_the_request_is_retried_for_a_get_only() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buffer = vec![0u8; 16_384];
            let _ = socket.read(&mut buffer).await;
            if n % 2 == 0 {
                // Read the request, then hang up without a word.
                drop(socket);
                continue;
            }
            let body = "[]";
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .expect("client");
    let models = client.models().list().await.expect("the retry succeeds");
    assert!(models.is_empty());
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 2, "one dropped connection, one retry");
    // The server read the POST and may have acted on it: not sent again.
    let err = client.service_accounts().api_keys().create("sa", &body()).await.expect_err("dropped");
    assert!(matches!(err, elevenlabs::Error::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3, "no retry of the POST");
}
