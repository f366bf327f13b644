//! Compiles the DeltaLLM chart (`chart/`) and its profiles (`profiles/`) into
//! the binary, so `deltallm-render` works from any directory with no checkout.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    // A position-independent executable spends about a millisecond of every
    // run on relocating 1.4 MB of pointer tables (page faults on copy-on-
    // write pages); a fixed-address one has them resolved by the linker.
    // (`-no-pie` is the GNU/LLVM toolchains' spelling on Linux.)
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    for top in ["chart", "profiles"] {
        println!("cargo:rerun-if-changed={top}");
        collect(&root.join(top), &mut files);
    }
    // Sorted so the generated table, and anything derived from it, is deterministic.
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_str()
            .expect("UTF-8 path");
        println!("cargo:rerun-if-changed={rel}");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            file.to_str().unwrap()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
