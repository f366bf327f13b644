#!/usr/bin/env bash
# Records what real Helm renders for every case of tests/chart-cases/cases.yaml:
#   tests/goldens/chart/<case>.helm3.yaml|.err   helm v3.17 (default kube version v1.32.0)
#   tests/goldens/chart/<case>.helm4.yaml|.err   helm v4.1  (default kube version v1.35.0)
# Each Helm renders with its own default .Capabilities, on purpose, so the
# goldens show where the two versions differ. Refusal cases (expectError)
# record stderr exactly. Deterministic: re-running gives identical files.
# Exits non-zero when a case renders where a refusal was expected, or fails
# where none was.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .tools/helm3/helm ] && [ -x .tools/helm4/helm ] && [ -x .tools/venv/bin/python ] \
  || bash scripts/install-tools.sh >&2
exec .tools/venv/bin/python - "$@" <<'PY'
import os, subprocess, sys, yaml

CASES = "tests/chart-cases/cases.yaml"
OUT = "tests/goldens/chart"
HELMS = {"helm3": ".tools/helm3/helm", "helm4": ".tools/helm4/helm"}

def helm_args(case):
    """The `helm template` argument list of one case (shared with check-chart.sh)."""
    args = ["template", case.get("release", "deltallm"), "./chart",
            "--namespace", case.get("namespace", "deltallm")]
    profile = case.get("profile", "none")
    if profile != "none":
        args += ["-f", f"profiles/{profile}.yaml"]
    for v in case.get("values", []) or []:
        args += ["-f", f"tests/chart-cases/{v}"]
    for s in case.get("set", []) or []:
        args += ["--set", s]
    for s in case.get("setString", []) or []:
        args += ["--set-string", s]
    if case.get("kubeVersion"):
        args += ["--kube-version", case["kubeVersion"]]
    return args

cases = yaml.safe_load(open(CASES))
names = [c["name"] for c in cases]
dupes = {n for n in names if names.count(n) > 1}
if dupes:
    sys.exit(f"duplicate case names: {sorted(dupes)}")

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):  # stale goldens of removed cases go away
    os.remove(os.path.join(OUT, f))

# A fixed, minimal environment: no user Helm config, cache or plugins leak in.
env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
       "HELM_CONFIG_HOME": "/nonexistent/config", "HELM_CACHE_HOME": "/nonexistent/cache",
       "HELM_DATA_HOME": "/nonexistent/data", "LANG": "C.UTF-8", "TZ": "UTC"}
problems = []
for case in cases:
    for tag, helm in HELMS.items():
        p = subprocess.run([helm] + helm_args(case), capture_output=True, env=env)
        stem = os.path.join(OUT, f"{case['name']}.{tag}")
        want_err = case.get("expectError")
        if p.returncode == 0:
            open(stem + ".yaml", "wb").write(p.stdout)
            if want_err:
                problems.append(f"{case['name']} ({tag}): rendered, expected refusal {want_err!r}")
        else:
            open(stem + ".err", "wb").write(p.stderr)
            if not want_err:
                problems.append(f"{case['name']} ({tag}): failed: {p.stderr.decode().strip()}")
print(f"recorded {len(cases)} cases x {len(HELMS)} helm versions into {OUT}")
for p in problems:
    print("record-chart-goldens:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
