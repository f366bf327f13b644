//! `time.Parse`: reading text by a Go layout, with Go's error texts.

use super::layout::{Civil, DAYS, MONTHS, Std, chunks};

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
