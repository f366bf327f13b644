//! ECDSA keys on the NIST curves Go signs with: P-256 (what
//! `genPrivateKey "ecdsa"` makes), P-384 and P-521 (keys users bring to the
//! `WithKey` functions). Go pairs each curve with a hash: SHA-256, SHA-384,
//! SHA-512.

use p256::elliptic_curve::Generate;
use rsa::signature::Signer;

use super::der;
use crate::funcs::random;

pub enum EcKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

/// Runs `$body` with `$key` bound to the curve's signing key and, in the
/// second form, `$curve` naming the curve's crate.
macro_rules! on_curve {
    ($value:expr, |$key:ident| $body:expr) => {
        match $value {
            EcKey::P256($key) => $body,
            EcKey::P384($key) => $body,
            EcKey::P521($key) => $body,
        }
    };
    ($value:expr, |$key:ident, $curve:ident| $body:expr) => {
        match $value {
            EcKey::P256($key) => {
                use p256 as $curve;
                $body
            }
            EcKey::P384($key) => {
                use p384 as $curve;
                $body
            }
            EcKey::P521($key) => {
                use p521 as $curve;
                $body
            }
        }
    };
}

const P256: &[u64] = &[1, 2, 840, 10045, 3, 1, 7];
const P384: &[u64] = &[1, 3, 132, 0, 34];
const P521: &[u64] = &[1, 3, 132, 0, 35];
const P224: &[u64] = &[1, 3, 132, 0, 33];

impl EcKey {
    pub fn generate_p256() -> EcKey {
        EcKey::P256(random::with_rng(|rng| {
            p256::ecdsa::SigningKey::generate_from_rng(rng)
        }))
    }

    /// The key for a SEC 1 secret on the curve named by `curve` (an OID's
    /// content bytes).
    pub fn from_secret(curve: &[u8], secret: &[u8]) -> Result<EcKey, String> {
        let is = |arcs: &[u64]| curve == &der::oid(arcs)[2..];
        const INVALID: &str = "x509: invalid elliptic curve private key value";
        Ok(if is(P256) {
            EcKey::P256(p256::ecdsa::SigningKey::from_slice(secret).map_err(|_| INVALID)?)
        } else if is(P384) {
            EcKey::P384(p384::ecdsa::SigningKey::from_slice(secret).map_err(|_| INVALID)?)
        } else if is(P521) {
            EcKey::P521(p521::ecdsa::SigningKey::from_slice(secret).map_err(|_| INVALID)?)
        } else if is(P224) {
            return Err("ECDSA keys on curve P-224 are not supported by deltallm-render".into());
        } else {
            return Err("x509: unknown elliptic curve".into());
        })
    }

    /// The curve's OID, encoded.
    pub fn curve(&self) -> Vec<u8> {
        der::oid(match self {
            EcKey::P256(_) => P256,
            EcKey::P384(_) => P384,
            EcKey::P521(_) => P521,
        })
    }

    /// `ecdsa-with-SHA256/384/512`, the pairing Go uses.
    pub fn signature_algorithm(&self) -> Vec<u8> {
        der::oid(match self {
            EcKey::P256(_) => &[1, 2, 840, 10045, 4, 3, 2],
            EcKey::P384(_) => &[1, 2, 840, 10045, 4, 3, 3],
            EcKey::P521(_) => &[1, 2, 840, 10045, 4, 3, 4],
        })
    }

    /// The private scalar, padded to the curve's size as Go writes it.
    pub fn secret(&self) -> Vec<u8> {
        on_curve!(self, |key| key.to_bytes().to_vec())
    }

    /// The uncompressed public point.
    pub fn point(&self) -> Vec<u8> {
        on_curve!(self, |key| key
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec())
    }

    /// A DER signature over `message` with the curve's hash.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        on_curve!(self, |key, curve| {
            let signature: curve::ecdsa::Signature = key.sign(message);
            signature.to_der().as_bytes().to_vec()
        })
    }
}
