{{ $.Values.str }}{{ with .Values.map }}{{ $.Values.str }}{{ .a }}{{ end }}
