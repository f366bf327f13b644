#!/usr/bin/env bash
# Records what real Helm says about every case of tests/schema-cases/cases.yaml:
#   tests/goldens/schema/<case>.helm3.yaml|.err   helm v3.17 (gojsonschema)
#   tests/goldens/schema/<case>.helm4.yaml|.err   helm v4.1  (santhosh-tekuri/jsonschema)
# Each case becomes a throwaway chart (see cases.yaml; tests/schema.rs builds
# the same chart). Both Helms list violations of different properties in Go
# map order, which changes between runs: cases marked `unordered` are
# recorded with the items of each chart sorted (tests/schema.rs sorts ours
# the same way); every other case is run three times and must not vary.
# Deterministic: re-running gives identical files.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .tools/helm3/helm ] && [ -x .tools/helm4/helm ] && [ -x .tools/venv/bin/python ] \
  || bash scripts/install-tools.sh >&2
exec .tools/venv/bin/python - "$@" <<'PY'
import os, shutil, subprocess, sys, tempfile, yaml

CASES = "tests/schema-cases/cases.yaml"
OUT = "tests/goldens/schema"
HELMS = {"helm3": ".tools/helm3/helm", "helm4": ".tools/helm4/helm"}
TEMPLATE = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schemacase\n"

def write_chart(root, name, spec):
    os.makedirs(os.path.join(root, "templates"))
    open(os.path.join(root, "Chart.yaml"), "w").write(
        f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n")
    open(os.path.join(root, "values.yaml"), "w").write(spec.get("values", ""))
    open(os.path.join(root, "values.schema.json"), "w").write(spec["schema"])
    open(os.path.join(root, "templates", "cm.yaml"), "w").write(TEMPLATE)

def sort_items(err):
    """Helm's error with each chart's `- ` items (and their indented
    sub-items) sorted; the header, chart names and what follows stay."""
    lines, out, items = err.split("\n"), [], []
    def flush():
        out.extend(line for item in sorted(items) for line in item)
        items.clear()
    for line in lines:
        if line.startswith("- "):
            items.append([line])
        elif line.startswith("  ") and items:
            items[-1].append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)

cases = yaml.safe_load(open(CASES))
names = [c["name"] for c in cases]
dupes = {n for n in names if names.count(n) > 1}
if dupes:
    sys.exit(f"duplicate case names: {sorted(dupes)}")

shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
       "HELM_CONFIG_HOME": "/nonexistent/config", "HELM_CACHE_HOME": "/nonexistent/cache",
       "HELM_DATA_HOME": "/nonexistent/data", "LANG": "C.UTF-8", "TZ": "UTC"}
problems = []
with tempfile.TemporaryDirectory() as tmp:
    for case in cases:
        chart = os.path.join(tmp, case["name"])
        write_chart(chart, "schemacase", case)
        if case.get("sub"):
            write_chart(os.path.join(chart, "charts", "sub"), "sub", case["sub"])
        args = ["template", "schemacase", chart]
        for s in case.get("set", []) or []:
            args += ["--set", s]
        for s in case.get("setString", []) or []:
            args += ["--set-string", s]
        for tag, helm in HELMS.items():
            runs = [subprocess.run([helm] + args, capture_output=True, env=env)
                    for _ in range(1 if case.get("unordered") else 3)]
            p = runs[0]
            if any((r.returncode, r.stdout, r.stderr) != (p.returncode, p.stdout, p.stderr)
                   for r in runs):
                problems.append(f"{case['name']} ({tag}): output varies; mark it unordered")
            stem = os.path.join(OUT, f"{case['name']}.{tag}")
            if p.returncode == 0:
                open(stem + ".yaml", "wb").write(p.stdout)
            else:
                err = p.stderr.decode()
                if case.get("unordered"):
                    err = sort_items(err)
                open(stem + ".err", "w").write(err)
print(f"recorded {len(cases)} cases x {len(HELMS)} helm versions into {OUT}")
for p in problems:
    print("record-schema-goldens:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
