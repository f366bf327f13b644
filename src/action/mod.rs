//! What a command does, as a library call (Helm's `pkg/action`): load the
//! chart, compute values, render every template, assemble the release.

mod chart_object;
pub mod command;
pub mod flags;
mod glob;
pub mod release_name;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, anyhow, bail};
use minijinja::Value;

use crate::chart::{self, Chart};
use crate::engine::kube_version::KubeVersion;
use crate::engine::render::{Engine, Source};
use crate::engine::runtime::print;
use crate::engine::runtime::value::{self as go, Elem};
use crate::engine::{HelmCompat, objects};
use crate::release::{self, Assembled, Crd, Rendered, TemplateOptions};
use crate::values::layers::{self, ComputedValues, ValueOptions};

/// Everything `template` needs besides the chart's own files.
#[derive(Debug, Clone, Default)]
pub struct TemplateRequest {
    pub release_name: String,
    /// A chart directory or `.tgz`; `None` is the embedded DeltaLLM chart.
    pub chart: Option<PathBuf>,
    pub values: ValueOptions,
    pub namespace: String,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub is_upgrade: bool,
    pub compat: HelmCompat,
    pub output: TemplateOptions,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// `--version`: a constraint for fetching a chart; a local chart is
    /// used whatever its version, and `--debug` only logs it.
    pub chart_version: Option<String>,
}

/// Loads the requested chart.
pub fn load_chart(path: Option<&PathBuf>) -> Result<Chart> {
    match path {
        Some(p) => chart::load(p),
        None => chart::embedded_chart(),
    }
}

/// `helm template`: the assembled manifest stream (or files).
pub fn template(req: &TemplateRequest) -> Result<Assembled> {
    template_cached(req, &EngineCache::default())
}

/// [`template`], keeping the compiled engine in `cache`: a caller about to
/// exit can leave it there unfreed (tens of thousands of allocations).
pub fn template_cached(req: &TemplateRequest, cache: &EngineCache) -> Result<Assembled> {
    kube_version(req)?;
    let chart = load_chart(req.chart.as_ref())?;
    template_chart(req, &chart, cache)
}

/// [`template_cached`] of a chart already loaded from `req.chart`.
pub fn template_chart(
    req: &TemplateRequest,
    chart: &Chart,
    cache: &EngineCache,
) -> Result<Assembled> {
    let kube = kube_version(req)?;
    let chart_dir = req.chart.as_deref().filter(|p| p.is_dir());
    let values = ValueOptions {
        helm3: req.compat == HelmCompat::Helm3,
        ..req.values.clone()
    };
    let computed = layers::compute(chart, &values, chart_dir)?;
    check_installable(chart)?;
    check_kube_version(chart, &kube).map_err(|e| met_rendering(e, req))?;
    // Helm checks the values against the schemas before it renders. Both
    // only read, so they run side by side; the schemas' verdict comes first.
    let (schemas, rendered) = std::thread::scope(|s| {
        let schemas = s.spawn(|| match req.skip_schema_validation {
            true => Ok(()),
            false => check_schemas(chart, &computed, req.compat),
        });
        let rendered = render_chart_cached(chart, &computed, req, cache);
        let schemas = schemas.join();
        (
            schemas.unwrap_or_else(|p| std::panic::resume_unwind(p)),
            rendered,
        )
    });
    schemas?;
    let rendered = rendered.map_err(|e| met_rendering(e, req))?;
    assemble(rendered, &req.output)
}

/// Helm installs (and templates) application charts only; a library chart
/// lends its `define`s to the charts that depend on it.
fn check_installable(chart: &Chart) -> Result<()> {
    match chart.metadata.chart_type.as_str() {
        "" | "application" => Ok(()),
        other => Err(anyhow!("{other} charts are not installable")),
    }
}

/// A chart or subchart to render, with the name prefix Helm gives its files.
struct Part<'a> {
    chart: &'a Chart,
    /// Dotted names below the root (`b.nest`); empty for the root.
    path: String,
    prefix: String,
    values: Value,
}

/// The entries of a part's Chart.yaml `dependencies` whose subchart is
/// enabled (`enabled` holds `root.sub.nested` paths): Helm drops the
/// others from `.Chart.Dependencies`.
fn enabled_dependencies<'a>(
    part: &Part<'a>,
    enabled: &[String],
) -> Vec<&'a crate::chart::Dependency> {
    let is_enabled = |child: &str| {
        enabled.iter().any(|path| {
            let below_root = path.split_once('.').map_or("", |(_, rest)| rest);
            match below_root.strip_suffix(child) {
                Some(parent) if part.path.is_empty() => parent.is_empty(),
                Some(parent) => parent.strip_suffix('.') == Some(part.path.as_str()),
                None => false,
            }
        })
    };
    part.chart
        .metadata
        .dependencies
        .iter()
        .flatten()
        .filter(|d| {
            is_enabled(if d.alias.is_empty() {
                &d.name
            } else {
                &d.alias
            })
        })
        .collect()
}

/// Compiled engines of one chart, by Helm version and enabled subcharts:
/// a chart rendered many times (a snapshot matrix) is compiled once per
/// shape. Use one cache per loaded chart.
#[derive(Default)]
pub struct EngineCache {
    engines: Mutex<HashMap<EngineKey, Arc<Engine>>>,
}

/// What a compiled engine depends on besides the chart: the Helm version
/// and the enabled subcharts.
type EngineKey = (HelmCompat, Vec<String>);

/// Renders the chart and its enabled subcharts in one engine, as Helm does
/// (named templates are shared across them).
pub fn render_chart(
    chart: &Chart,
    computed: &ComputedValues,
    req: &TemplateRequest,
) -> Result<RenderedChart> {
    render_chart_cached(chart, computed, req, &EngineCache::default())
}

/// [`render_chart`], reusing compiled engines from `cache`.
pub fn render_chart_cached(
    chart: &Chart,
    computed: &ComputedValues,
    req: &TemplateRequest,
    cache: &EngineCache,
) -> Result<RenderedChart> {
    let mut parts = vec![Part {
        chart,
        path: String::new(),
        prefix: chart.metadata.name.clone(),
        values: objects::values(&computed.values, req.compat),
    }];
    for path in &computed.enabled {
        let sub = find_subchart(chart, path)
            .ok_or_else(|| anyhow!("enabled subchart {path} was not loaded"))?;
        let values = computed.subcharts.get(path).cloned().unwrap_or_default();
        let segs: Vec<&str> = path.split('.').skip(1).collect();
        parts.push(Part {
            chart: sub,
            path: segs.join("."),
            prefix: format!("{}/charts/{}", chart.metadata.name, segs.join("/charts/")),
            values: objects::values(&values, req.compat),
        });
    }
    let kube = kube_version(req)?;
    let mut sources = Vec::new();
    let mut tops = BTreeMap::new();
    // Helm parses a library chart's templates but renders only its partials.
    let mut library_files = HashSet::new();
    let mut tops_by_path = BTreeMap::new();
    let mut crds = Vec::new();
    for part in &parts {
        let top = go::named_map(
            objects::values_type(req.compat),
            BTreeMap::from([
                ("Values".to_owned(), part.values.clone()),
                (
                    "Release".to_owned(),
                    objects::release(&req.release_name, &req.namespace, req.is_upgrade, 1),
                ),
                (
                    "Chart".to_owned(),
                    chart_object::metadata(
                        &part.chart.metadata,
                        part.path
                            .rsplit('.')
                            .next()
                            .filter(|n| !n.is_empty())
                            .unwrap_or(&part.chart.metadata.name),
                        part.path.is_empty(),
                        &enabled_dependencies(part, &computed.enabled),
                        req.compat,
                    ),
                ),
                (
                    "Capabilities".to_owned(),
                    objects::capabilities(&kube, req.api_versions.clone(), req.compat),
                ),
                ("Files".to_owned(), chart_object::files(part.chart)),
                (
                    "Subcharts".to_owned(),
                    go::map(Elem::Interface, BTreeMap::new()),
                ),
            ]),
        );
        tops_by_path.insert(part.path.as_str(), top.clone());
        for t in &part.chart.templates {
            let name = format!("{}/{}", part.prefix, t.name);
            tops.insert(
                name.clone(),
                (top.clone(), format!("{}/templates", part.prefix)),
            );
            if part.chart.metadata.chart_type == "library" {
                library_files.insert(name.clone());
            }
            sources.push((name, &t.data));
        }
        for c in part.chart.crds.iter().filter(|c| is_crd_file(&c.name)) {
            crds.push(Crd {
                path: format!("{}/{}", part.prefix, c.name),
                content: String::from_utf8_lossy(&c.data).into_owned(),
            });
        }
    }
    link_subcharts(&tops_by_path);
    let key = (req.compat, computed.enabled.clone());
    let cached = cache
        .engines
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let engine = match cached {
        Some(engine) => engine,
        None => {
            let sources = sources
                .into_iter()
                .map(|(name, data)| {
                    let text = String::from_utf8(data.clone())
                        .with_context(|| format!("{name}: not UTF-8"))?;
                    Ok(Source { name, text })
                })
                .collect::<Result<Vec<_>>>()?;
            let engine = Arc::new(
                Engine::new(sources, req.compat)
                    .map_err(|e| anyhow!(e.helm_message(req.compat)))?,
            );
            let mut engines = cache.engines.lock().unwrap_or_else(|e| e.into_inner());
            engines.insert(key, engine.clone());
            engine
        }
    };
    let (files, address) = beside_warming(&engine, || {
        let mut rendered = Vec::new();
        print::take_address();
        for name in engine.files() {
            let base = name.rsplit('/').next().unwrap_or(name);
            if base.starts_with('_') || library_files.contains(name) {
                continue;
            }
            let (top, base_path) = &tops[name];
            set_template(top, name, base_path);
            let out = engine.render(name, top).map_err(|e| {
                let message = e.helm_message(req.compat);
                match print::take_address() {
                    Some(why) if message.contains(print::ADDRESS) => anyhow!(why),
                    _ => anyhow!(message),
                }
            })?;
            rendered.push(Rendered {
                path: name.clone(),
                content: out.replace("<no value>", ""),
            });
        }
        Ok::<_, anyhow::Error>((rendered, print::take_address()))
    })?;
    Ok(RenderedChart {
        files,
        crds,
        address,
    })
}

/// A chart's rendered files and CRDs, before release assembly.
pub struct RenderedChart {
    pub files: Vec<Rendered>,
    pub crds: Vec<Crd>,
    /// Why the render printed a stand-in for a memory address, if it did
    /// (see `print::ADDRESS`): such a render must not succeed.
    pub address: Option<String>,
}

/// Release assembly of a rendered chart. A render that printed a memory
/// address fails, with the reason, unless it fails on something else first,
/// as Helm does (the YAML it made of the address text, most often).
pub fn assemble(rendered: RenderedChart, opts: &TemplateOptions) -> Result<Assembled> {
    let result = release::assemble(rendered.files, rendered.crds, opts);
    match (rendered.address, result) {
        (None, result) => result,
        (Some(_), Err(e)) if !format!("{e:#}").contains(print::ADDRESS) => Err(e),
        (Some(why), _) => Err(anyhow!(why)),
    }
}

/// An error Helm meets once it renders (from the `kubeVersion` check on).
/// Helm reports it with the hint to use `--debug`; under `--debug` it
/// prints the manifests rendered so far instead, here none: an empty line.
fn met_rendering(e: anyhow::Error, req: &TemplateRequest) -> anyhow::Error {
    let message = format!("{e:#}");
    match req.output.debug {
        true => release::HelmError {
            stdout: "\n".into(),
            ..release::HelmError::new(message)
        }
        .into(),
        false => anyhow!(release::debug_hint(&message)),
    }
}

/// Renders on the render stack while, on another core if there is one, the
/// engine compiles the templates the render will ask for.
fn beside_warming<T: Send>(engine: &Engine, render: impl FnOnce() -> T + Send) -> T {
    if crate::parallel::jobs_for(2) < 2 {
        return on_render_stack(render);
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        // Compiling recurses as deep as the templates nest: the render's stack.
        std::thread::Builder::new()
            .stack_size(RENDER_STACK)
            .spawn_scoped(s, || engine.warm(&stop))
            .expect("spawning the warming thread");
        let rendered = on_render_stack(render);
        stop.store(true, Ordering::Relaxed);
        rendered
    })
}

/// Helm's `CRDObjects` keep only `crds/` files ending in `.yaml`, `.yml`
/// or `.json`, in any case.
fn is_crd_file(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("yaml" | "yml" | "json"))
}

/// Stack for rendering. Helm lets 1001 `include`s of each name nest, so
/// templates that include each other go thousands of renders deep before
/// Helm's limit stops them; the main thread's 8 MiB holds about 1500.
/// Only the pages a render touches are ever committed.
const RENDER_STACK: usize = 1 << 30;

/// Runs `body` on a thread with [`RENDER_STACK`] and waits for it.
fn on_render_stack<T: Send>(body: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("render".into())
            .stack_size(RENDER_STACK)
            .spawn_scoped(scope, body)
            .expect("spawning the render thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// `.Subcharts`: each enabled subchart's own top-level object (the very
/// map its templates see) under its name or alias, in its parent's.
fn link_subcharts(tops_by_path: &BTreeMap<&str, Value>) {
    for (path, top) in tops_by_path.iter().filter(|(p, _)| !p.is_empty()) {
        let (parent, name) = path.rsplit_once('.').unwrap_or(("", path));
        let go::View::Map(parent_top) = go::view(&tops_by_path[parent]) else {
            continue;
        };
        let subcharts = parent_top.read().get("Subcharts").cloned();
        if let Some(go::View::Map(m)) = subcharts.as_ref().map(go::view) {
            m.write().insert((*name).to_owned(), top.clone());
        }
    }
}

/// Helm overwrites `.Template` in the chart's shared top map per file,
/// with a map of the top map's own type.
fn set_template(top: &Value, name: &str, base_path: &str) {
    if let go::View::Map(m) = go::view(top)
        && let Some(values_type) = m.name
    {
        let template = go::named_map(
            values_type,
            BTreeMap::from([
                ("Name".to_owned(), Value::from(name)),
                ("BasePath".to_owned(), Value::from(base_path)),
            ]),
        );
        m.write().insert("Template".to_owned(), template);
    }
}

/// Finds a subchart by its dotted path of names or aliases.
fn find_subchart<'a>(chart: &'a Chart, path: &str) -> Option<&'a Chart> {
    let mut cur = chart;
    for seg in path.split('.').skip(1) {
        let real = cur
            .metadata
            .dependencies
            .iter()
            .flatten()
            .find(|d| d.alias == seg)
            .map(|d| d.name.as_str())
            .unwrap_or(seg);
        cur = cur.dependencies.iter().find(|c| c.metadata.name == real)?;
    }
    Some(cur)
}

/// Helm refuses to render values that break a chart's `values.schema.json`
/// (the chart's own and every enabled subchart's), in each Helm version's
/// words.
fn check_schemas(chart: &Chart, computed: &ComputedValues, compat: HelmCompat) -> Result<()> {
    let mut report = String::new();
    let mut check = |c: &Chart, values: &crate::values::Map| -> Result<()> {
        let Some(raw) = &c.schema else { return Ok(()) };
        if let Some(found) = crate::lint::schema::helm_report(raw, values, compat) {
            report.push_str(&format!("{}:\n{found}", c.metadata.name));
        }
        Ok(())
    };
    check(chart, &computed.values)?;
    for path in &computed.enabled {
        if let (Some(sub), Some(values)) =
            (find_subchart(chart, path), computed.subcharts.get(path))
        {
            check(sub, values)?;
        }
    }
    if report.is_empty() {
        return Ok(());
    }
    Err(anyhow!(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{report}"
    ))
}

/// The Kubernetes version templates see: `--kube-version` (Helm writes it
/// with a leading `v`), else the Helm version's default.
fn kube_version(req: &TemplateRequest) -> Result<KubeVersion> {
    match req.kube_version.as_deref() {
        None | Some("") => Ok(KubeVersion::default_for(req.compat)),
        Some(text) => KubeVersion::parse(text, req.compat)
            .map_err(|e| anyhow!("invalid kube version '{text}': {e}")),
    }
}

/// Chart.yaml's `kubeVersion` constraint against the target cluster.
fn check_kube_version(chart: &Chart, kube: &KubeVersion) -> Result<()> {
    let constraint = &chart.metadata.kube_version;
    if constraint.is_empty() {
        return Ok(());
    }
    // Helm's IsCompatibleRange: a version semver cannot read fits nothing.
    let fits = match crate::funcs::semver::Version::parse(&kube.display) {
        Err(_) => false,
        Ok(_) => crate::funcs::semver::constraint_matches(constraint, &kube.display)
            .map_err(|e| anyhow!("{}: kubeVersion {constraint:?}: {e}", chart.metadata.name))?,
    };
    if !fits {
        bail!(
            "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {}",
            kube.version
        );
    }
    Ok(())
}
