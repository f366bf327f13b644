#!/usr/bin/env bash
# Benchmark: deltallm-render against helm template, in the same run, on the
# DeltaLLM chart (eval and production profiles), plus peak memory and how
# render time grows with chart size (generated charts of 10/100/1000
# templates), and the checksum pass alone. Prints ratios: the 2-core machines
# are noisy, ratios less so.
# Needs hyperfine and GNU time (apt-get install hyperfine time) and the
# oracle (scripts/install-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/deltallm-render"
helm="$root/.tools/helm4/helm"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
keys=(--set secret.values.masterKey=StrongMasterKey2026SecureValue99 --set secret.values.saltKey=unique-salt-2026)
prod=(--set secret.existingSecret=app --set runtime.database.existingSecret.name=rt --set runtime.redis.existingSecret.name=rt)

ratio() { # label json: prints ours, helm and helm/ours from hyperfine's JSON
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"]
ours, helm = r[0]["mean"], r[1]["mean"]
print(f"{sys.argv[1]}: deltallm-render {ours*1e3:.2f} ms, helm {helm*1e3:.1f} ms, ratio {helm/ours:.1f}x")
PY
}


hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "$out/eval.json" \
  "$bin template deltallm ./chart --profile eval ${keys[*]} --no-checksums" \
  "$helm template deltallm ./chart -f profiles/eval.yaml ${keys[*]}" >/dev/null
ratio eval "$out/eval.json"
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-json "$out/production.json" \
  "$bin template deltallm ./chart --profile production ${prod[*]} --no-checksums" \
  "$helm template deltallm ./chart -f profiles/production.yaml ${prod[*]}" >/dev/null
ratio production "$out/production.json"

peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
hyperfine -N --warmup 2 --runs "${RUNS:-10}" --export-json "$out/matrix.json" \
  "$bin snapshot --check" "$helm template deltallm ./chart -f profiles/eval.yaml ${keys[*]}" >/dev/null
ratio "snapshot matrix (all cases) vs one helm template" "$out/matrix.json"
echo "peak RSS eval: deltallm-render $(peak "$bin" template deltallm ./chart --profile eval "${keys[@]}") KiB, helm $(peak "$helm" template deltallm ./chart -f profiles/eval.yaml "${keys[@]}") KiB"

# Scaling: a generated chart of N copies of a realistic template.
for n in 10 100 1000; do
  c="$out/gen$n"
  mkdir -p "$c/templates"
  printf 'apiVersion: v2\nname: gen\nversion: 0.1.0\n' > "$c/Chart.yaml"
  printf 'name: app\nreplicas: 2\nlabels:\n  tier: web\nenv:\n  A: "1"\n  B: "2"\n' > "$c/values.yaml"
  cat > "$c/templates/_helpers.tpl" <<'TPL'
{{- define "gen.labels" -}}
app: {{ .Values.name }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
TPL
  for ((i = 0; i < n; i++)); do
    cat > "$c/templates/cm$i.yaml" <<TPL
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm$i
  labels:
    {{- include "gen.labels" . | nindent 4 }}
data:
  {{- range \$k, \$v := .Values.env }}
  {{ \$k }}: {{ \$v | quote }}
  {{- end }}
  replicas: {{ .Values.replicas | quote }}
TPL
  done
  hyperfine -N --warmup 2 --runs "${RUNS:-10}" --export-json "$out/gen$n.json" \
    "$bin template r $c --no-checksums" "$helm template r $c" >/dev/null
  ratio "templates=$n" "$out/gen$n.json"
done

# The floor: process start-up alone, and (in process) an eval render with
# every template compiled already, which is the most a compile cache kept
# between runs could give.
hyperfine -N --warmup 5 --runs "${RUNS:-20}" --export-json "$out/start.json" "$bin --version" >/dev/null
python3 - "$out/start.json" <<'PY'
import json, sys
mean = json.load(open(sys.argv[1]))["results"][0]["mean"]
print(f"process start-up (--version): {mean*1e3:.2f} ms")
PY
cargo bench --quiet --bench render

# The checksum pass alone, in process (its cost drowns in process start-up
# otherwise): with the block reader and with the full reader alone.
cargo bench --quiet --bench postrender
