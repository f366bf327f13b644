{{ define "a" }}{{ .a
 "x }}{{ end }}