#!/usr/bin/env bash
# Records the capabilities each Helm assumes under `helm template` (no
# cluster): its default API version list and its build info, as
# `.Capabilities.APIVersions` and `.Capabilities.HelmVersion` show them.
# Written to src/engine/capabilities/helm{3,4}.json and compiled into the
# binary: this is Helm's data, so it is read from Helm, not typed in.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
out="$root/src/engine/capabilities"
mkdir -p "$out"
chart="$(mktemp -d)"
trap 'rm -rf "$chart"' EXIT
mkdir -p "$chart/c/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' > "$chart/c/Chart.yaml"
cat > "$chart/c/templates/caps.yaml" <<'TPL'
{{- $h := .Capabilities.HelmVersion -}}
{{- $build := dict "Version" $h.Version "GitCommit" $h.GitCommit "GitTreeState" $h.GitTreeState "GoVersion" $h.GoVersion -}}
{{- if hasPrefix "v4" $h.Version }}{{ $_ := set $build "KubeClientVersion" $h.KubeClientVersion }}{{ end -}}
# {{ dict "apiVersions" .Capabilities.APIVersions "helmVersion" $build | toJson }}
TPL
for major in 3 4; do
  "$root/.tools/helm$major/helm" template r "$chart/c" | sed -n 's/^# {/{/p' > "$out/helm$major.json"
done
echo "record-capabilities-goldens: wrote $out/helm3.json and helm4.json"
