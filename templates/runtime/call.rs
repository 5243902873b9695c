//! [`Call`], the future every request builder's `send()` returns, and [`call_value`].

use std::pin::Pin;

use super::error::Result;
use super::response::ApiResponse;

/// The future of one call, returned by every request builder's `send()` and
/// `send_with_response()`: `.await` it. (Boxed: the crate then compiles one decoder per response
/// type, not one state machine per operation.)
pub type Call<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;

/// A call's value without the response details. Used by generated operations' `send`.
#[doc(hidden)]
pub fn call_value<T: Send + 'static>(call: Call<ApiResponse<T>>) -> Call<T> {
    Box::pin(async move { call.await.map(ApiResponse::into_value) })
}
