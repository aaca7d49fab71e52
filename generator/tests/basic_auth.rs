//! HTTP Basic authentication: the fixture client (tests/fixtures/basic-auth, whose document's
//! only security scheme is `http`/`basic`) against a real HTTP server on loopback. The expected
//! header values are the base64 of the credentials, worked out outside this code.

use basic_auth::Client;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn account_server(authorization: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .and(header("authorization", authorization))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"sid": "AC123"})))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_key_is_sent_as_basic_credentials_user_colon_password() {
    // base64("AC123:secret:with-colon"): the password keeps every `:` after the first.
    let server = account_server("Basic QUMxMjM6c2VjcmV0OndpdGgtY29sb24=").await;
    let client = Client::builder().api_key("AC123:secret:with-colon").base_url(server.uri()).build().expect("client");
    let account = client.account().get_account().await.expect("authorized");
    assert_eq!(account.sid, "AC123");
}

#[tokio::test]
async fn a_key_without_a_colon_is_a_user_without_a_password() {
    // base64("solo:")
    let server = account_server("Basic c29sbzo=").await;
    let client = Client::builder().api_key("solo").base_url(server.uri()).build().expect("client");
    client.account().get_account().await.expect("authorized");
}

#[test]
fn the_credentials_never_print() {
    let client = Client::builder().api_key("AC123:secret").build().expect("client");
    let shown = format!("{client:?}");
    assert!(shown.contains("<redacted>") && !shown.contains("secret") && !shown.contains("QUMx"), "{shown}");
}
