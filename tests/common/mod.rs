//! Helpers shared by several test binaries.

use std::fs;
use std::process::Command;

/// Renders a one-template chart with the real binary, with
/// `DELTALLM_RENDER_SEED` set to `seed` or removed: how the seed's
/// reproducibility is tested end to end. `label` keeps concurrent tests'
/// scratch charts apart.
pub fn render_seeded(label: &str, template: &str, seed: Option<&str>) -> String {
    let dir = std::env::temp_dir().join(format!(
        "deltallm-seed-{label}-{}-{seed:?}",
        std::process::id()
    ));
    fs::create_dir_all(dir.join("c/templates")).unwrap();
    fs::write(
        dir.join("c/Chart.yaml"),
        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
    )
    .unwrap();
    fs::write(dir.join("c/templates/t.yaml"), template).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deltallm-render"));
    cmd.arg("template").arg(dir.join("c"));
    match seed {
        Some(s) => cmd.env("DELTALLM_RENDER_SEED", s),
        None => cmd.env_remove("DELTALLM_RENDER_SEED"),
    };
    let out = cmd.output().unwrap();
    fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
