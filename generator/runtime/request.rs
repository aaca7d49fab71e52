//! A request on its way out: built by an operation and its call's setters, sent by the client.
//!
//! Building never fails on the spot: the first problem (a body that does not encode, a
//! header value a header cannot carry) is kept and returned when the call is awaited, so
//! operations stay a few plain statements. A parameter set again replaces its earlier value:
//! query pairs and cookies are kept by parameter and written into the URL and the `Cookie`
//! header by [`Request::finish`], just before sending.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;

use super::Error;
use super::style::{self, Style};

/// Method, URL, headers and body of one call.
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Payload>,
    /// The first problem met while building.
    pub(crate) error: Option<Error>,
    /// Query pairs not yet in the URL, by the parameter that made them: `(parameter, pairs)`.
    query: Vec<(String, Vec<(String, String)>)>,
    /// Cookies not yet in the header, by parameter: `(parameter, "name=value" pairs)`.
    cookies: Vec<(String, Vec<String>)>,
    /// The header that carries the operation's idempotency key, when it declares one.
    pub(crate) idempotency: Option<&'static str>,
    /// Boolean properties of the JSON body set to `true` when the request is finished (the
    /// `stream` flag that asks for a streamed response).
    flags: Vec<&'static str>,
    /// The operation it calls (`operationId`, path template), for traces.
    pub(crate) operation: Operation,
}

/// The operation a request calls: what traces name it by (never its URL, which may carry
/// credentials or personal data).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Operation {
    /// The spec's `operationId` (`METHOD /path` when it has none).
    pub(crate) id: &'static str,
    /// The path template (`/v1/voices/{voice_id}`).
    pub(crate) path: &'static str,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &super::credentials::redacted(&self.url))
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Per-request settings that override the client's.
#[derive(Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &super::credentials::Pairs(&self.headers, super::credentials::is_credential_header))
            .field("query", &super::credentials::Pairs(&self.query, super::credentials::is_credential_query))
            .finish()
    }
}

/// A request body.
#[derive(Debug)]
pub(crate) enum Payload {
    /// In memory: the same bytes can be sent again.
    Bytes(Bytes),
    /// Read as it is sent: can be sent once.
    Stream(reqwest::Body),
}

impl Request {
    pub(crate) fn new(method: Method, url: Url) -> Self {
        Request {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            error: None,
            query: Vec::new(),
            cookies: Vec::new(),
            idempotency: None,
            flags: Vec::new(),
            operation: Operation::default(),
        }
    }

    /// Marks the header that carries the operation's idempotency key: the client fills it with
    /// a fresh key per call unless it is set, and retries the call like an idempotent one.
    pub(crate) fn idempotency_key(&mut self, header: &'static str) {
        self.idempotency = Some(header);
    }

    /// Sets the JSON body's boolean property `name` to `true` when the request is finished
    /// (sent as `{"name": true}` when there is no body).
    pub(crate) fn json_flag(&mut self, name: &'static str) {
        self.flags.push(name);
    }

    /// Writes the flags into the JSON body.
    fn write_flags(&mut self) {
        let flags = std::mem::take(&mut self.flags);
        if flags.is_empty() {
            return;
        }
        let mut body = match &self.body {
            None => serde_json::Map::new(),
            Some(Payload::Bytes(bytes)) => match serde_json::from_slice(bytes) {
                Ok(serde_json::Value::Object(body)) => body,
                // Not an object: nothing to set a property of.
                _ => return,
            },
            Some(Payload::Stream(_)) => return,
        };
        for flag in flags {
            body.insert(flag.to_owned(), serde_json::Value::Bool(true));
        }
        if self.body.is_none() {
            self.content_type("application/json");
        }
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        self.body = Some(Payload::Bytes(Bytes::from(bytes)));
    }

    /// Writes the query pairs into the URL and the cookies into the `Cookie` header, in the
    /// order their parameters were first set, and the flags into the JSON body.
    pub(crate) fn finish(&mut self) {
        self.write_flags();
        let query = std::mem::take(&mut self.query);
        let pairs: Vec<(String, String)> = query.into_iter().flat_map(|(_, pairs)| pairs).collect();
        if !pairs.is_empty() {
            self.url.query_pairs_mut().extend_pairs(pairs);
        }
        let cookies = std::mem::take(&mut self.cookies);
        let text: Vec<String> = cookies.into_iter().flat_map(|(_, pairs)| pairs).collect();
        if !text.is_empty() {
            self.set_header("cookie", &text.join("; "));
        }
    }

    pub(crate) fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// Sets a JSON body, sent with the content type the operation declares
    /// (`application/json`, `application/merge-patch+json`, `…; charset=utf-8` …).
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.content_type(content_type);
                self.body = Some(Payload::Bytes(Bytes::from(bytes)));
            }
            Err(e) => self.fail(Error::Encode(e)),
        }
    }

    /// Sets a text body, sent as its UTF-8 bytes with the declared content type.
    pub(crate) fn text(&mut self, content_type: &'static str, body: &str) {
        self.content_type(content_type);
        self.body = Some(Payload::Bytes(Bytes::copy_from_slice(body.as_bytes())));
    }

    /// Sets the `Content-Type` header.
    pub(crate) fn content_type(&mut self, content_type: &str) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
            }
            Err(_) => self.fail(Error::Config(format!("the content type `{content_type}` cannot be sent in a header"))),
        }
    }

    /// Sets the `Accept` header.
    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.headers.insert(ACCEPT, HeaderValue::from_static(media_type));
    }

    /// Sets a query parameter in `form` style, exploded (`a=1&a=2`; an object `k=v&…`);
    /// nothing for `None`.
    pub(crate) fn query<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        self.query_styled(name, value, Style::Form, true);
    }

    /// Sets a query parameter in `form` style, not exploded (`a=1,2`).
    pub(crate) fn query_joined<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        self.query_styled(name, value, Style::Form, false);
    }

    /// Sets a query parameter in any style, replacing what an earlier call set for it.
    pub(crate) fn query_styled<V: Serialize + ?Sized>(&mut self, name: &str, value: &V, style: Style, explode: bool) {
        let Some(value) = self.value_of(value) else { return };
        let mut pairs = Vec::new();
        style::pairs(name, &value, style, explode, style::verbatim, &mut pairs);
        set(&mut self.query, name, pairs);
    }

    /// Sets a header in `simple` style, not exploded (a list `a,b`); nothing for `None`.
    pub(crate) fn header<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        self.header_styled(name, value, Style::Simple, false);
    }

    /// Sets a header in `simple` (or `Json`) style.
    pub(crate) fn header_styled<V: Serialize + ?Sized>(&mut self, name: &str, value: &V, style: Style, explode: bool) {
        let Some(value) = self.value_of(value) else { return };
        if let Some(text) = style::expand(name, &value, style, explode, style::verbatim) {
            self.set_header(name, &text);
        }
    }

    /// Sets a cookie parameter, sent in the `Cookie` header (`a=1; b=2`), in `form` (or
    /// `Json`) style; names and values percent-encoded where a cookie cannot carry a character.
    pub(crate) fn cookie<V: Serialize + ?Sized>(&mut self, name: &str, value: &V, style: Style, explode: bool) {
        let Some(value) = self.value_of(value) else { return };
        let mut pairs = Vec::new();
        style::pairs(name, &value, style, explode, style::cookie_escape, &mut pairs);
        set(&mut self.cookies, name, pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect());
    }

    /// Sets an `application/x-www-form-urlencoded` body: each property of `body` a pair,
    /// laid out by `encodings` (`(property, style, explode)`; others `form`, exploded).
    pub(crate) fn form<T: Serialize + ?Sized>(&mut self, body: &T, encodings: &[(&str, Style, bool)]) {
        let Some(value) = self.value_of(body) else { return };
        match style::form_body(&value, encodings) {
            Some(text) => {
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
                self.body = Some(Payload::Bytes(Bytes::from(text)));
            }
            None => self.fail(Error::Encode(serde::ser::Error::custom("a form body must be an object"))),
        }
    }

    /// A value serialized for laying out; `None` (and the error kept) when it does not
    /// serialize.
    fn value_of<V: Serialize + ?Sized>(&mut self, value: &V) -> Option<serde_json::Value> {
        match style::to_value(value) {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(Error::Encode(e));
                None
            }
        }
    }

    fn set_header(&mut self, name: &str, text: &str) {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(Error::Config(format!("`{name}` is not a valid header name")));
        };
        match HeaderValue::from_str(text) {
            Ok(value) => {
                self.headers.insert(name, value);
            }
            Err(_) => {
                self.fail(Error::Config(format!("the value of header `{name}` has characters a header cannot carry")))
            }
        }
    }

    /// The value a query parameter was set to (its first, for a list), before [`finish`](Self::finish).
    pub(crate) fn query_value(&self, parameter: &str) -> Option<String> {
        let (_, pairs) = self.query.iter().find(|(name, _)| name == parameter)?;
        pairs.first().map(|(_, value)| value.clone())
    }

    /// A copy to send again, when the body allows it (a streamed body does not).
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            None => None,
            Some(Payload::Bytes(bytes)) => Some(Payload::Bytes(bytes.clone())),
            Some(Payload::Stream(_)) => return None,
        };
        Some(Request { body, ..self.head() })
    }

    /// A copy without the body.
    pub(crate) fn head(&self) -> Request {
        Request {
            method: self.method.clone(),
            url: self.url.clone(),
            headers: self.headers.clone(),
            body: None,
            error: None,
            query: self.query.clone(),
            cookies: self.cookies.clone(),
            idempotency: self.idempotency,
            flags: self.flags.clone(),
            operation: self.operation,
        }
    }
}

/// Replaces what `parameter` set in `entries` by `values` (kept in the parameter's first place);
/// no values removes it.
fn set<T>(entries: &mut Vec<(String, Vec<T>)>, parameter: &str, values: Vec<T>) {
    match entries.iter().position(|(name, _)| name == parameter) {
        Some(i) if values.is_empty() => {
            entries.remove(i);
        }
        Some(i) => entries[i].1 = values,
        None if values.is_empty() => {}
        None => entries.push((parameter.to_owned(), values)),
    }
}

/// The text of a path parameter in `simple` style, not exploded (a list `a,b`),
/// percent-encoded; empty when it does not serialize.
pub(crate) fn path_text<V: Serialize + ?Sized>(value: &V) -> String {
    path_styled("", value, Style::Simple, false)
}

/// The text of a path parameter in any path style (`simple`, `label`, `matrix`, `Json`),
/// percent-encoded, the style's delimiters literal; empty when it does not serialize.
pub(crate) fn path_styled<V: Serialize + ?Sized>(name: &str, value: &V, style: Style, explode: bool) -> String {
    let value = style::to_value(value).unwrap_or(serde_json::Value::Null);
    style::expand(name, &value, style, explode, style::path_escape).unwrap_or_default()
}
