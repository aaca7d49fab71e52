//! The generated seed client against a real HTTP server on loopback (wiremock).
//!
//! Every expectation here is on what crosses the wire: method, path, headers and the exact
//! JSON body going out; status, headers and body coming back.

use elevenlabs_seed::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
    CreateServiceAccountApiKeyRequestPermissionsItem as Permission, WorkspaceCreateApiKeyResponseModel,
};
use elevenlabs_seed::{Client, Environment, Error, Nullable};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk_test_secret_123";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).build().expect("client")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"xi-api-key": "sk_new", "key_id": "key_1"}))
}

/// The one request the server received, as JSON.
async fn sent_body(server: &MockServer) -> Value {
    let requests: Vec<Request> = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    serde_json::from_slice(&requests[0].body).expect("the body is JSON")
}

#[tokio::test]
async fn create_sends_method_path_key_and_body_and_decodes_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/service-accounts/sa_123/api-keys"))
        .and(header("xi-api-key", KEY))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"name": "ci-key", "permissions": ["text_to_speech", "models_read"]})))
        .respond_with(created())
        .expect(1)
        .mount(&server)
        .await;

    let body = CreateServiceAccountApiKeyRequest::new(
        "ci-key",
        Permissions::List(vec![Permission::TextToSpeech, Permission::ModelsRead]),
    );
    let key = client(&server).service_accounts().api_keys().create("sa_123", &body).await.expect("created");
    assert_eq!(key, WorkspaceCreateApiKeyResponseModel::new("sk_new", "key_1"));
    assert_eq!(key.xi_api_key, "sk_new");
    assert_eq!(key.key_id, "key_1");
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(created()).mount(&server).await;
    let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
    client(&server).service_accounts().api_keys().create("sa/1 2", &body).await.expect("created");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests[0].url.path(), "/v1/service-accounts/sa%2F1%202/api-keys");
}

#[tokio::test]
async fn the_literal_all_is_sent_as_a_string() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(created()).mount(&server).await;
    let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
    client(&server).service_accounts().api_keys().create("sa", &body).await.expect("created");
    assert_eq!(sent_body(&server).await, json!({"name": "k", "permissions": "all"}));
}

#[tokio::test]
async fn character_limit_absent_null_and_value_are_three_different_bodies() {
    let cases = [
        (Nullable::Absent, json!({"name": "k", "permissions": "all"})),
        (Nullable::Null, json!({"name": "k", "permissions": "all", "character_limit": null})),
        (Nullable::Value(1000), json!({"name": "k", "permissions": "all", "character_limit": 1000})),
    ];
    for (limit, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(created()).mount(&server).await;
        let mut body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
        body.character_limit = limit;
        client(&server).service_accounts().api_keys().create("sa", &body).await.expect("created");
        let sent = sent_body(&server).await;
        // Compare the exact object: `{"character_limit": null}` and no key at all must differ.
        assert_eq!(sent, expected);
        assert_eq!(
            sent.as_object().map(|o| o.contains_key("character_limit")),
            expected.as_object().map(|o| o.contains_key("character_limit"))
        );
    }
}

#[tokio::test]
async fn a_422_is_an_api_error_with_status_and_body() {
    let server = MockServer::start().await;
    let detail = json!({"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"}]});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(detail.clone()).insert_header("request-id", "req_42"))
        .mount(&server)
        .await;
    let body = CreateServiceAccountApiKeyRequest::new("", Permissions::List(Vec::new()));
    let err = client(&server).service_accounts().api_keys().create("sa", &body).await.expect_err("422");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.json::<Value>().expect("JSON body"), detail);
    assert_eq!(api.request_id(), Some("req_42"));
    let text = err.to_string();
    assert!(text.contains("422") && text.contains("field required"), "{text}");
    assert!(!text.contains(KEY) && !format!("{err:?}").contains(KEY), "the key never shows");
}

#[tokio::test]
async fn a_success_body_that_does_not_fit_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"key_id": 7}"#))
        .mount(&server)
        .await;
    let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
    let err = client(&server).service_accounts().api_keys().create("sa", &body).await.expect_err("decode");
    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.snippet(), r#"{"key_id": 7}"#);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind a port, then free it: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}"))
        .retry_backoff(std::time::Duration::from_millis(1), std::time::Duration::from_millis(5))
        .build()
        .expect("client");
    let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
    let err = client.service_accounts().api_keys().create("sa", &body).await.expect_err("refused");
    // Nothing was sent, so even a `POST` is tried again: three times in all by default.
    let Error::Retried(retried) = &err else { panic!("{err:?}") };
    assert_eq!(retried.attempts(), 3);
    assert!(retried.errors().all(|e| matches!(e, Error::Transport(_))), "{err:?}");
    let err = client.service_accounts().api_keys().create("sa", &body).max_retries(0).await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "one attempt: the error itself: {err:?}");
}

#[test]
fn permissions_decode_from_both_shapes_and_keep_unknown_values() {
    let all: Permissions = serde_json::from_value(json!("all")).expect("all");
    assert_eq!(all, Permissions::All);
    let list: Permissions = serde_json::from_value(json!(["voices_read", "teleportation"])).expect("list");
    assert_eq!(list, Permissions::List(vec![Permission::VoicesRead, Permission::Unknown("teleportation".into())]));
    assert_eq!(serde_json::to_value(&list).expect("encode"), json!(["voices_read", "teleportation"]));
    assert!(serde_json::from_value::<Permissions>(json!(5)).is_err());
    assert!(serde_json::from_value::<Permissions>(json!("some")).is_err());
}

#[test]
fn permission_display_and_from_str_round_trip_all_28_values() {
    let wire = [
        "text_to_speech",
        "speech_to_speech",
        "speech_to_text",
        "models_read",
        "models_write",
        "voices_read",
        "voices_write",
        "speech_history_read",
        "speech_history_write",
        "sound_generation",
        "audio_isolation",
        "voice_generation",
        "dubbing_read",
        "dubbing_write",
        "pronunciation_dictionaries_read",
        "pronunciation_dictionaries_write",
        "user_read",
        "user_write",
        "projects_read",
        "projects_write",
        "audio_native_read",
        "audio_native_write",
        "workspace_read",
        "workspace_write",
        "forced_alignment",
        "convai_read",
        "convai_write",
        "music_generation",
    ];
    for value in wire {
        let parsed: Permission = value.parse().expect("infallible");
        assert!(!matches!(parsed, Permission::Unknown(_)), "{value} is a known value");
        assert_eq!(parsed.to_string(), value);
    }
}

#[test]
fn response_decodes_from_wire_names() {
    let decoded: WorkspaceCreateApiKeyResponseModel =
        serde_json::from_value(json!({"xi-api-key": "sk", "key_id": "id", "extra": true})).expect("decode");
    assert_eq!(decoded.xi_api_key, "sk");
    assert!(serde_json::from_value::<WorkspaceCreateApiKeyResponseModel>(json!({"key_id": "id"})).is_err());
}

#[test]
fn the_default_environment_is_production_and_others_can_be_chosen() {
    let client = Client::new(KEY).expect("client");
    assert_eq!(client.base_url().as_str(), "https://api.elevenlabs.io/");
    let eu = Client::builder().api_key(KEY).environment(Environment::ProductionEu).build().expect("client");
    assert_eq!(eu.base_url().as_str(), "https://api.eu.residency.elevenlabs.io/");
    assert!(!format!("{client:?}").contains(KEY));
}

#[test]
fn from_env_reads_the_key_and_fails_clearly_without_it() {
    // One test touches the variable, so tests running in parallel do not race on it.
    // SAFETY (edition 2024 marks env writes unsafe): no other test reads or writes it.
    unsafe { std::env::remove_var(Client::API_KEY_ENV) };
    let err = Client::from_env().expect_err("unset");
    assert!(err.to_string().contains("ELEVENLABS_API_KEY"), "{err}");
    unsafe { std::env::set_var(Client::API_KEY_ENV, KEY) };
    let client = Client::from_env().expect("set");
    assert!(!format!("{client:?}").contains(KEY));
    unsafe { std::env::remove_var(Client::API_KEY_ENV) };
}
