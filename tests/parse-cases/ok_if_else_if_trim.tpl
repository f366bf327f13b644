{{- if false -}}
 a
{{- else if true -}}
 b
{{- end -}}
