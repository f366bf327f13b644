{{ define "inc" }}INC{{ end }}{{ tpl "{{ include \"inc\" . }}" . }}
