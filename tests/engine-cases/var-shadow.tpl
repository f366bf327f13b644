{{ $x := 1 }}{{ range .Values.list }}{{ $x := . }}{{ $x }}{{ end }}{{ $x }}
