//! The `helm template` flags that do not shape the render: Helm parses and
//! checks them, warns about some and fails on others, and most then have
//! no effect on `template`. Flags whose effect needs a cluster or the
//! network are refused, naming the flag.

use std::path::Path;

use anyhow::Result;

use crate::engine::HelmCompat;
use crate::funcs::dates::duration;
use crate::release::HelmError;
use crate::release::quote::{go_quote, slog_value};

/// The flags as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct HelmFlags {
    /// `--dry-run`: `Some(None)` when given without a value.
    pub dry_run: Option<Option<String>>,
    pub validate: bool,
    /// `--wait`: `Some(None)` when given without a value.
    pub wait: Option<Option<String>>,
    pub timeout: Option<String>,
    pub labels: Vec<String>,
    pub burst_limit: Option<String>,
    pub qps: Option<String>,
    /// `--color` or `--colour` (Helm 4).
    pub color: Option<String>,
    pub verify: bool,
    pub repo: Option<String>,
    pub ca_file: Option<String>,
    /// `--cert-file`, `--key-file`, `--insecure-skip-tls-verify`: see
    /// [`check_tls_files`] for when Helm reads the files.
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
    pub insecure_skip_tls_verify: bool,
    pub dependency_update: bool,
    /// `--server-side=VALUE` (Helm 4): a Go boolean.
    pub server_side: Option<String>,
    /// Long names (without `--`) of the given flags that only one Helm
    /// version has, or that Helm 4 deprecates.
    pub version_specific: Vec<&'static str>,
}

/// Flags only Helm 4 has: Helm 3 fails on them as unknown.
const HELM4_ONLY: &[&str] = &[
    "rollback-on-failure",
    "force-replace",
    "server-side",
    "force-conflicts",
    "content-cache",
    "color",
    "colour",
];

/// Flags Helm 4 deprecates, with the replacement its warning names.
const HELM4_DEPRECATED: &[(&str, &str)] = &[
    ("atomic", "--rollback-on-failure"),
    ("force", "--force-replace"),
    ("validate", "'--dry-run=server'"),
];

/// Checks the flags as the given Helm does before rendering, appending
/// what Helm prints on stderr meanwhile (warnings) to `log`.
pub fn check(
    flags: &HelmFlags,
    chart: Option<&Path>,
    compat: HelmCompat,
    log: &mut String,
) -> Result<()> {
    let helm4 = compat == HelmCompat::Helm4;
    for name in &flags.version_specific {
        if !helm4 && HELM4_ONLY.contains(name) {
            return Err(HelmError::new(format!("unknown flag: --{name}")).into());
        }
        if let Some((_, instead)) = HELM4_DEPRECATED
            .iter()
            .find(|(n, _)| n == name)
            .filter(|_| helm4)
        {
            log.push_str(&format!(
                "Flag --{name} has been deprecated, use {instead} instead\n"
            ));
        }
    }
    check_values(flags, compat).map_err(HelmError::new)?;
    if let Some(mode) = flags.color.as_deref().filter(|_| helm4)
        && !matches!(mode, "never" | "auto" | "always")
    {
        let cause = format!(
            "invalid color mode {}: must be one of: never, auto, always",
            go_quote(mode)
        );
        // Helm 4 only logs this failure: no `Error:` line follows.
        log.push_str(&format!(
            "level=WARN msg=\"command failed\" error={}\n",
            slog_value(&cause)
        ));
        return Err(HelmError::new("").into());
    }
    log.push_str(&check_dry_run(flags.dry_run.as_ref(), compat)?);
    log.push_str(&wait_warning(flags, compat));
    if flags.validate {
        return Err(needs_cluster("--validate", "validates the manifests against it").into());
    }
    if helm4 && let Some(repo) = &flags.repo {
        return Err(HelmError::new(format!(
            "--repo needs the network (Helm 4 fetches {repo}/index.yaml even for a local chart); \
             deltallm-render renders local charts only"
        ))
        .into());
    }
    check_tls_files(flags, compat)?;
    if flags.verify {
        check_verify(chart)?;
    }
    Ok(())
}

/// Our refusal of a flag whose effect needs a Kubernetes cluster.
fn needs_cluster(flag: &str, what: &str) -> HelmError {
    HelmError::new(format!(
        "{flag} needs a Kubernetes cluster (Helm {what}); deltallm-render never contacts one"
    ))
}

/// Go's text for an OS error (`no such file or directory`): the C
/// library's, lower-cased, without Rust's `(os error N)`.
pub(crate) fn go_os_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The typed flags pflag parses before Helm runs, with its messages.
fn check_values(flags: &HelmFlags, compat: HelmCompat) -> Result<(), String> {
    let invalid = |value: &str, flag: &str, why: String| {
        format!(
            "invalid argument {} for \"{flag}\" flag: {why}",
            go_quote(value)
        )
    };
    if let Some(t) = &flags.timeout {
        duration::parse(t).map_err(|e| invalid(t, "--timeout", e))?;
    }
    for l in &flags.labels {
        check_labels(l).map_err(|e| invalid(l, "-l, --labels", e))?;
    }
    if let Some(b) = &flags.burst_limit {
        parse_go_int(b).map_err(|e| invalid(b, "--burst-limit", e))?;
    }
    if let Some(q) = &flags.qps {
        parse_go_float32(q).map_err(|e| invalid(q, "--qps", e))?;
    }
    if let Some(v) = &flags.server_side {
        parse_go_bool(v).ok_or_else(|| {
            invalid(
                v,
                "--server-side",
                format!("strconv.ParseBool: parsing {}: invalid syntax", go_quote(v)),
            )
        })?;
    }
    if let Some(Some(w)) = &flags.wait {
        check_wait(w, compat).map_err(|e| invalid(w, "--wait", e))?;
    }
    Ok(())
}

/// `-l/--labels key=value[,key=value]`: a field without `=` joins the
/// previous value, but the first must have one.
fn check_labels(value: &str) -> Result<(), String> {
    let first = value.split(',').next().unwrap_or("");
    if value.contains('"') {
        return Err("quoted label fields are not supported by deltallm-render".into());
    }
    if !first.contains('=') {
        return Err(format!("{first} must be formatted as key=value"));
    }
    Ok(())
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseInt(s, 0, 64)`'s verdict, as pflag's int flags use it.
fn parse_go_int(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {}: invalid syntax", go_quote(s));
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        _ => (10, digits),
    };
    let body = if radix == 10 {
        body.to_string()
    } else {
        body.replace('_', "")
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return Err(syntax());
    }
    let magnitude = i128::from_str_radix(&body, radix).map_err(|_| syntax())?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).map_err(|_| {
        format!(
            "strconv.ParseInt: parsing {}: value out of range",
            go_quote(s)
        )
    })
}

/// `strconv.ParseFloat(s, 32)`'s verdict, as pflag's float32 flags use it.
fn parse_go_float32(s: &str) -> Result<f32, String> {
    let value: f64 = s.parse().map_err(|_| {
        format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(s)
        )
    })?;
    if value.is_finite() && value.abs() > f64::from(f32::MAX) {
        return Err(format!(
            "strconv.ParseFloat: parsing {}: value out of range",
            go_quote(s)
        ));
    }
    Ok(value as f32)
}

/// `--wait=VALUE`: a boolean in Helm 3, a strategy in Helm 4.
fn check_wait(value: &str, compat: HelmCompat) -> Result<(), String> {
    match compat {
        HelmCompat::Helm3 => parse_go_bool(value).map(|_| ()).ok_or_else(|| {
            format!(
                "strconv.ParseBool: parsing {}: invalid syntax",
                go_quote(value)
            )
        }),
        HelmCompat::Helm4 if parse_go_bool(value).is_some() => Ok(()),
        HelmCompat::Helm4 if matches!(value, "watcher" | "hookOnly" | "legacy") => Ok(()),
        HelmCompat::Helm4 => Err(format!(
            "invalid wait input {}. Valid inputs are watcher, hookOnly, and legacy",
            go_quote(value)
        )),
    }
}

/// Helm 4's warning for a boolean `--wait` (the strategy it stands for).
fn wait_warning(flags: &HelmFlags, compat: HelmCompat) -> String {
    match (&flags.wait, compat) {
        (Some(Some(w)), HelmCompat::Helm4) => match parse_go_bool(w) {
            Some(b) => format!(
                "level=WARN msg=\"--wait={b} is deprecated (boolean value) and can be replaced with --wait={}\"\n",
                if b { "watcher" } else { "hookOnly" }
            ),
            None => String::new(),
        },
        _ => String::new(),
    }
}

/// `--dry-run`: `client` (and Helm 3's other spellings) change nothing for
/// `template`; `server` makes Helm consult the cluster, so we refuse it.
fn check_dry_run(dry_run: Option<&Option<String>>, compat: HelmCompat) -> Result<String> {
    let Some(value) = dry_run else {
        return Ok(String::new());
    };
    let server = || needs_cluster("--dry-run=server", "simulates the install on it");
    match (compat, value.as_deref()) {
        (HelmCompat::Helm3, None | Some("" | "false" | "true" | "none" | "client")) => Ok(String::new()),
        (HelmCompat::Helm3, Some("server")) => Err(server().into()),
        (HelmCompat::Helm3, Some(_)) => Err(HelmError::new(
            "Invalid dry-run flag. Flag must one of the following: false, true, none, client, server",
        )
        .into()),
        (HelmCompat::Helm4, None | Some("unset")) => Ok(
            "level=WARN msg=\"--dry-run is deprecated and should be replaced with '--dry-run=client'\"\n".into(),
        ),
        (HelmCompat::Helm4, Some("client")) => Ok(String::new()),
        (HelmCompat::Helm4, Some("server")) => Err(server().into()),
        (HelmCompat::Helm4, Some(v)) => match parse_go_bool(v) {
            Some(true) => Ok(format!(
                "level=WARN msg=\"boolean '--dry-run={v}' flag is deprecated and must be replaced with '--dry-run=client'\"\n"
            )),
            Some(false) => Err(HelmError::new(format!(
                "invalid dry-run value ({}). Must be \"server\" or \"client\"",
                go_quote(v)
            ))
            .into()),
            None if v == "none" => Err(HelmError::new(
                "invalid dry-run value (\"none\"). Must be \"server\" or \"client\"",
            )
            .into()),
            None => Err(HelmError::new(format!(
                "invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\"",
                go_quote(v)
            ))
            .into()),
        },
    }
}

/// `--cert-file`, `--key-file`, `--ca-file`: Helm builds its registry
/// client's TLS settings even for a local chart when given a certificate
/// and key, a CA bundle or `--insecure-skip-tls-verify`, and then fails
/// when it cannot read the files or finds no PEM data of the right kind.
/// Helm 3 reads the key pair only when both are given, Helm 4 when either
/// is (the other then reads as the file ""). Whether the key matches the
/// certificate is not checked here.
fn check_tls_files(flags: &HelmFlags, compat: HelmCompat) -> Result<()> {
    let fail = |why: String| -> anyhow::Error {
        HelmError::new(format!(
            "missing registry client: can't create TLS config for client: {why}"
        ))
        .into()
    };
    let helm4 = compat == HelmCompat::Helm4;
    let (cert, key) = (flags.cert_file.as_deref(), flags.key_file.as_deref());
    let builds = cert.is_some() && key.is_some()
        || flags.ca_file.is_some()
        || flags.insecure_skip_tls_verify;
    if !builds {
        return Ok(());
    }
    let reads_pair = if helm4 {
        cert.is_some() || key.is_some()
    } else {
        cert.is_some() && key.is_some()
    };
    if reads_pair {
        let (cert, key) = (cert.unwrap_or(""), key.unwrap_or(""));
        let pair = |why: String| match compat {
            HelmCompat::Helm3 => {
                format!("can't load key pair from cert {cert} and key {key}: {why}")
            }
            HelmCompat::Helm4 => format!("unable to load cert from key pair: {why}"),
        };
        let read = |path: &str, what: &str| {
            std::fs::read(path).map_err(|e| {
                let open = format!("open {path}: {}", go_os_error(&e));
                fail(match compat {
                    HelmCompat::Helm3 => pair(open),
                    HelmCompat::Helm4 => {
                        format!("unable to read {what} file: {}: {open}", go_quote(path))
                    }
                })
            })
        };
        let cert_text = String::from_utf8_lossy(&read(cert, "cert")?).into_owned();
        let key_text = String::from_utf8_lossy(&read(key, "key")?).into_owned();
        let (has_cert, has_key) = (
            pem_has(&cert_text, "CERTIFICATE"),
            pem_has(&key_text, "PRIVATE KEY"),
        );
        if !has_cert {
            return Err(fail(pair(if pem_has(&cert_text, "PRIVATE KEY") {
                "tls: failed to find certificate PEM data in certificate input, but did find a \
                 private key; PEM inputs may have been switched"
                    .into()
            } else {
                "tls: failed to find any PEM data in certificate input".into()
            })));
        }
        if !has_key {
            return Err(fail(pair(if pem_has(&key_text, "CERTIFICATE") {
                "tls: found a certificate rather than a key in the PEM for the private key".into()
            } else {
                "tls: failed to find any PEM data in key input".into()
            })));
        }
    }
    let Some(path) = &flags.ca_file else {
        return Ok(());
    };
    let text = std::fs::read(path).map_err(|e| {
        fail(match compat {
            HelmCompat::Helm3 => format!("can't read CA file: {path}"),
            HelmCompat::Helm4 => {
                format!(
                    "can't read CA file: {}: open {path}: {}",
                    go_quote(path),
                    go_os_error(&e)
                )
            }
        })
    })?;
    if pem_has(&String::from_utf8_lossy(&text), "CERTIFICATE") {
        return Ok(());
    }
    Err(fail(if helm4 {
        "failed to append certificates from pem block".into()
    } else {
        format!("failed to append certificates from file: {path}")
    }))
}

/// Whether `text` holds a PEM block whose type ends in `kind`
/// (`CERTIFICATE`, `PRIVATE KEY` for RSA, EC and PKCS #8 keys).
fn pem_has(text: &str, kind: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
            .is_some_and(|label| label.ends_with(kind))
    })
}

/// `--verify`: Helm checks a packaged chart's provenance file with
/// OpenPGP; a chart directory cannot be verified at all.
fn check_verify(chart: Option<&Path>) -> Result<()> {
    let Some(archive) = chart.filter(|p| p.is_file()) else {
        return Err(HelmError::new("unpacked charts cannot be verified").into());
    };
    let absolute = std::path::absolute(archive)?;
    let provenance = format!("{}.prov", absolute.display());
    if !Path::new(&provenance).exists() {
        return Err(HelmError::new(format!(
            "could not load provenance file {provenance}: stat {provenance}: no such file or directory"
        ))
        .into());
    }
    Err(HelmError::new(
        "--verify: checking a chart's OpenPGP provenance is not supported by deltallm-render",
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::{parse_go_float32, parse_go_int};

    #[test]
    fn go_numbers() {
        assert_eq!(parse_go_int("0x10"), Ok(16));
        assert_eq!(parse_go_int("-010"), Ok(-8));
        assert!(parse_go_int("1_0").is_err());
        assert!(
            parse_go_int("99999999999999999999")
                .unwrap_err()
                .contains("out of range")
        );
        assert_eq!(parse_go_float32("2.5"), Ok(2.5));
        assert!(
            parse_go_float32("1e40")
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            parse_go_float32("x")
                .unwrap_err()
                .contains("invalid syntax")
        );
    }
}
