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

const MONTHS: [&str; 12] = [
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
const DAYS: [&str; 7] = [
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
enum Std {
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
fn chunks(layout: &str) -> Vec<(Std, &str)> {
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
    let h12 = if t.hour % 12 == 0 { 12 } else { t.hour % 12 };
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

/// What a parse found: the civil fields, and the zone if the text named one.
pub struct Parsed {
    pub civil: Civil,
    /// Offset given numerically (or `Z`/`UTC`).
    pub offset: Option<i32>,
    /// A zone abbreviation other than UTC (`MST`): resolved by the caller.
    pub abbrev: Option<String>,
}

fn go_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn digits(v: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((v[..n].parse().ok()?, &v[n..]))
}

fn name_prefix<'a>(v: &'a str, names: &[&str], len: Option<usize>) -> Option<(u32, &'a str)> {
    names.iter().enumerate().find_map(|(i, name)| {
        let name = len.map_or(*name, |l| &name[..l]);
        let head = v.get(..name.len())?;
        head.eq_ignore_ascii_case(name)
            .then(|| (i as u32, &v[name.len()..]))
    })
}

/// `time.Parse`'s reading of `value` by `layout`, with Go's error texts.
pub fn parse(layout: &str, value: &str) -> Result<Parsed, String> {
    let err = |lelem: &str, velem: &str, msg: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}{msg}",
            go_quote(value),
            go_quote(layout),
            go_quote(velem),
            go_quote(lelem)
        )
    };
    let range = |what: &str| format!("parsing time {}: {what} out of range", go_quote(value));
    let mut c = Civil {
        year: 1,
        month: 1,
        day: 1,
        ..Civil::default()
    };
    let (mut offset, mut abbrev, mut pm, mut am) = (None, None, false, false);
    let mut yday = None;
    let mut v = value;
    let list = chunks(layout);
    for (idx, &(std, text)) in list.iter().enumerate() {
        let next_is_frac = matches!(list.get(idx + 1), Some((Std::Frac(..), _)));
        let before = v;
        let bad = |v: &str| err(text, v, "");
        let got: Option<&str> = match std {
            Std::Lit => {
                let t = text.trim_start_matches(' ');
                v = v.trim_start_matches(' ');
                if !t.is_empty() || text.is_empty() {
                    v.strip_prefix(t).or_else(|| {
                        let _ = t;
                        None
                    })
                } else {
                    Some(v)
                }
            }
            Std::LongYear => {
                let ok = v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit);
                ok.then(|| {
                    c.year = v[..4].parse().unwrap_or(0);
                    &v[4..]
                })
            }
            Std::Year => digits(v, 2, 2).map(|(y, r)| {
                c.year = i64::from(if y >= 69 { y + 1900 } else { y + 2000 });
                r
            }),
            Std::LongMonth | Std::Month => {
                let len = (std == Std::Month).then_some(3);
                name_prefix(v, &MONTHS, len).map(|(m, r)| {
                    c.month = m + 1;
                    r
                })
            }
            Std::LongWeekDay | Std::WeekDay => {
                let len = (std == Std::WeekDay).then_some(3);
                name_prefix(v, &DAYS, len).map(|(_, r)| r)
            }
            Std::NumMonth | Std::ZeroMonth => {
                let min = if std == Std::ZeroMonth { 2 } else { 1 };
                match digits(v, min, 2) {
                    Some((m, r)) if (1..=12).contains(&m) => {
                        c.month = m;
                        Some(r)
                    }
                    Some(_) => return Err(range("month")),
                    None => None,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && v.starts_with(' ') {
                    v = &v[1..];
                }
                let min = if std == Std::ZeroDay { 2 } else { 1 };
                digits(v, min, 2).map(|(d, r)| {
                    c.day = d;
                    r
                })
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                if std == Std::UnderYearDay {
                    v = v.trim_start_matches(' ');
                }
                digits(v, 3, 3).map(|(d, r)| {
                    yday = Some(d);
                    r
                })
            }
            Std::Hour | Std::Hour12 | Std::ZeroHour12 => {
                let min = if std == Std::Hour12 { 1 } else { 2 };
                let max = if std == Std::Hour { 23 } else { 12 };
                match digits(v, min, 2) {
                    Some((h, _)) if h > max => return Err(range("hour")),
                    Some((h, r)) => {
                        c.hour = h;
                        Some(r)
                    }
                    None => None,
                }
            }
            Std::Minute | Std::ZeroMinute | Std::Second | Std::ZeroSecond => {
                let min = if matches!(std, Std::ZeroMinute | Std::ZeroSecond) {
                    2
                } else {
                    1
                };
                let is_min = matches!(std, Std::Minute | Std::ZeroMinute);
                match digits(v, min, 2) {
                    Some((n, _)) if n >= 60 => {
                        return Err(range(if is_min { "minute" } else { "second" }));
                    }
                    Some((n, r)) => {
                        if is_min {
                            c.min = n;
                        } else {
                            c.sec = n;
                        }
                        Some(r)
                    }
                    None => None,
                }
            }
            Std::PM | Std::Pm => {
                let head = v.get(..2).unwrap_or_default();
                match head {
                    "PM" | "pm" => pm = true,
                    "AM" | "am" => am = true,
                    _ => {}
                }
                (pm || am).then(|| &v[2..])
            }
            Std::Tz => {
                if let Some(r) = v.strip_prefix("UTC") {
                    offset = Some(0);
                    Some(r)
                } else {
                    let n = v.bytes().take_while(u8::is_ascii_uppercase).count();
                    (3..=5).contains(&n).then(|| {
                        abbrev = Some(v[..n].to_owned());
                        &v[n..]
                    })
                }
            }
            Std::Num(z, colon, secs, hours) => {
                if z && v.starts_with('Z') {
                    offset = Some(0);
                    Some(&v[1..])
                } else {
                    parse_zone(v, colon, secs, hours).map(|(o, r)| {
                        offset = Some(o);
                        r
                    })
                }
            }
            // `.000` wants exactly that many digits; `.999` any number,
            // or none at all.
            Std::Frac(n, nines) => {
                let sep_ok = v.starts_with(['.', ',']);
                let k = v
                    .get(1..)
                    .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
                if nines && !(sep_ok && k > 0) {
                    Some(v)
                } else {
                    (sep_ok && (k == n || nines)).then(|| {
                        let d = &v[1..1 + k];
                        let padded = format!("{:0<9}", &d[..k.min(9)]);
                        c.nanos = padded.parse().unwrap_or(0);
                        &v[1 + k..]
                    })
                }
            }
        };
        match got {
            Some(r) => v = r,
            None => return Err(bad(before)),
        }
        // Go reads a fraction after seconds even when the layout has none.
        if matches!(std, Std::Second | Std::ZeroSecond)
            && !next_is_frac
            && v.starts_with(['.', ','])
        {
            let k = v[1..].bytes().take_while(u8::is_ascii_digit).count();
            if k > 0 {
                let padded = format!("{:0<9}", &v[1..1 + k.min(9)]);
                c.nanos = padded.parse().unwrap_or(0);
                v = &v[1 + k..];
            }
        }
    }
    if !v.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            go_quote(value),
            go_quote(v)
        ));
    }
    if pm && c.hour < 12 {
        c.hour += 12;
    } else if am && c.hour == 12 {
        c.hour = 0;
    }
    if let Some(d) = yday {
        let leap = days_in_month(c.year, 2) == 29;
        if d < 1 || d > 365 + u32::from(leap) {
            return Err(range("day-of-year"));
        }
        c.yday = d;
        if c.month == 1 && c.day == 1 {
            let mut left = d;
            let mut m = 1;
            while left > days_in_month(c.year, m) {
                left -= days_in_month(c.year, m);
                m += 1;
            }
            c.month = m;
            c.day = left;
        }
    }
    let dim = days_in_month(c.year, c.month);
    if c.day < 1 || c.day > dim {
        return Err(range("day"));
    }
    Ok(Parsed {
        civil: c,
        offset,
        abbrev,
    })
}

fn parse_zone(v: &str, colon: bool, secs: bool, hours: bool) -> Option<(i32, &str)> {
    let sign = match v.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut r = &v[1..];
    let mut part = |first: bool| -> Option<i32> {
        if !first && colon {
            r = r.strip_prefix(':')?;
        }
        let (n, rest) = digits(r, 2, 2)?;
        r = rest;
        Some(n as i32)
    };
    let h = part(true)?;
    let m = if hours { 0 } else { part(false)? };
    let s = if secs { part(false)? } else { 0 };
    Some((sign * (h * 3600 + m * 60 + s), r))
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
