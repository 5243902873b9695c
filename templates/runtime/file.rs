//! [`FilePart`]: a file sent in a `multipart/form-data` request body.

use std::fmt;

use bytes::Bytes;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A file uploaded in a `multipart/form-data` body (a `format: binary` field of the API
/// description), e.g. the Preview API's catalog upload.
///
/// The bytes are held in memory (cheaply cloned, so a retried request sends them again).
///
/// ```
/// use intercom_api::FilePart;
///
/// let catalog = FilePart::new(r#"[{"id":"p1","title":"Shirt","url":"https://x.test/p1"}]"#)
///     .file_name("products.json")
///     .content_type("application/json");
/// assert_eq!(catalog.len(), 55);
/// ```
///
/// In JSON (serde) form — for logging or the operation registry — a file part is its content as
/// a string (invalid UTF-8 replaced); only requests send it as a file.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    data: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file with this content, named `file` and sent as `application/octet-stream` unless set.
    pub fn new(data: impl Into<Bytes>) -> FilePart {
        FilePart {
            data: data.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Reads a file from disk, naming the part after the file.
    pub async fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<FilePart> {
        let path = path.as_ref();
        let data = tokio::fs::read(path).await?;
        let mut part = FilePart::new(data);
        part.file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Ok(part)
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> FilePart {
        self.file_name = Some(name.into());
        self
    }

    /// The media type sent with the part, e.g. `application/json`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content.
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The `reqwest` form part.
    pub(crate) fn to_part(&self) -> reqwest::Result<reqwest::multipart::Part> {
        let part = reqwest::multipart::Part::stream_with_length(
            reqwest::Body::from(self.data.clone()),
            self.data.len() as u64,
        )
        .file_name(self.file_name.clone().unwrap_or_else(|| "file".to_owned()));
        part.mime_str(
            self.content_type
                .as_deref()
                .unwrap_or("application/octet-stream"),
        )
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.data))
    }
}

impl crate::runtime::lenient::Lenient<'_> for FilePart {}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Content;
        impl Visitor<'_> for Content {
            type Value = FilePart;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("file content as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_owned()))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<FilePart, E> {
                Ok(FilePart::new(v.to_vec()))
            }
        }
        deserializer.deserialize_str(Content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_serde_and_debug() {
        let part = FilePart::new("[1,2]")
            .file_name("a.json")
            .content_type("application/json");
        assert_eq!(part.len(), 5);
        assert!(!part.is_empty());
        assert_eq!(serde_json::to_string(&part).unwrap(), r#""[1,2]""#);
        let back: FilePart = serde_json::from_str(r#""[1,2]""#).unwrap();
        assert_eq!(back.data(), &Bytes::from_static(b"[1,2]"));
        let shown = format!("{part:?}");
        assert!(
            shown.contains("a.json") && shown.contains("len: 5"),
            "{shown}"
        );
        assert!(part.to_part().is_ok());
        assert!(
            FilePart::new("x")
                .content_type("not a mime")
                .to_part()
                .is_err()
        );
    }
}
