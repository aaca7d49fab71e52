//! The schema-rules fixture client (generated from tests/fixtures/schemas) against a real
//! HTTP server on loopback: `allOf` of scalars, of overlapping objects and beside own
//! properties, a union of scalars, an array and an object, and a discriminated union whose arms
//! leave the tag optional, each decoded from and sent as the JSON the schema allows.

use schema_rules::Client;
use schema_rules::types::{Base, ClientTool, Color, Folder, FolderUpdate, Labelled, Tool, Value2, WebhookTool};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base: &str) -> Client {
    Client::builder().api_key("k").base_url(base).build().expect("client")
}

#[tokio::test]
async fn all_of_parts_that_are_scalars_give_those_scalars() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/folders/f1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "f1",
            "sequence_id": null,
            "size": 3,
            "color": "blue",
            "tags": ["a", "b"]
        })))
        .mount(&server)
        .await;
    let folder: Folder = client(&server.uri()).folders().get_folder("f1").await.expect("decodes");
    // `allOf: [{type: string, nullable: true}, {nullable: false}]` is a string; the decoder
    // takes `null` too (never stricter than the schema's first part).
    assert_eq!(folder.sequence_id, schema_rules::Nullable::Null);
    // `allOf: [$ref: Count, {minimum: 1}]` is Count's `i32`; `allOf: [$ref: Color, {description}]`
    // is `Color` itself (an unknown value kept); `allOf: [array, {maxItems}]` is the array.
    assert_eq!(folder.size, Some(3_i32));
    assert_eq!(folder.color, Some(Color::Unknown("blue".into())));
    assert_eq!(folder.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
}

#[tokio::test]
async fn overlapping_all_of_parts_merge_and_any_part_makes_a_property_required() {
    let server = MockServer::start().await;
    // `type` is a property of the first part, required by the second: `new` takes it.
    let body = FolderUpdate::new("f1", "drafts", "folder");
    Mock::given(method("PUT"))
        .and(path("/folders/f1"))
        .and(body_json(json!({"id": "f1", "type": "drafts", "name": "folder"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "f1", "type": "drafts", "label": "L"})))
        .expect(1)
        .mount(&server)
        .await;
    let stored: Labelled = client(&server.uri()).folders().update_folder("f1", &body).await.expect("sent and decoded");
    // Own properties beside `allOf`: one struct with both, `required` reaching into the part.
    assert_eq!(stored, Labelled::new("f1", "drafts", "L"));
}

#[tokio::test]
async fn a_union_of_scalars_an_array_and_an_object_decodes_each_arm() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/values"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!(["text", 7, true, ["x", "y"], {"id": "b1", "type": "t"}])),
        )
        .mount(&server)
        .await;
    let values = client(&server.uri()).values().list_values().await.expect("decodes");
    let mut base = Base::new("b1");
    base.r#type = Some("t".into());
    assert_eq!(
        values,
        vec![
            Value2::String("text".into()),
            Value2::Integer(7),
            Value2::Boolean(true),
            Value2::List(vec!["x".into(), "y".into()]),
            Value2::Base(base.clone()),
        ]
    );
    // And back: each arm is written as the JSON it came from.
    assert_eq!(serde_json::to_value(Value2::Base(base)).expect("encodes"), json!({"id": "b1", "type": "t"}));
    assert_eq!(serde_json::to_value(Value2::Integer(7)).expect("encodes"), json!(7));
}

#[tokio::test]
async fn a_tagged_arm_always_sends_its_tag_and_a_missing_tag_decodes_by_default_then_shape() {
    let server = MockServer::start().await;
    // `ClientTool::new` leaves its optional `type` absent: the union still sends the tag,
    // which a server that dispatches on it (pydantic) requires.
    Mock::given(method("POST"))
        .and(path("/tools"))
        .and(body_json(json!({"name": "lookup", "type": "client"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"name": "lookup"},
            {"name": "hook", "url": "u", "expects_response": "later"},
            {"type": "webhook", "name": "tagged", "url": "u"},
            {"type": "mcp", "server": "s"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let tools = client(&server.uri())
        .tools()
        .create_tool(&Tool::Client(ClientTool::new("lookup")))
        .await
        .expect("the tag is sent and every schema-valid item decodes");
    // No tag: the arm whose schema defaults it (`client`) first …
    assert_eq!(tools[0], Tool::Client(ClientTool::new("lookup")));
    // … then, where that arm does not fit (`expects_response` is no boolean), by shape.
    assert_eq!(tools[1], Tool::Webhook(WebhookTool::new("hook", "u")));
    assert!(matches!(&tools[2], Tool::Webhook(w) if w.name == "tagged" && w.r#type.is_some()));
    assert!(matches!(&tools[3], Tool::Unknown(v) if v["type"] == "mcp"));
    // A tag the arm's own value carries is kept as it is.
    let mut explicit = WebhookTool::new("w", "u");
    explicit.r#type = Some(schema_rules::types::WebhookToolType::Webhook);
    let sent = serde_json::to_value(Tool::Webhook(explicit)).expect("encodes");
    assert_eq!(sent, json!({"type": "webhook", "name": "w", "url": "u"}));
}

#[tokio::test]
async fn arms_that_limit_a_property_to_their_own_strings_are_told_apart_by_it() {
    use schema_rules::types::{OtherToolResult, OtherToolResultType, SystemToolResult, ToolResult};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/results"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"type": "system", "name": "s", "result": "done"},
            {"type": "webhook", "name": "w"},
            {"name": "n"},
            {"type": "mcp", "name": "m"}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let results = client(&server.uri()).results().list_results().await.expect("every item decodes");
    // `system` is the system arm's, with its `result` (the first arm, by shape, would drop it).
    let mut system = SystemToolResult::new("s");
    system.result = Some("done".into());
    assert_eq!(results[0], ToolResult::System(system));
    let mut webhook = OtherToolResult::new("w");
    webhook.r#type = schema_rules::Nullable::Value(OtherToolResultType::Webhook);
    assert_eq!(results[1], ToolResult::OtherToolResult(webhook));
    // No tag: the first arm whose shape fits; a tag no arm claims: kept as it came.
    assert_eq!(results[2], ToolResult::OtherToolResult(OtherToolResult::new("n")));
    assert!(matches!(&results[3], ToolResult::Unknown(v) if v["type"] == "mcp"));
    // Sent back, each arm is the JSON it came from.
    let sent = serde_json::to_value(&results[0]).expect("encodes");
    assert_eq!(sent, json!({"type": "system", "name": "s", "result": "done"}));
}

/// An object beside a union: each arm is the common properties and its own. Each arm's JSON
/// decodes into its variant and is sent back whole (no property of either side dropped).
#[tokio::test]
async fn an_object_beside_a_union_round_trips_every_arm_whole() {
    let arms = [
        json!({"name": "first", "type": "train", "config": {"epochs": 3}}),
        json!({"name": "second", "type": "tune", "config": {"min_lr_ratio": 0.1, "num_cycles": 2}}),
    ];
    for arm in arms {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/jobs"))
            .and(body_json(&arm))
            .respond_with(ResponseTemplate::new(200).set_body_json(&arm))
            .expect(2)
            .mount(&server)
            .await;
        let client = client(&server.uri());
        let job: schema_rules::types::Job = serde_json::from_value(arm.clone()).expect("decodes");
        match (&job, arm["type"].as_str()) {
            (schema_rules::types::Job::Train(t), Some("train")) => assert_eq!(t.config.epochs, Some(3)),
            (schema_rules::types::Job::Tune(t), Some("tune")) => assert_eq!(t.config.num_cycles, Some(2)),
            other => panic!("the wrong arm: {other:?}"),
        }
        let echoed = client.jobs().create(&job).await.expect("sent and decoded");
        assert_eq!(serde_json::to_value(&echoed).expect("encodes"), arm, "every property survives");
        client.jobs().create(&echoed).await.expect("sent again");
    }
}

/// An untagged union where one arm's properties are a subset of another's: an object with a
/// property only the larger arm knows decodes into that arm (not the first that accepts it),
/// and goes back whole.
#[tokio::test]
async fn an_object_decodes_into_the_arm_that_keeps_every_property() {
    use schema_rules::types::Schedule;
    let fuller = json!({"min_lr_ratio": 0.1, "num_cycles": 2});
    let Schedule::Schedule1(restarts) = serde_json::from_value(fuller.clone()).expect("decodes") else {
        panic!("the arm that knows `num_cycles`");
    };
    assert_eq!(restarts.num_cycles, Some(2));
    let plain: Schedule = serde_json::from_value(json!({"min_lr_ratio": 0.1})).expect("decodes");
    assert!(matches!(plain, Schedule::Schedule0(_)), "the first arm that knows every property: {plain:?}");

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/schedules"))
        .and(body_json(&fuller))
        .respond_with(ResponseTemplate::new(200).set_body_json(&fuller))
        .expect(1)
        .mount(&server)
        .await;
    let echoed = client(&server.uri()).schedules().set(&Schedule::Schedule1(restarts)).await.expect("round trip");
    assert_eq!(serde_json::to_value(&echoed).expect("encodes"), fuller, "num_cycles is not dropped");
}
