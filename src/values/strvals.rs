//! Helm's `--set` family of parsers (`pkg/strvals`), ported rule for rule.
//!
//! Every quirk is deliberate: `a={}` yields `[""]`, `a[0]` with no `=`
//! yields `a: []`, `TRUE` is a bool, `007` stays a string, an empty key is
//! silently dropped. Go's runtime panics on type assertions (for example
//! `a=1` followed by `a.b=2`) are recovered by Helm into
//! `unable to parse key: interface conversion: ...`; we return the same text.

use super::value::{Map, Value};

pub(crate) mod json;

/// Which flag a `--set`-style argument came from; selects how values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`: values typed (`int64`, bools, `null`), everything else string.
    Set,
    /// `--set-string`: every value a string.
    String,
    /// `--set-file`: every value is the content of the file it names.
    File,
    /// `--set-json`: every value is one JSON document (numbers are `float64`).
    Json,
    /// `--set-literal`: the value is the rest of the argument, unparsed.
    Literal,
}

/// Helm's `strvals.MaxIndex`: larger list indices are refused.
const MAX_INDEX: i64 = 65536;
/// Helm's `strvals.MaxNestedNameLevel`: the deepest `a.b.c...` accepted.
const MAX_NESTED_NAME_LEVEL: usize = 30;
/// Helm recurses without bound on `a[0][0][0]...`; Go's growable stacks
/// survive that but ours would not, so we refuse absurd nesting instead.
const MAX_LIST_NESTING: usize = 1000;

/// Parses one `--set`-style argument (`a.b=1,c[0]=x`) into `dest`, exactly as
/// Helm's `strvals.ParseInto*` would. `read_file` serves `--set-file`.
/// The error text is the one Helm's parser produces, before Helm's
/// `failed parsing --set data:` prefix.
pub fn parse_into(
    flag: SetKind,
    input: &str,
    dest: &mut Map,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    let mut p = Parser {
        src: input,
        pos: 0,
        kind: flag,
        read_file,
        list_depth: 0,
    };
    loop {
        match p.key(dest, 0) {
            Ok(()) => continue,
            Err(Stop::Eof) => return Ok(()),
            Err(Stop::Fail(e)) => return Err(e),
        }
    }
}

/// Go's parser signals both "input exhausted" (`io.EOF`, a success at the
/// top level) and real failures through one error channel.
enum Stop {
    Eof,
    Fail(String),
}

type Step<T> = Result<T, Stop>;

fn fail<T>(msg: impl Into<String>) -> Step<T> {
    Err(Stop::Fail(msg.into()))
}

/// What Go's `recover()` turns a failed `x.(T)` assertion into.
fn conversion_panic(found: &Value, want: &str) -> Stop {
    let found = match found {
        Value::Null => "nil",
        other => other.go_type(),
    };
    Stop::Fail(format!(
        "unable to parse key: interface conversion: interface {{}} is {found}, not {want}"
    ))
}

const LIST: &str = "[]interface {}";
const MAP: &str = "map[string]interface {}";

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    kind: SetKind,
    read_file: &'a dyn Fn(&str) -> Result<String, String>,
    list_depth: usize,
}

impl Parser<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.src[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn unread(&mut self, c: char) {
        self.pos -= c.len_utf8();
    }

    /// Go's `runesUntil`: reads up to a stop rune (consumed, returned), with
    /// `\x` escaping any rune except in `--set-literal`. `None` means EOF.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut out = String::new();
        loop {
            match self.read() {
                None => return (out, None),
                Some(c) if stop.contains(&c) => return (out, Some(c)),
                Some('\\') if self.kind != SetKind::Literal => match self.read() {
                    None => return (out, None),
                    Some(n) => out.push(n),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn key(&mut self, data: &mut Map, level: usize) -> Step<()> {
        let stop: &[char] = if self.kind == SetKind::Literal {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let (k, last) = self.until(stop);
        match last {
            None if k.is_empty() => Err(Stop::Eof),
            None => fail(format!("key {k:?} has no value")),
            Some('[') => {
                let i = self.key_index()?;
                let mut list = match data.get(&k) {
                    None => Vec::new(),
                    Some(Value::List(l)) => l.clone(),
                    Some(other) => return Err(conversion_panic(other, LIST)),
                };
                let res = self.list_item(&mut list, i, level);
                set(data, &k, Value::List(list));
                res
            }
            Some('=') => {
                let (value, res) = self.value()?;
                set(data, &k, value);
                res
            }
            Some(',') => {
                set(data, &k, Value::String(String::new()));
                fail(format!("key {k:?} has no value (cannot end with ,)"))
            }
            _ => {
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return fail(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let mut inner = match data.get(&k) {
                    None => Map::new(),
                    Some(Value::Map(m)) => m.clone(),
                    Some(other) => return Err(conversion_panic(other, MAP)),
                };
                let res = self.key(&mut inner, level);
                let empty = inner.is_empty();
                if !empty {
                    set(data, &k, Value::Map(inner));
                }
                match res {
                    Ok(()) if empty => fail(format!("key map {k:?} has no value")),
                    other => other,
                }
            }
        }
    }

    /// The value after `=` in key position. Returns the value to store and
    /// the outcome Go's `key` returns after storing it (which may be `Eof`).
    fn value(&mut self) -> Step<(Value, Step<()>)> {
        match self.kind {
            SetKind::Literal => Ok((Value::String(self.until(&[]).0), Ok(()))),
            SetKind::Json => {
                if self.empty_val() {
                    return Ok((Value::Null, Ok(())));
                }
                let v = self.json()?;
                self.empty_val();
                Ok((v, Ok(())))
            }
            _ => match self.val_list() {
                ListRead::List(l) => Ok((Value::List(l), Ok(()))),
                ListRead::Eof => Ok((Value::String(String::new()), Err(Stop::Eof))),
                ListRead::NotList => {
                    let raw = self.until(&[',']).0;
                    match self.read_value(&raw) {
                        Ok(v) => Ok((v, Ok(()))),
                        // Go stores the reader's nil result before failing.
                        Err(e) => Ok((Value::Null, Err(e))),
                    }
                }
                ListRead::Failed(e) => Err(e),
            },
        }
    }

    /// The same, in list position: errors there leave nothing stored.
    fn item_value(&mut self) -> Step<Value> {
        match self.value()? {
            (v, Ok(())) => Ok(v),
            (v, Err(Stop::Eof)) => Ok(v),
            (_, Err(e)) => Err(e),
        }
    }

    fn key_index(&mut self) -> Step<i64> {
        // Go wraps EOF here too, so a missing `]` is an error, not the end.
        let (v, last) = self.until(&[']']);
        if last.is_none() {
            return fail("error parsing index: EOF");
        }
        atoi(&v).map_err(|e| Stop::Fail(format!("error parsing index: {e}")))
    }

    fn list_item(&mut self, list: &mut Vec<Value>, i: i64, level: usize) -> Step<()> {
        if i < 0 {
            return fail(format!("negative {i} index not allowed"));
        }
        let (k, last) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            return fail(format!("unexpected data at end of array index: {k:?}"));
        }
        match last {
            None => Err(Stop::Eof),
            Some('=') => {
                let v = self.item_value()?;
                set_index(list, i, v)
            }
            Some('[') => {
                let next = self.key_index()?;
                let mut current = match usize::try_from(i).ok().and_then(|i| list.get(i)) {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::List(l)) => l.clone(),
                    Some(other) => return Err(conversion_panic(other, LIST)),
                };
                self.list_depth += 1;
                if self.list_depth > MAX_LIST_NESTING {
                    return fail(format!("list nesting deeper than {MAX_LIST_NESTING}"));
                }
                let res = self.list_item(&mut current, next, level);
                self.list_depth -= 1;
                res?;
                set_index(list, i, Value::List(current))
            }
            _ => {
                let mut inner = match usize::try_from(i).ok().and_then(|i| list.get(i)) {
                    Some(Value::Map(m)) => m.clone(),
                    _ => Map::new(),
                };
                self.key(&mut inner, level)?;
                set_index(list, i, Value::Map(inner))
            }
        }
    }

    /// Go's `emptyVal`: skips spaces; true at `,` or EOF (both consumed).
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => continue,
                Some(c) => {
                    self.unread(c);
                    return false;
                }
            }
        }
    }

    /// Go's `valList`: a `{a,b}` list, if the value starts with `{`.
    fn val_list(&mut self) -> ListRead {
        match self.read() {
            None => return ListRead::Eof,
            Some('{') => {}
            Some(c) => {
                self.unread(c);
                return ListRead::NotList;
            }
        }
        let mut list = Vec::new();
        loop {
            let (raw, last) = self.until(&[',', '}']);
            match last {
                None => return ListRead::Failed(Stop::Fail("list must terminate with '}'".into())),
                Some('}') => {
                    if let Some(c) = self.read()
                        && c != ','
                    {
                        self.unread(c);
                    }
                    // Go appends the reader's result even when it failed.
                    return match self.read_value(&raw) {
                        Ok(v) => {
                            list.push(v);
                            ListRead::List(list)
                        }
                        Err(e) => ListRead::Failed(e),
                    };
                }
                _ => match self.read_value(&raw) {
                    Ok(v) => list.push(v),
                    Err(e) => return ListRead::Failed(e),
                },
            }
        }
    }

    /// The per-flag `RunesValueReader`.
    fn read_value(&self, raw: &str) -> Step<Value> {
        match self.kind {
            SetKind::File => (self.read_file)(raw).map(Value::String).map_err(Stop::Fail),
            SetKind::Set => Ok(typed_val(raw)),
            _ => Ok(Value::String(raw.to_string())),
        }
    }

    /// Decodes one JSON value from the rest of the input, consuming exactly
    /// the bytes Go's `json.Decoder` reports via `InputOffset`.
    fn json(&mut self) -> Step<Value> {
        let rest = &self.src[self.pos..];
        let (v, used) = json::decode(rest).map_err(Stop::Fail)?;
        self.pos += used;
        Ok(v)
    }
}

enum ListRead {
    List(Vec<Value>),
    Eof,
    NotList,
    Failed(Stop),
}

/// Go's `set`: an empty key is silently ignored.
fn set(data: &mut Map, key: &str, v: Value) {
    if !key.is_empty() {
        data.insert(key.to_string(), v);
    }
}

/// Go's `setIndex`: grows the list with nils up to `i`.
fn set_index(list: &mut Vec<Value>, i: i64, v: Value) -> Step<()> {
    if i < 0 {
        return fail(format!("negative {i} index not allowed"));
    }
    if i > MAX_INDEX {
        return fail(format!(
            "index of {i} is greater than maximum supported index of {MAX_INDEX}"
        ));
    }
    let i = i as usize;
    if list.len() <= i {
        list.resize(i + 1, Value::Null);
    }
    list[i] = v;
    Ok(())
}

/// Go's `strconv.Atoi`, with its error text.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {s:?}: invalid syntax"));
    }
    s.parse::<i64>()
        .map_err(|_| format!("strconv.Atoi: parsing {s:?}: value out of range"))
}

/// Go's `typedVal` for `--set`: case-insensitive bools and null, `int64`
/// when the text parses as one and has no leading zero, else a string.
fn typed_val(s: &str) -> Value {
    if equal_fold(s, "true") {
        return Value::Bool(true);
    }
    if equal_fold(s, "false") {
        return Value::Bool(false);
    }
    if equal_fold(s, "null") {
        return Value::Null;
    }
    if s == "0" {
        return Value::Int(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(i) = s.parse::<i64>()
        {
            return Value::Int(i);
        }
    }
    Value::String(s.to_string())
}

/// Go's `strings.EqualFold` against an ASCII word: beyond ASCII case, the
/// only rune that simple-folds into `true`/`false`/`null` is `ſ` (to `s`).
fn equal_fold(s: &str, ascii_word: &str) -> bool {
    let mut a = s.chars();
    for w in ascii_word.chars() {
        match a.next() {
            Some('ſ') if w == 's' => {}
            Some(c) if c.eq_ignore_ascii_case(&w) => {}
            _ => return false,
        }
    }
    a.next().is_none()
}
