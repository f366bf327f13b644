//! Which strings `toYaml` must quote because, written plain, they would
//! read back as something else: a null, bool, number or timestamp (the
//! reader's own rules, [`plain_reads_as_non_string`]), or a YAML 1.1
//! sexagesimal number like `1:20`, which Helm's reader keeps as a string
//! but which Helm's writer quotes all the same for other YAML 1.1 readers.

use crate::values::yaml::resolve::plain_reads_as_non_string;

/// True when `s` must be double-quoted (`"yes"`, `"1e3"`, `"0x1F"`,
/// `"2001-12-14"`, `""`, `"1:20"`).
pub(super) fn needs_quotes(s: &str) -> bool {
    plain_reads_as_non_string(s) || is_base60_float(s)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`: go-yaml's encoder
/// quotes these sexagesimal numbers (`1:20`) for YAML 1.1 readers.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        match &b[start..i] {
            [d] if d.is_ascii_digit() => {}
            [h, _] if *h <= b'5' => {}
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}
