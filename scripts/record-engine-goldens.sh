#!/usr/bin/env bash
# Records what real Helm renders for every tests/engine-cases/*.tpl: one
# template file (c/templates/t.yaml) in a chart named c, with
# tests/engine-cases/values.yaml as its values. The golden holds the
# rendered file's exact text or Helm's error. A \x01 is appended to every
# template: Helm then rejects the manifest as YAML and, under --debug, prints
# the rendered bytes untouched (not trimmed as a valid manifest would be).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/engine-cases"
out="$root/tests/goldens/engine"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/c/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' > "$work/c/Chart.yaml"
cp "$cases/values.yaml" "$work/c/values.yaml"
for v in 3 4; do
  helm="$root/.tools/helm$v/helm"
  for tpl in "$cases"/*.tpl; do
    name="$(basename "$tpl" .tpl)"
    { cat "$tpl"; printf '\001'; } > "$work/c/templates/t.yaml"
    # --debug prints the rendered files even when they are not valid YAML
    # (Helm then exits 1 after printing): rendering is what is tested here.
    "$helm" template "$work/c" --debug >"$work/stdout" 2>"$work/stderr" || true
    python3 - "$work/stdout" "$work/stderr" > "$out/$name.helm$v.out" <<'PY'
import sys
stdout = open(sys.argv[1], encoding="utf-8").read()
stderr = open(sys.argv[2], encoding="utf-8").read().splitlines()
head = "---\n# Source: c/templates/t.yaml\n"
tail = "\x01\n"
if stdout.startswith(head) and stdout.endswith(tail):
    sys.stdout.write("ok\n" + stdout[len(head):-len(tail)])
else:
    # Helm's error: the "Error: " line and, for helm 4, the lines that
    # continue it, up to the blank line or Helm's own debug log.
    i = next(i for i, l in enumerate(stderr) if l.startswith("Error: "))
    lines = [stderr[i]]
    for l in stderr[i + 1:]:
        if l == "" or l.startswith(("helm.go:", "level=", "Use --debug")):
            break
        lines.append(l)
    sys.stdout.write("error\n" + "\n".join(lines) + "\n")
PY
  done
done
