//! The secret-making functions: bcrypt hashes, htpasswd lines, Master
//! Password derivation, and Sprig's AES-256-CBC envelope.

use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use minijinja::Value;
use sha2::Sha256;

use super::super::random::fill;
use super::super::{Ctx, FnResult};
use super::text;

/// Go's `bcrypt.DefaultCost`.
const COST: u32 = 10;

/// A `$2a$10$` hash as Go's `bcrypt.GenerateFromPassword` makes it, or
/// Sprig's message when Go refuses (passwords over 72 bytes).
pub fn bcrypt_or_message(password: &[u8]) -> String {
    match bcrypt_hash(password) {
        Ok(h) => h,
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn bcrypt_hash(password: &[u8]) -> Result<String, String> {
    if password.len() > 72 {
        return Err("bcrypt: password length exceeds 72 bytes".into());
    }
    let mut salt = [0u8; 16];
    fill(&mut salt);
    let parts = bcrypt::hash_with_salt(password, COST, salt).map_err(|e| e.to_string())?;
    Ok(parts.format_for_version(bcrypt::Version::TwoA))
}

/// `user:bcrypt-hash`, Apache's htpasswd line; a user name with a colon
/// would break the format, so Sprig returns a message instead.
pub fn htpasswd(_: &Ctx, a: Vec<Value>) -> FnResult {
    let user = a[0].as_str().unwrap_or_default();
    if user.contains(':') {
        return Ok(Value::from(format!("invalid username: {user}")));
    }
    Ok(Value::from(format!(
        "{user}:{}",
        bcrypt_or_message(text(&a[1]))
    )))
}

/// Master Password's templates per password type: each letter names a
/// character class in [`class`].
fn templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn class(letter: u8) -> &'static [u8] {
    match letter {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

const SCOPE: &[u8] = b"com.lyndir.masterpassword";

/// The Master Password algorithm (v3): scrypt turns password and user into
/// a key, HMAC-SHA256 of site and counter picks a template and characters.
pub fn derive_password(_: &Ctx, a: Vec<Value>) -> FnResult {
    let counter = a[0].as_i64().unwrap_or(0) as u32;
    let kind = a[1].as_str().unwrap_or_default();
    let (password, user, site) = (text(&a[2]), text(&a[3]), text(&a[4]));
    let Some(templates) = templates(kind) else {
        return Ok(Value::from(format!("cannot find password template {kind}")));
    };
    let mut salt = SCOPE.to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user);
    let params = scrypt::Params::new(15, 8, 2).expect("valid scrypt parameters");
    let mut key = [0u8; 64];
    scrypt::scrypt(password, &salt, &params, &mut key).expect("64-byte output is valid");
    let mut msg = SCOPE.to_vec();
    msg.extend_from_slice(&(site.len() as u32).to_be_bytes());
    msg.extend_from_slice(site);
    msg.extend_from_slice(&counter.to_be_bytes());
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("any key length");
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()].as_bytes();
    let out: String = template
        .iter()
        .enumerate()
        .map(|(i, &letter)| {
            let chars = class(letter);
            char::from(chars[usize::from(seed[i + 1]) % chars.len()])
        })
        .collect();
    Ok(Value::from(out))
}

/// Sprig's key: the password's bytes in a zeroed 32-byte buffer (cut at 32).
fn aes_key(password: &[u8]) -> [u8; 32] {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password[..n]);
    key
}

type Enc = cbc::Encryptor<aes::Aes256>;
type Dec = cbc::Decryptor<aes::Aes256>;

/// base64(IV ‖ AES-256-CBC(PKCS#7-padded plaintext)); empty stays empty.
pub fn encrypt_aes(_: &Ctx, a: Vec<Value>) -> FnResult {
    let plain = text(&a[1]);
    if plain.is_empty() {
        return Ok(Value::from(""));
    }
    let pad = 16 - plain.len() % 16;
    let mut buf = plain.to_vec();
    buf.resize(plain.len() + pad, pad as u8);
    let mut iv = [0u8; 16];
    fill(&mut iv);
    let enc = Enc::new(&aes_key(text(&a[0])).into(), &iv.into());
    let n = buf.len();
    enc.encrypt_padded::<aes::cipher::block_padding::NoPadding>(&mut buf, n)
        .expect("input is padded to whole blocks");
    let mut out = iv.to_vec();
    out.extend_from_slice(&buf);
    Ok(Value::from(STANDARD.encode(out)))
}

/// The reverse of [`encrypt_aes`], failing where Go's code panics (short or
/// ragged input, a padding byte larger than the data) with Go's message.
pub fn decrypt_aes(_: &Ctx, a: Vec<Value>) -> FnResult {
    let input = a[1].as_str().unwrap_or_default();
    if input.is_empty() {
        return Ok(Value::from(""));
    }
    let data = STANDARD.decode(input).map_err(go_base64_error)?;
    if data.len() < 16 {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            data.len()
        )
        .into());
    }
    let (iv, body) = data.split_at(16);
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".into());
    }
    let mut buf = body.to_vec();
    let iv: [u8; 16] = iv.try_into().expect("16 bytes");
    let dec = Dec::new(&aes_key(text(&a[0])).into(), &iv.into());
    dec.decrypt_padded::<aes::cipher::block_padding::NoPadding>(&mut buf)
        .expect("whole blocks");
    let Some(&last) = buf.last() else {
        return Err("runtime error: index out of range [-1]".into());
    };
    let keep = buf.len() as i64 - i64::from(last);
    if keep < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{keep}]").into());
    }
    buf.truncate(keep as usize);
    Ok(Value::from(String::from_utf8_lossy(&buf).into_owned()))
}

fn go_base64_error(e: base64::DecodeError) -> String {
    let at = match e {
        base64::DecodeError::InvalidByte(i, _) => i,
        base64::DecodeError::InvalidLastSymbol { offset, .. } => offset,
        base64::DecodeError::InvalidLength(n) => n,
        base64::DecodeError::InvalidPadding => 0,
    };
    format!("illegal base64 data at input byte {at}")
}
