{{ with .Values.empty }}a{{ else with .Values.str }}{{ . }}{{ else }}c{{ end }}
