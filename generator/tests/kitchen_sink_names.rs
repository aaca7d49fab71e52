//! Names made of any characters (the kitchen-sink fixture's `Naming`, `NamingKind`,
//! `LongEnum`, `Über-Typ` and `Self` schemas and its `POST /v1/names/{naïve id}`): every Rust
//! name is ASCII, and every wire name comes back exactly, through serde and over HTTP.
//! (Beside `kitchen_sink.rs`, which is long enough already.)

use kitchen_sink::Client;
use kitchen_sink::types::{LongEnum, Naming, NamingKind, Self_, UberTyp};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every property set, under its exact wire name.
fn wire() -> Value {
    json!({
        "über": "a", "日本": "b", "🎉": "c", "include[]": ["d"], "page-token": "e", "StartTime>": "f",
        "1st": 1, "": "g", "$$": "h", "self": "i", "Self": "j", "crate": "k", "super": "l", "type": "m",
        "gen": "n", "fooBar": "o", "foo_bar": "p", "foo-bar": "q", "kind": "Self", "long": "v219",
        "other": {"größe": 2}, "itself": {"super": true}
    })
}

#[test]
fn every_property_round_trips_under_its_exact_wire_name() {
    let naming: Naming = serde_json::from_value(wire()).expect("decodes");
    // Each wire name lands in its own field, in the order the spec lists them.
    let texts = [
        &naming.uber,
        &naming.value,
        &naming.value_2,
        &naming.page_token,
        &naming.start_time,
        &naming.value_3,
        &naming.value_4,
        &naming.self_,
        &naming.self_2,
        &naming.crate_,
        &naming.super_,
        &naming.r#type,
        &naming.r#gen,
        &naming.foo_bar,
        &naming.foo_bar_2,
        &naming.foo_bar_3,
    ];
    let texts: Vec<&str> = texts.iter().map(|t| t.as_deref().unwrap_or("<absent>")).collect();
    assert_eq!(texts, ["a", "b", "c", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"]);
    assert_eq!(naming.include, Some(vec!["d".to_owned()]));
    assert_eq!(naming.n1st, Some(1));
    assert_eq!(naming.kind, Some(NamingKind::Self2));
    assert_eq!(naming.long, Some(LongEnum::V219));
    assert_eq!(naming.other, Some(UberTyp::default().with_grosse(2)));
    assert_eq!(naming.itself, Some(Self_::default().with_super(true)));
    assert_eq!(serde_json::to_value(&naming).expect("encodes"), wire());
}

#[test]
fn enum_values_that_collide_after_case_conversion_stay_apart() {
    let values = [
        "foo-bar", "foo_bar", "FooBar", "A", "a", "ü", "日本", "🎉", "", "self", "Self", "crate", "1", "1.0", "10",
        "v1", "V1", "V1_2",
    ];
    let decoded: Vec<NamingKind> =
        values.iter().map(|v| serde_json::from_value(json!(v)).expect("a string decodes")).collect();
    for (value, kind) in values.iter().zip(&decoded) {
        assert!(!matches!(kind, NamingKind::Unknown(_)), "`{value}` is a known value");
        assert_eq!(kind.as_str(), *value);
        assert_eq!(serde_json::to_value(kind).expect("encodes"), json!(value));
    }
    // Eighteen values, eighteen variants.
    for (i, a) in decoded.iter().enumerate() {
        assert!(decoded[i + 1..].iter().all(|b| b != a), "`{}` shares its variant", values[i]);
    }
    assert_eq!(NamingKind::FooBar.as_str(), "foo-bar");
    assert_eq!(NamingKind::FooBar2.as_str(), "foo_bar");
    assert_eq!(NamingKind::A2.as_str(), "a");
    assert_eq!(NamingKind::Symbol2.as_str(), "🎉");
    assert_eq!(NamingKind::Empty.as_str(), "");
}

#[test]
fn an_enum_of_220_values_knows_each_of_them() {
    for i in 0..220 {
        let wire = format!("v{i:03}");
        let value: LongEnum = serde_json::from_value(json!(wire)).expect("decodes");
        assert!(!matches!(value, LongEnum::Unknown(_)), "`{wire}` is known");
        assert_eq!(value.as_str(), wire);
    }
    assert_eq!(LongEnum::V000.as_str(), "v000");
}

#[tokio::test]
async fn parameter_names_of_any_characters_go_on_the_wire_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/names/na%C3%AFve"))
        .respond_with(ResponseTemplate::new(200).set_body_json(wire()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("k").base_url(server.uri()).build().expect("client");
    // The body has only optional properties, set by name like the parameters; those named like
    // a parameter are `body_…`.
    let answer = client
        .names()
        .creer_naming("naïve")
        .include(vec!["x".to_owned(), "y".to_owned()])
        .page_token("t")
        .start_time("s")
        .grosse(3)
        .self_(NamingKind::Empty)
        .uber("u")
        .await
        .expect("succeeds");
    assert_eq!(answer.uber.as_deref(), Some("a"));
    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(
        request.url.query(),
        Some("include%5B%5D=x&include%5B%5D=y&page-token=t&StartTime%3E=s&gr%C3%B6%C3%9Fe=3&self=")
    );
    assert_eq!(request.body, "{\"über\":\"u\"}".as_bytes());
    // `ü` is not a property (only `über` is): unknown keys are not kept.
    let body: Naming = serde_json::from_value(json!({"ü": "not a field", "über": "u"})).expect("decodes");
    assert_eq!(serde_json::to_vec(&body).expect("encodes"), "{\"über\":\"u\"}".as_bytes());
}
