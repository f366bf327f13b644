#!/usr/bin/env bash
# End to end: the checksum pass as Helm's post-renderer, with the real Helms.
#   helm 3.17: helm template ... --post-renderer <binary> --post-renderer-args post-render
#   helm 4.1:  helm plugin install plugins/helm4-postrenderer, then
#              helm template ... --post-renderer deltallm-checksums
# each compared, as parsed documents, with `deltallm-render template` of the
# same chart and values. Builds the release binary first. Helm's plugin and
# data dirs are temporary, so the user's Helm setup is never touched.
# Prints "N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
[ -x .tools/helm3/helm ] && [ -x .tools/helm4/helm ] && [ -x .tools/venv/bin/python ] \
  || bash scripts/install-tools.sh >&2
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/deltallm-render"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
H3=$root/.tools/helm3/helm
H4=$root/.tools/helm4/helm

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Helm 4.1.4 installs into $HELM_DATA_HOME/plugins but loads from
# $HELM_PLUGINS: point both at the same place.
export HELM_DATA_HOME=$tmp/data HELM_PLUGINS=$tmp/data/plugins \
  HELM_CONFIG_HOME=$tmp/config HELM_CACHE_HOME=$tmp/cache
mkdir -p "$HELM_PLUGINS"
# The plugin finds the binary by itself (target/release of this checkout, or
# $CARGO_TARGET_DIR/release); DELTALLM_RENDER stays unset to prove it.
unset DELTALLM_RENDER
"$H4" plugin install "$root/plugins/helm4-postrenderer" >/dev/null
"$H4" plugin list | grep -q '^deltallm-checksums' || { echo "helm 4 plugin not installed" >&2; exit 1; }

SECRETS=(--set secret.values.masterKey=StrongMasterKey2026SecureValue99 --set secret.values.saltKey=unique-salt-2026)
declare -A CASES=(
  [deltallm-eval]="deltallm ./chart -n deltallm -f profiles/eval.yaml ${SECRETS[*]}"
  [deltallm-split-workers]="deltallm ./chart -n deltallm -f profiles/eval.yaml ${SECRETS[*]} --set batchWorker.enabled=true"
  [deltallm-production]="deltallm ./chart -n prod -f profiles/production.yaml --set secret.existingSecret=app --set runtime.database.existingSecret.name=rt --set runtime.redis.existingSecret.name=rt"
  [fixture]="fx ./tests/postrender-e2e/chart -n default"
  [fixture-ns-other]="fx ./tests/postrender-e2e/chart -n other --set greeting=changed"
)
fail=0
for name in $(printf '%s\n' "${!CASES[@]}" | sort); do
  read -r -a args <<<"${CASES[$name]}"
  # (Helm 3 gets its own empty plugin dir: it cannot read Helm 4 plugins.)
  HELM_PLUGINS=$tmp/helm3-plugins "$H3" template "${args[@]}" --post-renderer "$bin" --post-renderer-args post-render >"$tmp/$name.helm3.yaml"
  "$bin" template "${args[@]}" --helm3 >"$tmp/$name.ours3.yaml"
  "$H4" template "${args[@]}" --post-renderer deltallm-checksums >"$tmp/$name.helm4.yaml"
  "$bin" template "${args[@]}" >"$tmp/$name.ours4.yaml"
done
.tools/venv/bin/python - "$tmp" $(printf '%s\n' "${!CASES[@]}" | sort) <<'PY'
import json, sys, yaml
tmp, names = sys.argv[1], sys.argv[2:]
KEY = "checksum/deltallm-render"
passed, failed = 0, 0

def flat(stream):
    # Helm 4's post-render step (kyaml) hands back `kind: List` items as
    # separate documents: compare objects, not their grouping.
    for d in stream:
        if d and d.get("kind") == "List" and isinstance(d.get("items"), list):
            yield from flat(d["items"])
        elif d:
            yield d

def docs(path, strip_hooks=False):
    out = []
    for d in flat(yaml.safe_load_all(open(path))):
        ann = (d.get("metadata") or {}).get("annotations") or {}
        if strip_hooks and "helm.sh/hook" in ann:
            # Helm 3 does not pass hooks through post-renderers: compare them
            # without the annotation (Helm 4 does, and is compared in full).
            for t in [d.get("spec", {}).get("template", {}), d.get("spec", {}).get("jobTemplate", {}).get("spec", {}).get("template", {}), d]:
                a = (t.get("metadata") or {}).get("annotations")
                if a and KEY in a:
                    del a[KEY]
                    if not a: del t["metadata"]["annotations"]
                    if not t["metadata"]: del t["metadata"]
        out.append(d)
    return sorted(json.dumps(d, sort_keys=True) for d in out)

def count(path):
    return open(path).read().count(KEY + ":")

for n in names:
    for tag, ours, strip in (("helm3", "ours3", True), ("helm4", "ours4", False)):
        a = docs(f"{tmp}/{n}.{tag}.yaml", False)
        b = docs(f"{tmp}/{n}.{ours}.yaml", strip)
        ok = a == b and count(f"{tmp}/{n}.{tag}.yaml") > 0
        print(f"{'ok  ' if ok else 'FAIL'} {n} {tag}: {len(a)} documents, {count(f'{tmp}/{n}.{tag}.yaml')} checksum annotations")
        if ok:
            passed += 1
        else:
            failed += 1
            for x in sorted(set(a) ^ set(b))[:4]:
                print("   differs:", x[:300])
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
