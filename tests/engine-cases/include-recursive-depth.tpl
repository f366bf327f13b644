{{ define "rec" }}{{ if gt . 0 }}{{ . }}{{ include "rec" (sub . 1) }}{{ end }}{{ end }}{{ include "rec" 5 }}
