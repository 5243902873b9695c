//! The rate governor under load: T tasks × N GETs each, all on one `Client` (and its clones),
//! against a loopback server that allows 40 requests per 2-second window and sends Intercom's
//! three rate-limit headers (`X-RateLimit-Reset` a whole unix second; a 429 once the window is
//! spent). Three scenarios, 16 × 25, 64 × 10 and 256 × 4, each run twice in the same run: with
//! the governor off (`no_rate_governor()`: the client as it was before it, every call retrying on
//! its own) and on (the default).
//!
//! For each it reports the calls that failed, the 429s the server sent (and their share of the
//! calls), and the wall time from the first window's start to the last answer against the
//! budget's minimum, `(calls / budget − 1) × window`: the targets for 64 × 10 are 0
//! failed calls, 429s at most 2% of calls, wall time at most 1.10× the minimum.
//!
//! `--unaligned` runs them against windows that start half a second after a whole second, with
//! `X-RateLimit-Reset` rounded up (`--unaligned=down`: rounded down, so the announced reset comes
//! up to a second before the window really ends): not the acceptance setting, a robustness check.
//!
//! `cargo bench -p intercom-api --bench governor`; `-- 64x10` runs one scenario, `-- --on` or
//! `-- --off` one side.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use intercom_api::{Client, Error, HttpMethod};

#[path = "../tests/support/windowed_server.rs"]
mod windowed_server;

use windowed_server::{Config, Rounding, WindowedServer};

const BUDGET: u64 = 40;
const WINDOW_SECS: u64 = 2;

/// What one run measured.
struct Figures {
    calls: usize,
    failed: usize,
    /// Failed calls by kind of error.
    errors: BTreeMap<&'static str, usize>,
    refused: u64,
    requests: u64,
    wall: Duration,
}

impl Figures {
    /// `(calls / budget − 1) × window`: the least time the calls can take within the budget.
    fn minimum(&self) -> Duration {
        let windows = self.calls as f64 / BUDGET as f64 - 1.0;
        Duration::from_secs_f64(windows.max(0.0) * WINDOW_SECS as f64)
    }
}

/// `tasks` tasks, each making `per_task` GETs one after the other, on clones of one client.
async fn run(
    tasks: usize,
    per_task: usize,
    governed: bool,
    unaligned: Option<Rounding>,
) -> Figures {
    let server = WindowedServer::start(Config {
        budget: BUDGET,
        window_secs: WINDOW_SECS,
        offset: Duration::from_millis(if unaligned.is_some() { 500 } else { 0 }),
        rounding: unaligned.unwrap_or(Rounding::Up),
        ..Config::default()
    });
    let mut builder = Client::builder()
        .token("bench-token")
        .base_url(server.uri());
    if !governed {
        builder = builder.no_rate_governor();
    }
    let client = builder.build().expect("client");
    // Start with the first window, so the minimum is what the budget allows.
    server.until_epoch().await;
    let started = Instant::now();
    let mut handles = Vec::with_capacity(tasks);
    for task in 0..tasks {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            let mut errors = Vec::new();
            for call in 0..per_task {
                let result = client
                    .request(HttpMethod::Get, "/contacts/{id}")
                    .path_param("id", format!("{task}-{call}"))
                    .send_bytes()
                    .await;
                if let Err(error) = result {
                    errors.push(kind(&error));
                }
            }
            errors
        }));
    }
    let mut errors = BTreeMap::new();
    for handle in handles {
        for kind in handle.await.expect("task") {
            *errors.entry(kind).or_insert(0) += 1;
        }
    }
    Figures {
        calls: tasks * per_task,
        failed: errors.values().sum(),
        errors,
        refused: server.refused(),
        requests: server.requests(),
        wall: started.elapsed(),
    }
}

/// A short name for a failed call's error.
fn kind(error: &Error) -> &'static str {
    match error {
        Error::RateLimitWait { .. } => "gave up waiting for budget",
        e if e.status() == Some(429) => "HTTP 429 after every attempt",
        Error::Timeout { .. } => "timeout",
        _ => "other",
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenarios: Vec<(usize, usize)> = [(16, 25), (64, 10), (256, 4)]
        .into_iter()
        .filter(|(t, n)| {
            let name = format!("{t}x{n}");
            !args.iter().any(|a| a.contains('x') && !a.starts_with('-')) || args.contains(&name)
        })
        .collect();
    let sides: Vec<bool> = match (
        args.iter().any(|a| a == "--on"),
        args.iter().any(|a| a == "--off"),
    ) {
        (true, false) => vec![true],
        (false, true) => vec![false],
        _ => vec![false, true],
    };
    let unaligned = args
        .iter()
        .find_map(|a| a.strip_prefix("--unaligned"))
        .map(|how| {
            if how == "=down" {
                Rounding::Down
            } else {
                Rounding::Up
            }
        });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    println!(
        "budget {BUDGET} requests per {WINDOW_SECS} s window; minimum wall = (calls / budget - 1) x window"
    );
    if let Some(rounding) = unaligned {
        println!(
            "windows start 0.5 s after a whole second; X-RateLimit-Reset rounded {rounding:?}"
        );
    }
    println!(
        "{:<9} {:<9} {:>6} {:>7} {:>14} {:>9} {:>9} {:>9} {:>9}",
        "scenario",
        "governor",
        "calls",
        "failed",
        "429s (share)",
        "requests",
        "wall",
        "minimum",
        "wall/min"
    );
    let mut verdicts = Vec::new();
    for (tasks, per_task) in scenarios {
        for &governed in &sides {
            let f = runtime.block_on(run(tasks, per_task, governed, unaligned));
            let share = f.refused as f64 / f.calls as f64;
            let ratio = f.wall.as_secs_f64() / f.minimum().as_secs_f64();
            println!(
                "{:<9} {:<9} {:>6} {:>7} {:>7} ({:>4.1}%) {:>9} {:>8.2}s {:>8.2}s {:>8.3}x",
                format!("{tasks}x{per_task}"),
                if governed { "on" } else { "off" },
                f.calls,
                f.failed,
                f.refused,
                share * 100.0,
                f.requests,
                f.wall.as_secs_f64(),
                f.minimum().as_secs_f64(),
                ratio
            );
            for (kind, count) in &f.errors {
                println!("{:<19} failed: {count} {kind}", "");
            }
            if governed {
                let ok = f.failed == 0 && share <= 0.02 && ratio <= 1.10;
                verdicts.push(format!(
                    "{tasks}x{per_task}: {} (0 failed, 429s <= 2%, wall <= 1.10x minimum)",
                    if ok {
                        "meets the targets"
                    } else {
                        "MISSES the targets"
                    }
                ));
            }
        }
    }
    for verdict in verdicts {
        println!("{verdict}");
    }
}
