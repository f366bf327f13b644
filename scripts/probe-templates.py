#!/usr/bin/env python3
"""Random differential probe: generates small charts whose one template
mixes Go template constructs, Sprig functions and values of every type at
random, renders each with real Helm and with deltallm-render, and lists the
cases whose output or error differs. It finds bugs the hand-written
corpora miss; each one found becomes a recorded case there (its goldens
then come from the recorders, never from this script).

By default arguments have the types the functions expect and every value
is printed as a JSON string, so most renders succeed and their bytes are
compared; --wild mixes any argument into any function (mostly errors).

Usage: scripts/probe-templates.py [--helm3] [--wild] [--first N] [--count N] [--keep DIR]
Needs the oracle (scripts/install-tools.sh) and a release build.
"""
import argparse, difflib, os, random, re, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

VALUES = """\
name: demo
count: 3
ratio: 1.5
big: 100000000
huge: 12345678901234567890
neg: -7
zero: 0
flag: true
off: false
empty: ""
nothing: null
text: "Hello, World"
multi: "line1\\nline2"
quoted: 'it''s "q"'
uni: "héllo ✓"
list: [a, b, c]
nums: [3, 1, 2]
mixed: [1, "two", 3.5, true, null]
emptyList: []
emptyMap: {}
map:
  b: 2
  a: 1
  c: {d: [1, 2], e: x}
nested:
  inner:
    deep: value
    num: 42
ports:
  - name: http
    port: 80
  - name: https
    port: 443
"""
PATHS = ["name","count","ratio","big","huge","neg","zero","flag","off","empty","nothing","text","multi","quoted","uni","list","nums","mixed","emptyList","emptyMap","map","map.c","map.c.d","nested.inner","nested.inner.deep","nested.inner.num","ports","missing","map.missing","nested.inner.missing"]
STRLITS = ['"x"', '"hello world"', '""', '"a,b,c"', '"%v"', '"Ünï"', '`raw\\n`', '"tab\\tnl\\n"', '"1.5"', '"42"', '"true"']
NUMLITS = ['0', '1', '3', '-2', '1.5', '1e3', '0x1F', '07', '2.0', '100000000']
F1 = ["quote","squote","upper","lower","title","toString","toYaml","toJson","len","trim","b64enc","sha256sum","kindOf","typeOf","empty","not","first","last","keys","sortAlpha","uniq","toStrings","int","int64","float64","atoi","lower","trimAll \"-\"","indent 2","nindent 4","trunc 3","default \"dflt\"","toPrettyJson","compact","reverse","initial","rest","abbrev 5","camelcase","snakecase","kebabcase","upper","repeat 2","nospace","plural \"one\" \"many\"","b32enc","fromYaml","fromJson","toRawJson","ceil","floor","round","mustToJson","values","list","deepCopy","sortAlpha","join \",\""]
F2 = ["add","sub","mul","div","mod","max","min","eq","ne","lt","le","gt","ge","and","or","default","coalesce","hasPrefix","hasSuffix","contains","list","cat","print","ternary_","index","hasKey","get","pluck","without","has","append","prepend","concat","merge","dict","splitList","regexMatch","semverCompare","until","printf \"%v-%v\"","printf \"%d %s\"","printf \"%q %x\"","printf \"%5.2f|%-4s|\"","printf \"%T %T\"","join","trimPrefix","trimSuffix","repeat","addf","subf","mulf","divf","round","urlquery","println","replace \"a\"","splitn \",\"","substr 1","dig \"x\"","set_","unset_","omit","pick","mustRegexFind","regexFindAll_","seq","untilStep 0"]
def val(d=0):
    r = random.random()
    if r < 0.45: return "." + "Values." + random.choice(PATHS) if random.random()<0.7 else "$.Values." + random.choice(PATHS)
    if r < 0.6: return random.choice(STRLITS)
    if r < 0.75: return random.choice(NUMLITS)
    if r < 0.8: return random.choice(["true","false","nil"])
    if d < 2: return "(" + expr(d+1) + ")"
    return random.choice(STRLITS)
def expr(d=0):
    r = random.random()
    if r < 0.25 or d > 2: return val(d)
    if r < 0.55:
        f = random.choice(F1)
        return f"{f} {val(d+1)}"
    if r < 0.85:
        f = random.choice(F2)
        if f == "ternary_": return f"ternary {val(d+1)} {val(d+1)} {val(d+1)}"
        if f == "set_": return f"set (dict \"k\" 1) \"j\" {val(d+1)}"
        if f == "unset_": return f"unset (dict \"k\" 1) {val(d+1)}"
        if f == "regexFindAll_": return f"regexFindAll \"[a-z]+\" {val(d+1)} -1"
        return f"{f} {val(d+1)} {val(d+1)}"
    # pipeline
    return f"{val(d+1)} | {random.choice(F1)}"
def stmt(d=0, vars_=()):
    r = random.random()
    vs = list(vars_)
    if r < 0.4: return "{{ " + expr() + " }}\n"
    if r < 0.5 and d < 2:
        return "{{- if " + expr() + " }}\nyes: " + stmt(d+1, vars_) + "{{- else if " + expr() + " }}\nelif\n{{- else }}\nno\n{{- end }}\n"
    if r < 0.62 and d < 2:
        src = random.choice([".Values.list", ".Values.nums", ".Values.map", ".Values.ports", ".Values.mixed", ".Values.emptyList", ".Values.nothing", ".Values.map.c", ".Values.count", "(until 3)", ".Values.name", "(dict \"z\" 1 \"a\" 2)"])
        return "{{- range $i, $e := " + src + " }}\n- {{ $i }}: {{ $e" + random.choice(["", " | toJson", " | quote", " | typeOf"]) + " }}\n" + (stmt(d+1, vars_ + ("$e",)) if random.random()<0.3 else "") + "{{- else }}\nnone\n{{- end }}\n"
    if r < 0.7 and d < 2:
        return "{{- with " + expr() + " }}\nwith: {{ . }}\n{{- else }}\nwithout\n{{- end }}\n"
    if r < 0.8:
        return "{{- $v := " + expr() + " }}\nv: {{ $v }}\n{{- $v = " + expr() + " }}\nv2: {{ $v | toJson }}\n"
    if r < 0.9:
        return "{{ include \"h\" " + val() + " }}\n"
    return "{{ tpl " + random.choice(['"{{ .Values.name }}"', '"{{ . }}"', '(toYaml .Values.map)', '"{{ .Values.count | add 1 }}"']) + " " + random.choice(["$", ".", "(dict \"Values\" .Values)"]) + " }}\n"
def write_chart(out, body):
    """A chart `c` with the probe's values, a helper define and `body`."""
    os.makedirs(f"{out}/templates", exist_ok=True)
    open(f"{out}/Chart.yaml", "w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    open(f"{out}/values.yaml", "w").write(VALUES)
    open(f"{out}/templates/_h.tpl", "w").write('{{- define "h" -}}\nh: {{ . | toJson }} {{ typeOf . }}\n{{- end -}}\n')
    open(f"{out}/templates/t.yaml", "w").write(body)

def case(seed, out):
    random.seed(seed)
    write_chart(out, "".join(stmt() for _ in range(random.randint(1, 4))))


# --- typed mode: arguments of the types functions expect, outputs kept as
# valid YAML (each printed value as a JSON string), so that mostly
# successful renders are compared, byte for byte.
TYPED = {
    "S": ['"x"', '"Hello World"', '""', '"a,b,c"', '"ünï ✓"', '"tab\\there"', '"  pad  "', '"1.5"', '"42"', '"true"', '"CamelCase_word-x"',
          ".Values.name", ".Values.text", ".Values.multi", ".Values.uni", ".Values.quoted", ".Values.empty",
          "upper {S}", "lower {S}", "title {S}", "trim {S}", "quote {A}", "squote {A}", "printf \"%v|%s|%d\" {A} {S} {N}",
          "printf \"%q %x %5.2f %-6v|\" {S} {S} {N} {A}", "printf \"%T %#v %+v\" {A} {A} {A}", "toString {A}", "toYaml {A}", "toJson {A}", "toPrettyJson {A}",
          "toRawJson {A}", "join \",\" {L}", "replace \"a\" \"b\" {S}", "trunc {I} {S}", "indent {I} {S}", "nindent {I} {S}",
          "b64enc {S}", "sha256sum {S}", "cat {A} {A}", "print {A} {A}", "println {A}", "repeat 2 {S}", "substr 1 3 {S}",
          "abbrev 5 {S}", "camelcase {S}", "snakecase {S}", "kebabcase {S}", "nospace {S}", "trimSuffix \"d\" {S}",
          "trimPrefix \"H\" {S}", "default \"dflt\" {A}", "typeOf {A}", "kindOf {A}", "ternary {S} {S} {B}", "wrap 5 {S}",
          "initials {S}", "swapcase {S}", "shuffle_", "toString (add {N} {N})", "b32enc {S}", "sha1sum {S}", "adler32sum {S}",
          "htmlDate_", "urlquery {S}", "html {S}", "js {S}", "semver_", "toToml (dict \"a\" {A})", "trimAll \"x\" {S}",
          "plural \"one\" \"many\" {I}", "regexReplaceAll \"[aeiou]\" {S} \"_\"", "regexFind \"[0-9]+\" {S}", "include \"h\" {A}",
          "tpl \"{{ .Values.name }}-{{ len .Values.list }}\" $", "base {S}", "dir {S}", "clean {S}", "ext \"a.b.yaml\"", "quote (get {M} \"a\")"],
    "N": ["0", "1", "3", "-2", "1.5", "1e3", "0x1F", "2.0", "100000000", ".Values.count", ".Values.ratio", ".Values.big", ".Values.neg",
          ".Values.zero", ".Values.huge", "add {N} {N}", "sub {N} {N}", "mul {N} {N}", "div {N} 3", "mod {I} 4", "max {N} {N} {N}",
          "min {N} {N}", "len {S}", "len {L}", "len {M}", "int {A}", "int64 {A}", "float64 {A}", "atoi {S}", "add1 {N}", "addf {N} {N}",
          "mulf {N} {N}", "divf {N} 4", "subf {N} {N}", "floor {N}", "ceil {N}", "round {N} 2", "maxf {N} {N}", "minf {N} {N}"],
    "I": ["0", "1", "3", "-1", "2", "10", "len {S}", "len {L}", "int {N}", "add 1 2"],
    "L": [".Values.list", ".Values.nums", ".Values.mixed", ".Values.emptyList", ".Values.ports", "list {A} {A}", "list",
          "splitList \",\" {S}", "sortAlpha {L}", "uniq {L}", "reverse {L}", "append {L} {A}", "prepend {L} {A}", "concat {L} {L}",
          "sortAlpha (keys {M})", "values (dict \"a\" {A})", "until {I}", "compact {L}", "rest {L}", "initial {L}", "without {L} {A}", "toStrings {L}",
          "regexFindAll \"[a-z]+\" {S} -1", "list (splitn \",\" 2 {S})._0", "seq 3", "untilStep 0 10 3", "pluck \"a\" {M} {M}", "chunk 2 {L}", "deepCopy {L}", "mustCompact {L}"],
    "M": [".Values.map", ".Values.nested", ".Values.emptyMap", ".Values.map.c", "dict \"a\" {A} \"b\" {A}", "dict",
          "merge (dict \"a\" 1) {M}", "mergeOverwrite (dict \"a\" 1 \"z\" 2) {M}", "omit {M} \"a\"", "pick {M} \"a\" \"c\"",
          "set (dict \"k\" 1) \"j\" {A}", "deepCopy {M}", "fromYaml \"a: 1\\nb: [x, y]\"", "fromJson \"{\\\"k\\\": [1, 2.5, null]}\"", "dig \"c\" \"e\" \"none\" .Values.map | dict \"v\"",
          "splitn \",\" 2 {S}", "semver \"1.2.3-rc.1+b5\" | toJson | fromJson"],
    "B": ["true", "false", ".Values.flag", ".Values.off", "eq {A} {A}", "ne {S} {S}", "lt {N} {N}", "gt {N} {N}", "le {I} {I}",
          "has {A} {L}", "hasKey {M} {S}", "hasPrefix {S} {S}", "contains {S} {S}", "empty {A}", "not {A}", "and {A} {A}", "or {A} {A}",
          "kindIs \"string\" {A}", "regexMatch \"^[a-z]+$\" {S}", "semverCompare \">=1.2\" \"1.10.0\"", "eq {N} {N}", "deepEqual {A} {A}", "typeIs \"int\" {A}", "all {A} {A}", "any {A} {A}"],
}
TYPED["A"] = []
HOLE = re.compile(r"\{([SNILMBA])\}")
SPECIAL = {
    "shuffle_": 'upper "abc"',
    "htmlDate_": 'htmlDate "2024-01-02T03:04:05Z"',
    "semver_": '(semver "1.2.3").Major | toString',
}

def typed(t, d=0):
    if t == "A":
        t = random.choice("SNLMBI")
    forms = TYPED[t]
    simple = [f for f in forms if not HOLE.search(f)]
    form = random.choice(simple if d >= 3 else forms)
    form = SPECIAL.get(form, form)
    return HOLE.sub(lambda m: "(" + typed(m.group(1), d + 1) + ")", form)

def printed(e):
    return "{{ print (" + e + ") | toJson }}"

def typed_stmt(k, d=0):
    r = random.random()
    key = f"k{k}"
    if r < 0.45:
        return f"{key}: " + printed(typed("A")) + "\n"
    if r < 0.6 and d < 2:
        return ("{{- if " + typed("A") + " }}\n" + typed_stmt(k, d + 1) + "{{- else if " + typed("B") + " }}\n" + key + ": elif\n"
                "{{- else }}\n" + key + ": no\n{{- end }}\n")
    if r < 0.75 and d < 2:
        src = typed(random.choice("LLLM"))
        body = random.choice(["{{ print $i \"=\" $e | toJson }}", "{{ printf \"%v/%T\" $e $e | toJson }}", "{{ $e | toJson | toJson }}", "{{ typeOf $ | toJson }}"])
        return (f"{key}:\n" + "{{- range $i, $e := " + src + " }}\n  - " + body + "\n{{- else }}\n  - none\n{{- end }}\n")
    if r < 0.85 and d < 2:
        return ("{{- with " + typed("A") + " }}\n" + key + ": {{ print . | toJson }}\n{{- else }}\n" + key + ": without\n{{- end }}\n")
    return ("{{- $v := " + typed("A") + " }}\n{{- $v = " + typed("A") + " }}\n" + key + ": {{ print $v | toJson }}\n")

def typed_case(seed, out):
    random.seed(seed)
    write_chart(out, "".join(typed_stmt(k) for k in range(random.randint(2, 6))))

def error_text(stderr):
    """Helm's `Error: ` line and the lines continuing it."""
    lines, on = [], False
    for line in stderr.splitlines():
        on = on or line.startswith("Error: ")
        if on and not line:
            break
        if on:
            lines.append(line)
    return "\n".join(lines)

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, error_text(p.stderr)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--helm3", action="store_true")
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--keep", help="keep the generated charts here")
    ap.add_argument("--wild", action="store_true", help="untyped arguments: mostly error paths")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    ours = [os.path.join(target, "release", "deltallm-render"), "template", "r"]
    helm = [os.path.join(root, ".tools", "helm3" if args.helm3 else "helm4", "helm"), "template", "r"]
    flags = ["--helm3"] if args.helm3 else []
    work = args.keep or tempfile.mkdtemp()
    def probe(seed):
        chart = os.path.join(work, f"c{seed}")
        (case if args.wild else typed_case)(seed, chart)
        want = run(helm + [chart])
        got = run(ours + [chart, "--no-checksums"] + flags)
        return seed, want == got, want, got
    differ = 0
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for seed, same, want, got in pool.map(probe, range(args.first, args.first + args.count)):
            if not same:
                differ += 1
                print(f"== c{seed} differs (exit {want[0]} in Helm, {got[0]} here)")
                lines = lambda r: (r[1] + r[2]).splitlines()
                diff = difflib.unified_diff(lines(want), lines(got), "helm", "ours", n=0, lineterm="")
                print("\n".join(list(diff)[2:14]))
    print(f"{args.count - differ} of {args.count} cases identical")
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if differ else 0)

if __name__ == "__main__":
    main()
