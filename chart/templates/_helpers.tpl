{{/*
Names and labels.
*/}}

{{/* Chart name, overridable with nameOverride. */}}
{{- define "deltallm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Truncated at 63 characters because some Kubernetes
name fields are limited to that (DNS-1123 labels). If the release name already
contains the chart name it is used as is, so release "deltallm" gives
"deltallm" (and `kubectl port-forward svc/deltallm` works as documented).
*/}}
{{- define "deltallm.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Chart name and version, as used by the helm.sh/chart label. */}}
{{- define "deltallm.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels shared by every resource, minus the selector pair. */}}
{{- define "deltallm.baseLabels" -}}
helm.sh/chart: {{ include "deltallm.chart" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: deltallm
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Selector labels of the API/UI/gateway pods. Kept to name + instance (the
legacy selector) because Deployment selectors are immutable: adding a label
here would break `helm upgrade` from earlier releases.
*/}}
{{- define "deltallm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "deltallm.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Standard labels for API-side and release-wide resources. */}}
{{- define "deltallm.labels" -}}
{{ include "deltallm.selectorLabels" . }}
{{ include "deltallm.baseLabels" . }}
{{- end }}

{{/* Full name of the batch worker resources. */}}
{{- define "deltallm.worker.fullname" -}}
{{- printf "%s-batch-worker" (include "deltallm.fullname" . | trunc 50 | trimSuffix "-") }}
{{- end }}

{{/*
Selector labels of the batch worker pods. The distinct app.kubernetes.io/name
is what keeps worker pods out of the public Service, whose selector is the
API's name + instance.
*/}}
{{- define "deltallm.worker.selectorLabels" -}}
app.kubernetes.io/name: {{ printf "%s-batch-worker" (include "deltallm.name" . | trunc 50 | trimSuffix "-") }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "deltallm.worker.labels" -}}
{{ include "deltallm.worker.selectorLabels" . }}
{{ include "deltallm.baseLabels" . }}
app.kubernetes.io/component: batch-worker
{{- end }}

{{/* Labels of migration Job pods: a distinct name, so the Service never selects them. */}}
{{- define "deltallm.migrate.labels" -}}
app.kubernetes.io/name: {{ printf "%s-migrate" (include "deltallm.name" . | trunc 50 | trimSuffix "-") }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "deltallm.baseLabels" . }}
app.kubernetes.io/component: migrate
{{- end }}

{{/* ServiceAccount used by every app pod. */}}
{{- define "deltallm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "deltallm.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Application image reference; the tag defaults to "v<appVersion>". */}}
{{- define "deltallm.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default (printf "v%s" .Chart.AppVersion) | toString) }}
{{- end }}

{{/*
Secrets.
*/}}

{{/* Secret holding master-key and salt-key: the existing one, or the generated one. */}}
{{- define "deltallm.secretName" -}}
{{- default (include "deltallm.fullname" .) .Values.secret.existingSecret }}
{{- end }}

{{/* Secret the chart generates for database/Redis URLs it knows (direct or derived). */}}
{{- define "deltallm.runtimeSecretName" -}}
{{- printf "%s-runtime" (include "deltallm.fullname" . | trunc 55 | trimSuffix "-") }}
{{- end }}

{{/*
Bundled store endpoints. These mirror the fullname helpers of the subcharts
under charts/ (release name + chart name, or fullnameOverride).
*/}}
{{- define "deltallm.postgresql.fullname" -}}
{{- if .Values.postgresql.fullnameOverride }}
{{- .Values.postgresql.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (default "postgresql" .Values.postgresql.nameOverride) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "deltallm.redis.fullname" -}}
{{- if .Values.redis.fullnameOverride }}
{{- .Values.redis.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (default "redis" .Values.redis.nameOverride) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Database URL the chart itself knows: runtime.database.url, else the URL of
the bundled PostgreSQL (credentials URL-escaped). Empty when the URL comes
from runtime.database.existingSecret or from envFrom.
*/}}
{{- define "deltallm.databaseUrl" -}}
{{- $db := .Values.runtime.database }}
{{- if $db.existingSecret.name }}
{{- else if $db.url }}
{{- $db.url }}
{{- else if .Values.postgresql.enabled }}
{{- $auth := .Values.postgresql.auth }}
{{- printf "postgresql://%s:%s@%s:5432/%s" ($auth.username | urlquery) ($auth.password | urlquery) (include "deltallm.postgresql.fullname" .) ($auth.database | urlquery) }}
{{- end }}
{{- end }}

{{/* Same for Redis; authenticated when bundled Redis auth is on. */}}
{{- define "deltallm.redisUrl" -}}
{{- $r := .Values.runtime.redis }}
{{- if $r.existingSecret.name }}
{{- else if $r.url }}
{{- $r.url }}
{{- else if .Values.redis.enabled }}
{{- if .Values.redis.auth.enabled }}
{{- printf "redis://:%s@%s:6379/0" (.Values.redis.auth.password | urlquery) (include "deltallm.redis.fullname" .) }}
{{- else }}
{{- printf "redis://%s:6379/0" (include "deltallm.redis.fullname" .) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Application config.
*/}}

{{/*
Effective config of one role, as YAML. Call with (dict "root" $ "role" "api")
or (dict "root" $ "role" "worker"). Precedence, lowest first:
  1. config                     shared base
  2. split-mode loop toggles    off for api, on for worker (batchWorker.enabled only):
                                the batch executor, completion outbox and cleanup loops
  3. api.config / batchWorker.config
so a toggle the user sets for a role always wins. mergeOverwrite is a deep
merge for maps (lists are replaced); deepCopy keeps .Values untouched.
*/}}
{{- define "deltallm.roleConfig" -}}
{{- $root := .root }}
{{- $cfg := deepCopy ($root.Values.config | default dict) }}
{{- if $root.Values.batchWorker.enabled }}
{{- $on := eq .role "worker" }}
{{- $toggles := dict }}
{{- range list "embeddings_batch_worker_enabled" "embeddings_batch_completion_outbox_enabled" "embeddings_batch_cleanup_enabled" }}
{{- $_ := set $toggles . $on }}
{{- end }}
{{- $cfg = mergeOverwrite $cfg (dict "general_settings" $toggles) }}
{{- end }}
{{- $override := $root.Values.api.config }}
{{- if eq .role "worker" }}
{{- $override = $root.Values.batchWorker.config }}
{{- end }}
{{- $cfg = mergeOverwrite $cfg (deepCopy ($override | default dict)) }}
{{- toYaml $cfg }}
{{- end }}

{{/*
Refusals. Every render-time refusal lives here (rendered once, from
templates/validate.yaml) so the first error a user sees is deterministic and
says what to do.
*/}}
{{- define "deltallm.validate" -}}
{{- $gen := "generate one with: python3 -c 'import secrets; print(\"sk-\" + secrets.token_hex(20) + \"A1\")'" }}
{{- $placeholder := "(?i)change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|^<.*>$" }}
{{- if not .Values.secret.existingSecret }}
{{- $mk := .Values.secret.values.masterKey | default "" | toString }}
{{- $sk := .Values.secret.values.saltKey | default "" | toString }}
{{- if not $mk }}
{{- fail (printf "secret.values.masterKey is required: %s and pass --set secret.values.masterKey=..., or set secret.existingSecret to a Secret with keys %s and %s" $gen .Values.secret.masterKeyKey .Values.secret.saltKeyKey) }}
{{- end }}
{{- if regexMatch $placeholder $mk }}
{{- fail (printf "secret.values.masterKey is a placeholder (%q): DeltaLLM will not start with placeholder values; %s" $mk $gen) }}
{{- end }}
{{- if lt (len $mk) 32 }}
{{- fail (printf "secret.values.masterKey must be at least 32 characters long (it has %d): %s" (len $mk) $gen) }}
{{- end }}
{{- if not (and (regexMatch "[A-Za-z]" $mk) (regexMatch "[0-9]" $mk)) }}
{{- fail (printf "secret.values.masterKey must include both letters and numbers: %s" $gen) }}
{{- end }}
{{- if not $sk }}
{{- fail "secret.values.saltKey is required: generate one with: openssl rand -hex 32 and pass --set secret.values.saltKey=..., or set secret.existingSecret" }}
{{- end }}
{{- if regexMatch $placeholder $sk }}
{{- fail (printf "secret.values.saltKey is a placeholder (%q): it must be a real secret value; generate one with: openssl rand -hex 32" $sk) }}
{{- end }}
{{- end }}
{{- if and .Values.s3.enabled (not .Values.s3.bucket) }}
{{- fail "s3.bucket is required when s3.enabled=true: set s3.bucket (and s3.region), or set s3.enabled=false" }}
{{- end }}
{{- if and .Values.batchWorker.enabled (not .Values.batchWorker.allowUnsafeLocalStorage) }}
{{- range $role := list "api" "worker" }}
{{- $cfg := include "deltallm.roleConfig" (dict "root" $ "role" $role) | fromYaml }}
{{- $gs := $cfg.general_settings | default dict }}
{{- $backend := get $gs "embeddings_batch_storage_backend" | default "local" | toString }}
{{- if and (eq (toString (get $gs "embeddings_batch_enabled")) "true") (eq $backend "local") }}
{{- fail (printf "batchWorker.enabled=true with embeddings_batch_enabled and local artifact storage (%s pods): API and worker pods cannot share local files. Set config.general_settings.embeddings_batch_storage_backend=s3 with embeddings_batch_s3_bucket and embeddings_batch_s3_region, or set batchWorker.allowUnsafeLocalStorage=true (single-node development only)" $role) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod building blocks shared by the API Deployment, the worker Deployment and
the migration Job.
*/}}

{{/*
Env of app containers. Call with (dict "root" $ "role" "api"|"worker"|"migrate").
Only entries with a value or a valueFrom are emitted, never an empty
DATABASE_URL / REDIS_URL, so the same names can come from envFrom instead.
User env comes last: for duplicate names Kubernetes keeps the last entry.
*/}}
{{- define "deltallm.env" -}}
{{- $root := .root }}
{{- $v := $root.Values -}}
- name: DELTALLM_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "deltallm.secretName" $root }}
      key: {{ $v.secret.masterKeyKey }}
- name: DELTALLM_SALT_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "deltallm.secretName" $root }}
      key: {{ $v.secret.saltKeyKey }}
{{- include "deltallm.storeEnv" $root }}
{{- if ne .role "migrate" }}
- name: DELTALLM_CONFIG_PATH
  value: {{ printf "%s/config.yaml" (trimSuffix "/" $v.configMountPath) | quote }}
- name: DELTALLM_ROLE
  value: {{ ternary "batch-worker" "api" (eq .role "worker") | quote }}
{{- if $v.s3.enabled }}
- name: DELTALLM_S3_LOGGING_ENABLED
  value: "true"
- name: DELTALLM_S3_BUCKET
  value: {{ $v.s3.bucket | quote }}
{{- with $v.s3.region }}
- name: DELTALLM_S3_REGION
  value: {{ . | quote }}
- name: AWS_REGION
  value: {{ . | quote }}
{{- end }}
{{- with $v.s3.compression }}
- name: DELTALLM_S3_COMPRESSION
  value: {{ . | quote }}
{{- end }}
{{- with $v.s3.prefix }}
- name: DELTALLM_S3_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- with $v.s3.existingSecret.name }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $v.s3.existingSecret.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $v.s3.existingSecret.secretAccessKeyKey }}
{{- end }}
{{- end }}
{{- end }}
{{- with $v.env }}
{{ toYaml . }}
{{- end }}
{{- if eq .role "worker" }}
{{- with $v.batchWorker.env }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end }}

{{/* DATABASE_URL / REDIS_URL entries, each only when the chart knows a source. */}}
{{- define "deltallm.storeEnv" -}}
{{- $db := .Values.runtime.database }}
{{- if $db.existingSecret.name }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret.name }}
      key: {{ $db.existingSecret.urlKey | default "DATABASE_URL" }}
{{- else if include "deltallm.databaseUrl" . }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "deltallm.runtimeSecretName" . }}
      key: DATABASE_URL
{{- end }}
{{- $r := .Values.runtime.redis }}
{{- if $r.existingSecret.name }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $r.existingSecret.name }}
      key: {{ $r.existingSecret.urlKey | default "REDIS_URL" }}
{{- else if include "deltallm.redisUrl" . }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "deltallm.runtimeSecretName" . }}
      key: REDIS_URL
{{- end }}
{{- end }}

{{/*
Init container that waits for the configured stores. It gets the same store
env and envFrom as the app, and parses host and port out of DATABASE_URL and
REDIS_URL at runtime, so it also works when the URLs live in existing Secrets.
*/}}
{{- define "deltallm.waitInitContainer" -}}
{{- $w := .Values.dependencyWait -}}
- name: wait-for-dependencies
  image: {{ printf "%s:%s" $w.image.repository ($w.image.tag | toString) | quote }}
  imagePullPolicy: {{ $w.image.pullPolicy }}
  command:
    - sh
    - -c
    - |
      {{- include "deltallm.waitScript" . | nindent 6 }}
  env:
    - name: WAIT_TIMEOUT_SECONDS
      value: {{ $w.timeoutSeconds | quote }}
    - name: WAIT_PERIOD_SECONDS
      value: {{ $w.periodSeconds | quote }}
    {{- with $w.extraEndpoints }}
    - name: WAIT_EXTRA_ENDPOINTS
      value: {{ join " " . | quote }}
    {{- end }}
    {{- with include "deltallm.storeEnv" . }}
    {{- . | trim | nindent 4 }}
    {{- end }}
  {{- with .Values.envFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.securityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $w.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{- define "deltallm.waitScript" -}}
set -eu
deadline=$(( $(date +%s) + WAIT_TIMEOUT_SECONDS ))
# endpoint URL DEFAULT_PORT -> "host port" for scheme://[user[:pass]@]host[:port][/path][?query]
endpoint() {
  rest="${1#*://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  rest="${rest##*@}"
  case "$rest" in
    \[*\]:*) host="${rest%%\]:*}"; host="${host#\[}"; port="${rest##*\]:}" ;;
    \[*\]) host="${rest#\[}"; host="${host%\]}"; port="$2" ;;
    *:*) host="${rest%%:*}"; port="${rest##*:}" ;;
    *) host="$rest"; port="$2" ;;
  esac
  echo "$host $port"
}
wait_for() {
  until nc -z -w 2 "$2" "$3" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "timed out after ${WAIT_TIMEOUT_SECONDS}s waiting for $1 at $2:$3" >&2
      exit 1
    fi
    echo "waiting for $1 at $2:$3"
    sleep "$WAIT_PERIOD_SECONDS"
  done
  echo "$1 at $2:$3 accepts TCP connections"
}
if [ -n "${DATABASE_URL:-}" ]; then
  set -- $(endpoint "$DATABASE_URL" 5432)
  wait_for postgresql "$1" "$2"
fi
if [ -n "${REDIS_URL:-}" ]; then
  set -- $(endpoint "$REDIS_URL" 6379)
  wait_for redis "$1" "$2"
fi
for ep in ${WAIT_EXTRA_ENDPOINTS:-}; do
  wait_for endpoint "${ep%:*}" "${ep##*:}"
done
{{- end }}

{{/* A probe from values: everything but the "enabled" switch. */}}
{{- define "deltallm.probe" -}}
{{- toYaml (omit . "enabled") }}
{{- end }}

{{/*
Affinity: explicit .affinity wins; otherwise a soft/hard pod anti-affinity
preset over the given selector labels (Bitnami-style), or nothing.
Call with (dict "affinity" ... "preset" ... "selector" <yaml string>).
*/}}
{{- define "deltallm.affinity" -}}
{{- if .affinity }}
{{- toYaml .affinity }}
{{- else if eq .preset "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- .selector | nindent 12 }}
{{- else if eq .preset "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- .selector | nindent 10 }}
{{- end }}
{{- end }}

{{/*
Topology spread constraints; entries without a labelSelector get the pods'
own selector labels (values files cannot know the release name).
Call with (dict "constraints" ... "selector" <yaml string>).
*/}}
{{- define "deltallm.topologySpread" -}}
{{- $out := list }}
{{- range .constraints }}
{{- $c := deepCopy . }}
{{- if not (hasKey $c "labelSelector") }}
{{- $_ := set $c "labelSelector" (dict "matchLabels" ($.selector | fromYaml)) }}
{{- end }}
{{- $out = append $out $c }}
{{- end }}
{{- if $out }}
{{- toYaml $out }}
{{- end }}
{{- end }}
