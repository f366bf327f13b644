{{ tpl "{{ .Values.missing.x }}" . }}
