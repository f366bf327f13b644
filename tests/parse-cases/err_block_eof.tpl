a
{{ block "a" . }}x

