{{ define "d" }}{{ .x.y }}{{ end }}a: {{ template "d" .Values.a.b }}
