{{ if .Values.yes_ }}yes{{ else }}no{{ end }}
{{ if .Values.empty }}A{{ else if .Values.zero }}B{{ else if .Values.list }}C{{ end }}
{{ if .Values.emptyMap }}m{{ else }}no-m{{ end }}
