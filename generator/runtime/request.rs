//! A request on its way out: built by an operation, sent by the client.

use bytes::Bytes;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;

use super::{Error, Result};

/// Method, URL, headers and body of one call.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Payload>,
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
    /// Sets a JSON body.
    pub(crate) fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.body = Some(Payload::Bytes(Bytes::from(bytes)));
        Ok(self)
    }

    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart(mut self, form: super::Form) -> Result<Self> {
        let content_type = HeaderValue::from_str(&form.content_type())
            .map_err(|_| Error::Config("invalid multipart boundary".into()))?;
        self.headers.insert(CONTENT_TYPE, content_type);
        self.body = Some(form.finish()?);
        Ok(self)
    }
}

impl Request {
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
    pub(crate) fn header<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) -> Result<()> {
        let mut values = Vec::new();
        value.push_to(&mut values);
        if values.is_empty() {
            return Ok(());
        }
        let value = HeaderValue::from_str(&values.join(","))
            .map_err(|_| Error::Config(format!("the value of header `{name}` has characters a header cannot carry")))?;
        self.headers.insert(reqwest::header::HeaderName::from_static(name), value);
        Ok(())
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
