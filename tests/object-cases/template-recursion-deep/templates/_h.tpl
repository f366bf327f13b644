{{- define "down" }}{{ if gt . 0 }}{{ template "down" (sub . 1) }}{{ else }}bottom{{ end }}{{ end -}}
