//! `intercom-mcp` start-up: how long from spawning the binary until a host has what it needs,
//! measured against spawning the same binary for `--version` (process start and exit alone) in
//! the same run:
//!
//! - `--version`: the baseline;
//! - `initialize`: the answer to `initialize` (dynamic mode, three tools);
//! - `initialize + tools/list (231 tools)`: `--allow destructive --tools operations`, every
//!   operation tool with its input schema;
//! - the size of that `tools/list` answer.
//!
//! No network: the server makes no request before a tool is called.
//! `cargo bench -p intercom-api --features mcp --bench mcp_startup` (release); `-- --quick` runs
//! fewer rounds.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_intercom-mcp");

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
const LIST: &str = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;

/// Spawns the server with `args`, sends `initialize` (and `tools/list` when `list`), and returns
/// the time until the last answer arrived and the bytes of that answer.
fn session(args: &[&str], list: bool) -> (Duration, usize) {
    let start = Instant::now();
    let mut child = Command::new(BINARY)
        .args(args)
        .env("INTERCOM_TOKEN", "tok_bench_123456")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("intercom-mcp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    writeln!(stdin, "{INITIALIZE}").expect("write");
    stdout.read_line(&mut line).expect("initialize answered");
    if list {
        writeln!(stdin, "{INITIALIZED}\n{LIST}").expect("write");
        line.clear();
        stdout.read_line(&mut line).expect("tools/list answered");
    }
    let elapsed = start.elapsed();
    assert!(line.contains("\"result\""), "{line}");
    drop(stdin);
    child.wait().expect("exits");
    (elapsed, line.len())
}

/// `--version`: spawn, print, exit.
fn version() -> Duration {
    let start = Instant::now();
    let status = Command::new(BINARY)
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .expect("runs");
    assert!(status.success());
    start.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 5 } else { 41 };
    let (mut base, mut init, mut full) = (Vec::new(), Vec::new(), Vec::new());
    let mut bytes = 0;
    for _ in 0..rounds {
        base.push(version());
        init.push(session(&["--tools", "dynamic"], false).0);
        let (elapsed, size) = session(&["--allow", "destructive", "--tools", "operations"], true);
        full.push(elapsed);
        bytes = size;
    }
    let base = median(base);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("intercom-mcp start-up, median of {rounds} runs:");
    println!(
        "  --version (baseline)                    {:8.2} ms",
        ms(base)
    );
    for (name, samples) in [
        ("initialize answered", init),
        ("initialize + tools/list (all operations)", full),
    ] {
        let m = median(samples);
        println!(
            "  {name:<40}{:8.2} ms  ({:.2}x the baseline)",
            ms(m),
            ms(m) / ms(base)
        );
    }
    println!("  tools/list answer: {bytes} bytes");
}
