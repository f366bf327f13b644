{{ block "a" . }}

{{ else }}{{ end }}