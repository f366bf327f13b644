{{ define "show" }}{{ .Values.map.added }}{{ end }}{{ $_ := set .Values.map "added" "yes" }}{{ include "show" . }}
