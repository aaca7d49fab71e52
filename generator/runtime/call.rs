//! A call on its way: what every operation returns. Await it for the value; before that,
//! set per-request options, or ask for the status and headers too.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use super::answer::{Decoder, ErrorDecoder, Response};
use super::credentials;
use super::{Client, Request, RequestOptions, Result};

pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A call to one operation: what every operation's method returns. `O` is the operation's
/// own marker, whose setters (the operation's optional inputs) are methods of this call.
/// `.await` it for the value; before that, optionally set those inputs, and the options every
/// call has: [`timeout`](Call::timeout), [`max_retries`](Call::max_retries),
/// [`header`](Call::header), [`query`](Call::query); or `.await`
/// [`with_response`](Call::with_response) for the status and headers as well.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, O> {
    client: &'a Client,
    request: Request,
    decoder: Decoder<T>,
    errors: Option<ErrorDecoder>,
    options: RequestOptions,
    /// Inputs kept until the request is sent (a body whose fields are set one by one).
    inputs: O,
    /// Writes `inputs` into the request.
    send_inputs: fn(O, &mut Request),
}

impl<T, O> std::fmt::Debug for Call<'_, T, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.request.method)
            .field("url", &credentials::redacted(&self.request.url))
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// A call without its inputs, which are written into its request: what a list's pages share.
pub(crate) struct Parts<'a, T> {
    pub(crate) client: &'a Client,
    /// The request, not yet finished; `None` when its body is read from a stream (sent once).
    pub(crate) request: Option<Request>,
    pub(crate) decoder: Decoder<T>,
    pub(crate) errors: Option<ErrorDecoder>,
    pub(crate) options: RequestOptions,
}

/// Inputs that need nothing written when the request is sent (parameters go straight in).
fn nothing<O>(_: O, _: &mut Request) {}

impl<'a, T: Send + 'static, O> Call<'a, T, O> {
    pub(crate) fn new(
        client: &'a Client,
        mut request: Request,
        decoder: Decoder<T>,
        errors: Option<ErrorDecoder>,
        inputs: O,
    ) -> Self {
        if let Some(accept) = decoder.accept {
            request.accept(accept);
        }
        Call { client, request, decoder, errors, options: RequestOptions::default(), inputs, send_inputs: nothing::<O> }
    }

    /// Writes the inputs into the request with `send` when it is sent.
    pub(crate) fn send_inputs(mut self, send: fn(O, &mut Request)) -> Self {
        self.send_inputs = send;
        self
    }

    /// The request being built, for the operation's setters.
    pub(crate) fn request(&mut self) -> &mut Request {
        &mut self.request
    }

    /// The inputs kept until sending, for the operation's setters.
    pub(crate) fn inputs(&mut self) -> &mut O {
        &mut self.inputs
    }

    /// Time limit for this request (each attempt): connecting, sending and receiving the whole
    /// response; for streamed responses, until the response head arrives.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retries for this request, instead of the client's setting (0: no retry).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// An extra header for this request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter for this request.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// The call's parts, its inputs written into the request, and the request itself: the
    /// first page of a list, the parts' copy (when the body can be sent again) for the others.
    pub(crate) fn into_parts(self) -> (Parts<'a, T>, Request) {
        let Call { client, mut request, decoder, errors, options, inputs, send_inputs } = self;
        send_inputs(inputs, &mut request);
        let template = request.try_clone();
        (Parts { client, request: template, decoder, errors, options }, request)
    }

    /// Sends the request and returns the value with the response's status and headers.
    ///
    /// The future is boxed: sending (retries, redirects, the body read inside each attempt)
    /// keeps a large state, which a caller's own future need not hold inline.
    pub fn with_response(self) -> BoxFuture<'a, Result<Response<T>>> {
        let Call { client, mut request, decoder, errors, options, inputs, send_inputs } = self;
        send_inputs(inputs, &mut request);
        request.finish();
        Box::pin(async move { client.execute(request, &options, &decoder, errors).await })
    }
}

impl<'a, T: Send + 'static, O> IntoFuture for Call<'a, T, O> {
    type Output = Result<T>;
    type IntoFuture = BoxFuture<'a, Result<T>>;

    fn into_future(self) -> Self::IntoFuture {
        let response = self.with_response();
        Box::pin(async move { response.await.map(|r| r.data) })
    }
}
