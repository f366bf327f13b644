{{ define "d" }}
  {{ index "abc" 5 }}{{ end }}a: {{ template "d" }}
