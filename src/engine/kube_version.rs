//! `--kube-version`: the Kubernetes version templates see as
//! `.Capabilities.KubeVersion`, read the way each Helm reads the flag.
//!
//! Helm 3 reads it as a lenient semantic version (`1.20` becomes `v1.20.0`).
//! Helm 4 reads it as Kubernetes' "generic" version: two or more numeric
//! components after an optional `v`, anything after them ignored, and keeps
//! the text as given in `Version` while its `String()` (what printing the
//! object shows, and what the chart's `kubeVersion` constraint is checked
//! against) has the components only: `1.30.0-rc.1` prints as `v1.30.0`.

use super::HelmCompat;
use crate::funcs::semver::Version;

#[derive(Debug, Clone, PartialEq)]
pub struct KubeVersion {
    /// `.Version` and `.GitVersion`.
    pub version: String,
    /// Go's `String()` of the object.
    pub display: String,
    pub major: String,
    pub minor: String,
}

impl KubeVersion {
    /// The version `helm template` assumes without `--kube-version`.
    pub fn default_for(compat: HelmCompat) -> KubeVersion {
        let text = match compat {
            HelmCompat::Helm3 => "v1.32.0",
            HelmCompat::Helm4 => "v1.35.0",
        };
        KubeVersion::parse(text, compat).expect("the default is a valid version")
    }

    /// Reads the flag's text; the error is Helm's, after `invalid kube version '...': `.
    pub fn parse(text: &str, compat: HelmCompat) -> Result<KubeVersion, String> {
        match compat {
            HelmCompat::Helm3 => semantic(text),
            HelmCompat::Helm4 => generic(text),
        }
    }
}

fn semantic(text: &str) -> Result<KubeVersion, String> {
    let v = Version::parse(text)?;
    let version = format!("v{}", v.render());
    Ok(KubeVersion {
        display: version.clone(),
        version,
        major: v.major.to_string(),
        minor: v.minor.to_string(),
    })
}

fn generic(text: &str) -> Result<KubeVersion, String> {
    let rest = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
    let rest = rest.strip_prefix('v').unwrap_or(rest);
    // The numeric components: digits, then `.digits` for as long as they last.
    let bytes = rest.as_bytes();
    let mut end = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if end == 0 {
        return Err(format!("could not parse {text:?} as version"));
    }
    while bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 1 + bytes[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    let components: Vec<&str> = rest[..end].split('.').collect();
    if components.len() < 2 {
        return Err(format!("illegal version string {text:?}"));
    }
    if components[0].len() > 1 && components[0].starts_with('0') {
        return Err(format!(
            "illegal zero-prefixed version component {:?} in {text:?}",
            components[0]
        ));
    }
    let numbers = components
        .iter()
        .map(|c| {
            c.parse::<u64>().map_err(|_| {
                format!(
                    "illegal non-numeric version component {c:?} in {text:?}: strconv.ParseUint: parsing {c:?}: value out of range"
                )
            })
        })
        .collect::<Result<Vec<u64>, String>>()?;
    let joined: Vec<String> = numbers.iter().map(u64::to_string).collect();
    let version = format!("v{}", text.strip_prefix('v').unwrap_or(text));
    Ok(KubeVersion {
        display: format!("v{}", joined.join(".")),
        version,
        major: numbers[0].to_string(),
        minor: numbers[1].to_string(),
    })
}
