#!/usr/bin/env bash
# Records how real Helm reads `--kube-version`: for every line of
# tests/kube-version-cases/versions.txt, `helm template r CHART --kube-version V`
# for the probe chart (prints every field of .Capabilities.KubeVersion) and
# the constrained chart (Chart.yaml kubeVersion ">=1.2.3"), with helm 3 and
# helm 4, into tests/goldens/kube-version/helm{3,4}.out.
#
# Golden layout, per case: `### CHART |VERSION|`, `exit CODE`, then Helm's
# stdout, or its `Error: ` line without the --debug hint.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/kube-version-cases"
out="$root/tests/goldens/kube-version"
[ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"
mkdir -p "$out"
for major in 3 4; do
  {
    grep -v '^#' "$cases/versions.txt" | while IFS= read -r line; do
      version="${line#|}"; version="${version%|}"
      for chart in probe constrained; do
        echo "### $chart |$version|"
        set +e
        stdout="$(cd "$cases" && "$root/.tools/helm$major/helm" template r "$chart" --kube-version "$version" 2>/tmp/kube-version-stderr.$$)"
        code=$?
        set -e
        echo "exit $code"
        if [ "$code" -eq 0 ]; then printf '%s\n' "$stdout"; else grep '^Error: ' /tmp/kube-version-stderr.$$; fi
      done
    done
  } > "$out/helm$major.out"
done
rm -f /tmp/kube-version-stderr.$$
echo "record-kube-version-goldens: recorded $(grep -vc '^#' "$cases/versions.txt") versions into tests/goldens/kube-version/"
