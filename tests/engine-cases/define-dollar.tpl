{{ define "t.d" }}{{ $.a }}{{ .b }}{{ end }}{{ template "t.d" .Values.map }}
