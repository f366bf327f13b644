{{ define "a" }}

{{ foo }}{{ end }}