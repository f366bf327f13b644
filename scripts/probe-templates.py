#!/usr/bin/env python3
"""Random differential probe: generates small charts whose one template
mixes Go template constructs, Sprig functions and values of every type at
random, renders each with real Helm and with deltallm-render, and lists the
cases whose output or error differs. It finds bugs the hand-written
corpora miss; each one found becomes a recorded case there (its goldens
then come from the recorders, never from this script).

Usage: scripts/probe-templates.py [--helm3] [--first N] [--count N] [--keep DIR]
Needs the oracle (scripts/install-tools.sh) and a release build.
"""
import argparse, os, random, shutil, subprocess, sys, tempfile
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
def case(seed, out):
    random.seed(seed)
    os.makedirs(f"{out}/templates", exist_ok=True)
    open(f"{out}/Chart.yaml","w").write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    open(f"{out}/values.yaml","w").write(VALUES)
    open(f"{out}/templates/_h.tpl","w").write('{{- define "h" -}}\nh: {{ . | toJson }} {{ typeOf . }}\n{{- end -}}\n')
    body = "".join(stmt() for _ in range(random.randint(1,4)))
    open(f"{out}/templates/t.yaml","w").write(body)

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
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    ours = [os.path.join(target, "release", "deltallm-render"), "template", "r"]
    helm = [os.path.join(root, ".tools", "helm3" if args.helm3 else "helm4", "helm"), "template", "r"]
    flags = ["--helm3"] if args.helm3 else []
    work = args.keep or tempfile.mkdtemp()
    def probe(seed):
        chart = os.path.join(work, f"c{seed}")
        case(seed, chart)
        want = run(helm + [chart])
        got = run(ours + [chart, "--no-checksums"] + flags)
        return seed, want == got, want, got
    differ = 0
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for seed, same, want, got in pool.map(probe, range(args.first, args.first + args.count)):
            if not same:
                differ += 1
                print(f"== c{seed} differs\n-- helm: exit {want[0]}\n{want[2] or want[1][-400:]}\n-- ours: exit {got[0]}\n{got[2] or got[1][-400:]}")
    print(f"{args.count - differ} of {args.count} cases identical")
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if differ else 0)

if __name__ == "__main__":
    main()
