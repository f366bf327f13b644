{{ define "x" }}[{{ .a }}]{{ end }}{{ include "x" .Values.map }}
