#!/usr/bin/env bash
# Records what real `helm template r <case>` prints for every chart under
# tests/object-cases/ (cases about `.Files`, `.Subcharts`, `define` inside
# `tpl` and the include recursion limit) into
# tests/goldens/objects/<case>.helm{3,4}.out. tests/chart_objects.rs renders
# the same charts with deltallm-render and compares.
#
# Golden layout: `exit <code>`, then `--- stdout` and Helm's stdout, then
# `--- error` and Helm's error: its `Error: ` line and the lines that
# continue it, up to the first blank line (Helm's --debug hint follows).
# Helm runs from inside tests/object-cases so paths in messages are relative.
# Where Go prints a pointer as a heap address (0xc000418b40, different on
# every run) the golden holds 0xADDRESS, so re-recording is stable; we fail
# on such output rather than print an address (known divergences).
#
# Usage: scripts/record-object-goldens.sh [case...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/object-cases"
out="$root/tests/goldens/objects"
[ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
mkdir -p "$out"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if [ "$#" -eq 0 ]; then
  rm -f "$out"/*.out
  set -- $(cd "$cases" && ls)
fi
for name in "$@"; do
  for v in 3 4; do
    set +e
    (cd "$cases" && env -i PATH="$PATH" HOME=/nonexistent LANG=C.UTF-8 TZ=UTC \
      "$root/.tools/helm$v/helm" template r "$name" >"$scratch/stdout" 2>"$scratch/stderr")
    rc=$?
    set -e
    {
      echo "exit $rc"
      echo "--- stdout"
      sed -E 's/0xc[0-9a-f]{9}/0xADDRESS/g' "$scratch/stdout"
      echo "--- error"
      sed -n '/^Error: /,/^$/p' "$scratch/stderr" | sed '/^$/d'
    } >"$out/$name.helm$v.out"
  done
done
echo "record-object-goldens: recorded $# cases into tests/goldens/objects/"
