#!/usr/bin/env bash
# Records what real Helm makes of every tests/yaml-cases/<name>.yaml, as
# tests/goldens/yaml/<name>.helm3.out and <name>.helm4.out, for
# tests/yaml_read.rs to compare the Rust reader against.
#
# The case is a probe chart's values.yaml (Helm's own values path: errors
# show as Helm prints them) and also a plain file read back with fromYaml,
# which runs the same sigs.k8s.io/yaml Unmarshal into map[string]interface{}
# as chartutil.ReadValues but without coalescing (so nulls survive, and a
# parse error is printed as the map's "Error" entry instead of aborting).
# Each tree is printed as toJson plus one Go type per node, pre-order with
# keys sorted, all inside YAML comments so Helm's manifest splitter accepts it.
#
# Usage: scripts/record-yaml-goldens.sh [case-name...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/yaml-cases"
out="$root/tests/goldens/yaml"
mkdir -p "$out"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chart="$work/probe"
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: probe\nversion: 0.1.0\n' >"$chart/Chart.yaml"
cat >"$chart/templates/probe.yaml" <<'TPL'
{{- define "probe.walk" -}}
# t {{ typeOf . }}
{{- if kindIs "map" . }}{{ range $k, $v := . }}
{{ include "probe.walk" $v }}{{ end }}
{{- else if kindIs "slice" . }}{{ range $v := . }}
{{ include "probe.walk" $v }}{{ end }}
{{- end }}
{{- end -}}
# values: {{ toJson .Values }}
{{ include "probe.walk" .Values }}
{{- $f := .Files.Get "case.yaml" | fromYaml }}
# fromYaml: {{ toJson $f }}
{{ include "probe.walk" $f }}
TPL

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$cases"/*.yaml; do names+=("$(basename "$f" .yaml)"); done
fi
export HELM_CACHE_HOME="$work/cache" HELM_CONFIG_HOME="$work/config" HELM_DATA_HOME="$work/data"
for name in "${names[@]}"; do
  cp "$cases/$name.yaml" "$chart/values.yaml"
  cp "$cases/$name.yaml" "$chart/case.yaml"
  for v in 3 4; do
    set +e
    "$root/.tools/helm$v/helm" template probe "$chart" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    set -e
    {
      echo "exit: $rc"
      echo "-- stdout --"
      cat "$work/stdout"
      echo "-- stderr --"
      cat "$work/stderr"
    } >"$out/$name.helm$v.out"
  done
done
