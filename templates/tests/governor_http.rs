//! The rate governor against a loopback server that enforces a budget per window and sends
//! Intercom's rate-limit headers (`support/windowed_server.rs`). Each test states what reaches
//! the server (counted there) and what the client sees; windows are 1 s where a reset must pass
//! and 30 s where it must not, so the file runs in a few seconds. The figures under load (64
//! tasks and more) are in `benches/governor.rs`.

#[path = "support/traces.rs"]
mod traces;
#[path = "support/windowed_server.rs"]
mod windowed_server;

use std::future::Future;
use std::time::{Duration, Instant};

use futures::StreamExt;
use intercom_api::{
    Client, ClientBuilder, Error, HttpMethod, RateGovernor, RequestOptions, RetryPolicy,
};
use serde_json::json;
use traces::{capture_traces, captured_traces};
use windowed_server::{Answer, Config, WindowedServer};

const TOKEN: &str = "tok_GOVERNOR_never_shown";

fn config(budget: u64, window_secs: u64) -> Config {
    Config {
        budget,
        window_secs,
        ..Config::default()
    }
}

/// A client of `server`, with `configure` applied to its builder.
fn client_by(
    server: &WindowedServer,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> Client {
    configure(Client::builder().token(TOKEN).base_url(server.uri()))
        .build()
        .expect("client")
}

fn client(server: &WindowedServer) -> Client {
    client_by(server, |b| b)
}

/// One GET through the raw escape hatch.
async fn get(client: &Client, path: &str) -> intercom_api::Result<bytes::Bytes> {
    client.request(HttpMethod::Get, path).send_bytes().await
}

/// Starts `n` GETs of `path` as tasks.
fn spawn_gets(
    client: &Client,
    path: &'static str,
    n: usize,
) -> Vec<tokio::task::JoinHandle<intercom_api::Result<bytes::Bytes>>> {
    (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get(&client, path).await })
        })
        .collect()
}

/// Awaits every task; each call must succeed.
async fn all_succeed(tasks: Vec<tokio::task::JoinHandle<intercom_api::Result<bytes::Bytes>>>) {
    for task in tasks {
        task.await.unwrap().expect("every call succeeds");
    }
}

/// Waits (at most 5 s) until `check` holds.
async fn until(mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "condition never held"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Whether `future` is still pending after `ms` milliseconds (it is dropped either way).
async fn still_pending(future: impl Future, ms: u64) -> bool {
    tokio::time::timeout(Duration::from_millis(ms), future)
        .await
        .is_err()
}

#[tokio::test]
async fn many_callers_share_one_budget_and_none_is_refused() {
    let server = WindowedServer::start(config(6, 1));
    let client = client(&server);
    let tasks = spawn_gets(&client, "/things", 15);
    all_succeed(tasks).await;
    assert_eq!(server.refused(), 0);
    assert_eq!(server.requests(), 15);
}

#[tokio::test]
async fn a_budget_learned_mid_window_holds_the_calls_beyond_it() {
    let server = WindowedServer::start(config(5, 30));
    // Another process already spent 3 of the window's 5.
    server.spend(3);
    let client = client(&server);
    let tasks = spawn_gets(&client, "/things", 10);
    // The first call learns that 1 is left after it; exactly one more goes.
    until(|| server.requests() == 2).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.requests(), 2);
    assert_eq!(server.refused(), 0);
    let budget = client.rate_limit().expect("governed");
    assert_eq!((budget.limit, budget.remaining), (Some(5), Some(0)));
    assert_eq!(budget.waiting, 8);
    assert!(budget.resets_in.expect("reset known") > Duration::from_secs(20));
    // The waiting calls are cancelled: they leave the queue.
    for task in &tasks {
        task.abort();
    }
    until(|| client.rate_limit().is_some_and(|b| b.waiting == 0)).await;
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_window_that_resets_early_releases_the_waiting_calls() {
    let server = WindowedServer::start(config(3, 30));
    let client = client(&server);
    get(&client, "/things").await.unwrap();
    // A slow call whose answer will come from the next window, then the last of this one.
    let release = server.hold("/slow");
    let slow = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/slow").await }
    });
    until(|| server.requests() == 2).await;
    get(&client, "/things").await.unwrap();
    let waiting = spawn_gets(&client, "/things", 2);
    until(|| client.rate_limit().is_some_and(|b| b.waiting == 2)).await;
    assert_eq!(server.requests(), 3);
    // The server starts a new window 30 s early; the slow call's answer says so.
    server.reset_now();
    release.notify_one();
    slow.await.unwrap().unwrap();
    for task in waiting {
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("released without waiting for the announced reset")
            .unwrap()
            .unwrap();
    }
    assert_eq!(server.requests(), 5);
    assert_eq!(server.refused(), 0);
}

#[tokio::test]
async fn without_rate_limit_headers_nothing_is_held() {
    let server = WindowedServer::start(Config {
        headers: false,
        latency: Duration::from_millis(300),
        ..config(1000, 30)
    });
    let client = client(&server);
    // Two answers without the headers tell it the server sends none.
    get(&client, "/things").await.unwrap();
    get(&client, "/things").await.unwrap();
    capture_traces();
    // The server meters nothing it reports: 20 calls are all in flight at once.
    let tasks = spawn_gets(&client, "/things", 20);
    all_succeed(tasks).await;
    assert_eq!(server.most_in_flight(), 20);
    assert_eq!(server.requests(), 22);
    let text = captured_traces();
    // The 20 calls were traced, and none waited (not even briefly, at debug level).
    assert_eq!(text.matches("close time.busy").count(), 20, "{text}");
    assert!(
        !text.contains("waiting for the workspace's rate budget"),
        "{text}"
    );
    let budget = client.rate_limit().unwrap();
    assert_eq!(
        (budget.limit, budget.remaining, budget.reset),
        (None, None, None)
    );
}

#[tokio::test]
async fn a_429_without_headers_holds_every_call_for_the_backoff() {
    let server = WindowedServer::start(Config {
        headers: false,
        ..config(100, 30)
    });
    server.refuse_next_without_headers(1);
    let client = client_by(&server, |b| {
        b.retry(RetryPolicy::default().initial_backoff(Duration::from_millis(300)))
    });
    let tasks = spawn_gets(&client, "/things", 5);
    for task in tasks {
        task.await.unwrap().expect("succeeds after the pause");
    }
    // One refusal; its retry and the four others came after the pause, not before.
    assert_eq!(server.refused(), 1);
    assert_eq!(server.requests(), 6);
    let log = server.log();
    let refused_at = log[0].0;
    for (arrived, _) in &log[1..] {
        assert!(
            *arrived >= refused_at + Duration::from_millis(290),
            "a call went {:?} after the 429",
            *arrived - refused_at
        );
    }
}

#[tokio::test]
async fn a_cancelled_call_releases_its_place() {
    let server = WindowedServer::start(config(100, 30));
    let client = client_by(&server, |b| {
        b.rate_governor(RateGovernor::new().max_in_flight(1))
    });
    get(&client, "/things").await.unwrap();
    let release = server.hold("/slow");
    let slow = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/slow").await }
    });
    until(|| server.requests() == 2).await;
    // Two calls wait for the one place in flight; the first of them is cancelled.
    let first = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/things").await }
    });
    until(|| client.rate_limit().unwrap().waiting == 1).await;
    let second = tokio::spawn({
        let client = client.clone();
        async move { get(&client, "/things").await }
    });
    until(|| client.rate_limit().unwrap().waiting == 2).await;
    first.abort();
    until(|| client.rate_limit().unwrap().waiting == 1).await;
    // The call in flight is cancelled too (its answer never comes): the second goes at once.
    slow.abort();
    tokio::time::timeout(Duration::from_secs(2), second)
        .await
        .expect("the second call went once the places were released")
        .unwrap()
        .unwrap();
    assert_eq!(server.requests(), 3);
    let budget = client.rate_limit().unwrap();
    assert_eq!((budget.in_flight, budget.waiting), (0, 0));
    release.notify_one();
}

#[tokio::test]
async fn two_clients_built_separately_share_one_budget() {
    let server = WindowedServer::start(config(8, 1));
    let governor = RateGovernor::new();
    let a = client_by(&server, |b| b.rate_governor(governor.clone()));
    let b = client_by(&server, |b| {
        b.timeout(Duration::from_secs(20)).rate_governor(governor)
    });
    assert!(
        a.rate_governor()
            .unwrap()
            .same_as(b.rate_governor().unwrap())
    );
    let mut tasks = spawn_gets(&a, "/things", 10);
    tasks.extend(spawn_gets(&b, "/things", 10));
    all_succeed(tasks).await;
    assert_eq!(server.refused(), 0);
    assert_eq!(server.requests(), 20);
}

#[tokio::test]
async fn a_wait_longer_than_the_call_may_wait_fails_at_once_saying_how_long() {
    let server = WindowedServer::start(config(2, 30));
    let client = client_by(&server, |b| {
        b.retry(RetryPolicy::default().max_elapsed(Duration::from_secs(5)))
    });
    get(&client, "/things").await.unwrap();
    get(&client, "/things").await.unwrap();
    let asked = Instant::now();
    let err = get(&client, "/things").await.unwrap_err();
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    let Error::RateLimitWait {
        operation,
        wait,
        allowed,
        attempts,
        last,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*operation, "raw");
    assert!(*wait > Duration::from_secs(20), "{wait:?}");
    assert!(*allowed <= Duration::from_secs(5), "{allowed:?}");
    assert_eq!((*attempts, last.is_none()), (0, true));
    assert!(err.is_rate_limited());
    let text = err.to_string();
    assert!(text.contains("would have had to wait"), "{text}");
    assert!(!text.contains(TOKEN));
    // Nothing was sent.
    assert_eq!(server.requests(), 2);

    // A call whose timeout is shorter than the wait gives up the same way.
    let short = client.with_options(RequestOptions::new().timeout(Duration::from_secs(2)));
    match get(&short, "/things").await.unwrap_err() {
        Error::RateLimitWait { allowed, .. } => assert!(allowed <= Duration::from_secs(2)),
        other => panic!("{other:?}"),
    }

    // A call refused by another process's use of the window: its retry would wait too long,
    // and the error keeps the 429.
    let other = WindowedServer::start(config(2, 30));
    other.spend(2);
    let refused = client_by(&other, |b| {
        b.retry(RetryPolicy::default().max_elapsed(Duration::from_secs(5)))
    });
    let err = get(&refused, "/things").await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimitWait { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.rate_limit().and_then(|r| r.limit), Some(2));
    assert_eq!(other.requests(), 1);
}

#[tokio::test]
async fn waiting_for_budget_is_a_tracing_event_with_the_wait() {
    let server = WindowedServer::start(config(2, 1));
    let client = client(&server);
    capture_traces();
    let calls: Vec<_> = (0..3).map(|_| get(&client, "/things")).collect();
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
    let text = captured_traces();
    assert!(
        text.contains("waiting for the workspace's rate budget"),
        "{text}"
    );
    assert!(text.contains("reason=\"budget_spent\""), "{text}");
    assert!(text.contains("wait_ms="), "{text}");
    assert!(text.contains("intercom.request"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert_eq!(server.refused(), 0);
}

#[tokio::test]
async fn the_client_shows_its_view_of_the_budget() {
    let server = WindowedServer::start(config(7, 30));
    let client = client(&server);
    let before = client.rate_limit().unwrap();
    assert_eq!(
        (before.limit, before.remaining, before.reset),
        (None, None, None)
    );
    get(&client, "/things").await.unwrap();
    let after = client.rate_limit().unwrap();
    assert_eq!((after.limit, after.remaining), (Some(7), Some(6)));
    let reset = after.reset.expect("reset").as_unix();
    assert!(reset > server.epoch() as i64, "{reset}");
    assert!(after.resets_in.unwrap() <= Duration::from_secs(32));
    assert_eq!((after.in_flight, after.waiting), (0, 0));
    // Clones and handles with other options share the view.
    let handle = client.with_options(RequestOptions::new().timeout(Duration::from_secs(1)));
    let shown = handle.rate_limit().unwrap();
    assert_eq!(
        (shown.limit, shown.remaining, shown.reset),
        (Some(7), Some(6), after.reset)
    );
    assert!(format!("{client:?}").contains("RateGovernor"));
}

#[tokio::test]
async fn a_configured_initial_budget_lets_that_many_calls_start_before_the_first_answer() {
    let server = WindowedServer::start(Config {
        latency: Duration::from_millis(400),
        ..config(40, 30)
    });
    let configured = client_by(&server, |b| {
        b.rate_governor(RateGovernor::new().initial_budget(4))
    });
    assert_eq!(configured.rate_limit().unwrap().limit, Some(4));
    let tasks = spawn_gets(&configured, "/things", 10);
    all_succeed(tasks).await;
    let log = server.log();
    // Four at once, then the rest once answers said 36 were left.
    let first = log[0].0;
    assert!(
        log[..4]
            .iter()
            .all(|(t, _)| *t < first + Duration::from_millis(250))
    );
    assert!(
        log[4..]
            .iter()
            .all(|(t, _)| *t >= first + Duration::from_millis(390))
    );
    assert_eq!(server.refused(), 0);
    assert_eq!(configured.rate_limit().unwrap().limit, Some(40));

    // Without it, one call finds out first.
    let server = WindowedServer::start(Config {
        latency: Duration::from_millis(400),
        ..config(40, 30)
    });
    let learning = client(&server);
    all_succeed(spawn_gets(&learning, "/things", 3)).await;
    let log = server.log();
    assert!(log[1].0 >= log[0].0 + Duration::from_millis(390));
}

#[tokio::test]
async fn an_in_flight_cap_bounds_concurrency() {
    let server = WindowedServer::start(Config {
        latency: Duration::from_millis(100),
        ..config(1000, 30)
    });
    let client = client_by(&server, |b| {
        b.rate_governor(RateGovernor::new().max_in_flight(3))
    });
    all_succeed(spawn_gets(&client, "/things", 12)).await;
    assert_eq!(server.most_in_flight(), 3);
    assert_eq!(server.requests(), 12);
}

#[tokio::test]
async fn turned_off_every_call_is_sent_at_once() {
    let server = WindowedServer::start(config(5, 30));
    let client = client_by(&server, |b| {
        b.retry(RetryPolicy::never()).no_rate_governor()
    });
    assert!(client.rate_limit().is_none() && client.rate_governor().is_none());
    let results: Vec<_> = futures::future::join_all((0..10).map(|_| get(&client, "/things"))).await;
    assert_eq!(server.requests(), 10);
    assert_eq!(server.refused(), 5);
    assert_eq!(results.iter().filter(|r| r.is_err()).count(), 5);
}

#[tokio::test]
async fn a_429_for_pending_export_jobs_holds_no_one() {
    let server = WindowedServer::start_with(config(100, 30), |_, target| {
        if target.starts_with("/export") {
            Answer {
                status: 429,
                content_type: "application/json",
                body: br#"{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit of 1 pending message data export jobs"}]}"#.to_vec(),
            }
        } else {
            Answer::json(r#"{"type":"ok"}"#)
        }
    });
    let client = client(&server);
    get(&client, "/things").await.unwrap();
    let err = client
        .request(HttpMethod::Post, "/export/content/data")
        .json(&json!({"created_at_after": 1, "created_at_before": 2}))
        .send_bytes()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooManyPendingJobs(_)), "{err:?}");
    // The window still has budget, and the next calls go at once.
    assert_eq!(client.rate_limit().unwrap().remaining, Some(98));
    let asked = Instant::now();
    all_succeed(spawn_gets(&client, "/things", 5)).await;
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(server.requests(), 7);
}

/// Answers for each kind of call: a contact, a one-page contact list, a file.
fn intercom_like(_method: &str, target: &str) -> Answer {
    let path = target.split('?').next().unwrap_or_default();
    match path {
        "/contacts" => Answer::json(
            r#"{"type":"list","data":[{"type":"contact","id":"1"}],"total_count":1,"pages":{"type":"pages","page":1,"per_page":50,"total_pages":1}}"#,
        ),
        p if p.starts_with("/download/") => Answer {
            status: 200,
            content_type: "application/octet-stream",
            body: b"id,email\n1,a@example.com\n".to_vec(),
        },
        _ => Answer::json(r#"{"type":"contact","id":"1"}"#),
    }
}

#[cfg(all(feature = "contacts", feature = "data_export"))]
#[tokio::test]
async fn every_kind_of_call_goes_through_the_governor() {
    let server = WindowedServer::start_with(config(5, 30), intercom_like);
    let client = client(&server);
    let remaining = || client.rate_limit().unwrap().remaining;

    // Each kind of call's answer teaches the governor (one less left after each).
    client.contacts().get("1").send().await.unwrap();
    assert_eq!(remaining(), Some(4));
    let items: Vec<_> = client.contacts().list().items().collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(remaining(), Some(3));
    client
        .execute("ShowContact", json!({"contact_id": "1"}))
        .await
        .unwrap();
    assert_eq!(remaining(), Some(2));
    get(&client, "/contacts/1").await.unwrap();
    assert_eq!(remaining(), Some(1));
    let file = client.data_export().download("job").send().await.unwrap();
    assert_eq!(file.bytes().await.unwrap().len(), 25);
    assert_eq!(remaining(), Some(0));

    // And each waits for the budget instead of being sent.
    assert!(still_pending(client.contacts().get("1").send(), 150).await);
    assert!(still_pending(client.contacts().list().items().next(), 150).await);
    assert!(
        still_pending(
            client.execute("ShowContact", json!({"contact_id": "1"})),
            150
        )
        .await
    );
    assert!(still_pending(get(&client, "/contacts/1"), 150).await);
    assert!(still_pending(client.data_export().download("job").send(), 150).await);
    assert_eq!(server.requests(), 5);
    assert_eq!(server.refused(), 0);
    assert_eq!(client.rate_limit().unwrap().waiting, 0);
}
