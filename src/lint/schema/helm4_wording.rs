//! Helm 4.1's wording (santhosh-tekuri/jsonschema): a tree of
//! `- at '/json/pointer': message` items, causes indented below, numbers
//! written the way golang.org/x/text prints them (`1,024`, `1.5×10⁰⁶`).

use serde_json::Value as J;

use super::evaluate::{Draft, Failure, JsonType, Kind};
use crate::values::emit::go_format_float;
use crate::values::yaml::PathSeg;

fn pointer(p: &[PathSeg]) -> String {
    p.iter()
        .map(|s| match s {
            PathSeg::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            PathSeg::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// `%v` of a number through x/text's printer: digit groups, and
/// `×10⁰⁶` for Go's exponent form.
pub fn number(f: f64) -> String {
    let plain = go_format_float(f, b'g', -1);
    if let Some((mantissa, exponent)) = plain.split_once('e') {
        let sup: String = exponent
            .chars()
            .filter_map(|c| match c {
                '-' => Some('⁻'),
                '+' => None,
                d => "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().nth(d.to_digit(10)? as usize),
            })
            .collect();
        return format!("{mantissa}×10{sup}");
    }
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, format!(".{f}")),
        None => (rest, String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{fraction}")
}

/// A string in the library's single quotes.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "\\'"))
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| quote(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A scalar as the library shows it; `None` for arrays and objects,
/// which it does not spell out.
fn scalar(v: &J) -> Option<String> {
    match v {
        J::Null => Some("<nil>".into()),
        J::Bool(b) => Some(b.to_string()),
        J::Number(n) => n.as_f64().map(number),
        J::String(s) => Some(quote(s)),
        _ => None,
    }
}

const TYPE_ORDER: [&str; 7] = [
    "null", "boolean", "number", "integer", "string", "array", "object",
];

/// The message of one failure (lint shares it for what it does not
/// word itself).
pub fn message(kind: &Kind) -> String {
    match kind {
        Kind::FalseSchema => "false schema".into(),
        Kind::Type { want, got } => {
            let got = match got {
                JsonType::Null => "null",
                JsonType::Boolean => "boolean",
                JsonType::Integer | JsonType::Number => "number",
                JsonType::String => "string",
                JsonType::Array => "array",
                JsonType::Object => "object",
            };
            let want: Vec<&str> = TYPE_ORDER
                .into_iter()
                .filter(|t| want.iter().any(|w| w == t))
                .collect();
            format!("got {got}, want {}", want.join(" or "))
        }
        Kind::Const(c) => match scalar(c) {
            Some(c) => format!("value must be {c}"),
            None => "'const' failed".into(),
        },
        Kind::Enum(options) => match options.iter().map(scalar).collect::<Option<Vec<_>>>() {
            Some(options) if options.len() == 1 => format!("value must be {}", options[0]),
            Some(options) => format!("value must be one of {}", options.join(", ")),
            None => "'enum' failed".into(),
        },
        Kind::Number {
            keyword,
            got,
            limit,
        } => format!("{keyword}: got {}, want {}", number(*got), number(*limit)),
        Kind::Count {
            keyword,
            got,
            limit,
        } => format!(
            "{keyword}: got {}, want {}",
            number(*got as f64),
            number(*limit as f64)
        ),
        Kind::Pattern { pattern, text } => {
            format!("{} does not match pattern {}", quote(text), quote(pattern))
        }
        Kind::Format(name) => format!("'{name}' format failed"),
        Kind::Unique(i, j) => format!("items at {i} and {j} are equal"),
        Kind::AdditionalItems(n) => format!("last {n} additionalItem(s) not allowed"),
        Kind::Contains => "no items match contains schema".into(),
        Kind::Required(names) if names.len() == 1 => {
            format!("missing property {}", quote(&names[0]))
        }
        Kind::Required(names) => format!("missing properties {}", quoted(names)),
        Kind::Additional { keys, .. } => {
            format!("additional properties {} not allowed", quoted(keys))
        }
        Kind::Undeclared { key, .. } => format!("property '{key}' is not declared"),
        Kind::PropertyName(name) => format!("invalid propertyName {}", quote(name)),
        Kind::Dependency { property, missing } => format!(
            "properties {} required, if {} exists",
            quoted(missing),
            quote(property)
        ),
        Kind::AllOf => "'allOf' failed".into(),
        Kind::AnyOf => "'anyOf' failed".into(),
        Kind::OneOfNone => "'oneOf' failed, none matched".into(),
        Kind::OneOfMany(i, j) => format!("'oneOf' failed, subschemas {i}, {j} matched"),
        Kind::Not => "'not' failed".into(),
        Kind::Then | Kind::Else | Kind::Group => "validation failed".into(),
        Kind::Unresolved(r) => format!("schema $ref {r:?} cannot be resolved"),
    }
}

fn tree(f: &Failure, depth: usize, out: &mut Vec<String>) {
    out.push(format!(
        "{}- at '{}': {}",
        "  ".repeat(depth),
        pointer(&f.path),
        message(&f.kind)
    ));
    for c in &f.causes {
        tree(c, depth + 1, out);
    }
}

/// The items of a validation: the root's failures, or, when there is
/// only one group of them, that group's.
pub fn lines(failures: &[Failure], out: &mut Vec<String>) {
    let top = match failures {
        [only] if only.kind == Kind::Group => &only.causes[..],
        all => all,
    };
    for f in top {
        tree(f, 0, out);
    }
}

/// Schemas the library refuses to load: against its metaschema (see
/// [`metaschema_problem`]), or for a `$ref` to nothing. One walk finds
/// whether there is a problem at all; wording it takes more.
pub fn schema_problem(schema: &J, draft: Draft) -> Option<String> {
    super::find_subschema(schema, &mut |s| {
        refused_keyword(s, draft).or_else(|| missing_ref(schema, s).map(|_| "$ref"))
    })?;
    if let Some(problem) = metaschema_problem(schema, draft) {
        return Some(problem);
    }
    super::find_subschema(schema, &mut |s| {
        missing_ref(schema, s)
            .map(|r| format!("json-pointer in \"file:///values.schema.json{r}\" not found"))
    })
}

/// The `$ref` of `s` that points at nothing in `root`.
fn missing_ref<'s>(root: &J, s: &'s J) -> Option<&'s str> {
    let r = s.get("$ref").and_then(J::as_str)?;
    super::missing_pointer_key(root, r).map(|_| r)
}

/// The schema keyword the metaschema refuses.
fn refused_keyword(s: &J, draft: Draft) -> Option<&'static str> {
    if draft >= Draft::D2020 && s.get("items").is_some_and(J::is_array) {
        return Some("items");
    }
    let pattern = s.get("pattern").and_then(J::as_str)?;
    regex::Regex::new(pattern).is_err().then_some("pattern")
}

/// Why the metaschema refuses `keyword`, as the library says it.
fn refusal(s: &J, keyword: &str) -> String {
    match s.get("pattern").and_then(J::as_str) {
        Some(pattern) if keyword == "pattern" => format!(
            "{} is not valid regex: {}",
            quote(pattern),
            go_regexp_error(pattern)
        ),
        _ => "got array, want boolean or object".into(),
    }
}

/// Go's regexp error for the unbalanced groups it finds first; other
/// syntax errors are named, not worded as Go would.
fn go_regexp_error(pattern: &str) -> String {
    let mut depth = 0i32;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '(' => depth += 1,
            ')' if depth == 0 => {
                return format!("error parsing regexp: unexpected ): `{pattern}`");
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 {
        return format!("error parsing regexp: missing closing ): `{pattern}`");
    }
    "not a regular expression deltallm-render can word as Go does".into()
}

/// A schema keyword its metaschema refuses (tuple `items` in 2020-12,
/// Helm 4's default draft; a pattern that is not a regex): the library
/// reports the schema itself, every enclosing schema failing an allOf.
fn metaschema_problem(schema: &J, draft: Draft) -> Option<String> {
    let mut visited: Vec<String> = Vec::new();
    let mut found: Option<(String, &'static str, String)> = None;
    super::each_subschema(schema, &mut |s, at| {
        visited.push(at.to_owned());
        if found.is_none()
            && let Some(keyword) = refused_keyword(s, draft)
        {
            found = Some((at.to_owned(), keyword, refusal(s, keyword)));
        }
    });
    let (at, keyword, why) = found?;
    let meta = match draft {
        Draft::D4 => "http://json-schema.org/draft-04/schema#",
        Draft::D6 => "http://json-schema.org/draft-06/schema#",
        Draft::D7 => "http://json-schema.org/draft-07/schema#",
        Draft::D2019 => "https://json-schema.org/draft/2019-09/schema#",
        Draft::D2020 => "https://json-schema.org/draft/2020-12/schema#",
    };
    let mut out = vec![format!(
        "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation \
         failed with '{meta}'"
    )];
    let enclosing = visited
        .iter()
        .filter(|p| p.is_empty() || *p == &at || at.starts_with(&format!("{p}/")));
    let mut depth = 0;
    for p in enclosing {
        out.push(format!("{}- at '{p}': 'allOf' failed", "  ".repeat(depth)));
        depth += 1;
    }
    out.push(format!(
        "{}- at '{at}/{keyword}': {why}",
        "  ".repeat(depth)
    ));
    Some(out.join("\n"))
}
