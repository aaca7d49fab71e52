//! Which failures are retried (issue 24), against a raw server on loopback that injects one
//! fault on a call's first attempt: a `GET` (idempotent) is sent again after a stall past the
//! time limit, a body cut short and a connection reset; a `POST` is not, unless its operation
//! declares an idempotency header, whose key is then the same on every attempt of a call and
//! new for each call. A stream that breaks after its first chunk is an error, never a replay.
//! The error after the last attempt names how many were made and why they failed.

#[path = "loopback/mod.rs"]
mod loopback;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
};
use elevenlabs::{Client, Error};
use loopback::{Reply, serve};

const KEY: &str = "sk_retry_secret";
const CREATED: &str = r#"{"xi-api-key": "sk_new", "key_id": "key_1"}"#;

fn client(url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(url)
        .timeout(Duration::from_millis(300))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .expect("client")
}

/// Each fault a single attempt can meet, by name.
fn faults(body: &str) -> Vec<(&'static str, Reply)> {
    vec![
        ("stall", Reply::Stall(Duration::from_secs(2))),
        ("cut short", Reply::CutShort(body.as_bytes().to_vec())),
        ("cut short without a length", Reply::CutUnframed(body.as_bytes().to_vec())),
        ("reset", Reply::Reset),
        ("not JSON", Reply::json(200, r#"{"oops" nope}"#)),
    ]
}

/// A server that answers its first request with `first`, then `then`.
async fn first_fails(first: Reply, then: Reply) -> loopback::Server {
    let count = AtomicUsize::new(0);
    serve(move |_| if count.fetch_add(1, Ordering::SeqCst) == 0 { first.clone() } else { then.clone() }).await
}

#[tokio::test]
async fn a_get_is_retried_after_a_stall_a_cut_short_or_garbled_body_or_a_reset() {
    let models = r#"[{"model_id": "m", "name": "n"}]"#;
    for (fault, reply) in faults(models) {
        let server = first_fails(reply, Reply::json(200, "[]")).await;
        let result = client(&server.url).models().list().await;
        assert_eq!(result.map(|m| m.len()).map_err(|e| e.to_string()), Ok(0), "{fault}: the retry's answer");
        let exchanges = server.exchanges();
        assert_eq!(exchanges.len(), 2, "{fault}: one retry");
        assert!(exchanges.iter().all(|e| e.method == "GET" && e.path() == "/v1/models"), "{fault}");
    }
    // JSON that is not the value expected would read the same again: not retried.
    let server = first_fails(Reply::json(200, r#"{"models": []}"#), Reply::json(200, "[]")).await;
    let err = client(&server.url).models().list().await.expect_err("not a list");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(server.exchanges().len(), 1);
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_stall_a_cut_short_or_garbled_body_or_a_reset() {
    let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
    for (fault, reply) in faults(CREATED) {
        let server = first_fails(reply, Reply::json(200, CREATED)).await;
        let err = client(&server.url).service_accounts().api_keys().create("sa", &body).await.expect_err(fault);
        assert_eq!(server.exchanges().len(), 1, "{fault}: the server may have acted, so no second request");
        let kind_fits = match fault {
            "stall" => err.is_timeout(),
            "cut short without a length" | "not JSON" => matches!(err, Error::Decode(_)),
            _ => matches!(err, Error::Transport(_)),
        };
        assert!(kind_fits, "{fault}: {err:?}");
        assert!(!matches!(err, Error::Retried(_)), "{fault}: one attempt, no attempt count: {err}");
    }
    // What says the server did not act is retried for a POST too.
    let server = first_fails(Reply::Unavailable, Reply::json(200, CREATED)).await;
    let key = client(&server.url).service_accounts().api_keys().create("sa", &body).await.expect("retried");
    assert_eq!((key.key_id.as_str(), server.exchanges().len()), ("key_1", 2));
}

fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

#[tokio::test]
async fn a_post_with_a_declared_idempotency_key_is_retried_with_the_same_key() {
    use kitchen_sink::types::OrdersCreateRequest;
    // Every call's first attempt stalls; each attempt after that is answered.
    let seen = Arc::new(std::sync::Mutex::new(std::collections::BTreeSet::new()));
    let keys = seen.clone();
    let server = serve(move |exchange| {
        let key = exchange.header("idempotency-key").unwrap_or_default().to_owned();
        if keys.lock().expect("lock").insert(key.clone()) {
            return Reply::Stall(Duration::from_secs(2));
        }
        Reply::json(201, &format!(r#"{{"id": "order-{key}", "item_id": "i1"}}"#))
    })
    .await;
    let client = kitchen_sink::Client::builder()
        .api_key("ks")
        .base_url(&server.url)
        .timeout(Duration::from_millis(300))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .expect("client");
    let order = OrdersCreateRequest::new("i1");
    let first = client.orders().create(&order).await.expect("the retry succeeds");
    let second = client.orders().create(&order).await.expect("the retry succeeds");
    // The caller's own key, through the operation's setter or as an extra header.
    let third = client.orders().create(&order).idempotency_key("caller-key-1").await.expect("the retry succeeds");
    let fourth = client.orders().create(&order).header("Idempotency-Key", "caller-key-2").await.expect("ok");

    let exchanges = server.exchanges();
    let keys: Vec<&str> = exchanges.iter().map(|e| e.header("idempotency-key").unwrap_or_default()).collect();
    assert_eq!(keys.len(), 8, "two attempts per call: {keys:?}");
    assert!(keys.chunks(2).all(|pair| pair[0] == pair[1]), "the same key on both attempts: {keys:?}");
    assert_ne!(keys[0], keys[2], "a new key for each call");
    assert!(is_uuid_v4(keys[0]) && is_uuid_v4(keys[2]), "random (version 4) UUIDs: {keys:?}");
    assert_eq!(&keys[4..], ["caller-key-1", "caller-key-1", "caller-key-2", "caller-key-2"], "the caller's own key");
    assert_eq!(first.id, format!("order-{}", keys[0]));
    assert_eq!(second.id, format!("order-{}", keys[2]));
    assert_eq!((third.id.as_str(), fourth.id.as_str()), ("order-caller-key-1", "order-caller-key-2"));
    assert!(exchanges.iter().all(|e| e.headers.iter().filter(|(n, _)| n == "idempotency-key").count() == 1));
}

#[tokio::test]
async fn a_stream_cut_after_its_first_chunk_is_an_error_not_a_replay() {
    let server = first_fails(
        Reply::ChunksThenReset(vec![b"ID3-first-chunk".to_vec()]),
        Reply::Full(200, "audio/mpeg", b"a whole second answer".to_vec()),
    )
    .await;
    // A `GET`: safe to repeat, and still never sent again once its body reached the caller.
    let mut audio = client(&server.url).dubbing().audio().get("dub_1", "en").await.expect("the head arrived");
    let first = audio.next().await.map(|chunk| chunk.map_err(|e| e.to_string()));
    assert_eq!(first, Some(Ok(bytes::Bytes::from_static(b"ID3-first-chunk"))));
    let broken = audio.next().await;
    assert!(matches!(broken, Some(Err(Error::Transport(_)))), "{broken:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.exchanges().len(), 1, "no silent replay");
}

#[tokio::test]
async fn the_error_after_the_last_attempt_names_the_attempts_and_why_each_failed() {
    let count = AtomicUsize::new(0);
    let server = serve(move |_| match count.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::Unavailable,
        1 => Reply::Reset,
        _ => Reply::Stall(Duration::from_secs(2)),
    })
    .await;
    let err = client(&server.url).models().list().max_retries(2).await.expect_err("every attempt fails");
    let Error::Retried(retried) = &err else { panic!("not the retried error: {err:?}") };
    assert_eq!(retried.attempts(), 3);
    let reasons: Vec<String> = retried.errors().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), 3);
    assert!(reasons[0].starts_with("the API answered 503"), "{reasons:?}");
    assert!(reasons[1].starts_with("transport error"), "{reasons:?}");
    assert_eq!(reasons[2], "timed out after 300ms");
    let text = err.to_string();
    assert!(text.starts_with("3 attempts failed"), "{text}");
    assert!(text.contains(&reasons[0]) && text.ends_with(&reasons[2]), "the first and last reasons: {text}");
    assert!(err.is_timeout() && err.status().is_none(), "the last attempt's kind shows through");
    assert_eq!(server.exchanges().len(), 3);
}
