#!/usr/bin/env bash
# Records what real `helm template` prints for every case under
# tests/release-cases/ into tests/goldens/release/<case>.helm{3,4}.out.
#
# Each case is a tiny chart whose templates are literal YAML (no template
# actions), plus an optional `flags` file: extra helm flags split on
# whitespace (no quoting, no globbing, backslashes kept; `@CASE@` stands
# for the case directory, e.g. for a post-renderer script kept there).
# Helm runs with the release name `r` (no NAME argument when the case has a
# `no-name` file) in an empty scratch directory, so `--output-dir out`
# writes below it and the printed paths are stable, and with HELM_PLUGINS
# pointing nowhere, so no installed plugin changes the outcome.
#
# Two things that change from run to run are normalised in the golden (the
# test normalises our output the same way): the case directory's absolute
# path becomes `@CASE@`, and the time stamps of Helm 3's `--debug` lines
# (`install.go:225: 2026-01-02 03:04:05.6 +0000 UTC m=+0.03 [debug] ...`,
# any `<file>.go:<line>:`) become `@TIME@`.
#
# Golden layout (every raw section is followed by one "\n" so that content
# without a trailing newline stays unambiguous):
#   ### stdout\n<stdout>\n### stderr\n<stderr>\n### exit <code>\n
#   then, for --output-dir, per file in byte order: ### file <path>\n<content>\n
#
# Usage: scripts/record-release-goldens.sh [case...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/release-cases"
goldens="$root/tests/goldens/release"
[ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
mkdir -p "$goldens"

record() { # case helm-major
  local name="$1" major="$2" scratch args=() release=(r) code
  scratch="$(mktemp -d)"
  if [ -f "$cases/$name/flags" ]; then
    read -r -a args < <(sed "s|@CASE@|$cases/$name|g" "$cases/$name/flags")
  fi
  if [ -f "$cases/$name/no-name" ]; then release=(); fi
  set +e
  (cd "$scratch" && HELM_PLUGINS=/nonexistent/helm-plugins \
    "$root/.tools/helm$major/helm" template "${release[@]}" "$cases/$name" "${args[@]}" \
    >"$scratch.stdout" 2>"$scratch.stderr")
  code=$?
  set -e
  {
    printf '### stdout\n'; cat "$scratch.stdout"; printf '\n'
    printf '### stderr\n'; cat "$scratch.stderr"; printf '\n'
    printf '### exit %s\n' "$code"
    (cd "$scratch" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) | while IFS= read -r f; do
      printf '### file %s\n' "$f"; cat "$scratch/$f"; printf '\n'
    done
  } | sed -E -e "s|$cases/$name|@CASE@|g" \
      -e 's/^([a-z_]+\.go:[0-9]+: )[0-9-]+ [0-9:.]+ [-+][0-9]+ [A-Za-z0-9+-]+ m=[-+][0-9.]+ /\1@TIME@ /' \
      > "$goldens/$name.helm$major.out"
  rm -rf "$scratch" "$scratch.stdout" "$scratch.stderr"
}

if [ "$#" -eq 0 ]; then
  set -- $(cd "$cases" && ls)
fi
for name in "$@"; do
  record "$name" 3
  record "$name" 4
done
echo "record-release-goldens: recorded $# cases into tests/goldens/release/"
