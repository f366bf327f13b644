//! PEM armour the way Go's `encoding/pem` reads and writes it: 64-column
//! base64 lines, a trailing newline, and a lenient reader that skips text
//! around blocks and blocks whose body is not valid base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

pub fn encode(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The first well-formed block whose BEGIN line starts a line: its label
/// and decoded bytes.
pub fn decode(text: &str) -> Option<(String, Vec<u8>)> {
    const BEGIN: &str = "-----BEGIN ";
    let mut at = 0;
    while let Some(found) = text[at..].find(BEGIN) {
        let start = at + found;
        at = start + BEGIN.len();
        let line_start = start == 0 || text.as_bytes()[start - 1] == b'\n';
        if let Some(block) = line_start.then(|| block_after_begin(&text[at..])).flatten() {
            return Some(block);
        }
    }
    None
}

/// Parses `LABEL-----\n...-----END LABEL-----` (the text after `BEGIN `).
fn block_after_begin(text: &str) -> Option<(String, Vec<u8>)> {
    let (head, body) = text.split_once('\n')?;
    let label = head.trim_end_matches('\r').strip_suffix("-----")?;
    let end = format!("-----END {label}-----");
    let body = &body[..body.find(&end)?];
    // Header lines ("Proc-Type: ...") come before a blank line; keys of
    // the kinds we read never carry them, so a colon means not for us.
    if body.lines().next().is_some_and(|l| l.contains(':')) {
        return None;
    }
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = STANDARD.decode(compact).ok()?;
    Some((label.to_owned(), der))
}
