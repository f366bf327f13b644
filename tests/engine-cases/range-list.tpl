{{ range .Values.list }}[{{ . }}]{{ end }}
{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }} {{ end }}
