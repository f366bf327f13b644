{{- define "fromfile" }}F:{{ .Release.Name }}{{ end -}}
{{ include "fromfile" . }}
