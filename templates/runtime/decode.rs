//! Decoding JSON bodies with the JSON path of a failure in the error.
//!
//! The leniency is the types' own ([`lenient`](super::lenient)): response bodies decode with
//! plain `serde_json`, exactly as a user's `serde_json::from_slice` would. What this adds is
//! where a failure happened (`conversation_parts.conversation_parts[0].id`), learned without
//! slowing the common case down: decoding is deterministic, so only a failed decode runs again
//! with path tracking (which copies every object key).

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed};

use super::error::{DecodeError, Result};
use crate::runtime::lenient::{Lenient, Seed};

/// Decodes a response body into `T` with `serde_json` (the crate's models accept ids as numbers,
/// numeric strings and so on themselves; see their docs). An empty or all-whitespace body
/// decodes as JSON `null`. Trailing data after the JSON value is rejected.
///
/// Failures become [`Error::Decode`](super::Error::Decode) carrying the JSON path of the failure (e.g.
/// `conversation_parts.conversation_parts[0].id`), the message and a snippet of the body.
pub fn decode_json<T: DeserializeOwned>(
    operation: &'static str,
    status: u16,
    body: &[u8],
) -> Result<T> {
    let input: &[u8] = if body
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        b"null"
    } else {
        body
    };
    decode_tracked(input, PhantomData::<T>)
        .map_err(|(path, e)| DecodeError::new(operation, status, path, e.to_string(), body).into())
}

/// Decodes JSON text into `T` with [`Lenient`]'s coercions at the top level too (a `String`
/// parameter given as `5`); a failure comes with the JSON path where it happened (`.` for the
/// document itself). Decodes `Client::execute`'s JSON input.
pub(crate) fn decode_lenient<T: for<'de> Lenient<'de>>(
    input: &[u8],
) -> std::result::Result<T, (String, serde_json::Error)> {
    decode_tracked(input, Seed::<T>::new())
}

/// Decodes `input` with `seed`, and on failure again with path tracking to learn where.
fn decode_tracked<'de, S: DeserializeSeed<'de> + Copy>(
    input: &'de [u8],
    seed: S,
) -> std::result::Result<S::Value, (String, serde_json::Error)> {
    let mut de = serde_json::Deserializer::from_slice(input);
    if let Ok(value) = seed.deserialize(&mut de)
        && de.end().is_ok()
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(input);
    let mut track = serde_path_to_error::Track::new();
    let value = seed
        .deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track))
        .map_err(|e| (track.path().to_string(), e))?;
    de.end().map_err(|e| (".".to_owned(), e))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::super::error::Error;
    use super::*;
    use serde_json::Value;
    use std::fmt;

    fn decode<T: DeserializeOwned>(body: &str) -> Result<T> {
        decode_json("testOp", 200, body.as_bytes())
    }

    fn decode_err<T: DeserializeOwned + fmt::Debug>(body: &str) -> DecodeError {
        match decode::<T>(body) {
            Err(Error::Decode(e)) => *e,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[derive(Debug)]
    struct Outer {
        a: Middle,
    }
    #[derive(Debug)]
    struct Middle {
        b: Vec<Leaf>,
    }
    #[derive(Debug)]
    struct Leaf {
        c: i64,
    }
    crate::runtime::json_object!(Outer { a: "a" required });
    crate::runtime::json_object!(Middle { b: "b" required });
    crate::runtime::json_object!(Leaf { c: "c" required });

    #[test]
    fn errors_report_the_path() {
        let e = decode_err::<Outer>(r#"{"a":{"b":[{"c":1},{"c":"2"},{"c":"three"}]}}"#);
        assert_eq!(e.path(), "a.b[2].c");
        assert!(e.message().contains("three"), "{}", e.message());
        assert_eq!(e.status(), 200);
        assert_eq!(e.operation(), "testOp");
        assert!(e.to_string().contains("a.b[2].c"));

        let e = decode_err::<Outer>(r#"{"a":{"b":[{"c":1}, "x"]}}"#);
        assert_eq!(e.path(), "a.b[1]");
        let e = decode_err::<Outer>(r#"{"a":{}}"#);
        assert!(e.message().contains("missing field `b`"), "{}", e.message());

        // The same input decodes when it is right, coercions included.
        let ok: Outer = decode(r#"{"a":{"b":[{"c":1},{"c":"2"},{"c":3.0}]}}"#).unwrap();
        assert_eq!(ok.a.b.iter().map(|c| c.c).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn empty_bodies_are_null() {
        assert_eq!(decode::<Option<String>>("").unwrap(), None);
        assert_eq!(decode::<Option<String>>(" \n").unwrap(), None);
        assert_eq!(decode::<()>("").unwrap(), ());
        decode_err::<Outer>("");
    }

    #[test]
    fn trailing_garbage_and_bad_json_are_rejected() {
        let e = decode_err::<u32>("1 2");
        assert!(e.message().contains("trailing"), "{}", e.message());
        assert_eq!(e.path(), ".");
        assert_eq!(e.body(), "1 2");
        decode_err::<Value>("{\"a\":1}}");
        let e = decode_err::<Value>("<html>oops</html>");
        assert_eq!(e.body(), "<html>oops</html>");
        decode_err::<Vec<u8>>("[1,");
        // Surrounding whitespace is fine.
        assert_eq!(decode::<u32>(" 5 \n").unwrap(), 5);
    }

    #[test]
    fn deep_nesting_fails_cleanly() {
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(decode::<Value>(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(decode::<Value>(&deep).is_err());
    }

    #[test]
    fn execute_input_is_lenient_at_the_top_level() {
        assert_eq!(decode_lenient::<String>(b"5").unwrap(), "5");
        assert_eq!(decode_lenient::<i64>(b"\"5\"").unwrap(), 5);
        assert_eq!(
            decode_lenient::<Vec<bool>>(b"[true, \"false\"]").unwrap(),
            [true, false]
        );
        let (path, e) = decode_lenient::<Vec<i64>>(b"[1, \"x\"]").unwrap_err();
        assert_eq!(path, "[1]");
        assert!(e.to_string().contains("\"x\""), "{e}");
        let (path, _) = decode_lenient::<i64>(b"1 2").unwrap_err();
        assert_eq!(path, ".");
    }
}
