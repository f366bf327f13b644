//! Keys and certificates: `genPrivateKey`, `genCA`, `genCAWithKey`,
//! `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`,
//! `genSignedCertWithKey`, `buildCustomCert`.
//!
//! Results are Sprig's `certificate` struct: `.Cert` and `.Key` PEM text.
//! Keys and serials draw from [`super::random`], so `DELTALLM_RENDER_SEED`
//! reproduces them; validity starts at the current time, as in Helm, so a
//! certificate's bytes still change from one second to the next.

use std::net::IpAddr;

use base64::Engine as _;
use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
use minijinja::Value;

use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::print::fmt_value;
use crate::engine::runtime::value::{self, GoStruct, Kind};
use crate::values::Value as Data;

mod der;
mod dsa_keys;
mod ec;
mod keys;
mod pem;
mod x509;

use keys::PrivateKey;

/// A nil list: `genCA` takes no IPs or DNS names.
const NIL: Value = Value::UNDEFINED;

/// Sprig's certificate type, as Go names it.
const CERTIFICATE: Param = Param::Struct("sprig.certificate");

pub static FUNCS: &[Func] = &[
    Func {
        name: "genPrivateKey",
        params: &[Param::String],
        variadic: None,
        body: gen_private_key,
    },
    Func {
        name: "genCA",
        params: &[Param::String, Param::Int],
        variadic: None,
        body: |ctx, a| {
            let key = keys::generate_rsa(2048);
            issue(ctx, request(&a[0], &NIL, &NIL, &a[1], true)?, key, None)
        },
    },
    Func {
        name: "genCAWithKey",
        params: &[Param::String, Param::Int, Param::String],
        variadic: None,
        body: |ctx, a| {
            let key = private_key(&a[2])?;
            issue(ctx, request(&a[0], &NIL, &NIL, &a[1], true)?, key, None)
        },
    },
    Func {
        name: "genSelfSignedCert",
        params: &[Param::String, Param::List, Param::List, Param::Int],
        variadic: None,
        body: |ctx, a| {
            let req = request(&a[0], &a[1], &a[2], &a[3], false)?;
            issue(ctx, req, keys::generate_rsa(2048), None)
        },
    },
    Func {
        name: "genSelfSignedCertWithKey",
        params: &[
            Param::String,
            Param::List,
            Param::List,
            Param::Int,
            Param::String,
        ],
        variadic: None,
        body: |ctx, a| {
            let key = private_key(&a[4])?;
            issue(ctx, request(&a[0], &a[1], &a[2], &a[3], false)?, key, None)
        },
    },
    Func {
        name: "genSignedCert",
        params: &[
            Param::String,
            Param::List,
            Param::List,
            Param::Int,
            CERTIFICATE,
        ],
        variadic: None,
        body: |ctx, a| {
            let req = request(&a[0], &a[1], &a[2], &a[3], false)?;
            issue(ctx, req, keys::generate_rsa(2048), Some(&a[4]))
        },
    },
    Func {
        name: "genSignedCertWithKey",
        params: &[
            Param::String,
            Param::List,
            Param::List,
            Param::Int,
            CERTIFICATE,
            Param::String,
        ],
        variadic: None,
        body: |ctx, a| {
            let key = private_key(&a[5])?;
            let req = request(&a[0], &a[1], &a[2], &a[3], false)?;
            issue(ctx, req, key, Some(&a[4]))
        },
    },
    Func {
        name: "buildCustomCert",
        params: &[Param::String, Param::String],
        variadic: None,
        body: build_custom_cert,
    },
];

/// Sprig's `certificate{Cert, Key string}`.
#[derive(Debug)]
struct Certificate {
    cert: String,
    key: String,
}

impl GoStruct for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }

    fn kind(&self) -> Kind {
        Kind::Struct
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.as_str())),
            "Key" => Some(Value::from(self.key.as_str())),
            _ => None,
        }
    }

    fn fmt_go(&self, out: &mut String) {
        out.push('{');
        out.push_str(&self.cert);
        out.push(' ');
        out.push_str(&self.key);
        out.push('}');
    }

    fn to_data(&self) -> Data {
        Data::Map(
            [("Cert", &self.cert), ("Key", &self.key)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Data::String(v.clone())))
                .collect(),
        )
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn gen_private_key(_: &Ctx, a: Vec<Value>) -> FnResult {
    let kind = text(&a[0]);
    // Sprig returns this message as the result, not as an error.
    let pem = keys::generate_pem(kind).unwrap_or_else(|| format!("Unknown type {kind}"));
    Ok(Value::from(pem))
}

fn private_key(pem: &Value) -> Result<PrivateKey, String> {
    keys::parse_pem(text(pem)).map_err(|e| format!("parsing private key: {e}"))
}

/// Sprig's template fields from the function's arguments; IPs and DNS
/// names must be strings, and IPs must parse.
fn request<'a>(
    common_name: &'a Value,
    ips: &Value,
    dns_names: &Value,
    days: &Value,
    is_ca: bool,
) -> Result<x509::Request<'a>, String> {
    let items = |v: &Value| {
        value::slice_items(v)
            .map(<[Value]>::to_vec)
            .unwrap_or_default()
    };
    let ips = items(ips)
        .iter()
        .map(|ip| {
            let s = ip
                .as_str()
                .ok_or_else(|| format!("error parsing ip: {} is not a string", go_text(ip)))?;
            s.parse::<IpAddr>()
                .map_err(|_| format!("error parsing ip: {s}"))
        })
        .collect::<Result<_, _>>()?;
    let dns_names = items(dns_names)
        .iter()
        .map(|name| {
            name.as_str().map(str::to_owned).ok_or_else(|| {
                format!(
                    "error processing alternate dns name: {} is not a string",
                    go_text(name)
                )
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(x509::Request {
        common_name: text(common_name),
        ips,
        dns_names,
        days: days.as_i64().unwrap_or_default(),
        is_ca,
    })
}

/// Go's `%v`.
fn go_text(v: &Value) -> String {
    let mut out = String::new();
    fmt_value(v, &mut out);
    out
}

/// Creates the certificate for `key`, signed by `ca` or self-signed.
fn issue(ctx: &Ctx, req: x509::Request, key: PrivateKey, ca: Option<&Value>) -> FnResult {
    let ca_key;
    let issuer = match ca {
        Some(ca) => {
            // The argument check let only a `sprig.certificate` through.
            let field = |name| match value::view(ca) {
                value::View::Struct(s) => s.field(name).map(|v| text(&v).to_owned()),
                _ => None,
            };
            let (cert, key) = (
                field("Cert").unwrap_or_default(),
                field("Key").unwrap_or_default(),
            );
            ca_key = keys::parse_pem(&key).map_err(|e| format!("error parsing ca key: {e}"))?;
            Some(x509::Issuer {
                cert: parse_ca_cert(&cert)?,
                key: &ca_key,
            })
        }
        None => None,
    };
    let der = x509::create(&req, &key, issuer.as_ref(), ctx.compat)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    Ok(value::structure(Certificate {
        cert: pem::encode("CERTIFICATE", &der),
        key: key.to_pem(),
    }))
}

fn parse_ca_cert(text: &str) -> Result<x509::Parsed, String> {
    let (_, der) = pem::decode(text).ok_or("error parsing ca cert: no PEM data")?;
    x509::parse(&der).map_err(|e| format!("error parsing ca cert: {e}"))
}

/// Go's `base64.StdEncoding`: padded, but lenient about trailing bits and
/// line breaks.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    const GO_STD: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
    );
    let compact: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
    GO_STD.decode(compact).ok()
}

/// Sprig keeps the decoded texts as given, after checking that the
/// certificate parses and the key is one it can read.
fn build_custom_cert(_: &Ctx, a: Vec<Value>) -> FnResult {
    let cert = base64_decode(text(&a[0])).ok_or("unable to decode base64 certificate")?;
    let key = base64_decode(text(&a[1])).ok_or("unable to decode base64 private key")?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) = pem::decode(&cert).ok_or("unable to decode certificate")?;
    x509::parse(&der).map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    keys::parse_pem(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(value::structure(Certificate { cert, key }))
}
