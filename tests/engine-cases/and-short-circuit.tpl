{{ if and .Values.missing .Values.missing.deeper }}x{{ else }}safe{{ end }}
