//! Paging throughput and memory: 10,000 realistic contacts (~2 KB each, 50 per page, 200 cursor
//! pages) served by a loopback HTTP server that renders every page on the fly (with Intercom's
//! rate-limit headers, a budget to spare), read four ways in the same run:
//!
//! - `typed items()`: `client.contacts().list().items()`, the crate's paginator;
//! - `typed, no governor`: the same with the rate governor off (`no_rate_governor()`), to show
//!   what a single caller with budget to spare pays for it;
//! - `hand-written (typed)`: a `reqwest` + `serde_json` loop over the same server that decodes each
//!   page into the same `models::ContactList` and follows `pages.next.starting_after` itself;
//! - `hand-written (Value)`: the same loop decoding into `serde_json::Value`, for reference.
//!
//! Then peak RSS (`VmHWM`) of a fresh process that streams 10,000 and 100,000 contacts through
//! `.items()`, one subprocess per size so the two peaks do not share a high-water mark.
//!
//! `cargo bench -p intercom-api --bench paging`; the ratios are printed at the end.
//! `-- --quick` runs one round with fewer items (a smoke run).

#![recursion_limit = "256"]

use std::hint::black_box;
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use futures::StreamExt;
use intercom_api::Client;
use intercom_api::models::ContactList;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Contacts per page, as the issue sets it.
const PER_PAGE: usize = 50;

/// One contact as Intercom sends it (~2 KB), with `i` in its id, email and external id.
fn write_contact(out: &mut Vec<u8>, i: usize) {
    let created = 1_700_000_000 + i as i64;
    write!(
        out,
        r#"{{"type":"contact","id":"6762f0dd1bb69f9f{i:08x}","workspace_id":"ecahpwf5","external_id":"ext-{i}","role":"user","email":"joe.bloggs.{i}@example.com","email_domain":"example.com","phone":"+353 1 555 {i:04}","name":"Joe Bloggs {i}","avatar":{{"type":"avatar","image_url":"https://static.intercomassets.com/avatars/{i}/square_128/avatar.png"}},"owner_id":"991267587","social_profiles":{{"type":"list","data":[{{"type":"social_profile","name":"Twitter","url":"https://twitter.com/joe{i}"}}]}},"has_hard_bounced":false,"marked_email_as_spam":false,"unsubscribed_from_emails":false,"created_at":{created},"updated_at":{created},"signed_up_at":{created},"last_seen_at":{created},"last_replied_at":{created},"last_contacted_at":{created},"last_email_opened_at":{created},"last_email_clicked_at":null,"language_override":"en","browser":"chrome","browser_version":"131.0.6778.86","browser_language":"en-IE","os":"OS X 10.15.7","location":{{"type":"location","country":"Ireland","region":"Leinster","city":"Dublin","country_code":"IRL","continent_code":"EU"}},"android_app_name":null,"android_app_version":null,"android_device":null,"android_os_version":null,"android_sdk_version":null,"android_last_seen_at":null,"ios_app_name":"Example","ios_app_version":"5.2.1","ios_device":"iPhone15,3","ios_os_version":"18.1","ios_sdk_version":"17.4.0","ios_last_seen_at":{created},"custom_attributes":{{"plan":"pro","seats":12,"monthly_spend":155.5,"paid_subscriber":true,"account_manager":"Ciaran Lee"}},"tags":{{"type":"list","data":[{{"type":"tag","id":"7522907","url":"/tags/7522907"}},{{"type":"tag","id":"7522908","url":"/tags/7522908"}}],"url":"/contacts/{i}/tags","total_count":2,"has_more":false}},"notes":{{"type":"list","data":[{{"type":"note","id":"{i}1","url":"/notes/{i}1"}}],"url":"/contacts/{i}/notes","total_count":1,"has_more":false}},"companies":{{"type":"list","data":[{{"type":"company","id":"6762f0e01bb69f9f2193bb{i:02}","url":"/companies/{i}"}}],"url":"/contacts/{i}/companies","total_count":1,"has_more":false}},"opted_out_subscription_types":{{"type":"list","data":[],"url":"/contacts/{i}/subscriptions","total_count":0,"has_more":false}},"opted_in_subscription_types":{{"type":"list","data":[],"url":"/contacts/{i}/subscriptions","total_count":0,"has_more":false}},"utm_campaign":"winter_sale","utm_content":"banner","utm_medium":"email","utm_source":"newsletter","utm_term":null,"referrer":"https://www.example.com/pricing","sms_consent":false,"unsubscribed_from_sms":false,"enabled_push_messaging":true}}"#
    )
    .expect("writing to a Vec cannot fail");
}

/// The page that starts at contact `offset` of `total`, with the next cursor unless it is the last.
fn render_page(offset: usize, total: usize) -> Vec<u8> {
    let end = (offset + PER_PAGE).min(total);
    let mut out = Vec::with_capacity(PER_PAGE * 2_200 + 512);
    out.extend_from_slice(br#"{"type":"list","data":["#);
    for i in offset..end {
        if i > offset {
            out.push(b',');
        }
        write_contact(&mut out, i);
    }
    let page = offset / PER_PAGE + 1;
    let total_pages = total.div_ceil(PER_PAGE);
    write!(
        out,
        r#"],"total_count":{total},"pages":{{"type":"pages","page":{page},"per_page":{PER_PAGE},"total_pages":{total_pages}"#
    )
    .expect("writing to a Vec cannot fail");
    if end < total {
        write!(
            out,
            r#","next":{{"per_page":{PER_PAGE},"starting_after":"c{end}"}}"#
        )
        .expect("writing to a Vec cannot fail");
    }
    out.extend_from_slice(b"}}");
    out
}

/// The offset a request asks for: `starting_after=c<offset>` in its query, else 0.
fn offset_of(target: &str) -> usize {
    target
        .split_once('?')
        .map(|(_, query)| query)
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("starting_after=c"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Serves one keep-alive HTTP/1.1 connection: every request gets the page its cursor asks for.
async fn serve_connection(stream: TcpStream, total: usize) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        if read.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let target = line.split(' ').nth(1).unwrap_or("/").to_owned();
        // Skip the headers (the requests are GETs without a body).
        loop {
            line.clear();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
        }
        let body = render_page(offset_of(&target), total);
        let reset = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() + 10);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             x-ratelimit-limit: 100000\r\nx-ratelimit-remaining: 99999\r\nx-ratelimit-reset: {reset}\r\n\r\n",
            body.len()
        );
        write.write_all(head.as_bytes()).await?;
        write.write_all(&body).await?;
    }
}

/// Starts the loopback server on its own thread and runtime, so it does not share the client's.
fn start_server(total: usize) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    let addr = listener.local_addr().expect("local address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).expect("tokio listener");
            while let Ok((stream, _)) = listener.accept().await {
                stream.set_nodelay(true).ok();
                tokio::spawn(serve_connection(stream, total));
            }
        });
    });
    addr
}

fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// Reads every contact through the crate's paginator; returns how many there were.
async fn typed_items(client: &Client) -> usize {
    let mut items = client.contacts().list().items().per_page(PER_PAGE as i64);
    let mut count = 0;
    while let Some(contact) = items.next().await {
        black_box(contact.expect("contact decodes"));
        count += 1;
    }
    count
}

/// A careful hand-written loop: `reqwest` + `serde_json`, following the cursor itself.
async fn hand_written<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    base: &str,
    next: impl Fn(&T) -> Option<String>,
    items: impl Fn(T) -> usize,
) -> usize {
    let mut cursor: Option<String> = None;
    let mut count = 0;
    loop {
        // The bench's cursors are URL-safe (`c<offset>`), so they need no encoding here.
        let url = match &cursor {
            Some(cursor) => format!("{base}/contacts?per_page={PER_PAGE}&starting_after={cursor}"),
            None => format!("{base}/contacts?per_page={PER_PAGE}"),
        };
        let response = http
            .get(url)
            .bearer_auth("bench-token")
            .header("Intercom-Version", intercom_api::API_VERSION)
            .header("Accept", "application/json")
            .send()
            .await
            .expect("request succeeds");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("body arrives");
        let page: T = serde_json::from_slice(&bytes).expect("page decodes");
        cursor = next(&page).filter(|c| !c.is_empty());
        count += items(page);
        if cursor.is_none() {
            return count;
        }
    }
}

fn typed_next(page: &ContactList) -> Option<String> {
    page.pages.as_ref()?.next.as_ref()?.starting_after.clone()
}

fn typed_count(page: ContactList) -> usize {
    page.data.map_or(0, |data| {
        let n = data.len();
        black_box(data);
        n
    })
}

fn value_next(page: &Value) -> Option<String> {
    page.pointer("/pages/next/starting_after")?
        .as_str()
        .map(str::to_owned)
}

fn value_count(page: Value) -> usize {
    page.get("data")
        .and_then(Value::as_array)
        .map_or(0, |data| {
            black_box(data);
            data.len()
        })
}

/// Peak resident set size of this process, from `/proc/self/status` (Linux), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The child process: stream `total` contacts through `.items()` and print the peak RSS.
fn rss_child(total: usize) {
    let addr = start_server(total);
    let client = Client::builder()
        .token("bench-token")
        .base_url(format!("http://{addr}/"))
        .build()
        .expect("client");
    let count = client_runtime().block_on(typed_items(&client));
    assert_eq!(count, total, "every contact arrives");
    println!("{}", peak_rss_kib().unwrap_or(0));
}

/// Runs this binary again as an RSS child for `total` contacts; its peak RSS in KiB.
fn measure_rss(total: usize) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe)
        .args(["--rss-child", &total.to_string()])
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "RSS child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|kib| *kib > 0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|a| a == "--rss-child") {
        let total = args
            .get(position + 1)
            .and_then(|n| n.parse().ok())
            .expect("--rss-child <items>");
        rss_child(total);
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (total, rounds) = if quick { (1_000, 1) } else { (10_000, 15) };

    // The mock's payloads must decode into the typed models, or the comparison means nothing.
    let sample = render_page(0, total);
    let decoded: ContactList =
        intercom_api::decode_json("bench", 200, &sample).expect("the mock's page decodes");
    assert_eq!(decoded.data.as_ref().map(Vec::len), Some(PER_PAGE));
    let per_contact = sample.len() / PER_PAGE;

    let addr = start_server(total);
    let base = format!("http://{addr}");
    let client = Client::builder()
        .token("bench-token")
        .base_url(format!("{base}/"))
        .build()
        .expect("client");
    let ungoverned = Client::builder()
        .token("bench-token")
        .base_url(format!("{base}/"))
        .no_rate_governor()
        .build()
        .expect("client");
    let http = reqwest::Client::new();
    let runtime = client_runtime();

    // Rounds interleave the four readers (in a rotating order) so drift on a busy machine hits
    // them alike. Two ratios are reported: best round against best round (each reader's least
    // disturbed run), and the median of the per-round ratios (which cancels slow drift).
    let mut times: [Vec<Duration>; 4] = Default::default();
    for round in 0..=rounds {
        let mut round_times = [Duration::ZERO; 4];
        for k in 0..4 {
            let reader = (round + k) % 4;
            round_times[reader] = match reader {
                0 => timed(&runtime, total, typed_items(&client)),
                3 => timed(&runtime, total, typed_items(&ungoverned)),
                1 => timed(
                    &runtime,
                    total,
                    hand_written(&http, &base, typed_next, typed_count),
                ),
                _ => timed(
                    &runtime,
                    total,
                    hand_written(&http, &base, value_next, value_count),
                ),
            };
        }
        // Round 0 warms the connection pools and allocator.
        if round > 0 {
            for (all, time) in times.iter_mut().zip(round_times) {
                all.push(time);
            }
        }
    }
    let ratio = |a: usize, b: usize| {
        let mut ratios: Vec<f64> = times[a]
            .iter()
            .zip(&times[b])
            .map(|(x, y)| x.as_secs_f64() / y.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios[ratios.len() / 2]
    };
    let best = |i: usize| times[i].iter().copied().min().unwrap_or_default();
    let pages = total.div_ceil(PER_PAGE);
    println!(
        "paging {total} contacts (~{per_contact} B each, {PER_PAGE} per page, {pages} pages), {rounds} rounds:"
    );
    for (i, name) in [
        "typed items()",
        "hand-written (typed)",
        "hand-written (Value)",
        "typed, no governor",
    ]
    .into_iter()
    .enumerate()
    {
        println!(
            "  {name:<22} best {:>7.1} ms  {:>8.0} items/s",
            best(i).as_secs_f64() * 1e3,
            total as f64 / best(i).as_secs_f64()
        );
    }
    let best_ratio = |a: usize, b: usize| best(a).as_secs_f64() / best(b).as_secs_f64();
    println!(
        "  typed items() / hand-written (typed): {:.3}x best vs best, {:.3}x median of per-round ratios (target <= 1.15x)",
        best_ratio(0, 1),
        ratio(0, 1)
    );
    println!(
        "  typed items() / hand-written (Value): {:.3}x best vs best, {:.3}x median of per-round ratios",
        best_ratio(0, 2),
        ratio(0, 2)
    );
    println!(
        "  typed items() / typed, no governor: {:.3}x best vs best, {:.3}x median of per-round ratios (target <= 1.05x)",
        best_ratio(0, 3),
        ratio(0, 3)
    );

    let (small, large) = if quick {
        (1_000, 10_000)
    } else {
        (10_000, 100_000)
    };
    match (measure_rss(small), measure_rss(large)) {
        (Some(small_kib), Some(large_kib)) => println!(
            "peak RSS streaming items(): {small} items {:.1} MiB, {large} items {:.1} MiB, ratio {:.3}x (target <= 1.10x)",
            small_kib as f64 / 1024.0,
            large_kib as f64 / 1024.0,
            large_kib as f64 / small_kib as f64
        ),
        _ => println!("peak RSS: not available on this platform (needs /proc/self/status)"),
    }
}

/// Wall time of one full read; checks that it saw every contact.
fn timed(
    runtime: &tokio::runtime::Runtime,
    total: usize,
    read: impl Future<Output = usize>,
) -> Duration {
    let start = Instant::now();
    let count = runtime.block_on(read);
    let elapsed = start.elapsed();
    assert_eq!(count, total, "every contact arrives");
    elapsed
}
