#!/usr/bin/env bash
# Records what real Helm computes as .Values for every case in
# tests/values-cases/, with helm 3.17 and helm 4.1, into
# tests/goldens/values/<case>.helm{3,4}.out. tests/values_diff.rs compares
# our values library against these files, so expected data only ever comes
# from Helm itself.
#
# A case is a directory holding `flags` (one command-line argument per line,
# paths relative to the case directory) and either a `chart/` directory or a
# `chart` file naming a shared probe chart under tests/values-cases/_charts/.
# Optional `stdin` is fed to Helm (for `-f -`). Our CLI's `--profile NAME`
# has no Helm equivalent: it is recorded as `-f` of the profile file placed
# before every other `-f`, which is exactly how we layer it.
#
# Every probe chart's template prints `toJson .Values` and one line per leaf
# (`path: json # typeOf`). stderr lines are sorted: Helm logs warnings while
# ranging over Go maps, whose order is random from run to run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/values-cases"
out="$root/tests/goldens/values"
mkdir -p "$out"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"

record() { # case-dir helm-binary golden-file
  local dir="$1" helm="$2" golden="$3" chart args=() profiles=() line i
  if [ -d "$dir/chart" ]; then chart="chart"; else chart="../_charts/$(tr -d '\n' <"$dir/chart")"; fi
  mapfile -t args <"$dir/flags"
  local rest=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [ "${args[i]}" = "--profile" ]; then
      line="${args[i + 1]}"
      case "$line" in */* | *.yaml | *.yml) profiles+=(-f "$line") ;; *) profiles+=(-f "$chart/../profiles/$line.yaml") ;; esac
      i=$((i + 1))
    else
      rest+=("${args[i]}")
    fi
  done
  local stdin=/dev/null stdout stderr code=0
  [ -f "$dir/stdin" ] && stdin="$dir/stdin"
  stdout="$(mktemp)" stderr="$(mktemp)"
  (cd "$dir" && HOME=/nonexistent HELM_CACHE_HOME=/tmp/values-goldens-cache HELM_CONFIG_HOME=/tmp/values-goldens-config \
    HELM_DATA_HOME=/tmp/values-goldens-data "$helm" template probe "$chart" "${profiles[@]}" "${rest[@]}" \
    <"$stdin" >"$stdout" 2>"$stderr") || code=$?
  {
    echo "=== exit $code"
    echo "=== stdout"
    cat "$stdout"
    echo "=== stderr"
    LC_ALL=C sort "$stderr"
  } >"$golden"
  rm -f "$stdout" "$stderr"
}

n=0
for dir in "$cases"/*/; do
  name="$(basename "$dir")"
  [ "$name" = _charts ] && continue
  record "${dir%/}" "$root/.tools/helm3/helm" "$out/$name.helm3.out"
  record "${dir%/}" "$root/.tools/helm4/helm" "$out/$name.helm4.out"
  n=$((n + 1))
done
echo "record-values-goldens: $n cases recorded with helm 3 and helm 4"
