{{- define "outer" }}OUTER{{ end -}}
{{- define "usesinner" }}<{{ include "inner" . }}>{{ end -}}
{{- define "count" }}{{ if lt (len .) 5 }}{{ include "count" (append . 1) }}{{ else }}{{ len . }}{{ end }}{{ end -}}
