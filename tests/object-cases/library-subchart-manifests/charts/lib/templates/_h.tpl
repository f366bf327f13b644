{{ define "lib.x" }}x: {{ .Values.v | default 1 }}{{ end }}
