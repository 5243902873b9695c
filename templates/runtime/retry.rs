//! When a failed attempt is tried again, and how long to wait first: [`RetryPolicy`].

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use super::request::HttpMethod;
use super::response::server_delay;

/// How failed calls are retried.
///
/// | what happened                                   | GET, PUT, DELETE | POST, PATCH                  |
/// |-------------------------------------------------|------------------|------------------------------|
/// | HTTP 429                                        | retried          | retried                      |
/// | HTTP 500, 502, 503, 504                         | retried          | only with `retry_writes`     |
/// | the connection could not be made                | retried          | retried (nothing was sent)   |
/// | timeout, connection reset, truncated body       | retried          | only with `retry_writes`     |
/// | an answer that repeating cannot change (1)      | not retried      | not retried                  |
/// | any other status, a body that does not decode   | not retried      | not retried                  |
///
/// (1) Answers whose [`ErrorKind`](super::ErrorKind) is
/// [final](super::ErrorKind::is_final), whatever their status: the 429 for too many pending
/// export jobs (not a rate limit), the 500 that asks for a scroll to be restarted.
///
/// The wait before a retry is, in order: what a 429 asks for with `Retry-After` (seconds or an
/// HTTP date), else the `X-RateLimit-Reset` time (unix seconds), else exponential backoff with
/// full jitter (a random wait between zero and `initial_backoff × 2^(retry − 1)`, at most
/// `max_backoff`). A retry that could not start before [`RetryPolicy::max_elapsed`] has passed
/// is not made: the last error is returned instead.
///
/// With the client's [`RateGovernor`](super::RateGovernor) on (the default), a 429 from the rate
/// limiter is waited out in the governor's queue, where every other call waits for the same
/// moment, and the retry goes first when it comes; the backoff above is then how long the
/// governor holds every call after a 429 that does not say when to come back. A wait for the
/// rate budget that would end after `max_elapsed` (or last longer than the timeout) fails at
/// once with [`Error::RateLimitWait`](super::Error::RateLimitWait).
///
/// Set it for a client with [`ClientBuilder::retry`](super::ClientBuilder::retry), or for some
/// calls with [`RequestOptions::retry`](super::RequestOptions::retry).
///
/// ```
/// use std::time::Duration;
/// use intercom_api::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(200))
///     .max_elapsed(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 5);
/// assert_eq!(RetryPolicy::never().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    retry_writes: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 500 ms up to 10 s, at most 60 s in all, POST/PATCH retried only
    /// when nothing reached the server or on 429.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
            retry_writes: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn never() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// How many attempts a call may make in all, the first included (default 3; 0 counts as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry, doubled for each later one (default 500 ms); the
    /// actual wait is a random fraction of it (full jitter).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff (default 10 s). Waits the server asks for (`Retry-After`,
    /// `X-RateLimit-Reset`) are not capped by it, only by [`max_elapsed`](Self::max_elapsed).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest a call may take from its first attempt to the start of its last one (default
    /// 60 s): a retry whose wait would end later is not made, and a wait for the rate budget that
    /// would end later fails at once.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Also retry POST and PATCH after a 5xx, a timeout or a broken connection (default off:
    /// they may have taken effect). Only for calls you know to be safe to repeat.
    pub fn retry_writes(mut self, yes: bool) -> Self {
        self.retry_writes = yes;
        self
    }

    /// The number of attempts a call may make.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether an attempt of `method` that ended in `failure` may be retried.
    pub(crate) fn retries(&self, method: HttpMethod, failure: Failure) -> bool {
        let repeatable = self.retry_writes || method.is_idempotent();
        match failure {
            Failure::Status(429) | Failure::NotConnected => true,
            Failure::Status(500 | 502 | 503 | 504) | Failure::Interrupted => repeatable,
            Failure::Status(_) | Failure::Final => false,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        self.pause(retry).mul_f64(fastrand::f64())
    }

    /// The longest backoff before retry number `retry`, without jitter: how long the rate
    /// governor holds every call after a 429 that does not say when to come back.
    pub(crate) fn pause(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff)
    }

    /// The longest a call may take from its first attempt to the start of its last one.
    pub(crate) fn budget(&self) -> Duration {
        self.max_elapsed
    }

    /// The wait before retry number `retry` after a response with `headers` (`None` when no
    /// response arrived): what the server asks for, else backoff.
    pub(crate) fn delay(
        &self,
        retry: u32,
        headers: Option<&HeaderMap>,
        now: SystemTime,
    ) -> Duration {
        headers
            .and_then(|h| server_delay(h, now))
            .unwrap_or_else(|| self.backoff(retry))
    }

    /// Whether a wait of `delay` still starts the next attempt within the budget, `elapsed`
    /// having passed since the first.
    pub(crate) fn allows(&self, elapsed: Duration, delay: Duration) -> bool {
        elapsed.saturating_add(delay) <= self.max_elapsed
    }
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// An HTTP status.
    Status(u16),
    /// An answer that the same request would get again
    /// ([`ErrorKind::is_final`](super::ErrorKind::is_final)), whatever its status.
    Final,
    /// No connection was made: the request never reached the server.
    NotConnected,
    /// A timeout or a broken connection after the request may have been sent.
    Interrupted,
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn what_is_retried() {
        let p = RetryPolicy::default();
        for m in [HttpMethod::Get, HttpMethod::Put, HttpMethod::Delete] {
            for s in [429, 500, 502, 503, 504] {
                assert!(p.retries(m, Failure::Status(s)), "{m} {s}");
            }
            assert!(p.retries(m, Failure::NotConnected));
            assert!(p.retries(m, Failure::Interrupted));
            for s in [400, 401, 404, 409, 422, 501, 505] {
                assert!(!p.retries(m, Failure::Status(s)), "{m} {s}");
            }
            assert!(!p.retries(m, Failure::Final));
            assert!(!p.retry_writes(true).retries(m, Failure::Final));
        }
        for m in [HttpMethod::Post, HttpMethod::Patch] {
            assert!(p.retries(m, Failure::Status(429)));
            assert!(p.retries(m, Failure::NotConnected));
            assert!(!p.retries(m, Failure::Status(500)));
            assert!(!p.retries(m, Failure::Status(503)));
            assert!(!p.retries(m, Failure::Interrupted));
            let writes = p.retry_writes(true);
            assert!(writes.retries(m, Failure::Status(503)));
            assert!(writes.retries(m, Failure::Interrupted));
            assert!(!writes.retries(m, Failure::Status(400)));
        }
    }

    #[test]
    fn backoff_is_jittered_exponential_and_capped() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(100));
            assert!(p.backoff(2) <= Duration::from_millis(200));
            assert!(p.backoff(3) <= Duration::from_millis(350));
            assert!(p.backoff(40) <= Duration::from_millis(350));
        }
        // Full jitter: the waits spread over the whole range, not around one value.
        let waits: Vec<_> = (0..200).map(|_| p.backoff(3)).collect();
        assert!(waits.iter().any(|w| *w < Duration::from_millis(100)));
        assert!(waits.iter().any(|w| *w > Duration::from_millis(250)));
    }

    #[test]
    fn server_asked_waits() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let wait = |pairs: &[(&'static str, &str)]| server_delay(&headers(pairs), now);
        assert_eq!(wait(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(
            wait(&[("retry-after", "Tue, 14 Nov 2023 22:13:25 GMT")]),
            Some(Duration::from_secs(5))
        );
        // Retry-After wins over the reset time; a date in the past means now.
        assert_eq!(
            wait(&[("retry-after", "1"), ("x-ratelimit-reset", "1700000009")]),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            wait(&[("x-ratelimit-reset", "1700000009")]),
            Some(Duration::from_secs(9))
        );
        assert_eq!(
            wait(&[("x-ratelimit-reset", "1600000000")]),
            Some(Duration::ZERO)
        );
        assert_eq!(wait(&[("retry-after", "soon")]), None);
        assert_eq!(wait(&[]), None);
        let p = RetryPolicy::default();
        let h = headers(&[("retry-after", "2")]);
        assert_eq!(p.delay(1, Some(&h), now), Duration::from_secs(2));
        assert!(p.delay(1, None, now) <= Duration::from_millis(500));
    }

    #[test]
    fn budget() {
        let p = RetryPolicy::default().max_elapsed(Duration::from_secs(10));
        assert!(p.allows(Duration::from_secs(4), Duration::from_secs(6)));
        assert!(!p.allows(Duration::from_secs(4), Duration::from_secs(7)));
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }
}
