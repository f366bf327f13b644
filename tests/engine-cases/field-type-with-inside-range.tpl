{{ range .Values.list }}{{ with . }}{{ .name }}{{ end }}{{ end }}
