//! Helm 3.17's wording (gojsonschema): one flat `- path: message` line per
//! failure, paths dotted with `(root)` for the top.

use serde_json::Value as J;

use super::evaluate::{Failure, JsonType, Kind};
use crate::values::emit::{go_format_float, json_string};
use crate::values::yaml::PathSeg;

fn path(p: &[PathSeg]) -> String {
    if p.is_empty() {
        return "(root)".into();
    }
    let segs: Vec<String> = p
        .iter()
        .map(|s| match s {
            PathSeg::Key(k) => k.clone(),
            PathSeg::Index(i) => i.to_string(),
        })
        .collect();
    segs.join(".")
}

/// Go's `%v` of a float64.
fn number(f: f64) -> String {
    go_format_float(f, b'g', -1)
}

/// Compact JSON with object keys sorted, as Go's encoding/json writes it.
fn json(v: &J) -> String {
    match v {
        J::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let members: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", json_string(k), json(&m[k])))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        J::Array(items) => format!("[{}]", items.iter().map(json).collect::<Vec<_>>().join(",")),
        J::String(text) => json_string(text),
        other => other.to_string(),
    }
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "boolean",
        JsonType::Integer => "integer",
        JsonType::Number => "number",
        JsonType::String => "string",
        JsonType::Array => "array",
        JsonType::Object => "object",
    }
}

fn message(f: &Failure) -> String {
    let at = path(&f.path);
    match &f.kind {
        Kind::FalseSchema => "False always fails validation".into(),
        Kind::Type { want, got } => {
            let want = match &want[..] {
                [one] => one.clone(),
                many => format!("[{}]", many.join(",")),
            };
            format!("Invalid type. Expected: {want}, given: {}", type_name(*got))
        }
        Kind::Const(c) => format!("{at} does not match: {}", json(c)),
        Kind::Enum(options) => {
            let options: Vec<String> = options.iter().map(json).collect();
            format!("{at} must be one of the following: {}", options.join(", "))
        }
        Kind::Number { keyword, limit, .. } => {
            let relation = match *keyword {
                "minimum" => "be greater than or equal to",
                "exclusiveMinimum" => "be greater than",
                "maximum" => "be less than or equal to",
                "exclusiveMaximum" => "be less than",
                _ => "be a multiple of",
            };
            format!("Must {relation} {}", number(*limit))
        }
        Kind::Count { keyword, limit, .. } => match *keyword {
            "minLength" => format!("String length must be greater than or equal to {limit}"),
            "maxLength" => format!("String length must be less than or equal to {limit}"),
            "minItems" => format!("Array must have at least {limit} items"),
            "maxItems" => format!("Array must have at most {limit} items"),
            "minProperties" => format!("Must have at least {limit} properties"),
            _ => format!("Must have at most {limit} properties"),
        },
        Kind::Pattern { pattern, .. } => format!("Does not match pattern '{pattern}'"),
        Kind::Format(name) => format!("Does not match format '{name}'"),
        Kind::Unique(i, j) => format!("array items[{i},{j}] must be unique"),
        Kind::AdditionalItems(_) => "No additional items allowed on array".into(),
        Kind::Contains => "At least one of the items must match".into(),
        Kind::PropertyName(name) => format!("Property name of {name:?} does not match"),
        Kind::AllOf => "Must validate all the schemas (allOf)".into(),
        Kind::AnyOf => "Must validate at least one schema (anyOf)".into(),
        Kind::OneOfNone | Kind::OneOfMany(..) => {
            "Must validate one and only one schema (oneOf)".into()
        }
        Kind::Not => "Must not validate the schema (not)".into(),
        Kind::Then => "Must validate \"then\" as \"if\" was valid".into(),
        Kind::Else => "Must validate \"else\" as \"if\" was not valid".into(),
        Kind::Unresolved(r) => format!("schema $ref {r:?} cannot be resolved"),
        Kind::Required(_)
        | Kind::Additional { .. }
        | Kind::Undeclared { .. }
        | Kind::Dependency { .. }
        | Kind::Group => unreachable!("worded per item by `lines`"),
    }
}

/// Appends the lines of `failures`, in Helm 3's order: an allOf after
/// its subschemas' failures, anyOf/oneOf/contains/if before theirs.
pub fn lines(failures: &[Failure], out: &mut Vec<String>) {
    for f in failures {
        let at = path(&f.path);
        let each = |items: &[String], word: &dyn Fn(&str) -> String, out: &mut Vec<String>| {
            out.extend(items.iter().map(|i| format!("- {at}: {}", word(i))));
        };
        match &f.kind {
            Kind::Group => lines(&f.causes, out),
            Kind::Required(names) => each(names, &|n| format!("{n} is required"), out),
            Kind::Additional { keys, .. } => each(
                keys,
                &|k| format!("Additional property {k} is not allowed"),
                out,
            ),
            Kind::Dependency { missing, .. } => {
                each(missing, &|k| format!("Has a dependency on {k}"), out)
            }
            Kind::Undeclared { .. } => {}
            Kind::AllOf => {
                lines(&f.causes, out);
                out.push(format!("- {at}: {}", message(f)));
            }
            _ => {
                out.push(format!("- {at}: {}", message(f)));
                lines(&f.causes, out);
            }
        }
    }
}

/// Schemas gojsonschema refuses to load, with its message: the first
/// problem in document order.
pub fn schema_problem(schema: &J) -> Option<String> {
    super::find_subschema(schema, &mut |s| {
        let len = |k: &str| s.get(k).and_then(J::as_u64);
        if let (Some(min), Some(max)) = (len("minLength"), len("maxLength"))
            && min > max
        {
            Some("minLength cannot be greater than maxLength".to_owned())
        } else if let Some(p) = s.get("pattern").and_then(J::as_str)
            && regex::Regex::new(p).is_err()
        {
            Some("pattern must be a valid regex".to_owned())
        } else {
            s.get("$ref")
                .and_then(J::as_str)
                .and_then(|r| super::missing_pointer_key(schema, r))
                .map(|missing| format!("Object has no key '{missing}'"))
        }
    })
}
