{{ range .Values.emptyList }}x{{ else }}empty{{ end }}
{{ range .Values.missing }}x{{ else }}nil-empty{{ end }}
