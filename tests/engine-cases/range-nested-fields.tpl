{{ range .Values.nested.list }}- {{ .name }}:{{ .port }}
{{ end }}