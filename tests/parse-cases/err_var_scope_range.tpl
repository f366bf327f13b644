{{ range $i, $v := .a }}{{ end }}
{{ $i }}