{{- define "x" }}{{ template "x" . }}{{ end -}}
