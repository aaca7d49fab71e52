//! Parameter styles and form bodies on the wire: the fixture client (tests/fixtures/kitchen-sink,
//! the `styles` group) against a real HTTP server on loopback, checking the exact query string,
//! path, `Cookie` header and body bytes it receives.

use kitchen_sink::api::StylesQuery;
use kitchen_sink::types::{
    Color, Filter, FilterRange, FormOrder, FormOrderAddress, FormOrderAddressGeo, FormOrderItemsItem, Point, Target,
};
use kitchen_sink::{Call, Client, Nullable};
use wiremock::matchers::{any, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("k").base_url(server.uri()).build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// The query string the server received for the parameters `set` sets on the call.
async fn query_of(set: impl for<'a> FnOnce(Call<'a, (), StylesQuery>) -> Call<'a, (), StylesQuery>) -> String {
    let server = server().await;
    set(client(&server).styles().query()).await.expect("sent");
    only_request(&server).await.url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn form_style_arrays_and_objects_with_explode_on_and_off() {
    let query = query_of(|call| {
        call.tags(vec!["a b".into(), "c".into()])
            .ids(vec![1, 2])
            .point(Point::new(1, 2))
            .r#box(Point::new(3, 4))
            .colors(vec![Color::Red, Color::Blue])
    });
    // Exploded: one pair per item, an object's properties as pairs of their own; not
    // exploded: one pair, items (or keys and values) comma-joined. An array of enums too.
    assert_eq!(query.await, "tags=a+b&tags=c&ids=1%2C2&x=1&y=2&box=x%2C3%2Cy%2C4&colors=red%2Cblue");
}

#[tokio::test]
async fn space_and_pipe_delimited_with_explode_on_and_off() {
    let query = query_of(|call| {
        call.spaced(vec!["a".into(), "b".into()])
            .spaced_each(vec!["a".into(), "b".into()])
            .piped(vec![1, 2])
            .piped_each(vec![3, 4])
    });
    assert_eq!(query.await, "spaced=a+b&spaced_each=a&spaced_each=b&piped=1%7C2&piped_each=3&piped_each=4");
}

#[tokio::test]
async fn deep_object_nests_in_brackets_and_the_server_reads_them() {
    let server = server().await;
    let filter = Filter::default()
        .with_status("open")
        .with_range(FilterRange::default().with_from(1).with_to(5))
        .with_codes(vec!["x".into(), "y".into()]);
    client(&server).styles().query().filter(filter).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some(
            "filter%5Bcodes%5D%5B%5D=x&filter%5Bcodes%5D%5B%5D=y&filter%5Brange%5D%5Bfrom%5D=1\
             &filter%5Brange%5D%5Bto%5D=5&filter%5Bstatus%5D=open"
        )
    );
    // Decoded by the server as bracketed names.
    let decoded: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert!(decoded.contains(&("filter[range][from]".into(), "1".into())), "{decoded:?}");
    assert_eq!(decoded.iter().filter(|(k, _)| k == "filter[codes][]").count(), 2);
}

#[tokio::test]
async fn a_union_query_parameter_is_sent_as_the_arm_it_holds() {
    assert_eq!(query_of(|call| call.target(Target::String("home".into()))).await, "target=home");
    assert_eq!(query_of(|call| call.target(Target::Point(Point::new(5, 6)))).await, "x=5&y=6");
}

#[tokio::test]
async fn odd_names_json_content_and_absent_values() {
    // Only a request with these decoded names and values gets a success.
    let server = MockServer::start().await;
    Mock::given(query_param("include[]", "p"))
        .and(query_param("StartTime>", "2024-01-01"))
        .and(query_param("größe", "1.5"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .styles()
        .query()
        .include(vec!["p".into(), "q".into()])
        .page_token("t/1")
        .start_time("2024-01-01")
        .grosse(1.5)
        .r#where(Point::new(7, 8))
        .await
        .expect("sent");
    assert_eq!(
        only_request(&server).await.url.query(),
        Some(
            "include%5B%5D=p&include%5B%5D=q&page-token=t%2F1&StartTime%3E=2024-01-01&gr%C3%B6%C3%9Fe=1.5\
             &where=%7B%22x%22%3A7%2C%22y%22%3A8%7D"
        )
    );
    // Nothing set: no query string at all.
    assert_eq!(query_of(|call| call).await, "");
}

#[tokio::test]
async fn label_and_simple_path_parameters() {
    let server = server().await;
    let ids = ["a".to_owned(), "b c/d".to_owned()];
    client(&server).styles().label(&ids, &Point::new(1, 2), &Point::new(3, 4)).await.expect("sent");
    // Values escaped (`/` too), the style's `.`, `=` and `,` literal.
    assert_eq!(only_request(&server).await.url.path(), "/v1/styles/label/.a.b%20c%2Fd/.x=1.y=2/x=3,y=4");
}

#[tokio::test]
async fn matrix_path_parameters() {
    let server = server().await;
    let ids = ["a;b".to_owned(), "c".to_owned()];
    client(&server).styles().matrix(&ids, &Point::new(1, 2)).await.expect("sent");
    assert_eq!(only_request(&server).await.url.path(), "/v1/styles/matrix/map;ids=a%3Bb,c;x=1;y=2");
}

#[tokio::test]
async fn cookie_parameters_share_one_cookie_header() {
    let server = server().await;
    client(&server)
        .styles()
        .cookies("s 1")
        .prefs(vec!["dark".into(), "compact".into()])
        .flags(vec!["a".into(), "b".into()])
        .theme(Color::Green)
        .x_point(Point::new(1, 2))
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let cookies: Vec<_> = request.headers.get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "one Cookie header");
    assert_eq!(cookies[0], "session=s%201; prefs=dark,compact; flags=a; flags=b; theme=green");
    // A header in `simple` style, exploded.
    assert_eq!(request.headers.get("x-point").expect("header"), "x=1,y=2");

    let server = self::server().await;
    client(&server).styles().cookies("only").await.expect("sent");
    assert_eq!(only_request(&server).await.headers.get("cookie").expect("cookie"), "session=only");
}

#[tokio::test]
async fn an_array_header_is_one_comma_separated_value_and_absent_when_not_set() {
    let server = server().await;
    let tags = vec!["a b".to_owned(), "c".to_owned()];
    client(&server).styles().cookies("s").x_tags(tags).x_ids(vec![1, 22]).await.expect("sent");
    let request = only_request(&server).await;
    // `simple` style, exploded or not: one header, the items joined by commas.
    let tags: Vec<_> = request.headers.get_all("x-tags").iter().collect();
    assert_eq!(tags, ["a b,c"]);
    let ids: Vec<_> = request.headers.get_all("x-ids").iter().collect();
    assert_eq!(ids, ["1,22"]);

    let server = self::server().await;
    client(&server).styles().cookies("s").await.expect("sent");
    let request = only_request(&server).await;
    assert!(request.headers.get("x-tags").is_none() && request.headers.get("x-ids").is_none());
}

#[tokio::test]
async fn form_body_with_nested_objects_and_arrays() {
    let server = server().await;
    let mut order = FormOrder::new("Ann & Bob");
    order.tags = Some(vec!["a".into(), "b".into()]);
    order.codes = Some(vec![1, 2]);
    order.flags = Some(vec!["x".into(), "y".into()]);
    order.note = Nullable::Null;
    order.address = Some(
        FormOrderAddress::default()
            .with_line("1 Main St")
            .with_geo(FormOrderAddressGeo::default().with_lat(1.5).with_lng(-2.0)),
    );
    let mut second = FormOrderItemsItem::new("s2");
    second.qty = None;
    let mut first = FormOrderItemsItem::new("s1");
    first.qty = Some(2);
    order.items = Some(vec![first, second]);
    client(&server).styles().submit(&order).await.expect("sent");

    let request = only_request(&server).await;
    assert_eq!(request.headers.get("content-type").expect("content type"), "application/x-www-form-urlencoded");
    // Properties in key order; objects and arrays of objects in brackets (arrays of objects
    // indexed), `codes` joined (`explode: false`), `flags` with `[]` (`deepObject`), `tags`
    // repeated (the default), the `null` note left out.
    assert_eq!(
        String::from_utf8(request.body).expect("text"),
        "address%5Bgeo%5D%5Blat%5D=1.5&address%5Bgeo%5D%5Blng%5D=-2.0&address%5Bline%5D=1+Main+St\
         &codes=1%2C2&flags%5B%5D=x&flags%5B%5D=y\
         &items%5B0%5D%5Bqty%5D=2&items%5B0%5D%5Bsku%5D=s1&items%5B1%5D%5Bsku%5D=s2\
         &name=Ann+%26+Bob&tags=a&tags=b"
    );
}

#[tokio::test]
async fn a_path_declared_with_a_trailing_slash_is_sent_with_it() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/v1/datasets/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(["a", "b"]))
        .mount(&server)
        .await;
    let names = client(&server).datasets().list().await.expect("the list at /v1/datasets/");
    assert_eq!(names, ["a", "b"]);
    assert_eq!(only_request(&server).await.url.path(), "/v1/datasets/");
}
