//! Properties of the nondeterministic functions, whose exact output no
//! golden can pin: shapes and alphabets, bcrypt hashes that verify, AES
//! text that real Helm decrypts, and DELTALLM_RENDER_SEED reproducibility
//! (checked through the binary, since the generator is seeded once per
//! process).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use deltallm_render::engine::{HelmCompat, render_snippet_compat};
use deltallm_render::values::{Map, Value};

/// A function name and the characters it may produce.
type Alphabet = (&'static str, fn(char) -> bool);

fn render(snippet: &str) -> String {
    render_snippet_compat(snippet, &Value::Map(Map::new()), HelmCompat::Helm3)
        .unwrap_or_else(|e| panic!("{snippet}: {e}"))
}

#[test]
fn random_strings_have_their_length_and_alphabet() {
    let cases: [Alphabet; 4] = [
        ("randAlpha", |c| c.is_ascii_alphabetic()),
        ("randNumeric", |c| c.is_ascii_digit()),
        ("randAlphaNum", |c| c.is_ascii_alphanumeric()),
        ("randAscii", |c| (' '..='~').contains(&c)),
    ];
    for (name, ok) in cases {
        for n in [0, 1, 7, 100] {
            let out = render(&format!("{{{{ {name} {n} }}}}"));
            assert_eq!(out.chars().count(), n, "{name} {n}: {out:?}");
            assert!(out.chars().all(ok), "{name} {n}: {out:?}");
        }
    }
}

#[test]
fn uuids_are_version_4() {
    for _ in 0..20 {
        let u = render("{{ uuidv4 }}");
        let parsed = uuid::Uuid::parse_str(&u).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(u, u.to_lowercase());
    }
}

#[test]
fn bcrypt_and_htpasswd_hashes_verify() {
    let hash = render(r#"{{ bcrypt "s3cret" }}"#);
    assert!(hash.starts_with("$2a$10$"), "{hash}");
    assert!(bcrypt::verify("s3cret", &hash).unwrap());
    assert!(!bcrypt::verify("other", &hash).unwrap());
    let line = render(r#"{{ htpasswd "admin" "pw" }}"#);
    let (user, hash) = line.split_once(':').unwrap();
    assert_eq!(user, "admin");
    assert!(bcrypt::verify("pw", hash).unwrap());
}

#[test]
fn aes_round_trips() {
    for text in ["x", "sixteen bytes!!!", "héllo wörld, a longer message"] {
        let out = render(&format!(
            "{{{{ encryptAES \"key\" {text:?} | decryptAES \"key\" }}}}"
        ));
        assert_eq!(out, text);
    }
}

fn helm3() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/helm3/helm");
    p.exists().then_some(p)
}

/// Our ciphertext, given to real Helm's decryptAES (skipped without Helm).
#[test]
fn helm_decrypts_our_aes() {
    let Some(helm) = helm3() else {
        eprintln!("no .tools/helm3/helm: skipped");
        return;
    };
    let secret = "made by deltallm-render";
    let cipher = render(&format!("{{{{ encryptAES \"pw\" {secret:?} }}}}"));
    let dir = std::env::temp_dir().join(format!("funcs-props-{}", std::process::id()));
    fs::create_dir_all(dir.join("c/templates")).unwrap();
    fs::write(
        dir.join("c/Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    fs::write(
        dir.join("c/templates/t.yaml"),
        format!("v: {{{{ decryptAES \"pw\" {cipher:?} | quote }}}}\n"),
    )
    .unwrap();
    let out = Command::new(helm)
        .arg("template")
        .arg(dir.join("c"))
        .output()
        .unwrap();
    fs::remove_dir_all(&dir).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("v: \"{secret}\"")), "{stdout}");
}

/// One chart rendered by the binary with a given seed.
fn render_seeded(seed: Option<&str>) -> String {
    common::render_seeded(
        "funcs",
        "a: {{ randAlphaNum 16 }}\nb: {{ uuidv4 }}\nc: {{ randBytes 8 }}\nd: {{ bcrypt \"x\" | quote }}\n\
         e: {{ randInt 0 1000000000 }}\nf: {{ shuffle \"abcdefghijklmnopqrstuvwxyz\" }}\n",
        seed,
    )
}

#[test]
fn a_seed_makes_random_functions_reproducible() {
    let a = render_seeded(Some("snapshot-1"));
    assert_eq!(a, render_seeded(Some("snapshot-1")));
    assert_ne!(a, render_seeded(Some("snapshot-2")));
    assert_ne!(render_seeded(None), render_seeded(None));
}
