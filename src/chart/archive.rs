//! Packed charts (`.tgz`), read as Helm's `LoadArchiveFiles` reads them,
//! with its checks against hostile archives plus one of our own.
//!
//! Helm strips the first path component of every entry (the chart's
//! directory; entries of different top directories are merged, an entry
//! with no directory is refused), cleans the rest, and refuses absolute
//! paths, `..`, and Windows drive paths. Size caps are Helm 4's (Helm 3.17.2
//! has none; recorded in the goldens): [`MAX_FILE_SIZE`] per entry and
//! [`MAX_CHART_SIZE`] for the whole decompressed chart, where reaching the
//! total cap exactly already counts as too large, as in Helm.
//!
//! Links: Helm never follows a link entry; it stores it as an empty file.
//! We do the same for links that stay inside the chart, but refuse a
//! symlink or hard link whose target leaves the chart's directory — such an
//! entry has no business in a chart and would turn into a read outside the
//! root in any tool that extracts the archive. Devices and FIFOs load as
//! empty files, as in Helm.

use std::io::Read;

use anyhow::{Context, Result, bail};
use flate2::read::GzDecoder;
use tar::EntryType;

use super::{Chart, File, loader::load_files};

/// The largest decompressed chart accepted: 100 MiB, Helm 4's
/// `MaxDecompressedChartSize`. A chart of exactly this size is refused.
pub const MAX_CHART_SIZE: u64 = 100 * 1024 * 1024;

/// The largest single file accepted: 5 MiB, Helm 4's
/// `MaxDecompressedFileSize` (also enforced for directory loads).
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Loads a packaged chart held in memory; `name` is used in messages.
pub fn load_archive(name: &str, bytes: &[u8]) -> Result<Chart> {
    let files = archive_files(name, bytes)?;
    load_files(name, files)
}

/// The files of a chart archive, relative to the chart root.
pub(super) fn archive_files(name: &str, bytes: &[u8]) -> Result<Vec<File>> {
    // Go's gzip reader wants a 10-byte header first; its errors are kept.
    match bytes.len() {
        0 => bail!("{name}: EOF (empty chart archive)"),
        1..10 => bail!("{name}: unexpected EOF (not a gzipped chart archive)"),
        _ if !bytes.starts_with(&[0x1f, 0x8b]) => {
            bail!("{name}: gzip: invalid header (not a gzipped chart archive)")
        }
        _ => {}
    }
    let mut tar = tar::Archive::new(GzDecoder::new(bytes));
    let mut files = Vec::new();
    let mut remaining = MAX_CHART_SIZE;
    let entries = tar
        .entries()
        .with_context(|| format!("{name}: reading the archive"))?;
    for entry in entries {
        let mut entry = entry.with_context(|| format!("{name}: reading the archive"))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let path = chart_path(&raw).map_err(|why| anyhow::anyhow!("{name}: {why}: {raw:?}"))?;
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > remaining {
            bail!(
                "{name}: decompressed chart is larger than the maximum size {MAX_CHART_SIZE} (at {raw:?})"
            );
        }
        if size > MAX_FILE_SIZE {
            bail!(
                "{name}: decompressed chart file {raw:?} is larger than the maximum file size {MAX_FILE_SIZE}"
            );
        }
        let mut data = Vec::new();
        match kind {
            EntryType::Symlink | EntryType::Link => {
                let target = entry
                    .link_name_bytes()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                if link_escapes(&raw, &path, &target, kind == EntryType::Link) {
                    bail!("{name}: {raw:?} is a link to {target:?}, outside the chart");
                }
            }
            _ => {
                let read = (&mut entry)
                    .take(remaining)
                    .read_to_end(&mut data)
                    .with_context(|| format!("{name}: reading {raw:?}"))?;
                remaining -= read as u64;
                if (read as u64) < size || remaining == 0 {
                    bail!(
                        "{name}: decompressed chart is larger than the maximum size {MAX_CHART_SIZE} (at {raw:?})"
                    );
                }
            }
        }
        if data.starts_with(UTF8_BOM) {
            data.drain(..UTF8_BOM.len());
        }
        files.push(File { name: path, data });
    }
    if files.is_empty() {
        bail!("{name}: no files in chart archive");
    }
    Ok(files)
}

/// An entry's path inside the chart: the first component dropped, the rest
/// cleaned; `Err` carries Helm's reason for refusing it.
fn chart_path(raw: &str) -> Result<String, &'static str> {
    // Archives made on Windows may use `\`.
    let delim = if raw.contains('\\') { '\\' } else { '/' };
    let parts: Vec<&str> = raw.split(delim).collect();
    let rest = parts[1..].join("/");
    if rest.starts_with('/') {
        return Err("chart illegally contains absolute paths");
    }
    let path = clean(&rest);
    if path == "." {
        return Err("chart illegally contains content outside the base directory");
    }
    if path.starts_with("..") {
        return Err("chart illegally references parent directory");
    }
    let b = path.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
        return Err("chart contains illegally named files");
    }
    if parts[0] == "Chart.yaml" {
        return Err("chart yaml not in base directory");
    }
    Ok(path)
}

/// Whether a link entry's target leaves the chart. Symlink targets are
/// relative to the link's directory; hard-link targets name another archive
/// entry, which must sit under the same top directory.
fn link_escapes(raw: &str, path: &str, target: &str, hard: bool) -> bool {
    if target.starts_with('/') || target.starts_with('\\') {
        return true;
    }
    let target = target.replace('\\', "/");
    if hard {
        let top = raw.split(['/', '\\']).next().unwrap_or_default();
        let cleaned = clean(&target);
        return cleaned.starts_with("..") || cleaned.split('/').next() != Some(top);
    }
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    clean(&format!("{dir}/{target}")).starts_with("..")
}

/// Go's `path.Clean`, minus the rooted case (callers strip a leading `/`
/// or refuse it first).
fn clean(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        ".".to_string()
    } else {
        out.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::{chart_path, clean, link_escapes};

    #[test]
    fn paths_are_cleaned_and_checked_like_helm() {
        assert_eq!(clean("a/./b/../c"), "a/c");
        assert_eq!(clean("a/../../x"), "../x");
        assert_eq!(chart_path("c/templates/../x"), Ok("x".to_string()));
        assert!(chart_path("c/../../x").is_err());
        assert!(chart_path("Chart.yaml").is_err());
        assert!(chart_path("c//etc/passwd").is_err());
    }

    #[test]
    fn links_may_not_leave_the_chart() {
        assert!(link_escapes("c/a", "a", "/etc/passwd", false));
        assert!(link_escapes("c/d/a", "d/a", "../../x", false));
        assert!(!link_escapes("c/d/a", "d/a", "../x", false));
        assert!(!link_escapes("c/h", "h", "c/real.txt", true));
        assert!(link_escapes("c/h", "h", "other/real.txt", true));
    }
}
