{{ with .Values.num }}{{ .Values.str }}{{ end }}
