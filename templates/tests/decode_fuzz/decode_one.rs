// Shared by `tests/decode_fuzz` (a bounded run in `cargo test`) and the cargo-fuzz target in
// `fuzz/`: how one fuzz input becomes one call of an operation's response decoder.
// Included with `include!`, next to the generated `dispatch` module and `check_response`.

/// Decodes `data[2..]` as the response declared at `dispatch::RESPONSES[index]`, the index
/// being the first two bytes (wrapped to the list's length). Returns the body length decoded
/// and whether it decoded; it never panics (that is what is being tested).
pub fn decode_one(data: &[u8]) -> Option<(usize, bool)> {
    let (head, body) = (data.get(..2)?, data.get(2..)?);
    let index = usize::from(u16::from_le_bytes([head[0], head[1]])) % dispatch::RESPONSES.len();
    let (method, path, status) = dispatch::RESPONSES[index];
    let decoded = dispatch::decode_response(method, path, status, body)?;
    Some((body.len(), decoded.is_ok()))
}

/// The decoder the client uses for a typed response, re-encoded the way the harness does (so
/// encoding paths are exercised too). Plain `serde_json::from_slice` must agree with it: the
/// same outcome and, on success, the same value.
pub fn check_response<T: serde::de::DeserializeOwned + serde::Serialize>(
    status: &str,
    body: &[u8],
) -> Result<serde_json::Value, String> {
    let code = status.parse::<u16>().unwrap_or(0);
    let client = intercom_api::decode_json::<T>("fuzz", code, body)
        .map_err(|e| e.to_string())
        .and_then(|value| serde_json::to_value(&value).map_err(|e| e.to_string()));
    // An empty body is `null` to the client only.
    if body
        .iter()
        .any(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        let plain = serde_json::from_slice::<T>(body)
            .map_err(|e| e.to_string())
            .and_then(|value| serde_json::to_value(&value).map_err(|e| e.to_string()));
        match (&client, &plain) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "plain serde_json decodes differently"),
            (Err(_), Err(_)) => {}
            _ => panic!("the client and plain serde_json disagree: {client:?} vs {plain:?}"),
        }
    }
    client
}

/// Request bodies are not fuzzed here.
#[allow(dead_code)]
pub fn check_request<T>(_: &[u8]) -> Result<serde_json::Value, String> {
    Err("not fuzzed".to_owned())
}
