//! The rate governor's bookkeeping: what it knows of the workspace's current rate-limit window,
//! and whether a call may start now. No I/O and no clock of its own (every method is given the
//! time), so each rule is tested exactly; [`governor`](super::governor) does the waiting.
//!
//! The rules, in the order [`Ledger::decide`] applies them:
//!
//! 1. With a cap on calls in flight, a call waits while the cap is reached.
//! 2. Nothing known yet (no answer, no configured budget): one call at a time until the first
//!    answer says what the budget is. Two answers in a row without rate-limit headers mean the
//!    server meters nothing: from then on, nothing is held. (One is not enough: Intercom
//!    documents that an answer can lack the headers when it expires them, about once a month.)
//! 3. A window known from `X-RateLimit-Reset` and `X-RateLimit-Remaining`: a call may start while
//!    the lowest `Remaining` the server reported for that window, less every call still in flight
//!    (or gone without saying what remained), is above zero. Otherwise it waits for the reset.
//! 4. Once the reset time has passed, one call (a probe) finds out what the new window holds;
//!    the others follow its answer. So a clock that runs ahead of the server's, or a reset rounded
//!    to the second, costs one call's round trip rather than a burst of 429s. A probe (or first
//!    call) that has not been answered after a second no longer holds the others back: another
//!    call goes to find out.
//! 5. Calls that waited are released spread over the first half of the new window, not all at
//!    once.
//! 6. After a 429 from the rate limiter, every call waits for the same moment: `Retry-After`,
//!    else `X-RateLimit-Reset`, else the retry policy's backoff.
//! 7. A server whose windows end later than the reset it announces (a reset rounded down to the
//!    second, or a clock behind this one): once a call is refused after a window's announced
//!    reset, later windows are waited for that much longer (as long after its reset as the
//!    next window showed up).
//!
//! A configured budget (requests per 10 s) stands for the server's until an answer carries the
//! rate-limit headers; it renews every 10 s on this side.

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use super::response::RateLimit;

/// Intercom's documented window: budgets are per 10 seconds. A configured budget's window.
pub(crate) const DEFAULT_PERIOD: Duration = Duration::from_secs(10);

/// How long a probe's answer is waited for before another call may go to find out.
const PROBE_PATIENCE: Duration = Duration::from_secs(1);

/// The shortest a server's window can be (`X-RateLimit-Reset` counts whole seconds). Wait
/// estimates assume it until two windows' resets have been seen: a call gives up early only on
/// a wait it is sure to exceed.
const SHORTEST_PERIOD: Duration = Duration::from_secs(1);

/// What the governor knows, and the calls it has let through.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    window: Option<Window>,
    /// The shortest distance seen between two windows' resets.
    period: Option<Duration>,
    /// The latest `X-RateLimit-Limit`.
    limit: Option<u64>,
    /// Calls started and not yet answered.
    in_flight: u64,
    /// The call that is finding out what a new window holds, if one is, and when it started.
    probe: Option<(u64, Instant)>,
    /// Answers came without rate-limit headers: the server meters nothing.
    unmetered: bool,
    /// Answers in a row, to calls that were to find out the budget, without rate-limit headers.
    bare: u32,
    /// Calls that waited are being released at this pace.
    pace: Option<Pace>,
    /// A budget per [`DEFAULT_PERIOD`] to start from, before the server says.
    configured: Option<u64>,
    /// The most calls in flight at once.
    cap: Option<u64>,
    /// How long after its announced reset a window really ends (rule 7).
    lag: Duration,
    /// A call was refused after the announced reset of this window.
    refused_late: Option<u64>,
    next_ticket: u64,
}

/// One rate-limit window.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// The server's `X-RateLimit-Reset` (unix seconds), which names the window; `None` for a
    /// configured budget's window, or a pause after a 429 that said nothing.
    reset: Option<u64>,
    /// When its budget renews, on this side's clock.
    opens_at: Instant,
    /// The lowest `Remaining` reported for it (or the configured budget).
    remaining: u64,
    /// Calls that used it without the server saying what remained after them (answered without
    /// headers, timed out, cancelled).
    unreported: u64,
    /// When the latest answer about it arrived.
    seen_at: Instant,
    /// A 429 closed it.
    refused: bool,
    /// A configured budget's window, renewed on this side.
    local: bool,
}

/// Releasing calls that waited: `burst` more of them at once, then one at `next` and one every
/// `spacing` after.
#[derive(Debug, Clone, Copy)]
struct Pace {
    next: Instant,
    spacing: Duration,
    burst: u64,
}

/// Whether a call may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Start now; `probe` when it finds out what a window holds.
    Go { probe: bool },
    /// Wait until `until` (or until an answer arrives, when `None`, or earlier if one does).
    Wait {
        until: Option<Instant>,
        reason: WaitReason,
    },
}

/// Why a call waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitReason {
    /// The first answer will say what the budget is.
    FirstAnswer,
    /// The window's budget is spent.
    Spent,
    /// The rate limiter refused a call: everyone waits for the same moment.
    Refused,
    /// The window reset; a probe is finding out what the new one holds.
    Probe,
    /// Released one by one over the window.
    Pacing,
    /// The cap on calls in flight is reached.
    InFlight,
}

impl WaitReason {
    /// A short name, for tracing.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WaitReason::FirstAnswer => "first_answer",
            WaitReason::Spent => "budget_spent",
            WaitReason::Refused => "rate_limited",
            WaitReason::Probe => "window_probe",
            WaitReason::Pacing => "pacing",
            WaitReason::InFlight => "in_flight_cap",
        }
    }

    /// Whether the wait is for the workspace's budget (worth an `info` event), rather than a
    /// short pause in passing.
    pub(crate) fn is_budget(self) -> bool {
        matches!(self, WaitReason::Spent | WaitReason::Refused)
    }
}

/// What the governor knows, as [`RateBudget`](super::governor::RateBudget) shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub(crate) limit: Option<u64>,
    pub(crate) remaining: Option<u64>,
    pub(crate) reset: Option<u64>,
    pub(crate) resets_in: Option<Duration>,
    pub(crate) in_flight: u64,
}

impl Ledger {
    /// Sets the budget to start from (requests per 10 s) and the cap on calls in flight, where
    /// given.
    pub(crate) fn configure(&mut self, configured: Option<u64>, cap: Option<u64>) {
        if configured.is_some() {
            self.configured = configured;
        }
        if let Some(cap) = cap {
            self.cap = Some(cap.max(1));
        }
    }

    /// Opens a configured budget's window when there is none, or renews it once it has ended.
    /// Call before [`decide`](Self::decide); `waiting` is how many calls are queued.
    pub(crate) fn refresh(&mut self, now: Instant, waiting: usize) {
        let Some(budget) = self.configured else {
            return;
        };
        let renew = self.window.is_none_or(|w| w.local && now >= w.opens_at);
        if renew {
            self.open(
                Window {
                    reset: None,
                    opens_at: now + DEFAULT_PERIOD,
                    remaining: budget,
                    unreported: 0,
                    seen_at: now,
                    refused: false,
                    local: true,
                },
                now,
                waiting,
            );
        }
    }

    /// Whether a call may start now.
    pub(crate) fn decide(&self, now: Instant) -> Decision {
        if self.cap.is_some_and(|cap| self.in_flight >= cap) {
            return self.wait(None, WaitReason::InFlight);
        }
        let Some(w) = &self.window else {
            if self.unmetered {
                return Decision::Go { probe: false };
            }
            return self.probe_or_wait(now, WaitReason::FirstAnswer);
        };
        let open = now < w.opens_at;
        if (open || w.seen_at >= w.opens_at) && self.available(w) > 0 {
            if let Some(pace) = self.pace
                && pace.burst == 0
                && pace.next > now
            {
                return self.wait(Some(pace.next), WaitReason::Pacing);
            }
            return Decision::Go { probe: false };
        }
        if open {
            let reason = if w.refused {
                WaitReason::Refused
            } else {
                WaitReason::Spent
            };
            return self.wait(Some(w.opens_at), reason);
        }
        // The window is over by this side's clock, and nothing says yet what the next holds.
        self.probe_or_wait(now, WaitReason::Probe)
    }

    /// A call goes to find out, unless one already is (and has not been out too long).
    fn probe_or_wait(&self, now: Instant, reason: WaitReason) -> Decision {
        match self.probe {
            Some((_, since)) if now < since + PROBE_PATIENCE => {
                self.wait(Some(since + PROBE_PATIENCE), reason)
            }
            _ => Decision::Go { probe: true },
        }
    }

    fn wait(&self, until: Option<Instant>, reason: WaitReason) -> Decision {
        Decision::Wait { until, reason }
    }

    /// What the window has left for new calls.
    fn available(&self, w: &Window) -> u64 {
        w.remaining
            .saturating_sub(self.in_flight)
            .saturating_sub(w.unreported)
    }

    /// Records that a call starts (after [`decide`](Self::decide) said [`Decision::Go`]); its
    /// ticket identifies it when it ends.
    pub(crate) fn start(&mut self, now: Instant, probe: bool) -> u64 {
        self.next_ticket += 1;
        let ticket = self.next_ticket;
        self.in_flight += 1;
        if probe {
            self.probe = Some((ticket, now));
        }
        if let Some(pace) = &mut self.pace {
            if pace.burst > 0 {
                pace.burst -= 1;
            } else {
                pace.next = pace.next.max(now) + pace.spacing;
            }
        }
        ticket
    }

    /// No call is waiting any more: stop pacing.
    pub(crate) fn idle(&mut self) {
        self.pace = None;
    }

    /// A call got an answer with these `headers` (parsed). `refused` is `Some(hold)` when it was
    /// the rate limiter refusing it: every call then waits `hold` from `now`. `wall` is the time
    /// on the system clock, to place `X-RateLimit-Reset`; `waiting` how many calls are queued.
    pub(crate) fn answered(
        &mut self,
        ticket: u64,
        rate: Option<RateLimit>,
        refused: Option<Duration>,
        now: Instant,
        wall: SystemTime,
        waiting: usize,
    ) {
        let probe = self.end(ticket);
        if let Some(limit) = rate.and_then(|r| r.limit) {
            self.limit = Some(limit);
        }
        let reported = rate.and_then(|r| Some((reset_second(r)?, r.remaining?)));
        if let (Some(_), Some((reset, _))) = (refused, reported)
            && wall >= unix_second(reset)
        {
            self.refused_late = Some(reset);
        }
        match reported {
            Some((reset, remaining)) => self.report(reset, remaining, now, wall, waiting),
            None => self.unreported(probe, refused.is_some(), now),
        }
        if let Some(hold) = refused {
            self.refuse(now + hold);
        }
    }

    /// A call ended without an answer; `sent` unless the request surely never reached the server
    /// (no connection could be made).
    pub(crate) fn abandoned(&mut self, ticket: u64, sent: bool) {
        self.end(ticket);
        if sent && let Some(w) = &mut self.window {
            w.unreported += 1;
        }
    }

    /// Ends a call's flight; whether it was the probe.
    fn end(&mut self, ticket: u64) -> bool {
        self.in_flight = self.in_flight.saturating_sub(1);
        let probe = self.probe.is_some_and(|(probe, _)| probe == ticket);
        if probe {
            self.probe = None;
        }
        probe
    }

    /// The server reported `remaining` calls left in the window that resets at `reset`.
    fn report(
        &mut self,
        reset: u64,
        remaining: u64,
        now: Instant,
        wall: SystemTime,
        waiting: usize,
    ) {
        self.unmetered = false;
        self.bare = 0;
        match &mut self.window {
            Some(w) if w.reset == Some(reset) => {
                w.remaining = w.remaining.min(remaining);
                w.seen_at = now;
            }
            // An answer from an earlier window, overtaken by newer ones: nothing to learn.
            Some(w) if w.reset.is_some_and(|current| current > reset) => {}
            current => {
                if let Some(previous) = current.and_then(|w| w.reset)
                    && reset > previous
                {
                    let period = Duration::from_secs(reset - previous);
                    self.period = Some(self.period.map_or(period, |p| p.min(period)));
                    if self.refused_late.take() == Some(previous) {
                        self.lag = wall
                            .duration_since(unix_second(previous))
                            .unwrap_or_default();
                    }
                }
                let until_reset = unix_second(reset).duration_since(wall).unwrap_or_default();
                let window = Window {
                    reset: Some(reset),
                    opens_at: now + until_reset + self.lag,
                    remaining,
                    unreported: 0,
                    seen_at: now,
                    refused: false,
                    local: false,
                };
                self.open(window, now, waiting);
            }
        }
    }

    /// An answer said nothing about the window.
    fn unreported(&mut self, probe: bool, refused: bool, now: Instant) {
        match &mut self.window {
            None if !refused => {
                self.bare += 1;
                self.unmetered = self.bare >= 2;
            }
            None => {}
            // The window is over, and the call that was to find out what the next one holds
            // got no rate-limit headers: twice in a row, the server no longer sends them.
            Some(w) if probe && !refused && !w.local && now >= w.opens_at => {
                self.bare += 1;
                if self.bare >= 2 {
                    self.window = None;
                    self.unmetered = true;
                    self.pace = None;
                }
            }
            Some(w) => w.unreported += 1,
        }
    }

    /// The rate limiter refused a call: nothing starts before `until`.
    fn refuse(&mut self, until: Instant) {
        self.pace = None;
        match &mut self.window {
            Some(w) => {
                w.remaining = 0;
                w.opens_at = w.opens_at.max(until);
                w.refused = true;
            }
            None => {
                self.window = Some(Window {
                    reset: None,
                    opens_at: until,
                    remaining: 0,
                    unreported: 0,
                    seen_at: until,
                    refused: true,
                    local: false,
                });
            }
        }
    }

    /// Makes `window` the current one. Calls that waited for it are released spread over it: a
    /// quarter of its budget at once (at least 4), the rest evenly over the first half of what
    /// is left of it.
    fn open(&mut self, window: Window, now: Instant, waiting: usize) {
        self.window = Some(window);
        let available = self.available(&window);
        let burst = burst(available);
        self.pace = (waiting > 0 && available > burst).then(|| {
            let spacing = window.opens_at.saturating_duration_since(now)
                / 2
                / saturating_u32(available - burst);
            Pace {
                next: now + spacing,
                spacing,
                burst,
            }
        });
    }

    /// How long the call at `position` in the queue (0 at its head) can expect to wait, from
    /// what is known now. Zero when nothing is known (the wait is for an answer).
    pub(crate) fn estimate(&self, now: Instant, position: usize) -> Duration {
        let Some(w) = &self.window else {
            return Duration::ZERO;
        };
        let position = position as u64;
        let open = now < w.opens_at;
        let available = if open || w.seen_at >= w.opens_at {
            self.available(w)
        } else {
            0
        };
        let period = match self.period {
            Some(period) => period,
            None if w.local => DEFAULT_PERIOD,
            None => SHORTEST_PERIOD,
        };
        let per_window = self.limit.or(self.configured).unwrap_or(w.remaining).max(1);
        if position < available {
            return match self.pace {
                Some(pace) if position >= pace.burst => {
                    // The burst goes first, then one per `spacing` from `next`.
                    pace.next.saturating_duration_since(now)
                        + pace.spacing * saturating_u32(position - pace.burst)
                }
                _ => Duration::ZERO,
            };
        }
        // Later windows: a full one each, released as `open` does.
        let behind = position - available;
        let burst = burst(per_window);
        let spacing = period / 2 / saturating_u32((per_window - burst).max(1));
        let place = behind % per_window;
        let paced = if place < burst { 0 } else { place - burst + 1 };
        w.opens_at.saturating_duration_since(now)
            + period * saturating_u32(behind / per_window)
            + spacing * saturating_u32(paced)
    }

    /// What is known now.
    pub(crate) fn snapshot(&self, now: Instant) -> Snapshot {
        let current = self
            .window
            .filter(|w| now < w.opens_at || w.seen_at >= w.opens_at);
        Snapshot {
            limit: self.limit.or(self.configured),
            remaining: current.map(|w| self.available(&w)),
            reset: self.window.and_then(|w| w.reset),
            resets_in: self
                .window
                .map(|w| w.opens_at.saturating_duration_since(now)),
            in_flight: self.in_flight,
        }
    }
}

/// How many of `budget` calls that waited go at once when a window opens: a quarter, at least 4.
fn burst(budget: u64) -> u64 {
    (budget / 4).max(4).min(budget)
}

/// The moment of a unix second (the latest representable one if it is out of range).
fn unix_second(second: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(second))
        .unwrap_or(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::from(u32::MAX)))
}

/// `X-RateLimit-Reset` as unix seconds.
fn reset_second(rate: RateLimit) -> Option<u64> {
    u64::try_from(rate.reset?.as_unix()).ok()
}

fn saturating_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::timestamp::Timestamp;
    use super::*;

    /// A fixed wall-clock second and the matching instant, so resets land exactly.
    struct Clock {
        start: Instant,
        wall: SystemTime,
    }

    impl Clock {
        fn new() -> Clock {
            Clock {
                start: Instant::now(),
                wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            }
        }
        fn at(&self, ms: u64) -> Instant {
            self.start + Duration::from_millis(ms)
        }
        fn wall(&self, ms: u64) -> SystemTime {
            self.wall + Duration::from_millis(ms)
        }
        /// The unix second `secs` after the start.
        fn second(&self, secs: u64) -> i64 {
            1_700_000_000 + secs as i64
        }
    }

    fn headers(limit: u64, remaining: u64, reset: i64) -> Option<RateLimit> {
        Some(RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
            reset: Some(Timestamp::from_unix(reset)),
        })
    }

    /// The answer to `ticket` arrives `ms` after the start, with `rate`; `waiting` calls queued.
    fn answer(
        l: &mut Ledger,
        c: &Clock,
        ticket: u64,
        ms: u64,
        rate: Option<RateLimit>,
        waiting: usize,
    ) {
        l.answered(ticket, rate, None, c.at(ms), c.wall(ms), waiting);
    }

    const GO: Decision = Decision::Go { probe: false };
    const PROBE: Decision = Decision::Go { probe: true };

    fn waits(ledger: &Ledger, now: Instant) -> (Option<Instant>, WaitReason) {
        match ledger.decide(now) {
            Decision::Wait { until, reason } => (until, reason),
            go => panic!("expected a wait, got {go:?}"),
        }
    }

    /// Starts a call if the ledger lets it; its ticket.
    fn go(ledger: &mut Ledger, now: Instant) -> u64 {
        match ledger.decide(now) {
            Decision::Go { probe } => ledger.start(now, probe),
            wait => panic!("expected to go, got {wait:?}"),
        }
    }

    #[test]
    fn one_call_at_a_time_until_the_first_answer_then_the_budget_it_names() {
        let c = Clock::new();
        let mut l = Ledger::default();
        assert_eq!(l.decide(c.at(0)), PROBE);
        let first = l.start(c.at(0), true);
        assert_eq!(
            waits(&l, c.at(0)),
            (Some(c.at(1000)), WaitReason::FirstAnswer)
        );
        assert_eq!(l.estimate(c.at(0), 3), Duration::ZERO);
        // 40 per window, 3 left after this call, reset 2 s from now.
        answer(&mut l, &c, first, 5, headers(40, 3, c.second(2)), 0);
        for _ in 0..3 {
            go(&mut l, c.at(6));
        }
        assert_eq!(waits(&l, c.at(6)), (Some(c.at(2000)), WaitReason::Spent));
        // Eleventh in line, the window's length not known yet: the wait is at least until the
        // reset, then 10 at once and the 11th paced as if windows were 1 s (the shortest).
        assert_eq!(
            l.estimate(c.at(6), 10),
            Duration::from_millis(1994) + Duration::from_secs(1) / 2 / 30
        );
        let seen = l.snapshot(c.at(6));
        assert_eq!(
            (seen.limit, seen.remaining, seen.in_flight),
            (Some(40), Some(0), 3)
        );
        assert_eq!(seen.reset, Some(1_700_000_002));
        assert_eq!(seen.resets_in, Some(Duration::from_millis(1994)));
    }

    #[test]
    fn a_server_without_rate_limit_headers_is_never_held() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, None, 5);
        // One answer without the headers could be Intercom expiring them: a second call checks.
        assert_eq!(l.decide(c.at(1)), PROBE);
        let second = l.start(c.at(1), true);
        answer(&mut l, &c, second, 2, None, 5);
        for _ in 0..1000 {
            assert_eq!(l.decide(c.at(2)), GO);
            l.start(c.at(2), false);
        }
        assert_eq!(l.estimate(c.at(2), 500), Duration::ZERO);
        let seen = l.snapshot(c.at(2));
        assert_eq!((seen.limit, seen.remaining, seen.reset), (None, None, None));
        assert_eq!(seen.in_flight, 1000);
    }

    #[test]
    fn calls_in_flight_count_against_what_the_server_reported() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(10, 5, c.second(10)), 0);
        let tickets: Vec<u64> = (0..5).map(|_| go(&mut l, c.at(2))).collect();
        assert!(matches!(l.decide(c.at(2)), Decision::Wait { .. }));
        // An answer reported before the others were counted (4 left) frees nothing: the other
        // four are still in flight. A later one (0 left) settles it.
        answer(&mut l, &c, tickets[0], 3, headers(10, 4, c.second(10)), 0);
        assert_eq!(l.snapshot(c.at(3)).remaining, Some(0));
        // Answers out of order never raise what is left: the lowest report wins.
        answer(&mut l, &c, tickets[1], 4, headers(10, 2, c.second(10)), 0);
        answer(&mut l, &c, tickets[2], 4, headers(10, 3, c.second(10)), 0);
        assert_eq!(l.snapshot(c.at(4)).remaining, Some(0));
        answer(&mut l, &c, tickets[3], 5, headers(10, 1, c.second(10)), 0);
        answer(&mut l, &c, tickets[4], 5, headers(10, 1, c.second(10)), 0);
        assert_eq!(l.snapshot(c.at(5)).remaining, Some(1));
        go(&mut l, c.at(5));
        assert!(matches!(l.decide(c.at(5)), Decision::Wait { .. }));
    }

    #[test]
    fn a_budget_learned_mid_window_replaces_the_configured_one() {
        let c = Clock::new();
        let mut l = Ledger::default();
        l.configure(Some(100), None);
        l.refresh(c.at(0), 0);
        assert_eq!(l.snapshot(c.at(0)).limit, Some(100));
        // The configured budget lets several calls start before any answer.
        let tickets: Vec<u64> = (0..3).map(|_| go(&mut l, c.at(0))).collect();
        assert_eq!(l.snapshot(c.at(0)).remaining, Some(97));
        // The server's window is 10 per window, with 4 left (others used it), 5 s to go.
        answer(&mut l, &c, tickets[0], 10, headers(10, 4, c.second(5)), 0);
        // 4, less the two calls still in flight.
        assert_eq!(l.snapshot(c.at(10)).remaining, Some(2));
        go(&mut l, c.at(11));
        go(&mut l, c.at(11));
        assert_eq!(waits(&l, c.at(11)), (Some(c.at(5000)), WaitReason::Spent));
        // The configured window does not come back while the server's is known.
        l.refresh(c.at(10_500), 0);
        assert_eq!(l.snapshot(c.at(10_500)).limit, Some(10));
    }

    #[test]
    fn after_the_reset_one_probe_goes_first_and_its_answer_opens_the_window() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(3, 0, c.second(2)), 0);
        assert_eq!(waits(&l, c.at(1)), (Some(c.at(2000)), WaitReason::Spent));
        assert_eq!(l.estimate(c.at(1), 0), Duration::from_millis(1999));
        // The reset passes: one probe, the others wait for its answer.
        assert_eq!(l.decide(c.at(2000)), PROBE);
        let probe = l.start(c.at(2000), true);
        assert_eq!(waits(&l, c.at(2000)), (Some(c.at(3000)), WaitReason::Probe));
        assert_eq!(l.snapshot(c.at(2000)).remaining, None);
        // The new window: 2 left, resets at 4 s; the two calls that waited go.
        answer(&mut l, &c, probe, 2001, headers(3, 2, c.second(4)), 2);
        assert_eq!(l.decide(c.at(2001)), GO);
        l.start(c.at(2001), false);
        go(&mut l, c.at(2001));
        assert_eq!(waits(&l, c.at(2001)), (Some(c.at(4000)), WaitReason::Spent));
        // Two resets 2 s apart: the window is 2 s long, which the estimates now use.
        assert_eq!(l.period, Some(Duration::from_secs(2)));
        // Fifth in line: 1.5 s to the reset, a full window of 3, then the second place of the
        // next one (small budgets are not paced).
        assert_eq!(
            l.estimate(c.at(2500), 4),
            Duration::from_millis(1500) + Duration::from_secs(2)
        );
        // With a budget of 40 per window, 70th in line: 1.5 s to the reset, a full window, and
        // the 30th place of the next one: 10 at once, then the 20th of 30 paced over 1 s.
        l.limit = Some(40);
        assert_eq!(
            l.estimate(c.at(2500), 69),
            Duration::from_millis(1500) + Duration::from_secs(2) + Duration::from_secs(1) / 30 * 20
        );
    }

    #[test]
    fn waiting_calls_are_released_a_quarter_at_once_then_spread_over_half_the_window() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let probe = go(&mut l, c.at(0));
        // 40 per 2 s window, 39 left, 63 calls waiting.
        answer(&mut l, &c, probe, 0, headers(40, 39, c.second(2)), 63);
        // 9 at once...
        for _ in 0..9 {
            go(&mut l, c.at(0));
        }
        // ...then 30 over the first second, 1/30 s apart.
        let spacing = Duration::from_secs(1) / 30;
        assert_eq!(
            waits(&l, c.at(0)),
            (Some(c.at(0) + spacing), WaitReason::Pacing)
        );
        assert_eq!(l.estimate(c.at(0), 5), spacing * 6);
        let mut at = c.at(0);
        for _ in 0..30 {
            at += spacing;
            go(&mut l, at);
        }
        assert_eq!(waits(&l, at), (Some(c.at(2000)), WaitReason::Spent));
        // Nothing waits any more: a new caller is not paced.
        l.idle();
        let mut l = Ledger::default();
        let probe = go(&mut l, c.at(0));
        answer(&mut l, &c, probe, 0, headers(40, 39, c.second(2)), 6);
        // Six waiting calls and 39 left: they all go at once.
        for _ in 0..6 {
            go(&mut l, c.at(0));
        }
    }

    #[test]
    fn a_probe_that_is_not_answered_within_a_second_lets_another_call_find_out() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let slow = go(&mut l, c.at(0));
        assert_eq!(waits(&l, c.at(999)).1, WaitReason::FirstAnswer);
        assert_eq!(l.decide(c.at(1000)), PROBE);
        let second = l.start(c.at(1000), true);
        assert_eq!(
            waits(&l, c.at(1500)),
            (Some(c.at(2000)), WaitReason::FirstAnswer)
        );
        // The first call's late answer still teaches the budget.
        answer(&mut l, &c, slow, 1600, headers(10, 8, c.second(10)), 0);
        assert_eq!(l.decide(c.at(1600)), GO);
        answer(&mut l, &c, second, 1700, headers(10, 7, c.second(10)), 0);
        assert_eq!(l.snapshot(c.at(1700)).remaining, Some(7));
    }

    #[test]
    fn windows_that_end_after_their_announced_reset_are_waited_for_that_much_longer() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 0, headers(5, 0, c.second(2)), 0);
        // At the announced reset the server still refuses: its window ends later.
        let probe = go(&mut l, c.at(2000));
        l.answered(
            probe,
            headers(5, 0, c.second(2)),
            Some(Duration::from_millis(400)),
            c.at(2001),
            c.wall(2001),
            0,
        );
        assert_eq!(
            waits(&l, c.at(2001)),
            (Some(c.at(2401)), WaitReason::Refused)
        );
        // 400 ms after the reset, the new window shows (ending at 4 s, it says).
        let probe = go(&mut l, c.at(2401));
        answer(&mut l, &c, probe, 2402, headers(5, 4, c.second(4)), 0);
        assert_eq!(l.lag, Duration::from_millis(402));
        for _ in 0..4 {
            go(&mut l, c.at(2402));
        }
        // The next window is waited for until 402 ms after its announced reset.
        assert_eq!(waits(&l, c.at(2402)), (Some(c.at(4402)), WaitReason::Spent));
        // A window that showed at its reset leaves the lag as it was.
        let probe = go(&mut l, c.at(4402));
        answer(&mut l, &c, probe, 4403, headers(5, 4, c.second(6)), 0);
        assert_eq!(l.lag, Duration::from_millis(402));
    }

    #[test]
    fn a_window_that_resets_early_releases_the_waiting_calls_at_once() {
        let c = Clock::new();
        let mut l = Ledger::default();
        l.configure(Some(5), None);
        l.refresh(c.at(0), 0);
        let slow = go(&mut l, c.at(0));
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(3, 0, c.second(60)), 2);
        assert_eq!(waits(&l, c.at(1)).1, WaitReason::Spent);
        // The slow call's answer comes from a window that began long before the announced reset.
        answer(&mut l, &c, slow, 300, headers(3, 3, c.second(61)), 2);
        assert_eq!(l.decide(c.at(300)), GO);
        assert_eq!(l.snapshot(c.at(300)).remaining, Some(3));
        // A late answer from the earlier window does not bring it back.
        let ticket = go(&mut l, c.at(300));
        answer(&mut l, &c, ticket, 301, headers(3, 0, c.second(60)), 0);
        assert_eq!(l.snapshot(c.at(301)).reset, Some(1_700_000_061));
        assert_eq!(l.snapshot(c.at(301)).remaining, Some(3));
    }

    #[test]
    fn a_refusal_holds_every_call_until_the_moment_it_names() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(10, 8, c.second(10)), 0);
        let refused = go(&mut l, c.at(2));
        let other = go(&mut l, c.at(2));
        // Another process spent the window: a 429 asking for 3 s.
        l.answered(
            refused,
            headers(10, 0, c.second(10)),
            Some(Duration::from_secs(3)),
            c.at(3),
            c.wall(3),
            0,
        );
        assert_eq!(
            waits(&l, c.at(3)),
            (Some(c.at(10_000)), WaitReason::Refused)
        );
        // A success reported before the refusal changes nothing.
        answer(&mut l, &c, other, 4, headers(10, 7, c.second(10)), 0);
        assert_eq!(waits(&l, c.at(4)).1, WaitReason::Refused);
        assert_eq!(l.decide(c.at(10_000)), PROBE);
    }

    #[test]
    fn a_refusal_without_headers_holds_for_the_pause_then_probes() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        l.answered(
            first,
            None,
            Some(Duration::from_millis(500)),
            c.at(1),
            c.wall(1),
            3,
        );
        assert_eq!(waits(&l, c.at(1)), (Some(c.at(501)), WaitReason::Refused));
        assert_eq!(l.estimate(c.at(1), 0), Duration::from_millis(500));
        assert_eq!(l.decide(c.at(501)), PROBE);
        let probe = l.start(c.at(501), true);
        assert_eq!(waits(&l, c.at(501)), (Some(c.at(1501)), WaitReason::Probe));
        // The probe's answer has no headers either, nor the next one's: nothing is metered.
        answer(&mut l, &c, probe, 502, None, 3);
        assert_eq!(l.decide(c.at(502)), PROBE);
        let again = l.start(c.at(502), true);
        answer(&mut l, &c, again, 502, None, 3);
        assert_eq!(l.decide(c.at(502)), GO);
        assert_eq!(l.snapshot(c.at(502)).resets_in, None);
    }

    #[test]
    fn the_cap_on_calls_in_flight_holds_whatever_the_budget() {
        let c = Clock::new();
        let mut l = Ledger::default();
        l.configure(None, Some(2));
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(100, 99, c.second(10)), 0);
        let a = go(&mut l, c.at(1));
        let b = go(&mut l, c.at(1));
        assert_eq!(waits(&l, c.at(1)), (None, WaitReason::InFlight));
        // A call that never reached the server frees its place and uses no budget.
        l.abandoned(a, false);
        go(&mut l, c.at(2));
        l.abandoned(b, true);
        go(&mut l, c.at(3));
        assert_eq!(waits(&l, c.at(3)).1, WaitReason::InFlight);
    }

    #[test]
    fn calls_that_end_without_an_answer_are_counted_as_spent() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(10, 3, c.second(10)), 0);
        let sent = go(&mut l, c.at(1));
        let unsent = go(&mut l, c.at(1));
        l.abandoned(sent, true);
        l.abandoned(unsent, false);
        assert_eq!(l.snapshot(c.at(2)).remaining, Some(2));
        assert_eq!(l.snapshot(c.at(2)).in_flight, 0);
    }

    #[test]
    fn a_configured_budget_renews_every_ten_seconds_while_the_server_says_nothing() {
        let c = Clock::new();
        let mut l = Ledger::default();
        l.configure(Some(2), None);
        l.refresh(c.at(0), 0);
        let a = go(&mut l, c.at(0));
        let b = go(&mut l, c.at(0));
        answer(&mut l, &c, a, 1, None, 0);
        answer(&mut l, &c, b, 1, None, 0);
        assert_eq!(waits(&l, c.at(1)), (Some(c.at(10_000)), WaitReason::Spent));
        l.refresh(c.at(10_000), 1);
        assert_eq!(l.decide(c.at(10_000)), GO);
        assert_eq!(l.snapshot(c.at(10_000)).remaining, Some(2));
    }

    #[test]
    fn a_probe_answered_without_headers_after_the_reset_means_the_headers_stopped() {
        let c = Clock::new();
        let mut l = Ledger::default();
        let first = go(&mut l, c.at(0));
        answer(&mut l, &c, first, 1, headers(5, 0, c.second(1)), 0);
        let probe = go(&mut l, c.at(1000));
        answer(&mut l, &c, probe, 1001, None, 0);
        // Once could be Intercom expiring the headers: the window stays, another call checks.
        assert_eq!(l.snapshot(c.at(1001)).resets_in, Some(Duration::ZERO));
        let probe = go(&mut l, c.at(1001));
        answer(&mut l, &c, probe, 1002, None, 0);
        assert_eq!(l.decide(c.at(1001)), GO);
        assert_eq!(l.snapshot(c.at(1001)).limit, Some(5));
        assert_eq!(l.snapshot(c.at(1001)).remaining, None);
    }
}
