//! The `tracing` feature (the kitchen-sink client is built with it here): a span per call with
//! the operation, method, path template, status, attempts, request id and duration, and an
//! event per retry with its reason and delay; never the key, the URL or a body. A subscriber
//! of this test records them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kitchen_sink::Client;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

type Fields = BTreeMap<String, String>;

/// The client's own spans (fields as each closed) and events, in order; those of the HTTP
/// stack beneath (hyper's) are not the client's.
#[derive(Default, Clone)]
struct Recorded {
    spans: Arc<Mutex<Vec<(String, Fields)>>>,
    events: Arc<Mutex<Vec<Fields>>>,
    open: Arc<Mutex<BTreeMap<u64, (String, Fields)>>>,
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}").trim_matches('"').to_owned());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorded {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if !ours(attrs.metadata().target()) {
            return;
        }
        let mut fields = Fields::new();
        attrs.record(&mut Collect(&mut fields));
        self.open.lock().expect("lock").insert(id.into_u64(), (attrs.metadata().name().to_owned(), fields));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some((_, fields)) = self.open.lock().expect("lock").get_mut(&id.into_u64()) {
            values.record(&mut Collect(fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if !ours(event.metadata().target()) {
            return;
        }
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        self.events.lock().expect("lock").push(fields);
    }

    fn on_close(&self, id: Id, _: Context<'_, S>) {
        if let Some(span) = self.open.lock().expect("lock").remove(&id.into_u64()) {
            self.spans.lock().expect("lock").push(span);
        }
    }
}

fn ours(target: &str) -> bool {
    target.starts_with("kitchen_sink::")
}

fn client(base: &str, retries: u32) -> Client {
    Client::builder().api_key("ks_secret_key").base_url(base).max_retries(retries).build().expect("client")
}

#[tokio::test]
async fn a_call_is_a_span_and_each_retry_an_event_naming_its_reason_and_delay() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("request-id", "req_42")
                .set_body_json(serde_json::json!({"invoices": ["i1"]})),
        )
        .mount(&server)
        .await;
    let recorded = Recorded::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(recorded.clone()));

    let page = client(&server.uri(), 2).invoices().list().offset(7).await.expect("a page after one retry");
    assert_eq!(page.invoices, ["i1"]);

    let spans = recorded.spans.lock().expect("lock").clone();
    let [(name, span)] = spans.as_slice() else { panic!("one span per call: {spans:?}") };
    assert_eq!(name, "call");
    assert_eq!(span["operation"], "list_invoices");
    assert_eq!(span["method"], "GET");
    assert_eq!(span["path"], "/v1/invoices");
    assert_eq!(span["status"], "200");
    assert_eq!(span["attempts"], "2");
    assert_eq!(span["request_id"], "req_42");
    assert!(span["duration_ms"].parse::<u64>().is_ok(), "{span:?}");
    assert!(!span.contains_key("error"), "{span:?}");

    let events = recorded.events.lock().expect("lock").clone();
    let [retry] = events.as_slice() else { panic!("one event per retry: {events:?}") };
    assert_eq!(retry["message"], "retrying");
    assert_eq!((retry["attempt"].as_str(), retry["reason"].as_str()), ("1", "error status"));
    assert_eq!(retry["delay_ms"], "0", "the server's Retry-After");

    let everything = format!("{spans:?}{events:?}");
    for secret in ["ks_secret_key", "offset", "127.0.0.1", "i1"] {
        assert!(!everything.contains(secret), "`{secret}` in a trace: {everything}");
    }
}

#[tokio::test]
async fn a_failed_call_records_its_status_and_why_it_ended() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices"))
        .respond_with(ResponseTemplate::new(404).insert_header("x-request-id", "req_7").set_body_string("no such list"))
        .mount(&server)
        .await;
    let recorded = Recorded::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(recorded.clone()));

    let error = client(&server.uri(), 0).invoices().list().timeout(Duration::from_secs(5)).await.expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));

    let spans = recorded.spans.lock().expect("lock").clone();
    let [(_, span)] = spans.as_slice() else { panic!("one span: {spans:?}") };
    assert_eq!((span["status"].as_str(), span["attempts"].as_str()), ("404", "1"));
    assert_eq!((span["error"].as_str(), span["request_id"].as_str()), ("error status", "req_7"));
    assert!(!format!("{spans:?}").contains("no such list"), "no body in a trace");
    assert!(recorded.events.lock().expect("lock").is_empty(), "no retry, no event");
}
