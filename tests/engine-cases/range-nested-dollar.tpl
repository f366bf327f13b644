{{ range .Values.nested.list }}{{ .name }}@{{ $.Values.str }} {{ end }}
