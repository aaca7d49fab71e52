//! The complete ElevenLabs client (generated/, from the official OpenAPI document in spec/)
//! against a real HTTP server on loopback: the service-account key operations on the wire,
//! with the fields the official document adds to the seed page, and the example programs.

use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
    DataCollectionResultCommonModel, PermissionType, WorkspaceCreateApiKeyResponseModel,
};
mod wire;

use elevenlabs::{Client, Nullable};
use serde_json::json;
use wire::example_binary;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_secret_123";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).build().expect("client")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"xi-api-key": "sk_new", "key_id": "key_1"}))
}

#[tokio::test]
async fn create_sends_the_official_fields_only_when_set() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/service-accounts/sa_123/api-keys"))
        .and(header("xi-api-key", KEY))
        .and(body_json(json!({"name": "ci-key", "permissions": ["text_to_speech"]})))
        .respond_with(created())
        .expect(1)
        .named("required fields only")
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/service-accounts/sa_123/api-keys"))
        .and(body_json(json!({
            "name": "ci-key",
            "permissions": "all",
            "character_limit": null,
            "allowed_ips": ["10.0.0.0/24", "192.0.2.7"],
            "third_party_disable_allowed": false
        })))
        .respond_with(created())
        .expect(1)
        .named("every optional field")
        .mount(&server)
        .await;

    let client = client(&server);
    let keys = client.service_accounts().api_keys();
    let body = CreateServiceAccountApiKeyRequest::new("ci-key", Permissions::List(vec![PermissionType::TextToSpeech]));
    let key = keys.create("sa_123", &body).await.expect("created");
    assert_eq!(key, WorkspaceCreateApiKeyResponseModel::new("sk_new", "key_1"));

    let mut body = CreateServiceAccountApiKeyRequest::new("ci-key", Permissions::All);
    body.character_limit = Nullable::Null;
    body.allowed_ips = Nullable::Value(vec!["10.0.0.0/24".into(), "192.0.2.7".into()]);
    body.third_party_disable_allowed = Nullable::Value(false);
    keys.create("sa_123", &body).await.expect("created");
}

#[tokio::test]
async fn delete_sends_both_path_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/service-accounts/sa%201/api-keys/key_9"))
        .and(header("xi-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).service_accounts().api_keys().delete("sa 1", "key_9").await.expect("deleted");
}

#[tokio::test]
async fn the_create_api_key_example_runs_against_a_mock_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/service-accounts/sa_9/api-keys"))
        .and(header("xi-api-key", KEY))
        .and(body_json(
            json!({"name": "ci", "permissions": ["text_to_speech", "voices_read"], "character_limit": 10000}),
        ))
        .respond_with(created().insert_header("request-id", "req_1"))
        .expect(1)
        .mount(&server)
        .await;
    let binary = example_binary("create_api_key");
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(binary)
            .args(["sa_9", "ci", &uri])
            .env("ELEVENLABS_API_KEY", KEY)
            .output()
            .expect("run the example")
    })
    .await
    .expect("join");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "created key key_1 (request req_1)\n");

    // Without a key it says what is missing and fails.
    let binary = example_binary("create_api_key");
    let output = std::process::Command::new(binary)
        .args(["sa_9", "ci", "http://127.0.0.1:9"])
        .env_remove("ELEVENLABS_API_KEY")
        .output()
        .expect("run the example");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("ELEVENLABS_API_KEY is not set"));
}

/// Found by a contract check against an independent mock: the arms of the agent's tool union
/// leave `type` optional (with a default), so the tag was not sent and a tag-less item did not
/// decode.
#[test]
fn agent_tools_carry_their_tag_and_decode_without_it() {
    use elevenlabs::types::{ClientToolConfigInput, PromptAgentApiModelInputToolsItem as Tool};
    let tool = Tool::Client(ClientToolConfigInput::new("lookup", "Looks an order up"));
    let sent = serde_json::to_value(&tool).expect("encodes");
    assert_eq!(sent, json!({"type": "client", "name": "lookup", "description": "Looks an order up"}));

    let received: Tool =
        serde_json::from_value(json!({"name": "lookup", "description": "Looks an order up"})).expect("decodes");
    assert_eq!(received, Tool::Client(ClientToolConfigInput::new("lookup", "Looks an order up")));
}

/// `Debug` and `==` of JSON data follow the wire: fields by wire name, absent ones left out,
/// and two values are equal when they encode to the same JSON (an explicit `null` is not an
/// absent field).
#[test]
fn debug_and_equality_follow_the_wire() {
    let mut body =
        CreateServiceAccountApiKeyRequest::new("ci-key", Permissions::List(vec![PermissionType::TextToSpeech]));
    assert_eq!(
        format!("{body:?}"),
        r#"CreateServiceAccountApiKeyRequest { name: "ci-key", permissions: ["text_to_speech"] }"#
    );
    let sent = body.clone();
    body.character_limit = Nullable::Null;
    body.allowed_ips = Nullable::Value(vec!["10.0.0.0/24".into()]);
    assert_eq!(
        format!("{body:?}"),
        r#"CreateServiceAccountApiKeyRequest { name: "ci-key", permissions: ["text_to_speech"], character_limit: null, allowed_ips: ["10.0.0.0/24"] }"#
    );
    assert_eq!(
        format!("{body:#?}"),
        "CreateServiceAccountApiKeyRequest {\n    name: \"ci-key\",\n    permissions: [\n        \"text_to_speech\",\n    ],\n    character_limit: null,\n    allowed_ips: [\n        \"10.0.0.0/24\",\n    ],\n}"
    );

    assert_eq!(sent, sent.clone());
    assert_ne!(sent, body);
    let mut absent = body.clone();
    absent.character_limit = Nullable::Absent;
    assert_ne!(absent, body, "an explicit null differs from an absent field");
    absent.character_limit = Nullable::Null;
    assert_eq!(absent, body);

    let decoded: CreateServiceAccountApiKeyRequest = serde_json::from_value(json!({
        "allowed_ips": ["10.0.0.0/24"],
        "character_limit": null,
        "permissions": ["text_to_speech"],
        "name": "ci-key",
        "unknown_key": 1
    }))
    .expect("decodes");
    assert_eq!(decoded, body, "a decoded value equals the one built by hand");

    // Free-form JSON inside a struct compares as a value: key order does not matter.
    let mut a = DataCollectionResultCommonModel::new("c1", "why");
    let mut b = a.clone();
    a.value = Some(serde_json::from_str(r#"{"x": 1, "y": [true]}"#).expect("json"));
    b.value = Some(serde_json::from_str(r#"{"y": [true], "x": 1}"#).expect("json"));
    assert_eq!(a, b);
    b.value = Some(json!({"y": [false], "x": 1}));
    assert_ne!(a, b);
}
