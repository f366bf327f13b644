{{ define "a" }}
{{ .a
