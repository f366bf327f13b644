{{ define "d" }}{{ .name }}={{ .v }}{{ end }}{{ include "d" (dict "name" "k" "v" 3) }}
