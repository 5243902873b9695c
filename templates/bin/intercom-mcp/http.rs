//! MCP over streamable HTTP (rmcp's server transport) at `http://ADDR/mcp`, ADDR a loopback
//! address ([`cli`](crate::cli) refuses others). rmcp's default host check accepts only loopback
//! `Host` headers, which keeps DNS-rebinding pages out, and [`ORIGINS`] lets browsers in only
//! from loopback pages (a request without `Origin`, as non-browser hosts send, passes): both
//! refusals are 403.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use tower_service::Service;

use crate::server::Server;

/// The path the MCP endpoint answers at.
pub const PATH: &str = "/mcp";

/// The browser origins allowed (`Origin` header), any port: loopback pages only.
pub const ORIGINS: [&str; 3] = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

/// Serves `server` on `addr` until the process ends. Prints the endpoint's URL on stderr (with
/// the port chosen when `addr`'s is 0).
pub async fn serve(server: Server, addr: SocketAddr) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("--http {addr}: cannot listen: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("--http {addr}: {e}"))?;
    eprintln!("intercom-mcp: listening on http://{local}{PATH}");
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default().with_allowed_origins(ORIGINS),
    );
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(connection) => connection,
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                continue;
            }
        };
        let service = service.clone();
        tokio::spawn(async move {
            let route = hyper::service::service_fn(move |request: Request<Incoming>| {
                let mut service = service.clone();
                async move {
                    if request.uri().path() == PATH {
                        service.call(request).await
                    } else {
                        Ok::<_, Infallible>(not_found())
                    }
                }
            });
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), route)
                .await
            {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
}

/// 404 for every path but [`PATH`].
fn not_found() -> Response<http_body_util::combinators::BoxBody<Bytes, Infallible>> {
    let mut response = Response::new(
        Full::new(Bytes::from_static(b"not found: the MCP endpoint is /mcp\n")).boxed(),
    );
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}
