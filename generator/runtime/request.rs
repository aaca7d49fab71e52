//! A request on its way out: built by an operation, sent by the client.
//!
//! Building never fails on the spot: the first problem (a body that does not encode, a
//! header value a header cannot carry) is kept and returned when the call is awaited, so
//! operations stay a few plain statements.

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;

use super::Error;

/// Method, URL, headers and body of one call.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Payload>,
    /// The first problem met while building.
    pub(crate) error: Option<Error>,
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
        Request { method, url, headers: HeaderMap::new(), body: None, error: None }
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

    /// Adds `name=value` to the query, once per value (`Option::None` adds nothing, a list
    /// adds one pair per item).
    pub(crate) fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let mut values = Vec::new();
        value.push_to(&mut values);
        if !values.is_empty() {
            self.url.query_pairs_mut().extend_pairs(values.iter().map(|v| (name, v)));
        }
    }

    /// Adds `name=a,b,c`: a list in one pair (`explode: false`).
    pub(crate) fn query_joined<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let mut values = Vec::new();
        value.push_to(&mut values);
        if !values.is_empty() {
            self.url.query_pairs_mut().append_pair(name, &values.join(","));
        }
    }

    /// Sets a header (a list is sent comma-separated); nothing for `Option::None`.
    pub(crate) fn header<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        let mut values = Vec::new();
        value.push_to(&mut values);
        if values.is_empty() {
            return;
        }
        match HeaderValue::from_str(&values.join(",")) {
            Ok(value) => {
                self.headers.insert(HeaderName::from_static(name), value);
            }
            Err(_) => {
                self.fail(Error::Config(format!("the value of header `{name}` has characters a header cannot carry")))
            }
        }
    }

    /// A copy to send again, when the body allows it (a streamed body does not).
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            None => None,
            Some(Payload::Bytes(bytes)) => Some(Payload::Bytes(bytes.clone())),
            Some(Payload::Stream(_)) => return None,
        };
        Some(Request {
            method: self.method.clone(),
            url: self.url.clone(),
            headers: self.headers.clone(),
            body,
            error: None,
        })
    }
}

/// The text of a path parameter (a list is comma-separated).
pub(crate) fn path_text<V: ParamValue + ?Sized>(value: &V) -> String {
    let mut values = Vec::new();
    value.push_to(&mut values);
    values.join(",")
}

/// A value sent as text in a query string, a header or a path.
pub(crate) trait ParamValue {
    /// Appends the value's text forms (none for an absent value, one per item for a list).
    fn push_to(&self, out: &mut Vec<String>);
}

macro_rules! display_param {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn push_to(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        })*
    };
}

display_param!(str, String, i64, i32, f64, bool);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_to(&self, out: &mut Vec<String>) {
        (**self).push_to(out);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_to(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.push_to(out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_to(&self, out: &mut Vec<String>) {
        for value in self {
            value.push_to(out);
        }
    }
}
