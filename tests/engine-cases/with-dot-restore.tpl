{{ with .Values.map }}{{ .a }}{{ end }}{{ .Values.str }}
