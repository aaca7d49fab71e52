//! Redirects, followed by the runtime itself (the HTTP client's own following is off, and it
//! never adds a `Referer`), so that credentials stay on the API's origin.
//!
//! A redirect to another origin (scheme, host or port) drops every credential header and the
//! credential query pairs the request carried (the client adds its own key only on the API's
//! origin). `303` turns any method but `HEAD` into `GET`, and `301`/`302` turn `POST` into
//! `GET`, without a body; `307`/`308` keep the method and send the body again, when it is in
//! memory. Any other case is not followed: the redirect is the answer.

use reqwest::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, LOCATION, TRANSFER_ENCODING};
use reqwest::{Method, StatusCode, Url};

use super::Request;
use super::credentials;

/// The most redirects one attempt follows.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// A copy of a request that was sent, to build the one that follows its redirect.
pub(crate) struct Sent {
    /// The request, with its body when the body is in memory.
    pub(crate) request: Request,
    /// It had a body that cannot be sent again (a stream).
    pub(crate) body_lost: bool,
}

impl Sent {
    pub(crate) fn of(request: &Request) -> Self {
        match request.try_clone() {
            Some(request) => Sent { request, body_lost: false },
            None => Sent { request: request.head(), body_lost: true },
        }
    }
}

/// The request that follows a redirect answer, or `None` when it is not followed.
/// `api` is the API's base URL (its origin keeps credentials); `secrets` the credential query
/// pairs the first request carried.
pub(crate) fn follow(
    sent: Sent,
    status: StatusCode,
    headers: &HeaderMap,
    api: &Url,
    secrets: &[(String, String)],
) -> Option<Request> {
    let Sent { request: mut next, body_lost } = sent;
    let location = headers.get(LOCATION)?.to_str().ok()?;
    let url = next.url.join(location.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return None;
    }
    let has_body = next.body.is_some() || body_lost;
    match status.as_u16() {
        303 => {
            if next.method != Method::HEAD {
                next.method = Method::GET;
            }
            drop_body(&mut next);
        }
        301 | 302 if next.method == Method::POST => {
            next.method = Method::GET;
            drop_body(&mut next);
        }
        // The same method again: a body only where the status asks for it, and it can be.
        301 | 302 if !has_body => {}
        307 | 308 if !body_lost => {}
        _ => return None,
    }
    next.url = url;
    if next.url.origin() != api.origin() {
        credentials::strip_headers(&mut next.headers);
        credentials::strip_query(&mut next.url, secrets);
    }
    Some(next)
}

fn drop_body(request: &mut Request) {
    request.body = None;
    for name in [CONTENT_TYPE, CONTENT_LENGTH, CONTENT_ENCODING, TRANSFER_ENCODING] {
        request.headers.remove(name);
    }
}
