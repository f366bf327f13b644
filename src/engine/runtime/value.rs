//! Go's types carried in minijinja values.
//!
//! Templates are executed by minijinja, but what a value *is* follows Go:
//! `1` in a template is an `int`, `add 1 2` gives an `int64`, a number from a
//! values file is a `float64`, and `set` mutates a map every holder sees.
//! Those distinctions surface in output (`typeOf`, `%T`) and in errors
//! (`wrong type for value; expected int; got int64`), so they are kept here:
//!
//! | Go                       | minijinja value                          |
//! |--------------------------|------------------------------------------|
//! | nil                      | `none` (or undefined)                    |
//! | bool, string             | native bool, string                      |
//! | int                      | native integer (i64)                     |
//! | float64                  | native float                             |
//! | []interface{}            | native sequence                          |
//! | int64, uint64, typed slices, maps, structs | a [`Go`] object         |
//! | []byte, Helm's `engine.files` | a [`GoStruct`] of slice or map kind |

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value, ValueKind};

use crate::values::Value as Data;

/// Go's `reflect.Kind` names, as `kindOf` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    Bool,
    Int,
    Int64,
    Uint64,
    Float64,
    String,
    Slice,
    Map,
    Struct,
    Ptr,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Int64 => "int64",
            Kind::Uint64 => "uint64",
            Kind::Float64 => "float64",
            Kind::String => "string",
            Kind::Slice => "slice",
            Kind::Map => "map",
            Kind::Struct => "struct",
            Kind::Ptr => "ptr",
        }
    }
}

/// Element types of the typed slices and maps Go functions return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Interface,
    String,
    Int,
    /// `map[string]interface{}`: BurntSushi/toml's arrays of tables.
    Map,
    /// Any other element type, by its Go name (`*chart.Maintainer`,
    /// `[]interface {}` for `chunk`'s pieces).
    Named(&'static str),
}

impl Elem {
    fn name(self) -> &'static str {
        match self {
            Elem::Interface => "interface {}",
            Elem::String => "string",
            Elem::Int => "int",
            Elem::Map => "map[string]interface {}",
            Elem::Named(name) => name,
        }
    }
}

/// A Go map with string keys. Shared and mutable: `set`, `unset` and
/// `merge` change it in place, and every holder (including `.Values`) sees it.
#[derive(Debug)]
pub struct GoMap {
    pub elem: Elem,
    /// The name of a named map type (Helm's `chartutil.Values`), which
    /// `typeOf` and `%T` show; `None` for a plain `map[string]T`.
    pub name: Option<&'static str>,
    entries: RwLock<BTreeMap<String, Value>>,
}

impl GoMap {
    pub fn new(elem: Elem, entries: BTreeMap<String, Value>) -> GoMap {
        GoMap {
            elem,
            name: None,
            entries: RwLock::new(entries),
        }
    }

    /// The Go type's name, as `typeOf` prints it.
    pub fn type_name(&self) -> String {
        match self.name {
            Some(name) => name.to_owned(),
            None => format!("map[string]{}", self.elem.name()),
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, BTreeMap<String, Value>> {
        self.entries.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, BTreeMap<String, Value>> {
        self.entries.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// A struct or other named Go type exposed to templates (`.Release`,
/// `.Chart`, `.Files`, semver versions, times...).
pub trait GoStruct: fmt::Debug + Send + Sync {
    /// The Go type name as `typeOf` prints it, e.g. `*chart.Metadata`.
    fn type_name(&self) -> &str;
    fn kind(&self) -> Kind {
        Kind::Ptr
    }
    /// An exported field, or a method called without arguments.
    fn field(&self, name: &str) -> Option<Value>;
    /// Whether `name` is a method (so `.X.Name args` may pass arguments).
    fn has_method(&self, _name: &str) -> bool {
        false
    }
    /// Calls a method with arguments; the error is Go's error text.
    fn call_method(&self, name: &str, _args: &[Value]) -> Result<Value, String> {
        Err(format!("can't call method {name}"))
    }
    /// The (key or index, element) pairs of a struct that is a Go map or
    /// slice type (Helm's `engine.files`, `[]byte`), for `range`, `len`
    /// and truth; `None` for other structs.
    fn entries(&self) -> Option<Vec<(Value, Value)>> {
        None
    }
    /// For map-type structs, the value under `key` for `index` (Go's zero
    /// value of the element type when absent); `None` for other structs.
    fn entry(&self, _key: &str) -> Option<Value> {
        None
    }
    /// The bytes of Go's `[]byte`; `None` for anything else.
    fn as_bytes(&self) -> Option<&[u8]> {
        None
    }
    /// `%v` form.
    fn fmt_go(&self, out: &mut String);
    /// The fields `fmt` walks for a struct (name, value), in order, when
    /// it prints them one by one (`%+v`, `%s`); `None` for values printed
    /// whole.
    fn printed_fields(&self) -> Option<Vec<(&str, Value)>> {
        None
    }
    /// Whether Go prints this value as a memory address when it is an
    /// element of something printed: a pointer to a struct without a
    /// `String()` method.
    fn prints_as_address(&self) -> bool {
        false
    }
    /// What `{{ x }}` prints, where text/template differs from `%v`: it
    /// prints the target of a pointer (no `&`), and calls `String()` on an
    /// addressable value whose pointer type has it.
    fn fmt_output(&self, out: &mut String) {
        self.fmt_go(out)
    }
    /// The copy a function receives, where it differs: Go passes a struct
    /// as an interface holding a copy, which is not addressable, so the
    /// methods of its pointer type are gone. `None`: passed as it is.
    fn copied(&self) -> Option<Value> {
        None
    }
    /// Go's JSON encoding as (name, value) pairs in the struct's field
    /// order, `omitempty` fields already left out; `None` when
    /// [`to_data`](GoStruct::to_data) says it all (no field order to keep).
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// The value `toJson`/`toYaml` see (Go's JSON encoding of the struct).
    fn to_data(&self) -> Data {
        Data::Map(Default::default())
    }
}

/// A named Go slice type with methods, such as Helm's `VersionSet` (a
/// `[]string` with `Has`): functions that take any slice see a slice of
/// `elem`, while `%T`, `typeOf` and method calls see the named type.
#[derive(Debug)]
pub struct SliceType {
    pub name: &'static str,
    pub elem: Elem,
    /// Calls the method `name` on the items; `None` when the type has no
    /// method by that name. The error is Go's text.
    pub method: SliceMethod,
}

/// A named slice type's method table: (method, items, args) to the result,
/// or `None` when there is no such method.
pub type SliceMethod = fn(&str, &[Value], &[Value]) -> Option<Result<Value, String>>;

/// The Go values that minijinja has no native form for.
#[derive(Debug)]
pub enum Go {
    Int64(i64),
    /// What semver's `.Major`, `.Minor` and `.Patch` return.
    Uint64(u64),
    /// A slice with a concrete element type (`[]string`, `[]int`).
    Slice(Elem, Vec<Value>),
    /// Go's nil slice, which Sprig returns for some empty results (`rest`
    /// of an empty list): empty everywhere, but JSON writes it as `null`,
    /// `%#v` as `[]T(nil)`, and `deepEqual` tells it from an empty slice.
    NilSlice(Elem),
    /// A slice of a named type with methods (Helm's `VersionSet`).
    Named(&'static SliceType, Vec<Value>),
    Map(GoMap),
    Struct(Box<dyn GoStruct>),
}

impl Object for Go {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        match **self {
            Go::Slice(..) | Go::Named(..) | Go::NilSlice(_) => ObjectRepr::Seq,
            Go::Map(_) => ObjectRepr::Map,
            _ => ObjectRepr::Plain,
        }
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match &**self {
            Go::Slice(_, items) | Go::Named(_, items) => items.get(key.as_usize()?).cloned(),
            Go::Map(m) => m.read().get(key.as_str()?).cloned(),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match &**self {
            Go::Slice(_, items) | Go::Named(_, items) => Enumerator::Values(items.clone()),
            Go::NilSlice(_) => Enumerator::Values(Vec::new()),
            Go::Map(m) => {
                Enumerator::Values(m.read().keys().map(|k| Value::from(k.as_str())).collect())
            }
            _ => Enumerator::NonEnumerable,
        }
    }

    /// Go's truth: non-zero numbers, non-empty collections, non-nil pointers.
    fn is_true(self: &Arc<Self>) -> bool {
        match &**self {
            Go::Int64(n) => *n != 0,
            Go::Uint64(n) => *n != 0,
            Go::Slice(_, items) | Go::Named(_, items) => !items.is_empty(),
            Go::NilSlice(_) => false,
            Go::Map(m) => !m.read().is_empty(),
            Go::Struct(s) => match s.as_bytes() {
                Some(data) => !data.is_empty(),
                None => s.entries().is_none_or(|e| !e.is_empty()),
            },
        }
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        super::print::fmt_value(&Value::from_dyn_object(self.clone()), &mut out);
        f.write_str(&out)
    }
}

/// Go's view of a value: its kind and, for objects, the object.
pub enum View<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Int64(i64),
    Uint64(u64),
    Float(f64),
    String(&'a str),
    List(&'a [Value]),
    TypedSlice(Elem, &'a [Value]),
    Map(&'a GoMap),
    Struct(&'a dyn GoStruct),
    /// Something minijinja made that Go has no name for (should not happen).
    Other,
}

/// Classifies a value by its Go type. Cheap: no allocation.
pub fn view(v: &Value) -> View<'_> {
    match v.kind() {
        ValueKind::None | ValueKind::Undefined => View::Nil,
        ValueKind::Bool => View::Bool(v.is_true()),
        ValueKind::Number => {
            if v.is_integer() {
                View::Int(v.as_i64().unwrap_or_default())
            } else {
                View::Float(f64::try_from(v.clone()).unwrap_or_default())
            }
        }
        ValueKind::String => View::String(v.as_str().unwrap_or_default()),
        _ => match v.downcast_object_ref::<Go>() {
            Some(Go::Int64(n)) => View::Int64(*n),
            Some(Go::Uint64(n)) => View::Uint64(*n),
            Some(Go::Slice(elem, items)) => View::TypedSlice(*elem, items),
            Some(Go::Named(ty, items)) => View::TypedSlice(ty.elem, items),
            Some(Go::NilSlice(elem)) => View::TypedSlice(*elem, &[]),
            Some(Go::Map(m)) => View::Map(m),
            Some(Go::Struct(s)) => View::Struct(s.as_ref()),
            None => match v.as_object().and_then(|o| o.downcast_ref::<Vec<Value>>()) {
                Some(items) => View::List(items),
                None => View::Other,
            },
        },
    }
}

/// Go's `reflect.Kind` of a value.
pub fn kind_of(v: &Value) -> Kind {
    match view(v) {
        View::Nil | View::Other => Kind::Invalid,
        View::Bool(_) => Kind::Bool,
        View::Int(_) => Kind::Int,
        View::Int64(_) => Kind::Int64,
        View::Uint64(_) => Kind::Uint64,
        View::Float(_) => Kind::Float64,
        View::String(_) => Kind::String,
        View::List(_) | View::TypedSlice(..) => Kind::Slice,
        View::Map(_) => Kind::Map,
        View::Struct(s) => s.kind(),
    }
}

/// Go's type name, as `typeOf` and `%T` print it.
pub fn type_name(v: &Value) -> String {
    if let Some(ty) = slice_type(v) {
        return ty.name.into();
    }
    match view(v) {
        View::Nil | View::Other => "<nil>".into(),
        View::List(_) => "[]interface {}".into(),
        View::TypedSlice(elem, _) => format!("[]{}", elem.name()),
        View::Map(m) => m.type_name(),
        View::Struct(s) => s.type_name().into(),
        _ => kind_of(v).name().into(),
    }
}

/// Go's JSON fields of a struct value that keeps its field order.
pub fn json_fields(v: &Value) -> Option<Vec<(String, Value)>> {
    match view(v) {
        View::Struct(s) => s.json_fields(),
        _ => None,
    }
}

/// A function argument as the function receives it: a struct that Go
/// copies into an interface loses its addressability ([`GoStruct::copied`]).
pub fn passed(v: Value) -> Value {
    match view(&v) {
        View::Struct(s) => s.copied().unwrap_or(v),
        _ => v,
    }
}

pub fn int64(n: i64) -> Value {
    Value::from_object(Go::Int64(n))
}

pub fn uint64(n: u64) -> Value {
    Value::from_object(Go::Uint64(n))
}

pub fn list(items: Vec<Value>) -> Value {
    Value::from(items)
}

pub fn typed_slice(elem: Elem, items: Vec<Value>) -> Value {
    Value::from_object(Go::Slice(elem, items))
}

/// Go's nil `[]interface {}`.
pub fn nil_slice() -> Value {
    nil_typed_slice(Elem::Interface)
}

/// Go's nil slice of `elem` (`regexFindAll`'s `[]string` without a match).
pub fn nil_typed_slice(elem: Elem) -> Value {
    Value::from_object(Go::NilSlice(elem))
}

/// `items` as a `[]interface {}`, nil when there are none: what Sprig
/// returns where it appends to a slice it never made.
pub fn list_or_nil(items: Vec<Value>) -> Value {
    match items.is_empty() {
        true => nil_slice(),
        false => list(items),
    }
}

pub fn is_nil_slice(v: &Value) -> bool {
    matches!(v.downcast_object_ref::<Go>(), Some(Go::NilSlice(_)))
}

/// A slice of the named type `ty`.
pub fn named_slice(ty: &'static SliceType, items: Vec<Value>) -> Value {
    Value::from_object(Go::Named(ty, items))
}

/// The named slice type of `v`, if it has one.
pub fn slice_type(v: &Value) -> Option<&'static SliceType> {
    match v.downcast_object_ref::<Go>() {
        Some(Go::Named(ty, _)) => Some(ty),
        _ => None,
    }
}

/// A slice of the same Go type as the slice `like` (what reslicing and
/// copying a slice give in Go), holding `items`.
pub fn slice_like(like: &Value, items: Vec<Value>) -> Value {
    match (slice_type(like), view(like)) {
        (Some(ty), _) => named_slice(ty, items),
        (None, View::TypedSlice(elem, _)) => typed_slice(elem, items),
        _ => list(items),
    }
}

/// Go's `[]byte` (what `.Files.GetBytes` returns), sharing the file's
/// buffer: ranging over `.Files.Glob` copies no file content.
#[derive(Debug)]
struct Bytes(Arc<[u8]>);

impl GoStruct for Bytes {
    fn type_name(&self) -> &str {
        "[]uint8"
    }
    fn kind(&self) -> Kind {
        Kind::Slice
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn entries(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.0
                .iter()
                .enumerate()
                .map(|(i, b)| (Value::from(i as i64), Value::from(*b)))
                .collect(),
        )
    }
    fn as_bytes(&self) -> Option<&[u8]> {
        Some(&self.0)
    }
    fn fmt_go(&self, out: &mut String) {
        out.push('[');
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&b.to_string());
        }
        out.push(']');
    }
    /// encoding/json writes a []byte as base64 text.
    fn to_data(&self) -> Data {
        use base64::Engine as _;
        Data::String(base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

pub fn bytes(data: Arc<[u8]>) -> Value {
    structure(Bytes(data))
}

/// The bytes of a `[]byte` value.
pub fn as_bytes(v: &Value) -> Option<&[u8]> {
    match view(v) {
        View::Struct(s) => s.as_bytes(),
        _ => None,
    }
}

/// A `[]byte` as the text Sprig's `strval` and `%s` make of it (UTF-8,
/// lossily: Go strings may hold any bytes, ours cannot).
pub fn bytes_text(v: &Value) -> Option<String> {
    as_bytes(v).map(|data| String::from_utf8_lossy(data).into_owned())
}

pub fn map(elem: Elem, entries: BTreeMap<String, Value>) -> Value {
    Value::from_object(Go::Map(GoMap::new(elem, entries)))
}

/// A map of the named type `name` with `interface{}` elements: Helm's
/// `chartutil.Values` (`common.Values` in Helm 4), the type of `$`,
/// `.Values` and `.Template`.
pub fn named_map(name: &'static str, entries: BTreeMap<String, Value>) -> Value {
    let mut m = GoMap::new(Elem::Interface, entries);
    m.name = Some(name);
    Value::from_object(Go::Map(m))
}

pub fn structure(s: impl GoStruct + 'static) -> Value {
    Value::from_object(Go::Struct(Box::new(s)))
}

/// The items of any Go slice (plain or typed).
pub fn slice_items(v: &Value) -> Option<&[Value]> {
    match view(v) {
        View::List(items) | View::TypedSlice(_, items) => Some(items),
        _ => None,
    }
}

/// Builds the runtime form of values read from YAML or flags.
pub fn from_data(data: &Data) -> Value {
    match data {
        Data::Null => Value::from(()),
        Data::Bool(b) => Value::from(*b),
        Data::Int(n) => int64(*n),
        Data::Float(f) => Value::from(*f),
        Data::String(s) => Value::from(s.as_str()),
        Data::List(items) => list(items.iter().map(from_data).collect()),
        Data::Map(m) => map(
            Elem::Interface,
            m.iter().map(|(k, v)| (k.clone(), from_data(v))).collect(),
        ),
    }
}

/// The data a value encodes to, as Go's encoding/json sees it: what
/// `toYaml`, `toJson` and friends serialize.
pub fn to_data(v: &Value) -> Data {
    data(v, false)
}

/// [`to_data`] as Go's JSON encoder sees it: nil slices are `null`. What
/// `toYaml` and `toToml` encode (`sigs.k8s.io/yaml` goes through JSON;
/// TOML leaves nil values out).
pub fn to_json_data(v: &Value) -> Data {
    data(v, true)
}

fn data(v: &Value, nil_as_null: bool) -> Data {
    if nil_as_null && is_nil_slice(v) {
        return Data::Null;
    }
    match view(v) {
        View::Nil | View::Other => Data::Null,
        View::Bool(b) => Data::Bool(b),
        View::Int(n) | View::Int64(n) => Data::Int(n),
        // Data has no unsigned type; a uint64 above i64::MAX (a version
        // number no chart uses) would not survive `toJson`.
        View::Uint64(n) => Data::Int(n as i64),
        View::Float(f) => Data::Float(f),
        View::String(s) => Data::String(s.to_owned()),
        View::List(items) | View::TypedSlice(_, items) => {
            Data::List(items.iter().map(|i| data(i, nil_as_null)).collect())
        }
        View::Map(m) => Data::Map(
            m.read()
                .iter()
                .map(|(k, v)| (k.clone(), data(v, nil_as_null)))
                .collect(),
        ),
        View::Struct(s) => s.to_data(),
    }
}

/// Go's truth for `if`, `with`, `and`, `or`, `not`.
pub fn truth(v: &Value) -> bool {
    v.is_true()
}
