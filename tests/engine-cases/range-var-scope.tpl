{{ range $i, $v := .Values.list }}{{ if $i }},{{ end }}{{ $v }}{{ end }}
