//! What an unsuccessful Intercom answer means: [`ErrorKind`], read from its status, error code
//! and message.
//!
//! The status alone misleads. A 429 is usually the workspace's rate limit (wait for the reset,
//! then retry), but Intercom also answers 429, with the same `rate_limit_exceeded` code, when a
//! workspace already has as many export jobs pending as it allows; retrying that is wasted time.
//! A 404 from the scroll endpoint means the scroll expired, not that something is missing. A 409
//! on `POST /contacts` names the contact that already exists, but only inside its message. This
//! module is the one place that tells these apart; [`ApiError::kind`](super::ApiError::kind)
//! applies it to an answer, the retry loop and the typed [`Error`](super::Error) variants follow
//! it, and anything else that reacts to answers (a rate governor, a job scheduler) should ask it
//! rather than look at the status.
//!
//! The shapes it recognises, and where each is recorded:
//!
//! | answer | kind | evidence |
//! |---|---|---|
//! | 429 `Exceeded rate limit of 1 pending message data export jobs` | [`TooManyPendingJobs`](ErrorKind::TooManyPendingJobs) | the description of `POST /export/content/data` (every version) |
//! | 429 `rate_limit_exceeded`: `Exceeded rate limit of 5 pending reporting dataset export jobs` | [`TooManyPendingJobs`](ErrorKind::TooManyPendingJobs) | the 429 example of `POST /export/reporting_data/enqueue` (2.14+) |
//! | any other 429 | [`RateLimited`](ErrorKind::RateLimited) | Intercom's rate-limit documentation (`X-RateLimit-*` headers) |
//! | 409 `conflict`: `A contact matching those details already exists with id=5da6f18e…` | [`AlreadyExists`](ErrorKind::AlreadyExists) | Intercom's 2.x reference for *Create a contact* (its *Example Errors*); integrations that parse it (RudderStack's Intercom destination tests) |
//! | 409 `An archived contact matching those details already exists with id=…` | [`AlreadyExists`](ErrorKind::AlreadyExists) `{ archived: true }` | integrations that unarchive on it (grouparoo's Intercom plugin) |
//! | 400 `scroll_exists`: `scroll already exists for this app` (or `… workspace`) | [`ScrollInProgress`](ErrorKind::ScrollInProgress) | intercom-ruby #292 (HTTP 400) and #474 (the code); Airbyte's Intercom source |
//! | 404 `not_found`: `scroll parameter not found` | [`ScrollExpired`](ErrorKind::ScrollExpired) | python-intercom #201, intercom-java #261; Airbyte's Intercom source tests |
//! | 500 `Request failed due to an internal network error. Please restart the scroll operation.` | [`ScrollInterrupted`](ErrorKind::ScrollInterrupted) | the description of `GET /companies/scroll` (every version) |
//!
//! Messages are matched case-insensitively on their stable part, so small wording changes
//! (`app` or `workspace`, a trailing period) do not matter.

use std::fmt;

/// What an unsuccessful answer means, for deciding what to do about it. From
/// [`ApiError::kind`](super::ApiError::kind), or [`ErrorKind::classify`] on the parts of an
/// answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind<'a> {
    /// HTTP 429 from the workspace's rate limiter: wait until the `X-RateLimit-Reset` time (or
    /// `Retry-After`), then retry. The only 429 a rate governor should learn from.
    RateLimited,
    /// HTTP 429 because the workspace already has as many background jobs of this kind pending
    /// as Intercom allows (one content data export, five reporting data exports). Not a rate
    /// limit: retrying fails the same way until a pending job finishes or is canceled.
    TooManyPendingJobs {
        /// How many jobs may be pending at once, when the message says.
        limit: Option<u32>,
        /// What kind of job, as the message names it (`message data export`), when it does.
        jobs: Option<&'a str>,
    },
    /// HTTP 409: a record matching the request's details already exists (a contact with the
    /// same `external_id` or email). `id` is the existing record's id.
    AlreadyExists {
        /// The id of the record that already exists.
        id: &'a str,
        /// The existing record is archived (it must be unarchived before it can be used).
        archived: bool,
    },
    /// A scroll could not start because the workspace already has one open (one at a time; an
    /// unused scroll expires after a minute).
    ScrollInProgress,
    /// The scroll parameter is unknown: the scroll expired (unused for a minute) or ended. A
    /// scroll cannot be resumed; start a new one.
    ScrollExpired,
    /// Intercom broke off the scroll ("Please restart the scroll operation"). A scroll cannot be
    /// resumed; start a new one.
    ScrollInterrupted,
    /// Nothing more specific than the status is known.
    Other,
}

impl<'a> ErrorKind<'a> {
    /// Classifies one answer from its HTTP status, an error `code` (empty when there is none)
    /// and its `message`s (the body's top-level message and each entry's; the first that is
    /// recognised wins).
    pub fn classify<I>(status: u16, codes: &[&str], messages: I) -> ErrorKind<'a>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let has_code = |code: &str| codes.iter().any(|c| c.eq_ignore_ascii_case(code));
        for message in messages {
            if let Some(kind) = from_message(status, message) {
                return kind;
            }
        }
        match status {
            400 if has_code("scroll_exists") => ErrorKind::ScrollInProgress,
            429 => ErrorKind::RateLimited,
            _ => ErrorKind::Other,
        }
    }

    /// Whether the workspace's rate limiter refused the call ([`ErrorKind::RateLimited`]).
    pub fn is_rate_limit(&self) -> bool {
        matches!(self, ErrorKind::RateLimited)
    }

    /// Whether sending the same request again gets the same answer until something else changes
    /// (a pending job ends, a scroll is restarted from the beginning), so that retrying it is
    /// pointless whatever its status.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ErrorKind::TooManyPendingJobs { .. }
                | ErrorKind::AlreadyExists { .. }
                | ErrorKind::ScrollInProgress
                | ErrorKind::ScrollExpired
                | ErrorKind::ScrollInterrupted
        )
    }
}

impl fmt::Display for ErrorKind<'_> {
    /// What the answer means and what to do, in one sentence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::RateLimited => f.write_str(
                "the workspace's rate limit was reached; wait for the reset, then try again",
            ),
            ErrorKind::TooManyPendingJobs { limit, jobs } => {
                let jobs = jobs.unwrap_or("export");
                write!(f, "a {jobs} job is already pending in this workspace")?;
                if let Some(limit) = limit {
                    write!(f, " (Intercom allows {limit} at a time)")?;
                }
                f.write_str(
                    "; this is not a rate limit and was not retried: wait for the pending job to \
                     finish (its status call, or `wait`) or cancel it, then start the new one. \
                     Intercom has no call that lists jobs, so keep the job identifier each \
                     create call returns",
                )
            }
            ErrorKind::AlreadyExists { id, archived } => {
                let archived = if *archived { "an archived" } else { "a" };
                write!(
                    f,
                    "{archived} record with those details already exists, with id `{id}`"
                )
            }
            ErrorKind::ScrollInProgress => f.write_str(
                "another scroll is already open for this workspace (one at a time; an unused \
                 scroll expires after a minute): finish it or wait, then start a new scroll",
            ),
            ErrorKind::ScrollExpired => f.write_str(
                "the scroll expired (unused for a minute) or ended and cannot be resumed: \
                 restart the scroll from the beginning",
            ),
            ErrorKind::ScrollInterrupted => f.write_str(
                "Intercom interrupted the scroll and it cannot be resumed: restart the scroll \
                 from the beginning",
            ),
            ErrorKind::Other => f.write_str("an error Intercom gives no more detail on"),
        }
    }
}

/// The kind one message names, if it is one of the recognised ones.
fn from_message(status: u16, message: &str) -> Option<ErrorKind<'_>> {
    let lower = message.to_ascii_lowercase();
    match status {
        429 => pending_jobs(message, &lower),
        409 => already_exists(message, &lower),
        400 if lower.contains("scroll already exists") => Some(ErrorKind::ScrollInProgress),
        404 if lower.contains("scroll parameter not found")
            || lower.contains("scroll_param not found") =>
        {
            Some(ErrorKind::ScrollExpired)
        }
        500..=599 if lower.contains("restart the scroll") => Some(ErrorKind::ScrollInterrupted),
        _ => None,
    }
}

/// `Exceeded rate limit of 1 pending message data export jobs`: the limit and the job kind.
fn pending_jobs<'m>(message: &'m str, lower: &str) -> Option<ErrorKind<'m>> {
    let pending = lower.find(" pending ")?;
    let jobs_end = lower[pending..].find(" jobs").map(|i| pending + i)?;
    // The number just before " pending".
    let before = &lower[..pending];
    let digits_start = before
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let limit = before[digits_start..].parse().ok();
    // `lower` is the ASCII-lowercased `message`, so byte offsets agree.
    let jobs = message
        .get(pending + " pending ".len()..jobs_end)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    Some(ErrorKind::TooManyPendingJobs { limit, jobs })
}

/// `A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05`.
fn already_exists<'m>(message: &'m str, lower: &str) -> Option<ErrorKind<'m>> {
    const MARK: &str = "already exists with id=";
    let at = lower.find(MARK)? + MARK.len();
    let rest = message.get(at..)?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let id = &rest[..end];
    if id.is_empty() {
        return None;
    }
    Some(ErrorKind::AlreadyExists {
        id,
        archived: lower[..at].contains("archived"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind<'a>(status: u16, code: &'a str, message: &'a str) -> ErrorKind<'a> {
        ErrorKind::classify(status, &[code], [message])
    }

    #[test]
    fn pending_export_jobs_are_not_rate_limits() {
        let k = kind(
            429,
            "rate_limit_exceeded",
            "Exceeded rate limit of 1 pending message data export jobs",
        );
        assert_eq!(
            k,
            ErrorKind::TooManyPendingJobs {
                limit: Some(1),
                jobs: Some("message data export"),
            }
        );
        assert!(!k.is_rate_limit());
        assert!(k.is_final());
        let k = kind(
            429,
            "rate_limit_exceeded",
            "Exceeded rate limit of 5 pending reporting dataset export jobs",
        );
        assert_eq!(
            k,
            ErrorKind::TooManyPendingJobs {
                limit: Some(5),
                jobs: Some("reporting dataset export"),
            }
        );
        // Without a number, still a job limit.
        assert_eq!(
            kind(429, "", "Too many pending jobs"),
            ErrorKind::TooManyPendingJobs {
                limit: None,
                jobs: None
            }
        );
        assert!(
            k.to_string()
                .starts_with("a reporting dataset export job is already pending in this workspace (Intercom allows 5 at a time); this is not a rate limit")
        );
    }

    #[test]
    fn other_429s_are_rate_limits() {
        for message in [
            "Exceeded rate limit of 83 in 10_seconds",
            "",
            "Too Many Requests",
        ] {
            let k = kind(429, "rate_limit_exceeded", message);
            assert_eq!(k, ErrorKind::RateLimited, "{message}");
            assert!(k.is_rate_limit());
            assert!(!k.is_final());
        }
        assert_eq!(
            ErrorKind::classify(429, &[], std::iter::empty()),
            ErrorKind::RateLimited
        );
    }

    #[test]
    fn conflicts_name_the_existing_record() {
        let k = kind(
            409,
            "conflict",
            "A contact matching those details already exists with id=5da6f18e3d7cf967e4582d05",
        );
        assert_eq!(
            k,
            ErrorKind::AlreadyExists {
                id: "5da6f18e3d7cf967e4582d05",
                archived: false
            }
        );
        assert!(k.is_final());
        assert_eq!(
            kind(
                409,
                "conflict",
                "An archived contact matching those details already exists with id=5ff25dc6ec394ef8296e873f."
            ),
            ErrorKind::AlreadyExists {
                id: "5ff25dc6ec394ef8296e873f",
                archived: true
            }
        );
        // A conflict without an id is nothing more specific.
        for message in [
            "A redirect with that URL already exists",
            "already exists with id=",
            "already exists with id= 12",
        ] {
            assert_eq!(
                kind(409, "conflict", message),
                ErrorKind::Other,
                "{message}"
            );
        }
        // The id pattern only counts on a 409.
        assert_eq!(
            kind(
                400,
                "x",
                "A contact matching those details already exists with id=1"
            ),
            ErrorKind::Other
        );
    }

    #[test]
    fn scroll_answers() {
        assert_eq!(
            kind(400, "scroll_exists", "scroll already exists for this app"),
            ErrorKind::ScrollInProgress
        );
        assert_eq!(
            kind(400, "scroll_exists", "something else"),
            ErrorKind::ScrollInProgress
        );
        assert_eq!(
            kind(
                400,
                "bad_request",
                "scroll already exists for this workspace"
            ),
            ErrorKind::ScrollInProgress
        );
        assert_eq!(
            kind(404, "not_found", "scroll parameter not found"),
            ErrorKind::ScrollExpired
        );
        assert_eq!(
            kind(
                500,
                "server_error",
                "Request failed due to an internal network error. Please restart the scroll operation."
            ),
            ErrorKind::ScrollInterrupted
        );
        // "please use scroll API" on the companies list is not a scroll error.
        assert_eq!(
            kind(
                400,
                "bad_request",
                "page limit reached, please use scroll API"
            ),
            ErrorKind::Other
        );
        assert_eq!(
            kind(404, "not_found", "Resource Not Found"),
            ErrorKind::Other
        );
        assert_eq!(kind(500, "server_error", "boom"), ErrorKind::Other);
        for k in [
            ErrorKind::ScrollInProgress,
            ErrorKind::ScrollExpired,
            ErrorKind::ScrollInterrupted,
        ] {
            assert!(k.is_final());
            assert!(k.to_string().contains("scroll"));
        }
    }

    #[test]
    fn the_first_recognised_message_wins() {
        let k = ErrorKind::classify(
            409,
            &["conflict"],
            [
                "Conflict",
                "A contact matching those details already exists with id=abc",
            ],
        );
        assert_eq!(
            k,
            ErrorKind::AlreadyExists {
                id: "abc",
                archived: false
            }
        );
        assert!(!ErrorKind::Other.is_final());
    }
}
