#!/usr/bin/env bash
# Lists which template functions real Helm 3 and Helm 4 define, so
# COMPATIBILITY.md's table is reproducible rather than remembered.
#
# Go's text/template rejects an unknown function name at parse time with
# `function "NAME" not defined`, before anything runs. So for each candidate
# name we render a one-line chart whose template is `{{ $x := NAME }}`: if the
# error says the function is not defined, Helm lacks it; any other outcome
# (success, or a wrong-argument-count error at execution) means Helm has it.
#
# Candidates are the union of Go's text/template builtins, Sprig v3's
# function names, Helm's own additions (pkg/engine/funcs.go), and a few
# variants that only some versions have; names that neither binary defines
# are dropped from the output. Extra candidates may be passed as arguments.
#
# Output (stdout), one line per name defined by at least one Helm:
#   NAME<TAB>helm3:yes|no<TAB>helm4:yes|no<TAB>ours:yes|no
# "ours" asks the deltallm-render binary (target/release or target/debug, or
# $DELTALLM_RENDER) with the same probe, if one is built.
#
# Usage: scripts/list-helm-functions.sh [extra-name ...] > functions.tsv
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -x "$root/.tools/helm3/helm" ] && [ -x "$root/.tools/helm4/helm" ] || bash "$root/scripts/install-tools.sh"

builtins="and call html index slice js len not or print printf println urlquery eq ge gt le lt ne"
sprig="hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound
htmlDate htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch
abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll
trimSuffix trimPrefix nospace initials randAlphaNum randAlpha randAscii randNumeric
swapcase shuffle snakecase camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix
quote squote cat indent nindent replace plural sha1sum sha256sum sha512sum adler32sum
toString atoi int64 int float64 seq toDecimal split splitList splitn toStrings until
untilStep add1 add sub div mod mul randInt add1f addf subf divf mulf biggest max min
maxf minf ceil floor round join sortAlpha default empty coalesce all any compact
mustCompact fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson
mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy typeOf typeIs typeIsLike
kindOf kindIs deepEqual env expandenv getHostByName base dir clean ext isAbs osBase
osClean osDir osExt osIsAbs b64enc b64dec b32enc b32dec tuple list dict get set unset
hasKey pluck keys pick omit merge mergeOverwrite mustMerge mustMergeOverwrite values
append push mustAppend mustPush prepend mustPrepend first mustFirst rest mustRest last
mustLast initial mustInitial reverse mustReverse uniq mustUniq without mustWithout has
mustHas slice mustSlice concat dig chunk mustChunk bcrypt htpasswd genPrivateKey
derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert
genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES
randBytes uuidv4 semver semverCompare fail regexMatch mustRegexMatch regexFindAll
mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll
regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit
regexQuoteMeta urlParse urlJoin"
helm="toToml fromToml toYaml toYamlPretty fromYaml fromYamlArray fromJsonArray include
tpl required lookup mustToYaml mustFromYaml mustToToml mustFromToml mustToJson
mustFromJson mustFromYamlArray mustFromJsonArray mustToYamlPretty"

ours=""
for b in "${DELTALLM_RENDER:-}" "$root/target/release/deltallm-render" "$root/target/debug/deltallm-render"; do
    if [ -n "$b" ] && [ -x "$b" ]; then ours="$b"; break; fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# probe BINARY NAME: prints yes if BINARY's template engine defines NAME.
probe() {
    local dir="$work/$2-$(basename "$(dirname "$1")")-$RANDOM"
    mkdir -p "$dir/c/templates"
    printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' >"$dir/c/Chart.yaml"
    printf '{{ $x := %s }}' "$2" >"$dir/c/templates/t.yaml"
    local out
    out="$("$1" template "$dir/c" 2>&1 || true)"
    if grep -qE "function \"$2\" (not defined|is not supported)" <<<"$out"; then
        echo no
    else
        echo yes
    fi
}

names="$(printf '%s\n' $builtins $sprig $helm "$@" | sort -u)"
for name in $names; do
    h3="$(probe "$root/.tools/helm3/helm" "$name")"
    h4="$(probe "$root/.tools/helm4/helm" "$name")"
    [ "$h3" = no ] && [ "$h4" = no ] && continue
    o="-"
    [ -n "$ours" ] && o="$(probe "$ours" "$name")"
    printf '%s\thelm3:%s\thelm4:%s\tours:%s\n' "$name" "$h3" "$h4" "$o"
done
