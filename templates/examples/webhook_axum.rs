//! A complete Intercom webhook receiver on axum: it verifies each request's signature, answers at
//! once, and hands the notification to a worker task through a bounded channel; the worker skips
//! repeated deliveries and decodes the item.
//!
//! ```sh
//! # Serve on 127.0.0.1:3000 (or LISTEN_ADDR) with the app's client secret:
//! INTERCOM_CLIENT_SECRET=… cargo run -p intercom-api --example webhook_axum
//! # Without a secret: a demo that posts signed (and one forged) notifications to itself.
//! cargo run -p intercom-api --example webhook_axum
//! ```

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use intercom_api::webhooks::{Notification, SIGNATURE_HEADER, WebhookItem, sign};
use tokio::sync::mpsc;

/// What the handler needs: the secret, and where to put work.
struct Receiver {
    client_secret: Vec<u8>,
    work: mpsc::Sender<Notification>,
}

/// `POST /intercom/webhooks`: verify, enqueue, answer. Never slow, and never 410 (which would
/// disable the subscription).
async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok());
    let notification =
        match Notification::verify_and_parse(&receiver.client_secret, signature, &body) {
            Ok(notification) => notification,
            Err(e) if e.is_signature_error() => {
                eprintln!("refused a webhook request: {e}");
                return StatusCode::UNAUTHORIZED;
            }
            Err(e) => {
                eprintln!("unreadable notification: {e}");
                return StatusCode::BAD_REQUEST;
            }
        };
    if notification.is_ping() {
        return StatusCode::OK;
    }
    match receiver.work.try_send(notification) {
        Ok(()) => StatusCode::OK,
        // The worker is behind: Intercom retries a failed delivery about a minute later.
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Handles each notification once (Intercom may deliver one twice).
async fn work(mut queue: mpsc::Receiver<Notification>) {
    let mut seen = Recent::new(10_000);
    while let Some(notification) = queue.recv().await {
        if let Some(id) = &notification.id {
            let key = format!("{}/{id}", notification.app_id.as_deref().unwrap_or(""));
            if !seen.insert(key) {
                continue;
            }
        }
        let topic = &notification.topic;
        let attempt = notification.delivery_attempts.unwrap_or(1);
        match notification.item() {
            Ok(WebhookItem::Conversation(conversation)) => {
                let parts = conversation
                    .conversation_parts
                    .as_ref()
                    .and_then(|p| p.conversation_parts.as_ref())
                    .map_or(0, Vec::len);
                println!(
                    "{topic} (attempt {attempt}): conversation {} with {parts} new part(s)",
                    conversation.id.as_deref().unwrap_or("?")
                );
            }
            Ok(WebhookItem::Contact(contact)) => {
                println!("{topic}: contact {:?} <{:?}>", contact.id, contact.email);
            }
            Ok(WebhookItem::Ticket(ticket)) => println!("{topic}: ticket {:?}", ticket.id),
            Ok(WebhookItem::Deleted(deleted)) => {
                println!("{topic}: {:?} {:?} deleted", deleted.r#type, deleted.id);
            }
            Ok(WebhookItem::Unknown(raw)) => println!("{topic}: no model for {raw}"),
            Ok(other) => println!("{topic}: {other:?}"),
            Err(e) => eprintln!("{e}"),
        }
    }
}

/// The last `capacity` keys, to skip repeats.
struct Recent {
    keys: HashSet<String>,
    order: VecDeque<String>,
    capacity: usize,
}

impl Recent {
    fn new(capacity: usize) -> Recent {
        Recent {
            keys: HashSet::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    /// Whether `key` is new (it is then remembered).
    fn insert(&mut self, key: String) -> bool {
        if !self.keys.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > self.capacity
            && let Some(old) = self.order.pop_front()
        {
            self.keys.remove(&old);
        }
        true
    }
}

/// The receiver's routes. Intercom checks the URL with a `HEAD` request when it is saved, which
/// axum answers for `GET` routes; `POST` carries the notifications.
fn app(client_secret: Vec<u8>, work: mpsc::Sender<Notification>) -> Router {
    let receiver = Arc::new(Receiver {
        client_secret,
        work,
    });
    Router::new()
        .route(
            "/intercom/webhooks",
            post(receive).get(|| async { StatusCode::OK }),
        )
        .with_state(receiver)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (queue, jobs) = mpsc::channel(1_024);
    let worker = tokio::spawn(work(jobs));
    let Ok(secret) = std::env::var("INTERCOM_CLIENT_SECRET") else {
        return demo(queue, worker).await;
    };
    let addr = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("receiving Intercom webhooks on http://{addr}/intercom/webhooks");
    axum::serve(listener, app(secret.into_bytes(), queue)).await?;
    Ok(())
}

/// Serves on a free port and posts a ping, a conversation reply (twice, as a retry would) and a
/// forged request to itself.
async fn demo(
    queue: mpsc::Sender<Notification>,
    worker: tokio::task::JoinHandle<()>,
) -> Result<(), Box<dyn std::error::Error>> {
    const SECRET: &[u8] = b"demo-client-secret";
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/intercom/webhooks", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app(SECRET.to_vec(), queue))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });

    let ping = r#"{"type":"notification_event","id":null,"topic":"ping","data":{"item":{"type":"ping","message":"hello"}}}"#;
    let reply = r#"{"type":"notification_event","app_id":"q3xk9w2p","id":"notif_5f0c2a9e","topic":"conversation.user.replied","created_at":1767225600,"delivery_attempts":1,"first_sent_at":1767225601,"data":{"type":"notification_event_data","item":{"type":"conversation","id":215469871234567,"state":"open","conversation_parts":{"type":"conversation_part.list","conversation_parts":[{"type":"conversation_part","id":40112233,"part_type":"comment","body":"<p>Still broken.</p>"}],"total_count":1}}}}"#;
    let http = reqwest::Client::new();
    for (name, body, signature) in [
        ("ping", ping, sign(SECRET, ping.as_bytes())),
        ("reply", reply, sign(SECRET, reply.as_bytes())),
        ("same reply again", reply, sign(SECRET, reply.as_bytes())),
        (
            "forged reply",
            reply,
            sign(b"not the secret", reply.as_bytes()),
        ),
    ] {
        let status = http
            .post(&url)
            .header(SIGNATURE_HEADER, signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?
            .status();
        println!("{name}: HTTP {status}");
    }
    // Stop serving; with the server's end of the queue gone, the worker finishes what was
    // queued, then stops.
    drop(http);
    let _ = stop.send(());
    server.await??;
    worker.await?;
    Ok(())
}
