//! Dates: `now`, `date`, `dateInZone`, `htmlDate`, `htmlDateInZone`,
//! `dateModify`, `mustDateModify`, `toDate`, `mustToDate`, `unixEpoch`,
//! `duration`, `durationRound`, `ago` (and Sprig's snake_case aliases).
//!
//! Values are Go `time.Time`s ([`GoTime`]): an instant plus the zone it
//! prints in. `toDate` reads and `date` prints in the *local* zone, as Go
//! does (`TZ`, else /etc/localtime), so fixed inputs give fixed output on a
//! given machine; zones come from the IANA database compiled in
//! (chrono-tz), so results do not depend on the host's zoneinfo files.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::{OffsetName, Tz};
use minijinja::Value;

use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, GoStruct, Kind, View, view};
use crate::values::Value as Data;

pub(crate) mod duration;
mod layout;
mod parse;

use layout::Civil;

/// Where a time prints: UTC, a fixed offset (from parsed text) or a zone.
#[derive(Debug, Clone, PartialEq)]
pub enum Loc {
    Utc,
    /// An offset read from text, with the abbreviation it was written as
    /// (Go's `FixedZone`); empty when given numerically.
    Fixed(i32, String),
    Zone(Tz),
}

/// Go's `time.Local`: `TZ` if set (empty means UTC), else the zone
/// /etc/localtime links to, else UTC.
fn local() -> Loc {
    static LOCAL: OnceLock<Loc> = OnceLock::new();
    LOCAL
        .get_or_init(|| {
            let name = match std::env::var("TZ") {
                Ok(tz) => tz.trim_start_matches(':').to_owned(),
                Err(_) => std::fs::read_link("/etc/localtime")
                    .ok()
                    .and_then(|p| {
                        let s = p.to_string_lossy().into_owned();
                        s.split_once("zoneinfo/").map(|(_, z)| z.to_owned())
                    })
                    .unwrap_or_default(),
            };
            match name.as_str() {
                "" | "UTC" => Loc::Utc,
                n => n.parse::<Tz>().map_or(Loc::Utc, Loc::Zone),
            }
        })
        .clone()
}

/// Go's `time.LoadLocation`; Sprig falls back to UTC when it fails.
fn load_location(name: &str) -> Loc {
    match name {
        "" | "UTC" => Loc::Utc,
        "Local" => local(),
        n => n.parse::<Tz>().map_or(Loc::Utc, Loc::Zone),
    }
}

/// A Go `time.Time`.
#[derive(Debug, Clone)]
pub struct GoTime {
    pub secs: i64,
    pub nanos: u32,
    pub loc: Loc,
}

impl GoTime {
    /// Go's zero time, what `toDate` gives for text it cannot parse.
    fn zero() -> GoTime {
        GoTime {
            secs: -62_135_596_800,
            nanos: 0,
            loc: Loc::Utc,
        }
    }

    fn now() -> GoTime {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        GoTime {
            secs: d.as_secs() as i64,
            nanos: d.subsec_nanos(),
            loc: local(),
        }
    }

    fn unix_nanos(&self) -> i128 {
        i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos)
    }

    fn add(&self, d: i64) -> GoTime {
        let n = self.unix_nanos() + i128::from(d);
        GoTime {
            secs: n.div_euclid(1_000_000_000) as i64,
            nanos: n.rem_euclid(1_000_000_000) as u32,
            loc: self.loc.clone(),
        }
    }

    fn civil(&self) -> Civil {
        let utc = DateTime::from_timestamp(self.secs, self.nanos).unwrap_or_default();
        let (naive, offset, abbrev) = match &self.loc {
            Loc::Utc => (utc.naive_utc(), 0, "UTC".to_owned()),
            Loc::Fixed(o, name) => (
                utc.naive_utc() + chrono::Duration::seconds(i64::from(*o)),
                *o,
                name.clone(),
            ),
            Loc::Zone(tz) => {
                let off = tz.offset_from_utc_datetime(&utc.naive_utc());
                let secs = off.fix().local_minus_utc();
                let name = match off.abbreviation() {
                    Some(n) if !n.starts_with(['+', '-']) => n.to_owned(),
                    _ => numeric_abbrev(secs),
                };
                (
                    utc.naive_utc() + chrono::Duration::seconds(i64::from(secs)),
                    secs,
                    name,
                )
            }
        };
        Civil {
            year: i64::from(naive.year()),
            month: naive.month(),
            day: naive.day(),
            hour: naive.hour(),
            min: naive.minute(),
            sec: naive.second(),
            nanos: self.nanos,
            weekday: naive.weekday().num_days_from_sunday(),
            yday: naive.ordinal(),
            offset,
            abbrev,
        }
    }

    fn format(&self, layout: &str) -> String {
        layout::format(&self.civil(), layout)
    }

    fn in_loc(&self, loc: Loc) -> GoTime {
        GoTime {
            loc,
            ..self.clone()
        }
    }
}

/// The name tzdata's `%z` gives a zone without a letter abbreviation, which
/// Go prints as is: `+04`, `+0545`, `-03` (zic drops zero minutes and
/// seconds; chrono-tz's own rendering of `%z` does not always).
fn numeric_abbrev(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    match (m, s) {
        (0, 0) => format!("{sign}{h:02}"),
        (_, 0) => format!("{sign}{h:02}{m:02}"),
        _ => format!("{sign}{h:02}{m:02}{s:02}"),
    }
}

/// The instant a civil time names in `loc` (the earlier one in a fold; in
/// a gap, the offset from before it).
fn from_civil(c: &Civil, loc: Loc, offset: Option<i32>, abbrev: Option<&str>) -> Option<GoTime> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(c.year).ok()?, c.month, c.day)?;
    let naive = date.and_hms_nano_opt(c.hour, c.min, c.sec, c.nanos)?;
    let utc_secs = naive.and_utc().timestamp();
    let (secs, loc) = match (offset, loc) {
        (_, _) if abbrev.is_some() => (
            utc_secs,
            Loc::Fixed(0, abbrev.unwrap_or_default().to_owned()),
        ),
        (Some(0), Loc::Utc) | (None, Loc::Utc) => (utc_secs, Loc::Utc),
        (Some(o), Loc::Zone(tz))
            if tz.offset_from_utc_datetime(&naive).fix().local_minus_utc() == o =>
        {
            (utc_secs - i64::from(o), Loc::Zone(tz))
        }
        (Some(0), _) => (utc_secs, Loc::Utc),
        (Some(o), _) => (utc_secs - i64::from(o), Loc::Fixed(o, String::new())),
        (None, Loc::Fixed(o, name)) => (utc_secs - i64::from(o), Loc::Fixed(o, name)),
        (None, Loc::Zone(tz)) => {
            let off = match tz.from_local_datetime(&naive).earliest() {
                Some(dt) => dt.offset().fix().local_minus_utc(),
                None => tz.offset_from_utc_datetime(&naive).fix().local_minus_utc(),
            };
            (utc_secs - i64::from(off), Loc::Zone(tz))
        }
    };
    Some(GoTime {
        secs,
        nanos: c.nanos,
        loc,
    })
}

impl GoStruct for GoTime {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn field(&self, name: &str) -> Option<Value> {
        let c = self.civil();
        Some(match name {
            "Year" => Value::from(c.year),
            "Month" => Value::from(layout::month_name(c.month)),
            "Day" => Value::from(c.day),
            "Hour" => Value::from(c.hour),
            "Minute" => Value::from(c.min),
            "Second" => Value::from(c.sec),
            "Nanosecond" => Value::from(c.nanos),
            "YearDay" => Value::from(c.yday),
            "Weekday" => Value::from(layout::day_name(c.weekday)),
            "Unix" => value::int64(self.secs),
            "UnixNano" => value::int64(self.unix_nanos() as i64),
            "UTC" => value::structure(self.in_loc(Loc::Utc)),
            "Local" => value::structure(self.in_loc(local())),
            "IsZero" => Value::from(self.secs == GoTime::zero().secs && self.nanos == 0),
            "String" => Value::from(self.go_string()),
            STATE => Value::from(state_of(self)),
            _ => return None,
        })
    }

    fn has_method(&self, name: &str) -> bool {
        name == "Format"
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        match (name, args) {
            ("Format", [layout]) => match view(layout) {
                View::String(l) => Ok(Value::from(self.format(l))),
                _ => Err(format!(
                    "wrong type for value; expected string; got {}",
                    value::type_name(layout)
                )),
            },
            _ => Err(format!(
                "wrong number of args for {name}: want 1 got {}",
                args.len()
            )),
        }
    }

    fn fmt_go(&self, out: &mut String) {
        out.push_str(&self.go_string());
    }

    fn to_data(&self) -> Data {
        Data::String(self.format("2006-01-02T15:04:05.999999999Z07:00"))
    }
}

/// The current time as Go's `time.Now().String()` prints it, without the
/// monotonic clock reading (Helm 3's `--debug` log lines).
pub fn now_go_string() -> String {
    GoTime::now().go_string()
}

impl GoTime {
    fn go_string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
}

/// The field through which [`time_arg`] reads a time back: the trait
/// offers no downcast, and no template can name a field with a NUL in it.
const STATE: &str = "\0state";

/// A `time.Time` argument back as a [`GoTime`].
fn time_arg(v: &Value) -> Option<GoTime> {
    let View::Struct(s) = view(v) else {
        return None;
    };
    if s.type_name() != "time.Time" {
        return None;
    }
    let state = s.field(STATE)?;
    let text = state.as_str()?;
    let mut parts = text.splitn(3, ' ');
    let secs = parts.next()?.parse().ok()?;
    let nanos = parts.next()?.parse().ok()?;
    let loc = match parts.next()? {
        "UTC" => Loc::Utc,
        z => match z.strip_prefix("fixed:") {
            Some(rest) => {
                let (o, name) = rest.split_once(':')?;
                Loc::Fixed(o.parse().ok()?, name.to_owned())
            }
            None => Loc::Zone(z.parse().ok()?),
        },
    };
    Some(GoTime { secs, nanos, loc })
}

fn state_of(t: &GoTime) -> String {
    let loc = match &t.loc {
        Loc::Utc => "UTC".to_owned(),
        Loc::Fixed(o, name) => format!("fixed:{o}:{name}"),
        Loc::Zone(tz) => tz.name().to_owned(),
    };
    format!("{} {} {loc}", t.secs, t.nanos)
}

/// Where a wall-clock reading from another format (`fromToml`) is placed.
pub enum WallZone<'a> {
    Utc,
    /// A numeric offset, placed as Go's `time.Parse` does: in the local
    /// zone when that zone has this offset then, else a nameless fixed zone.
    Offset(i32),
    /// A named zone at offset zero (BurntSushi's `datetime-local` etc.).
    Named(&'a str),
}

/// A `time.Time` from wall-clock fields; `None` for an impossible date.
pub fn wall_time(
    date: (i32, u32, u32),
    clock: (u32, u32, u32, u32),
    zone: WallZone,
) -> Option<Value> {
    let civil = Civil {
        year: i64::from(date.0),
        month: date.1,
        day: date.2,
        hour: clock.0,
        min: clock.1,
        sec: clock.2,
        nanos: clock.3,
        weekday: 0,
        yday: 0,
        offset: 0,
        abbrev: String::new(),
    };
    let t = match zone {
        WallZone::Utc => from_civil(&civil, Loc::Utc, None, None),
        WallZone::Offset(o) => from_civil(&civil, local(), Some(o), None),
        WallZone::Named(name) => from_civil(&civil, Loc::Fixed(0, name.to_owned()), None, None),
    };
    t.map(time_value)
}

fn time_value(t: GoTime) -> Value {
    value::structure(t)
}

/// A `time.Time` parameter's value; the call layer (`Param::Time`) has
/// already rejected anything else with Go's error.
fn param_time(v: &Value) -> GoTime {
    time_arg(v).expect("Param::Time admits only times")
}

/// Sprig's reading of a date argument: a time, or Unix seconds as int or
/// int64; anything else means now.
fn date_arg(v: &Value) -> GoTime {
    match view(v) {
        View::Int(n) | View::Int64(n) => GoTime {
            secs: n,
            nanos: 0,
            loc: local(),
        },
        _ => time_arg(v).unwrap_or_else(GoTime::now),
    }
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

const S: Param = Param::String;
const A: Param = Param::Any;
const T: Param = Param::Time;

macro_rules! funcs {
    ($($name:literal [$($p:expr),*] $body:expr;)*) => {
        pub static FUNCS: &[Func] = &[$(Func {
            name: $name,
            params: &[$($p),*],
            variadic: None,
            body: $body,
        }),*];
    };
}

funcs! {
    "now" [] |_, _| Ok(time_value(GoTime::now()));
    "date" [S, A] |_, a| Ok(in_zone(s(&a[0]), &a[1], "Local"));
    "dateInZone" [S, A, S] |_, a| Ok(in_zone(s(&a[0]), &a[1], s(&a[2])));
    "date_in_zone" [S, A, S] |_, a| Ok(in_zone(s(&a[0]), &a[1], s(&a[2])));
    "htmlDate" [A] |_, a| Ok(in_zone("2006-01-02", &a[0], "Local"));
    "htmlDateInZone" [A, S] |_, a| Ok(in_zone("2006-01-02", &a[0], s(&a[1])));
    "dateModify" [S, T] |_, a| date_modify(&a, false);
    "date_modify" [S, T] |_, a| date_modify(&a, false);
    "mustDateModify" [S, T] |_, a| date_modify(&a, true);
    "must_date_modify" [S, T] |_, a| date_modify(&a, true);
    "toDate" [S, S] |_, a| to_date(&a, false);
    "mustToDate" [S, S] |_, a| to_date(&a, true);
    "unixEpoch" [T] |_, a| Ok(Value::from(param_time(&a[0]).secs.to_string()));
    "duration" [A] duration_fn;
    "durationRound" [A] duration_round;
    "ago" [A] ago;
}

fn in_zone(layout: &str, date: &Value, zone: &str) -> Value {
    Value::from(date_arg(date).in_loc(load_location(zone)).format(layout))
}

fn date_modify(a: &[Value], must: bool) -> FnResult {
    let t = param_time(&a[1]);
    match duration::parse(s(&a[0])) {
        Ok(d) => Ok(time_value(t.add(d))),
        Err(e) if must => Err(e.into()),
        Err(_) => Ok(time_value(t)),
    }
}

fn to_date(a: &[Value], must: bool) -> FnResult {
    let parsed = layout::parse(s(&a[0]), s(&a[1])).and_then(|p| {
        from_civil(&p.civil, local(), p.offset, p.abbrev.as_deref())
            .ok_or_else(|| format!("parsing time {:?}: out of range", s(&a[1])))
    });
    match parsed {
        Ok(t) => Ok(time_value(t)),
        Err(e) if must => Err(e.into()),
        Err(_) => Ok(time_value(GoTime::zero())),
    }
}

fn duration_fn(_: &Ctx, a: Vec<Value>) -> FnResult {
    let n = match view(&a[0]) {
        View::String(t) => t.parse::<i64>().unwrap_or(0),
        View::Int64(n) => n,
        _ => 0,
    };
    Ok(Value::from(duration::format(n.wrapping_mul(1_000_000_000))))
}

fn since(t: &GoTime) -> i64 {
    let now = GoTime::now();
    (now.unix_nanos() - t.unix_nanos()).clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

fn duration_round(_: &Ctx, a: Vec<Value>) -> FnResult {
    let d: i64 = match view(&a[0]) {
        View::String(t) => duration::parse(t).unwrap_or(0),
        View::Int64(n) => n,
        _ => time_arg(&a[0]).map_or(0, |t| since(&t)),
    };
    let u = d.unsigned_abs();
    const SEC: u64 = 1_000_000_000;
    let steps: [(u64, &str); 6] = [
        (SEC * 3600 * 24 * 365, "y"),
        (SEC * 3600 * 24 * 30, "mo"),
        (SEC * 3600 * 24, "d"),
        (SEC * 3600, "h"),
        (SEC * 60, "m"),
        (SEC, "s"),
    ];
    for (size, unit) in steps {
        if u > size {
            return Ok(Value::from(format!("{}{unit}", u / size)));
        }
    }
    Ok(Value::from("0s"))
}

/// `time.Since(t).Round(time.Second)`, printed as a Go duration.
fn ago(_: &Ctx, a: Vec<Value>) -> FnResult {
    let d = since(&date_arg(&a[0]));
    let rounded = (d as i128 + if d >= 0 { 500_000_000 } else { -500_000_000 }) / 1_000_000_000;
    Ok(Value::from(duration::format(
        (rounded * 1_000_000_000) as i64,
    )))
}
