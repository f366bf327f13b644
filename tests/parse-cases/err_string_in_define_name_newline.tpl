{{ define "a
b" }}{{ end }}