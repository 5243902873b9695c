//! [`ResponseKind`]: what a call answers and how a successful reply becomes that value, one
//! implementation per kind of answer: [`Json`], [`Empty`], [`Text`], [`Redirect`], [`RawBody`]
//! and [`Download`].
//!
//! Every call goes the one way, `answer` (boxed by `Client::call::<K>(request)`): the transport
//! performs the request (reading the body as `K::MODE` says), then `K::decode` makes the answer. Generated operations
//! name their kind (`client.call::<Json<models::Tag>>(request)`), and so do raw requests and the
//! tests.

use std::marker::PhantomData;

use reqwest::header;
use serde::de::DeserializeOwned;

use super::decode::decode_json;
use super::download::Download;
use super::error::{DecodeError, Error, Result};
use super::request::Request;
use super::response::ApiResponse;
#[doc(hidden)]
pub use super::transport::{Mode, Reply};
use super::transport::{ReplyBody, Transport};

/// A kind of answer: the value a call of this kind gives, and how it is read from a successful
/// reply (a 2xx; a 3xx too for [`Mode::Redirect`]). Error answers never reach [`decode`]: the
/// transport turns them into [`Error`]s.
///
/// [`decode`]: ResponseKind::decode
pub trait ResponseKind {
    /// The value a successful call answers.
    type Output;

    /// How the transport reads the answer: the whole body, a stream, or a redirect.
    const MODE: Mode;

    /// The value of a successful `reply` of `operation`, with the response details.
    fn decode(operation: &'static str, reply: Reply) -> Result<ApiResponse<Self::Output>>;
}

/// Performs `request` and reads its answer as a `K`: the one call path under `Client::call` (which
/// boxes it) and raw requests.
pub(crate) async fn answer<K: ResponseKind>(
    transport: &Transport,
    request: Request,
) -> Result<ApiResponse<K::Output>> {
    let operation = request.operation;
    let reply = transport.send(request, K::MODE).await?;
    K::decode(operation, reply)
}

/// A JSON body decoded into `T` with [`decode_json`] (the models are lenient themselves); an
/// empty body decodes as JSON `null`.
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned> ResponseKind for Json<T> {
    type Output = T;
    const MODE: Mode = Mode::Buffered;

    fn decode(operation: &'static str, reply: Reply) -> Result<ApiResponse<T>> {
        let (response, body) = reply.bytes();
        let value = decode_json(operation, response.status(), &body)?;
        Ok(response.map(|()| value))
    }
}

/// No value: the body, if any, is ignored.
pub struct Empty;

impl ResponseKind for Empty {
    type Output = ();
    const MODE: Mode = Mode::Buffered;

    fn decode(_: &'static str, reply: Reply) -> Result<ApiResponse<()>> {
        Ok(reply.bytes().0)
    }
}

/// A UTF-8 text body (a body that is not UTF-8 is an [`Error::Decode`]).
pub struct Text;

impl ResponseKind for Text {
    type Output = String;
    const MODE: Mode = Mode::Buffered;

    fn decode(operation: &'static str, reply: Reply) -> Result<ApiResponse<String>> {
        let (response, body) = reply.bytes();
        let text = String::from_utf8(Vec::from(body)).map_err(|e| {
            Error::from(DecodeError::new(
                operation,
                response.status(),
                ".".to_owned(),
                format!("response body is not valid UTF-8: {}", e.utf8_error()),
                e.as_bytes(),
            ))
        })?;
        Ok(response.map(|()| text))
    }
}

/// The whole raw body.
pub struct RawBody;

impl ResponseKind for RawBody {
    type Output = bytes::Bytes;
    const MODE: Mode = Mode::Buffered;

    fn decode(_: &'static str, reply: Reply) -> Result<ApiResponse<bytes::Bytes>> {
        let (response, body) = reply.bytes();
        Ok(response.map(|()| body))
    }
}

/// A redirect (3xx): its `Location` header exactly as sent.
///
/// A redirect without `Location`, or a 2xx response, is an [`Error::Decode`]; any other status
/// is an [`Error::Api`] (from the transport).
pub struct Redirect;

impl ResponseKind for Redirect {
    type Output = String;
    const MODE: Mode = Mode::Redirect;

    fn decode(operation: &'static str, reply: Reply) -> Result<ApiResponse<String>> {
        let (response, body) = reply.bytes();
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .filter(|v| !v.trim().is_empty());
        let is_redirect = (300..400).contains(&status);
        let problem = match location {
            Some(location) if is_redirect => return Ok(response.map(|()| location)),
            _ if is_redirect => format!("the HTTP {status} redirect has no Location"),
            _ => format!("expected a redirect (3xx) with a Location, got HTTP {status}"),
        };
        Err(DecodeError::new(operation, status, ".".to_owned(), problem, &body).into())
    }
}

/// A body streamed as a [`Download`] (which carries the response details too).
impl ResponseKind for Download {
    type Output = Download;
    const MODE: Mode = Mode::Streamed;

    fn decode(operation: &'static str, reply: Reply) -> Result<ApiResponse<Download>> {
        let ReplyBody::Unread(response) = reply.body else {
            // Not reached: streamed calls hand back 2xx responses unread.
            return Err(Error::InvalidRequest(format!(
                "{operation}: the download was read before it was returned"
            )));
        };
        let download = Download::new(operation, response, reply.attempts, reply.timeout);
        Ok(ApiResponse::new(
            (),
            download.status(),
            download.headers().clone(),
            download.attempts(),
        )
        .map(|()| download))
    }
}
