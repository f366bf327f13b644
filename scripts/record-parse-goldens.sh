#!/usr/bin/env bash
# Records what real Helm does with each template-parser case, for
# tests/template_parse.rs. For every tests/parse-cases/NAME.tpl it writes
# tests/goldens/parse/NAME.helm3.out (and .helm4.out) with two sections:
#   ### direct exit=N   the case is the chart's templates/t.yaml; Helm's own
#                       error form: "Error: parse error at (c/templates/t.yaml:L): MSG"
#   ### tpl exit=N      the case goes through `tpl` (template name "gotpl"), whose
#                       error carries Go's full, untruncated parse error text;
#                       on success the output is the rendered text as a JSON string.
# Usage: scripts/record-parse-goldens.sh [NAME...]   (default: all cases)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/parse-cases"
out="$root/tests/goldens/parse"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkchart() { # dir
  mkdir -p "$1/templates" "$1/files"
  printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' >"$1/Chart.yaml"
  printf 'a:\n  b: 1\n  s: str\n  l: [1, 2]\n' >"$1/values.yaml"
}
direct="$work/direct/c"; viatpl="$work/tpl/c"
mkchart "$direct"; mkchart "$viatpl"
printf 'out: {{ tpl (.Files.Get "files/case.tpl") . | toJson }}\n' >"$viatpl/templates/t.yaml"

if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in "$cases"/*.tpl; do n="$(basename "$f")"; names+=("${n%.tpl}"); done
fi
for name in "${names[@]}"; do
  cp "$cases/$name.tpl" "$direct/templates/t.yaml"
  cp "$cases/$name.tpl" "$viatpl/files/case.tpl"
  for v in 3 4; do
    helm="$root/.tools/helm$v/helm"
    {
      for route in direct tpl; do
        dir="$direct"; [ "$route" = tpl ] && dir="$viatpl"
        set +e
        res="$(cd "$(dirname "$dir")" && "$helm" template c 2>&1)"
        code=$?
        set -e
        printf '### %s exit=%d\n%s\n' "$route" "$code" "$res"
      done
    } >"$out/$name.helm$v.out"
  done
done
echo "recorded ${#names[@]} cases into $out"
