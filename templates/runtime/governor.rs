//! The rate governor: one rate budget for every call a workspace's clients make, instead of each
//! call finding the limit on its own with a 429.
//!
//! Intercom limits each app per time window and says so on every answer (`X-RateLimit-Limit`,
//! `X-RateLimit-Remaining`, `X-RateLimit-Reset`). A [`RateGovernor`] reads those headers from
//! every answer, and before each attempt decides whether it may start: once the window's budget
//! is spent, calls wait for the reset in a queue (first come, first served; a retry goes first)
//! instead of being sent to be refused, and are released spread over the new window. After a
//! 429 from the rate limiter every call waits for the same moment. The rules are in
//! [`rate_window`](super::rate_window).
//!
//! Every [`Client`](super::Client) has one (on by default, learning the budget from the
//! headers), shared by its clones and its [`with_options`](super::Client::with_options) handles;
//! [`ClientBuilder::rate_governor`](super::ClientBuilder::rate_governor) shares one between
//! clients of the same workspace, and
//! [`ClientBuilder::no_rate_governor`](super::ClientBuilder::no_rate_governor) turns it off.
//!
//! The hooks the attempt loop uses are [`admit`] (before each attempt; a wait past the call's
//! deadline is an [`Overdue`], [`Overdue::into_error`] makes it the call's error) and the
//! [`Permit`] it returns (given every answer's headers, or dropped if none came).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::error::Error;
use super::rate_window::{Decision, Ledger, WaitReason};
use super::response::{RateLimit, server_delay};
use super::timestamp::Timestamp;

/// A rate budget shared by every call of the clients that hold it: the calls of one workspace
/// (one access token) wait their turn instead of running into Intercom's rate limit.
///
/// It learns the budget from the rate-limit headers of every answer, holds calls once the
/// window's remaining budget is spent until the window resets (then releases them spread over
/// the new window), and after a 429 makes every call wait for the same reset. Until the first
/// answer it lets one call through at a time, unless it starts from a configured
/// [`initial_budget`](Self::initial_budget). A server that sends no rate-limit headers (two
/// answers in a row without them) is not throttled at all.
///
/// A call whose wait would last longer than its timeout, or than what is left of its retry
/// budget ([`RetryPolicy::max_elapsed`](super::RetryPolicy::max_elapsed)), fails at once with
/// [`Error::RateLimitWait`](super::Error::RateLimitWait), which says how long it would have
/// waited. Each wait for budget is an `info` event (`wait_ms`, `queued`, `reason`) in the call's
/// `intercom.request` span.
///
/// Each client has its own governor unless given one; cloning shares it (an [`Arc`] inside).
///
/// ```no_run
/// # fn run() -> intercom_api::Result<()> {
/// use intercom_api::{Client, RateGovernor};
///
/// // Two clients for the same workspace (say, with different timeouts) share one budget.
/// let governor = RateGovernor::new().max_in_flight(32);
/// let token = std::env::var("INTERCOM_TOKEN").unwrap_or_default();
/// let fast = Client::builder().token(&token).rate_governor(governor.clone()).build()?;
/// let slow = Client::builder()
///     .token(&token)
///     .timeout(std::time::Duration::from_secs(300))
///     .rate_governor(governor)
///     .build()?;
/// println!("{:?}", fast.rate_limit());
/// # let _ = slow;
/// # Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct RateGovernor {
    shared: Arc<Mutex<State>>,
}

/// The ledger and the queue of calls waiting for it.
#[derive(Default)]
struct State {
    ledger: Ledger,
    queue: VecDeque<Waiter>,
    next_waiter: u64,
}

/// A call waiting its turn.
struct Waiter {
    id: u64,
    wake: Arc<Notify>,
}

/// The governor's current view of the workspace's rate budget, from
/// [`Client::rate_limit`](super::Client::rate_limit) or [`RateGovernor::rate_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateBudget {
    /// Requests allowed per window: the latest `X-RateLimit-Limit`, or the configured
    /// [`initial_budget`](RateGovernor::initial_budget) until the server says. `None` while
    /// nothing is known, or when the server sends no rate-limit headers.
    pub limit: Option<u64>,
    /// Calls that may still start in the current window: the lowest `X-RateLimit-Remaining`
    /// reported for it, less the calls still in flight. `None` when not known (before the first
    /// answer, once the window has reset until an answer says what the next holds, or when the
    /// server sends no rate-limit headers).
    pub remaining: Option<u64>,
    /// The current window's `X-RateLimit-Reset`.
    pub reset: Option<Timestamp>,
    /// How long until the current window's budget renews, by this machine's clock (or until a
    /// pause after a 429 ends); zero once it has.
    pub resets_in: Option<Duration>,
    /// Calls sent and not yet answered.
    pub in_flight: usize,
    /// Calls waiting for their turn.
    pub waiting: usize,
}

impl RateGovernor {
    /// A governor that learns the budget from the answers' rate-limit headers, with no cap on
    /// calls in flight.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from a budget of `requests` per 10 seconds (Intercom's window) instead of one call
    /// at a time until the first answer: for services that start many calls at once. The
    /// server's headers replace it as soon as an answer carries them; while none do, it renews
    /// every 10 s. (Intercom documents 10,000 calls per minute per app, 1,000 per workspace,
    /// spread as about a sixth of that per 10 s; a private app's limit may differ.)
    ///
    /// Settings apply to every client sharing this governor.
    pub fn initial_budget(self, requests: u32) -> Self {
        self.lock()
            .ledger
            .configure(Some(u64::from(requests)), None);
        self
    }

    /// At most `calls` calls in flight at once, whatever the budget (0 counts as 1). Settings
    /// apply to every client sharing this governor.
    pub fn max_in_flight(self, calls: u32) -> Self {
        self.lock().ledger.configure(None, Some(u64::from(calls)));
        self
    }

    /// The current view of the budget.
    pub fn rate_limit(&self) -> RateBudget {
        let state = self.lock();
        let seen = state.ledger.snapshot(Instant::now());
        RateBudget {
            limit: seen.limit,
            remaining: seen.remaining,
            reset: seen
                .reset
                .and_then(|s| i64::try_from(s).ok())
                .map(Timestamp::from_unix),
            resets_in: seen.resets_in,
            in_flight: usize::try_from(seen.in_flight).unwrap_or(usize::MAX),
            waiting: state.queue.len(),
        }
    }

    /// Whether two handles are the same governor.
    pub fn same_as(&self, other: &RateGovernor) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent between statements, so a panic elsewhere cannot leave it
        // half-updated: keep going rather than poison every later call.
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for leave to send one attempt. `deadline`: the latest the attempt may start (a wait
    /// that would end later fails at once with [`Overdue`]); `retry`: the call was refused or
    /// failed before, and goes to the front of the queue.
    async fn admit(&self, deadline: Option<Instant>, retry: bool) -> Result<Permit, Overdue> {
        let asked = Instant::now();
        let (id, wake) = {
            let mut state = self.lock();
            let waiting = state.queue.len();
            state.ledger.refresh(asked, waiting);
            if waiting == 0
                && let Decision::Go { probe } = state.ledger.decide(asked)
            {
                return Ok(self.permit(&mut state, asked, probe));
            }
            state.next_waiter += 1;
            let id = state.next_waiter;
            let wake = Arc::new(Notify::new());
            let waiter = Waiter {
                id,
                wake: Arc::clone(&wake),
            };
            if retry {
                state.queue.push_front(waiter);
            } else {
                state.queue.push_back(waiter);
            }
            (id, wake)
        };
        let mut place = Place {
            governor: self,
            id,
            queued: true,
        };
        // The reason last reported in a tracing event.
        let mut told = None;
        loop {
            let now = Instant::now();
            let (until, reason, estimate, position) = {
                let mut state = self.lock();
                let waiting = state.queue.len();
                state.ledger.refresh(now, waiting);
                let position = state.position(id).unwrap_or(0);
                match state.ledger.decide(now) {
                    Decision::Go { probe } if position == 0 => {
                        state.queue.pop_front();
                        place.queued = false;
                        if state.queue.is_empty() {
                            state.ledger.idle();
                        } else {
                            state.wake_head();
                        }
                        let permit = self.permit(&mut state, now, probe);
                        drop(state);
                        tracing::debug!(waited_ms = millis(now - asked), "rate budget granted");
                        return Ok(permit);
                    }
                    // Someone ahead goes first.
                    Decision::Go { .. } => (None, WaitReason::Pacing, Duration::ZERO, position),
                    Decision::Wait { until, reason } => (
                        until.filter(|_| position == 0),
                        reason,
                        state.ledger.estimate(now, position),
                        position,
                    ),
                }
            };
            if let Some(deadline) = deadline
                && (now >= deadline || now + estimate > deadline)
            {
                return Err(Overdue {
                    wait: (now - asked) + estimate,
                    allowed: deadline.saturating_duration_since(asked),
                });
            }
            if told != Some(reason) {
                told = Some(reason);
                if reason.is_budget() {
                    tracing::info!(
                        wait_ms = millis(estimate),
                        queued = position,
                        reason = reason.as_str(),
                        "waiting for the workspace's rate budget"
                    );
                } else {
                    tracing::debug!(
                        wait_ms = millis(estimate),
                        queued = position,
                        reason = reason.as_str(),
                        "waiting for the workspace's rate budget"
                    );
                }
            }
            let wake_at = match (until, deadline) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match wake_at {
                Some(at) => {
                    let _ = tokio::time::timeout_at(at, wake.notified()).await;
                }
                None => wake.notified().await,
            }
        }
    }

    fn permit(&self, state: &mut State, now: Instant, probe: bool) -> Permit {
        let ticket = state.ledger.start(now, probe);
        Permit {
            held: Some((self.clone(), ticket)),
        }
    }
}

impl fmt::Debug for RateGovernor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RateGovernor")
            .field(&self.rate_limit())
            .finish()
    }
}

impl State {
    fn position(&self, id: u64) -> Option<usize> {
        self.queue.iter().position(|w| w.id == id)
    }

    /// Lets the call at the head of the queue look again.
    fn wake_head(&self) {
        if let Some(head) = self.queue.front() {
            head.wake.notify_one();
        }
    }
}

/// A call's place in the queue; leaving it (the call was cancelled, or gave up) lets the next
/// call move up.
struct Place<'a> {
    governor: &'a RateGovernor,
    id: u64,
    queued: bool,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if !self.queued {
            return;
        }
        let mut state = self.governor.lock();
        if let Some(at) = state.position(self.id) {
            state.queue.remove(at);
            if at == 0 {
                state.wake_head();
            }
        }
        if state.queue.is_empty() {
            state.ledger.idle();
        }
    }
}

/// A wait for budget that would end after the call's deadline.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Overdue {
    /// How long the call would have waited in all.
    wait: Duration,
    /// How long it could wait.
    allowed: Duration,
}

impl Overdue {
    /// The call's error, after `attempts` attempts that ended with `last` (and whether the rate
    /// limiter refused that one): [`Error::RateLimitWait`], keeping a refusal's 429. A wait after
    /// another failure ends the call with that failure, as a retry past the budget does.
    pub(crate) fn into_error(
        self,
        operation: &'static str,
        attempts: u32,
        last: Option<(Error, bool)>,
    ) -> Error {
        match last {
            Some((error, false)) => error,
            last => Error::RateLimitWait {
                operation,
                wait: self.wait,
                allowed: self.allowed,
                attempts,
                last: match last {
                    Some((Error::Api(api), _)) => Some(api),
                    _ => None,
                },
            },
        }
    }
}

/// Leave to send one attempt. Give it the answer ([`answered`](Self::answered)); dropping it
/// says the attempt ended without one (cancelled, timed out, connection lost).
#[must_use = "a permit reports the attempt's answer to the governor"]
pub(crate) struct Permit {
    held: Option<(RateGovernor, u64)>,
}

impl Permit {
    /// The answer's headers. `refused`: the workspace's rate limiter refused the call
    /// ([`ErrorKind::is_rate_limit`](super::ErrorKind::is_rate_limit): not every 429 is, a
    /// pending-export-jobs 429 is not); the value is the pause to hold every call for when the
    /// answer says nothing about when to come back (the retry policy's backoff).
    pub(crate) fn answered(mut self, headers: &HeaderMap, refused: Option<Duration>) {
        let Some((governor, ticket)) = self.held.take() else {
            return;
        };
        let wall = SystemTime::now();
        let hold = refused.map(|pause| {
            server_delay(headers, wall)
                .filter(|wait| !wait.is_zero())
                .unwrap_or(pause)
        });
        let rate = RateLimit::from_headers(headers);
        let mut state = governor.lock();
        let waiting = state.queue.len();
        state
            .ledger
            .answered(ticket, rate, hold, Instant::now(), wall, waiting);
        state.wake_head();
    }

    /// The attempt never reached the server (no connection could be made).
    pub(crate) fn unsent(mut self) {
        if let Some((governor, ticket)) = self.held.take() {
            let mut state = governor.lock();
            state.ledger.abandoned(ticket, false);
            state.wake_head();
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some((governor, ticket)) = self.held.take() {
            let mut state = governor.lock();
            state.ledger.abandoned(ticket, true);
            state.wake_head();
        }
    }
}

/// Leave to send one attempt from `governor` (at once, without one). See
/// [`RateGovernor::admit`].
pub(crate) async fn admit(
    governor: Option<&RateGovernor>,
    deadline: Option<Instant>,
    retry: bool,
) -> Result<Permit, Overdue> {
    match governor {
        Some(governor) => governor.admit(deadline, retry).await,
        None => Ok(Permit { held: None }),
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
