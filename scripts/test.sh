#!/usr/bin/env bash
# The test command: everything `cargo test` checks against committed goldens.
# Needs only Rust (no Helm): goldens were recorded from real Helm beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release "$@"
