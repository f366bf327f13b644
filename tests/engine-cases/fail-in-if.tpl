{{ if .Values.yes_ }}{{ fail (printf "bad value %v" .Values.num) }}{{ end }}
