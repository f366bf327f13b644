{{ define "r" }}{{ required "need it" .missing }}{{ end }}{{ include "r" . }}
