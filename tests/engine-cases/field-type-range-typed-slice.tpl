{{ range until 2 }}{{ .name }}{{ end }}
