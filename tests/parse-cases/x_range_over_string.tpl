a: {{ range $i := "x" }}{{ end }}
