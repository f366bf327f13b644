{{ range list "x" "y" }}{{ . }}{{ end }}
