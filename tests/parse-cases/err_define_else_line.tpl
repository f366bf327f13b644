{{ define "a" }}

{{ else }}{{ end }}