{{ define "f" }}{{ fail "inner boom" }}{{ end }}{{ include "f" . }}
