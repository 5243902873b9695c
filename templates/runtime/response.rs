//! What a call returns besides its value: [`ApiResponse`] and the [`RateLimit`] headers.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use super::timestamp::Timestamp;

/// Intercom's rate-limit headers of one response: `X-RateLimit-Limit`, `X-RateLimit-Remaining`
/// and `X-RateLimit-Reset`. A header that is missing or not a number is `None`.
///
/// Available from every successful call through `send_with_response()` (see [`ApiResponse`]),
/// and from every API error ([`ApiError::rate_limit`](super::ApiError::rate_limit)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets.
    pub reset: Option<Timestamp>,
}

impl RateLimit {
    /// Reads the headers; `None` when none of the three is present and valid.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let limit = RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: number("x-ratelimit-reset")
                .and_then(|s| i64::try_from(s).ok())
                .map(Timestamp::from_unix),
        };
        (limit != RateLimit::default()).then_some(limit)
    }

    /// How long until the window resets, from now (zero if it already has).
    pub fn reset_in(&self) -> Option<Duration> {
        self.reset_after(SystemTime::now())
    }

    /// How long after `now` the window resets (zero if it already has); `None` without a
    /// reset time, or one too far away to represent.
    pub(crate) fn reset_after(&self, now: SystemTime) -> Option<Duration> {
        let reset = u64::try_from(self.reset?.as_unix()).unwrap_or(0);
        let at = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(reset))?;
        Some(at.duration_since(now).unwrap_or_default())
    }
}

/// A decoded value with the response it came from: status, headers, rate limit, request id and
/// the number of attempts the call took. Returned by every request builder's
/// `send_with_response()`.
///
/// ```no_run
/// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
/// let response = client.admins().identify().send_with_response().await?;
/// if let Some(limit) = response.rate_limit() {
///     println!("{:?} requests left until {:?}", limit.remaining, limit.reset);
/// }
/// let me = response.into_value();
/// # let _ = me;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
    attempts: u32,
}

impl<T> ApiResponse<T> {
    pub(crate) fn new(value: T, status: u16, headers: HeaderMap, attempts: u32) -> Self {
        ApiResponse {
            value,
            status,
            headers,
            attempts,
        }
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, consuming the response.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The rate-limit headers, if Intercom sent any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The `X-Request-Id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        request_id_header(&self.headers)
    }

    /// How many attempts the call took (1 when it succeeded at once).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Applies `f` to the value, keeping the response details.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
        }
    }
}

/// The `X-Request-Id` header, trimmed; `None` when missing, empty or not text.
pub(crate) fn request_id_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-request-id")?
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|id| !id.is_empty())
}

/// The wait a response asks for: `Retry-After` (delay-seconds or HTTP date), else
/// `X-RateLimit-Reset` (unix seconds). `None` when neither is present and valid.
pub(crate) fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let retry_after = headers.get("retry-after").and_then(|v| v.to_str().ok());
    if let Some(value) = retry_after.map(str::trim) {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(at) = httpdate::parse_http_date(value) {
            return Some(at.duration_since(now).unwrap_or_default());
        }
    }
    RateLimit::from_headers(headers)?.reset_after(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn rate_limit_headers() {
        let mut h = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&h), None);
        h.insert("x-ratelimit-limit", HeaderValue::from_static("1000"));
        h.insert("x-ratelimit-remaining", HeaderValue::from_static(" 998 "));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("1700000010"));
        let limit = RateLimit::from_headers(&h).unwrap();
        assert_eq!(limit.limit, Some(1000));
        assert_eq!(limit.remaining, Some(998));
        assert_eq!(limit.reset, Some(Timestamp::from_unix(1_700_000_010)));
        assert_eq!(limit.reset_in(), Some(Duration::ZERO));
        // The largest reset time never panics (where SystemTime cannot hold it, it is `None`).
        let mut far = h.clone();
        far.insert(
            "x-ratelimit-reset",
            HeaderValue::from_static("9223372036854775807"),
        );
        let far = RateLimit::from_headers(&far).unwrap();
        assert!(
            far.reset_in()
                .is_none_or(|d| d > Duration::from_secs(1 << 40))
        );
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("lots"));
        assert_eq!(RateLimit::from_headers(&h).unwrap().remaining, None);

        let response = ApiResponse::new(5, 200, h, 2);
        assert_eq!(response.rate_limit().and_then(|l| l.limit), Some(1000));
        assert_eq!(response.request_id(), None);
        assert_eq!(response.attempts(), 2);
        assert_eq!(response.map(|v| v * 2).into_value(), 10);
    }
}
