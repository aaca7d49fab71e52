//! Sending a call: attempts within their time limit, redirects followed inside an attempt,
//! and retries as `retry.rs` classes each failure.
//!
//! One attempt is everything up to the value: the request and its redirects, the response
//! head and, for a body read whole, the body and its decoding. A streamed body is the caller's
//! to read: the attempt ends at its head, and nothing after that sends the request again.

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};

use super::answer::{Decoder, ErrorDecoder, Read, Response};
use super::request::RequestOptions;
use super::credentials;
use super::redirect::{self, MAX_REDIRECTS, Sent};
use super::retry::{self, Failure, retryable_status};
use super::{ApiError, Client, Error, Payload, Request, Result};

impl Client {
    /// Sends a call, retrying as the policy allows, and reads its value (in a span of its own,
    /// with the `tracing` feature).
    pub(crate) async fn execute<T>(
        &self,
        request: Request,
        options: &RequestOptions,
        decoder: &Decoder<T>,
        errors: Option<ErrorDecoder>,
    ) -> Result<Response<T>> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = super::trace::span(&request);
            let started = std::time::Instant::now();
            let outcome = self.send_call(request, options, decoder, errors).instrument(span.clone()).await;
            super::trace::finish(&span, &outcome, started);
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        self.send_call(request, options, decoder, errors).await
    }

    async fn send_call<T>(
        &self,
        mut request: Request,
        options: &RequestOptions,
        decoder: &Decoder<T>,
        errors: Option<ErrorDecoder>,
    ) -> Result<Response<T>> {
        if let Some(error) = request.error.take() {
            return Err(error);
        }
        for (name, value) in &options.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!("the value of header `{name}` has characters a header cannot carry"))
            })?;
            request.headers.append(name, value);
        }
        if !options.query.is_empty() {
            request.url.query_pairs_mut().extend_pairs(options.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        let keyed = add_idempotency_key(&mut request)?;
        let repeatable = retry::safe_to_repeat(&request.method, keyed);
        let timeout = options.timeout.or(self.timeout());
        let max_retries = options.max_retries.unwrap_or(self.retry_policy().max_retries);
        let mut failed: Vec<Error> = Vec::new();
        loop {
            // Keep a copy to send again; a streamed body cannot be, so it is not retried.
            let again = if failed.len() < max_retries as usize { request.try_clone() } else { None };
            let attempt = self.attempt(request, decoder, errors, again.is_none());
            let outcome = match timeout {
                None => attempt.await,
                Some(limit) => match tokio::time::timeout(limit, attempt).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(Failure::Interrupted(Error::Timeout(timeout))),
                },
            };
            let failure = match outcome {
                Ok(response) => return Ok(response),
                Err(failure) => failure,
            };
            let (error, retry) = failure.judge(repeatable);
            let (Some(server_wait), Some(next)) = (retry, again) else {
                return Err(Error::after(failed, error));
            };
            let wait = server_wait.unwrap_or_else(|| self.retry_policy().backoff(failed.len() as u32));
            #[cfg(feature = "tracing")]
            super::trace::retry(failed.len() as u32 + 1, &error, wait);
            failed.push(error);
            tokio::time::sleep(wait).await;
            request = next;
        }
    }

    /// One attempt: the request and its redirects, then the value. `last`: no retry follows,
    /// so an error answer is read whatever its status.
    async fn attempt<T>(
        &self,
        request: Request,
        decoder: &Decoder<T>,
        errors: Option<ErrorDecoder>,
        last: bool,
    ) -> Result<Response<T>, Failure> {
        let (response, url) = self.send_following(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        if !status.is_success() {
            if retryable_status(status) && !last {
                let wait = self.retry_policy().server_wait(&headers);
                let error = Error::Api(Box::new(ApiError { status, headers, body: Default::default(), typed: None }));
                return Err(Failure::Status(error, wait));
            }
            return Err(api_error(response, errors).await);
        }
        let data = match decoder.read {
            Read::Stream(stream) => stream(response),
            Read::Async(read) => read(response).await?,
            Read::Whole(decode) => {
                let body = response.bytes().await.map_err(Failure::from_reqwest)?;
                match decode(status, &body) {
                    Ok(data) => data,
                    // A body that is not JSON at all (ends too soon, garbled, a proxy's page) was
                    // spoiled on the way: another try may read the answer whole. Well-formed JSON
                    // that is not the value expected would read the same again.
                    Err(Error::Decode(e)) if !is_json(&body) => {
                        return Err(Failure::Interrupted(Error::Decode(e)));
                    }
                    Err(error) => return Err(Failure::Final(error)),
                }
            }
        };
        Ok(Response { status, headers, url, data })
    }

    /// Sends a request and follows its redirects; returns the answer that is not one to
    /// follow, and the URL that gave it.
    async fn send_following(&self, mut request: Request) -> Result<(reqwest::Response, Url), Failure> {
        let secrets = self.query_secrets(&request.url);
        for _ in 0..=MAX_REDIRECTS {
            let sent = Sent::of(&request);
            let url = request.url.clone();
            let response = self.send_once(request).await.map_err(Failure::from_reqwest)?;
            if !response.status().is_redirection() {
                return Ok((response, url));
            }
            match redirect::follow(sent, response.status(), response.headers(), self.base_url(), &secrets) {
                Some(next) => request = next,
                None => return Ok((response, url)),
            }
        }
        let message =
            format!("more than {MAX_REDIRECTS} in a row, the last to {}", credentials::redacted(&request.url));
        Err(Failure::Final(Error::Redirect(message)))
    }

    async fn send_once(&self, request: Request) -> reqwest::Result<reqwest::Response> {
        let mut url = request.url;
        let mut headers = self.sign(&mut url);
        // The request's own headers replace the client's of the same name.
        for name in request.headers.keys() {
            headers.remove(name);
        }
        headers.extend(request.headers);
        let mut builder = self.http().request(request.method, url).headers(headers);
        match request.body {
            Some(Payload::Bytes(bytes)) => builder = builder.body(bytes),
            Some(Payload::Stream(body)) => builder = builder.body(body),
            None => {}
        }
        builder.send().await
    }
}

/// The error for an error answer, with its body read.
async fn api_error(response: reqwest::Response, errors: Option<ErrorDecoder>) -> Failure {
    let status: StatusCode = response.status();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => return Failure::from_reqwest(e),
    };
    let typed = errors.and_then(|decode| decode(status.as_u16(), &body));
    Failure::Final(Error::Api(Box::new(ApiError { status, headers, body, typed })))
}

/// Fills the operation's idempotency header with a fresh key unless the caller set it;
/// whether the request carries a key.
fn add_idempotency_key(request: &mut Request) -> Result<bool> {
    let Some(header) = request.idempotency else { return Ok(false) };
    let name = HeaderName::from_bytes(header.as_bytes())
        .map_err(|_| Error::Config(format!("`{header}` is not a valid header name")))?;
    if !request.headers.contains_key(&name) {
        let key = retry::idempotency_key()?;
        let value = HeaderValue::from_str(&key).map_err(|_| {
            Error::Config(format!("the value of header `{header}` has characters a header cannot carry"))
        })?;
        request.headers.insert(name, value);
    }
    Ok(true)
}

/// Whether `body` is one whole JSON value, of any shape. Asked only of a body that failed to
/// decode: the decoder stops at the first thing it did not expect, so its error alone cannot
/// tell a garbled body (`{"a" nope}` read as a list fails at `{`) from a well-formed wrong one.
fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}
