#!/usr/bin/env bash
# Checks the DeltaLLM chart against real Helm and the Kubernetes schemas:
#   1. helm lint (3.17 and 4.1) with the guide's two validation commands
#   2. kubernetes-validate --strict (k8s 1.25.0 and 1.35.0) over every rendered
#      golden; ServiceMonitor (a custom resource) is checked structurally
#   3. each refusal case's recorded error contains its expected message
#   4. behavioural assertions on the rendered objects
# Reads the goldens written by scripts/record-chart-goldens.sh.
# Prints "N passed, M failed" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .tools/helm3/helm ] && [ -x .tools/helm4/helm ] && [ -x .tools/venv/bin/kubernetes-validate ] \
  || bash scripts/install-tools.sh >&2
[ -n "$(ls tests/goldens/chart 2>/dev/null)" ] || bash scripts/record-chart-goldens.sh
exec .tools/venv/bin/python - "$@" <<'PY'
import base64, hashlib, os, re, subprocess, sys, tempfile, urllib.parse
import yaml

HELMS = {"helm3": ".tools/helm3/helm", "helm4": ".tools/helm4/helm"}
GOLD = "tests/goldens/chart"
KV = ".tools/venv/bin/kubernetes-validate"
K8S_VERSIONS = ["1.25.0", "1.35.0"]

passed, failed = 0, []

def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(name)
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))

cases = yaml.safe_load(open("tests/chart-cases/cases.yaml"))
render_cases = [c for c in cases if not c.get("expectError")]
refusal_cases = [c for c in cases if c.get("expectError")]

# --- 1. helm lint: the guide's "Validation" commands, adapted to ./chart ---
LINTS = {
    "lint-eval": ["-f", "profiles/eval.yaml",
                  "--set", "secret.values.masterKey=StrongMasterKey2026SecureValue99",
                  "--set", "secret.values.saltKey=unique-salt-2026"],
    "lint-production": ["-f", "profiles/production.yaml",
                        "--set", "secret.existingSecret=deltallm-app-secrets",
                        "--set", "runtime.database.existingSecret.name=deltallm-runtime-secrets",
                        "--set", "runtime.redis.existingSecret.name=deltallm-runtime-secrets",
                        "--set", "ingress.enabled=true",
                        "--set", "ingress.hosts[0].host=llm-gateway.example.com",
                        "--set", "ingress.hosts[0].paths[0].path=/",
                        "--set", "ingress.hosts[0].paths[0].pathType=Prefix"],
}
for tag, helm in HELMS.items():
    for name, args in LINTS.items():
        p = subprocess.run([helm, "lint", "./chart"] + args, capture_output=True, text=True)
        out = p.stdout + p.stderr
        check(f"{name} ({tag})", p.returncode == 0 and "[ERROR]" not in out, out.strip())

# --- load goldens ---
docs = {}  # (case, tag) -> list of objects
for c in render_cases:
    for tag in HELMS:
        path = f"{GOLD}/{c['name']}.{tag}.yaml"
        if not os.path.exists(path):
            check(f"golden exists {path}", False)
            continue
        try:
            objs = [d for d in yaml.safe_load_all(open(path)) if d]
        except yaml.YAMLError as e:
            check(f"golden parses {path}", False, str(e))
            continue
        check(f"golden parses {path}", bool(objs))
        docs[(c["name"], tag)] = objs

# --- 2. kubernetes-validate (strict) and ServiceMonitor structure ---
def sm_ok(o):
    spec = o.get("spec") or {}
    eps = spec.get("endpoints")
    return (o.get("apiVersion") == "monitoring.coreos.com/v1" and o.get("kind") == "ServiceMonitor"
            and bool((o.get("metadata") or {}).get("name"))
            and isinstance((spec.get("selector") or {}).get("matchLabels"), dict)
            and (spec["selector"]["matchLabels"])
            and isinstance(eps, list) and eps and all(isinstance(e, dict) and e.get("port") for e in eps))

with tempfile.TemporaryDirectory() as tmp:
    files = {}  # golden key -> list of files
    for (case, tag), objs in docs.items():
        for i, o in enumerate(objs):
            if o.get("kind") == "ServiceMonitor":
                check(f"ServiceMonitor structure {case}.{tag} {o.get('metadata', {}).get('name')}", sm_ok(o), str(o))
                continue
            f = os.path.join(tmp, f"{case}.{tag}.{i:02d}.{o.get('kind')}.yaml")
            with open(f, "w") as fh:
                yaml.safe_dump(o, fh)
            files.setdefault((case, tag), []).append(f)
    all_files = [f for fs in files.values() for f in fs]
    for ver in K8S_VERSIONS:
        p = subprocess.run([KV, "--strict", "--quiet", "-k", ver] + all_files, capture_output=True, text=True)
        out = p.stdout + p.stderr
        for (case, tag), fs in sorted(files.items()):
            bad = [l for l in out.splitlines() if any(os.path.basename(f) in l for f in fs)]
            check(f"kubernetes-validate --strict k8s {ver} {case}.{tag}", not bad, "\n".join(bad))
        if p.returncode != 0 and not any(os.path.basename(f) in out for f in all_files):
            check(f"kubernetes-validate k8s {ver} ran", False, out.strip())

# --- 3. refusals ---
for c in refusal_cases:
    for tag in HELMS:
        err = f"{GOLD}/{c['name']}.{tag}.err"
        text = open(err).read() if os.path.exists(err) else ""
        check(f"refusal {c['name']} ({tag})", c["expectError"] in text and not os.path.exists(f"{GOLD}/{c['name']}.{tag}.yaml"),
              f"expected {c['expectError']!r} in {err}: {text.strip()!r}")

# --- 4. behaviour ---
def objs(case, tag="helm3"):
    return docs.get((case, tag), [])

def find(case, kind, name=None, tag="helm3"):
    for o in objs(case, tag):
        if o["kind"] == kind and (name is None or o["metadata"]["name"] == name):
            return o
    return None

def all_of(case, kind, tag="helm3"):
    return [o for o in objs(case, tag) if o["kind"] == kind]

def cm_config(case, name):
    cm = find(case, "ConfigMap", name)
    return yaml.safe_load(cm["data"]["config.yaml"]) if cm else None

def secret_data(case, name):
    s = find(case, "Secret", name)
    return {k: base64.b64decode(v).decode() for k, v in (s or {}).get("data", {}).items()} if s else None

def pod_spec(o):
    if o["kind"] in ("Deployment", "StatefulSet", "Job"):
        return o["spec"]["template"]["spec"]
    return None

def containers(o):
    ps = pod_spec(o) or {}
    return (ps.get("initContainers") or []) + (ps.get("containers") or [])

def env_of(o, container=None):
    for c in containers(o):
        if container is None or c["name"] == container:
            return {e["name"]: e for e in c.get("env") or []}
    return {}

def behave(name, fn):
    try:
        ok = fn()
        check(name, ok is not False)
    except Exception as e:  # an assertion or a missing object
        check(name, False, f"{type(e).__name__}: {e}")

LOOPS = ["embeddings_batch_worker_enabled", "embeddings_batch_completion_outbox_enabled", "embeddings_batch_cleanup_enabled"]

def t_precedence():
    api, wk = cm_config("split-config-precedence", "deltallm"), cm_config("split-config-precedence", "deltallm-batch-worker")
    ga, gw = api["general_settings"], wk["general_settings"]
    assert ga["request_timeout"] == 60 and gw["request_timeout"] == 3600, (ga, gw)
    assert ga["cache_backend"] == "redis" and gw["cache_backend"] == "redis"
    assert ga["model_deployment_source"] == "db_only" and gw["model_deployment_source"] == "db_only"
    assert [m["model_name"] for m in api["model_list"]] == ["shared-model"] and wk["model_list"] == []
    assert ga["embeddings_batch_s3_region"] == "eu-west-1" == gw["embeddings_batch_s3_region"]
behave("config precedence: api.config / batchWorker.config over config (deep merge)", t_precedence)

def t_loops_default():
    ga = cm_config("split-workers-s3", "deltallm")["general_settings"]
    gw = cm_config("split-workers-s3", "deltallm-batch-worker")["general_settings"]
    assert all(ga[k] is False for k in LOOPS), ga
    assert all(gw[k] is True for k in LOOPS), gw
    assert gw["embeddings_batch_worker_concurrency"] == 2 and "embeddings_batch_worker_concurrency" not in ga
    assert ga["embeddings_batch_s3_bucket"] == "deltallm-batch-artifacts"
behave("split mode: API loops off, worker loops on", t_loops_default)

def t_loops_user():
    ga = cm_config("split-config-precedence", "deltallm")["general_settings"]
    gw = cm_config("split-config-precedence", "deltallm-batch-worker")["general_settings"]
    assert ga["embeddings_batch_worker_enabled"] is False and ga["embeddings_batch_cleanup_enabled"] is False
    assert ga["embeddings_batch_completion_outbox_enabled"] is True  # user set in api.config
    assert gw["embeddings_batch_worker_enabled"] is False  # user set in batchWorker.config
    assert gw["embeddings_batch_completion_outbox_enabled"] is True and gw["embeddings_batch_cleanup_enabled"] is True
behave("split mode: role config set by the user wins over loop toggles", t_loops_user)

def t_no_loops_shared():
    g = cm_config("eval", "deltallm")["general_settings"]
    assert not any(k in g for k in LOOPS) and find("eval", "ConfigMap", "deltallm-batch-worker") is None
behave("shared mode: no loop toggles, no worker ConfigMap", t_no_loops_shared)

def t_layer_defaults():
    b = cm_config("base-defaults", "deltallm")["general_settings"]
    assert b["model_deployment_source"] == "hybrid" and b["model_deployment_bootstrap_from_config"] is True
    p = cm_config("production-external-secrets", "deltallm")["general_settings"]
    assert p == {"cache_backend": "redis", "model_deployment_source": "db_only", "model_deployment_bootstrap_from_config": False}, p
    s = cm_config("production-seed-from-config", "deltallm")
    assert s["general_settings"]["model_deployment_source"] == "hybrid" and s["general_settings"]["model_deployment_bootstrap_from_config"] is True
    assert s["model_list"][0]["deltallm_params"]["api_key"] == "os.environ/OPENAI_API_KEY"
behave("model deployment defaults per layer (base hybrid+true, production db_only+false, --set seed)", t_layer_defaults)

def t_urls_eval():
    d = secret_data("eval", "deltallm-runtime")
    assert d == {"DATABASE_URL": "postgresql://deltallm:deltallm-eval@deltallm-postgresql:5432/deltallm",
                 "REDIS_URL": "redis://deltallm-redis:6379/0"}, d
    env = env_of(find("eval", "Deployment", "deltallm"), "deltallm")
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-runtime", "key": "DATABASE_URL"}
    assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-runtime", "key": "REDIS_URL"}
    names = {o["metadata"]["name"] for o in all_of("eval", "Service")}
    assert {"deltallm-postgresql", "deltallm-redis"} <= names, names
behave("bundled stores: DATABASE_URL / REDIS_URL derived to the subchart Services", t_urls_eval)

def t_urls_auth():
    d = secret_data("bundled-redis-auth", "deltallm-runtime")
    assert d["REDIS_URL"] == "redis://:strong-redis-password@deltallm-redis:6379/0", d
    assert d["DATABASE_URL"] == "postgresql://deltallm:change-this@deltallm-postgresql:5432/deltallm", d
    assert secret_data("bundled-redis-auth", "deltallm-redis") == {"redis-password": "strong-redis-password"}
behave("bundled Redis auth: authenticated REDIS_URL", t_urls_auth)

def t_urls_escaped():
    d = secret_data("bundled-stores-escaped-credentials", "my-gateway-deltallm-runtime")
    q = urllib.parse.quote_plus
    assert d["REDIS_URL"] == f"redis://:{q('p@ss:w/rd+1 %x')}@my-gateway-redis:6379/0", d
    assert d["DATABASE_URL"] == f"postgresql://{q('delta user')}:{q('pg/p@ss:1')}@my-gateway-postgresql:5432/deltallm", d
    assert urllib.parse.unquote_plus(urllib.parse.urlsplit(d["REDIS_URL"]).password) == "p@ss:w/rd+1 %x"
    names = {o["metadata"]["name"] for o in all_of("bundled-stores-escaped-credentials", "Service")}
    assert {"my-gateway-postgresql", "my-gateway-redis", "my-gateway-deltallm"} <= names, names
behave("bundled stores: URL-escaped credentials, release-specific hosts", t_urls_escaped)

def t_urls_external():
    env = env_of(find("production-external-secrets", "Deployment", "deltallm"), "deltallm")
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-runtime-secrets", "key": "DATABASE_URL"}
    assert env["REDIS_URL"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-runtime-secrets", "key": "REDIS_URL"}
    assert env["DELTALLM_MASTER_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-app-secrets", "key": "master-key"}
    assert env["DELTALLM_SALT_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-app-secrets", "key": "salt-key"}
    assert find("production-external-secrets", "Secret") is None  # nothing generated
    c = [c for c in containers(find("production-external-secrets", "Deployment", "deltallm")) if c["name"] == "deltallm"][0]
    assert c["envFrom"] == [{"secretRef": {"name": "deltallm-runtime-secrets"}}]
    assert all(s["kind"] not in ("StatefulSet",) for s in objs("production-external-secrets"))
behave("external stores: URLs and control-plane keys from existing Secrets, envFrom passes through", t_urls_external)

def t_urls_direct():
    assert secret_data("runtime-direct-urls", "deltallm-runtime") == {
        "DATABASE_URL": "postgresql://app:pw@db.internal:5432/deltallm", "REDIS_URL": "rediss://cache.internal:6380/1"}
behave("direct runtime URLs land in the runtime Secret", t_urls_direct)

def t_no_store_env():
    env = env_of(find("base-defaults", "Deployment", "deltallm"), "deltallm")
    assert "DATABASE_URL" not in env and "REDIS_URL" not in env, env
    assert find("base-defaults", "Secret", "deltallm-runtime") is None
behave("no stores configured: no DATABASE_URL / REDIS_URL entry at all", t_no_store_env)

def t_no_empty_env():
    bad = []
    for (case, tag), os_ in docs.items():
        for o in os_:
            for c in containers(o):
                for e in c.get("env") or []:
                    if "valueFrom" not in e and not str(e.get("value", "")):
                        bad.append(f"{case}.{tag} {o['metadata']['name']}/{c['name']} {e['name']}")
    assert not bad, bad
behave("no env entry with an empty value in any golden", t_no_empty_env)

def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())

def t_service_routing():
    checked = 0
    for (case, tag), os_ in docs.items():
        workloads = [o for o in os_ if pod_spec(o) is not None]
        for svc in [o for o in os_ if o["kind"] == "Service"]:
            sel = svc["spec"]["selector"]
            hit = [w["metadata"]["name"] for w in workloads
                   if matches(sel, w["spec"]["template"]["metadata"]["labels"])]
            assert len(hit) == 1, f"{case}.{tag}: Service {svc['metadata']['name']} selects {hit}"
            if svc["metadata"]["name"] == "deltallm":
                assert hit == ["deltallm"], (case, hit)
                checked += 1
    assert checked >= len(render_cases)
behave("every Service selects exactly one workload; the public one only API pods", t_service_routing)

def t_worker_labels():
    w = find("split-workers-s3", "Deployment", "deltallm-batch-worker")
    labels = w["spec"]["template"]["metadata"]["labels"]
    svc = find("split-workers-s3", "Service", "deltallm")
    assert labels["app.kubernetes.io/name"] == "deltallm-batch-worker" and not matches(svc["spec"]["selector"], labels)
    assert w["spec"]["replicas"] == 2 and w["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] == "2000m"
    vols = {v["name"]: v for v in w["spec"]["template"]["spec"]["volumes"]}
    assert vols["config"]["configMap"]["name"] == "deltallm-batch-worker"
    assert env_of(w, "batch-worker")["DELTALLM_ROLE"]["value"] == "batch-worker"
    api = find("split-workers-s3", "Deployment", "deltallm")
    assert w["spec"]["template"]["spec"]["containers"][0]["image"] == api["spec"]["template"]["spec"]["containers"][0]["image"]
behave("split mode: worker Deployment (own name label, replicas, resources, ConfigMap, same image)", t_worker_labels)

def t_worker_metrics():
    sms = all_of("split-workers-s3", "ServiceMonitor")
    svcs = {s["metadata"]["name"]: s for s in all_of("split-workers-s3", "Service")}
    assert sorted(s["metadata"]["name"] for s in sms) == ["deltallm", "deltallm-batch-worker"]
    assert "deltallm-batch-worker-metrics" in svcs
    for sm in sms:
        hit = [n for n, s in svcs.items() if matches(sm["spec"]["selector"]["matchLabels"], s["metadata"]["labels"])]
        assert len(hit) == 1, (sm["metadata"]["name"], hit)
    assert len(all_of("production-ha-ingress-monitoring", "ServiceMonitor")) == 1
    assert all_of("production-ha-ingress-monitoring", "ServiceMonitor")[0]["metadata"]["labels"]["release"] == "kube-prometheus-stack"
behave("ServiceMonitors: API one, plus worker-only metrics Service and ServiceMonitor in split mode", t_worker_metrics)

def t_checksum():
    a = find("eval", "Deployment", "deltallm")["spec"]["template"]["metadata"]["annotations"]
    b = find("eval-config-changed", "Deployment", "deltallm")["spec"]["template"]["metadata"]["annotations"]
    assert a["checksum/config"] != b["checksum/config"] and a["checksum/secret"] == b["checksum/secret"], (a, b)
    assert re.fullmatch(r"[0-9a-f]{64}", a["checksum/config"])
    c = find("eval-presidio", "Deployment", "deltallm")["spec"]["template"]["metadata"]["annotations"]
    assert c["checksum/config"] == a["checksum/config"]
    w = find("split-workers-s3", "Deployment", "deltallm-batch-worker")["spec"]["template"]["metadata"]["annotations"]
    api = find("split-workers-s3", "Deployment", "deltallm")["spec"]["template"]["metadata"]["annotations"]
    assert w["checksum/config"] != api["checksum/config"]
behave("checksum/config changes with a config value (and only then)", t_checksum)

def t_production_shape():
    case = "production-external-secrets"
    d = find(case, "Deployment", "deltallm")
    assert "replicas" not in d["spec"]  # owned by the HPA
    hpa = find(case, "HorizontalPodAutoscaler", "deltallm")
    assert hpa["apiVersion"] == "autoscaling/v2" and hpa["spec"]["minReplicas"] == 3
    pdb = find(case, "PodDisruptionBudget", "deltallm")
    assert pdb["apiVersion"] == "policy/v1" and pdb["spec"]["maxUnavailable"] == 1
    ps = d["spec"]["template"]["spec"]
    assert [t["topologyKey"] for t in ps["topologySpreadConstraints"]] == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
    assert ps["topologySpreadConstraints"][0]["labelSelector"]["matchLabels"] == d["spec"]["selector"]["matchLabels"]
    pref = ps["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert pref[0]["podAffinityTerm"]["labelSelector"]["matchLabels"] == d["spec"]["selector"]["matchLabels"]
    assert not all_of(case, "StatefulSet")
    ev = find("eval", "Deployment", "deltallm")
    assert ev["spec"]["replicas"] == 1 and len(all_of("eval", "StatefulSet")) == 2
    assert find("eval", "HorizontalPodAutoscaler") is None and find("eval", "PodDisruptionBudget") is None
behave("profiles: production HA shape (HPA, PDB, spread, soft anti-affinity, no bundled stores); eval 1 replica + stores", t_production_shape)

def t_probes_config():
    d = find("eval", "Deployment", "deltallm")
    c = d["spec"]["template"]["spec"]["containers"][0]
    assert c["readinessProbe"]["httpGet"] == {"path": "/health/readiness", "port": "http"}
    assert c["livenessProbe"]["httpGet"]["path"] == "/health/liveliness" and c["startupProbe"]["httpGet"]["path"] == "/health/liveliness"
    assert c["ports"] == [{"name": "http", "containerPort": 4000, "protocol": "TCP"}]
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    assert mounts["config"] == "/etc/deltallm" and env_of(d, "deltallm")["DELTALLM_CONFIG_PATH"]["value"] == "/etc/deltallm/config.yaml"
    svc = find("eval", "Service", "deltallm")
    assert svc["spec"]["ports"][0]["port"] == 4000
behave("probes on port 4000 health paths, config file mounted", t_probes_config)

def t_dependency_wait():
    ic = find("eval", "Deployment", "deltallm")["spec"]["template"]["spec"]["initContainers"][0]
    env = {e["name"]: e for e in ic["env"]}
    assert ic["name"] == "wait-for-dependencies" and "nc -z" in ic["command"][2]
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"] == "deltallm-runtime" and "REDIS_URL" in env
    assert env["WAIT_TIMEOUT_SECONDS"]["value"] == "300"
    t = find("dependency-wait-tuned", "Deployment", "deltallm")["spec"]["template"]["spec"]["initContainers"][0]
    tenv = {e["name"]: e.get("value") for e in t["env"]}
    assert tenv["WAIT_TIMEOUT_SECONDS"] == "600" and tenv["WAIT_PERIOD_SECONDS"] == "5" and tenv["WAIT_EXTRA_ENDPOINTS"] == "vault.vault.svc:8200"
    assert t["image"] == "registry.example.com/mirror/busybox:1.36.1"
    assert "initContainers" not in find("dependency-wait-disabled", "Deployment", "deltallm")["spec"]["template"]["spec"]
    pe = find("production-external-secrets", "Deployment", "deltallm")["spec"]["template"]["spec"]["initContainers"][0]
    assert pe["envFrom"] == [{"secretRef": {"name": "deltallm-runtime-secrets"}}]
behave("dependency wait init container: default, tuned, disabled, external URLs", t_dependency_wait)

def t_wait_script():
    # Run the rendered endpoint parser with the local sh on sample URLs.
    script = find("eval", "Deployment", "deltallm")["spec"]["template"]["spec"]["initContainers"][0]["command"][2]
    fn = script[script.index("endpoint() {"):script.index("wait_for() {")]
    for url, dflt, want in [("postgresql://u:p%40x@db.svc:6543/app?sslmode=require", "5432", "db.svc 6543"),
                            ("redis://:pw@cache:6379/0", "6379", "cache 6379"),
                            ("redis://cache", "6379", "cache 6379"),
                            ("rediss://[fd00::1]:6380/1", "6379", "fd00::1 6380")]:
        out = subprocess.run(["sh", "-c", fn + f'\nendpoint "$0" "$1"', url, dflt], capture_output=True, text=True).stdout.strip()
        assert out == want, (url, out)
behave("dependency wait script parses host and port out of store URLs", t_wait_script)

def t_quickstart_env():
    env = env_of(find("eval-quickstart-install", "Deployment", "deltallm"), "deltallm")
    assert env["PLATFORM_BOOTSTRAP_ADMIN_EMAIL"]["value"] == "admin@example.com"
    assert env["PLATFORM_BOOTSTRAP_ADMIN_PASSWORD"]["value"] == "ChangeMe123!"
    img = find("eval-presidio", "Deployment", "deltallm")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert img == "ghcr.io/deltawi/deltallm:v1.0.0-presidio", img
    assert find("eval", "Deployment", "deltallm")["spec"]["template"]["spec"]["containers"][0]["image"] == "ghcr.io/deltawi/deltallm:v1.0.0"
behave("quick-start --set-string env passes through; Presidio tag via image.tag", t_quickstart_env)

def t_ingress():
    ing = find("lint-production", "Ingress", "deltallm")
    assert ing["spec"]["rules"][0]["host"] == "llm-gateway.example.com"
    assert ing["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"] == {"name": "deltallm", "port": {"number": 4000}}
    ha = find("production-ha-ingress-monitoring", "Ingress", "deltallm")
    assert ha["spec"]["ingressClassName"] == "nginx" and ha["spec"]["tls"] == [{"hosts": ["llm-gateway.example.com"], "secretName": "llm-gateway-tls"}]
    assert ha["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "600"
    svc = find("production-ha-ingress-monitoring", "Service", "deltallm")
    assert svc["spec"]["type"] == "LoadBalancer" and svc["metadata"]["annotations"]["service.beta.kubernetes.io/aws-load-balancer-type"] == "nlb"
    assert find("eval", "Ingress") is None
behave("Service and Ingress (className, annotations, hosts, TLS); ingress off by default", t_ingress)

def t_s3():
    case = "s3-workload-identity"
    sa = find(case, "ServiceAccount", "deltallm")
    assert sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"].endswith("role/deltallm-s3-role")
    d = find(case, "Deployment", "deltallm")
    assert d["spec"]["template"]["spec"]["automountServiceAccountToken"] is True
    env = env_of(d, "deltallm")
    assert env["DELTALLM_S3_BUCKET"]["value"] == "company-deltallm-logs" and env["AWS_REGION"]["value"] == "us-east-1"
    assert env["DELTALLM_S3_COMPRESSION"]["value"] == "gzip" and "AWS_ACCESS_KEY_ID" not in env
    env2 = env_of(find("s3-existing-secret", "Deployment", "deltallm"), "deltallm")
    assert env2["AWS_ACCESS_KEY_ID"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-aws-creds", "key": "aws-access-key-id"}
    assert env2["AWS_SECRET_ACCESS_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "deltallm-aws-creds", "key": "aws-secret-access-key"}
    assert find("eval", "Deployment", "deltallm")["spec"]["template"]["spec"]["automountServiceAccountToken"] is False
behave("S3 logging: workload identity and existing credentials Secret", t_s3)

def t_migration():
    j = find("migration-job", "Job", "deltallm-migrate")
    assert "annotations" not in j["metadata"]
    c = j["spec"]["template"]["spec"]["containers"][0]
    assert c["command"] == ["prisma"] and c["args"][:2] == ["migrate", "deploy"]
    assert "DATABASE_URL" in env_of(j, "migrate") and j["spec"]["ttlSecondsAfterFinished"] == 3600
    h = find("migration-job-hook", "Job", "deltallm-migrate")
    assert h["metadata"]["annotations"]["helm.sh/hook"] == "post-install,pre-upgrade"
    assert "helm.sh/hook-delete-policy" in h["metadata"]["annotations"]
    assert find("eval", "Job") is None
behave("migration Job: plain and as a Helm hook, command/args", t_migration)

def t_netpol():
    np_ = find("networkpolicy", "NetworkPolicy", "deltallm")
    assert np_["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert np_["spec"]["egress"][0]["ports"] == [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]
    assert np_["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] == "ingress-nginx"
    assert sorted(n["metadata"]["name"] for n in all_of("split-networkpolicy", "NetworkPolicy")) == ["deltallm", "deltallm-batch-worker"]
    assert find("eval", "NetworkPolicy") is None
behave("NetworkPolicy: ingress/egress rules with DNS allowance, one per role", t_netpol)

def t_identical():
    a = subprocess.run([HELMS["helm3"], "template", "deltallm", "./chart", "-n", "deltallm", "-f", "profiles/eval.yaml",
                        "--set", "secret.values.masterKey=StrongMasterKey2026SecureValue99",
                        "--set", "secret.values.saltKey=unique-salt-2026"], capture_output=True).stdout
    b = open(f"{GOLD}/lint-eval.helm3.yaml", "rb").read()
    assert a == b, "re-render differs from golden lint-eval.helm3.yaml"
behave("rendering is deterministic (re-render equals the golden)", t_identical)

def t_schema_readme():
    import json
    schema = json.load(open("chart/values.schema.json"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    readme = open("chart/README.md").read()
    missing = []
    def walk(vals, node, path):
        for k, v in vals.items():
            p = f"{path}.{k}" if path else k
            sub = (node.get("properties") or {}).get(k)
            if sub is None:
                missing.append(f"schema: {p}"); continue
            if not sub.get("description"):
                missing.append(f"schema description: {p}")
            if isinstance(v, dict) and sub.get("properties"):
                walk(v, sub, p)
            elif f"`{p}`" not in readme:
                missing.append(f"README: {p}")
    walk(yaml.safe_load(open("chart/values.yaml")), schema, "")
    assert not missing, missing
behave("values.schema.json and README document every value", t_schema_readme)

# --- informational: where helm 3 and helm 4 differ ---
diffs = []
for c in cases:
    for ext in ("yaml", "err"):
        a, b = f"{GOLD}/{c['name']}.helm3.{ext}", f"{GOLD}/{c['name']}.helm4.{ext}"
        if os.path.exists(a) and os.path.exists(b) and open(a, "rb").read() != open(b, "rb").read():
            diffs.append(f"{c['name']}.{ext}")
print(f"helm3 vs helm4 goldens: {len(diffs)} differ" + (f": {', '.join(diffs)}" if diffs else " (identical)"))

print(f"{passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
PY
