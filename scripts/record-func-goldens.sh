#!/usr/bin/env bash
# Records what real Helm renders for every function snippet, so tests/funcs.rs
# can compare our engine with Helm byte for byte.
#
# Input: tests/func-cases/<family>.txt, one template snippet per line ('#'
# lines and blank lines are skipped), rendered against
# tests/func-cases/values.yaml plus the flags in tests/func-cases/set-flags
# (one argument per line; that is how Go int64 values get into .Values).
#
# Each snippet gets its own throw-away chart `c` whose only template
# c/templates/t.yaml is the snippet followed by MARK (\x01). Helm rejects the
# control character when it parses the manifest, which is what makes it show
# the raw rendered text (with --debug) instead of a re-serialised, trimmed
# document: the output is the exact bytes before MARK. A snippet that fails
# fails before that, and Helm's error text is recorded instead. The test
# renders the same source (snippet + MARK), so error positions agree.
#
# Output: tests/goldens/funcs/<family>.helm3.out and .helm4.out, one line per
# snippet: `SNIPPET<TAB>OK|ERR<TAB>TEXT`, where SNIPPET and TEXT escape
# backslash, tab, newline, carriage return and other control bytes (\xNN).
# ERR text is Helm's message without the `Error: ` prefix and without the
# `Use --debug flag` hint. Also writes values.json: a typed dump of .Values
# as Helm holds it, from which the test rebuilds the values.
#
# Usage: scripts/record-func-goldens.sh [family ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
exec python3 - "$root" "$@" <<'PY'
import concurrent.futures, json, os, pathlib, shutil, subprocess, sys, tempfile

root = pathlib.Path(sys.argv[1])
cases_dir = root / "tests/func-cases"
out_dir = root / "tests/goldens/funcs"
out_dir.mkdir(parents=True, exist_ok=True)
families = sys.argv[2:] or sorted(p.stem for p in cases_dir.glob("*.txt") if p.stem != "known-divergences")
helms = {v: str(root / f".tools/{v}/helm") for v in ("helm3", "helm4")}
flags = [l for l in (cases_dir / "set-flags").read_text().splitlines() if l.strip()]
values = (cases_dir / "values.yaml").read_bytes()
MARK = b"\x01"
HEADER = b"# Source: c/templates/t.yaml\n"
HINT = "\n\nUse --debug flag to render out invalid YAML"
work = pathlib.Path(tempfile.mkdtemp())

def escape(data: bytes) -> str:
    out = []
    for b in data.decode("utf-8", "surrogateescape"):
        o = ord(b)
        if b == "\\": out.append("\\\\")
        elif b == "\n": out.append("\\n")
        elif b == "\t": out.append("\\t")
        elif b == "\r": out.append("\\r")
        elif o < 0x20 or o == 0x7f: out.append("\\x%02x" % o)
        elif 0xdc80 <= o <= 0xdcff: out.append("\\x%02x" % (o - 0xdc00))
        else: out.append(b)
    return "".join(out)

def chart(name: str, template: bytes) -> pathlib.Path:
    d = work / name
    (d / "c/templates").mkdir(parents=True)
    (d / "c/Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (d / "c/values.yaml").write_bytes(values)
    (d / "c/templates/t.yaml").write_bytes(template)
    return d / "c"

def render(helm: str, c: pathlib.Path, debug: bool):
    args = [helm, "template", str(c), *flags] + (["--debug"] if debug else [])
    return subprocess.run(args, capture_output=True, cwd=work)

def record(helm: str, c: pathlib.Path) -> tuple[str, bytes]:
    r = render(helm, c, False)
    err = r.stderr.decode("utf-8", "surrogateescape")
    if r.returncode == 0 or not err.startswith("Error: "):
        return "BAD", r.stdout + r.stderr
    err = err[len("Error: "):].removesuffix("\n").removesuffix(HINT)
    if not err.startswith("YAML parse error on c/templates/t.yaml"):
        return "ERR", err.encode("utf-8", "surrogateescape")
    out = render(helm, c, True).stdout
    start = out.index(HEADER) + len(HEADER)
    return "OK", out[start:out.rindex(MARK)]

def run_case(job):
    name, snippet = job
    c = chart(name, snippet.encode() + MARK)
    return {v: record(h, c) for v, h in helms.items()}

jobs = []
for fam in families:
    lines = (cases_dir / f"{fam}.txt").read_text().splitlines()
    snippets = [l for l in lines if l.strip() and not l.startswith("#")]
    jobs += [(f"{fam}-{i}", s) for i, s in enumerate(snippets)]
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() * 2) as pool:
    results = dict(zip((j[0] for j in jobs), pool.map(run_case, jobs)))
for fam in families:
    for v in helms:
        rows = []
        for name, snippet in jobs:
            if name.rsplit("-", 1)[0] != fam: continue
            status, text = results[name][v]
            rows.append(f"{escape(snippet.encode())}\t{status}\t{escape(text)}\n")
        (out_dir / f"{fam}.{v}.out").write_text("".join(rows))
    print(f"{fam}: {sum(1 for n, _ in jobs if n.rsplit('-', 1)[0] == fam)} cases")

# A typed dump of .Values: {"t": typeOf, "v": %v} for leaves, {"l": [...]} for
# lists, {"m": {...}} for maps. %v of a float64 is Go's shortest round-trip form.
DUMP = rb"""{{- define "dump" -}}
{{- if kindIs "map" . -}}{"m":{ {{- range $i, $k := keys . | sortAlpha }}{{ if $i }},{{ end }}{{ toJson $k }}:{{ include "dump" (get $ $k) }}{{ end -}} }}
{{- else if kindIs "slice" . -}}{"l":[{{ range $i, $e := . }}{{ if $i }},{{ end }}{{ include "dump" $e }}{{ end }}]}
{{- else -}}{"t":{{ typeOf . | toJson }},"v":{{ toString . | toJson }}}
{{- end -}}
{{- end -}}
{{ include "dump" .Values }}"""
c = chart("values-dump", DUMP + MARK)
status, text = record(helms["helm3"], c)
assert status == "OK", text
(out_dir / "values.json").write_text(json.dumps(json.loads(text), indent=1) + "\n")
shutil.rmtree(work)
PY
