//! [`Download`]: a response body streamed chunk by chunk, for the file-download operations.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::time::{Instant, Sleep};

use super::error::{Error, Result};

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A file being downloaded: the body of a successful response, read as it arrives and never
/// held in memory whole (Intercom's data exports are gzip-compressed CSV files that can be
/// large).
///
/// It is a [`Stream`] of byte chunks; [`write_to`](Download::write_to) copies it into any
/// [`AsyncWrite`] (a file, a socket, a decompressor), and [`bytes`](Download::bytes) collects it
/// when it is known to be small. The bytes are the file as served (no decompression).
///
/// The client's timeout bounds the wait for the response headers and, separately, each pause
/// between two chunks, so a large download may take longer than the timeout as long as data
/// keeps arriving. An error while streaming (connection reset, a pause longer than the timeout)
/// is an item of the stream, and the download cannot be resumed: request it again.
///
/// ```no_run
/// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
/// let download = client.data_export().download("job_id").send().await?;
/// let mut file = tokio::fs::File::create("export.csv.gz").await.expect("create file");
/// let written = download.write_to(&mut file).await?;
/// println!("{written} bytes");
/// # Ok(())
/// # }
/// ```
pub struct Download {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    attempts: u32,
    chunks: Chunks,
    idle_timeout: Option<Duration>,
    idle: Option<Pin<Box<Sleep>>>,
    received: u64,
    done: bool,
}

impl Download {
    pub(crate) fn new(
        operation: &'static str,
        response: reqwest::Response,
        attempts: u32,
        idle_timeout: Option<Duration>,
    ) -> Download {
        Download {
            operation,
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            attempts,
            chunks: Box::pin(response.bytes_stream()),
            idle_timeout,
            idle: None,
            received: 0,
            done: false,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The declared size of the file (`Content-Length`), if the server sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }

    /// The declared media type (`Content-Type`), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// How many bytes have been read so far.
    pub fn bytes_received(&self) -> u64 {
        self.received
    }

    /// How many attempts it took to get the response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The next chunk of the body; `None` at the end.
    pub async fn chunk(&mut self) -> Option<Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Copies the whole body into `writer` as it arrives and flushes it; returns the number of
    /// bytes written. A write failure is an [`Error::Io`].
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64> {
        let mut written = 0u64;
        while let Some(chunk) = self.chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(|source| Error::Io {
                operation: self.operation,
                source,
            })?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|source| Error::Io {
            operation: self.operation,
            source,
        })?;
        Ok(written)
    }

    /// Reads the whole body into memory. Only for files known to be small: prefer
    /// [`write_to`](Self::write_to) or the [`Stream`].
    pub async fn bytes(mut self) -> Result<Bytes> {
        let mut all = Vec::with_capacity(
            self.content_length()
                .map_or(0, |n| usize::try_from(n.min(1 << 20)).unwrap_or(0)),
        );
        while let Some(chunk) = self.chunk().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(all))
    }
}

impl Stream for Download {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.idle = None;
                this.received += chunk.len() as u64;
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(source))) => {
                this.done = true;
                Poll::Ready(Some(Err(Error::from_reqwest(
                    this.operation,
                    source,
                    this.attempts,
                ))))
            }
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => {
                let Some(limit) = this.idle_timeout else {
                    return Poll::Pending;
                };
                let idle = this.idle.get_or_insert_with(|| {
                    Box::pin(tokio::time::sleep_until(Instant::now() + limit))
                });
                if idle.as_mut().poll(cx).is_ready() {
                    this.done = true;
                    return Poll::Ready(Some(Err(Error::Timeout {
                        operation: this.operation,
                        attempts: this.attempts,
                    })));
                }
                Poll::Pending
            }
        }
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .field("content_type", &self.content_type())
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}
