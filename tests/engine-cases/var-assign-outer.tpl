{{ $x := 1 }}{{ range .Values.list }}{{ $x = . }}{{ end }}{{ $x }}
