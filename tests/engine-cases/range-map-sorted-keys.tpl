{{ range $k, $_ := .Values.nested }}{{ $k }};{{ end }}
