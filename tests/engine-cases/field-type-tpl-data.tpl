{{ tpl "{{ .name }}" .Values.yes_ }}
