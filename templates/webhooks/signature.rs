//! Checking that a webhook request comes from Intercom: HMAC signatures of the raw body,
//! compared in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::Sha256;

use super::error::WebhookError;

/// The header that signs every webhook notification: `X-Hub-Signature: sha1=<40 hex digits>`
/// (lower case, as HTTP libraries store header names; names match case-insensitively).
pub const SIGNATURE_HEADER: &str = "x-hub-signature";

/// The header that signs Fin Agent API events: `X-Fin-Agent-API-Webhook-Signature`, an
/// HMAC-SHA256 in hex (lower case, like [`SIGNATURE_HEADER`]).
pub const FIN_AGENT_SIGNATURE_HEADER: &str = "x-fin-agent-api-webhook-signature";

/// Checks the `X-Hub-Signature` of a webhook notification: `sha1=` followed by the hex
/// HMAC-SHA1 of the raw body, keyed with the app's client secret (Developer Hub → Basic Info).
///
/// Pass the body exactly as received, before any JSON parsing: re-serialized JSON never matches.
/// The comparison takes the same time wherever the signatures differ. The hex digits may be
/// upper or lower case, and whitespace around the header value is ignored; an empty value is
/// [`MissingSignature`](WebhookError::MissingSignature).
///
/// ```
/// use intercom_api::webhooks::{WebhookError, verify_signature};
///
/// let body = br#"{"type":"notification_event","topic":"ping","data":{"item":{"type":"ping"}}}"#;
/// // `python3 -c 'import hmac,hashlib,sys; print(hmac.new(b"secret", sys.argv[1].encode(), hashlib.sha1).hexdigest())' "$BODY"`
/// let header = "sha1=3da4d711ddabb4b53af48b1f44a67bd21c1d903b";
/// assert_eq!(verify_signature(b"secret", body, header), Ok(()));
/// assert_eq!(
///     verify_signature(b"another secret", body, header),
///     Err(WebhookError::SignatureMismatch)
/// );
/// ```
pub fn verify_signature(
    client_secret: &[u8],
    raw_body: &[u8],
    x_hub_signature: &str,
) -> Result<(), WebhookError> {
    verify::<Hmac<Sha1>>(client_secret, raw_body, x_hub_signature, &SHA1)
}

/// The `X-Hub-Signature` Intercom sends with a body: `sha1=` and the hex HMAC-SHA1 of the body
/// keyed with the client secret. For testing a receiver with requests signed like Intercom's.
pub fn sign(client_secret: &[u8], raw_body: &[u8]) -> String {
    // HMAC accepts keys of any length.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(client_secret) else {
        return String::new();
    };
    mac.update(raw_body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(5 + 2 * digest.len());
    out.push_str("sha1=");
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Checks the `X-Fin-Agent-API-Webhook-Signature` of a Fin Agent API event: the hex
/// HMAC-SHA256 of the raw body, keyed with the signing secret generated when the callback URL
/// was saved (not the app's client secret). Intercom's example writes it with a `sha256=`
/// prefix; it is accepted with or without one.
///
/// Fin Agent API events are flat JSON objects (`event_name`, `created_at_ms`, …), not
/// [`Notification`](super::Notification)s.
pub fn verify_fin_agent_signature(
    signing_secret: &[u8],
    raw_body: &[u8],
    signature: &str,
) -> Result<(), WebhookError> {
    verify::<Hmac<Sha256>>(signing_secret, raw_body, signature, &SHA256)
}

/// How one signature header writes its digest.
struct Scheme {
    /// The algorithm's name in the `name=` prefix.
    name: &'static str,
    /// Digest length in bytes.
    len: usize,
    /// Whether the prefix must be there.
    prefix_required: bool,
    /// The message for a value that does not have the form.
    form: &'static str,
}

const SHA1: Scheme = Scheme {
    name: "sha1",
    len: 20,
    prefix_required: true,
    form: "expected `sha1=` followed by 40 hex digits",
};

const SHA256: Scheme = Scheme {
    name: "sha256",
    len: 32,
    prefix_required: false,
    form: "expected 64 hex digits, optionally after `sha256=`",
};

/// Longest digest of any scheme, in bytes.
const MAX_LEN: usize = 32;

fn verify<M: Mac + KeyInit>(
    secret: &[u8],
    body: &[u8],
    header: &str,
    scheme: &Scheme,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::EmptySecret);
    }
    let mut expected = [0u8; MAX_LEN];
    let expected = parse(header, scheme, &mut expected)?;
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <M as KeyInit>::new_from_slice(secret).map_err(|_| WebhookError::EmptySecret)?;
    mac.update(body);
    mac.verify_slice(expected)
        .map_err(|_| WebhookError::SignatureMismatch)
}

/// The digest a header value carries, decoded into `buf`.
fn parse<'b>(
    header: &str,
    scheme: &Scheme,
    buf: &'b mut [u8; MAX_LEN],
) -> Result<&'b [u8], WebhookError> {
    let value = header.trim_ascii();
    if value.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let hex = match value.split_once('=') {
        Some((name, hex)) if name.eq_ignore_ascii_case(scheme.name) => hex,
        Some((name, _)) if is_algorithm_name(name) => {
            return Err(WebhookError::WrongScheme {
                found: name.to_owned(),
                expected: scheme.name,
            });
        }
        Some(_) => return Err(WebhookError::MalformedSignature(scheme.form)),
        None if scheme.prefix_required => {
            return Err(WebhookError::MalformedSignature(scheme.form));
        }
        None => value,
    };
    let out = &mut buf[..scheme.len];
    if hex.len() != 2 * scheme.len {
        return Err(WebhookError::MalformedSignature(scheme.form));
    }
    for (byte, pair) in out.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        match (hex_digit(pair[0]), hex_digit(pair[1])) {
            (Some(high), Some(low)) => *byte = high << 4 | low,
            _ => return Err(WebhookError::MalformedSignature(scheme.form)),
        }
    }
    Ok(out)
}

/// Whether a prefix looks like an algorithm's name (so it may be quoted in an error).
fn is_algorithm_name(name: &str) -> bool {
    (1..=16).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digits_of_either_case_decode() {
        let mut buf = [0u8; MAX_LEN];
        let header = format!("sha1={}", "0123456789abcdefABCDEF0123456789abcdefAB");
        let digest = parse(&header, &SHA1, &mut buf).expect("well formed");
        assert_eq!(&digest[..4], &[0x01, 0x23, 0x45, 0x67]);
        assert_eq!(&digest[8..12], &[0xab, 0xcd, 0xef, 0x01]);
    }

    #[test]
    fn forms_that_are_refused() {
        let mut buf = [0u8; MAX_LEN];
        let forty = "a".repeat(40);
        let cases: [(&str, WebhookError); 7] = [
            ("", WebhookError::MissingSignature),
            (" \t\r\n", WebhookError::MissingSignature),
            (&forty, WebhookError::MalformedSignature(SHA1.form)),
            ("sha1=abc", WebhookError::MalformedSignature(SHA1.form)),
            ("sha1=zz", WebhookError::MalformedSignature(SHA1.form)),
            (
                "sha256=00",
                WebhookError::WrongScheme {
                    found: "sha256".into(),
                    expected: "sha1",
                },
            ),
            ("a b=00", WebhookError::MalformedSignature(SHA1.form)),
        ];
        for (header, expected) in cases {
            assert_eq!(
                parse(header, &SHA1, &mut buf).err(),
                Some(expected),
                "{header:?}"
            );
        }
        // A prefix that is not a plausible name is not quoted back.
        let long = format!("{}={forty}", "x".repeat(17));
        assert_eq!(
            parse(&long, &SHA1, &mut buf).err(),
            Some(WebhookError::MalformedSignature(SHA1.form))
        );
        // Fin Agent signatures may leave the prefix out.
        let bare = "b".repeat(64);
        assert_eq!(parse(&bare, &SHA256, &mut buf).map(<[u8]>::len), Ok(32));
    }
}
