//! Properties of generated keys and certificates, checked with openssl:
//! chains verify, the fields are the ones Helm's certificates carry, every
//! key kind parses, and DELTALLM_RENDER_SEED reproduces keys (through the
//! binary, since the generator is seeded once per process). Error texts
//! and fixed-key re-encodings are compared with Helm in tests/funcs.rs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use deltallm_render::engine::{HelmCompat, render_snippet_compat};
use deltallm_render::values::{Map, Value};

const BOTH: [HelmCompat; 2] = [HelmCompat::Helm3, HelmCompat::Helm4];

fn render(snippet: &str, compat: HelmCompat) -> String {
    render_snippet_compat(snippet, &Value::Map(Map::new()), compat)
        .unwrap_or_else(|e| panic!("{snippet}: {e}"))
}

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deltallm-certs-{}-{name}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Renders a snippet whose output is PEM blocks separated by `|`, writing
/// them to `dir/<name>` in order.
fn render_files(dir: &Path, snippet: &str, names: &[&str], compat: HelmCompat) {
    let out = render(snippet, compat);
    let parts: Vec<&str> = out.split('|').collect();
    assert_eq!(parts.len(), names.len(), "{out}");
    for (name, pem) in names.iter().zip(parts) {
        fs::write(dir.join(name), pem).unwrap();
    }
}

fn openssl(args: &[&str], dir: &Path) -> String {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn text_of(cert: &str, dir: &Path) -> String {
    openssl(&["x509", "-in", cert, "-noout", "-text"], dir)
}

/// Seconds between notBefore and notAfter.
fn validity_seconds(cert: &str, dir: &Path) -> i64 {
    let dates = openssl(&["x509", "-in", cert, "-noout", "-dates"], dir);
    let stamp = |key: &str| {
        let line = dates.lines().find(|l| l.starts_with(key)).unwrap();
        let when = line[key.len()..].trim();
        chrono::NaiveDateTime::parse_from_str(when, "%b %e %H:%M:%S %Y GMT")
            .unwrap_or_else(|e| panic!("{when}: {e}"))
            .and_utc()
            .timestamp()
    };
    stamp("notAfter=") - stamp("notBefore=")
}

fn extension_value(text: &str, name: &str) -> String {
    let mut lines = text.lines().skip_while(|l| !l.contains(name));
    lines.next();
    lines.next().unwrap_or_default().trim().to_owned()
}

#[test]
fn ca_and_signed_certificate_form_a_chain_with_helms_fields() {
    for compat in BOTH {
        let dir = scratch(&format!("chain-{compat:?}"));
        render_files(
            &dir,
            r#"{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "foo.com" (list "10.0.0.1" "::1") (list "foo.com" "bar.com") 30 $ca }}{{ $ca.Cert }}|{{ $ca.Key }}|{{ $c.Cert }}|{{ $c.Key }}"#,
            &["ca.crt", "ca.key", "leaf.crt", "leaf.key"],
            compat,
        );
        assert_eq!(
            openssl(&["verify", "-CAfile", "ca.crt", "leaf.crt"], &dir),
            "leaf.crt: OK\n"
        );
        let ca = text_of("ca.crt", &dir);
        let leaf = text_of("leaf.crt", &dir);
        for (text, subject) in [(&ca, "CN = my-ca"), (&leaf, "CN = foo.com")] {
            assert!(text.contains("Issuer: CN = my-ca"), "{text}");
            assert!(text.contains(&format!("Subject: {subject}")), "{text}");
            assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
            assert!(text.contains("sha256WithRSAEncryption"), "{text}");
            assert_eq!(
                extension_value(text, "X509v3 Extended Key Usage"),
                "TLS Web Server Authentication, TLS Web Client Authentication"
            );
        }
        assert!(ca.contains("X509v3 Key Usage: critical"));
        assert_eq!(
            extension_value(&ca, "X509v3 Key Usage"),
            "Digital Signature, Key Encipherment, Certificate Sign"
        );
        assert_eq!(
            extension_value(&leaf, "X509v3 Key Usage"),
            "Digital Signature, Key Encipherment"
        );
        assert!(ca.contains("X509v3 Basic Constraints: critical"));
        assert_eq!(extension_value(&ca, "X509v3 Basic Constraints"), "CA:TRUE");
        assert_eq!(
            extension_value(&leaf, "X509v3 Basic Constraints"),
            "CA:FALSE"
        );
        assert_eq!(
            extension_value(&leaf, "X509v3 Subject Alternative Name"),
            "DNS:foo.com, DNS:bar.com, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1"
        );
        let ca_key_id = extension_value(&ca, "X509v3 Subject Key Identifier");
        assert_eq!(ca_key_id.len(), 59, "{ca_key_id}");
        assert_eq!(
            extension_value(&leaf, "X509v3 Authority Key Identifier"),
            ca_key_id
        );
        assert!(!leaf.contains("Subject Key Identifier"));
        assert!(!ca.contains("Authority Key Identifier"));
        assert_eq!(validity_seconds("ca.crt", &dir), 365 * 86_400);
        assert_eq!(validity_seconds("leaf.crt", &dir), 30 * 86_400);
        for cert in ["ca.crt", "leaf.crt"] {
            let serial = openssl(&["x509", "-in", cert, "-noout", "-serial"], &dir);
            let hex = serial.trim().trim_start_matches("serial=");
            assert!(hex.len() <= 32, "a serial below 2^128: {hex}");
        }
        openssl(&["rsa", "-in", "leaf.key", "-check", "-noout"], &dir);
        fs::remove_dir_all(&dir).ok();
    }
}

/// Helm 3 (Go 1.23) hashes a CA's key with SHA-1 for its key id; Helm 4
/// (Go 1.25) with SHA-256 cut to 160 bits.
#[test]
fn subject_key_id_follows_each_helms_hash() {
    for (compat, digest) in [(HelmCompat::Helm3, "-sha1"), (HelmCompat::Helm4, "-sha256")] {
        let dir = scratch(&format!("skid-{compat:?}"));
        render_files(&dir, r#"{{ (genCA "ca" 1).Cert }}"#, &["ca.crt"], compat);
        let spki = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "openssl x509 -in ca.crt -noout -pubkey | openssl pkey -pubin -outform DER \
                 | openssl asn1parse -inform DER -strparse 19 -noout -out /dev/stdout \
                 | openssl dgst {digest} -r"
            ))
            .current_dir(&dir)
            .output()
            .unwrap();
        let hash = String::from_utf8(spki.stdout).unwrap()[..40].to_uppercase();
        let id = extension_value(&text_of("ca.crt", &dir), "X509v3 Subject Key Identifier")
            .replace(':', "");
        assert_eq!(id, hash, "{compat:?}");
        fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn self_signed_certificate_verifies_against_itself() {
    let dir = scratch("self");
    render_files(
        &dir,
        r#"{{ $c := genSelfSignedCert "self.example" (list "1.2.3.4") (list "a.b" "*.c.d") 10 }}{{ $c.Cert }}|{{ $c.Key }}"#,
        &["s.crt", "s.key"],
        HelmCompat::Helm4,
    );
    assert_eq!(
        openssl(&["verify", "-CAfile", "s.crt", "s.crt"], &dir),
        "s.crt: OK\n"
    );
    let text = text_of("s.crt", &dir);
    assert!(text.contains("Subject: CN = self.example"));
    assert!(text.contains("Issuer: CN = self.example"));
    assert_eq!(
        extension_value(&text, "X509v3 Subject Alternative Name"),
        "DNS:a.b, DNS:*.c.d, IP Address:1.2.3.4"
    );
    assert!(!text.contains("Key Identifier"));
    assert_eq!(validity_seconds("s.crt", &dir), 10 * 86_400);
    // The private key is the certificate's.
    let from_cert = openssl(&["x509", "-in", "s.crt", "-noout", "-pubkey"], &dir);
    let from_key = openssl(&["pkey", "-in", "s.key", "-pubout"], &dir);
    assert_eq!(from_cert, from_key);
    fs::remove_dir_all(&dir).ok();
}

/// An empty common name leaves the subject empty, and Go then marks the
/// alternative names critical.
#[test]
fn empty_subject_makes_alternative_names_critical() {
    let dir = scratch("empty");
    render_files(
        &dir,
        r#"{{ (genSelfSignedCert "" nil (list "x.y") 1).Cert }}"#,
        &["e.crt"],
        HelmCompat::Helm3,
    );
    let text = text_of("e.crt", &dir);
    assert!(
        text.contains("X509v3 Subject Alternative Name: critical"),
        "{text}"
    );
    assert!(
        text.contains("Subject: \n") || text.contains("Subject:\n"),
        "{text}"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_key_kind_parses_and_has_helms_size() {
    let dir = scratch("keys");
    for (kind, expect) in [
        ("rsa", "Private-Key: (4096 bit, 2 primes)"),
        ("ecdsa", "ASN1 OID: prime256v1"),
        ("ed25519", "ED25519 Private-Key"),
        ("dsa", "Private-Key: (2048 bit)"),
    ] {
        let started = Instant::now();
        let pem = render(
            &format!("{{{{ genPrivateKey {kind:?} }}}}"),
            HelmCompat::Helm4,
        );
        eprintln!("genPrivateKey {kind}: {:?}", started.elapsed());
        fs::write(dir.join(kind), &pem).unwrap();
        let text = openssl(&["pkey", "-in", kind, "-noout", "-text"], &dir);
        assert!(text.contains(expect), "{kind}: {text}");
        if kind != "ed25519" {
            // Primes, generator order and public value are consistent.
            let check = openssl(&["pkey", "-in", kind, "-noout", "-check"], &dir);
            assert_eq!(check, "Key is valid\n", "{kind}");
        }
    }
    fs::remove_dir_all(&dir).ok();
}

/// CAs and leaves with each signing key kind chain up, and the leaf keeps
/// the key it was given.
#[test]
fn certificates_with_given_keys_verify_for_each_kind() {
    let dir = scratch("withkey");
    for ca_kind in ["rsa", "ecdsa", "ed25519"] {
        for leaf_kind in ["rsa", "ecdsa", "ed25519"] {
            let snippet = format!(
                r#"{{{{ $ca := genCAWithKey "ca" 5 (genPrivateKey {ca_kind:?}) }}}}{{{{ $k := genPrivateKey {leaf_kind:?} }}}}{{{{ $c := genSignedCertWithKey "leaf" (list "127.0.0.1") (list "leaf.local") 5 $ca $k }}}}{{{{ $ca.Cert }}}}|{{{{ $c.Cert }}}}|{{{{ eq $c.Key $k }}}}"#
            );
            render_files(
                &dir,
                &snippet,
                &["ca.crt", "leaf.crt", "same"],
                HelmCompat::Helm4,
            );
            let pair = format!("{ca_kind} CA, {leaf_kind} leaf");
            assert_eq!(
                openssl(&["verify", "-CAfile", "ca.crt", "leaf.crt"], &dir),
                "leaf.crt: OK\n",
                "{pair}"
            );
            assert_eq!(
                fs::read_to_string(dir.join("same")).unwrap(),
                "true",
                "{pair}"
            );
        }
    }
    fs::remove_dir_all(&dir).ok();
}

/// A certificate built from base64 text signs new ones like a generated CA.
#[test]
fn custom_ca_signs_certificates() {
    let dir = scratch("custom");
    render_files(
        &dir,
        r#"{{ $ca := genCAWithKey "custom" 5 (genPrivateKey "ecdsa") }}{{ $c := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) }}{{ $leaf := genSignedCert "leaf" nil (list "l") 5 $c }}{{ $ca.Cert }}|{{ $leaf.Cert }}"#,
        &["ca.crt", "leaf.crt"],
        HelmCompat::Helm3,
    );
    assert_eq!(
        openssl(&["verify", "-CAfile", "ca.crt", "leaf.crt"], &dir),
        "leaf.crt: OK\n"
    );
    fs::remove_dir_all(&dir).ok();
}

fn render_seeded(seed: Option<&str>) -> String {
    common::render_seeded(
        "certs",
        "{{ $ca := genCA \"ca\" 3 }}\na: {{ $ca.Key | quote }}\nb: {{ genPrivateKey \"ecdsa\" | quote }}\nc: {{ genPrivateKey \"ed25519\" | quote }}\nd: {{ (genSignedCert \"x\" nil nil 3 $ca).Key | quote }}\n",
        seed,
    )
}

#[test]
fn a_seed_reproduces_keys() {
    let a = render_seeded(Some("certs-1"));
    assert_eq!(a, render_seeded(Some("certs-1")));
    assert_ne!(a, render_seeded(Some("certs-2")));
    assert_ne!(render_seeded(None), render_seeded(None));
}

/// Keys users bring on the larger NIST curves sign with the hash Go pairs
/// with them, and the chain verifies.
#[test]
fn p384_and_p521_keys_sign_with_their_hashes() {
    let dir = scratch("curves");
    for (curve, hash) in [
        ("P-384", "ecdsa-with-SHA384"),
        ("P-521", "ecdsa-with-SHA512"),
    ] {
        let pkey_opt = format!("ec_paramgen_curve:{curve}");
        openssl(
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                &pkey_opt,
                "-out",
                "ca.key",
            ],
            &dir,
        );
        let key = fs::read_to_string(dir.join("ca.key")).unwrap();
        let snippet = format!(
            r#"{{{{ $ca := genCAWithKey "ca" 5 {key:?} }}}}{{{{ $c := genSignedCert "leaf" nil nil 5 $ca }}}}{{{{ $ca.Cert }}}}|{{{{ $c.Cert }}}}"#
        );
        render_files(&dir, &snippet, &["ca.crt", "leaf.crt"], HelmCompat::Helm4);
        assert_eq!(
            openssl(&["verify", "-CAfile", "ca.crt", "leaf.crt"], &dir),
            "leaf.crt: OK\n",
            "{curve}"
        );
        let leaf = text_of("leaf.crt", &dir);
        assert!(
            leaf.contains(&format!("Signature Algorithm: {hash}")),
            "{leaf}"
        );
    }
    fs::remove_dir_all(&dir).ok();
}
