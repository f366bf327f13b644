x 
{{- block "b" . -}}
 B 
{{- end -}}
 y