//! Redirects and credentials (issue 23), on real servers on loopback: two wiremock servers on
//! two ports are two origins. A redirect to the other one must carry no credential the
//! document's security schemes put on a request (a key header, a key in the query, HTTP Basic)
//! nor one the caller added, and no request carries a `Referer`; a redirect on the same origin
//! keeps the key. Printed URLs have their credentials redacted.

use std::time::Duration;

use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
};
use elevenlabs::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk_redirect_secret";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).max_retries(0).build().expect("client")
}

fn body() -> CreateServiceAccountApiKeyRequest {
    CreateServiceAccountApiKeyRequest::new("k", Permissions::All)
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"xi-api-key": "sk_new", "key_id": "key_1"}))
}

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Every request either server received carries no `Referer`.
async fn assert_no_referer(servers: &[&MockServer]) {
    for server in servers {
        for request in requests(server).await {
            assert_eq!(header(&request, "referer"), None, "{} {}", request.method, request.url);
        }
    }
}

const CREATE: &str = "/v1/service-accounts/sa/api-keys";

#[tokio::test]
async fn a_cross_origin_302_gets_no_key_and_no_referer() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    let target = format!("{}/v1/models", other.uri());
    Mock::given(path("/v1/models")).respond_with(redirect(302, &target)).mount(&first).await;
    Mock::given(path("/v1/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&other)
        .await;

    let response = client(&first).models().list().with_response().await.expect("followed");
    assert_eq!(response.url.as_str(), target, "the final URL is on the response");
    let sent = requests(&first).await;
    assert_eq!(header(&sent[0], "xi-api-key"), Some(KEY), "the API's own origin gets the key");
    let followed = requests(&other).await;
    assert_eq!(followed.len(), 1);
    assert_eq!(header(&followed[0], "xi-api-key"), None, "the key left its origin");
    assert!(header(&followed[0], "user-agent").is_some_and(|a| a.starts_with("elevenlabs/")));
    assert_no_referer(&[&first, &other]).await;
}

#[tokio::test]
async fn a_cross_origin_307_sends_the_body_again_without_the_key() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(path(CREATE)).respond_with(redirect(307, &format!("{}{CREATE}", other.uri()))).mount(&first).await;
    Mock::given(path(CREATE)).respond_with(created()).mount(&other).await;

    let key = client(&first).service_accounts().api_keys().create("sa", &body()).await.expect("followed");
    assert_eq!(key.key_id, "key_1");
    let (sent, followed) = (requests(&first).await, requests(&other).await);
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0].method.as_str(), "POST", "307 keeps the method");
    assert_eq!(followed[0].body, sent[0].body, "and sends the same body");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&followed[0].body).ok(),
        Some(json!({"name": "k", "permissions": "all"}))
    );
    assert_eq!(header(&followed[0], "content-type"), Some("application/json"));
    assert_eq!(header(&followed[0], "xi-api-key"), None);
    assert_no_referer(&[&first, &other]).await;
}

#[tokio::test]
async fn a_same_origin_302_keeps_the_key() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/models")).respond_with(redirect(302, "/v2/models?page=2")).mount(&server).await;
    Mock::given(path("/v2/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;

    let response = client(&server).models().list().with_response().await.expect("followed");
    assert_eq!(response.url.path(), "/v2/models");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[1], "xi-api-key"), Some(KEY), "the same origin keeps the key");
    assert_eq!(sent[1].url.query(), Some("page=2"));
    assert_no_referer(&[&server]).await;
}

#[tokio::test]
async fn posts_redirected_with_301_302_or_303_become_gets_without_a_body() {
    for status in [301, 302, 303] {
        let (first, other) = (MockServer::start().await, MockServer::start().await);
        Mock::given(path(CREATE)).respond_with(redirect(status, &format!("{}/done", other.uri()))).mount(&first).await;
        Mock::given(path("/done")).respond_with(created()).mount(&other).await;
        client(&first).service_accounts().api_keys().create("sa", &body()).await.expect("followed");
        let followed = &requests(&other).await[0];
        assert_eq!(followed.method.as_str(), "GET", "{status}");
        assert!(followed.body.is_empty(), "{status}: no body");
        assert_eq!(header(followed, "content-type"), None, "{status}: no content type without a body");
    }
}

#[tokio::test]
async fn a_307_with_a_streamed_body_is_not_followed() {
    use kitchen_sink::File;
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("PUT")).respond_with(redirect(307, &format!("{}/blob", other.uri()))).mount(&first).await;
    let client = kitchen_sink::Client::builder().api_key("ks").base_url(first.uri()).build().expect("client");
    let chunks = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"data"))]);
    let err = client.bodies().put_blob("b1", File::from_stream(chunks)).await.expect_err("cannot send the body again");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307), "{err}");
    assert!(requests(&other).await.is_empty());
}

#[tokio::test]
async fn credential_headers_the_caller_adds_stay_on_the_origin_too() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(path("/v1/models"))
        .respond_with(redirect(302, &format!("{}/v1/models", other.uri())))
        .mount(&first)
        .await;
    Mock::given(path("/v1/models"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&other)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(first.uri())
        .header("x-auth-token", "builder-token")
        .header("x-team", "blue")
        .build()
        .expect("client");
    client
        .models()
        .list()
        .header("authorization", "Bearer per-call")
        .header("cookie", "session=abc")
        .header("proxy-authorization", "Basic cHJveHk6cA==")
        .header("XI-API-KEY", "a second key")
        .header("x-trace", "t-1")
        .await
        .expect("followed");
    let sent = &requests(&first).await[0];
    let followed = &requests(&other).await[0];
    for name in ["authorization", "cookie", "proxy-authorization", "xi-api-key", "x-auth-token"] {
        assert!(header(sent, name).is_some(), "{name} was sent to the API");
        assert_eq!(header(followed, name), None, "{name} left its origin");
    }
    assert_eq!(header(followed, "x-trace"), Some("t-1"), "other headers go on");
    assert_eq!(header(followed, "x-team"), Some("blue"));
}

#[tokio::test]
async fn a_key_in_the_query_stays_on_its_origin() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    // A Location that repeats the query it was asked with, key and all.
    let target = format!("{}/v1/reports?api_key=qk_secret&page=2", other.uri());
    Mock::given(path("/v1/reports")).respond_with(redirect(302, &target)).mount(&first).await;
    Mock::given(path("/v1/reports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "r1"}])))
        .mount(&other)
        .await;
    let client = query_key::Client::builder().api_key("qk_secret").base_url(first.uri()).build().expect("client");

    let response = client.reports().list_reports().page(2).with_response().await.expect("followed");
    assert_eq!(response.data[0].id, "r1");
    let sent = &requests(&first).await[0];
    let pairs = |r: &Request| r.url.query_pairs().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>();
    assert_eq!(pairs(sent), ["page=2", "api_key=qk_secret"], "the API's origin gets the key");
    let followed = &requests(&other).await[0];
    assert_eq!(pairs(followed), ["page=2"], "not the other origin, even when the Location names it");
    assert!(!response.url.as_str().contains("qk_secret"), "{}", response.url);
    assert_no_referer(&[&first, &other]).await;

    // On its own origin the key goes with the redirect.
    let server = MockServer::start().await;
    Mock::given(path("/v1/reports")).respond_with(redirect(302, "/v1/reports/all")).mount(&server).await;
    Mock::given(path("/v1/reports/all"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = query_key::Client::builder().api_key("qk_secret").base_url(server.uri()).build().expect("client");
    client.reports().list_reports().await.expect("followed");
    assert_eq!(pairs(&requests(&server).await[1]), ["api_key=qk_secret"]);
}

#[tokio::test]
async fn basic_credentials_stay_on_their_origin() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(path("/v1/account"))
        .respond_with(redirect(302, &format!("{}/v1/account", other.uri())))
        .mount(&first)
        .await;
    Mock::given(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sid": "AC1"})))
        .mount(&other)
        .await;
    let client = basic_auth::Client::builder().api_key("AC1:secret").base_url(first.uri()).build().expect("client");
    client.account().get_account().await.expect("followed");
    assert!(header(&requests(&first).await[0], "authorization").is_some_and(|v| v.starts_with("Basic ")));
    assert_eq!(header(&requests(&other).await[0], "authorization"), None);
    assert_no_referer(&[&first, &other]).await;
}

#[tokio::test]
async fn a_redirect_loop_ends_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/models")).respond_with(redirect(302, "/v1/models")).mount(&server).await;
    let err = client(&server).models().list().await.expect_err("a loop");
    assert!(matches!(err, Error::Redirect(_)), "{err:?}");
    assert!(err.to_string().contains("more than 10"), "{err}");
    assert_eq!(requests(&server).await.len(), 11, "the first request and ten redirects");
}

#[tokio::test]
async fn keys_in_urls_are_redacted_wherever_they_are_printed() {
    // A refused connection: reqwest's error quotes the URL, key and all.
    let client = query_key::Client::builder()
        .api_key("qk_secret")
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .expect("client");
    let err = client.reports().list_reports().await.expect_err("refused");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("qk_secret"), "{text}");
        assert!(text.contains("api_key=REDACTED"), "the URL is still shown: {text}");
    }

    // A key the caller puts in the query, and credential headers, in `Debug` and errors.
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://user:hunter2@127.0.0.1:9/?token=tk_base")
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let call = client.models().list().query("api_key", "sk_in_query").header("authorization", "Bearer sk_in_header");
    let shown = format!("{call:?}");
    let err = call.await.expect_err("refused");
    for text in [shown, err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        for secret in [KEY, "sk_in_query", "sk_in_header", "hunter2", "tk_base"] {
            assert!(!text.contains(secret), "{secret} shows in {text}");
        }
    }
    let err = Client::builder().base_url("nota url?api_key=sk_bad").build().expect_err("not a URL");
    assert!(!err.to_string().contains("sk_bad") && err.to_string().contains("api_key=REDACTED"), "{err}");
}

#[tokio::test]
async fn a_websocket_upgrade_is_never_redirected() {
    let (first, other) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .respond_with(redirect(302, &format!("{}/v1/rooms/r/live", other.uri())))
        .mount(&first)
        .await;
    let client = kitchen_sink::Client::builder().api_key("ks_secret").base_url(first.uri()).build().expect("client");
    let err = client.chat().live("r", "ann").connect().await.expect_err("refused");
    assert!(matches!(err, kitchen_sink::SocketError::Rejected { status: 302, .. }), "{err:?}");
    assert_eq!(header(&requests(&first).await[0], "x-api-key"), Some("ks_secret"));
    assert!(requests(&other).await.is_empty(), "the redirect was not followed");
}
