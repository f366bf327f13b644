#!/bin/sh
# Helm 4 post-renderer plugin entry point: runs `deltallm-render post-render`
# with the arguments Helm appends (--post-renderer-args), manifest stream on
# stdin, annotated stream on stdout.
#
# The binary, first found wins:
#   1. $DELTALLM_RENDER (an explicit path);
#   2. bin/deltallm-render inside this plugin directory (copy one there for an
#      installation that does not depend on the checkout);
#   3. target/release/deltallm-render of the checkout this directory belongs
#      to (`helm plugin install <dir>` links the directory, so a fresh checkout
#      works after `cargo build --release`), or $CARGO_TARGET_DIR/release;
#   4. deltallm-render on PATH.
set -eu
here=$(cd -P "$(dirname "$0")" && pwd)
for bin in "${DELTALLM_RENDER:-}" "$here/bin/deltallm-render" "$here/../../target/release/deltallm-render" \
    "${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/release/deltallm-render}"; do
  if [ -n "$bin" ] && [ -x "$bin" ]; then
    exec "$bin" post-render "$@"
  fi
done
if command -v deltallm-render >/dev/null 2>&1; then
  exec deltallm-render post-render "$@"
fi
echo "deltallm-checksums: no deltallm-render binary found: build it (cargo build --release)," \
  "put it on PATH, or set DELTALLM_RENDER" >&2
exit 127
