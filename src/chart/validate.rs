//! Helm's `Metadata.Validate`: the checks, their order and their messages
//! (`validation: chart.metadata.name is required`, ...), including the
//! sanitising of free-text fields that Helm does while validating.

use anyhow::{Result, bail};

use super::metadata::{Dependency, Metadata};

/// Validates and sanitises `md` in place, exactly in Helm's order, so the
/// first problem reported is the one Helm reports.
pub fn validate(md: &mut Metadata) -> Result<()> {
    for s in [
        &mut md.name,
        &mut md.description,
        &mut md.home,
        &mut md.icon,
        &mut md.condition,
        &mut md.tags,
        &mut md.app_version,
        &mut md.kube_version,
    ] {
        sanitize(s);
    }
    md.sources.iter_mut().for_each(sanitize);
    md.keywords.iter_mut().for_each(sanitize);

    if md.api_version.is_empty() {
        bail!("validation: chart.metadata.apiVersion is required");
    }
    if md.name.is_empty() {
        bail!("validation: chart.metadata.name is required");
    }
    // Go's `filepath.Base(name) != name`: no separators, no trailing slash.
    if md.name.contains('/') {
        bail!("validation: chart.metadata.name {:?} is invalid", md.name);
    }
    if md.version.is_empty() {
        bail!("validation: chart.metadata.version is required");
    }
    if !is_semver(&md.version) {
        bail!(
            "validation: chart.metadata.version {:?} is invalid",
            md.version
        );
    }
    if !matches!(md.chart_type.as_str(), "" | "application" | "library") {
        bail!("validation: chart.metadata.type must be application or library");
    }
    for m in &mut md.maintainers {
        let Some(m) = m else {
            bail!("validation: maintainers must not contain empty or null nodes");
        };
        [&mut m.name, &mut m.email, &mut m.url]
            .into_iter()
            .for_each(sanitize);
    }
    let mut seen = std::collections::BTreeSet::new();
    for d in &mut md.dependencies {
        let Some(d) = d else {
            bail!("validation: dependencies must not contain empty or null nodes");
        };
        validate_dependency(d)?;
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if !seen.insert(key.clone()) {
            bail!("validation: more than one dependency with name or alias {key:?}");
        }
    }
    Ok(())
}

fn validate_dependency(d: &mut Dependency) -> Result<()> {
    for s in [
        &mut d.name,
        &mut d.version,
        &mut d.repository,
        &mut d.condition,
    ] {
        sanitize(s);
    }
    d.tags.iter_mut().for_each(sanitize);
    let alias_ok = d
        .alias
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !alias_ok {
        bail!(
            "validation: dependency {:?} has disallowed characters in the alias",
            d.name
        );
    }
    Ok(())
}

/// Helm's `sanitizeString`: whitespace becomes a plain space, unprintable
/// characters are dropped. Go's `unicode.IsPrint` also drops format
/// characters (category Cf), approximated here by the ones that occur in
/// practice (soft hyphen, zero-width and bidi controls, BOM).
fn sanitize(s: &mut String) {
    if s.chars()
        .all(|c| c == ' ' || !(c.is_whitespace() || unprintable(c)))
    {
        return;
    }
    *s = s
        .chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if unprintable(c) {
                None
            } else {
                Some(c)
            }
        })
        .collect();
}

fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Masterminds semver's `NewVersion` (what Helm calls): `v` prefix allowed,
/// minor and patch optional, numeric parts must fit in 64 bits, numeric
/// pre-release identifiers must not have leading zeros.
fn is_semver(v: &str) -> bool {
    let v = v.strip_prefix('v').unwrap_or(v);
    let (v, build) = match v.split_once('+') {
        Some((v, b)) => (v, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let nums: Vec<&str> = core.split('.').collect();
    let core_ok = (1..=3).contains(&nums.len())
        && nums.iter().all(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n.parse::<u64>().is_ok()
        });
    let ident_ok =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let pre_ok = pre.is_none_or(|p| {
        p.split('.').all(|id| {
            ident_ok(id)
                && !(id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()))
        })
    });
    let build_ok = build.is_none_or(|b| b.split('.').all(ident_ok));
    core_ok && pre_ok && build_ok
}

#[cfg(test)]
mod tests {
    use super::is_semver;

    #[test]
    fn semver_is_masterminds_lenient() {
        for ok in [
            "1",
            "1.2",
            "v1.2.3",
            "1.2.3-rc.1+build.5",
            "01.2.3",
            "1.2.3-alpha-1",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "",
            "not-semver",
            "1.2.3.4",
            "1..2",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3-a..b",
            "v",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }
}
