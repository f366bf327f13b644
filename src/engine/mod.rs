//! The template engine (Helm's `pkg/engine`): Go `text/template` source is
//! parsed by our own front end ([`parse`]), compiled to minijinja templates
//! ([`compile`]), and executed by minijinja against the [`runtime`], which
//! holds Go's value semantics.

pub mod compile;
pub mod kube_version;
pub mod objects;
pub mod parse;
pub mod render;
pub mod runtime;
pub mod tpl_defines;

pub use render::HelmCompat;

use std::collections::BTreeMap;

use minijinja::Value;

use runtime::value as go;

/// Renders one template file `c/templates/t.yaml` of a chart named `c`
/// with the given `.Values`, as `helm template` would render that file:
/// the text after Helm's `<no value>` removal, or Helm's error message.
/// The differential test suites compare this against recorded Helm output.
pub fn render_snippet(template: &str, values: &crate::values::Value) -> Result<String, String> {
    render_snippet_compat(template, values, HelmCompat::Helm4)
}

/// [`render_snippet`] with Helm 3's or Helm 4's defaults and error format.
pub fn render_snippet_compat(
    template: &str,
    values: &crate::values::Value,
    style: HelmCompat,
) -> Result<String, String> {
    const NAME: &str = "c/templates/t.yaml";
    let engine = render::Engine::new(
        vec![render::Source {
            name: NAME.into(),
            text: template.into(),
        }],
        style,
    )
    .map_err(|e| e.helm_message(style))?;
    let kube = kube_version::KubeVersion::default_for(style);
    let values = match values {
        crate::values::Value::Map(m) => objects::values(m, style),
        other => go::from_data(other),
    };
    let values_type = objects::values_type(style);
    let top = go::named_map(
        values_type,
        BTreeMap::from([
            ("Values".to_owned(), values),
            (
                "Release".to_owned(),
                objects::release("release-name", "default", false, 1),
            ),
            (
                "Capabilities".to_owned(),
                objects::capabilities(&kube, Vec::new(), style),
            ),
            (
                "Template".to_owned(),
                go::named_map(
                    values_type,
                    BTreeMap::from([
                        ("Name".to_owned(), Value::from(NAME)),
                        ("BasePath".to_owned(), Value::from("c/templates")),
                    ]),
                ),
            ),
        ]),
    );
    let out = engine
        .render(NAME, &top)
        .map_err(|e| e.helm_message(style))?;
    Ok(out.replace("<no value>", ""))
}
