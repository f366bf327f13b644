{{ define "t.inner" }}inner:{{ . }}{{ end }}{{ template "t.inner" .Values.str }}|{{ template "t.inner" }}
