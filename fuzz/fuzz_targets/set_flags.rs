//! Fuzzes Helm's `--set` parser family: whatever the input and whatever is
//! already in the destination, parsing must terminate without panicking,
//! and the result must be printable.
#![no_main]

use deltallm_render::values::strvals::{SetKind, parse_into};
use deltallm_render::values::typed::typed_lines;
use deltallm_render::values::{Map, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = match selector % 5 {
        0 => SetKind::Set,
        1 => SetKind::String,
        2 => SetKind::File,
        3 => SetKind::Json,
        _ => SetKind::Literal,
    };
    // Pre-existing values of every shape, so type conflicts are reachable.
    let mut dest = Map::from([
        ("a".to_string(), Value::Int(1)),
        (
            "m".to_string(),
            Value::Map(Map::from([("x".to_string(), Value::Null)])),
        ),
        (
            "l".to_string(),
            Value::List(vec![Value::Null, Value::String("s".into())]),
        ),
        ("n".to_string(), Value::Null),
    ]);
    let input = String::from_utf8_lossy(rest);
    let read_file = |p: &str| {
        if p.len() % 2 == 0 {
            Ok(p.repeat(2))
        } else {
            Err(format!("open {p}: no such file or directory"))
        }
    };
    let _ = parse_into(kind, &input, &mut dest, &read_file);
    let _ = typed_lines(&dest);
});
