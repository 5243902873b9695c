//! A loopback HTTP server for tests: serves the files under a folder (upstream's raw-file layout,
//! `/<commit>/<path>`), answers `/commits/<ref>` with a commit sha like GitHub's API, and counts
//! the requests it got per path.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A running server (it lives as long as the test process).
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Server {
    /// Serves `root`; `refs` maps branch names to commits.
    pub fn start(root: &Path, refs: &[(&str, &str)]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let hits = Arc::new(Mutex::new(BTreeMap::new()));
        let root = root.to_path_buf();
        let refs: BTreeMap<String, String> = refs
            .iter()
            .map(|(r, c)| (r.to_string(), c.to_string()))
            .collect();
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, refs, counter) = (root.clone(), refs.clone(), Arc::clone(&counter));
                std::thread::spawn(move || answer(stream, &root, &refs, &counter));
            }
        });
        Server { base, hits }
    }

    /// The raw-file URL pattern of this server.
    pub fn url_pattern(&self) -> String {
        format!("{}/{{commit}}/{{path}}", self.base)
    }

    /// The refs URL pattern of this server.
    pub fn refs_pattern(&self) -> String {
        format!("{}/commits/{{ref}}", self.base)
    }

    /// Requests for paths starting with `prefix`.
    pub fn hits(&self, prefix: &str) -> usize {
        self.hits
            .lock()
            .expect("hits")
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    }
}

fn answer(
    stream: TcpStream,
    root: &Path,
    refs: &BTreeMap<String, String>,
    hits: &Mutex<BTreeMap<String, usize>>,
) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    *hits.lock().expect("hits").entry(path.clone()).or_default() += 1;
    let body = match path.strip_prefix("/commits/") {
        Some(reference) => refs.get(reference).map(|c| c.clone().into_bytes()),
        None => file(root, &path).and_then(|p| std::fs::read(p).ok()),
    };
    let mut stream = &stream;
    let _ = match body {
        Some(body) => stream
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )
            .and_then(|()| stream.write_all(&body)),
        None => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

/// The file under `root` a URL path names (never outside it).
fn file(root: &Path, path: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for part in path.trim_start_matches('/').split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return None;
        }
        out.push(part);
    }
    out.is_file().then_some(out)
}
