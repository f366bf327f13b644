#!/usr/bin/env bash
# Records what real Helm prints for toYaml / toJson / toPrettyJson / toRawJson /
# toToml, so tests/emit.rs can compare src/values/emit byte for byte.
#
# For every case tests/emit-cases/<name>.yaml (a values file whose `v` is the
# value under test) a throw-away chart is rendered by helm 3 and helm 4 into
# tests/goldens/emit/<name>.helm3.out / .helm4.out (JSON, see below).
# Optional sidecars:
#   <name>.args  extra helm flags, one per line (e.g. `--set` then `v.n=1`):
#                how Go int64 values (`--set`) and strings (`--set-string`) get in
#   <name>.expr  a template expression used instead of `.Values.v`, for values a
#                values file cannot carry (NaN, +Inf, -0)
# Cases named err-*: the must* variants are also rendered one by one and the
# error text after "error calling <fn>: " is stored (false if it rendered, null
# if that Helm lacks the function; toRawJson panics on error, so for err-*
# cases it is only rendered that way).
#
# Each .out file holds {"dump", "whole", "entries", "errors"}: `dump` is the
# value as Helm holds it, typed (typeOf per leaf), so the test rebuilds the exact
# Value without a YAML reader; `whole` maps each function to its output for the
# value; `entries` repeats that for every entry of a map value (root-scalar
# context); `errors` maps must* functions to their error text.
#
# tests/emit-cases/_floats.txt lists float64 template expressions, one a line;
# tests/goldens/emit/_floats.helm{3,4}.out maps each to Go's printf of it in
# the formats named in FLOAT_FORMATS (strconv.FormatFloat underneath).
#
# Usage: scripts/record-emit-goldens.sh [case-name ...]  (`_floats` for floats)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/emit-cases"
out="$root/tests/goldens/emit"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chart="$work/probe"
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: probe\nversion: 0.1.0\n' >"$chart/Chart.yaml"

# A typed dump of any value: maps {"m":[[key,dump]...]}, lists {"l":[...]},
# leaves {"t":typeOf,"v":string form}. Floats print with %v (Go's shortest
# round-trip form), so they parse back to the exact float64.
cat >"$chart/templates/_dump.tpl" <<'TPL'
{{- define "dump" -}}
{{- if kindIs "map" . -}}
{"m":[{{ $first := true }}{{ range $k, $e := . }}{{ if not $first }},{{ end }}{{ $first = false }}[{{ toJson $k }},{{ include "dump" $e }}]{{ end }}]}
{{- else if kindIs "slice" . -}}
{"l":[{{ range $i, $e := . }}{{ if $i }},{{ end }}{{ include "dump" $e }}{{ end }}]}
{{- else if kindIs "string" . -}}
{"t":"string","v":{{ toJson . }}}
{{- else -}}
{"t":{{ typeOf . | toJson }},"v":{{ toString . | toJson }}}
{{- end -}}
{{- end -}}
TPL

fns="toYaml toJson toPrettyJson toRawJson toToml"
probe() { # expr fns...
  local expr="$1"; shift
  {
    echo "{{- \$v := $expr }}"
    echo '# EMIT dump - {{ include "dump" $v | b64enc }}'
    for fn in "$@"; do echo "# EMIT whole $fn {{ if or (ne \"$fn\" \"toToml\") (ne (kindOf \$v) \"invalid\") }}{{ $fn \$v | b64enc }}{{ else }}-{{ end }}"; done
    echo '{{- if kindIs "map" $v }}{{ range $k, $e := $v }}'
    for fn in "$@"; do echo "# EMIT {{ \$k | b64enc }} $fn {{ if or (ne \"$fn\" \"toToml\") (ne (kindOf \$e) \"invalid\") }}{{ $fn \$e | b64enc }}{{ else }}-{{ end }}"; done
    echo '{{- end }}{{ end }}'
  } >"$chart/templates/probe.yaml"
}

decode() { # helm-stdout-file must-dir -> golden JSON on stdout
  python3 - "$1" "$2" <<'PY'
import base64, json, os, sys
res = {"dump": None, "whole": {}, "entries": [], "errors": {}}
entries = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("# EMIT "):
        continue
    parts = line.rstrip("\n").split(" ")
    sect, fn, data = parts[2], parts[3], parts[4] if len(parts) > 4 else ""
    if data == "-":  # toToml of nil panics in Helm: not rendered
        continue
    text = base64.b64decode(data).decode("utf-8")
    if sect == "dump":
        res["dump"] = json.loads(text)
    elif sect == "whole":
        res["whole"][fn] = text
    else:
        key = base64.b64decode(sect).decode("utf-8")
        if key not in entries:
            entries[key] = {}
            res["entries"].append([key, entries[key]])
        entries[key][fn] = text
mdir = sys.argv[2]
for fn in sorted(os.listdir(mdir)) if os.path.isdir(mdir) else []:
    err = open(os.path.join(mdir, fn), encoding="utf-8").read()
    marker = "error calling %s: " % fn
    i = err.find(marker)
    if i >= 0:
        res["errors"][fn] = err[i + len(marker):].split("\n")[0]
    elif ('function "%s" not defined' % fn) in err:
        res["errors"][fn] = None  # this Helm has no such function
    elif err == "ok\n":
        res["errors"][fn] = False  # rendered fine
    else:
        sys.exit("%s: unexpected helm failure: %s" % (fn, err))
json.dump(res, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
sys.stdout.write("\n")
PY
}

FLOAT_FORMATS="%v %e %.3e %.0e %f %.2f %.0f %g %.3g %.1g %.17g"
if [ $# -eq 0 ] || [[ " $* " == *" _floats "* ]]; then
  {
    i=0
    while IFS= read -r x; do
      for fmt in $FLOAT_FORMATS; do
        echo "# EMIT float$i $fmt {{ printf \"$fmt\" $x | b64enc }}"
      done
      i=$((i + 1))
    done <"$cases/_floats.txt"
  } >"$chart/templates/probe.yaml"
  for h in 3 4; do
    "$root/.tools/helm$h/helm" template r "$chart" | python3 -c '
import base64, json, sys
rows = {}
for line in sys.stdin:
    if line.startswith("# EMIT "):
        _, _, idx, fmt, data = line.rstrip("\n").split(" ")
        rows.setdefault(int(idx[5:]), {})[fmt] = base64.b64decode(data).decode()
json.dump([rows[i] for i in sorted(rows)], sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")' >"$out/_floats.helm$h.out"
  done
  echo "recorded _floats"
fi

for f in "$cases"/*.yaml; do
  name="$(basename "$f" .yaml)"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  expr=".Values.v"
  [ -f "$cases/$name.expr" ] && expr="$(cat "$cases/$name.expr")"
  args=()
  [ -f "$cases/$name.args" ] && mapfile -t args <"$cases/$name.args"
  for h in 3 4; do
    helm="$root/.tools/helm$h/helm"
    musts="$work/must"
    rm -rf "$musts"
    if [[ "$name" == err-* ]]; then
      mkdir -p "$musts"
      for fn in mustToYaml mustToJson mustToPrettyJson toRawJson; do
        probe "$expr" "$fn"
        if "$helm" template r "$chart" -f "$f" "${args[@]}" >/dev/null 2>"$musts/$fn"; then
          echo "ok" >"$musts/$fn"
        fi
      done
      probe "$expr" toYaml toJson toPrettyJson toToml
    else
      probe "$expr" $fns
    fi
    "$helm" template r "$chart" -f "$f" "${args[@]}" >"$work/stdout"
    decode "$work/stdout" "$musts" >"$out/$name.helm$h.out"
  done
  echo "recorded $name"
done
