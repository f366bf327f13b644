//! Writing `--output-dir` files all-or-nothing.
//!
//! Helm writes each file as it goes, so a failure halfway leaves a partial
//! tree behind. Here every file is first staged next to its destination
//! and only renamed into place once all of them were written; on failure
//! the staged files and any directories created for them are removed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::OutFile;

/// Writes the files of [`super::Output::Files`]; on error nothing new is
/// left on disk.
pub fn write_files(files: &[OutFile]) -> io::Result<()> {
    let mut created_dirs = Vec::new();
    let mut staged = Vec::new();
    let result = stage(files, &mut created_dirs, &mut staged).and_then(|()| {
        staged
            .iter()
            .try_for_each(|(tmp, dest): &(PathBuf, PathBuf)| fs::rename(tmp, dest))
    });
    if result.is_err() {
        for (tmp, _) in &staged {
            _ = fs::remove_file(tmp);
        }
        for dir in created_dirs.iter().rev() {
            _ = fs::remove_dir(dir);
        }
    }
    result
}

fn stage(
    files: &[OutFile],
    created_dirs: &mut Vec<PathBuf>,
    staged: &mut Vec<(PathBuf, PathBuf)>,
) -> io::Result<()> {
    for file in files {
        if let Some(parent) = file.path.parent() {
            create_dirs(parent, created_dirs)?;
        }
        let mut content = String::new();
        if file.append_to_existing {
            match fs::read_to_string(&file.path) {
                Ok(existing) => content = existing,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        content.push_str(&file.content);
        let tmp = staging_path(&file.path);
        fs::write(&tmp, content)?;
        staged.push((tmp, file.path.clone()));
    }
    Ok(())
}

/// `mkdir -p`, remembering each directory it had to create.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent, created)?;
    }
    fs::create_dir(dir)?;
    created.push(dir.to_path_buf());
    Ok(())
}

fn staging_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.deltallm-partial"))
}

#[cfg(test)]
mod tests {
    use super::{OutFile, write_files};

    #[test]
    fn failure_leaves_nothing() {
        let root = std::env::temp_dir().join(format!("release-write-{}", std::process::id()));
        let blocker = root.join("blocker");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(&blocker, "a file, not a dir").unwrap();
        let files = vec![
            OutFile {
                path: root.join("out/a.yaml"),
                content: "a".into(),
                append_to_existing: false,
            },
            OutFile {
                path: blocker.join("b.yaml"),
                content: "b".into(),
                append_to_existing: false,
            },
        ];
        assert!(write_files(&files).is_err());
        assert!(!root.join("out").exists());
        let ok = vec![OutFile {
            path: root.join("out/a.yaml"),
            content: "a".into(),
            append_to_existing: true,
        }];
        write_files(&ok).unwrap();
        write_files(&ok).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("out/a.yaml")).unwrap(),
            "aa"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
