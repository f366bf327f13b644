{{ range .Values.nums }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}
{{ range .Values.nums }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}
