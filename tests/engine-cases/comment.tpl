{{/* a comment */}}x
{{- /* trimmed */ -}}
y
