{{ range until 4 }}{{ . }}{{ end }} {{ range $i := until 2 }}{{ $i }}{{ end }}
