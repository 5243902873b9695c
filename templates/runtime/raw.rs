//! The escape hatch: [`Client::request`] for a call the generated operations do not cover (an
//! endpoint newer than this crate, a field the description lacks), with the same authentication,
//! version header, retries, errors and tracing.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::download::Download;
use super::error::{Error, Result};
use super::request::{HttpMethod, Request, encode_path_segment};
use super::response::ApiResponse;
use super::response_kind::{Json, RawBody, answer};

/// The operation name raw requests carry in errors and tracing.
const RAW: &str = "raw";

impl Client {
    /// Starts a request to any endpoint: `path` is relative to the base URL and may hold
    /// `{name}` placeholders filled (percent-encoded) by [`RawRequest::path_param`].
    ///
    /// ```no_run
    /// # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
    /// use intercom_api::HttpMethod;
    ///
    /// let contact: serde_json::Value = client
    ///     .request(HttpMethod::Get, "/contacts/{id}")
    ///     .path_param("id", "63a07ddf05a32042dffac965")
    ///     .send()
    ///     .await?;
    /// # let _ = contact;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: HttpMethod, path: impl Into<String>) -> RawRequest {
        RawRequest {
            client: self.clone(),
            // The path is filled in from the template when the request is sent.
            request: Request::with_template(RAW, method, Cow::Owned(path.into()), String::new()),
            params: Vec::new(),
            error: None,
        }
    }
}

/// A request to any endpoint, made by [`Client::request`]. Problems with its inputs are
/// reported by `send`, as [`Error::InvalidRequest`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Client,
    request: Request,
    params: Vec<(String, String)>,
    /// The first input problem (always an [`Error::InvalidRequest`] message).
    error: Option<String>,
}

impl RawRequest {
    /// Fills the `{name}` placeholder of the path with `value`, percent-encoded so that it stays
    /// one path segment.
    pub fn path_param(mut self, name: &str, value: impl AsRef<str>) -> Self {
        self.params
            .push((name.to_owned(), encode_path_segment(value.as_ref())));
        self
    }

    /// Adds a query parameter (OpenAPI `style: form`, exploded: arrays repeat the name, objects
    /// add their keys).
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let result = self.request.query(name, value, true);
        self.keep_error(result);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let result = self.request.json(body);
        self.keep_error(result);
        self
    }

    /// Sets a header (replacing the client's default of the same name, e.g. `Accept`).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        let result = self.request.header(name, value);
        self.keep_error(result);
        self
    }

    /// Sends the request and decodes a JSON answer into `T` with `serde_json`: the crate's
    /// models are lenient on their own, like every operation's answer; your own types decode by
    /// their own serde rules; `serde_json::Value` takes anything.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        self.send_with_response().await.map(ApiResponse::into_value)
    }

    /// [`send`](Self::send), keeping the response details.
    pub async fn send_with_response<T: DeserializeOwned>(self) -> Result<ApiResponse<T>> {
        let (client, request) = self.finish()?;
        answer::<Json<T>>(&client.transport, request).await
    }

    /// Sends the request and returns the raw body of a successful answer.
    pub async fn send_bytes(self) -> Result<Bytes> {
        let (client, request) = self.finish()?;
        answer::<RawBody>(&client.transport, request)
            .await
            .map(ApiResponse::into_value)
    }

    /// Sends the request and streams the body of a successful answer.
    pub async fn send_download(self) -> Result<Download> {
        let (client, request) = self.finish()?;
        answer::<Download>(&client.transport, request)
            .await
            .map(ApiResponse::into_value)
    }

    /// Remembers the first input problem, reported by `send`.
    fn keep_error(&mut self, result: Result<()>) {
        if let Err(e) = result {
            let message = match e {
                Error::InvalidRequest(message) => message,
                other => other.to_string(),
            };
            self.error.get_or_insert(message);
        }
    }

    /// The request with its path filled in, or the first input error.
    fn finish(self) -> Result<(Client, Request)> {
        if let Some(message) = self.error {
            return Err(Error::InvalidRequest(message));
        }
        let mut request = self.request;
        let template = request.template();
        let mut path = template.to_owned();
        for (name, value) in &self.params {
            let placeholder = format!("{{{name}}}");
            if !path.contains(&placeholder) {
                return Err(Error::InvalidRequest(format!(
                    "{RAW}: the path `{template}` has no `{placeholder}`"
                )));
            }
            path = path.replace(&placeholder, value);
        }
        if let Some(start) = path.find('{')
            && path[start..].contains('}')
        {
            return Err(Error::InvalidRequest(format!(
                "{RAW}: the path `{template}` still has a placeholder after filling it in: `{path}`"
            )));
        }
        request.path = path;
        Ok((self.client, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder().token("t").build().unwrap()
    }

    #[test]
    fn paths_are_filled_and_encoded() {
        let (_, r) = client()
            .request(HttpMethod::Get, "/contacts/{id}/notes")
            .path_param("id", "a/b?c")
            .query("per_page", &5)
            .finish()
            .unwrap();
        assert_eq!(r.path(), "/contacts/a%2Fb%3Fc/notes");
        assert_eq!(r.template(), "/contacts/{id}/notes");
        assert_eq!(r.query_string(), "per_page=5");
        assert_eq!(r.operation(), "raw");
    }

    #[test]
    fn input_problems_surface_at_send() {
        let missing = client()
            .request(HttpMethod::Get, "/contacts/{id}")
            .finish()
            .unwrap_err();
        assert!(missing.to_string().contains("placeholder"), "{missing}");
        let unknown = client()
            .request(HttpMethod::Get, "/contacts")
            .path_param("id", "1")
            .finish()
            .unwrap_err();
        assert!(unknown.to_string().contains("{id}"), "{unknown}");
        let bad = client()
            .request(HttpMethod::Get, "/x")
            .header("bad header", "v")
            .finish()
            .unwrap_err();
        assert!(matches!(bad, Error::InvalidRequest(_)));
    }
}
