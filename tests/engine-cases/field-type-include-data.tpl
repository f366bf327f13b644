{{ include "x" .Values.float }}{{ define "x" }}{{ .name }}{{ end }}
