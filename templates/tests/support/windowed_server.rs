//! A loopback HTTP/1.1 server that enforces a rate budget per window the way Intercom does: a
//! fixed number of requests per window of whole seconds, `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining` and `X-RateLimit-Reset` (a whole unix second) on every answer, and a
//! 429 with Intercom's error body once the window's budget is spent. Shared by the governor's
//! tests (`tests/governor_http.rs`) and its benchmark (`benches/governor.rs`).
//!
//! Windows start at a whole unix second (`epoch`) and follow each other without gaps, so
//! `X-RateLimit-Reset` names the exact end of the window (requests before the epoch count in
//! the first window). With an `offset` they start that long after the second, and the header
//! rounds the end up or down to a whole second, as a server whose windows are not aligned on
//! seconds would. A request counts against the window it
//! arrives in; its answer's headers say what is left when the answer is sent. Knobs for tests:
//! answers without headers, 429s without headers, a window that resets early, budget spent by
//! someone else, a path whose answers are held until released, per-request latency, and any
//! body per path.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One answer: status, content type and body.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(body: &str) -> Answer {
        Answer {
            status: 200,
            content_type: "application/json",
            body: body.as_bytes().to_vec(),
        }
    }
}

type Responder = dyn Fn(&str, &str) -> Answer + Send + Sync;

/// How `X-RateLimit-Reset` rounds a window's end to a whole second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// The first whole second at or after the end.
    Up,
    /// The whole second at or before the end (the window ends up to a second after it).
    Down,
}

/// How the server behaves.
pub struct Config {
    /// Requests allowed per window.
    pub budget: u64,
    /// Window length in whole seconds.
    pub window_secs: u64,
    /// Send the three rate-limit headers on successful answers.
    pub headers: bool,
    /// Send them on 429s too.
    pub headers_on_429: bool,
    /// Time taken to answer each request.
    pub latency: Duration,
    /// The first window starts at the next whole unix second plus this many seconds.
    pub start_in_secs: u64,
    /// And this much later (windows not aligned on seconds).
    pub offset: Duration,
    /// How the reset header rounds an end that is not a whole second.
    pub rounding: Rounding,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            budget: 40,
            window_secs: 2,
            headers: true,
            headers_on_429: true,
            latency: Duration::ZERO,
            start_in_secs: 0,
            offset: Duration::ZERO,
            rounding: Rounding::Up,
        }
    }
}

/// A running server (it lives as long as the test process).
#[derive(Clone)]
pub struct WindowedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

struct Shared {
    config: Config,
    /// The current window's end (unix seconds) and the requests counted in it.
    window: Mutex<(f64, u64)>,
    epoch: u64,
    requests: AtomicU64,
    refused: AtomicU64,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// Answer this many coming requests with a 429 without any headers.
    refuse_next: AtomicU64,
    /// Requests to this path wait for the notification before being answered.
    held: Mutex<Option<(String, Arc<Notify>)>>,
    /// Arrival time and path of every request.
    log: Mutex<Vec<(Instant, String)>>,
    respond: Box<Responder>,
}

impl WindowedServer {
    /// Starts a server on its own thread and runtime that answers `{"type":"ok"}` to everything.
    pub fn start(config: Config) -> WindowedServer {
        Self::start_with(config, |_, _| Answer::json(r#"{"type":"ok"}"#))
    }

    /// Starts a server whose successful answers come from `respond(method, target)`.
    pub fn start_with(
        config: Config,
        respond: impl Fn(&str, &str) -> Answer + Send + Sync + 'static,
    ) -> WindowedServer {
        let now = unix_now();
        let epoch = now.floor() as u64 + 1 + config.start_in_secs;
        let shared = Arc::new(Shared {
            window: Mutex::new((
                (epoch + config.window_secs) as f64 + config.offset.as_secs_f64(),
                0,
            )),
            epoch,
            config,
            requests: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
            refuse_next: AtomicU64::new(0),
            held: Mutex::new(None),
            log: Mutex::new(Vec::new()),
            respond: Box::new(respond),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("address");
        let serving = Arc::clone(&shared);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("listener");
                while let Ok((stream, _)) = listener.accept().await {
                    stream.set_nodelay(true).ok();
                    tokio::spawn(serve(stream, Arc::clone(&serving)));
                }
            });
        });
        WindowedServer { addr, shared }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The unix second the first window starts at.
    pub fn epoch(&self) -> u64 {
        self.shared.epoch
    }

    /// Sleeps until the first window starts (on the system clock).
    pub async fn until_epoch(&self) {
        let wait = self.shared.epoch as f64 + self.shared.config.offset.as_secs_f64() - unix_now();
        if wait > 0.0 {
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }

    /// Requests received (refused ones included).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Requests answered with a 429.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// The most requests the server was handling at once.
    pub fn most_in_flight(&self) -> usize {
        self.shared.most_in_flight.load(Ordering::SeqCst)
    }

    /// Arrival time and path of every request so far.
    pub fn log(&self) -> Vec<(Instant, String)> {
        self.shared.log.lock().unwrap().clone()
    }

    /// Someone else spends `n` of the current window's budget.
    pub fn spend(&self, n: u64) {
        let mut window = self.shared.window();
        window.1 += n;
    }

    /// Starts a new window now, before the announced reset: the budget is whole again, and the
    /// new window ends a window's length after the next whole second (later than the old one).
    pub fn reset_now(&self) {
        let mut window = self.shared.window.lock().unwrap();
        let end = unix_now().ceil() + self.shared.config.window_secs as f64;
        *window = (end.max(window.0 + 1.0), 0);
    }

    /// Answers the next `n` requests with a 429 that has no headers at all.
    pub fn refuse_next_without_headers(&self, n: u64) {
        self.shared.refuse_next.store(n, Ordering::SeqCst);
    }

    /// Holds the answers to requests for `path` until the returned notifier is told.
    pub fn hold(&self, path: &str) -> Arc<Notify> {
        let notify = Arc::new(Notify::new());
        *self.shared.held.lock().unwrap() = Some((path.to_owned(), Arc::clone(&notify)));
        notify
    }
}

impl Shared {
    /// The current window, moved on to the one that holds now.
    fn window(&self) -> std::sync::MutexGuard<'_, (f64, u64)> {
        let mut window = self.window.lock().unwrap();
        let now = unix_now();
        while now >= window.0 {
            window.0 += self.config.window_secs as f64;
            window.1 = 0;
        }
        window
    }

    /// Counts a request; whether the window had room for it.
    fn admit(&self) -> bool {
        let mut window = self.window();
        if window.1 < self.config.budget {
            window.1 += 1;
            true
        } else {
            false
        }
    }

    /// The three headers as they stand now.
    fn rate_headers(&self) -> String {
        let window = self.window();
        format!(
            "x-ratelimit-limit: {}\r\nx-ratelimit-remaining: {}\r\nx-ratelimit-reset: {}\r\n",
            self.config.budget,
            self.config.budget.saturating_sub(window.1),
            match self.config.rounding {
                Rounding::Up => window.0.ceil() as u64,
                Rounding::Down => window.0.floor() as u64,
            }
        )
    }
}

/// Serves one keep-alive connection.
async fn serve(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split(' ');
        let method = parts.next().unwrap_or("GET").to_owned();
        let target = parts.next().unwrap_or("/").to_owned();
        let mut length = 0usize;
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        read.read_exact(&mut body).await?;

        let arrived = Instant::now();
        let path = target.split('?').next().unwrap_or("/").to_owned();
        shared.log.lock().unwrap().push((arrived, path.clone()));
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let now_in = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.most_in_flight.fetch_max(now_in, Ordering::SeqCst);

        let headerless_refusal = shared
            .refuse_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        let admitted = !headerless_refusal && shared.admit();
        if !shared.config.latency.is_zero() {
            tokio::time::sleep(shared.config.latency).await;
        }
        let held = shared
            .held
            .lock()
            .unwrap()
            .as_ref()
            .filter(|(held, _)| *held == path)
            .map(|(_, notify)| Arc::clone(notify));
        if let Some(notify) = held {
            notify.notified().await;
        }

        let (status, content_type, payload, rate) = if admitted {
            let answer = (shared.respond)(&method, &target);
            let rate = shared.config.headers.then(|| shared.rate_headers());
            (answer.status, answer.content_type, answer.body, rate)
        } else {
            shared.refused.fetch_add(1, Ordering::SeqCst);
            let body = format!(
                r#"{{"type":"error.list","request_id":"rl","errors":[{{"code":"rate_limit_exceeded","message":"Exceeded rate limit of {} in {} seconds"}}]}}"#,
                shared.config.budget, shared.config.window_secs
            );
            let rate = (shared.config.headers_on_429 && !headerless_refusal)
                .then(|| shared.rate_headers());
            (429, "application/json", body.into_bytes(), rate)
        };
        let head = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{}\r\n",
            if status == 429 {
                "Too Many Requests"
            } else {
                "OK"
            },
            payload.len(),
            rate.unwrap_or_default()
        );
        shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        write.write_all(head.as_bytes()).await?;
        write.write_all(&payload).await?;
    }
}

/// Unix time in seconds, with its fraction.
fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
}
