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
use super::nodes::{ArgForm, ArgOrder, Node, NodeData, NodeId, NodeTable};
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
    /// The parameter type of argument `i` (a trailing `...T` repeats).
    pub fn param(&self, i: usize) -> Param {
        self.params
            .get(i)
            .copied()
            .or(self.variadic)
            .unwrap_or(Param::Any)
    }

    /// Go's count check, made before any argument is evaluated: `explicit`
    /// arguments written in the call, plus the piped value if `piped`.
    /// Go counts the piped value against a fixed signature but leaves it
    /// out of the count it reports for a variadic one.
    pub fn arity_error(&self, explicit: usize, piped: bool) -> Option<String> {
        let fixed = self.params.len();
        let total = explicit + usize::from(piped);
        match self.variadic {
            Some(_) if total < fixed => Some(format!(
                "wrong number of args for {}: want at least {fixed} got {explicit}",
                self.name
            )),
            None if total != fixed => Some(format!(
                "wrong number of args for {}: want {fixed} got {total}",
                self.name
            )),
            _ => None,
        }
    }

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
        let mut args = args[1..].to_vec();
        let (forms, ident, piped_first) = match &node.data {
            NodeData::Call {
                args, ident, order, ..
            } => (&args[..], *ident, *order == ArgOrder::PipedFirst),
            _ => (&[][..], id, false),
        };
        // The piped value was evaluated first; Go passes it last.
        if piped_first {
            args.rotate_left(1);
        }
        // The compiler raises count errors; this guards other callers.
        if let Some(msg) = self.arity_error(args.len(), false) {
            return Err(GoError::exec(nodes.get(ident), msg).into_minijinja());
        }
        let mut converted = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let (form, at) = forms.get(i).cloned().unwrap_or((ArgForm::Value, id));
            match convert(arg, self.param(i), &form) {
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

/// `_a(id, i, value)`: argument `i` of call `id` converted as soon as it is
/// evaluated, before the arguments after it are, as Go does; the function
/// converts it again later, which changes nothing for an evaluated value.
pub fn check_arg(
    nodes: &NodeTable,
    id: NodeId,
    i: usize,
    arg: Value,
) -> Result<Value, minijinja::Error> {
    let node = nodes.get(id);
    let NodeData::Call { name, args, .. } = &node.data else {
        unreachable!("_a is compiled for calls only");
    };
    let param = crate::funcs::registered(name).map_or(Param::Any, |f| f.param(i));
    let (form, at) = &args[i];
    convert(&arg, param, form).map_err(|msg| GoError::exec(nodes.get(*at), msg).into_minijinja())
}

/// Go's conversion of one argument to a parameter type, with Go's messages.
pub fn convert(arg: &Value, param: Param, form: &ArgForm) -> Result<Value, String> {
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
            Param::Int | Param::Int64 => match literal_int(arg) {
                Some(n) if param == Param::Int64 => Ok(value::int64(n)),
                Some(n) => Ok(Value::from(n)),
                None => Err(format!("expected integer; found {text}")),
            },
            // Go checks only that the literal is unsigned; `SetUint`
            // then truncates it to 32 bits.
            Param::Uint32 => match literal_int(arg) {
                Some(n) if n >= 0 => Ok(Value::from(n as u32)),
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

/// A number literal's integer value, if Go's parser gave it one: a float
/// literal with an integral value in range (`1e3`, `2.0`) is an int too.
fn literal_int(arg: &Value) -> Option<i64> {
    match view(arg) {
        View::Int(n) => Some(n),
        View::Float(f) if f.fract() == 0.0 && (i64::MIN as f64..i64::MAX as f64).contains(&f) => {
            Some(f as i64)
        }
        _ => None,
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
