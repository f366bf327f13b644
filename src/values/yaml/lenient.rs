//! Where saphyr-parser (a YAML 1.2 parser) and go-yaml v2 (libyaml's 1.1
//! scanner) disagree on what is valid, in both directions.
//!
//! go-yaml accepts a tab after a key's `:` and a comment glued to a closing
//! quote or bracket (`'x'#c`); saphyr rejects both. Those are repaired by
//! blanking the character saphyr objects to (tab -> space, comment ->
//! spaces), which keeps every later line and column unchanged, and parsing
//! again. go-yaml rejects unknown directives, `%YAML` other than 1.1 and the
//! YAML 1.2 escape `\/`, which saphyr accepts; those are checked here.

use saphyr_parser::{ScalarStyle, ScanError, Span};

use super::error::YamlError;
use super::parse::line_col;

/// How to make saphyr accept what go-yaml accepts: blank the chars from
/// byte `from` to byte `to`.
pub(crate) struct Patch {
    pub from: usize,
    pub to: usize,
}

/// The repair for a saphyr error go-yaml would not raise, if any.
pub(crate) fn patch_for(src: &str, e: &ScanError) -> Option<Patch> {
    let at = byte_of(src, e.marker().index())?;
    let info = e.info();
    if info.starts_with("':' must be followed by a valid YAML whitespace") {
        // saphyr points at the value after the blanks; go-yaml takes tabs
        // there as separators.
        let blanks = &src[..at];
        let colon = blanks.trim_end_matches([' ', '\t']).len();
        return (colon < at && blanks[colon..].contains('\t')).then_some(Patch {
            from: colon,
            to: at,
        });
    }
    if info.starts_with("comments must be separated from other tokens") {
        let hash = src[at..].find('#')? + at;
        let end = src[hash..]
            .find(['\n', '\r'])
            .map_or(src.len(), |i| hash + i);
        return Some(Patch {
            from: hash,
            to: end,
        });
    }
    None
}

/// `src` with the patched ranges replaced by as many spaces as they had chars.
pub(crate) fn apply(src: &str, patch: &Patch) -> String {
    let blank = " ".repeat(src[patch.from..patch.to].chars().count());
    format!("{}{}{}", &src[..patch.from], blank, &src[patch.to..])
}

/// Byte offset of a char index.
pub(crate) fn byte_of(src: &str, index: usize) -> Option<usize> {
    src.char_indices()
        .nth(index)
        .map(|(b, _)| b)
        .or((index == src.chars().count()).then_some(src.len()))
}

/// go-yaml's directive checks for the directives before the first document.
pub(crate) fn check_directives(file: &str, src: &str) -> Result<(), YamlError> {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() || text.starts_with('#') {
            continue;
        }
        let Some(directive) = text.strip_prefix('%') else {
            return Ok(());
        };
        let mut words = directive.split([' ', '\t']).filter(|w| !w.is_empty());
        let (line_no, col) = line_col(src, start);
        let fail = |msg: &str, parser: bool| {
            let go_line = match (line_no, parser) {
                (1, _) => 0,
                (l, true) => l - 1,
                (l, false) => l,
            };
            Err(YamlError::yaml(
                file,
                line_no,
                col,
                go_line,
                msg.to_string(),
            ))
        };
        match words.next() {
            Some("YAML") => {
                if words.next() != Some("1.1") {
                    return fail("found incompatible YAML document", true);
                }
            }
            Some("TAG") => {}
            _ => return fail("found unknown directive name", false),
        }
    }
    Ok(())
}

/// go-yaml knows YAML 1.1's escapes only; `\/` (new in 1.2) is an error.
pub(crate) fn check_escapes(
    file: &str,
    src: &str,
    value: &str,
    style: ScalarStyle,
    span: &Span,
) -> Result<(), YamlError> {
    if style != ScalarStyle::DoubleQuoted || !value.contains('/') {
        return Ok(());
    }
    let Some(start) = byte_of(src, span.start.index()) else {
        return Ok(());
    };
    let end = byte_of(src, span.end.index()).unwrap_or(src.len());
    let raw = &src[start..end];
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && matches!(chars.next(), Some((_, '/'))) {
            let (line, col) = line_col(src, start + i);
            let go_line = if line == 1 { 0 } else { line };
            let msg = "found unknown escape character".to_string();
            return Err(YamlError::yaml(file, line, col, go_line, msg));
        }
    }
    Ok(())
}

/// go-yaml takes a tab after a block sequence's `-` for the start of a
/// token, and fails; saphyr skips it. `index` is the item's char index;
/// `char_bytes` caches char -> byte offsets, built only if there are tabs.
pub(crate) fn check_tab_after_dash(
    file: &str,
    src: &str,
    char_bytes: &mut Option<Vec<usize>>,
    index: usize,
) -> Result<(), YamlError> {
    if !src.contains('\t') {
        return Ok(());
    }
    let offsets = char_bytes.get_or_insert_with(|| src.char_indices().map(|(b, _)| b).collect());
    let Some(&at) = offsets.get(index) else {
        return Ok(());
    };
    let before = &src[..at];
    let blanks = before.trim_end_matches([' ', '\t']);
    let run = &before[blanks.len()..];
    if !blanks.ends_with('-') || !run.contains('\t') {
        return Ok(());
    }
    let tab = blanks.len() + run.find('\t').unwrap_or(0);
    let (line, col) = line_col(src, tab);
    let go_line = if line == 1 { 0 } else { line };
    let msg = "found character that cannot start any token".to_string();
    Err(YamlError::yaml(file, line, col, go_line, msg))
}
