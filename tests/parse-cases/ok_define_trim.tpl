{{- define "a" -}}
 A 
{{- end -}}
{{ template "a" }}