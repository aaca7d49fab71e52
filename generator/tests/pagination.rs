//! Lists read page by page (the kitchen-sink client against wiremock): each pager sends the
//! value the page before gave, keeps the call's filters and options on every page, ends where
//! the response says, and ends with the error of a page that fails.

use futures_util::{StreamExt, TryStreamExt};
use kitchen_sink::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(base: &str) -> Client {
    Client::builder().api_key("ks_secret").base_url(base).max_retries(0).build().expect("client")
}

fn item(id: &str) -> Value {
    json!({"id": id, "type": "widget", "display-name": id, "count": 1, "status": "active", "shape": {"kind": "circle", "radius": 1.0}})
}

/// Answers `GET path` whose `param` is `at` (missing: the first page) with `body`.
async fn page(server: &MockServer, route: &str, param: &str, at: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(route));
    let mock = match at {
        Some(at) => mock.and(query_param(param, at)),
        None => mock.and(query_param_is_missing(param)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).expect(1).mount(server).await;
}

/// The query pairs of each request, in order.
fn queries(requests: &[Request]) -> Vec<Vec<(String, String)>> {
    requests.iter().map(|r| r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()).collect()
}

#[tokio::test]
async fn a_cursor_pager_reads_three_pages_and_an_empty_last_one_keeping_the_filters() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/items",
        "cursor",
        None,
        json!({"items": [item("a"), item("b")], "next_cursor": "c2", "total": 5, "order": "asc"}),
    )
    .await;
    page(
        &server,
        "/v1/items",
        "cursor",
        Some("c2"),
        json!({"items": [item("c")], "next_cursor": "c3", "total": 5, "order": "asc"}),
    )
    .await;
    page(
        &server,
        "/v1/items",
        "cursor",
        Some("c3"),
        json!({"items": [item("d"), item("e")], "next_cursor": "c4", "total": 5, "order": "asc"}),
    )
    .await;
    page(
        &server,
        "/v1/items",
        "cursor",
        Some("c4"),
        json!({"items": [], "next_cursor": null, "total": 5, "order": "asc"}),
    )
    .await;

    let client = client(&server.uri());
    let ids: Vec<String> = client
        .items()
        .list(2)
        .header("x-trace", "t1")
        .items()
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 4);
    let cursors: Vec<Option<String>> = queries(&requests)
        .iter()
        .map(|pairs| pairs.iter().find(|(k, _)| k == "cursor").map(|(_, v)| v.clone()))
        .collect();
    assert_eq!(cursors, [None, Some("c2".into()), Some("c3".into()), Some("c4".into())]);
    for request in &requests {
        assert!(request.url.query_pairs().any(|(k, v)| k == "page_size" && v == "2"), "{}", request.url);
        assert_eq!(request.headers.get("x-trace").map(|v| v.to_str().unwrap()), Some("t1"));
    }
}

#[tokio::test]
async fn pages_carry_their_status_and_headers_and_start_where_the_call_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/items"))
        .and(query_param("cursor", "c7"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("request-id", "r7")
                .set_body_json(json!({"items": [item("g")], "total": 1, "order": "asc"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let pages: Vec<_> = client.items().list(10).cursor("c7").pages().try_collect().await.expect("one page");
    assert_eq!(pages.len(), 1, "no next_cursor: the last page");
    assert_eq!(pages[0].headers.get("request-id").map(|v| v.to_str().unwrap()), Some("r7"));
    assert_eq!(pages[0].data.items[0].id, "g");
}

#[tokio::test]
async fn a_failure_on_page_two_ends_the_stream_after_the_first_items() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/items",
        "cursor",
        None,
        json!({"items": [item("a"), item("b")], "next_cursor": "c2", "total": 9, "order": "asc"}),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/v1/items"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"detail": "down"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let seen: Vec<kitchen_sink::Result<String>> =
        client.items().list(2).items().map(|r| r.map(|item| item.id)).collect().await;
    assert_eq!(seen.len(), 3, "two items, then the error, then nothing: {seen:?}");
    assert_eq!(seen[0].as_deref().ok(), Some("a"));
    assert_eq!(seen[1].as_deref().ok(), Some("b"));
    match &seen[2] {
        Err(Error::Api(api)) => assert_eq!(api.status().as_u16(), 500),
        other => panic!("expected the page's error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_history_style_pager_starts_after_the_last_id_until_has_more_is_false() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/events",
        "start_after_event_id",
        None,
        json!({"events": [{"event_id": "e1"}, {"event_id": "e2"}], "last_event_id": "e2", "has_more": true}),
    )
    .await;
    // `last_event_id` is still given on the last page: `has_more` ends the list.
    page(
        &server,
        "/v1/events",
        "start_after_event_id",
        Some("e2"),
        json!({"events": [{"event_id": "e3"}], "last_event_id": "e3", "has_more": false}),
    )
    .await;
    let client = client(&server.uri());
    let ids: Vec<String> =
        client.events().list().page_size(2).items().map_ok(|e| e.event_id).try_collect().await.expect("both pages");
    assert_eq!(ids, ["e1", "e2", "e3"]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn a_pager_from_generator_yaml_follows_the_field_it_names() {
    let server = MockServer::start().await;
    page(&server, "/v1/audit", "from_token", None, json!({"records": [1, 2], "continuation": "t2"})).await;
    page(&server, "/v1/audit", "from_token", Some("t2"), json!({"records": [3]})).await;
    let client = client(&server.uri());
    let records: Vec<i64> = client.audit().list().items().try_collect().await.expect("both pages");
    assert_eq!(records, [1, 2, 3]);
}

#[tokio::test]
async fn a_fern_offset_without_a_step_counts_pages_from_the_default() {
    let server = MockServer::start().await;
    page(&server, "/v1/logs", "page_index", None, json!({"lines": ["a", "b"]})).await;
    page(&server, "/v1/logs", "page_index", Some("1"), json!({"lines": ["c"]})).await;
    page(&server, "/v1/logs", "page_index", Some("2"), json!({})).await;
    let client = client(&server.uri());
    let lines: Vec<String> = client.logs().list().items().try_collect().await.expect("three pages");
    assert_eq!(lines, ["a", "b", "c"]);
}

#[tokio::test]
async fn an_offset_pager_counts_the_items_read_from_where_the_call_starts() {
    let server = MockServer::start().await;
    page(&server, "/v1/invoices", "offset", Some("10"), json!({"invoices": ["i10", "i11", "i12"]})).await;
    page(&server, "/v1/invoices", "offset", Some("13"), json!({"invoices": ["i13"]})).await;
    page(&server, "/v1/invoices", "offset", Some("14"), json!({"invoices": []})).await;
    let client = client(&server.uri());
    let invoices: Vec<String> =
        client.invoices().list().offset(10).limit(3).items().try_collect().await.expect("three pages");
    assert_eq!(invoices, ["i10", "i11", "i12", "i13"]);
    for request in server.received_requests().await.expect("recorded") {
        assert!(request.url.query_pairs().any(|(k, v)| k == "limit" && v == "3"), "{}", request.url);
    }
}

#[tokio::test]
async fn a_page_that_points_at_itself_ends_the_list() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/items",
        "cursor",
        None,
        json!({"items": [item("a")], "next_cursor": "c2", "total": 2, "order": "asc"}),
    )
    .await;
    page(
        &server,
        "/v1/items",
        "cursor",
        Some("c2"),
        json!({"items": [item("b")], "next_cursor": "c2", "total": 2, "order": "asc"}),
    )
    .await;
    let client = client(&server.uri());
    let ids: Vec<String> =
        client.items().list(1).items().map_ok(|item| item.id).try_collect().await.expect("two pages");
    assert_eq!(ids, ["a", "b"]);
}

#[tokio::test]
async fn each_page_is_retried_as_its_call_would_be() {
    let server = MockServer::start().await;
    page(
        &server,
        "/v1/items",
        "cursor",
        None,
        json!({"items": [item("a")], "next_cursor": "c2", "total": 2, "order": "asc"}),
    )
    .await;
    // Page two fails once with a 503, then answers.
    Mock::given(method("GET"))
        .and(path("/v1/items"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page(&server, "/v1/items", "cursor", Some("c2"), json!({"items": [item("b")], "total": 2, "order": "asc"})).await;
    let client = Client::builder().api_key("ks_secret").base_url(server.uri()).max_retries(1).build().expect("client");
    let ids: Vec<String> = client.items().list(1).items().map_ok(|item| item.id).try_collect().await.expect("retried");
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}
