x
{{ else }}