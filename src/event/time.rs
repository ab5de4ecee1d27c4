//! Event timestamps: nanoseconds since the Unix epoch, UTC.
//!
//! Parsing is hand-written because it runs once per record on the hot path and the
//! inputs are a small, well-defined family of ISO-8601 shapes (see `parse`).

use std::fmt;

/// A UTC instant in nanoseconds since 1970-01-01T00:00:00Z.
///
/// KQL `datetime` has 100 ns resolution; finer input digits are kept here but
/// rendered at KQL precision (7 fractional digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Why a timestamp text was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("not an ISO-8601 date-time (expected YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm])")]
    Syntax,
    #[error("date or time component out of range")]
    Range,
    #[error("outside the supported years 1678-2261")]
    Overflow,
}

const NANOS_PER_SEC: i64 = 1_000_000_000;

impl Timestamp {
    /// Parses the timestamp shapes found in Defender, Sentinel and Sysmon data:
    /// `YYYY-MM-DD[T| ]hh:mm[:ss[.f{0,9}]][Z|z|±hh:mm|±hhmm]`. A missing zone means UTC
    /// (Advanced Hunting and Sysmon `UtcTime` are UTC; `_TimeReceivedBySvc` lacks the `Z`).
    /// Digits beyond nanoseconds are rejected, not silently dropped.
    pub fn parse(text: &str) -> Result<Timestamp, TimeError> {
        let b = text.trim().as_bytes();
        if b.len() < 16 {
            return Err(TimeError::Syntax);
        }
        let year = digits(b, 0, 4)?;
        expect(b, 4, b'-')?;
        let month = digits(b, 5, 2)?;
        expect(b, 7, b'-')?;
        let day = digits(b, 8, 2)?;
        if !matches!(b[10], b'T' | b't' | b' ') {
            return Err(TimeError::Syntax);
        }
        let hour = digits(b, 11, 2)?;
        expect(b, 13, b':')?;
        let minute = digits(b, 14, 2)?;
        let mut pos = 16;
        let mut second = 0;
        let mut nanos = 0i64;
        if b.get(pos) == Some(&b':') {
            second = digits(b, pos + 1, 2)?;
            pos += 3;
            if b.get(pos) == Some(&b'.') || b.get(pos) == Some(&b',') {
                pos += 1;
                let start = pos;
                while pos < b.len() && b[pos].is_ascii_digit() {
                    pos += 1;
                }
                let frac = &b[start..pos];
                if frac.is_empty() || frac.len() > 9 {
                    return Err(TimeError::Syntax);
                }
                for (i, d) in frac.iter().enumerate() {
                    nanos += i64::from(d - b'0') * 10i64.pow(8 - i as u32);
                }
            }
        }
        let offset_secs = match &b[pos..] {
            [] | [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] => {
                let (h, m) = match rest {
                    [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (two(*h1, *h2)?, two(*m1, *m2)?),
                    [h1, h2] => (two(*h1, *h2)?, 0),
                    _ => return Err(TimeError::Syntax),
                };
                if h > 23 || m > 59 {
                    return Err(TimeError::Range);
                }
                let s = i64::from(h * 3600 + m * 60);
                if *sign == b'+' { s } else { -s }
            }
            _ => return Err(TimeError::Syntax),
        };
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(TimeError::Range);
        }
        // A leap second is folded onto :59.999…, as most log pipelines do.
        let (second, nanos) = if second == 60 {
            (59, NANOS_PER_SEC - 1)
        } else {
            (second, nanos)
        };
        let days = days_from_civil(i64::from(year), month, day);
        let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
        secs.checked_mul(NANOS_PER_SEC)
            .and_then(|n| n.checked_add(nanos))
            .map(Timestamp)
            .ok_or(TimeError::Overflow)
    }

    /// Whole seconds and the nanosecond remainder (always non-negative).
    fn split(self) -> (i64, i64) {
        (
            self.0.div_euclid(NANOS_PER_SEC),
            self.0.rem_euclid(NANOS_PER_SEC),
        )
    }

    pub fn saturating_sub_nanos(self, nanos: i64) -> Timestamp {
        Timestamp(self.0.saturating_sub(nanos))
    }

    /// The current wall-clock time.
    pub fn now() -> Timestamp {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
    }
}

/// Renders as KQL does: `2023-12-21T19:04:59.0109752Z`, always 7 fractional digits.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (secs, nanos) = self.split();
        let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
        let sod = secs.rem_euclid(86_400);
        write!(
            f,
            "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:07}Z",
            sod / 3600,
            sod / 60 % 60,
            sod % 60,
            nanos / 100
        )
    }
}

/// Parses a duration such as `24h`, `30m`, `7d`, `90s` or `1d12h` into nanoseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    for c in text.trim().chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(i64::from(d))?,
            );
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit * NANOS_PER_SEC)?)?;
    }
    if number.is_some() || text.trim().is_empty() {
        return None;
    }
    Some(total)
}

fn digits(b: &[u8], at: usize, n: usize) -> Result<u32, TimeError> {
    let s = b.get(at..at + n).ok_or(TimeError::Syntax)?;
    s.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + u32::from(c - b'0'))
        } else {
            Err(TimeError::Syntax)
        }
    })
}

fn two(a: u8, b: u8) -> Result<u32, TimeError> {
    digits(&[a, b], 0, 2)
}

fn expect(b: &[u8], at: usize, c: u8) -> Result<(), TimeError> {
    if b.get(at) == Some(&c) {
        Ok(())
    } else {
        Err(TimeError::Syntax)
    }
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms (public domain).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn fractional_digits_zero_to_nine() {
        let base = p("2023-12-21T19:04:59Z");
        assert_eq!(p("2023-12-21T19:04:59.0109752Z").0 - base.0, 10_975_200);
        assert_eq!(p("2023-12-21T19:04:59.663Z").0 - base.0, 663_000_000);
        assert_eq!(p("2023-12-21T19:04:59.1").0 - base.0, 100_000_000);
        assert_eq!(
            p("2021-12-15 23:00:03.449464400+00:00"),
            p("2021-12-15T23:00:03.4494644Z")
        );
    }

    #[test]
    fn zones_and_separators() {
        assert_eq!(p("2026-07-22T10:43:05.0000000"), p("2026-07-22T10:43:05Z"));
        assert_eq!(
            p("2017-04-07T22:24:37.251547+0100"),
            p("2017-04-07T21:24:37.251547Z")
        );
        assert_eq!(p("2021-11-03 05:01:26.226"), p("2021-11-03T05:01:26.226Z"));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2023-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-01-01T24:00:00Z",
            "2023-01-01T00:00:00.Z",
            "2023-01-01T00:00:00.1234567890Z",
            "2023-01-01T00:00:00Zjunk",
            "yesterday",
            "2023-01-01",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            Timestamp::parse("9999-01-01T00:00:00Z"),
            Err(TimeError::Overflow)
        );
    }

    #[test]
    fn display_is_kql_precision() {
        assert_eq!(
            p("2023-12-21T19:04:59.663Z").to_string(),
            "2023-12-21T19:04:59.6630000Z"
        );
        assert_eq!(
            p("1969-12-31T23:59:59.5Z").to_string(),
            "1969-12-31T23:59:59.5000000Z"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h"), Some(24 * 3600 * NANOS_PER_SEC));
        assert_eq!(parse_duration("1d12h"), Some(36 * 3600 * NANOS_PER_SEC));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("12"), None);
    }
}
