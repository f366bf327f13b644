//! The release name of `helm template`: `[NAME]`, `--name-template`,
//! `--generate-name`, and Helm's check of the result.

use anyhow::Result;
use minijinja::Value;

use crate::engine::HelmCompat;
use crate::engine::render::{Engine, RenderError, Source};
use crate::release::HelmError;

/// The name `helm template` uses when none is given. `--generate-name`
/// does not change it: unlike `install`, `template` has already settled
/// on this name before looking at the flag.
pub const DEFAULT_NAME: &str = "release-name";

/// Kubernetes' DNS-1123 subdomain with Helm's length cap.
const MAX_LENGTH: usize = 53;

/// How the release is to be named.
#[derive(Debug, Clone, Default)]
pub struct NameRequest {
    /// The `NAME` argument, when two arguments were given.
    pub name: Option<String>,
    /// The name when none is given ([`DEFAULT_NAME`] for a chart argument).
    pub default: String,
    /// `-g/--generate-name`.
    pub generate_name: bool,
    /// `--name-template` (empty counts as not given, as in Helm).
    pub name_template: Option<String>,
}

/// The release name, or Helm's refusal.
pub fn resolve(req: &NameRequest, compat: HelmCompat) -> Result<String> {
    let template = req.name_template.as_deref().filter(|t| !t.is_empty());
    let name = match (&req.name, template) {
        (Some(_), _) if req.generate_name => {
            return Err(
                HelmError::new("cannot set --generate-name and also specify a name").into(),
            );
        }
        (Some(_), Some(_)) => {
            return Err(
                HelmError::new("cannot set --name-template and also specify a name").into(),
            );
        }
        (Some(name), None) => name.clone(),
        (None, Some(text)) => render_name_template(text, compat)?,
        (None, None) => req.default.clone(),
    };
    check(&name, compat)?;
    Ok(name)
}

/// Renders `--name-template` as Helm does: Go's text/template with
/// Sprig's functions (`env` included, Helm's own additions excluded), no
/// data, and no removal of `<no value>`.
fn render_name_template(text: &str, compat: HelmCompat) -> Result<String> {
    const NAME: &str = "name-template";
    let source = Source {
        name: NAME.into(),
        text: text.into(),
    };
    let go_error = |e: RenderError| HelmError::new(e.to_string());
    let engine = Engine::with_functions(
        vec![source],
        compat,
        &crate::funcs::defined_in_name_template,
    )
    .map_err(go_error)?;
    Ok(engine.render(NAME, &Value::UNDEFINED).map_err(go_error)?)
}

/// Helm's release name check, in each version's words (Helm 4 also logs it).
fn check(name: &str, compat: HelmCompat) -> Result<()> {
    let problem = if name.is_empty() {
        "no name provided".to_string()
    } else if name.len() > MAX_LENGTH || !is_dns1123_subdomain(name) {
        format!(
            "invalid release name, must match regex \
             ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ \
             and the length must not be longer than {MAX_LENGTH}"
        )
    } else {
        return Ok(());
    };
    let cause = format!(
        "release name {}: {problem}",
        crate::release::quote::go_quote(name)
    );
    Err(match compat {
        HelmCompat::Helm3 => HelmError::new(cause),
        HelmCompat::Helm4 => HelmError::logged("release name check failed", &cause),
    }
    .into())
}

/// Dot-separated labels of lowercase letters, digits and inner `-`.
fn is_dns1123_subdomain(name: &str) -> bool {
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
        let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        edge(bytes.first()) && edge(bytes.last()) && bytes.iter().all(inner)
    })
}

#[cfg(test)]
mod tests {
    use super::is_dns1123_subdomain;

    #[test]
    fn dns1123_subdomains() {
        for ok in ["a", "r", "a-b", "a.b", "0x", "a1.b-2.c"] {
            assert!(is_dns1123_subdomain(ok), "{ok}");
        }
        for bad in ["", "A", "-a", "a-", "a..b", ".a", "a.", "a_b", "é"] {
            assert!(!is_dns1123_subdomain(bad), "{bad}");
        }
    }
}
