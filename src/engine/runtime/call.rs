//! Calling Go functions: Go's argument rules, then the function.
//!
//! text/template checks every argument against the function's parameter
//! type before calling it, and literals are converted differently from
//! evaluated values (`3` may become a float64 parameter; a float64 from a
//! values file may not become an int). [`Func`] carries the Go signature so
//! the same rules, and the same error texts, apply here.

use std::sync::Arc;

use minijinja::{State, Value};

use super::HelmCompat;
use super::error::{Cause, GoError, GoErrorKind};
use super::nodes::{ArgForm, Node, NodeData, NodeId, NodeTable};
use super::print;
use super::value::{self, Elem, View, view};

/// A Go parameter type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `interface{}`: anything, nil included.
    Any,
    String,
    Int,
    Int64,
    /// Go `uint32`: a literal must be a non-negative integer.
    Uint32,
    Float64,
    Bool,
    /// `[]interface{}`.
    List,
    /// `map[string]interface{}`.
    Map,
    /// Go `time.Time`: only a time value fits; a literal never does.
    Time,
    /// A named Go struct type, e.g. `sprig.certificate`.
    Struct(&'static str),
}

impl Param {
    fn go_name(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::String => "string",
            Param::Int => "int",
            Param::Int64 => "int64",
            Param::Uint32 => "uint32",
            Param::Float64 => "float64",
            Param::Bool => "bool",
            Param::List => "[]interface {}",
            Param::Map => "map[string]interface {}",
            Param::Time => "time.Time",
            Param::Struct(name) => name,
        }
    }

    fn nillable(self) -> bool {
        matches!(self, Param::Any | Param::List | Param::Map)
    }
}

/// What a function's body may fail with.
#[derive(Debug)]
pub enum FnError {
    /// Go's `error` result: reported as `error calling NAME: MSG`.
    Msg(String),
    /// `fail`: Helm reports `execution error at (...)`.
    Fail(String),
    /// A template run by the function failed (`include`).
    Nested(Cause),
}

impl From<String> for FnError {
    fn from(s: String) -> FnError {
        FnError::Msg(s)
    }
}

impl From<&str> for FnError {
    fn from(s: &str) -> FnError {
        FnError::Msg(s.to_owned())
    }
}

pub type FnResult = Result<Value, FnError>;

/// What a function body sees besides its arguments.
pub struct Ctx<'a, 's, 'e> {
    pub state: &'a State<'s, 'e>,
    pub node: Arc<Node>,
    pub nodes: &'a NodeTable,
    /// Which Helm's wording to use where Helm 3.17 and 4.1 differ.
    pub compat: HelmCompat,
}

pub type Body = fn(&Ctx, Vec<Value>) -> FnResult;

/// One entry of the function map.
pub struct Func {
    pub name: &'static str,
    pub params: &'static [Param],
    /// The element type of a trailing `...T` parameter.
    pub variadic: Option<Param>,
    pub body: Body,
}

impl Func {
    /// Runs the function as text/template would: count, convert, call.
    pub fn invoke(
        &self,
        state: &State,
        nodes: &NodeTable,
        compat: HelmCompat,
        args: &[Value],
    ) -> Result<Value, minijinja::Error> {
        let id = args
            .first()
            .and_then(|v| v.as_i64())
            .and_then(|n| NodeId::try_from(n).ok())
            .expect("compiled calls pass their node id first");
        let node = nodes.get(id);
        let args = &args[1..];
        let (forms, ident): (&[(ArgForm, NodeId)], NodeId) = match &node.data {
            NodeData::Call { args, ident, .. } => (args, *ident),
            _ => (&[], id),
        };
        let fixed = self.params.len();
        let bad_count = match self.variadic {
            Some(_) => args.len() < fixed,
            None => args.len() != fixed,
        };
        if bad_count {
            let want = if self.variadic.is_some() {
                "at least "
            } else {
                ""
            };
            let msg = format!(
                "wrong number of args for {}: want {want}{fixed} got {}",
                self.name,
                args.len()
            );
            return Err(GoError::exec(nodes.get(ident), msg).into_minijinja());
        }
        let mut converted = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let param = self
                .params
                .get(i)
                .copied()
                .or(self.variadic)
                .unwrap_or(Param::Any);
            let (form, at) = forms.get(i).cloned().unwrap_or((ArgForm::Value, id));
            match convert(arg, param, &form) {
                Ok(v) => converted.push(value::passed(v)),
                Err(msg) => return Err(GoError::exec(nodes.get(at), msg).into_minijinja()),
            }
        }
        let ctx = Ctx {
            state,
            node: node.clone(),
            nodes,
            compat,
        };
        // Only what this function prints counts (an error message may have
        // printed a value without failing for it).
        print::take_unprintable();
        let result = (self.body)(&ctx, converted).and_then(|v| match print::take_unprintable() {
            Some(msg) => Err(FnError::Msg(msg)),
            None => Ok(v),
        });
        result.map_err(|e| {
            let (kind, message, cause) = match e {
                FnError::Msg(m) => (
                    GoErrorKind::Exec,
                    format!("error calling {}: {m}", self.name),
                    None,
                ),
                FnError::Fail(m) => (GoErrorKind::Fail, m, None),
                FnError::Nested(c) => (
                    GoErrorKind::Exec,
                    format!("error calling {}", self.name),
                    Some(Arc::new(c)),
                ),
            };
            GoError {
                node,
                kind,
                message,
                cause,
            }
            .into_minijinja()
        })
    }
}

/// Go's conversion of one argument to a parameter type, with Go's messages.
fn convert(arg: &Value, param: Param, form: &ArgForm) -> Result<Value, String> {
    match form {
        ArgForm::Value => convert_value(arg, param),
        // A nil map element keeps its interface type: only `interface{}`
        // parameters take it.
        ArgForm::Field if matches!(view(arg), View::Nil) && param != Param::Any => Err(format!(
            "wrong type for value; expected {}; got interface {{}}",
            param.go_name()
        )),
        ArgForm::Field => convert_value(arg, param),
        ArgForm::Nil if param.nillable() => Ok(Value::from(())),
        ArgForm::Nil => Err(format!("cannot assign nil to {}", param.go_name())),
        ArgForm::Number(text) => match param {
            Param::Any => Ok(arg.clone()),
            Param::Int | Param::Int64 => match view(arg) {
                View::Int(n) if param == Param::Int64 => Ok(value::int64(n)),
                View::Int(_) => Ok(arg.clone()),
                _ => Err(format!("expected integer; found {text}")),
            },
            // Go checks only that the literal is unsigned; `SetUint`
            // then truncates it to 32 bits.
            Param::Uint32 => match view(arg) {
                View::Int(n) if n >= 0 => Ok(Value::from(n as u32)),
                _ => Err(format!("expected unsigned integer; found {text}")),
            },
            Param::Float64 => match view(arg) {
                View::Int(n) => Ok(Value::from(n as f64)),
                View::Float(_) => Ok(arg.clone()),
                _ => Err(format!("expected float; found {text}")),
            },
            _ => Err(literal_mismatch(param, text)),
        },
        ArgForm::String(text) | ArgForm::Bool(text) => {
            let fits = match param {
                Param::Any => true,
                Param::String => matches!(form, ArgForm::String(_)),
                Param::Bool => matches!(form, ArgForm::Bool(_)),
                _ => false,
            };
            if fits {
                Ok(arg.clone())
            } else {
                Err(literal_mismatch(param, text))
            }
        }
    }
}

fn literal_mismatch(param: Param, text: &str) -> String {
    match param {
        Param::String => format!("expected string; found {text}"),
        Param::Int | Param::Int64 => format!("expected integer; found {text}"),
        Param::Uint32 => format!("expected unsigned integer; found {text}"),
        Param::Float64 => format!("expected float; found {text}"),
        Param::Bool => format!("expected bool; found {text}"),
        _ => format!("can't handle {text} for arg of type {}", param.go_name()),
    }
}

/// Go's `validateType` for an evaluated value.
fn convert_value(arg: &Value, param: Param) -> Result<Value, String> {
    let v = view(arg);
    if matches!(v, View::Nil) {
        return if param.nillable() {
            Ok(Value::from(()))
        } else {
            Err(format!("invalid value; expected {}", param.go_name()))
        };
    }
    let fits = match param {
        Param::Any => true,
        Param::String => matches!(v, View::String(_)),
        Param::Int => matches!(v, View::Int(_)),
        Param::Int64 => matches!(v, View::Int64(_)),
        // No value a template can hold is a Go uint32.
        Param::Uint32 => false,
        Param::Float64 => matches!(v, View::Float(_)),
        Param::Bool => matches!(v, View::Bool(_)),
        Param::List => matches!(v, View::List(_)),
        Param::Map => matches!(v, View::Map(m) if m.elem == Elem::Interface),
        Param::Time => matches!(v, View::Struct(s) if s.type_name() == "time.Time"),
        Param::Struct(name) => matches!(v, View::Struct(s) if s.type_name() == name),
    };
    if fits {
        Ok(arg.clone())
    } else {
        Err(format!(
            "wrong type for value; expected {}; got {}",
            param.go_name(),
            value::type_name(arg)
        ))
    }
}
