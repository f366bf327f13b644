//! Loading a chart from a directory, an archive file, or in-memory files,
//! following Helm's `loader.Load`, `LoadDir` and `LoadFiles`.
//!
//! Symlink policy for directories: Helm follows every symlink (logging
//! "found symbolic link in path ... Contents of linked file included and
//! used"), wherever it points. We follow a symlink only while its resolved
//! target stays inside the chart root; one that resolves outside (or
//! dangles, or loops back into its own ancestors) is an error naming the
//! link. Nothing outside the root is ever read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::archive::{MAX_FILE_SIZE, archive_files};
use super::helmignore::Rules;
use super::metadata::{Lock, Metadata};
use super::validate::validate;
use super::{Chart, File, embedded};
use crate::values::yaml::{YamlError, load_values, parse_document};
use crate::values::{Map, Value};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Loads a chart directory or a packaged `.tgz` file.
pub fn load(path: &Path) -> Result<Chart> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
    if meta.is_dir() {
        return load_dir(path);
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        bail!(
            "file '{}' does not appear to be a gzipped archive",
            path.display()
        );
    }
    let name = path.display().to_string();
    load_files(&name, archive_files(&name, &bytes)?)
}

/// The DeltaLLM chart compiled into the binary, loaded as Helm would load
/// the `chart/` directory it was built from (`.helmignore` included).
pub fn embedded_chart() -> Result<Chart> {
    let all: Vec<File> = embedded::files_under("chart/")
        .map(|(name, data)| File::new(name, data.strip_prefix(UTF8_BOM).unwrap_or(data)))
        .collect();
    let rules = match all.iter().find(|f| f.name == ".helmignore") {
        Some(f) => {
            Rules::parse(&String::from_utf8_lossy(&f.data)).context("embedded chart/.helmignore")?
        }
        None => Rules::default(),
    }
    .with_defaults();
    let kept = all
        .into_iter()
        .filter(|f| rules.keeps_file(&f.name))
        .collect();
    load_files("embedded chart", kept)
}

/// `profiles/<name>.yaml` as compiled into the binary.
pub fn embedded_profile(name: &str) -> Option<&'static [u8]> {
    let wanted = format!("{name}.yaml");
    embedded::files_under("profiles/").find_map(|(rel, data)| (rel == wanted).then_some(data))
}

fn load_dir(dir: &Path) -> Result<Chart> {
    let root = dir
        .canonicalize()
        .with_context(|| format!("{}", dir.display()))?;
    let ignore_file = root.join(".helmignore");
    let rules = if ignore_file.is_file() {
        let text = std::fs::read_to_string(&ignore_file)
            .with_context(|| format!("reading {}", ignore_file.display()))?;
        Rules::parse(&text).with_context(|| format!("{}", dir.join(".helmignore").display()))?
    } else {
        Rules::default()
    }
    .with_defaults();
    let mut walk = Walk {
        root: &root,
        shown: dir,
        rules: &rules,
        files: Vec::new(),
    };
    walk.dir(&root, "", &mut vec![root.clone()])?;
    load_files(&dir.display().to_string(), walk.files)
}

/// A depth-first walk in Go's `filepath.Walk` order (names sorted by
/// bytes), applying `.helmignore` as Helm's `LoadDir` does.
struct Walk<'a> {
    root: &'a Path,
    /// The root as the caller named it, for messages.
    shown: &'a Path,
    rules: &'a Rules,
    files: Vec<File>,
}

impl Walk<'_> {
    /// `ancestors` holds the resolved directories being walked, so a
    /// symlink back into one of them is caught instead of looping forever.
    fn dir(&mut self, dir: &Path, rel: &str, ancestors: &mut Vec<PathBuf>) -> Result<()> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("reading {}", self.show(rel)))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .with_context(|| format!("reading {}", self.show(rel)))?;
        names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
        for name in names {
            let name = name.to_string_lossy();
            let rel = if rel.is_empty() {
                name.to_string()
            } else {
                format!("{rel}/{name}")
            };
            let path = dir.join(name.as_ref());
            let link = std::fs::symlink_metadata(&path)
                .with_context(|| format!("reading {}", self.show(&rel)))?;
            let target = if link.file_type().is_symlink() {
                self.resolve(&path, &rel)?
            } else {
                path
            };
            let meta = std::fs::metadata(&target)
                .with_context(|| format!("reading {}", self.show(&rel)))?;
            if meta.is_dir() {
                if self.rules.ignore(&rel, true) {
                    continue;
                }
                if ancestors.contains(&target) {
                    bail!(
                        "{}: symlink loops back to {}",
                        self.show(&rel),
                        target.display()
                    );
                }
                ancestors.push(target.clone());
                self.dir(&target, &rel, ancestors)?;
                ancestors.pop();
                continue;
            }
            if self.rules.ignore(&rel, false) {
                continue;
            }
            if !meta.file_type().is_file() {
                bail!(
                    "cannot load irregular file {} as it has file mode type bits set",
                    self.show(&rel)
                );
            }
            if meta.len() > MAX_FILE_SIZE {
                bail!("chart file {rel:?} is larger than the maximum file size {MAX_FILE_SIZE}");
            }
            let mut data = std::fs::read(&target)
                .with_context(|| format!("error reading {}", self.show(&rel)))?;
            if data.starts_with(UTF8_BOM) {
                data.drain(..UTF8_BOM.len());
            }
            self.files.push(File { name: rel, data });
        }
        Ok(())
    }

    /// Where a symlink leads, refused unless that is inside the chart root.
    fn resolve(&self, link: &Path, rel: &str) -> Result<PathBuf> {
        let target = link
            .canonicalize()
            .with_context(|| format!("{}: cannot resolve symlink", self.show(rel)))?;
        if !target.starts_with(self.root) {
            bail!(
                "{}: symlink resolves to {}, outside the chart root; refusing to read it",
                self.show(rel),
                target.display()
            );
        }
        Ok(target)
    }

    fn show(&self, rel: &str) -> String {
        self.shown.join(rel).display().to_string()
    }
}

/// Builds a chart from files whose names are relative to its root, as
/// Helm's `LoadFiles`; `source` names the chart in messages.
pub fn load_files(source: &str, files: Vec<File>) -> Result<Chart> {
    let at = |name: &str| format!("{source}/{name}");
    let mut metadata: Option<Metadata> = None;
    for f in files.iter().filter(|f| f.name == "Chart.yaml") {
        let doc = parse_document(&at(&f.name), text(&f.data, &at(&f.name))?)
            .map_err(|e| yaml_error(e, "Chart.yaml"))?;
        let md = metadata.get_or_insert_with(Metadata::default);
        md.apply(&doc)
            .map_err(|e| anyhow!("{}: cannot load Chart.yaml: {}", at(&f.name), go_json(e)))?;
        md.raw = doc;
        if md.api_version.is_empty() {
            md.api_version = "v1".into();
        }
    }

    let mut chart = Chart {
        metadata: Metadata::default(),
        values: Value::Map(Map::new()),
        values_source: None,
        schema: None,
        templates: Vec::new(),
        crds: Vec::new(),
        files: Vec::new(),
        dependencies: Vec::new(),
        lock: None,
        source: source.to_string(),
    };
    let mut subcharts: BTreeMap<String, Vec<File>> = BTreeMap::new();
    for f in files {
        let file = at(&f.name);
        let is_v1 = |md: &Option<Metadata>| md.as_ref().is_some_and(|m| m.api_version == "v1");
        match f.name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" | "requirements.lock" => {
                let doc = parse_document(&file, text(&f.data, &file)?)
                    .map_err(|e| yaml_error(e, &f.name))?;
                let lock = Lock::from_value(&doc)
                    .map_err(|e| anyhow!("{file}: cannot load {}: {}", f.name, go_json(e)))?;
                chart.lock = Some(lock);
                if f.name == "requirements.lock" {
                    metadata.get_or_insert_with(Metadata::default);
                    if is_v1(&metadata) {
                        chart.files.push(f);
                    }
                }
            }
            "values.yaml" => {
                let src = text(&f.data, &file)?;
                // Helm 4's reading (every `---` document merged); value
                // layering reads the source again for `--helm3`.
                chart.values = load_values(&file, src).map_err(|e| yaml_error(e, "values.yaml"))?;
                chart.values_source = Some(src.to_string());
            }
            "values.schema.json" => chart.schema = Some(f.data),
            // Deprecated since apiVersion v2, still honoured by Helm.
            "requirements.yaml" => {
                let doc = parse_document(&file, text(&f.data, &file)?)
                    .map_err(|e| yaml_error(e, "requirements.yaml"))?;
                metadata
                    .get_or_insert_with(Metadata::default)
                    .apply(&doc)
                    .map_err(|e| {
                        anyhow!("{file}: cannot load requirements.yaml: {}", go_json(e))
                    })?;
                if is_v1(&metadata) {
                    chart.files.push(f);
                }
            }
            name if name.starts_with("templates/") => chart.templates.push(f),
            name if name.starts_with("charts/") && !name.ends_with(".prov") => {
                let rest = &name["charts/".len()..];
                let sub = rest.split('/').next().unwrap_or(rest).to_string();
                let inner = File::new(rest, f.data);
                subcharts.entry(sub).or_default().push(inner);
            }
            name => {
                if name.starts_with("crds/") {
                    chart.crds.push(f.clone());
                }
                chart.files.push(f);
            }
        }
    }

    let Some(mut metadata) = metadata else {
        bail!("{source}: Chart.yaml file is missing");
    };
    validate(&mut metadata).map_err(|e| anyhow!("{}: {e}", at("Chart.yaml")))?;
    chart.metadata = metadata;

    let parent = chart.metadata.name.clone();
    for (sub, files) in subcharts {
        if sub.starts_with(['_', '.']) {
            continue;
        }
        let sub_source = at(&format!("charts/{sub}"));
        let unpack =
            |e: anyhow::Error| anyhow!("error unpacking subchart {sub} in {parent}: {e:#}");
        let loaded = if sub.ends_with(".tgz") {
            let first = &files[0];
            if first.name != sub {
                return Err(unpack(anyhow!("expected {sub}, got {}", first.name)));
            }
            archive_files(&sub_source, &first.data).and_then(|fs| load_files(&sub_source, fs))
        } else {
            // Drop the subchart's directory from each name; a plain file
            // directly under charts/ leaves nothing (and no Chart.yaml).
            let inner = files
                .into_iter()
                .filter_map(|f| {
                    let (_, rest) = f.name.split_once('/')?;
                    Some(File::new(rest, f.data))
                })
                .collect();
            load_files(&sub_source, inner)
        };
        chart.dependencies.push(loaded.map_err(unpack)?);
    }
    Ok(chart)
}

/// YAML must be UTF-8 (go-yaml refuses anything else too).
fn text<'a>(data: &'a [u8], file: &str) -> Result<&'a str> {
    std::str::from_utf8(data).map_err(|e| anyhow!("{file}: not valid UTF-8: {e}"))
}

/// A YAML error as Helm words it, located in our terms first.
fn yaml_error(e: YamlError, what: &str) -> anyhow::Error {
    anyhow!(
        "{}:{}:{}: cannot load {what}: {}",
        e.file,
        e.line,
        e.col,
        e.go_error
    )
}

/// sigs.k8s.io/yaml's wrapping of an `encoding/json` decoding error.
fn go_json(e: anyhow::Error) -> String {
    format!("error unmarshaling JSON: while decoding JSON: {e}")
}
