{{ define "lbl" }}a: 1
b: 2{{ end }}labels:{{ include "lbl" . | nindent 2 }}
