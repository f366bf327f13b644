{{ define "t.unused" }}{{ 1i }}{{ end }}{{ define "t.used" }}used{{ end }}{{ include "t.used" . }}|{{ template "t.used" }}
