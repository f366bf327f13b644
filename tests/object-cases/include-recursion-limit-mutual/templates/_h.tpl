{{- define "ping" }}{{ include "pong" . }}{{ end -}}
{{- define "pong" }}{{ include "ping" . }}{{ end -}}
