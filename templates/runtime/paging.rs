//! Paginators: [`Pages`] and [`Items`], the streams behind `.pages()` and `.items()` of every
//! paginated operation.
//!
//! Intercom pages its lists in six ways ([`PagingStyle`]); the generated code tells the paginator
//! where each operation keeps its cursor or page number ([`Paginate`]), and the rules for when to
//! stop live here, once:
//!
//! * a page with no items ends the stream;
//! * cursor styles end when the next cursor is missing or empty, when `has_more` is `false`, or
//!   when the page counters say this was the last page (`page >= total_pages`), without asking
//!   for another page; a cursor the server already sent once ends the stream with
//!   [`PaginationError::RepeatedCursor`] instead of looping;
//! * page numbers end at `total_pages` without an extra request; a server that answers an earlier
//!   page than the one asked for ends the stream with [`PaginationError::PageNotAdvancing`] (that
//!   page's items, already delivered once, are not delivered again);
//! * a scroll ends on its first empty page; a scroll that cannot be started or continued becomes
//!   [`PaginationError::ScrollInProgress`] or [`PaginationError::ScrollExpired`] (Intercom's
//!   scroll answers, [`ErrorKind`](super::ErrorKind), and any other 4xx after the first page);
//!   the 500 that asks for the scroll to be restarted is not retried.
//!
//! Every error is delivered as a stream item, after every item that arrived before it; the stream
//! then ends. Only one page is held in memory at a time.
//!
//! ```no_run
//! # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
//! let mut contacts = client.contacts().list().items().per_page(150).max_items(1_000);
//! while let Some(contact) = contacts.next_item().await {
//!     let contact = contact?;
//!     println!("{:?}", contact.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`Pages`] and [`Items`] are [`futures_core::Stream`]s, so `futures::StreamExt` and
//! `TryStreamExt` work on them too.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::call::Call;
use super::error::{Error, PaginationError, Result};
pub use super::vocab::PagingStyle;

impl PagingStyle {
    const fn uses_cursor(self) -> bool {
        matches!(
            self,
            PagingStyle::QueryCursor | PagingStyle::BodyCursor | PagingStyle::NextCursor
        )
    }
}

/// What a page says about the pages after it, as read by the generated [`Paginate::page_info`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo<'a> {
    /// The cursor (or scroll parameter) for the next request.
    pub next_cursor: Option<&'a str>,
    /// `has_more`, where the response has it.
    pub has_more: Option<bool>,
    /// The number of this page (1-based), where the response has it.
    pub page: Option<i64>,
    /// How many pages there are, where the response says.
    pub total_pages: Option<i64>,
    /// How many items this page holds.
    pub items: usize,
}

/// The future of one page request.
pub type PageFuture<T> = Call<T>;

/// A request builder of a paginated operation. The generated builders implement it; it is what
/// [`Pages`] and [`Items`] need to know about an operation.
///
/// Not meant to be implemented outside this crate, but usable as a bound to write code that
/// works with any paginated operation:
///
/// ```no_run
/// use intercom_api::paging::{Paginate, Pages};
///
/// async fn count_pages<P: Paginate>(pages: Pages<P>) -> intercom_api::Result<usize> {
///     let mut pages = pages;
///     let mut n = 0;
///     while let Some(page) = pages.next_page().await {
///         page?;
///         n += 1;
///     }
///     Ok(n)
/// }
/// ```
pub trait Paginate: Clone + Send + Unpin + 'static {
    /// One page: the operation's response type.
    type Page: Send + Unpin + 'static;
    /// One item of a page.
    type Item: Send + Unpin + 'static;
    /// The operationId, for errors.
    const OPERATION: &'static str;
    /// How the operation pages.
    const STYLE: PagingStyle;

    /// Sends the request for one page.
    fn fetch(self) -> PageFuture<Self::Page>;

    /// Sets the cursor (or scroll parameter) of the next request. The default does nothing (for
    /// page-number styles).
    fn set_cursor(&mut self, cursor: &str) {
        let _ = cursor;
    }

    /// Sets the page number of the next request. The default does nothing (for cursor styles).
    fn set_page(&mut self, page: i64) {
        let _ = page;
    }

    /// Sets how many items a page should hold. The default does nothing (for operations without
    /// a page size).
    fn set_per_page(&mut self, per_page: i64) {
        let _ = per_page;
    }

    /// The page number this request asks for, if the caller set one.
    fn requested_page(&self) -> Option<i64> {
        None
    }

    /// Reads a page's cursor, counters and item count.
    fn page_info(page: &Self::Page) -> PageInfo<'_>;

    /// Takes a page's items.
    fn into_items(page: Self::Page) -> Vec<Self::Item>;
}

/// What to do after a page.
enum Next {
    /// Fetch another page.
    Fetch,
    /// The list is complete.
    Done,
    /// Stop with this error after delivering the page.
    Fail(PaginationError),
}

/// A stream of typed pages of one paginated operation, from `.pages()` on its request builder.
///
/// Yields `Result<Page>`; an error is the last item. See the [module docs](self) for when it
/// stops.
#[must_use = "a stream does nothing unless polled"]
pub struct Pages<P: Paginate> {
    /// The request for the next page, updated after every page; `None` once finished.
    request: Option<P>,
    in_flight: Option<PageFuture<P::Page>>,
    /// An error to deliver after the page that revealed it.
    pending: Option<Error>,
    pages: usize,
    items: usize,
    max_pages: Option<usize>,
    max_items: Option<usize>,
    seen_cursors: HashSet<String>,
    /// The page number asked for by the request in flight (page-number style).
    expected_page: i64,
}

impl<P: Paginate> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &P::OPERATION)
            .field("style", &P::STYLE)
            .field("pages", &self.pages)
            .field("items", &self.items)
            .field("max_pages", &self.max_pages)
            .field("max_items", &self.max_items)
            .field("finished", &self.is_finished())
            .finish()
    }
}

impl<P: Paginate> Pages<P> {
    /// Pages of `request`, starting with the page it asks for.
    pub fn new(request: P) -> Self {
        let expected_page = request.requested_page().unwrap_or(1);
        Pages {
            request: Some(request),
            in_flight: None,
            pending: None,
            pages: 0,
            items: 0,
            max_pages: None,
            max_items: None,
            seen_cursors: HashSet::new(),
            expected_page,
        }
    }

    /// Stops after `n` pages (no request is made for page `n + 1`).
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// Stops requesting pages once `n` items have arrived. [`Items`] delivers exactly `n`;
    /// [`Pages`] delivers whole pages, so the last one may hold more.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Asks for `n` items per page (the operation's `per_page`), for requests not yet sent.
    pub fn per_page(mut self, n: i64) -> Self {
        if let Some(request) = &mut self.request {
            request.set_per_page(n);
        }
        self
    }

    /// Pages delivered so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }

    /// Whether the stream has ended.
    pub fn is_finished(&self) -> bool {
        self.request.is_none() && self.in_flight.is_none() && self.pending.is_none()
    }

    /// The next page, or `None` at the end: `StreamExt::next` without importing a trait.
    pub async fn next_page(&mut self) -> Option<Result<P::Page>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<P::Page>> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page().await {
            out.push(page?);
        }
        Ok(out)
    }

    /// A page-number page older than the one asked for: its items were delivered already, so it
    /// is dropped and ends the stream with an error.
    fn stale(&self, info: &PageInfo<'_>) -> Option<PaginationError> {
        let received = info.page?;
        (P::STYLE == PagingStyle::PageNumber && received < self.expected_page).then_some(
            PaginationError::PageNotAdvancing {
                requested: self.expected_page,
                received,
            },
        )
    }

    /// Decides what follows a page and prepares the next request.
    fn after(&mut self, info: &PageInfo<'_>) -> Next {
        if info.items == 0 {
            return Next::Done;
        }
        if self.max_items.is_some_and(|max| self.items >= max) {
            return Next::Done;
        }
        let last_by_counters = matches!(
            (info.page, info.total_pages),
            (Some(page), Some(total)) if page >= total
        );
        let Some(request) = self.request.as_mut() else {
            return Next::Done;
        };
        match P::STYLE {
            PagingStyle::None => Next::Done,
            style if style.uses_cursor() => {
                if info.has_more == Some(false) || last_by_counters {
                    return Next::Done;
                }
                let cursor = match info.next_cursor {
                    Some(c) if !c.is_empty() => c,
                    _ => return Next::Done,
                };
                if !self.seen_cursors.insert(cursor.to_owned()) {
                    return Next::Fail(PaginationError::RepeatedCursor {
                        cursor: cursor.to_owned(),
                        page: self.pages,
                    });
                }
                request.set_cursor(cursor);
                Next::Fetch
            }
            PagingStyle::PageNumber => {
                let current = info.page.unwrap_or(self.expected_page);
                if info.total_pages.is_some_and(|total| current >= total) {
                    return Next::Done;
                }
                let Some(next) = current.checked_add(1) else {
                    return Next::Done;
                };
                request.set_page(next);
                self.expected_page = next;
                Next::Fetch
            }
            PagingStyle::Scroll => match info.next_cursor {
                // The scroll parameter stays the same for a whole scroll: no repeat check.
                Some(c) if !c.is_empty() => {
                    request.set_cursor(c);
                    Next::Fetch
                }
                _ => Next::Done,
            },
            _ => Next::Done,
        }
    }

    /// Turns the error of a scroll request into the scroll error it means. Answers Intercom
    /// words as scroll errors already are ([`ErrorKind`](super::ErrorKind)); on top of those, a
    /// 4xx for a later page means the scroll parameter was not accepted any more: the scroll
    /// expired.
    fn scroll_error(&self, error: Error) -> Error {
        if P::STYLE != PagingStyle::Scroll || self.pages == 0 {
            return error;
        }
        match error {
            Error::Api(api) if (400..500).contains(&api.status()) => Error::Pagination {
                operation: P::OPERATION,
                kind: PaginationError::ScrollExpired(api),
            },
            other => other,
        }
    }
}

impl<P: Paginate> Stream for Pages<P> {
    type Item = Result<P::Page>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(future) = this.in_flight.as_mut() {
            let outcome = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(outcome) => outcome,
            };
            this.in_flight = None;
            return Poll::Ready(Some(match outcome {
                Ok(page) => {
                    let info = P::page_info(&page);
                    if let Some(kind) = this.stale(&info) {
                        this.request = None;
                        return Poll::Ready(Some(Err(Error::Pagination {
                            operation: P::OPERATION,
                            kind,
                        })));
                    }
                    this.pages += 1;
                    this.items = this.items.saturating_add(info.items);
                    match this.after(&info) {
                        Next::Fetch => {}
                        Next::Done => this.request = None,
                        Next::Fail(kind) => {
                            this.request = None;
                            this.pending = Some(Error::Pagination {
                                operation: P::OPERATION,
                                kind,
                            });
                        }
                    }
                    Ok(page)
                }
                Err(error) => {
                    this.request = None;
                    Err(this.scroll_error(error))
                }
            }));
        }
        if let Some(error) = this.pending.take() {
            return Poll::Ready(Some(Err(error)));
        }
        let limit_reached = this.max_pages.is_some_and(|max| this.pages >= max)
            || this.max_items.is_some_and(|max| this.items >= max);
        if limit_reached {
            this.request = None;
        }
        let Some(request) = this.request.as_ref() else {
            return Poll::Ready(None);
        };
        let mut future = request.clone().fetch();
        match future.as_mut().poll(cx) {
            Poll::Pending => {
                this.in_flight = Some(future);
                Poll::Pending
            }
            Poll::Ready(outcome) => {
                // Rare (a future that completes at once): handle it through the same path.
                this.in_flight = Some(Box::pin(std::future::ready(outcome)));
                Pin::new(this).poll_next(cx)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.is_finished() {
            (0, Some(0))
        } else {
            (0, None)
        }
    }
}

/// A stream of the items of every page of one paginated operation, from `.items()` on its
/// request builder.
///
/// Yields `Result<Item>`; an error is the last item, after every item of the pages before it.
/// Holds one page at a time.
#[must_use = "a stream does nothing unless polled"]
pub struct Items<P: Paginate> {
    pages: Pages<P>,
    buffer: std::vec::IntoIter<P::Item>,
    delivered: usize,
    max_items: Option<usize>,
}

impl<P: Paginate> fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("delivered", &self.delivered)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<P: Paginate> Items<P> {
    /// Items of `request`'s pages.
    pub fn new(request: P) -> Self {
        Items {
            pages: Pages::new(request),
            buffer: Vec::new().into_iter(),
            delivered: 0,
            max_items: None,
        }
    }

    /// Stops after `n` pages.
    pub fn max_pages(mut self, n: usize) -> Self {
        self.pages = self.pages.max_pages(n);
        self
    }

    /// Delivers at most `n` items, requesting no page after the one that completes them.
    pub fn max_items(mut self, n: usize) -> Self {
        self.pages = self.pages.max_items(n);
        self.max_items = Some(n);
        self
    }

    /// Asks for `n` items per page (the operation's `per_page`).
    pub fn per_page(mut self, n: i64) -> Self {
        self.pages = self.pages.per_page(n);
        self
    }

    /// Pages fetched so far.
    pub fn pages_fetched(&self) -> usize {
        self.pages.pages_fetched()
    }

    /// The next item, or `None` at the end: `StreamExt::next` without importing a trait.
    pub async fn next_item(&mut self) -> Option<Result<P::Item>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<P::Item>> {
        let mut out = Vec::new();
        while let Some(item) = self.next_item().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<P: Paginate> Stream for Items<P> {
    type Item = Result<P::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.max_items.is_some_and(|max| this.delivered >= max) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.next() {
                this.delivered += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffer = P::into_items(page).into_iter(),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        if self.pages.is_finished() {
            (buffered, Some(buffered))
        } else {
            (buffered, None)
        }
    }
}
