{{ define "nv" }}[{{ .missing }}]{{ end }}{{ include "nv" . }}
