//! Lists read page by page: the call of an operation that lists in pages streams its pages
//! ([`Pages`]) or their items ([`Items`]). Each page is one request, the call's own with the
//! operation's paging parameter set to where the page before ended; the generator says how
//! each operation's pages follow each other ([`Paged`]).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};

use super::call::Parts;
use super::{Call, Error, Response, Result};

/// How one operation's pages follow each other: implemented by the operation's call marker.
pub(crate) trait Paged {
    /// A page: the operation's response.
    type Page;
    /// One item of a page.
    type Item;
    /// The query parameter that says where a page starts.
    const PARAM: &'static str;
    /// Where the page after `page` starts.
    fn next(page: &Self::Page) -> Next;
    /// The items of `page`.
    fn items(page: Self::Page) -> Vec<Self::Item>;
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// At this value of the parameter (a cursor, a token, the last item's id).
    At(String),
    /// This many on from the value sent (an offset by the items read; a page number by one),
    /// counting from `first` when the call sent none.
    On { by: u64, first: u64 },
    /// Nowhere: that was the last page.
    End,
}

impl Next {
    /// At a cursor: the last page when there is none, or it is empty.
    pub(crate) fn cursor<V: ToString + ?Sized>(value: Option<&V>) -> Next {
        match value.map(ToString::to_string) {
            Some(value) if !value.is_empty() => Next::At(value),
            _ => Next::End,
        }
    }

    /// An offset, after the `count` items of this page: the last page when it had none.
    pub(crate) fn offset(count: usize, first: u64) -> Next {
        match count {
            0 => Next::End,
            count => Next::On { by: count as u64, first },
        }
    }

    /// The next page number: the last page when this one had no items.
    pub(crate) fn page(count: usize, first: u64) -> Next {
        match count {
            0 => Next::End,
            _ => Next::On { by: 1, first },
        }
    }

    /// The last page when the response says no more follow.
    pub(crate) fn while_more(self, more: Option<bool>) -> Next {
        if more == Some(false) { Next::End } else { self }
    }
}

/// Every page of a list, one request each, each with the status and headers of its response:
/// what `.pages()` returns on the call of an operation that lists in pages. An error ends it.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, T>(Pin<Box<dyn Stream<Item = Result<Response<T>>> + Send + 'a>>);

/// Every item of every page of a list, in order: what `.items()` returns on the call of an
/// operation that lists in pages. An error ends it.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, T>(Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>);

impl<T> Pages<'_, T> {
    /// The next page; `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<Response<T>>> {
        std::future::poll_fn(|cx| self.0.as_mut().poll_next(cx)).await
    }
}

impl<T> Items<'_, T> {
    /// The next item; `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<T>> {
        std::future::poll_fn(|cx| self.0.as_mut().poll_next(cx)).await
    }
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<Response<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

/// The walk through the pages: the call's parts, and where the next page starts.
struct Walk<'a, T> {
    parts: Parts<'a, T>,
    /// The request of the first page, as the call built it (with any error found building it).
    first: Option<super::Request>,
    /// The parameter's value for the next page; `None` for the first, which sends the call's.
    at: Option<String>,
}

/// The pages of `call`.
pub(crate) fn pages<'a, O>(call: Call<'a, O::Page, O>) -> Pages<'a, O::Page>
where
    O: Paged,
    O::Page: Send + 'static,
{
    let (parts, first) = call.into_parts();
    let walk = Walk { parts, first: Some(first), at: None };
    Pages(Box::pin(stream::unfold(Some(walk), |walk| async move {
        let mut walk = walk?;
        let (mut request, sent) = match walk.first.take() {
            Some(request) => {
                let sent = request.query_value(O::PARAM);
                (request, sent)
            }
            None => {
                let Some(mut request) = walk.parts.request.as_ref().and_then(super::Request::try_clone) else {
                    let error = Error::Config("a body sent from a stream cannot be sent again for the next page".into());
                    return Some((Err(error), None));
                };
                let at = walk.at.clone();
                if let Some(at) = &at {
                    request.query(O::PARAM, at.as_str());
                }
                (request, at)
            }
        };
        request.finish();
        let Parts { client, decoder, errors, options, .. } = &walk.parts;
        let response = match client.execute(request, options, decoder, *errors).await {
            Ok(response) => response,
            Err(error) => return Some((Err(error), None)),
        };
        let next = match O::next(&response.data) {
            Next::End => None,
            Next::At(value) => Some(value),
            Next::On { by, first } => {
                let from = sent.as_deref().and_then(|s| s.parse::<u64>().ok()).unwrap_or(first);
                Some(from.saturating_add(by).to_string())
            }
        };
        // A page that points at itself would be asked for forever.
        let rest = next.filter(|next| Some(next) != sent.as_ref()).map(|at| Walk { at: Some(at), ..walk });
        Some((Ok(response), rest))
    })))
}

/// The items of every page of `call`.
pub(crate) fn items<'a, O>(call: Call<'a, O::Page, O>) -> Items<'a, O::Item>
where
    O: Paged,
    O::Page: Send + 'static,
    O::Item: Send + 'a,
{
    let pages = pages(call);
    Items(Box::pin(pages.map_ok(|page| stream::iter(O::items(page.data)).map(Ok::<_, Error>)).try_flatten()))
}
