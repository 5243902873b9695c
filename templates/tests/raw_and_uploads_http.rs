//! Loopback tests of the raw escape hatch (`client.request`) and of `multipart/form-data`
//! uploads (the Preview catalog upload).

use intercom_api::{Client, Error, FilePart, HttpMethod, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok_raw_uploads_7";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry(RetryPolicy::never())
        .build()
        .expect("valid client")
}

#[tokio::test]
async fn raw_requests_reuse_auth_version_encoding_and_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/contacts/a%2Fb/notes"))
        .and(query_param("tag", "x y"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("intercom-version", intercom_api::API_VERSION))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"body": "hello"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 17, "type": "note"})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/calls/c1/transcript"))
        .and(header("accept", "text/plain"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hello there"))
        .mount(&server)
        .await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "error.list", "request_id": "r-404",
            "errors": [{"code": "not_found", "message": "Resource Not Found"}]
        })))
        .mount(&server)
        .await;
    let client = client(&server);

    let note_request = || {
        client
            .request(HttpMethod::Post, "/contacts/{id}/notes")
            .path_param("id", "a/b")
            .query("tag", "x y")
            .json(&json!({"body": "hello"}))
    };
    let note: intercom_api::models::Note = note_request().send().await.unwrap();
    // Lenient like every operation's answer: the model takes the numeric id as its text.
    assert_eq!(note.id.as_deref(), Some("17"));
    // A type of your own decodes by its own serde rules: a mismatch is a decode error naming
    // the field, never a silently wrong value.
    #[derive(Debug, serde::Deserialize)]
    struct OwnNote {
        #[allow(dead_code)]
        id: String,
    }
    let err = note_request().send::<OwnNote>().await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((decode.operation(), decode.path()), ("raw", "id"));

    let err = client
        .request(HttpMethod::Get, "/missing")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), Some("r-404"));
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.operation(), api.code()), ("raw", Some("not_found")));

    let bytes = client
        .request(HttpMethod::Get, "/calls/{id}/transcript")
        .path_param("id", "c1")
        .header("Accept", "text/plain")
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], b"hello there");

    let missing = client
        .request(HttpMethod::Get, "/contacts/{id}")
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::InvalidRequest(_)), "{missing:?}");
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn the_catalog_upload_is_multipart_with_the_file_and_the_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ecommerce/connectors/c%201/catalog"))
        .and(header("intercom-version", "Preview"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"import_job_id": "job_1", "next_part_number": 3})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let catalog = r#"[{"id":"p1","title":"Shirt","url":"https://shop.test/p1"}]"#;
    let answer = client(&server)
        .preview()
        .ecommerce_connectors()
        .upload_catalog("c 1")
        .catalog(
            FilePart::new(catalog)
                .file_name("part2.json")
                .content_type("application/json"),
        )
        .finalize(intercom_api::preview::models::UploadEcommerceCatalogRequestFinalize::False)
        .import_job_id("job_1")
        .part_number(2)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.next_part_number, Some(3));

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let body = String::from_utf8(request.body.clone()).unwrap();
    let parts: Vec<&str> = body
        .split(&format!("--{boundary}"))
        .filter(|p| p.contains("Content-Disposition"))
        .collect();
    assert_eq!(parts.len(), 4, "{body}");
    assert!(parts[0].contains("name=\"catalog\"; filename=\"part2.json\""));
    assert!(parts[0].contains("Content-Type: application/json"));
    assert!(parts[0].contains(catalog));
    assert!(parts[1].contains("name=\"finalize\"") && parts[1].contains("\r\n\r\nfalse\r\n"));
    assert!(parts[2].contains("name=\"import_job_id\"") && parts[2].contains("job_1"));
    assert!(parts[3].contains("name=\"part_number\"") && parts[3].contains("\r\n\r\n2\r\n"));
}

#[cfg(feature = "preview")]
#[tokio::test]
async fn an_invalid_file_part_is_refused_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .preview()
        .ecommerce_connectors()
        .upload_catalog("c1")
        .catalog(FilePart::new("[]").content_type("not a media type"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("invalid form part"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
