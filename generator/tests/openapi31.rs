//! OpenAPI 3.1 shapes in the fixture client (tests/fixtures/kitchen-sink): a webhook's
//! payload is a type users decode in their own servers, built from a `type` list, an integer
//! beyond `i64`, a tuple (`prefixItems`), `patternProperties`, an annotation-only `allOf` part
//! and a `false` property; and an operation that declares no responses.

use std::collections::BTreeMap;

use kitchen_sink::types::{ItemCreatedWebhook, ItemCreatedWebhookAt, ItemCreatedWebhookPathItem, Owner};
use kitchen_sink::{Client, Nullable};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_webhook_payload_decodes_every_value_its_schema_allows() {
    let payload: ItemCreatedWebhook = serde_json::from_value(json!({
        "id": "it_1",
        "at": 1_700_000_000,
        "size": 18_446_744_073_709_551_615_u64,
        "path": ["root", 2],
        "counts": {"apples": 3},
        "reviewer": null,
        "legacy": "never sent, ignored when it is"
    }))
    .expect("decodes");
    assert_eq!(payload.id, "it_1");
    // `type: [string, integer]` → one arm per type.
    assert_eq!(payload.at, ItemCreatedWebhookAt::Integer(1_700_000_000));
    // `maximum: 18446744073709551615` on an integer: values beyond i64 decode (as f64).
    assert_eq!(payload.size, Some(18_446_744_073_709_551_615_u64 as f64));
    // `prefixItems: [string, integer]`: each item is one of the prefix schemas.
    assert_eq!(
        payload.path,
        Some(vec![ItemCreatedWebhookPathItem::String("root".into()), ItemCreatedWebhookPathItem::Integer(2)])
    );
    // `patternProperties` with `additionalProperties: false`: a map of the pattern's schema.
    assert_eq!(payload.counts, Some(BTreeMap::from([("apples".to_owned(), 3)])));
    // `allOf: [$ref: Owner, {nullable: true}]`: the owner, or null.
    assert_eq!(payload.reviewer, Nullable::Null);

    let payload: ItemCreatedWebhook = serde_json::from_value(json!({
        "id": "it_2",
        "at": "2026-01-01T00:00:00Z",
        "reviewer": {"name": "Ada", "email": null}
    }))
    .expect("decodes");
    assert_eq!(payload.at, ItemCreatedWebhookAt::String("2026-01-01T00:00:00Z".into()));
    assert_eq!(payload.reviewer, Nullable::Value(Owner::new("Ada", None)));
    assert_eq!(
        serde_json::to_value(&payload).expect("encodes"),
        json!({"id": "it_2", "at": "2026-01-01T00:00:00Z", "reviewer": {"name": "Ada", "email": null}})
    );
}

#[test]
fn a_webhook_payload_refuses_what_its_schema_refuses() {
    // `at` is required and is a string or an integer.
    assert!(serde_json::from_value::<ItemCreatedWebhook>(json!({"id": "x"})).is_err());
    assert!(serde_json::from_value::<ItemCreatedWebhook>(json!({"id": "x", "at": true})).is_err());
}

#[tokio::test]
async fn an_operation_without_responses_succeeds_whatever_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"not\": \"declared\"}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("k").base_url(server.uri()).build().expect("client");
    client.ping().await.expect("an undeclared body is ignored");
}
