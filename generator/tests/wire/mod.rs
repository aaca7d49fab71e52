//! Helpers shared by the ElevenLabs wire tests (`elevenlabs_*.rs`): a client pointed at a
//! mock server, one-call cases that check the request and decode a reply, multipart parts,
//! and the example programs' binaries.

#![allow(dead_code, unused_macros)] // each test binary uses its own share of these helpers

use std::path::PathBuf;

use elevenlabs::Client;
use serde_json::Value;
use wiremock::{MockServer, Request};

/// The API key every test client sends.
pub const KEY: &str = "sk_test_secret_123";

/// A client for `server` with [`KEY`], sending each request once (no retries).
pub fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).max_retries(0).build().expect("client")
}

/// The one request `server` received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "one request: {requests:?}");
    requests.remove(0)
}

/// A multipart body as `(part headers, part body)` pairs, headers joined by ` | `.
pub fn multipart_parts(request: &Request) -> Vec<(String, Vec<u8>)> {
    let content_type = request.headers.get("content-type").expect("content type").to_str().expect("ascii");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("\r\n--{boundary}");
    // Prefixing CRLF makes the first delimiter look like all the others.
    let body = [b"\r\n".as_slice(), &request.body].concat();
    let mut parts = Vec::new();
    let mut rest = &body[..];
    loop {
        let start = find(rest, delimiter.as_bytes()).expect("a delimiter") + delimiter.len();
        rest = &rest[start..];
        if rest.starts_with(b"--") {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let end = find(rest, delimiter.as_bytes()).expect("a closing delimiter");
        let part = &rest[..end];
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        parts.push((String::from_utf8_lossy(&part[..split]).replace("\r\n", " | "), part[split + 4..].to_vec()));
        rest = &rest[end..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The names of a multipart body's parts, in order.
pub fn part_names(request: &Request) -> Vec<String> {
    multipart_parts(request)
        .iter()
        .map(|(head, _)| {
            let name = head.split("name=\"").nth(1).expect("a part name");
            name[..name.find('"').expect("a closing quote")].to_owned()
        })
        .collect()
}

/// Whether every value of `expected` is in `actual`: the same keys with values inside the
/// same values, arrays of the same length, numbers equal as floats. `actual` may have more
/// keys (fields a decoder filled in from defaults).
pub fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            expected.iter().all(|(key, value)| actual.get(key).is_some_and(|got| contains(got, value)))
        }
        (Value::Array(actual), Value::Array(expected)) => {
            actual.len() == expected.len() && actual.iter().zip(expected).all(|(a, e)| contains(a, e))
        }
        (Value::Number(actual), Value::Number(expected)) => actual.as_f64() == expected.as_f64(),
        _ => actual == expected,
    }
}

/// An example program's binary, built if `cargo test` did not build it already.
pub fn example_binary(name: &str) -> PathBuf {
    // The tests run from target/<profile>/deps; examples land in target/<profile>/examples.
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let binary = profile_dir.join("examples").join(name);
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = std::process::Command::new(cargo)
            .args(["build", "--quiet", "-p", "elevenlabs", "--example", name])
            .status()
            .expect("run cargo build");
        assert!(status.success(), "building the example failed");
    }
    binary
}

/// Runs an example program with `args` and the test API key, off the async runtime (the
/// mock server keeps answering meanwhile).
pub async fn run_example(name: &str, args: &[&str]) -> std::process::Output {
    run_example_at(name, args, None).await
}

/// [`run_example`] with `ELEVENLABS_BASE_URL` set to `base_url` (or unset for `None`).
pub async fn run_example_at(name: &str, args: &[&str], base_url: Option<&str>) -> std::process::Output {
    let binary = example_binary(name);
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    let base_url = base_url.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(binary);
        command.args(args).env("ELEVENLABS_API_KEY", KEY).env_remove("ELEVENLABS_BASE_URL");
        if let Some(base_url) = base_url {
            command.env("ELEVENLABS_BASE_URL", base_url);
        }
        command.output().expect("run the example")
    })
    .await
    .expect("join")
}

/// One call of one operation against a mock server that answers anything with `reply`, then
/// checks the request it got: method, path (percent-encoded), the whole query string (none
/// unless `? "…"` gives it), the API key header, and the JSON body (exactly, sent as
/// `application/json`) or the names of the multipart parts (in order). The reply must
/// decode: `json: {…}` re-encoded must contain every value of the reply, `bytes: "…"` must
/// arrive whole, `empty` must give `()`.
///
/// ```ignore
/// case!(voices_share: POST "/v1/voices/add/user_1/voice_1",
///     body b = {"new_name": "Copy"},   // decoded into the operation's body type, `&b` in the call
///     reply json: {"voice_id": "voice_2"},
///     |c| c.voices().share("user_1", "voice_1", &b));
/// case!(music_compose: POST "/v1/music",
///     sends {"prompt": "x"},           // a body set property by property on the call
///     reply bytes: "audio",
///     |c| c.music().compose().prompt("x"));
/// ```
macro_rules! case {
    ($name:ident: $method:ident $path:literal $(? $query:literal)?,
     $(body $b:ident = $body:tt,)?
     $(sends $sent:tt,)?
     $(parts [$($part:literal),* $(,)?],)?
     reply $kind:ident $(: $reply:tt)?,
     |$c:ident| $call:expr $(,)?) => {
        #[tokio::test]
        async fn $name() {
            let server = ::wiremock::MockServer::start().await;
            ::wiremock::Mock::given(::wiremock::matchers::any())
                .respond_with(reply_template!($kind $($reply)?))
                .mount(&server)
                .await;
            let $c = crate::wire::client(&server);
            $(let $b = ::serde_json::from_value(::serde_json::json!($body)).expect("the body fits its type");)?
            let value = $call.await.unwrap_or_else(|error| panic!("{error}"));
            check_reply!($kind value $($reply)?);

            let request = crate::wire::only_request(&server).await;
            assert_eq!(request.method.as_str(), stringify!($method));
            assert_eq!(request.url.path(), $path);
            assert_eq!(request.url.query(), None $(.or(Some($query)))?);
            assert_eq!(request.headers.get("xi-api-key").map(|v| v.as_bytes()), Some(crate::wire::KEY.as_bytes()));
            $(assert_eq!(
                request.headers.get("content-type").map(|v| v.as_bytes()),
                Some(&b"application/json"[..]),
                "a JSON body says so"
            );
            assert_eq!(
                request.body_json::<::serde_json::Value>().expect("a JSON body"),
                ::serde_json::json!($body),
                "the body on the wire"
            );)?
            $(assert_eq!(
                request.headers.get("content-type").map(|v| v.as_bytes()),
                Some(&b"application/json"[..]),
                "a JSON body says so"
            );
            assert_eq!(
                request.body_json::<::serde_json::Value>().expect("a JSON body"),
                ::serde_json::json!($sent),
                "the body on the wire"
            );)?
            $(
                let expected: &[&str] = &[$($part),*];
                assert_eq!(crate::wire::part_names(&request), expected, "the multipart parts");
            )?
        }
    };
}

/// The mock server's answer for a [`case!`] reply.
macro_rules! reply_template {
    (json $reply:tt) => {
        ::wiremock::ResponseTemplate::new(200).set_body_json(::serde_json::json!($reply))
    };
    (bytes $reply:literal) => {
        ::wiremock::ResponseTemplate::new(200).set_body_raw($reply.as_bytes(), "application/octet-stream")
    };
    (empty) => {
        ::wiremock::ResponseTemplate::new(200)
    };
}

/// The checks of a [`case!`] reply on the decoded value.
macro_rules! check_reply {
    (json $value:ident $reply:tt) => {
        let decoded = ::serde_json::to_value(&$value).expect("the decoded value encodes");
        let reply = ::serde_json::json!($reply);
        assert!(crate::wire::contains(&decoded, &reply), "decoded {decoded:#}\nfrom reply {reply:#}");
    };
    (bytes $value:ident $reply:literal) => {
        assert_eq!($value.collect().await.expect("the whole body"), $reply.as_bytes());
    };
    (empty $value:ident) => {
        let () = $value;
    };
}
