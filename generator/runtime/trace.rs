//! Traces, with the `tracing` feature: a span per call and an event per retry. A span names
//! the operation by its id and path template, never by its URL (which may hold credentials or
//! personal data), and records no header value but the request id, and no body.

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use tracing::Span;
use tracing::field::Empty;

use super::{Error, Request, Response, Result};

/// The span of one call, its outcome fields to be recorded when it ends.
pub(crate) fn span(request: &Request) -> Span {
    tracing::info_span!(
        "call",
        operation = request.operation.id,
        method = %request.method,
        path = request.operation.path,
        status = Empty,
        attempts = 1u32,
        request_id = Empty,
        duration_ms = Empty,
        error = Empty,
    )
}

/// Records how the call ended on its span.
pub(crate) fn finish<T>(span: &Span, outcome: &Result<Response<T>>, started: Instant) {
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    let (status, headers) = match outcome {
        Ok(response) => (Some(response.status), Some(&response.headers)),
        Err(error) => {
            span.record("error", reason(error));
            (error.status(), error.api_error().map(|e| e.headers()))
        }
    };
    if let Some(status) = status {
        span.record("status", status.as_u16());
    }
    if let Some(id) = headers.and_then(request_id) {
        span.record("request_id", id);
    }
}

/// An attempt failed and another follows after `delay`.
pub(crate) fn retry(attempt: u32, error: &Error, delay: Duration) {
    Span::current().record("attempts", attempt + 1);
    tracing::warn!(attempt, reason = reason(error), delay_ms = delay.as_millis() as u64, "retrying");
}

/// Why an attempt failed, in a few words that hold nothing the request carried.
fn reason(error: &Error) -> &'static str {
    match error {
        Error::Api(_) => "error status",
        Error::Timeout(_) => "timed out",
        Error::Transport(e) if e.is_connect() => "no connection",
        Error::Transport(_) => "connection broke off",
        Error::Decode(_) => "body not decoded",
        Error::Redirect(_) => "redirect loop",
        Error::Config(_) => "configuration",
        Error::Encode(_) => "body not encoded",
        Error::Retried(_) => "every attempt failed",
    }
}

/// The id the server gave the request (`request-id`, `x-request-id`).
fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["request-id", "x-request-id"].into_iter().find_map(|name| headers.get(name)?.to_str().ok())
}
