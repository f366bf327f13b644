{{ range 3 }}{{ . }}{{ end }}
{{ range $i := 4 }}{{ $i }}{{ end }}
