{{- define "down" }}{{ if gt . 0 }}x{{ include "down" (sub . 1) }}{{ end }}{{ end -}}
