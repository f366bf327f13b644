{{ range .Values.str }}x{{ end }}
