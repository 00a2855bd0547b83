// SPDX-License-Identifier: MIT OR Apache-2.0
//! HTTP dates: reading the three formats HTTP/1.1 allows (RFC 1123, RFC 850 and asctime) the
//! forgiving way WinInet's InternetTimeToSystemTime reads them, and writing RFC 1123 dates
//! (InternetTimeFromSystemTime).

/// A calendar time in Win32 SYSTEMTIME's field order. Times are UTC (GMT).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemTime16 {
    /// The year, e.g. 1994.
    pub year: u16,
    /// January is 1.
    pub month: u16,
    /// Sunday is 0.
    pub day_of_week: u16,
    /// The day of the month, from 1.
    pub day: u16,
    /// 0 to 23.
    pub hour: u16,
    /// 0 to 59.
    pub minute: u16,
    /// 0 to 59.
    pub second: u16,
    /// 0 to 999.
    pub milliseconds: u16,
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// The number of days in `month` (1 to 12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The day of the week (Sunday 0) of a date of the proleptic Gregorian calendar. The date must
/// be valid and the year at least 1.
pub fn day_of_week(year: u16, month: u16, day: u16) -> u16 {
    const OFFSETS: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let mut y = i64::from(year);
    if month < 3 {
        y -= 1;
    }
    let dow = y + y / 4 - y / 100 + y / 400 + OFFSETS[usize::from(month - 1)] + i64::from(day);
    (dow % 7) as u16
}

impl SystemTime16 {
    /// A validated time with its day of the week filled in; None when a field is out of range
    /// (year 0, month 13, February 30, hour 24, ...).
    pub fn new(
        year: u16,
        month: u16,
        day: u16,
        hour: u16,
        minute: u16,
        second: u16,
    ) -> Option<Self> {
        let t = SystemTime16 {
            year,
            month,
            day_of_week: 0,
            day,
            hour,
            minute,
            second,
            milliseconds: 0,
        };
        t.is_valid().then(|| SystemTime16 {
            day_of_week: day_of_week(year, month, day),
            ..t
        })
    }

    /// True when the date exists and the time of day is in range (the day of the week and the
    /// milliseconds are not checked).
    pub fn is_valid(&self) -> bool {
        self.year >= 1
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }
}

/// Format a time as an RFC 1123 date, `Sun, 06 Nov 1994 08:49:37 GMT` (29 characters for a
/// four-digit year). The day name is computed from the date, whatever `day_of_week` holds;
/// the milliseconds are dropped. The time must be valid ([`SystemTime16::is_valid`]).
pub fn format_rfc1123(t: &SystemTime16) -> String {
    let dow = day_of_week(t.year, t.month, t.day);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(dow)],
        t.day,
        MONTHS[usize::from(t.month - 1)],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (negative before 1970).
/// The year is counted from March, so that the leap day ends it; eras are the calendar's
/// 400-year cycles.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let march_month = (month + 9) % 12; // March is 0
    let day_of_year = (153 * march_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date (year, month, day) `days` days after 1970-01-01: the inverse of
/// [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// Format seconds since 1970 (UTC; negative before) as `2001-01-01 00:00:00 UTC`, the form
/// rinet's failure details and trace use for certificate dates.
pub fn format_utc(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// One word or number of a date string.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    numeric: bool,
    /// A comma comes before the next token.
    comma_after: bool,
}

/// Split `s` into runs of ASCII letters and runs of ASCII digits; anything else separates.
fn tokenize(s: &str) -> Vec<Token<'_>> {
    let bytes = s.as_bytes();
    let mut tokens: Vec<Token<'_>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let numeric = b.is_ascii_digit();
            let start = i;
            while i < bytes.len()
                && bytes[i].is_ascii_alphanumeric()
                && bytes[i].is_ascii_digit() == numeric
            {
                i += 1;
            }
            tokens.push(Token {
                text: &s[start..i],
                numeric,
                comma_after: false,
            });
        } else {
            if b == b',' {
                if let Some(last) = tokens.last_mut() {
                    last.comma_after = true;
                }
            }
            i += 1;
        }
    }
    tokens
}

/// A name matched on its first three letters, ignoring case: `Sun` and `Sunday` are Sunday.
fn index_of(names: &[&str], word: &str) -> Option<usize> {
    if word.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|n| n.as_bytes().eq_ignore_ascii_case(&word.as_bytes()[..3]))
}

fn number(token: Option<&Token<'_>>) -> Option<u32> {
    let t = token.filter(|t| t.numeric)?;
    if t.text.len() > 9 {
        return None;
    }
    t.text.parse().ok()
}

/// A year as written: one or two digits are 1980 to 2079 (`80` is 1980, `79` is 2079), longer
/// numbers are taken as they are.
fn year(token: Option<&Token<'_>>) -> Option<u16> {
    let t = token.filter(|t| t.numeric)?;
    let n = number(Some(t))?;
    let n = if t.text.len() <= 2 {
        if n < 80 {
            2000 + n
        } else {
            1900 + n
        }
    } else {
        n
    };
    u16::try_from(n).ok()
}

fn small(n: Option<u32>) -> Option<u16> {
    n.and_then(|n| u16::try_from(n).ok())
}

/// Parse an HTTP date the way WinInet's InternetTimeToSystemTime does, leniently:
///
/// - RFC 1123 `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and
///   asctime `Sun Nov  6 08:49:37 1994` are read, and so are their relatives: any characters
///   other than letters and digits separate fields, names ignore case and are matched on their
///   first three letters, the month may be a number (`07-01-2005` is 7 January), the weekday
///   may be missing or be a number followed by a comma (`5, 07-01-2005 ...`), and whatever
///   follows the time (`GMT`, `UTC`, `+0000`, junk) is ignored.
/// - A one- or two-digit year is 1980 to 2079; a longer year is taken as written.
/// - In the RFC 1123 and 850 layouts the time of day may be left out (midnight).
///
/// The day of the week is computed from the date; a weekday written in the text is not
/// checked against it. Times are GMT; milliseconds are 0. None when there is no valid date.
pub fn parse_http_date(s: &str) -> Option<SystemTime16> {
    let tokens = tokenize(s);
    let mut i = 0;
    match tokens.first() {
        Some(t) if !t.numeric && index_of(&DAYS, t.text).is_some() => i = 1,
        Some(t) if t.numeric && t.comma_after && t.text.len() == 1 => i = 1,
        _ => {}
    }
    let first = tokens.get(i)?;
    let (y, mo, d, h, mi, se);
    if !first.numeric {
        // asctime: month day hh mm ss year
        mo = index_of(&MONTHS, first.text)? as u16 + 1;
        d = small(number(tokens.get(i + 1)))?;
        h = small(number(tokens.get(i + 2)))?;
        mi = small(number(tokens.get(i + 3)))?;
        se = small(number(tokens.get(i + 4)))?;
        y = year(tokens.get(i + 5))?;
    } else {
        // RFC 1123 / 850: day month year [hh mm ss]
        d = small(number(Some(first)))?;
        let m = tokens.get(i + 1)?;
        mo = if m.numeric {
            small(number(Some(m)))?
        } else {
            index_of(&MONTHS, m.text)? as u16 + 1
        };
        y = year(tokens.get(i + 2))?;
        let time: Vec<u16> = tokens[i + 3..]
            .iter()
            .take(3)
            .take_while(|t| t.numeric)
            .map(|t| small(number(Some(t))))
            .collect::<Option<_>>()?;
        h = time.first().copied().unwrap_or(0);
        mi = time.get(1).copied().unwrap_or(0);
        se = time.get(2).copied().unwrap_or(0);
    }
    SystemTime16::new(y, mo, d, h, mi, se)
}

/// The UTC time `secs` seconds and `millis` milliseconds after 1970-01-01 00:00:00 (years up to
/// 65535; later ones saturate).
pub fn from_unix_seconds(secs: u64, millis: u16) -> SystemTime16 {
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // A u64 count of seconds has fewer than 2^47 days: the day count fits an i64.
    let (year, month, day) = civil_from_days(days as i64);
    let year = u16::try_from(year).unwrap_or(u16::MAX);
    let (month, day) = (month as u16, day as u16);
    SystemTime16 {
        year,
        month,
        day_of_week: ((days + 4) % 7) as u16,
        day,
        hour: (rest / 3600) as u16,
        minute: (rest / 60 % 60) as u16,
        second: (rest % 60) as u16,
        milliseconds: millis,
    }
}

/// What InternetTimeToSystemTime makes of `s`: the date [`parse_http_date`] reads, or, when `s`
/// stops short of one (`Fr`, `Fri, 07 Jan`, an empty string), `now` with the fields that could
/// be read put in its place, as WinInet does.
///
/// The fields are read in the order of the layout the text starts with (weekday, then day,
/// month, year, hour, minute, second; or, for asctime, month, day, hour, minute, second, year),
/// each as [`parse_http_date`] reads it; the first one missing or out of range (a day of 32, an
/// hour of 24) ends the reading, and it and the fields after it keep `now`'s value. A weekday
/// name or digit read is kept as written. Never fails.
pub fn parse_http_date_or(s: &str, now: SystemTime16) -> SystemTime16 {
    if let Some(t) = parse_http_date(s) {
        return t;
    }
    let tokens = tokenize(s);
    let mut t = now;
    let mut i = 0;
    match tokens.first() {
        Some(w) if !w.numeric => {
            if let Some(d) = index_of(&DAYS, w.text) {
                t.day_of_week = d as u16;
                i = 1;
            }
        }
        Some(w) if w.numeric && w.comma_after && w.text.len() == 1 => {
            if let Some(d) = small(number(Some(w))).filter(|&d| d < 7) {
                t.day_of_week = d;
            }
            i = 1;
        }
        _ => {}
    }
    #[derive(Clone, Copy)]
    enum Field {
        Day,
        Month,
        Year,
        Hour,
        Minute,
        Second,
    }
    use Field::*;
    let order = match tokens.get(i) {
        Some(first) if !first.numeric => [Month, Day, Hour, Minute, Second, Year],
        _ => [Day, Month, Year, Hour, Minute, Second],
    };
    for (k, field) in order.into_iter().enumerate() {
        let token = tokens.get(i + k);
        let below = |limit: u16| small(number(token)).filter(|&n| n < limit);
        let read = match field {
            Day => small(number(token))
                .filter(|d| (1..=31).contains(d))
                .map(|d| t.day = d),
            Month => match token {
                Some(m) if m.numeric => small(number(Some(m)))
                    .filter(|m| (1..=12).contains(m))
                    .map(|m| t.month = m),
                Some(m) => index_of(&MONTHS, m.text).map(|m| t.month = m as u16 + 1),
                None => None,
            },
            Year => year(token).filter(|&y| y >= 1).map(|y| t.year = y),
            Hour => below(24).map(|h| t.hour = h),
            Minute => below(60).map(|m| t.minute = m),
            Second => below(60).map(|s| t.second = s),
        };
        if read.is_none() {
            break;
        }
    }
    t
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        use super::format_utc;
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(978_307_200), "2001-01-01 00:00:00 UTC");
        assert_eq!(format_utc(951_825_599), "2000-02-29 11:59:59 UTC");
        assert_eq!(format_utc(1_709_251_199), "2024-02-29 23:59:59 UTC");
        assert_eq!(format_utc(67_090_118_400), "4096-01-01 00:00:00 UTC");
    }

    use super::*;

    fn st(year: u16, month: u16, dow: u16, day: u16, h: u16, m: u16, s: u16) -> SystemTime16 {
        SystemTime16 {
            year,
            month,
            day_of_week: dow,
            day,
            hour: h,
            minute: m,
            second: s,
            milliseconds: 0,
        }
    }

    #[test]
    fn unix_seconds_to_civil_time() {
        assert_eq!(from_unix_seconds(0, 0), st(1970, 1, 4, 1, 0, 0, 0));
        // Fri, 07 Jan 2005 12:06:35 GMT
        assert_eq!(
            from_unix_seconds(1_105_099_595, 0),
            st(2005, 1, 5, 7, 12, 6, 35)
        );
        // Tue, 29 Feb 2000 23:59:59, Wed, 01 Mar 2000 00:00:00
        assert_eq!(
            from_unix_seconds(951_868_799, 0),
            st(2000, 2, 2, 29, 23, 59, 59)
        );
        assert_eq!(
            from_unix_seconds(951_868_800, 0),
            st(2000, 3, 3, 1, 0, 0, 0)
        );
        // Fri, 31 Dec 9999 23:59:59
        assert_eq!(
            from_unix_seconds(253_402_300_799, 0),
            st(9999, 12, 5, 31, 23, 59, 59)
        );
        assert_eq!(from_unix_seconds(5, 999).milliseconds, 999);
        // Every day's weekday and date agree with the calendar functions.
        for day in (0..200_000u64).step_by(7919) {
            let t = from_unix_seconds(day * 86_400 + 3_661, 0);
            assert!(t.is_valid(), "{t:?}");
            assert_eq!(t.day_of_week, day_of_week(t.year, t.month, t.day), "{t:?}");
            assert_eq!((t.hour, t.minute, t.second), (1, 1, 1));
        }
        assert_eq!(from_unix_seconds(u64::MAX, 0).year, u16::MAX);
    }

    #[test]
    fn partial_dates_fill_what_they_hold() {
        let now = SystemTime16 {
            milliseconds: 250,
            ..st(2026, 12, 4, 3, 12, 24, 48)
        };
        let with = |f: fn(&mut SystemTime16)| {
            let mut t = now;
            f(&mut t);
            t
        };
        // A whole date is the date, whatever `now` is.
        assert_eq!(
            parse_http_date_or("Fri, 07 Jan 2005 12:06:35 GMT", now),
            st(2005, 1, 5, 7, 12, 6, 35)
        );
        // Nothing to read: `now`.
        for s in ["", "Fr", "not a date", "   ", "GMT", "Xyz, 07 Jan 2005"] {
            assert_eq!(parse_http_date_or(s, now), now, "{s:?}");
        }
        assert_eq!(parse_http_date_or("Fri", now), with(|t| t.day_of_week = 5));
        assert_eq!(
            parse_http_date_or("Fri, 07", now),
            with(|t| {
                t.day_of_week = 5;
                t.day = 7;
            })
        );
        assert_eq!(
            parse_http_date_or("Fri, 07 Jan", now),
            with(|t| {
                t.day_of_week = 5;
                t.day = 7;
                t.month = 1;
            })
        );
        assert_eq!(
            parse_http_date_or("2, 11-01", now),
            with(|t| {
                t.day_of_week = 2;
                t.day = 11;
                t.month = 1;
            })
        );
        // asctime order: month, day, time of day, then the year.
        assert_eq!(
            parse_http_date_or("Fri Jan 7 12:06", now),
            with(|t| {
                t.day_of_week = 5;
                t.month = 1;
                t.day = 7;
                t.hour = 12;
                t.minute = 6;
            })
        );
        assert_eq!(
            parse_http_date_or("Jan 7 12:06:35", now),
            with(|t| {
                t.month = 1;
                t.day = 7;
                t.hour = 12;
                t.minute = 6;
                t.second = 35;
            })
        );
        // A field out of range ends the reading.
        assert_eq!(
            parse_http_date_or("Fri, 32 Jan 2005 12:06:35 GMT", now),
            with(|t| t.day_of_week = 5)
        );
        assert_eq!(
            parse_http_date_or("Fri, 07 Foo 2005", now),
            with(|t| {
                t.day_of_week = 5;
                t.day = 7;
            })
        );
        assert_eq!(
            parse_http_date_or("Fri, 07 13 2005", now),
            with(|t| {
                t.day_of_week = 5;
                t.day = 7;
            })
        );
        // 31 February: each field read is kept (the date is then not valid).
        let feb31 = parse_http_date_or("Fri, 31 Feb 2005", now);
        assert_eq!((feb31.day, feb31.month, feb31.year), (31, 2, 2005));
        assert_eq!((feb31.hour, feb31.minute, feb31.second), (12, 24, 48));
        // A weekday digit out of range is skipped, not kept.
        assert_eq!(parse_http_date_or("9, 07", now), with(|t| t.day = 7));
    }

    #[test]
    fn parses_the_three_http_formats() {
        let want = st(1994, 11, 0, 6, 8, 49, 37);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(want));
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(want)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(want));
    }

    #[test]
    fn parses_what_wininet_accepts() {
        let jan7 = st(2005, 1, 5, 7, 12, 6, 35);
        for s in [
            "Fri, 07 Jan 2005 12:06:35 GMT",
            "Fri, 07 Jan 2005 12:06:35 UTC",
            " fri, 7 jan 2005 12 06 35",
            "Fri, 07-01-2005 12:06:35",
            "5, 07-01-2005 12:06:35 GMT",
            "5, 07-01-2005 12:06:35 UTC",
            "5, 07-01-2005 12:06:35 GMT;",
            "5, 07-01-2005 12:06:35 GMT123",
            "Fri Jan 7 12:06:35 2005",
            "Fri Jan 7 12:06:35 2005 GMT",
            "Fri Jan 7 12:06:35 2005 UTC",
            "Fri, 7-Jan-05 12:06:35 GMT",
            "07 Jan 2005 12:06:35 GMT",
        ] {
            assert_eq!(parse_http_date(s), Some(jan7), "{s:?}");
        }
        let jan11 = st(2022, 1, 2, 11, 11, 13, 5);
        for s in [
            "2, 11 01 2022 11 13 05",
            "2, 11-01-2022 11#13^05",
            "2, 11*01/2022 11+13=05",
            "2, 11-Jan-2022 11:13:05",
        ] {
            assert_eq!(parse_http_date(s), Some(jan11), "{s:?}");
        }
    }

    #[test]
    fn years() {
        // The weekday is computed from the date: 7 January 1999 was a Thursday.
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 99 UTC"),
            Some(st(1999, 1, 4, 7, 12, 6, 35))
        );
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 79 UTC").map(|t| t.year),
            Some(2079)
        );
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 80 UTC").map(|t| t.year),
            Some(1980)
        );
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 100 UTC").map(|t| t.year),
            Some(100)
        );
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 1600 UTC").map(|t| t.year),
            Some(1600)
        );
        assert_eq!(
            parse_http_date("Fri Jan 7 12:06:35 30828 UTC").map(|t| t.year),
            Some(30828)
        );
        assert_eq!(parse_http_date("Fri Jan 7 12:06:35 70000 UTC"), None);
    }

    #[test]
    fn time_of_day_may_be_missing_in_rfc_layouts() {
        assert_eq!(
            parse_http_date("Fri, 07 Jan 2005"),
            Some(st(2005, 1, 5, 7, 0, 0, 0))
        );
        assert_eq!(
            parse_http_date("Fri, 07 Jan 2005 12 GMT"),
            Some(st(2005, 1, 5, 7, 12, 0, 0))
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for s in [
            "",
            "Fr",
            "GMT",
            "Fri, 32 Jan 2005 12:06:35 GMT",
            "Fri, 29 Feb 2005 12:06:35 GMT",
            "Fri, 07 Foo 2005 12:06:35 GMT",
            "Fri, 07 13 2005 12:06:35 GMT",
            "Fri, 07 Jan 2005 24:00:00 GMT",
            "Fri, 07 Jan 2005 23:60:00 GMT",
            "Fri Jan 7 12:06 2005",
            "Fri, 07 Jan",
            "Fri, 07 Jan 000 12:06:35",
            "99999999999999999999 Jan 2005",
        ] {
            assert_eq!(parse_http_date(s), None, "{s:?}");
        }
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT"),
            Some(st(2000, 2, 2, 29, 0, 0, 0))
        );
    }

    #[test]
    fn formats_rfc1123() {
        let t = st(2005, 1, 5, 7, 12, 6, 35);
        assert_eq!(format_rfc1123(&t), "Fri, 07 Jan 2005 12:06:35 GMT");
        // The day name comes from the date, not from day_of_week.
        let t = SystemTime16 {
            day_of_week: 0,
            milliseconds: 999,
            ..t
        };
        assert_eq!(format_rfc1123(&t), "Fri, 07 Jan 2005 12:06:35 GMT");
        assert_eq!(
            format_rfc1123(&st(1994, 11, 0, 6, 8, 49, 37)),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(format_rfc1123(&st(99, 12, 0, 31, 23, 59, 59)).len(), 29);
        assert_eq!(
            format_rfc1123(&st(99, 12, 0, 31, 23, 59, 59)),
            "Thu, 31 Dec 0099 23:59:59 GMT"
        );
    }

    #[test]
    fn round_trips_and_weekdays() {
        // 1 January 1601 was a Monday; 31 December 9999 a Friday.
        assert_eq!(day_of_week(1601, 1, 1), 1);
        assert_eq!(day_of_week(9999, 12, 31), 5);
        assert_eq!(day_of_week(1970, 1, 1), 4);
        assert_eq!(day_of_week(2024, 2, 29), 4);
        let mut n = 0;
        for year in [1, 1600, 1900, 1970, 2000, 2023, 2024, 9999] {
            for month in 1..=12 {
                for day in [1, 15, days_in_month(year, month)] {
                    let t = SystemTime16::new(year, month, day, 23, 59, 58).unwrap();
                    assert_eq!(parse_http_date(&format_rfc1123(&t)), Some(t));
                    n += 1;
                }
            }
        }
        assert_eq!(n, 8 * 12 * 3);
    }

    #[test]
    fn validation() {
        assert!(SystemTime16::new(2024, 2, 29, 0, 0, 0).is_some());
        assert!(SystemTime16::new(2023, 2, 29, 0, 0, 0).is_none());
        assert!(SystemTime16::new(1900, 2, 29, 0, 0, 0).is_none());
        assert!(SystemTime16::new(0, 1, 1, 0, 0, 0).is_none());
        assert!(SystemTime16::new(2024, 0, 1, 0, 0, 0).is_none());
        assert!(SystemTime16::new(2024, 1, 0, 0, 0, 0).is_none());
        assert!(SystemTime16::new(2024, 1, 1, 0, 0, 60).is_none());
    }
}
