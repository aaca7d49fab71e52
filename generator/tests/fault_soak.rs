//! Fault soak (issue 24): 2,000 calls, 50 in flight, time limit 1 s, `max_retries(3)`, against
//! a loopback server that spoils the first attempt of a fixed share of calls: a connection
//! reset, a `503` with `Retry-After: 0`, a body cut short (with and without a length), a stall
//! past the time limit, a body that is not JSON. A third of the calls are `GET /v1/models`
//! (idempotent), a third `POST`s with a declared idempotency key, a third plain `POST`s.
//!
//! What must hold: no call returns a value that is not its own (each answer names its call);
//! a call that is safe to repeat never fails from one spoiled attempt; a plain `POST` fails
//! exactly where the server may have acted on it. The whole run is bounded in time.

#[path = "loopback/mod.rs"]
mod loopback;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use elevenlabs::types::{
    CreateServiceAccountApiKeyRequest, CreateServiceAccountApiKeyRequestPermissions as Permissions,
};
use futures_util::StreamExt;
use loopback::{Exchange, Reply, serve};

const CALLS: u64 = 2_000;
const IN_FLIGHT: usize = 50;
const LIMIT: Duration = Duration::from_secs(1);

/// The fault a call's first attempt meets, by call number; `None` for most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    Reset,
    Unavailable,
    CutShort,
    CutUnframed,
    Stall,
    NotJson,
}

fn fault_of(call: u64) -> Option<Fault> {
    [Fault::Reset, Fault::Unavailable, Fault::CutShort, Fault::CutUnframed, Fault::Stall, Fault::NotJson]
        .get((call % 16) as usize)
        .copied()
}

/// What each call is: by call number, so that every kind meets every fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Get,
    KeyedPost,
    PlainPost,
}

fn kind_of(call: u64) -> Kind {
    [Kind::Get, Kind::KeyedPost, Kind::PlainPost][(call % 3) as usize]
}

/// The answer that names call `n`, for the operation `exchange` is.
fn answer(exchange: &Exchange, n: u64) -> String {
    match exchange.path() {
        "/v1/models" => format!(
            r#"[{{"model_id": "m-{n}", "name": "Model {n}", "can_be_finetuned": false, "can_do_text_to_speech": true,
            "can_do_voice_conversion": false, "can_use_style": true, "can_use_speaker_boost": true,
            "serves_pro_voices": false, "token_cost_factor": 1.0, "description": "d", "requires_alpha_access": false,
            "max_characters_request_free_user": 2500, "max_characters_request_subscribed_user": 5000,
            "maximum_text_length_per_request": 10000, "languages": [{{"language_id": "en", "name": "English"}}],
            "model_rates": {{"character_cost_multiplier": 1.0}}, "concurrency_group": "standard"}}]"#
        ),
        "/v1/orders" => format!(r#"{{"id": "order-{n}", "item_id": "item-{n}"}}"#),
        _ => format!(r#"{{"xi-api-key": "sk-{n}", "key_id": "key-{n}"}}"#),
    }
}

/// How one call ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Right,
    Wrong(String),
    Failed(&'static str),
}

fn failed(error: &elevenlabs::Error) -> Outcome {
    Outcome::Failed(match error {
        elevenlabs::Error::Decode(_) => "decode",
        elevenlabs::Error::Timeout(_) => "timeout",
        elevenlabs::Error::Transport(_) => "transport",
        elevenlabs::Error::Api(_) => "api",
        elevenlabs::Error::Retried(_) => "retried",
        _ => "other",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_calls_through_injected_faults() {
    // Attempts seen per call, and the idempotency keys each call sent.
    let attempts: Arc<Mutex<BTreeMap<u64, u32>>> = Arc::default();
    let keys: Arc<Mutex<BTreeMap<u64, Vec<String>>>> = Arc::default();
    let (seen, sent_keys) = (attempts.clone(), keys.clone());
    let server = serve(move |exchange| {
        let Some(n) = exchange.query("call").and_then(|n| n.parse::<u64>().ok()) else {
            return Reply::json(400, r#"{"detail": "no call number"}"#);
        };
        if let Some(key) = exchange.header("idempotency-key") {
            sent_keys.lock().expect("lock").entry(n).or_default().push(key.to_owned());
        }
        let attempt = {
            let mut seen = seen.lock().expect("lock");
            let count = seen.entry(n).or_default();
            *count += 1;
            *count
        };
        let body = answer(exchange, n);
        match (attempt, fault_of(n)) {
            (1, Some(Fault::Reset)) => Reply::Reset,
            (1, Some(Fault::Unavailable)) => Reply::Unavailable,
            (1, Some(Fault::CutShort)) => Reply::CutShort(body.into_bytes()),
            (1, Some(Fault::CutUnframed)) => Reply::CutUnframed(body.into_bytes()),
            (1, Some(Fault::Stall)) => Reply::Stall(LIMIT * 2),
            (1, Some(Fault::NotJson)) => Reply::json(200, r#"{"oops" nope}"#),
            (_, _) => Reply::json(200, &body),
        }
    })
    .await;
    let backoff = (Duration::from_millis(1), Duration::from_millis(20));
    let elevenlabs = elevenlabs::Client::builder()
        .api_key("sk_soak")
        .base_url(&server.url)
        .timeout(LIMIT)
        .max_retries(3)
        .retry_backoff(backoff.0, backoff.1)
        .build()
        .expect("client");
    let kitchen = kitchen_sink::Client::builder()
        .api_key("ks_soak")
        .base_url(&server.url)
        .timeout(LIMIT)
        .max_retries(3)
        .retry_backoff(backoff.0, backoff.1)
        .build()
        .expect("client");
    let (elevenlabs, kitchen) = (&elevenlabs, &kitchen);
    let started = Instant::now();
    let calls = futures_util::stream::iter(0..CALLS).map(|n| async move {
        let call = n.to_string();
        let outcome = match kind_of(n) {
            Kind::Get => match elevenlabs.models().list().query("call", &call).await {
                Ok(models) if models.len() == 1 && models[0].model_id == format!("m-{n}") => Outcome::Right,
                Ok(models) => Outcome::Wrong(format!("{models:?}")),
                Err(e) => failed(&e),
            },
            Kind::PlainPost => {
                let body = CreateServiceAccountApiKeyRequest::new("k", Permissions::All);
                match elevenlabs.service_accounts().api_keys().create("sa", &body).query("call", &call).await {
                    Ok(key) if key.key_id == format!("key-{n}") => Outcome::Right,
                    Ok(key) => Outcome::Wrong(format!("{key:?}")),
                    Err(e) => failed(&e),
                }
            }
            Kind::KeyedPost => {
                let body = kitchen_sink::types::OrdersCreateRequest::new(&format!("item-{n}"));
                match kitchen.orders().create(&body).query("call", &call).await {
                    Ok(order) if order.id == format!("order-{n}") => Outcome::Right,
                    Ok(order) => Outcome::Wrong(format!("{order:?}")),
                    Err(e) => Outcome::Failed(match e {
                        kitchen_sink::Error::Decode(_) => "decode",
                        _ => "other",
                    }),
                }
            }
        };
        (n, outcome)
    });
    let outcomes: Vec<(u64, Outcome)> =
        tokio::time::timeout(Duration::from_secs(120), calls.buffer_unordered(IN_FLIGHT).collect())
            .await
            .expect("the soak ends within two minutes");
    let elapsed = started.elapsed();

    // Tally by kind and fault.
    let mut tally: BTreeMap<(Kind, Option<Fault>, Outcome), usize> = BTreeMap::new();
    for (n, outcome) in &outcomes {
        *tally.entry((kind_of(*n), fault_of(*n), outcome.clone())).or_default() += 1;
    }
    let requests = attempts.lock().expect("lock").values().sum::<u32>();
    eprintln!("{} calls, {requests} requests, in {elapsed:?}", outcomes.len());
    for ((kind, fault, outcome), count) in &tally {
        eprintln!("  {kind:?} {fault:?}: {outcome:?} × {count}");
    }
    assert_eq!(outcomes.len() as u64, CALLS);
    let wrong: Vec<_> = outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Wrong(_))).collect();
    assert!(wrong.is_empty(), "calls returned values not their own: {wrong:?}");
    for (n, outcome) in &outcomes {
        let (kind, fault) = (kind_of(*n), fault_of(*n));
        let expected = match (kind, fault) {
            (Kind::Get | Kind::KeyedPost, _) | (Kind::PlainPost, None | Some(Fault::Unavailable)) => Outcome::Right,
            (Kind::PlainPost, Some(Fault::Stall)) => Outcome::Failed("timeout"),
            (Kind::PlainPost, Some(Fault::CutUnframed | Fault::NotJson)) => Outcome::Failed("decode"),
            (Kind::PlainPost, Some(Fault::Reset | Fault::CutShort)) => Outcome::Failed("transport"),
        };
        assert_eq!(outcome, &expected, "call {n}: {kind:?} after {fault:?}");
    }
    // Every keyed call sent one key on all its attempts, and no two calls the same.
    let keys = keys.lock().expect("lock");
    let mut distinct = std::collections::BTreeSet::new();
    for (n, sent) in keys.iter() {
        assert!(sent.iter().all(|k| k == &sent[0]), "call {n} changed its key: {sent:?}");
        assert!(distinct.insert(sent[0].clone()), "call {n} reused another call's key");
    }
    assert_eq!(keys.len() as u64, (0..CALLS).filter(|n| kind_of(*n) == Kind::KeyedPost).count() as u64);
}
