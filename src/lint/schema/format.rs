//! The `format` values Helm 3 asserts (Helm 4 treats `format` as an
//! annotation). Unknown formats hold, as in both validators.

use std::net::{Ipv4Addr, Ipv6Addr};

fn re(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(text))
}

const DATE: &str = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])";
const TIME: &str =
    r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([zZ]|[+-]([01]\d|2[0-3]):[0-5]\d)";

fn hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whether `text` is a valid `format`.
pub fn holds(format: &str, text: &str) -> bool {
    match format {
        "email" => text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !text.contains(char::is_whitespace)
        }),
        "ipv4" => text.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => text.contains(':') && text.parse::<Ipv6Addr>().is_ok(),
        "hostname" => hostname(text),
        "uri" => re(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$", text),
        "uri-reference" => !text.contains(char::is_whitespace),
        "date-time" => re(&format!("^{DATE}[tT ]{TIME}$"), text),
        "date" => re(&format!("^{DATE}$"), text),
        "time" => re(&format!("^{TIME}$"), text),
        "uuid" => re(
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
            text,
        ),
        "regex" => regex::Regex::new(text).is_ok(),
        _ => true,
    }
}
