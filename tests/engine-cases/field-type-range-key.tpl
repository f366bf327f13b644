{{ range $k, $v := .Values.map }}{{ $k.name }}{{ end }}
