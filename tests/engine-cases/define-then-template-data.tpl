{{ define "td" }}{{ .Values.str }}{{ end }}{{ template "td" . }}|{{ template "td" $ }}
