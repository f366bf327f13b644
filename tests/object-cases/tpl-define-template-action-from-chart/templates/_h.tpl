{{- define "viatemplate" }}[{{ template "inner" . }}]{{ end -}}
