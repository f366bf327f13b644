{{ tpl "{{ .Values.str }}-{{ .Values.num }}" . }}
