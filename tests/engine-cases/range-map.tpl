{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }},{{ end }}
{{ range .Values.map }}{{ . }};{{ end }}
