{{- define "probe.leaves" -}}
{{- if and (kindIs "map" .v) (gt (len .v) 0) -}}
{{- $p := .p -}}
{{- range $k, $v := .v }}{{ include "probe.leaves" (dict "p" (printf "%s.%s" $p $k) "v" $v) }}{{ end -}}
{{- else if and (kindIs "slice" .v) (gt (len .v) 0) -}}
{{- $p := .p -}}
{{- range $i, $v := .v }}{{ include "probe.leaves" (dict "p" (printf "%s[%d]" $p $i) "v" $v) }}{{ end -}}
{{- else -}}
# {{ .p }}: {{ toJson .v }} # {{ typeOf .v }}
{{ end -}}
{{- end -}}
