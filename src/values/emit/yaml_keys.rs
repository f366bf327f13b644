//! The order in which go-yaml (v2 for `toYaml`, v3 for `toYamlPretty`) writes
//! the keys of a map: "natural" order, where `a9` comes before `a10`.
//!
//! Observed rules, comparing two keys at the first character where they
//! differ (a key that is a prefix of the other comes first):
//! - two letters compare by code point;
//! - a non-letter comes before a letter;
//! - otherwise the digit runs starting there are compared as numbers, then
//!   by their length, then the two characters by code point. A run's value
//!   is its digits read in base 10; when either differing character is `0`
//!   and the shared digits just before it include a non-zero one, both runs
//!   count as continuing that number (each starts from 1 rather than 0), so
//!   `x10` vs `x1a` compares 10 with 1.
//!
//! This comparison is not a strict weak order for some key sets (`a01`,
//! `a10`, `a1b`), for which Helm's own output changes between runs; for all
//! other key sets it gives Helm's order.

use std::cmp::Ordering;

/// Total order for `sort_by`, derived from the "comes before" test.
pub(super) fn key_order(a: &str, b: &str) -> Ordering {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if comes_before(&a, &b) {
        Ordering::Less
    } else if comes_before(&b, &a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// A decimal digit as go-yaml sees one (any Unicode number, approximated
/// by Rust's `is_numeric`).
fn digitlike(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn comes_before(a: &[char], b: &[char]) -> bool {
    let Some(at) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return a.len() < b.len();
    };
    let (x, y) = (a[at], b[at]);
    match (x.is_alphabetic(), y.is_alphabetic()) {
        (true, true) => return x < y,
        (false, true) => return true,
        (true, false) => return false,
        (false, false) => {}
    }
    let seed = i64::from((x == '0' || y == '0') && shared_digits_have_nonzero(a, at));
    let (a_value, a_len) = digit_run(a, at, seed);
    let (b_value, b_len) = digit_run(b, at, seed);
    if a_value != b_value {
        a_value < b_value
    } else if a_len != b_len {
        a_len < b_len
    } else {
        x < y
    }
}

/// Whether the digits immediately before `at` (shared by both keys) contain
/// one other than `0`.
fn shared_digits_have_nonzero(key: &[char], at: usize) -> bool {
    key[..at]
        .iter()
        .rev()
        .take_while(|&&c| digitlike(c))
        .any(|&c| c != '0')
}

/// The number spelled by the digits from `at` on (wrapping like Go's int64),
/// starting from `seed`, and how many digits there are.
fn digit_run(key: &[char], at: usize, seed: i64) -> (i64, usize) {
    let digits = key[at..].iter().take_while(|&&c| digitlike(c));
    digits.fold((seed, 0), |(value, len), &c| {
        let d = i64::from(u32::from(c)) - i64::from(u32::from('0'));
        (value.wrapping_mul(10).wrapping_add(d), len + 1)
    })
}
