//! Private keys: generating the four kinds `genPrivateKey` knows, reading
//! the PEM forms Sprig reads, writing them back the way Go marshals them,
//! and signing.
//!
//! Every random draw goes through [`random::with_rng`], so
//! `DELTALLM_RENDER_SEED` makes generated keys reproducible.

use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use sha2::Sha256;

use super::der::{self, Reader};
use super::dsa_keys;
use super::ec::EcKey;
use super::pem;
use crate::funcs::random;

/// `rsaEncryption`, `id-ecPublicKey`, Ed25519, X25519.
const RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 1];
const EC: &[u64] = &[1, 2, 840, 10045, 2, 1];
const ED25519: &[u64] = &[1, 3, 101, 112];
const X25519: &[u64] = &[1, 3, 101, 110];
const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 11];

pub enum PrivateKey {
    /// PKCS #1 form, public parts, and the signer when the key is large
    /// enough for the `rsa` crate (1024 bits and up; Go 1.24 signs with
    /// nothing smaller either).
    Rsa {
        pkcs1: Vec<u8>,
        modulus: Vec<u8>,
        exponent: Vec<u8>,
        signer: Option<Box<rsa::PrivateKey>>,
    },
    Ecdsa(Box<EcKey>),
    Ed25519(Box<ed25519_dalek::SigningKey>),
    /// Go can hold these but neither signs with them nor puts them in
    /// certificates, so only the errors matter.
    Dsa,
    X25519,
}

/// What `genPrivateKey` makes for `kind`, PEM-encoded; `None` for a kind
/// Sprig does not know.
pub fn generate_pem(kind: &str) -> Option<String> {
    Some(match kind {
        "" | "rsa" => generate_rsa(4096).to_pem(),
        "ecdsa" => PrivateKey::Ecdsa(Box::new(EcKey::generate_p256())).to_pem(),
        "ed25519" => generate_ed25519().to_pem(),
        "dsa" => dsa_keys::generate_pem(),
        _ => return None,
    })
}

pub fn generate_rsa(bits: usize) -> PrivateKey {
    let key = random::with_rng(|rng| rsa::PrivateKey::new(rng, bits)).expect("RSA key generation");
    rsa_from_key(key)
}

fn generate_ed25519() -> PrivateKey {
    PrivateKey::Ed25519(Box::new(random::with_rng(|rng| {
        ed25519_dalek::SigningKey::generate(rng)
    })))
}

fn rsa_from_key(key: rsa::PrivateKey) -> PrivateKey {
    let pkcs1 = key
        .to_pkcs1_der()
        .expect("a generated key encodes")
        .as_bytes()
        .to_vec();
    PrivateKey::Rsa {
        modulus: key.n_bytes().to_vec(),
        exponent: key.e_bytes().to_vec(),
        pkcs1,
        signer: Some(Box::new(key)),
    }
}

/// Sprig's private-key reader: the first PEM block, by its label.
pub fn parse_pem(text: &str) -> Result<PrivateKey, String> {
    let (label, der) = pem::decode(text).ok_or("no PEM data in input")?;
    match label.as_str() {
        "RSA PRIVATE KEY" => {
            parse_pkcs1(&der).map_err(|e| format!("parsing RSA private key from PEM: {e}"))
        }
        "EC PRIVATE KEY" => parse_sec1(&der, None).map_err(|e| {
            format!("parsing EC private key from PEM: x509: failed to parse EC private key: {e}")
        }),
        "PRIVATE KEY" => parse_pkcs8(&der).map_err(|e| format!("decoding PEM as PKCS#8: {e}")),
        "DSA PRIVATE KEY" => parse_dsa(&der)
            .map(|()| PrivateKey::Dsa)
            .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
        other => Err(format!("no private key data in PEM block of type {other}")),
    }
}

/// Our stand-in for Go's ASN.1 messages, which we do not reproduce.
const MALFORMED: &str =
    "asn1: malformed key (deltallm-render does not reproduce Go's ASN.1 error text)";

fn parse_pkcs1(der_bytes: &[u8]) -> Result<PrivateKey, String> {
    let fields = der::only(der_bytes, der::SEQUENCE).ok_or(MALFORMED)?;
    let mut r = Reader::new(fields);
    let (_version, modulus, exponent) = (
        r.expect(der::INTEGER).ok_or(MALFORMED)?,
        r.expect(der::INTEGER)
            .and_then(der::unsigned)
            .ok_or(MALFORMED)?,
        r.expect(der::INTEGER)
            .and_then(der::unsigned)
            .ok_or(MALFORMED)?,
    );
    let significant = modulus.iter().skip_while(|&&b| b == 0).count();
    let signer = if significant * 8 >= rsa::PublicKey::MIN_SIZE {
        let key = rsa::PrivateKey::from_pkcs1_der(der_bytes).map_err(|e| e.to_string())?;
        Some(Box::new(key))
    } else {
        None
    };
    Ok(match signer {
        // Go re-marshals what it parsed: the canonical PKCS #1 form.
        Some(key) => rsa_from_key(*key),
        None => PrivateKey::Rsa {
            pkcs1: der_bytes.to_vec(),
            modulus: modulus.to_vec(),
            exponent: exponent.to_vec(),
            signer: None,
        },
    })
}

/// SEC 1 `ECPrivateKey`; `curve` comes from the PKCS #8 wrapper when the
/// key itself names none.
fn parse_sec1(der_bytes: &[u8], curve: Option<&[u8]>) -> Result<PrivateKey, String> {
    let fields = der::only(der_bytes, der::SEQUENCE).ok_or(MALFORMED)?;
    let mut r = Reader::new(fields);
    r.expect(der::INTEGER).ok_or(MALFORMED)?;
    let secret = r.expect(der::OCTET_STRING).ok_or(MALFORMED)?;
    let named = r
        .expect(0xa0)
        .map(|p| der::only(p, der::OID).ok_or(MALFORMED));
    let curve = match named {
        Some(oid) => oid?,
        None => curve.ok_or("x509: unknown elliptic curve")?,
    };
    Ok(PrivateKey::Ecdsa(Box::new(EcKey::from_secret(
        curve, secret,
    )?)))
}

fn parse_pkcs8(der_bytes: &[u8]) -> Result<PrivateKey, String> {
    let fields = der::only(der_bytes, der::SEQUENCE).ok_or(MALFORMED)?;
    let mut r = Reader::new(fields);
    r.expect(der::INTEGER).ok_or(MALFORMED)?;
    let algorithm = r.expect(der::SEQUENCE).ok_or(MALFORMED)?;
    let inner = r.expect(der::OCTET_STRING).ok_or(MALFORMED)?;
    let mut alg = Reader::new(algorithm);
    let oid = alg.expect(der::OID).ok_or(MALFORMED)?;
    let params = alg.next();
    let is = |arcs: &[u64]| oid == &der::oid(arcs)[2..];
    if is(RSA) {
        parse_pkcs1(inner)
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}"))
    } else if is(EC) {
        let curve = params.filter(|p| p.tag == der::OID).map(|p| p.content);
        parse_sec1(inner, curve)
            .map_err(|e| format!("x509: failed to parse EC private key embedded in PKCS#8: {e}"))
    } else if is(ED25519) {
        let seed = der::only(inner, der::OCTET_STRING)
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
            .ok_or("x509: invalid Ed25519 private key")?;
        Ok(PrivateKey::Ed25519(Box::new(
            ed25519_dalek::SigningKey::from_bytes(&seed),
        )))
    } else if is(X25519) {
        Ok(PrivateKey::X25519)
    } else {
        Err(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
            der::oid_text(oid)
        ))
    }
}

/// Sprig reads DSA keys as six integers and nothing more.
fn parse_dsa(der_bytes: &[u8]) -> Result<(), String> {
    let fields = der::only(der_bytes, der::SEQUENCE).ok_or(MALFORMED)?;
    let mut r = Reader::new(fields);
    for _ in 0..6 {
        r.expect(der::INTEGER).ok_or(MALFORMED)?;
    }
    Ok(())
}

impl PrivateKey {
    /// Go's marshalling of the key Sprig holds: PKCS #1 for RSA, SEC 1 for
    /// ECDSA, PKCS #8 for Ed25519.
    pub fn to_pem(&self) -> String {
        match self {
            PrivateKey::Rsa { pkcs1, .. } => pem::encode("RSA PRIVATE KEY", pkcs1),
            PrivateKey::Ecdsa(key) => {
                let der = der::cons(
                    der::SEQUENCE,
                    &[
                        &der::uint(&[1]),
                        &der::tlv(der::OCTET_STRING, &key.secret()),
                        &der::tlv(0xa0, &key.curve()),
                        &der::tlv(0xa1, &der::bits(&key.point())),
                    ],
                );
                pem::encode("EC PRIVATE KEY", &der)
            }
            PrivateKey::Ed25519(key) => {
                let der = der::cons(
                    der::SEQUENCE,
                    &[
                        &der::uint(&[0]),
                        &der::cons(der::SEQUENCE, &[&der::oid(ED25519)]),
                        &der::tlv(
                            der::OCTET_STRING,
                            &der::tlv(der::OCTET_STRING, &key.to_bytes()),
                        ),
                    ],
                );
                pem::encode("PRIVATE KEY", &der)
            }
            PrivateKey::Dsa | PrivateKey::X25519 => {
                unreachable!("never re-encoded: Go fails on these keys first")
            }
        }
    }

    /// The `SubjectPublicKeyInfo` Go writes for the public half.
    pub fn public_key_info(&self) -> Result<Vec<u8>, String> {
        let (algorithm, key) = match self {
            PrivateKey::Rsa {
                modulus, exponent, ..
            } => (
                der::cons(der::SEQUENCE, &[&der::oid(RSA), &der::tlv(der::NULL, &[])]),
                der::cons(der::SEQUENCE, &[&der::uint(modulus), &der::uint(exponent)]),
            ),
            PrivateKey::Ecdsa(key) => (
                der::cons(der::SEQUENCE, &[&der::oid(EC), &key.curve()]),
                key.point(),
            ),
            PrivateKey::Ed25519(key) => (
                der::cons(der::SEQUENCE, &[&der::oid(ED25519)]),
                key.verifying_key().to_bytes().to_vec(),
            ),
            PrivateKey::Dsa => {
                return Err("x509: unsupported public key type: *dsa.PublicKey".into());
            }
            PrivateKey::X25519 => {
                return Err("x509: unsupported public key type: *ecdh.PublicKey".into());
            }
        };
        Ok(der::cons(der::SEQUENCE, &[&algorithm, &der::bits(&key)]))
    }

    /// Whether Go treats the key as a `crypto.Signer`.
    pub fn can_sign(&self) -> bool {
        !matches!(self, PrivateKey::Dsa | PrivateKey::X25519)
    }

    /// The signature algorithm Go picks for the key.
    pub fn signature_algorithm(&self) -> Vec<u8> {
        match self {
            PrivateKey::Rsa { .. } => der::cons(
                der::SEQUENCE,
                &[&der::oid(SHA256_WITH_RSA), &der::tlv(der::NULL, &[])],
            ),
            PrivateKey::Ecdsa(key) => der::cons(der::SEQUENCE, &[&key.signature_algorithm()]),
            _ => der::cons(der::SEQUENCE, &[&der::oid(ED25519)]),
        }
    }

    /// Signs `message` (the TBS certificate); `Err` is the text Go gives
    /// for RSA keys it refuses.
    pub fn sign(&self, message: &[u8], weak_rsa_error: &str) -> Result<Vec<u8>, String> {
        Ok(match self {
            PrivateKey::Rsa { signer: None, .. } => return Err(weak_rsa_error.to_owned()),
            PrivateKey::Rsa {
                signer: Some(key), ..
            } => rsa::pkcs1v15::SigningKey::<Sha256>::new((**key).clone())
                .sign(message)
                .to_vec(),
            PrivateKey::Ecdsa(key) => key.sign(message),
            PrivateKey::Ed25519(key) => ed25519_dalek::Signer::sign(key.as_ref(), message)
                .to_bytes()
                .to_vec(),
            PrivateKey::Dsa | PrivateKey::X25519 => {
                return Err(
                    "x509: certificate private key does not implement crypto.Signer".into(),
                );
            }
        })
    }

    /// Bits in an RSA modulus (for Go's refusal message).
    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PrivateKey::Rsa { modulus, .. } => {
                let digits: Vec<u8> = modulus.iter().copied().skip_while(|&b| b == 0).collect();
                let top = digits.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
                Some(digits.len().saturating_sub(1) * 8 + top)
            }
            _ => None,
        }
    }
}
