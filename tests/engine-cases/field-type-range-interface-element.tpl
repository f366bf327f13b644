{{ range $i, $v := .Values.nums }}{{ $v.name }}{{ end }}
