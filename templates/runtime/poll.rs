//! Waiting for a background job (a data export) to finish: [`PollOptions`] and the loop behind
//! the export resources' `wait` and `download_when_ready` helpers.

use std::time::Duration;

use serde::Serialize;
use tokio::time::Instant;

use super::error::{Error, Result};

/// How often, and for how long, to ask for a job's status.
///
/// The first status request is sent at once; then the wait between two requests starts at
/// [`interval`](Self::interval) and grows by half each time, up to
/// [`max_interval`](Self::max_interval). Giving up after [`timeout`](Self::timeout) is an
/// [`Error::JobTimeout`]; the job itself keeps running on Intercom's side.
///
/// ```
/// use std::time::Duration;
/// use intercom_api::PollOptions;
///
/// let options = PollOptions::default()
///     .interval(Duration::from_secs(2))
///     .timeout(Duration::from_secs(600));
/// let waits: Vec<_> = options.waits().take(4).collect();
/// assert_eq!(waits, [2000, 3000, 4500, 6750].map(Duration::from_millis));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollOptions {
    interval: Duration,
    max_interval: Duration,
    timeout: Duration,
}

impl Default for PollOptions {
    /// Every 5 s at first, at most every 60 s, for up to 30 minutes.
    fn default() -> Self {
        PollOptions {
            interval: Duration::from_secs(5),
            max_interval: Duration::from_secs(60),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl PollOptions {
    /// The first wait between two status requests (default 5 s).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest wait between two status requests (default 60 s).
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// How long to wait for the job in all (default 30 minutes).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The waits between status requests, in order (endless).
    pub fn waits(&self) -> impl Iterator<Item = Duration> + use<> {
        let max = self.max_interval.max(self.interval);
        std::iter::successors(Some(self.interval), move |wait| {
            Some(wait.saturating_add(*wait / 2).min(max))
        })
    }
}

/// Where a job stands, from its `status`.
#[allow(dead_code)] // Used by the generated export waiters, when their resources are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobState {
    /// Still queued or running (also any status this crate does not know).
    Running,
    /// Finished with a file to download.
    Completed,
    /// Finished without a file: failed, canceled, or no data in the range.
    Ended,
}

#[allow(dead_code)] // As above.
impl JobState {
    /// The state a job's `status` text means.
    pub(crate) fn of(status: &str) -> JobState {
        match status {
            "completed" | "complete" => JobState::Completed,
            "failed" | "canceled" | "cancelled" | "no_data" => JobState::Ended,
            _ => JobState::Running,
        }
    }
}

/// The `status` of a job response, read through its JSON form (so it works whatever Rust type
/// the description gives the field).
#[allow(dead_code)] // As above.
pub(crate) fn status_of<T: Serialize>(job: &T) -> Option<String> {
    match serde_json::to_value(job).ok()?.get("status")? {
        serde_json::Value::String(status) => Some(status.clone()),
        _ => None,
    }
}

/// Fetches a job's status until it has finished (completed or ended), waiting as `options` say;
/// returns the last answer.
#[allow(dead_code)] // As above.
pub(crate) async fn until_finished<T, F, Fut>(
    operation: &'static str,
    options: PollOptions,
    mut fetch: F,
) -> Result<T>
where
    T: Serialize,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    // A timeout too long to represent never passes.
    let deadline = Instant::now().checked_add(options.timeout);
    let mut waits = options.waits();
    let mut polls = 0u32;
    loop {
        let job = fetch().await?;
        polls += 1;
        let status = status_of(&job);
        tracing::debug!(operation, polls, status = status.as_deref(), "job status");
        if status.as_deref().map_or(JobState::Running, JobState::of) != JobState::Running {
            return Ok(job);
        }
        let wait = waits.next().unwrap_or(options.max_interval);
        let next = Instant::now().checked_add(wait);
        if deadline.is_some_and(|deadline| next.is_none_or(|next| next > deadline)) {
            return Err(Error::JobTimeout {
                operation,
                status,
                polls,
            });
        }
        tokio::time::sleep(wait).await;
    }
}

/// `Ok` when a finished job has a file to download, else [`Error::JobEnded`] with its status.
#[allow(dead_code)] // As above.
pub(crate) fn expect_completed<T: Serialize>(operation: &'static str, job: &T) -> Result<()> {
    let status = status_of(job).unwrap_or_default();
    match JobState::of(&status) {
        JobState::Completed => Ok(()),
        _ => Err(Error::JobEnded { operation, status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[derive(Debug, Serialize)]
    struct Job {
        status: &'static str,
    }

    #[test]
    fn states_and_waits() {
        assert_eq!(JobState::of("completed"), JobState::Completed);
        assert_eq!(JobState::of("complete"), JobState::Completed);
        assert_eq!(JobState::of("no_data"), JobState::Ended);
        assert_eq!(JobState::of("in_progress"), JobState::Running);
        assert_eq!(JobState::of("something_new"), JobState::Running);
        assert_eq!(
            status_of(&Job { status: "pending" }).as_deref(),
            Some("pending")
        );
        assert_eq!(status_of(&serde_json::json!({"status": 3})), None);
        let waits: Vec<_> = PollOptions::default()
            .interval(Duration::from_secs(10))
            .max_interval(Duration::from_secs(20))
            .waits()
            .take(4)
            .collect();
        assert_eq!(waits, [10, 15, 20, 20].map(Duration::from_secs));
    }

    #[tokio::test(start_paused = true)]
    async fn polls_until_finished_or_timeout() {
        let calls = AtomicU32::new(0);
        let options = PollOptions::default().interval(Duration::from_secs(1));
        let job = until_finished("getJob", options, || async {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            Ok(Job {
                status: if n < 3 { "in_progress" } else { "completed" },
            })
        })
        .await
        .unwrap();
        assert_eq!(job.status, "completed");
        assert!(expect_completed("getJob", &job).is_ok());
        let ended = expect_completed("getJob", &Job { status: "no_data" }).unwrap_err();
        assert!(matches!(&ended, Error::JobEnded { status, .. } if status == "no_data"));
        assert_eq!(calls.load(Ordering::SeqCst), 4);

        let options = options.timeout(Duration::from_secs(5));
        let err = until_finished("getJob", options, || async {
            Ok(Job { status: "pending" })
        })
        .await
        .unwrap_err();
        assert!(
            matches!(&err, Error::JobTimeout { operation: "getJob", status: Some(s), polls: 4 } if s == "pending"),
            "{err:?}"
        );

        // Durations too long to add to a clock never panic.
        let forever = PollOptions::default().timeout(Duration::MAX);
        let job = until_finished("getJob", forever, || async { Ok(Job { status: "failed" }) });
        assert_eq!(job.await.unwrap().status, "failed");
        let huge_wait = PollOptions::default()
            .interval(Duration::MAX)
            .max_interval(Duration::MAX)
            .timeout(Duration::from_secs(1));
        let err = until_finished("getJob", huge_wait, || async {
            Ok(Job { status: "pending" })
        })
        .await
        .unwrap_err();
        assert!(matches!(err, Error::JobTimeout { polls: 1, .. }), "{err:?}");
    }
}
