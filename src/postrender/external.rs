//! `--post-renderer`: a program that rewrites the rendered manifests.
//!
//! Helm 3 takes an executable (looked up in `$PATH` when the name has no
//! `/`), pipes the CRDs and manifests (never the hooks) through it with
//! the `--post-renderer-args`, and prints what it returns. Helm 4 takes the
//! name of a `postrenderer/v1` plugin instead; it re-cuts the plugin's
//! output by file and re-serializes it, which we do not reproduce, so a
//! plugin that exists is refused (one that does not gets Helm's error).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Result;

use crate::action::flags::go_os_error;
use crate::engine::HelmCompat;
use crate::release::HelmError;

/// An executable post-renderer, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct PostRenderer {
    /// The executable, absolute, as Helm names it in its errors.
    pub path: PathBuf,
    pub args: Vec<String>,
}

/// Finds the post-renderer `name` as the given Helm does, or fails with
/// its error (or our refusal of Helm 4 plugins).
pub fn locate(name: &str, args: &[String], compat: HelmCompat) -> Result<PostRenderer> {
    let invalid = |why: String| {
        HelmError::new(format!(
            "invalid argument {} for \"--post-renderer\" flag: {why}",
            crate::release::quote::go_quote(name)
        ))
    };
    if compat == HelmCompat::Helm4 {
        return Err(match find_plugin(name) {
            None => invalid(format!("plugin: {{Name:{name} Type:postrenderer/v1}} not found")),
            Some(dir) => HelmError::new(format!(
                "--post-renderer: Helm 4 runs plugin {name} ({}) and re-serializes its output file by \
                 file, which deltallm-render does not reproduce; pipe our output through the plugin's \
                 command instead, or use --helm3 with an executable",
                dir.display()
            )),
        }
        .into());
    }
    let path =
        executable(name).map_err(|e| invalid(format!("unable to find binary at {name}: {e}")))?;
    Ok(PostRenderer {
        path: std::path::absolute(&path)?,
        args: args.to_vec(),
    })
}

/// Go's `exec.LookPath`: a name with a `/` is taken as a path, any other
/// is searched for in `$PATH`. Errors are Go's texts after `exec: `.
fn executable(name: &str) -> Result<PathBuf, String> {
    let go_quoted = crate::release::quote::go_quote(name);
    if name.contains('/') {
        return check_executable(Path::new(name))
            .map(|()| PathBuf::from(name))
            .map_err(|why| format!("exec: {go_quoted}: {why}"));
    }
    let search = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&search)
        .map(|dir| dir.join(name))
        .find(|candidate| check_executable(candidate).is_ok())
        .ok_or_else(|| format!("exec: {go_quoted}: executable file not found in $PATH"))
}

/// A regular file with an execute bit, or Go's reason why not.
fn check_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("stat {}: {}", path.display(), go_os_error(&e)))?;
    if meta.is_dir() || meta.permissions().mode() & 0o111 == 0 {
        return Err("permission denied".into());
    }
    Ok(())
}

/// The plugin directory of a Helm 4 `postrenderer/v1` plugin called
/// `name`, under `$HELM_PLUGINS` (default `~/.local/share/helm/plugins`,
/// or `$XDG_DATA_HOME/helm/plugins`).
fn find_plugin(name: &str) -> Option<PathBuf> {
    let roots = std::env::var_os("HELM_PLUGINS").or_else(|| {
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))?;
        Some(data.join("helm/plugins").into_os_string())
    })?;
    std::env::split_paths(&roots)
        .flat_map(|root| std::fs::read_dir(root).into_iter().flatten().flatten())
        .map(|entry| entry.path())
        .find(|dir| {
            let Ok(text) = std::fs::read_to_string(dir.join("plugin.yaml")) else {
                return false;
            };
            let Ok(meta) = crate::values::yaml::parse_document("plugin.yaml", &text) else {
                return false;
            };
            let field = |key: &str| {
                meta.as_map()
                    .and_then(|m| m.get(key))
                    .and_then(|v| v.as_str())
            };
            field("name") == Some(name) && field("type") == Some("postrenderer/v1")
        })
}

/// Go's text for a process killed by a signal.
fn signal_text(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt as _;
    let name = match status.signal() {
        Some(2) => "interrupt".to_string(),
        Some(6) => "aborted".to_string(),
        Some(9) => "killed".to_string(),
        Some(11) => "segmentation fault".to_string(),
        Some(13) => "broken pipe".to_string(),
        Some(15) => "terminated".to_string(),
        Some(n) => format!("signal {n}"),
        None => "unknown".to_string(),
    };
    format!("signal: {name}")
}

impl PostRenderer {
    /// Pipes `input` through the program; Helm 3's message when it fails.
    pub fn run(&self, input: &str) -> Result<String, String> {
        let fail = |why: String| {
            format!(
                "error while running post render on files: error while running command {}. error output:\n{why}",
                self.path.display()
            )
        };
        let mut child = Command::new(&self.path)
            .args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!(": {}", go_os_error(&e))))?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let text = input.to_string();
        // Write from another thread: a program that answers before reading
        // everything must not deadlock against a full pipe.
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let out = child
            .wait_with_output()
            .map_err(|e| fail(format!(": {e}")))?;
        let _ = writer.join();
        if !out.status.success() {
            let status = match out.status.code() {
                Some(code) => format!("exit status {code}"),
                None => signal_text(&out.status),
            };
            return Err(fail(format!(
                "{}: {status}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        String::from_utf8(out.stdout).map_err(|_| fail(": the output is not UTF-8".into()))
    }
}
