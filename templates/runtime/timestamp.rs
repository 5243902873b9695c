//! [`Timestamp`]: Intercom's date-times, which are unix seconds on the wire.
//!
//! Conversions to and from `chrono::DateTime` and `time::OffsetDateTime` come with the `chrono`
//! and `time` cargo features.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time with one-second resolution, as Intercom sends it: an integer number of
/// seconds since the unix epoch (1970-01-01T00:00:00Z).
///
/// Serializes as that integer. Deserializes from an integer, a float (truncated toward zero), a
/// numeric string or an RFC 3339 string. `Display` prints RFC 3339 in UTC, e.g.
/// `2024-12-18T15:34:03Z`; [`FromStr`] accepts unix seconds or RFC 3339 with `Z` or a `±hh:mm`
/// offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The timestamp `secs` seconds after the unix epoch (negative for earlier times).
    pub const fn from_unix(secs: i64) -> Timestamp {
        Timestamp(secs)
    }

    /// Seconds since the unix epoch.
    pub const fn as_unix(self) -> i64 {
        self.0
    }

    /// The current time, truncated to whole seconds.
    pub fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }

    /// This timestamp as a [`SystemTime`], clamped to the range the platform can represent.
    pub fn to_system_time(self) -> SystemTime {
        let magnitude = self.0.unsigned_abs();
        let shift = |secs: u64| {
            let d = Duration::from_secs(secs);
            if self.0 >= 0 {
                UNIX_EPOCH.checked_add(d)
            } else {
                UNIX_EPOCH.checked_sub(d)
            }
        };
        if let Some(t) = shift(magnitude) {
            return t;
        }
        // Out of the platform's range: binary-search the farthest representable second.
        let (mut lo, mut hi) = (0u64, magnitude);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if shift(mid).is_some() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        shift(lo).unwrap_or(UNIX_EPOCH)
    }
}

impl From<SystemTime> for Timestamp {
    /// Whole seconds since the epoch, rounding toward the past and saturating at the `i64` range.
    fn from(t: SystemTime) -> Timestamp {
        match t.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp(i64::try_from(after.as_secs()).unwrap_or(i64::MAX)),
            Err(before) => {
                let d = before.duration();
                let secs = d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0));
                Timestamp(0i64.saturating_sub_unsigned(secs))
            }
        }
    }
}

impl From<i64> for Timestamp {
    fn from(secs: i64) -> Timestamp {
        Timestamp(secs)
    }
}

impl From<Timestamp> for i64 {
    fn from(t: Timestamp) -> i64 {
        t.0
    }
}

impl From<Timestamp> for serde_json::Value {
    /// Unix seconds, as the timestamp serializes.
    fn from(t: Timestamp) -> serde_json::Value {
        serde_json::Value::from(t.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if year < 0 {
            write!(f, "-{:04}", year.unsigned_abs())?;
        } else {
            write!(f, "{year:04}")?;
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

/// Error returned when a string is neither unix seconds nor an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError {
    input: String,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is neither unix seconds nor an RFC 3339 date-time",
            self.input
        )
    }
}

impl std::error::Error for ParseTimestampError {}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(s: &str) -> Result<Timestamp, ParseTimestampError> {
        let text = s.trim();
        let parsed = match text.parse::<i64>() {
            Ok(secs) => Some(secs),
            Err(_) => parse_rfc3339(text),
        };
        parsed.map(Timestamp).ok_or_else(|| ParseTimestampError {
            // Keep error messages bounded whatever the input.
            input: text.chars().take(64).collect(),
        })
    }
}

/// Error returned when a [`Timestamp`] is outside the range of the date-time type it is being
/// converted to (`chrono::DateTime<Utc>` reaches about ±262,000 years, `time::OffsetDateTime`
/// the years ±9999 unless `time`'s `large-dates` feature is on).
#[cfg(any(feature = "chrono", feature = "time"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "chrono", feature = "time"))))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampRangeError {
    timestamp: Timestamp,
    target: &'static str,
}

#[cfg(any(feature = "chrono", feature = "time"))]
impl TimestampRangeError {
    /// The timestamp that did not fit.
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }
}

#[cfg(any(feature = "chrono", feature = "time"))]
impl fmt::Display for TimestampRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unix time {} is out of the range of `{}`",
            self.timestamp.0, self.target
        )
    }
}

#[cfg(any(feature = "chrono", feature = "time"))]
impl std::error::Error for TimestampRangeError {}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<Timestamp> for chrono::DateTime<chrono::Utc> {
    type Error = TimestampRangeError;

    /// The same instant; fails outside chrono's range (about ±262,000 years).
    fn try_from(t: Timestamp) -> Result<chrono::DateTime<chrono::Utc>, TimestampRangeError> {
        chrono::DateTime::from_timestamp(t.0, 0).ok_or(TimestampRangeError {
            timestamp: t,
            target: "chrono::DateTime<Utc>",
        })
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for Timestamp {
    /// Whole seconds since the epoch; a fraction of a second is dropped, rounding toward the
    /// past (as for `SystemTime`).
    fn from(t: chrono::DateTime<Tz>) -> Timestamp {
        Timestamp(t.timestamp())
    }
}

#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<Timestamp> for ::time::OffsetDateTime {
    type Error = TimestampRangeError;

    /// The same instant, at UTC; fails outside `time`'s range (the years ±9999, or ±999,999
    /// with its `large-dates` feature).
    fn try_from(t: Timestamp) -> Result<::time::OffsetDateTime, TimestampRangeError> {
        ::time::OffsetDateTime::from_unix_timestamp(t.0).map_err(|_| TimestampRangeError {
            timestamp: t,
            target: "time::OffsetDateTime",
        })
    }
}

#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl From<::time::OffsetDateTime> for Timestamp {
    /// Whole seconds since the epoch; a fraction of a second is dropped, rounding toward the
    /// past (as for `SystemTime`).
    fn from(t: ::time::OffsetDateTime) -> Timestamp {
        Timestamp(t.unix_timestamp())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

// Its `Deserialize` takes floats and strings already.
impl crate::runtime::lenient::Lenient<'_> for Timestamp {}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unix seconds or an RFC 3339 date-time")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Ok(Timestamp(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .map(Timestamp)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        float_seconds(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        v.parse::<Timestamp>()
            .ok()
            .or_else(|| v.trim().parse::<f64>().ok().and_then(float_seconds))
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// Seconds from a float, truncated toward zero; `None` if not finite or out of range.
fn float_seconds(v: f64) -> Option<Timestamp> {
    // -2^63 and 2^63 are exactly representable as f64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let t = v.trunc();
    if t.is_finite() && (-LIMIT..LIMIT).contains(&t) {
        // In range and integral, so the cast is exact.
        Some(Timestamp(t as i64))
    } else {
        None
    }
}

/// Year, month (1-12) and day (1-31) of the given day count since 1970-01-01 (proleptic
/// Gregorian calendar; Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are in tiny ranges, so the conversions cannot fail.
    (year, month as u32, day as u32)
}

/// Days since 1970-01-01 of the given civil date (inverse of [`civil_from_days`]).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400); // [0, 399]
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 }; // [0, 11]
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)` into unix seconds (fraction truncated).
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let at = |i: usize| b.get(i).copied();
    if at(4) != Some(b'-')
        || at(7) != Some(b'-')
        || !matches!(at(10), Some(b'T' | b't' | b' '))
        || at(13) != Some(b':')
        || at(16) != Some(b':')
    {
        return None;
    }
    let year = i64::from(num(0..4)?);
    let month = num(5..7)?;
    let day = num(8..10)?;
    let hour = num(11..13)?;
    let minute = num(14..16)?;
    let second = num(17..19)?;
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = b.get(19..)?;
    if let Some((b'.', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = fraction.get(digits..)?;
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = num2(*h1, *h2)?;
            let minutes = num2(*m1, *m2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    let local = days_from_civil(year, month, day) * SECONDS_PER_DAY
        + i64::from(hour * 3600 + minute * 60 + second);
    Some(local - offset)
}

fn num2(a: u8, b: u8) -> Option<u32> {
    (a.is_ascii_digit() && b.is_ascii_digit())
        .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_rfc3339_utc() {
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(1_734_536_043).to_string(),
            "2024-12-18T15:34:03Z"
        );
        assert_eq!(Timestamp::from_unix(-1).to_string(), "1969-12-31T23:59:59Z");
        assert_eq!(
            Timestamp::from_unix(951_782_400).to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-62_135_596_800).to_string(),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-62_167_219_200).to_string(),
            "0000-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-62_167_219_201).to_string(),
            "-0001-12-31T23:59:59Z"
        );
        // Extremes never panic.
        let _ = Timestamp::from_unix(i64::MAX).to_string();
        let _ = Timestamp::from_unix(i64::MIN).to_string();
    }

    #[test]
    fn parses_unix_and_rfc3339() {
        let t = Timestamp::from_unix(1_734_536_043);
        assert_eq!("1734536043".parse::<Timestamp>(), Ok(t));
        assert_eq!("-5".parse::<Timestamp>(), Ok(Timestamp::from_unix(-5)));
        assert_eq!("2024-12-18T15:34:03Z".parse::<Timestamp>(), Ok(t));
        assert_eq!("2024-12-18t15:34:03.999z".parse::<Timestamp>(), Ok(t));
        assert_eq!("2024-12-18T16:34:03+01:00".parse::<Timestamp>(), Ok(t));
        assert_eq!("2024-12-18T10:04:03-05:30".parse::<Timestamp>(), Ok(t));
        assert_eq!("2024-12-18 15:34:03Z".parse::<Timestamp>(), Ok(t));
        assert_eq!(
            "1969-12-31T23:59:59Z".parse::<Timestamp>(),
            Ok(Timestamp::from_unix(-1))
        );
        for bad in [
            "",
            "x",
            "2024-12-18",
            "2024-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-12-18T24:00:00Z",
            "2024-12-18T15:34:03",
            "2024-12-18T15:34:03+1:00",
            "2024-12-18T15:34:03.Z",
            "2024-12-18T15:34:03Zjunk",
            "２０２４-12-18T15:34:03Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        let err = "nope".parse::<Timestamp>().unwrap_err();
        assert!(err.to_string().contains("nope"));
    }

    #[test]
    fn display_round_trips() {
        for secs in [
            0,
            1,
            -1,
            86_399,
            86_400,
            1_734_536_043,
            -2_208_988_800,
            253_402_300_799,
        ] {
            let t = Timestamp::from_unix(secs);
            assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t), "{secs}");
        }
    }

    #[test]
    fn serde_forms() {
        let t = Timestamp::from_unix(1_734_536_043);
        assert_eq!(serde_json::to_string(&t).unwrap(), "1734536043");
        for input in [
            "1734536043",
            "1734536043.9",
            "\"1734536043\"",
            "\"2024-12-18T15:34:03Z\"",
            "\"1734536043.5\"",
        ] {
            assert_eq!(
                serde_json::from_str::<Timestamp>(input).unwrap(),
                t,
                "{input}"
            );
        }
        assert_eq!(
            serde_json::from_str::<Timestamp>("-1.5").unwrap(),
            Timestamp::from_unix(-1)
        );
        for bad in ["\"soon\"", "true", "[]", "1e300", "18446744073709551615"] {
            assert!(serde_json::from_str::<Timestamp>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn system_time_conversions() {
        let t = Timestamp::from_unix(1_734_536_043);
        assert_eq!(Timestamp::from(t.to_system_time()), t);
        let before = UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(Timestamp::from(before), Timestamp::from_unix(-2));
        assert_eq!(
            Timestamp::from(UNIX_EPOCH - Duration::from_secs(3)),
            Timestamp::from_unix(-3)
        );
        assert_eq!(
            Timestamp::from_unix(-3).to_system_time(),
            UNIX_EPOCH - Duration::from_secs(3)
        );
        assert!(Timestamp::now() > Timestamp::from_unix(1_700_000_000));
        // Extremes never panic.
        let _ = Timestamp::from_unix(i64::MAX).to_system_time();
        let _ = Timestamp::from_unix(i64::MIN).to_system_time();
        assert_eq!(i64::from(Timestamp::from(7)), 7);
        assert_eq!(Timestamp::default().as_unix(), 0);
        assert_eq!(
            serde_json::Value::from(Timestamp::from_unix(-3)),
            serde_json::json!(-3)
        );
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_conversions() {
        use chrono::{DateTime, FixedOffset, Utc};

        let t = Timestamp::from_unix(1_734_536_043);
        let utc = DateTime::<Utc>::try_from(t).expect("in range");
        assert_eq!(utc.to_rfc3339(), "2024-12-18T15:34:03+00:00");
        assert_eq!(Timestamp::from(utc), t);
        let paris = DateTime::<FixedOffset>::parse_from_rfc3339("2024-12-18T16:34:03.999+01:00")
            .expect("parses");
        assert_eq!(Timestamp::from(paris), t);
        let before_epoch = DateTime::<Utc>::from_timestamp(-1, 500_000_000).expect("in range");
        assert_eq!(Timestamp::from(before_epoch), Timestamp::from_unix(-1));
        let early = Timestamp::from_unix(-62_167_219_201);
        assert_eq!(
            DateTime::<Utc>::try_from(early).map(Timestamp::from),
            Ok(early)
        );
        for secs in [i64::MAX, i64::MIN] {
            let err = DateTime::<Utc>::try_from(Timestamp::from_unix(secs)).unwrap_err();
            assert_eq!(err.timestamp(), Timestamp::from_unix(secs));
            assert!(err.to_string().contains("chrono::DateTime<Utc>"), "{err}");
        }
    }

    #[cfg(feature = "time")]
    #[test]
    fn time_conversions() {
        use ::time::{Date, Month, OffsetDateTime, UtcOffset};

        // (`time` is built without its `formatting`/`parsing` features: compare components.)
        let t = Timestamp::from_unix(1_734_536_043);
        let odt = OffsetDateTime::try_from(t).expect("in range");
        assert_eq!(
            (odt.year(), odt.month(), odt.day()),
            (2024, Month::December, 18)
        );
        assert_eq!((odt.hour(), odt.minute(), odt.second()), (15, 34, 3));
        assert_eq!(odt.offset(), UtcOffset::UTC);
        assert_eq!(Timestamp::from(odt), t);
        let paris = Date::from_calendar_date(2024, Month::December, 18)
            .and_then(|d| d.with_hms_milli(16, 34, 3, 999))
            .and_then(|dt| UtcOffset::from_hms(1, 0, 0).map(|o| dt.assume_offset(o)))
            .expect("valid");
        assert_eq!(Timestamp::from(paris), t);
        let before_epoch =
            OffsetDateTime::from_unix_timestamp_nanos(-500_000_000).expect("in range");
        assert_eq!(Timestamp::from(before_epoch), Timestamp::from_unix(-1));
        // 9999-12-31T23:59:59Z is the last second without `large-dates`.
        let last = Timestamp::from_unix(253_402_300_799);
        assert_eq!(
            OffsetDateTime::try_from(last).map(Timestamp::from),
            Ok(last)
        );
        for secs in [i64::MAX, i64::MIN] {
            let err = OffsetDateTime::try_from(Timestamp::from_unix(secs)).unwrap_err();
            assert_eq!(err.timestamp(), Timestamp::from_unix(secs));
            assert!(err.to_string().contains("time::OffsetDateTime"), "{err}");
        }
    }
}
