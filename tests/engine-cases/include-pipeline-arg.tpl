{{ define "p" }}{{ . | upper }}{{ end }}{{ .Values.str | include "p" }}
