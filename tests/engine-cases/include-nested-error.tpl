{{ define "bad" }}{{ .x.y }}{{ end }}{{ include "bad" . }}
