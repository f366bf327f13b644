#!/usr/bin/env bash
# Records what real Helm 3 and Helm 4 print for `helm template x <case>` for
# every chart-loader case in tests/chart-load-cases/, into
# tests/goldens/chart-load/<case>.helm{3,4}.out. tests/chart_load.rs then
# checks our loader against these recordings (never against typed-in values).
#
# Each case is copied to a scratch tree, where the probe template
# (_probe/zz-probe.yaml) is added to every directory case; archive cases carry
# the probe already (make-archives.py puts it in). Helm runs from inside the
# scratch tree so messages name cases by relative path; the scratch path that
# still shows up in symlink warnings is replaced by <cases>.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/chart-load-cases"
out="$root/tests/goldens/chart-load"
[ -x "$root/.tools/helm3/helm" ] || bash "$root/scripts/install-tools.sh"

python3 "$cases/make-archives.py"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -a "$cases" "$scratch/cases"
mkdir -p "$out"
rm -f "$out"/*.out

for path in "$scratch"/cases/*; do
  case_name="$(basename "$path")"
  case "$case_name" in _* | *.py) continue ;; esac
  if [ -d "$path" ]; then
    mkdir -p "$path/templates"
    cp "$cases/_probe/zz-probe.yaml" "$path/templates/zz-probe.yaml"
  fi
  for v in 3 4; do
    set +e
    (cd "$scratch/cases" && "$root/.tools/helm$v/helm" template x "$case_name" \
      >"$scratch/stdout" 2>"$scratch/stderr")
    rc=$?
    set -e
    {
      echo "exit: $rc"
      echo "--- stdout"
      cat "$scratch/stdout"
      echo "--- stderr"
      sed "s#$scratch/cases#<cases>#g" "$scratch/stderr"
    } >"$out/$case_name.helm$v.out"
  done
done
echo "recorded $(ls "$out" | wc -l) goldens into tests/goldens/chart-load/"
