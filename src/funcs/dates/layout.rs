//! Go's reference-time layouts (`Mon Jan 2 15:04:05 MST 2006`): splitting
//! a layout into its elements, formatting a civil time with one, and
//! parsing text by one (what `toDate` does).

/// A broken-down time, as a layout sees it.
#[derive(Debug, Clone, Default)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    pub nanos: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    pub yday: u32,
    pub offset: i32,
    pub abbrev: String,
}

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

pub fn month_name(m: u32) -> &'static str {
    MONTHS[(m as usize + 11) % 12]
}

pub fn day_name(d: u32) -> &'static str {
    DAYS[d as usize % 7]
}

/// One element of a layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Std {
    Lit,
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    Tz,
    /// Numeric zone: (`Z` for UTC?, with colons?, seconds?, hours only?)
    Num(bool, bool, bool, bool),
    /// Fractional seconds: digits, trailing zeros trimmed (`9`)?
    Frac(usize, bool),
}

/// Splits a layout into (element, its text) pairs, Go's `nextStdChunk`.
pub(super) fn chunks(layout: &str) -> Vec<(Std, &str)> {
    let b = layout.as_bytes();
    let mut out: Vec<(Std, &str)> = Vec::new();
    let (mut i, mut lit) = (0, 0);
    let lower_at = |j: usize| b.get(j).is_some_and(u8::is_ascii_lowercase);
    while i < b.len() {
        let rest = &layout[i..];
        let hit: Option<(Std, usize)> = match b[i] {
            b'J' if rest.starts_with("January") => Some((Std::LongMonth, 7)),
            b'J' if rest.starts_with("Jan") && !lower_at(i + 3) => Some((Std::Month, 3)),
            b'M' if rest.starts_with("Monday") => Some((Std::LongWeekDay, 6)),
            b'M' if rest.starts_with("Mon") && !lower_at(i + 3) => Some((Std::WeekDay, 3)),
            b'M' if rest.starts_with("MST") => Some((Std::Tz, 3)),
            b'0' if rest.starts_with("002") => Some((Std::ZeroYearDay, 3)),
            b'0' => match b.get(i + 1) {
                Some(b'1') => Some((Std::ZeroMonth, 2)),
                Some(b'2') => Some((Std::ZeroDay, 2)),
                Some(b'3') => Some((Std::ZeroHour12, 2)),
                Some(b'4') => Some((Std::ZeroMinute, 2)),
                Some(b'5') => Some((Std::ZeroSecond, 2)),
                Some(b'6') => Some((Std::Year, 2)),
                _ => None,
            },
            b'1' if rest.starts_with("15") => Some((Std::Hour, 2)),
            b'1' => Some((Std::NumMonth, 1)),
            b'2' if rest.starts_with("2006") => Some((Std::LongYear, 4)),
            b'2' => Some((Std::Day, 1)),
            b'_' if rest.starts_with("_2") && !rest.starts_with("_2006") => {
                Some((Std::UnderDay, 2))
            }
            b'_' if rest.starts_with("__2") => Some((Std::UnderYearDay, 3)),
            b'3' => Some((Std::Hour12, 1)),
            b'4' => Some((Std::Minute, 1)),
            b'5' => Some((Std::Second, 1)),
            b'P' if rest.starts_with("PM") => Some((Std::PM, 2)),
            b'p' if rest.starts_with("pm") => Some((Std::Pm, 2)),
            b'-' | b'Z' => {
                let z = b[i] == b'Z';
                [
                    ("070000", false, true, false),
                    ("07:00:00", true, true, false),
                    ("0700", false, false, false),
                    ("07:00", true, false, false),
                    ("07", false, false, true),
                ]
                .iter()
                .find(|(p, ..)| rest[1..].starts_with(p))
                .map(|&(p, colon, secs, hours)| (Std::Num(z, colon, secs, hours), p.len() + 1))
            }
            b'.' | b',' if matches!(b.get(i + 1), Some(b'0' | b'9')) => {
                let d = b[i + 1];
                let n = b[i + 1..].iter().take_while(|&&c| c == d).count();
                (!b.get(i + 1 + n).is_some_and(u8::is_ascii_digit))
                    .then_some((Std::Frac(n, d == b'9'), n + 1))
            }
            _ => None,
        };
        match hit {
            Some((std, len)) => {
                if lit < i {
                    out.push((Std::Lit, &layout[lit..i]));
                }
                out.push((std, &layout[i..i + len]));
                i += len;
                lit = i;
            }
            None => i += layout[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if lit < b.len() {
        out.push((Std::Lit, &layout[lit..]));
    }
    out
}

/// `Time.Format`.
pub fn format(t: &Civil, layout: &str) -> String {
    let mut s = String::new();
    let h12 = if t.hour.is_multiple_of(12) {
        12
    } else {
        t.hour % 12
    };
    for (std, text) in chunks(layout) {
        match std {
            Std::Lit => s.push_str(text),
            Std::LongMonth => s.push_str(month_name(t.month)),
            Std::Month => s.push_str(&month_name(t.month)[..3]),
            Std::NumMonth => s.push_str(&t.month.to_string()),
            Std::ZeroMonth => s.push_str(&format!("{:02}", t.month)),
            Std::LongWeekDay => s.push_str(day_name(t.weekday)),
            Std::WeekDay => s.push_str(&day_name(t.weekday)[..3]),
            Std::Day => s.push_str(&t.day.to_string()),
            Std::UnderDay => s.push_str(&format!("{:>2}", t.day)),
            Std::ZeroDay => s.push_str(&format!("{:02}", t.day)),
            Std::UnderYearDay => s.push_str(&format!("{:>3}", t.yday)),
            Std::ZeroYearDay => s.push_str(&format!("{:03}", t.yday)),
            Std::Hour => s.push_str(&format!("{:02}", t.hour)),
            Std::Hour12 => s.push_str(&h12.to_string()),
            Std::ZeroHour12 => s.push_str(&format!("{h12:02}")),
            Std::Minute => s.push_str(&t.min.to_string()),
            Std::ZeroMinute => s.push_str(&format!("{:02}", t.min)),
            Std::Second => s.push_str(&t.sec.to_string()),
            Std::ZeroSecond => s.push_str(&format!("{:02}", t.sec)),
            Std::LongYear => {
                if t.year < 0 {
                    s.push_str(&format!("-{:04}", -t.year));
                } else {
                    s.push_str(&format!("{:04}", t.year));
                }
            }
            Std::Year => s.push_str(&format!("{:02}", t.year.rem_euclid(100))),
            Std::PM => s.push_str(if t.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => s.push_str(if t.hour >= 12 { "pm" } else { "am" }),
            Std::Tz => {
                if t.abbrev.is_empty() {
                    s.push_str(&zone(t.offset, false, false, false, false));
                } else {
                    s.push_str(&t.abbrev);
                }
            }
            Std::Num(z, colon, secs, hours) => {
                s.push_str(&zone(t.offset, z, colon, secs, hours));
            }
            Std::Frac(n, trim) => {
                let digits = format!("{:09}", t.nanos);
                let mut d = &digits[..n.min(9)];
                if trim {
                    d = d.trim_end_matches('0');
                }
                if !d.is_empty() || !trim {
                    s.push_str(&text[..1]);
                    s.push_str(d);
                }
            }
        }
    }
    s
}

fn zone(offset: i32, z: bool, colon: bool, secs: bool, hours: bool) -> String {
    if z && offset == 0 {
        return "Z".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let o = offset.unsigned_abs();
    let sep = if colon { ":" } else { "" };
    let mut s = format!("{sign}{:02}", o / 3600);
    if !hours {
        s.push_str(&format!("{sep}{:02}", o / 60 % 60));
    }
    if secs {
        s.push_str(&format!("{sep}{:02}", o % 60));
    }
    s
}

pub use super::parse::parse;
