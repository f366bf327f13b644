//! Helm's own functions (`pkg/engine/funcs.go`): rendering other templates,
//! `required`, `lookup`, and the YAML/JSON/TOML converters (`fromToml` in
//! [`from_toml`]).

use std::collections::BTreeMap;

mod from_toml;

use minijinja::Value;

use super::{Ctx, FnError, FnResult, Func, Param};
use crate::engine::runtime::error::{Cause, GoError, GoErrorKind};
use crate::engine::runtime::json::{self as go_json, JsonStyle};
use crate::engine::runtime::value::{self as go, Elem, View, view};
use crate::engine::{HelmCompat, compile, parse, render, tpl_defines};
use crate::values::strvals::json;
use crate::values::{Value as Data, emit, yaml};

const fn f(
    name: &'static str,
    params: &'static [Param],
    body: crate::engine::runtime::call::Body,
) -> Func {
    Func {
        name,
        params,
        variadic: None,
        body,
    }
}

pub static FUNCS: &[Func] = &[
    f("include", &[Param::String, Param::Any], include),
    f("tpl", &[Param::String, Param::Any], tpl),
    f("required", &[Param::String, Param::Any], required),
    f(
        "lookup",
        &[Param::String, Param::String, Param::String, Param::String],
        lookup,
    ),
    f("toYaml", &[Param::Any], |_, a| {
        Ok(Value::from(
            emit::to_yaml(&go::to_json_data(&a[0])).unwrap_or_default(),
        ))
    }),
    f("mustToYaml", &[Param::Any], |_, a| {
        Ok(Value::from(emit::to_yaml(&go::to_json_data(&a[0]))?))
    }),
    f("toYamlPretty", &[Param::Any], to_yaml_pretty),
    f("toJson", &[Param::Any], |_, a| {
        Ok(Value::from(
            go_json::to_json(&a[0], JsonStyle::COMPACT).unwrap_or_default(),
        ))
    }),
    f("mustToJson", &[Param::Any], |_, a| {
        Ok(Value::from(go_json::to_json(&a[0], JsonStyle::COMPACT)?))
    }),
    f("toPrettyJson", &[Param::Any], |_, a| {
        Ok(Value::from(
            go_json::to_json(&a[0], JsonStyle::PRETTY).unwrap_or_default(),
        ))
    }),
    f("mustToPrettyJson", &[Param::Any], |_, a| {
        Ok(Value::from(go_json::to_json(&a[0], JsonStyle::PRETTY)?))
    }),
    f("toRawJson", &[Param::Any], |_, a| {
        Ok(Value::from(
            go_json::to_json(&a[0], JsonStyle::RAW).unwrap_or_default(),
        ))
    }),
    f("mustToRawJson", &[Param::Any], |_, a| {
        Ok(Value::from(go_json::to_json(&a[0], JsonStyle::RAW)?))
    }),
    f("toToml", &[Param::Any], to_toml),
    f("fromToml", &[Param::String], from_toml::from_toml),
    f("fromJson", &[Param::String], from_json),
    f("mustFromJson", &[Param::String], must_from_json),
    f("fromJsonArray", &[Param::String], from_json_array),
    f("fromYaml", &[Param::String], from_yaml),
    f("fromYamlArray", &[Param::String], from_yaml_array),
];

/// `include NAME DATA`: runs a named template and returns its text.
fn include(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    let name = args[0].as_str().unwrap_or_default();
    match render::include_named(ctx.state, name, &args[1]) {
        Ok(text) => Ok(Value::from(text)),
        Err(render::TemplateCallError::Undefined) => Err(FnError::Nested(Cause::Text(format!(
            "template: no template {name:?} associated with template \"gotpl\""
        )))),
        Err(render::TemplateCallError::Recursion) => Err(FnError::Msg(format!(
            "rendering template has a nested reference name: {name}: unable to execute template"
        ))),
        Err(render::TemplateCallError::Failed(e)) => Err(nested(&e)),
    }
}

/// A nested run's failure: `fail` keeps its message (Helm reports it at
/// the outermost call); anything else becomes the cause.
fn nested(e: &minijinja::Error) -> FnError {
    match GoError::find(e) {
        Some(go) if matches!(go.kind, GoErrorKind::Fail) => FnError::Fail(go.message.clone()),
        Some(go) => FnError::Nested(Cause::Go(go.clone())),
        None => FnError::Msg(e.to_string()),
    }
}

/// `tpl TEXT DATA`: Helm parses TEXT as a template named `gotpl` beside the
/// chart's templates and runs it with DATA.
fn tpl(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    const NAME: &str = "gotpl";
    let text = args[0].as_str().unwrap_or_default();
    let set = parse::parse_with(
        NAME,
        text,
        &|name| super::defined(name, ctx.compat),
        ctx.compat.parse_options(),
    )
    .map_err(|e| FnError::Msg(format!("cannot parse template {text:?}: {e}")))?;
    let mut defines = BTreeMap::new();
    for (name, tree) in set.trees.iter().filter(|(name, _)| *name != NAME) {
        // Go keeps an existing definition when the new one is empty.
        let defined =
            || tpl_defines::lookup(name).is_some() || ctx.state.env().get_template(name).is_ok();
        if compile::is_empty(tree) && defined() {
            continue;
        }
        let source = compile::compile(NAME, tree, ctx.nodes).map_err(FnError::Msg)?;
        defines.insert(name.clone(), source);
    }
    let source = compile::compile(NAME, &set.trees[NAME], ctx.nodes).map_err(FnError::Msg)?;
    let data = &args[1];
    let result = tpl_defines::with_defines(defines, || {
        render::new_execution(|| {
            ctx.state
                .env()
                .render_str(&source, minijinja::context! { dot => data, root => data })
        })
    });
    match result {
        Ok(out) => Ok(Value::from(out.replace("<no value>", ""))),
        Err(e) => match GoError::find(&e) {
            Some(go) if matches!(go.kind, GoErrorKind::Fail) => {
                Err(FnError::Fail(go.message.clone()))
            }
            Some(go) => Err(FnError::Msg(format!(
                "error during tpl function execution for {text:?}: {}",
                go.go_text()
            ))),
            None => Err(FnError::Msg(e.to_string())),
        },
    }
}

/// `required MSG VALUE`: fails on nil and on the empty string.
fn required(_: &Ctx, args: Vec<Value>) -> FnResult {
    match view(&args[1]) {
        View::Nil => Err(FnError::Fail(
            args[0].as_str().unwrap_or_default().to_owned(),
        )),
        View::String("") => Err(FnError::Fail(
            args[0].as_str().unwrap_or_default().to_owned(),
        )),
        _ => Ok(args[1].clone()),
    }
}

/// `lookup`: `helm template` has no cluster, so every lookup is empty.
fn lookup(_: &Ctx, _: Vec<Value>) -> FnResult {
    Ok(go::map(Elem::Interface, BTreeMap::new()))
}

fn error_map(msg: String) -> Value {
    go::map(
        Elem::Interface,
        BTreeMap::from([("Error".to_owned(), Value::from(msg))]),
    )
}

/// Go's `json.Unmarshal` into `interface{}`: the whole text must be one
/// JSON value (syntax errors first, in encoding/json's words); numbers are
/// float64.
fn go_unmarshal(text: &str) -> Result<Data, String> {
    let (data, end) = json::decode(text)?;
    match text[end..]
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .chars()
        .next()
    {
        None => Ok(data),
        Some(c) => Err(format!("invalid character {c:?} after top-level value")),
    }
}

/// `fromJson`: a map (empty for `null`), or a map holding `Error`.
fn from_json(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    Ok(match go_unmarshal(text) {
        Ok(Data::Map(m)) => go::from_data(&Data::Map(m)),
        Ok(Data::Null) => go::map(Elem::Interface, BTreeMap::new()),
        Ok(other) => error_map(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            data_kind(&other)
        )),
        Err(e) => error_map(e),
    })
}

/// `fromJsonArray`: a list (empty for `null`), or a list holding the error.
fn from_json_array(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    Ok(match go_unmarshal(text) {
        Ok(Data::List(items)) => go::from_data(&Data::List(items)),
        Ok(Data::Null) => go::list(Vec::new()),
        Ok(other) => go::list(vec![Value::from(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            data_kind(&other)
        ))]),
        Err(e) => go::list(vec![Value::from(e)]),
    })
}

/// `mustFromJson` (Sprig's): any JSON value, or encoding/json's error.
fn must_from_json(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    Ok(go::from_data(&go_unmarshal(text)?))
}

/// `toYamlPretty`: go-yaml v3 sees Go's own types. A semver version
/// marshals as its text, like our data form; any other struct (a time is a
/// YAML timestamp, Helm's objects are encoded by their fields) is refused
/// by name rather than guessed.
fn to_yaml_pretty(_: &Ctx, args: Vec<Value>) -> FnResult {
    if let Some(name) = unsupported_struct(&args[0]) {
        return Err(
            format!("deltallm-render does not support toYamlPretty of a {name} value").into(),
        );
    }
    Ok(Value::from(emit::to_yaml_pretty(&go::to_data(&args[0]))?))
}

/// The type name of the first struct in a value that `toYamlPretty` refuses.
fn unsupported_struct(v: &Value) -> Option<String> {
    match view(v) {
        View::Struct(s) if s.type_name() == "*semver.Version" => None,
        View::Struct(s) => Some(s.type_name().to_owned()),
        View::List(items) | View::TypedSlice(_, items) => items.iter().find_map(unsupported_struct),
        View::Map(m) => m.read().values().find_map(unsupported_struct),
        _ => None,
    }
}

/// The type name of the first of Helm's structs (`.Capabilities`, Helm 3's
/// `.Chart`...) in a value: the TOML encoder writes them by their Go
/// field names in field order, which their data form does not keep.
fn struct_inside(v: &Value) -> Option<String> {
    match view(v) {
        View::Struct(s) if s.printed_fields().is_some() => Some(s.type_name().to_owned()),
        View::List(items) | View::TypedSlice(_, items) => items.iter().find_map(struct_inside),
        View::Map(m) => m.read().values().find_map(struct_inside),
        _ => None,
    }
}

/// `toToml`: the encoder's error text is printed in place of the document;
/// only a Go panic (a nil argument) fails the render.
fn to_toml(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    let helm = match ctx.compat {
        HelmCompat::Helm3 => emit::HelmMajor::V3,
        HelmCompat::Helm4 => emit::HelmMajor::V4,
    };
    if let Some(name) = struct_inside(&args[0]) {
        return Err(format!("deltallm-render does not support toToml of a {name} value").into());
    }
    match emit::to_toml(&go::to_json_data(&args[0]), helm) {
        Ok(text) | Err(emit::TomlError::Encode(text)) => Ok(Value::from(text)),
        Err(emit::TomlError::Panic(text)) => Err(text.into()),
    }
}

/// `fromYaml`: a map, or a map holding `Error`.
fn from_yaml(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    Ok(match yaml::parse_document("fromYaml", text) {
        Ok(Data::Map(m)) => go::from_data(&Data::Map(m)),
        Ok(Data::Null) => go::map(Elem::Interface, BTreeMap::new()),
        Ok(other) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            data_kind(&other)
        )),
        Err(e) => error_map(e.go_error),
    })
}

fn from_yaml_array(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    Ok(match yaml::parse_document("fromYamlArray", text) {
        Ok(Data::List(items)) => go::from_data(&Data::List(items)),
        Ok(Data::Null) => go::list(Vec::new()),
        Ok(other) => go::list(vec![Value::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            data_kind(&other)
        ))]),
        Err(e) => go::list(vec![Value::from(e.go_error)]),
    })
}

fn data_kind(v: &Data) -> &'static str {
    match v {
        Data::Null => "null",
        Data::Bool(_) => "bool",
        Data::Int(_) | Data::Float(_) => "number",
        Data::String(_) => "string",
        Data::List(_) => "array",
        Data::Map(_) => "object",
    }
}
