{{ block "a" . }}
{{ foo }}{{ end }}