//! Credentials: which headers and query parameters hold one, so that none is sent to another
//! origin than the API's and none is printed.
//!
//! A header is a credential when it is a standard one (`Authorization`, `Proxy-Authorization`,
//! `Cookie`), one the document's security schemes name (and the one the key travels in), or
//! when its name says it holds a secret (`x-auth-token`, `x-goog-api-key`). Query parameters
//! likewise: the document's `apiKey` schemes `in: query`, and names such as `api_key`,
//! `access_token` or `signature`.

use std::fmt;

use reqwest::Url;
use reqwest::header::HeaderMap;

const SETTINGS: &super::Settings = &crate::client::SETTINGS;

/// What stands in for a credential in printed URLs and headers.
pub(crate) const REDACTED: &str = "REDACTED";

/// Headers that hold credentials in any API.
const STANDARD_HEADERS: [&str; 4] = ["authorization", "proxy-authorization", "cookie", "cookie2"];

/// Parts of a name that say its value is a secret.
const SECRET_WORDS: [&str; 9] =
    ["auth", "token", "secret", "password", "api-key", "apikey", "api_key", "session", "credential"];

/// Query parameter names that hold a key in many APIs, besides those with a [`SECRET_WORDS`] part.
const SECRET_QUERY: [&str; 5] = ["key", "sig", "signature", "x-amz-signature", "code"];

fn says_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|word| name.contains(word))
}

/// Whether a header holds a credential.
pub(crate) fn is_credential_header(name: &str) -> bool {
    STANDARD_HEADERS.iter().chain(SETTINGS.credential_headers).any(|h| h.eq_ignore_ascii_case(name))
        || says_secret(name)
}

/// Whether a query parameter holds a credential.
pub(crate) fn is_credential_query(name: &str) -> bool {
    SETTINGS.credential_query.iter().chain(&SECRET_QUERY).any(|q| q.eq_ignore_ascii_case(name)) || says_secret(name)
}

/// Removes every credential header.
pub(crate) fn strip_headers(headers: &mut HeaderMap) {
    let names: Vec<_> = headers.keys().filter(|name| is_credential_header(name.as_str())).cloned().collect();
    for name in names {
        headers.remove(name);
    }
}

/// The credential pairs of a URL's query, to keep them out of a URL another origin gave (a
/// redirect's `Location` that repeats the query it was asked with).
pub(crate) fn query_secrets(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .filter(|(name, value)| !value.is_empty() && is_credential_query(name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Removes every query pair that is one of `secrets`.
pub(crate) fn strip_query(url: &mut Url, secrets: &[(String, String)]) {
    let holds = |name: &str, value: &str| secrets.iter().any(|(n, v)| n == name && v == value);
    if !url.query_pairs().any(|(name, value)| holds(&name, &value)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, value)| !holds(name, value))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

/// Replaces the user name, password and the values of credential query parameters with
/// [`REDACTED`]; any other part of the URL stays as it was written.
pub(crate) fn redact_url(url: &mut Url) {
    if !url.username().is_empty() {
        let _ = url.set_username(REDACTED);
    }
    if url.password().is_some() {
        let _ = url.set_password(Some(REDACTED));
    }
    if !url.query_pairs().any(|(name, value)| !value.is_empty() && is_credential_query(&name)) {
        return;
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value =
                if value.is_empty() || !is_credential_query(&name) { value.into_owned() } else { REDACTED.to_owned() };
            (name.into_owned(), value)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
}

/// A URL as text, credentials redacted.
pub(crate) fn redacted(url: &Url) -> String {
    let mut url = url.clone();
    redact_url(&mut url);
    url.into()
}

/// Text that may be a URL (a base URL the caller gave), credentials redacted, whether or not
/// it parses.
pub(crate) fn redacted_text(text: &str) -> String {
    if let Ok(url) = Url::parse(text) {
        return redacted(&url);
    }
    let (head, query) = match text.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (text, None),
    };
    // `scheme://user:password@host`: everything before the last `@` of the authority.
    let head = match head.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}://{REDACTED}{}", &rest[at..]),
                None => head.to_owned(),
            }
        }
        None => head.to_owned(),
    };
    let Some(query) = query else { return head };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_credential_query(name) => format!("{name}={REDACTED}"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}?{}", pairs.join("&"))
}

/// `(name, value)` pairs printed with credential values redacted (per-request headers and
/// query parameters in `Debug`).
pub(crate) struct Pairs<'a>(pub(crate) &'a [(String, String)], pub(crate) fn(&str) -> bool);

impl fmt::Debug for Pairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Pairs(pairs, secret) = self;
        f.debug_list()
            .entries(pairs.iter().map(|(name, value)| (name, if secret(name) { REDACTED } else { value.as_str() })))
            .finish()
    }
}
