//! Printing the sorted release as `helm template` does, or laying it out
//! as `--output-dir` files.
//!
//! The stream is built in two stages, and the seams show in the output:
//! `renderResources` writes CRDs and manifests as `---\n# Source: p\n<doc>\n`
//! into one buffer, `helm template` trims that buffer and adds one newline,
//! then appends the hooks in the same form. So a release with only hooks
//! starts with an empty line, a CRD's trailing blank lines survive unless
//! it ends the buffer, and the stream always ends in exactly one newline
//! after a hook, or the trimmed buffer's one.

use std::path::PathBuf;

use super::sort::Sorted;
use super::{Crd, TemplateOptions, glob, split};

/// The result of assembly.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// What `helm template` prints on stdout.
    Stream(String),
    /// `--output-dir`: the files to write (see [`super::write_files`]) and
    /// what Helm prints meanwhile (a `wrote <path>` line per write, then an
    /// empty line: the empty manifest stream).
    Files { files: Vec<OutFile>, stdout: String },
}

/// One file under `--output-dir`, in order of first write.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    /// `<output-dir>/<template path>`, joined as Helm does.
    pub path: PathBuf,
    pub content: String,
    /// Helm writes hooks in append mode whenever the file already exists,
    /// even from an earlier run; set when this file's first write was such
    /// a hook, so the writer keeps any existing content in front.
    pub append_to_existing: bool,
}

/// The `# Source:` block every document is printed as.
fn source_block(path: &str, content: &str) -> String {
    format!("---\n# Source: {path}\n{content}\n")
}

/// Builds the stream or the file set from the sorted release.
/// Fails with Helm's `--show-only` message when a pattern matches nothing.
pub fn build(sorted: &Sorted, crds: &[Crd], opts: &TemplateOptions) -> Result<Output, String> {
    let hooks = sorted
        .hooks
        .iter()
        .filter(|h| !(opts.no_hooks || opts.skip_tests && h.is_test));
    let crds = crds.iter().filter(|_| opts.include_crds);
    let Some(dir) = &opts.output_dir else {
        let mut buffer = String::new();
        for crd in crds {
            buffer.push_str(&source_block(&crd.path, &crd.content));
        }
        for m in &sorted.manifests {
            buffer.push_str(&source_block(&m.path, &m.content));
        }
        let buffer = post_render(buffer, opts)?;
        let mut stream = format!("{}\n", buffer.trim());
        for h in hooks {
            stream.push_str(&source_block(&h.path, &h.content));
        }
        return show_only(stream, &opts.show_only).map(Output::Stream);
    };

    let dir = dir.to_string_lossy();
    let release_dir = if opts.use_release_name {
        clean(&format!("{dir}/{}", opts.release_name))
    } else {
        dir.to_string()
    };
    let mut files = Files::default();
    for crd in crds {
        files.write(&dir, &crd.path, &crd.content, false);
    }
    for m in &sorted.manifests {
        files.write(&release_dir, &m.path, &m.content, false);
    }
    for h in hooks {
        files.write(&release_dir, &h.path, &h.content, true);
    }
    // The files hold the manifests, so the stream that follows is empty:
    // `--show-only` finds nothing in it, and a post-renderer gets nothing.
    let tail = format!("{}\n", post_render(String::new(), opts)?.trim());
    files.stdout.push_str(&show_only(tail, &opts.show_only)?);
    Ok(Output::Files {
        files: files.files,
        stdout: files.stdout,
    })
}

/// The CRDs-and-manifests buffer after `--post-renderer`, if one is set.
fn post_render(buffer: String, opts: &TemplateOptions) -> Result<String, String> {
    match &opts.post_renderer {
        None => Ok(buffer),
        Some(program) => program.run(&buffer).map_err(|e| super::debug_hint(&e)),
    }
}

/// Helm's `writeToFile` calls, replayed in memory.
#[derive(Default)]
struct Files {
    files: Vec<OutFile>,
    stdout: String,
}

impl Files {
    /// Manifests and CRDs truncate on their first write in this run and
    /// append afterwards; hooks append whenever the file exists.
    fn write(&mut self, dir: &str, name: &str, content: &str, hook: bool) {
        let path = format!("{dir}/{name}");
        let block = source_block(name, content);
        match self
            .files
            .iter_mut()
            .find(|f| f.path.as_os_str() == path.as_str())
        {
            Some(f) => f.content.push_str(&block),
            None => self.files.push(OutFile {
                path: PathBuf::from(&path),
                content: block,
                append_to_existing: hook,
            }),
        }
        self.stdout.push_str(&format!("wrote {path}\n"));
    }
}

/// `--show-only`: Helm re-splits the finished stream into documents, takes
/// each one's first `# Source: <chart>/<path>` line and keeps documents
/// whose `<path>` matches a pattern, pattern by pattern in flag order (a
/// document matching twice prints twice). Re-splitting means a document
/// that itself starts with `---` loses its header and can never match.
fn show_only(stream: String, patterns: &[String]) -> Result<String, String> {
    if patterns.is_empty() {
        return Ok(stream);
    }
    let docs = split::split_manifests(&stream);
    let mut out = String::new();
    for pattern in patterns {
        let mut missing = true;
        for doc in &docs {
            if source_path(doc).is_some_and(|p| glob::matches(pattern, p)) {
                out.push_str(&format!("---\n{doc}\n"));
                missing = false;
            }
        }
        if missing {
            return Err(format!("could not find template {pattern} in chart"));
        }
    }
    Ok(out)
}

/// The first match of Helm's regexp `# Source: [^/]+/(.+)`: the rest of the
/// line after the first `/` that follows a `# Source: `.
fn source_path(doc: &str) -> Option<&str> {
    const MARK: &str = "# Source: ";
    let mut from = 0;
    while let Some(at) = doc[from..].find(MARK) {
        let rest = &doc[from + at + MARK.len()..];
        if let Some(slash) = rest.find('/').filter(|&s| s > 0) {
            let line = rest[slash + 1..].split('\n').next().unwrap_or("");
            if !line.is_empty() {
                return Some(line);
            }
        }
        from += at + 1;
    }
    None
}

/// Go's `filepath.Clean`, which `filepath.Join` applies to
/// `<output-dir>/<release>` (but Helm never applies to the plain dir).
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => _ = parts.pop(),
            ".." if rooted => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, source_path};

    #[test]
    fn source_path_follows_helms_regexp() {
        assert_eq!(
            source_path("# Source: c/templates/a.yaml\nx: 1"),
            Some("templates/a.yaml")
        );
        assert_eq!(source_path("kind: X"), None);
        assert_eq!(source_path("# Source: /x\n# Source: c/t"), Some("t"));
    }

    #[test]
    fn clean_matches_go() {
        assert_eq!(clean("./out/r"), "out/r");
        assert_eq!(clean("out//r/"), "out/r");
        assert_eq!(clean("/a/../../b"), "/b");
        assert_eq!(clean("../x/.."), "..");
    }
}
