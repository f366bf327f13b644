//! Certificates laid out as Go's `x509.CreateCertificate` writes Sprig's
//! templates, and the few fields read back from a CA certificate.
//!
//! Layout (observed from Helm's output with `openssl asn1parse`): v3,
//! a random serial below 2^128, the signer's SHA-256 algorithm, a subject
//! of one common name (PrintableString when it fits, else UTF8String;
//! empty when the name is ""), validity from now for `days` × 24 h, then
//! the extensions key usage (critical), extended key usage (server and
//! client auth), basic constraints (critical), subject key id (CAs only),
//! authority key id (when the issuer has a key id and differs from the
//! subject), and alternative names (critical when the subject is empty).

use std::net::IpAddr;

use chrono::{DateTime, Datelike, Duration, Utc};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::der::{self, Reader};
use super::keys::PrivateKey;
use crate::engine::HelmCompat;
use crate::funcs::{goquote, random};

const COMMON_NAME: &[u64] = &[2, 5, 4, 3];
const KEY_USAGE: &[u64] = &[2, 5, 29, 15];
const EXT_KEY_USAGE: &[u64] = &[2, 5, 29, 37];
const BASIC_CONSTRAINTS: &[u64] = &[2, 5, 29, 19];
const SUBJECT_KEY_ID: &[u64] = &[2, 5, 29, 14];
const AUTHORITY_KEY_ID: &[u64] = &[2, 5, 29, 35];
const SUBJECT_ALT_NAME: &[u64] = &[2, 5, 29, 17];
const SERVER_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 1];
const CLIENT_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];

/// Go computes validity with `time.Duration` (int64 nanoseconds); past
/// this many days that product wraps, which we do not imitate.
const MAX_DAYS: i64 = i64::MAX / (86_400 * 1_000_000_000);

/// What Sprig puts into a certificate template.
pub struct Request<'a> {
    pub common_name: &'a str,
    pub ips: Vec<IpAddr>,
    pub dns_names: Vec<String>,
    pub days: i64,
    pub is_ca: bool,
}

/// The fields of a parsed CA certificate that signing needs.
pub struct Parsed {
    pub subject: Vec<u8>,
    pub public_key_info: Vec<u8>,
    pub key_id: Option<Vec<u8>>,
}

/// The issuing side: its certificate's fields and its key.
pub struct Issuer<'a> {
    pub cert: Parsed,
    pub key: &'a PrivateKey,
}

/// Creates the DER certificate for `subject_key`, signed by `issuer` or,
/// without one, by the subject key itself. Errors are Go's `x509` texts,
/// checked in the order Go checks them.
pub fn create(
    req: &Request,
    subject_key: &PrivateKey,
    issuer: Option<&Issuer>,
    compat: HelmCompat,
) -> Result<Vec<u8>, String> {
    let signer = issuer.map_or(subject_key, |i| i.key);
    if !signer.can_sign() {
        return Err("x509: certificate private key does not implement crypto.Signer".into());
    }
    if req.days.abs() > MAX_DAYS {
        return Err(format!(
            "a validity of {} days overflows Go's time.Duration; deltallm-render does not imitate the wrap-around",
            req.days
        ));
    }
    let public_key_info = subject_key.public_key_info()?;
    let subject = name(req.common_name);
    let issuer_name = issuer.map_or(subject.clone(), |i| i.cert.subject.clone());
    let alt_names = alt_names(req)?;
    let signer_info = signer.public_key_info()?;
    if issuer.is_some_and(|i| i.cert.public_key_info != signer_info) {
        return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
    }
    let own_key_id = req.is_ca.then(|| key_id(&public_key_info, compat));
    let authority_key_id = match issuer {
        Some(i) if issuer_name != subject => i.cert.key_id.clone(),
        _ => None,
    };

    let mut extensions = vec![
        extension(KEY_USAGE, true, &key_usage(req.is_ca)),
        extension(
            EXT_KEY_USAGE,
            false,
            &der::cons(
                der::SEQUENCE,
                &[&der::oid(SERVER_AUTH), &der::oid(CLIENT_AUTH)],
            ),
        ),
        extension(BASIC_CONSTRAINTS, true, &basic_constraints(req.is_ca)),
    ];
    if let Some(id) = &own_key_id {
        extensions.push(extension(
            SUBJECT_KEY_ID,
            false,
            &der::tlv(der::OCTET_STRING, id),
        ));
    }
    if let Some(id) = &authority_key_id {
        let value = der::cons(der::SEQUENCE, &[&der::tlv(0x80, id)]);
        extensions.push(extension(AUTHORITY_KEY_ID, false, &value));
    }
    if let Some(names) = alt_names {
        let empty_subject = req.common_name.is_empty();
        extensions.push(extension(SUBJECT_ALT_NAME, empty_subject, &names));
    }

    let algorithm = signer.signature_algorithm();
    let not_before = Utc::now();
    let not_after = not_before + Duration::days(req.days);
    let tbs = der::cons(
        der::SEQUENCE,
        &[
            &der::tlv(0xa0, &der::uint(&[2])),
            &der::uint(&serial()),
            &algorithm,
            &issuer_name,
            &der::cons(der::SEQUENCE, &[&time(not_before), &time(not_after)]),
            &subject,
            &public_key_info,
            &der::tlv(0xa3, &der::cons(der::SEQUENCE, &[&extensions.concat()])),
        ],
    );
    let weak = format!(
        "crypto/rsa: {}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)",
        signer.rsa_bits().unwrap_or_default()
    );
    let weak = match compat {
        HelmCompat::Helm4 => weak,
        HelmCompat::Helm3 => {
            "RSA keys under 1024 bits are not supported by deltallm-render".to_owned()
        }
    };
    let signature = signer.sign(&tbs, &weak)?;
    Ok(der::cons(
        der::SEQUENCE,
        &[&tbs, &algorithm, &der::bits(&signature)],
    ))
}

/// Go's `x509.ParseCertificate`, as far as Sprig's callers can tell: the
/// outer structure, the TBS fields in order, and the subject key id.
pub fn parse(bytes: &[u8]) -> Result<Parsed, &'static str> {
    const MALFORMED: &str = "x509: malformed certificate";
    const MALFORMED_TBS: &str = "x509: malformed tbs certificate";
    let outer = der::only(bytes, der::SEQUENCE).ok_or(MALFORMED)?;
    let mut parts = Reader::new(outer);
    let tbs = parts.next().ok_or(MALFORMED)?;
    if tbs.tag != der::SEQUENCE {
        return Err(MALFORMED_TBS);
    }
    let mut fields = Reader::new(tbs.content);
    fields.skip_if(0xa0);
    let mut next = |tag: u8| fields.next().filter(|e| e.tag == tag).ok_or(MALFORMED_TBS);
    next(der::INTEGER)?;
    next(der::SEQUENCE)?;
    next(der::SEQUENCE)?;
    next(der::SEQUENCE)?;
    let subject = next(der::SEQUENCE)?.raw.to_vec();
    let public_key_info = next(der::SEQUENCE)?.raw.to_vec();
    let mut key_id = None;
    while let Some(e) = fields.next() {
        if e.tag == 0xa3 {
            key_id = subject_key_id(e.content);
        }
    }
    Ok(Parsed {
        subject,
        public_key_info,
        key_id,
    })
}

fn subject_key_id(extensions: &[u8]) -> Option<Vec<u8>> {
    let list = der::only(extensions, der::SEQUENCE)?;
    let mut r = Reader::new(list);
    let wanted = der::oid(SUBJECT_KEY_ID);
    while let Some(ext) = r.next() {
        let mut fields = Reader::new(ext.content);
        if fields.next()?.raw != wanted.as_slice() {
            continue;
        }
        fields.skip_if(der::BOOLEAN);
        let value = fields.expect(der::OCTET_STRING)?;
        return der::only(value, der::OCTET_STRING).map(<[u8]>::to_vec);
    }
    None
}

fn name(common_name: &str) -> Vec<u8> {
    if common_name.is_empty() {
        return der::tlv(der::SEQUENCE, &[]);
    }
    let printable = common_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c));
    let tag = if printable {
        der::PRINTABLE_STRING
    } else {
        der::UTF8_STRING
    };
    let attribute = der::cons(
        der::SEQUENCE,
        &[
            &der::oid(COMMON_NAME),
            &der::tlv(tag, common_name.as_bytes()),
        ],
    );
    der::cons(der::SEQUENCE, &[&der::tlv(der::SET, &attribute)])
}

fn key_usage(is_ca: bool) -> Vec<u8> {
    // digitalSignature (bit 0), keyEncipherment (bit 2), keyCertSign (bit 5);
    // the first byte counts the unused low bits.
    if is_ca {
        der::tlv(der::BIT_STRING, &[2, 0xa4])
    } else {
        der::tlv(der::BIT_STRING, &[5, 0xa0])
    }
}

fn basic_constraints(is_ca: bool) -> Vec<u8> {
    if is_ca {
        der::cons(der::SEQUENCE, &[&der::tlv(der::BOOLEAN, &[0xff])])
    } else {
        der::tlv(der::SEQUENCE, &[])
    }
}

/// DNS names then IP addresses, as Go orders them; `None` when both are
/// empty (Go then writes no extension).
fn alt_names(req: &Request) -> Result<Option<Vec<u8>>, String> {
    if req.ips.is_empty() && req.dns_names.is_empty() {
        return Ok(None);
    }
    let mut names = Vec::new();
    for dns in &req.dns_names {
        if !dns.is_ascii() {
            return Err(format!(
                "x509: {} cannot be encoded as an IA5String",
                goquote::quote(dns, false)
            ));
        }
        names.push(der::tlv(0x82, dns.as_bytes()));
    }
    for ip in &req.ips {
        let bytes = match ip {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.octets().to_vec(),
                None => v6.octets().to_vec(),
            },
        };
        names.push(der::tlv(0x87, &bytes));
    }
    Ok(Some(der::tlv(der::SEQUENCE, &names.concat())))
}

fn extension(oid: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let flag = if critical {
        der::tlv(der::BOOLEAN, &[0xff])
    } else {
        Vec::new()
    };
    der::cons(
        der::SEQUENCE,
        &[&der::oid(oid), &flag, &der::tlv(der::OCTET_STRING, value)],
    )
}

/// A CA's subject key id: a hash of its public key bits. Go 1.25 (Helm
/// 4.1) switched from SHA-1 to SHA-256 truncated to 160 bits.
fn key_id(public_key_info: &[u8], compat: HelmCompat) -> Vec<u8> {
    let key_bits = der::only(public_key_info, der::SEQUENCE)
        .and_then(|fields| {
            let mut r = Reader::new(fields);
            r.next()?;
            r.expect(der::BIT_STRING)
        })
        .map_or(&[][..], |b| &b[1..]);
    match compat {
        HelmCompat::Helm3 => Sha1::digest(key_bits).to_vec(),
        HelmCompat::Helm4 => Sha256::digest(key_bits)[..20].to_vec(),
    }
}

/// Sprig's serial: uniform below 2^128.
fn serial() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    random::fill(&mut bytes);
    bytes
}

/// UTCTime for 1950–2049, GeneralizedTime otherwise, to the second.
fn time(t: DateTime<Utc>) -> Vec<u8> {
    if (1950..2050).contains(&t.year()) {
        der::tlv(
            der::UTC_TIME,
            t.format("%y%m%d%H%M%SZ").to_string().as_bytes(),
        )
    } else {
        der::tlv(
            der::GENERALIZED_TIME,
            t.format("%Y%m%d%H%M%SZ").to_string().as_bytes(),
        )
    }
}
