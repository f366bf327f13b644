{{- define "lib.files" }}{{ .Files.Get "lib.txt" | quote }}/{{ .Files.Get "top.txt" | quote }}{{ end -}}
