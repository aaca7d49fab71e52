//! When to retry and how long to wait.
//!
//! Which failures are retried depends on whether the request is safe to repeat: an
//! idempotent method (RFC 9110: `GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`) or a
//! call that carries an idempotency key is retried after any failure that may be passing
//! (no connection, a 408/409/429/5xx answer, a time-out, a connection lost after the
//! request went out, a body cut short); any other request only when the server cannot have
//! acted on it (no connection) or said to try again (the statuses). Waits are exponential
//! backoff with jitter, capped, unless the server says when (`Retry-After` in seconds or as
//! an HTTP date, or `retry-after-ms`).

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::Error;

/// Retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt.
    pub(crate) max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub(crate) initial_backoff: Duration,
    /// No backoff is longer, and no server-requested wait is honoured past it.
    pub(crate) max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) }
    }
}

/// Statuses worth another try: timeouts, conflicts, rate limits and server errors.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// Whether a request may be sent again after the server may have acted on it: its method is
/// idempotent, or it carries an idempotency key.
pub(crate) fn safe_to_repeat(method: &Method, keyed: bool) -> bool {
    keyed
        || [Method::GET, Method::HEAD, Method::OPTIONS, Method::TRACE, Method::PUT, Method::DELETE].contains(method)
}

/// How one attempt failed, which decides whether another follows.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No connection could be made: nothing reached the server.
    NotSent(Error),
    /// The server answered with a status worth another try, and maybe said when.
    Status(Error, Option<Duration>),
    /// The request went out and the exchange broke off (a time-out, the connection lost, a
    /// body cut short): the server may have acted on it.
    Interrupted(Error),
    /// Not worth another try.
    Final(Error),
}

impl Failure {
    /// A failure of the HTTP client, by what it says of the request's fate.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_connect() {
            Failure::NotSent(Error::from_reqwest(error, None))
        } else if error.is_builder() || error.is_redirect() || error.is_body() {
            Failure::Final(Error::from_reqwest(error, None))
        } else {
            Failure::Interrupted(Error::from_reqwest(error, None))
        }
    }

    /// The error, and whether another attempt may follow (with the wait the server asked for,
    /// if any), for a request that is safe to repeat or not.
    pub(crate) fn judge(self, repeatable: bool) -> (Error, Option<Option<Duration>>) {
        match self {
            Failure::NotSent(error) => (error, Some(None)),
            Failure::Status(error, wait) => (error, Some(wait)),
            Failure::Interrupted(error) => (error, repeatable.then_some(None)),
            Failure::Final(error) => (error, None),
        }
    }
}

/// A fresh idempotency key: a random (version 4) UUID from the operating system's source.
pub(crate) fn idempotency_key() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Config(format!("no random idempotency key: the system's random source failed ({e})")))?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        let _ = write!(text, "{byte:02x}");
    }
    Ok(text)
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(2u32.saturating_pow(retry.min(16)));
        let capped = exponential.min(self.max_backoff);
        // Full-size waits would line clients up; take 75–100 % of it.
        let jitter = 0.75 + 0.25 * random_unit();
        capped.mul_f64(jitter)
    }

    /// The wait the server asked for, if it asked; honoured up to a minute (or `max_backoff`,
    /// when that is longer), so a far-off date cannot stall the caller.
    pub(crate) fn server_wait(&self, headers: &HeaderMap) -> Option<Duration> {
        server_requested_wait(headers, SystemTime::now()).map(|wait| wait.min(self.max_backoff.max(Duration::from_secs(60))))
    }
}

/// `retry-after-ms: 1500`, `Retry-After: 2` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
pub(crate) fn server_requested_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders to use.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u64 = clock.next()?.parse().ok()?;
    let minute: u64 = clock.next()?.parse().ok()?;
    let second: u64 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A number in [0, 1) that differs from call to call (for jitter; not for secrets).
fn random_unit() -> f64 {
    let bits = RandomState::new().hash_one(SystemTime::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}
