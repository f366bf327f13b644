{{ with .Values.map }}{{ .a }}{{ end }}
{{ with .Values.empty }}x{{ else }}none{{ end }}
{{ with $m := .Values.map }}{{ $m.c }}{{ end }}
